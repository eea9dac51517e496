"""The personal-data check on payment cards (checks/pii/card.py): a true positive at its exact
position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from contentguard.checks.pii import card_issuer, luhn_ok
from piihelpers import run, at


def test_card_luhn_valid_with_issuer_prefix():
    text = "Charged to 5425 5260 1815 9087 on Monday.\n"
    f = only(run("a.txt", text), "pii/payment-card")
    at(f, text, 1, "5425 5260 1815 9087")
    assert f.excerpt == "•••• •••• •••• 9087"
    assert f.message == "Mastercard card number •••• •••• •••• 9087: remove it (never publish a card number)"
    assert f.kind == "pii.payment-card"


@pytest.mark.parametrize("number, issuer", [
    ("3714 301661 31862", "American Express"), ("4916-0913-9099-6035", "Visa"), ("4916091390996035", "Visa"),
])
def test_card_other_issuers_and_groupings(number, issuer):
    f = only(run("a.txt", f"card {number}\n"), "pii/payment-card")
    assert f.message.startswith(issuer + " card number")


@pytest.mark.parametrize("text", [
    "Test with 4111 1111 1111 1111 in the sandbox.",   # documented test card
    "Stripe test card 4242 4242 4242 4242.",
    "Gift card 5177 8275 8400 9370.",                  # fails Luhn
    "ISBN 978-0-306-40615-7",
    "Barcode 4006381333931",                           # GTIN-13
    "Reference 9012 0824 6281 9488",                   # Luhn-valid, no issuer
    "Tracking 1Z999AA10123456784",
    "Card ending 4471",
    "Serial 4532-0151-1283-0366 on the box.",           # Luhn-valid, but labelled a serial
])
def test_card_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n"), "pii/payment-card") == []


def test_luhn_and_issuer_helpers():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert card_issuer("378282246310005") == "American Express"
    assert card_issuer("37828224631000") is None  # Amex is 15 digits


def test_card_shaped_id_attribute_does_not_fire():
    # digital.gov's Hugo shortcodes: a tweet's id passes Luhn with a Maestro prefix
    text = '{{< tweet user="eDipAtState" id="601381376940728320" >}}\n"user_id": 6011555500001232\n'
    assert spans(run("a.md", text)) == []
    text = "Card: 6011555500001232 was charged.\n"
    f = only(run("a.txt", text), "pii/payment-card")
    at(f, text, 1, "6011555500001232")
