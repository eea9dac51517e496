"""The stale-date check: every rule's true positive at its exact position, look-alikes that
must not fire, messages; English and Arabic; post schedules; --fix through the CLI."""
from __future__ import annotations

import json

import pytest

from conftest import write
from checkhelpers import col, findings_of, only, spans
from contentguard import cli
from contentguard.checks.dates import CHECK
from contentguard.config import validate
from contentguard.engine import make_context

TODAY = "2026-11-23"


def run(name: str, text: str, today: str = TODAY, **options):
    """Findings of the date check on ``text`` parsed as ``name`` (options: dates section)."""
    cfg = validate({"dates": {k.replace("_", "-"): v for k, v in options.items()}}, "test")
    ctx = make_context(config=cfg, today=today)
    return findings_of(CHECK, ctx, name, text)


# --------------------------------------------------------------------------- copyright

def test_copyright_year_before_this_year():
    f = only(run("a.html", "<html><body>\n<footer><p>© 2019 Acme Ltd</p></footer>\n</body></html>\n"),
             "date/copyright")
    assert (f.line, f.column, f.end_column, f.excerpt) == (2, 12, 18, "© 2019")
    assert f.message == "Copyright notice ends in 2019, before 2026; --fix writes '2019–2026'"
    assert f.kind == "date.copyright" and f.severity == "warning"


@pytest.mark.parametrize("text, excerpt", [
    ("Copyright 2015–2021 Harbourlight Trust.", "Copyright 2015–2021"),
    ("(c) 2020 Loom & Ladle Ltd", "(c) 2020"),
    ("© Easterbrook City Council 2024", "© Easterbrook City Council 2024"),
    ("Copyright © 2021 Zahrat Cosmetics", "Copyright © 2021"),
    ("© 2019-24 Acme", "© 2019-24"),
])
def test_copyright_forms(text, excerpt):
    f = only(run("a.txt", text + "\n"), "date/copyright")
    assert f.excerpt == excerpt and f.column == 1


def test_copyright_entities_point_at_the_raw_source():
    f = only(run("a.html", "<p>&copy; 2012&#8211;2021 Trust</p>\n"), "date/copyright")
    assert (f.line, f.column, f.end_column) == (1, 4, 26)
    assert f.fix.replacement == "2012–2026"
    src = "<p>&copy; 2012&#8211;2021 Trust</p>\n"
    assert src[f.fix.start:f.fix.end] == f.fix.expected == "2012&#8211;2021"


@pytest.mark.parametrize("text", [
    "© 2026 Easterbrook City Council",
    "© 2012–2026 Zahrat Cosmetics",
    "Copyright 2019-2026 Bellmont University",
    "The Copyright Act 1988 applies to all photographs.",
    "We retired the last computer running Windows 2000.",
    "Options (a), (b) and (c) are described below.",
])
def test_copyright_lookalikes(text):
    assert spans(run("a.txt", text + "\n"), "date/copyright") == []


def test_copyright_word_needs_its_own_word_boundary():
    # the mark is found from its first character, the boundary asked after it (the regex
    # engine skips to C, © and "(" instead of trying every position): same readings
    f = only(run("a.txt", "Terms (COPYRIGHT 2019 Acme) apply.\n"), "date/copyright")
    assert (f.column, f.end_column, f.excerpt) == (8, 22, "COPYRIGHT 2019")
    for text in ("xCopyright 2019 Acme", "_COPYRIGHT 2019 Acme", "éCopyright 2019 Acme", "Copyrights 2019 Acme"):
        assert spans(run("a.txt", text + "\n"), "date/copyright") == [], text


def test_copyright_arabic_indic_digits_and_fix_in_the_same_script():
    f = only(run("a.html", "<p>© ٢٠٢٢ زهرة لمستحضرات التجميل</p>\n"), "date/copyright")
    assert (f.column, f.end_column, f.excerpt) == (4, 10, "© ٢٠٢٢")
    assert f.fix.replacement == "٢٠٢٢–٢٠٢٦"


def test_copyright_fix_style_option():
    f = only(run("a.txt", "© 2019 Acme\n", copyright_fix_style="{year}"), "date/copyright")
    assert f.fix.replacement == "2026"


# --------------------------------------------------------------------------- deadlines

def test_expired_deadline():
    f = only(run("a.html", "<p>Spring sale: 20% off.\nOffer ends 31 March 2025.</p>\n"),
             "date/expired-deadline")
    assert (f.line, f.column, f.end_column, f.excerpt) == (2, 12, 25, "31 March 2025")
    assert f.message == "Deadline or offer date 31 March 2025 has passed (reference date 2026-11-23)"
    assert f.severity == "error" and f.kind == "date.expired-deadline"


