"""Publication dates and the archive rule: a dated document is judged at its publication
date, an archived one reports its history at info under date/archived, standing pages keep
today's behaviour, posts of a queue keep their scheduled time."""
from __future__ import annotations

import datetime as dt

import pytest

from checkhelpers import col, findings_of, spans
from contentguard.checks.dates import CHECK
from contentguard.checks.dates.published import publication_date
from contentguard.config import validate
from contentguard.engine import make_context
from contentguard.sources import parse

TODAY = "2026-11-23"
LANGS = ("en", "ar")


def run(name: str, text: str, today: str = TODAY, **options):
    cfg = validate({"dates": {k.replace("_", "-"): v for k, v in options.items()}}, "test")
    ctx = make_context(config=cfg, today=today)
    return findings_of(CHECK, ctx, name, text)


def pub_of(name: str, text: str, htmldate: str = "never"):
    doc = parse(name, text).documents[0]
    return publication_date(doc, LANGS, htmldate)


# --------------------------------------------------------------------------- the reader

@pytest.mark.parametrize("key", ["date", "published", "pubDate", "publishDate", "created",
                                 "published_at", "datePublished"])
def test_front_matter_keys(key):
    text = f"---\ntitle: x\n{key}: 2019-10-15\n---\n\nBody.\n"
    p = pub_of("blog/a.md", text)
    assert p.date == dt.date(2019, 10, 15) and p.source == f"front matter '{key}'"
    assert text[p.start:p.end] == "2019-10-15"  # the value as written
    assert p.dated  # a blog folder: an article


def test_toml_front_matter_zola():
    text = '+++\ntitle = "Release"\ndate = 2019-08-15 # date of the post\n+++\n\nBody.\n'
    p = pub_of("content/blog/release.md", text)
    assert p.date == dt.date(2019, 8, 15) and text[p.start:p.end] == "2019-08-15"


def test_zola_path_front_matter():
    text = '+++\ntitle = "x"\npath = "2019/10/15/moving-house"\n+++\n\nBody.\n'
    p = pub_of("content/moving.md", text)
    assert (p.date, p.source, p.dated) == (dt.date(2019, 10, 15), "front matter 'path'", True)


@pytest.mark.parametrize("path, day, source", [
    ("_posts/2014-03-27-title.md", dt.date(2014, 3, 27), "file name"),
    ("content/en/post/2017-1-6-le-2016-in-review.markdown", dt.date(2017, 1, 6), "file name"),
    ("site/2019/10/15/index.html", dt.date(2019, 10, 15), "path"),
    ("https://example.org/2019/10/15/moving-house/", dt.date(2019, 10, 15), "path"),
])
def test_file_name_and_path(path, day, source):
    text = "<p>Body.</p>\n" if path.endswith((".html", "/")) else "Body.\n"
    p = pub_of(path if not path.endswith("/") else path + "index.html", text)
    assert (p.date, p.source, p.dated) == (day, source, True)


@pytest.mark.parametrize("path", ["docs/v2019-10-15.md", "data/2019-13-45-x.md", "docs/page.md",
                                  "releases/1.2.3-notes.md"])
def test_no_date_in_path(path):
    assert pub_of(path, "Body.\n") is None


def test_html_meta_json_ld_time_itemprop():
    head = '<html><head><meta property="article:published_time" content="2021-03-04T10:00:00Z"></head>'
    p = pub_of("news/a.html", head + "<body><p>x</p></body></html>\n")
    assert (p.date, p.source, p.dated) == (dt.date(2021, 3, 4), "<meta article:published_time>", True)
    # article metadata alone, outside a news/blog folder, is no evidence of an article
    assert not pub_of("exhibitions.html", head + "<body><p>x</p></body></html>\n").dated
    ld = ('<html><head><script type="application/ld+json">{"@type": "BlogPosting", '
          '"datePublished": "2020-05-06"}</script></head><body><p>x</p></body></html>\n')
    assert pub_of("blog/a.html", ld).date == dt.date(2020, 5, 6)
    src = '<html><body><article><time pubdate datetime="2018-02-03">3 Feb</time><p>x</p></article></body></html>\n'
    p = pub_of("page.html", src)
    assert (p.date, p.source, p.dated) == (dt.date(2018, 2, 3), "<time pubdate>", True)
    assert src[p.start:p.end] == "2018-02-03"
    src = '<html><body><span itemprop="datePublished" content="2017-07-08">July</span></body></html>\n'
    assert pub_of("page.html", src).source == "itemprop datePublished"
    # a plain <time> is an event's time, not the page's publication date
    assert pub_of("page.html", '<html><body><time datetime="2018-02-03">x</time></body></html>\n') is None


