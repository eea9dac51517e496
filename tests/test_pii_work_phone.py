"""pii/work-phone (checks/pii/phone.py ``phone_rule``): a number in the same sentence or
short contact block as an address at an organisation's domain, on a published page, beside
no sensitive matter, is a staff member's work line (info); a mobile, a record, a sensitive
word or no work address near keeps it ``pii/phone`` (error)."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from contentguard.checks.pii.phone import contact_span
from piihelpers import at, run

#: digital.canada.ca's research pages: name / number / address, one per line
BLOCK = ("# Research\n\nFor any further questions about this research, please contact:\n\n"
         "<div class=\"research-page-contact\">\n<p>Adrianne Lee</p>\n<p>613-222-7880</p>\n"
         "<p><a href=\"mailto:adrianne.lee@tbs-sct.gc.ca\">Adrianne Lee</a></p>\n</div>\n")


def test_a_staff_contact_blocks_number_is_work_phone_at_its_position():
    f = only(run("research.md", BLOCK), "pii/work-phone")
    at(f, BLOCK, 7, "613-222-7880")
    assert (f.severity, f.kind, f.category, f.excerpt) == ("info", "pii.phone", "personal-data", "•••-•••-•880")
    assert f.message.startswith("work phone number •••-•••-•880 in a named staff contact beside a work address")
    # the address only in the mailto: link (its text is the name) is what ties them
    assert [x.rule for x in run("research.md", BLOCK)] == ["pii/work-phone", "pii/work-email"]


def test_a_number_in_the_same_sentence_as_a_mailto_work_address_is_work_phone():
    """digital.gov: "contact Jamal Mazrui [via email](mailto:...) or by phone at ..."."""
    text = ("For more information, contact Jamal Mazrui [via email](mailto:jamal.mazrui@fcc.gov) "
            "or by phone at (202) 418-0069.\n")
    f = only(run("news/2014-05-08-event.md", text), "pii/work-phone")
    at(f, text, 1, "(202) 418-0069")


def test_one_line_paragraphs_of_a_notice_block_and_an_organisations_own_mailbox():
    """docs.travis-ci.com's copyright agent: each line its own paragraph, the company's mailbox."""
    text = ("### TRAVIS CI Corporation\n\nAttn: Chris Smith, Chief Operation Office\n\n"
            "Austin, Texas 78759\n\nTelephone: +1 (713) 862-5250\n\nE-mail: copyright@idera.com\n")
    f = only(run("legal/copyright.md", text), "pii/work-phone")
    at(f, text, 7, "+1 (713) 862-5250")


def test_a_mobile_in_the_same_block_stays_personal():
    text = "Jane Porter  \nProject lead  \n07841 226 958  \njane.porter@acme.co.uk\n"
    f = only(run("team.md", text), "pii/phone")
    at(f, text, 3, "07841 226 958")
    assert f.severity == "error"
    # a GB landline in the same block is her work line
    land = text.replace("07841 226 958", "020 7946 1234".replace("7946", "7219"))
    at(only(run("team.md", land), "pii/work-phone"), land, 3, "020 7219 1234")


def test_a_number_in_a_record_stays_personal():
    text = "Customer: Adrianne Lee\nPhone: 613-222-7880\nEmail: adrianne.lee@tbs-sct.gc.ca\n"
    f = only(run("support/ticket-50213.txt", text), "pii/phone")
    at(f, text, 2, "613-222-7880")
    assert spans(run("support/ticket-50213.txt", text), "pii/work-phone") == []


@pytest.mark.parametrize("text", [
    # a sensitive word in the number's sentence
    "Call Bob Hale on 613-222-7881 about his complaint, or write to bob.hale@tbs-sct.gc.ca.\n",
    # ... or in the contact block
    "Complaint from:  \nBob Hale  \n613-222-7881  \nbob.hale@tbs-sct.gc.ca\n",
])
def test_a_number_beside_a_sensitive_word_stays_personal(text):
    f = only(run("news/a.md", text), "pii/phone")
    at(f, text, text[:text.index("613")].count("\n") + 1, "613-222-7881")


@pytest.mark.parametrize("text", [
    # nothing near
    "Call Bob Hale on 613-222-7881 any time.\n",
    # an address at a webmail domain: the person's own mailbox
    "Bob Hale  \n613-222-7881  \nbob.hale1971@gmail.com\n",
    # an address in another sentence of a prose line
    ("Bob Hale answers questions about the project on 613-222-7881 any weekday morning. The project "
     "itself has been run for many years by the regional office and its many volunteers, and reports go "
     "to jane.porter@tbs-sct.gc.ca.\n"),
    # an address two paragraphs away, past a paragraph of prose
    ("Bob Hale  \n613-222-7881\n\nThe project has been run for many years by the regional office "
     "and its many volunteers.\n\nJane Porter  \njane.porter@tbs-sct.gc.ca\n"),
    # a URL's user name and password are no address
    "Bob Hale  \n613-222-7881  \n<https://bob:secret99@git.tbs-sct.gc.ca/repo>\n",
    # a sample address is nobody's
    "Bob Hale  \n613-222-7881  \nbob.hale@example.com\n",
    # his own mailbox in the block: the contact is his, whatever else is near
    "Bob Hale  \n613-222-7881  \nbob.hale1971@gmail.com  \nteam@tbs-sct.gc.ca\n",
    # a code block's fence ends the block (the markdown reader's code test)
    "```text\nCall Bob Hale on 613-222-7881\n```\n\nWrite to `jane.porter@tbs-sct.gc.ca` instead.\n",
])
def test_a_number_with_no_work_address_near_stays_personal(text):
    f = only(run("news/a.md", text), "pii/phone")
    at(f, text, text[:text.index("613")].count("\n") + 1, "613-222-7881")


def test_the_contact_block_is_short_lines_and_stops_in_a_long_line():
    head = "Adrianne Lee\nResearch lead\n613-222-7880\nAdrianne.Lee@tbs-sct.gc.ca"
    block = head + "\nThis line of prose goes on well past the eight words of a contact line.\n"
    s = block.index("613")
    assert contact_span(block, s, s + 12) == (0, len(head))
    # a minified page: the number's line is longer than any contact line; only its sentence
    page = "<p>" + "word " * 2000 + "Call 613-222-7880.</p>" + "x" * 5000
    s = page.index("613")
    lo, hi = contact_span(page, s, s + 12)
    assert s - 200 <= lo <= s and s + 12 <= hi <= s + 212