@pytest.mark.parametrize("text, excerpt", [
    ("Apply by 1/15/2024 to be considered.", "1/15/2024"),
    ("Awards are valid until June 2025.", "June 2025"),
    ("Gift sets are available while stocks last until April 14, 2024.", "April 14, 2024"),
    ("Registration closes on 7 March 2025.", "7 March 2025"),
    ("Free installation for contracts signed before 30th April 2024.", "30th April 2024"),
    ("**Closing date:** 15 January 2025", "15 January 2025"),
    ("Submissions are due 11/30/2023.", "11/30/2023"),
    ("RSVP by Oct. 2, 2025.", "Oct. 2, 2025"),
    ("The offer is valid 1–31 March 2024 in all stores.", "1–31 March 2024"),
    ("Entries close at 5 pm on 28 February 2025.", "28 February 2025"),
    ("Nominations must be submitted no later than 31 January 2025.", "31 January 2025"),
    ("Offer valid until the end of March 2025.", "March 2025"),
])
def test_expired_deadline_forms(text, excerpt):
    assert only(run("a.txt", text + "\n"), "date/expired-deadline").excerpt == excerpt


@pytest.mark.parametrize("text", [
    "Our Black Friday offer ended on 29 November 2025.",
    "Guest tickets had to be claimed by November 30, 2025. Check your inbox!",
    "Our Cyber Weekend deals closed on 1 December 2025; thanks for a record weekend!",
    "Offer ends 31 March 2027.",
    "These terms apply from 1 April 2023.",
    "Check that the firmware is version 3.11 or later, by 2.3.1 at least.",
    "Add 5 GB for AED 20.25 until further notice.",
    "Chat with us 24/7 or call +965 6634 8812 before 9 pm.",
    "Our team won the final 3-1 by a late goal.",
    "Offer ends 31 March.",  # no year and no schedule: nothing to judge against
    "The 2024 festival sold out by 1 May 2024, a record for us.",
    "The offer was valid until 30 June 2024 and is now closed.",
    "Invoice 2024-0042 is due on receipt. Call 0800 2024 555, open 9-5.",
    "Version 2.10.2024 of the app fixes the login bug.",
])
def test_deadline_lookalikes(text):
    assert spans(run("a.txt", text + "\n")) == []


def test_ambiguous_numeric_date_stale_under_one_reading_only():
    f = only(run("a.txt", "Applications close 04/03/2024.\n", today="2024-03-20"),
             "date/expired-deadline")
    assert f.excerpt == "04/03/2024"
    assert f.message == ("Deadline or offer date 4 March 2024 has passed (reference date 2024-03-20); "
                         "'04/03/2024' is ambiguous: stale when read as DMY (4 March 2024), "
                         "not as MDY (3 April 2024)")


def test_ambiguous_numeric_date_date_order_mdy_and_stale_either_way():
    f = only(run("a.txt", "Applications close 04/03/2024.\n", date_order="MDY"),
             "date/expired-deadline")
    assert f.message == ("Deadline or offer date 3 April 2024 has passed (reference date 2026-11-23); "
                         "'04/03/2024' is ambiguous (MDY or DMY) but stale either way")


def test_ambiguous_numeric_date_in_the_future_either_way():
    assert spans(run("a.txt", "If approved, the trial runs until 06/05/2027.\n")) == []


# --------------------------------------------------------------------------- past events

def test_past_event():
    f = only(run("a.md", "# Sleep Out\n\nJoin us on Friday 14 March 2025 for our biggest Sleep Out yet.\n"),
             "date/past-event")
    assert (f.line, f.column, f.end_column, f.excerpt) == (3, 12, 32, "Friday 14 March 2025")
    assert f.message == ("Event announced as upcoming on 14 March 2025 is in the past "
                         "(reference date 2026-11-23)")
    assert f.kind == "date.past-event"


@pytest.mark.parametrize("text, excerpt", [
    ("The 2024 conference will take place on March 3, 2024, in the Hartley Center.", "March 3, 2024"),
    ("Save the date: 2025-09-10", "2025-09-10"),
    ("Homecoming weekend is coming in Q3 2024; details to follow.", "Q3 2024"),
    ("The autumn lecture will be held on Thursday, October 9, 2025, at 6 p.m.",
     "Thursday, October 9, 2025"),
    ("Don't miss the Fall Gala on Oct. 24, 2025 - black tie optional.", "Oct. 24, 2025"),
    ("Our new day centre will open its doors on 6th January 2025.", "6th January 2025"),
    ("Interviews will be held on\nWednesday 29 January 2025 at our office.", "Wednesday 29 January 2025"),
    ("The festival returns on Saturday 5 July 2025 - book your place now.", "Saturday 5 July 2025"),
    ("Meet us at stand B12 at the Trade Show, 14–16 May 2025.", "14–16 May 2025"),
])
def test_past_event_forms(text, excerpt):
    assert only(run("a.md", text + "\n"), "date/past-event").excerpt == excerpt