def test_htmldate_only_when_asked():
    pytest.importorskip("htmldate", reason="htmldate not installed: run scripts/setup.sh (a declared dependency)")
    src = ('<html><head><meta name="dcterms.created" content="x"></head><body>'
           '<div class="entry-date">Posted on 12 March 2019</div><p>Body text.</p></body></html>\n')
    assert pub_of("page.html", src, htmldate="never") is None
    p = pub_of("page.html", src, htmldate="always")
    assert p is not None and p.source == "htmldate" and p.date == dt.date(2019, 3, 12)
    assert not p.dated  # found by heuristics, outside a news/blog folder: judged as a standing page


def test_posts_of_a_queue_have_none():
    q = "posts:\n  - text: Sale ends 30 November\n    scheduled_at: 2026-12-02T09:00:00Z\n"
    assert publication_date(parse("queue.yaml", q).documents[0], LANGS) is None


def test_modification_date_is_read():
    text = "---\ndate: 2020-11-06\nlastmod: 2023-07-10\n---\n\nBody.\n"
    p = pub_of("post/a.md", text)
    assert (p.date, p.modified, p.latest) == (dt.date(2020, 11, 6), dt.date(2023, 7, 10), dt.date(2023, 7, 10))


# --------------------------------------------------------------------------- the judgement

POST = ("---\ntitle: Spring intake\ndate: 2025-03-25\n---\n\n"
        "Apply by 10 April 2025 to join the spring cohort.\n"  # line 6
        "The call ran from January through March 2024, before this post.\n"
        "Last updated 2 April 2025.\n")  # line 8


def test_archived_post_reports_history_at_info_only():
    got = run("blog/2025-03-25-intake.md", POST)
    assert spans(got) == [("date/archived", 6, 10, 23, "10 April 2025"),
                          ("date/archived", 8, 14, 26, "2 April 2025")]
    assert {f.severity for f in got} == {"info"}
    assert "published on 2025-03-25 (front matter 'date')" in got[0].message
    assert "archive-after-days 90" in got[0].message


def test_same_statement_on_a_standing_page_still_fires():
    body = POST.split("---\n\n", 1)[1]
    got = run("about/intake.md", body)
    assert spans(got) == [("date/expired-deadline", 1, 10, 23, "10 April 2025"),
                          ("date/review-due", 3, 14, 26, "2 April 2025")]


def test_young_dated_post_keeps_its_deadline():
    """A post from last week whose offer has ended still matters."""
    text = "---\ndate: 2026-11-10\n---\n\nThe offer ends 20 November 2026.\n"
    got = run("blog/offer.md", text)
    assert spans(got) == [("date/expired-deadline", 5, 16, 32, "20 November 2026")]
    assert got[0].severity == "error" and "published on 2026-11-10" in got[0].message
    # ... and is archived once older than archive-after-days
    assert spans(run("blog/offer.md", text, archive_after_days=5))[0][0] == "date/archived"


def test_already_past_when_published_is_history():
    text = "---\ndate: 2025-04-01\n---\n\nVendor applications are due March 15, 2025.\n"
    assert run("news/market.md", text) == []
    assert spans(run("market.md", text))[0][:2] == ("date/expired-deadline", 5)  # standing page


def test_revision_note_in_young_dated_page_is_not_a_stale_update():
    text = "---\ndate: 2026-10-01\n---\n\nUpdated 3 January 2025: usage as of 31 December 2024.\n"
    assert run("blog/usage.md", text) == []


def test_archive_rule_can_be_selected_alone():
    cfg = validate({}, "test")
    ctx = make_context(config=cfg, today=TODAY, select=["date/archived"])
    got = findings_of(CHECK, ctx, "blog/2025-03-25-intake.md", POST)
    assert [f.rule for f in got] == ["date/archived", "date/archived"]
    ctx = make_context(config=cfg, today=TODAY, ignore=["date/archived"])
    assert findings_of(CHECK, ctx, "blog/2025-03-25-intake.md", POST) == []


def test_posts_in_queues_are_judged_at_their_scheduled_time():
    q = ("posts:\n  - text: \"Sale ends 30 November 2026\"\n"
         "    scheduled_at: 2026-12-02T09:00:00Z\n")
    got = run("blog/queue.yaml", q, today="2026-11-01")
    assert [f.rule for f in got] == ["date/expired-deadline"]


