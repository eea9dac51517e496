"""Stale dates: expired deadlines, past events announced as upcoming, old update
statements, old copyright years, stale page metadata and posts scheduled in the past.

How it works, and why not ``dateparser.search_dates``: searching free text with a
general date parser finds "we", "now", "may" and "second" and is slow (tens of KB/s).
Here candidate date expressions are found with compiled patterns that always need a
number next to a month name (or a full numeric/ISO form, a quarter, a month and a
year), and they are turned into dates by a small table-driven parser: exact, fast and
never filling a missing part from today. A candidate only matters when a *trigger
phrase* precedes it in the same sentence, close enough ("Offer ends", "valid until",
"will take place on", "Join us on", "Last updated"); the nearest trigger decides the
rule. Past-tense sentences ("ended on", "took place", "had to be claimed by") and
historical statements are left alone. Month and weekday names of languages other
than English and Arabic are read from dateparser's locale data (``languages``
option), lazily, so the check stays cheap to import.

Every verdict is against a reference date: ``ctx.today``, or, inside a post with a
scheduled time, the post's scheduled date (a post that goes out on 2 December saying
"sale ends 30 November" is stale when it goes out).
"""
from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from contentguard.checks import Check
from contentguard.findings import Rule

NAME = "dates"

# --------------------------------------------------------------------------- rules

RULES = (
    Rule("date/copyright", "stale-date", "warning",
         "Copyright notice whose latest year is before the current year",
         "A copyright line such as '© 2019 Acme' or 'Copyright 2015–2021' whose last year is "
         "before the reference year makes a page look abandoned. `--fix` rewrites the years "
         "with the `copyright-fix-style` option (default '{first}–{year}': '© 2019' becomes "
         "'© 2019–2026'). Ranges ending in the current year are fine.",
         "© 2019 Acme Ltd", "date.copyright"),
    Rule("date/expired-deadline", "stale-date", "error",
         "Offer, deadline, registration or validity date that has passed",
         "A date introduced by a deadline or offer phrase ('Offer ends', 'valid until', "
         "'apply by', 'registration closes', 'closing date', 'deadline', 'before', 'ينتهي العرض', "
         "'حتى') that is before the reference date. In a post with a scheduled time, the "
         "scheduled time is the reference. Past-tense statements ('the offer ended on', "
         "'had to be claimed by') are not reported.",
         "Offer ends 31 March 2025.", "date.expired-deadline"),
    Rule("date/past-event", "stale-date", "error",
         "Event announced as upcoming whose date has passed",
         "Future-tense or invitation phrasing ('Join us on', 'will take place on', 'Save the "
         "date', 'coming in Q3 2024', 'انضموا إلينا') about a date before the reference date. "
         "Quarters and months count as passed once their last day has passed. Historical "
         "statements ('took place on', 'founded in', 'In 2019 we') are not reported.",
         "Join us on 12 May 2025 at the Guildhall.", "date.past-event"),
    Rule("date/stale-update", "stale-date", "warning",
         "'Last updated' / 'As of' statement older than max-age-days",
         "'Last updated', 'Updated on', 'As of', 'Prices as of', 'correct at time of writing', "
         "'آخر تحديث' with a date more than `max-age-days` (default 365) before the reference "
         "date: prices, figures or opening hours that nobody has checked for a year.",
         "Prices as of 1 January 2024.", "date.stale-update"),
    Rule("date/metadata", "stale-date", "warning",
         "Page metadata: expiry date in the past, or modification date older than max-age-days",
         "Front matter `expiryDate`/`expires`, HTML `<meta name=expires>`, JSON-LD `expires`, "
         "`validThrough` or `priceValidUntil` before the reference date; or `lastmod`, "
         "`updated`, `article:modified_time`, JSON-LD `dateModified` more than `max-age-days` "
         "old. The finding points at the value as written. Publication dates (`date`, "
         "`article:published_time`, `datePublished`) are history and never reported.",
         "lastmod: 2023-03-04", "date.metadata"),
    Rule("date/scheduled-past", "stale-date", "error",
         "Post scheduled before the reference date",
         "A post in a queue whose scheduled time is before the reference date: it will go out "
         "late, or at once, or never. The finding points at the scheduled value as written.",
         "scheduled_at: 2025-03-20T20:00:00+03:00", "date.scheduled-past"),
)

DEFAULT_LANGUAGES = ["en", "ar"]
DEFAULT_ORDER = "DMY"
DEFAULT_MAX_AGE = 365
DEFAULT_FIX_STYLE = "{first}–{year}"

# --------------------------------------------------------------------------- data

DIG = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic, Extended Arabic-Indic
_D = f"[{DIG}]"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

# English month names are matched only capitalised ("May", "MAY"), never "may"/"march".
_EN_MONTHS = [
    ["January", "Jan"], ["February", "Feb"], ["March", "Mar"], ["April", "Apr"], ["May"],
    ["June", "Jun"], ["July", "Jul"], ["August", "Aug"], ["September", "Sept", "Sep"],
    ["October", "Oct"], ["November", "Nov"], ["December", "Dec"],
]
_EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"]
_AR_MONTHS = [
    ["يناير", "كانون الثاني"], ["فبراير", "شباط"], ["مارس", "آذار"], ["أبريل", "ابريل", "إبريل", "نيسان"],
    ["مايو", "أيار", "ايار"], ["يونيو", "يونيه", "حزيران"], ["يوليو", "يوليه", "تموز"],
    ["أغسطس", "اغسطس", "آب"], ["سبتمبر", "أيلول", "ايلول"], ["أكتوبر", "اكتوبر", "تشرين الأول"],
    ["نوفمبر", "تشرين الثاني"], ["ديسمبر", "كانون الأول"],
]
_AR_WEEKDAYS = ["الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الاربعاء", "الخميس", "الجمعة",
                "السبت", "الأحد", "الاحد"]

