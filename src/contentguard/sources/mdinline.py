"""Inline Markdown tokens placed back on the source (see :mod:`.mdblocks`).

:func:`walk` follows one inline token's children with a cursor over the block's content
string: every child is the next occurrence of its source form (text verbatim, an escape
or entity by its ``markup``, a code span by its backtick run, inline HTML verbatim), so
the cursor never goes back and the walk is linear in the content.
"""
from __future__ import annotations

import html
import re

from contentguard.document import Document, Link, TextBuilder
from contentguard.sources.mdblocks import HtmlState, Pieces, html_fragment, html_tag

_TICKS = {}
_ESCAPABLE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# GFM extended autolinks (www., http(s)://, e-mail), applied to runs of text
_EXT_AUTOLINK = re.compile(
    r"(?<![\w.+\-@/\\])(?:(?:https?://|ftp://|www\.)[^\s<]*|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)", re.I)
_AUTOLINK_HINT = re.compile(r"://|www\.|@", re.I)  # no extended autolink without one of these
_LABEL = r"(?:[\w\-]|[^\x00-\x7f])+"  # cmark-gfm takes any non-ASCII character in a domain
# after a scheme one label is enough (http://localhost), after "www." a period is needed
_DOMAIN_OK = re.compile(r"(?:(?:https?|ftp)://(%s(?:\.%s)*)|(www(?:\.%s)+))" % ((_LABEL,) * 3), re.I)


