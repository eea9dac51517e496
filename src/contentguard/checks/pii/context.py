"""Sensitive context: the words that make a name beside them sensitive, found in one pass."""
from __future__ import annotations

import re

from .common import data_lines, lazy_re


def context_words() -> list[str]:
    """The package's context words (``data/context_words.txt``): matched at a word start,
    case-insensitive, as a prefix; a trailing space asks for the whole word."""
    return [w[:-2] + " " if w.endswith(" $") else w for w in data_lines("context_words")]


#: context words that need more than a prefix: a case reference, not "in this case"
CONTEXT_PATTERNS = [("case", lazy_re(
    r"case\s*(?:no\b|number|ref|reference|file|notes?|summary|history|#|[A-Z]{0,4}-?\d)", re.I))]

#: ASCII punctuation -> space, so "complaint," and "HR:" match at word boundaries
CTX_CHARS = "\n\t\r.,;:!?()[]{}\"'/\\|*_#<>=+~`@$%^-\u00a0\u2019\u2013\u2014"
#: the same, one character for one space: ``re.sub`` over a character class runs in C,
#: about 8x faster than ``str.translate`` with a table (a dict lookup per character)
_CTX_RE = re.compile("[" + re.escape(CTX_CHARS) + "]")


def build_context_finder(extra: list[str]):
    """An Aho-Corasick automaton over " word" keys: one pass over the text, any number of words."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in context_words() + [x.lower() for x in extra]:
        key = " " + w.lower().replace("-", " ")
        auto.add_word(key, (len(key), None))
    for head, pat in CONTEXT_PATTERNS:
        key = " " + head
        auto.add_word(key, (len(key), pat))
    auto.make_automaton()
    return auto


def find_context(auto, text: str) -> list[int]:
    """Start offsets (in ``text``) of the sensitive-context words in it."""
    low = text.lower()
    if len(low) != len(text):  # lower() changed the length (İ): keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    norm = " " + _CTX_RE.sub(" ", low) + " "
    out = []
    for end, (n, pat) in auto.iter(norm):
        # norm[end - n + 1] is the key's leading space; the word starts one later, and
        # norm is one character ahead of text
        start = end - n + 1
        if pat is not None and not pat.match(text, start):
            continue
        out.append(start)
    return out
