"""HTML → document, with every character's raw offset kept.

The tokenizer is :mod:`contentguard.sources.htmltok` (the WHATWG tokenizer's states,
raw offsets on every token, several times faster than the standard library's
``html.parser``, which cost half of a link check's time); entities are decoded here so
that matching sees ``&`` while positions still point at ``&amp;``. Prose never comes
from script, style, code, pre, template, textarea, svg, math or comments.

A page's ``<title>`` is read as a heading of the prose (it shows in tabs and search
results). ``<pre>``, ``<code>`` and comments are published too (in the page or its
source): their text, with the tags of syntax highlighting dropped and entities decoded,
is ``Document.code_text``, where the personal-data check looks for the structured kinds.
"""
from __future__ import annotations

import re

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources._text import decode_entities
from contentguard.sources.htmltok import TOKENS, attributes, special
from contentguard.sources.jsonpos import jsonld_fields

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


#: what a start tag does to the prose when it opens an element (by lower-cased name)
_OPEN_INLINE, _OPEN_SEP, _OPEN_HEADING, _OPEN_SKIP = 0, 1, 2, 3
_OPEN = {**{t: _OPEN_SEP for t in VOID}, **{t: _OPEN_INLINE for t in INLINE},
         **{t: _OPEN_HEADING for t in HEADINGS}, **{t: _OPEN_SKIP for t in SKIP}}
#: a void or self-closing tag ends a block (a separator) unless inline or void; br, hr, img do
_CLOSED_NO_SEP = frozenset((INLINE | VOID) - {"br", "hr", "img"})
#: inside these a link is an example, not a link
_PROSE_ONLY = frozenset(("code", "pre", "template", "textarea", "script", "style"))
#: tags whose attributes are read beyond id, alt, title and aria-label
_READ_ATTRS = frozenset(("html", "meta", "time", "script", *URL_ATTRS))
#: an attribute that matters on any other tag: id, alt, title, aria-label (a test before
#: parsing them; an attribute's name follows the tag name, a separator or a closing quote)
_MAYBE_ATTR = re.compile(r"""(?:^|[\t\n\f\r /"'])(?:[iI][dD]|[aA][lL][tT]|[tT][iI][tT][lL][eE]|"""
                         r"""[aA][rR][iI][aA]-[lL][aA][bB][eE][lL])(?![^\t\n\f\r /=>])""")


