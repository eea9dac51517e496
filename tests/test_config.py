"""Configuration: discovery upward from the working directory, pyproject vs
contentguard.toml, --config, per-file-ignores, severity overrides, include/exclude,
.gitignore, packs from config, and validation errors (exit 2 naming file and key)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BANNED, INFO, SWAP, write
from contentguard.config import ConfigError, find_config, load_config
from contentguard.engine import make_context

TWO = "intro\nA risk-free offer.\nSend an e-mail.\n"


def _rules_paths(r):
    return sorted((f["path"], f["rule"]) for f in r.findings)


# --- discovery ------------------------------------------------------------------

def test_contentguard_toml_discovered_upward(cg, work):
    write(work / "contentguard.toml", '[severity]\n"content/t-banned" = "info"\n')
    write(work / "sub" / "deeper" / "a.md", TWO)
    os.chdir(work / "sub" / "deeper")
    r = cg("check", "--format", "json", "a.md")
    sev = {f["rule"]: f["severity"] for f in r.findings}
    assert sev == {BANNED: "info", SWAP: "warning"}


def test_pyproject_table_discovered_and_pyproject_without_it_passed_over(cg, work):
    write(work / "pyproject.toml", '[tool.contentguard]\nignore = ["content/t-swap"]\n')
    write(work / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.contentguard]
    write(work / "pkg" / "a.md", TWO)
    os.chdir(work / "pkg")
    assert find_config(Path.cwd()) == work / "pyproject.toml"
    r = cg("check", "--format", "json", "a.md")
    assert {f["rule"] for f in r.findings} == {BANNED}


def test_nearest_config_wins_and_contentguard_toml_before_pyproject(cg, work):
    write(work / "contentguard.toml", 'ignore = ["content/t-swap"]\n')
    write(work / "pyproject.toml", '[tool.contentguard]\nignore = ["content/t-banned"]\n')
    write(work / "inner" / "contentguard.toml", 'ignore = ["content/t-info"]\n')
    write(work / "inner" / "a.md", TWO + "synergy\n")
    os.chdir(work / "inner")
    r = cg("check", "--format", "json", "a.md")
    assert {f["rule"] for f in r.findings} == {BANNED, SWAP}
    os.chdir(work)
    r = cg("check", "--format", "json", "inner/a.md")
    assert {f["rule"] for f in r.findings} == {BANNED, INFO}


def test_explicit_config_overrides_discovery(cg, work):
    write(work / "contentguard.toml", 'ignore = ["content/t-banned"]\n')
    write(work.parent / "other.toml", 'ignore = ["content/t-swap"]\n')
    write(work / "a.md", TWO)
    r = cg("check", "--format", "json", "--config", str(work.parent / "other.toml"), "a.md")
    assert {f["rule"] for f in r.findings} == {BANNED}
    r = cg("check", "--config", "nope.toml", "a.md")
    assert r.rc == 2 and "nope.toml: config file not found" in r.err


def test_explicit_pyproject_config(cg, work):
    write(work.parent / "pyproject.toml", '[tool.contentguard]\nfail-on = "never"\n')
    write(work / "a.md", TWO)
    assert cg("check", "--config", str(work.parent / "pyproject.toml"), "a.md").rc == 0


# --- per-file-ignores and severity overrides ------------------------------------

def test_per_file_ignores(cg, work):
    write(work / "contentguard.toml", """
