"""The HTML reader as it was before the one-``findall`` rewrite (contentguard 4599cdb:
``sources/htmltok.py``'s generator tokenizer and ``sources/html.py``'s reader, frozen
here verbatim but for the imports and for character references in attribute values, read
with the attribute rule since (``decode_entities(..., attribute=True)``)): the oracle ``tests/test_html_same.py`` holds the
new reader to, field by field, on many pages. Not product code; do not import it there.
"""
from __future__ import annotations

import re
from typing import Iterator

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources._text import decode_entities
from contentguard.sources.jsonpos import jsonld_fields

# --- sources/htmltok.py at 4599cdb ------------------------------------------------------------
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


# --- sources/html.py at 4599cdb -------------------------------------------------------------

SKIP = {"script", "style", "code", "pre", "template", "textarea", "svg", "math", "title",
        "noembed", "iframe", "object", "head"}
#: published code: its text goes to ``Document.code_text``
CODE = ("code", "pre")
#: inside these nothing is code text, not even a <code> (raw text, foreign content, inert)
NOT_CODE = ("script", "style", "template", "textarea", "svg", "math", "noembed", "iframe", "object")
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "kbd", "mark", "q",
          "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
          "font", "del", "ins", "label", "big", "tt", "acronym", "nobr"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "img": ("src", "srcset"), "link": ("href",),
    "script": ("src",), "iframe": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "embed": ("src",), "object": ("data",), "track": ("src",),
    "blockquote": ("cite",), "q": ("cite",),
}
LINK_REL_SKIP = {"preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload"}
TEXT_ATTRS = {"alt": "alt", "title": "title", "aria-label": "title"}

_SRCSET = re.compile(r"\s*([^\s,][^\s]*?)(?:\s+[^,]*)?(?:,|$)")


