"""The personal-data check on national identity numbers (checks/pii/national_id.py): a true
positive at its exact position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from contentguard.checks.pii import nino_ok
from piihelpers import run, at


def test_ssn_dashed():
    text = "Employee SSN: 536-22-8174 (payroll)\n"
    f = only(run("a.txt", text), "pii/national-id")
    at(f, text, 1, "536-22-8174")
    assert f.excerpt == "•••-••-••74"
    assert f.message == "US Social Security number •••-••-••74: remove it"
    assert f.kind == "pii.national-id"


def test_ssn_spaced_needs_the_word_ssn():
    assert len(run("a.txt", "SSN 536 22 8174\n")) == 1
    assert spans(run("a.txt", "Room 536 22 8174\n"), "pii/national-id") == []


def test_nino():
    text = "His NI number is JG 10 37 82 A, or JG103782A.\n"
    fs = run("a.txt", text)
    assert [f.rule for f in fs] == ["pii/national-id", "pii/national-id"]
    at(fs[0], text, 1, "JG 10 37 82 A")
    at(fs[1], text, 1, "JG103782A")
    assert fs[0].excerpt == "•• •• •• •2 A"
    assert fs[0].message == "UK National Insurance number •• •• •• •2 A: remove it"


@pytest.mark.parametrize("text", [
    "HMRC's example QQ 12 34 56 C.",
    "The classic 123-45-6789.",
    "Area 000-12-3456 is never issued, nor 666-12-3456 or 912-34-5678.",
    "Prefix BG 10 37 82 A is not allocated, DA 10 37 82 A neither.",
    "Suffix must be A-D: JG 10 37 82 E.",
    "Part no. 412-68-3057 fits the 2019 model.",
])
def test_national_id_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n")) == []


@pytest.mark.parametrize("text, value, name", [
    ("Aadhaar: 2341 2341 2346 on file.", "2341 2341 2346", "Indian Aadhaar number"),
    ("Her SIN is 130 456 783.", "130 456 783", "Canadian Social Insurance Number"),
    ("DNI 54362315K", "54362315K", "Spanish DNI"),
    ("Codice fiscale: RSSMRA85T10A562S", "RSSMRA85T10A562S", "Italian codice fiscale"),
])
def test_other_national_ids_after_their_name(text, value, name):
    f = only(run("a.txt", text + "\n"), "pii/national-id")
    at(f, text, 1, value)
    assert f.message.startswith(name + " ") and value not in f.message


@pytest.mark.parametrize("text", [
    "Aadhaar 2341 2341 2347 (checksum wrong)",
    "130 456 783 people signed",              # a valid SIN, but nothing says it is one
    "sin embargo 130456783",                  # 'sin' is not SIN
])
def test_other_national_ids_look_alikes(text):
    assert spans(run("a.txt", text + "\n")) == []


def test_nino_rules():
    assert nino_ok("JG", "103782", "A")
    assert not nino_ok("QQ", "103782", "A") and not nino_ok("GB", "103782", "A")
    assert not nino_ok("JO", "103782", "A") and not nino_ok("JG", "123456", "A")
