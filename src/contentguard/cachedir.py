"""The one way a cache folder is made, for both caches that live in it (per-file results,
link verdicts): created when missing, with a ``.gitignore`` that keeps everything in it out
of version control, as ruff and pytest do with theirs."""
from __future__ import annotations

import os

GITIGNORE = "# created by contentguard: caches, never commit them\n*\n"


def prepare_cache_folder(folder: str) -> None:
    """Create ``folder`` and its ``.gitignore``. An ``OSError`` from creating the folder
    goes to the caller (who decides what no cache means); a ``.gitignore`` that cannot
    be written is left out."""
    os.makedirs(folder, exist_ok=True)
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        try:
            with open(ignore, "w", encoding="utf-8") as fh:
                fh.write(GITIGNORE)
        except OSError:
            pass
