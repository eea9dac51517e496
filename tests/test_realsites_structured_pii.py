"""Structured personal data (phones, cards, IP addresses) on real published pages:
tests/fixtures/realsites/structured_pii.jsonl.

Every phone, card and IP finding the check made on letsencrypt.org, digital.gov,
docs.travis-ci.com and the MoJ cloud platform guide before the look-alike rules of this
round, judged by hand: 46 false (DER bytes in hex on the ASN.1 page in eight languages,
an OMB control number, a span of years, a tweet's id in a shortcode, servers' addresses
in DNS answers, zone files, ssh prompts, examples and egress lists) and 3 true (a
client's address in a pasted ModSecurity log). Each page is kept as the lines that matter,
at their own line numbers, with the page's own path; the rest of the page is blank lines.
"""
from __future__ import annotations

import pytest

from checkhelpers import findings_of
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context
from realpages import judged, load, page_text

ROWS = load("structured_pii.jsonl")
PAGES = [r for r in ROWS if "lines" in r]


def test_set_size():
    judged = [r for r in ROWS if "verdict" in r]
    assert sum(r["verdict"] == "false" for r in judged) == 46
    assert sum(r["verdict"] == "true" for r in judged) == 3
    assert len({r["site"] for r in judged}) == 4


@pytest.mark.parametrize("page", PAGES, ids=lambda r: f"{r['site']}:{r['path']}")
def test_real_page(page):
    text = page_text(page)
    ctx = make_context(config=validate({}, "test"), today="2026-12-06")
    got = {(f.line, f.column, f.rule) for f in findings_of(CHECK, ctx, page["path"], text)}
    for r in judged(ROWS, page):
        key = (r["line"], r["col"], r["rule"])
        if r["verdict"] == "true":
            assert key in got, (r, sorted(got))
        else:
            assert key not in got, (r["why"], key)