# Trigger phrases: (phrase regex, class, reach). Classes: deadline, event, update, and
# "past" (a historical phrase that claims the date, so nothing fires). Reach: "tight"
# (only "on", "the", ":" between phrase and date), "near" (<= 45 characters), "far"
# (<= 95 characters), always within one sentence. The nearest preceding phrase wins.
_TRIGGERS_EN = [
    # deadlines and offers
    (r"by|before|until|till|'til|thru|through|due|no later than|prior to", "deadline", "tight"),
    (r"valid|available|last day|last chance", "deadline", "tight"),
    (r"ends?|ending|closes?|expires?|expiring|expiry|deadline|closing date|apply by|register by"
     r"|book by|order by|rsvp|offer ends|sale ends|last orders?|last order date|order deadline"
     r"|entries close|offer expires", "deadline", "near"),
    # events announced as upcoming
    (r"will|shall|join us|join the|save the date|don'?t miss|do not miss|come and see us"
     r"|come along|come and join|see you|we look forward|you'?re invited|you are invited"
     r"|invites you|upcoming|coming up|coming|next|to be held|is being held|takes place"
     r"|is taking place|opens|reopens|launches|kicks off|doors open|returns|is back|are back"
     r"|starts|begins|starting|beginning|commences|gets under ?way|opening night|first night|premieres?"
     r"|premiering", "event", "far"),
    (r"runs?|running|is on|are on"
     r"|this", "event", "tight"),  # "this" only before a weekday: "this Saturday, 29 November"
    (r"(?<!the )(?<!a )(?<!of )(?:begin|start)(?!\s+of\b)", "event", "near"),
    (r"(?:is |are )?(?:scheduled|planned|slated|set|pencilled in|penciled in) for"
     r"|(?:is |are )?set to (?:open|start|return|launch|take place|begin)", "event", "near"),
    (r"register for|book your (?:place|seat|ticket)s?|sign up for|meet us|visit us|celebrate with us"
     r"|we'?re hosting|we are hosting|we'?re holding|we are holding", "event", "near"),
    # update statements
    (r"as of|as at|correct as of|accurate as of|prices as of", "update", "tight"),
    (r"last updated|updated on|updated|last reviewed|reviewed on|last modified|last checked"
     r"|checked on|correct at (?:the )?time of writing|at the time of writing|information correct",
     "update", "near"),
    # historical phrases: the date is a fact, not a promise
    (r"ended|closed|expired|took place|was held|were held|happened|founded|established"
     r"|launched|began|opened|joined us|since|effective(?: as of| from)?|apply from|applies from"
     r"|restocked|announced|published|posted|issued|dated|started|begun|reached|released"
     r"|reopened|relaunched", "past", "tight"),
]
_TRIGGERS_AR = [
    (r"حتى|لغاية|قبل|بحلول|ساري|سارية|صالح|صالحة", "deadline", "tight"),
    (r"ينتهي|تنتهي|ينتهى|آخر موعد|الموعد النهائي|آخر يوم|آخر فرصة|التسجيل مفتوح", "deadline", "near"),
    (r"انضموا|انضمي|انضم|انضموا إلينا|سيقام|ستقام|يقام|تقام|سيعقد|ستعقد|تعقد|يعقد|احجزوا"
     r"|احفظوا الموعد|ندعوكم|يسرنا دعوتكم|قريباً|قريبا|سيتم|سنكون|موعدنا|لا تفوتوا|سيكون|ستكون|القادم|القادمة",
     "event", "far"),
    (r"اعتبارا من|اعتباراً من|كما في", "update", "tight"),
    (r"آخر تحديث|اخر تحديث|تم التحديث|تاريخ التحديث|محدث في|حُدّث|تحديث", "update", "near"),
    (r"انتهى|انتهت|أقيم|أقيمت|أقيمت|تأسست|تأسس|منذ|افتتح|افتتحت", "past", "tight"),
]
# auxiliaries and verbs that put the whole sentence in the past before the date
_PAST_EN = (r"had|was|were|ended|closed|expired|took place|happened|passed|finished|is over"
            r"|are over|has ended|have ended|did|been|sold out|ran out|went")
_PAST_AR = r"انتهى|انتهت|كان|كانت|أقيم|أقيمت|تأسست|تأسس"

_REACH = {"tight": 14, "near": 45, "far": 95}
_TIME = (r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?|h|hrs)?"
         r"(?:\s*(?:GMT|BST|UTC|CET|CEST|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|local time))?")
_TIGHT_GAP = re.compile(r"[\s:,(\-–—*|]*(?:(?:on|the|of|end of|at|midnight|noon|midday|" + _TIME
                        + r"|في|يوم|بتاريخ|تاريخ|نهاية|بنهاية)[\s:,(]+){0,4}",
                        re.IGNORECASE)
_FROM_GAP = re.compile(r"[\s:,(\-–—*|]*(?:(?:on|the)\s+)?from\s+(?:the\s+)?", re.IGNORECASE)
_ABBREV = {"oct", "sept", "sep", "nov", "dec", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "mr", "mrs", "ms", "dr", "st", "no", "vs", "e.g", "i.e", "a.m", "p.m", "etc", "approx",
           "prof", "inc", "ltd", "co", "jr", "sr", "ave", "rd"}
# a sentence ends at . ! ? ؟ followed by space and something that is not lower-case
# Latin or a digit, or at a blank line
_SENT_BREAK = re.compile(r"[.!?؟](?=[\"'”’)\]]*\s+[^a-z0-9\s])|\n[ \t\r]*\n")

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _digits(s: str) -> int:
    """int() of Western, Arabic-Indic or Extended Arabic-Indic digits."""
    return int(s)  # Python's int() accepts every Unicode decimal digit


def _same_script(digits: str, like: str) -> str:
    """``digits`` (ASCII) written in the digit script of ``like``."""
    if any(c in _ARABIC_DIGITS for c in like):
        return digits.translate(str.maketrans("0123456789", _ARABIC_DIGITS))
    if any(c in _PERSIAN_DIGITS for c in like):
        return digits.translate(str.maketrans("0123456789", _PERSIAN_DIGITS))
    return digits


# --------------------------------------------------------------------------- candidates

@dataclass(frozen=True)
class Cand:
    """A date expression in ``doc.text``: its span and the latest day it can mean.

    ``day`` is the exact date (or the last day of a month/quarter); ``alt`` is the other
    reading of an ambiguous numeric date; ``partial`` marks day+month without a year.
    """

    start: int
    end: int
    day: _dt.date | None
    grain: str  # day, month, quarter
    alt: _dt.date | None = None
    alt_label: str = ""
    label: str = ""  # the primary reading when ambiguous (e.g. "DMY")
    month: int = 0
    dom: int = 0
    partial: bool = False
    span: bool = False  # a range joined from two dates ("1 October to 15 October 2025")


