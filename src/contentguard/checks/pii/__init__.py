"""Personal data: find it before it is published, and never print it in clear.

Seven rules, one per kind of personal data, one module per kind (``email``, ``phone``,
``card``, ``iban``, ``national_id``, ``ip``, ``names``). Every detector is a plain function
over the text and works the same way: a cheap regular expression proposes candidates, a
well-kept library validates them (``phonenumbers``, ``python-stdnum``, ``ipaddress``, the
Luhn check), and a few judgement rules drop what is not a *person's* data (role e-mail
addresses, toll-free numbers, documented test cards, documentation IP ranges; for names,
the filters of :mod:`.name_filters`). Word lists are package data (``data/*.txt``). The
matched value only ever reaches the fingerprint hash: the excerpt is masked
(:mod:`contentguard.masking`) and the message never repeats it.

Names are the one fuzzy kind. They use spaCy's named entities (``ctx.nlp()``: only
tok2vec and ner), but only on the text *near* a sensitive context (:mod:`.context`), so a
page with no such context costs no NER at all. Without a model the rule is off with one
notice; the other six rules do not need it.

The public surface: ``CHECK`` (the check), ``mask_line(line)`` (a source line with its
structured personal values masked, length kept) and ``find_personal_data(text)`` (the
structured kinds over any text: spans, rules and masked values). Heavy imports
(phonenumbers, stdnum) happen lazily, so importing the package costs nothing at start-up.
"""
from __future__ import annotations

from .card import card_issuer, luhn_ok
from .check import CHECK, PiiCheck
from .common import Hit, Settings
from .context import build_context_finder, find_context
from .national_id import nino_ok
from .rules import RULES
from .structured import find_personal_data, mask_line

__all__ = ["CHECK", "PiiCheck", "RULES", "Hit", "Settings", "find_personal_data", "mask_line",
           "card_issuer", "luhn_ok", "nino_ok", "build_context_finder", "find_context"]
