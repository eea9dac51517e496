"""Real published pages kept as test data (tests/fixtures/realsites/*.jsonl): rows that
judge a finding (``verdict``) and rows that keep a page as the lines that matter, at their
own line numbers (``lines``), the rest of the page left blank."""
from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "realsites"


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def page_text(page: dict) -> str:
    """The page rebuilt from its kept lines, each at its own line number."""
    lines = {int(k): v for k, v in page["lines"].items()}
    return "\n".join(lines.get(i, "") for i in range(1, max(lines) + 1)) + "\n"


def judged(rows: list[dict], page: dict) -> list[dict]:
    """The judgements of ``page``'s findings."""
    return [r for r in rows if "verdict" in r and (r["site"], r["path"]) == (page["site"], page["path"])]
