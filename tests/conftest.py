"""Shared helpers for the engine tests: run the CLI in-process against a tmp folder,
with a small rule pack of our own so findings do not depend on the default packs
or on the other checks."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from contentguard import cli

REPO_ROOT = Path(__file__).resolve().parent.parent

#: A pack with one rule of each kind, ids unlikely to collide with shipped packs.
PACK = """\
rules:
  - id: t-banned
    kind: existence
    severity: error
    message: "banned term '{match}'"
    terms: [risk-free, guaranteed returns]
  - id: t-swap
    kind: substitution
    severity: warning
    message: "write '{right}', not '{match}'"
    swap: {e-mail: email}
  - id: t-info
    kind: existence
    severity: info
    message: "info term '{match}'"
    terms: [synergy]
"""
BANNED, SWAP, INFO = "content/t-banned", "content/t-swap", "content/t-info"
OURS = f"{BANNED},{SWAP},{INFO}"


@dataclass
class Run:
    rc: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)

    @property
    def findings(self) -> list[dict]:
        return self.json()["findings"]

    def spans(self, rule: str | None = None) -> list[tuple]:
        """(path, line, column, end_line, end_column) of every finding (of ``rule``)."""
        return [(f["path"], f["line"], f["column"], f["end_line"], f["end_column"])
                for f in self.findings if rule is None or f["rule"] == rule]


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A project folder as the working directory, with the test pack in it."""
    proj = tmp_path / "proj"
    proj.mkdir()
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    monkeypatch.chdir(proj)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return proj


@pytest.fixture
def cg(work, capsys):
    """Run ``contentguard`` in-process: cg("check", "a.md", ...) -> Run.

    ``pack=True`` (default) adds the test pack; ``select`` defaults to our rules and
    the tool's own notices (pass ``select=None`` to leave it out).
    """
    pack = str(work.parent / "pack.yaml")

    def run(*argv: str, pack_: bool = True, select: str | None = OURS + ",contentguard") -> Run:
        args = list(argv)
        cmd = args[0] if args and args[0] in ("check", "baseline") else None
        if cmd:
            if pack_:
                args += ["--rules", pack]
            if select:
                args += ["--select", select]
        capsys.readouterr()
        rc = cli.main(args)
        cap = capsys.readouterr()
        return Run(rc, cap.out, cap.err)

    return run


def write(path: Path | str, content: str | bytes, newline: str | None = None) -> Path:
    """Write text exactly (no newline translation) or bytes."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        if newline is not None:
            content = content.replace("\n", newline)
        p.write_bytes(content.encode("utf-8"))
    return p


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime_ns of every regular file under ``folder`` (to prove nothing was
    written), leaving out contentguard's own cache folder (like .ruff_cache, it is the
    tool's, not content)."""
    out = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".contentguard_cache"]
        for f in files:
            p = os.path.join(root, f)
            if os.path.islink(p):
                continue
            st = os.stat(p)
            with open(p, "rb") as fh:
                out[p] = (fh.read(), st.st_mtime_ns)
    return out