def _mk(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> _dt.date | None:
    if not 1 <= m <= 12:
        return None
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


class Grammar:
    """Compiled patterns for one set of languages (built once per process)."""

    def __init__(self, languages: list[str], extra: dict[str, list[str]] | None = None) -> None:
        months: dict[str, int] = {}
        weekdays: list[str] = []
        langs = [lang.lower() for lang in (languages or DEFAULT_LANGUAGES)]
        self.languages = langs
        if "en" in langs:
            for i, names in enumerate(_EN_MONTHS, 1):
                for n in names:
                    for form in (n, n.upper()):
                        months[form] = i
            weekdays += _EN_WEEKDAYS + [w.upper() for w in _EN_WEEKDAYS]
        if "ar" in langs:
            for i, names in enumerate(_AR_MONTHS, 1):
                for n in names:
                    months[n] = i
            weekdays += _AR_WEEKDAYS
        for lang in langs:
            if lang in ("en", "ar"):
                continue
            m, w = _locale_names(lang)
            months.update(m)
            weekdays += w
        self.months = months
        self._months_ci = {k.casefold(): v for k, v in months.items()}
        mon = "|".join(re.escape(k) + (r"\.?" if len(k) <= 4 and k.isascii() else "")
                       for k in sorted(months, key=len, reverse=True))
        wd = "|".join(re.escape(k) for k in sorted(set(weekdays), key=len, reverse=True))
        L = r"(?<![\w./\-])"  # left edge: not inside a word, number, path or version
        R = r"(?![\w]|[./\-]\w)"  # right edge
        R_ISO = r"(?![^\WT]|[./\-]\d)"  # an ISO date may run into a time: 2025-04-26T10:00
        day = rf"{_D}{{1,2}}(?:st|nd|rd|th)?"
        year = rf"{_D}{{4}}"
        wdp = rf"(?:(?:{wd})\.?,?\s+(?:the\s+)?)?"
        dash = r"\s*[-–—‐]\s*"
        # one pattern, branch-specific group names; order matters (longest forms first)
        self.rx = re.compile(
            "|".join([
                # 1–3 March 2025 / 29 November 2024 / Friday 14 March 2025 / ٣١ مارس ٢٠٢٥
                rf"{L}(?P<A>{wdp}(?:(?P<Ad0>{day}){dash})?(?P<Ad>{day})\s+(?:of\s+)?"
                rf"(?P<Am>{mon}),?\s+(?P<Ay>{year})){R}",
                # March 1, 2024 / Oct. 24, 2025 / Thursday, October 9, 2025 / March 1–3, 2025
                rf"{L}(?P<B>{wdp}(?P<Bm>{mon})\s+(?:(?P<Bd0>{day}){dash})?(?P<Bd>{day}),?\s+(?P<By>{year})){R}",
                # ISO 2025-04-26 (a time may follow; the date is the candidate)
                rf"{L}(?P<I>(?P<Iy>{year})-(?P<Im>{_D}{{2}})-(?P<Id>{_D}{{2}})){R_ISO}",
                # 2025/04/26, 2025.04.26
                rf"{L}(?P<J>(?P<Jy>{year})(?P<Js>[/.])(?P<Jm>{_D}{{1,2}})(?P=Js)(?P<Jd>{_D}{{1,2}})){R}",
                # 15/09/2024, 1/15/2024, 04.03.2024, 15-09-2024
                rf"{L}(?P<N>(?P<Na>{_D}{{1,2}})(?P<Ns>[/.\-])(?P<Nb>{_D}{{1,2}})(?P=Ns)(?P<Ny>{year})){R}",
                # Q3 2024, Q4/2025, H1 2024
                rf"{L}(?P<Q>(?P<Qk>[QH])(?P<Qn>[1-4])[\s/]+(?P<Qy>{year})){R}",
                # March 2024, June 2023
                rf"{L}(?P<M>(?P<Mm>{mon}),?\s+(?P<My>{year})){R}",
                # partials without a year (range starts, posts): 12 May / May 12
                rf"{L}(?P<P>{wdp}(?P<Pd>{day})\s+(?:of\s+)?(?P<Pm>{mon})){R}",
                rf"{L}(?P<S>{wdp}(?P<Sm>{mon})\s+(?P<Sd>{day})){R}",
            ]))
        # copyright notices: the mark, an optional holder, the years
        holder = r"(?:[A-Z][\w'’.\-]*|&|and|of|the)"
        cy = rf"{_D}{{4}}"
        self.copyright = re.compile(
            rf"(?P<mark>\bCopyright\b(?:\s*(?:©|\([cC]\)))?|\bCOPYRIGHT\b(?:\s*(?:©|\([cC]\)))?|©|\([cC]\)(?=\s*{_D}))"
            rf"\s*(?:(?P<holder>{holder}(?:[ \t]+{holder}){{0,5}}),?[ \t]+)?"
            rf"(?P<years>(?P<y1>{cy})(?:\s*(?:[-–—‐]|to)\s*(?P<y2>{cy}|{_D}{{2}}))?(?:\s*,\s*(?P<y3>{cy}))*)(?![\w])")
        trig = list(_TRIGGERS_EN if "en" in langs else []) + list(_TRIGGERS_AR if "ar" in langs else [])
        for cls, phrases in (extra or {}).items():
            if phrases:
                trig.append(("|".join(re.escape(p) for p in phrases), cls, "near"))
        parts = []
        self._trig_meta: list[tuple[str, str]] = []
        for i, (alts, cls, reach) in enumerate(trig):
            parts.append(rf"(?P<t{i}>{alts})")
            self._trig_meta.append((cls, reach))
        self.triggers = re.compile(r"(?<![\w'\-_/.@#])(?:" + "|".join(parts) + r")(?![\w'_/]|-\w)",
                                   re.IGNORECASE)
        self.past = re.compile(r"(?<![\w'])(?:" + _PAST_EN + "|" + _PAST_AR + r")(?![\w'])", re.IGNORECASE)
        self._holder_stop = re.compile(r"\b(?:Act|Law|Laws|Directive|Regulations?|Treaty|Office|"
                                       r"Notice|Policy|Amendment|Convention)\b")

    def month_of(self, name: str) -> int:
        name = name.rstrip(".")
        return self.months.get(name) or self._months_ci.get(name.casefold(), 0)

    def trigger_info(self, m: re.Match) -> tuple[str, str]:
        return self._trig_meta[int(m.lastgroup[1:])]

    def candidates(self, text: str, order: str, partials: bool = True) -> list[Cand]:
        """Date expressions of ``text``, ranges joined.

        Every complete form holds a four-digit year, so without ``partials`` (year-less
        dates only matter in posts) only windows around four-digit numbers are scanned:
        most prose has few of them, and the big pattern is the costly part.
        """
        out: list[Cand] = []
        if partials:
            spans = [(0, len(text))]
        else:
            spans = []
            for y in _YEARISH.finditer(text):
                lo, hi = max(0, y.start() - _WINDOW_BEFORE), y.end() + _WINDOW_AFTER
                if spans and lo <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], hi)
                else:
                    spans.append((lo, hi))
        n = len(text)
        for lo, hi in spans:
            for m in self.rx.finditer(text, lo, hi):
                if m.end() == hi and hi < n:  # the right edge saw the window's end, not the text's
                    m = self.rx.match(text, m.start())
                    if m is None:
                        continue
                c = self._cand(m, order)
                if c is not None and not (out and c.start < out[-1].end):
                    out.append(c)
        return _join_ranges(text, out)

    def _cand(self, m: re.Match, order: str) -> Cand | None:
        g = m.lastgroup
        s, e = m.span()
        if g == "A" or g == "B":
            mo = self.month_of(m.group(g + "m"))
            y = _digits(m.group(g + "y"))
            d = _digits(re.match(rf"{_D}+", m.group(g + "d")).group())
            day = _mk(y, mo, d)
            return Cand(s, e, day, "day") if day else None
        if g == "I":
            day = _mk(_digits(m.group("Iy")), _digits(m.group("Im")), _digits(m.group("Id")))
            return Cand(s, e, day, "day") if day else None
        if g == "J":
            day = _mk(_digits(m.group("Jy")), _digits(m.group("Jm")), _digits(m.group("Jd")))
            return Cand(s, e, day, "day") if day else None
        if g == "N":
            a, b, y = _digits(m.group("Na")), _digits(m.group("Nb")), _digits(m.group("Ny"))
            dmy, mdy = _mk(y, b, a), _mk(y, a, b)
            if m.group("Ns") == "." and not dmy:
                return None  # 04.13.2024 is no date anyone writes
            if dmy and mdy and dmy != mdy:
                first, second = ("MDY", "DMY") if order == "MDY" else ("DMY", "MDY")
                p, q = (dmy, mdy) if first == "DMY" else (mdy, dmy)
                return Cand(s, e, p, "day", alt=q, alt_label=second, label=first)
            day = dmy or mdy
            return Cand(s, e, day, "day") if day else None
        if g == "Q":
            y, n = _digits(m.group("Qy")), int(m.group("Qn"))
            if m.group("Qk") == "H":
                if n > 2:
                    return None
                return Cand(s, e, _dt.date(y, 6 * n, 30 if n == 1 else 31), "quarter")
            mo, d = QUARTER_END[n]
            return Cand(s, e, _dt.date(y, mo, d), "quarter")
        if g == "M":
            mo = self.month_of(m.group("Mm"))
            end = _month_end(_digits(m.group("My")), mo)
            return Cand(s, e, end, "month") if end else None
        if g in ("P", "S"):
            mo = self.month_of(m.group(g + "m"))
            d = _digits(re.match(rf"{_D}+", m.group(g + "d")).group())
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return Cand(s, e, None, "day", month=mo, dom=d, partial=True)
        return None