@pytest.mark.parametrize("text", [
    "The open day took place on June 14, 2025, with 1,200 visitors.",
    "Thank you to the ambassadors who joined us on June 14, 2025.",
    "Founded in 1998, Sahel serves 1.8 million customers.",
    "In 2019 we launched our first skincare line.",
    "Zahrat began in 2012. By 2021 we had stores in three countries.",
    "Sahel may suspend a line. Graduates march on to the floor. The second ceremony starts at 2.",
    "KUWAIT CITY, 4 February 2024 - Sahel Telecom today announced that its network will go live in Q2 2027.",
    "Join us on 7 December 2026 for storytelling.",
    "Between April 2024 and March 2025 our outreach team made 6,800 contacts.",
    "After the final the team drove along Route 66 back to campus.",
])
def test_past_event_lookalikes(text):
    assert spans(run("a.md", text + "\n")) == []


# --------------------------------------------------------------------------- update statements

def test_stale_update():
    # said of something on the page (its prices): a statement about that content
    f = only(run("a.html", '<p class="prices">Prices last updated: 10 February 2025</p>\n'),
             "date/stale-update")
    assert (f.line, f.column, f.end_column, f.excerpt) == (1, 40, 56, "10 February 2025")
    assert f.message == ("Update statement dated 10 February 2025 is 651 days old "
                         "(more than max-age-days 365; reference date 2026-11-23)")
    assert f.severity == "warning" and f.kind == "date.stale-update"


@pytest.mark.parametrize("text, col", [
    ('<p class="updated">Last updated: 10 February 2025</p>', 34),
    ("<footer>This page was last reviewed on 10 February 2025.</footer>", 40),
    ("<p>Page last modified 10 February 2025</p>", 23),
])
def test_a_page_s_own_revision_stamp_is_a_review_due_as_its_lastmod_is(text, col):
    # "Last updated:" on its own line, as a theme prints the page's modification date: the
    # page is due for review (info), as an old lastmod in its metadata is, not a stale statement
    got = run("a.html", text + "\n")
    f = only(got, "date/review-due")
    assert not [x for x in got if x.rule == "date/stale-update"]
    assert (f.line, f.column, f.excerpt) == (1, col, "10 February 2025")
    assert f.severity == "info" and f.category == "stale-date"
    assert f.message == ("Revision stamp dated 10 February 2025 is 651 days old (more than max-age-days 365; "
                         "reference date 2026-11-23): review the page")
    # a recent stamp is no finding
    assert spans(run("a.html", text.replace("2025", "2026") + "\n")) == []


@pytest.mark.parametrize("text, excerpt", [
    ("Prices as of 1 January 2024, inclusive of all fees.", "1 January 2024"),
    ("Stock levels correct at time of writing (August 2024).", "August 2024"),
    ("As of March 2024, the average wait is six weeks.", "March 2024"),
    ("This information was updated on 3 January 2025.", "3 January 2025"),
])
def test_stale_update_forms(text, excerpt):
    assert only(run("a.txt", text + "\n"), "date/stale-update").excerpt == excerpt


@pytest.mark.parametrize("text", [
    "Let's Encrypt provides wildcard certificates as of March 2018.",  # letsencrypt.org's FAQ
    "The Data.gov catalog supports version 1.1 as of December 2, 2014.",  # digital.gov
    "The service has long supported passkeys as of May 2023.",
])
def test_what_something_offers_as_of_a_date_is_since_then_not_a_snapshot(text):
    assert spans(run("a.md", text + "\n")) == []


@pytest.mark.parametrize("text, excerpt", [
    ("It supports many formats, and prices as of 1 January 2024 are below.", "1 January 2024"),
    ("The average wait is six weeks as of March 2024.", "March 2024"),
    ("As of March 2024, the service supports six formats.", "March 2024"),
])
def test_a_snapshot_beside_such_a_verb_is_still_stale(text, excerpt):
    f = only(run("a.md", text + "\n"), "date/stale-update")
    assert (f.line, f.column, f.excerpt) == (1, text.index(excerpt) + 1, excerpt)


