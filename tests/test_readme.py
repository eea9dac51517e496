"""The README stays true: it lists every rule, and its two commands are the ones CI runs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from contentguard.checks.registry import all_rules
from contentguard.packs import load_packs

ROOT = Path(__file__).resolve().parents[1]


def test_readme_lists_every_rule_with_an_example():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in all_rules(load_packs([])).values():
        assert f"`{rule.id}`" in text, f"README misses {rule.id}"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_rules.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_readme_commands_are_the_ones_ci_runs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/setup.sh && .venv/bin/contentguard check examples/" in text
    assert "bash scripts/test.sh" in text
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_brand_examples_say_when_they_need_a_brand_pack(tmp_path, monkeypatch, capsys):
    """Each brand rule's README example, run through the CLI: one marked "(with a brand pack)"
    fires with examples/brand-pack.yaml and not without it; an unmarked one fires without."""
    import re

    from contentguard import cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(brand/[\w-]+)` \| \w+ \| [^|]* \| `([^`]+)`( \(with a brand pack\))? \|$", text, re.M)
    assert len(rows) >= 6
    monkeypatch.chdir(tmp_path)
    for rule, example, marked in rows:
        (tmp_path / "ex.md").write_text(example + "\n", encoding="utf-8")
        runs = {}
        for label, extra in (("bare", []), ("pack", ["--rules", str(ROOT / "examples" / "brand-pack.yaml")])):
            capsys.readouterr()
            cli.main(["check", "ex.md", "--format", "json", "--select", rule, "--today", "2026-11-25",
                      "--no-cache", *extra])
            runs[label] = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
        assert rule in runs["pack"], rule
        assert (rule not in runs["bare"]) == bool(marked), rule