def closing_ticks(s: str, n: int, start: int) -> int:
    pat = _TICKS.get(n)
    if pat is None:
        pat = _TICKS[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    m = pat.search(s, start)
    return m.start() if m else -1


# CommonMark's entity references: a semicolon always ends them ("?a=1&curren=2" keeps
# "&curren", which html.unescape alone reads as "¤")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_md(s: str) -> str:
    """A link destination or title as CommonMark reads it: backslash escapes and entities."""
    if "\\" in s:
        s = _ESCAPABLE.sub(r"\1", s)
    if "&" in s:
        s = _ENTITY.sub(lambda m: html.unescape(m.group()), s)
    return s


def _trim_autolink(s: str, a: int, e: int) -> int:
    """GFM's extended-autolink end: trailing punctuation, unbalanced ')' and entity-like
    ``&name;`` tails are not part of the link."""
    while e > a:
        ch = s[e - 1]
        if ch in "?!.,:*_~'\"":
            e -= 1
        elif ch == ")":
            seg = s[a:e]
            if seg.count(")") > seg.count("("):
                e -= 1
            else:
                break
        elif ch == ";":
            m = re.search(r"&[A-Za-z0-9]+;$", s[a:e])
            if m:
                e = a + m.start()
            else:
                break
        else:
            break
    return e


def ext_autolinks(s: str):
    """(start, end, url) of GFM extended autolinks in plain text ``s``."""
    for m in _EXT_AUTOLINK.finditer(s):  # noqa: B007
        a = m.start()
        e = _trim_autolink(s, a, m.end())
        text = s[a:e]
        if "@" in text and not text.lower().startswith(("http", "www.", "ftp:")):
            if text[-1] in "-_":
                continue
            yield a, e, "mailto:" + text
            continue
        # GFM: the scheme or "www." is followed by a valid domain (labels of letters, digits,
        # "_" and "-", no "_" in the last two labels)
        dm = _DOMAIN_OK.match(text)
        if not dm:
            continue
        labels = (dm.group(1) or dm.group(2)).split(".")
        if "_" in labels[-1] or (len(labels) > 1 and "_" in labels[-2]):
            continue
        if text.lower().startswith("www."):
            yield a, e, "http://" + text
        else:
            yield a, e, text


class Walk:
    """State shared by the inline walks of one document."""

    def __init__(self, doc: Document, b: TextBuilder, html: HtmlState) -> None:
        self.doc = doc
        self.b = b
        self.html = html
        self.ref_used: set[str] = set()  # hrefs of reference links used
        self.heading: list[str] | None = None  # plain text of the heading being read
        self.link_depth = 0  # inside a link's text GFM makes no autolinks
        self.in_image = 0  # inside an image's text (its alt) nothing is a link


def walk(w: Walk, tokens, s: str, pm: Pieces, c: int = 0) -> int:
    """Read ``tokens`` (inline children) over content ``s`` from cursor ``c``; returns the cursor."""
    doc, b = w.doc, w.b
    run: list = []  # pending text tokens: (start, end, decoded or None)
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        tt = t.type
        if tt == "text":
            k = s.find(t.content, c)
            if k < 0:
                i += 1
                continue
            run.append((k, k + len(t.content), None))
            c = k + len(t.content)
            if w.heading is not None:
                w.heading.append(t.content)
            i += 1
            continue
        if tt == "text_special":
            k = s.find(t.markup, c)
            if k >= 0:
                run.append((k, k + len(t.markup), t.content))
                c = k + len(t.markup)
                if w.heading is not None:
                    w.heading.append(t.content)
            i += 1
            continue
        flush_run(w, run, s, pm)
        run = []
        if tt in ("softbreak", "hardbreak"):
            k = s.find("\n", c)
            if k >= 0:
                if not w.html.raw:
                    b.add("\n", pm.raw(k))
                c = k + 1
            if w.heading is not None:
                w.heading.append(" ")
        elif tt == "code_inline":
            k = s.find(t.markup, c)
            if k >= 0:
                e = closing_ticks(s, len(t.markup), k + len(t.markup))
                if e < 0:
                    e = k + len(t.markup)
                if e > k + len(t.markup):
                    code_spans(doc, pm, s, k + len(t.markup), e)
                b.add_mapped(" ", pm.raw(k), pm.end(e + len(t.markup)))
                c = e + len(t.markup)
            if w.heading is not None:
                w.heading.append(t.content)
        elif tt == "html_inline":
            k = s.find(t.content, c)
            if k >= 0:
                html_tag(doc, t.content, lambda j, o=k: pm.raw(o + j), w.html, b)
                b.add_mapped(" ", pm.raw(k), pm.end(k + len(t.content)))
                c = k + len(t.content)
        elif tt == "link_open":
            close = _matching_close(tokens, i, "link_close")
            if t.markup == "autolink":
                k = s.find("<", c)
                e = s.find(">", k + 1)
                if k >= 0 and e > k:
                    href = t.attrGet("href") or ""
                    written = s[k + 1:e]
                    url = href if href.startswith("mailto:") and not written.lower().startswith("mailto:") \
                        else written
                    doc.links.append(Link(url, pm.raw(k + 1), pm.end(e), "autolink"))
                    if url.startswith("mailto:") and not written.lower().startswith("mailto:"):
                        b.add(written, pm.raw(k + 1))  # an e-mail address reads as text
                    else:
                        b.add_mapped(" ", pm.raw(k), pm.end(e + 1))
                    c = e + 1
                i = close + 1
                continue
            k = s.find("[", c)
            if k < 0:
                i = close + 1
                continue
            w.link_depth += 1
            c = walk(w, tokens[i + 1:close], s, pm, k + 1)
            w.link_depth -= 1
            c = destination(w, _href(t), s, pm, c)
            i = close + 1
            continue
        elif tt == "image":
            k = s.find("![", c)
            if k >= 0:
                heading, w.heading = w.heading, None
                b.begin("alt")
                w.in_image += 1
                c = walk(w, t.children or [], s, pm, k + 2)
                w.in_image -= 1
                b.begin("heading" if heading is not None else "prose")
                w.heading = heading
                c = destination(w, _href(t), s, pm, c)
        elif tt == "footnote_ref":
            k = s.find("[^", c)
            if k >= 0:
                e = s.find("]", k)
                b.add_mapped(" ", pm.raw(k), pm.end(e + 1 if e > 0 else k + 2))
                c = e + 1 if e > 0 else k + 2
        elif tt.endswith(("_open", "_close")) and t.markup:
            k = s.find(t.markup, c)
            if k >= 0:
                c = k + len(t.markup)
        i += 1
    flush_run(w, run, s, pm)
    return c


def _matching_close(tokens, i: int, kind: str) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].type == "link_open":
            depth += 1
        elif tokens[j].type == kind:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def code_spans(doc: Document, pm: Pieces, s: str, a: int, e: int) -> None:
    """Raw spans of code content ``s[a:e]`` (one per line it covers)."""
    while a < e:
        j = s.find("\n", a, e)
        j = e if j == -1 else j
        if j > a:
            doc.code.append((pm.raw(a), pm.end(j)))
        a = j + 1


_DEST_START = re.compile(r"\(\s*")
_DEST_PLAIN = re.compile(r"[^ \t\n\r\f\v\x00-\x1f\\()]*")


def _href(t) -> str | None:
    return t.attrGet("href") if t.type == "link_open" else t.attrGet("src")


