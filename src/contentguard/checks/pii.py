"""Personal data: find it before it is published, and never print it in clear.

Seven rules, one per kind of personal data. Every detector works the same way: a
cheap regular expression proposes candidates, a well-kept library validates them
(``phonenumbers``, ``python-stdnum``, ``ipaddress``, the Luhn check), and a few
judgement rules drop what is not a *person's* data (role e-mail addresses,
toll-free numbers, documented test cards, documentation IP ranges, declared
authors and quoted spokespeople). The matched value only ever reaches the
fingerprint hash: the excerpt is masked (:mod:`contentguard.masking`) and the
message never repeats it.

Names are the one fuzzy kind. They use spaCy's named entities (``ctx.nlp()``: only
tok2vec and ner), but only on the text *near* a sensitive context (a complaint, a
case, a diagnosis, an account, an HR matter, or another piece of personal data found
in the same document), so a page with no such context costs no NER at all. Without
a model the rule is off with one notice; the other six rules do not need it.

Heavy imports (phonenumbers, stdnum) happen in :meth:`PiiCheck.setup` or lazily, so
importing this module costs nothing at start-up.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from contentguard.checks import Check
from contentguard.findings import Rule

CAT = "personal-data"


class _lazy_re:
    """A pattern compiled on first use: importing this module stays cheap (every
    `contentguard check` imports every check, selected or not)."""

    __slots__ = ("_args", "_re")

    def __init__(self, *args) -> None:
        self._args = args
        self._re = None

    def __getattr__(self, name: str):
        if self._re is None:
            self._re = re.compile(*self._args)
        return getattr(self._re, name)

RULES = (
    Rule("pii/email", CAT, "error",
         "A person's e-mail address (role addresses such as info@ or press@ are not reported).",
         "An address with a person's name or a private mailbox in it is personal data. Role and "
         "organisation addresses (info@, press@, support@, noreply@, careers@, ...) and addresses "
         "on `allowed-domains` are not reported. The excerpt is masked: j***@g***.com.",
         "Write to me at jane.smith84@gmail.com", "pii.email"),
    Rule("pii/phone", CAT, "error",
         "A personal mobile or landline number, valid for its country (service numbers are not reported).",
         "Numbers are parsed and validated with libphonenumber against the configured region, the "
         "regions hinted by the document and the number's own country code. Toll-free, shared-cost, "
         "premium and other service numbers, numbers on `published-numbers` and the fictional "
         "US 555-0100..0199 range are not reported.",
         "Call me on +44 7841 226 958", "pii.phone"),
    Rule("pii/payment-card", CAT, "error",
         "A payment card number (Luhn-valid, known issuer prefix and length).",
         "13-19 digits grouped as cards are printed, Luhn-valid, with an issuer prefix and a length "
         "that issuer uses. Documented test cards (4111 1111 1111 1111, ...) are not reported.",
         "Card 4539 1488 0343 6467", "pii.payment-card"),
    Rule("pii/iban", CAT, "error",
         "An IBAN with a valid checksum and country length.",
         "Validated with python-stdnum (mod-97 checksum, length and format of the country).",
         "Refund to GB94 BARC 1020 1530 0934 59", "pii.iban"),
    Rule("pii/national-id", CAT, "error",
         "A national identity number (US Social Security number, UK National Insurance number).",
         "US SSNs are validated with python-stdnum (no area 000, 666 or 900-999, no group 00, no "
         "serial 0000) and the famous example numbers (123-45-6789, 078-05-1120, ...) are dropped; "
         "UK NI numbers follow HMRC's prefix rules (so QQ 12 34 56 C, HMRC's example, is not reported).",
         "SSN 412-68-3057", "pii.national-id"),
    Rule("pii/ip-address", CAT, "warning",
         "A public IPv4 or IPv6 address (of a poster, a customer, an order).",
         "Private, loopback, link-local, shared, multicast and documentation addresses "
         "(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and version numbers are "
         "not reported.",
         "posted from 86.140.22.19", "pii.ip-address"),
    Rule("pii/person-name", CAT, "warning",
         "A private individual's name beside a complaint, a case, a health or HR matter (needs a spaCy model).",
         "Uses spaCy PERSON entities near sensitive context words or other personal data. Declared "
         "authors (front matter `author`, config `authors`), names on `allow-names`, people quoted "
         "by role (\"said Jane Doe, Chief Executive\") and a first name on its own are not reported.",
         "Complaint from Margaret Ellison about missed collections", "pii.person-name"),
)

# --- data ----------------------------------------------------------------------------

#: local parts of organisation and role mailboxes (a word of the local part is enough
#: when it is the whole local part or joined by . _ - to other role words)
ROLE_WORDS = frozenset("""
info information enquiries enquiry inquiries inquiry hello hi help helpdesk support
contact contacts contactus press media news newsroom pr comms communications marketing
sales shop store orders order billing accounts accounting invoices invoice finance
finaid payments payroll hr jobs careers career recruitment recruiting talent
admin administrator webmaster postmaster hostmaster abuse security privacy dpo
gdpr legal compliance noreply no-reply donotreply do-not-reply bounce bounces mailer
notifications notification alerts newsletter newsletters events event tickets
bookings booking reservations reception office team staff service services
customerservice customer customers care customercare feedback complaints
partners partnerships partner sponsorship sponsors affiliates creators influencers
community social hello-world alumni admissions registrar library students student
volunteers volunteer volunteering fundraising
bug bugs devel dev-list list lists announce discuss users user-help request requests owner
subscribe unsubscribe maintainers maintainer donations donate giving membership
members planning referrals markets market council enquiries-team general mail
editor editorial editors desk ops operations it tech technical dev developers
investor investors ir board governance facilities estates safeguarding
people peopleops talent client clients helpline hotline studio atelier shop
kontakt presse datenschutz bewerbung bewerbungen impressum rechnung rechnungen buchhaltung
kundenservice kundendienst vertrieb verwaltung personal anfragen service-client serviceclient
commandes commande recrutement accueil compta comptabilite facturation communication
sav boutique presse-release contacto ventas prensa atencion clientes rrhh empleo
contatto contatti stampa vendite ordini assistenza amministrazione
""".split())

#: the last word of a place's or unit's mailbox ("ashgrove.surgery@", "leeds.office@")
ORG_MAILBOX_WORDS = frozenset("""
surgery practice clinic pharmacy hospital school college academy nursery office offices branch
department dept library council church parish club hotel restaurant cafe shop store studio
centre center reception bookings admissions registry trust charity foodbank
""".split())

#: webmail and ISP domains: an address there is a person's unless its local part is a role word
WEBMAIL = frozenset("""
gmail.com googlemail.com hotmail.com hotmail.co.uk hotmail.fr outlook.com live.com
live.co.uk msn.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de ymail.com icloud.com me.com
mac.com aol.com aol.co.uk protonmail.com proton.me pm.me gmx.com gmx.de gmx.net web.de
t-online.de mail.com btinternet.com sky.com virginmedia.com talktalk.net ntlworld.com
yandex.com yandex.ru mail.ru zoho.com fastmail.com hey.com tutanota.com qq.com 163.com
rediffmail.com comcast.net verizon.net att.net
""".split())

#: documented test card numbers (Stripe, Braintree, Adyen, PayPal docs)
TEST_CARDS = frozenset("""
4111111111111111 4242424242424242 4000056655665556 4012888888881881 4222222222222
4000000000000002 4000000000009995 4000000000000077 4917610000000000 4462030000000000
5555555555554444 5200828282828210 5105105105105100 5454545454545454 2223003122003222
2221000000000009 378282246310005 371449635398431 378734493671000 6011111111111117
6011000990139424 6011000400000000 3056930009020004 36227206271667 30569309025904
38520000023237 3566002020360505 3530111333300000 3566111111111113 6200000000000005
6759649826438453 6799990100000000019 5019717010103742 6304000000000000
""".split())

#: IBANs printed in standards, bank and Wikipedia documentation as examples
EXAMPLE_IBANS = frozenset("""
GB82WEST12345698765432 GB29NWBK60161331926819 GB33BUKB20201555555555 DE89370400440532013000
DE44500105175407324931 FR1420041010050500013M02606 FR7630006000011234567890189
NL91ABNA0417164300 ES9121000418450200051332 IT60X0542811101000000123456 BE68539007547034
CH9300762011623852957 AT611904300234573201 IE29AIBK93115212345678 KW81CBKU0000000000001234560101
AE070331234567890123456 SA0380000000608010167519 QA58DOHB00001234567890ABCDEFG
""".split())

#: Ofcom's ranges for drama (TV, film, books): fictional UK numbers, national number prefixes
UK_DRAMA = frozenset({"1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960",
                      "1314960", "1414960", "1514960", "1614960", "2079460", "1914980", "2890180",
                      "2920180", "1632960", "7700900", "8081570", "9098790", "3069990"})

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
_LABELLED_ID_BY_LABEL = {(k if k.isupper() else k.casefold()): v for k, v in LABELLED_IDS.items()}
_LABELLED_ID_RE = _lazy_re(
    r"(?<![\w-])(?P<label>" + "|".join(
        (re.escape(k) if k.isupper() else "(?i:" + re.escape(k) + ")")
        for k in sorted(LABELLED_IDS, key=len, reverse=True)) +
    r")(?![\w-])(?:\s*(?i:no\.?|number|nr\.?|n°|#))?(?:\s+(?:is|was))?\s*[:#]?\s*(?P<value>[A-Za-z0-9][A-Za-z0-9 ./-]{4,24}[A-Za-z0-9])")

#: National Insurance prefixes HMRC never allocates
NINO_BAD_PREFIX = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

#: the default fallback regions for numbers written without a country code
DEFAULT_REGIONS = ["GB", "US", "CA", "IE", "AU", "DE", "FR", "IN", "KW", "AE", "SA", "QA", "BH", "OM"]

#: ccTLD -> region, for hints from addresses and links in the document
TLD_REGION = {"uk": "GB", "kw": "KW", "ae": "AE", "sa": "SA", "qa": "QA", "bh": "BH", "om": "OM",
              "de": "DE", "fr": "FR", "in": "IN", "ie": "IE", "au": "AU", "ca": "CA", "us": "US",
              "edu": "US", "gov": "US", "eg": "EG", "jo": "JO", "nl": "NL", "es": "ES", "it": "IT"}

#: words that make a name beside them sensitive (stems; matched at a word start)
#: countries and big cities outside the default regions, named in the text: a hint that
#: a number written nationally there (090-4417-2861 on a page about the Tokyo office) is
#: that country's
PLACE_REGION = {
    "japan": "JP", "tokyo": "JP", "osaka": "JP", "yokohama": "JP", "nagoya": "JP",
    "brazil": "BR", "brasil": "BR", "sao paulo": "BR", "rio de janeiro": "BR",
    "singapore": "SG", "spain": "ES", "espana": "ES", "madrid": "ES", "barcelona": "ES",
    "italy": "IT", "italia": "IT", "milano": "IT", "milan": "IT", "roma": "IT",
    "mexico": "MX", "netherlands": "NL", "nederland": "NL", "amsterdam": "NL",
    "portugal": "PT", "lisboa": "PT", "lisbon": "PT", "south korea": "KR", "seoul": "KR",
    "hong kong": "HK", "malaysia": "MY", "kuala lumpur": "MY", "philippines": "PH",
    "manila": "PH", "thailand": "TH", "bangkok": "TH", "indonesia": "ID", "jakarta": "ID",
    "south africa": "ZA", "johannesburg": "ZA", "nigeria": "NG", "lagos": "NG",
    "kenya": "KE", "nairobi": "KE", "new zealand": "NZ", "auckland": "NZ",
    "switzerland": "CH", "zurich": "CH", "austria": "AT", "vienna": "AT", "wien": "AT",
    "belgium": "BE", "brussels": "BE", "poland": "PL", "warsaw": "PL", "sweden": "SE",
    "stockholm": "SE", "denmark": "DK", "copenhagen": "DK", "norway": "NO", "oslo": "NO",
    "egypt": "EG", "cairo": "EG", "jordan": "JO", "amman": "JO", "turkey": "TR", "istanbul": "TR",
}
_PLACE_HINT = _lazy_re(r"(?<![\w-])(?i:" + "|".join(sorted(PLACE_REGION, key=len, reverse=True))
                       .replace(" ", r"\s+") + r")(?![\w-])")


def _each(heads: str, tail: str) -> list[str]:
    return [f"{h} {tail}" for h in heads.split()]


#: words that make a name beside them sensitive. Matched at a word start, case-insensitive,
#: as a prefix ("complain" covers "complaint", "complained"); a trailing space asks for the
#: whole word ("sick " is not "sickle"). Punctuation counts as a space.
CONTEXT_WORDS = [
    # complaints and cases
    "complain", "grievance", "caseworker", "case worker", "casework", "contacted us",
    "investigation", "safeguarding", "pending the outcome", "refund", "damaged", "faulty",
    # health
    "patient", "diagnos", "symptom", "illness", "ill health", "sick ", "sickness", "injur",
    "medical", "medication", "prescri", "hospital", "clinic", "treatment", "therapy", "therapist",
    "counselling", "allerg", "reaction", "rash ", "pregnan", "disabilit", "disabled", "wheelchair",
    "stroke", "cancer", "mental health", "dementia", "surgery", "a&e ",
    "recovers from", "recovering from", "recovery from", "recuperat", "convalesc", "off sick",
    "medical leave", "compassionate leave", "bereave",
    *_each("his her their a an knee hip back heart eye", "operation "),
    *_each("medical health skin heart chronic long-term pre-existing", "condition"),
    # money and accounts
    "account holder", "account number", "account no ", "applicant", "hardship", "arrears", "debt ",
    "debts ", "housing benefit", "benefit claim", "benefits claim", "universal credit", "claimant",
    "evict", "homeless", "rough sleep", "tenant", "bankrupt",
    *_each("bank customer your my his her their", "account "),
    *_each("his her their your my", "application"),
    *_each("family household low annual", "income"),
    # HR
    "employee", "disciplinary", "dismissal", "misconduct", "payroll", "salary", "timesheet", "hr ",
    "human resources", "sick leave", "redundan", "performance review", "probation",
    "conduct review", "conduct hearing", "conduct issue", "conduct investigation",
    # identity and legal
    "consent form", "signed consent", "date of birth", "dob ", "social security", "ssn ",
    "national insurance", "passport", "police", "arrest", "convict", "tribunal", "custody",
    "victim", "student record", "next of kin",
    "court case", "court hearing", "court order", "court date",
]

#: context words that need more than a prefix: a case reference, not "in this case"
CONTEXT_PATTERNS = [("case", _lazy_re(
    r"case\s*(?:no\b|number|ref|reference|file|notes?|summary|history|#|[A-Z]{0,4}-?\d)", re.I))]

#: ASCII punctuation -> space, so "complaint," and "HR:" match at word boundaries
_CTX_TABLE = str.maketrans({c: " " for c in "\n\t\r.,;:!?()[]{}\"'/\\|*_#<>=+~`@$%^-\u00a0\u2019\u2013\u2014"})


def build_context_finder(extra: list[str]):
    """An Aho-Corasick automaton over " word" keys: one pass over the text, any number of words."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in CONTEXT_WORDS + [x.lower() for x in extra]:
        key = " " + w.lower().replace("-", " ")
        auto.add_word(key, (len(key), None))
    for head, pat in CONTEXT_PATTERNS:
        key = " " + head
        auto.add_word(key, (len(key), pat))
    auto.make_automaton()
    return auto


