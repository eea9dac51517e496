"""Heading ids, one pure function per generator's slug algorithm.

Each function takes a page's headings in document order, as ``(plain text, explicit id or
None)`` (``Document.headings``), and returns the id each heading gets, in order: the
explicit id when there is one, else the generator's slug with its own rule for duplicates.
Each is checked against the real implementation where it can run here (the cases are kept
as test data in ``tests/test_site_slugs.py``). Sections are owned per generator family:
add a function, don't rewrite another's.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

Headings = Sequence[tuple[str, "str | None"]]

__all__ = ["SlugCounter", "first_free", "github", "github_slug", "kramdown", "kramdown_gfm",
           "redcarpet", "tech_docs"]


def first_free(base: str, seen: set[str], start: int = 1) -> str:
    """``base``, else ``base-<start>``, ``base-<start + 1>`` ...: the first not in ``seen``,
    added to it. The duplicate rule of goldmark (Hugo), Zola and markdown-it-anchor."""
    slug, i = base, start
    while slug in seen:
        slug = f"{base}-{i}"
        i += 1
    seen.add(slug)
    return slug


# --- GitHub (the plain reading; also jekyll-commonmark-ghpages) ---------------------------
_NOT_GITHUB_ASCII = re.compile(r"[^a-z0-9_ -]")


def github_slug(heading: str) -> str:
    """GitHub's heading anchor: lower-cased, punctuation dropped, spaces to hyphens."""
    s = heading.strip().lower()
    if s.isascii():  # the same rule in one pass: letters, digits and "_" kept, " " and "-" to "-"
        return _NOT_GITHUB_ASCII.sub("", s).replace(" ", "-")
    out = []
    for ch in s:
        if ch == " " or ch == "-":
            out.append("-")
        elif ch == "_" or ch.isalnum():
            out.append(ch)
        elif unicodedata.category(ch).startswith(("L", "N", "M")):
            out.append(ch)
    return "".join(out)


class SlugCounter:
    """GitHub's duplicate rule: the second ``x`` is ``x-1``, the third ``x-2``."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, heading: str) -> str:
        base = github_slug(heading)
        n = self.seen.get(base)
        if n is None:
            self.seen[base] = 0
            return base
        self.seen[base] = n + 1
        return f"{base}-{n + 1}"


def github(headings: Headings) -> list[str]:
    slug = SlugCounter()
    return [explicit if explicit else slug(text) for text, explicit in headings]


# --- kramdown (Jekyll, Middleman's default engine) -----------------------------------------
def _ruby_word(ch: str) -> bool:
    """Ruby's ``\\p{Word}``: letters, marks, decimal numbers, connector punctuation."""
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Pc")


def kramdown_gfm(headings: Headings, prefix: str = "") -> list[str]:
    """kramdown-parser-gfm's ``generate_gfm_header_id`` (Jekyll's default ``input: GFM``):
    lower-cased, every character but ``\\p{Word}``, ``-``, space and tab dropped, spaces and
    tabs to ``-``; the second ``x`` is ``x-1``. ``prefix`` is ``auto_id_prefix``. kramdown
    has turned ``---``, ``--`` and ``...`` into dashes and an ellipsis first, which go."""
    seen: dict[str, int] = {}
    out = []
    for text, explicit in headings:
        if explicit:
            out.append(explicit)
            continue
        s = text.lower().replace("---", "").replace("--", "")
        s = "".join(ch for ch in s if ch in "- \t" or _ruby_word(ch))
        s = s.replace(" ", "-").replace("\t", "-")
        n = seen[s] = seen.get(s, -1) + 1
        out.append(prefix + (f"{s}-{n}" if n else s))
    return out


_NOT_ID = re.compile(r"[^a-zA-Z0-9 \-]")


def _kramdown_basic(text: str, transliterate: bool) -> str:
    if transliterate:  # kramdown's Unidecoder (stringex); NFKD and drop the marks is its core
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    s = re.sub(r"^[^a-zA-Z]+", "", text)
    s = _NOT_ID.sub("", s)
    return s.replace(" ", "-").lower()


