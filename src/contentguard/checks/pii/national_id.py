"""National identity numbers: US SSNs, UK NI numbers and other countries' numbers named as such."""
from __future__ import annotations

import re

from contentguard.literals import may_hold
from contentguard.masking import mask_digits

from .common import REF_BEFORE, Hit, digits, lazy_re, placeholder_digits

#: famous example or never-issued SSNs that stdnum accepts
EXAMPLE_SSNS = frozenset({"123456789", "078051120", "219099999", "457555462"}
                         | {f"98765432{i}" for i in range(10)})

#: national numbers of other countries, reported only right after their name:
#: label (case-sensitive acronyms, case-insensitive words) -> (stdnum module, name)
LABELLED_IDS = {
    "aadhaar": ("in_.aadhaar", "Indian Aadhaar number"), "aadhar": ("in_.aadhaar", "Indian Aadhaar number"),
    "BSN": ("nl.bsn", "Dutch citizen service number (BSN)"),
    "burgerservicenummer": ("nl.bsn", "Dutch citizen service number (BSN)"),
    "PPS": ("ie.pps", "Irish PPS number"), "PPSN": ("ie.pps", "Irish PPS number"),
    "SIN": ("ca.sin", "Canadian Social Insurance Number"),
    "social insurance number": ("ca.sin", "Canadian Social Insurance Number"),
    "TFN": ("au.tfn", "Australian tax file number"), "tax file number": ("au.tfn", "Australian tax file number"),
    "DNI": ("es.dni", "Spanish DNI"), "NIE": ("es.nie", "Spanish NIE"),
    "NIR": ("fr.nir", "French social security number (NIR)"),
    "numéro de sécurité sociale": ("fr.nir", "French social security number (NIR)"),
    "codice fiscale": ("it.codicefiscale", "Italian codice fiscale"),
    "steuer-id": ("de.idnr", "German tax ID"), "steuer-idnr": ("de.idnr", "German tax ID"),
    "steueridentifikationsnummer": ("de.idnr", "German tax ID"),
    "personnummer": ("se.personnummer", "Swedish personal identity number"),
    "CPR": ("dk.cpr", "Danish CPR number"), "fødselsnummer": ("no.fodselsnummer", "Norwegian national ID"),
    "henkilötunnus": ("fi.hetu", "Finnish personal identity code"), "HETU": ("fi.hetu", "Finnish personal identity code"),
    "PESEL": ("pl.pesel", "Polish PESEL"), "CPF": ("br.cpf", "Brazilian CPF"), "CURP": ("mx.curp", "Mexican CURP"),
    "AHV": ("ch.ssn", "Swiss social security number"), "AVS": ("ch.ssn", "Swiss social security number"),
    "PAN": ("in_.pan", "Indian PAN"),
    # a personal tax number named generically: any of these countries' validators
    **{k: (("de.idnr", "German tax ID"), ("au.tfn", "Australian tax file number"), ("in_.pan", "Indian PAN"),
           ("it.codicefiscale", "Italian codice fiscale"))
       for k in ("tax id", "tax-id", "tax identification number", "personal tax number",
                 "taxpayer id", "tax identifier")},
}
LABELLED_ID_BY_LABEL = {(k if k.isupper() else k.casefold()): v for k, v in LABELLED_IDS.items()}
LABELLED_ID_RE = lazy_re(
    r"(?<![\w-])(?P<label>" + "|".join(
        (re.escape(k) if k.isupper() else "(?i:" + re.escape(k) + ")")
        for k in sorted(LABELLED_IDS, key=len, reverse=True)) +
    r")(?![\w-])(?:\s*(?i:no\.?|number|nr\.?|n°|#))?(?:\s+(?:is|was))?\s*[:#]?\s*(?P<value>[A-Za-z0-9][A-Za-z0-9 ./-]{4,24}[A-Za-z0-9])")

#: what a text must hold for LABELLED_ID_RE to match (:mod:`contentguard.literals`): the
#: acronyms as written, and of each other label its longest ASCII stretch, lower-cased
#: (the alternation behind a look-behind tried every position: 0.3 ms on a 5 KB page)
_LABEL_ACRONYMS = tuple(k for k in LABELLED_IDS if k.isupper())
#: any of them in a text, in one search (all begin with a capital letter, which the regex
#: engine skips to: 55 to 28 µs on a 5 KB page, against one search per acronym)
_ANY_ACRONYM = re.compile("|".join(map(re.escape, sorted(_LABEL_ACRONYMS))))
_LABEL_WORDS = tuple(sorted({max(re.findall(r"[\x00-\x7f]+", k.casefold()), key=len)
                             for k in LABELLED_IDS if not k.isupper()}))


