"""The audit's command line as a user meets it: one page for ``/`` and ``/index.html``,
``audit DIR`` as the site root, ``--history``/``--report-only`` without a database,
``--report-only`` honouring ``--fail-on``, and an HTML report in plain words that lists
the fixed findings it counts."""
from __future__ import annotations

import json
import re

import pytest

from audit_helpers import TinySite, db_rows
from conftest import write

TODAY = "2026-11-23"
SEL = "content/t-banned,content/t-swap,link,contentguard"


@pytest.fixture
def audit(cg, work):
    pack = str(work.parent / "pack.yaml")

    def run(*argv: str, fail_on: str = "never"):
        args = ["audit", *argv, "--rules", pack, "--today", TODAY, "--select", SEL, "--jobs", "1"]
        if fail_on:
            args += ["--fail-on", fail_on]
        return cg(*args, pack_=False, select=None)

    return run


@pytest.fixture
def tiny():
    s = TinySite()
    yield s
    s.stop()


def test_home_page_and_its_index_html_are_one_page(audit, tiny, work):
    home = ('<!DOCTYPE html>\n<html><head><title>Home</title></head><body>\n<p>A risk-free offer.</p>\n'
            '<a href="/index.html">home</a> <a href="/">home again</a> <a href="/about/index.html">about</a>\n'
            '</body></html>\n')
    tiny.add("/index.html", home)  # the server serves it for / too, as web servers do
    tiny.page("/about/index.html", "<p>About us.</p>", ["/about/", "/"])
    r = audit(tiny.base + "/", "--db", "h.db", "--allow-private", "--json", "h.json")
    assert r.rc == 0, r.err
    pages = sorted(u for (u,) in db_rows(work / "h.db", "SELECT url FROM pages"))
    assert pages == [tiny.base + "/", tiny.base + "/about/"]
    doc = json.loads((work / "h.json").read_text())
    banned = [(f["path"], f["line"], f["column"]) for f in doc["findings"] if f["rule"] == "content/t-banned"]
    assert banned == [(tiny.base + "/", 3, 6)]  # once, not once per spelling of the URL
    assert sorted(tiny.requested()).count("/") == 1 and "/index.html" not in tiny.requested()


