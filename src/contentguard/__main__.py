import sys

from contentguard.cli import main

sys.exit(main())
