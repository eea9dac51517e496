"""The personal-data check on e-mail addresses (checks/pii/email.py): a true positive at its exact
position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from piihelpers import run, at


def test_email_personal_address_at_exact_position_masked():
    text = "# Refund\n\nThe customer wrote from sarah.jones1990@yahoo.com last week.\n"
    f = only(run("a.md", text), "pii/email")
    at(f, text, 3, "sarah.jones1990@yahoo.com")
    assert f.excerpt == "s***@y***.com"
    assert f.message == "personal e-mail address s***@y***.com: remove it or use a role address"
    assert f.kind == "pii.email" and f.category == "personal-data" and f.severity == "error"
    assert "sarah" not in f.message


@pytest.mark.parametrize("addr", [
    "info@acme.co.uk", "press@acme.org", "support@acme.com", "noreply@acme.com", "no-reply@acme.com",
    "careers@acme.com", "customer.service@acme.com", "hello@acme.com", "bug-reports@lists.acme.org",
    "events@gmail.com", "jane.doe@example.com", "a.u.thor@example.org", "jo.bloggs@shop.test",
])
def test_email_role_addresses_do_not_fire(addr):
    assert spans(run("a.txt", f"Write to {addr} with questions.\n")) == []


def test_email_org_domain_person_shape_fires_single_word_does_not():
    text = "Contact tom.baker@acme.co.uk or reception@acme.co.uk.\n"
    assert [s[4] for s in spans(run("a.txt", text))] == ["t***@a***.uk"]


def test_email_allowed_domains_and_extra_role_addresses():
    text = "Ask jane.doe@ourcharity.org or lunchclub@gmail.com.\n"
    assert len(run("a.txt", text)) == 2
    assert spans(run("a.txt", text, allowed_domains=["ourcharity.org"], role_addresses=["lunchclub"])) == []