def find_context(auto, text: str) -> list[int]:
    """Start offsets (in ``text``) of the sensitive-context words in it."""
    low = text.lower()
    if len(low) != len(text):  # lower() changed the length (İ): keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    norm = " " + low.translate(_CTX_TABLE) + " "
    out = []
    for end, (n, pat) in auto.iter(norm):
        # norm[end - n + 1] is the key's leading space; the word starts one later, and
        # norm is one character ahead of text
        start = end - n + 1
        if pat is not None and not pat.match(text, start):
            continue
        out.append(start)
    return out


#: words after "Name," that show a person quoted by role, not a private individual
ROLE_TITLES = _lazy_re(
    r"^\s*[,(]\s*(?:(?:our|the|a|an|its|their|his|her)\s+)?(?:[A-Za-z&-]+\s+){0,4}?"
    r"(?:chief|director|manager|head|officer|president|vice|ceo|cto|cfo|coo|cmo|founder|"
    r"co-founder|chair|chairman|chairwoman|chairperson|spokesperson|spokesman|spokeswoman|"
    r"minister|secretary|professor|lecturer|councillor|cllr|mayor|leader|member|executive|"
    r"dean|provost|principal|captain|coach|partner|owner|editor|author|curator|ambassador|"
    r"governor|senator|representative|mp|mep|superintendent|commissioner|trustee|"
    r"press officer|director-general|general manager)\b", re.I)
