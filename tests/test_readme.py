"""The README stays true: it lists every rule, and its two commands are the ones CI runs."""
from __future__ import annotations

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