def test_as_of_a_pinned_commit_is_a_snapshot_not_a_review_date():
    # pnpm.io's workspace docs: projects that use workspaces "as of" a commit; the date pins
    # the snapshot and ages by design (17 findings on the real site)
    text = ("* [Vite](https://github.com/vitejs/vite) (as of 9/26/2021, commit `3e1cce01d014`)\n"
            "* Prices as of 1 January 2024, for the commit plan.\n")
    f = only(run("a.md", text, date_order="MDY"), "date/stale-update")
    assert (f.line, f.column, f.excerpt) == (2, 16, "1 January 2024")


def test_recent_update_and_max_age_option():
    text = "*Last updated 20 October 2026.*\n"
    assert spans(run("a.md", text)) == []
    f = only(run("a.md", text, max_age_days=30), "date/review-due")
    assert f.excerpt == "20 October 2026" and "more than max-age-days 30" in f.message
    text = "Opening hours updated 20 October 2026.\n"
    assert spans(run("a.md", text)) == []
    f = only(run("a.md", text, max_age_days=30), "date/stale-update")
    assert f.excerpt == "20 October 2026" and "more than max-age-days 30" in f.message


def test_past_tense_restock_is_no_update_statement():
    assert spans(run("a.md", "Our brush cleanser was restocked on 2 March 2025.\n")) == []


# --------------------------------------------------------------------------- Arabic

def test_arabic_deadline_with_arabic_indic_digits():
    f = only(run("a.html", "<p>عرض رمضان. ينتهي العرض في ٣١ مارس ٢٠٢٥.</p>\n"), "date/expired-deadline")
    assert (f.column, f.end_column, f.excerpt) == (30, 42, "٣١ مارس ٢٠٢٥")
    assert "31 March 2025 has passed" in f.message


@pytest.mark.parametrize("text, rule, excerpt", [
    ("<p>آخر تحديث: ٥ فبراير ٢٠٢٤</p>", "date/review-due", "٥ فبراير ٢٠٢٤"),
    ("<p>انضموا إلينا يوم ٢٩ مارس ٢٠٢٥ في متجرنا</p>", "date/past-event", "٢٩ مارس ٢٠٢٥"),
    ("<p>العرض ساري حتى 5 أبريل 2025 أو حتى نفاد الكمية</p>", "date/expired-deadline", "5 أبريل 2025"),
    ("<p>ينتهي التسجيل بتاريخ ٣١/٠٣/٢٠٢٥</p>", "date/expired-deadline", "٣١/٠٣/٢٠٢٥"),
    ("<p>العرض صالح حتى نهاية مارس ٢٠٢٥</p>", "date/expired-deadline", "مارس ٢٠٢٥"),
    ("<p>سيقام الحفل يوم الخميس ٦ مارس ٢٠٢٥ في قاعة المدينة</p>", "date/past-event", "الخميس ٦ مارس ٢٠٢٥"),
])
def test_arabic_forms(text, rule, excerpt):
    assert only(run("a.html", text + "\n"), rule).excerpt == excerpt


@pytest.mark.parametrize("text", [
    "<p>تأسست زهرة في السالمية عام ٢٠١٢ واليوم لدينا ١٤ فرعاً</p>",
    "<p>بيانات مضاعفة لجميع المشتركين الجدد حتى ٢٨ فبراير ٢٠٢٧.</p>",
    "<p>انتهى العرض في ٣١ مارس ٢٠٢٥.</p>",
    "<p>أقيم الحفل يوم ٦ مارس ٢٠٢٥ بحضور ٣٠٠ ضيف</p>",
])
def test_arabic_lookalikes(text):
    assert spans(run("a.html", text + "\n")) == []


def test_other_language_from_dateparser_locale_and_extra_triggers():
    text = "Offre valable jusqu'au 31 mars 2024.\n"
    assert spans(run("a.txt", text)) == []
    f = only(run("a.txt", text, languages=["en", "fr"], extra_triggers={"deadline": ["jusqu'au"]}),
             "date/expired-deadline")
    assert f.excerpt == "31 mars 2024"


# --------------------------------------------------------------------------- metadata

FRONT = """---
title: Gift guide
date: 2023-11-02
lastmod: 2024-03-04
expiryDate: 2025-12-26
---

Body text.
"""


def test_metadata_front_matter_points_at_the_value():
    found = run("a.md", FRONT)
    assert spans(found, "date/review-due") == [("date/review-due", 4, 10, 20, "2024-03-04")]
    assert spans(found, "date/metadata") == [("date/metadata", 5, 13, 23, "2025-12-26")]
    # an old modification date is a review for an audit (info); an expiry is a warning
    sev = {f.rule: f.severity for f in found}
    assert sev == {"date/review-due": "info", "date/metadata": "warning"}
    msgs = [f.message for f in run("a.md", FRONT)]
    assert "lastmod 2024-03-04 is 994 days old (more than max-age-days 365): review the page" in msgs
    assert ("expiryDate 2025-12-26 is in the past (reference date 2026-11-23): the page says it has "
            "expired") in msgs


