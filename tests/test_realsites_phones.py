"""Phone numbers on real published pages: tests/fixtures/realsites/phones.jsonl.

Every pii/phone finding the check made on digital.canada.ca, digital.gov and the other
real sites (``contentguard check <sites> --select pii``) at the start of round 20, judged
by hand (the source opened):
- 14 named staff members' office lines in their contact block or sentence, beside their
  work address ("Adrianne Lee / 613-222-7880 / adrianne.lee@tbs-sct.gc.ca", "contact Jamal
  Mazrui [via email](mailto:...) or by phone at (202) 418-0069"), and a company's copyright
  agent's line beside its own mailbox: published on purpose. They must be
  ``pii/work-phone`` (info), not ``pii/phone`` (error);
- 1 a person's own text line in an embedded tweet: it stays ``pii/phone``;
- 4 false alarms: Hugo template code in a theme's layout (2, no longer reported: a number
  inside a template action is code), a Liquid comment and a coffee shop's number after its
  street address (left): nothing ties them to a work address, so they are never made
  ``pii/work-phone``.
Each page is kept as the lines that matter (the judged lines and the few around them, a
Markdown page's front matter fences and title) at their own line numbers.
"""
from __future__ import annotations

import pytest

from checkhelpers import findings_of
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context
from realpages import judged, load, page_text

ROWS = load("phones.jsonl")
PAGES = [r for r in ROWS if "lines" in r]


def test_set_size():
    rows = [r for r in ROWS if "verdict" in r]
    assert [sum(r["verdict"] == v for r in rows) for v in ("work", "true", "false")] == [15, 1, 4]
    assert sum(r["site"].startswith("digital-canada-ca") for r in rows if r["verdict"] == "work") == 10


@pytest.mark.parametrize("page", PAGES, ids=lambda r: f"{r['site']}:{r['path']}")
def test_real_page(page):
    text = page_text(page)
    ctx = make_context(config=validate({}, "test"), today="2026-12-07")
    got = {(f.line, f.column): (f.rule, f.severity) for f in findings_of(CHECK, ctx, page["path"], text)
           if f.kind == "pii.phone"}
    for r in judged(ROWS, page):
        key = (r["line"], r["col"])
        if r["verdict"] == "work":
            assert got.get(key) == ("pii/work-phone", "info"), (r["why"], key, got)
        elif r["verdict"] == "true":
            assert got.get(key) == ("pii/phone", "error"), (r["why"], key, got)
        else:
            assert got.get(key) in (None, ("pii/phone", "error")), (r["why"], key, got)
            if "no longer reported" in r["why"]:
                assert key not in got, (r["why"], key)
