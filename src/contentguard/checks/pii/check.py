"""The personal-data check: its options, its settings per configuration, and the pass over
one document (the structured detectors, then names near sensitive context)."""
from __future__ import annotations

import re
from typing import Iterable

from contentguard.checks import Check, Option
from contentguard.nlpmodel import model_installed
from contentguard.spanset import SpanSet

from .card import test_cards
from .common import DEFAULT_REGIONS, Settings, digits
from .context import build_context_finder
from .email import WORK_RULE, email_rule, mailto_only, role_words, work_message
from .ip import listed_alone
from .names import find_names, record_file
from .phone import WORK_PHONE_RULE, phone_rule, work_phone_message
from .rules import RULES
from .places import link_places, source_places
from .structured import find_personal_data, scan_structured


def region_code(value: str) -> None:
    """``region``: the two-letter region numbers without a country code are read in."""
    if not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValueError(f"a two-letter region code such as 'GB' or 'US' is needed, got {value!r}")


def positive(value: int) -> None:
    if value < 1:
        raise ValueError(f"a positive number of characters is needed, got {value!r}")


class PiiCheck(Check):
    name = "pii"
    rules = RULES
    reads_records = True
    options = {
        "region": Option("str", "GB", region_code),
        "regions": ("list[str]", list(DEFAULT_REGIONS)),
        "allowed-domains": ("list[str]", []),
        "role-addresses": ("list[str]", []),
        "published-numbers": ("list[str]", []),
        "test-cards": ("list[str]", []),
        "names": ("bool", True),
        "allow-names": ("list[str]", []),
        "authors": ("list[str]", []),
        "context-words": ("list[str]", []),
        "context-window": Option("int", 200, positive),
    }

    def __init__(self) -> None:
        self._settings: tuple | None = None

    # settings are built once per config (a process may see several in tests)
    def settings(self, ctx) -> Settings:
        # keyed by the objects themselves (held), not id(): ids are reused after collection
        cached = self._settings
        if cached is not None and cached[0] is ctx.config and cached[1] is ctx.packs:
            return cached[2]
        opt = lambda k: ctx.option(self.name, k)  # noqa: E731
        region = opt("region").upper()
        regions = [r.upper() for r in opt("regions")]
        published = set()
        if opt("published-numbers"):
            import phonenumbers  # only when there is something to parse: start-up matters
        for raw in opt("published-numbers"):
            try:
                n = phonenumbers.parse(raw, region)
                published.add(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164))
            except phonenumbers.NumberParseException:
                published.add(digits(raw))
        allow = {a.casefold().strip() for a in opt("allow-names")}
        # watchlisted people in the brand pack are public figures, not private individuals
        for section in ("watchlist", "partners", "competitors"):
            for entry, _origin in ctx.packs.entries(section):
                if isinstance(entry, dict):
                    for v in [entry.get("name")] + list(entry.get("aliases") or []):
                        if isinstance(v, str):
                            allow.add(v.casefold().strip())
        context_re = build_context_finder(list(opt("context-words")))
        st = Settings(
            region=region, regions=regions,
            allowed_domains=tuple(d.lower().lstrip("@.") for d in opt("allowed-domains")),
            role_words=role_words() | {w.lower() for w in opt("role-addresses")},
            published=frozenset(published), names=opt("names"),
            allow_names=frozenset(allow),
            authors=frozenset(a.casefold().strip() for a in opt("authors")),
            context_re=context_re, window=opt("context-window"),
            test_cards=test_cards() | {digits(c) for c in opt("test-cards")},
        )
        self._settings = (ctx.config, ctx.packs, st)
        return st

    def setup(self, ctx) -> None:
        st = self.settings(ctx)
        if st.names and ctx.wants("pii/person-name") and not model_installed(ctx.config.get("nlp-model")):
            # say it now, once, in this process (forked workers inherit the answer);
            # an installed model still loads lazily, only when a page needs NER
            ctx.nlp("person-name")

    # -- the pass over one document --------------------------------------------------

    def check(self, doc, ctx) -> Iterable:
        text = doc.text
        st = self.settings(ctx)
        # published code (code blocks, inline code, comments): the structured kinds with the
        # same documentation exclusions; never names (code is full of capitalised identifiers)
        code_seen: list[tuple[int, int]] = []
        record = _Record(doc)
        for s, e, h in _code_hits(doc, st):
            code_seen.append((s, e))
            _work_contact(h, doc.source, s, st, record, doc, (s, e))
            if ctx.wants(h.rule) and not _listed(doc, h, (s, e)):
                yield ctx.finding(h.rule, doc, s, e, h.message, raw=True, excerpt=h.masked, match=h.value)
        if not text:
            yield from self._places(doc, ctx, st, code_seen, record)
            return
        hits, claimed = scan_structured(text, st, doc)
        for h in hits:
            _work_contact(h, text, h.start, st, record, doc)
        late: list = []
        if ctx.wants("pii/email") or ctx.wants(WORK_RULE):
            late = list(mailto_only(doc, text, st, ctx, record))
        if st.names and ctx.wants("pii/person-name"):
            for h in find_names(doc, text, st, ctx, hits):
                if not claimed.overlaps(h.start, h.end):
                    hits.append(h)
                    claimed.add(h.start, h.end)
        hits.sort(key=lambda h: h.start)
        for h in hits:
            if not ctx.wants(h.rule) or _listed(doc, h):
                continue
            yield ctx.finding(h.rule, doc, h.start, h.end, h.message, excerpt=h.masked, match=h.value)
        yield from late
        yield from self._places(doc, ctx, st, code_seen + [doc.raw_span(h.start, h.end) for h in hits], record)

    def _places(self, doc, ctx, st, reported: list[tuple[int, int]], record: "_Record") -> Iterable:
        """Personal data published outside the prose (see :mod:`.places`), at raw spans;
        a span the prose pass already reported is not reported twice."""
        seen = SpanSet(reported)

        def fresh(s: int, e: int) -> bool:
            return not seen.overlaps(s, e)

        for start, end, where in source_places(doc):
            for h in scan_structured(doc.source[start:end], st, doc)[0]:
                s, e = start + h.start, start + h.end
                _work_contact(h, doc.source, s, st, record, doc, (s, e))
                if ctx.wants(h.rule) and fresh(s, e):
                    seen.add(s, e)
                    yield ctx.finding(h.rule, doc, s, e, f"{h.message} ({where})", raw=True,
                                      excerpt=h.masked, match=h.value)
        for start, end, value, where in link_places(doc):
            got = scan_structured(value, st, doc)[0]
            if got:
                _work_contact(got[0], doc.source, start, st, record, doc, (start, end))
            if got and ctx.wants(got[0].rule) and fresh(start, end):
                h = got[0]
                seen.add(start, end)
                yield ctx.finding(h.rule, doc, start, end, f"{h.message} ({where})", raw=True,
                                  excerpt=h.masked, match=h.value)