_YEARISH = re.compile(rf"(?<![{DIG}]){_D}{{4}}(?![{DIG}])")
_WINDOW_BEFORE = 64  # longest prefix before a year: "Wednesday, the 29th – 30th September "
_WINDOW_AFTER = 8  # year-first forms: 2025-04-26, 2025/4/26
_TRIGGER_WINDOW = 130  # how far back to look for a trigger (the far reach plus the phrase)

_RANGE_JOIN = re.compile(r"\s*(?:[-–—‐]|to|until|till|through|thru|and|حتى|إلى|الى)\s*", re.IGNORECASE)


def _join_ranges(text: str, cands: list[Cand]) -> list[Cand]:
    """'12 May – 3 June 2025', 'from 1 March to 3 April 2024': one candidate, judged by its end.

    A year-less start takes the year of the end; a lone year-less date stays partial.
    """
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands):
            n = cands[i + 1]
            gap = text[c.end:n.start]
            if not n.partial and n.day and _RANGE_JOIN.fullmatch(gap) and (c.partial or c.day):
                if c.partial or (c.day and c.day <= n.day):
                    out.append(Cand(c.start, n.end, n.day, n.grain, n.alt, n.alt_label, n.label, span=True))
                    i += 2
                    continue
        out.append(c)
        i += 1
    return out


@lru_cache(maxsize=None)
def _locale_names(lang: str) -> tuple[dict[str, int], list[str]]:
    """Month and weekday names of ``lang`` from dateparser's locale data."""
    try:
        from dateparser.languages.loader import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:
        return {}, []
    months: dict[str, int] = {}
    for i, key in enumerate(("january", "february", "march", "april", "may", "june", "july",
                             "august", "september", "october", "november", "december"), 1):
        for n in info.get(key, []):
            if len(n) >= 3:
                months[n] = i
                months[n[:1].upper() + n[1:]] = i
    wd = []
    for key in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        for n in info.get(key, []):
            if len(n) >= 3:
                wd += [n, n[:1].upper() + n[1:]]
    return months, wd


# --------------------------------------------------------------------------- metadata values

_ISO_VALUE = re.compile(rf"\s*({_D}{{4}})-({_D}{{1,2}})-({_D}{{1,2}})(?:[T ].*)?\s*$")


