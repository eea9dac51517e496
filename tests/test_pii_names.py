"""The personal-data check on person names (checks/pii/names.py, name_filters.py): a true positive
at its exact position, the look-alikes that must not fire, and the messages."""
from __future__ import annotations

import pytest

from checkhelpers import col, only, spans
from piihelpers import TODAY, at, needs_model, run


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
            "Helen Carter explains how the complaint from Robert Ashdown was handled.\n")
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


# ------------------------------------------------ evidence, the matter, the document kind

def test_gazetteer_knows_given_names_of_many_cultures_and_not_words():
    from contentguard.checks.pii.names import given_names, is_given_name

    assert len(given_names()) > 40000
    for n in ["Oluwaseun", "Siobhan", "Nguyen", "Precious", "Gintare", "Kwame", "Marc-André", "Zofia",
              "Amélie", "Fatima", "Yuki", "Rajesh", "Li", "Wei"]:
        assert is_given_name(n), n
    for w in ["The", "You", "Reset", "Next", "Password", "Cloud", "Steps", "Star", "Hope"]:
        assert not is_given_name(w), w


def test_document_kind_records_and_published_pages():
    from contentguard.checks.pii.names import document_kind
    from contentguard.sources import parse

    def kind(path, text="Hello there.\n"):
        return document_kind(parse(path, text).documents[0])

    assert kind("exports/tickets-2026.txt") == "record"
    assert kind("casework/case-notes.md") == "record"
    assert kind("minutes/board-2026-10.md") == "record"
    assert kind("community/thread-2231.md") == "record"
    assert kind("content/blog/2026-10-01-new-ward.md") == "published"
    assert kind("docs/use-case-study.md") == "published"
    csv = "ticket,customer_name,summary\nT1,Ana Ruiz,Refund please\n"
    assert document_kind(parse("a.csv", csv).documents[0]) == "record"


def test_sentence_of_keeps_wrapped_lines_together():
    from contentguard.checks.pii.names import sentence_of

    text = "Her husband, Patrick Flanagan,\nsat with her while she recovered. Dr. Amara Nwosu said so.\nNext line"
    s, e = sentence_of(text, text.index("Patrick"))
    assert text[s:e] == "Her husband, Patrick Flanagan,\nsat with her while she recovered."
    s, e = sentence_of(text, text.index("Amara"))
    assert text[s:e].strip() == "Dr. Amara Nwosu said so.\n".strip() or "Amara" in text[s:e]


@needs_model
def test_published_story_names_the_patient_and_not_the_staff():
    text = ("---\ntitle: Back on her feet\nauthor: Communications Team\n---\n\n"
            "When Bernadette Flanagan was admitted to the stroke unit in June she could not speak.\n\n"
            "\"The team never gave up on me,\" says Bernadette Flanagan, 74.\n\n"
            "Consultant stroke physician Dr Amara Nwosu said early treatment made the difference.\n\n"
            "Our volunteers, led by Jenny Cole, run a weekly café for patients and families.\n")
    fs = [f for f in run("stories/story.md", text) if f.rule == "pii/person-name"]
    assert [(f.line, f.column) for f in fs] == [(6, 6), (8, 38)]
    at(fs[0], text, 6, "Bernadette Flanagan")
    at(fs[1], text, 8, "Bernadette Flanagan")


@needs_model
@pytest.mark.parametrize("text", [
    # the sensitive word is in another sentence of the paragraph
    "Maria Lopez led the design of the new portal. Patients can now book online.",
    # business and technical words are not sensitive matters
    "Maria Lopez paid down the technical debt in the payment service before the fee change.",
    "Maria Lopez thanked our employees and the sponsorship team for the new payment strategy.",
    # a speaker listing with an organisation whose name holds a sensitive word
    "- **Dara Pressley** — Contractor, Substance Abuse and Mental Health Services Administration",
    # an attribution under a testimonial
    "> The new forms cut our disability claims backlog in half.\n>\n> – Tom Parker, Department of Health",
    # link text: a profile page, a public person
    "Our complaints guide was written by [Laura Larrimore](https://example.gov/authors/laura-larrimore/).",
    # staff handling the matter
    "Investigating officer: Rachel Dunn. The complaint is under investigation.",
    "Grievance hearing chaired by Sandra Obi, Head of Operations.",
    # release notes: performance is not a person's performance review
    "Jordon Bedwell landed lots of performance improvements in this release.",
    # a heading read as a name, and a product
    "## Reset Password\n\nIf your account is locked after a fraud alert, reset your password.",
    "Deploy to Elastic Beanstalk after the complaint form ships.",
])
def test_published_look_alikes_do_not_fire(text):
    assert spans(run("content/news/page.md", text + "\n"), "pii/person-name") == []


