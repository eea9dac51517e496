"""Sentence-level judgement: is a dated statement history, a condition, code talk or a
release note rather than a promise? Pure functions over ``doc.text``."""
from __future__ import annotations

import datetime as _dt
import re

from contentguard.checks.dates.grammar import _ABBREV, _D, _SENT_BREAK, Cand, Grammar, _mk

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
# common irregular pasts that are no present forms too ("read", "put", "set", "cut" are left out)
_IRREGULAR_PAST = (r"(?:ran|kept|went|made|took|held|gave|sent|built|began|brought|bought|sold|wrote|met|left"
                   r"|saw|found|told|spent|got|won|led|grew|drew|chose|rose|fell|became|came|knew|felt|shipped)")
_PAST_VERB = r"(?:" + _NOT_ED + r"[a-z]{2,}ed|" + _IRREGULAR_PAST + r")\b"
_PRONOUN_PAST = re.compile(r"\b(?i:which|who|we|they|he|she|it|I)\s+(?:\w+ly\s+)?" + _PAST_VERB)
# "The team shipped the new search by March 2019": a determiner, one or two words, a past verb
# that is no participle of a present ("The discounted tickets are available until ...")
_NOUN_PAST = re.compile(r"(?:^|[,;:]\s*)(?i:the|our|its|their|this|that|his|her)\s+(?:[A-Za-z]+\s+){1,2}?"
                        + _PAST_VERB + r"(?!\s+(?:by|to|will|must|shall|should|can|may|are|is|need|have|be)\b)")
_PRESENT = re.compile(r"\b(?:is|are|will|shall|must|can|remains?|stays?|runs?|ends?|closes?)\b|'(?:s|re|ll)\b",
                      re.IGNORECASE)
