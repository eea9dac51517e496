"""What every personal-data detector shares: the hit a detector yields, the check's
settings, lazily compiled patterns, the package's word lists, digit and letter folding."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

CAT = "personal-data"


class lazy_re:
    """A pattern compiled on first use: importing the package stays cheap (every
    `contentguard check` imports every check, selected or not). On first use the compiled
    pattern's methods are bound to the object's own slots, so later calls are plain
    attribute reads (``__getattr__`` on every call cost about 1 µs, 85,000 times over
    1,000 pages)."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
    __slots__ = ("_args", "_re", *_METHODS)

    def __init__(self, *args) -> None:
        self._args = args
        self._re = None

    def __getattr__(self, name: str):
        if self._re is None:
            self._re = re.compile(*self._args)
            for m in self._METHODS:
                setattr(self, m, getattr(self._re, m))
        return getattr(self._re, name)


@dataclass
class Hit:
    """One value a detector found: its span in the text, its rule, the value (for the
    fingerprint only) and its masked form. A hit without a rule is a validated look-alike
    (an IBAN failing its checksum, an example SSN): nothing to report, but no other
    detector may reuse its digits."""

    start: int
    end: int
    rule: str
    value: str
    masked: str
    message: str
    #: a phone number libphonenumber types as a mobile (GB 07..., DE 015...): a person's
    #: own line wherever it stands (NANP numbers cannot say, they are never marked)
    mobile: bool = False


@dataclass
class Settings:
    region: str
    regions: list[str]
    allowed_domains: tuple[str, ...]
    role_words: frozenset
    published: frozenset  # E.164 strings
    names: bool
    allow_names: frozenset  # casefolded
    authors: frozenset
    context_re: Any
    window: int
    test_cards: frozenset
    phone_types: frozenset = field(default_factory=frozenset)


@cache
def words(name: str) -> frozenset[str]:
    """The words of the package data file ``data/<name>.txt`` (whitespace-separated, "#"
    starts a comment), read once."""
    return frozenset(w for line in data_lines(name) for w in line.split())


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of ``data/<name>.txt``, trailing newline removed."""
    text = resources.files(__package__).joinpath("data", name + ".txt").read_text(encoding="utf-8")
    return tuple(line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#"))


#: the default fallback regions for numbers written without a country code
DEFAULT_REGIONS = ["GB", "US", "CA", "IE", "AU", "DE", "FR", "IN", "KW", "AE", "SA", "QA", "BH", "OM"]

ANY_DIGIT = lazy_re(r"\d")

#: labels of identifiers: a number right after one is a reference, not a phone or a card
REF_LABELS = (r"order|ref|reference|invoice|inv|account no|acct|tracking|ticket|case|booking|id|omb|"
              r"sku|isbn|issn|ean|gtin|upc|barcode|serial|imei|policy|claim|application|permit|"
              r"licen[cs]e|vat|reg|registration|company|companies house|charity|code|pin|postcode|"
              r"zip|item|model|part|merge|commit|issue|bug|pr|pull|build|rev|version|transaction|"
              r"receipt|confirmation|membership|customer no|parcel|shipment|consignment")
REF_BEFORE = lazy_re(r"(?:\b(?:" + REF_LABELS + r")(?:[-\s]?[A-Z0-9]{1,3})?\.?\s*"
                     r"(?:no\.?|number|num|#)?\s*[:#]?\s*|#\s*|"
                     r"\b(?:customer|client|member|contract|meter|patient|employee|staff|student|"
                     r"supplier|mandate|tax|vat|company|registration|uhid|mrn|nhs|chi|medicare|insurance|passport|"
                     r"candidate|pupil|matriculation|licen[cs]e|health|hospital)[-\s]*(?:no\.?|nr\.?|number|num|"
                     r"id|#|ref)\s*[:#.]?\s*)$", re.I)


SENTENCE_END = lazy_re(r"(?<![A-Z])" + "".join(rf"(?<!\b{a})" for a in ("Dr", "Mr", "Ms", "St", "No", "vs", "Mrs", "etc", r"e\.g", r"i\.e"))
                         + r"[.!?](?=\s|$)|\n(?![ \t]*[a-z])")


def sentence_of(text: str, pos: int, reach: int | None = None) -> tuple[int, int]:
    """The sentence around ``pos``; a line break ends one too, unless the next line goes on
    in lower case (a paragraph wrapped in the source). With ``reach``, at most that many
    characters either side of ``pos`` (a bounded look, for checks asked once per value)."""
    lo = max(0, pos - (reach or 400))
    s = lo if reach else 0
    for m in SENTENCE_END.finditer(text, lo, pos):
        s = m.end()
    end = min(len(text), pos + reach) if reach else len(text)
    m = SENTENCE_END.search(text, pos, end)
    return s, (m.end() if m else end)


def digits(s: str) -> str:
    """The decimal digits of ``s`` as ASCII (Arabic-Indic ٠-٩ and other scripts included)."""
    if s.isascii():  # the usual case: the only decimal ASCII characters are 0-9
        return "".join(filter(str.isdecimal, s))
    return "".join(c if c < "\x80" else str(unicodedata.decimal(c)) for c in s if c.isdecimal())


def placeholder_digits(d: str) -> bool:
    """123456, 000000, 111111...: sample values, not issued numbers."""
    if len(set(d)) == 1:
        return True
    return d in "01234567890123456789" or d in "98765432109876543210"


def _fold1(c: str) -> str:
    """One character folded to ASCII where it is a Latin letter with marks (é -> e, ß -> s)."""
    if c < "\x80":
        return c
    if c == "ß":
        return "s"
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base.isascii() and base.isalpha() else c


def fold_latin(s: str) -> str:
    """``s`` with accented Latin letters folded to ASCII, length kept (offsets stay valid)."""
    return s if s.isascii() else "".join(_fold1(c) for c in s)
