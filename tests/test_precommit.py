"""The pre-commit hook, for real: pre-commit builds its own environment from this
checkout (pip install, so it needs the package index and takes about a minute per
environment) and runs the ``contentguard`` hook of ``.pre-commit-hooks.yaml``.

* ``pre-commit try-repo <this checkout>`` reports a finding in a staged file;
* a temporary repository with ``pre-commit install`` and a config pointing at this
  checkout: a commit is blocked by a finding and goes through once it is fixed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

INSTALL_TIMEOUT = 1200  # building the hook environment: pip install with spaCy and friends


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home), GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_TERMINAL_PROMPT="0", NO_COLOR="1", PRE_COMMIT_COLOR="never")
    return env


def _git(repo: Path, *args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env,
                          check=check, timeout=120)


def _pre_commit(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=INSTALL_TIMEOUT)


def _content_repo(path: Path, env: dict) -> Path:
    path.mkdir()
    _git(path, "init", "-q", env=env)
    _git(path, "config", "user.email", "editor@example.invalid", env=env)
    _git(path, "config", "user.name", "Editor", env=env)
    _git(path, "config", "commit.gpgsign", "false", env=env)
    return path


def _is_git_checkout(path: Path) -> bool:
    p = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True,
                       text=True)
    return p.returncode == 0 and Path(p.stdout.strip()).resolve() == path.resolve()


def _hook_repo_snapshot(dest: Path, env: dict) -> str:
    """A git repository holding this checkout's working tree (tracked and untracked, not
    ignored files), committed, so a config can name it with a ``rev``. Returns the sha."""
    dest.mkdir()
    if _is_git_checkout(REPO_ROOT):
        out = _git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", env=env).stdout
        files = [f for f in out.split("\0") if f]
    else:
        skip = {".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache", ".contentguard_cache"}
        files = []
        for root, dirs, names in os.walk(REPO_ROOT):
            dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
            files += [os.path.relpath(os.path.join(root, n), REPO_ROOT) for n in names]
    for f in files:
        src = REPO_ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    _git(dest, "init", "-q", env=env)
    _git(dest, "add", "-A", env=env)
    _git(dest, "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "-c", "commit.gpgsign=false",
         "commit", "-q", "-m", "snapshot of the checkout under test", env=env)
    return _git(dest, "rev-parse", "HEAD", env=env).stdout.strip()


def test_hook_definition():
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "contentguard"]
    assert hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["contentguard", "check"]
    assert "--offline" in hook["entry"].split()  # a commit never waits on the network
    import re

    files = re.compile(hook["files"])
    for name in ("a.html", "b.htm", "c.md", "d.markdown", "e.mdx", "f.txt", "q.yaml", "q.yml", "q.json",
                 "q.csv", "dir/page.html"):
        assert files.search(name), name
    for name in ("a.py", "b.png", "c.mdown.bak", "Makefile"):
        assert not files.search(name), name


def test_commit_blocked_then_allowed(tmp_path):
    env = _env(tmp_path / "pre-commit-home")
    sha = _hook_repo_snapshot(tmp_path / "hook-repo", env)
    repo = _content_repo(tmp_path / "site", env)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"-   repo: {tmp_path / 'hook-repo'}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "    -   id: contentguard\n", encoding="utf-8")
    # the content repo's own config, found by the hook from the repository root
    (repo / "contentguard.toml").write_text('select = ["content", "contentguard"]\n', encoding="utf-8")
    (repo / "notes.py").write_text("# a risk-free script: not a content file\n", encoding="utf-8")
    p = _pre_commit("install", cwd=repo, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    assert (repo / ".git" / "hooks" / "pre-commit").is_file()

    (repo / "offer.md").write_text("# Spring offer\n\nA risk-free deal for everyone.\n", encoding="utf-8")
    _git(repo, "add", "-A", env=env)
    c = subprocess.run(["git", "-C", str(repo), "commit", "-m", "spring offer"], capture_output=True,
                       text=True, env=env, timeout=INSTALL_TIMEOUT)
    out = c.stdout + c.stderr
    assert c.returncode != 0, out
    assert "contentguard" in out and "Failed" in out
    assert "offer.md:3:3: warning content/risky-claims" in out
    assert "notes.py" not in out
    assert _git(repo, "rev-list", "--all", env=env).stdout.strip() == ""  # nothing committed

    (repo / "offer.md").write_text("# Spring offer\n\nA good deal for everyone.\n", encoding="utf-8")
    _git(repo, "add", "-A", env=env)
    c = subprocess.run(["git", "-C", str(repo), "commit", "-m", "spring offer"], capture_output=True,
                       text=True, env=env, timeout=INSTALL_TIMEOUT)
    out = c.stdout + c.stderr
    assert c.returncode == 0, out
    assert "contentguard" in out and "Passed" in out
    assert _git(repo, "log", "--format=%s", env=env).stdout.strip() == "spring offer"
    # the hook never wrote to the checked file
    assert (repo / "offer.md").read_text(encoding="utf-8") == "# Spring offer\n\nA good deal for everyone.\n"


@pytest.mark.skipif(not _is_git_checkout(REPO_ROOT), reason="try-repo needs this checkout to be a git repository")
def test_try_repo_against_this_checkout(tmp_path):
    env = _env(tmp_path / "pre-commit-home")
    repo = _content_repo(tmp_path / "site", env)
    (repo / "bad.md").write_text("Intro.\n\nGuaranteed returns, risk-free!\n", encoding="utf-8")
    (repo / "good.html").write_text("<p>Nothing to see.</p>\n", encoding="utf-8")
    (repo / "contentguard.toml").write_text('select = ["content", "contentguard"]\n', encoding="utf-8")
    _git(repo, "add", "-A", env=env)
    p = _pre_commit("try-repo", str(REPO_ROOT), "contentguard", "--files", "bad.md", "good.html",
                    cwd=repo, env=env)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "bad.md:3:1: warning content/risky-claims" in out
    assert "bad.md:3:21: warning content/risky-claims" in out
    assert "good.html:" not in out
