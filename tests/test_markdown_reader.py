"""The Markdown reader: CommonMark + GFM as markdown-it-py reads it, positions exact.

The spec examples (CommonMark's and GFM's) are the yardstick, through tests/mdspec.py;
the files are CC-BY-SA and not copied here, so those tests skip when they are absent.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from contentguard.sources import parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import mdspec  # noqa: E402
from realpages import SPECS, spec_file  # noqa: E402




@pytest.mark.parametrize("name", SPECS)
def test_spec_examples_links_and_prose_exact(name):
    sc, misses = mdspec.score(str(spec_file(name)))
    assert sc.footnote_links == 0
    assert sc.link_exact / sc.link_examples >= 0.99, misses[:5]
    if name.endswith("extensions.txt"):
        # 26 examples: the one miss is GitHub's tag filter (<title>, <textarea>, ... shown as
        # text on github.com); site generators publish that raw HTML as HTML
        assert sc.prose_examples - sc.prose_exact <= 1, misses[:5]
    else:
        assert sc.prose_exact / sc.prose_examples >= 0.99, misses[:5]


def test_spec_harness_reads_examples_and_can_fail(tmp_path):
    """The harness itself: an example whose HTML disagrees with the reader is counted."""
    fence = "`" * 32
    spec = tmp_path / "spec.txt"
    spec.write_text(f"# Links\n\n{fence} example\n[a](b)\n.\n<p><a href=\"b\">a</a></p>\n{fence}\n\n"
                    f"{fence} example\n[a](b)\n.\n<p><a href=\"c\">a</a></p>\n{fence}\n", encoding="utf-8")
    sc, misses = mdspec.score(str(spec))
    assert (sc.total, sc.link_examples, sc.link_exact) == (2, 2, 1)
    assert misses[0][1].number == 2


def _doc(src: str):
    (doc,) = parse("a.md", src).documents
    return doc


def _links(src: str):
    doc = _doc(src)
    return [(ln.url, ln.element, doc.lines.position(ln.start)) for ln in doc.links]


def test_footnotes_are_never_links_and_their_text_is_prose():
    src = "Text[^1] and more.\n\n[^1]: As recommended in [the guide](guide.md).\n"
    assert _links(src) == [("guide.md", "md", (3, 37))]
    assert "As recommended in the guide" in _doc(src).text
    # look-alike: a real reference definition is a link when used
    assert _links("See [When].\n\n[When]: when.md\n") == [("when.md", "md-ref", (3, 9))]


def test_unused_reference_definitions_are_not_links_and_first_wins():
    assert _links("[a]: /one\n[a]: /two\n[b]: /unused\n\n[a] x\n") == [("/one", "md-ref", (1, 6))]


def test_backtick_in_info_string_is_inline_code_not_a_fence():
    """```Autocomplete: did not get a suggestion``` is a code span (an info string may not
    hold a backtick): the page after it is still read."""
    src = "```Autocomplete: did not get a suggestion```\n\nThe offer ends 1 May 2020.\n"
    doc = _doc(src)
    assert "The offer ends 1 May 2020." in doc.text
    assert "Autocomplete" not in doc.text
    assert [src[s:e] for s, e in doc.code] == ["Autocomplete: did not get a suggestion"]
    # look-alike: a real fence hides its content from prose
    doc = _doc("```text\nThe offer ends 1 May 2020.\n```\nafter\n")
    assert "offer" not in doc.text and doc.text.strip() == "after"


def test_code_is_exposed_with_exact_spans():
    src = "Call `+44 20 7946 0000` now.\n\n    indented 1\n\n> ```\n> quoted code\n> ```\n\n<!-- a comment -->\n"
    doc = _doc(src)
    spans = [(src[s:e], doc.lines.position(s)) for s, e in doc.code]
    assert spans == [("+44 20 7946 0000", (1, 7)), ("indented 1", (3, 5)), ("quoted code", (6, 3)),
                     ("<!-- a comment -->", (9, 1))]
    assert "7946" not in doc.text and "comment" not in doc.text


def test_link_positions_in_containers_tables_and_escapes():
    src = ("> - item [x](a\\_b.md) and <https://example.com/p>\n\n"
           "| col | link |\n| --- | --- |\n| 1 | [y](c.md#sec) |\n\n"
           "See www.example.org/page. &amp; [z](<d e.md> \"title\")\n")
    assert _links(src) == [("a_b.md", "md", (1, 14)), ("https://example.com/p", "autolink", (1, 28)),
                           ("c.md#sec", "md", (5, 11)), ("http://www.example.org/page", "bare", (7, 5)),
                           ("d e.md", "md", (7, 38))]
    doc = _doc(src)
    k = doc.text.index("&")
    assert src[doc.starts[k]:doc.ends[k]] == "&amp;"


def test_heading_slugs_and_explicit_ids():
    doc = _doc("# Hello `code` *World* {#custom}\n\n## Second: part\n")
    assert doc.headings == [("Hello code World", "custom"), ("Second: part", None)]
    assert {"custom", "second-part"} <= doc.anchors
    assert "{#custom}" not in doc.text


@pytest.mark.parametrize("src", ["[" * 50_000 + "\n", "[" * 3000 + "a" + "](b)" * 3000 + "\n",
                                 "![" * 3000 + "\n", "> " * 3000 + "x\n", "*a " * 20_000 + "\n"])
def test_pathological_input_reads_without_recursion_error(src):
    """Linear work, no RecursionError: a 50 KB line of '[' and 3,000 nested brackets."""
    doc = _doc(src)
    assert doc.text is not None


def test_personal_data_in_code_blocks_is_found_names_are_not(cg, work):
    """A code block is published: an outside contact's direct line and e-mail in a ```text
    block are reported at their exact place; example addresses and person names are not."""
    (work / "contentguard.toml").write_text("", encoding="utf-8")
    (work / "p.md").write_text(
        "# Contact\n\n```text\nCall Dana Whitfield on +44 20 7123 4567\nor dana.whitfield@gmail.com\n```\n\n"
        "Example: `user@example.com` and `Jane Smith`.\n", encoding="utf-8")
    r = cg("check", "--format", "json", "p.md", select="pii")
    import json

    got = sorted((f["rule"], f["line"], f["column"]) for f in json.loads(r.out)["findings"])
    assert got == [("pii/email", 5, 4), ("pii/phone", 4, 24)]
    assert "7123 4567" not in r.out and "dana.whitfield@" not in r.out


def test_a_scheme_alone_is_no_autolink():
    """pnpm.io docs/package-sources.md:93 (real content): a bare scheme named in prose is no
    link (GFM wants a domain after it), so it is no "malformed URL" finding; a look-alike
    with a host is a link, at its exact column."""
    line = 'The argument must be a fetchable URL starting with "http://" or "https://".\n'
    assert _links(line) == []
    assert _links("Run it at http://localhost:8080/x today.\n") == [
        ("http://localhost:8080/x", "bare", (1, 11))]
