"""HTML → document, with every character's raw offset kept.

The standard library's tokenizer (``html.parser``) is used because it tells where
each token starts; entities are decoded here so that matching sees ``&`` while
positions still point at ``&amp;``. Prose never comes from script, style, code,
pre, template, textarea, svg, math, title or comments.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources._text import decode_entities, entity_at

SKIP = {"script", "style", "code", "pre", "template", "textarea", "svg", "math", "title",
        "noembed", "iframe", "object", "head"}
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

_ATTR = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _Parser(HTMLParser):
    def __init__(self, doc: Document) -> None:
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.src = doc.source
        self.b = TextBuilder()
        self.skip: dict[str, int] = {}
        self.skipping = 0
        self.in_jsonld = False
        self.jsonld_start = 0
        self.time_stack: list[tuple[str, int, int]] = []

    # --- positions -------------------------------------------------------
    def _here(self) -> int:
        line, col = self.getpos()
        return self.doc.lines.offset(line, col + 1)

    def _attrs(self, tag_start: int):
        """(name, value-as-written, raw start, raw end) of each attribute of the current tag."""
        text = self.get_starttag_text() or ""
        m = re.match(r"<[^\s/>]+", text)
        pos = m.end() if m else 0
        out = []
        for am in _ATTR.finditer(text, pos):
            name = am.group(1).lower()
            for g in (2, 3, 4):
                if am.group(g) is not None:
                    s, e = am.span(g)
                    out.append((name, am.group(g), tag_start + s, tag_start + e))
                    break
            else:
                out.append((name, "", tag_start + am.end(), tag_start + am.end()))
        return out

    def _decoded(self, s: int, e: int) -> TextBuilder:
        tb = TextBuilder()
        decode_entities(self.src, s, e, tb)
        return tb

    # --- tags --------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._start(tag, self._here(), closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, self._here(), closing=True)

    def _start(self, tag: str, at: int, closing: bool) -> None:
        doc = self.doc
        attrs = self._attrs(at)
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

    def handle_endtag(self, tag):
        if self.skip.get(tag):
            self.skip[tag] -= 1
            self.skipping -= 1
            if tag == "script" and self.in_jsonld:
                self.in_jsonld = False
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
            for m in re.finditer(r"\s*([^\s,][^\s]*?)(?:\s+[^,]*)?(?:,|$)", raw):
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
    def handle_data(self, data):
        at = self._here()
        if self.in_jsonld:
            from contentguard.sources.jsonpos import jsonld_fields

            self.doc.meta.extend(jsonld_fields(self.src, at, at + len(data)))
            return
        if self.skipping:
            return
        self.b.add(data, at)

    def handle_entityref(self, name):
        self._ref()

    def handle_charref(self, name):
        self._ref()

    def _ref(self) -> None:
        if self.skipping:
            return
        at = self._here()
        ent = entity_at(self.src, at)
        if ent is None:
            return
        text, end = ent
        self.b.add_mapped(text.replace("\xa0", " "), at, end)

    def handle_comment(self, data):
        pass

    def unknown_decl(self, data):
        pass


def parse_html(path: str, text: str, lines: LineIndex) -> Document:
    doc = Document(path=path, kind="html", source=text, lines=lines)
    p = _Parser(doc)
    try:
        p.feed(text)
        p.close()
    except (AssertionError, ValueError, IndexError):  # the tokenizer's own failures on junk
        pass
    p.b.into(doc)
    return doc
