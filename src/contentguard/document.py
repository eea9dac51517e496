"""Documents: what sources produce and checks read.

A document holds the prose of one input (a page, a Markdown file, one post of a
queue) as a single string, ``text``, together with the raw offset of every
character of it in the decoded source (``starts``/``ends``). Checks match on
``text`` and hand spans of it back through :meth:`Document.raw_span`; only the
:class:`~contentguard.lineindex.LineIndex` turns raw offsets into lines and columns.

Blocks (paragraphs, table cells, list items, attributes, posts) are joined with a
newline, so a regex or a sentence splitter never runs one block into the next.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from contentguard.lineindex import LineIndex

#: Scopes of prose: what part of a document a piece of text came from.
SCOPES = ("prose", "heading", "alt", "title", "post")


@dataclass(frozen=True)
class Segment:
    """A block of ``Document.text``: ``text[start:end]`` came from ``scope``."""

    start: int
    end: int
    scope: str


@dataclass(frozen=True)
class Link:
    """A link target as the document means it (entities decoded), and where it is written."""

    url: str
    start: int  # raw offset of the first character of the URL as written
    end: int
    element: str = "a"  # a, img, link, script, source, iframe, md, md-ref, autolink, bare


@dataclass(frozen=True)
class MetaField:
    """A metadata value (front matter, ``<meta>``, JSON-LD, a post's fields) and its raw span.

    ``key`` is the field name as written (``lastmod``, ``article:modified_time``,
    ``dateModified``, ``scheduled_at``); ``origin`` says where it came from
    (``front-matter``, ``meta``, ``json-ld``, ``time``, ``post``).
    ``start``/``end`` cover the value as written, without quotes.
    """

    key: str
    value: Any
    start: int
    end: int
    origin: str


class Heading(tuple):
    """A Markdown heading: ``(plain text, explicit id or None)``, unpacked as a pair, with its
    level (1-6; 0 when unknown) as ``.level`` (some generators' ids depend on it)."""

    def __new__(cls, text: str, explicit: str | None = None, level: int = 0):
        self = tuple.__new__(cls, (text, explicit))
        self.level = level
        return self

    def __getnewargs__(self):
        return (self[0], self[1], self.level)


@dataclass
class Document:
    path: str  # as given on the command line (or a URL for audits)
    kind: str  # html, markdown, text, post
    source: str  # the whole decoded file, BOM dropped
    lines: LineIndex
    text: str = ""
    starts: "OffsetMap" = None  # raw offset of each character of text
    ends: "OffsetMap" = None  # raw offset just past each character
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    meta: list[MetaField] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # ids, names, heading slugs
    #: Markdown headings in order: (plain text, explicit id or None) with ``.level``
    #: (:class:`Heading`); a site profile slugs them
    headings: list[tuple[str, str | None]] = field(default_factory=list)
    #: raw (start, end) spans of published code: code blocks, inline code, comments, <pre>
    code: list[tuple[int, int]] = field(default_factory=list)
    #: published code as text with its own offset map, where raw spans would not do (HTML:
    #: ``<pre>``/``<code>`` with highlighting tags dropped and entities decoded, comments)
    code_text: "Document | None" = None
    lang: str | None = None
    #: for posts: their index in the queue and their fields (channel, author, tags, id)
    post_index: int | None = None
    post: dict[str, Any] = field(default_factory=dict)
    #: the post's scheduled time (a MetaField whose value is an aware or naive datetime)
    scheduled: MetaField | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw source offsets of ``text[start:end]`` (end exclusive)."""
        if not self.text:
            return 0, 0
        start = min(start, len(self.text) - 1)
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[min(end, len(self.text)) - 1]

    def meta_value(self, *keys: str) -> MetaField | None:
        for m in self.meta:
            if m.key in keys:
                return m
        return None

    def scope_at(self, pos: int) -> str:
        for seg in self.segments:
            if seg.start <= pos < seg.end:
                return seg.scope
        return "prose"


class OffsetMap:
    """Raw offset of each character of ``Document.text``, stored as runs.

    Most text is copied verbatim (raw offset = run start + index), so runs are far
    cheaper than one integer per character; decoded entities and escapes are runs
    whose characters all stand for one raw span, and decoders with an explicit
    offset per character keep their lists. ``m[i]`` works like a list.
    """

    __slots__ = ("_t0", "_runs", "_n", "_end")

    def __init__(self, t0: list, runs: list, n: int, end: bool) -> None:
        self._t0, self._runs, self._n, self._end = t0, runs, n, end

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        k = bisect_right(self._t0, i) - 1
        t0, kind, a, b = self._runs[k]
        if kind == 0:  # verbatim: a = raw start
            return a + (i - t0) + (1 if self._end else 0)
        if kind == 1:  # constant: a = raw start, b = raw end
            return b if self._end else a
        return (b if self._end else a)[i - t0]  # explicit lists

    def __iter__(self):
        return (self[i] for i in range(self._n))


class TextBuilder:
    """Builds ``Document.text`` with its offset map, one piece at a time."""

    def __init__(self, source: str = "") -> None:
        self.source = source
        self._parts: list[str] = []
        self._t0: list[int] = []
        self._runs: list[tuple] = []
        self._len = 0
        self.segments: list[Segment] = []
        self._seg_start = 0
        self._seg_scope = "prose"
        self._last_end = 0

    def __len__(self) -> int:
        return self._len

    def _run(self, text: str, kind: int, a, b, last_end: int) -> None:
        self._parts.append(text)
        self._t0.append(self._len)
        self._runs.append((self._len, kind, a, b))
        self._len += len(text)
        self._last_end = last_end

    def add(self, text: str, raw_start: int) -> None:
        """Text copied verbatim from the source at ``raw_start``."""
        if text:  # _run, inlined: the HTML reader adds a piece per text between tags
            n = len(text)
            self._parts.append(text)
            self._t0.append(self._len)
            self._runs.append((self._len, 0, raw_start, None))
            self._len += n
            self._last_end = raw_start + n

    def add_mapped(self, text: str, raw_start: int, raw_end: int) -> None:
        """Decoded text (an entity, an escape) standing for ``source[raw_start:raw_end]``."""
        if text:
            self._run(text, 1, raw_start, raw_end, raw_end)

    def add_offsets(self, text: str, starts, ends) -> None:
        """Text with an explicit offset per character (from a string decoder)."""
        if text:
            self._run(text, 2, list(starts), list(ends), ends[-1])

    def sep(self, s: str = "\n") -> None:
        """A separator that stands for no source text (never at the start, never doubled)."""
        if not self._len or self._parts[-1].endswith(s):
            return
        e = self._last_end  # _run, inlined: the HTML reader adds one per block tag
        self._parts.append(s)
        self._t0.append(self._len)
        self._runs.append((self._len, 1, e, e))
        self._len += len(s)

    def begin(self, scope: str) -> None:
        """Start a new block of ``scope`` (closes the current block)."""
        self.end_block()
        self.sep()
        self._seg_start = self._len
        self._seg_scope = scope

    def end_block(self) -> None:
        if self._len > self._seg_start:
            self.segments.append(Segment(self._seg_start, self._len, self._seg_scope))
        self._seg_start = self._len
        self._seg_scope = "prose"

    def into(self, doc: Document) -> Document:
        self.end_block()
        doc.text = "".join(self._parts)
        doc.starts = OffsetMap(self._t0, self._runs, self._len, False)
        doc.ends = OffsetMap(self._t0, self._runs, self._len, True)
        doc.segments = self.segments
        return doc
