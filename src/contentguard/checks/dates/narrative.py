"""Narrative is not a deadline: is a sentence that holds a date and a trigger telling what
happened ("From March through October 2013, we interviewed users", "We kept the survey open
until 15 May 2022", "The team shipped the new search by March 2019")?

The pattern rules of :mod:`judgement` catch the common shapes; this pass reads the verbs of
the sentence with spaCy's part-of-speech tagger. It runs only on sentences that already hold
a date candidate and a trigger *and* would be reported, so a page without a stale date never
loads a model. The tagger alone (no parser, no entities) is enough: a sentence is narrative
when its finite verbs are in the past (VBD, or had + VBN) and none is present (VBZ/VBP), a
modal (will, shall, can) or an imperative (a base-form verb not after "to" or an auxiliary:
"Join us on ...", "Apply by ..."). Measured on this machine: loading the tagger pipeline
takes ~0.6 s (plus ~1.2 s to import spaCy when no other check has), then ~3 ms per sentence;
on the real-site set about one page in ten has such a sentence. Without spaCy or the model
the pattern rules alone decide (one notice, spaCy never imported).
"""
from __future__ import annotations

import re
from typing import Any

_TAGGERS: dict[str, Any] = {}
_AUX = {"to", "do", "does", "did", "n't", "not", "will", "shall", "would", "should", "can", "could",
        "may", "might", "must", "'ll", "please"}


def _tagger(ctx):
    """The configured model with only its tagger (once per process); None when unavailable."""
    model = ctx.config.get("nlp-model")
    if model in _TAGGERS:
        return _TAGGERS[model]
    nlp = None
    try:
        import spacy

        nlp = spacy.load(model, exclude=["parser", "ner", "lemmatizer", "senter", "morphologizer"])
        if "tagger" not in nlp.pipe_names:
            nlp = None
    except Exception as e:  # no spaCy, no model: the pattern rules alone decide
        ctx.notice_once(f"nlp:{model}:tagger",
                        f"spaCy model '{model}' is not available ({type(e).__name__}); dates: "
                        f"past-tense narrative is told from deadlines by patterns only.")
    _TAGGERS[model] = nlp
    return nlp


def is_narrative(ctx, sentence: str) -> bool:
    """Does ``sentence`` tell what happened (finite verbs all in the past, no modal, no
    imperative)? False when no tagger is available."""
    if not _PAST_HINT.search(sentence):
        return False  # no past form at all: nothing to ask the tagger
    nlp = _tagger(ctx)
    if nlp is None:
        return False
    tokens = [(t.text.lower(), t.tag_) for t in nlp(sentence[:600])]
    past = False
    for i, (word, tag) in enumerate(tokens):
        if tag in ("VBZ", "VBP", "MD"):
            return False
        if tag == "VB":
            prev = [w for w, _ in tokens[max(0, i - 3):i]]
            if not any(w in _AUX for w in prev):
                return False  # an imperative: "Join us on ...", "Apply by ..."
        if tag == "VBD":
            past = True
    return past


# a word that can be a past form: -ed, or a common irregular past
_PAST_HINT = re.compile(
    r"\b(?:[a-z]{2,}ed|ran|kept|went|made|took|held|gave|sent|built|began|brought|bought|sold|wrote"
    r"|met|left|saw|found|told|spent|got|won|led|grew|drew|chose|rose|fell|became|came|knew|thought"
    r"|felt|shut|put|set|cut|let|hit|ended|was|were|had|did)\b", re.IGNORECASE)