def test_metadata_recent_future_and_publication_dates_do_not_fire():
    text = "---\ndate: 2019-01-01\nlastmod: 2026-10-20\nexpiryDate: 2026-12-20\n---\n\nBody.\n"
    assert spans(run("a.md", text)) == []


HTML_META = """<html><head>
<meta property="article:published_time" content="2024-02-01T10:00:00+00:00">
<meta property="article:modified_time" content="2025-02-10T15:30:00+00:00">
<script type="application/ld+json">{"@type": "Event", "datePublished": "2020-01-01", "dateModified": "2024-12-02", "expires": "2027-01-01"}</script>
</head><body><p>Hello.</p></body></html>
"""


def test_metadata_html_meta_and_json_ld():
    got = spans(run("a.html", HTML_META), "date/review-due")
    c1, c2 = col(HTML_META, 3, "2025-02-10T"), col(HTML_META, 4, "2024-12-02")
    assert got == [("date/review-due", 3, c1, c1 + 25, "2025-02-10T15:30:00+00:00"),
                   ("date/review-due", 4, c2, c2 + 10, "2024-12-02")]
    # JSON-LD "expires": "2027-01-01" is ahead of the reference date
    assert spans(run("a.html", HTML_META), "date/metadata") == []


# --------------------------------------------------------------------------- posts

QUEUE = """- id: p1
  scheduled_at: 2026-12-02T19:00:00+03:00
  text: "Last call! Our Winter Glow sale ends 30 November 2026."
- id: p2
  scheduled_at: 2026-12-02T20:30:00+03:00
  text: "Good news: the gift-box sale now runs until 10 December 2026."
- id: p3
  scheduled_at: "2025-10-01T12:00:00Z"
  text: "Join us on 12 October 2025 for our shade-matching day."
- id: p4
  scheduled_at: 2026-12-05T10:00:00+03:00
  text: "Our sale ends 30 November - shop now!"
- id: p5
  scheduled_at: 2026-11-24T09:00:00+03:00
  text: "See you tomorrow!"
"""


def test_scheduled_past_points_at_the_value_as_written():
    f = only(run("q.yaml", QUEUE), "date/scheduled-past")
    assert (f.line, f.column, f.end_column, f.excerpt) == (8, 18, 38, "2025-10-01T12:00:00Z")
    assert f.message == ("Post is scheduled for 2025-10-01T12:00:00Z, before the reference date "
                         "2026-11-23: it would go out late or not at all")
    assert f.kind == "date.scheduled-past" and f.severity == "error"


def test_post_dates_are_judged_against_the_scheduled_time():
    got = spans(run("q.yaml", QUEUE))
    c = col(QUEUE, 3, "30 November 2026")
    assert c == 47
    assert ("date/expired-deadline", 3, c, c + 16, "30 November 2026") in got
    # p2: still ahead when it goes out; p3: the event was ahead at its (past) scheduled time
    assert not [g for g in got if g[1] in (6, 9)]
    f = [f for f in run("q.yaml", QUEUE) if f.line == 3][0]
    assert f.message.endswith("(the post is scheduled for 2026-12-02)")


def test_post_year_less_date_takes_the_year_nearest_the_schedule():
    f = [f for f in run("q.yaml", QUEUE) if f.line == 12][0]
    assert (f.rule, f.excerpt) == ("date/expired-deadline", "30 November")
    assert "'30 November' read as 2026, the year nearest the scheduled date" in f.message


def test_csv_export_separate_date_and_time():
    text = ("date,time,channel,text\n"
            "2025-12-18,19:00,instagram,\"National Day week: 25% off\"\n"
            "2026-12-11,12:00,snapchat,\"Flash sale ends 10 December 2026 - shop now!\"\n")
    assert spans(run("x.csv", text)) == [
        ("date/scheduled-past", 2, 1, 11, "2025-12-18"),
        ("date/expired-deadline", 3, 44, 60, "10 December 2026")]


# --------------------------------------------------------------------------- through the CLI

def _cli(capsys, *args):
    capsys.readouterr()
    rc = cli.main(list(args))
    return rc, capsys.readouterr()


def test_cli_post_schedule_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.yaml").write_text(QUEUE, encoding="utf-8")
    rc, cap = _cli(capsys, "check", "--today", TODAY, "--select", "date", "--format", "json", "q.yaml")
    assert rc == 1
    got = sorted((f["rule"], f["line"], f["column"]) for f in json.loads(cap.out)["findings"])
    assert got == [("date/expired-deadline", 3, col(QUEUE, 3, "30 November")),
                   ("date/expired-deadline", 12, col(QUEUE, 12, "30 November")),
                   ("date/scheduled-past", 8, col(QUEUE, 8, "2025-10-01"))]