class _Record:
    """Whether the document is a record (:func:`.names.record_file`), asked at most once."""

    def __init__(self, doc) -> None:
        self._doc, self._answer = doc, None

    def __bool__(self) -> bool:
        if self._answer is None:
            self._answer = record_file(self._doc)
        return self._answer


def _work_contact(h, hay: str, pos: int, st, record, doc, raw: tuple[int, int] | None = None) -> None:
    """A personal-address hit that is a named person's work contact on a published page
    becomes a :data:`WORK_RULE` hit (:func:`.email.email_rule`), and a phone hit in the
    same contact as a work address a :data:`WORK_PHONE_RULE` hit (:func:`.phone.phone_rule`).
    ``hay[pos]`` is where the value is, for its sentence; ``raw`` its span in the
    document's source (looked up for a prose hit, only for a phone number)."""
    if h.rule == "pii/email" and email_rule(h.value, hay, pos, st, bool(record)) == WORK_RULE:
        h.rule, h.message = WORK_RULE, work_message(h.masked)
    elif h.rule == "pii/phone" and phone_rule(h, hay, pos, doc.source, raw or doc.raw_span(h.start, h.end),
                                              st, record) == WORK_PHONE_RULE:
        h.rule, h.message = WORK_PHONE_RULE, work_phone_message(h.masked)


def _listed(doc, h, raw: tuple[int, int] | None = None) -> bool:
    """An IP address alone on its source line (:func:`.ip.listed_alone`): one of a list.
    ``raw`` is the hit's raw span when known; a prose hit's is looked up only for an IP."""
    if h.rule != "pii/ip-address":
        return False
    return listed_alone(doc.source, *(raw or doc.raw_span(h.start, h.end)))


#: a licence header's or a file's attribution line in code ("Copyright (c) 2016 Jane Doe
#: <jane.doe@...>", "@author", "Maintainer:"): an author publishing their own address
_ATTRIBUTION = re.compile(r"(?:\bcopyright\b|\(c\)|©|@author\b|\bauthors?\s*:|\bmaintainers?\s*:)[^\n]*$", re.I)


def attribution(text: str, start: int) -> bool:
    """Whether the value at ``text[start]`` follows an attribution on its line."""
    line = text[text.rfind("\n", 0, start) + 1:start]
    return _ATTRIBUTION.search(line) is not None


_TAG_OR_TICKS = re.compile(r"<[^<>\n]*>|`+")


def said_otherwise(doc, s: int, value: str, h, st: Settings) -> bool:
    """Whether the words written before inline code make its value something else: "the
    OID `2.5.29.15`", "our server <code>81.2.69.160</code>" (the detectors read the line
    before the value, tags and backticks dropped, as they read prose)."""
    line = doc.source[max(doc.source.rfind("\n", 0, s) + 1, s - 160):s]
    before = _TAG_OR_TICKS.sub("", line)
    if not before.strip():
        return False
    n = len(before)
    return not any(x.rule == h.rule and x.start < n + len(value) and n < x.end
                   for x in find_personal_data(before + value, st, doc))


def _code_hits(doc, st: Settings):
    """(raw start, raw end, hit) of the structured kinds in the document's published code:
    its raw code spans (Markdown) and its code text (HTML); an attribution line's address
    is its author's own; the words before inline code are its context."""
    for cs, ce in doc.code:
        code = doc.source[cs:ce]
        for h in find_personal_data(code, st, doc):
            if not attribution(code, h.start) and not said_otherwise(doc, cs + h.start, code[h.start:h.end], h, st):
                yield cs + h.start, cs + h.end, h
    ct = doc.code_text
    if ct is not None and ct.text:
        for h in find_personal_data(ct.text, st, doc):
            s, e = ct.raw_span(h.start, h.end)
            if not attribution(ct.text, h.start) and not said_otherwise(doc, s, ct.text[h.start:h.end], h, st):
                yield s, e, h


CHECK = PiiCheck()
