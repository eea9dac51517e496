"""The audit's HTML report: self-contained, escaped, masked; and in a real headless
Chromium (Debian's ``chromium``): no console errors, the chart renders, the table filters
and sorts. The browser part is skipped, with the reason, when chromium is absent."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from audit_helpers import db_rows
from conftest import write

TODAY = "2026-11-23"
SEL = "content/t-banned,content/t-swap,date/expired-deadline,pii/email,contentguard"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture
def report(cg, work):
    """Two audits of a folder (one finding fixed, one added in between), then the HTML report."""
    pack = str(work.parent / "pack.yaml")

    def audit(*more):
        return cg("audit", "site", "--db", "r.db", "--rules", pack, "--today", TODAY, "--select", SEL,
                  "--fail-on", "never", "--jobs", "1", *more, pack_=False, select=None)

    write(work / "site" / "a.html", "<html><body><p>Offer ends 1 March 2024, risk-free.</p>"
                                    "<p>Mail jane.doe@gmail.com</p></body></html>\n")
    write(work / "site" / "b.html", "<html><body><p>Plain e-mail and synergy.</p><p>risk-free</p></body></html>\n")
    r = audit()
    assert r.rc == 0, r.err
    write(work / "site" / "b.html", "<html><body><p>Plain e-mail, guaranteed returns.</p></body></html>\n")
    r = audit("--compare", "--html", "report.html")
    assert r.rc == 0, r.err
    return work / "report.html"


def test_report_is_self_contained_escaped_and_masked(report, cg, work):
    html = report.read_text()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)  # nothing to load
    assert "@import" not in html and "url(" not in html
    assert "jane.doe@gmail.com" not in html and "j***@g***.com" in html
    assert 'id="history-chart"' in html and html.count('class="bar bar-') >= 2
    # a hostile message cannot break out of the data block
    from contentguard.audit.store import Store
    from contentguard.findings import Finding

    st = Store(str(work / "r.db"))
    run = db_rows(work / "r.db", "SELECT MAX(id) FROM runs")[0][0]
    with st.tx():
        st.add_findings(run, "site/a.html", [Finding("content/t-banned", "content", "error",
                                                     "</script><script>alert(1)</script>", "site/a.html",
                                                     1, 1, 1, 2, "<b>&amp;", "f" * 20)])
    st.close()
    r = cg("audit", "site", "--db", "r.db", "--report-only", "--html", "again.html", "--quiet", pack_=False,
           select=None)
    assert r.rc in (0, 1), r.err
    again = (work / "again.html").read_text()
    assert "<script>alert(1)" not in again and again.count("</script>") == 2


def _chromium(url: str, tmp, extra=()) -> tuple[str, str]:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
           "--window-size=1300,1600", *extra, url]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return p.stdout, p.stderr


def _body_attrs(dom: str) -> dict:
    m = re.search(r"<body([^>]*)>", dom)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1))) if m else {}


def _rows(dom: str) -> list[list[str]]:
    out = []
    for tr in re.findall(r'<tr class="finding">(.*?)</tr>', dom, re.S):
        out.append([re.sub(r"<[^>]+>", "", td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `apt-get install -y chromium` (Debian) to run the "
                                             "browser test of the HTML report")
def test_report_in_headless_chromium(report, tmp_path):
    url = report.as_uri()
    dom, err = _chromium(url, tmp_path / "p1", ["--dump-dom"])
    body = _body_attrs(dom)
    assert body.get("data-ready") == "1", err[-2000:]
    assert "data-js-error" not in body
    console = [l for l in err.splitlines() if "CONSOLE" in l or "Uncaught" in l or "Refused to" in l]
    assert console == []
    # the chart: laid out with a real size, one bar per severity present in each run
    w, h = (int(x) for x in body["data-chart-size"].split("x"))
    assert w > 200 and h > 50
    assert int(body["data-chart-bars"]) >= 3
    # the table: every finding, new ones marked
    rows = _rows(dom)
    assert len(rows) == int(body["data-rows-matching"]) == 5
    assert {r[4] for r in rows} >= {"content/t-banned", "pii/email", "date/expired-deadline", "content/t-swap"}
    assert [r[7] for r in rows if r[6] == "guaranteed returns"] == ["new"]
    assert all("jane.doe" not in c for r in rows for c in r)
    # filtering from the fragment: words, severity, status
    dom2, _ = _chromium(url + "#q=risk-free", tmp_path / "p2", ["--dump-dom"])
    rows2 = _rows(dom2)
    assert len(rows2) == 1 and rows2[0][6] == "risk-free" and rows2[0][0] == "site/a.html"
    dom3, _ = _chromium(url + "#sev=warning", tmp_path / "p3", ["--dump-dom"])
    assert {r[2] for r in _rows(dom3)} == {"warning"} and len(_rows(dom3)) == int(_body_attrs(dom3)["data-rows-matching"])
    dom4, _ = _chromium(url + "#status=new", tmp_path / "p4", ["--dump-dom"])
    assert [r[6] for r in _rows(dom4)] == ["guaranteed returns"]
    # sorting from the fragment: by page, descending
    dom5, _ = _chromium(url + "#sort=page&dir=desc", tmp_path / "p5", ["--dump-dom"])
    pages = [r[0] for r in _rows(dom5)]
    assert pages == sorted(pages, reverse=True) and pages[0] == "site/b.html"
    # and a screenshot a person can look at
    shot = tmp_path / "report.png"
    _chromium(url, tmp_path / "p6", [f"--screenshot={shot}"])
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_findings_said_alike_on_many_pages_are_grouped(cg, work):
    """One template behind many findings (letsencrypt.org's glossary links to /#def-LE from
    26 language versions: 5,278 findings): the summary and the HTML report list the finding
    once with its count and its pages; a finding on fewer than three pages is not grouped."""
    pack = str(work.parent / "pack.yaml")
    for i in range(4):
        write(work / "site" / f"p{i}.html", "<html><body><footer>Offer ends 1 March 2024.</footer>"
                                            f"<p>page {i}</p></body></html>\n")
    write(work / "site" / "one.html", "<html><body><p>Offer ends 2 May 2024.</p></body></html>\n")
    r = cg("audit", "site", "--db", "g.db", "--rules", pack, "--today", TODAY, "--select", SEL,
           "--fail-on", "never", "--jobs", "1", "--html", "g.html", pack_=False, select=None)
    assert r.rc == 0, r.err
    lines = r.out.splitlines()
    i = lines.index("said alike on many pages (one template or one target: one fix):")
    assert lines[i + 1].split()[:6] == ["4", "on", "4", "pages", "date/expired-deadline", "Deadline"]
    assert "1 March 2024" in lines[i + 1] and not any("2 May 2024" in x for x in lines)
    html = (work / "g.html").read_text()
    assert 'id="repeated"' in html and html.count("Deadline or offer date 1 March 2024") >= 1
