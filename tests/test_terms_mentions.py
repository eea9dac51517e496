"""The default content pack tells a leftover from a mention: placeholder text quoted, named,
discussed, tabulated, demonstrated or used as deliberate status wording is not reported;
risky claims in a finance sense, negated or hypothetical are not advertising claims. Each
case from the real sites (tests/fixtures/realsites) has its look-alike here, with the exact
position of what still fires."""
from __future__ import annotations

import pytest

from checkhelpers import findings_of, spans
from contentguard.checks.registry import all_rules
from contentguard.checks.terms import CHECK
from contentguard.engine import make_context
from contentguard.packs import load_packs


def run(name: str, text: str):
    ctx = make_context(today="2026-11-23", select=["content"])
    CHECK.setup(ctx)
    return findings_of(CHECK, ctx, name, text)


@pytest.mark.parametrize("name, text, expected", [
    # leftovers
    # (a .txt file: the Markdown reader drops the brackets of an undefined [reference], issue 11)
    ("a.txt", "Our team is led by [insert name].\n", (1, 20, 33, "[insert name]")),
    ("a.html", "<p>Our team is led by [insert name].</p>\n", (1, 23, 36, "[insert name]")),
    ("a.md", "Intro\n\nTODO: write the pricing section\n", (3, 1, 6, "TODO:")),
    ("a.md", "## What is IBM POWER?\n\n_TODO_\n", (3, 2, 6, "TODO")),
    ("a.md", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", (1, 1, 12, "Lorem ipsum")),
    # footnotes on the page but no example of the words: still a leftover
    ("a.md", "Lorem ipsum[^1] dolor sit amet, consectetur adipiscing elit.\n\n[^1]: A note.\n",
     (1, 1, 12, "Lorem ipsum")),
    ("a.html", "<p><strong>Lorem ipsum</strong> dolor sit amet.</p>\n", (1, 12, 23, "Lorem ipsum")),
    ("a.txt", "Opening hours: [TBD]\n", (1, 16, 21, "[TBD]")),
    ("a.md", "Call us on 020 XXX to book.\n", (1, 16, 19, "XXX")),
    ("a.md", "The price is FIXME: check with sales.\n", (1, 14, 20, "FIXME:")),
])
def test_leftovers_fire_at_their_position(name, text, expected):
    got = spans(run(name, text), "content/placeholder-text")
    assert got == [("content/placeholder-text", *expected)]


@pytest.mark.parametrize("name, text", [
    # discussed: "Why did we ever start using Lorem Ipsum", replacing it with real words
    ("a.md", "I didn't even use Lorem Ipsum or Bacon Ipsum. Why did we ever start using Lorem Ipsum?\n"),
    ("a.md", "Replace the lorem ipsum in your mock-ups with real words before the review.\n"),
    ("a.md", "Designers fill boxes with dummy text such as lorem ipsum.\n"),
    # quoted: a menu marked “TBD” in the beta; "See this page in XXX" as a message template
    ("a.md", "In the beta the menu was marked “TBD” until the labels were agreed.\n"),
    ("a.md", 'A message says "See this page in XXX" for each language.\n'),
    ("a.md", 'The standard filler begins "Lorem ipsum dolor sit amet".\n'),
    # deliberate status wording
    ("a.md", "We'll be using a subset (TBD) of the full list of checks.\n"),
    ("a.md", "Copy the file to the config folder (exact path TBD).\n"),
    # named in prose: "fixed one FIXME", "Remove old FIXME", "add a TODO: comment"
    ("a.md", "This release fixed one FIXME in the parser.\n"),
    ("a.md", "- Remove old FIXME ([#4349](https://example.org/4349))\n"),
    ("a.md", "Add a TODO: comment where the API is not final.\n"),
    # a tutorial's table cell
    ("a.md", "| Marker | Meaning |\n| --- | --- |\n| TODO: | work left to do |\n"),
    ("a.html", "<table><tr><td>TODO:</td><td>work left to do</td></tr></table>\n"),
    # a heading naming a to-do section of a theme's README
    ("a.md", "## TODO\n\n- recaptcha for the contact form\n"),
    ("a.md", "# TODO (maybe?)\n\n- dark mode\n"),
    # a documentation page showing markup with dummy text: the same words in a code example
    ("a.md", "```markdown\n- [x] Lorem ipsum dolor sit amet, consectetur adipiscing elit\n```\n\n"
             "- [x] Lorem ipsum dolor sit amet, consectetur adipiscing elit\n"),
    # MkDocs Material's footnotes page: the example's footnote references are not in the
    # rendered text, and the words around them are the same
    ("a.md", '``` title="Text with footnote references"\nLorem ipsum[^1] dolor sit amet, consectetur '
             'adipiscing elit.[^2]\n```\n\n<div class="result" markdown>\n\nLorem ipsum[^1] dolor sit amet, '
             'consectetur adipiscing elit.[^2]\n\n</div>\n\n[^1]: Lorem ipsum dolor sit amet.\n'
             '[^2]:\n    Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'),
])
def test_mentions_do_not_fire(name, text):
    assert spans(run(name, text), "content/placeholder-text") == []


def test_risky_claim_fires_at_its_position():
    got = spans(run("a.md", "A risk-free way to grow your savings.\n"), "content/risky-claims")
    assert got == [("content/risky-claims", 1, 3, 12, "risk-free")]
    got = spans(run("a.md", "Guaranteed results in 30 days, or your money back.\n"), "content/risky-claims")
    assert got == [("content/risky-claims", 1, 1, 19, "Guaranteed results")]


@pytest.mark.parametrize("text", [
    "Discount the cash flows at the risk-free rate plus a premium.\n",
    "Treasury bills approximate a risk-free return.\n",
    "Because there is no perfect, risk-free software system, the ATO process manages risk.\n",
    "Someone is going to come up with a miracle cure and find something new.\n",
    'Beware of any advert promising "guaranteed returns".\n',
    # babel's docs: a contraction negates the claim ("n't" never matched after a letter)
    "the options Babel has received. Caching on this isn't 100% guaranteed to\ninvalidate properly.\n",
    "It doesn’t offer guaranteed results.\n",
])
def test_risky_claim_look_alikes_do_not_fire(text):
    assert spans(run("a.md", text), "content/risky-claims") == []


def test_an_imperative_before_a_claim_is_no_negation():
    """"Don't miss" urges the reader: the claim after it stands, at its column."""
    text = "Don't miss our risk-free trial! It's 100% guaranteed, you won't regret it.\n"
    got = spans(run("a.md", text), "content/risky-claims")
    assert got == [("content/risky-claims", 1, text.index("risk-free") + 1, text.index("risk-free") + 10, "risk-free"),
                   ("content/risky-claims", 1, text.index("100%") + 1, text.index(" guaranteed,") + 12,
                    "100% guaranteed")]


def test_explain_says_how_each_rule_decides():
    rules = all_rules(load_packs([]))
    placeholder = rules["content/placeholder-text"].doc
    assert "A match is a mention, not reported, when it is inside quotation marks" in placeholder
    assert "table cell" in placeholder and "code example" in placeholder and "heading" in placeholder
    risky = rules["content/risky-claims"].doc
    assert "the words right after it match" in risky and "rates?" in risky


def test_bad_mention_spec_is_a_clear_pack_problem():
    problems = CHECK.validate_pack("rules", [
        {"id": "x", "terms": ["a"], "mention": {"quoted": True, "bogus": 1}},
        {"id": "y", "terms": ["a"], "mention": {"before": "(unclosed"}},
    ], "pack.yaml")
    assert any("entry 1 (x): 'mention' must be a mapping of" in p for p in problems)
    assert any("entry 2 (y): mention.before: bad regular expression '(unclosed'" in p for p in problems)