class _Reader:
    """Turns tokens into the document: prose with offsets, links, anchors, metadata."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.src = doc.source
        self.b = TextBuilder()
        self.skip: dict[str, int] = {}
        self.skipping = 0
        self.in_jsonld = False
        self.in_title = False
        self.code = TextBuilder()  # <pre>, <code> and comments: Document.code_text

    def run(self) -> None:
        for tok in tokenize(self.src):
            kind = tok[0]
            if kind == TEXT:
                self.text(tok[1], tok[2])
            elif kind == START:
                self._start(tok[3], tok[4], tok[5])
            elif kind == END:
                self.end(tok[3])
            elif kind == COMMENT and tok[4] > tok[3]:
                # no prose, but published in the page's source: code text (comments are not
                # entity-decoded: what is written is what is published)
                self.code.sep()
                self.code.add(self.src[tok[3]:tok[4]], tok[3])
                self.code.sep()
            # doctypes hold nothing

    def _decoded(self, s: int, e: int) -> TextBuilder:
        tb = TextBuilder()
        decode_entities(self.src, s, e, tb, attribute=True)
        return tb

    # --- tags --------------------------------------------------------------
    def _start(self, tag: str, attrs: list, closing: bool) -> None:
        doc = self.doc
        amap = {a[0]: a for a in attrs}
        if tag == "html" and "lang" in amap:
            doc.lang = amap["lang"][1].strip() or None
        if "id" in amap:
            doc.anchors.add(self._value(amap["id"]))
        if tag == "a" and "name" in amap:
            doc.anchors.add(self._value(amap["name"]))
        if tag == "meta" and "content" in amap:
            key = next((amap[k][1] for k in ("property", "name", "itemprop", "http-equiv") if k in amap), None)
            if key:
                _, _, s, e = amap["content"]
                doc.meta.append(MetaField(key.strip(), self._value(amap["content"]), s, e, "meta"))
        if tag == "time" and "datetime" in amap:
            _, _, s, e = amap["datetime"]
            doc.meta.append(MetaField("datetime", self._value(amap["datetime"]), s, e, "time"))
        # links (not inside code/pre/comments)
        if tag in URL_ATTRS and not self.skipping_prose_only():
            rel = amap.get("rel", (None, ""))[1].lower().split()
            if not (tag == "link" and LINK_REL_SKIP.intersection(rel)):
                for attr in URL_ATTRS[tag]:
                    if attr in amap:
                        self._links(tag, attr, amap[attr])
        # alt/title text
        if not self.skipping and tag not in ("link", "meta", "abbr"):
            for attr, scope in TEXT_ATTRS.items():
                if attr in amap and amap[attr][1].strip():
                    _, _, s, e = amap[attr]
                    self.b.begin(scope)
                    decode_entities(self.src, s, e, self.b, attribute=True)
                    self.b.begin("prose")
        if closing or tag in VOID:
            if tag not in INLINE and tag not in VOID:
                self.b.sep()
            if tag in ("br", "hr", "img"):
                self.b.sep()
            return
        if tag == "script":
            t = amap.get("type", (None, ""))[1].lower()
            if "ld+json" in t:
                self.in_jsonld = True
        if tag in SKIP:
            if tag == "title" and not any(self.skip.get(t) for t in SKIP if t != "head"):
                self.in_title = True  # the page's title (not an <svg> one): read as a heading
                self.b.begin("heading")
            elif tag in CODE:
                self.code.sep()
            self.skip[tag] = self.skip.get(tag, 0) + 1
            self.skipping += 1
            return
        if tag in HEADINGS:
            self.b.begin("heading")
        elif tag not in INLINE:
            self.b.sep()

    def skipping_prose_only(self) -> bool:
        """Inside code-like elements a link is an example, not a link."""
        return any(self.skip.get(t) for t in ("code", "pre", "template", "textarea", "script", "style"))

    def end(self, tag: str) -> None:
        if self.skip.get(tag):
            self.skip[tag] -= 1
            self.skipping -= 1
            if tag == "script" and self.in_jsonld:
                self.in_jsonld = False
            elif tag == "title" and self.in_title:
                self.in_title = False
                self.b.begin("prose")
            elif tag in CODE:
                self.code.sep()
            return
        if tag in HEADINGS:
            self.b.begin("prose")
        elif tag not in INLINE:
            self.b.sep()

    def _value(self, attr) -> str:
        _, raw, s, e = attr
        if "&" not in raw:
            return raw
        tb = self._decoded(s, e)
        doc = Document("", "", "", LineIndex(""))
        return tb.into(doc).text

    def _links(self, tag: str, attr: str, a) -> None:
        name, raw, s, e = a
        if attr == "srcset":
            for m in _SRCSET.finditer(raw):
                url = m.group(1).rstrip(",")
                if url:
                    us = s + m.start(1)
                    self.doc.links.append(Link(self._value(("", url, us, us + len(url))), us, us + len(url), tag))
            return
        value = self._value(a).strip()
        if not value:
            return
        lead = len(raw) - len(raw.lstrip())
        self.doc.links.append(Link(value, s + lead, e - (len(raw) - len(raw.rstrip())), tag))

    # --- text --------------------------------------------------------------
    def text(self, s: int, e: int) -> None:
        if self.in_jsonld:
            self.doc.meta.extend(jsonld_fields(self.src, s, e))
            return
        if self.skipping and not self.in_title:
            if (self.skip.get("code") or self.skip.get("pre")) and not any(self.skip.get(t) for t in NOT_CODE):
                self._add(self.code, s, e)
            return
        self._add(self.b, s, e)

    def _add(self, b: TextBuilder, s: int, e: int) -> None:
        if self.src.find("&", s, e) < 0:
            b.add(self.src[s:e], s)
        else:
            decode_entities(self.src, s, e, b)


def parse_html(path: str, text: str, lines: LineIndex) -> Document:
    doc = Document(path=path, kind="html", source=text, lines=lines)
    r = _Reader(doc)
    r.run()
    r.b.into(doc)
    if len(r.code):
        doc.code_text = r.code.into(Document(path=path, kind="code", source=text, lines=lines))
    return doc
