"""Brand packs for the brands check (:mod:`.mentions`): their sections, the validation
of their entries, and the packs compiled into one Aho-Corasick automaton over the
normalised keys of every name, alias and marker (:class:`Compiled`)."""
from __future__ import annotations

import datetime as _dt

from contentguard.checks.brandtext import FOLD, fold, is_arabic, keep_case
from contentguard.findings import SEVERITIES
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


class Pat:
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


class Entry:
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

        # the entries as the packs give them; an Entry is made on the first hit only
        self.entries: dict[str, list] = {}
        self._entries: dict[tuple[str, int], Entry] = {}
        # automaton value -> the forms sharing the key, as (section, entry, form, case_sensitive);
        # turned into Pat objects on the first hit only (most keys never match anything)
        self.raw: list[list[tuple]] = []
        self._pats: dict[int, list[Pat]] = {}
        self._keylen: dict[int, int] = {}
        index: dict[str, int] = {}
        get = index.get
        auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add = auto.add_word
        raws = self.raw
        raws_append = raws.append
        table = FOLD
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

    def entry(self, section: str, i: int) -> Entry:
        got = self._entries.get((section, i))
        if got is None:
            got = self._entries[(section, i)] = _read_entry(section, self.entries[section][i])[0]
        return got

    def keylen(self, k_i: int) -> int:
        n = self._keylen.get(k_i)
        if n is None:
            n = self._keylen[k_i] = len(fold(self.raw[k_i][0][2]))
        return n

    def pats(self, k_i: int) -> list[Pat]:
        got = self._pats.get(k_i)
        if got is None:
            got = self._pats[k_i] = [_make_pat(*r) for r in self.raw[k_i]]
        return got


def _make_pat(section: str, e_i: int, form: str, cs: bool | None) -> Pat:
    prefixed = form[0] in "@#"
    body = form[1:] if prefixed else form
    multi = " " in form
    arabic = is_arabic(form)
    # "Apple", "Dune": one capitalised dictionary-looking word (not "GlamDealz", not "iPhone")
    single = not multi and not prefixed and body[0].isupper() and body.isalpha() and not arabic \
        and (len(body) == 1 or body[1:].islower())
    case_sensitive = bool(cs) and section != "trademarks"
    is_name = section in NAME_SECTIONS or section == "embargoed"
    ordinary = is_name and single and cs is None
    return Pat(section, e_i, form, keep_case(body) if case_sensitive else "", prefixed,
                case_sensitive, ordinary or (single and case_sensitive), arabic and multi)


def _read_entry(section: str, raw) -> tuple[Entry | None, list[str], bool | None]:
    """An entry (validated already) → (Entry, surface forms, case_sensitive or None)."""
    if isinstance(raw, str):
        name = raw.strip()
        return Entry(section, name, (), None, None, None, None, None), [name], None
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
    entry = Entry(section, name, aliases, sev, get("message"), get("reason"), risk, until)
    cs = get("case_sensitive")
    return entry, [name, *aliases], (None if cs is None else bool(cs))


# --- validation ----------------------------------------------------------------------

_SIMPLE_KEYS = {"name", "aliases", "risk", "reason"}


def _simple_ok(e) -> bool:
    """The common, valid name entry, checked quickly (50,000-entry watchlists)."""
    if type(e) is not dict or not e.keys() <= _SIMPLE_KEYS:
        return False
    label = e.get("name")
    if type(label) is not str or len(label.translate(FOLD)) < 2:
        return False
    al = e.get("aliases")
    if al is not None and (type(al) is not list or not all(type(a) is str and a.strip() for a in al)):
        return False
    return e.get("risk", "high") in RISKS and type(e.get("reason", "")) is str


def problems_for(section: str, entries: list) -> list[str]:
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