[per-file-ignores]
"drafts/*.md" = ["content/t-banned"]
"legacy/**" = ["content"]
"*.txt" = ["content/t-swap"]
""")
    for p in ("drafts/a.md", "legacy/old/b.md", "c.txt", "d.md"):
        write(work / p, TWO)
    r = cg("check", "--format", "json", ".")
    assert _rules_paths(r) == [("c.txt", BANNED), ("d.md", BANNED), ("d.md", SWAP), ("drafts/a.md", SWAP)]
    # the same globs match a path given as ./drafts/a.md
    r = cg("check", "--format", "json", "./drafts/a.md")
    assert _rules_paths(r) == [("./drafts/a.md", SWAP)]


def test_severity_overrides_change_exit_code_and_every_format(cg, work):
    write(work / "contentguard.toml", '[severity]\ncontent = "info"\n"content/t-swap" = "error"\n')
    write(work / "a.md", "risk-free\n")
    r = cg("check", "--format", "json", "a.md")
    (f,) = r.findings
    assert f["severity"] == "info"
    assert r.json()["summary"]["by_severity"] == {"info": 1}
    assert r.rc == 0  # below the default fail-on (warning)
    write(work / "a.md", "e-mail\n")
    r = cg("check", "--format", "github", "a.md")
    assert r.out.startswith("::error file=a.md,") and r.rc == 1


def test_select_in_config_and_on_command_line_add_up(cg, work):
    write(work / "contentguard.toml", 'select = ["content/t-swap"]\n')
    write(work / "a.md", TWO + "synergy\n")
    r = cg("check", "--format", "json", "a.md", select=INFO)
    assert {f["rule"] for f in r.findings} == {SWAP, INFO}


def test_packs_from_config_resolve_relative_to_the_config_file(cg, work):
    write(work / "cfg" / "contentguard.toml", 'rules = ["packs"]\n')
    write(work / "cfg" / "packs" / "house.yaml",
          "rules:\n  - id: t-house\n    terms: [synergise]\n    severity: error\n")
    write(work / "cfg" / "site" / "a.md", "We synergise.\n")
    os.chdir(work / "cfg" / "site")
    r = cg("check", "--format", "json", "a.md", pack_=False, select="content/t-house")
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in r.findings] == [
        ("content/t-house", 1, 4, "Avoid 'synergise'")]


def test_rules_flag_takes_a_folder(cg, work, tmp_path):
    write(tmp_path / "packs" / "one.yaml", "rules:\n  - id: t-one\n    terms: [alpha]\n")
    write(tmp_path / "packs" / "nested" / "two.yml", "rules:\n  - id: t-two\n    terms: [beta]\n")
    write(tmp_path / "packs" / "README.md", "not a pack\n")
    write(work / "a.md", "alpha beta\n")
    r = cg("check", "--format", "json", "--rules", str(tmp_path / "packs"), "a.md", pack_=False,
           select="content/t-one,content/t-two")
    assert sorted(f["rule"] for f in r.findings) == ["content/t-one", "content/t-two"]


def test_pack_options_case_whole_word_regex_scope(cg, work, tmp_path):
    write(tmp_path / "p.yaml", r"""
rules:
  - id: t-case
    terms: [ACME]
    case_sensitive: true
  - id: t-part
    terms: [cat]
    whole_word: false
  - id: t-re
    terms: ['v\d+\.\d+']
    regex: true
  - id: t-alt
    terms: [banana]
    scope: [alt]
