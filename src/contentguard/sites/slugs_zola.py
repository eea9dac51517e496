"""Heading ids and path slugs as Zola makes them: ``[slugify] anchors`` / ``paths``.

From Zola's ``components/utils/src/slugs.rs`` and ``components/markdown/src/markdown.rs``:

* ``on`` (the default) is the ``slug`` crate: ASCII letters and digits kept (lower-cased),
  every other run of characters becomes one ``-``, none at either end; a non-ASCII
  character is first spelled in ASCII by ``deunicode`` (``héhé`` → ``hehe``, ``日本`` →
  ``ri-ben``, ``🚀 Start`` → ``rocket-start``), read here from that crate's own tables
  (version 1.6.2, the one Zola's ``Cargo.lock`` pins; ``data/deunicode-LICENSE.txt``);
* ``safe`` and ``off``: for anchors, ASCII whitespace becomes ``_`` and nothing else
  changes; for paths, ``safe`` drops ``<>:"/\\|?*`` and trailing spaces and dots, ``off``
  keeps the text as it is;
* the heading text is its text and inline code (not raw HTML); explicit ``{#id}`` ids are
  taken first, then each automatic id that is taken gets ``-1``, ``-2`` ... (Zola's
  ``find_anchor``).
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources
from typing import Sequence

from contentguard.sites.slugs import first_free

__all__ = ["STRATEGIES", "deunicode_char", "slug_crate", "zola_anchors", "zola_slug_anchor", "zola_slug_path"]

STRATEGIES = ("on", "safe", "off")

@lru_cache(maxsize=1)
def _deunicode_table() -> tuple[bytes, str]:
    data = resources.files(__package__).joinpath("data")
    pointers = gzip.decompress(data.joinpath("deunicode-pointers.bin.gz").read_bytes())
    mapping = gzip.decompress(data.joinpath("deunicode-mapping.txt.gz").read_bytes()).decode("ascii")
    return pointers, mapping


def deunicode_char(ch: str) -> str | None:
    """``deunicode::deunicode_char``: the ASCII spelling of one character, None if unknown.
    The crate's own tables (3 bytes per code point: two characters inline, or an offset
    and a length into the mapping text)."""
    pointers, mapping = _deunicode_table()
    i = ord(ch) * 3
    if i + 3 > len(pointers):
        return None
    c0, c1, n = pointers[i], pointers[i + 1], pointers[i + 2]
    if n <= 2:
        return bytes((c0, c1)[:n]).decode("ascii")
    pos = c0 | c1 << 8
    if pos + n > len(mapping):
        return None  # unknown characters point past the end on purpose
    return mapping[pos:pos + n]


def slug_crate(text: str) -> str:
    """The ``slug`` crate's ``slugify``."""
    out: list[str] = []
    dash = True  # no leading '-'
    for ch in text:
        spelled = ch if ord(ch) < 128 else deunicode_char(ch)
        for c in ("-" if spelled is None else spelled):
            if "a" <= c <= "z" or "0" <= c <= "9":
                out.append(c)
                dash = False
            elif "A" <= c <= "Z":
                out.append(c.lower())
                dash = False
            elif not dash:
                out.append("-")
                dash = True
    if out and out[-1] == "-":
        out.pop()
    return "".join(out)


def zola_slug_anchor(text: str, strategy: str = "on") -> str:
    if strategy == "on":
        return slug_crate(text)
    return "".join("_" if c in " \t\n\r\x0c" else c for c in text)


def zola_slug_path(text: str, strategy: str = "on") -> str:
    if strategy == "on":
        return slug_crate(text)
    if strategy == "safe":
        return "".join(c for c in text.rstrip(" .") if c not in '<>:"/\\|?*')
    return text


def zola_anchors(headings: Sequence[tuple[str, str | None]], strategy: str = "on") -> list[str]:
    """The ids Zola gives these headings (plain text, explicit id or None), in order."""
    taken = [e for _, e in headings if e]
    seen = set(taken)
    out: list[str] = []
    for text, explicit in headings:
        if explicit:
            out.append(explicit)
            continue
        out.append(first_free(zola_slug_anchor(text, strategy), seen))
    return out
