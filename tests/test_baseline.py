"""Baselines through the CLI: record, hide exactly what was recorded, config paths, project-relative keys.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp project,
with a rule pack of our own, so results do not depend on the shipped packs.
"""
from __future__ import annotations

import json
import os
import stat

from conftest import BANNED, SWAP, write


# --- baseline -------------------------------------------------------------------

def test_baseline_hides_exactly_the_recorded_findings(cg, work):
    write(work / "a.md", "intro\nold risk-free claim\nsend an e-mail\n")
    r = cg("baseline", "-o", "base.json", "a.md")
    assert r.rc == 0
    assert r.err == "contentguard: wrote 2 findings to base.json\n"
    data = json.loads((work / "base.json").read_text(encoding="utf-8"))
    assert {e["rule"] for e in data["findings"]} == {BANNED, SWAP}
    assert "risk-free" not in (work / "base.json").read_text(encoding="utf-8")  # only hashes
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(work / "base.json").st_mode) == 0o666 & ~umask

    r = cg("check", "--format", "json", "--baseline", "base.json", "a.md")
    assert (r.rc, r.findings) == (0, [])
    # edits elsewhere in the file (lines added before) keep it hidden
    write(work / "a.md", "new title\n\nmore intro\nintro\nold risk-free claim\nsend an e-mail\n")
    r = cg("check", "--format", "json", "--baseline", "base.json", "a.md")
    assert (r.rc, r.findings) == (0, [])
    # so does naming the file differently on the command line
    r = cg("check", "--format", "json", "--baseline", "base.json", "./a.md")
    assert (r.rc, r.findings) == (0, [])
    # a new finding shows, the old ones stay hidden
    write(work / "a.md", "new title\nintro\nold risk-free claim\nsend an e-mail\nnew risk-free\n")
    r = cg("check", "--format", "json", "--baseline", "base.json", "a.md")
    assert r.rc == 1
    assert r.spans() == [("a.md", 5, 5, 5, 14)]
    # without the baseline everything shows
    r = cg("check", "--format", "json", "a.md")
    assert len(r.findings) == 3


def test_baseline_counts_repeated_findings(cg, work):
    write(work / "a.md", "risk-free\nrisk-free\n")
    cg("baseline", "-o", "base.json", ".")
    write(work / "a.md", "risk-free\nrisk-free\nand risk-free again\n")
    r = cg("check", "--format", "json", "--baseline", "base.json", ".")
    assert len(r.findings) == 1


def test_baseline_from_config_and_bad_baseline(cg, work):
    write(work / "a.md", "risk-free\n")
    cg("baseline", "-o", "base.json", "a.md")
    write(work / "contentguard.toml", 'baseline = "base.json"\n')
    assert cg("check", "a.md").rc == 0
    (work / "contentguard.toml").unlink()
    r = cg("check", "--baseline", "missing.json", "a.md")
    assert r.rc == 2 and "missing.json" in r.err
    write(work / "junk.json", "{not json")
    r = cg("check", "--baseline", "junk.json", "a.md")
    assert r.rc == 2 and "junk.json" in r.err and "not a contentguard baseline" in r.err


def test_baseline_with_the_readmes_config_from_the_root_and_a_subfolder(cg, work, monkeypatch):
    """README: baseline = ".contentguard-baseline.json" in the config; `contentguard baseline .`
    writes it beside the config file; checks from anywhere in the project use it."""
    write(work / "contentguard.toml", 'baseline = ".contentguard-baseline.json"\n')
    write(work / "site" / "a.md", "old risk-free claim\n")
    r = cg("baseline", ".")
    assert r.rc == 0, r.err
    assert r.err == "contentguard: wrote 1 finding to .contentguard-baseline.json\n"
    assert (work / ".contentguard-baseline.json").is_file()
    assert cg("check", ".").rc == 0
    monkeypatch.chdir(work / "site")
    r = cg("check", "--format", "json", ".")
    assert (r.rc, r.findings) == (0, [])
    # run from the subfolder, `baseline` rewrites the config's file, not one in site/
    write(work / "site" / "b.md", "new risk-free claim\n")
    r = cg("check", "--format", "json", ".")
    assert r.spans() == [("b.md", 1, 5, 1, 14)]
    r = cg("baseline", ".")
    assert r.rc == 0 and r.err == "contentguard: wrote 2 findings to ../.contentguard-baseline.json\n"
    assert not (work / "site" / ".contentguard-baseline.json").exists()
    assert cg("check", ".").rc == 0


def test_fingerprints_do_not_depend_on_how_the_path_was_typed(cg, work, monkeypatch):
    import subprocess

    subprocess.run(["git", "init", "-q", str(work)], check=True)  # the project root: no config here
    write(work / "bl" / "a.md", "old risk-free claim\n")
    assert cg("baseline", "-o", "base.json", "bl").rc == 0  # from the parent, as bl/a.md
    monkeypatch.chdir(work / "bl")
    r = cg("check", "--format", "json", "--baseline", "../base.json", ".")  # as a.md
    assert (r.rc, r.findings) == (0, [])
    r = cg("check", "--format", "json", "--baseline", "../base.json", "a.md")
    assert (r.rc, r.findings) == (0, [])
    # a different file with the same text is not hidden
    write(work / "bl" / "c.md", "old risk-free claim\n")
    r = cg("check", "--format", "json", "--baseline", "../base.json", ".")
    assert [f["path"] for f in r.findings] == ["c.md"]
