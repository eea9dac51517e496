"""The date rules, their defaults and their documentation (``explain`` prints these)."""
from __future__ import annotations

from contentguard.findings import Rule
from contentguard.suggest import did_you_mean

NAME = "dates"

# --------------------------------------------------------------------------- rules

RULES = (
    Rule("date/copyright", "stale-date", "warning",
         "Copyright notice whose latest year is before the current year",
         "A copyright line such as '© 2019 Acme' or 'Copyright 2015–2021' whose last year is "
         "before the reference year makes a page look abandoned. `--fix` rewrites the years "
         "with the `copyright-fix-style` option (default '{first}–{year}': '© 2019' becomes "
         "'© 2019–2026'). Ranges ending in the current year are fine, and so is the notice "
         "in a licence's own text file (LICENSE.txt, COPYING, a font's OFL.txt): the "
         "licensor's, which the licence asks to keep.",
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
         "'As of' / 'Prices last updated' statement older than max-age-days",
         "'As of', 'Prices as of', 'correct at time of writing', 'figures updated on', 'Opening "
         "hours last checked' with a date more than `max-age-days` (default 365) before the "
         "reference date: prices, figures or opening hours that nobody has checked for a year. "
         "The page's own revision stamp ('Last updated: ...' on its line, 'This page was last "
         "reviewed on ...') is `date/review-due`.",
         "Prices as of 1 January 2024.", "date.stale-update"),
    Rule("date/metadata", "stale-date", "warning",
         "Page metadata: an expiry date in the past",
         "Front matter `expiryDate`/`expires`, HTML `<meta name=expires>`, JSON-LD `expires`, "
         "`validThrough` or `priceValidUntil` before the reference date: the page says it has "
         "expired. The finding points at the value as written. Publication dates (`date`, "
         "`article:published_time`, `datePublished`) are history and never reported.",
         "expiryDate: 2025-12-26", "date.metadata"),
    Rule("date/review-due", "stale-date", "info",
         "Page modification date or revision stamp older than max-age-days, a page due for review (audits)",
         "Front matter `lastmod`/`updated`/`last_modified_at`, `article:modified_time` or JSON-LD "
         "`dateModified`, or the page's own revision stamp in its text ('Last updated: 3 May "
         "2023' on its line, as a theme prints the modification date; 'This page was last "
         "reviewed on ...'), more than `max-age-days` (default 365) before the reference date. A "
         "page nobody has touched for a year is worth a review in an audit, but it is not wrong, "
         "so this is info: it does not fail a run at the default `fail-on`, and an audit lists "
         "it. Give it `severity` warning in the config to gate on it. The finding points at the "
         "value as written.",
         "lastmod: 2023-03-04", "date.metadata"),
    Rule("date/archived", "stale-date", "info",
         "Deadline or event in an archived dated page: history, reported for audits only",
         "In a document with a publication date (front matter `date`/`published`/`pubDate`, a "
         "dated file name or path, `article:published_time`, JSON-LD `datePublished`, `<time "
         "pubdate>`; see docs/dates.md) a deadline or an event is judged at that date: one that "
         "was still ahead when the page was published and has passed since is history once the "
         "page (or its last edit) is older than `archive-after-days` (default 90). It is reported "
         "here, at info, never at warning or error, so `--select date/archived` brings the archive "
         "back for an audit. One already past when published is not reported at all, and neither "
         "are revision notes and snapshots ('Updated ...', 'as of <date>') in a dated page. A "
         "younger dated page keeps date/expired-deadline and date/past-event.",
         "Apply by 10 April 2024. (in blog/2024-03-20-intake.md)", "date.archived"),
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
ARCHIVE_RULE = "date/archived"
REVIEW_RULE = "date/review-due"
#: a dated page older than this is an archive page (see docs/dates.md for the figures behind 90)
DEFAULT_ARCHIVE_AFTER = 90
#: the classes ``extra-triggers`` may add phrases to
TRIGGER_CLASSES = ("deadline", "event", "update", "past")


def trigger_classes(extra: dict) -> None:
    """The ``extra-triggers`` option's check (config.py runs it at load): every key is a
    trigger class; anything else is a config error naming the file and the key."""
    for cls in extra:
        if cls not in TRIGGER_CLASSES:
            raise ValueError(f"unknown trigger class {cls!r}{did_you_mean(cls, TRIGGER_CLASSES)} "
                             f"(the classes are {', '.join(TRIGGER_CLASSES)})")