SPEAKER_BEFORE = _lazy_re(
    r"(?:\b(?:said|says|say|told|tells|according to|commented|added|explained|noted|"
    r"announced|recalled|remarked|quoted|written by|photos? by|words by|story by)\s+(?:[\w-]+\s+){0,4}|"
    r"\b(?:Cllr|Councillor|Mayor|Senator|Minister|President|Professor|Prof\.?|Sheikh|Sheikha|"
    r"Judge|Justice|Lord|Lady|Sir|Dame|Rev\.?|Reverend|Bishop)\.?\s+)$")
def _fold1(c: str) -> str:
    """One character folded to ASCII where it is a Latin letter with marks (é -> e, ß -> s)."""
    if c < "\x80":
        return c
    if c == "ß":
        return "s"
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base.isascii() and base.isalpha() else c


def fold_latin(s: str) -> str:
    """``s`` with accented Latin letters folded to ASCII, length kept (offsets stay valid)."""
    return s if s.isascii() else "".join(_fold1(c) for c in s)


_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|Al-[A-Z][a-z]+)"
#: a professional named by the role before the name: "our recruitment coordinator Deepa Iyer",
#: "her occupational therapist, Dean Fitzgerald", "Dr Meera Raghavan"
ROLE_BEFORE = _lazy_re(
    r"(?:\b(?:our|the|your|their|his|her|its|my)\s+(?:[\w-]+\s+){0,3}?(?:co-?ordinator|manager|officer|"
    r"director|lead|head|adviser|advisor|consultant|nurse|doctor|physician|surgeon|therapist|"
    r"physiotherapist|engineer|specialist|representative|agent|caseworker|case worker|social worker|"
    r"midwife|pharmacist|solicitor|lawyer|attorney|counsellor|counselor|supervisor|chair|ceo|founder|"
    r"spokesperson|spokesman|spokeswoman|gp|dentist|optometrist|psychologist|psychiatrist|"
    r"paramedic|inspector|investigator|auditor)\s*,?\s*|"
    r"\b(?-i:Dr|Doctor|Prof|Professor|Nurse|Sister|Matron)\.?\s+|"
    # a job title with no determiner, its first word in lower case: "nurse practitioner
    # Joanne Clegg", "exams officer Colin Marsh", "practice manager, Helen Rowntree"
    r"\b(?-i:[a-z][\w-]*)\s+(?:practitioner|officer|co-?ordinator|manager|administrator|"
    r"receptionist|lead|leader|adviser|advisor|consultant|nurse|therapist|engineer|specialist|"
    r"pharmacist|midwife|assistant|secretary|clerk|supervisor)\s*,?\s*)$", re.I)
#: introduced as joining the organisation in a role: "Priya Nair, who joins Finance as ..."
JOINS_AFTER = _lazy_re(r"^\s*,?\s*(?:who\s+)?(?:joins|joined|has joined|will join|is joining|"
                       r"starts|started|has started|will start)\b[^.\n]{0,60}?\bas\b", re.I)
#: the name is the expansion of an abbreviation: "CBU (Clave Bancaria Uniforme", "IdNr (Steuerliche ..."
ACRONYM_BEFORE = _lazy_re(r"\b[A-Z][A-Za-z.-]*[A-Z][A-Za-z.-]*\s*\(\s*(?:[\w-]+\s+){0,3}$")
#: the name is followed by a description of a thing: "(Spanish real estate property id)"
THING_AFTER = _lazy_re(r"^\s*\((?:[\w'-]+\s+){0,6}(?:number|numbers|id|ids|identifier|code|codes|register|"
                       r"registry|format|standard|tax|vat|system|protocol|library|package|module|method|"
                       r"algorithm|function|class|format)\)", re.I)
#: a reference list or citation: authors of a paper, not private individuals
CITATION = _lazy_re(r"\bdoi:|\bdoi\.org/|\bet al\b|\bPMID\b|\b(?:19|20)\d\d;\s*\d+|\bpp\.\s*\d|"
                    r"\bvol\.\s*\d|\bISBN\b|\barXiv\b|\bProceedings of\b", re.I)
_NAME_CUE = _lazy_re(
    r"(?:^|[|(]\s*|\b)(?i:account holder|card ?holder|customer|client|patient|applicant|student|pupil|"
    r"volunteer|employee|claimant|complainant|tenant|resident|member|candidate|"
    r"(?:full |legal )?name|complaint from|case of|on behalf of|next of kin)\s*[:|\u2013\u2014-]\s*"
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?" + _NAME_WORD + r"){1,2})"
    r"(?![\w-])")
_HONORIFIC_CUE = _lazy_re(
    r"\b(?i:signora|signor|sig\.ra|sig\.|se[nñ]ora|se[nñ]or|sra\.|sr\.|senhora|senhor|sr\.a|"
    r"frau|herr|madame|monsieur|mme|mevrouw|meneer|dhr\.|mevr\.)\s+"
    r"(?P<name>" + _NAME_WORD + r"(?:\s+(?:(?:de|da|del|di|van|von|dos|das)\s+)?" + _NAME_WORD + r"){1,2})"
    r"(?![\w-])")
_SHORT_BLOCK = 100
_BLANK_RAW = _lazy_re(r"\n[ \t\r]*\n")


def _across_blank_line(doc, a: int, b: int) -> bool:
    """Whether the source between text offsets ``a`` and ``b`` holds a blank line (a new
    paragraph of Markdown or plain text)."""
    try:
        # where each character starts in the source (a block separator of the text has no
        # source of its own, so only real characters are mapped)
        rs, re_ = sorted((doc.raw_span(a, a + 1)[0], doc.raw_span(b, b + 1)[0]))
    except (IndexError, TypeError, AttributeError):
        return False
    return _BLANK_RAW.search(doc.source, rs, re_) is not None


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    """The block around ``pos``: its line, or the run of table rows ("|") it belongs to."""
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    e = len(text) if e < 0 else e
    lead = text[s:e].lstrip()[:1]
    if lead != "|":
        return s, e
    while s > 0:
        ps = text.rfind("\n", 0, s - 1) + 1
        if text[ps:s - 1].lstrip()[:1] != lead:
            break
        s = ps
    while e < len(text):
        ne = text.find("\n", e + 1)
        ne = len(text) if ne < 0 else ne
        if text[e + 1:ne].lstrip()[:1] != lead:
            break
        e = ne
    return s, e
