"""Post schedules as schedulers export them, through the CLI: Hootsuite's, Sprout Social's,
Buffer's and Later's column names, ``dates.date-order`` for numeric day/month schedules
(and a header that spells its format), a queue with no schedule column saying so, and a
post scheduled earlier today being in the past."""
from __future__ import annotations

import datetime as dt

from conftest import write

TODAY = "2026-11-20"
SEL = "date,contentguard,pii/email"

HOOTSUITE = """\
Date and Time,Message,Link
11/12/2026 09:00,"Our winter sale starts now!",https://example.org/sale
"""


def _got(r):
    return [(f["rule"], f["line"], f["column"], f["end_column"]) for f in r.findings]


def test_hootsuite_export_follows_date_order(cg, work):
    write(work / "hoot.csv", HOOTSUITE)
    # DMY (the default): 11 December 2026, after the reference date: nothing to say
    r = cg("check", "--format", "json", "--today", TODAY, "hoot.csv", select=SEL)
    assert r.findings == [] and r.rc == 0
    # a US export: MDY in config makes it 12 November, before the reference date
    write(work / "contentguard.toml", '[dates]\ndate-order = "MDY"\n')
    r = cg("check", "--format", "json", "--today", TODAY, "hoot.csv", select=SEL)
    assert _got(r) == [("date/scheduled-past", 2, 1, 17)]
    assert r.findings[0]["message"].startswith(
        "Post is scheduled for 11/12/2026 09:00 (read as 12 November 2026), before the reference date 2026-11-20")
    assert r.rc == 1


def test_a_header_that_spells_its_format_wins(cg, work):
    write(work / "hoot.csv", "Date and Time (mm/dd/yyyy hh:mm),Message\n"
                             "11/12/2026 9:00 AM,Winter sale\n"
                             "12/25/2025 18:00,Merry Christmas\n")  # only one reading: 25 December
    r = cg("check", "--format", "json", "--today", TODAY, "hoot.csv", select=SEL)
    assert _got(r) == [("date/scheduled-past", 2, 1, 19), ("date/scheduled-past", 3, 1, 17)]
    assert "(read as 12 November 2026)" in r.findings[0]["message"]
    assert "(read as 25 December 2025)" in r.findings[1]["message"]


def test_sprout_buffer_and_later_column_names(cg, work):
    write(work / "sprout.csv", "date,time_24hr,message_text,link\n"
                               "01/11/2026,09:00,Write to jane.doe@gmail.com for the sale,https://example.org\n")
    write(work / "buffer.csv", "Text,Image URL,Tags,Posting Time\n"
                               "Winter sale now,,sale,2026-11-01 10:00\n")
    write(work / "later.csv", "Caption,Scheduled Time\n"
                              "Winter sale now,2026-11-02 10:00\n")
    r = cg("check", "--format", "json", "--today", TODAY, ".", select=SEL)
    assert sorted((f["path"], f["rule"], f["line"], f["column"]) for f in r.findings) == [
        ("buffer.csv", "date/scheduled-past", 2, 23),
        ("later.csv", "date/scheduled-past", 2, 17),
        ("sprout.csv", "date/scheduled-past", 2, 1),
        ("sprout.csv", "pii/email", 2, 27),  # message_text is the post's text, positions exact
    ]


def test_a_queue_without_a_schedule_column_says_so(cg, work):
    write(work / "q.csv", "Text,Image URL\nWinter sale now,\n")
    r = cg("check", "--format", "json", "--today", TODAY, "q.csv", select=SEL)
    assert _got(r) == [("contentguard/notice", 1, 1, 1)]
    assert r.findings[0]["message"].startswith("no schedule column found")
    write(work / "q.csv", "Text,Posting Time\nWinter sale now,2026-12-01 10:00\n")  # the look-alike
    r = cg("check", "--format", "json", "--today", TODAY, "q.csv", select=SEL)
    assert r.findings == []


def test_a_post_scheduled_earlier_today_is_in_the_past(cg, work):
    now = dt.datetime.now()
    earlier, later = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    fmt = "%Y-%m-%d %H:%M"
    write(work / "q.yaml", f"- text: Sale ends tonight\n  scheduled_at: {earlier.strftime(fmt)}\n"
                           f"- text: Sale ends tonight\n  scheduled_at: {later.strftime(fmt)}\n")
    r = cg("check", "--format", "json", "q.yaml", select=SEL)  # today: the real date
    assert _got(r) == [("date/scheduled-past", 2, 17, 33)]
    if earlier.date() == now.date():
        assert "earlier today, before now" in r.findings[0]["message"]


def test_scheduled_before_now():
    from contentguard.sources.posts import scheduled_before_now

    now = dt.datetime(2026, 11, 20, 15, 0).astimezone()
    today = now.date()
    assert scheduled_before_now(dt.datetime(2026, 11, 20, 9, 0), today, now)
    assert not scheduled_before_now(dt.datetime(2026, 11, 20, 16, 0), today, now)
    assert not scheduled_before_now(dt.datetime(2026, 11, 20, 9, 0), dt.date(2026, 11, 19), now)
    assert not scheduled_before_now(dt.date(2026, 11, 20), today, now)  # a date alone: the whole day


def test_a_site_data_file_whose_post_field_is_a_link_is_no_queue(cg, work):
    """www.ruby-lang.org's _data/releases.yml (Jekyll): each release's ``date:`` and the
    path of its news ``post:``. Read as a queue it made 245 date/scheduled-past errors; a
    post's text is something to say, not one link. The summary lists it as skipped."""
    write(work / "_data/releases.yml",
          "# releases\n\n- version: 4.0.6\n  date: 2026-07-14\n  post: /en/news/2026/07/14/ruby-4-0-6-released/\n"
          "  url:\n    gz: https://cache.ruby-lang.org/pub/ruby/4.0/ruby-4.0.6.tar.gz\n"
          "- version: 4.0.5\n  date: 2026-05-20\n  post: https://www.ruby-lang.org/en/news/2026/05/20/\n")
    r = cg("check", "--format", "json", "--today", TODAY, "_data/releases.yml", select=SEL)
    assert r.findings == [] and r.rc == 0
    assert [s["path"] for s in r.json()["summary"]["files_skipped"]] == ["_data/releases.yml"]
    # a post's text is its text whatever it holds: a queue whose "text" is a bare link, and
    # one with a "Post" that says something beside one that is a link, are queues
    write(work / "queue.yml", "- text: https://example.org/launch\n  scheduled_at: 2026-11-01 09:00\n")
    r = cg("check", "--format", "json", "--today", TODAY, "queue.yml", select=SEL)
    assert _got(r) == [("date/scheduled-past", 2, 17, 33)]
    write(work / "queue.yml", "- Post: /en/news/launch/\n  Date: 2026-11-01\n"
                              "- Post: Our winter sale starts now!\n  Date: 2026-11-02\n")
    r = cg("check", "--format", "json", "--today", TODAY, "queue.yml", select=SEL)
    assert [f[:2] for f in _got(r)] == [("date/scheduled-past", 2), ("date/scheduled-past", 4)]
