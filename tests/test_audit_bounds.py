"""Audit bounds (issue 15): what a hostile or merely huge site cannot make the crawler do.

Each test runs ``contentguard audit`` through the CLI against a loopback server it starts
and stops (tests/siteserver.py), and failed before its change."""
from __future__ import annotations

import json
import os

from audit_helpers import db_rows, sitemapindex, urlset
from conftest import write
from test_audit import audit, findings_of, tiny  # noqa: F401 - the audit tests' fixtures


# --- robots.txt: the first 500 KiB, as RFC 9309 asks ---------------------------------------

def test_a_robots_txt_over_500_kib_is_obeyed_up_to_there(audit, tiny, work):
    """Before: a robots.txt over 512 KB was "unreachable", nothing was crawled and the run
    ended "complete", exit 0. Now its first 500 KiB are parsed; a rule after them is not."""
    head = "User-agent: *\nDisallow: /private/\n"
    pad = "# " + "x" * 97 + "\n"  # 100-byte comment lines
    body = head + pad * (600 * 1024 // len(pad)) + "Disallow: /late/\n"
    assert len(body) > 600 * 1024 and body.index("/late/") > 500 * 1024
    tiny.add("/robots.txt", body, ctype="text/plain")
    tiny.page("/", "<p>home</p>", ["/public.html", "/private/p.html", "/late/l.html"])
    tiny.page("/public.html", "<p>risk-free</p>")
    tiny.page("/private/p.html", "<p>risk-free</p>")
    tiny.page("/late/l.html", "<p>late</p>")
    r = audit(tiny.base + "/", "--db", "rb.db", "--allow-private", "--json", "rb.json")
    assert r.rc == 0, r.err
    asked = tiny.requested()
    assert "/public.html" in asked and "/late/l.html" in asked  # a rule past 500 KiB is not read
    assert "/private/p.html" not in asked
    doc = json.loads((work / "rb.json").read_text())
    assert findings_of(doc, "content/t-banned") == [(tiny.base + "/public.html", 3, 4)]
    notes = {n["url"]: n["reason"] for n in doc["summary"]["audit"]["notes"]}
    assert notes[tiny.base + "/robots.txt"].startswith("robots.txt is larger than 500 KiB: its first 500 KiB")
    assert "unreachable" not in r.out


def test_a_robots_txt_just_under_the_limit_is_read_whole(audit, tiny, work):
    """The look-alike: 499 KiB with the rule on its last line is obeyed, with no note."""
    body = "User-agent: *\n" + ("# " + "x" * 97 + "\n") * (499 * 1024 // 100) + "Disallow: /private/\n"
    assert len(body) < 500 * 1024
    tiny.add("/robots.txt", body, ctype="text/plain")
    tiny.page("/", "<p>home</p>", ["/private/p.html"])
    tiny.page("/private/p.html", "<p>risk-free</p>")
    r = audit(tiny.base + "/", "--db", "rb.db", "--allow-private")
    assert r.rc == 0, r.err
    assert "/private/p.html" not in tiny.requested()
    assert db_rows(work / "rb.db", "SELECT COUNT(*) FROM notes WHERE url LIKE '%robots.txt'") == [(0,)]


# --- audit DIR: a symlink out of the tree is skipped with a notice -------------------------------

def test_dir_audit_skips_a_symlink_out_of_the_tree_with_a_notice(audit, work, tmp_path):
    """Before: the symlink was left out silently (no notice, the editor never learnt why a
    page was missing). Now it is listed with the files not checked, with the notice
    `check` gives; its target is never read. A symlink inside the tree is read."""
    secret = write(tmp_path / "outside" / "secret.html", "<p>Mail jane.doe@gmail.com, risk-free.</p>\n")
    site = work / "public"
    write(site / "index.html", "<p>home</p>\n")
    write(site / "a.html", "<p>a risk-free page</p>\n")
    os.symlink(secret, site / "leak.html")
    os.symlink("a.html", site / "alias.html")
    r = audit("public", "--db", "d.db", "--json", "d.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "d.json").read_text())
    reason = "symlink to a file outside the checked folder (name it on the command line to check it)"
    skipped = [f for f in doc["findings"] if f["rule"] == "contentguard/skipped"]
    assert [(f["path"], f["message"]) for f in skipped] == [("public/leak.html", f"skipped: {reason}")]
    assert {"path": "public/leak.html", "reason": f"skipped: {reason}"} in doc["summary"]["files_skipped"]
    banned = sorted(p for p, _l, _c in findings_of(doc, "content/t-banned"))
    assert banned == ["public/a.html", "public/alias.html"]  # inside the tree: read
    assert "jane" not in json.dumps(doc) and not findings_of(doc, "pii/email")


# --- sitemaps: seeding bounded by the page budget ------------------------------------------

def _fan_out(tiny, sitemaps: int = 60, per: int = 2000) -> None:
    """A sitemap index fanning out to ``sitemaps`` sitemaps of ``per`` URLs each."""
    b = tiny.base
    tiny.add("/robots.txt", f"User-agent: *\nDisallow:\nSitemap: {b}/index.xml\n", ctype="text/plain")
    tiny.add("/index.xml", sitemapindex([f"{b}/sm{i}.xml" for i in range(sitemaps)]), ctype="application/xml")
    for i in range(sitemaps):
        tiny.add(f"/sm{i}.xml", urlset([f"{b}/s{i}/p{j}.html" for j in range(per)]), ctype="application/xml")
    tiny.page("/", "<p>home</p>")


def test_sitemap_seeding_stops_at_ten_times_the_page_budget(audit, tiny, work):
    """Before: every sitemap of the index was read and queued (96,001 URLs here: 48 × 2,000;
    here; 9.8 million on a real index) for --max-pages 10. Now seeding stops once the
    frontier holds 10 × --max-pages URLs, says where, and reads no further sitemap."""
    _fan_out(tiny)
    r = audit(tiny.base + "/", "--db", "sm.db", "--allow-private", "--max-pages", "10", "--json", "sm.json")
    assert r.rc == 0, r.err
    assert db_rows(work / "sm.db", "SELECT COUNT(*) FROM frontier") == [(100,)]  # the start URL and 99 seeds
    assert db_rows(work / "sm.db", "SELECT COUNT(*) FROM pages") == [(10,)]
    asked = [p for p in tiny.requested() if p.endswith(".xml")]
    assert asked == ["/index.xml", "/sitemap.xml", "/sm0.xml"]  # sm1.xml to sm59.xml: never fetched
    doc = json.loads((work / "sm.json").read_text())
    notes = {n["url"]: n["reason"] for n in doc["summary"]["audit"]["notes"]}
    assert notes[tiny.base + "/sm0.xml"] == ("sitemap seeding stopped at 100 URLs (10 × --max-pages): the rest of "
                                             "the sitemaps is not read (--resume reads on)")
    assert db_rows(work / "sm.db", "SELECT status FROM runs") == [("incomplete",)]
    # --resume reads the sitemaps on, bounded by its own budget
    r = audit(tiny.base + "/", "--db", "sm.db", "--allow-private", "--resume", "--max-pages", "30",
              "--json", "sm2.json")
    assert r.rc == 0, r.err
    assert db_rows(work / "sm.db", "SELECT COUNT(*) FROM frontier") == [(300,)]
    assert db_rows(work / "sm.db", "SELECT COUNT(*) FROM pages") == [(30,)]
    reasons = [n["reason"] for n in json.loads((work / "sm2.json").read_text())["summary"]["audit"]["notes"]]
    assert [x for x in reasons if x.startswith("sitemap seeding")] == [
        "sitemap seeding stopped at 300 URLs (10 × --max-pages): the rest of the sitemaps is not read "
        "(--resume reads on)"]


def test_a_sitemap_within_the_bound_is_read_whole(audit, tiny, work):
    """The look-alike: 3 sitemaps of 20 URLs under a budget of 10 (cap 100) are all read,
    with no note."""
    _fan_out(tiny, sitemaps=3, per=20)
    r = audit(tiny.base + "/", "--db", "ok.db", "--allow-private", "--max-pages", "10")
    assert r.rc == 0, r.err
    assert db_rows(work / "ok.db", "SELECT COUNT(*) FROM frontier") == [(61,)]
    assert db_rows(work / "ok.db", "SELECT COUNT(*) FROM notes WHERE reason LIKE 'sitemap seeding%'") == [(0,)]


# --- sitemaps: a DOCTYPE is refused whatever the encoding -------------------------------------

def _entity_sitemap(tiny, path: str) -> str:
    """A sitemap whose one <loc> is an entity declared in its DOCTYPE (the route to a
    billion-laughs bomb or an external entity), as text."""
    return ('<?xml version="1.0" encoding="{enc}"?>\n'
            f'<!DOCTYPE urlset [<!ENTITY page "{tiny.base}{path}">]>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&page;</loc></url></urlset>\n')


def test_sitemap_doctype_is_refused_in_any_encoding(audit, tiny, work):
    """Before: the DOCTYPE test looked for ASCII bytes, so a UTF-16 sitemap's entities were
    expanded and its URLs crawled. Now expat decodes first and the DOCTYPE is refused in
    UTF-16 with and without a BOM (little and big endian) and UTF-8 with a BOM; a UTF-16
    sitemap without a DOCTYPE is still read."""
    b = tiny.base
    variants = {
        "/u16bom.xml": _entity_sitemap(tiny, "/e1.html").format(enc="UTF-16").encode("utf-16"),
        "/u16le.xml": _entity_sitemap(tiny, "/e2.html").format(enc="UTF-16").encode("utf-16-le"),
        "/u16be.xml": _entity_sitemap(tiny, "/e3.html").format(enc="UTF-16").encode("utf-16-be"),
        "/u8bom.xml": b"\xef\xbb\xbf" + _entity_sitemap(tiny, "/e4.html").format(enc="UTF-8").encode("utf-8"),
    }
    plain = urlset([f"{b}/fine.html"]).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    robots = "User-agent: *\nDisallow:\n" + "".join(f"Sitemap: {b}{p}\n" for p in [*variants, "/plain.xml"])
    tiny.add("/robots.txt", robots, ctype="text/plain")
    for p, data in variants.items():
        tiny.add(p, data, ctype="application/xml")
    tiny.add("/plain.xml", plain, ctype="application/xml")
    tiny.page("/", "<p>home</p>")
    for i in range(1, 5):
        tiny.page(f"/e{i}.html", "<p>risk-free</p>")
    tiny.page("/fine.html", "<p>a risk-free page</p>")
    r = audit(b + "/", "--db", "dt.db", "--allow-private", "--json", "dt.json")
    assert r.rc == 0, r.err
    asked = tiny.requested()
    assert "/fine.html" in asked
    assert not [p for p in asked if p.startswith("/e")]
    doc = json.loads((work / "dt.json").read_text())
    notes = {n["url"]: n["reason"] for n in doc["summary"]["audit"]["notes"]}
    for p in variants:
        assert notes[b + p] == "broken sitemap: has a DOCTYPE or entity declarations (refused)", p
    assert b + "/plain.xml" not in notes
    assert findings_of(doc, "content/t-banned") == [(b + "/fine.html", 3, 6)]


# --- a page's time budget across redirects and retries ----------------------------------------

def _slow_chain(tiny, hops: int, sleep: float = 0.3) -> None:
    for i in range(hops):
        nxt = f"/r{i + 1}.html" if i + 1 < hops else "/final.html"
        tiny.add(f"/r{i}.html", "", status=302, headers={"Location": nxt}, sleep=sleep)
    tiny.page("/final.html", "<p>a risk-free page</p>")


def test_a_slow_redirect_chain_ends_at_the_page_budget(audit, tiny, work):
    """Before: 20 slow hops were followed to the end (6 s here, 40 s on the issue's site)
    and a page had no overall bound. Now the page's budget (--page-timeout, default 3 ×
    the request timeout) ends it with a verdict naming the budget."""
    _slow_chain(tiny, 20)
    tiny.page("/", "<p>home</p>", ["/r0.html"])
    r = audit(tiny.base + "/", "--db", "pt.db", "--allow-private", "--timeout", "2", "--page-timeout", "1.5")
    assert r.rc == 0, r.err
    (error,) = [e for (e,) in db_rows(work / "pt.db", "SELECT error FROM pages WHERE url LIKE '%/r0.html'")]
    assert error.startswith("timed out: the page's time budget (1.5 s, --page-timeout) ran out after "), error
    assert "/final.html" not in tiny.requested()
    # the default is 3 × --timeout: 3 s for --timeout 1
    tiny.reset()
    r = audit(tiny.base + "/", "--db", "pt2.db", "--allow-private", "--timeout", "1")
    (error,) = [e for (e,) in db_rows(work / "pt2.db", "SELECT error FROM pages WHERE url LIKE '%/r0.html'")]
    assert error.startswith("timed out: the page's time budget (3 s, --page-timeout)"), error
    assert "/final.html" not in tiny.requested()


def test_retries_share_the_page_budget(audit, tiny, work):
    """Before: six attempts, each after a Retry-After wait, ended in "HTTP 503" after 5 s
    and more. Now the retries stop when the page's budget is spent."""
    write(work / "contentguard.toml", "[links]\nretries = 5\n")
    tiny.page("/", "<p>home</p>", ["/busy.html"])
    tiny.add("/busy.html", "<p>busy</p>", status=503, headers={"Retry-After": "1"})
    r = audit(tiny.base + "/", "--db", "rt.db", "--allow-private", "--page-timeout", "1.5")
    assert r.rc == 0, r.err
    (error,) = [e for (e,) in db_rows(work / "rt.db", "SELECT error FROM pages WHERE url LIKE '%/busy.html'")]
    assert error.startswith("timed out: the page's time budget (1.5 s, --page-timeout) ran out after "), error
    assert error.endswith("and 0 redirects; not checked")
    assert 1 <= tiny.requested().count("/busy.html") <= 3


def test_short_chains_and_politeness_waits_stay_within_the_budget(audit, tiny, work):
    """The look-alikes: three quick hops are followed and the page checked; waiting for
    --delay between requests to the host is not the page's time (0.8 s each against a
    budget of 0.5 s), so every page is checked."""
    _slow_chain(tiny, 3, sleep=0.0)
    tiny.page("/", "<p>home</p>", ["/r0.html", "/a.html", "/b.html"])
    tiny.page("/a.html", "<p>a</p>")
    tiny.page("/b.html", "<p>b</p>")
    r = audit(tiny.base + "/", "--db", "ok.db", "--allow-private", "--delay", "0.8", "--concurrency", "1",
              "--page-timeout", "0.5")
    assert r.rc == 0, r.err
    errors = {u.rsplit("/", 1)[-1]: e for u, e in db_rows(work / "ok.db", "SELECT url, error FROM pages")}
    assert {"", "r0.html", "final.html", "a.html", "b.html"} <= set(errors)
    assert set(errors.values()) == {None}, errors
