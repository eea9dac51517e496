"""The personal-data check on IBANs (checks/pii/iban.py): a true positive at its exact position,
the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import spans
from piihelpers import run, at


def test_iban_grouped_and_compact():
    text = "Refund to GB45 BARC 2003 5378 2934 18.\nOr DE12500105170648489890 please.\n"
    fs = run("a.txt", text)
    assert [f.rule for f in fs] == ["pii/iban", "pii/iban"]
    at(fs[0], text, 1, "GB45 BARC 2003 5378 2934 18")
    at(fs[1], text, 2, "DE12500105170648489890")
    assert fs[0].excerpt == "GB•• •••• •••• •••• ••34 18"
    assert fs[0].message == "IBAN GB•• •••• •••• •••• ••34 18: bank details must not be published"
    assert fs[0].kind == "pii.iban"


@pytest.mark.parametrize("text", [
    "IBAN GB46 BARC 2003 5378 2934 18",            # checksum off by one
    "Example: GB82 WEST 1234 5698 7654 32",         # the documented example IBAN
    "KW74NBOK000000000000100037215",                # one character short
])
def test_iban_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n")) == []
