"""The personal-data check on phone numbers (checks/pii/phone.py): a true positive at its exact
position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import only, spans
from piihelpers import run, at


def test_phone_uk_mobile_in_default_region():
    text = "Please call me on 07911 123456 after six.\n"
    f = only(run("a.txt", text), "pii/phone")
    at(f, text, 1, "07911 123456")
    assert f.excerpt == "••••• •••456"
    assert f.message == "personal phone number ••••• •••456 (GB): remove it or use a published number"
    assert f.kind == "pii.phone"


def test_phone_international_keeps_country_code_in_mask():
    text = "Reach Liam on +353 87 123 4567 or on +44 7841 226 958.\n"
    fs = run("a.txt", text)
    assert [f.excerpt for f in fs] == ["+353 •• ••• •567", "+44 •••• ••• 958"]
    at(fs[1], text, 1, "+44 7841 226 958")


def test_phone_national_format_of_another_region_hinted_by_the_document():
    # a US number without +1 on a .edu page, a UAE mobile on a page with +971 numbers
    text = "Text the coordinator at (415) 882-6617.\nOffice +971 4 123 4567, mobile 050 318 4427.\n"
    got = [f.excerpt for f in run("a.txt", text)]
    assert "(•••) •••-•617" in got and "••• ••• •427" in got


@pytest.mark.parametrize("number", [
    "0800 917 3301",      # UK toll-free
    "0808 164 2290",      # UK freephone
    "0345 300 0100",      # UK non-geographic (UAN / shared cost)
    "(212) 555-0123",     # fictional NANP 555-01xx
    "07700 900461",       # Ofcom drama range
    "0161 496 0123",      # Ofcom drama range
])
def test_phone_service_and_fictional_numbers_do_not_fire(number):
    assert spans(run("a.txt", f"Questions? Ring {number} today.\n"), "pii/phone") == []


@pytest.mark.parametrize("text", [
    "Your order LL-2026-118204 has shipped.",
    "Order number 44123456789 is on its way.",
    "Published 2026-11-12, updated 12/11/2026.",
    "Open 9:00–17:30, prices from £12.50 to £1,250.00.",
    "Boston, MA 02110-1301",
    "(merge 7063693 js/rebase-i-dedup)",
    "Chrome 120.0.6099.109 and Python 3.12.1",
    "We sold 1250000 units in 2025 and 2026.",
    "Companies House no. 08812345, VAT GB 123 4567 89.",
    "Order #4455 6677 8899 shipped.",
    "ISBN-10 0-306-40615-2",
    "Call 0345 600 1234 (local rate) or text STOP to 60777.",
])
def test_phone_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n")) == []


def test_phone_published_numbers_option():
    text = "Ask for Mrs Patel on 0113 268 4417.\n"
    assert len(run("a.txt", text)) == 1
    assert run("a.txt", text, published_numbers=["+44 113 268 4417"]) == []


@pytest.mark.parametrize("label", ["Mobile number", "Phone no.", "Tel:", "Contact number"])
def test_phone_after_a_phone_label_fires(label):
    assert [f.rule for f in run("a.txt", f"{label} 07911 123456\n")] == ["pii/phone"]


def test_phone_bare_digits_need_a_phone_word():
    assert spans(run("a.txt", "Reference 07911123456 was logged.\n")) == []
    assert len(run("a.txt", "WhatsApp me: 07911123456\n")) == 1


def test_phone_region_option():
    text = "Ruf mich an: 030 12345678\n"
    fs = run("a.txt", text, region="DE", regions=[])
    assert [f.excerpt for f in fs] == ["••• •••••678"]
    assert "(DE)" in fs[0].message


def test_phone_digit_pairs_on_a_page_of_hex_bytes_do_not_fire():
    # letsencrypt.org's "A warm welcome to ASN.1 and DER", in eight languages: DER bytes in
    # hex, in prose ("hexbytes" in Danish) and alone in a code block
    page = ("A PrintableString:\n\n```der\n13 02 68 69\n```\n\nAn IA5String:\n\n```der\n16 02 68 69\n```\n\n"
            "Som et eksempel ville hexbytes 02 03 01 00 01 repræsentere en INTEGER.\n\n"
            "```der\n\u200e0c 04 f0 9f 98 8e\n```\n")
    assert spans(run("a.md", page)) == []
    # the same digits on a page with no hex are a number to report, at their position
    text = "Ring til mig på 16 02 68 69.\n"
    f = only(run("a.md", text, region="DK"), "pii/phone")
    at(f, text, 1, "16 02 68 69")


def test_phone_a_number_labelled_as_a_reference_is_one_all_over_the_page():
    text = ("Statement for approved form OMB No: 3090-0297.\n\n"
            "The OMB control number for this collection is 3090-0297.\n\n"
            "Questions? Call Lois on 202-969-7426.\n")
    f = only(run("a.md", text, region="US"), "pii/phone")
    at(f, text, 5, "202-969-7426")


def test_phone_a_span_of_years_does_not_fire():
    assert spans(run("a.md", "Federal debt held by the public (1797-2012), call us.\n", region="BH")) == []


def test_phone_a_decimal_number_does_not_fire():
    """ruby-lang.org's Ruby 3.0.0 news: a benchmark's seconds (64.560736) are 8 digits, a valid
    Qatari number; a single dot with five or more digits after it is a decimal. A Qatari
    number written with one dot between its halves, 4412.3456, is still one."""
    bench = ("```\n          user     system      total        real\n"
             "seq  64.560736   0.001101  64.561837 ( 64.562194)\n```\n")
    assert spans(run("2020-12-25-ruby-3-0-0-released.md", bench, region="QA")) == []
    text = "Call Dana on 4412.3456 tonight; it took 64.560736 s.\n"
    f = only(run("a.md", text, region="QA"), "pii/phone")
    at(f, text, 1, "4412.3456")


# digital.gov's and docs.travis-ci.com's remaining phone findings, judged by hand: the
# organisation's lines, a conference bridge and sample numbers, not a person's
@pytest.mark.parametrize("text", [
    "For more information about Search.gov, email [search@gsa.gov](mailto:search@gsa.gov), or call 202-969-7426.\n",
    "Conference Dial-In Number: 1-209-255-1000\n",
    "If you have any questions regarding the series, please contact OIP’s Training Officer at (202) 514-3642.\n",
    "For assistance, contact the HHS Office of the Chief Technology Officer at 202.853.7680.\n",
    '"name": "Jane Example", "phone": "2025551313"\n',
    ">P: 202-555-3456\n",
])
def test_organisation_lines_bridges_and_555_numbers_do_not_fire(text):
    assert spans(run("news/a.md", text), "pii/phone") == []


@pytest.mark.parametrize("text,number", [
    # a role mailbox, then a mobile: a person's number still (libphonenumber types it MOBILE)
    ("Email bookings@harbour.org.uk or text Dave on 07841 226 958.\n", "07841 226 958"),
    # a personal address before the number: not the organisation's line
    ("Email dave.pritchard1971@gmail.com or call 202-969-7426.\n", "202-969-7426"),
    # an organisation's address in the sentence before, not this one
    ("Write to search@gsa.gov. Or call my cell at 202-969-7426.\n", "202-969-7426"),
    # an office named, but the number is a person's: their office is not 'Office of'
    ("Call Dana at her office on 202-969-7426.\n", "202-969-7426"),
])
def test_a_persons_number_beside_an_organisation_still_fires(text, number):
    f = only(run("news/a.md", text), "pii/phone")
    at(f, text, 1, number)


def test_phone_a_code_of_conducts_local_numbers_are_places_lines():
    """2024.djangocon.us' code of conduct and venue pages: the police, the nearest hospital
    listed with its street address, the 911 service's line and the convention center under
    its address are places' published numbers. A person's number after their address is
    still found, at its column."""
    text = ("If you are outside of Durham and need to access Durham's 911 services, dial (919) 560-4600.\n\n"
            "- Durham Police: (919) 560-4427\n"
            "- Nearest Hospital: Duke University Hospital, 2301 Erwin Road, Durham, NC 27710: (919) 684-8111\n\n"
            "Durham Convention Center\n\n301 W Morgan St, Durham, NC 27701\n\n+1 (919) 768-6000\n")
    assert spans(run("src/about/conduct.md", text, region="US")) == []
    person = "Write to Jane Doe at 12 Elm Street, Springfield, IL 62704: (217) 448-0143.\n"
    f = only(run("a.md", person, region="US"), "pii/phone")
    at(f, person, 1, "(217) 448-0143")


def test_a_built_pages_hex_code_blocks_make_its_byte_runs_bytes():
    """letsencrypt.org's ASN.1 page as Hugo builds it (Hebrew, Japanese, Ukrainian, Chinese):
    the DER examples are <pre><code> lines that start with their tags, so the page's hex
    lines were not seen and "02 03 01 00 01" in the prose was read as a phone number."""
    prose = "<p>לדוגמה, הבתים ההקסדצימליים \u200e02 03 01 00 01 ייצגו INTEGER.</p>\n"
    code = '<pre tabindex="0"><code class="language-der" data-lang="der">\u200eA5 04 0C 02 68 69\n</code></pre>\n'
    page = "<html><body>\n" + prose + code + "</body></html>\n"
    assert spans(run("he/docs/asn1/index.html", page), "pii/phone") == []
    # the same prose on a page with no hex bytes anywhere: the run is still read as a number
    alone = "<html><body>\n" + prose + "</body></html>\n"
    f = only(run("he/docs/asn1/index.html", alone), "pii/phone")
    at(f, alone, 2, "02 03 01 00 01")


def test_a_number_in_a_layouts_template_code_is_not_reported_a_shortcodes_argument_is():
    """letsencrypt.org's theme: ``{{ $nb := lang.NumFmt 0 350000 $format "|" }}`` in a
    shortcode's layout (twice) read as a phone number; template code is not published."""
    text = ('<td>{{ $nb := lang.NumFmt 0 350000 $format "|" }}</td>\n'
            '<p>{% assign n = "020 7219 1236" %} Call Bob on 020 7219 1237.</p>\n'
            '<p>{{< contact phone="020 7219 1234" >}} {{ .Title }}</p>\n')
    found = run("layouts/shortcodes/sponsor.html", text)
    assert [(f.rule, f.line) for f in found] == [("pii/phone", 2), ("pii/phone", 3)]
    at(found[0], text, 2, "020 7219 1237")
    at(found[1], text, 3, "020 7219 1234")