def test_cli_fix_updates_stale_copyright_years_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    src = ("<html><body>\r\n<p>Offer ends 31 March 2025.</p>\r\n"
           "<footer>&copy; 2015&#8211;2021 Acme &amp; Co · © 2026 Other</footer>\r\n"
           "<p>(c) 2020 Loom</p>\r\n</body></html>\r\n")
    page = tmp_path / "index.html"
    page.write_bytes(b"\xef\xbb\xbf" + src.encode("utf-8"))
    rc, cap = _cli(capsys, "check", "--today", TODAY, "--select", "date", "--fix", "--format", "json",
                   "index.html")
    after = page.read_bytes()
    assert after == b"\xef\xbb\xbf" + src.replace("2015&#8211;2021", "2015–2026").replace(
        "(c) 2020", "(c) 2020–2026").encode("utf-8")
    left = [f["rule"] for f in json.loads(cap.out)["findings"]]
    assert left == ["date/expired-deadline"]  # fixed findings are not reported; the rest is
    # a second run finds nothing left to fix
    rc, cap = _cli(capsys, "check", "--today", TODAY, "--select", "date/copyright", "--format", "json",
                   "index.html")
    assert json.loads(cap.out)["findings"] == [] and rc == 0


def test_cli_fix_style_from_config(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contentguard.toml").write_text('[dates]\ncopyright-fix-style = "{first}-{year}"\n',
                                                encoding="utf-8")
    (tmp_path / "a.md").write_text("Text.\n\n© 2019 Acme\n", encoding="utf-8")
    _cli(capsys, "check", "--today", TODAY, "--select", "date", "--fix", "a.md")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "Text.\n\n© 2019-2026 Acme\n"


def test_cli_without_fix_never_writes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("© 2019 Acme\n", encoding="utf-8")
    rc, cap = _cli(capsys, "check", "--today", TODAY, "--select", "date", "a.md")
    assert rc == 1 and (tmp_path / "a.md").read_text(encoding="utf-8") == "© 2019 Acme\n"


# --------------------------------------------------------------------------- unseen-content hardening

@pytest.mark.parametrize("text", [
    "Copyright (c) 2015-now Kestrel Analytics Ltd.",
    "Copyright 2009-present Fernhill Rowing Club.",
    "Copyright © 2019–present Halcyon Games",
    "© 2014 – today Acme",
    "Original Java code is Copyright (C) 2009-2015 The Libphonenumber Authors.",
    "Characters frequencies used in this project © 2012 Denny Vrandečić",
])
def test_copyright_open_ranges_and_attributions_do_not_fire(text):
    assert spans(run("a.md", text + "\n"), "date/copyright") == []


def test_copyright_notice_after_a_separator_still_fires():
    text = "Acme Ltd · © 2023 Acme Ltd\n"
    f = only(run("a.md", text), "date/copyright")
    assert (f.line, f.column, f.excerpt) == (1, col(text, 1, "©"), "© 2023")


@pytest.mark.parametrize("text, rule, excerpt", [
    ("Submissions must reach us by 5pm on 14 March 2025.", "date/expired-deadline", "14 March 2025"),
    ("Early bird pricing ends midnight, January 31, 2025.", "date/expired-deadline", "January 31, 2025"),
    ("Our open erg session starts at 10am on Saturday 6 December 2025.", "date/past-event",
     "Saturday 6 December 2025"),
    ("The cookie class is scheduled for December 4, 2025 at the Elm St bakery.", "date/past-event",
     "December 4, 2025"),
    ("Opening night is Friday, May 9, 2025.", "date/past-event", "Friday, May 9, 2025"),
    ("Performances run May 9–24, 2025.", "date/past-event", "May 9–24, 2025"),
    ("The new album will be released on 3 March 2025.", "date/past-event", "3 March 2025"),
    ("The library will be closed on Monday, May 26, 2025 for Memorial Day.", "date/past-event",
     "Monday, May 26, 2025"),
    ("Our Elm Street bakery will be closed for renovation until March 3, 2025.", "date/expired-deadline",
     "March 3, 2025"),
    ("Storytime returns Tuesday, January 7, 2025!", "date/past-event", "Tuesday, January 7, 2025"),
    ("Offer valid for orders placed before 31 March 2025.", "date/expired-deadline", "31 March 2025"),
    ("Entries received before 1 May 2025 will be entered into the draw.", "date/expired-deadline",
     "1 May 2025"),
    ("Stallholder applications must be received by 30 September 2025.", "date/expired-deadline",
     "30 September 2025"),
])
def test_more_trigger_grammar(text, rule, excerpt):
    f = only(run("a.md", text + "\n"), rule)
    assert (f.line, f.column, f.excerpt) == (1, col(text, 1, excerpt), excerpt)


