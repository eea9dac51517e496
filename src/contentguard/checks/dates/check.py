"""The dates check: metadata, copyright notices and dated statements, judged against the
reference date."""
from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import os
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from contentguard import sites
from contentguard.checks import Check, Option
from contentguard.checks.dates.grammar import (_REACH, _SENT_BREAK, _TRIGGER_WINDOW, _TIGHT_GAP, _FROM_GAP,
                                               Cand, Grammar, _digits, _same_script)
from contentguard.checks.dates.judgement import (
    _ATTRIBUTION, _CODE_VERBS, _FUTURE_BE, _NOTICE_SEPS, _OPEN_RANGE, _PROMO_CUE, _abbrev_only,
    _code_context, _in_release, column_header, _nearest, _not_a_deadline, _past_sentence, _release_sections,
    _sentence_end, _sentence_start, revision_stamp)
from contentguard.checks.dates.narrative import is_narrative
from contentguard.checks.dates.published import Published, publication_date, teaser_dates
from contentguard.checks.dates.rules import (ARCHIVE_RULE, DEFAULT_ARCHIVE_AFTER, DEFAULT_FIX_STYLE, DEFAULT_LANGUAGES, DEFAULT_MAX_AGE,
                                             DEFAULT_ORDER, NAME, REVIEW_RULE, RULES, trigger_classes)
from contentguard.checks.dates.values import (_EXPIRY_NORM, _META_ORIGINS, _MODIFIED_KEYS, _MODIFIED_NORM,
                                              _as_date, _norm_key)
from contentguard.findings import Fix
from contentguard.literals import lowered
from contentguard.sources.posts import scheduled_before_now

#: a licence's own text file (LICENSE, COPYING, NOTICE, a font's OFL.txt): the licensor's
#: notice, dated when the work was made, which the licence says to keep as it is
_LICENCE_FILE = re.compile(r"(?i)(?:un)?licen[cs]e(?:[-_.](?:mit|apache|bsd|[al]?gpl|mpl|isc|cc|ofl|third[-_]?party)"
                           r"[\w.-]*)?|copying|notice|ofl|copyright")


def licence_file(path: str) -> bool:
    """Whether ``path`` names a licence text (``js/toc/LICENSE.txt``, ``fonts/OFL.txt``):
    plain text, no page (a ``license.md`` page is the site's own and is checked)."""
    stem, ext = os.path.splitext(os.path.basename(path))
    return ext.lower() in ("", ".txt") and _LICENCE_FILE.fullmatch(stem) is not None


# --------------------------------------------------------------------------- the check

