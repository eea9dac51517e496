"""How the brands check reads text: the normalised matching copy (:func:`fold`,
:func:`keep_case`: NFKD without combining marks, separators dropped, Arabic letter forms
unified, TR39 homoglyphs mapped to Latin, case folded), the map from that copy back to
the original offsets, the token-boundary tests that decide whether a candidate is a
mention, and :func:`find_mentions`, one Aho-Corasick pass of a compiled pack
(:class:`contentguard.checks.brandpacks.Compiled`) over a text."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from contentguard.lineindex import LineIndex

if TYPE_CHECKING:
    from contentguard.checks.brandpacks import Compiled, Pat

# Characters dropped from the matching copy: word separators people vary.
_SEPARATORS = set(
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"  # spaces (not the newline: blocks stay apart)
    "-\u2010\u2011\u00ad\u2212"  # hyphens, soft hyphen, minus
    "'\u2019\u2018\u02bc\u02bb`\u00b4"  # apostrophes
    "\u200b\u200c\u200d\u2060\ufeff\u0640"  # zero-width characters, Arabic tatweel
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
)
#: scripts whose letters TR39 lists as look-alikes of Latin ones (the disguises in use)
_HOMOGLYPH_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU", "LATIN")
HOMOGLYPHS: set[int] = set()  # code points mapped through the confusables table


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Non-ASCII letter → the one ASCII letter TR39 says it is confusable with.

    From the maintained ``confusable-homoglyphs`` data (Unicode confusables.txt); an
    empty table when the package is missing (matching then simply ignores homoglyphs)."""
    try:
        import importlib.resources
        import json

        data = json.loads(importlib.resources.files("confusable_homoglyphs")
                          .joinpath("confusables.json").read_text(encoding="utf-8"))
    except Exception:  # pragma: no cover - a broken install loses homoglyphs, nothing else
        return {}
    out = {}
    for ch, alts in data.items():
        if len(ch) != 1 or ch.isascii():
            continue
        cands = {a["c"].strip("\u200e") for a in alts}
        cands = {c for c in cands if len(c) == 1 and c.isascii() and c.isalpha()}
        if len(cands) == 1:
            out[ch] = cands.pop()
    return out


def _homoglyph(ch: str, fold: bool) -> str | None:
    if ch.isascii() or not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if not name.startswith(_HOMOGLYPH_SCRIPTS):
        return None
    protos = _prototypes()
    p = protos.get(ch)
    if p is None and fold:  # lower-case forms TR39 lists only in upper case (к → К → K)
        p = protos.get(ch.upper())
    return p
_ARABIC = str.maketrans({"\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647",
                         "\u06cc": "\u064a", "\u06a9": "\u0643"})
PROCLITICS = set("\u0648\u0641\u0628\u0644\u0643")  # و ف ب ل ك
URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)


class _Table(dict):
    """A ``str.translate`` table that fills itself: code point → normalised string."""

    def __init__(self, fold: bool) -> None:
        super().__init__()
        self.fold = fold
        for c in range(128):
            self.__missing__(c)

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if ch in _SEPARATORS:
            out = ""
        elif ch == "\n":
            out = "\n"
        else:
            d = unicodedata.normalize("NFKD", ch)
            d = "".join(x for x in d if not unicodedata.combining(x) and x not in _SEPARATORS
                        and x != "\n")
            if len(d) == 1 and not d.isascii():
                p = _homoglyph(d, self.fold)
                if p is not None:
                    d = p
                    HOMOGLYPHS.add(cp)
            d = d.translate(_ARABIC)
            if self.fold:
                d = d.casefold()
                d = "".join(x for x in unicodedata.normalize("NFKD", d) if not unicodedata.combining(x))
            out = d
        self[cp] = out
        return out


FOLD = _Table(True)
KEEP = _Table(False)


def fold(s: str) -> str:
    """The matching key of a string: normalised, separators dropped, case folded."""
    return s.translate(FOLD)


def keep_case(s: str) -> str:
    """Like :func:`fold` but keeping case (for case-sensitive entries and trademarks)."""
    return s.translate(KEEP)


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.combining(ch) > 0


_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def is_arabic(s: str) -> bool:
    return not s.isascii() and _ARABIC_RE.search(s) is not None


class Hit:
    __slots__ = ("start", "end", "pat")

    def __init__(self, start: int, end: int, pat: Pat) -> None:
        self.start, self.end, self.pat = start, end, pat  # doc.text offsets


class Mapper:
    """Maps offsets of the normalised text back to ``doc.text``, one line at a time."""

    def __init__(self, text: str, norm: str) -> None:
        self.text, self.norm = text, norm
        self.n_starts = LineIndex(norm).starts
        self.t_starts = LineIndex(text).starts
        self.maps: dict[int, list[int]] = {}

    def line_map(self, li: int) -> list[int]:
        m = self.maps.get(li)
        if m is None:
            t0 = self.t_starts[li]
            t1 = self.t_starts[li + 1] - 1 if li + 1 < len(self.t_starts) else len(self.text)
            m = []
            for i in range(t0, t1):
                m.extend([i] * len(FOLD[ord(self.text[i])]))
            m.append(t1)  # the end of the line
            self.maps[li] = m
        return m

    def span(self, ns: int, ne: int) -> tuple[int, int]:
        li = bisect_right(self.n_starts, ns) - 1
        base = self.n_starts[li]
        m = self.line_map(li)
        s = m[ns - base]
        e = m[ne - 1 - base] + 1
        # combining marks (and tatweel) after the last letter belong to the mention
        text = self.text
        while e < m[-1] and (unicodedata.combining(text[e]) or text[e] == "\u0640"):
            e += 1
        return s, e


