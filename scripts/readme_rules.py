"""Regenerate the rule table in README.md from the rule registry (between the
<!-- RULES --> and <!-- /RULES --> markers), so the README lists every rule.

    .venv/bin/python scripts/readme_rules.py          # rewrite README.md
    .venv/bin/python scripts/readme_rules.py --check  # exit 1 if README.md is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

from contentguard.checks.registry import all_rules
from contentguard.packs import load_packs

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BRAND_PACK = ROOT / "examples" / "brand-pack.yaml"
WITH_PACK = " (with a brand pack)"


def needs_brand_pack(rule_id: str, example: str) -> bool:
    """Whether the example fires only with examples/brand-pack.yaml (not with the default packs)."""
    import tempfile

    from contentguard import engine

    def fires(rules: list[str]) -> bool:
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "example.md"
            f.write_text(example + "\n", encoding="utf-8")
            ctx = engine.make_context(select=[rule_id], rules=rules, use_cache=False, today="2026-11-25")
            return any(x.rule == rule_id for x in engine.run(ctx, [str(f)], jobs=1).findings)

    return not fires([]) and fires([str(BRAND_PACK)])
DOCS = {"date": "docs/dates.md", "pii": "docs/pii.md", "brand": "docs/brands.md",
        "link": "docs/links.md", "content": "#rule-packs", "contentguard": "#exit-codes"}
TITLES = {"date": "Stale dates", "link": "Broken links", "pii": "Personal data",
          "brand": "Brand risk", "content": "Term rules (default pack)", "contentguard": "The tool's own notices"}


def table() -> str:
    rules = all_rules(load_packs([]))
    out = ["## Rules", "",
           "Every rule, its default severity and an input that triggers it (`contentguard rules` lists",
           "them, `contentguard explain RULE` prints the full documentation). Details and options per",
           "check: [dates](docs/dates.md), [personal data](docs/pii.md), [brands](docs/brands.md),",
           "[links](docs/links.md), [audits](docs/audit.md).", ""]
    for fam in ("date", "link", "pii", "brand", "content", "contentguard"):
        group = sorted((r for r in rules.values() if r.id.split("/")[0] == fam), key=lambda r: r.id)
        if not group:
            continue
        out += [f"### {TITLES[fam]}", "", "| rule | severity | what | example |", "| --- | --- | --- | --- |"]
        for r in group:
            ex = r.example.replace("\n", " ⏎ ").replace("|", "\\|") if r.example else ""
            summ = r.summary.replace("|", "\\|")
            cell = f"`{ex}`" if ex else ""
            if ex and fam == "brand" and needs_brand_pack(r.id, r.example):
                cell += WITH_PACK
            out.append(f"| `{r.id}` | {r.severity} | {summ} | {cell} |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- RULES -->", "<!-- /RULES -->"
    if end not in text:
        text = text.replace(start, f"{start}\n{end}")
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    new = f"{head}{start}\n{table()}\n{end}{tail}"
    if "--check" in sys.argv:
        if new != text:
            print("README.md rule table is out of date: run scripts/readme_rules.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
