"""Issue 16, part 1: personal data in URLs never reaches an output, a cache or a database.

Each kind (e-mail, card, IBAN, phone) is planted in each URL position (a local link's
path, an external link's path and query string, a redirect target, a Markdown link),
clear and percent/+-encoded. Every output format, the results cache and the link cache
are then searched for the clear value and its encodings. A loopback server of our own
answers (404s, a 301 to a URL carrying the value, a 200 welcome page).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from audit_helpers import TinySite
from conftest import write

VALUES = {"email": "maria.kowalska77@gmail.com", "card": "4916338122739419",
          "iban": "GB85BARC20040441234567", "tel": "+447842615903"}
#: distinctive parts of each value that survive every encoding (%40 splits the e-mail)
NEEDLES = ("kowalska77", "4916338122739419", "4916 3381", "4916-3381", "BARC20040441234567",
           "barc20040441234567", "7842615903", "2B447842", "GB85BARC")
#: in a path (no query name to say what it is) a card is written grouped: a bare long
#: number there is an id (a tweet, a help page), and stays readable
IN_PATH = {**VALUES, "card": "4916-3381-2273-9419"}
TWEET = "560927918180667392"
FORMATS = ("text", "json", "sarif", "github", "junit")


@pytest.fixture
def site():
    s = TinySite()
    s.add("/welcome", "<html><head><title>Welcome</title></head><body>hi</body></html>")
    for k, v in VALUES.items():
        s.add(f"/r/{k}", "", status=301, headers={"Location": f"/welcome?{k}={quote(v, safe='')}"})
    yield s
    s.stop()


def plant(work: Path, base: str) -> None:
    links = ['<a href="users/maria.kowalska77@gmail.com.html">profile</a>']
    for k, v in VALUES.items():
        links += [f'<a href="{base}/users/{IN_PATH[k]}.html">path</a>',
                  f'<a href="{base}/unsubscribe?{k}={v}&amp;x=1">clear query</a>',
                  f'<a href="{base}/unsubscribe?{k}={quote_plus(v)}">encoded query</a>',
                  f'<a href="{base}/r/{k}">redirects</a>']
    links.append(f'<a href="{base}/status/{TWEET}">a tweet id, not a card</a>')
    write(work / "page.html", "<html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    md = [f"[md {k}]({base}/md?{k}={quote(v, safe='')})" for k, v in VALUES.items()]
    md.append(f"[ref][r1]\n\n[r1]: {base}/ref/{quote(VALUES['email'])}")
    write(work / "page.md", "\n\n".join(md) + "\n")


def leaks(text: str) -> list[str]:
    low = text.lower()
    return [n for n in NEEDLES if n.lower() in low]


def cache_bytes(folder: Path) -> str:
    """Every byte of every file under ``folder`` (SQLite files, WAL and journal included)."""
    out = []
    for root, _dirs, files in os.walk(folder):
        for f in files:
            out.append((Path(root) / f).read_bytes().decode("latin-1"))
    return "\n".join(out)


def test_personal_data_in_urls_leaks_nowhere(cg, work, site, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(work.parent / "xdg"))  # the user cache folder
    plant(work, site.base)
    seen_rules = set()
    for fmt in FORMATS:
        r = cg("check", "--online", "--allow-private", "--format", fmt, ".", select="link")
        assert r.rc == 1, r.err
        assert leaks(r.out) == [], (fmt, r.out)
        assert leaks(r.err) == []
        if fmt == "json":
            seen_rules = {(f["rule"], f["path"]) for f in r.findings}
            by_line = {(f["path"], f["line"]): f for f in r.findings}
    # every planted link was reported (so nothing was simply dropped)
    assert ("link/broken", "page.html") in seen_rules and ("link/redirect", "page.html") in seen_rules
    assert ("link/broken", "page.md") in seen_rules
    assert len([1 for (p, _l) in by_line if p == "page.html"]) == 18
    tweet = by_line[("page.html", 19)]  # the look-alike stays readable
    assert tweet["excerpt"].endswith(f"/status/{TWEET}")
    assert len([1 for (p, _l) in by_line if p == "page.md"]) == 5
    # the redirect's message names where it goes, masked
    red = next(f for f in by_line.values() if f["rule"] == "link/redirect")
    assert "/welcome?" in red["message"] and "\u2022" in red["message"]
    # exact positions are kept: the first link's href value
    first = by_line[("page.html", 2)]
    # the e-mail in the path masked as the pii/email message masks it (m***@g***.html)
    assert (first["column"], first["excerpt"]) == (10, "users/m" + "\u2022" * 15 + "@g" + "\u2022" * 8 + ".html")
    # the caches were written (second run reads them) and hold no clear value either
    r2 = cg("check", "--online", "--allow-private", "--format", "json", ".", select="link")
    assert len(r2.findings) == len(by_line) and leaks(r2.out) == []
    blob = cache_bytes(work.parent / "xdg")
    assert "link_verdicts_v1" in blob and "file_results_v2" in blob
    assert leaks(blob) == []


def test_audit_keeps_no_clear_value_in_database_or_reports(cg, work, site, monkeypatch):
    """A crawled site linking to URLs that carry personal data, in-site and external:
    the database, JSON, CSV, HTML and text summary hold no clear value or encoding.
    In-site addresses that carry personal data are noted (masked), never fetched."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(work.parent / "xdg"))
    body = []
    for k, v in VALUES.items():
        body += [f'<a href="/users/{IN_PATH[k]}.html">in-site path</a>',
                 f'<a href="/unsubscribe?{k}={quote_plus(v)}">in-site query</a>',
                 f'<a href="{site.base}/ext/{k}?{k}={quote(v, safe="")}">external</a>'.replace("127.0.0.1", "localhost"),
                 f'<a href="/r/{k}">redirects</a>']
    site.page("/", "\n".join(body))
    r = cg("audit", site.base + "/", "--db", "a.db", "--allow-private", "--online", "--json", "a.json",
           "--csv", "a.csv", "--html", "a.html", "--today", "2026-11-23", "--fail-on", "never",
           "--jobs", "1", "--select", "link", pack_=False, select=None)
    assert r.rc == 0, r.err
    assert leaks(r.out) == [] and leaks(r.err) == []
    for f in ("a.json", "a.csv", "a.html"):
        assert leaks((work / f).read_text(encoding="utf-8")) == [], f
    assert leaks(cache_bytes(work)) == [], "audit database"
    assert leaks(cache_bytes(work.parent / "xdg")) == [], "link cache"
    assert not any("/users/" in p or "/unsubscribe" in p for p in site.requested())  # never fetched
    data = json.loads((work / "a.json").read_text(encoding="utf-8"))
    rules = [f["rule"] for f in data["findings"]]
    # in-site redirects to addresses with personal data; external links to another private
    # host (refused: --allow-private covers the audited host only), excerpts masked
    assert rules.count("link/redirect") == 4 and rules.count("link/skipped") == 4
    notes = [n["reason"] for n in data["summary"]["audit"]["notes"]]
    assert notes.count("not crawled: the address holds personal data") == 8


