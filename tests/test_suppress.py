"""Inline suppressions through the CLI: comment syntax per file type, unused and unknown rule ids.

Runs ``contentguard.cli.main`` in-process (fixture ``cg`` in conftest.py) in a tmp project,
with a rule pack of our own, so results do not depend on the shipped packs.
"""
from __future__ import annotations

import json

from conftest import BANNED, write


# --- inline suppressions --------------------------------------------------------

SUPPRESS_MD = """\
risk-free on the same line <!-- contentguard: ignore[content/t-banned] -->
<!-- contentguard: ignore[content/t-banned] -->
next line risk-free
<!-- contentguard: ignore -->
bare risk-free and e-mail
<!-- contentguard: ignore[content/t-swap] -->
wrong rule risk-free
<!-- contentguard: ignore[content/t-banned] -->

too far risk-free
family risk-free <!-- contentguard: ignore[content] -->

two rules risk-free e-mail <!-- contentguard: ignore[content/t-swap, content/t-banned] -->
"""


def test_suppressions_in_markdown(cg, work):
    write(work / "s.md", SUPPRESS_MD)
    r = cg("check", "--format", "json", "s.md")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [
        (BANNED, 7, 12), (BANNED, 10, 9)]
    r = cg("check", "--format", "json", "--report-unused-suppressions", "s.md")
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in r.findings] == [
        ("contentguard/unused-suppression", 6, 1, "unused suppression for content/t-swap"),
        (BANNED, 7, 12, "banned term 'risk-free'"),
        ("contentguard/unused-suppression", 8, 1, "unused suppression for content/t-banned"),
        (BANNED, 10, 9, "banned term 'risk-free'"),
    ]


def test_unused_suppressions_from_config(cg, work):
    write(work / "contentguard.toml", "report-unused-suppressions = true\n")
    write(work / "s.md", "<!-- contentguard: ignore[content/t-banned] -->\nclean\n")
    r = cg("check", "--format", "json", "s.md")
    assert [f["rule"] for f in r.findings] == ["contentguard/unused-suppression"]
    assert r.rc == 0  # info


def test_unknown_rule_in_an_inline_suppression_is_an_error(cg, work):
    write(work / "s.md", "risk-free\nx <!-- contentguard: ignore[content/t-baned, content/t-swap] -->\nrisk-free\n")
    r = cg("check", "--format", "json", "s.md")
    got = [(f["rule"], f["line"], f["column"], f["severity"], f["message"]) for f in r.findings]
    assert got == [(BANNED, 1, 1, "error", "banned term 'risk-free'"),
                   ("contentguard/unknown-rule", 2, 29, "error",  # at the mistyped id itself
                    "contentguard: ignore[...]: unknown rule or category 'content/t-baned' "
                    "(did you mean 'content/t-banned'?)"),
                   (BANNED, 3, 1, "error", "banned term 'risk-free'")]  # the typo hid nothing
    assert r.rc == 1
    # the right id (and a family) is no error
    write(work / "s.md", "x <!-- contentguard: ignore[content/t-banned, content] -->\nrisk-free\n")
    r = cg("check", "--format", "json", "s.md")
    assert r.findings == [] and r.rc == 0


def test_suppressions_in_html(cg, work):
    write(work / "s.html", "<p>risk-free</p> <!-- contentguard: ignore[content/t-banned] -->\n"
                           "<!-- contentguard: ignore[content/t-banned] -->\n<p>risk-free</p>\n"
                           "<p>risk-free</p>\n")
    r = cg("check", "--format", "json", "s.html")
    assert r.spans() == [("s.html", 4, 4, 4, 13)]


def test_suppressions_in_yaml_queue(cg, work):
    write(work / "q.yaml", "- text: risk-free  # contentguard: ignore[content/t-banned]\n"
                           "# contentguard: ignore[content/t-banned]\n"
                           "- text: risk-free\n"
                           "- text: risk-free e-mail  # contentguard: ignore[content/t-swap]\n")
    r = cg("check", "--format", "json", "q.yaml")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 4, 9)]


def test_suppression_text_in_prose_is_not_a_comment(cg, work):
    write(work / "a.txt", "risk-free contentguard: ignore[content/t-banned]\n")
    r = cg("check", "--format", "json", "a.txt")
    assert [f["rule"] for f in r.findings] == [BANNED]


def test_markdown_heading_is_not_a_suppression_comment(cg, work):
    # a '#' heading is prose in Markdown; only <!-- --> (and '#' in front matter) are comments
    write(work / "h.md", "---\ntitle: x  # contentguard: ignore[content/t-banned]\n---\n"
                         "# Heading contentguard: ignore[content/t-banned]\nrisk-free here\n")
    r = cg("check", "--format", "json", "h.md")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 5, 1)]


def test_json_queue_has_no_comment_syntax(cg, work):
    write(work / "q.json", '[{"text": "risk-free # contentguard: ignore"}]\n')
    r = cg("check", "--format", "json", "q.json")
    assert [(f["rule"], f["line"], f["column"]) for f in r.findings] == [(BANNED, 1, 12)]
