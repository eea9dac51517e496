"""E-mail addresses on real published pages: tests/fixtures/realsites/emails.jsonl.

Every pii/email finding the check made on digital.gov, docs.travis-ci.com and the MoJ
cloud platform guide at 6420e33, judged by hand (the source opened):
- 179 named staff or developer contacts at an organisation's domain ("contact Jean Fox at
  Fox.Jean@bls.gov", "[Betsy Steele](mailto:...)", a service's ``contact:`` field, an
  owner annotation in a YAML example): published on purpose; no editor removes them. They
  must be ``pii/work-email`` (info), not ``pii/email`` (error);
- 6 a URL's password and host (``https://ci-user:mypassword123@github.com/...``): not an
  address at all, nothing may be reported;
- 2 a person's own Gmail address (one the page calls "his personal email address"): they
  stay ``pii/email``.
Each page is kept as the lines that matter (its front matter's fences and title, and the
judged lines) at their own line numbers, with the page's own path.
"""
from __future__ import annotations

import pytest

from checkhelpers import findings_of
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context
from realpages import judged, load, page_text

ROWS = load("emails.jsonl")
PAGES = [r for r in ROWS if "lines" in r]


def test_set_size():
    judged = [r for r in ROWS if "verdict" in r]
    assert [sum(r["verdict"] == v for r in judged) for v in ("work", "false", "true")] == [179, 6, 2]
    assert len({r["site"] for r in judged}) == 3


@pytest.mark.parametrize("page", PAGES, ids=lambda r: f"{r['site']}:{r['path']}")
def test_real_page(page):
    text = page_text(page)
    ctx = make_context(config=validate({}, "test"), today="2026-12-06")
    got = {(f.line, f.column): (f.rule, f.severity) for f in findings_of(CHECK, ctx, page["path"], text)
           if f.kind == "pii.email"}
    for r in judged(ROWS, page):
        key = (r["line"], r["col"])
        if r["verdict"] == "work":
            assert got.get(key) == ("pii/work-email", "info"), (r["why"], key, got)
        elif r["verdict"] == "true":
            assert got.get(key) == ("pii/email", "error"), (r["why"], key, got)
        else:
            assert key not in got, (r["why"], key)
