"""Brand risk: watchlisted people and accounts, competitors, undisclosed or weakly
disclosed paid partnerships, trademark spelling and embargoed names.

Everything it knows comes from brand packs (YAML sections ``watchlist``,
``competitors``, ``partners``, ``disclosures``, ``weak_disclosures``, ``trademarks``,
``embargoed``). Matching is one Aho-Corasick pass (pyahocorasick) over a normalised
copy of the document text:

* NFKD, combining marks dropped (``Zoë`` = ``Zoe``; Arabic harakat and hamza seats),
  Arabic tatweel dropped, alef forms unified, ``ى``→``ي``, ``ة``→``ه``, case folded;
* spaces, hyphens, apostrophes, zero-width characters and bidirectional controls
  dropped, so ``Al Qattan``, ``Al-Qattan`` and ``AlQattan`` are the same key (and
  ``You Tube`` meets ``YouTube``);
* homoglyphs of Latin letters from other scripts (Cyrillic ``о`` in ``Yоutube``, Greek
  ``Α``, Armenian ``օ``, ...) mapped to the Latin letter, with the Unicode TR39
  confusables table (package ``confusable-homoglyphs``, loaded only when such a letter
  occurs); a match that relies on one must also hold a Latin letter (mixed script is
  the disguise: a Russian word is not a misspelt brand);
* a right-to-left override (U+202E) reversed as a reader sees it, so ``You\u202eebuT``,
  shown as ``YouTube``, is matched too.

Newlines are kept, so a match never runs from one block into the next, and a match is
only kept when it starts and ends on token boundaries of the *original* text (not
inside a word, a URL, an e-mail address, a domain or somebody else's @handle). The
normalised text is mapped back to ``doc.text`` offsets line by line, and only for the
lines that have a candidate match, which keeps the pass fast on long texts.

Why not spaCy's PhraseMatcher: with 50,000 names it takes seconds to build; the
automaton builds in a fraction of a second and needs no tokeniser. spaCy is only
asked (when a model is installed) whether a capitalised ordinary-word brand at the
start of a sentence is an entity at all.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import pickle
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from contentguard.checks import Check
from contentguard.findings import SEVERITIES, Rule
from contentguard.lineindex import LineIndex
from contentguard.suggest import did_you_mean

SECTIONS = ("watchlist", "competitors", "partners", "disclosures", "weak_disclosures",
            "trademarks", "embargoed")
RISKS = {"high": "error", "medium": "warning", "low": "info"}
NAME_SECTIONS = ("watchlist", "competitors", "partners")
_NAME_KEYS = {"name", "aliases", "risk", "reason", "severity", "message", "case_sensitive",
              "id", "notes", "url"}
_TERM_KEYS = {"term", "aliases", "severity", "message", "case_sensitive", "reason", "notes", "id"}
_EMBARGO_KEYS = _TERM_KEYS | {"until"}
_MARKER_KEYS = {"term", "case_sensitive", "notes"}

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
_HOMOGLYPHS: set[int] = set()  # code points mapped through the confusables table


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
_PROCLITICS = set("\u0648\u0641\u0628\u0644\u0643")  # و ف ب ل ك
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
_SENT_END = set(".!?:;\u2026\u061f\u06d4|\u2022\u00b7")
_DISCLOSED_FIELDS = ("paid_partnership", "branded_content", "sponsored", "is_ad", "paid")
_RUN = re.compile(r"(?:#[^\s#]+[ \t\u00a0]*\n?[ \t\u00a0]*)+$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_NEXT_WORD = re.compile(r"[ \t\u00a0]([^\W\d_][\w'\u2019-]*)")
_PREV_WORD = re.compile(r"(?<![@#\w])([^\W\d_][\w'\u2019-]*)[ \t\u00a0]$")
_ENTITY_LABELS = {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "FAC", "NORP", "GPE", "EVENT"}


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
                    _HOMOGLYPHS.add(cp)
            d = d.translate(_ARABIC)
            if self.fold:
                d = d.casefold()
                d = "".join(x for x in unicodedata.normalize("NFKD", d) if not unicodedata.combining(x))
            out = d
        self[cp] = out
        return out


_FOLD = _Table(True)
_KEEP = _Table(False)


def fold(s: str) -> str:
    """The matching key of a string: normalised, separators dropped, case folded."""
    return s.translate(_FOLD)


def keep_case(s: str) -> str:
    """Like :func:`fold` but keeping case (for case-sensitive entries and trademarks)."""
    return s.translate(_KEEP)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.combining(ch) > 0


_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _is_arabic(s: str) -> bool:
    return not s.isascii() and _ARABIC_RE.search(s) is not None


class _Pat:
    """One surface form of a pack entry (a name, an alias, a handle, a marker)."""

    __slots__ = ("section", "entry", "surface", "keep", "prefixed", "case_sensitive", "ordinary",
                 "proclitics")

    def __init__(self, section, entry, surface, keep, prefixed, case_sensitive, ordinary, proclitics):
        self.section = section  # pack section
        self.entry = entry  # index into Compiled.entries[section]
        self.surface = surface  # the form as written in the pack
        self.keep = keep  # keep_case(surface) without a leading @ or # (case-sensitive entries)
        self.prefixed = prefixed  # starts with @ or # (a handle or hashtag)
        self.case_sensitive = case_sensitive
        self.ordinary = ordinary  # a single capitalised word: lower-case prose is not a mention
        self.proclitics = proclitics  # Arabic multi-word: و/ف/ب/ل/ك may be attached in front


class _Entry:
    __slots__ = ("section", "name", "aliases", "severity", "message", "reason", "risk", "until")

    def __init__(self, section, name, aliases, severity, message, reason, risk, until):
        self.section = section
        self.name = name  # the canonical name or term
        self.aliases = aliases
        self.severity = severity
        self.message = message
        self.reason = reason
        self.risk = risk
        self.until = until


class Compiled:
    """The packs compiled: entries, and one automaton over every key."""

    def __init__(self, sections: dict[str, list]) -> None:
        import gc

        enabled = gc.isenabled()
        gc.disable()  # hundreds of thousands of small objects: collections only cost time here
        try:
            self._build(sections)
        finally:
            if enabled:
                gc.enable()

    def _build(self, sections: dict[str, list]) -> None:
        import ahocorasick

        # the entries as the packs give them; an _Entry is made on the first hit only
        self.entries: dict[str, list] = {}
        self._entries: dict[tuple[str, int], _Entry] = {}
        # automaton value -> the forms sharing the key, as (section, entry, form, case_sensitive);
        # turned into _Pat objects on the first hit only (most keys never match anything)
        self.raw: list[list[tuple]] = []
        self._pats: dict[int, list[_Pat]] = {}
        self._keylen: dict[int, int] = {}
        index: dict[str, int] = {}
        get = index.get
        auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add = auto.add_word
        raws = self.raw
        raws_append = raws.append
        table = _FOLD
        for section in SECTIONS:
            kept = self.entries[section] = []
            main = "name" if section in NAME_SECTIONS else "term"
            for raw in sections.get(section, ()):
                if isinstance(raw, str):
                    forms, cs = (raw.strip(),), None
                elif isinstance(raw, dict):
                    name = raw.get(main)
                    aliases = raw.get("aliases")
                    forms = (str(name).strip(), *[a.strip() for a in aliases if isinstance(a, str)]) \
                        if aliases else (str(name).strip(),)
                    cs = raw.get("case_sensitive")
                else:
                    continue
                e_i = len(kept)
                kept.append(raw)
                for form in forms:
                    key = form.translate(table)
                    k_i = get(key)
                    if k_i is None:
                        if len(key) < 2:
                            continue
                        k_i = index[key] = len(raws)
                        raws_append([(section, e_i, form, cs)])
                        add(key, k_i)
                    else:
                        same = raws[k_i]
                        if same[-1][0] != section or same[-1][1] != e_i:
                            same.append((section, e_i, form, cs))
        self.disclosure_names = [self.entry("disclosures", i).name
                                 for i in range(len(self.entries["disclosures"]))]
        self.empty = not self.raw
        if not self.empty:
            auto.make_automaton()
        self.automaton = auto

    def entry(self, section: str, i: int) -> _Entry:
        got = self._entries.get((section, i))
        if got is None:
            got = self._entries[(section, i)] = _read_entry(section, self.entries[section][i])[0]
        return got

    def keylen(self, k_i: int) -> int:
        n = self._keylen.get(k_i)
        if n is None:
            n = self._keylen[k_i] = len(fold(self.raw[k_i][0][2]))
        return n

    def pats(self, k_i: int) -> list[_Pat]:
        got = self._pats.get(k_i)
        if got is None:
            got = self._pats[k_i] = [_make_pat(*r) for r in self.raw[k_i]]
        return got


def _make_pat(section: str, e_i: int, form: str, cs: bool | None) -> _Pat:
    prefixed = form[0] in "@#"
    body = form[1:] if prefixed else form
    multi = " " in form
    arabic = _is_arabic(form)
    # "Apple", "Dune": one capitalised dictionary-looking word (not "GlamDealz", not "iPhone")
    single = not multi and not prefixed and body[0].isupper() and body.isalpha() and not arabic \
        and (len(body) == 1 or body[1:].islower())
    case_sensitive = bool(cs) and section != "trademarks"
    is_name = section in NAME_SECTIONS or section == "embargoed"
    ordinary = is_name and single and cs is None
    return _Pat(section, e_i, form, keep_case(body) if case_sensitive else "", prefixed,
                case_sensitive, ordinary or (single and case_sensitive), arabic and multi)


def _read_entry(section: str, raw) -> tuple[_Entry | None, list[str], bool | None]:
    """An entry (validated already) → (_Entry, surface forms, case_sensitive or None)."""
    if isinstance(raw, str):
        name = raw.strip()
        return _Entry(section, name, (), None, None, None, None, None), [name], None
    if not isinstance(raw, dict):
        return None, [], None
    get = raw.get
    name = get("name" if section in NAME_SECTIONS else "term")
    name = name.strip() if isinstance(name, str) else str(name or "")
    aliases = get("aliases")
    aliases = tuple([a.strip() for a in aliases if isinstance(a, str) and a.strip()]) if aliases else ()
    until = get("until")
    if until is not None:
        if isinstance(until, str):
            until = _dt.date.fromisoformat(until.strip())
        elif isinstance(until, _dt.datetime):
            until = until.date()
    risk = get("risk")
    sev = get("severity") or (RISKS.get(risk) if risk else None)
    entry = _Entry(section, name, aliases, sev, get("message"), get("reason"), risk, until)
    cs = get("case_sensitive")
    return entry, [name, *aliases], (None if cs is None else bool(cs))


# --- validation ----------------------------------------------------------------------

_SIMPLE_KEYS = {"name", "aliases", "risk", "reason"}


def _simple_ok(e) -> bool:
    """The common, valid name entry, checked quickly (50,000-entry watchlists)."""
    if type(e) is not dict or not e.keys() <= _SIMPLE_KEYS:
        return False
    label = e.get("name")
    if type(label) is not str or len(label.translate(_FOLD)) < 2:
        return False
    al = e.get("aliases")
    if al is not None and (type(al) is not list or not all(type(a) is str and a.strip() for a in al)):
        return False
    return e.get("risk", "high") in RISKS and type(e.get("reason", "")) is str


def _problems_for(section: str, entries: list) -> list[str]:
    problems: list[str] = []
    names = section in NAME_SECTIONS
    for i, e in enumerate(entries):
        if names and _simple_ok(e):
            continue
        where = f"entry {i + 1}"
        if section in ("disclosures", "weak_disclosures"):
            if isinstance(e, dict):
                unknown = set(map(str, e)) - _MARKER_KEYS
                if unknown:
                    problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
                e = e.get("term")
            if not isinstance(e, str) or not e.strip():
                problems.append(f"{where}: a marker must be a non-empty string, got {e!r}")
            elif len(fold(e)) < 2:
                problems.append(f"{where} ({e}): a marker needs at least two letters")
            continue
        main = "name" if section in NAME_SECTIONS else "term"
        if isinstance(e, str):
            if not e.strip():
                problems.append(f"{where}: an empty {main}")
            elif section == "embargoed":
                problems.append(f"{where} ({e}): an embargo needs 'term' and 'until'")
            continue
        if not isinstance(e, dict):
            problems.append(f"{where}: must be a mapping with '{main}', got {type(e).__name__}")
            continue
        label = e.get(main)
        where = f"entry {i + 1} ({label if isinstance(label, str) and label.strip() else '?'})"
        allowed = _NAME_KEYS if section in NAME_SECTIONS else (_EMBARGO_KEYS if section == "embargoed"
                                                                else _TERM_KEYS)
        unknown = sorted(set(map(str, e)) - allowed)
        for k in unknown:
            problems.append(f"{where}: unknown key '{k}'{did_you_mean(k, allowed)}")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where}: '{main}' must be a non-empty string")
        elif len(fold(label)) < 2:
            problems.append(f"{where}: '{main}' needs at least two letters")
        aliases = e.get("aliases", [])
        if aliases is not None and (not isinstance(aliases, list)
                                    or not all(isinstance(a, str) and a.strip() for a in aliases)):
            problems.append(f"{where}: 'aliases' must be a list of non-empty strings")
        if "risk" in e and e["risk"] not in RISKS:
            problems.append(f"{where}: 'risk' must be one of high, medium, low, got {e['risk']!r}")
        if "severity" in e and e["severity"] not in SEVERITIES:
            problems.append(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}, got {e['severity']!r}")
        for k in ("reason", "message", "notes", "url"):
            if k in e and e[k] is not None and not isinstance(e[k], str):
                problems.append(f"{where}: '{k}' must be a string")
        if "case_sensitive" in e and not isinstance(e["case_sensitive"], bool):
            problems.append(f"{where}: 'case_sensitive' must be true or false")
        if section == "embargoed":
            u = e.get("until")
            ok = isinstance(u, _dt.date)
            if isinstance(u, str):
                try:
                    _dt.date.fromisoformat(u.strip())
                    ok = True
                except ValueError:
                    ok = False
            if not ok:
                problems.append(f"{where}: 'until' must be a date (YYYY-MM-DD), got {u!r}")
    return problems


# --- matching ------------------------------------------------------------------------

class Hit:
    __slots__ = ("start", "end", "pat")

    def __init__(self, start: int, end: int, pat: _Pat) -> None:
        self.start, self.end, self.pat = start, end, pat  # doc.text offsets


class _Mapper:
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
                m.extend([i] * len(_FOLD[ord(self.text[i])]))
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


def _mixed_script_ok(written: str, surface: str) -> bool:
    """A match through homoglyphs counts only when Latin letters sit beside them (or the
    pack entry itself is written in those letters: ``Яндекс`` is not a disguise)."""
    own = surface.casefold()
    if all(ord(c) not in _HOMOGLYPHS or c.casefold() in own for c in written):
        return True
    return any(c.isascii() and c.isalpha() for c in written)


def _visual(text: str) -> tuple[str, list[int]]:
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


def _boundary_ok(text: str, s: int, e: int, pat: _Pat) -> tuple[bool, int]:
    """Is ``text[s:e]`` a whole-token mention? Returns (ok, possibly widened start)."""
    n = len(text)
    if e < n:
        q = text[e]
        if _is_word(q):
            return False, s
        if q in "./@" and e + 1 < n and text[e + 1].isalnum():
            return False, s  # youtube.com, name@example, a handle going on
    if s > 0:
        p = text[s - 1]
        if _is_word(p):
            if pat.proclitics and p in _PROCLITICS:
                j = s - 1
                if j > 0 and text[j - 1] in _PROCLITICS:
                    j -= 1
                if j == 0 or not _is_word(text[j - 1]):
                    return True, s
            return False, s
        if p in "@#":
            if pat.prefixed:
                return False, s  # "#@x", "@#x"
            if pat.section in ("trademarks",):
                return False, s  # @youtube, #youtube: handles and hashtags, not spellings
            if s - 2 >= 0 and _is_word(text[s - 2]):
                return False, s  # an e-mail address or an anchor
            return True, s - 1  # #JaneDoe: the name as a hashtag or handle
        if p in "./\\=&?" and s >= 2 and text[s - 2].isalnum():
            return False, s  # www.youtube, a path, a query
    return True, s


def _identifier_like(text: str, s: int, e: int, written: str) -> bool:
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


class MentionsCheck(Check):
    name = "brands"
    pack_sections = SECTIONS
    options = {
        "hashtag-run": ("int", 5),
        "visible-chars": ("int", 125),
        "visible-lines": ("int", 2),
        "disclosure-scope": (("all", "posts"), "all"),
        "entity-check": ("bool", True),
    }
    rules = (
        Rule("brand/watchlist", "brand-risk", "error",
             "A watchlisted person or account is mentioned (by name, alias, @handle, #hashtag or Arabic-script alias).",
             "The pack's `watchlist` section lists people and accounts whose mention needs review, with a risk "
             "(high → error, medium → warning, low → info) and a reason, which the message repeats. Matching is "
             "whole-token and case-insensitive, and ignores spaces, hyphens, apostrophes and diacritics "
             "(`Al Qattan` = `Al-Qattan` = `AlQattan`, `Zoë` = `Zoe`); Arabic-script aliases match after "
             "normalisation. A first name alone is not a mention.",
             "Join Rex Thornbury live on Friday!", "brand.watchlist"),
        Rule("brand/competitor", "brand-risk", "warning",
             "A competitor is named.",
             "From the pack's `competitors` section. Brands that are ordinary words (`Saffron`, `Dune`) should carry "
             "`case_sensitive: true`; a single capitalised word never matches lower-case prose.",
             "Coming from Greenway Garden Centre? Try our planting guide.", "brand.competitor"),
        Rule("brand/undisclosed-partnership", "brand-risk", "error",
             "A post (or page) mentions a paid partner and carries no disclosure marker.",
             "Each post of a queue is judged on its own; a page counts as one document. The finding points at the "
             "first partner mention. Clear markers are the pack's `disclosures` (e.g. #ad, #sponsored, paid "
             "partnership, إعلان).",
             "Weekend in the garden with @greenthumbco 🌱", "brand.undisclosed-partnership"),
        Rule("brand/weak-disclosure", "brand-risk", "warning",
             "A partner post is disclosed only by a weak marker, or its clear marker is buried.",
             "Weak markers are the pack's `weak_disclosures` (#sp, #spon, #collab, #gifted, #partner). A clear "
             "marker is buried when it comes 5th or later in a run of hashtags (option hashtag-run) or, in a post, "
             "after the first visible-lines lines or visible-chars characters (the part shown before 'more'). "
             "The FTC and the ASA/CAP ask for a clear label up front.",
             "Loving my new raised beds from @greenthumbco! #gifted", "brand.weak-disclosure"),
        Rule("brand/trademark", "brand-risk", "warning",
             "A trademark is misspelt (wrong casing, spacing or hyphenation).",
             "The pack's `trademarks` give the only correct spelling; `Iphone`, `I-phone`, `You Tube` are findings "
             "and `--fix` writes the right spelling. Handles, hashtags, URLs and e-mail addresses are left alone, "
             "and so is text set in capitals.",
             "Watch it on Youtube.", "brand.trademark"),
        Rule("brand/embargo", "brand-risk", "error",
             "An embargoed name is mentioned before its embargo lifts.",
             "The pack's `embargoed` entries carry an `until` date. A page is judged against the reference date "
             "(--today); a post against its scheduled time.",
             "Our team is busy on Project Bluebell.", "brand.embargo"),
    )

    def __init__(self) -> None:
        self._cache: tuple | None = None  # (packs object, key, Compiled)

    # -- packs -------------------------------------------------------------------------

    def validate_pack(self, section, entries, origin):
        return _problems_for(section, entries)

    def compiled(self, ctx) -> Compiled:
        packs = ctx.packs
        if self._cache is not None and self._cache[0] is packs:
            return self._cache[2]
        sections = {s: [e for e, _o in packs.entries(s)] for s in SECTIONS}
        try:
            key = hashlib.sha256(pickle.dumps(sections, protocol=5)).hexdigest()
        except Exception:  # an unpicklable value: compile without caching
            key = None
        if self._cache is not None and key is not None and self._cache[1] == key:
            comp = self._cache[2]
        else:
            comp = Compiled(sections)
        self._cache = (packs, key, comp)
        return comp

    def setup(self, ctx) -> None:
        self.compiled(ctx)

    # -- matching ----------------------------------------------------------------------

    def matches(self, text: str, comp: Compiled) -> dict[str, list[Hit]]:
        """Whole-token matches in ``text`` by section, leftmost-longest, no overlaps per section."""
        out: dict[str, list[Hit]] = {}
        if comp.empty or not text:
            return out
        if "\u202e" in text:  # right-to-left override: match what the reader sees
            vis, perm = _visual(text)
            for section, hits in self._matches(vis, comp).items():
                out[section] = [Hit(min(perm[h.start:h.end]), max(perm[h.start:h.end]) + 1, h.pat)
                                for h in hits]
            return out
        return self._matches(text, comp)

    def _matches(self, text: str, comp: Compiled) -> dict[str, list[Hit]]:
        out: dict[str, list[Hit]] = {}
        norm = text.translate(_FOLD)
        mapper = None
        cands: dict[str, list[Hit]] = {}
        urls = None
        for end, k_i in comp.automaton.iter(norm):
            if mapper is None:
                mapper = _Mapper(text, norm)
            ne = end + 1
            ns = ne - comp.keylen(k_i)
            s, e = mapper.span(ns, ne)
            for pat in comp.pats(k_i):
                ok, s2 = _boundary_ok(text, s, e, pat)
                if not ok:
                    continue
                written = text[s:e]
                if _HOMOGLYPHS and not written.isascii() and not _mixed_script_ok(written, pat.surface):
                    continue
                if pat.case_sensitive and keep_case(written.lstrip("@#")) != pat.keep:
                    continue
                if pat.ordinary and not pat.case_sensitive and written[:1].islower():
                    continue
                if urls is None:
                    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] \
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

    # -- the check ---------------------------------------------------------------------

    def check(self, doc, ctx):
        if not any(ctx.wants(r.id) for r in self.rules):
            return
        comp = self.compiled(ctx)
        if comp.empty:
            return
        yield from self._hidden_places(doc, ctx, comp)
        if not doc.text:
            return
        found = self.matches(doc.text, comp)
        if not found:
            return
        text = doc.text
        ref_date, ref_what = ctx.today, f"today ({ctx.today.isoformat()})"
        if doc.scheduled is not None and isinstance(doc.scheduled.value, (_dt.date, _dt.datetime)):
            v = doc.scheduled.value
            ref_date = v.date() if isinstance(v, _dt.datetime) else v
            ref_what = f"the post is scheduled for {ref_date.isoformat()}"

        for section, rule_id in (("watchlist", "brand/watchlist"), ("competitors", "brand/competitor")):
            if not ctx.wants(rule_id):
                continue
            for h in found.get(section, ()):
                if h.pat.ordinary and not self._entity_ok(doc, h, ctx, found.get(section)):
                    continue
                entry = comp.entry(section, h.pat.entry)
                written = text[h.start:h.end]
                if section == "watchlist":
                    msg = f"'{written}' is on the brand watchlist ({entry.name}"
                    msg += f", risk {entry.risk})" if entry.risk else ")"
                    if entry.reason:
                        msg += f": {entry.reason}"
                else:
                    msg = f"'{written}' names a competitor ({entry.name})"
                    if entry.reason:
                        msg += f": {entry.reason}"
                if entry.message:
                    msg = f"'{written}': {entry.message}"
                f = ctx.finding(rule_id, doc, h.start, h.end, msg)
                yield f.with_severity(entry.severity) if entry.severity else f

        if ctx.wants("brand/embargo"):
            for h in found.get("embargoed", ()):
                entry = comp.entry("embargoed", h.pat.entry)
                if entry.until is None or ref_date >= entry.until:
                    continue
                if h.pat.ordinary and not self._entity_ok(doc, h, ctx, found.get("embargoed")):
                    continue
                written = text[h.start:h.end]
                msg = (f"'{written}' is embargoed until {entry.until.isoformat()} and {ref_what}"
                       if doc.scheduled is not None else
                       f"'{written}' is embargoed until {entry.until.isoformat()} (today is {ref_date.isoformat()})")
                if entry.reason:
                    msg += f": {entry.reason}"
                if entry.message:
                    msg = f"'{written}': {entry.message}"
                f = ctx.finding("brand/embargo", doc, h.start, h.end, msg)
                yield f.with_severity(entry.severity) if entry.severity else f

        if ctx.wants("brand/trademark"):
            yield from self._trademarks(doc, ctx, comp, found.get("trademarks", ()))

        partners = found.get("partners", ())
        if partners and (ctx.wants("brand/undisclosed-partnership") or ctx.wants("brand/weak-disclosure")):
            if doc.kind == "post" or ctx.option(self.name, "disclosure-scope") == "all":
                yield from self._disclosure(doc, ctx, comp, partners, found)

    def _hidden_places(self, doc, ctx, comp):
        """Watchlisted people and competitors named where the page publishes them outside
        its prose: ``<meta>`` values (``og:title``, ``description``, ``author``, ...),
        JSON-LD values, and HTML comments (in the source anyone can read). Positions are
        the raw source's; ordinary-word brands need their case-sensitive form here, with
        no sentence around them to judge."""
        wanted = [(sec, rid) for sec, rid in (("watchlist", "brand/watchlist"), ("competitors", "brand/competitor"))
                  if ctx.wants(rid)]
        if not wanted:
            return
        places = [(m.start, m.end, f"in <meta {m.key}>" if m.origin == "meta" else f"in JSON-LD {m.key}")
                  for m in doc.meta if m.origin in ("meta", "json-ld") and isinstance(m.value, str)
                  and m.end > m.start]
        if doc.kind in ("html", "markdown") and "<!--" in doc.source:
            places += [(m.start(1), m.end(1), "in an HTML comment") for m in _COMMENT.finditer(doc.source)]
        for start, end, where in places:
            raw = doc.source[start:end]
            found = self.matches(raw, comp)
            for section, rule_id in wanted:
                for h in found.get(section, ()):
                    if h.pat.ordinary and not h.pat.case_sensitive:
                        continue
                    entry = comp.entry(section, h.pat.entry)
                    written = raw[h.start:h.end]
                    what = "is on the brand watchlist" if section == "watchlist" else "names a competitor"
                    msg = f"'{written}' {what} ({entry.name}) {where}"
                    if entry.reason:
                        msg += f": {entry.reason}"
                    f = ctx.finding(rule_id, doc, start + h.start, start + h.end, msg, raw=True)
                    yield f.with_severity(entry.severity) if entry.severity else f

    @staticmethod
    def _ambiguous(text: str, h: Hit) -> bool:
        """Capitals say nothing here: the first word of a sentence, or a line in capitals."""
        ls = text.rfind("\n", 0, h.start) + 1
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        before = text[ls:h.start].rstrip()
        initial = not before or before[-1] in _SENT_END or before[-1] in "\"“«(*#>-"
        return initial or not any(c.islower() for c in text[ls:le])

    @staticmethod
    def _in_longer_name(text: str, h: Hit) -> bool:
        """An ordinary-word brand inside a longer capitalised name is not the brand:
        "Grand Canyon", "Granite Point", "Dune Road". The next word capitalised, or the
        previous one capitalised where a capital means something (not the first word of a
        sentence); in a line set in title case or capitals, capitals say nothing."""
        ls = text.rfind("\n", 0, h.start) + 1
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        words = _WORD.findall(text[ls:le])
        if len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words):
            return False
        after = _NEXT_WORD.match(text, h.end, le)
        if after and after.group(1)[0].isupper() and not after.group(1).isupper():
            return True
        before = _PREV_WORD.search(text, ls, h.start)
        if before and before.group(1)[0].isupper() and not before.group(1).isupper():
            head = text[ls:before.start(1)].rstrip()
            if head and head[-1] not in _SENT_END and head[-1] not in "\"“«(*#>-":
                return True
        return False

    def _entity_ok(self, doc, h: Hit, ctx, same: list | None = None) -> bool:
        """Is a one-word ordinary-word brand (``Saffron``, ``Dune``) a mention here?

        Mid-sentence with its capital, yes. Where capitals say nothing (a sentence start,
        a line in capitals) the document decides first: another, unambiguous mention of
        the same entry (mid-sentence, a handle, a longer alias) says brand; the word in
        lower case elsewhere says ordinary word. Failing both, spaCy's entity recogniser
        (when a model is installed) decides."""
        text = doc.text
        if self._in_longer_name(text, h):
            return False
        if not self._ambiguous(text, h):
            return True
        if same is not None:
            for o in same:
                if o is not h and o.pat.entry == h.pat.entry and (not o.pat.ordinary
                                                                  or not self._ambiguous(text, o)):
                    return True
        word = text[h.start:h.end].lower()
        if re.search(rf"(?<![\w@#]){re.escape(word)}(?!\w)", text):
            return False  # "saffron" in lower case elsewhere: this document means the word
        if not ctx.option(self.name, "entity-check"):
            return True
        le = text.find("\n", h.end)
        le = len(text) if le == -1 else le
        ls = text.rfind("\n", 0, h.start) + 1
        nlp = ctx.nlp("brand entity")
        if nlp is None:
            return True
        # the sentence around the hit
        s0 = ls
        for i in range(h.start - 1, ls - 1, -1):
            if text[i] in ".!?" and i + 1 < h.start and text[i + 1] == " ":
                s0 = i + 2
                break
        sent = text[s0:min(le, h.end + 200)]
        d = nlp(sent)
        rs, re_ = h.start - s0, h.end - s0
        return any(ent.label_ in _ENTITY_LABELS and ent.start_char <= rs and re_ <= ent.end_char
                   for ent in d.ents)

    def _trademarks(self, doc, ctx, comp, hits):
        text = doc.text
        for h in hits:
            entry = comp.entry("trademarks", h.pat.entry)
            right = entry.name
            written = text[h.start:h.end]
            if written == right:
                continue
            if any(keep_case(written) == keep_case(a) for a in entry.aliases):
                continue  # an accepted spelling listed as an alias
            if _identifier_like(text, h.start, h.end, written):
                continue  # "github-actions", "sam-github", "github\\_reporter", ".github": names in code, not spellings
            if written.isupper() and not right.isupper():
                ls = text.rfind("\n", 0, h.start) + 1
                le = text.find("\n", h.end)
                line = text[ls:le if le != -1 else len(text)]
                if not any(c.islower() for c in line):
                    continue  # set in capitals: typography, not spelling
            parts_sp = written.split()
            if len(parts_sp) > 1 and len(right.split()) == 1:
                # "You Tube", "Oud Glow": every part capitalised; "linked in", "I phone him" are prose
                if not all(p[:1].isupper() for p in parts_sp) or len(parts_sp[-1]) < 2:
                    continue
            elif ("-" in written or "\u2010" in written) and "-" not in right:
                if not any(c.isupper() for c in written):
                    continue
            elif any(c in "'\u2019" for c in written) and not any(c in "'\u2019" for c in right):
                continue  # "what's app": an apostrophe variant is too often ordinary prose
            msg = f"'{written}' should be spelt '{right}'"
            if entry.message:
                msg = f"'{written}': {entry.message}"
            extra = None
            rs, re_ = doc.raw_span(h.start, h.end)
            if doc.source[rs:re_] == written:
                extra = {"fix": {"start": rs, "end": re_, "replacement": right}}
            f = ctx.finding("brand/trademark", doc, h.start, h.end, msg, extra=extra)
            yield f.with_severity(entry.severity) if entry.severity else f

    def _disclosure(self, doc, ctx, comp, partners, found):
        text = doc.text
        if any(str(doc.post.get(k, "")).strip().lower() in ("true", "yes", "1") for k in _DISCLOSED_FIELDS):
            return  # the scheduler's own paid-partnership label is set on the post
        clear = found.get("disclosures", ())
        weak = found.get("weak_disclosures", ())
        run_len = ctx.option(self.name, "hashtag-run")
        vis_chars = ctx.option(self.name, "visible-chars")
        vis_lines = ctx.option(self.name, "visible-lines")
        first = partners[0]
        pentry = comp.entry("partners", first.pat.entry)
        pwritten = text[first.start:first.end]
        buried: list[tuple[Hit, str]] = []
        for m in clear:
            why = self._buried(doc, m, run_len, vis_chars, vis_lines)
            if why is None:
                return  # a clear label where people see it: fine
            buried.append((m, why))
        flagged = sorted([(m.start, m, why) for m, why in buried]
                         + [(m.start, m, None) for m in weak], key=lambda t: t[0])
        clear_list = ", ".join(comp.disclosure_names[:4]) or "#ad"
        if flagged:
            if not ctx.wants("brand/weak-disclosure"):
                return
            _s, m, why = flagged[0]
            written = text[m.start:m.end]
            if why is None:
                msg = (f"'{written}' is a weak disclosure for the paid partner {pentry.name}; "
                       f"regulators ask for a clear label up front ({clear_list})")
            else:
                msg = (f"the disclosure '{written}' is buried {why}; put a clear label "
                       f"up front for the paid partner {pentry.name}")
            yield ctx.finding("brand/weak-disclosure", doc, m.start, m.end, msg)
            return
        if ctx.wants("brand/undisclosed-partnership"):
            what = "post" if doc.kind == "post" else "page"
            msg = (f"'{pwritten}' is a paid partner ({pentry.name}) but the {what} carries no disclosure; "
                   f"add a clear label up front ({clear_list})")
            f = ctx.finding("brand/undisclosed-partnership", doc, first.start, first.end, msg)
            yield f.with_severity(pentry.severity) if pentry.severity else f

    @staticmethod
    def _buried(doc, m: Hit, run_len: int, vis_chars: int, vis_lines: int) -> str | None:
        text = doc.text
        written = text[m.start:m.end]
        if written.startswith("#") and run_len > 0:
            run = _RUN.search(text, max(0, m.start - 600), m.start)
            count = run.group(0).count("#") if run else 0
            if count + 1 >= run_len:
                return f"at the end of a run of {count + 1} hashtags"
        if doc.kind == "post":
            seg_start = 0
            for seg in doc.segments:
                if seg.start <= m.start < seg.end:
                    seg_start = seg.start
                    break
            before = text[seg_start:m.start]
            if vis_lines > 0 and before.count("\n") >= vis_lines:
                return f"after the first {vis_lines} lines"
            if vis_chars > 0 and len(before) >= vis_chars:
                return f"after the first {vis_chars} characters"
        return None


CHECK = MentionsCheck()
