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
    assert [(s[0], s[4]) for s in spans(run("a.txt", text))] == [("pii/work-email", "t***@a***.uk")]


def test_work_address_published_as_a_contact_is_info_at_its_position():
    """digital.gov had 176 errors for "contact Jean Fox at jean.fox@bls.gov" and the like:
    staff contacts at agencies' domains, published on purpose. They are pii/work-email, info."""
    text = "# UX Summit\n\nFor questions, contact Jean Fox at Fox.Jean@bls.gov or the team.\n"
    f = only(run("news/2022-01-19-ux-summit.md", text), "pii/work-email")
    at(f, text, 3, "Fox.Jean@bls.gov")
    assert (f.severity, f.kind, f.category, f.excerpt) == ("info", "pii.email", "personal-data", "F***@b***.gov")
    assert f.message.startswith("work e-mail address of a named person (F***@b***.gov)")
    assert spans(run("news/a.md", text), "pii/email") == []


def test_work_address_in_a_mailto_link_is_info_at_its_raw_position():
    text = "Questions? [Email Carolyn Dew](mailto:carolyn.dew@gsa.gov?subject=Readers) today.\n"
    f = only(run("news/readers.md", text), "pii/work-email")
    at(f, text, 1, "carolyn.dew@gsa.gov")
    assert f.message.endswith("(in a mailto: link)")


@pytest.mark.parametrize("name,text", [
    # the same shape at a webmail or ISP domain: the person's own mailbox
    ("news/a.md", "For questions, contact Jean Fox at jean.fox1971@gmail.com.\n"),
    ("news/a.md", "Ask Julien at julien.durand71@orange.fr about the order.\n"),
    # an organisation's domain, but in a sentence about a complaint: a customer, not staff
    ("news/a.md", "The complaint from tom.baker@acme-corp.com was upheld in part.\n"),
    # in a record (a ticket): any personal address is the customer's
    ("support/ticket-50213.txt", "Customer: tom.baker@acme-corp.com\nIssue: late delivery\n"),
])
def test_personal_address_stays_an_error(name, text):
    found = run(name, text)
    assert [(f.rule, f.severity) for f in found if f.kind == "pii.email"] == [("pii/email", "error")]


def test_email_allowed_domains_and_extra_role_addresses():
    text = "Ask jane.doe@ourcharity.org or lunchclub@gmail.com.\n"
    assert len(run("a.txt", text)) == 2
    assert spans(run("a.txt", text, allowed_domains=["ourcharity.org"], role_addresses=["lunchclub"])) == []


def test_a_urls_password_and_host_are_not_an_address():
    """docs.travis-ci.com: "https://ci-user:mypassword123@github.com/myorg/lib1.git" and
    "http://USERNAME:ACCESS_KEY@hub-cloud.browserstack.com/wd/hub" read as addresses."""
    text = ("Use `https://ci-user:mypassword123@github.com/myorg/lib1.git` in the URL.\n"
            "  :url => \"http://USERNAME:ACCESS_KEY@hub-cloud.browserstack.com/wd/hub\"\n"
            "Or write to jane.smith84@gmail.com: she knows.\n")
    found = run("docs/private-deps.md", text)
    assert [(f.rule, f.line) for f in found] == [("pii/email", 3)]
    at(found[0], text, 3, "jane.smith84@gmail.com")


def test_work_address_in_published_code_and_front_matter_is_info():
    """A staff owner's address in a YAML example (MoJ cloud platform) and a service's
    contact in front matter (digital.gov) are work contacts too."""
    text = ('---\ntitle: Folio\ncontact: folio.pmo@gsa.gov\n---\n\n```yaml\n'
            'owner: "andy.marke@digital.justice.gov.uk"\n```\n')
    found = run("services/folio.md", text)
    assert sorted((f.rule, f.line, f.severity) for f in found) == [
        ("pii/work-email", 3, "info"), ("pii/work-email", 7, "info")]
    at(next(f for f in found if f.line == 7), text, 7, "andy.marke@digital.justice.gov.uk")


def test_addresses_are_looked_for_at_each_at_sign_with_the_pattern_s_own_matches():
    import random

    from contentguard.checks.pii.email import EMAIL, email_matches

    text = "Mail maria.lopez@gmail.com, x_maria@gmail.com, not .dot@x.org, a@b.co@c.io or café@x.org"
    # the true positives at their spans; the look-alikes: a local part led by a dot (and
    # its rest, after the dot the pattern's look-behind refuses), a second @ right after
    # an address, a local part ending in a letter that is not ASCII
    got = [(m.start(), m.group()) for m in email_matches(text)]
    assert got == [(5, "maria.lopez@gmail.com"), (28, "x_maria@gmail.com"), (text.index("a@b"), "a@b.co")]
    rng = random.Random(5)
    for _ in range(20000):  # the same matches as finditer, runs longer than 64 included
        t = "".join(rng.choice("ab.@-_+%xZ9 é:/") for _ in range(rng.randint(0, 90)))
        assert [m.span() for m in email_matches(t)] == [m.span() for m in EMAIL.finditer(t)], t
