"""An HTML tokenizer that keeps raw offsets, for reading pages fast.

The standard library's ``html.parser`` reported positions as (line, column) and spent
about half of a link check's time per page; this tokenizer walks the text once with a few
compiled, possessive (so linear) regular expressions and yields tokens with their raw
start and end offsets: no line arithmetic, no second parse of a tag's attributes.

It follows the WHATWG tokenizer (held to the html5lib-tests tokenizer cases, see
``tests/test_htmltok.py``) for the states contentguard reads: data, tag open and end tag
open (``</>`` dropped, ``</3`` a bogus comment), tag names, attributes (double-, single-
and unquoted values, ``/`` between attributes, duplicates: the first wins), self-closing
tags, comments (``<!-->``, ``<!--->``, ``--!>``, unclosed to the end), bogus comments
(``<?...>``, ``<!...>``, ``<![CDATA[`` outside foreign content), DOCTYPEs (skipped), and
the text of raw-text elements: RCDATA (``title``, ``textarea``), RAWTEXT (``style``,
``xmp``, ``iframe``, ``noembed``, ``noframes``), script data and ``plaintext``. Character
references are left in place (their positions matter): the reader decodes them with
:func:`contentguard.sources._text.decode_entities`. Not handled: script data's escaped
and double-escaped states (``<!--`` inside a script), NULL and CR normalisation.
"""
from __future__ import annotations

import re
from typing import Iterator

TEXT, START, END, COMMENT = 0, 1, 2, 3

_SP = "\\t\\n\\f\\r "
#: one attribute: separators (whitespace or a lone ``/``), a name, an optional value
_ATTR = (rf"(?>[{_SP}/]*+)([^{_SP}/>][^{_SP}/=>]*+)"
         rf"(?:(?>[{_SP}]*+)=(?>[{_SP}]*+)(?:\"([^\"]*+)\"|'([^']*+)'|([^{_SP}>]*+)))?")
_ATTR_RE = re.compile(_ATTR)
_ATTR_NC = (rf"(?>[{_SP}/]*+)[^{_SP}/>][^{_SP}/=>]*+"
            rf"(?:(?>[{_SP}]*+)=(?>[{_SP}]*+)(?:\"[^\"]*+\"|'[^']*+'|[^{_SP}>]*+))?")
_START_TAG = re.compile(rf"<([A-Za-z][^{_SP}/>]*+)((?:{_ATTR_NC})*+)((?>[{_SP}/]*+))>")
_END_TAG = re.compile(rf"</([A-Za-z][^{_SP}/>]*+)(?:{_ATTR_NC})*+(?>[{_SP}/]*+)>")
_COMMENT_END = re.compile(r"--!?>")
_DOCTYPE = re.compile(r"<!doctype", re.I)

#: elements whose content is text up to their own end tag
RAW_TEXT = frozenset(("script", "style", "xmp", "iframe", "noembed", "noframes", "title", "textarea"))
_RAW_END = {name: re.compile(rf"</{name}[{_SP}/>]", re.I) for name in RAW_TEXT}


