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
from contentguard.sources.htmltok import COMMENT, END, START, TEXT, tokenize
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
        decode_entities(self.src, s, e, tb)
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
                    decode_entities(self.src, s, e, self.b)
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
