"""The Markdown parser's two speed settings (sources/mdspeed.py) change no token.

* ``link_destination`` against markdown-it-py's own ``parseLinkDestination`` on generated
  strings of the characters that decide a destination, at every start and end;
* the whole token stream (the task-list plugin used only on a page with a task marker) (types, content, markup, maps, attributes, children; for plain
  inline content, the children ``mdspeed.plain_children`` makes in place of the inline
  parser) of the parser as configured against the same parser built without the settings,
  on generated input,
  this repository's Markdown, and, when present, the CommonMark and GFM spec examples and
  the real sites' Markdown.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from contentguard.sources import mdblocks, mdspeed, parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import mdspec  # noqa: E402
from realpages import SPECS, markdown_sites, spec_file  # noqa: E402

ROOT = HERE.parent



def _stream(tokens, text: str) -> list:
    """Every token as a dict; plain inline content, which the configured parser leaves
    unparsed, gets the children the reader makes for it (``mdblocks.children``)."""
    env: dict = {}
    toks = tokens(text, env)
    for t in toks:
        if t.type == "inline":
            t.children = mdblocks.children(t)
    toks = [t.as_dict() for t in toks]
    return [toks, {k: v for k, v in env.get("references", {}).items()}]


@pytest.fixture(scope="module")
def parsers():
    # the reader's parse (with the task-list plugin only where a task marker is) against
    # the stock parser with every plugin
    return mdblocks.tokens, mdblocks.build(less_work=False).parse


def _generated(n: int, seed: int) -> list[str]:
    """Short documents dense in what inline and block rules react to."""
    rnd = random.Random(seed)
    atoms = ["[", "]", "(", ")", "<", ">", "!", "^", "\\", "`", "``", "*", "_", "~~", "&amp;", "&#42;",
             "&", ":", "-", "+", "=", "{", "}", "#", "$", "%", "@", " ", "  ", "\n", "\n\n", "\t", "a", "b c",
             "http://x.org/p", "www.e.org", "x@y.org", "[^1]", "^[n]", "[^1]: f", "](u)", "](<u v>)",
             "](u \"t\")", "[r]: /d", "<b>", "</b>", "<!-- c -->", "> ", "- ", "1. ", "| a | b |\n|---|---|\n",
             "# ", "    ", "```\n", "\u00e9", "\U0001f600", "- [ ] ", "- [x]\t", "* [X]\n", "[ ]"]
    return ["".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


def test_link_destination_matches_markdown_it_step_for_step():
    from markdown_it.common.utils import unescapeAll
    from markdown_it.helpers import parseLinkDestination

    rnd = random.Random(11)
    alphabet = "<>\\() \n\tab\x00\x1f\x7f&;#"
    checked = 0
    for _ in range(3000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        for pos in range(len(s) + 1):
            for maximum in {pos, len(s), max(pos, len(s) - 1), (pos + len(s)) // 2}:
                want = parseLinkDestination(s, pos, maximum)
                got = mdspeed.link_destination(s, pos, maximum, unescapeAll)
                assert (got.ok, got.pos, got.str) == (want.ok, want.pos, want.str), (s, pos, maximum)
                checked += 1
    # 33 nested parentheses are too deep, 32 are not
    deep = "(" * 33 + ")" * 33
    assert not mdspeed.link_destination(deep, 0, len(deep), unescapeAll).ok
    ok = "a" + "(" * 32 + ")" * 32
    got = mdspeed.link_destination(ok, 0, len(ok), unescapeAll)
    assert got.ok and got.pos == len(ok)
    assert checked > 10000


def test_terminators_narrowed_only_for_the_known_rules():
    md = mdblocks.build(less_work=False)
    default = md.inline.terminator_re
    mdspeed.terminators(md)
    assert md.inline.terminator_re is not default
    assert md.inline.terminator_re.search("a:b-c+d=e{f}#$%@>g") is None  # no rule starts there
    md2 = mdblocks.build(less_work=False)
    md2.inline.ruler.enable("linkify") if "linkify" in md2.inline.ruler.get_all_rules() else None
    md2.inline.ruler.disable("entity")  # any change to the rule set: left as it was
    before = md2.inline.terminator_re
    mdspeed.terminators(md2)
    assert md2.inline.terminator_re is before


def test_same_tokens_on_generated_input(parsers):
    fast, stock = parsers
    for doc in _generated(1500, 17):
        assert _stream(fast, doc) == _stream(stock, doc), repr(doc)


def test_same_tokens_on_this_repository(parsers):
    fast, stock = parsers
    files = sorted(ROOT.glob("*.md")) + sorted((ROOT / "docs").rglob("*.md")) + \
        sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    assert len(files) > 10
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        assert _stream(fast, text) == _stream(stock, text), p


@pytest.mark.parametrize("name", SPECS)
def test_same_tokens_on_spec_examples(parsers, name):
    spec = spec_file(name)
    fast, stock = parsers
    exs = mdspec.examples(str(spec))
    assert len(exs) > 20
    for ex in exs:
        assert _stream(fast, ex.markdown) == _stream(stock, ex.markdown), ex.number


def test_same_tokens_on_real_sites(parsers):
    sites = markdown_sites()
    fast, stock = parsers
    n = 0
    for site in sites:
        size = 0
        for p in sorted(site.rglob("*.md")):
            if "node_modules" in p.parts or size > 300_000:
                continue
            text = p.read_text(encoding="utf-8", errors="replace")
            size += len(text)
            assert _stream(fast, text) == _stream(stock, text), p
            n += 1
    assert n > 100


def test_links_still_placed_exactly():
    """A destination with escapes, nested parentheses and an angle-bracketed one: the
    document's links at their exact columns; a look-alike in code is no link."""
    src = "See [a](/x\\(1\\)_(y)) and ![i](<b c.png> \"t\") but `[n](no)`.\n"
    doc = parse("p.md", src, "markdown").documents[0]
    got = [(ln.url, src[ln.start:ln.end]) for ln in doc.links]
    assert got == [("/x(1)_(y)", "/x\\(1\\)_(y)"), ("b c.png", "b c.png")]
    assert [doc.links[0].start, doc.links[1].start] == [src.index("/x"), src.index("b c")]


def test_plain_content_read_without_the_inline_parser_keeps_positions():
    """A paragraph with no inline markup (so no inline parse): the bare URL on its second
    line is a link at its exact column, the hard break's spaces and the next line's indent
    are not prose; a look-alike domain without a scheme or "www." is no link."""
    src = "Intro line  \n   see https://example.org/a-b and example.org\n"
    tok = [t for t in mdblocks.tokens(src, {}) if t.type == "inline"][0]
    assert tok.children is None  # left to plain_children
    assert [c.type for c in mdblocks.children(tok)] == ["text", "hardbreak", "text"]
    doc = parse("p.md", src, "markdown").documents[0]
    assert [(ln.url, ln.start, ln.element) for ln in doc.links] == [
        ("https://example.org/a-b", src.index("https://"), "bare")]
    assert doc.lines.position(doc.links[0].start) == (2, 8)
    assert "Intro line\nsee" in doc.text and "  " not in doc.text.split("see")[0]
