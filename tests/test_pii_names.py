"""The personal-data check on person names (checks/pii/names.py, name_filters.py): a true positive
at its exact position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from piihelpers import needs_model, run, at


@needs_model
def test_name_beside_a_complaint():
    text = ("# Case notes\n\nWe received a complaint from Jonathan Whitfield about the damaged sofa, "
            "and refunded him in full.\n")
    f = only(run("a.md", text), "pii/person-name")
    at(f, text, 3, "Jonathan Whitfield")
    assert f.excerpt == "J*** W***"
    assert f.message == ("name of a private individual (J*** W***) beside sensitive details: "
                         "remove or anonymise it")
    assert f.kind == "pii.person-name" and f.severity == "warning"


@needs_model
def test_name_in_a_labelled_field_near_financial_data():
    text = "Applicant: Priya Natarajan\nIBAN: GB45 BARC 2003 5378 2934 18\n"
    f = only(run("a.txt", text), "pii/person-name")
    at(f, text, 1, "Priya Natarajan")


@needs_model
@pytest.mark.parametrize("text", [
    # no sensitive context at all
    "Jonathan Whitfield opened the new bakery on the high street.",
    # a spokesperson quoted by role
    "\"We are sorry for the delay,\" said Helen Carter, Head of Customer Care, about the complaint.",
    "Complaints are falling, according to Director of Services Helen Carter.",
    # a first name alone
    "Our patient adviser Helen will call about the diagnosis.",
])
def test_name_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n"), "pii/person-name") == []


@needs_model
def test_declared_author_and_allow_names_are_not_findings():
    text = ("---\ntitle: Our complaints process\nauthor: Helen Carter\n---\n\n"
            "Helen Carter explains how every complaint is handled by Robert Ashdown.\n")
    got = [f.excerpt for f in run("a.md", text, )]
    assert got == ["R*** A***"]
    assert run("a.md", text, allow_names=["Robert Ashdown"]) == []
    assert run("a.md", text.replace("author: Helen Carter\n", ""), authors=["Helen Carter"],
               allow_names=["Robert Ashdown"]) == []


@needs_model
def test_names_option_off():
    text = "We received a complaint from Jonathan Whitfield about the damaged sofa.\n"
    assert run("a.txt", text, names=False) == []


def test_no_model_names_off_with_one_notice_and_the_rest_works(capsys):
    model = "no_such_model_for_pii_tests"
    text = ("We received a complaint from Jonathan Whitfield about the damaged sofa.\n"
            "He wrote from jon.whitfield@gmail.com and card 5425 5260 1815 9087.\n")
    first = run("a.txt", text, top={"nlp-model": model})
    second = run("b.txt", text, top={"nlp-model": model})
    assert [f.rule for f in first] == ["pii/email", "pii/payment-card"]
    assert [f.rule for f in second] == ["pii/email", "pii/payment-card"]
    err = capsys.readouterr().err
    assert err.count(model) == 1, err  # one notice per process, not one per document
    assert "detection is off" in err and "nlp-model" in err
