"""contentguard.literals: the cheap "no match possible" test in front of slow patterns."""
import re
import string
import sys

from contentguard.literals import CASE_ODD, may_hold


def test_case_odd_lists_every_character_that_matches_or_lowers_to_an_ascii_letter():
    # the exactness of may_hold rests on this list: checked against re itself, every code point
    letter = re.compile(r"(?i)[a-z]")
    odd = set()
    for cp in range(128, sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if letter.fullmatch(c) or any(x in string.ascii_letters for x in c.lower()):
            odd.add(c)
    assert odd == set(CASE_ODD)


def test_may_hold_finds_a_word_in_any_case_and_only_a_present_word():
    assert may_hold("Our office in TOKYO opens", ("tokyo",))
    assert may_hold("a Risk-Free trial", ("risk-free", "no risk"))
    # look-alikes: other words, and the word's letters apart
    assert not may_hold("Our office in Kyoto opens", ("tokyo",))
    assert not may_hold("risk, free of charge", ("risk-free",))


def test_non_ascii_text_is_lowered_and_the_odd_letters_always_say_maybe():
    assert may_hold("© 2026 Büro in Tokyo", ("tokyo",))
    assert not may_hold("© 2026 Büro in Kyoto", ("tokyo",))
    # re's (?i) matches "ı" (dotless i) and "ſ" (long s) to i and s: a match may be there,
    # which lower-casing alone would miss
    assert re.search("(?i)istanbul", "ıstanbul") and "istanbul" not in "ıstanbul".lower()
    assert may_hold("Our office in ıstanbul", ("istanbul",))
    assert may_hold("a riſk-free trial", ("risk-free",))
    assert may_hold("\u212aenya", ("kenya",))


def test_finditer_from_gives_finditer_s_matches_trying_only_where_a_match_can_start():
    from contentguard.literals import finditer_from

    rx = re.compile(r"(?<![\w-])(?:\+|\b00)?\d+")
    starts = re.compile(r"[+\d]")
    for text in ("a +44 and 0044, x12 -5 77", "+1", "", "no digits", "1+2+3 00 +"):
        assert [m.span() for m in finditer_from(rx, starts, text)] == [m.span() for m in rx.finditer(text)]
    # the look-behind sees the text before the position tried: "x12" and "-5" are no matches
    assert [m.group() for m in finditer_from(rx, starts, "a +44 and 0044, x12 -5 77")] == ["+44", "0044", "77"]


def test_many_words_are_searched_in_one_pass_with_the_same_answers():
    import random

    from contentguard.literals import AUTOMATON_FROM, _automaton

    places = ("amman", "amsterdam", "auckland", "bangkok", "barcelona", "berlin", "brazil", "cairo", "dubai",
              "new york", "york", "tokyo", "tok", "paris", "madrid", "lisbon", "oslo", "riyadh", "doha",
              "seoul", "rio de janeiro", "o'hare", "risk-free", "dselsnummer", " sociale")
    assert len(places) >= AUTOMATON_FROM and _automaton(places) is not None
    # the true positive, found in the one pass, and the look-alike, not
    assert may_hold("Our office in TOKYO opens", places)
    assert may_hold("Fødselsnummer: 12", places) and may_hold("NEW YORK", places)
    assert not may_hold("Our office in Kyoto opens", places)
    assert not may_hold("Rio, de Janeiro", places) and not may_hold("", places)
    # odd letters still say maybe; an empty word is in every text
    assert may_hold("ıstanbul", places) and may_hold("nothing here", places + ("",))
    # the same answer as one search per word: overlapping words, prefixes of each other,
    # words inside words, spaces and punctuation, over random texts
    rng = random.Random(7)
    words = tuple(sorted(set(places) | {"".join(rng.choice("abcdefgh -'") for _ in range(rng.randint(2, 6)))
                                        for _ in range(40)}))
    for _ in range(3000):
        text = "".join(rng.choice("abcdefghij -'\nKXY") for _ in range(rng.randint(0, 80)))
        assert may_hold(text, words) == any(w in text.lower() for w in words), text
