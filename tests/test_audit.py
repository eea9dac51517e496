"""Audit mode: crawl a loopback site, find planted findings at the right page and position;
robots.txt, sitemaps, scope, budget, depth, the private-address guard, bad sites,
resume after an interruption, comparison between runs, folder audits.

Every server here is started by the test on 127.0.0.1 and stopped after it."""
from __future__ import annotations

import json
import os
import signal
import time

import pytest

from audit_helpers import (SiteServer, TinySite, cg_subprocess, db_rows, gz, result_of, sitemapindex,
                           urlset)
from conftest import write

TODAY = "2026-11-23"
SEL = "content/t-banned,content/t-swap,date/expired-deadline,pii/email,link,contentguard"


@pytest.fixture
def audit(cg, work):
    """Run ``contentguard audit`` in-process with the test pack: audit("URL", "--db", ...) -> Run."""
    pack = str(work.parent / "pack.yaml")

    def run(*argv: str, select: str | None = SEL, jobs: str = "1"):
        args = ["audit", *argv, "--rules", pack, "--today", TODAY, "--fail-on", "never"]
        if select:
            args += ["--select", select]
        if "--jobs" not in argv and "-j" not in argv:
            args += ["--jobs", jobs]
        return cg(*args, pack_=False, select=None)

    return run


@pytest.fixture
def tiny():
    s = TinySite()
    yield s
    s.stop()


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of ``needle`` in ``text`` (the raw page source)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def findings_of(run_json: dict, rule: str | None = None) -> list[tuple]:
    return [(f["path"], f["line"], f["column"]) for f in run_json["findings"] if rule is None or f["rule"] == rule]


# --- planted findings on the link bench ------------------------------------------------

PAGE_A = """<!DOCTYPE html>
<html><head><title>Offers</title></head>
<body>
<h1>Spring offers</h1>
<p>Our plan is risk-free for every member.</p>
<p>Offer ends 31 March 2024, so hurry.</p>
<a href="b/c.html">contact</a>
</body></html>
"""
PAGE_C = """<!DOCTYPE html>
<html><head><title>Contact</title></head>
<body>
<p>Write to our volunteer at jane.doe@gmail.com with your e-mail questions.</p>
<a href="../index.html">home</a> <a href="../gone.html">old page</a>
</body></html>
"""
INDEX = """<!DOCTYPE html>
<html><head><title>Home</title></head>
<body>
<p>Welcome.</p>
<a href="a.html">offers</a>
<a href="/site/a.html#top">offers again</a>
<a href="mailto:info@example.org">mail</a>
</body></html>
"""


@pytest.fixture
def bench_site(tmp_path):
    root = tmp_path / "www"
    write(root / "index.html", INDEX)
    write(root / "a.html", PAGE_A)
    write(root / "b" / "c.html", PAGE_C)
    site = SiteServer(root=root)
    yield site
    site.stop()


def test_planted_findings_at_the_right_page_and_position(audit, bench_site, work):
    base = f"{bench_site.base}/site/"
    r = audit(base + "index.html", "--db", "a.db", "--allow-private", "--json", "out.json",
              "--csv", "out.csv", "--html", "out.html")
    assert r.rc == 0, r.err
    doc = json.loads((work / "out.json").read_text())
    a, c, idx = base + "a.html", base + "b/c.html", base  # index.html is its folder's page
    assert pos(PAGE_A, "risk-free") == (5, 16)
    assert (a, 5, 16) in findings_of(doc, "content/t-banned")
    assert (a, *pos(PAGE_A, "31 March 2024")) in findings_of(doc, "date/expired-deadline")
    assert (c, *pos(PAGE_C, "jane.doe@gmail.com")) in findings_of(doc, "pii/email")
    assert (c, *pos(PAGE_C, "e-mail")) in findings_of(doc, "content/t-swap")
    # the 404 is reported where it is linked from, on the page that links it
    broken = [f for f in doc["findings"] if f["rule"] == "link/broken"]
    assert [(f["path"], f["line"], f["column"]) for f in broken] == [(c, *pos(PAGE_C, "../gone.html"))]
    assert "HTTP 404" in broken[0]["message"]
    # pages: three checked, one not (the 404), each fetched once
    pages = {p: e for p, e in db_rows(work / "a.db", "SELECT url, error FROM pages")}
    assert pages == {idx: None, a: None, c: None, base + "gone.html": "HTTP 404"}
    hits = bench_site.stats()["paths"]
    assert {p: m.get("GET") for p, m in hits.items() if p.startswith("/site/")} == {
        "/site/": 1, "/site/a.html": 1, "/site/b/c.html": 1, "/site/gone.html": 1}
    # personal data masked in every output
    for name in ("out.json", "out.csv", "out.html"):
        text = (work / name).read_text()
        assert "jane.doe@gmail.com" not in text and "j***@g***.com" in text, name
    assert "jane.doe@gmail.com" not in r.out
    summary = doc["summary"]["audit"]
    assert summary["status"] == "complete" and summary["pages"] == 4