@pytest.mark.parametrize("text", [
    # time adverbials opening a sentence in the past
    "Until March 2020, juniors trained at the old sheds on Mill Lane.",
    "Before April 2018 the club had no women's squad.",
    # a condition on the past, not a deadline
    "Members who joined before 1 January 2020 keep the founding rate.",
    "Library cards issued before July 1, 2019 must be renewed in person.",
    "Insurance certificates dated before 1 January 2025 will not be accepted.",
    # a partition around one date
    "Code contributed after December 1, 2017 is Apache-2.0; contributions before December 1, 2017 remain MIT.",
    # past tense after the date, or a past verb with its subject
    "Fixed: reports scheduled for 29 February 2024 were skipped.",
    "Dropped support for Python 3.8, which reached end of life in October 2024.",
    # code: a return value, a data limit, a command-line option
    "`add_business_days(date(2021, 3, 19), 1)` returns Monday 22 March 2021.",
    "The helper `fiscal_end()` now accepts dates before 1 January 1970.",
    "aws ec2 describe-spot-price-history --start-time 2014-01-06T07:08:09 --end-time 2014-01-06T08:09:10",
    # available from a past date: available now
    "NHS appointments are available from 3 March 2025 for children.",
])
def test_history_conditions_and_code_do_not_fire(text):
    assert spans(run("a.md", text + "\n")) == []


def test_code_in_html_is_seen_through_the_raw_source():
    html = ("<html><body><ul>\n<li><code>quarter_end(\"2021-Q1\")</code> returns 31 March 2021.</li>\n"
            "<li>Join us on 12 May 2025.</li>\n</ul></body></html>\n")
    assert [(s[0], s[1], s[4]) for s in spans(run("a.html", html))] == [("date/past-event", 3, "12 May 2025")]


def test_an_announcement_about_code_is_still_an_announcement():
    text = "The `v1` export endpoint will be retired on 30 June 2025; move to `v2`.\n"
    f = only(run("a.md", text), "date/past-event")
    assert (f.line, f.column, f.excerpt) == (1, col(text, 1, "30 June"), "30 June 2025")


def test_promo_code_in_inline_code_is_still_an_offer():
    text = "Use code `WINTER25` at checkout: offer ends 31 March 2025.\n"
    f = only(run("a.md", text), "date/expired-deadline")
    assert f.excerpt == "31 March 2025"


def test_release_notes_are_history():
    text = ("# Changelog\n\n## [3.3.0] - 2025-06-02\n\n### Changed\n\n"
            "- Timestamps before 1970-01-01 are now rejected.\n"
            "- Weekly digests will be sent on Mondays from 16 June 2025.\n"
            "- Imported upstream changes as of Aug 15, 2016.\n\n"
            "## Patch 1.4.0 (December 2, 2024)\n\n- Co-op mode will arrive in Q1 2025.\n")
    assert spans(run("CHANGELOG.md", text)) == []


def test_release_heading_in_plain_text_underlined():
    text = "NEWS\n\nIDLEfork 0.7.1 - 29 May 2000\n-----------------------------\n\nupdated as of 2000-03-09.\n"
    assert spans(run("NEWS.txt", text)) == []


def test_a_page_that_is_not_release_notes_still_fires():
    text = "# 1.5 million meals served\n\nJoin us on 12 May 2025 to celebrate.\n"
    f = only(run("a.md", text), "date/past-event")
    assert (f.line, f.column, f.excerpt) == (3, col(text, 3, "12 May"), "12 May 2025")


def test_post_with_code_return_value_does_not_fire():
    text = ("- scheduled: 2026-12-07T08:00:00Z\n"
            "  message: \"Fixed: `month_end('2026-11')` now returns 30 November 2026.\"\n")
    assert spans(run("q.yaml", text), "date/past-event") == []


@pytest.mark.parametrize("key", ["last_modified_at", "modified_at", "updatedAt", "date_modified"])
def test_metadata_modified_key_spellings(key):
    text = f"---\ntitle: x\n{key}: 2023-04-02\n---\n\nHello.\n"
    f = only(run("a.md", text), "date/review-due")
    assert (f.line, f.column, f.excerpt) == (3, len(key) + 3, "2023-04-02")


# --------------------------------------------------------------------------- second held-out round

