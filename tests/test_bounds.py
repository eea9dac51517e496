"""Bounded, linear work on any input (issue 15): minified pages, hostile files, runaway
input. Each test runs the CLI in-process and states its bound as a count (characters
masked, bytes read, entries kept), never as a wall-clock time.
"""
from __future__ import annotations

import pytest

from conftest import write

DATE_PII = "date/expired-deadline,pii/phone,pii/email,contentguard"


def _card(i: int) -> str:
    return (f'<div class="card"><a href="/p/{i}">Product {i}</a><span>£{i % 90 + 9}.99</span>'
            f'<span>Offer ends {i % 28 + 1} March 2024</span> Call 07911 {100000 + i:06d}.</div>')


def _minified(n: int) -> str:
    return "<html><body><main>" + "".join(_card(i) for i in range(n)) + "</main></body></html>\n"


def test_minified_page_masks_a_bounded_window_per_finding(cg, work, monkeypatch):
    """A 1,500-card page on one line (about 230 KB, 3,000 findings): the characters run
    through the line masking stay within a small multiple of the file, where masking
    the whole line for each finding made it findings x line length (690 million)."""
    from contentguard.checks import pii

    seen = []
    real = pii.mask_line
    monkeypatch.setattr(pii, "mask_line", lambda line: seen.append(len(line)) or real(line))
    page = _minified(1500)
    write(work / "shop.html", page)
    r = cg("check", "--format", "json", "--today", "2026-06-01", "shop.html", pack_=False, select=DATE_PII)
    assert r.rc == 1
    fs = r.findings
    assert sum(f["rule"] == "date/expired-deadline" for f in fs) == 1500
    assert sum(f["rule"] == "pii/phone" for f in fs) == 1500
    assert sum(seen) <= 2 * len(page), (sum(seen), len(page))
    # exact positions on the one line: card 700's offer date
    col = page.index("Offer ends 1 March 2024", page.index('href="/p/700"')) + len("Offer ends ") + 1
    assert ("shop.html", 1, col, 1, col + len("1 March 2024")) in r.spans("date/expired-deadline")


def test_minified_page_excerpt_is_cut_around_the_finding(cg, work):
    """The text report prints an excerpt of the long line around the finding, with an
    ellipsis at each cut end and the caret under the finding; the phone number beside
    the date is masked in it. A short line is still printed whole."""
    page = _minified(400)
    write(work / "shop.html", page)
    write(work / "short.md", "Offer ends 2 March 2024. Call 07911 123456.\n")
    r = cg("check", "--today", "2026-06-01", "shop.html", "short.md", pack_=False,
           select="date/expired-deadline")
    lines = r.out.splitlines()
    col = page.index("Offer ends 12 March 2024", page.index('href="/p/123"')) + len("Offer ends ") + 1
    head = f"shop.html:1:{col}: error date/expired-deadline"
    i = next(k for k, x in enumerate(lines) if x.startswith(head))
    excerpt, caret = lines[i + 1][2:], lines[i + 2][2:]
    assert excerpt.startswith("\u2026") and excerpt.endswith("\u2026")
    assert len(excerpt) <= 200
    assert excerpt[caret.index("^"):caret.index("^") + len("12 March 2024")] == "12 March 2024"
    assert caret.strip() == "^" * len("12 March 2024")
    assert "07911 123456" not in r.out and "0\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022\u2022\u2022" in excerpt
    j = lines.index("short.md:1:12: error date/expired-deadline Deadline or offer date 2 March 2024 has "
                    "passed (reference date 2026-06-01)")
    assert lines[j + 1] == "  Offer ends 2 March 2024. Call 0\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022\u2022\u2022."
    assert lines[j + 2] == "  " + " " * 11 + "^" * len("2 March 2024")


def test_long_line_excerpt_masks_values_across_the_cut(cg, work):
    """A phone number that the cut runs through is masked in its visible part, and an
    e-mail address on a long line never appears in clear in any format."""
    filler = "word " * 60
    text = filler + "Offer ends 2 March 2024" + " " * 45 + "07911 123456 " + filler + " jane.doe@gmail.com\n"
    write(work / "long.txt", text)
    for fmt in ("text", "json", "sarif", "github", "junit"):
        r = cg("check", "--format", fmt, "--today", "2026-06-01", "long.txt", pack_=False,
               select="date/expired-deadline")
        assert "123456" not in r.out and "jane.doe" not in r.out, fmt
    r = cg("check", "--today", "2026-06-01", "long.txt", pack_=False, select="date/expired-deadline")
    excerpt = r.out.splitlines()[1]
    assert "2 March 2024" in excerpt and excerpt.rstrip().endswith("\u2026")