def kramdown(headings: Headings, prefix: str = "", transliterate: bool = False) -> list[str]:
    """kramdown's own ``generate_id`` (``input: kramdown``, ``auto_ids: true``): leading
    non-letters dropped, everything but ASCII letters, digits, space and ``-`` dropped,
    spaces to ``-``, lower-cased, ``section`` when empty; the second ``x`` is ``x-1``.
    ``transliterated_header_ids`` first turns accented letters into ASCII.

    kramdown slugs the heading's raw source (``[a](b)`` counts ``ab``); this reads the
    heading's plain text, so a heading with a link or markup may differ."""
    used: dict[str, int] = {}
    out = []
    for text, explicit in headings:
        if explicit:
            out.append(explicit)
            continue
        s = _kramdown_basic(text, transliterate) or "section"
        if s in used:
            used[s] += 1
            s = f"{s}-{used[s]}"
        else:
            used[s] = 0
        out.append(prefix + s)
    return out


# --- Redcarpet (Middleman with ``with_toc_data``; GOV.UK tech docs) ------------------------
_HTML_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_STRIPPED = set(" -&+$,/:;=?@\"#{}|^~[]`\\*()%.!'")


def _escape(text: str) -> str:
    """The heading's HTML as Redcarpet hands it to the renderer (its text escaped so)."""
    return "".join(_HTML_ESCAPE.get(ch, ch) for ch in text)


def _djb2(data: bytes) -> str:
    h = 5381
    for b in data:
        h = (h * 33 + b) & 0xFFFFFFFFFFFFFFFF  # C's unsigned long
    return f"part-{h:x}"


def redcarpet(headings: Headings) -> list[str]:
    """Redcarpet's ``rndr_header_anchor`` (``with_toc_data: true``) over the rendered heading:
    entities (``&amp;``) and tags skipped, non-ASCII and ``STRIPPED`` punctuation runs become
    one ``-`` (none leading or trailing), ASCII lower-cased; an empty result is ``part-`` and
    the djb2 hash. Duplicates are not numbered: they share one id."""
    out = []
    for text, explicit in headings:
        if explicit:
            out.append(explicit)
            continue
        a = _escape(text.replace("\t", " ")).encode("utf-8")  # Redcarpet expands tabs
        buf = bytearray()
        i, stripped, inserted = 0, False, 0
        while i < len(a):
            c = a[i]
            if c == 0x3C:  # '<': skip the tag
                while i < len(a) and a[i] != 0x3E:
                    i += 1
            elif c == 0x26:  # '&': skip the entity
                while i < len(a) and a[i] != 0x3B:
                    i += 1
            elif c > 127 or chr(c) in _STRIPPED:
                if inserted and not stripped:
                    buf.append(0x2D)
                stripped = True
            else:
                buf.append(ord(chr(c).lower()))
                stripped = False
                inserted += 1
            i += 1
        if stripped and inserted:
            buf = buf[:-1]
        out.append(buf.decode("ascii") if inserted else _djb2(a) if a else "")
    return out


def _tech_docs_slug(text: str) -> str:
    s = _escape(text).lower().strip()
    s = re.sub(r"</?[^>]+?>", "", s)
    s = re.sub(r"[^0-9a-z]+", "-", s)
    return s.strip("-")


def tech_docs(headings: Headings) -> list[str]:
    """GOV.UK tech docs (govuk_tech_docs gem, ``UniqueIdentifierGenerator``) over the heading
    as Redcarpet renders it (``&`` as ``&amp;``, ``'`` as ``&#39;``): lower-cased, tags
    removed, runs of anything but ``0-9a-z`` to ``-``, dashes trimmed. A duplicate is first
    prefixed with the id of the closest earlier heading of a higher level (``.level``), then,
    if still taken, numbered ``-2``, ``-3``."""
    out: list[str] = []
    done: list[tuple[str, int]] = []
    for h in headings:
        text, explicit = h
        level = getattr(h, "level", 0)
        if explicit:
            out.append(explicit)
            continue
        s = _tech_docs_slug(text)
        taken = {a for a, _l in done}
        if s in taken:
            parent = next((a for a, lv in reversed(done) if lv < level), None)
            if parent is not None:
                s = f"{parent}-{s}"
        if s in taken:
            n = 2
            while f"{s}-{n}" in taken:
                n += 1
            s = f"{s}-{n}"
        done.append((s, level))
        out.append(s)
    return out