_CAP_PAIR = _lazy_re(r"[A-Z][\w'’.-]*\s+(?:(?:al|el|bin|van|von|de|da|del|ibn|abu)\s+)?[A-Z]")
NAME_TITLES = _lazy_re(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+")
NAME_TOKEN = _lazy_re(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*|[A-Z]'[A-Z][a-z]+|Al-[A-Z][a-z]+|"
                        r"(?:al|el|bin|bint|van|von|de|da|di|du|la|le|del|der|den|ter|ten|ibn|abu)|"
                        r"Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+)$")
NOT_NAME_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday account holder complaint case
dear student volunteer employee patient applicant customer team office support service
services council university trust street road lane avenue city hospital clinic bank card
iban ssn nino hr payroll national insurance refund order thanks thank hello hi regards
sincerely best kind please note editor moderator admin staff manager director
energie energy health healthcare robotics telecom telecoms cosmetics gmbh ag ltd limited inc llc plc
group holdings insurance capital ventures labs systems solutions technologies software foundation
institute centre center society association company studio studios media consulting industries
international global pharma logistics airlines airways motors utilities
calle avenida plaza paseo carrer via viale piazza corso rua rue chemin boulevard strasse platz
""".split())

_EMAIL = _lazy_re(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")
_IBAN = _lazy_re(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])")
_CARD = _lazy_re(r"(?<![\w.,/+-])\d(?:[ -]?\d){11,18}(?![\w/]|[.,-]\d)")
_SSN = _lazy_re(r"(?<![\w.,/+-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w/]|[.,-]\d)")
_SSN_CONTEXT = _lazy_re(r"(?:\bSSN|social security(?: number| no\.?)?|\bSS#|\bSSA)\W{0,4}$", re.I)
_NINO = _lazy_re(r"(?<![A-Za-z0-9])([A-Z]{2})( ?)(\d{2})\2(\d{2})\2(\d{2})\2([A-D])(?![A-Za-z0-9])")
_IPV4 = _lazy_re(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w/]|\.\d)")  # not a /24 network
_IPV6 = _lazy_re(r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}[0-9A-Fa-f]{0,4}(?![\w:/])")
_VERSION_BEFORE = _lazy_re(r"(?:\b(?:v|ver|version|release|build|firmware|rev|revision|update|"
                             r"chrome|firefox|safari|edge|ios|android|windows|macos|python|node|kernel|linux|section|"
                             r"chapter|oid|rfc|\u00a7)\.?\s*|[vV])$", re.I)
_SERVICE_IP_BEFORE = _lazy_re(r"\b(?:dns|nameserver|name server|resolver|gateway|router|server|servers|"
                                r"proxy|ntp|smtp|host|load ?balancer|balancer|cdn|mirror|endpoint|firewall|"
                                r"vpn|cluster|node|instance|origin|mx|ingress|egress|nat|resolves to|points to|pointing to|"
                                r"replica|primary|database|db|backend|backends|bastion|vm|pod|container|worker|"
                                r"cache|broker|failover|upstream|"
                                r"record)\b[^.\n]{0,25}$|(?:^|[|\n])\s*(?-i:A|AAAA)\s*(?:record)?\s*[|:][^\n]{0,40}$", re.I)
_PUBLIC_RESOLVERS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112",
                               "208.67.222.222", "208.67.220.220", "2001:4860:4860::8888",
                               "2001:4860:4860::8844", "2606:4700:4700::1111", "2606:4700:4700::1001"})
_PHONE = _lazy_re(
    r"(?<![\w+.,/£$€¥₹#@-])"
    r"(?:(?:\+|\b00)\d{1,3}[ .\-\u00a0]?(?:\(0\)[ .\-]?)?)?"
    r"(?:\(\d{1,5}\)[ .\-\u00a0]?)?"
    r"\d{1,12}(?:[ .\-\u00a0]\d{1,8}){0,5}"
    r"(?![\w/]|[.,\-]\d)")
_ISO_DATE = _lazy_re(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
#: labels of identifiers: a number right after one is a reference, not a phone or a card
_REF_LABELS = (r"order|ref|reference|invoice|inv|account no|acct|tracking|ticket|case|booking|id|"
               r"sku|isbn|issn|ean|gtin|upc|barcode|serial|imei|policy|claim|application|permit|"
               r"licen[cs]e|vat|reg|registration|company|companies house|charity|code|pin|postcode|"
               r"zip|item|model|part|merge|commit|issue|bug|pr|pull|build|rev|version|transaction|"
               r"receipt|confirmation|membership|customer no|parcel|shipment|consignment")
_REF_BEFORE = _lazy_re(r"(?:\b(?:" + _REF_LABELS + r")(?:[-\s]?[A-Z0-9]{1,3})?\.?\s*"
                         r"(?:no\.?|number|num|#)?\s*[:#]?\s*|#\s*|"
                         r"\b(?:customer|client|member|contract|meter|patient|employee|staff|student|"
                         r"supplier|mandate|tax|vat|company|registration|uhid|mrn|nhs|chi|medicare|insurance|passport|"
                         r"candidate|pupil|matriculation|licen[cs]e|health|hospital)[-\s]*(?:no\.?|nr\.?|number|num|"
                         r"id|#|ref)\s*[:#.]?\s*)$", re.I)
_CARD_REF_BEFORE = _lazy_re(r"\b(?:order|invoice|tracking|serial|imei|isbn|sku|barcode|gtin|ean|upc|"
                              r"model|part|parcel|shipment|consignment|transaction|receipt|"
                              r"confirmation|booking|ticket)(?:[-\s]?[A-Z0-9]{1,3})?\.?\s*"
                              r"(?:no\.?|number|num|#)?\s*[:#]?\s*$", re.I)
#: the organisation's own premises introduce its own number: "call the store on", "Trust office:"
_ORG_PLACE_BEFORE = _lazy_re(
    r"(?:\b(?:the|our)\s+(?:[\w-]+\s+){0,2}|\b(?-i:[A-Z])[\w-]*\s+)(?:store|shop|office|branch|clinic|practice|"
    r"surgery|studio|hotel|school|library|venue|restaurant|salon|showroom|depot|warehouse|head office|"
    r"front desk|registry|admissions|department|helpdesk|help desk|service desk|team|centre|center)\b"
    r"(?:\s+(?:on|at|number|phone|tel|line))?\s*[:\-\u2013]?\s*$", re.I)
#: a number followed by a unit is a quantity
_UNIT_AFTER = _lazy_re(r"\s*(?:bytes?|[kmgt]i?b|kbps|mbps|ms|msec|seconds|secs|minutes|mins|hours|hrs|days|"
                       r"weeks|km|kg|mg|ml|m²|m2|sq|people|persons|customers|users|visitors|views|downloads|"
                       r"rows|records|items|units|pcs|pieces|words|pages|steps|tonnes|tons|litres|liters|"
                       r"eur|usd|gbp|inr|aud|cad|rs|euros?|dollars?|rupees?|%)(?![\w])", re.I)
#: cards that are not payment cards: loyalty, gift, membership, library cards (Luhn is common there)
_CARD_NONPAY_BEFORE = _lazy_re(r"\b(?:loyalty|gift|voucher|reward|rewards|membership|member|library|"
                                 r"club|bonus|points|fidelity|fidélité|kundenkarte|payback)\b[^.!?:;]{0,45}$", re.I)
_PHONE_WORDS = _lazy_re(r"\b(?:call|calls|phone|tel|telephone|mobile|mob|cell|cellphone|text|sms|"
                          r"whatsapp|ring|fax|reach|contact|number|landline|"
                          r"m[oó]vil|celular|cellulare|telefono|tel[eé]fono|telefone|telefonnummer|handy|"
                          r"portable|t[eé]l[eé]phone|t[eé]l|numero|n[uú]mero)\b|\u0647\u0627\u062a\u0641|"
                          r"\u062c\u0648\u0627\u0644|\u0627\u062a\u0635\u0644|\u0644\u0644\u062a\u0648\u0627\u0635\u0644", re.I)
_ANY_DIGIT = _lazy_re(r"\d")
_SENSITIVE_HITS = frozenset({"pii/payment-card", "pii/iban", "pii/national-id"})
_YYYYMMDD = _lazy_re(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_ZIP4 = _lazy_re(r"\d{5}-\d{4}")
#: a candidate that starts with a date (2026-11-01 01...) or runs into a time (...01:30)
_DATE_HEAD = _lazy_re(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?!\d)")
_TIME_AFTER = _lazy_re(r"[:h]\d\d(?!\d)")
_SERVICE_BEFORE = _lazy_re(r"(?:\b(?:call us|ring us|contact us|phone us|our (?:[\w-]+ ){0,2}(?:line|number|"
                             r"helpline|hotline|switchboard|office|desk)|helpline|hotline|switchboard|freephone|"
                             r"toll[- ]free|customer (?:line|service|care)|reception|box office|"
                             r"(?:press|media|news|booking|bookings|appointments?|sales|service|support|ticket|"
                             r"tickets|reservations?|enquiry|enquiries|inquiry|inquiries) (?:office|line|desk|"
                             r"hotline|number)|"
                             # the same in Spanish, Italian, Portuguese, French, German
                             r"oficina|oficinas|centralita|atenci[oó]n al cliente|ll[aá]m[ea]nos|"
                             r"ufficio|uffici|sede|centralino|servizio clienti|numero verde|chiamaci|"
                             r"escrit[oó]rio|atendimento|central de atendimento|ligue para a|"
                             r"bureau|service client|standard t[eé]l[eé]phonique|appelez-nous|"
                             r"b[uü]ro|zentrale|kundenservice)\b[^.\n]{0,25})$", re.I)
#: "on 029 2048 7731 (the food bank office)": the number is the organisation's
_SERVICE_AFTER = _lazy_re(r"\s*\((?:the |our )?(?:[\w&'-]+ ){0,3}(?:office|switchboard|reception|helpline|"
                          r"hotline|main line|front desk|help desk|helpdesk)\)", re.I)


# --- settings ------------------------------------------------------------------------

@dataclass
class Settings:
    region: str
    regions: list[str]
    allowed_domains: tuple[str, ...]
    role_words: frozenset
    published: frozenset  # E.164 strings
    names: bool
    allow_names: frozenset  # casefolded
    authors: frozenset
    context_re: Any
    window: int
    test_cards: frozenset
    phone_types: frozenset = field(default_factory=frozenset)


def _digits(s: str) -> str:
    """The decimal digits of ``s`` as ASCII (Arabic-Indic ٠-٩ and other scripts included)."""
    return "".join(c if c < "\x80" else str(unicodedata.decimal(c)) for c in s if c.isdecimal())


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_issuer(d: str) -> str | None:
    """The issuer of a card number by prefix, if the length fits that issuer."""
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4":
        return "Visa" if n in (13, 16, 19) else None
    if 51 <= p2 <= 55 or 222100 <= p6 <= 272099:
        return "Mastercard" if n == 16 else None
    if p2 in (34, 37):
        return "American Express" if n == 15 else None
    if p4 == 6011 or p2 == 65 or 644 <= p3 <= 649 or 622126 <= p6 <= 622925:
        return "Discover" if 16 <= n <= 19 else None
    if 3528 <= p4 <= 3589:
        return "JCB" if 16 <= n <= 19 else None
    if 300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095:
        return "Diners Club" if 14 <= n <= 19 else None
    if p2 == 62 or p2 == 81:
        return "UnionPay" if 16 <= n <= 19 else None
    if p2 in (50, 56, 57, 58) or p2 in (63, 67) or p2 == 60 or p2 == 69:
        return "Maestro" if 12 <= n <= 19 else None
    if p4 in (2200, 2201, 2202, 2203, 2204):
        return "Mir" if 16 <= n <= 19 else None
    return None


def _card_grouping_ok(raw: str) -> bool:
    """Cards are printed in one run or in groups of four (Amex/Diners: 4-6-5 or 4-6-4)."""
    seps = set(re.findall(r"[ -]", raw))
    if not seps:
        return True
    if len(seps) > 1:
        return False
    groups = [len(g) for g in re.split(r"[ -]", raw)]
    if groups in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4 and len(groups) >= 3


def nino_ok(prefix: str, digits: str, suffix: str) -> bool:
    """HMRC's rules: first letter not D F I Q U V, second not D F I O Q U V, some pairs never issued."""
    a, b = prefix[0], prefix[1]
    if a in "DFIQUV" or b in "DFIOQUV" or prefix in NINO_BAD_PREFIX:
        return False
    if suffix not in "ABCD":
        return False
    return not _placeholder_digits(digits)


def _placeholder_digits(d: str) -> bool:
    """123456, 000000, 111111...: sample values, not issued numbers."""
    if len(set(d)) == 1:
        return True
    return d in "01234567890123456789" or d in "98765432109876543210"


_TRUNK: dict[str, str] = {}


def _trunk_prefix(region: str) -> str:
    """The national (trunk) prefix a number written nationally starts with ("0"), or "" where
    there is none or it is optional (Kuwait, Qatar; NANP's "1")."""
    p = _TRUNK.get(region)
    if p is None:
        from phonenumbers import PhoneMetadata

        md = PhoneMetadata.metadata_for_region(region)
        p = (md.national_prefix or "") if md is not None else ""
        if p == "1":
            p = ""
        _TRUNK[region] = p
    return p


def _mask_phone(value: str, cc: int | None) -> str:
    from contentguard.masking import mask_digits

    v = value.strip()
    prefix = ""
    if cc is not None:
        for p in (f"+{cc}", f"00{cc}"):
            if v.startswith(p):
                prefix = p
                break
    return mask_digits(v, keep=3, keep_prefix=prefix)


def _model_installed(model: str | None) -> bool:
    """Whether spacy.load(model) can find it, without importing spaCy (a package or a folder)."""
    import importlib.util
    import os

    if not model:
        return False
    if os.path.isdir(model):
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


# --- the check -----------------------------------------------------------------------

@dataclass
class _Hit:
    start: int
    end: int
    rule: str
    value: str
    masked: str
    message: str


class PiiCheck(Check):
    name = "pii"
    rules = RULES
    options = {
        "region": ("str", "GB"),
        "regions": ("list[str]", list(DEFAULT_REGIONS)),
        "allowed-domains": ("list[str]", []),
        "role-addresses": ("list[str]", []),
        "published-numbers": ("list[str]", []),
        "test-cards": ("list[str]", []),
        "names": ("bool", True),
        "allow-names": ("list[str]", []),
        "authors": ("list[str]", []),
        "context-words": ("list[str]", []),
        "context-window": ("int", 200),
    }

    def __init__(self) -> None:
        self._settings: tuple | None = None

    # settings are built once per config (a process may see several in tests)
    def settings(self, ctx) -> Settings:
        # keyed by the objects themselves (held), not id(): ids are reused after collection
        cached = self._settings
        if cached is not None and cached[0] is ctx.config and cached[1] is ctx.packs:
            return cached[2]
        opt = lambda k: ctx.option(self.name, k)  # noqa: E731
        region = (opt("region") or "GB").upper()
        regions = [r.upper() for r in (opt("regions") or [])]
        published = set()
        if opt("published-numbers"):
            import phonenumbers  # only when there is something to parse: start-up matters
        for raw in opt("published-numbers") or []:
            try:
                n = phonenumbers.parse(raw, region)
                published.add(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164))
            except phonenumbers.NumberParseException:
                published.add(_digits(raw))
        allow = {a.casefold().strip() for a in (opt("allow-names") or [])}
        # watchlisted people in the brand pack are public figures, not private individuals
        for section in ("watchlist", "partners", "competitors"):
            for entry, _origin in ctx.packs.entries(section):
                if isinstance(entry, dict):
                    for v in [entry.get("name")] + list(entry.get("aliases") or []):
                        if isinstance(v, str):
                            allow.add(v.casefold().strip())
        context_re = build_context_finder(list(opt("context-words") or []))
        st = Settings(
            region=region, regions=regions,
            allowed_domains=tuple(d.lower().lstrip("@.") for d in (opt("allowed-domains") or [])),
            role_words=ROLE_WORDS | {w.lower() for w in (opt("role-addresses") or [])},
            published=frozenset(published), names=bool(opt("names")),
            allow_names=frozenset(allow),
            authors=frozenset(a.casefold().strip() for a in (opt("authors") or [])),
            context_re=context_re, window=int(opt("context-window") or 200),
            test_cards=TEST_CARDS | {_digits(c) for c in (opt("test-cards") or [])},
        )
        self._settings = (ctx.config, ctx.packs, st)
        return st

    def setup(self, ctx) -> None:
        st = self.settings(ctx)
        if st.names and ctx.wants("pii/person-name") and not _model_installed(ctx.config.get("nlp-model")):
            # say it now, once, in this process (forked workers inherit the answer);
            # an installed model still loads lazily, only when a page needs NER
            ctx.nlp("person-name")

    # -- the pass over one document --------------------------------------------------

    def check(self, doc, ctx) -> Iterable:
        text = doc.text
        if not text:
            return
        st = self.settings(ctx)
        hits: list[_Hit] = []
        claimed: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(s < ce and cs < e for cs, ce in claimed)

        def add(h: _Hit) -> None:
            # a hit without a rule is a validated look-alike (an IBAN failing its checksum,
            # an example SSN): nothing to report, but no other detector may reuse its digits
            if h.rule:
                hits.append(h)
            claimed.append((h.start, h.end))

        has_digit = _ANY_DIGIT.search(text) is not None
        if "@" in text:
            for h in self._emails(doc, text, st):
                add(h)
        late: list = []
        if ctx.wants("pii/email"):
            late = list(self._mailto_only(doc, text, st, ctx))
        if has_digit:
            for h in self._ibans(text):
                add(h)
            for h in self._cards(text, st):
                if free(h.start, h.end):
                    add(h)
            for h in self._national_ids(text):
                if free(h.start, h.end):
                    add(h)
            for h in self._ips(text):
                if free(h.start, h.end):
                    add(h)
            for h in self._phones(doc, text, st, claimed):
                if free(h.start, h.end):
                    add(h)
        if st.names and ctx.wants("pii/person-name"):
            for h in self._names(doc, text, st, ctx, hits):
                if free(h.start, h.end):
                    add(h)
        hits.sort(key=lambda h: h.start)
        for h in hits:
            if not ctx.wants(h.rule):
                continue
            yield ctx.finding(h.rule, doc, h.start, h.end, h.message, excerpt=h.masked, match=h.value)
        yield from late

    # -- e-mail ------------------------------------------------------------------------

    def _emails(self, doc, text: str, st: Settings):
        from contentguard.masking import mask_email

        for m in _EMAIL.finditer(text):
            addr = m.group(0).rstrip(".")
            if not self._personal_email(addr, st):
                continue
            masked = mask_email(addr)
            yield _Hit(m.start(), m.start() + len(addr), "pii/email", addr, masked,
                       f"personal e-mail address {masked}: remove it or use a role address")

    def _mailto_only(self, doc, text: str, st: Settings, ctx):
        """A personal address that only appears in a mailto: link (the link text says "e-mail me")."""
        from contentguard.masking import mask_email

        for link in doc.links:
            if not link.url.lower().startswith("mailto:"):
                continue
            addr = link.url[7:].split("?", 1)[0].strip()
            if not addr or addr in text or not _EMAIL.fullmatch(addr) or not self._personal_email(addr, st):
                continue
            rs = link.start + 7
            if doc.source[rs:rs + len(addr)] != addr:
                continue  # written with entities or escapes: no exact span to point at
            masked = mask_email(addr)
            yield ctx.finding("pii/email", doc, rs, rs + len(addr),
                              f"personal e-mail address {masked} in a mailto: link: remove it or use a role address",
                              raw=True, excerpt=masked, match=addr)

    @staticmethod
    def _personal_email(addr: str, st: Settings) -> bool:
        local, _, domain = addr.lower().rpartition("@")
        domain = domain.rstrip(".")
        if any(domain == d or domain.endswith("." + d) for d in st.allowed_domains):
            return False
        # RFC 2606/6761 reserved names: example.com, example.org, *.example, *.test, ...
        labels = domain.split(".")
        if "example" in labels[:-1] or labels[-1] in ("example", "test", "invalid", "localhost", "local"):
            return False
        base = local.split("+", 1)[0]
        parts = [p for p in re.split(r"[._-]", base) if p]
        if base in st.role_words or (parts and all(p in st.role_words for p in parts)):
            return False
        if len(parts) >= 2 and len(parts[0]) >= 4 and parts[0] in st.role_words and not re.search(r"\d", base):
            return False  # service.client@, support.fr@, press.uk@: a mailbox, then a qualifier
        if domain in WEBMAIL:
            return True
        if (len(parts) >= 2 and not re.search(r"\d", base)
                and (parts[-1] in ORG_MAILBOX_WORDS or (len(parts[-1]) >= 4 and parts[-1] in st.role_words))):
            return False  # ashgrove.surgery@, leeds.office@, harbour.bookings@: a place's mailbox
        # an organisation's domain: personal when the local part looks like a person's
        # (first.last, initial.surname, with digits); a single plain word is a mailbox
        # of the organisation (markets@, finaid@) unless it is on a webmail domain.
        if domain.startswith(("lists.", "list.", "mail.", "mx.", "bugs.")):
            return False
        if re.fullmatch(r"[a-z][a-z'-]*[._][a-z][a-z'-]*(?:[._][a-z][a-z'-]*)?\d{0,4}", base):
            return True  # first.last, j.smith, jane_smith
        if re.fullmatch(r"[a-z]+\d{1,4}", base) and len(base) >= 5:
            return True  # jsmith84
        return False

    # -- IBAN --------------------------------------------------------------------------

    def _ibans(self, text: str):
        from stdnum import iban
        from contentguard.masking import mask_digits

        for m in _IBAN.finditer(text):
            raw = m.group(0)
            # trailing groups may be a following word: try the longest valid prefix
            cut = len(raw)
            found = False
            while cut >= 15:
                cand = raw[:cut].rstrip()
                if iban.is_valid(cand):
                    if iban.compact(cand) in EXAMPLE_IBANS:
                        found = True
                        yield _Hit(m.start(), m.start() + len(cand), "", cand, "", "")
                        break
                    masked = mask_digits(cand, keep=4, keep_prefix=cand[:2])
                    yield _Hit(m.start(), m.start() + len(cand), "pii/iban", cand, masked,
                               f"IBAN {masked}: bank details must not be published")
                    found = True
                    break
                cut = raw.rfind(" ", 0, cut)
            if not found:
                yield _Hit(m.start(), m.end(), "", raw, "", "")

    # -- payment cards -----------------------------------------------------------------

    def _cards(self, text: str, st: Settings):
        from contentguard.masking import mask_digits

        for m in _CARD.finditer(text):
            raw = m.group(0)
            d = _digits(raw)
            if not 13 <= len(d) <= 19 or not _card_grouping_ok(raw):
                continue
            if (_CARD_REF_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                    or _CARD_NONPAY_BEFORE.search(text[max(0, m.start() - 60):m.start()])):
                yield _Hit(m.start(), m.end(), "", raw, "", "")  # a labelled serial or order number
                continue
            issuer = card_issuer(d) if luhn_ok(d) else None
            if d in st.test_cards or len(set(d)) <= 2 or issuer is None:
                if re.search(r"\d{4}[ -]\d{4}[ -]\d{4}", raw):  # card-shaped: never a phone either
                    yield _Hit(m.start(), m.end(), "", raw, "", "")
                continue
            masked = mask_digits(raw, keep=4)
            yield _Hit(m.start(), m.end(), "pii/payment-card", raw, masked,
                       f"{issuer} card number {masked}: remove it (never publish a card number)")

    # -- national ids ------------------------------------------------------------------

    def _national_ids(self, text: str):
        from stdnum.us import ssn
        from contentguard.masking import mask_digits

        for m in _SSN.finditer(text):
            raw = m.group(0)
            sep = m.group(2)
            d = _digits(raw)
            said_ssn = _SSN_CONTEXT.search(text[max(0, m.start() - 30):m.start()])
            if sep != "-" and not said_ssn:
                continue  # spaced or run-together nine digits: only where the text says SSN
            if not said_ssn and _REF_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
                yield _Hit(m.start(), m.end(), "", raw, "", "")  # Part no. 412-68-3057
                continue
            if d in EXAMPLE_SSNS or not ssn.is_valid(d) or _placeholder_digits(d):
                if sep == "-":  # 3-2-4 with dashes is an SSN shape, never a phone number
                    yield _Hit(m.start(), m.end(), "", raw, "", "")
                continue
            masked = mask_digits(raw, keep=2)
            yield _Hit(m.start(), m.end(), "pii/national-id", raw, masked,
                       f"US Social Security number {masked}: remove it")
        for m in _NINO.finditer(text):
            prefix, digits, suffix = m.group(1), m.group(3) + m.group(4) + m.group(5), m.group(6)
            if not nino_ok(prefix, digits, suffix):
                continue
            raw = m.group(0)
            masked = mask_digits(raw, keep=2)
            yield _Hit(m.start(), m.end(), "pii/national-id", raw, masked,
                       f"UK National Insurance number {masked}: remove it")

        yield from self._labelled_ids(text)

    def _labelled_ids(self, text: str):
        """Other countries' numbers, validated by python-stdnum, only right after their name
        ("Aadhaar 2341 2341 2346", "BSN: 111222333"): a checksum alone is too weak a signal
        for a bare run of digits."""
        import importlib

        from contentguard.masking import mask_digits

        for m in _LABELLED_ID_RE.finditer(text):
            label = m.group("label")
            entry = _LABELLED_ID_BY_LABEL.get(label.casefold()) or _LABELLED_ID_BY_LABEL.get(label)
            if entry is None:
                continue
            entries = entry if isinstance(entry[0], tuple) else (entry,)
            mods = [(importlib.import_module("stdnum." + mn), nm) for mn, nm in entries]
            raw = m.group("value")
            cut = len(raw)
            found = False
            while cut >= 6:
                cand = raw[:cut].rstrip(" .-/")
                d = _digits(cand)
                name = next((nm for mod, nm in mods if mod.is_valid(cand)), None)
                if name and not _placeholder_digits(d[:-1] if len(d) > 6 else d):
                    s0 = m.start("value")
                    masked = mask_digits(cand, keep=2)
                    yield _Hit(s0, s0 + len(cand), "pii/national-id", cand, masked,
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
                    yield _Hit(s0, s0 + head.end(), "", head.group(0), "", "")

    # -- IP addresses ------------------------------------------------------------------

    def _ips(self, text: str):
        import ipaddress

        from contentguard.masking import mask_ip

        cands = []
        if "." in text:
            cands += [(m.start(), m.end(), m.group(0)) for m in _IPV4.finditer(text)]
        if "::" in text or text.count(":") >= 7:
            cands += [(m.start(), m.end(), m.group(0)) for m in _IPV6.finditer(text)]
        for s, e, raw in cands:
            try:
                ip = ipaddress.ip_address(raw)
            except ValueError:
                continue
            if ip.version == 4:
                octets = raw.split(".")
                if any(len(p) > 1 and p[0] == "0" for p in octets):
                    continue  # 01.02.2024 and friends: not how addresses are written
                if sum(len(p) == 1 for p in octets) >= 3:
                    continue  # 2.3.4.1, 2.6.23.1: section and version numbers, OIDs
            if ip.version == 6 and raw.count(":") < 3:
                continue  # a:b::c is more likely a time or a label than an address
            # an address that is not reported is still an address: no phone number in it
            if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
                yield _Hit(s, e, "", raw, "", "")
                continue
            if raw in _PUBLIC_RESOLVERS:
                yield _Hit(s, e, "", raw, "", "")
                continue
            before = text[max(0, s - 40):s]
            if _VERSION_BEFORE.search(before):
                continue
            if _SERVICE_IP_BEFORE.search(before):
                yield _Hit(s, e, "", raw, "", "")
                continue
            masked = mask_ip(raw)
            yield _Hit(s, e, "pii/ip-address", raw, masked,
                       f"public IP address {masked}: it identifies a person's connection")

    # -- phone numbers -----------------------------------------------------------------

    def _region_hints(self, doc, text: str, st: Settings) -> tuple[list[str], set[str]]:
        """The regions to try, in order (configured region, the document's hints, the fallback
        regions), and the hints alone: + country codes and ccTLDs the document contains."""
        import phonenumbers

        hints: list[str] = []
        for m in re.finditer(r"\+(\d{1,3})", text):
            cc = m.group(1)
            for k in (3, 2, 1):
                r = phonenumbers.region_code_for_country_code(int(cc[:k])) if len(cc) >= k else "ZZ"
                if r and r != "ZZ":
                    hints.append(r)
                    break
        for m in re.finditer(r"[\w-]\.([a-z]{2,3})\b(?![.@\w-])", text):
            r = TLD_REGION.get(m.group(1).lower())
            if r:
                hints.append(r)
        # countries and capitals the page names ("Tokyo office", "São Paulo"), after the
        # harder hints: they only widen the regions a number written nationally is tried in
        for m in _PLACE_HINT.finditer(text):
            hints.append(PLACE_REGION[fold_latin(m.group(0)).lower()])
        for link in (doc.links if doc is not None else ()):
            tld = re.search(r"\.([a-z]{2,3})(?:[/:?#]|$)", link.url.split("//", 1)[-1].split("/", 1)[0] + "/")
            if tld and tld.group(1) in TLD_REGION:
                hints.append(TLD_REGION[tld.group(1)])
        seen, out = set(), []
        for r in [st.region] + hints + st.regions:
            if r not in seen:
                seen.add(r)
                out.append(r)
        return out, set(hints)

    def _phones(self, doc, text: str, st: Settings, claimed):
        import phonenumbers
        from phonenumbers import PhoneNumberType as T

        personal = {T.MOBILE, T.FIXED_LINE, T.FIXED_LINE_OR_MOBILE, T.PERSONAL_NUMBER, T.VOIP, T.UNKNOWN}
        regions: list[str] | None = None
        hinted: set[str] = set()
        for m in _PHONE.finditer(text):
            raw = m.group(0).rstrip(" .-\u00a0")
            s = m.start()
            e = s + len(raw)
            d = _digits(raw)
            if not 7 <= len(d) <= 15:
                continue
            if any(s < ce and cs < e for cs, ce in claimed):
                continue
            if s >= 2 and text[s - 1] in " .-\u00a0" and text[s - 2].isdigit():
                continue  # the tail of a longer digit sequence whose start was no number
            groups = re.split(r"[ .\-\u00a0]", raw.lstrip("+"))
            if len(groups) >= 3 and len(_digits(groups[-1])) == 1:
                continue  # 0-306-40615-2: a check digit group (ISBN, account numbers)
            if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", raw):
                continue  # 35.186.224.25: an IPv4 address, never a phone number
            if _ISO_DATE.match(raw) or re.fullmatch(r"(?:19|20)\d\d(?:[ ./-](?:19|20)\d\d)*", raw):
                continue
            if _DATE_HEAD.match(raw) or _TIME_AFTER.match(text, e):
                continue  # 2026-11-01 01 (of 01:30:00), 14 03 (of 14:30): a date-time, not a number
            # separators must be phone-like: groups of 2+ digits (no 1.2.3 version strings)
            if "." in raw and " " not in raw and "-" not in raw and raw.count(".") >= 2 and not raw.startswith("+"):
                groups = raw.split(".")
                if any(len(g) < 2 for g in groups):
                    continue
            before = text[max(0, s - 30):s]
            if _REF_BEFORE.search(before):
                continue
            intl = raw.startswith("+") or raw.startswith("00")
            formatted = intl or not raw.isdigit()
            if not formatted and not _PHONE_WORDS.search(text[max(0, s - 40):s]):
                continue  # a bare run of digits is an id, a hash or a count unless the text says "call"
            if len(set(d)) <= 2 or _ZIP4.fullmatch(raw) or _YYYYMMDD.fullmatch(raw):
                continue
            cands = []
            if intl:
                try:
                    n = phonenumbers.parse("+" + raw[2:] if raw.startswith("00") else raw, None)
                    if phonenumbers.is_valid_number(n):
                        cands.append((n, phonenumbers.region_code_for_number(n)))
                except phonenumbers.NumberParseException:
                    pass
            else:
                if regions is None:
                    regions, hinted = self._region_hints(doc, text, st)
                said_phone = None
                for r in regions:
                    trunk = _trunk_prefix(r)
                    no_trunk = bool(trunk) and not d.startswith(trunk)
                    if no_trunk:
                        # written nationally, a UK/IE/DE/UAE/... number starts with its 0; a
                        # mobile written without it ("Mobile: 99001 84726") counts only in a
                        # region the document itself points at, after a phone word
                        if r not in hinted:
                            continue
                        if said_phone is None:
                            said_phone = bool(_PHONE_WORDS.search(text[max(0, s - 40):s]))
                        if not said_phone:
                            continue
                    try:
                        n = phonenumbers.parse(raw, r)
                    except phonenumbers.NumberParseException:
                        continue
                    if phonenumbers.is_valid_number(n) and (
                            not no_trunk or phonenumbers.number_type(n) == T.MOBILE):
                        cands.append((n, r))
            if not intl and d[0] == "0" and d[1:8] in UK_DRAMA and "GB" in regions:
                continue  # reserved for drama by Ofcom (even where another region would accept it)
            if not cands:
                continue
            # a number that is a service number in any reading is a service number, unless it
            # is written exactly the way a region the page points at writes its numbers and
            # the service reading's region would not (090-4417-2861 on a page about Tokyo
            # is a Japanese mobile, not a UK premium-rate number)
            service = [(n, r) for n, r in cands if phonenumbers.number_type(n) not in personal]
            if service:
                shape = lambda x: re.sub(r"[ .\-\u00a0]", "-", x)  # noqa: E731
                written = [(n, r) for n, r in cands if (n, r) not in service and r in hinted
                           and shape(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)) == shape(raw)]
                if not written or any(shape(phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL))
                                      == shape(raw) for n, _r in service):
                    continue
                cands = written
            n, region = cands[0]
            e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
            if e164 in st.published or d in st.published:
                continue
            nn = str(n.national_number)
            if n.country_code == 1 and len(nn) == 10 and nn[3:6] == "555" and 100 <= int(nn[6:]) <= 199:
                continue  # reserved for fiction (NANP 555-0100..0199)
            if n.country_code == 44 and nn[:7] in UK_DRAMA:
                continue  # reserved for drama by Ofcom
            if n.country_code == 61 and (nn[1:5] in ("5550", "7010") and len(nn) == 9 or nn[:5] == "49157"):
                continue  # reserved for drama by ACMA: (0x) 5550 xxxx, (0x) 7010 xxxx, 0491 57x xxx
            if _SERVICE_BEFORE.search(text[max(0, s - 60):s]) or _ORG_PLACE_BEFORE.search(text[max(0, s - 60):s]):
                continue
            if _SERVICE_AFTER.match(text, e):
                continue
            if _UNIT_AFTER.match(text, e):
                continue  # 26 214 400 bytes, 14 812 customers: a quantity
            region = region or "?"
            masked = _mask_phone(raw, n.country_code if intl else None)
            yield _Hit(s, e, "pii/phone", raw, masked,
                       f"personal phone number {masked} ({region}): remove it or use a published number")

    # -- names -------------------------------------------------------------------------

    def _names(self, doc, text: str, st: Settings, ctx, hits: list[_Hit]):
        anchors = find_context(st.context_re, text)
        # financial and identity data make a name beside them sensitive; contact details
        # alone (an author's address in a credits list) do not
        anchors += [h.start for h in hits if h.rule in _SENSITIVE_HITS]
        if not anchors:
            return
        nlp = ctx.nlp("person-name")
        if nlp is None:
            return
        W = st.window
        # windows around anchors, snapped to line (block) boundaries, merged
        spans: list[list[int]] = []
        for a in sorted(anchors):
            s = max(0, a - W)
            e = min(len(text), a + W)
            ls = text.rfind("\n", 0, s)
            s = 0 if ls < 0 else ls + 1
            if a - s > 3 * W:  # a very long block: cut at a space
                sp = text.rfind(" ", 0, a - W)
                s = sp + 1 if sp >= 0 else s
            le = text.find("\n", e)
            e2 = len(text) if le < 0 else le
            if e2 - a > 3 * W:
                sp = text.find(" ", a + W)
                e2 = sp if sp >= 0 else e2
            if spans and s <= spans[-1][1] + 1:
                spans[-1][1] = max(spans[-1][1], e2)
            else:
                spans.append([s, e2])
        anchors.sort()
        excluded = self._declared_people(doc, st)
        # NER one block (line) at a time: the small model reads a short block far better
        # than a run of blocks glued together (table cells, list items, headings)
        pieces: list[tuple[int, str]] = []
        for s0, e0 in spans:
            pos = s0
            for line in text[s0:e0].split("\n"):
                stripped = line.strip()
                # a full name needs two capitalised words in a row: no such pair, no NER
                if len(stripped) > 3 and _CAP_PAIR.search(fold_latin(stripped)):
                    pieces.append((pos + line.find(stripped), stripped))
                pos += len(line) + 1
        import bisect

        from contentguard.masking import mask_name

        cands: dict[tuple[int, int], None] = {}
        for (p0, piece), sdoc in zip(pieces, nlp.pipe([p for _, p in pieces], batch_size=64)):
            for ent in sdoc.ents:
                if ent.label_ == "PERSON":
                    cands[(p0 + ent.start_char, p0 + ent.end_char)] = None
            # a field that says it holds a person's name ("Student: Sofia Reyes",
            # "| Volunteer | Aled Hughes |", "Account holder: ..."), which NER often misses
            folded = fold_latin(piece)
            for m in _NAME_CUE.finditer(folded):
                cands[(p0 + m.start("name"), p0 + m.end("name"))] = None
            for m in _HONORIFIC_CUE.finditer(folded):
                cands[(p0 + m.start("name"), p0 + m.end("name"))] = None
        seen: set[tuple[int, int]] = set()
        for cs, ce in sorted(cands):
            span = self._clean_name(text, cs, ce)
            if span is None or span in seen:
                continue
            s, e = span
            if any(s < e2 and s2 < e for s2, e2 in seen):
                continue
            name = text[s:e]
            # near an anchor (the window may have grown to a whole block)
            i = bisect.bisect_left(anchors, s - W)
            if i >= len(anchors) or anchors[i] > e + W:
                continue
            # ... and, for a name in a long paragraph or a table, in that paragraph or table: a
            # sensitive word in the next item of an announcement or in a note under a rota says
            # nothing about this name (a short block, "Dear Megan Thorley," or a byline, takes
            # its context from the blocks around it)
            ps, pe = _paragraph(text, s)
            if pe - ps > _SHORT_BLOCK or text[ps:pe].lstrip().startswith("|"):
                near = anchors[i:bisect.bisect_right(anchors, e + W)]
                if not any(not _across_blank_line(doc, a, s) for a in near):
                    continue
            if self._not_private(text, s, e, name, excluded, st):
                continue
            seen.add(span)
            masked = mask_name(name)
            yield _Hit(s, e, "pii/person-name", name, masked,
                       f"name of a private individual ({masked}) beside sensitive details: "
                       f"remove or anonymise it")

    @staticmethod
    def _clean_name(text: str, s: int, e: int) -> tuple[int, int] | None:
        name = text[s:e]
        # trim possessive and punctuation, leading titles
        m = re.search(r"(?:['’]s|['’])$", name)
        if m:
            e -= len(m.group(0))
            name = text[s:e]
        t = NAME_TITLES.match(name)
        if t:
            s += t.end()
            name = text[s:e]
        name_s = name.strip(" \t,.;:()[]\"'")
        if not name_s or "\n" in name_s:
            return None
        s += name.find(name_s)
        e = s + len(name_s)
        tokens = name_s.split()
        if not 2 <= len(tokens) <= 4:
            return None  # a first name alone identifies nobody on a public page
        caps = 0
        for i, tok in enumerate(tokens):
            if 0 < i < len(tokens) - 1 and re.fullmatch(r"[A-Z]\.", tok):
                continue  # a middle initial: Mary J. Smith
            if not NAME_TOKEN.match(fold_latin(tok)):
                return None
            if tok.casefold() in NOT_NAME_WORDS:
                return None
            caps += tok[0].isupper()
        if caps < 2:
            return None
        return s, e

    @staticmethod
    def _declared_people(doc, st: Settings) -> set[str]:
        out = set(st.authors) | set(st.allow_names)
        keys = {"author", "authors", "byline", "creator", "contributor", "contributors", "editor",
                "reviewer", "speaker", "speakers", "spokesperson", "publisher"}
        vals: list[Any] = []
        for m in doc.meta:
            if m.key.lower() in keys or m.key.lower().endswith(":author"):
                vals.append(m.value)
        for k, v in (doc.post or {}).items():
            if str(k).lower() in keys:
                vals.append(v)
        while vals:
            v = vals.pop()
            if isinstance(v, str):
                out.add(v.casefold().strip())
            elif isinstance(v, (list, tuple)):
                vals.extend(v)
            elif isinstance(v, dict):
                vals.extend(v.get(k) for k in ("name", "@name") if v.get(k))
        return out

    @staticmethod
    def _not_private(text: str, s: int, e: int, name: str, excluded: set[str], st: Settings) -> bool:
        key = name.casefold()
        if key in excluded or any(key in x or x in key for x in excluded if len(x) > 3 and " " in x):
            return True
        before = text[max(0, s - 60):s]
        if SPEAKER_BEFORE.search(before) or ROLE_BEFORE.search(before):
            return True
        after = text[e:e + 80]
        if ROLE_TITLES.match(fold_latin(after)) or JOINS_AFTER.match(after):
            return True
        # a term, not a person: "CBU (Clave Bancaria Uniforme", "Referencia Catastral (Spanish
        # property id)", a heading "Rich Print" whose words the page also writes in lower case
        if ACRONYM_BEFORE.search(before) or THING_AFTER.match(after):
            return True
        if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", text):
            return True
        # a reference list or citation (authors of a paper), not a private individual
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        if CITATION.search(text[ls:le if le >= 0 else len(text)]):
            return True
        return False


