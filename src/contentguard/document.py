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

from array import array
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


@dataclass
class Document:
    path: str  # as given on the command line (or a URL for audits)
    kind: str  # html, markdown, text, post
    source: str  # the whole decoded file, BOM dropped
    lines: LineIndex
    text: str = ""
    starts: array = field(default_factory=lambda: array("l"))
    ends: array = field(default_factory=lambda: array("l"))
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    meta: list[MetaField] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # ids, names, heading slugs
    lang: str | None = None
    #: for posts: their index in the queue and their fields (channel, author, tags, id)
    post_index: int | None = None
    post: dict[str, Any] = field(default_factory=dict)
    #: the post's scheduled time (a MetaField whose value is an aware or naive datetime)
    scheduled: MetaField | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw source offsets of ``text[start:end]`` (end exclusive)."""
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]

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


class TextBuilder:
    """Builds ``Document.text`` with its offset map, one piece at a time."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts = array("l")
        self._ends = array("l")
        self._len = 0
        self.segments: list[Segment] = []
        self._seg_start = 0
        self._seg_scope = "prose"
        self._last_end = 0

    def __len__(self) -> int:
        return self._len

    def add(self, text: str, raw_start: int) -> None:
        """Text copied verbatim from the source at ``raw_start``."""
        if not text:
            return
        n = len(text)
        self._parts.append(text)
        self._starts.extend(range(raw_start, raw_start + n))
        self._ends.extend(range(raw_start + 1, raw_start + n + 1))
        self._len += n
        self._last_end = raw_start + n

    def add_mapped(self, text: str, raw_start: int, raw_end: int) -> None:
        """Decoded text (an entity, an escape) standing for ``source[raw_start:raw_end]``."""
        if not text:
            return
        n = len(text)
        self._parts.append(text)
        self._starts.extend([raw_start] * n)
        self._ends.extend([raw_end] * n)
        self._len += n
        self._last_end = raw_end

    def add_offsets(self, text: str, starts, ends) -> None:
        """Text with an explicit offset per character (from a string decoder)."""
        if not text:
            return
        self._parts.append(text)
        self._starts.extend(starts)
        self._ends.extend(ends)
        self._len += len(text)
        self._last_end = ends[-1]

    def sep(self, s: str = "\n") -> None:
        """A separator that stands for no source text (never at the start, never doubled)."""
        if not self._len or (self._parts and self._parts[-1].endswith(s)):
            return
        self._parts.append(s)
        self._starts.extend([self._last_end] * len(s))
        self._ends.extend([self._last_end] * len(s))
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
        doc.starts = self._starts
        doc.ends = self._ends
        doc.segments = self.segments
        return doc
