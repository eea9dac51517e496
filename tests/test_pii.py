"""The personal-data check as a whole: masking in every output format, the rule examples, the
path without a spaCy model, and regressions found on the held-out sets (one module per kind
has its own file: test_pii_email.py, test_pii_phone.py, ...)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkhelpers import HAS_MODEL, col, only, spans
from contentguard import cli
from contentguard.checks.pii import CHECK
from contentguard.config import validate
from contentguard.engine import make_context
from contentguard.sources import parse
from piihelpers import TODAY, needs_model, run, at


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
        blob = json.dumps([f.excerpt, f.message, f.fingerprint, f.source_line], ensure_ascii=False)
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
    text = "A complaint, at the tribunal: see case no. 12. In this case the sickle. Incident report filed."
    got = [text[i:i + 8] for i in find_context(auto, text)]
    assert got == ["complain", "tribunal", "case no.", "Incident"]


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