# --- masking other findings' source lines ------------------------------------------------

_LINE_SETTINGS: Settings | None = None


def mask_line(line: str) -> str:
    """``line`` with every structured personal value in it masked, length kept.

    For the source line other findings print (a date finding on the line of a phone
    number must not print the number). Default settings, no names (no NER here): the
    engine overlays this check's own findings, names included, when it ran.
    """
    from contentguard.masking import mask_keep_length

    global _LINE_SETTINGS
    if "@" not in line and _ANY_DIGIT.search(line) is None:
        return line
    if _LINE_SETTINGS is None:
        _LINE_SETTINGS = Settings(
            region="GB", regions=list(DEFAULT_REGIONS), allowed_domains=(), role_words=ROLE_WORDS,
            published=frozenset(), names=False, allow_names=frozenset(), authors=frozenset(),
            context_re=None, window=0, test_cards=TEST_CARDS)
    st, chk = _LINE_SETTINGS, CHECK
    spans: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in spans)

    groups = [chk._emails(None, line, st)] if "@" in line else []
    if _ANY_DIGIT.search(line):
        groups += [chk._ibans(line), chk._cards(line, st), chk._national_ids(line), chk._ips(line)]
    for g in groups:
        for h in g:
            if h.rule and free(h.start, h.end):
                spans.append((h.start, h.end))
    if _ANY_DIGIT.search(line):
        for h in chk._phones(None, line, st, list(spans)):
            if free(h.start, h.end):
                spans.append((h.start, h.end))
    for s, e in sorted(spans, reverse=True):
        line = line[:s] + mask_keep_length(line[s:e]) + line[e:]
    return line


CHECK = PiiCheck()
