"""Where else a page publishes personal data: outside its prose, in its source.

The prose is what a reader sees; but a page also publishes what its source carries and
what a click does: ``<meta>`` values (``author``, ``description``), JSON-LD values
(``"email"``, ``"telephone"``), front-matter values (``contact:``), Markdown link and
reference titles, ``data-*`` and ``value`` attributes, ``<textarea>`` text, ``tel:`` links and the query strings of
links (``unsubscribe?email=...``). Each place is a raw span of the source, so findings
point at exactly what is written there; the same detectors judge it.
"""
from __future__ import annotations

import re

from .urls import personal_components

# the literal first, the white space before it looked behind for: the engine then skips
# to each "data-" (led by \s, the pattern was tried at every space of the page: 53 to 6 µs
# on a 5 KB page)
_DATA_ATTR = re.compile(r"""data-(?<=\sdata-)[\w.:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE_ATTR = re.compile(r"""\svalue\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TEXTAREA = re.compile(r"<textarea\b[^>]*>(.*?)</textarea\s*>", re.I | re.S)
# Markdown link titles: [text](url "title") and [ref]: url "title" (the title is a tooltip)
_MD_TITLE = re.compile(r"""\]\(\s*(?:<[^>\n]*>|[^\s()]+)\s+(?:"([^"\n]*)"|'([^'\n]*)'|\(([^()\n]*)\))\s*\)""")
_MD_REF_TITLE = re.compile(r"""^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[ \t]+(?:"([^"\n]*)"|'([^'\n]*)'|\(([^()\n]*)\))[ \t]*$""",
                           re.M)
_ORIGIN = {"meta": "in <meta {}>", "json-ld": "in JSON-LD \"{}\"", "front-matter": "in front matter {}:"}


def source_places(doc) -> list[tuple[int, int, str]]:
    """(raw start, raw end, where) of the document's published places outside its prose."""
    out = []
    for m in doc.meta:
        where = _ORIGIN.get(m.origin)
        if where and isinstance(m.value, str) and m.end > m.start:
            out.append((m.start, m.end, where.format(m.key)))
    if doc.kind == "html":
        src = doc.source
        low = src.lower()
        for rx, where, word in ((_DATA_ATTR, "in a data-* attribute", "data-" in src),
                                (_VALUE_ATTR, "in a value attribute", "value" in low)):
            for m in (rx.finditer(src) if word else ()):
                g = 1 if m.group(1) is not None else 2
                if m.end(g) > m.start(g):
                    out.append((m.start(g), m.end(g), where))
        if "<textarea" in low:
            out += [(m.start(1), m.end(1), "in a <textarea>") for m in _TEXTAREA.finditer(src) if m.end(1) > m.start(1)]
    if doc.kind == "markdown" and ("](" in doc.source or "]:" in doc.source):
        for rx, where in ((_MD_TITLE, "in a link title"), (_MD_REF_TITLE, "in a link reference title")):
            for m in rx.finditer(doc.source):
                g = next(i for i in (1, 2, 3) if m.group(i) is not None)
                if m.end(g) > m.start(g):
                    out.append((m.start(g), m.end(g), where))
    return out


def link_places(doc) -> list[tuple[int, int, str, str]]:
    """(raw start, raw end, value to judge, where) of personal data a link carries: a
    ``tel:`` number not shown in the prose (a shown one is judged there, with its words
    around it), and query-string values (``?email=...``, decoded)."""
    out = []
    digits_shown = None
    for ln in doc.links:
        raw = doc.source[ln.start:ln.end]
        low = raw[:7].lower()
        if low.startswith("mailto:"):
            continue  # the e-mail rule's own (mailto_only)
        if low.startswith("tel:"):
            if digits_shown is None:
                digits_shown = re.sub(r"\D", "", doc.text)
            num = re.sub(r"\D", "", raw)
            if num and num[-9:] not in digits_shown:
                out.append((ln.start + 4, ln.end, raw[4:], "in a tel: link"))
            continue
        if "?" in raw or "%" in raw:
            q = raw.find("?")
            for s, e, dec in personal_components(raw):
                if q != -1 and s > q:
                    out.append((ln.start + s, ln.start + e, dec, "in a link's query string"))
    return out
