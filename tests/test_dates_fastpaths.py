"""The date grammar's fast paths: the big date pattern and the trigger phrases are tried
only where a match can start (a left edge before a digit, Q, H or a month's or weekday's
first letter), with the matches ``finditer`` gives, at the same places."""
from __future__ import annotations

import pytest

from contentguard.checks.dates.grammar import Grammar
from contentguard.literals import finditer_from

TEXT = ("Offer ends 18 August 2027 while stocks last. Join us Friday 14 March 2025, or on 2025-04-26T10:00; "
        "forms close 15/09/2024 (Q3 2024, H1 2025). Since March 2024 we open 1–3 May 2026. "
        "Look-alikes: v2.18 August, x18 August 2027, /2025-04-26, 1.15/09/2024 and XQ3 2024. "
        "١٥ مارس ٢٠٢٥ وmars 2025 et le 3 mai 2026.")


@pytest.mark.parametrize("langs", [["en"], ["en", "ar"], ["en", "fr"]])
def test_dates_are_tried_only_where_one_can_start_with_finditer_s_matches(langs):
    g = Grammar(langs)
    for lo, hi in ((0, len(TEXT)), (30, 102), (0, 20)):
        want = [(m.span(), m.lastgroup, m.groups()) for m in g.rx.finditer(TEXT, lo, hi)]
        assert [(m.span(), m.lastgroup, m.groups()) for m in finditer_from(g.rx, g.starts, TEXT, lo, hi)] == want
    got = {TEXT[m.start():m.end()] for m in finditer_from(g.rx, g.starts, TEXT)}
    assert {"18 August 2027", "Friday 14 March 2025", "2025-04-26", "15/09/2024", "Q3 2024", "March 2024"} <= got
    # look-alikes inside a version, a word, a path or a number: no date starts after the
    # character that joins them to it
    starts = {m.start() for m in finditer_from(g.rx, g.starts, TEXT)}
    for look in ("v2.18 August", "x18 August 2027", "/2025-04-26", "1.15/09/2024", "XQ3 2024"):
        at = TEXT.index(look)
        assert not starts & set(range(at + 1, at + 4)), look
    if "ar" in langs:
        assert "١٥ مارس ٢٠٢٥" in got
    if "fr" in langs:
        assert "3 mai 2026" in got


def test_a_candidate_keeps_its_exact_span():
    g = Grammar(["en"])
    c = g.candidates(TEXT, "DMY", partials=False)
    s = TEXT.index("18 August 2027")
    assert (c[0].start, c[0].end, c[0].day.isoformat()) == (s, s + len("18 August 2027"), "2027-08-18")


@pytest.mark.parametrize("extra", [None, {"deadline": ["closing bell", "2nd call"]}, {"deadline": ["Øresund Deadline"]}])
def test_triggers_are_found_in_the_lower_cased_text_and_read_in_the_text_as_written(extra):
    from contentguard.literals import lowered

    g = Grammar(["en", "ar"], extra)
    # a phrase with a capital or a cased letter outside ASCII: the case-insensitive
    # pattern itself, on the text as written
    assert (g._triggers_lower is None) == (extra is not None and "Øresund Deadline" in extra["deadline"])
    text = ("OFFER ENDS 18 August 2027. Apply By 1 May 2026; The begin date is 3 May (not 'til later), "
            "the Øresund Deadline 4 May, ends-with 5 May and /ends 6 May. ينتهي العرض حتى ١٥ مارس ٢٠٢٥")
    low = lowered(text)
    assert low is not None and len(low) == len(text)
    for lo, hi in ((0, len(text)), (0, 22), (40, 60), (95, 140)):
        want = [(m.span(), m.lastgroup, m.group()) for m in g.triggers.finditer(text, lo, hi)]
        got = [(m.span(), m.lastgroup, m.group()) for m in g.trigger_matches(text, low, lo, hi)]
        assert got == want
    # the true positives as written, at their offsets; the look-alikes (a trigger joined to
    # a word by a hyphen or led by a slash, "begin" after "The") are none
    found = {(m.start(), m.group()) for m in g.trigger_matches(text, low, 0, len(text))}
    assert (text.index("OFFER ENDS"), "OFFER ENDS") in found and (text.index("Apply By"), "Apply By") in found
    assert not {s for s, _ in found} & {text.index("ends-with"), text.index("/ends") + 1, text.index("begin")}
    # a text whose lower case is not the same reading (dotless i, long s, dotted capital I)
    for odd in ("ıs due 1 May", "ſale ends 1 May", "İtem due 1 May"):
        assert lowered(odd) is None
        assert [m.span() for m in g.trigger_matches(odd, lowered(odd), 0, len(odd))] == \
            [m.span() for m in g.triggers.finditer(odd)]
