"""HTML pages publish more than their visible prose: ``<pre>``, ``<code>`` and comments
(in the page or its source) are checked for the structured personal-data kinds, with the
documentation exclusions; person names are not looked for there. A page's ``<title>`` is
read for dates and personal data like its visible text (issue 11, item 4)."""
from __future__ import annotations

import pytest

from checkhelpers import col, findings_of, spans
from contentguard.checks.dates import CHECK as DATES
from contentguard.config import validate
from contentguard.engine import make_context
from contentguard.sources import parse
from piihelpers import run

TODAY = "2026-12-06"


def _page(head: str, body: str) -> str:
    return f"<!doctype html>\n<html><head>{head}</head>\n<body>\n{body}\n</body></html>\n"


def _where(findings, rule):
    return [(f.line, f.column, f.end_column) for f in findings if f.rule == rule]


def _at(text: str, line: int, needle: str) -> tuple[int, int, int]:
    c = col(text, line, needle)
    return (line, c, c + len(needle))


def test_phone_and_email_in_pre_are_found_across_highlighting_tags():
    """Syntax highlighting wraps each token in a <span>: the number is read across them, and
    its finding covers it exactly as written (tags included)."""
    body = ('<pre><code class="language-text"><span class="n">Call</span> <span class="mi">+44</span> '
            '<span class="mi">20</span> <span class="mi">7123</span> <span class="mi">4567</span>\n'
            'or dana.whitfield&#64;gmail.com</code></pre>')
    text = _page("<title>Contact</title>", body)
    got = run("p.html", text)
    line = 4
    first = text.split("\n")[line - 1]
    s = first.index('+44')
    e = first.index('4567') + 4
    assert _where(got, "pii/phone") == [(line, s + 1, e + 1)]
    assert _where(got, "pii/email") == [_at(text, 5, "dana.whitfield&#64;gmail.com")]


def test_pre_lookalikes_documentation_values_and_names_are_not_reported():
    """Example domains, drama numbers, documentation IPs, hex dumps, a licence header's
    author address and person names in code: nothing to report."""
    body = ("<pre>user@example.com 020 7946 0123 192.0.2.10 2001:db8::1\n"
            "Jane Smith has cancer</pre>\n"
            '<pre><code class="language-der">02 09 00 80 00 00 00 00 00 00 01\n13 02 68 69\n16 02 68 69</code></pre>\n'
            "<!--\n  Copyright (c) 2016-2025 Martin Donath <martin.donath@gmail.com>\n-->\n"
            "<p>The OID arc of <code>{joint-iso-itu-t(2) certificate-policies(1)} (2.23.140.1)</code>.</p>")
    assert spans(run("p.html", _page("<title>Docs</title>", body), names=True)) == []


def test_inline_code_is_checked_like_a_block():
    text = _page("<title>x</title>", "<p>Write to <code>j.bloggs84@hotmail.co.uk</code> today.</p>")
    assert _where(run("p.html", text), "pii/email") == [_at(text, 4, "j.bloggs84@hotmail.co.uk")]
    # look-alike: a role address in code is a mailbox, not a person's
    assert spans(run("p.html", text.replace("j.bloggs84", "support"))) == []


def test_comment_is_checked_and_its_span_is_exact():
    body = "<p>Hi</p>\n<!-- old contact: 81.2.69.160, dana.whitfield@gmail.com -->"
    text = _page("", body)
    got = run("p.html", text)
    assert _where(got, "pii/email") == [_at(text, 5, "dana.whitfield@gmail.com")]
    assert _where(got, "pii/ip-address") == [_at(text, 5, "81.2.69.160")]
    # look-alike: a documentation address in a comment
    assert spans(run("p.html", text.replace("81.2.69.160", "203.0.113.7").replace("gmail.com", "example.org"))) == []


def test_code_never_reaches_the_prose_and_a_script_is_not_code():
    text = _page("<script>var a = 'dana.whitfield@gmail.com';</script>",
                 "<pre>dana.whitfield@gmail.com</pre><svg><title>81.2.69.160</title></svg>")
    doc = parse("p.html", text).documents[0]
    assert "dana" not in doc.text and "81.2" not in doc.text
    assert doc.code_text is not None and doc.code_text.text.strip() == "dana.whitfield@gmail.com"
    assert _where(run("p.html", text), "pii/email") == [_at(text, 4, "dana.whitfield@gmail.com")]


def test_title_is_read_as_a_heading_for_personal_data():
    text = _page("<title>Call Dana on 020 7123 4567 &ndash; Acme</title>", "<h1>Contact</h1>")
    got = run("p.html", text)
    assert _where(got, "pii/phone") == [_at(text, 2, "020 7123 4567")]
    doc = parse("p.html", text).documents[0]
    k = doc.text.index("Call")
    assert doc.scope_at(k) == "heading"
    # look-alike: an <svg>'s <title> is a tooltip of a drawing, not the page's title
    svg = _page("<title>Acme</title>", "<svg><title>020 7123 4567</title></svg>")
    assert "7123" not in parse("p.html", svg).documents[0].text


@pytest.mark.parametrize("title, stale", [("Offer ends 1 May 2020 | Acme", True),
                                          ("Acme: our history since May 2020", False)])
def test_title_is_read_for_dates(title, stale):
    text = _page(f"<title>{title}</title>", "<p>Welcome.</p>")
    ctx = make_context(config=validate({}, "test"), today=TODAY)
    got = findings_of(DATES, ctx, "p.html", text)
    if stale:
        assert _where(got, "date/expired-deadline") == [_at(text, 2, "1 May 2020")]
    else:
        assert [f for f in got if f.rule.startswith("date/") and f.severity != "info"] == []


def test_hex_pairs_are_bytes_but_a_french_number_is_a_number():
    """Real content (letsencrypt "A warm welcome to ASN.1 and DER"): bytes in hex are no phone
    numbers; a French number written in pairs still is."""
    from contentguard.checks.pii import find_personal_data

    dump = "13 02 68 69\n16 02 68 69\n0c 04 f0 9f 98 8e\n17 0d 31 39 31 32 2d 30 38 30 30\n"
    assert find_personal_data(dump) == []
    # the Hebrew page's code keeps a left-to-right mark before each line
    assert find_personal_data(dump.replace("\n", "\n\u200e")) == []
    text = "Mobile : 06 12 34 56 78\n"
    assert [(h.rule, text[h.start:h.end]) for h in find_personal_data(text)] == [("pii/phone", "06 12 34 56 78")]
    # the tail of a time is no number: "18:45:07.993 2018"
    assert find_personal_data("Timestamp : Mar 29 18:45:07.993 2018 GMT\n") == []


@pytest.mark.parametrize("name, text", [
    ("p.html", "<p>The OID <code>2.5.29.15</code> identifies key usage; see <code>81.2.69.160</code>.</p>"),
    ("p.md", "The OID `2.5.29.15` identifies key usage; see `81.2.69.160`.\n"),
])
def test_words_before_inline_code_are_its_context(name, text):
    """letsencrypt docs/oids (real content): "the OID <code>2.5.29.15</code>" is an object
    identifier, not an address; a bare address in code on the same line still is."""
    got = run(name, text)
    assert _where(got, "pii/ip-address") == [_at(text, 1, "81.2.69.160")]