def _fmt(d: _dt.date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _retired(doc, ctx, langs) -> bool:
    """A page of the run's site that its generator has retired (Hugo: past its
    ``expiryDate``, unless ``buildExpired``; ``sites.retired``): not published any more,
    so a stale date in it misleads no reader, and the editor who set the expiry meant it
    to go. Asked only of pages whose own front matter has an expiry date in the past."""
    if ctx.site is None:
        return False
    for m in doc.meta:
        if m.origin == "front-matter" and _norm_key(m.key) in _EXPIRY_NORM:
            d = _as_date(m.value, langs)
            if d is not None and d < ctx.today:
                return sites.retired(ctx.site, doc.path)
    return False


def _year_site(ctx) -> Published | None:
    """A site named for a year that is over (``2024.djangocon.us``): every page of it is a
    record of that year's event, read as published at the year's start, so its call for
    proposals closing in April is history, not an expired deadline. The site of this
    year or a coming one is judged today: its deadlines are live."""
    got = sites.named_year(ctx.site)
    if got is None or got[0] >= ctx.today.year:
        return None
    return Published(_dt.date(got[0], 1, 1), f"the site is named for {got[0]}: {got[1]}")


class DatesCheck(Check):
    name = NAME
    rules = RULES
    options = {
        "languages": ("list[str]", DEFAULT_LANGUAGES),
        "date-order": (("DMY", "MDY", "YMD"), DEFAULT_ORDER),
        "max-age-days": ("int", DEFAULT_MAX_AGE),
        "copyright-fix-style": ("str", DEFAULT_FIX_STYLE),
        "extra-triggers": Option("dict[str,list[str]]", {}, trigger_classes),
        "archive-after-days": ("int", DEFAULT_ARCHIVE_AFTER),
        "htmldate": (("auto", "always", "never"), "auto"),
    }

    def __init__(self) -> None:
        self._grammars: dict[tuple, Grammar] = {}

    def _grammar(self, ctx) -> Grammar:
        langs = tuple(ctx.option(NAME, "languages"))
        extra = ctx.option(NAME, "extra-triggers")
        key = (langs, tuple(sorted((k, tuple(v)) for k, v in extra.items())))
        g = self._grammars.get(key)
        if g is None:
            g = self._grammars[key] = Grammar(list(langs), extra)
        return g

    def setup(self, ctx) -> None:
        self._grammar(ctx)

    # the check ----------------------------------------------------------------
    def check(self, doc, ctx) -> Iterable:
        g = self._grammar(ctx)
        order = ctx.option(NAME, "date-order")
        max_age = ctx.option(NAME, "max-age-days")
        langs = tuple(g.languages)
        ref = ctx.today
        sched = None
        if doc.scheduled is not None:
            sched = _as_date(doc.scheduled.value, langs)
            if sched is not None:
                earlier_today = sched == ctx.today and scheduled_before_now(doc.scheduled.value, ctx.today)
                if (sched < ctx.today or earlier_today) and ctx.wants("date/scheduled-past"):
                    sv = doc.source[doc.scheduled.start:doc.scheduled.end]
                    if not sv.startswith(sched.isoformat()):  # say how 11/12/2026 was read
                        sv += f" (read as {sched.strftime('%-d %B %Y')})"
                    when = ("earlier today, before now" if earlier_today
                            else f"before the reference date {ctx.today.isoformat()}")
                    yield ctx.finding(
                        "date/scheduled-past", doc, doc.scheduled.start, doc.scheduled.end,
                        f"Post is scheduled for {sv}, {when}: it would go out late or not at all",
                        raw=True)
                ref = sched
        elif _retired(doc, ctx, langs):
            return  # a page its generator no longer publishes: its dates are moot
        yield from self._metadata(doc, ctx, max_age, langs)
        text = doc.text
        if not text:
            return
        if ctx.wants("date/copyright") and not licence_file(doc.path):
            yield from self._copyright(doc, ctx, g, ref)
        want = [r for r in ("date/expired-deadline", "date/past-event", "date/stale-update", REVIEW_RULE,
                            ARCHIVE_RULE) if ctx.wants(r)]
        if want:
            pub = None if sched is not None else publication_date(
                doc, langs, ctx.option(NAME, "htmldate"))
            if pub is not None and not pub.dated:
                pub = None  # a standing page that carries a date field: judged today
            if pub is None and sched is None:
                pub = _year_site(ctx)
            j = Judging(ref, sched, max_age, frozenset(want), pub,
                        ctx.option(NAME, "archive-after-days"))
            yield from self._statements(doc, ctx, g, order, j)

    # metadata -----------------------------------------------------------------
    def _metadata(self, doc, ctx, max_age: int, langs) -> Iterator:
        want_expiry, want_age = ctx.wants("date/metadata"), ctx.wants(REVIEW_RULE)
        if not (want_expiry or want_age):
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
            if expiry and d < ctx.today and want_expiry:
                seen.add((m.start, m.end))
                yield ctx.finding("date/metadata", doc, m.start, m.end,
                                  f"{m.key} {shown} is in the past (reference date "
                                  f"{ctx.today.isoformat()}): the page says it has expired",
                                  raw=True)
            elif not expiry and want_age and (ctx.today - d).days > max_age:
                seen.add((m.start, m.end))
                yield ctx.finding(REVIEW_RULE, doc, m.start, m.end,
                                  f"{m.key} {shown} is {(ctx.today - d).days} days old "
                                  f"(more than max-age-days {max_age}): review the page",
                                  raw=True)

    # copyright ------------------------------------------------------------------
    def _copyright(self, doc, ctx, g: Grammar, ref: _dt.date) -> Iterator:
        text = doc.text
        if "©" not in text and "opyright" not in text and "OPYRIGHT" not in text \
                and "(c)" not in text and "(C)" not in text:
            return
        style = ctx.option(NAME, "copyright-fix-style")
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
                fix = Fix(rs, re_, repl, doc.source[rs:re_])
            yield ctx.finding(
                "date/copyright", doc, m.start(), m.end("years"),
                f"Copyright notice ends in {last}, before {ref.year}"
                + (f"; --fix writes '{repl}'" if fix else ""),
                fix=fix)

    # statements -----------------------------------------------------------------
    def _statements(self, doc, ctx, g: Grammar, order: str, j: "Judging") -> Iterator:
        text = doc.text
        sched = j.sched
        cands = g.candidates(text, order, partials=sched is not None)
        if not cands:
            return
        seg_starts = [s.start for s in doc.segments]
        low = lowered(text)  # the triggers are found in it (Grammar.trigger_matches)
        releases = _release_sections(doc)
        tables = "|" in doc.source or "<t" in doc.source or "<T" in doc.source
        cols: dict[int, tuple] = {}  # candidate start -> (its column header, the class it gives)
        records: set[str] = set()  # columns whose past dates span years: a record, not news
        if tables:
            years: dict[str, set[int]] = {}
            for c in cands:
                header = column_header(doc, c.start)
                cols[c.start] = (header, _header_class(header, g))
                if cols[c.start][1] is not None and not c.partial and c.day < j.ref:
                    years.setdefault(header, set()).add(c.day.year)
            records = {h for h, ys in years.items() if len(ys) >= _RECORD_YEARS}
        teasers = teaser_dates(doc, tuple(g.languages)) if j.pub is None or not j.pub.dated else []
        for c in cands:
            day = c.day
            if c.partial:
                if sched is None:
                    continue  # no anchor for a year-less date outside a post
                day = _nearest(sched, c.month, c.dom)
                if day is None:
                    continue
            # a date in a table column whose header says what the dates are ("Ends", "Closing date")
            if tables:
                header, hcls = cols[c.start]
                if hcls is not None:
                    if not (releases and _in_release(releases, c.start)) and header not in records:
                        yield from self._judge(doc, ctx, c, day, hcls, j)
                    continue
            # the nearest trigger ending before the candidate, within one sentence
            hit = before = None
            for m in g.trigger_matches(text, low, max(0, c.start - _TRIGGER_WINDOW), c.start):
                if m.group().lower() == "this" and not (text[m.end():c.start].isspace()
                                                        and text[c.start].isalpha()):
                    continue  # "this" looks ahead only before a weekday: "this Saturday, 29 November"
                hit, before = m, hit
            if hit is None:
                continue
            if before is not None and _END_OF.fullmatch(text, hit.start() - 4, c.start) \
                    and g.trigger_info(before)[1] == "tight" and _TIGHT_GAP.fullmatch(text, before.end(), c.start):
                # "As of the end of July 2018", "until the end of March": the noun "end" is the
                # short phrase's gap ("the end of"), and the phrase says what the date is
                hit = before
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
                if _past_sentence(text, g, s0, hit, c):
                    continue
                if (reach == "tight" or _CODE_VERBS.match(hit.group())) and _code_context(doc, s0, s1) \
                        and not _PROMO_CUE.search(text, s0, s1):
                    # "`quarter_end(2024, 2)` returns 30 June 2024", "accepts dates before 1 January
                    # 1970": a value or a data range, not a promise ("the `v1` API will be retired
                    # on 30 June 2025" still is one)
                    continue
                if cls == "deadline" and _not_a_deadline(text, hit, c, s0, s1, seg_start, seg_end):
                    continue
                if _identifier(text, c):
                    continue  # "the 2020-06-13 release", "build 2024-03-01": a name, not a date to keep
                sentence = (s0, s1)
            elif _COMMIT_AFTER.match(text, c.end, c.end + 20):
                continue  # "as of 9/26/2021, commit `3e1cce0`": a pinned snapshot, not a review date
            elif hit.group().lower() in ("as of", "as at") \
                    and _SINCE_VERB.search(text, _sentence_start(text, seg_start, hit.start()), hit.start()):
                continue  # "Let's Encrypt provides wildcard certificates as of March 2018": since then
            else:
                sentence = None
            yield from self._judge(doc, ctx, c, day, cls, _teaser(teasers, c, day, j, cls), sentence,
                                   stamp=cls == "update" and revision_stamp(text, seg_start, hit))

    def _judge(self, doc, ctx, c: Cand, day: _dt.date, cls: str, j: "Judging",
               sentence: tuple[int, int] | None = None, stamp: bool = False) -> Iterator:
        """``stamp``: an update statement that is the page's own revision stamp ("Last
        updated: 3 May 2021" on its line, as a theme prints the page's modification date):
        ``date/review-due``, as that date in the page's metadata is, not ``date/stale-update``."""
        ref, sched, max_age, pub = j.ref, j.sched, j.max_age, j.pub
        against = (f"the post is scheduled for {ref.isoformat()}" if sched is not None
                   else f"reference date {ref.isoformat()}")
        what = {"day": _fmt, "month": lambda d: f"{calendar.month_name[d.month]} {d.year}",
                "quarter": lambda d: f"the quarter ending {_fmt(d)}"}[c.grain]
        if cls == "update":
            rule = REVIEW_RULE if stamp else "date/stale-update"
            limit = ref - _dt.timedelta(days=max_age)

            def stale(d):
                return d < limit
        else:
            rule = "date/expired-deadline" if cls == "deadline" else "date/past-event"

            def stale(d):
                return d < ref
        s1 = stale(day)
        s2 = stale(c.alt) if c.alt else s1
        if not (s1 or s2):
            return
        if pub is not None:
            age = (ref - pub.latest).days
            if cls == "update":
                # a revision note ("Updated ...") or a data snapshot ("as of <date>") of a dated
                # document: never a stale update; history once the page is archived
                if age <= j.archive_after:
                    return
            elif day < pub.date and (c.alt is None or c.alt < pub.date):
                return  # already past when the document was published: history
            if age > j.archive_after:
                rule = ARCHIVE_RULE
        if rule not in j.want:
            return
        if sentence is not None and is_narrative(ctx, doc.text[sentence[0]:sentence[1]]):
            return  # "We kept the survey open until 15 May 2022": what happened, not a deadline
        written = doc.text[c.start:c.end]
        if c.partial:
            against += f"; '{written}' read as {day.year}, the year nearest the scheduled date"
        shown = what(day if s1 else c.alt)
        if rule == ARCHIVE_RULE:
            edited = f", last edited {pub.modified.isoformat()}" if pub.modified else ""
            published = f"this page was published on {pub.date.isoformat()} ({pub.source}{edited})"
            if cls == "update":
                msg = (f"Revision note or snapshot dated {shown} in a dated page: {published}")
            else:
                kind = "deadline or offer date" if cls == "deadline" else "event date"
                msg = (f"The {kind} {shown} was still ahead when {published}, and has passed since")
            msg += (f"; the page is {age} days old (archive-after-days {j.archive_after}): history in "
                    f"an archived page, reported for audits only ({against})")
        elif cls == "update":
            age = (ref - (day if s1 else c.alt)).days
            msg = (f"{'Revision stamp' if stamp else 'Update statement'} dated {shown} is {age} days old "
                   f"(more than max-age-days {max_age}; {against})" + (": review the page" if stamp else ""))
        elif cls == "deadline":
            msg = f"Deadline or offer date {shown} has passed ({against})"
        else:
            msg = f"Event announced as upcoming on {shown} is in the past ({against})"
        if pub is not None and rule != ARCHIVE_RULE:
            msg += f"; the page was published on {pub.date.isoformat()} ({pub.source})"
        if c.alt and s1 != s2:
            good, bad = (c.label, c.alt_label) if s1 else (c.alt_label, c.label)
            msg += (f"; '{written}' is ambiguous: stale when read as {good} "
                    f"({_fmt(day if s1 else c.alt)}), not as {bad} ({_fmt(c.alt if s1 else day)})")
        elif c.alt:
            msg += f"; '{written}' is ambiguous ({c.label} or {c.alt_label}) but stale either way"
        yield ctx.finding(rule, doc, c.start, c.end, msg)


_IDENT_AFTER = re.compile(r"[\s\-–]*(?:release|update|version|build|edition|patch|snapshot|draft|revision"
                          r"|rc|nightly|tag|memorandum|memo|letter|bulletin|circular|directive)\b", re.IGNORECASE)
#: "(as of 12/16/2021, commit `4862326a`)": the state of a project at a pinned commit, a
#: snapshot citation (the commit's hash is inline code, not in the text read here)
#: a verb of what something offers, in the present, before "as of" in its sentence: the
#: date is when that began ("supports version 1.1 as of December 2, 2014"), not a snapshot
#: ("Prices as of", "As of March 2024, the average wait is", "the wait is six weeks as of")
_SINCE_VERB = re.compile(r"\b(?:provides|supports|offers|accepts|allows|enables|requires|(?:has|have)(?: \w+)?"
                         r" (?:supported|offered|provided|accepted|allowed|enabled|required))\b(?![^.;:]*,)",
                         re.IGNORECASE)
_COMMIT_AFTER = re.compile(r"[\s,;:(\-–]*(?:at\s+)?(?:commit|revision|sha)\b", re.IGNORECASE)
_IDENT_BEFORE = re.compile(r"\b(?:release|version|build|edition|patch|snapshot|nightly|tag|v)[\s:#-]*$",
                           re.IGNORECASE)


#: past dates in a column over this many years make the table a record (eslint.org's
#: version support table: "EOL Start" of each release line, 2016 to 2026), not announcements
_RECORD_YEARS = 3


def _header_class(header: str | None, g: Grammar) -> str | None:
    """The trigger class a table's column header gives its dates ("Ends", "Closing date",
    "Deadline", "Last updated"); None when the date is in no table or the header says nothing."""
    if not header or len(header) > 60:
        return None
    m = g.triggers.search(header)
    if m is None:
        return None
    cls = g.trigger_info(m)[0]
    return None if cls == "past" else cls


def _identifier(text: str, c: Cand) -> bool:
    """A date used as a name: "the 2020-06-13 release", "the June 2024 update", "build 2024-03-01",
    "as of 9/26/2021, commit `3e1cce0`", "this December 23, 2022 memorandum"."""
    return bool(_IDENT_AFTER.match(text, c.end, c.end + 20) or _COMMIT_AFTER.match(text, c.end, c.end + 20)
                or _IDENT_BEFORE.search(text, max(0, c.start - 20), c.start))


#: how far (characters of text) a teaser's summary runs after its ``<time>``
_TEASER_REACH = 600


#: the noun "end" right before the date: "the end of July 2018"
_END_OF = re.compile(r"the end of\s+", re.IGNORECASE)


def _teaser(teasers: list, c: Cand, day: _dt.date, j: "Judging", cls: str = "") -> "Judging":
    """The judging of a statement in a listing page's teaser (:func:`.published.teaser_dates`):
    at the teaser's date when its ``<time>`` is just before it and older than the date the
    statement names (a post announcing what was ahead of it). A date equal to or before
    its ``<time>`` is no teaser's history: an events list's "<time>12 May</time> Join us
    on 12 May", "registration closes 1 May" keep today's judgement. An update statement
    ("As of the end of July 2018, ...") is the post's snapshot whatever its date: at the
    teaser's date always."""
    if not teasers:
        return j
    i = bisect.bisect_right(teasers, c.start, key=lambda t: t[0]) - 1
    if i < 0 or c.start - teasers[i][0] > _TEASER_REACH or not (cls == "update" or teasers[i][1].date < day):
        return j
    return replace(j, pub=teasers[i][1])


@dataclass(frozen=True)
class Judging:
    """What a document's dated statements are judged against: the reference date (today, or
    a post's scheduled date), the rules wanted, and the document's publication date."""

    ref: _dt.date
    sched: _dt.date | None
    max_age: int
    want: frozenset
    pub: Published | None
    archive_after: int


CHECK = DatesCheck()
