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

from contentguard.checks.dates.check import CHECK, NAME, RULES, DatesCheck

__all__ = ["CHECK", "NAME", "RULES", "DatesCheck"]
