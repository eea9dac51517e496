"""Issue 16, part 4 (personal data): values published outside the prose, in the page's
source or behind a click, are found at their exact raw position, once."""
from __future__ import annotations

from conftest import write

EMAIL, PHONE = "maria.kowalska77@gmail.com", "+447842615903"
PAGE = f"""<html><head>
<meta name="author" content="Maria K, {EMAIL}">
<meta name="description" content="Call Maria on {PHONE} for tickets">
<script type="application/ld+json">{{"@type": "Person", "email": "{EMAIL}", "telephone": "{PHONE}"}}</script>
</head><body>
<div data-contact="{EMAIL}" data-id="4916338122739419x">Profile</div>
<input type="hidden" name="iban" value="GB85BARC20040441234567">
<textarea name="note">Ring her: {PHONE}</textarea>
<a href="tel:{PHONE}">Call Maria</a>
<a href="https://shop.example/unsubscribe?email={EMAIL.replace("@", "%40")}&amp;list=7">unsubscribe</a>
<p>Office: <a href="tel:+442079460018">+44 20 7946 0018</a></p>
<a href="https://example.org/search?q=2024&amp;page=12">search</a>
</body></html>
"""
MD = f"""---
title: Meet the team
contact: {EMAIL}
---
Write to us any time, or see [the rota](rota.md "on call: {PHONE}").
Our [office][o] is open.

[o]: https://example.org/office 'ask for maria.kowalska77@gmail.com'
[p]: https://example.org/plain "Opening hours 9-17"
"""


def _pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_personal_data_outside_the_prose(cg, work):
    write(work / "page.html", PAGE)
    write(work / "team.md", MD)
    r = cg("check", "--format", "json", "page.html", "team.md", pack_=False, select="pii")
    got = [(f["path"], f["rule"], f["line"], f["column"], f["message"].rsplit("(", 1)[-1].rstrip(")"))
           for f in r.findings]
    enc = EMAIL.replace("@", "%40")
    want = [
        ("page.html", "pii/email", *_pos(PAGE, EMAIL, 0), "in <meta author>"),
        ("page.html", "pii/phone", *_pos(PAGE, PHONE, 0), "in <meta description>"),
        ("page.html", "pii/email", *_pos(PAGE, EMAIL, 1), 'in JSON-LD "email"'),
        ("page.html", "pii/phone", *_pos(PAGE, PHONE, 1), 'in JSON-LD "telephone"'),
        ("page.html", "pii/email", *_pos(PAGE, EMAIL, 2), "in a data-* attribute"),
        ("page.html", "pii/iban", *_pos(PAGE, "GB85BARC"), "in a value attribute"),
        ("page.html", "pii/phone", *_pos(PAGE, PHONE, 2), "in a <textarea>"),
        ("page.html", "pii/phone", *_pos(PAGE, PHONE, 3), "in a tel: link"),
        ("page.html", "pii/email", *_pos(PAGE, enc), "in a link's query string"),
        ("team.md", "pii/email", *_pos(MD, EMAIL), "in front matter contact:"),
        ("team.md", "pii/phone", *_pos(MD, PHONE), "in a link title"),
        ("team.md", "pii/email", *_pos(MD, EMAIL, 1), "in a link reference title"),
    ]
    assert sorted(got) == sorted(want)
    # look-alikes: an id in data-id, the office's own number shown in the prose (judged
    # there), a search query of numbers: nothing; and no clear value in any excerpt
    assert all(EMAIL not in f["excerpt"] and "7842615903" not in f["excerpt"] for f in r.findings)