def _may_be_labelled(text: str) -> bool:
    return _ANY_ACRONYM.search(text) is not None or may_hold(text, _LABEL_WORDS)


#: National Insurance prefixes HMRC never allocates
NINO_BAD_PREFIX = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

SSN_RE = lazy_re(r"(\d(?<![\w.,/+-]\d)\d{2})([- ]?)(\d{2})\2(\d{4})(?![\w/]|[.,-]\d)")

SSN_CONTEXT = lazy_re(r"(?:\bSSN|social security(?: number| no\.?)?|\bSS#|\bSSA)\W{0,4}$", re.I)

NINO_RE = lazy_re(r"([A-Z](?<![A-Za-z0-9][A-Z])[A-Z])( ?)(\d{2})\2(\d{2})\2(\d{2})\2([A-D])(?![A-Za-z0-9])")


def nino_ok(prefix: str, digits: str, suffix: str) -> bool:
    """HMRC's rules: first letter not D F I Q U V, second not D F I O Q U V, some pairs never issued."""
    a, b = prefix[0], prefix[1]
    if a in "DFIQUV" or b in "DFIOQUV" or prefix in NINO_BAD_PREFIX:
        return False
    if suffix not in "ABCD":
        return False
    return not placeholder_digits(digits)


def find_national_ids(text: str):
    """US SSNs, UK NI numbers and labelled national numbers in ``text`` (look-alikes without a rule)."""
    from stdnum.us import ssn

    for m in SSN_RE.finditer(text):
        raw = m.group(0)
        sep = m.group(2)
        d = digits(raw)
        said_ssn = SSN_CONTEXT.search(text[max(0, m.start() - 30):m.start()])
        if sep != "-" and not said_ssn:
            continue  # spaced or run-together nine digits: only where the text says SSN
        if not said_ssn and REF_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
            yield Hit(m.start(), m.end(), "", raw, "", "")  # Part no. 412-68-3057
            continue
        if d in EXAMPLE_SSNS or not ssn.is_valid(d) or placeholder_digits(d):
            if sep == "-":  # 3-2-4 with dashes is an SSN shape, never a phone number
                yield Hit(m.start(), m.end(), "", raw, "", "")
            continue
        masked = mask_digits(raw, keep=2)
        yield Hit(m.start(), m.end(), "pii/national-id", raw, masked,
                   f"US Social Security number {masked}: remove it")
    for m in NINO_RE.finditer(text):
        prefix, nums, suffix = m.group(1), m.group(3) + m.group(4) + m.group(5), m.group(6)
        if not nino_ok(prefix, nums, suffix):
            continue
        raw = m.group(0)
        masked = mask_digits(raw, keep=2)
        yield Hit(m.start(), m.end(), "pii/national-id", raw, masked,
                   f"UK National Insurance number {masked}: remove it")

    yield from find_labelled_ids(text)

def find_labelled_ids(text: str):
    """Other countries' numbers, validated by python-stdnum, only right after their name
    ("Aadhaar 2341 2341 2346", "BSN: 111222333"): a checksum alone is too weak a signal
    for a bare run of digits."""
    import importlib

    if not _may_be_labelled(text):
        return
    for m in LABELLED_ID_RE.finditer(text):
        label = m.group("label")
        entry = LABELLED_ID_BY_LABEL.get(label.casefold()) or LABELLED_ID_BY_LABEL.get(label)
        if entry is None:
            continue
        entries = entry if isinstance(entry[0], tuple) else (entry,)
        mods = [(importlib.import_module("stdnum." + mn), nm) for mn, nm in entries]
        raw = m.group("value")
        cut = len(raw)
        found = False
        while cut >= 6:
            cand = raw[:cut].rstrip(" .-/")
            d = digits(cand)
            name = next((nm for mod, nm in mods if mod.is_valid(cand)), None)
            if name and not placeholder_digits(d[:-1] if len(d) > 6 else d):
                s0 = m.start("value")
                masked = mask_digits(cand, keep=2)
                yield Hit(s0, s0 + len(cand), "pii/national-id", cand, masked,
                           f"{name} {masked}: remove it")
                found = True
                break
            sp = max(raw.rfind(" ", 0, cut), raw.rfind("-", 0, cut), raw.rfind(".", 0, cut))
            if sp <= 0:
                break
            cut = sp
        if not found:  # named as an ID but invalid: still no phone number
            head = re.match(r"[0-9A-Z]+(?:[ ./-][0-9A-Z]+)*", raw)
            if head:
                s0 = m.start("value")
                yield Hit(s0, s0 + head.end(), "", head.group(0), "", "")
