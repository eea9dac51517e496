"""Issue 16, part 3: content, file names and servers cannot forge the output.

Control characters, newlines, escape sequences and bidi overrides from content are
shown (``\\n``, ``^[``, ``<U+202E>``), never obeyed, in every format; JUnit stays
well-formed XML; ``--fix`` writes through symlinks and never rewrites read-only files.
"""
from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from conftest import BANNED, SWAP, write

FORMATS = ("text", "json", "sarif", "github", "junit")
FORGED = "missing.html&#10;::error file=README.md,line=1::Forged&#10;::set-output name=deploy::yes"


def _lines_of_own(out: str) -> list[str]:
    return out.splitlines()  # splitlines also breaks at \r, \x1c-\x1e, \x85, U+2028/2029


@pytest.mark.parametrize("fmt", FORMATS)
def test_link_target_cannot_forge_workflow_commands(cg, work, fmt):
    write(work / "page.html", f'<p>See <a href="{FORGED}">the page</a>.</p>\n')
    r = cg("check", "--offline", "--format", fmt, "page.html", select="link")
    assert r.rc == 1
    for ln in _lines_of_own(r.out):
        assert not ln.lstrip().startswith("::error file=README.md")
        assert not ln.lstrip().startswith("::set-output")
        if ln.startswith("::"):  # our own annotation, one per finding, for page.html
            assert ln.startswith("::error file=page.html,line=1,col=")
    assert "Forged" in r.out  # shown, as text
    if fmt == "text":
        assert "missing.html\\n::error file=README.md,line=1::Forged\\n::set-output" in r.out
    if fmt == "junit":
        ET.fromstring(r.out)
    if fmt in ("json", "sarif"):
        json.loads(r.out)


NASTY = "gone\x1b[2J\x1b]0;title\x07\npage.md"


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_with_escapes_reaches_no_output_raw(cg, work, fmt):
    write(work / NASTY, "A risk-free offer.\n")
    r = cg("check", "--format", fmt, ".", select=BANNED)
    assert r.rc == 1
    for bad in ("\x1b", "\x07"):
        assert bad not in r.out
    assert not any(ln.startswith("page.md") for ln in _lines_of_own(r.out))
    if fmt == "text":
        assert r.out.splitlines()[0].startswith("gone^[[2J^[]0;title^G\\npage.md:1:3: error")
    elif fmt == "junit":
        root = ET.fromstring(r.out)  # well-formed although the name holds XML-forbidden controls
        names = [tc.get("name") for tc in root.iter("testcase")]
        assert "gone^[[2J^[]0;title^G\\npage.md" in names
    elif fmt == "github":
        assert r.out.startswith("::error file=gone^[[2J^[]0;title^G\\npage.md,line=1,col=3,")
    else:  # JSON keeps the exact name, escaped by JSON's own rules
        assert "\\u001b[2J" in r.out and json.loads(r.out)


def test_source_line_escapes_shown_and_caret_still_aligned(cg, work):
    write(work / "a.txt", "\x1b[2J\x1b[32mAll tests passed\x1b[0m risk-free \u202eevil\n")
    r = cg("check", "a.txt", select=BANNED)
    lines = r.out.splitlines()
    assert lines[0] == "a.txt:1:31: error content/t-banned banned term 'risk-free'"
    assert lines[1] == "  ^[[2J^[[32mAll tests passed^[[0m risk-free <U+202E>evil"
    col = lines[1].index("risk-free")
    assert lines[2] == " " * col + "^" * len("risk-free")
    assert "\x1b" not in r.out and "\u202e" not in r.out


def test_message_with_controls_keeps_junit_well_formed(cg, work):
    write(work / "gone\x1bpage.md", "A risk-free offer.\n")
    # CommonMark allows control characters in a destination only between <...>
    write(work / "b.md", "[x](<gone\x1bpage.md#nowhere>)\n[y](<other\x01file.md>)\n")
    r = cg("check", "--format", "junit", ".", select=f"{BANNED},link")
    root = ET.fromstring(r.out)
    texts = " ".join((e.get("message") or "") + (e.text or "") for e in root.iter("failure"))
    assert "^[" in texts and "^A" in texts


def test_fix_writes_through_a_symlink_to_its_target(cg, work):
    target = write(work / "real" / "target.txt", "an e-mail here\n")
    os.symlink(os.path.join("real", "target.txt"), work / "link.txt")
    r = cg("check", "--fix", "link.txt", select=SWAP)
    assert "(1 fixed, 0 remaining)" in r.err and "fixed link.txt: 1 finding" in r.err
    assert os.path.islink(work / "link.txt")
    assert os.readlink(work / "link.txt") == os.path.join("real", "target.txt")
    assert target.read_text(encoding="utf-8") == "an email here\n"
    assert sorted(os.listdir(work / "real")) == ["target.txt"]  # no temporary file left


def test_fix_never_rewrites_a_read_only_file(cg, work):
    f = write(work / "ro.txt", "an e-mail here\n")
    os.chmod(f, 0o444)
    before = os.stat(f)
    r = cg("check", "--fix", "ro.txt", select=SWAP)
    assert "not fixing ro.txt: read-only" in r.err
    assert "found 1 finding (0 fixed, 1 remaining)" in r.err
    assert f.read_text(encoding="utf-8") == "an e-mail here\n"
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o444 and os.stat(f).st_ino == before.st_ino
    assert r.rc == 1 and "ro.txt:1:4:" in r.out  # still reported


def test_one_atomic_write_helper():
    """The package has one atomic write (no mkstemp/os.replace copies elsewhere)."""
    import pathlib

    src = pathlib.Path(__file__).resolve().parent.parent / "src" / "contentguard"
    users = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                   if "os.replace(" in p.read_text(encoding="utf-8") or "mkstemp(" in p.read_text(encoding="utf-8"))
    assert users == ["atomic.py"]
