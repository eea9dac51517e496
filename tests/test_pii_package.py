"""The pii package's public surface (``find_personal_data``, ``mask_line``), its word lists
shipped as package data, and each name filter as a function: a case it drops and a look-alike
it keeps."""
from __future__ import annotations

import pytest

from contentguard.checks.pii import find_personal_data, mask_line
from contentguard.checks.pii import name_filters as nf
from contentguard.checks.pii.common import words
from contentguard.checks.pii.context import context_words


def test_find_personal_data_spans_rules_and_masks():
    text = "Mail sarah.jones1990@yahoo.com or call 07911 123456; card 5425 5260 1815 9087, order 4111 1111 1111 1111."
    got = [(h.rule, text[h.start:h.end], h.masked) for h in find_personal_data(text)]
    assert got == [("pii/email", "sarah.jones1990@yahoo.com", "s***@y***.com"),
                   ("pii/phone", "07911 123456", got[1][2]),
                   ("pii/payment-card", "5425 5260 1815 9087", "•••• •••• •••• 9087")]
    assert "123456" not in got[1][2] and got[1][2].endswith("456")
    # a test card is claimed (no phone number read inside it) but not reported
    assert find_personal_data("card 4111 1111 1111 1111") == []
    assert find_personal_data("no digits, no at sign") == []


def test_mask_line_keeps_length_and_columns():
    line = "call 07911 123456 or mail pat.kowalski@outlook.com today"
    out = mask_line(line)
    assert len(out) == len(line)
    assert "07911" not in out and "kowalski" not in out
    assert out.startswith("call ") and out.endswith(" today")


@pytest.mark.parametrize("name", ["role_words", "org_mailbox_words", "webmail", "test_cards",
                                  "example_ibans", "not_name_words"])
def test_word_lists_are_package_data(name):
    ws = words(name)
    assert len(ws) > 5 and not any(w.startswith("#") for w in ws)


def test_context_words_keep_whole_word_markers():
    cw = context_words()
    assert "sick " in cw and "complaint" in cw and "patient " not in cw and not any(w.endswith("$") for w in cw)


def _span(text, name):
    s = text.index(name)
    return text, s, s + len(name), name


@pytest.mark.parametrize("flt, hit, miss", [
    (nf.quoted_by_role, ("Complaints are rising, said Jane Doe today.", "Jane Doe"),
     ("Complaint from Jane Doe about the bins.", "Jane Doe")),
    (nf.quoted_by_role, ("Jane Doe, Chief Executive, said complaints fell.", "Jane Doe"),
     ("Jane Doe, a resident, complained.", "Jane Doe")),
    (nf.quoted_by_role, ("our practice manager, Helen Rowntree, handles complaints", "Helen Rowntree"),
     ("the complaint of Helen Rowntree", "Helen Rowntree")),
    (nf.names_a_thing, ("CBU (Clave Bancaria Uniforme) number", "Clave Bancaria"),
     ("Clave Bancaria was admitted", "Clave Bancaria")),
    (nf.written_in_lower_case, ("Rich Print\nUse rich print for the claimant letter.", "Rich Print"),
     ("Rich Print\nThe claimant letter.", "Rich Print")),
    (nf.in_citation, ("Smith J, Jones K. Dementia care. BMJ 2019; 12:3. doi:10.1/x", "Smith J"),
     ("Jones Kelly has dementia.", "Jones Kelly")),
])
def test_name_filter_drops_its_case_and_keeps_the_look_alike(flt, hit, miss):
    assert flt(*_span(*hit), set())
    assert not flt(*_span(*miss), set())


def test_declared_person_filter():
    text, s, e, name = _span("Complaint from Ana Ruiz.", "Ana Ruiz")
    assert nf.declared_person(text, s, e, name, {"ana ruiz"})
    assert not nf.declared_person(text, s, e, name, {"tom park"})
    assert nf.not_private(text, s, e, name, {"ana ruiz"}) and not nf.not_private(text, s, e, name, set())