def test_dir_audit_matches_check(audit, cg, work):
    site = work / "public"
    write(site / "index.html", INDEX)
    write(site / "a.html", PAGE_A)
    write(site / "b" / "c.html", PAGE_C)
    r = audit("public", "--db", "d.db", "--json", "dir.json")
    assert r.rc == 0, r.err
    got = {(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads((work / "dir.json").read_text())["findings"]}
    write(work / "contentguard.toml", '[links]\nsite-root = "public"\n')  # what audit DIR assumes
    chk = cg("check", "public", "--format", "json", "--today", TODAY, "--fail-on", "never", select=None)
    want = {(f["path"], f["rule"], f["line"], f["column"]) for f in chk.findings
            if f["rule"] in ("content/t-banned", "content/t-swap", "date/expired-deadline", "pii/email")
            or f["rule"].startswith("link/")}
    assert want and got == want
    r = audit("public", "--db", "d2.db", "--json", "dir2.json", "--jobs", "2")  # worker processes
    assert r.rc == 0, r.err
    assert {(f["path"], f["rule"], f["line"], f["column"])
            for f in json.loads((work / "dir2.json").read_text())["findings"]} == got


# --- the private-address guard ------------------------------------------------------------

def test_loopback_crawl_is_refused_without_allow_private(audit, tiny, work):
    tiny.page("/", "<p>hello</p>")
    r = audit(tiny.base + "/", "--db", "g.db")
    assert r.rc == 2
    assert "loopback" in r.err and "--allow-private" in r.err
    assert tiny.requested() == []
    assert db_rows(work / "g.db", "SELECT COUNT(*) FROM runs") == [(0,)]


# --- robots.txt and sitemaps ----------------------------------------------------------------

def test_robots_txt_is_respected_for_our_user_agent(audit, tiny, work):
    tiny.add("/robots.txt", "User-agent: contentguard\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n",
             ctype="text/plain")
    tiny.page("/", "<p>home</p>", ["/public.html", "/private/secret.html"])
    tiny.page("/public.html", "<p>risk-free</p>")
    tiny.page("/private/secret.html", "<p>risk-free</p>")
    r = audit(tiny.base + "/", "--db", "r.db", "--allow-private", "--json", "r.json")
    assert r.rc == 0, r.err
    assert "/private/secret.html" not in tiny.requested()
    assert "/public.html" in tiny.requested()
    doc = json.loads((work / "r.json").read_text())
    notes = {(n["url"], n["reason"]) for n in doc["summary"]["audit"]["notes"]}
    assert (tiny.base + "/private/secret.html", "disallowed by robots.txt for contentguard: not fetched") in notes
    assert findings_of(doc, "content/t-banned") == [(tiny.base + "/public.html", 3, 4)]  # <p>risk-free


def test_robots_disallow_all_is_reported_and_nothing_is_crawled(audit, tiny, work):
    tiny.add("/robots.txt", "User-agent: *\nDisallow: /\n", ctype="text/plain")
    tiny.page("/", "<p>risk-free</p>")
    r = audit(tiny.base + "/", "--db", "r.db", "--allow-private")
    assert r.rc == 0, r.err
    assert tiny.requested() == ["/robots.txt"]
    assert "robots.txt disallows everything" in r.out
    assert db_rows(work / "r.db", "SELECT status FROM runs") == [("complete",)]


def test_sitemaps_index_gzip_and_robots_lines_and_a_broken_one(audit, tiny, work):
    b = tiny.base
    tiny.add("/robots.txt", f"User-agent: *\nDisallow:\nSitemap: {b}/sitemap-index.xml\nSitemap: {b}/broken.xml\n",
             ctype="text/plain")
    tiny.add("/sitemap-index.xml", sitemapindex([f"{b}/sm1.xml.gz", f"{b}/sm2.xml"]), ctype="application/xml")
    tiny.add("/sm1.xml.gz", gz(urlset([f"{b}/orphan1.html"])), ctype="application/gzip")
    tiny.add("/sm2.xml", urlset([f"{b}/orphan2.html", "https://elsewhere.example/x.html"]), ctype="application/xml")
    tiny.add("/broken.xml", "<urlset><url><loc>oops", ctype="application/xml")
    tiny.page("/", "<p>home</p>")
    tiny.page("/orphan1.html", "<p>risk-free one</p>")
    tiny.page("/orphan2.html", "<p>risk-free two</p>")
    r = audit(b + "/", "--db", "s.db", "--allow-private", "--json", "s.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "s.json").read_text())
    assert sorted(p for p, _l, _c in findings_of(doc, "content/t-banned")) == [b + "/orphan1.html", b + "/orphan2.html"]
    notes = {n["url"]: n["reason"] for n in doc["summary"]["audit"]["notes"]}
    assert notes[b + "/broken.xml"].startswith("broken sitemap: invalid XML")
    assert "elsewhere.example" not in " ".join(tiny.requested())
    assert "/sitemap.xml" in tiny.requested()  # the default location is tried too (404: fine, no note)
    assert b + "/sitemap.xml" not in notes


# --- scope, budget, depth ------------------------------------------------------------------

def _scope_site(tiny):
    tiny.page("/docs/index.html", "<p>docs</p>", ["/docs/a.html", "/blog/b.html", "/docs/skip-me.html",
                                                 f"http://localhost:{tiny.port}/docs/other-host.html"])
    tiny.page("/docs/a.html", "<p>a</p>")
    tiny.page("/docs/skip-me.html", "<p>skip</p>")
    tiny.page("/blog/b.html", "<p>b</p>")
    tiny.page("/docs/other-host.html", "<p>c</p>")


def test_scope_host_prefix_include_exclude(audit, tiny, work):
    _scope_site(tiny)
    start = tiny.base + "/docs/index.html"
    r = audit(start, "--db", "h.db", "--allow-private", "--exclude", r"skip-me")
    assert r.rc == 0, r.err
    got = {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1] for (u,) in db_rows(work / "h.db", "SELECT url FROM pages")}
    assert got == {"docs/", "docs/a.html", "blog/b.html"}  # other host and excluded: not crawled
    r = audit(start, "--db", "p.db", "--allow-private", "--scope", "prefix")
    got = {u.rsplit("/", 2)[-2] + "/" + u.rsplit("/", 1)[-1] for (u,) in db_rows(work / "p.db", "SELECT url FROM pages")}
    assert got == {"docs/", "docs/a.html", "docs/skip-me.html"}
    r = audit(start, "--db", "i.db", "--allow-private", "--include", r"/a\.html$")
    got = {u.rsplit("/", 1)[-1] for (u,) in db_rows(work / "i.db", "SELECT url FROM pages")}
    assert got == {"", "a.html"}  # the start URL (/docs/index.html, that is /docs/) is always in


def _chain(tiny, n: int = 10):
    for i in range(n):
        tiny.page(f"/p{i}.html", f"<p>page {i} is risk-free</p>", [f"/p{i + 1}.html"] if i + 1 < n else [])


def test_page_budget_and_depth_limit(audit, tiny, work):
    _chain(tiny)
    r = audit(tiny.base + "/p0.html", "--db", "b.db", "--allow-private", "--max-pages", "3")
    assert r.rc == 0, r.err
    assert db_rows(work / "b.db", "SELECT COUNT(*) FROM pages") == [(3,)]
    assert db_rows(work / "b.db", "SELECT status FROM runs") == [("incomplete",)]
    assert "still queued (--resume to go on)" in r.out
    r = audit(tiny.base + "/p0.html", "--db", "d.db", "--allow-private", "--max-depth", "2")
    assert sorted(u.rsplit("/", 1)[-1] for (u,) in db_rows(work / "d.db", "SELECT url FROM pages")) == \
        ["p0.html", "p1.html", "p2.html"]
    assert db_rows(work / "d.db", "SELECT status FROM runs") == [("complete",)]


# --- bad sites ------------------------------------------------------------------------------

def test_bad_pages_are_reported_and_the_audit_goes_on(audit, tiny, work):
    write(work / "contentguard.toml", "[links]\nretries = 0\nmax-bytes = 100000\n")
    links = ["/slow.html", "/reset.html", "/junk.html", "/binary.html", "/huge.html", "/loop1.html",
             "/error.html", "/file", "/ok.html", "/members.html"]
    tiny.page("/", "<p>home</p>", links)
    tiny.add("/slow.html", "<p>late</p>", sleep=3)
    tiny.add("/reset.html", action="reset")
    tiny.add("/junk.html", "<<<p>>> </div></div><p class='x>risk-free in <b>broken <i>markup &bogus; <!-- unclosed")
    tiny.add("/binary.html", bytes(range(256)) * 40)
    tiny.add("/huge.html", "<p>" + "x" * 300_000 + "</p>")
    tiny.add("/loop1.html", "", status=302, headers={"Location": "/loop2.html"})
    tiny.add("/loop2.html", "", status=302, headers={"Location": "/loop1.html"})
    tiny.add("/error.html", "<p>oops</p>", status=500)
    tiny.add("/file", "%PDF-1.4", ctype="application/pdf")
    tiny.page("/ok.html", "<p>still risk-free</p>")
    tiny.add("/members.html", "<p>no bots</p>", status=403)
    r = audit(tiny.base + "/", "--db", "bad.db", "--allow-private", "--timeout", "0.5", "--json", "bad.json")
    assert r.rc == 0, r.err
    errors = {u.rsplit("/", 1)[-1]: e for u, e in db_rows(work / "bad.db", "SELECT url, error FROM pages")}
    assert errors["slow.html"].startswith("timed out")
    assert errors["reset.html"].startswith(("connection dropped", "cannot connect"))
    assert errors["binary.html"].startswith("binary body")
    assert errors["huge.html"].startswith("body larger than 100000 bytes")
    assert errors["loop1.html"].startswith("redirect loop")
    assert errors["error.html"] == "HTTP 500"
    assert errors["file"] == "not an HTML page (application/pdf)"
    assert errors["ok.html"] is None and errors[""] is None
    doc = json.loads((work / "bad.json").read_text())
    # invalid HTML is still read, as a browser would
    assert tiny.base + "/junk.html" in [p for p, _l, _c in findings_of(doc, "content/t-banned")]
    assert tiny.base + "/ok.html" in [p for p, _l, _c in findings_of(doc, "content/t-banned")]
    broken = {f["message"].split(" (")[0] for f in doc["findings"] if f["rule"] == "link/broken"}
    assert "broken link: HTTP 500" in broken
    unverified = [f["message"] for f in doc["findings"] if f["rule"] == "link/unverified"]
    assert unverified == [f"unverified: the site refuses automated checks (HTTP 403); check it in a browser "
                          f"({tiny.base}/members.html)"]
    assert "pages not checked (7)" in r.out  # the PDF was reached: a file, not a failure
    assert "linked files that are not HTML pages: 1 (reached, not read)" in r.out
    # the JSON contract is as it was: the PDF is a skipped file there, not a scanned one
    audit_sum = doc["summary"]["audit"]
    assert audit_sum["pages_not_checked"] == 8
    assert tiny.base + "/file" in [f["path"] for f in doc["summary"]["files_skipped"]]
    assert doc["summary"]["files_scanned"] == audit_sum["pages"] - 8
    assert db_rows(work / "bad.db", "SELECT status FROM runs") == [("complete",)]


def test_retry_after_is_honoured(audit, tiny, work):
    tiny.page("/", "<p>home</p>", ["/busy.html"])
    tiny.add("/busy.html", "<p>risk-free</p>", first_status=429, first_headers={"Retry-After": "1"})
    r = audit(tiny.base + "/", "--db", "ra.db", "--allow-private")
    assert r.rc == 0, r.err
    times = [t for t, p in tiny.log if p == "/busy.html"]
    assert len(times) == 2 and times[1] - times[0] >= 0.9  # waited as asked (a lower bound only)
    assert db_rows(work / "ra.db", "SELECT error FROM pages WHERE url LIKE '%busy.html'") == [(None,)]


# --- resume ----------------------------------------------------------------------------------

def _branchy(tiny, n: int = 30):
    for i in range(n):
        kids = [f"/p{j}.html" for j in (2 * i + 1, 2 * i + 2) if j < n] + ["/gone.html"] * (i == 7)
        tiny.page(f"/p{i}.html", f"<p>Item {i} is risk-free.</p>\n<p>Offer ends {1 + i % 28} March 2024.</p>", kids)


def test_budget_then_resume_equals_an_uninterrupted_audit(audit, tiny, work):
    _branchy(tiny)
    start = tiny.base + "/p0.html"
    audit(start, "--db", "full.db", "--allow-private")
    full = result_of(work / "full.db")
    assert len(full[0]) == 31 and len(full[1]) > 60
    r = audit(start, "--db", "part.db", "--allow-private", "--max-pages", "7")
    assert db_rows(work / "part.db", "SELECT status FROM runs") == [("incomplete",)]
    before = len(tiny.requested())
    r = audit(start, "--db", "part.db", "--allow-private", "--resume")
    assert r.rc == 0, r.err
    assert db_rows(work / "part.db", "SELECT id, status FROM runs") == [(1, "complete")]
    assert result_of(work / "part.db") == full
    fetched = [p for p in tiny.requested()[before:] if p.endswith(".html")]
    assert len(fetched) == len(set(fetched)) == 31 - 7  # no page fetched twice


def _processes_with(arg: str) -> list[int]:
    """Live processes whose command line holds ``arg`` (Linux /proc)."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                args = fh.read().split(b"\0")
            with open(f"/proc/{pid}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if arg.encode() in args and state != b"Z":
            out.append(int(pid))
    return out


def test_killed_audit_resumes_to_the_same_result(audit, tiny, work):
    _branchy(tiny, 40)
    start = tiny.base + "/p0.html"
    pack = str(work.parent / "pack.yaml")
    common = ["--rules", pack, "--today", TODAY, "--select", SEL, "--fail-on", "never", "--allow-private", "--quiet"]
    audit(start, "--db", "full.db", "--allow-private")
    full = result_of(work / "full.db")
    proc = cg_subprocess(["audit", start, "--db", "kill.db", "--delay", "0.1", "--concurrency", "1", *common], work)
    try:
        for _ in range(400):  # bounded: 40 s
            time.sleep(0.1)
            if (work / "kill.db").exists():
                try:
                    if db_rows(work / "kill.db", "SELECT COUNT(*) FROM pages")[0][0] >= 5:
                        break
                except Exception:
                    pass
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    # its worker processes end with it (they would otherwise wait on the task pipe for ever)
    for _ in range(100):  # bounded: 10 s
        if not _processes_with(pack):
            break
        time.sleep(0.1)
    assert not _processes_with(pack)
    n = db_rows(work / "kill.db", "SELECT COUNT(*) FROM pages")[0][0]
    assert 5 <= n < 41
    assert db_rows(work / "kill.db", "SELECT status FROM runs") == [("running",)]
    p = cg_subprocess(["audit", start, "--db", "kill.db", "--resume", *common], work)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert db_rows(work / "kill.db", "SELECT id, status FROM runs") == [(1, "complete")]
    assert result_of(work / "kill.db") == full


# --- history and comparison ------------------------------------------------------------------

def test_compare_lists_new_fixed_and_persisting(audit, tiny, work):
    tiny.page("/", "<p>home</p>", ["/a.html", "/b.html"])
    tiny.page("/a.html", "<p>This is risk-free.</p>")
    tiny.page("/b.html", "<p>Offer ends 1 March 2024.</p>")
    start = tiny.base + "/"
    audit(start, "--db", "c.db", "--allow-private")
    tiny.page("/a.html", "<p>This is safe.</p>\n<p>And guaranteed returns too.</p>")  # fixed one, new one
    r = audit(start, "--db", "c.db", "--allow-private", "--compare", "--json", "c.json", "--csv", "c.csv")
    assert r.rc == 0, r.err
    assert "1 new, 1 fixed, 1 persisting" in r.out
    assert "guaranteed returns" in r.out.split("new:")[1].split("fixed:")[0]
    assert "risk-free" in r.out.split("fixed:")[1]
    doc = json.loads((work / "c.json").read_text())
    status = {(f["rule"], f["excerpt"]): f["status"] for f in doc["findings"]}
    assert status == {("content/t-banned", "guaranteed returns"): "new",
                      ("date/expired-deadline", "1 March 2024"): "persisting"}
    assert [f["excerpt"] for f in doc["summary"]["audit"]["fixed"]] == ["risk-free"]
    assert doc["summary"]["audit"]["compare"] == {"previous_run": 1, "new": 1, "fixed": 1, "persisting": 1}
    csv_text = (work / "c.csv").read_text()
    assert ",new\n" in csv_text.replace("\r\n", "\n") and ",fixed\n" in csv_text.replace("\r\n", "\n")
    h = audit("--history", "--db", "c.db", select=None)
    assert "run   2" in h.out and "(+1 new, -1 fixed)" in h.out


def test_fingerprints_are_the_baseline_ones(audit, cg, tiny, work):
    """A finding's fingerprint in the audit database is what `baseline` would record for the page."""
    from contentguard.findings import fingerprint

    tiny.page("/", "<p>This is risk-free.</p>")
    audit(tiny.base + "/", "--db", "f.db", "--allow-private")
    (fp,) = db_rows(work / "f.db", "SELECT fingerprint FROM findings WHERE rule='content/t-banned'")[0]
    assert fp == fingerprint("content/t-banned", "risk-free", tiny.base + "/")


def test_two_audits_at_once_on_one_database(tiny, work):
    _branchy(tiny, 20)
    pack = str(work.parent / "pack.yaml")
    common = ["--db", "both.db", "--rules", pack, "--today", TODAY, "--select", SEL, "--fail-on", "never",
              "--allow-private", "--quiet"]
    procs = [cg_subprocess(["audit", tiny.base + "/p0.html", *common], work),
             cg_subprocess(["audit", tiny.base + "/p1.html", *common], work)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert db_rows(work / "both.db", "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(work / "both.db", "SELECT status FROM runs ORDER BY id") == [("complete",), ("complete",)]
    counts = dict(db_rows(work / "both.db", "SELECT target, COUNT(*) FROM pages JOIN runs ON runs.id = run_id "
                                            "GROUP BY target"))
    assert counts == {tiny.base + "/p0.html": 21, tiny.base + "/p1.html": 13}  # the pages and /gone.html


def test_progress_plain_lines_when_not_a_terminal_and_nothing_in_quiet(audit, tiny, work):
    _chain(tiny, 3)
    r = audit(tiny.base + "/p0.html", "--db", "pr.db", "--allow-private")
    assert "contentguard: audit: 3 pages, 0 queued" in r.err
    r = audit(tiny.base + "/p0.html", "--db", "pr.db", "--allow-private", "--quiet")
    assert r.err == "" and r.out == "", r.err


def test_progress_bar_on_a_terminal():
    import io

    from contentguard.audit.progress import Progress

    buf = io.StringIO()
    p = Progress(stream=buf, tty=True)
    p.update(50, 150, 12, 10_000, 50, 2.0, force=True)
    line = buf.getvalue()
    assert line.startswith("\r[######") and "50 pages · 150 queued · 12 findings · 25.0/s · ETA 00:06" in line


def test_online_links_to_other_sites_go_through_the_link_check(audit, tiny, work):
    """Links out of the audit's scope are the link check's (two-phase, finished in batches
    after the crawl); in-site links are the crawl's own. Both land at the href's position."""
    other = f"http://localhost:{tiny.port}"  # another host name: out of scope
    body = (f'<p>See <a href="{other}/missing.html">this</a> and <a href="{other}/fine.html">that</a>.</p>\n'
            f'<!-- contentguard: ignore[link/broken] -->\n<p><a href="{other}/known-gone.html">old</a></p>')
    tiny.page("/", body, ["/gone.html"])
    tiny.page("/fine.html", "<p>fine</p>")
    # --allow-private covers the audited host only: the other private host is trusted by name
    write(work / "contentguard.toml", '[links]\nallow-networks = ["127.0.0.0/8", "::1/128"]\n')
    r = audit(tiny.base + "/", "--db", "o.db", "--allow-private", "--online", "--json", "o.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "o.json").read_text())
    src = tiny.routes["/"].body.decode()
    got = sorted((f["line"], f["column"], f["message"].split(" (")[0]) for f in doc["findings"]
                 if f["rule"] == "link/broken")
    assert got == sorted([(*pos(src, f"{other}/missing.html"), "broken link: HTTP 404 Not Found"),
                          (*pos(src, "/gone.html"), "broken link: HTTP 404")])
    assert db_rows(work / "o.db", "SELECT COUNT(*) FROM pending") == [(0,)]
    assert tiny.requested().count("/fine.html") == 1  # checked once, by the link check (not a crawled page)
    assert "/known-gone.html" in tiny.requested()  # checked, broken, and suppressed by the inline comment


def test_redirects_inside_the_site(audit, tiny, work):
    """A page reached through a redirect is checked once, under its final URL; a permanent
    redirect is reported where it is linked from; an out-of-scope redirect is a reason."""
    tiny.page("/", "<p>home</p>", ["/old.html", "/new.html", "/away.html"])
    tiny.add("/old.html", "", status=301, headers={"Location": "/new.html"})
    tiny.page("/new.html", "<p>a risk-free page</p>")
    tiny.add("/away.html", "", status=302, headers={"Location": f"http://localhost:{tiny.port}/x.html"})
    r = audit(tiny.base + "/", "--db", "rd.db", "--allow-private", "--json", "rd.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "rd.json").read_text())
    assert findings_of(doc, "content/t-banned") == [(tiny.base + "/new.html", 3, 6)]
    src = tiny.routes["/"].body.decode()
    redirect = [f for f in doc["findings"] if f["rule"] == "link/redirect"]
    assert [(f["path"], f["line"], f["column"]) for f in redirect] == [(tiny.base + "/", *pos(src, "/old.html"))]
    assert redirect[0]["message"].endswith(f"update the link to {tiny.base}/new.html")
    assert tiny.requested().count("/new.html") == 1
    rows = {u.rsplit("/", 1)[-1]: (fin.rsplit("/", 1)[-1] if fin else None, e)
            for u, fin, e in db_rows(work / "rd.db", "SELECT url, final_url, error FROM pages")}
    assert rows["old.html"] == ("new.html", None) and rows["new.html"] == ("new.html", None)
    assert rows["away.html"][1] == f"redirects out of the audit's scope to http://localhost:{tiny.port}/x.html"


def test_sitemap_parsing_refuses_entities_and_caps_gzip():
    import gzip as _gzip

    from contentguard.audit.crawl import gunzip, parse_sitemap

    assert parse_sitemap(urlset(["http://a/x", "http://a/y"]).encode()) == ("urlset", ["http://a/x", "http://a/y"])
    assert parse_sitemap(sitemapindex(["http://a/s.xml"]).encode()) == ("sitemapindex", ["http://a/s.xml"])
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>'
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_sitemap(lol)
    with pytest.raises(ValueError, match="invalid XML"):
        parse_sitemap(b"<urlset><url><loc>x</url>")
    with pytest.raises(ValueError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hello</body></html>")
    bomb = _gzip.compress(b"\0" * (4 << 20))
    with pytest.raises(ValueError, match="inflates to more than"):
        gunzip(bomb, 1 << 20)


def test_robots_crawl_delay_spaces_the_requests(audit, tiny, work):
    tiny.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\nDisallow:\n", ctype="text/plain")
    _chain(tiny, 4)
    r = audit(tiny.base + "/p0.html", "--db", "cd.db", "--allow-private", "--concurrency", "4")
    assert r.rc == 0, r.err
    starts = [t for t, p in tiny.log if p.startswith("/p")]
    assert len(starts) == 4
    assert all(b - a >= 0.25 for a, b in zip(starts, starts[1:]))  # a lower bound only


def test_inline_suppressions_work_on_crawled_pages(audit, tiny, work):
    """A page named by its URL (no .html) still has HTML comments for suppressions."""
    tiny.page("/", "<p>one risk-free offer</p>\n<!-- contentguard: ignore[content/t-banned] -->\n<p>a risk-free one</p>",
              ["/about"])
    tiny.page("/about", "<!-- contentguard: ignore -->\n<p>risk-free here too</p>")
    r = audit(tiny.base + "/", "--db", "sup.db", "--allow-private", "--json", "sup.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "sup.json").read_text())
    assert findings_of(doc, "content/t-banned") == [(tiny.base + "/", 3, 8)]


def test_in_site_fragments_are_checked_after_the_crawl(audit, tiny, work):
    tiny.page("/", '<p id="intro">home <a href="#intro">up</a> <a href="#nowhere">down</a></p>',
              ["/doc.html#install", "/doc.html#instal", "/moved.html#install"])
    tiny.page("/doc.html", '<h2 id="install">Install</h2><a name="legacy">old</a>')
    tiny.add("/moved.html", "", status=302, headers={"Location": "/doc.html"})
    r = audit(tiny.base + "/", "--db", "fr.db", "--allow-private", "--json", "fr.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "fr.json").read_text())
    src = tiny.routes["/"].body.decode()
    got = sorted((f["path"], f["line"], f["column"], f["message"]) for f in doc["findings"]
                 if f["rule"] == "link/missing-fragment")
    assert got == sorted([
        (tiny.base + "/", *pos(src, "#nowhere"), f"missing anchor: #nowhere is not an id or name in {tiny.base}/"),
        (tiny.base + "/", *pos(src, "/doc.html#instal\""),
         f"missing anchor: #instal is not an id or name in {tiny.base}/doc.html")])
    assert tiny.requested().count("/doc.html") == 1
    assert db_rows(work / "fr.db", "SELECT COUNT(*) FROM fraglinks") == [(0,)]


def test_page_text_charsets():
    from contentguard.audit.crawl import page_text

    assert page_text('<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1"), None).endswith("café</p>")
    assert page_text("<p>café</p>".encode(), None) == "<p>café</p>"
    assert page_text("<p>caf\xe9</p>".encode("cp1252"), "windows-1252") == "<p>café</p>"
    assert page_text(b"<p>caf\xe9</p>", "no-such-charset") == "<p>caf\ufffd</p>"


def test_resume_refuses_a_run_another_process_is_crawling(audit, tiny, work):
    _branchy(tiny, 20)
    start = tiny.base + "/p0.html"
    pack = str(work.parent / "pack.yaml")
    proc = cg_subprocess(["audit", start, "--db", "busy.db", "--delay", "0.2", "--concurrency", "1", "--quiet",
                          "--rules", pack, "--select", SEL, "--allow-private", "--fail-on", "never"], work)
    try:
        for _ in range(300):  # bounded: 30 s
            time.sleep(0.1)
            try:
                if (work / "busy.db").exists() and db_rows(work / "busy.db", "SELECT COUNT(*) FROM pages")[0][0]:
                    break
            except Exception:  # the schema is being created
                pass
        r = audit(start, "--db", "busy.db", "--allow-private", "--resume")
        assert r.rc == 2 and f"is being audited by process {proc.pid} right now" in r.err
    finally:
        proc.kill()
        proc.wait(timeout=30)
    r = audit(start, "--db", "busy.db", "--allow-private", "--resume")
    assert r.rc == 0, r.err
    assert db_rows(work / "busy.db", "SELECT id, status FROM runs") == [(1, "complete")]


def test_a_broken_page_is_reported_at_every_page_that_links_to_it(audit, tiny, work):
    tiny.page("/", "<p>home</p>", ["/a.html", "/b.html", "/gone.html"])
    tiny.page("/a.html", "<p>a</p>", ["/gone.html", "/b.html"])
    tiny.page("/b.html", "<p>b</p>\n<p><a href=\"/gone.html\">again</a> and <a href=\"/gone.html\">twice</a></p>")
    r = audit(tiny.base + "/", "--db", "every.db", "--allow-private", "--json", "every.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "every.json").read_text())
    b = tiny.routes["/b.html"].body.decode()
    got = sorted((f["path"].rsplit("/", 1)[-1], f["line"], f["column"]) for f in doc["findings"]
                 if f["rule"] == "link/broken")
    assert got == sorted([("", *pos(tiny.routes["/"].body.decode(), "/gone.html")),
                          ("a.html", *pos(tiny.routes["/a.html"].body.decode(), "/gone.html")),
                          ("b.html", *pos(b, "/gone.html")), ("b.html", *pos(b, "/gone.html", 1))])
    assert tiny.requested().count("/gone.html") == 1
    assert db_rows(work / "every.db", "SELECT COUNT(*) FROM sitelinks") == [(0,)]


def test_dir_audit_budget_then_resume(audit, work):
    for i in range(6):
        write(work / "pub" / f"p{i}.html", f"<p>Item {i} is risk-free.</p>\n<p>Offer ends {i + 1} March 2024.</p>\n")
    audit("pub", "--db", "full.db")
    r = audit("pub", "--db", "part.db", "--max-pages", "2")
    assert "still queued" in r.out
    assert db_rows(work / "part.db", "SELECT status FROM runs") == [("incomplete",)]
    r = audit("pub/", "--db", "part.db", "--resume")
    assert r.rc == 0, r.err
    assert db_rows(work / "part.db", "SELECT id, status FROM runs") == [(1, "complete")]
    assert result_of(work / "part.db") == result_of(work / "full.db")
    assert len(result_of(work / "full.db")[1]) == 12


def test_a_folder_slash_redirect_inside_the_site_is_not_reported(audit, tiny, work):
    """A link to /docs that the server answers with 301 /docs/ (Python's http.server, nginx,
    Netlify): the page is there under its folder URL; a page moved elsewhere is reported."""
    tiny.page("/", "<p>home</p>", ["/docs", "/old.html"])
    tiny.add("/docs", "", status=301, headers={"Location": "/docs/"})
    tiny.page("/docs/", "<p>docs</p>")
    tiny.add("/old.html", "", status=301, headers={"Location": "/docs/"})
    r = audit(tiny.base + "/", "--db", "sl.db", "--allow-private", "--json", "sl.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "sl.json").read_text())
    src = tiny.routes["/"].body.decode()
    redirect = [(f["line"], f["column"]) for f in doc["findings"] if f["rule"] == "link/redirect"]
    assert redirect == [pos(src, "/old.html")]