def mixed_script_ok(written: str, surface: str) -> bool:
    """A match through homoglyphs counts only when Latin letters sit beside them (or the
    pack entry itself is written in those letters: ``Яндекс`` is not a disguise)."""
    own = surface.casefold()
    if all(ord(c) not in HOMOGLYPHS or c.casefold() in own for c in written):
        return True
    return any(c.isascii() and c.isalpha() for c in written)


def visual(text: str) -> tuple[str, list[int]]:
    """``text`` in the order a reader sees it around right-to-left overrides (U+202E up to
    U+202C or the end of the line, reversed), and each character's index in ``text``."""
    order: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "\u202e":
            order.append(i)
            i += 1
            continue
        j = i + 1
        while j < n and text[j] not in "\u202c\n":
            j += 1
        order.append(i)
        order.extend(range(j - 1, i, -1))
        i = j
    return "".join(text[k] for k in order), order


def boundary_ok(text: str, s: int, e: int, pat: Pat) -> tuple[bool, int]:
    """Is ``text[s:e]`` a whole-token mention? Returns (ok, possibly widened start)."""
    n = len(text)
    if e < n:
        q = text[e]
        if is_word(q):
            return False, s
        if q in "./@" and e + 1 < n and text[e + 1].isalnum():
            return False, s  # youtube.com, name@example, a handle going on
    if s > 0:
        p = text[s - 1]
        if is_word(p):
            if pat.proclitics and p in PROCLITICS:
                j = s - 1
                if j > 0 and text[j - 1] in PROCLITICS:
                    j -= 1
                if j == 0 or not is_word(text[j - 1]):
                    return True, s
            return False, s
        if p in "@#":
            if pat.prefixed:
                return False, s  # "#@x", "@#x"
            if pat.section in ("trademarks",):
                return False, s  # @youtube, #youtube: handles and hashtags, not spellings
            if s - 2 >= 0 and is_word(text[s - 2]):
                return False, s  # an e-mail address or an anchor
            return True, s - 1  # #JaneDoe: the name as a hashtag or handle
        if p in "./\\=&?" and s >= 2 and text[s - 2].isalnum():
            return False, s  # www.youtube, a path, a query
    return True, s


def identifier_like(text: str, s: int, e: int, written: str) -> bool:
    """A lower-case trademark glued to an identifier, slug or file name: ``github-actions``,
    ``sam-github``, ``github\\_reporter`` (Markdown-escaped), ``.github``."""
    n = len(text)
    if s > 0 and text[s - 1] == "." and (s < 2 or not text[s - 2].isalnum()):
        return True  # a dotfile: ".github", ".eslintrc"
    if not written.islower():
        return False
    if e < n and text[e] in "-_\\" and e + 1 < n and (text[e + 1].isalnum() or text[e + 1] == "_"):
        return True
    if s > 1 and text[s - 1] in "-_" and text[s - 2].isalnum():
        return True
    return False


def find_mentions(text: str, comp: Compiled) -> dict[str, list[Hit]]:
    """Whole-token matches in ``text`` by section, leftmost-longest, no overlaps per section."""
    out: dict[str, list[Hit]] = {}
    if comp.empty or not text:
        return out
    if "\u202e" in text:  # right-to-left override: match what the reader sees
        vis, perm = visual(text)
        for section, hits in _find(vis, comp).items():
            out[section] = [Hit(min(perm[h.start:h.end]), max(perm[h.start:h.end]) + 1, h.pat)
                            for h in hits]
        return out
    return _find(text, comp)


def _find(text: str, comp: Compiled) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    norm = text.translate(FOLD)
    mapper = None
    cands: dict[str, list[Hit]] = {}
    urls = None
    for end, k_i in comp.automaton.iter(norm):
        if mapper is None:
            mapper = Mapper(text, norm)
        ne = end + 1
        ns = ne - comp.keylen(k_i)
        s, e = mapper.span(ns, ne)
        for pat in comp.pats(k_i):
            ok, s2 = boundary_ok(text, s, e, pat)
            if not ok:
                continue
            written = text[s:e]
            if HOMOGLYPHS and not written.isascii() and not mixed_script_ok(written, pat.surface):
                continue
            if pat.case_sensitive and keep_case(written.lstrip("@#")) != pat.keep:
                continue
            if pat.ordinary and not pat.case_sensitive and written[:1].islower():
                continue
            if urls is None:
                urls = [(m.start(), m.end()) for m in URL.finditer(text)] \
                    if ("://" in text or "www." in text.lower()) else []
            if any(us < e and s2 < ue for us, ue in urls):
                continue
            cands.setdefault(pat.section, []).append(Hit(s2, e, pat))
    for section, hits in cands.items():
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        chosen: list[Hit] = []
        last = -1
        for h in hits:
            if h.start >= last:
                chosen.append(h)
                last = h.end
        out[section] = chosen
    return out
