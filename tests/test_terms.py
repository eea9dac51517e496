"""The generic term rules of checks/terms.py (existence and substitution, from a pack of
the test's own): each option with a true positive, a look-alike that must not fire and the
exact position; the fix a substitution carries; the pack problems it reports."""
from __future__ import annotations

import pytest

from checkhelpers import col, findings_of, spans
from contentguard.checks.terms import CHECK
from contentguard.config import ConfigError
from contentguard.engine import make_context

PACK = """
rules:
  - id: banned
    terms: [risk-free, guaranteed returns]
    severity: error
    message: "'{match}' is a claim"
  - id: codename
    terms: ["Project Z\\\\d+"]
    regex: true
    case_sensitive: true
  - id: inside-words
    terms: [tbc]
    whole_word: false
    scope: [heading]
  - id: house-style
    kind: substitution
    swap: {e-mail: email, "log-in": login}
"""


@pytest.fixture()
def ctx(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    c = make_context(today="2026-11-23", rules=[str(pack)],
                     select=["content/banned", "content/codename", "content/inside-words", "content/house-style"])
    CHECK.setup(c)
    return c


def test_existence_whole_words_case_insensitive_at_the_exact_position(ctx):
    text = "Intro\n\nA RISK-FREE offer, with guaranteed  returns? No: guaranteed returns.\n"
    got = findings_of(CHECK, ctx, "a.md", text)
    assert spans(got) == [("content/banned", 3, 3, 12, "RISK-FREE"), ("content/banned", 3, 50, 68, "guaranteed returns")]
    assert col(text, 3, "No: guaranteed") + 4 == 50  # the double space is not "guaranteed returns"
    assert got[0].severity == "error" and got[0].message == "'RISK-FREE' is a claim"
    # look-alikes: inside a word, after a hashtag or an @handle
    assert findings_of(CHECK, ctx, "b.md", "norisk-free, risk-freedom, #risk-free, @risk-free\n") == []


def test_regex_terms_keep_their_case(ctx):
    got = findings_of(CHECK, ctx, "a.txt", "Launch of Project Z42 soon; project z42 is not it.\n")
    assert spans(got) == [("content/codename", 1, 11, 22, "Project Z42")]


def test_scope_and_substrings(ctx):
    text = "# Pricing TBC soon\n\nprices tbc, and in a heading only:\n\n## LaunchTBC\n"
    got = spans(findings_of(CHECK, ctx, "a.md", text), "content/inside-words")
    assert got == [("content/inside-words", 1, 11, 14, "TBC"), ("content/inside-words", 5, 10, 13, "TBC")]


def test_substitution_keeps_the_case_and_carries_a_fix(ctx):
    text = "<p>E-mail us or log-in.</p>\n<p>email is fine</p>\n"
    got = findings_of(CHECK, ctx, "a.html", text)
    assert spans(got) == [("content/house-style", 1, 4, 10, "E-mail"), ("content/house-style", 1, 17, 23, "log-in")]
    assert got[0].message == "Use 'Email' instead of 'E-mail'"
    fix = got[0].fix
    assert (text[fix.start:fix.end], fix.replacement, fix.expected) == ("E-mail", "Email", "E-mail")


def test_bad_packs_are_clear_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: Bad_Id\n    kind: spelling\n    terms: []\n    scope: [footer]\n"
                   "  - id: rx\n    regex: true\n    terms: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        make_context(rules=[str(bad)])
    msg = str(e.value)
    for part in ("'id' must be lower-case", "'kind' must be one of existence, substitution",
                 "'scope' must be a list of", "bad regular expression '(unclosed'"):
        assert part in msg, msg


def test_plain_terms_skip_texts_without_them_yet_match_what_re_matches(ctx):
    # the rule's words are looked for before its alternation runs (contentguard.literals):
    # a page without them has no finding, and every match the pattern would make still is
    # one: upper case, a non-ASCII page, and the letters re's (?i) equates with ASCII ones
    # (the long s, the Kelvin sign), which lower-casing alone does not
    chk = [x for x in CHECK._compiled if x.rule_id == "content/banned"][0]
    assert chk.words == ("risk-free", "guaranteed returns") and not chk.may_match("© risk, free returns")
    text = "© Büro\n\nA riſk-free offer, GUARANTEED RETURNS.\n"
    got = spans(findings_of(CHECK, ctx, "a.md", text), "content/banned")
    assert got == [("content/banned", 3, 3, 12, "riſk-free"), ("content/banned", 3, 20, 38, "GUARANTEED RETURNS")]
    assert findings_of(CHECK, ctx, "b.md", "© Büro\n\nA risky, free offer with guaranteed, returns.\n") == []


def test_case_sensitive_and_non_ascii_terms_keep_their_reading(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: exact\n    terms: [ACME Cloud]\n    case_sensitive: true\n"
                    "  - id: accents\n    terms: [Crème Brûlée]\n", encoding="utf-8")
    c = make_context(today="2026-11-23", rules=[str(pack)], select=["content/exact", "content/accents"])
    CHECK.setup(c)
    text = "Try ACME Cloud, not Acme Cloud, with CRÈME BRÛLÉE.\n"
    assert spans(findings_of(CHECK, c, "a.txt", text)) == [("content/exact", 1, 5, 15, "ACME Cloud"),
                                                           ("content/accents", 1, 38, 50, "CRÈME BRÛLÉE")]
    accents = [x for x in CHECK._compiled if x.rule_id == "content/accents"][0]
    assert accents.words is None  # a non-ASCII term: (?i) is more than lower-casing, the pattern always runs


def test_requires_skips_a_regex_rule_on_texts_without_its_words(tmp_path):
    # a regex rule's ``requires``: the pattern runs only on a text holding one of the words
    # (any case). Shown with a pattern that can match without the word: the gate is what
    # decides, so a wrong list loses matches (the pack author's word, as documented)
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: ticket\n    regex: true\n    case_sensitive: true\n"
                    "    terms: ['(?:TODO|Ticket)-\\d+']\n    requires: [todo]\n", encoding="utf-8")
    c = make_context(today="2026-11-23", rules=[str(pack)], select=["content/ticket"])
    CHECK.setup(c)
    text = "Intro\n\nSee TODO-12 and Ticket-7.\n"
    assert spans(findings_of(CHECK, c, "a.txt", text)) == [("content/ticket", 3, 5, 12, "TODO-12"),
                                                           ("content/ticket", 3, 17, 25, "Ticket-7")]
    # look-alike: no "todo" in any case on the page, so the pattern is not run at all
    assert findings_of(CHECK, c, "b.txt", "Intro\n\nSee Ticket-7.\n") == []
    # the word in another case still lets the pattern run
    assert spans(findings_of(CHECK, c, "c.txt", "todo: Ticket-7\n")) == [("content/ticket", 1, 7, 15, "Ticket-7")]


