"""Markdown bodies read by markdown-it-py (CommonMark 0.31 + GFM), positions mapped back.

markdown-it-py parses; this module only maps what it made back to exact code-point
offsets of the source. Block tokens carry line maps; an inline token's ``content`` is
its block's text with container markers (``>``, list indentation) and the block's own
syntax (``#``, table pipes) stripped, one content line per source line, so each content
line is located inside its source line (:class:`Pieces`). Inline children carry no
positions at all: :mod:`contentguard.sources.mdinline` walks them in order with a
cursor over the content, which works because markdown-it's text tokens are verbatim
slices of it (``text_join`` is turned off so escapes and entities stay separate tokens
with their source form in ``markup``).

What becomes what:

* paragraphs, headings, table cells, list items, definition lists, footnote text → prose
  (heading text in the ``heading`` scope, image alt in ``alt``);
* fenced and indented code, inline code, HTML comments, raw HTML ``<pre>``/``<code>``
  → ``Document.code`` (published, so checked for structured personal data; never prose);
* link and image destinations, used reference definitions, autolinks and GFM extended
  autolinks → ``Document.links``; footnote references and definitions are never links.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from contentguard.document import Document, Link, TextBuilder
from contentguard.sources import mdspeed
from contentguard.sources._text import decode_entities, unescape_attribute
from contentguard.sources.html import URL_ATTRS


@lru_cache(maxsize=2)
def parser(tasks: bool = True):
    """The MarkdownIt instance (:func:`build`), made on first use; ``tasks=False`` is the
    same without the task-list plugin."""
    return build(tasks=tasks)


# what a task-list item starts with (mdit-py-plugins' rule: ``[ ]``, ``[x]`` or ``[X]`` and
# whitespace): verbatim in the source, as the markers are on one line
_TASK = re.compile(r"\[[ xX]\][ \t\n\v\f\r]")


def tokens(src: str, env: dict) -> list:
    """markdown-it's tokens of ``src``. The task-list plugin looks at every token of a
    page for a list item that starts with a task marker; a page with no marker at all is
    parsed without it, to the same tokens."""
    return parser(_TASK.search(src) is not None).parse(src, env)


def build(less_work: bool = True, tasks: bool = True):
    """A MarkdownIt instance: CommonMark + GFM tables, strikethrough and task lists,
    footnotes, definition lists; ``less_work`` applies :func:`.mdspeed.configure` (the same
    tokens for less work: the tests compare with an instance built without it)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark")  # its maxNesting (20) also bounds the work on "[[[[..."
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    if tasks:
        md.use(tasklists_plugin)
    md.core.ruler.disable("text_join")  # keep escapes/entities as their own tokens (positions)
    # hrefs as written (escapes and entities decoded), not percent-encoded for an HTML page:
    # the link check wants the destination the author meant, and encoding every URL costs
    # more than a seventh of the reading time
    md.normalizeLink = _as_written
    if less_work:
        mdspeed.configure(md)
    return md


def children(t) -> list:
    """An inline token's children; plain content is left unparsed by the parser (None) and
    its text and line-break tokens are made here (:func:`.mdspeed.plain_children`)."""
    return t.children if t.children is not None else mdspeed.plain_children(t.content)


def _as_written(url: str) -> str:
    return url


class Pieces:
    """Maps offsets of a block's content string back to raw source offsets.

    ``content`` splits on ``\\n`` into one piece per source line, starting at line
    ``first`` (0-based). Each piece is found inside its line: as the line's suffix (a
    paragraph line: the container prefix is all that was stripped) or, for cells and
    headings, at the first occurrence after ``cursor``. A tab that a container expanded
    into spaces is lined up on the piece's own text. A piece that cannot be found maps to
    the start of its line (never seen on the spec examples), so positions degrade to the
    right line, never crash.
    """

    __slots__ = ("c0", "r0", "exact")

    def __init__(self, content: str, first: int, src: str, starts: list[int],
                 suffix: bool = True, cursor: int = 0) -> None:
        self.c0: list[int] = []
        self.r0: list[int] = []
        self.exact = True
        c = 0
        n_lines = len(starts)
        for k, piece in enumerate(content.split("\n")):
            ln = first + k
            if ln >= n_lines:
                ln = n_lines - 1
            ls = starts[ln]
            le = starts[ln + 1] - 1 if ln + 1 < n_lines else len(src)
            if le > ls and src[le - 1] == "\r":
                le -= 1
            idx = -1
            if piece:
                if suffix and not piece[-1].isspace() and src.endswith(piece, ls, le):
                    # the common case, checked without copying the line: the piece ends
                    # the line and has no trailing space
                    idx = le - ls - len(piece)
                    self.c0.append(c)
                    self.r0.append(ls + idx)
                    c += len(piece) + 1
                    continue
                line = src[ls:le]
                if suffix:
                    pr = piece.rstrip()
                    st = line.rstrip()
                    if pr and st.endswith(pr):
                        idx = len(st) - len(pr)
                if idx < 0:
                    idx = line.find(piece, cursor if k == 0 else 0)
                if idx < 0:
                    lead = len(piece) - len(piece.lstrip())
                    j = line.find(piece.lstrip(), cursor if k == 0 else 0) if piece.strip() else -1
                    if j >= 0:
                        # a tab the container expanded into spaces: the piece's own text
                        # lines up from ``j``; its virtual leading spaces fall before it
                        idx = j - lead
                    else:
                        self.exact = False
                        idx = 0
            self.c0.append(c)
            self.r0.append(ls + idx)
            c += len(piece) + 1

    def raw(self, p: int) -> int:
        k = bisect_right(self.c0, p) - 1
        return self.r0[k] + p - self.c0[k]

    def end(self, p: int) -> int:
        """Raw offset just past content offset ``p - 1`` (an exclusive end)."""
        return self.raw(p - 1) + 1 if p > 0 else self.raw(0)


# --- HTML fragments (HTML blocks, inline HTML) ---------------------------------------

_HTML_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)|<![A-Za-z].*?(?:>|$)|<!\[CDATA\[.*?(?:\]\]>|$)"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.S)
_URL_ATTR = re.compile(r"""(?<![\w-])([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_ID_ATTR = re.compile(r"""(?<![\w-])(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_ALT_ATTR = re.compile(r"""(?<![\w-])alt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
#: elements whose text is never prose; the first two are code (checked for personal data)
RAW_TEXT = {"pre", "code", "script", "style", "textarea", "template", "svg", "math"}
CODE_TEXT = {"pre", "code"}


class HtmlState:
    """Open raw-text elements, carried across inline HTML tokens and blocks of a document."""

    __slots__ = ("stack",)

    def __init__(self) -> None:
        self.stack: list[str] = []

    @property
    def raw(self) -> bool:
        return bool(self.stack)

    @property
    def code(self) -> bool:
        return any(t in CODE_TEXT for t in self.stack)


def html_tag(doc: Document, tag: str, at, st: HtmlState, b: TextBuilder | None = None) -> None:
    """Links (href/src), anchors (id/name) and ``alt`` text of one tag; ``at(i)`` maps
    offsets of ``tag`` to raw offsets. Updates the raw-text element stack."""
    if tag.startswith("<!--"):
        s, e = at(0), at(len(tag) - 1) + 1
        doc.code.append((s, e))
        return
    m = _TAG_NAME.match(tag)
    if not m:
        return
    name = m.group(1).lower()
    closing = tag.startswith("</")
    if closing:
        if name in st.stack:
            while st.stack and st.stack.pop() != name:
                pass
        return
    attrs = URL_ATTRS.get(name)
    if attrs and not st.code:
        for am in _URL_ATTR.finditer(tag):
            if am.group(1).lower() not in attrs or am.group(1).lower() == "srcset":
                continue
            g = next(i for i in (2, 3, 4) if am.group(i) is not None)
            v = am.group(g)
            if v.strip():
                lead = len(v) - len(v.lstrip())
                s = am.start(g) + lead
                doc.links.append(Link(_unescape_attr(v.strip()), at(s), at(s + len(v.strip()) - 1) + 1,
                                      name))
    for im in _ID_ATTR.finditer(tag):
        if im.group(1).lower() == "name" and name not in ("a", "map"):
            continue
        v = next(im.group(i) for i in (2, 3, 4) if im.group(i) is not None)
        if v:
            doc.anchors.add(_unescape_attr(v))
    if b is not None and not st.raw:
        for am in _ALT_ATTR.finditer(tag):
            g = 1 if am.group(1) is not None else 2
            v = am.group(g)
            if v.strip():
                b.begin("alt")
                b.add_mapped(_unescape_attr(v), at(am.start(g)), at(am.end(g) - 1) + 1) \
                    if "&" in v else b.add(v, at(am.start(g)))
                b.begin("prose")
    if name in RAW_TEXT and not tag.endswith("/>"):
        st.stack.append(name)


def _unescape_attr(v: str) -> str:
    # the standard's attribute rule: "?a=1&region=us" keeps "&region" (html.unescape read "®ion")
    return unescape_attribute(v)


def html_fragment(doc: Document, b: TextBuilder, s: str, at, st: HtmlState) -> None:
    """Raw HTML (a block, or inline HTML between Markdown): tags give links and anchors,
    comments and ``<pre>``/``<code>`` text are code, other text between tags is prose."""
    pos = 0
    for m in _HTML_TOKEN.finditer(s):
        _html_text(doc, b, s, pos, m.start(), at, st, decode_entities)
        html_tag(doc, m.group(0), lambda i, o=m.start(): at(o + i), st, b)
        pos = m.end()
    _html_text(doc, b, s, pos, len(s), at, st, decode_entities)


def _html_text(doc, b, s, a, e, at, st, decode_entities) -> None:
    if e <= a:
        return
    if st.raw:
        if st.code and s[a:e].strip():
            doc.code.append((at(a), at(e - 1) + 1))
        return
    # text between tags, line by line (a fragment's lines are not contiguous in the source
    # inside a container)
    i = a
    while i < e:
        j = s.find("\n", i, e)
        j = e if j == -1 else j
        if j > i and s[i:j].strip():
            r = at(i)
            if "&" in s[i:j]:
                decode_entities(b.source, r, r + (j - i), b)
            else:
                b.add(s[i:j], r)
        if j < e:
            b.sep("\n")
        i = j + 1


def cell_start(b: TextBuilder, seen: str, at: int, first: bool) -> None:
    """Open a table cell whose text starts at raw offset ``at``: the cells of a row are one
    block written "| a | b", as in the source (checks know a table row by its leading
    pipe), so a space between cells and the cell's own pipe go in first. Both Markdown
    readers place their cells with it."""
    j = at - 1
    while j >= 0 and seen[j] in " \t":
        j -= 1
    if not first:
        b.add_mapped(" ", at, at)
    if j >= 0 and seen[j] == "|":
        b.add("|", j)
        b.add_mapped(" ", at, at)

