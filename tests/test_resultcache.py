"""The per-file results cache: a second run over unchanged files re-reads nothing,
gives the same report, and an edited file is checked again."""
from __future__ import annotations

import json
import os

from conftest import BANNED, SWAP, write
from contentguard import engine
from contentguard.findings import Finding, Fix


def _spans(r):
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in r.findings]


def test_second_run_is_served_from_the_cache(cg, work, monkeypatch):
    write(work / "contentguard.toml", "")  # a project: its cache lives beside its config
    write(work / "a.md", "intro\nA risk-free offer.\n")
    write(work / "b.html", "<p>risk-free</p>\n")
    first = cg("check", "--format", "json", ".")
    assert (work / ".contentguard_cache" / "results.sqlite3").exists()
    assert (work / ".contentguard_cache" / ".gitignore").read_text().strip().endswith("*")

    def boom(*a, **k):  # nothing may be read or checked again
        raise AssertionError("file processed despite a warm cache")

    monkeypatch.setattr(engine, "process_file", boom)
    second = cg("check", "--format", "json", ".")
    assert _spans(second) == _spans(first) == [("a.md", BANNED, 2, 3), ("b.html", BANNED, 1, 4)]
    assert second.rc == first.rc == 1


def test_source_lines_and_fixes_survive_the_cache(cg, work, monkeypatch):
    """A finding's typed fields (the source line under it, its shift on a long line, its
    fix) come back from the cache: the warm text report is the cold one, caret for caret,
    and --fix applies a fix read from the cache."""
    write(work / "contentguard.toml", "")
    long = "x " * 300 + "Send an e-mail today.\n"  # a long line: an excerpt with a shift
    write(work / "a.md", "A risk-free offer.\n" + long)
    cold = cg("check", "--color", "never", ".")
    assert "  A risk-free offer.\n    ^^^^^^^^^\n" in cold.out
    lines = cold.out.splitlines()
    shown, caret = lines[4], lines[5]  # the excerpt around the finding, cut at the front
    assert shown.startswith("  …x x ") and shown.endswith("Send an e-mail today.") and len(shown) < 100
    assert caret.index("^") == shown.index("e-mail") and caret.strip() == "^" * 6

    monkeypatch.setattr(engine, "process_file", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("file processed despite a warm cache")))
    warm = cg("check", "--color", "never", ".")
    assert warm.out == cold.out
    fixed = cg("check", "--fix", "--color", "never", ".")
    assert fixed.rc == 1 and "1 fixed, 1 remaining" in fixed.err and SWAP not in fixed.out
    assert (work / "a.md").read_text() == "A risk-free offer.\n" + long.replace("e-mail", "email")


def test_a_finding_round_trips_through_its_dict():
    f = Finding(rule=SWAP, category="content", severity="warning", message="m", path="a.md",
                line=2, column=9, end_line=2, end_column=15, excerpt="e-mail", fingerprint="0" * 20,
                kind="content.t-swap", fix=Fix(20, 26, "email", "e-mail"),
                source_line="… Send an e-mail", source_shift=590)
    d = json.loads(json.dumps(f.to_dict()))
    assert d["fix"] == {"start": 20, "end": 26, "replacement": "email", "expected": "e-mail"}
    back = Finding.from_dict(d)
    assert (back, back.fix, back.source_line, back.source_shift) == (f, f.fix, f.source_line, 590)
    plain = Finding.from_dict({**d, "fix": None, "source_line": None, "source_shift": 0})
    assert (plain.fix, plain.source_line) == (None, None)


