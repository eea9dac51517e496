"""``check --fix`` through the CLI: atomic rewrites, encodings kept, counts and files named, case kept.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp project,
with a rule pack of our own, so results do not depend on the shipped packs.
"""
from __future__ import annotations

import json
import os
import stat

from conftest import BANNED, SWAP, snapshot, write


# --- --fix ----------------------------------------------------------------------

def test_fix_rewrites_atomically_keeping_bom_and_crlf(cg, work):
    src = "\ufeffline one e-mail\r\nkeep risk-free as is\r\nE-Mail and e-mail\r\nend"
    target = write(work / "f.txt", src.encode("utf-8"))
    os.chmod(target, 0o640)
    other = write(work / "other.md", "an e-mail here\n")
    before_other = snapshot(work)[str(other)]
    r = cg("check", "--fix", "--format", "json", "f.txt")
    # ruff's words, and the file named
    assert r.err == "contentguard: found 4 findings (3 fixed, 1 remaining)\n  fixed f.txt: 3 findings\n"
    # the report counts what is left, not what was fixed
    assert r.json()["summary"]["by_severity"] == {"error": 1} and r.json()["summary"]["findings"] == 1
    assert r.json()["summary"]["by_rule"] == {BANNED: 1}
    assert target.read_bytes() == ("\ufeffline one email\r\nkeep risk-free as is\r\nEmail and email\r\nend"
                                   ).encode("utf-8")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    # findings with no fix are still reported (and decide the exit code)
    assert [(f["rule"], f["line"]) for f in r.findings] == [(BANNED, 2)]
    assert r.rc == 1
    # nothing else touched, no temporary files left behind
    assert snapshot(work)[str(other)] == before_other
    assert sorted(p.name for p in work.iterdir() if p.name != ".contentguard_cache") == ["f.txt", "other.md"]
    # a second run has nothing left to fix
    r = cg("check", "--fix", "f.txt", select=SWAP)
    assert r.rc == 0 and r.err == "contentguard: found 0 findings (0 fixed, 0 remaining)\n"


def test_fix_keeps_the_capitalisation_of_what_it_replaces(cg, work):
    target = write(work / "c.md", "E-mail us today.\nOr e-mail the desk.\nE-MAIL ONLY.\n")
    r = cg("check", "--format", "json", "c.md")
    assert [(f["line"], f["column"], f["end_column"], f["message"]) for f in r.findings] == [
        (1, 1, 7, "write 'Email', not 'E-mail'"),
        (2, 4, 10, "write 'email', not 'e-mail'"),   # the look-alike in lower case stays lower case
        (3, 1, 7, "write 'EMAIL', not 'E-MAIL'")]
    r = cg("check", "--fix", "c.md")
    assert r.rc == 0 and "fixed c.md: 3 findings" in r.err
    assert target.read_text(encoding="utf-8") == "Email us today.\nOr email the desk.\nEMAIL ONLY.\n"


def test_match_case_keeps_a_replacement_with_capitals_of_its_own():
    from contentguard.fixes import match_case

    assert match_case("java script", "JavaScript") == "JavaScript"
    assert match_case("Log-in", "login") == "Login"
    assert match_case("2FA", "two-factor") == "TWO-FACTOR"


def test_without_fix_nothing_is_written(cg, work):
    write(work / "f.txt", "an e-mail\n")
    before = snapshot(work)
    for fmt in ("text", "json", "sarif", "github", "junit"):
        cg("check", "--format", fmt, ".")
    cg("baseline", "-o", str(work.parent / "b.json"), ".")
    assert snapshot(work) == before


def test_fix_leaves_undecodable_files_alone(cg, work):
    raw = b"caf\xe9 e-mail\n"
    write(work / "f.txt", raw)
    r = cg("check", "--fix", "--format", "json", "f.txt")
    assert (work / "f.txt").read_bytes() == raw
    assert SWAP in {f["rule"] for f in r.findings}