@needs_model
def test_record_export_reports_the_customer_not_the_agent():
    text = ("ticket_id,created,customer_name,subject,assigned_agent\n"
            "HD-1,2026-10-02,Oluwaseun Adeyemi,Refund not received,Hannah Price\n"
            "HD-2,2026-10-03,Tech Team,Reset Password page error,Marcus Webb\n")
    fs = run("exports/tickets.csv", text)
    assert [(f.rule, f.line, f.column) for f in fs] == [("pii/person-name", 2, col(text, 2, "Oluwaseun"))]
    at(fs[0], text, 2, "Oluwaseun Adeyemi")


def test_data_export_without_a_person_column_is_still_skipped():
    from contentguard.sources import parse

    assert parse("prices.csv", "sku,price\nA1,3.50\n").documents == []
    docs = parse("claims.json", '{"claims": [{"claimant": "Ana Ruiz", "summary": "fraud"}]}').documents
    assert [d.kind for d in docs] == ["record"]
    d = docs[0]
    i = d.text.index("Ana Ruiz")
    rs, re_ = d.raw_span(i, i + 8)
    assert d.source[rs:re_] == "Ana Ruiz"


def test_record_documents_are_read_by_the_pii_check_only():
    from contentguard.checks.registry import all_checks

    readers = [name for name, chk in all_checks().items() if chk.reads_records]
    assert readers == ["pii"]


@needs_model
def test_author_slug_resolved_through_the_site_author_file(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "authors.yml").write_text("ana:\n  name: Ana Ruiz\n", encoding="utf-8")
    page = tmp_path / "content" / "post.md"
    page.parent.mkdir()
    text = ("---\ntitle: How we handle complaints\nauthors: [ana]\n---\n\n"
            "Ana Ruiz reads every complaint we receive.\n")
    page.write_text(text, encoding="utf-8")
    from contentguard.sources import load_file

    doc = load_file(str(page), str(page), 10**6).documents[0]
    from contentguard.checks.pii import CHECK
    from contentguard.config import validate
    from contentguard.engine import make_context

    ctx = make_context(config=validate({}, "t"), today=TODAY)
    assert [f for f in CHECK.check(doc, ctx) if f.rule == "pii/person-name"] == []
    (tmp_path / "data" / "authors.yml").write_text("tom:\n  name: Tom Park\n", encoding="utf-8")
    from contentguard.checks.pii import site_authors

    site_authors._map_file.cache_clear()
    got = [f for f in CHECK.check(doc, ctx) if f.rule == "pii/person-name"]
    assert [(f.line, f.column) for f in got] == [(6, 1)]


@needs_model
def test_a_field_that_names_the_person_needs_no_model_for_that_line(monkeypatch):
    from contentguard.checks.pii import names

    seen = []
    real = names._needs_ner

    def spy(piece, covered=()):
        out = real(piece, covered)
        seen.append((piece, out))
        return out

    monkeypatch.setattr(names, "_needs_ner", spy)
    text = "customer_name,summary\nOluwaseun Adeyemi,Refund not received\n"
    fs = run("exports/t.csv", text)
    assert [(f.line, f.column) for f in fs] == [(2, 1)]
    assert ("customer_name: Oluwaseun Adeyemi", False) in seen


def test_no_model_is_loaded_without_context_or_without_a_given_name():
    from contentguard.checks.pii import CHECK
    from contentguard.config import validate
    from contentguard.engine import make_context
    from contentguard.sources import parse

    ctx = make_context(config=validate({}, "t"), today=TODAY)

    def boom(*a, **k):
        raise AssertionError("the model was loaded")

    ctx.nlp = boom
    for text in ["Jonathan Whitfield opened the bakery.\n",  # no sensitive context
                 "The Blue Zone Car Park is next to the stroke unit.\n"]:  # context, no given name
        doc = parse("a.md", text).documents[0]
        assert [f for f in CHECK.check(doc, ctx) if f.rule == "pii/person-name"] == []