@lru_cache(maxsize=4096)
def _parse_value(value: str, languages: tuple[str, ...]) -> _dt.date | None:
    """A metadata value as a date: ISO first, then RFC 1123, then dateparser, strictly."""
    m = _ISO_VALUE.match(value)
    if m:
        return _mk(_digits(m.group(1)), _digits(m.group(2)), _digits(m.group(3)))
    if not re.search(rf"{_D}{{4}}", value):
        return None  # "0", "-1", "never": no date at all
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        dt = dateparser.parse(value, languages=list(languages), settings={
            "PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:
        return None
    return dt.date() if dt else None


def _as_date(value, languages: tuple[str, ...]) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _parse_value(value, languages)
    return None


_EXPIRY_KEYS = {"expirydate", "expiry_date", "expiry", "expires", "expiration", "expirationdate",
                "expiration_date", "unpublishdate", "unpublish_date", "validthrough",
                "pricevaliduntil", "expiredate"}
_MODIFIED_KEYS = {"lastmod", "last_modified", "lastmodified", "last-modified", "updated",
                  "updated_at", "modified", "datemodified", "article:modified_time",
                  "og:updated_time", "last_updated", "lastupdated"}
_META_ORIGINS = ("front-matter", "meta", "json-ld")
# keys compared without case, "_", "-" and ":"-free spelling: last_modified_at = lastModifiedAt
_EXPIRY_NORM = {re.sub(r"[_\-\s]", "", k) for k in _EXPIRY_KEYS} | {
    "expiresat", "expireson", "expiryat", "expirationat", "validuntil", "unpublishat", "unpublishon",
    "unpublishedat", "availableuntil", "offerexpires"}
_MODIFIED_NORM = {re.sub(r"[_\-\s]", "", k) for k in _MODIFIED_KEYS} | {
    "lastmodifiedat", "lastmodifieddate", "modifiedat", "modifiedon", "modifieddate", "modifiedtime",
    "updatedat", "updatedon", "updateddate", "lastupdatedat", "lastupdatedon", "dateupdated",
    "datemodified", "lastmod", "lastedited", "editedat", "revised", "lastrevised", "lastreviewed",
    "reviewedon", "dcterms.modified", "dc.date.modified"}


def _norm_key(key: str) -> str:
    """``last_modified_at`` → ``lastmodifiedat``; HTML names keep their ':' (article:modified_time)."""
    k = str(key).strip().lower()
    if ":" in k:
        return k if k in _MODIFIED_KEYS or k in _EXPIRY_KEYS else re.sub(r"[_\-\s]", "", k)
    return re.sub(r"[_\-\s]", "", k)


# --------------------------------------------------------------------------- the check

def _fmt(d: _dt.date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


class DatesCheck(Check):
    name = NAME
    rules = RULES
    options = {
        "languages": ("list[str]", DEFAULT_LANGUAGES),
        "date-order": (("DMY", "MDY", "YMD"), DEFAULT_ORDER),
        "max-age-days": ("int", DEFAULT_MAX_AGE),
        "copyright-fix-style": ("str", DEFAULT_FIX_STYLE),
        "extra-triggers": ("dict[str,list[str]]", {}),
    }

    def __init__(self) -> None:
        self._grammars: dict[tuple, Grammar] = {}

    # options ---------------------------------------------------------------
    def _opt(self, ctx, key, default):
        try:
            v = ctx.option(NAME, key)
        except Exception:
            v = None
        return default if v is None else v

    def _grammar(self, ctx) -> Grammar:
        langs = tuple(self._opt(ctx, "languages", DEFAULT_LANGUAGES))
        extra = self._opt(ctx, "extra-triggers", {})
        key = (langs, tuple(sorted((k, tuple(v)) for k, v in extra.items())))
        g = self._grammars.get(key)
        if g is None:
            bad = set(extra) - {"deadline", "event", "update", "past"}
            if bad:
                ctx.notice_once("dates:extra-triggers",
                                f"dates.extra-triggers: unknown class {sorted(bad)[0]!r} "
                                "(use deadline, event, update or past)")
                extra = {k: v for k, v in extra.items() if k not in bad}
            g = self._grammars[key] = Grammar(list(langs), extra)
        return g

    def setup(self, ctx) -> None:
        self._grammar(ctx)

    # the check ----------------------------------------------------------------
    def check(self, doc, ctx) -> Iterable:
        g = self._grammar(ctx)
        order = self._opt(ctx, "date-order", DEFAULT_ORDER)
        max_age = int(self._opt(ctx, "max-age-days", DEFAULT_MAX_AGE))
        langs = tuple(g.languages)
        ref = ctx.today
        sched = None
        if doc.scheduled is not None:
            sched = _as_date(doc.scheduled.value, langs)
            if sched is not None:
                if sched < ctx.today and ctx.wants("date/scheduled-past"):
                    sv = doc.source[doc.scheduled.start:doc.scheduled.end]
                    yield ctx.finding(
                        "date/scheduled-past", doc, doc.scheduled.start, doc.scheduled.end,
                        f"Post is scheduled for {sv}, before the reference date "
                        f"{ctx.today.isoformat()}: it would go out late or not at all",
                        raw=True)
                ref = sched
        yield from self._metadata(doc, ctx, max_age, langs)
        text = doc.text
        if not text:
            return
        if ctx.wants("date/copyright"):
            yield from self._copyright(doc, ctx, g, ref)
        want = [r for r in ("date/expired-deadline", "date/past-event", "date/stale-update")
                if ctx.wants(r)]
        if want:
            yield from self._statements(doc, ctx, g, order, ref, sched, max_age, set(want))

    # metadata -----------------------------------------------------------------
    def _metadata(self, doc, ctx, max_age: int, langs) -> Iterator:
        if not ctx.wants("date/metadata"):
            return
        seen = set()
        for m in doc.meta:
            if m.origin not in _META_ORIGINS:
                continue
            key = _norm_key(m.key)
            if m.origin == "meta" and key == "expires" and isinstance(m.value, str) \
                    and m.value.strip() in ("0", "-1"):
                continue
            expiry = key in _EXPIRY_NORM
            if not expiry and key not in _MODIFIED_NORM and key not in _MODIFIED_KEYS:
                continue
            if (m.start, m.end) in seen or m.end <= m.start:
                continue
            d = _as_date(m.value, langs)
            if d is None:
                continue
            shown = doc.source[m.start:m.end]
            if expiry and d < ctx.today:
                seen.add((m.start, m.end))
                yield ctx.finding("date/metadata", doc, m.start, m.end,
                                  f"{m.key} {shown} is in the past (reference date "
                                  f"{ctx.today.isoformat()}): the page says it has expired",
                                  raw=True)
            elif not expiry and (ctx.today - d).days > max_age:
                seen.add((m.start, m.end))
                yield ctx.finding("date/metadata", doc, m.start, m.end,
                                  f"{m.key} {shown} is {(ctx.today - d).days} days old "
                                  f"(more than max-age-days {max_age}): review the page",
                                  raw=True)

    # copyright ------------------------------------------------------------------
    def _copyright(self, doc, ctx, g: Grammar, ref: _dt.date) -> Iterator:
        text = doc.text
        if "©" not in text and "opyright" not in text and "OPYRIGHT" not in text \
                and "(c)" not in text and "(C)" not in text:
            return
        style = self._opt(ctx, "copyright-fix-style", DEFAULT_FIX_STYLE)
        for m in g.copyright.finditer(text):
            holder = m.group("holder") or ""
            if holder and g._holder_stop.search(holder):
                continue
            if _OPEN_RANGE.match(text, m.end("years")):
                continue  # "2015-now", "2009–present", "2012–" (the year filled in by a script)
            ls = max(text.rfind("\n", 0, m.start()), 0)
            before = text[ls:m.start()]
            br = None
            for br in _SENT_BREAK.finditer(before):
                pass
            before = before[br.end():] if br else before
            if _ATTRIBUTION.search(before) and not before.rstrip()[-1:] in _NOTICE_SEPS:
                continue  # "Original code is Copyright 2009-2015 X", "data used in this project © 2012 Y":
                # an attribution of somebody else's work, not the page's own notice
            years = [_digits(y) for y in (m.group("y1"), m.group("y2"), m.group("y3")) if y]
            if m.group("y2") and len(m.group("y2")) == 2:
                years[1] = (years[0] // 100) * 100 + years[1]
            last = max(years)
            first = years[0]
            if not 1900 <= first <= 2100 or last >= ref.year:
                continue
            ys, ye = m.span("years")
            written = text[ys:ye]
            fix = None
            try:
                repl = style.format(first=m.group("y1"), year=_same_script(str(ref.year), written),
                                    last=_same_script(str(last), written))
            except (KeyError, IndexError, ValueError):
                repl = None
                ctx.notice_once("dates:fix-style", f"dates.copyright-fix-style {style!r} is not a "
                                "valid template (use {first}, {last}, {year}); no fixes")
            if repl and repl != written:
                rs, re_ = doc.raw_span(ys, ye)
                fix = {"start": rs, "end": re_, "replacement": repl,
                       "expected": doc.source[rs:re_]}
            yield ctx.finding(
                "date/copyright", doc, m.start(), m.end("years"),
                f"Copyright notice ends in {last}, before {ref.year}"
                + (f"; --fix writes '{repl}'" if fix else ""),
                extra={"fix": fix} if fix else None)

    # statements -----------------------------------------------------------------
    def _statements(self, doc, ctx, g: Grammar, order: str, ref: _dt.date,
                    sched: _dt.date | None, max_age: int, want: set[str]) -> Iterator:
        text = doc.text
        cands = g.candidates(text, order, partials=sched is not None)
        if not cands:
            return
        seg_starts = [s.start for s in doc.segments]
        releases = _release_sections(doc)
        for c in cands:
            day = c.day
            if c.partial:
                if sched is None:
                    continue  # no anchor for a year-less date outside a post
                day = _nearest(sched, c.month, c.dom)
                if day is None:
                    continue
            # the nearest trigger ending before the candidate, within one sentence
            hit = None
            for m in g.triggers.finditer(text, max(0, c.start - _TRIGGER_WINDOW), c.start):
                if m.group().lower() == "this" and not (text[m.end():c.start].isspace()
                                                        and text[c.start].isalpha()):
                    continue  # "this" looks ahead only before a weekday: "this Saturday, 29 November"
                hit = m
            if hit is None:
                continue
            cls, reach = g.trigger_info(hit)
            if cls == "past" and _FUTURE_BE.search(text, max(0, hit.start() - 40), hit.start()):
                cls, reach = "event", "near"  # "will be released on", "is to be reopened on"
            gap = text[hit.end():c.start]
            if len(gap) > _REACH[reach]:
                continue
            if reach == "tight" and not _TIGHT_GAP.fullmatch(gap) \
                    and not (c.span and _FROM_GAP.fullmatch(gap)):
                continue  # ("runs from 1 October to 15 October 2025": a period, judged by its end)
            if _SENT_BREAK.search(gap) and not _abbrev_only(gap):
                continue
            k = bisect.bisect_right(seg_starts, c.start) - 1
            seg_start = doc.segments[k].start if k >= 0 else 0
            seg_end = doc.segments[k].end if k >= 0 else len(text)
            if k >= 0 and seg_start > hit.start():
                continue  # different block
            if cls == "past":
                continue
            if releases and _in_release(releases, c.start):
                continue  # a release note: history, true when the release came out
            if cls != "update":
                s0 = _sentence_start(text, seg_start, hit.start())
                s1 = _sentence_end(text, c.end, seg_end)
                if self._past_sentence(text, g, s0, hit, c):
                    continue
                if (reach == "tight" or _CODE_VERBS.match(hit.group())) and _code_context(doc, s0, s1) \
                        and not _PROMO_CUE.search(text, s0, s1):
                    # "`quarter_end(2024, 2)` returns 30 June 2024", "accepts dates before 1 January
                    # 1970": a value or a data range, not a promise ("the `v1` API will be retired
                    # on 30 June 2025" still is one)
                    continue
                if cls == "deadline" and self._not_a_deadline(text, hit, c, s0, s1, seg_start, seg_end):
                    continue
            yield from self._judge(doc, ctx, c, day, cls, ref, sched, max_age, want)

    @staticmethod
    def _past_sentence(text: str, g: Grammar, s0: int, hit: re.Match, c: Cand) -> bool:
        """Is the statement in the past tense?

        The clause before the date: a past auxiliary or verb ("had to be claimed by", "were
        available until", "which reached end of life in"), except a participle after a form
        of "be" or a modal ("will be closed until", "is closed on"). When the phrase opens
        the sentence ("Until March 2020, juniors trained at...", "Before April 2018 the club
        had..."), the clause after the date decides.
        """
        head = text[s0:c.start]
        for m in g.past.finditer(head):
            w = m.group().lower()
            if w in _PARTICIPLES and _BE_BEFORE.search(head, 0, m.start()):
                continue
            if w == "been" and _PERFECT_BEFORE.search(head, 0, m.start()):
                continue  # "the sale has been extended until ...": a present perfect, still a promise
            return True
        if _PRONOUN_PAST.search(head):
            return True
        tail = text[c.end:_sentence_end(text, c.end, len(text))]
        if _TAIL_PAST_NOW.match(tail):
            return True  # "reports scheduled for 29 February 2024 were skipped"
        if not text[s0:hit.start()].strip(" \t*-•–—>\"'“(#0123456789."):
            # the phrase opens the sentence: an adverbial of time, the main clause follows
            if _TAIL_PAST.search(tail[:120]) or _TAIL_ED.match(tail):
                return True
        return False

    @staticmethod
    def _not_a_deadline(text: str, hit: re.Match, c: Cand, s0: int, s1: int,
                        seg_start: int, seg_end: int) -> bool:
        """Deadline prepositions that only bound a set: "members who joined before 1 January
        2020 keep...", "cards issued before July 1, 2019 must...", "contributions after
        December 1, 2017 ... before December 1, 2017 ...". An offer word in the sentence or a
        future in the clause after keeps it a deadline ("orders placed before 3 May are
        eligible for the offer", "entries received before 1 May will be entered")."""
        word = hit.group().lower()
        if word not in _BOUNDING:
            return False
        head = text[s0:hit.start()]
        written = re.escape(text[c.start:c.end])
        seg = text[seg_start:seg_end]
        if word in ("before", "prior to", "until", "till") and re.search(
                rf"\b(?:after|since|from|on or after)\s+(?:the\s+)?{written}", seg, re.IGNORECASE):
            return True  # a partition around one date: a boundary, not a deadline
        if _OFFER_CUE.search(text, s0, s1):
            return False
        cv = _CONDITION_VERB.search(head) if word in ("before", "after", "prior to") else None
        if cv and not _BE_BEFORE.search(head, 0, cv.start()):
            verb = cv.group().strip().lower()
            if verb not in _SUBMIT_VERBS:
                return True  # "certificates dated before ...", "cards issued before ...": an attribute
            tail = text[c.end:s1]
            if not re.match(r"[^.;!?]*?\b(?:will|shall|'ll)\b", tail):
                return True  # "members who joined before ... keep": a condition on the past
        return False

    def _judge(self, doc, ctx, c: Cand, day: _dt.date, cls: str, ref: _dt.date,
               sched: _dt.date | None, max_age: int, want: set[str]) -> Iterator:
        against = (f"the post is scheduled for {ref.isoformat()}" if sched is not None
                   else f"reference date {ref.isoformat()}")
        what = {"day": _fmt, "month": lambda d: f"{calendar.month_name[d.month]} {d.year}",
                "quarter": lambda d: f"the quarter ending {_fmt(d)}"}[c.grain]
        if cls == "update":
            rule = "date/stale-update"
            limit = ref - _dt.timedelta(days=max_age)

            def stale(d):
                return d < limit
        else:
            rule = "date/expired-deadline" if cls == "deadline" else "date/past-event"

            def stale(d):
                return d < ref
        if rule not in want:
            return
        s1 = stale(day)
        s2 = stale(c.alt) if c.alt else s1
        if not (s1 or s2):
            return
        written = doc.text[c.start:c.end]
        if c.partial:
            against += f"; '{written}' read as {day.year}, the year nearest the scheduled date"
        if cls == "update":
            age = (ref - (day if s1 else c.alt)).days
            msg = (f"Update statement dated {what(day if s1 else c.alt)} is {age} days old "
                   f"(more than max-age-days {max_age}; {against})")
        elif cls == "deadline":
            msg = f"Deadline or offer date {what(day if s1 else c.alt)} has passed ({against})"
        else:
            msg = (f"Event announced as upcoming on {what(day if s1 else c.alt)} is in the past "
                   f"({against})")
        if c.alt and s1 != s2:
            good, bad = (c.label, c.alt_label) if s1 else (c.alt_label, c.label)
            msg += (f"; '{written}' is ambiguous: stale when read as {good} "
                    f"({_fmt(day if s1 else c.alt)}), not as {bad} ({_fmt(c.alt if s1 else day)})")
        elif c.alt:
            msg += f"; '{written}' is ambiguous ({c.label} or {c.alt_label}) but stale either way"
        yield ctx.finding(rule, doc, c.start, c.end, msg)


def _abbrev_only(gap: str) -> bool:
    """True when every sentence break in ``gap`` follows an abbreviation ("Oct.", "p.m.")."""
    for m in _SENT_BREAK.finditer(gap):
        if m.group() != "." and not m.group().startswith("."):
            return False
        w = re.search(r"([\w.]+)\.$", gap[:m.end()])
        if not w or w.group(1).lower().rstrip(".") not in _ABBREV:
            return False
    return True


_OPEN_RANGE = re.compile(r"\s*(?:[-–—‐]|to|until|through|thru)\s*(?:(?:the\s+)?(?:now|present(?:\s+day)?|today|date|current"
                         r"|this\s+year)\b|[{$%<\[]|$|\n)", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"\b(?:is|are|was|were|used|uses|using|based|adapted|derived|portions?|parts?|original"
                          r"|third[- ]party|includes?|including|contains?|from|under|licensed|bundled|courtesy)\b",
                          re.IGNORECASE)
_NOTICE_SEPS = set("|·•-–—:;,/([")
_PARTICIPLES = {"ended", "closed", "expired", "passed", "finished", "sold out", "been"}
_BE_BEFORE = re.compile(r"(?:\b(?:will|shall|to|be|is|are|am|remains?|stays?|being|gets?|'ll|'s|'re|must|may"
                        r"|might|can|could|would|should|not)\s+(?:\w+ly\s+)?)$", re.IGNORECASE)
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|'ve|having)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "which reached end of life", "we extended", "they moved": a subject and a verb in the past
_NOT_ED = r"(?!(?:need|feed|speed|proceed|exceed|succeed|embed|indeed|breed|seed|bleed|shed|wed|red|bed|bred|fed)\b)"
_PRONOUN_PAST = re.compile(r"\b(?i:which|who|we|they|he|she|it|I)\s+(?:\w+ly\s+)?" + _NOT_ED + r"[a-z]{2,}ed\b")
_FUTURE_BE = re.compile(r"\b(?:will|shall|'ll|is to|are to|going to|set to|due to|scheduled to|expected to"
                        r"|planned to)\s+(?:\w+ly\s+)?be\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# the clause after the date, when a time phrase opens the sentence
_TAIL_PAST = re.compile(r"\b(?:had|was|were|did|used to|took place|happened)\b", re.IGNORECASE)
_TAIL_ED = re.compile(r"[\s,]*(?:(?:the|our|its|their|his|her|all|most|many|some|\w+s)\s+){0,3}"
                      + _NOT_ED + r"[a-z]{2,}ed\b"
                      r"(?!\s+(?:by|to|will|must|shall|should|can|may|are|is|need|have)\b)")
# the verb right after the date is in the past: "... scheduled for 29 February 2024 were skipped"
_TAIL_PAST_NOW = re.compile(r"[\s,]*(?:were|was|had|did)\b", re.IGNORECASE)
_BOUNDING = {"before", "after", "prior to", "until", "till", "by"}
_OFFER_CUE = re.compile(r"\b(?:offers?|deals?|discounts?|sale|vouchers?|coupons?|codes?|promo\w*|free|% off"
                        r"|valid|eligible|entries|entry|prize|draw|tickets?|book\w*|order\s+by|apply|register|prices?)\b",
                        re.IGNORECASE)
# what the reader has to do by a date ("entries received before 1 May will be entered"): a
# deadline when the clause after is in the future; other participles describe the thing
_SUBMIT_VERBS = {"received", "submitted", "placed", "sent", "postmarked", "made", "booked", "ordered",
                 "purchased", "bought", "paid", "entered", "completed", "returned", "filed", "lodged",
                 "uploaded", "registered", "redeemed", "claimed", "delivered", "handed", "signed",
                 "joined", "enrolled", "enroled", "confirmed", "reserved", "requested", "applied"}
# a past participle or past verb right before "before"/"after": a condition on the past
_CONDITION_VERB = re.compile(r"\b(?:[a-z]{2,}ed|made|bought|paid|sold|built|held|won|sent|taken|given|born|written"
                             r"|begun|grown|known|drawn|shown|done|got|gotten|left|lost|met|set|spent|taught"
                             r"|thought|told|brought|caught)\s+$")
_RELEASE_HEAD = re.compile(r"\W*(?:[A-Za-z][\w-]*\s+)?(?:(?:version|release|rel\.?|patch|update|hotfix|build)\s*)?\[?v?\d+(?:\.\d+)+(?:[-.+]?[a-z]+\d*)*\]?"
                           r"(?=\s*$|\s*[-–—:(\[,]|\s+(?:released|\d))", re.IGNORECASE)
_CODE_TEXT = re.compile(r"`|(?<![\w-])--[a-z][\w-]+|\b[A-Za-z_][\w.]*\((?:\)|[^()]*[\"'=,\d])|(?<![@#\w])[a-z][a-z0-9]*_[a-z0-9_]+\b"
                        r"|\b[a-z]\w*\.[a-z_]\w*\(")
# verbs that describe what code does as readily as what an event does
_CODE_VERBS = re.compile(r"(?:returns?|ends?|ending|starts?|starting|begins?|opens?|closes?|expires?|runs?"
                         r"|running|is on|are on)$", re.IGNORECASE)
_PROMO_CUE = re.compile(r"\b(?:offers?|deals?|discounts?|sale|vouchers?|coupons?|promo\w*|checkout|\d+\s?% off)\b",
                        re.IGNORECASE)
_CODE_RAW = re.compile(r"<(?:code|tt|kbd|samp|var)\b|`", re.IGNORECASE)


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (not before ``lo``)."""
    last = None
    # look a little past ``pos``: the break's lookahead needs the next sentence's first letter
    for m in _SENT_BREAK.finditer(text, max(lo, pos - 300), min(len(text), pos + 8)):
        if m.end() > pos:
            break
        last = m
    s0 = last.end() if last is not None else max(lo, pos - 300)
    nl = text.rfind("\n", s0, pos)
    return nl + 1 if nl != -1 else s0


def _sentence_end(text: str, pos: int, hi: int) -> int:
    m = _SENT_BREAK.search(text, pos, min(hi, pos + 300))
    e = m.start() + 1 if m else min(hi, pos + 300)
    nl = text.find("\n", pos, e)
    while nl != -1 and _SOFT_WRAP.match(text, nl) and not re.search(r"[.!?;:|]\s*$", text[pos:nl]):
        nl = text.find("\n", nl + 1, e)  # a wrapped line: the sentence goes on in lower case
    return nl if nl != -1 else e


# a line break inside a sentence of wrapped plain text: the next line goes on in lower case
_SOFT_WRAP = re.compile(r"\r?\n[ \t]*[a-z]")


def _code_context(doc, s0: int, s1: int) -> bool:
    """Does the sentence talk about code: inline code, a call, an identifier?"""
    if _CODE_TEXT.search(_URLISH.sub(" ", doc.text[s0:s1])):
        return True
    if doc.kind == "post" or s1 <= s0:
        return False
    try:
        lo = doc.ends[s0 - 1] if s0 > 0 else 0
        hi = doc.starts[s1] if s1 < len(doc.text) else len(doc.source)
    except (IndexError, AttributeError, TypeError):
        return False
    return lo < hi and bool(_CODE_RAW.search(doc.source, lo, hi))


_URLISH = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+\.\w+")


def _release_sections(doc) -> list[tuple[int, int]]:
    """Spans of ``doc.text`` under a release heading ("3.2.0 — 14 January 2025",
    "[1.4.0] - 2026-03-26", "Version 1.12.0"), each up to the next release heading."""
    text = doc.text
    starts = [s.start for s in doc.segments
              if s.scope == "heading" and _is_release_heading(text[s.start:s.end])]
    if "\n" in text and ("---" in text or "===" in text or "~~~" in text):
        # plain text: a line underlined with ---, === or ~~~ ("IDLEfork 0.7.1 - 29 May 2000")
        starts += [m.start(1) for m in _UNDERLINED.finditer(text) if _is_release_heading(m.group(1))]
        starts = sorted(set(starts))
    if not starts:
        return []
    return [(a, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, a in enumerate(starts)]


_UNDERLINED = re.compile(r"^[ \t]*(\S[^\n]{2,118})\n[ \t]*(?:-{3,}|={3,}|~{3,})[ \t]*$", re.MULTILINE)
_VERSION_WORD = re.compile(r"\b(?:version|release|v)\s*\d+(?:\.\d+)+\b", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\w.])(?:v\d+(?:\.\d+)+|\d+\.\d+\.\d+(?:\.\d+)*)(?![\w%])", re.IGNORECASE)
_VERSION_LEAD = re.compile(r"\W*(?:(?P<word>[A-Za-z][\w-]*)\s+)?\[?(?P<ver>v?\d+(?:\.\d+)+)", re.IGNORECASE)
_RELEASE_WORDS = {"version", "release", "rel", "patch", "update", "hotfix", "build"}
_HEAD_DATE = re.compile(rf"{_D}{{4}}-{_D}{{2}}-{_D}{{2}}|\b(?:January|February|March|April|May|June|July|August"
                        r"|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")


def _is_release_heading(h: str) -> bool:
    """'3.2.0 — 14 January 2025', 'Patch 1.4.2 (March 3, 2025)', 'v4.26.0', '2023-10-24, Version
    21.1.0 (Current)', 'IDLEfork 0.7.1 - 29 May 2000'; not '1.5 million meals served'."""
    h = h.strip()
    if not h or len(h) > 120:
        return False
    m = _RELEASE_HEAD.match(h) if len(h) < 90 else None
    if m:
        lead = _VERSION_LEAD.match(h)
        word = (lead.group("word") or "").lower() if lead else ""
        parts = lead.group("ver").lower().lstrip("v").count(".") + 1 if lead else 0
        # "3.2.0 — 14 January 2025", "v4.26.0", "Patch 1.4", "kestrel 3.2.0"; not "4.2 – Deadlines"
        # or "Section 4.2" (a numbered section): two-part numbers need a release word or a date
        if not word or word in _RELEASE_WORDS or parts >= 3 or lead.group("ver")[:1] in "vV":
            if parts >= 3 or word in _RELEASE_WORDS or lead.group("ver")[:1] in "vV" \
                    or _HEAD_DATE.search(h, m.end()) or re.search(r"\d{4}", h[m.end():]):
                return True
    if _VERSION_WORD.search(h):
        return True
    return bool(_VERSION.search(h) and _HEAD_DATE.search(h))


def _in_release(sections: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in sections)


def _nearest(anchor: _dt.date, month: int, dom: int) -> _dt.date | None:
    """The day ``dom`` of ``month`` nearest to ``anchor`` (the year a post means)."""
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _mk(y, month, dom)
        if d and (best is None or abs((d - anchor).days) < abs((best - anchor).days)):
            best = d
    return best


CHECK = DatesCheck()
