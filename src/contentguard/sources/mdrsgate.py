"""What the Markdown reader's fast path (:mod:`.mdrs`) trusts markdown-it-pyrs with.

:func:`usable` is the per-file gate (what the comparison with markdown-it-py found
markdown-it-pyrs reads otherwise, ``tests/mdcompare.py``); :func:`tree` parses, silencing
the panic markdown-it-pyrs 0.4 prints on one input; :class:`Chars` turns its byte offsets
into code points; :func:`same_encoded` compares a destination as written with its
percent-encoded one.
"""
from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from functools import lru_cache
from unicodedata import category


class Fallback(Exception):
    """The fast path cannot vouch for this file: read it with markdown-it-py."""


@lru_cache(maxsize=1)
def parser():
    """The markdown-it-pyrs instance, or None when it is not installed (or fails to load)."""
    try:
        from markdown_it_pyrs import MarkdownIt
    except Exception:  # noqa: BLE001 - any failure to load means the markdown-it-py path
        return None
    # no autolink_ext (GFM extended autolinks are found in text runs, as on the other
    # path), no heading_anchors or linkify (with them a footnote definition was dropped)
    return MarkdownIt("commonmark").enable_many(["table", "strikethrough", "tasklist", "footnote", "deflist"])


# what this path does not read like the markdown-it-py path (found by tests/mdcompare.py):
# carriage returns (markdown-it-py makes CRLF one newline), a footnote definition's text
# after two or more spaces (read as indented code there), a task marker closing its line
# (a task item for mdit-py-plugins only), ``<!-->`` and ``<!--->`` (comments there, text
# for CommonMark 0.31), a footnote definition right under a line of text
_GATE = re.compile(r"\[[ xX]\] *\n")
_NOTE_GATE = re.compile(r"\[\^[^\]\n]*\]:  ")
_NOTE_DEF = re.compile(r"^[ >]*\[\^[^\]\n]*\]:", re.M)


def is_symbol(ch: str) -> bool:
    return ch > "\x7f" and category(ch)[0] == "S"


def usable(seen: str) -> bool:
    """Whether this path may read ``seen`` (the file as markdown-it sees it)."""
    if parser() is None or "\r" in seen or _GATE.search(seen) is not None:
        return False
    if "<!-->" in seen or "<!--->" in seen:
        return False
    if "[^" in seen:
        if _NOTE_GATE.search(seen):
            return False
        # a footnote definition right under a line of text (not another definition):
        # mdit-py-plugins lets it interrupt a paragraph or a list, markdown-it-pyrs not always
        for m in _NOTE_DEF.finditer(seen):
            a = m.start()
            if a:
                prev = seen[seen.rfind("\n", 0, a - 1) + 1:a - 1]
                if prev.strip(" >") and not prev.lstrip(" >").startswith("[^"):
                    return False
    return True


class Same:
    """The position map of text read in place: a source offset is its own raw offset."""

    __slots__ = ()

    @staticmethod
    def raw(p: int) -> int:
        return p

    @staticmethod
    def end(p: int) -> int:
        return p


SAME = Same()




class Chars:
    """Byte offsets of the UTF-8 source → code-point offsets (for non-ASCII sources):
    decodes only the bytes between the nearest earlier offset already converted and the
    one asked for, so a walk in document order decodes the file once."""

    __slots__ = ("data", "bs", "cs")

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.bs = [0]
        self.cs = [0]

    def __call__(self, b: int) -> int:
        bs = self.bs
        if b >= bs[-1]:
            b0, c0 = bs[-1], self.cs[-1]
            try:
                c = c0 + len(self.data[b0:b].decode("utf-8"))
            except UnicodeDecodeError:
                raise Fallback("offset inside a character") from None
            bs.append(b)
            self.cs.append(c)
            return c
        k = bisect_right(bs, b) - 1
        try:
            return self.cs[k] + len(self.data[bs[k]:b].decode("utf-8"))
        except UnicodeDecodeError:
            raise Fallback("offset inside a character") from None


def same_encoded(url: str, href: str | None) -> bool:
    """Whether ``url`` (a destination as written, escapes and entities decoded) is
    markdown-it-pyrs's ``href``, which is percent-encoded (markdown-it's normalizeLink)."""
    if href is None:
        return False
    if url == href:
        return True
    from markdown_it.common.normalize_url import normalizeLink  # only for URLs it encoded

    return normalizeLink(url) == href


@lru_cache(maxsize=1)
def _devnull() -> int:
    return os.open(os.devnull, os.O_WRONLY)


def tree(src: str):
    """markdown-it-pyrs's tree of ``src``. Version 0.4 panics on a link label holding a
    backtick run that nothing closes (``[a `b``); the panic is caught (the file is read
    by markdown-it-py), but Rust's panic hook prints it on file descriptor 2, so where
    both characters occur that descriptor points at /dev/null for the call."""
    if "`" not in src or "[" not in src:
        return parser().tree(src)
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        os.dup2(_devnull(), 2)
        return parser().tree(src)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
