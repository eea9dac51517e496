"""Announcement kinds the checker used to miss (item 4 of issue 12): opening times, broadcasts,
appearances, end-of-offer verbs, dates in alt/title, tables whose header says what the dates
are, review stamps, Arabic opening/launching/hosting verbs, a date after &nbsp;. Each fires at
its exact position; each has a look-alike that must not."""
from __future__ import annotations

import pytest

from checkhelpers import findings_of, spans
from contentguard.checks.dates import CHECK
from contentguard.engine import make_context

TODAY = "2026-12-06"


def run(name: str, text: str):
    return findings_of(CHECK, make_context(today=TODAY), name, text)


@pytest.mark.parametrize("sentence, written, rule", [
    ("Gates open on Saturday 3 May 2025 for the summer fair.", "Saturday 3 May 2025", "date/past-event"),
    ("The box office opens 1 February 2025.", "1 February 2025", "date/past-event"),
    ("Watch live on 12 June 2025 from 6pm.", "12 June 2025", "date/past-event"),
    ("Stream the final live on 4 July 2025.", "4 July 2025", "date/past-event"),
    ("Join our webinar on 20 March 2025.", "20 March 2025", "date/past-event"),
    ("Live Q&A: 5 April 2025, 2pm.", "5 April 2025", "date/past-event"),
    ("Meet us at the Guildhall on 9 May 2025.", "9 May 2025", "date/past-event"),
    ("We'll be at the Careers Fair on 21 March 2025.", "21 March 2025", "date/past-event"),
    ("The spring sale finishes 31 March 2025.", "31 March 2025", "date/expired-deadline"),
    ("The offer wraps up on 15 April 2025.", "15 April 2025", "date/expired-deadline"),
    ("Last day to enter: 30 April 2025.", "30 April 2025", "date/expired-deadline"),
    ("Page reviewed: 3 January 2024", "3 January 2024", "date/review-due"),
    ("Content checked 5 February 2024", "5 February 2024", "date/review-due"),
    ("Menu prices last checked 5 February 2024", "5 February 2024", "date/stale-update"),
    ("نفتتح فرعنا الجديد يوم ١٢ مايو ٢٠٢٥", "١٢ مايو ٢٠٢٥", "date/past-event"),
    ("نستضيف ورشة عمل يوم ٥ أبريل ٢٠٢٥", "٥ أبريل ٢٠٢٥", "date/past-event"),
    ("نطلق المجموعة الجديدة في ٣ مارس ٢٠٢٥", "٣ مارس ٢٠٢٥", "date/past-event"),
])
def test_announcement_fires_at_its_position(sentence, written, rule):
    got = run("about/page.md", "Intro.\n\n" + sentence + "\n")
    assert spans(got) == [(rule, 3, sentence.index(written) + 1,
                           sentence.index(written) + 1 + len(written), written)]


@pytest.mark.parametrize("sentence", [
    "The gates opened on Saturday 3 May 2025 at nine.",
    "We watched the final live on 4 July 2025 in the square.",
    "- Webinar recording and [slides](deck.pptx) (PowerPoint, 40 slides, Jan 2015)",
    "The spring sale finished on 31 March 2025.",
    "We reviewed the policy on 3 January 2024 with the board.",
    "افتتح فرعنا الجديد يوم ١٢ مايو ٢٠٢٥",
])
def test_announcement_look_alikes_do_not_fire(sentence):
    assert spans(run("about/page.md", sentence + "\n")) == []


def test_date_after_nbsp_points_at_the_raw_source():
    src = "<p>Join us on&nbsp;12 May 2025 at the Guildhall.</p>\n"
    got = run("page.html", src)
    assert spans(got) == [("date/past-event", 1, 20, 31, "12 May 2025")]
    assert src[19:30] == "12 May 2025"


def test_event_date_in_alt_and_title():
    src = '<p><img src="poster.png" alt="Join us on 12 May 2025 at the Guildhall" title="Save the date: 9 June 2025"></p>\n'
    got = run("page.html", src)
    assert spans(got) == [("date/past-event", 1, src.index("12 May") + 1, src.index("12 May") + 12, "12 May 2025"),
                          ("date/past-event", 1, src.index("9 June") + 1, src.index("9 June") + 12, "9 June 2025")]


MD_TABLE = ("| Offer | Ends |\n| --- | --- |\n| 20% off boots | 31 March 2025 |\n"
            "| Free delivery | 30 April 2025 |\n| Gift wrap | 15 May 2025 |\n\n"
            "| Release | Date |\n| --- | --- |\n| 1.0 | 12 June 2025 |\n")


def test_table_column_header_says_what_the_dates_are():
    got = spans(run("offers.md", MD_TABLE))
    assert got == [("date/expired-deadline", 3, 19, 32, "31 March 2025"),
                   ("date/expired-deadline", 4, 19, 32, "30 April 2025"),
                   ("date/expired-deadline", 5, 15, 26, "15 May 2025")]  # not the "Date" column


def test_html_table_column_header():
    src = ("<table>\n<tr><th>Grant</th><th>Closing date</th></tr>\n"
           "<tr><td>Arts fund</td><td>12 June 2025</td></tr>\n"
           "<tr><td>Youth fund</td><td>3 July 2025</td></tr>\n</table>\n"
           "<table>\n<tr><th>Version</th><th>Released</th></tr>\n<tr><td>1.0</td><td>3 July 2025</td></tr>\n</table>\n")
    got = spans(run("grants.html", src))
    assert got == [("date/expired-deadline", 3, 27, 39, "12 June 2025"),
                   ("date/expired-deadline", 4, 28, 39, "3 July 2025")]
