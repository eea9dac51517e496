"""Cheap tests that let a check skip a slow regular expression: whether a text can hold a
case-insensitive match of some ASCII words at all.

Python's ``re`` skips ahead quickly only to a literal prefix or a character class a
pattern starts with; a case-insensitive alternation of words, or a pattern behind a
look-behind, is tried at every position of the text (about 0.1 µs a character: over a
millisecond on a 5 KB page). A lower-cased text and ``str.__contains__`` answer "no match
possible" far faster, and exactly: under ``(?i)`` an ASCII letter matches only its two
cases and the four characters of :data:`CASE_ODD`, so a text without those holds a
match of an ASCII word only where its lower-cased form holds the word itself.
"""
from __future__ import annotations

from functools import lru_cache

#: the characters other than ASCII letters that ``re``'s ``(?i)`` matches to an ASCII
#: letter, or whose ``str.lower()`` holds one: İ, ı, ſ and the Kelvin sign
#: (tests/test_literals.py checks every code point)
CASE_ODD = "\u0130\u0131\u017f\u212a"


#: from this many words on, one Aho-Corasick pass over the text (pyahocorasick, in C)
#: beats a substring search per word: on the 5 KB bench pages 66 words took 231 µs one
#: search at a time and 50 µs in one pass, 19 words 49 and 38 µs; below ~15 words the
#: searches win (each skips through the text in C; the pass visits every character)
AUTOMATON_FROM = 16


@lru_cache(maxsize=64)
def _automaton(words: tuple):
    import ahocorasick

    if not all(words):
        return None  # an empty word is in every text
    auto = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for w in words:
        auto.add_word(w)
    auto.make_automaton()
    return auto


def may_hold(text: str, words) -> bool:
    """False only when no case-insensitive match of any of ``words`` (lower-case ASCII
    strings; a tuple of :data:`AUTOMATON_FROM` or more is searched in one pass) can be in
    ``text``; True when one may be (then run the real pattern)."""
    low = lowered(text)
    if low is None:  # a letter (?i) reads as an ASCII one its lower case is not: maybe
        return True
    if len(words) >= AUTOMATON_FROM and isinstance(words, tuple):
        auto = _automaton(words)
        return auto is None or next(auto.iter(low), None) is not None
    return any(w in low for w in words)


def lowered(text: str) -> str | None:
    """``text.lower()`` where it can stand for ``text`` in a case-insensitive match of a
    pattern written in lower-case ASCII letters (run case-sensitively on it, at the same
    offsets): None when the text holds one of :data:`CASE_ODD` (which ``(?i)`` matches to
    an ASCII letter its lower case is not) or lower-casing changed its length."""
    if not text.isascii() and any(c in text for c in CASE_ODD):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


def finditer_from(rx, starts, text: str, pos: int = 0, endpos: int | None = None):
    """``rx.finditer(text, pos, endpos)``, for a pattern whose every match is non-empty
    and starts where ``starts`` (a pattern that begins with a character class: the engine
    skips to it) matches: ``rx`` is tried only there. For a pattern that cannot begin with
    its class (optional groups ahead of it, a look-behind): the same matches, in order
    (``rx.match`` at a position sees the text before it, as ``finditer`` does)."""
    if endpos is None:
        endpos = len(text)
    while True:
        c = starts.search(text, pos, endpos)
        if c is None:
            return
        m = rx.match(text, c.start(), endpos)
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()
