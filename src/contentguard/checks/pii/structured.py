"""The structured kinds (e-mail, phone, card, IBAN, national ID, IP) run together over any
text: one function for the check, for masking other findings' source lines and for any
other place that must find or hide personal data in a string."""
from __future__ import annotations

from dataclasses import replace

from contentguard.masking import mask_like
from contentguard.spanset import SpanSet

from .card import find_cards, test_cards
from .common import ANY_DIGIT, DEFAULT_REGIONS, Hit, Settings
from .email import find_emails, role_words
from .iban import find_ibans
from .ip import find_ips
from .national_id import find_national_ids
from .obfuscation import deobfuscate, map_span
from .phone import find_phones

_DEFAULT: Settings | None = None


def default_settings() -> Settings:
    """The check's settings with no configuration (region GB, no names)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Settings(
            region="GB", regions=list(DEFAULT_REGIONS), allowed_domains=(), role_words=role_words(),
            published=frozenset(), names=False, allow_names=frozenset(), authors=frozenset(),
            context_re=None, window=0, test_cards=test_cards())
    return _DEFAULT


def scan_structured(text: str, st: Settings, doc=None, plain: bool = True) -> tuple[list[Hit], SpanSet]:
    """The reported hits of the structured detectors in ``text`` (in detector order) and every
    span claimed, look-alikes included (an example IBAN's digits are no phone number).

    Obfuscated values (``name [at] domain [dot] com``, full-width ``＠``, zero-width
    characters inside a number, dotted cards and SSNs, slashed phones, lower-case IBANs)
    are found too, on the plain reading of :mod:`.obfuscation`, at their original span."""
    hits, claimed = _scan(text, st, doc)
    read = deobfuscate(text) if plain else None
    if read is None:
        return hits, claimed
    ptext, mp = read
    more, _ = _scan(ptext, st, doc)
    # the hits of the first pass by span, to drop those a plain-reading value replaces
    # (looked up by span: a scan of every hit per value was quadratic in the findings)
    at: dict[tuple[int, int], list[int]] = {}
    for i, x in enumerate(hits):
        at.setdefault((x.start, x.end), []).append(i)
    dropped: set[int] = set()
    for h in more:
        s, e = map_span(mp, h.start, h.end)
        near = claimed.overlapping(s, e)
        if any(not (s <= cs and ce <= e) for cs, ce in near):
            continue  # crosses what the plain pass found: keep that
        # the whole value replaces the pieces the plain pass saw (an address cut by
        # a zero-width space was found from the space on)
        for span in near:
            dropped.update(at.pop(span, ()))
            claimed.discard(*span)
        if h.rule:
            at.setdefault((s, e), []).append(len(hits))
            hits.append(replace(h, start=s, end=e))
        claimed.add(s, e)
    if dropped:
        hits = [x for i, x in enumerate(hits) if i not in dropped]
    return hits, claimed


def _scan(text: str, st: Settings, doc=None) -> tuple[list[Hit], SpanSet]:
    hits: list[Hit] = []
    claimed = SpanSet()

    def add(h: Hit) -> None:
        if h.rule:
            hits.append(h)
        claimed.add(h.start, h.end)

    if "@" in text:
        for h in find_emails(text, st):
            add(h)
    if ANY_DIGIT.search(text) is not None:
        for h in find_ibans(text):
            add(h)
        for found in (find_cards(text, st), find_national_ids(text), find_ips(text),
                      find_phones(doc, text, st, claimed)):
            for h in found:
                if not claimed.overlaps(h.start, h.end):
                    add(h)
    return hits, claimed


def find_personal_data(text: str, settings: Settings | None = None, doc=None) -> list[Hit]:
    """Every structured personal value in ``text`` (e-mail, phone, payment card, IBAN,
    national ID, IP address), sorted by position: each :class:`Hit` has its span
    (``start``, ``end``), ``rule``, ``value`` and ``masked`` form. ``settings`` default to
    the check's defaults; ``doc``, when given, adds its links to the phone region hints."""
    if "@" not in text and ANY_DIGIT.search(text) is None:
        return []
    hits, _ = scan_structured(text, settings or default_settings(), doc)
    return sorted(hits, key=lambda h: h.start)


def mask_line(line: str) -> str:
    """``line`` with every structured personal value in it masked, length kept.

    For the source line other findings print (a date finding on the line of a phone
    number must not print the number). Default settings, no names (no NER here): the
    engine overlays this check's own findings, names included, when it ran.
    """
    for h in sorted(find_personal_data(line), key=lambda h: h.start, reverse=True):
        line = line[:h.start] + mask_like(line[h.start:h.end], h.masked) + line[h.end:]
    return line