def test_deadline_in_a_markdown_table_cell():
    """A short trigger in one cell and its date in the next: "| Camera-ready due | 10 April 2026 |"."""
    f = only(run("cfp.md", "| Milestone | Date |\n| --- | --- |\n| Camera-ready due | 10 April 2026 |\n"),
             "date/expired-deadline")
    assert f.excerpt == "10 April 2026"


def test_time_phrase_opening_a_sentence_mid_line():
    """"Before <date> the ... was" opening the second sentence on a line is history, like one
    opening the line; the main clause may go on after a soft line break."""
    text = ("The uniform shop is open every Thursday 3.15-4pm. Before September 2024 the school\n"
            "jumper was green; old green jumpers are still welcome.\n")
    assert spans(run("news.txt", text)) == []
    text = "The shop is open on Thursdays. Until March 2020, juniors trained at Dene Park.\n"
    assert spans(run("news.txt", text)) == []


def test_a_deadline_after_a_line_break_still_fires():
    text = "Reply slips for the trip must be returned by Friday 20 November 2026.\nLate forms cannot be accepted.\n"
    assert [f.excerpt for f in run("news.txt", text, today="2026-11-25")] == ["Friday 20 November 2026"]


def test_a_period_after_runs_from_is_judged_by_its_end():
    f = only(run("a.md", "The promotion runs from 1 October to 15 October 2025.\n", today="2026-11-25"),
             "date/past-event")
    assert f.excerpt == "1 October to 15 October 2025"
    # "from" before a single date is a start, not a deadline; a period still ahead is fine
    assert spans(run("a.md", "Vouchers are valid from 1 March 2024 at all branches.\n", today="2026-11-25")) == []
    assert spans(run("a.md", "The sale runs from 1 November 2026 to 3 January 2027.\n", today="2026-11-25")) == []


# --------------------------------------------------------------------------- review-due


def test_old_lastmod_is_info_and_does_not_fail_the_run(cg, work):
    """An old ``lastmod`` alone (letsencrypt.org had 560 of them in 19 languages) is listed
    at info as date/review-due, so the default fail-on (warning) exits 0; a config that
    gives the rule warning gates on it; an expired page still fails as date/metadata."""
    write(work / "a.md", "---\ntitle: About\nlastmod: 2024-03-04\n---\n\nBody.\n")
    run = cg("check", "a.md", "--format", "json", "--today", "2026-11-23", select="stale-date")
    assert run.rc == 0
    assert [(f["rule"], f["severity"], f["line"], f["column"]) for f in run.findings] == [
        ("date/review-due", "info", 3, 10)]
    write(work / "contentguard.toml", '[severity]\n"date/review-due" = "warning"\n')
    run = cg("check", "a.md", "--format", "json", "--today", "2026-11-23", select="stale-date")
    assert (run.rc, [f["severity"] for f in run.findings]) == (1, ["warning"])
    (work / "contentguard.toml").unlink()
    write(work / "b.md", "---\ntitle: Sale\nexpiryDate: 2025-12-26\nlastmod: 2026-11-01\n---\n\nBody.\n")
    run = cg("check", "b.md", "--format", "json", "--today", "2026-11-23", select="stale-date")
    assert run.rc == 1
    assert [(f["rule"], f["line"], f["column"]) for f in run.findings] == [("date/metadata", 3, 13)]


# --------------------------------------------------------------------------- said passed


@pytest.mark.parametrize("text", [
    # letsencrypt.org's certificate list: the page marks the validity as over
    "  * Valid until: 2020-06-04 (expired)\n",
    "Deadline: 1 May 2024 [closed]\n",
    # the plan it was, not the plan: docs.travis-ci.com's build environment notes
    "(Originally scheduled for 2015-04-09 15:00 UTC.)\n",
    # a date naming a document: digital.gov's records management pages
    "This December 23, 2022 memorandum, M-23-07, sets the rules for agencies.\n",
])
def test_a_date_the_page_says_is_gone_or_that_names_a_document(text):
    assert spans(run("a.md", text)) == []


@pytest.mark.parametrize("text,needle", [
    ("  * Valid until: 2020-06-04\n", "2020-06-04"),
    ("  * Valid until: 2020-06-04 (expires soon)\n", "2020-06-04"),
    ("The release is now scheduled for 2025-04-09 15:00 UTC; originally planned for May.\n", "2025-04-09"),
    ("We will meet on December 23, 2025 to review the memorandum.\n", "December 23, 2025"),
])
def test_look_alikes_still_fire(text, needle):
    got = spans(run("a.md", text))
    assert len(got) == 1 and got[0][1:3] == (1, col(text, 1, needle)), got