def attributes(src: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    """(name lower-cased, value as written, raw value start, raw value end) of the
    attributes in ``src[start:end]``; a repeated name keeps its first value."""
    out = []
    seen = set()
    for m in _ATTR_RE.finditer(src, start, end):
        name = m.group(1).lower()
        if name in seen:
            continue
        seen.add(name)
        for g in (2, 3, 4):
            v = m.group(g)
            if v is not None:
                out.append((name, v, m.start(g), m.end(g)))
                break
        else:
            out.append((name, "", m.end(), m.end()))
    return out


def tokenize(src: str, raw_text_of: str | None = None) -> Iterator[tuple]:
    """Tokens of ``src``, each with its raw offsets:

    * ``(TEXT, start, end)``: text (character references not decoded);
    * ``(START, start, end, name, attrs, self_closing)``: ``attrs`` from :func:`attributes`;
    * ``(END, start, end, name)``;
    * ``(COMMENT, start, end, data_start, data_end)``: comments and bogus comments.

    ``raw_text_of``: start inside that element's raw text (``""``: text to the end), as
    the standard's tokenizer tests start in the RCDATA, RAWTEXT or script data state.
    """
    n = len(src)
    find = src.find
    i = 0  # scan position
    t = 0  # start of pending text
    if raw_text_of is not None:
        e = re.compile(rf"</{re.escape(raw_text_of)}[{_SP}/>]", re.I).search(src) if raw_text_of else None
        stop = e.start() if e else n
        if stop:
            yield (TEXT, 0, stop)
        if e is None:
            return
        i = t = stop
    while True:
        j = find("<", i)
        if j < 0 or j + 1 >= n:
            break
        c = src[j + 1]
        if c.isascii() and c.isalpha():
            m = _START_TAG.match(src, j)
            if m is None:  # the tag runs to the end of the input: dropped, as the standard says
                if t < j:
                    yield (TEXT, t, j)
                return
            if t < j:
                yield (TEXT, t, j)
            name = m.group(1).lower()
            a0, a1 = m.span(2)
            attrs = attributes(src, a0, a1) if a1 > a0 else []
            yield (START, j, m.end(), name, attrs, m.group(3).endswith("/"))
            i = t = m.end()
            if name in RAW_TEXT:
                e = _RAW_END[name].search(src, i)
                stop = e.start() if e else n
                if stop > i:
                    yield (TEXT, i, stop)
                i = t = stop
                if e is None:
                    return
            elif name == "plaintext":
                if i < n:
                    yield (TEXT, i, n)
                return
            continue
        if c == "/":
            if j + 2 >= n:
                break  # "</" at the end: text
            c2 = src[j + 2]
            if c2.isascii() and c2.isalpha():
                m = _END_TAG.match(src, j)
                if m is None:
                    if t < j:
                        yield (TEXT, t, j)
                    return
                if t < j:
                    yield (TEXT, t, j)
                yield (END, j, m.end(), m.group(1).lower())
                i = t = m.end()
                continue
            if t < j:
                yield (TEXT, t, j)
            if c2 == ">":  # "</>": nothing
                i = t = j + 3
                continue
            i = t = yield from _bogus(src, j, j + 2)
            continue
        if c == "!":
            if t < j:
                yield (TEXT, t, j)
            if src.startswith("--", j + 2):
                k = j + 4
                if src.startswith(">", k):
                    yield (COMMENT, j, k + 1, k, k)
                    i = t = k + 1
                elif src.startswith("->", k):
                    yield (COMMENT, j, k + 2, k, k)
                    i = t = k + 2
                else:
                    e = _COMMENT_END.search(src, k)
                    if e is None:  # to the end; a closing started there is not data
                        tail = src[max(k, n - 3):]
                        cut = 3 if tail.endswith("--!") else 2 if tail.endswith("--") else 1 if tail.endswith("-") else 0
                        yield (COMMENT, j, n, k, max(k, n - cut))
                        return
                    yield (COMMENT, j, e.end(), k, e.start())
                    i = t = e.end()
                continue
            if _DOCTYPE.match(src, j):
                e = find(">", j)
                i = t = n if e < 0 else e + 1
                if e < 0:
                    return
                continue
            i = t = yield from _bogus(src, j, j + 2)
            continue
        if c == "?":
            if t < j:
                yield (TEXT, t, j)
            i = t = yield from _bogus(src, j, j + 1)
            continue
        i = j + 1  # a "<" that opens nothing is text
    if t < n:
        yield (TEXT, t, n)


def _bogus(src: str, start: int, data: int):
    """A bogus comment from ``start`` (its data from ``data``) to the next ``>``."""
    e = src.find(">", data)
    if e < 0:
        yield (COMMENT, start, len(src), data, len(src))
        return len(src)
    yield (COMMENT, start, e + 1, data, e)
    return e + 1