@pytest.mark.parametrize("flt, hit, miss", [
    ("staff_field", ("assigned_agent: Hannah Price", "Hannah Price"), ("customer_name: Hannah Price", "Hannah Price")),
    ("listed_by_role", ("Present: Helen Cartwright (Chair), Owen Price", "Owen Price"),
     ("The complaint from Owen Price was noted.", "Owen Price")),
    ("listed_by_role", ("By Jane Doe", "Jane Doe"), ("Complaint by Jane Doe", "Jane Doe")),
    ("title_case_phrase", ("the Federal Plain Language Summit Planning Committee met", "Summit Planning"),
     ("When Bernadette Flanagan was admitted", "Bernadette Flanagan")),
    ("change_credit", ("* Fix: padded-blocks incorrectly complained on comments (fixes #1416) (Mathias Schreck)",
                       "Mathias Schreck"),
     ("* The complaint (fixes #1416) came from (Mathias Schreck) after his diagnosis", "Mathias Schreck")),
    ("change_credit", ("* 81283d0 Chore: fix redundant equality check (Kevin Partington)", "Kevin Partington"),
     ("Kevin Partington was made redundant (Kevin Partington)", "Kevin Partington")),
])
def test_text_filters(flt, hit, miss):
    from contentguard.checks.pii import name_filters as nf

    f = getattr(nf, flt)

    def call(text, name):
        s = text.index(name)
        return f(text, s, s + len(name), name, set())

    assert call(*hit) and not call(*miss)


@pytest.mark.parametrize("flt, hit, miss", [
    ("thanked", "Thanks to Jane Doe and Tom Park for reviewing.", "We thank everyone who supported Tom Park."),
    ("signature", "Kind regards,\n\nTom Park\n", "Tom Park wrote again.\n"),
    ("listing_head", "- **Tom Park** — Design Lead, Example Agency\n", "- Tom Park: on sick leave until May\n"),
    ("in_heading", "## Tom Park\n\nText.\n", "Tom Park\n\nText.\n"),
    ("link_text", "Read [Tom Park](https://example.org/tom) on this.\n", "Read Tom Park on this.\n"),
])
def test_page_filters(flt, hit, miss):
    from contentguard.checks.pii import name_filters as nf
    from contentguard.sources import parse

    f = getattr(nf, flt)

    def call(src):
        doc = parse("a.md", src).documents[0]
        s = doc.text.index("Tom Park")
        return f(doc, doc.text, s, s + 8)

    assert call(hit) and not call(miss)


@needs_model
def test_a_change_logs_author_credit_is_not_a_private_individual():
    """eslint.org's release notes: each entry ends with its author in brackets, and an
    entry's words ("redundant", "complained", "diagnostics") are about the code. The same
    name in a sentence about them is still found, at its column."""
    notes = ("## Bug Fixes\n\n"
             "* e596939 Chore: fix redundant equality check (#10617) (Toru Nagashima)\n"
             "* 81283d0 Update: Cache files that failed linting (fixes #9948) (Toru Nagashima)\n")
    assert [f for f in run("blog/2018-07-20-eslint-v5.2.0-released.md", notes) if f.rule == "pii/person-name"] == []
    story = notes + "\nLast spring Toru Nagashima was made redundant by his employer.\n"
    fs = [f for f in run("blog/2018-07-20-eslint-v5.2.0-released.md", story) if f.rule == "pii/person-name"]
    assert fs and fs[0].line == 6 and fs[0].column == 1 + story.splitlines()[5].index("Toru Nagashima")


@needs_model
def test_a_thing_named_after_someone_is_not_a_person():
    """letsencrypt.org's certificate policy (five versions): "names listed on the Miller
    Smiles phishing list" in a sentence about fraudulent usage. A person beside the same
    words, and "the <name> case" (a matter about someone), are still reported."""
    thing = ("A Request that the CA flags for additional scrutiny, which may include names at higher risk "
             "for fraudulent usage, names listed on the Miller Smiles phishing list or the Google Safe "
             "Browsing list.\n")
    assert spans(run("en/documents/ISRG-CP-v3.4.html.md", thing), "pii/person-name") == []
    person = "We flagged fraudulent usage after Miller Smiles complained about the charge.\n"
    at(only(run("a.md", person), "pii/person-name"), person, 1, "Miller Smiles")
    case = "The Jonathan Whitfield case: a complaint about the damaged sofa.\n"
    at(only(run("a.md", case), "pii/person-name"), case, 1, "Jonathan Whitfield")