def test_sitemap_urls_with_personal_data_are_not_crawled(cg, work, site):
    """Sitemap seeds obey the rule links obey. Before: a sitemap's
    /users/maria.kowalska77@gmail.com.html was fetched and kept in clear in the frontier."""
    from audit_helpers import urlset

    b = site.base
    seeds = [f"{b}/users/{IN_PATH[k]}.html" for k in VALUES] + [f"{b}/welcome", f"{b}/status/{TWEET}"]
    site.add("/sitemap.xml", urlset(seeds), ctype="application/xml")
    site.page("/", "<p>home</p>")
    r = cg("audit", b + "/", "--db", "s.db", "--allow-private", "--json", "s.json", "--today", "2026-11-23",
           "--fail-on", "never", "--jobs", "1", "--select", "link", pack_=False, select=None)
    assert r.rc == 0, r.err
    assert leaks(cache_bytes(work)) == [], "audit database"
    assert leaks(r.out) == [] and leaks((work / "s.json").read_text(encoding="utf-8")) == []
    assert not any(p.startswith("/users/") for p in site.requested())  # never fetched
    assert "/welcome" in site.requested() and f"/status/{TWEET}" in site.requested()  # the look-alikes are
    notes = [n["reason"] for n in json.loads((work / "s.json").read_text(encoding="utf-8"))["summary"]["audit"]["notes"]]
    assert notes.count("not crawled: the address holds personal data") == 4