def test_a_dated_file_name_makes_an_article_even_when_front_matter_dates_it():
    """docs.travis-ci.com's user/build-environment-updates/2015-04-09.md has ``date:
    2015-04-09`` too: the front matter's date alone says "standing page", the file name says
    "article". Its rescheduled date was ahead at publication: history, date/archived."""
    text = ("---\ntitle: Build Environment Update History\ndate: 2015-04-09\n---\n\n"
            "The update will take place on 2015-04-27 15:00 UTC.\n")
    got = spans(run("user/build-environment-updates/2015-04-09.md", text))
    assert [g[:3] for g in got] == [("date/archived", 6, 31)]
    # the same page without a date in its name is a standing page, judged today
    got = spans(run("user/build-environment-updates/history.md", text))
    assert [g[:3] for g in got] == [("date/past-event", 6, 31)]


LISTING = """<html><body><main>
<a href="/2025/08/14/ct-logs-eol.html"><time>August 14, 2025</time><h3>End of Life Plan for CT Logs</h3>
<div>Our CT logs will go read-only on November 30, 2025, and shut down on February 28, 2026.</div></a>
<a href="/2015/11/12/public-beta.html"><time datetime="2015-11-12">12 Nov</time><h3>Public Beta</h3>
<div>Let's Encrypt will enter Public Beta on December 3rd, 2015.</div></a>
</main></body></html>
"""


def test_a_listing_pages_teasers_are_their_posts_history():
    """letsencrypt.org's /blog/ as Hugo builds it: each post's <time>, title and summary.
    A summary's dates were still ahead when its post came out: date/archived, at info."""
    got = spans(run("blog/index.html", LISTING, today="2026-12-06"))
    assert [g[:3] for g in got] == [("date/archived", 3, col(LISTING, 3, "November 30, 2025")),
                                    ("date/archived", 3, col(LISTING, 3, "February 28, 2026")),
                                    ("date/archived", 5, col(LISTING, 5, "December 3rd, 2015"))]


def test_a_snapshot_in_a_teaser_is_its_posts_history_whatever_its_date():
    """letsencrypt.org's /blog/: "As of the end of July 2018, ..." under "August 6, 2018":
    the post's snapshot (an update statement, read through the noun "the end of"), history
    at info, not a deadline that has passed."""
    page = ("<main><a href='/2018/08/06/trusted.html'><time>August 6, 2018</time><h3>Root Trusted</h3>\n"
            "<div>As of the end of July 2018, the root is directly trusted by Microsoft products.</div></a>\n"
            "<a href='/2018/03/13/wildcard.html'><time>March 13, 2018</time><h3>Wildcards</h3></a></main>\n")
    got = spans(run("blog/index.html", page, today="2026-12-06"))
    assert [g[:3] for g in got] == [("date/archived", 2, col(page, 2, "July 2018"))]
    # the same words on a standing page: a stale snapshot, not an expired deadline
    text = "As of the end of July 2018, the root is directly trusted by Microsoft products.\n"
    assert [g[:3] for g in spans(run("about.md", text, today="2026-12-06"))] == \
        [("date/stale-update", 1, col(text, 1, "July 2018"))]
    # "the end of" after a deadline's short word, or after a verb far before it: still a deadline
    for text in ("Apply by the end of March 2025 to join.\n",
                 "We are planning to end the support of the 2.2 series at the end of\nMarch 2025.\n"):
        got = spans(run("about.md", text, today="2026-12-06"))
        assert [g[0] for g in got] == ["date/expired-deadline"], text


@pytest.mark.parametrize("page,needle", [
    # an events list: the <time> is the event's own date, not a publication
    ("<ul><li><time>12 May 2025</time> Spring fair. Join us on 12 May 2025.</li>\n"
     "<li><time>3 June 2025</time> Summer fair. Join us on 3 June 2025.</li></ul>\n", "12 May 2025."),
    # a deadline before its <time>: what was due before the event, not a post's history
    ("<ul><li><time>12 May 2025</time> Spring fair: registration closes 1 May 2025.</li>\n"
     "<li><time>3 June 2025</time> Summer fair.</li></ul>\n", "1 May 2025"),
    # one <time> on the page: no listing
    ("<p><time>August 14, 2025</time></p><p>Join us on November 30, 2025 for the launch.</p>\n",
     "November 30, 2025"),
])
def test_look_alikes_of_a_listing_keep_todays_judgement(page, needle):
    html = "<html><body>\n" + page + "</body></html>\n"
    got = [g for g in spans(run("events/index.html", html, today="2026-12-06"))
           if g[0] in ("date/past-event", "date/expired-deadline")]
    line = next(i for i, x in enumerate(html.split("\n"), 1) if needle in x)
    assert [g[1:3] for g in got][:1] == [(line, col(html, line, needle))]