_AND_PRESENT = re.compile(r"\b(?:and|but)\s+(?:(?:still|now|also)\s+)?(?:is|are|will|remains?|stays?)\b", re.IGNORECASE)
# an opening adverbial of time that has not ended yet: "From March through ...", "Between May and ..."
_OPENING_SPAN = re.compile(r"\W*(?i:from|between|during|in)\s+[^,;.!?]{0,30}$")
_FUTURE_BE = re.compile(r"\b(?:will|shall|'ll|is to|are to|going to|set to|due to|scheduled to|expected to"
                        r"|planned to)\s+(?:\w+ly\s+)?be\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# the clause after the date, when a time phrase opens the sentence
_TAIL_PAST = re.compile(r"\b(?:had|was|were|did|used to|took place|happened)\b", re.IGNORECASE)
_TAIL_ED = re.compile(r"[\s,]*(?:(?:the|our|its|their|his|her|all|most|many|some|we|they|he|she|it|I|\w+s)\s+){0,3}"
                      + _PAST_VERB
                      + r"(?!\s+(?:by|to|will|must|shall|should|can|may|are|is|need|have)\b)")
# the verb right after the date is in the past: "... scheduled for 29 February 2024 were skipped"
_TAIL_PAST_NOW = re.compile(r"[\s,]*(?:were|was|had|did)\b", re.IGNORECASE)
# the page marks the date as gone: "Valid until: 2020-06-04 (expired)" (letsencrypt.org's
# list of its certificates), "Deadline: 1 May 2024 [closed]"
_MARKED_PAST = re.compile(r"[ \t,]*[(\[][ \t]*(?:expired|ended|closed|passed|over|past|revoked|retired|"
                          r"cancell?ed|superseded|withdrawn)[ \t]*[)\]]", re.IGNORECASE)
# "(Originally scheduled for 2015-04-09, rescheduled to ...)": the plan it was, not the plan
_ORIGINAL_PLAN = re.compile(r"\b(?:originally|initially|previously|formerly)\s+(?:\w+ly\s+)?(?:scheduled|planned|"
                            r"set|due|expected|announced|slated)\s+(?:for|on|to|in|as)?\s*(?:the\s+)?$", re.IGNORECASE)
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


#: a page's own revision stamp: the phrase, led on its line (or in its sentence) by nothing
#: but the page itself ("Last updated:", "This page was last reviewed on", "Page last
#: modified", "آخر تحديث"), as a theme prints it from the page's modification date. Said of
#: something on the page ("Prices last updated", "the figures were updated on") it is a
#: statement about that content, a stale-update
_STAMP_PHRASE = re.compile(r"(?:last |date )?(?:updated|reviewed|modified|checked|revised)(?: on)?|review date"
                           r"|last review|(?:page|content) (?:last )?(?:reviewed|checked|updated|modified)"
                           r"|آخر تحديث|اخر تحديث|تم التحديث|تاريخ التحديث|محدث في|حُدّث|تحديث", re.IGNORECASE)
_STAMP_LEAD = re.compile(r"[\s*_#>|•·\-–—(\[]*(?:(?:this|the) )?(?:(?:web ?)?page|article|post|document|guide|guidance"
                         r"|content|site|website)?(?: was| is| has been)?\s*$", re.IGNORECASE)


def revision_stamp(text: str, lo: int, hit: re.Match) -> bool:
    """Whether the update phrase ``hit`` is the page's revision stamp (see
    :data:`_STAMP_PHRASE`): judged as the page's modification date is, ``date/review-due``."""
    if not _STAMP_PHRASE.fullmatch(hit.group()):
        return False
    start = _sentence_start(text, lo, hit.start())
    return _STAMP_LEAD.fullmatch(text, start, hit.start()) is not None


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
            if _AND_PRESENT.search(head, m.end()):
                continue  # "tickets went on sale on 1 May and are available until ...": the clause is present
            return True
        if _PRONOUN_PAST.search(head):
            return True
        lead = head.lstrip(" \t*-•–—>\"'“(#")
        np = _NOUN_PAST.search(lead)
        if np and not _PRESENT.search(lead, np.end()):
            return True  # not "The early discounted tickets are available until ..."
        tail = text[c.end:_sentence_end(text, c.end, len(text))]
        if _TAIL_PAST_NOW.match(tail):
            return True  # "reports scheduled for 29 February 2024 were skipped"
        if _MARKED_PAST.match(tail) or _ORIGINAL_PLAN.search(head[-60:]):
            return True  # "Valid until: 2020-06-04 (expired)", "originally scheduled for ..."
        opening = text[s0:hit.start()]
        if not opening.strip(" \t*-•–—>\"'“(#0123456789.") or _OPENING_SPAN.match(opening):
            # the phrase opens the sentence: an adverbial of time, the main clause follows
            if _TAIL_PAST.search(tail[:120]) or _TAIL_ED.match(tail):
                return True
        return False


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


_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_CELL = re.compile(r"<(t[dh])\b[^>]*>(.*?)(?=<t[dh]\b|</tr|<tr\b|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PIPE_ROW = re.compile(r"[^\S\n]*\|")  # a Markdown table row: the line starts with "|"


def column_header(doc, pos: int) -> str | None:
    """The header of the table column holding ``doc.text[pos]`` ("Ends", "Closing date"), for a
    Markdown pipe table or an HTML table; None outside a table. A table of offers or deadlines
    says what its dates are once, in the header, not in every row."""
    rs, _ = doc.raw_span(pos, pos + 1)
    src = doc.source
    # the line's start from the document's index: a slice of the whole line for each date
    # made a minified page's dates cost its length each
    ls, _le = doc.lines.line_bounds(doc.lines.position(rs)[0])
    if _PIPE_ROW.match(src, ls):
        col = src.count("|", ls, rs) - 1
        # walk up to the separator row; the header is the line above it
        lines_above = src[max(0, ls - 20000):ls].split("\n")[:-1]
        for k in range(len(lines_above) - 1, 0, -1):
            if _MD_SEPARATOR.match(lines_above[k]):
                cells = [c.strip() for c in lines_above[k - 1].strip().strip("|").split("|")]
                return cells[col] if 0 <= col < len(cells) else None
            if not lines_above[k].lstrip().startswith("|"):
                return None
        return None
    if doc.kind != "html":
        return None
    lo = src.rfind("<table", max(0, rs - 20000), rs)
    if lo == -1 or src.rfind("</table", lo, rs) != -1:
        return None
    row_start = src.rfind("<tr", lo, rs)
    if row_start == -1:
        return None
    col = len(re.findall(r"<t[dh]\b", src[row_start:rs], re.IGNORECASE)) - 1
    head = re.search(r"<tr\b[^>]*>((?:(?!</tr).)*?<th\b.*?)</tr", src[lo:row_start], re.IGNORECASE | re.DOTALL)
    if not head or col < 0:
        return None
    cells = [_TAG.sub("", m.group(2)).strip() for m in _HTML_CELL.finditer(head.group(1))]
    return cells[col] if col < len(cells) else None