def test_an_edited_file_is_checked_again(cg, work):
    write(work / "a.md", "A risk-free offer.\n")
    assert _spans(cg("check", "--format", "json", "a.md")) == [("a.md", BANNED, 1, 3)]
    write(work / "a.md", "Clean now, but risk-free here.\n")
    st = os.stat(work / "a.md")
    os.utime(work / "a.md", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert _spans(cg("check", "--format", "json", "a.md")) == [("a.md", BANNED, 1, 16)]


def test_a_setting_change_is_a_miss_and_no_cache_skips_it(cg, work, monkeypatch):
    write(work / "a.md", "A risk-free offer.\n")
    cg("check", "--format", "json", "a.md")
    calls = []
    real = engine.process_file
    monkeypatch.setattr(engine, "process_file", lambda *a, **k: calls.append(1) or real(*a, **k))
    cg("check", "--format", "json", "--today", "2030-01-01", "a.md")  # another reference date
    assert calls == [1]
    cg("check", "--format", "json", "--no-cache", "a.md")
    assert calls == [1, 1]


def test_an_unusable_cache_folder_does_not_stop_the_run(cg, work):
    # a cache folder that cannot be created (a file is in the way; as root a read-only
    # folder would still be writable) means no caching, not a failed run
    write(work / "contentguard.toml", 'cache-dir = "a.md/cache"\n')
    write(work / "a.md", "A risk-free offer.\n")
    r = cg("check", "--format", "json", "a.md")
    assert r.rc == 1
    assert _spans(r) == [("a.md", BANNED, 1, 3)]


def test_without_a_config_file_the_checked_folder_gets_no_cache(cg, work, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    write(work / "a.md", "A risk-free offer.\n")
    cg("check", "--format", "json", "a.md")
    assert not (work / ".contentguard_cache").exists()
    assert (tmp_path / "xdg" / "contentguard" / "results.sqlite3").exists()


def test_a_corrupt_cache_is_ignored(cg, work):
    write(work / "contentguard.toml", "")
    write(work / "a.md", "A risk-free offer.\n")
    (work / ".contentguard_cache").mkdir()
    (work / ".contentguard_cache" / "results.sqlite3").write_bytes(b"not a database" * 100)
    r = cg("check", "--format", "json", "a.md")
    assert _spans(r) == [("a.md", BANNED, 1, 3)]
    json.dumps(r.findings)


def test_the_cache_holds_no_personal_data_in_clear(cg, work):
    # a link on a line with an address: the link check keeps that line for its report, and
    # what it keeps goes into the cache file, so it is kept masked
    write(work / "contentguard.toml", "")
    line = "Write to jane.doe1984@gmail.com or see [missing](nowhere.md)."
    write(work / "a.md", line + "\n")
    r = cg("check", "--format", "text", "a.md", select="link,contentguard")
    assert f"a.md:1:{line.index('nowhere.md') + 1}: error link/broken" in r.out
    assert "jane.doe1984@gmail.com" not in r.out
    data = (work / ".contentguard_cache" / "results.sqlite3").read_bytes()
    wal = work / ".contentguard_cache" / "results.sqlite3-wal"
    data += wal.read_bytes() if wal.exists() else b""
    assert b"jane.doe1984" not in data


def test_a_report_without_lines_masks_none_and_keeps_its_own_cache(cg, work, monkeypatch):
    """Only the text report prints the line under a finding. A json run masks no line
    (the personal-data detectors are not run again over each finding's line) and stores
    its findings under its own key: a text run after it still prints the masked line."""
    from contentguard import excerpt

    write(work / "contentguard.toml", "")
    write(work / "a.md", "intro\nA risk-free offer, call 07911 123456.\n")
    calls = []
    real = excerpt.mask_line
    monkeypatch.setattr(excerpt, "mask_line", lambda line, *a, **k: calls.append(line) or real(line, *a, **k))
    js = cg("check", "--format", "json", ".")
    assert _spans(js) == [("a.md", BANNED, 2, 3)]
    assert calls == []  # json prints no line: none masked
    text = cg("check", "--color", "never", ".")  # not served the json run's line-less findings
    assert "a.md:2:3" in text.out and "A risk-free offer, call" in text.out
    assert "07911 123456" not in text.out and "•••456" in text.out and calls  # the line shown, its phone number masked