def test_audit_dir_is_the_site_root_for_root_relative_links(audit, work):
    write(work / "public" / "index.html", "<p>Home</p>\n")
    write(work / "public" / "about" / "index.html", "<p>About</p>\n")
    src = ('<p>Contact</p>\n<a href="/about/">about</a> <a href="/index.html">home</a>\n'
           '<a href="/gone/">gone</a>\n')
    write(work / "public" / "contact" / "index.html", src)
    r = audit("public", "--db", "d.db", "--json", "d.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "d.json").read_text())
    links = [(f["rule"], f["path"], f["line"], f["column"]) for f in doc["findings"] if f["rule"].startswith("link/")]
    assert links == [("link/broken", "public/contact/index.html", 3, 10)]  # only /gone/; /about/ is public/about/


def test_history_and_report_only_without_a_database(audit, work):
    for argv in (["--history"], ["public", "--report-only"]):
        write(work / "public" / "index.html", "<p>x</p>\n")
        r = audit(*argv, "--db", "nowhere.db")
        assert r.rc == 2
        assert f"{work / 'nowhere.db'}: no audit database there" in r.err
        assert not (work / "nowhere.db").exists()  # looking did not create it


def test_report_only_honours_fail_on(audit, work):
    write(work / "site" / "a.html", "<p>A risk-free offer.</p>\n")
    assert audit("site", "--db", "f.db").rc == 0  # --fail-on never
    assert audit("site", "--db", "f.db", "--report-only", "--quiet", fail_on="error").rc == 1
    assert audit("site", "--db", "f.db", "--report-only", "--quiet", fail_on="never").rc == 0
    write(work / "contentguard.toml", 'fail-on = "error"\n')  # from config too
    assert audit("site", "--db", "f.db", "--report-only", "--quiet", fail_on=None).rc == 1


def test_html_report_lists_the_fixed_findings_in_plain_words(audit, work):
    write(work / "site" / "a.html", "<p>A risk-free offer.</p>\n<p>Send an e-mail.</p>\n")
    write(work / "site" / "b.html", "<p>Also risk-free.</p>\n")
    assert audit("site", "--db", "r.db").rc == 0
    write(work / "site" / "a.html", "<p>A fair offer.</p>\n<p>Send an e-mail.</p>\n")  # one fixed
    write(work / "site" / "b.html", "<p>No longer.</p>\n")                              # another fixed
    r = audit("site", "--db", "r.db", "--compare", "--html", "report.html")
    assert r.rc == 0, r.err
    html = (work / "report.html").read_text(encoding="utf-8")
    assert '<b>2</b>Fixed</div>' in html
    fixed = re.search(r'<section id="fixed">(.*?)</section>', html, re.S).group(1)
    assert "Fixed since run 1 (2)" in fixed
    rows = re.findall(r'<tr class="fixed"><td class="page">([^<]*)</td><td>([\d:]+)</td><td>([^<]*)</td>', fixed)
    assert rows == [("site/a.html", "1:6", "Wording"), ("site/b.html", "1:9", "Wording")]
    # categories in plain words, in the overview and in the table's data; no command-line advice
    by_cat = re.search(r'<section id="by-category">(.*?)</section>', html, re.S).group(1)
    assert "Wording" in by_cat and ">content<" not in by_cat
    data = json.loads(re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', html, re.S).group(1))
    assert {row[4] for row in data["rows"]} == {"Wording"}
    assert not re.search(r"--[a-z]", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))


def test_status_redirect_and_slow_paths_of_the_test_server(audit, tiny, work):
    """The test server's generic paths, through an audit: a 500, a permanent redirect and a
    page slower than --timeout, each reported where it is linked."""
    src = ('<!DOCTYPE html>\n<html><body>\n<a href="/status/500/x">a</a>\n<a href="/redirect/301/new">b</a>\n'
           '<a href="/delay/3000/slow">c</a>\n<a href="/ok/fine">d</a>\n</body></html>\n')
    tiny.add("/index.html", src)
    r = audit(tiny.base + "/", "--db", "s.db", "--allow-private", "--timeout", "0.5", "--json", "s.json")
    assert r.rc == 0, r.err
    got = sorted((f["rule"], f["line"], f["column"]) for f in json.loads((work / "s.json").read_text())["findings"]
                 if f["rule"].startswith("link/"))
    assert got == [("link/broken", 3, 10), ("link/broken", 5, 10), ("link/redirect", 4, 10)]


def test_db_of_another_application_is_refused_untouched(audit, work):
    """--db naming another program's SQLite file: exit 2 with a clear message, and the file
    is byte for byte what it was (no audit tables added, no switch to WAL). A contentguard
    database, an empty file and a new name still work."""
    import sqlite3

    write(work / "public" / "index.html", "<p>Home</p>\n")
    other = work / "app.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    db.execute("INSERT INTO users (email) VALUES ('a@b.test')")
    db.commit()
    db.close()
    before = other.read_bytes()
    r = audit("public", "--db", "app.sqlite3")
    assert r.rc == 2
    assert "app.sqlite3: cannot open the audit database" in r.err
    assert "not a contentguard audit database (it holds tables users)" in r.err
    assert other.read_bytes() == before
    assert not (work / "app.sqlite3-wal").exists()
    # not SQLite at all: refused too, untouched
    write(work / "notes.db", "just some text, not a database\n" * 10)
    r = audit("public", "--db", "notes.db")
    assert r.rc == 2 and "notes.db: cannot open the audit database" in r.err
    assert (work / "notes.db").read_text() == "just some text, not a database\n" * 10
    # look-alikes that must work: a new file, then the same contentguard database again
    assert audit("public", "--db", "ours.db").rc == 0
    assert audit("public", "--db", "ours.db").rc == 0
    write(work / "empty.db", "")
    assert audit("public", "--db", "empty.db").rc == 0


def test_audit_dir_takes_a_site_profile(audit, work):
    # a Middleman source folder audited with its profile: guide.html is built from guide.html.md.erb
    write(work / "guide" / "config" / "tech-docs.yml", "host: https://guide.example.org\n")
    write(work / "guide" / "source" / "guide.html.md.erb", "# Guide\n\n## Q & A\n")
    write(work / "guide" / "source" / "index.html.md.erb",
          "# Home\n\n[guide](guide.html#q-amp-a) [gone](gone.html)\n")
    r = audit("guide", "--db", "p.db", "--json", "p.json", "--profile", "middleman")
    assert r.rc == 0, r.err
    doc = json.loads((work / "p.json").read_text())
    links = [(f["rule"], f["path"], f["line"], f["column"]) for f in doc["findings"] if f["rule"].startswith("link/")]
    assert links == [("link/broken", "guide/source/index.html.md.erb", 3, 36)]
    r = audit("guide", "--db", "q.db", "--profile", "nope")
    assert r.rc == 2 and "unknown site profile 'nope'" in r.err