""")
    write(work / "a.html", '<p>ACME acme concat cat v1.2 banana</p><img alt="banana">\n')
    r = cg("check", "--format", "json", "--rules", str(tmp_path / "p.yaml"), "a.html", pack_=False,
           select="content/t-case,content/t-part,content/t-re,content/t-alt")
    got = [(f["rule"], f["column"]) for f in r.findings]
    assert got == [("content/t-case", 4), ("content/t-part", 17), ("content/t-part", 21),
                   ("content/t-re", 25), ("content/t-alt", 50)]


# --- discovery: include / exclude / .gitignore / unknown types -------------------

def test_exclude_include_and_unknown_types(cg, work):
    for p in ("site/a.md", "site/b.html", "site/drafts/c.md", "site/node_modules/x.md",
              "site/.git/y.md", "site/script.js", "site/img.png", "site/notes.txt"):
        write(work / p, "risk-free\n")
    r = cg("check", "--format", "json", "site")
    assert sorted({f["path"] for f in r.findings}) == ["site/a.md", "site/b.html", "site/drafts/c.md",
                                                      "site/notes.txt"]
    write(work / "contentguard.toml", 'extend-exclude = ["drafts"]\ninclude = ["*.md", "*.html"]\n')
    r = cg("check", "--format", "json", "site")
    assert sorted({f["path"] for f in r.findings}) == ["site/a.md", "site/b.html"]
    assert r.json()["summary"]["files_skipped"] == []
    # a file named on the command line is always read
    r = cg("check", "--format", "json", "site/drafts/c.md")
    assert [f["path"] for f in r.findings] == ["site/drafts/c.md"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_respected(cg, work):
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    write(work / ".gitignore", "build/\n*.tmp.md\n")
    for p in ("a.md", "build/out.md", "x.tmp.md", "docs/b.md"):
        write(work / p, "risk-free\n")
    r = cg("check", "--format", "json", ".")
    assert sorted(f["path"] for f in r.findings) == ["a.md", "docs/b.md"]
    write(work / "contentguard.toml", "respect-gitignore = false\n")
    r = cg("check", "--format", "json", ".")
    assert sorted(f["path"] for f in r.findings) == ["a.md", "build/out.md", "docs/b.md", "x.tmp.md"]


# --- validation errors ----------------------------------------------------------

@pytest.mark.parametrize("name,body,needles", [
    ("contentguard.toml", 'selec = ["content"]\n', ["unknown key 'selec'", "did you mean 'select'"]),
    ("pyproject.toml", '[tool.contentguard]\nfail_on = "error"\n', ["unknown key 'fail_on'",
                                                                    "did you mean 'fail-on'"]),
    ("contentguard.toml", "[terms]\nnope = 1\n", ["unknown key 'terms.nope'"]),
    ("contentguard.toml", "fail-on = 3\n", ["'fail-on' must be one of", "got 3"]),
    ("contentguard.toml", 'max-file-size = "big"\n', ["'max-file-size' must be an integer"]),
    ("contentguard.toml", "select = 5\n", ["'select' must be a list of str"]),
    ("contentguard.toml", "respect-gitignore = 1\n", ["'respect-gitignore' must be true or false"]),
    ("contentguard.toml", '[severity]\n"content" = "fatal"\n', ["'severity' must be one of"]),
    ("contentguard.toml", '[per-file-ignores]\n"*.md" = 1\n', ["'per-file-ignores'"]),
    ("contentguard.toml", 'today = "tomorrow"\n', ["'today' must be a date (YYYY-MM-DD)"]),
    # rule ids as keys of severity and values of per-file-ignores, select and ignore: "did you mean"
    ("contentguard.toml", '[severity]\n"content/t-baned" = "info"\n',
     ["severity: unknown rule or category 'content/t-baned' (did you mean 'content/t-banned'?)"]),
    ("contentguard.toml", '[per-file-ignores]\n"*.md" = ["dates"]\n',
     ["per-file-ignores '*.md': unknown rule or category 'dates' (did you mean 'date'?)"]),
    ("pyproject.toml", '[tool.contentguard]\nignore = ["pii/emial"]\n',
     ["ignore: unknown rule or category 'pii/emial' (did you mean 'pii/email'?)"]),
    ("contentguard.toml", "select = [\n", ["invalid TOML"]),
    # check options: typed and checked once, at load, by config.py from the check's declaration
    ("contentguard.toml", '[links]\ninclude = ["^https://ok\\\\.example/", "("]\n',
     ["'links.include' must be a valid regular expression ('('"]),
    ("contentguard.toml", '[links]\nremap = {"(x" = "y"}\n', ["'links.remap' must be a valid regular expression"]),
    ("contentguard.toml", '[links]\nallow-networks = ["10.0.0.0/8", "10.0.0.0/33"]\n',
     ["'links.allow-networks' must be an IP network", "'10.0.0.0/33' is not one"]),
    ("contentguard.toml", '[links]\naccept = ["200..299", "2xx"]\n', ["'links.accept': bad status code or range '2xx'"]),
    ("contentguard.toml", '[links.headers]\n"example.com" = "Bearer x"\n', ["'links.headers' must be a table of"]),
    ("contentguard.toml", '[dates]\nextra-triggers = {deadlines = ["jusqu\'au"]}\n',
     ["'dates.extra-triggers': unknown trigger class 'deadlines' (did you mean 'deadline'?)"]),
    ("contentguard.toml", '[pii]\nregion = ""\n', ["'pii.region': a two-letter region code"]),
    ("contentguard.toml", '[pii]\ncontext-window = 0\n', ["'pii.context-window': a positive number"]),
    ("contentguard.toml", '[brands]\nhashtag-run = "5"\n', ["'brands.hashtag-run' must be an integer"]),
])
def test_config_errors_exit_2_naming_file_and_key(cg, work, name, body, needles):
    write(work / name, body)
    write(work / "a.md", "risk-free\n")
    r = cg("check", "a.md")
    assert r.rc == 2
    assert str(work / name) in r.err
    for n in needles:
        assert n in r.err
    assert "Traceback" not in r.err


def test_config_today(cg, work):
    write(work / "contentguard.toml", "today = 2025-01-31\n")
    write(work / "a.md", "x\n")
    assert cg("check", "--format", "json", "a.md").json()["summary"]["today"] == "2025-01-31"
    # the flag wins
    r = cg("check", "--format", "json", "--today", "2024-06-01", "a.md")
    assert r.json()["summary"]["today"] == "2024-06-01"


@pytest.mark.parametrize("body,needles", [
    ("rules:\n  - id: Bad Id\n    terms: []\n", ["'id' must be lower-case", "'terms' must be a non-empty list"]),
    ("rulez: []\n", ["unknown rule-pack section 'rulez'", "did you mean 'rules'"]),
    ("rules: [\n", ["invalid YAML in rule pack"]),
    ("- just a list\n", ["a rule pack must be a mapping"]),
    ("rules:\n  - id: x\n    kind: magic\n    terms: [a]\n", ["'kind' must be one of existence, substitution"]),
    ("rules:\n  - id: x\n    terms: ['(']\n    regex: true\n", ["bad regular expression"]),
    ("rules:\n  - id: x\n    terms: [a]\n    scope: [footer]\n", ["'scope' must be a list of"]),
    ("rules:\n  - id: x\n    terms: [a]\n    colour: red\n", ["unknown key(s) colour"]),
    ("rules:\n  - id: x\n    kind: substitution\n", ["'swap' must be a non-empty mapping"]),
    ("rules: {a: 1}\n", ["section 'rules' must be a list"]),
])
def test_invalid_pack_exit_2_naming_the_file(cg, work, tmp_path, body, needles):
    pack = write(tmp_path / "bad-pack.yaml", body)
    write(work / "a.md", "risk-free\n")
    r = cg("check", "--rules", str(pack), "a.md")
    assert r.rc == 2
    assert str(pack) in r.err
    for n in needles:
        assert n in r.err


def test_missing_pack_exit_2(cg, work):
    write(work / "a.md", "x\n")
    r = cg("check", "--rules", "no/such/pack.yaml", "a.md")
    assert r.rc == 2 and "no/such/pack.yaml: rule pack not found" in r.err
    write(work / "contentguard.toml", 'rules = ["missing-packs"]\n')
    r = cg("check", "a.md")
    assert r.rc == 2 and "missing-packs: rule pack not found" in r.err


def test_load_config_api(tmp_path):
    (tmp_path / "contentguard.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    cfg = load_config(cwd=tmp_path / "sub")
    assert cfg.get("fail-on") == "info"
    assert cfg.root == tmp_path.resolve()
    assert cfg.get("format") == "text"  # defaults fill in
    (tmp_path / "contentguard.toml").write_text('fail-om = "info"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'fail-on'"):
        load_config(cwd=tmp_path / "sub")


def test_check_options_are_defaulted_once_and_read_as_given(tmp_path):
    """config.py fills every declared option of every check, typed; a check reads its
    section as a read-only mapping, and an option it does not declare is a KeyError."""
    (tmp_path / "contentguard.toml").write_text(
        '[links]\ninclude = ["^https://ok\\\\.example/"]\nallow-networks = ["10.0.0.0/8", "::1"]\n'
        'accept = ["200..299", "403"]\n[links.headers."*"]\nAuthorization = "Bearer x"\n'
        '[dates]\nextra-triggers = {deadline = ["jusqu\'au"]}\n[pii]\nregion = "us"\ncontext-window = 1\n',
        encoding="utf-8")
    cfg = load_config(cwd=tmp_path)
    links = cfg.section("links")
    assert links["include"] == ["^https://ok\\.example/"] and links["accept"] == ["200..299", "403"]
    assert links["headers"] == {"*": {"Authorization": "Bearer x"}}
    assert links["timeout"] == 20.0 and links["exclude"] == []  # defaults, filled here
    assert cfg.section("dates")["extra-triggers"] == {"deadline": ["jusqu'au"]}
    assert cfg.section("dates")["languages"] == ["en", "ar"]
    assert (cfg.section("pii")["region"], cfg.section("pii")["context-window"]) == ("us", 1)
    with pytest.raises(TypeError):
        links["timeout"] = 1.0  # read-only
    ctx = make_context(cfg)
    assert ctx.option("brands", "hashtag-run") == 5
    with pytest.raises(KeyError):
        ctx.option("brands", "hashtag-runs")
    # a default is the check's own copy per configuration: one run cannot change another's
    other = load_config(cwd=tmp_path)
    assert other.section("dates")["languages"] is not cfg.section("dates")["languages"]


def test_config_with_a_bom_is_read(cg, work):
    write(work / "pyproject.toml", b'\xef\xbb\xbf[tool.contentguard]\nignore = ["content/t-swap"]\n')
    write(work / "a.md", TWO)
    r = cg("check", "--format", "json", "a.md")
    assert {f["rule"] for f in r.findings} == {BANNED}
    (work / "pyproject.toml").unlink()
    write(work / "contentguard.toml", b'\xef\xbb\xbfignore = ["content/t-banned"]\n')
    r = cg("check", "--format", "json", "a.md")
    assert {f["rule"] for f in r.findings} == {SWAP}


def test_broken_pyproject_with_our_table_is_an_error_not_ignored(cg, work):
    write(work / "pyproject.toml", '[project]\nname = "x\n[tool.contentguard]\nfail-on = "never"\n')
    write(work / "a.md", TWO)
    r = cg("check", "a.md")
    assert r.rc == 2 and "pyproject.toml: invalid TOML" in r.err
    # a broken pyproject that is not ours is passed over
    write(work / "pyproject.toml", '[project]\nname = "x\n')
    assert cg("check", "a.md").rc == 1


def test_check_section_must_be_a_table(cg, work):
    write(work / "contentguard.toml", "terms = 1\n")
    write(work / "a.md", "x\n")
    r = cg("check", "a.md")
    assert r.rc == 2 and "'terms' must be a table of options" in r.err