class _Reader:
    """Turns the tokenizer's matches into the document: prose with offsets, links,
    anchors, metadata; the per-token work is one loop over plain strings."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.src = doc.source
        self.b = TextBuilder()
        self.code = TextBuilder()  # <pre>, <code> and comments: Document.code_text
        self.skip = dict.fromkeys(SKIP, 0)  # open skipped elements, by name
        self.skipping = 0  # how many are open
        self.not_code = 0  # open NOT_CODE elements
        self.in_code = 0  # open CODE elements
        self.prose_only = 0  # open _PROSE_ONLY elements
        self.in_jsonld = False
        self.in_title = False

    def run(self) -> None:
        src = self.src
        b = self.b
        add = b.add
        sep = b.sep
        skip = self.skip
        opens = _OPEN
        inline = INLINE
        pos = 0
        plain = True  # text is prose as it stands (no skipped element open, no JSON-LD)
        dirty = False  # the prose may have grown since the last separator (else sep() is a no-op)
        for text, name, _raw, _plain, attrs, tail, body, pbody, ename, erest, other in TOKENS.findall(src):
            if text:
                if not plain:
                    self.text(pos, pos + len(text))
                elif "&" in text:
                    decode_entities(src, pos, pos + len(text), b)
                else:
                    add(text, pos)
                pos += len(text)
                dirty = True
            if name:
                tag = name.lower()
                a0 = pos + 1 + len(name)
                pos = a0 + len(attrs) + len(tail) + 1
                if attrs and (tag in _READ_ATTRS or _MAYBE_ATTR.search(attrs)):
                    self.attributes(tag, a0, a0 + len(attrs))
                    dirty = True
                if tail.endswith("/") or tag in VOID:
                    if dirty and tag not in _CLOSED_NO_SEP:
                        sep()
                        dirty = False
                else:
                    op = opens.get(tag, _OPEN_SEP)
                    if op == _OPEN_SEP:
                        if dirty:
                            sep()
                            dirty = False
                    elif op == _OPEN_SKIP:
                        self.open_skip(tag, a0, attrs)
                        plain = False
                        dirty = True
                    elif op == _OPEN_HEADING:
                        b.begin("heading")
                        dirty = True
                body = body or pbody
                if body:
                    self.text(pos, pos + len(body))
                    pos += len(body)
                    dirty = True
            elif ename:
                tag = ename.lower()
                pos += len(ename) + len(erest) + 3
                if skip.get(tag):
                    self.close_skip(tag)
                    plain = not (self.skipping or self.in_jsonld)
                    dirty = True
                elif tag in HEADINGS:
                    b.begin("prose")
                    dirty = True
                elif dirty and tag not in inline:
                    sep()
                    dirty = False
            elif other:
                data = special(other, pos)
                pos += len(other)
                if data is not None and data[1] > data[0]:
                    # no prose, but published in the page's source: code text (comments are not
                    # entity-decoded: what is written is what is published)
                    self.code.sep()
                    self.code.add(src[data[0]:data[1]], data[0])
                    self.code.sep()

    # --- tags --------------------------------------------------------------
    def attributes(self, tag: str, a0: int, a1: int) -> None:
        doc = self.doc
        amap = attributes(self.src, a0, a1)
        if "id" in amap:
            doc.anchors.add(self._value(amap["id"]))
        urls = URL_ATTRS.get(tag)
        if urls is not None and not self.prose_only:  # links (not inside code, pre, ...)
            if tag != "link" or "rel" not in amap or not LINK_REL_SKIP.intersection(amap["rel"][1].lower().split()):
                for attr in urls:
                    if attr in amap:
                        self._links(tag, attr, amap[attr])
        if tag == "a":
            if "name" in amap:
                doc.anchors.add(self._value(amap["name"]))
        elif tag == "meta":
            if "content" in amap:
                key = next((amap[k][1] for k in ("property", "name", "itemprop", "http-equiv") if k in amap), None)
                if key:
                    _, _, s, e = amap["content"]
                    doc.meta.append(MetaField(key.strip(), self._value(amap["content"]), s, e, "meta"))
            return
        elif tag == "time":
            if "datetime" in amap:
                _, _, s, e = amap["datetime"]
                doc.meta.append(MetaField("datetime", self._value(amap["datetime"]), s, e, "time"))
        elif tag == "html":
            if "lang" in amap:
                doc.lang = amap["lang"][1].strip() or None
        elif tag == "link" or tag == "abbr":
            return
        # alt and title text
        if not self.skipping:
            for attr, scope in TEXT_ATTRS.items():
                if attr in amap and amap[attr][1].strip():
                    _, _, s, e = amap[attr]
                    self.b.begin(scope)
                    decode_entities(self.src, s, e, self.b, attribute=True)
                    self.b.begin("prose")

    def open_skip(self, tag: str, a0: int, attrs: str) -> None:
        """A start tag (not self-closing) of an element whose text is not prose."""
        if tag == "script" and attrs:
            t = attributes(self.src, a0, a0 + len(attrs)).get("type", (None, ""))[1]
            if "ld+json" in t.lower():
                self.in_jsonld = True
        if tag == "title" and self.skipping == self.skip["head"]:
            self.in_title = True  # the page's title (not an <svg> one): read as a heading
            self.b.begin("heading")
        elif tag in CODE:
            self.code.sep()
        self.skip[tag] += 1
        self.skipping += 1
        self.in_code += tag in CODE
        self.not_code += tag in NOT_CODE
        self.prose_only += tag in _PROSE_ONLY

    def close_skip(self, tag: str) -> None:
        self.skip[tag] -= 1
        self.skipping -= 1
        self.in_code -= tag in CODE
        self.not_code -= tag in NOT_CODE
        self.prose_only -= tag in _PROSE_ONLY
        if tag == "script" and self.in_jsonld:
            self.in_jsonld = False
        elif tag == "title" and self.in_title:
            self.in_title = False
            self.b.begin("prose")
        elif tag in CODE:
            self.code.sep()

    def _value(self, attr) -> str:
        _, raw, s, e = attr
        if "&" not in raw:
            return raw
        tb = TextBuilder()
        decode_entities(self.src, s, e, tb, attribute=True)
        return tb.into(Document("", "", "", LineIndex(""))).text

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
        """Text where it may not be prose: JSON-LD, skipped elements, code, the title."""
        if self.in_jsonld:
            self.doc.meta.extend(jsonld_fields(self.src, s, e))
            return
        if self.skipping and not self.in_title:
            if self.in_code and not self.not_code:
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