def test_requires_must_be_ascii_words_on_a_regex_rule(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: plain\n    terms: [tbd]\n    requires: [tbd]\n"
                   "  - id: rx\n    regex: true\n    terms: ['x+y']\n    requires: [crème]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        make_context(rules=[str(bad)])
    msg = str(e.value)
    assert "entry 1 (plain): 'requires' must be a non-empty list of ASCII words" in msg, msg
    assert "entry 2 (rx): 'requires' must be" in msg, msg


def test_the_shipped_placeholder_rule_requires_a_word_of_each_pattern():
    # every pattern of content/placeholder-text holds one of its required words: a text
    # made of each pattern's example still fires, a page without them is not searched
    c = make_context(today="2026-11-23", select=["content/placeholder-text"])
    CHECK.setup(c)
    rule = [x for x in CHECK._compiled if x.rule_id == "content/placeholder-text"][0]
    assert rule.requires == ("lorem", "todo", "fixme", "tbd", "insert", "xxx")
    for line, word in [("Lorem ipsum dolor sit amet.", "Lorem ipsum"), ("Ship it. TODO: test", "TODO:"),
                       ("Led by [insert name].", "[insert name]"), ("Price [TBD] soon", "[TBD]"),
                       ("Call XXX today", "XXX"), ("Fix later FIXME: now", "FIXME:")]:
        got = findings_of(CHECK, c, "a.txt", f"Intro\n\n{line}\n")
        assert [(f.line, f.column) for f in got] == [(3, line.index(word) + 1)], line
    assert not rule.may_match("An ordinary page about pricing, with no placeholders.")
