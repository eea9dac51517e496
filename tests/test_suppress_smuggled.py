"""Issue 16, part 2: a suppression is honoured only inside a real comment of the
file's syntax; text in a post body is content whatever it says, CSV and JSON have no
comments, and a suppression never reaches into another post. Smuggled ones are
reported by --report-unused-suppressions as misplaced, at the directive's position."""
from __future__ import annotations

from conftest import BANNED, write

UNUSED = "contentguard/unused-suppression"
SCHED = "date/scheduled-past"


def _rows(r):
    return [(f["rule"], f["line"], f["column"]) for f in r.findings]


def _misplaced(r):
    return [(f["line"], f["column"]) for f in r.findings
            if f["rule"] == UNUSED and f["message"].startswith("misplaced suppression")]


def test_yaml_post_text_cannot_silence_itself_or_its_schedule(cg, work):
    write(work / "q.yaml",
          '- text: "Join us live! A risk-free offer #contentguard: ignore"\n'
          "  scheduled_at: 2020-03-01T10:00:00Z\n"
          "- text: |\n"
          "    risk-free again # contentguard: ignore\n"
          "  scheduled_at: 2030-03-01T10:00:00Z\n")
    sel = f"{BANNED},{SCHED},contentguard"
    r = cg("check", "--format", "json", "--today", "2025-01-01", "q.yaml", select=sel)
    assert _rows(r) == [(BANNED, 1, 26), (SCHED, 2, 17), (BANNED, 4, 5)]
    r = cg("check", "--format", "json", "--today", "2025-01-01", "--report-unused-suppressions",
           "q.yaml", select=sel)
    assert _misplaced(r) == [(1, 43), (4, 23)]
    assert all("not in a YAML comment" in f["message"] for f in r.findings if f["rule"] == UNUSED)


def test_yaml_comment_outside_scalars_still_works_but_not_into_the_next_post(cg, work):
    write(work / "q.yaml",
          "- text: a clean post  # contentguard: ignore\n"   # its own post only
          "- text: risk-free one\n"
          "# contentguard: ignore[content/t-banned]\n"       # a comment line above a post
          "- text: risk-free two\n"
          "- text: 'a # in quotes'  # contentguard: ignore[content/t-banned]\n"
          "  channel: x\n")
    r = cg("check", "--format", "json", "q.yaml")
    assert _rows(r) == [(BANNED, 2, 9)]


def test_csv_has_no_suppressions_and_never_reaches_the_next_post(cg, work):
    write(work / "q.csv", 'text,channel\n"risk-free # contentguard: ignore",x\n"risk-free too",y\n')
    r = cg("check", "--format", "json", "--report-unused-suppressions", "q.csv", select=f"{BANNED},{UNUSED}")
    assert _rows(r) == [(BANNED, 2, 2), (UNUSED, 2, 14), (BANNED, 3, 2)]
    assert "has no comments: use a baseline" in r.findings[1]["message"]


def test_html_directive_after_a_closed_comment_is_visible_text(cg, work):
    write(work / "p.html", "<p><!-- note --> risk-free contentguard: ignore</p>\n"
                           "<!-- x --> <!-- contentguard: ignore[content/t-banned] -->\n<p>risk-free</p>\n")
    r = cg("check", "--format", "json", "--report-unused-suppressions", "p.html")
    assert _rows(r) == [(BANNED, 1, 18), (UNUSED, 1, 28)]
    assert _misplaced(r) == [(1, 28)]


def test_hash_inside_a_text_line_is_not_a_comment(cg, work):
    write(work / "a.txt", "Issue #42 contentguard: ignore risk-free\n# contentguard: ignore\nrisk-free\n")
    r = cg("check", "--format", "json", "--report-unused-suppressions", "a.txt")
    assert _rows(r) == [(UNUSED, 1, 11), (BANNED, 1, 32)]


def test_markdown_prose_directive_is_misplaced(cg, work):
    write(work / "a.md", "Some text <!-- a --> risk-free contentguard: ignore\n")
    r = cg("check", "--format", "json", "--report-unused-suppressions", "a.md")
    assert _rows(r) == [(BANNED, 1, 22), (UNUSED, 1, 32)]
