"""Date candidates: month and weekday tables, trigger phrases and the compiled patterns
that find date expressions in prose, parsed by tables (never by a general date search)."""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from contentguard.checks.dates.rules import DEFAULT_LANGUAGES
from contentguard.literals import finditer_from

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
    (r"valid|available", "deadline", "tight"),
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
    # opening times, broadcasts, appearances: "gates open ... on", "watch live on", "we'll be at
    # <place> on", webinars and live Q&As
    (r"gates open|box office opens?|doors open|watch (?:it |us |the \w+ )?live|stream(?:ing)? live|listen live"
     r"|livestream(?:ing)?|tune in|we'?ll be at"
     r"|we will be at|find us at|see us at|visit us at|visit our stand|catch us at|come and meet us",
     "event", "far"),
    # a broadcast named right before its date ("webinar on 20 March", "Live Q&A: 5 April"); not a
    # link to a recorded webinar with a file date further on
    (r"live on|webinars?|live q&a|q&a session|ask me anything", "event", "tight"),
    # end-of-offer verbs beyond "ends": "the sale finishes", "wraps up", "last day to enter"
    (r"finish(?:es)?|finishing|wraps? up|wrapping up|(?:last|final) day(?: to \w+)?|last chance(?: to \w+)?",
     "deadline", "near"),
    # review stamps: "Page reviewed", "Content checked"
    (r"page (?:last )?reviewed|page (?:last )?checked|content (?:last )?(?:checked|reviewed)|date (?:last )?reviewed"
     r"|review date|last review", "update", "near"),
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
    # opening, launching, hosting: "نفتتح فرعنا الجديد يوم ...", "نطلق ...", "نستضيف ..."
    (r"نفتتح|يفتتح|تفتتح|افتتاح|نطلق|يطلق|تطلق|إطلاق|نستضيف|يستضيف|تستضيف|استضافة", "event", "far"),
    (r"اعتبارا من|اعتباراً من|كما في", "update", "tight"),
    (r"آخر تحديث|اخر تحديث|تم التحديث|تاريخ التحديث|محدث في|حُدّث|تحديث", "update", "near"),
    (r"انتهى|انتهت|أقيم|أقيمت|أقيمت|تأسست|تأسس|منذ|افتتح|افتتحت", "past", "tight"),
]
# auxiliaries and verbs that put the whole sentence in the past before the date
_PAST_EN = (r"had|was|were|ended|closed|expired|took place|happened|passed|finished|is over"
            r"|are over|has ended|have ended|did|been|sold out|ran out|ran|went|lasted")
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
        # where a match of rx can start: every branch begins at a left edge (L) with a digit,
        # Q or H, or a month's or weekday's first letter; the engine skips to those (led by
        # its look-behind, rx was tried at every position of a window: 0.4 ms a 5 KB page)
        first = sorted({n[0] for n in list(months) + weekdays if n})
        self.starts = re.compile(rf"[{DIG}QH{''.join(re.escape(c) for c in first)}](?<![\w./\-].)")
        # copyright notices: the mark, an optional holder, the years. Every branch of the
        # mark starts with a character (C, ©, the parenthesis; the word boundary before
        # "Copyright" is asked after its C), so the regex engine skips to those: a \b
        # first made it try every position of a page (220 us on 5 KB, now 25 us)
        holder = r"(?:[A-Z][\w'’.\-]*|&|and|of|the)"
        cy = rf"{_D}{{4}}"
        self.copyright = re.compile(
            rf"(?P<mark>C(?<=\bC)opyright\b(?:\s*(?:©|\([cC]\)))?|C(?<=\bC)OPYRIGHT\b(?:\s*(?:©|\([cC]\)))?|©|"
            rf"\([cC]\)(?=\s*{_D}))"
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
        body = r"(?<![\w'\-_/.@#])(?:" + "|".join(parts) + r")(?![\w'_/]|-\w)"
        self.triggers = re.compile(body, re.IGNORECASE)
        # the same pattern matched case-sensitively in the lower-cased text (literals.lowered):
        # the regex engine runs a case-insensitive alternation of this size 2.6 times slower
        # (180 to 70 µs over the windows before a 5 KB page's dates). Only when every letter
        # of it is a lower-case ASCII letter (a phrase of extra-triggers may have capitals)
        # and it sets no flags of its own
        letters = re.sub(r"\(\?P<\w+>", "", body)
        plain = not re.search(r"\(\?[a-zA-Z-]", letters) and \
            not any(c.isupper() or (not c.isascii() and c.lower() != c.upper()) for c in letters)
        self._triggers_lower = re.compile(body) if plain else None
        self.past = re.compile(r"(?<![\w'])(?:" + _PAST_EN + "|" + _PAST_AR + r")(?![\w'])", re.IGNORECASE)
        self._holder_stop = re.compile(r"\b(?:Act|Law|Laws|Directive|Regulations?|Treaty|Office|"
                                       r"Notice|Policy|Amendment|Convention)\b")

    def month_of(self, name: str) -> int:
        name = name.rstrip(".")
        return self.months.get(name) or self._months_ci.get(name.casefold(), 0)

    def trigger_matches(self, text: str, low: str | None, pos: int, endpos: int) -> list[re.Match]:
        """``self.triggers.finditer(text, pos, endpos)``, found in ``low``
        (``literals.lowered(text)``, or None) and read back in ``text`` as written."""
        if low is None or self._triggers_lower is None:
            return list(self.triggers.finditer(text, pos, endpos))
        out = [self.triggers.match(text, m.start(), endpos) for m in self._triggers_lower.finditer(low, pos, endpos)]
        if None in out:  # not the same reading after all: the text as written decides
            return list(self.triggers.finditer(text, pos, endpos))
        return out

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
            for m in finditer_from(self.rx, self.starts, text, lo, hi):
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


#: four digits, not part of a longer number: found from the first digit, the digit before it
#: asked after (a look-behind first made the regex engine try every position: 92 against 19 us
#: on a 5 KB page)
_YEARISH = re.compile(rf"{_D}(?<![{DIG}]{_D}){_D}{{3}}(?![{DIG}])")
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
