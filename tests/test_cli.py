"""The CLI end to end: select/ignore, fail-on and exit codes, --help, subcommands, `rules`/`explain`,
`python -m contentguard`, bad input. Reports, suppressions, baselines and --fix have files of their own.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp
project, with a rule pack of our own, so results do not depend on the shipped packs
or on the other checks.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import BANNED, INFO, REPO_ROOT, SWAP, snapshot, write
from contentguard import __version__

TWO = "intro line\nA risk-free offer.\nSend an e-mail today.\n"  # 2:3 banned, 3:9 swap


def test_force_exclude_applies_config_excludes_to_named_files(cg, work):
    write(work / "contentguard.toml", 'exclude = ["drafts/**"]\n')
    write(work / "drafts" / "a.md", "risk-free\n")
    write(work / "b.md", "risk-free\n")
    r = cg("check", "--format", "json", "drafts/a.md", "b.md")
    assert sorted(f["path"] for f in r.findings) == ["b.md", "drafts/a.md"]  # named: read
    r = cg("check", "--format", "json", "--force-exclude", "drafts/a.md", "b.md")
    assert [f["path"] for f in r.findings] == ["b.md"]


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


@pytest.mark.parametrize("flag,typo,near", [
    ("--ignore", "dates", "date"), ("--select", "pii/phon", "pii/phone"),
    ("--select", "personal-dat", "personal-data"), ("--ignore", "content/t-baned", "content/t-banned")])
def test_selector_typos_get_did_you_mean(cg, work, flag, typo, near):
    write(work / "a.md", "x\n")
    r = cg("check", flag, typo, "a.md", select=None)
    assert r.rc == 2 and r.out == ""
    assert f"contentguard: error: {flag}: unknown rule or category '{typo}' (did you mean '{near}'?)" in r.err
    r = cg("check", flag, near, "a.md", select=None)  # the right spelling runs
    assert r.rc in (0, 1) and r.err == ""


def test_mistyped_subcommand_is_a_usage_error(cg, work):
    write(work / "examples" / "a.md", "risk-free\n")
    r = cg("chek", "examples/")
    assert r.rc == 2 and r.out == ""
    assert "unknown command 'chek' (did you mean 'check'?)" in r.err
    r = cg("explian", "pii/phone")
    assert r.rc == 2 and "did you mean 'explain'?" in r.err and "findings" not in r.out
    # a path that exists is checked even when it looks like a command
    write(work / "chek" / "b.md", "risk-free\n")
    r = cg("chek", "--rules", str(work.parent / "pack.yaml"), "--select", BANNED)
    assert r.rc == 1 and "chek/b.md:1:1: error content/t-banned" in r.out
    # a word far from every command is a path: not found, a warning
    r = cg("--select", "contentguard", "site-that-is-not-here")
    assert r.rc == 1 and "contentguard/not-found" in r.out


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
    r = cg("--help")
    assert r.rc == 0
    assert "Command line:" not in r.out and "``" not in r.out  # no docstring leak
    assert "Check web pages, Markdown and social-post queues" in r.out
    for word in ("check", "baseline", "rules", "explain", "audit"):
        assert f"    {word} " in r.out, word
    assert "examples:\n  contentguard check site/" in r.out
    assert "documentation: https://github.com/contentguard/contentguard" in r.out
    r = cg("check", "--help")
    assert r.rc == 0
    help_text = " ".join(r.out.split())
    for flag, words in (("--format", "report format"), ("--fail-on", "exit 1 when a finding reaches"),
                        ("--report-unused-suppressions", "suppressed nothing"), ("--color", "colour the text")):
        assert words in help_text, flag
    r = cg("--version")
    assert r.rc == 0 and __version__ in r.out


def test_default_command_is_check(cg, work):
    write(work / "a.md", "risk-free\n")
    pack = str(work.parent / "pack.yaml")
    r = cg("--rules", pack, "--select", BANNED, "a.md")
    assert r.rc == 1 and "a.md:1:1: error content/t-banned" in r.out


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


def test_explain_a_family_lists_its_rules(cg, work):
    r = cg("explain", "pii")
    assert r.rc == 0
    lines = r.out.splitlines()
    assert lines[0].startswith("9 rules in 'pii'")
    listed = [ln.split()[0] for ln in lines[2:]]
    assert listed == sorted(listed) and {"pii/email", "pii/phone", "pii/work-phone", "pii/person-name"} <= set(listed)
    assert all(x.startswith("pii/") for x in listed)
    r = cg("explain", "piii")
    assert r.rc == 2 and "did you mean 'pii'?" in r.err


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
    # junk, read as browsers do: everything after the unclosed "<!--" is a comment
    write(d / "junk.html", "<p <<>>&&#; risk-free\n</ p>risk-free<//x><!-- risk-free")
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
    # skipped files are listed in the text summary too, with their reason, severities most severe first
    assert r.out.endswith("\n2 findings (1 warning, 1 info) in 1 file (1 skipped)\n  skipped b.txt: binary file\n")


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
    """A file whose read fails (even for root): /proc/self/mem at offset 0 gives EIO.
    Named on the command line: a symlink out of a walked folder is not followed."""
    os.symlink("/proc/self/mem", work / "secret.md")
    write(work / "ok.md", "risk-free\n")
    r = cg("check", "--format", "json", "secret.md", "ok.md")
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


def test_missing_model_is_noticed_without_importing_spacy(tmp_path):
    """The pre-commit hook's environment has spaCy but (without additional_dependencies)
    not the model: the notice comes once, and spaCy (about a second) is never imported."""
    (tmp_path / "a.md").write_text("Write to jane.doe@gmail.com today.\n", encoding="utf-8")
    (tmp_path / "contentguard.toml").write_text('nlp-model = "en_no_such_model"\n', encoding="utf-8")
    code = ("import sys\nfrom contentguard import cli\nrc = cli.main(['check', 'a.md', '-q'])\n"
            "print('spacy imported' if 'spacy' in sys.modules else 'spacy not imported', rc)")
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert p.stdout.splitlines()[-1] == "spacy not imported 1"
    assert p.stderr.count("spaCy model 'en_no_such_model' is not installed; person-name detection is off") == 1


def test_pre_commit_is_not_a_runtime_dependency():
    import ast
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.replace("_", "-").startswith("pre-commit") for d in project["dependencies"])
    assert any(d.startswith("pre-commit") for d in project["optional-dependencies"]["dev"])  # the hook's tests
    for py in (REPO_ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "pre_commit" for n in names), py