def destination(w: Walk, href: str | None, s: str, pm, c: int, same=None) -> int:
    """After a link's or image's text (whose destination the parser made ``href``):
    ``](dest "title")``, ``][label]``, ``][]`` or ``]``, read from ``s`` at cursor ``c``.

    The link is recorded where its destination is written: inline here, a reference
    link at its definition (once, see :func:`.markdown._reference_links`). ``same(url,
    href)`` says whether the destination read here is the parser's (default: equal, as
    markdown-it-py keeps hrefs as written)."""
    k = s.find("]", c)
    if k < 0:
        return c
    c = k + 1
    element = "md"
    if c < len(s) and s[c] == "(":
        m = _DEST_START.match(s, c)
        d = m.end()
        if d < len(s) and s[d] == "<":
            e = s.find(">", d + 1)
            us, ue = d + 1, e
        else:
            # ordinary characters in one step; the loop takes escapes and parentheses
            depth, e = 0, _DEST_PLAIN.match(s, d).end()
            while e < len(s):
                ch = s[e]
                if ch == "\\" and e + 1 < len(s):
                    e += 2
                    continue
                if ch in " \t\n\r\f\v" or ord(ch) < 0x20:
                    break
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        break
                    depth -= 1
                e += 1
            us, ue = d, e
        if ue is not None and ue >= us >= 0:
            written = s[us:ue]
            url = unescape_md(written)
            if (same or _same_href)(url, href):
                close = _paren_close(s, ue)
                if not w.in_image:  # a link inside an image's text is alt text
                    w.doc.links.append(Link(url, pm.raw(us), pm.end(ue), element))
                return close + 1 if close >= 0 else ue
    # a reference link: ``[label]`` may follow
    if c < len(s) and s[c] == "[":
        e = s.find("]", c)
        if e >= 0 and not s[c + 1:e].startswith("^"):
            c = e + 1
    w.ref_used.add(href or "")
    return c


def _paren_close(s: str, p: int) -> int:
    """The ``)`` closing an inline destination that ends at ``p`` (a title may follow)."""
    i = p
    if i < len(s) and s[i] == ">":
        i += 1
    while i < len(s) and s[i].isspace():
        i += 1
    if i < len(s) and s[i] in "\"'(":
        q = ")" if s[i] == "(" else s[i]
        i += 1
        while i < len(s) and s[i] != q:
            i += 2 if s[i] == "\\" else 1
        i += 1
    return s.find(")", i)


def _same_href(url: str, href: str | None) -> bool:
    """Whether the destination read here is the one markdown-it made (hrefs are kept as
    written, see :func:`.mdblocks.parser`)."""
    return href is not None and url == href


def plain_text(w: Walk, raw: str) -> bool:
    """Whether verbatim text ``raw`` is added as it is: no extended autolink can be in it
    (or none is made there) and no U+FFFD that stands for a NUL."""
    return "\ufffd" not in raw and (w.link_depth or w.in_image or _AUTOLINK_HINT.search(raw) is None)


def flush_run(w: Walk, run: list, s: str, pm: Pieces) -> None:
    """Add a run of text tokens as prose; GFM extended autolinks in it become links."""
    if not run:
        return
    b, doc = w.b, w.doc
    if w.html.stack:  # inside a raw-text element
        if w.html.code:
            code_spans(doc, pm, s, run[0][0], run[-1][1])
        return
    a0, e0 = run[0][0], run[-1][1]
    raw = s[a0:e0]
    if len(run) == 1 and run[0][2] is None and plain_text(w, raw):
        b.add(raw, pm.raw(a0))  # the common case: one verbatim token, no URL in it
        return
    spans = []
    if not w.link_depth and not w.in_image and _AUTOLINK_HINT.search(raw):
        for a, e, url in ext_autolinks(raw):
            a, e = a0 + a, a0 + e
            doc.links.append(Link(url, pm.raw(a), pm.end(e), "bare"))
            if not url.startswith("mailto:"):  # an e-mail address stays text (personal data)
                spans.append((a, e))
    si = 0
    for a, e, dec in run:
        while si < len(spans) and spans[si][1] <= a:
            si += 1
        if si < len(spans) and spans[si][0] < e:  # URLs inside this (verbatim) token
            p = a
            while si < len(spans) and spans[si][0] < e:
                ua, ue = spans[si]
                if p < ua:
                    b.add(s[p:ua], pm.raw(p))
                b.add_mapped(" ", pm.raw(max(p, ua)), pm.end(min(e, ue)))
                p = min(e, ue)
                if ue > e:
                    break
                si += 1
            if p < e:
                b.add(s[p:e], pm.raw(p))
            continue
        if dec is None:
            txt = s[a:e]
            r = pm.raw(a)
            if "\ufffd" in txt:  # markdown-it turned a NUL into U+FFFD: the text is the source's
                txt = b.source[r:r + len(txt)]
            b.add(txt, r)
        else:
            b.add_mapped(dec.replace("\xa0", " "), pm.raw(a), pm.end(e))


def html_block(w: Walk, content: str, pm: Pieces) -> None:
    html_fragment(w.doc, w.b, content, pm.raw, w.html)
