"""Phone numbers: valid for their country (libphonenumber), personal rather than service numbers."""
from __future__ import annotations

import functools
import re

from contentguard.literals import finditer_from, may_hold
from contentguard.masking import mask_digits

from .common import REF_BEFORE, Hit, Settings, digits, fold_latin, lazy_re, sentence_of
from .context import find_context
from .email import (EMAIL, email_matches, personal_email, private_mailbox, reserved_domain, sensitive_sentence,
                    url_password)

#: Ofcom's ranges for drama (TV, film, books): fictional UK numbers, national number prefixes
UK_DRAMA = frozenset({"1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960",
                      "1314960", "1414960", "1514960", "1614960", "2079460", "1914980", "2890180",
                      "2920180", "1632960", "7700900", "8081570", "9098790", "3069990"})

#: ccTLD -> region, for hints from addresses and links in the document
TLD_REGION = {"uk": "GB", "kw": "KW", "ae": "AE", "sa": "SA", "qa": "QA", "bh": "BH", "om": "OM",
              "de": "DE", "fr": "FR", "in": "IN", "ie": "IE", "au": "AU", "ca": "CA", "us": "US",
              "edu": "US", "gov": "US", "eg": "EG", "jo": "JO", "nl": "NL", "es": "ES", "it": "IT"}

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
_PLACE_HINT = lazy_re(r"(?<![\w-])(?i:" + "|".join(sorted(PLACE_REGION, key=len, reverse=True))
                       .replace(" ", r"\s+") + r")(?![\w-])")

#: the last word of each place ("zealand", not "new"): a page without any names no place
#: (see :mod:`contentguard.literals`; the pattern alone took 1.4 ms on a 5 KB page)
_PLACE_WORDS = tuple(sorted({p.split()[-1] for p in PLACE_REGION}))
#: ``host.tld`` in the text, found from its dot (a leading ``[\w-]`` made the regex
#: engine try every position)
_TLD_HINT = lazy_re(r"\.(?<=[\w-]\.)([a-z]{2,3})\b(?![.@\w-])")


PHONE = lazy_re(
    r"(?<![\w+.,/£$€¥₹#@-])"
    r"(?:(?:\+|\b00)\d{1,3}[ .\-\u00a0]?(?:\(0\)[ .\-]?)?)?"
    r"(?:\(\d{1,5}\)[ .\-\u00a0]?)?"
    r"\d{1,12}(?:[ .\-\u00a0]\d{1,8}){0,5}"
    r"(?![\w/]|[.,\-]\d)")
#: what every PHONE match starts with (its optional "+", "00" and "(" groups ahead of the
#: digits keep it from starting with a class the engine skips to; see ``finditer_from``)
PHONE_START = lazy_re(r"[+(\d]")
ISO_DATE = lazy_re(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
#: the organisation's own premises introduce its own number: "call the store on", "Trust office:"
ORG_PLACE_BEFORE = lazy_re(
    r"(?:\b(?:the|our)\s+(?:[\w-]+\s+){0,2}|\b(?-i:[A-Z])[\w-]*\s+)(?:store|shop|office|branch|clinic|practice|"
    r"surgery|studio|hotel|school|library|venue|restaurant|salon|showroom|depot|warehouse|head office|"
    r"front desk|registry|admissions|department|helpdesk|help desk|service desk|team|centre|center|"
    r"police|sheriff|fire department|hospital|embassy|consulate)\b"
    r"(?:\s+(?:on|at|number|phone|tel|line))?\s*[:\-\u2013]?\s*$", re.I)
#: a number followed by a unit is a quantity
UNIT_AFTER = lazy_re(r"\s*(?:bytes?|[kmgt]i?b|kbps|mbps|ms|msec|seconds|secs|minutes|mins|hours|hrs|days|"
                       r"weeks|km|kg|mg|ml|m²|m2|sq|people|persons|customers|users|visitors|views|downloads|"
                       r"rows|records|items|units|pcs|pieces|words|pages|steps|tonnes|tons|litres|liters|"
                       r"eur|usd|gbp|inr|aud|cad|rs|euros?|dollars?|rupees?|%)(?![\w])", re.I)
PHONE_WORDS = lazy_re(r"\b(?:call|calls|phone|tel|telephone|mobile|mob|cell|cellphone|text|sms|"
                          r"whatsapp|ring|fax|reach|contact|number|landline|"
                          r"m[oó]vil|celular|cellulare|telefono|tel[eé]fono|telefone|telefonnummer|handy|"
                          r"portable|t[eé]l[eé]phone|t[eé]l|numero|n[uú]mero)\b|\u0647\u0627\u062a\u0641|"
                          r"\u062c\u0648\u0627\u0644|\u0627\u062a\u0635\u0644|\u0644\u0644\u062a\u0648\u0627\u0635\u0644", re.I)
YYYYMMDD = lazy_re(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
ZIP4 = lazy_re(r"\d{5}-\d{4}")
#: a candidate that starts with a date (2026-11-01 01...) or runs into a time (...01:30)
DATE_HEAD = lazy_re(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?!\d)")
TIME_AFTER = lazy_re(r"[:h]\d\d(?!\d)")
SERVICE_BEFORE = lazy_re(r"(?:\b(?:call us|ring us|contact us|phone us|our (?:[\w-]+ ){0,2}(?:line|number|"
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
                             r"b[uü]ro|zentrale|kundenservice|"
                             # a conference bridge, an office named as such, an agency's role
                             r"dial[- ]in|conference (?:line|number|bridge|call)|(?:911|999|112) services?|"
                             r"office of (?:the )?(?:[\w&'’-]+ ){0,6}(?:at|on)|"
                             r"(?-i:[A-Z]{2,6})(?:'s|’s) (?:[\w-]+ ){0,2}(?:officer|coordinator|office|desk|team))"
                             r"\b[^.\n]{0,25})$", re.I)
#: a place listed with its address before its number: "Nearest Hospital: Duke University
#: Hospital, 2301 Erwin Road, Durham, NC 27710: (919) 684-8111", a venue's name, street and
#: number on three lines (a conference's code of conduct and venue pages): the place's line
ORG_LISTING_BEFORE = lazy_re(
    r"(?-i:[A-Z][\w'’&.-]*)\s+(?-i:Hospital|Center|Centre|University|College|School|Library|Museum|Hotel|"
    r"Inn|Clinic|Station|Hall|Church|Stadium|Arena|Theatre|Theater|Airport|Police|Courthouse)\b"
    r"[\s,:]+\d{1,5}\s+(?-i:[A-Z])[^.!?]{0,60}?(?-i:\b[A-Z]{2}\s+\d{5}|\b[A-Z]{1,2}\d[\dA-Z]?\s*\d[A-Z]{2}|\d{4,5})"
    r"\b[^\w.!?]{0,20}$")
#: "on 029 2048 7731 (the food bank office)": the number is the organisation's
SERVICE_AFTER = lazy_re(r"\s*\((?:the |our )?(?:[\w&'-]+ ){0,3}(?:office|switchboard|reception|helpline|"
                          r"hotline|main line|front desk|help desk|helpdesk)\)", re.I)

_TRUNK: dict[str, str] = {}


_PAIRS = lazy_re(r"[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})+")
#: a line of hex pairs (bidi marks around it: a right-to-left page's code keeps them)
_PAIR_LINE = lazy_re(r"[ \t\u200e\u200f]*[0-9A-Fa-f]{2}(?:[ \t]+[0-9A-Fa-f]{2}){2,}[ \t\u200e\u200f]*")


#: "the hex bytes 02 03 01 00 01", "encoded as bytes 30 0a"
_HEX_WORD_BEFORE = lazy_re(r"\b(?:hex\w*|bytes?|octets?|encod(?:ed|es|ing))\b[^\n.;:]{0,25}$", re.I)
#: a line of three or more hex pairs (``30 82 01 0a``)
_HEX_LINE = lazy_re(r"^[ \t\u200e\u200f]*[0-9A-Fa-f]{2}(?:[ \t]+[0-9A-Fa-f]{2}){2,}[ \t\u200e\u200f]*$", re.M)
_HEX_PAGE: list = [None, False]  # the last text asked about, and whether it writes bytes in hex
_TAGS = lazy_re(r"<[^<>\n]*>")  # an HTML tag on one line


def _hex_page(text: str) -> bool:
    """Whether the page has a line of hex pairs with both a digit and a letter in it
    (``30 82 01 0a``): then a run of digit pairs elsewhere on it (``16 02 68 69`` in a DER
    example) is bytes too; an HTML page's tags are left out first. Remembered for the last
    text, so a page is scanned once."""
    if _HEX_PAGE[0] is not text:
        _HEX_PAGE[0] = text
        # an HTML page's code lines start with their tags: <pre><code class="language-der">A5 04 0C 02
        bare = _TAGS.sub("", text) if "<" in text else text
        _HEX_PAGE[1] = any(re.search(r"[A-Fa-f]", m.group(0)) and re.search(r"\d", m.group(0))
                           for m in _HEX_LINE.finditer(bare))
    return _HEX_PAGE[1]


def hex_dump(text: str, s: int, e: int, page: str | None = None) -> bool:
    """Whether ``text[s:e]`` (groups of two digits) is part of bytes written in hex, as in
    a DER or packet dump: another pair right before or after it on its line, a line of
    pairs just above or below, "hex" or "bytes" just before, or a page (``page``, the whole
    source when ``text`` is one code block of it) that writes other bytes in hex with letters."""
    if not _PAIRS.fullmatch(text, s, e):
        return False
    if re.match(r" [0-9A-Fa-f]{2}\b", text[e:e + 3]) or re.search(r"\b[0-9A-Fa-f]{2} $", text[max(0, s - 3):s]):
        return True
    if _HEX_WORD_BEFORE.search(text, max(0, s - 40), s) or _hex_page(text if page is None else page):
        return True
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    above = text[text.rfind("\n", 0, max(0, ls - 1)) + 1:max(0, ls - 1)] if ls else ""
    below = text[le + 1:(text.find("\n", le + 1) + 1 or len(text) + 1) - 1] if le < len(text) else ""
    return any(_PAIR_LINE.fullmatch(line) for line in (above, below) if line)


def trunk_prefix(region: str) -> str:
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


def mask_phone(value: str, cc: int | None) -> str:
    v = value.strip()
    prefix = ""
    if cc is not None:
        for p in (f"+{cc}", f"00{cc}"):
            if v.startswith(p):
                prefix = p
                break
    return mask_digits(v, keep=3, keep_prefix=prefix)


def region_hints(doc, text: str, st: Settings) -> tuple[list[str], set[str]]:
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
    for m in _TLD_HINT.finditer(text):
        r = TLD_REGION.get(m.group(1).lower())
        if r:
            hints.append(r)
    # countries and capitals the page names ("Tokyo office", "São Paulo"), after the
    # harder hints: they only widen the regions a number written nationally is tried in
    for m in (_PLACE_HINT.finditer(text) if may_hold(text, _PLACE_WORDS) else ()):
        # the pattern allows any white space between a place's words ("New\n  Zealand")
        hints.append(PLACE_REGION[" ".join(fold_latin(m.group(0)).lower().split())])
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


@functools.lru_cache(maxsize=4096)
def _valid_number(raw: str, region: str | None):
    """``(number, its type, its region)`` when libphonenumber reads ``raw`` in ``region``
    (None: written internationally) as a valid number, else None. Cached (bounded): a
    site's own numbers (a footer's, a contact box's) come back on every page, and each is
    tried in every region the page hints at; the parse was the check's dearest step."""
    import phonenumbers

    try:
        n = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(n):
        return None
    return n, phonenumbers.number_type(n), (phonenumbers.region_code_for_number(n) if region is None else region)


#: how far back in its sentence an organisation's address is looked for before a number
_MAILBOX_REACH = 200


def org_mailbox_before(text: str, s: int, st: Settings) -> bool:
    """Whether the number at ``text[s]`` follows, in its sentence or on the line just
    before it, an organisation's own address: a role or service mailbox at a domain that is
    not webmail ("email search@gsa.gov, or call ..."). The number is then that
    organisation's line."""
    if text.rfind("@", max(0, s - _MAILBOX_REACH), s) < 0:
        return False
    start = sentence_of(text, s, _MAILBOX_REACH)[0]
    if text[start - 1:start] == "\n" and text[start - 2:start - 1] not in ("\n", ""):
        start = max(text.rfind("\n", 0, start - 1) + 1, s - _MAILBOX_REACH)  # the line before:
        # a list of ways to reach it ("- by email at office@agency.ca" / "- by phone at ...")
    for m in EMAIL.finditer(text, start, s):
        addr = m.group(0).rstrip(".")
        if not private_mailbox(addr) and not personal_email(addr, st):
            return True
    return False


#: how far along its line a template tag around a number is looked for
_TAG_REACH = 200


def template_code(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is inside a template action or tag on its line, Go/Hugo's or
    Liquid's (``{{ $nb := lang.NumFmt 0 350000 }}``, ``{% assign n = 4412345 %}``): a
    layout's code, not published text. A shortcode's arguments (``{{< contact phone="..."
    >}}``, ``{{% ... %}}``) are published and do not count."""
    ls = max(text.rfind("\n", max(0, s - _TAG_REACH), s) + 1, s - _TAG_REACH)
    o = max(text.rfind("{{", ls, s), text.rfind("{%", ls, s))
    if o < 0 or text[o + 2:o + 3] in ("<", "%") or (text[o + 1] == "%" and text[o - 1:o] == "{"):
        return False
    close = "}}" if text[o + 1] == "{" else "%}"
    if text.find(close, o + 2, s) >= 0:
        return False  # closed before the number
    le = text.find("\n", e, e + _TAG_REACH)
    return text.find(close, e, e + _TAG_REACH if le < 0 else le) >= 0


def find_phones(doc, text: str, st: Settings, claimed):
    """Personal phone numbers in ``text`` outside the ``claimed`` spans (a
    :class:`~contentguard.spanset.SpanSet`; ``doc``, when given, adds its links' ccTLDs to
    the region hints)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType as T

    personal = {T.MOBILE, T.FIXED_LINE, T.FIXED_LINE_OR_MOBILE, T.PERSONAL_NUMBER, T.VOIP, T.UNKNOWN}
    regions: list[str] | None = None
    hinted: set[str] = set()
    labelled: set[str] = set()  # digits the page labels as a reference ("OMB No: 3090-0297")
    found: list[Hit] = []
    for m in finditer_from(PHONE, PHONE_START, text):
        raw = m.group(0).rstrip(" .-\u00a0")
        s = m.start()
        e = s + len(raw)
        d = digits(raw)
        if not 7 <= len(d) <= 15:
            continue
        if claimed.overlaps(s, e):
            continue
        if s >= 2 and text[s - 1] in " .-:\u00a0" and text[s - 2].isdigit():
            continue  # the tail of a longer digit sequence (or of a time, 18:45:07.993 2018)
        groups = re.split(r"[ .\-\u00a0]", raw.lstrip("+"))
        if len(groups) >= 3 and len(digits(groups[-1])) == 1:
            continue  # 0-306-40615-2: a check digit group (ISBN, account numbers)
        if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", raw):
            continue  # 35.186.224.25: an IPv4 address, never a phone number
        if ISO_DATE.match(raw) or re.fullmatch(r"(?:19|20)\d\d(?:[ ./-](?:19|20)\d\d)*", raw):
            continue
        if re.fullmatch(r"1[5-9]\d\d-(?:1[5-9]|20)\d\d", raw) and raw[:4] < raw[5:]:
            continue  # 1797-2012: a span of years (a history, a data series), not a number
        if DATE_HEAD.match(raw) or TIME_AFTER.match(text, e):
            continue  # 2026-11-01 01 (of 01:30:00), 14 03 (of 14:30): a date-time, not a number
        if hex_dump(text, s, e, getattr(doc, "source", None)):
            continue  # 02 09 00 80 00 00 00 00 01: bytes in hex
        if re.fullmatch(r"[1-9]\d{0,3}\.\d{5,}", raw):
            continue  # 64.560736: a decimal number (a measurement, a benchmark's seconds)
        # separators must be phone-like: groups of 2+ digits (no 1.2.3 version strings)
        if "." in raw and " " not in raw and "-" not in raw and raw.count(".") >= 2 and not raw.startswith("+"):
            groups = raw.split(".")
            if any(len(g) < 2 for g in groups):
                continue
        before = text[max(0, s - 30):s]
        if REF_BEFORE.search(before):
            labelled.add(d)
            continue
        intl = raw.startswith("+") or raw.startswith("00")
        formatted = intl or not raw.isdigit()
        if not formatted and not PHONE_WORDS.search(text[max(0, s - 40):s]):
            continue  # a bare run of digits is an id, a hash or a count unless the text says "call"
        if len(set(d)) <= 2 or ZIP4.fullmatch(raw) or YYYYMMDD.fullmatch(raw):
            continue
        cands = []
        types = {}  # the candidates' number types, by id (cached with the numbers)
        if intl:
            got = _valid_number("+" + raw[2:] if raw.startswith("00") else raw, None)
            if got is not None:
                cands.append((got[0], got[2]))
                types[id(got[0])] = got[1]
        else:
            if regions is None:
                regions, hinted = region_hints(doc, text, st)
            said_phone = None
            for r in regions:
                trunk = trunk_prefix(r)
                no_trunk = bool(trunk) and not d.startswith(trunk)
                if no_trunk:
                    # written nationally, a UK/IE/DE/UAE/... number starts with its 0; a
                    # mobile written without it ("Mobile: 99001 84726") counts only in a
                    # region the document itself points at, after a phone word
                    if r not in hinted:
                        continue
                    if said_phone is None:
                        said_phone = bool(PHONE_WORDS.search(text[max(0, s - 40):s]))
                    if not said_phone:
                        continue
                got = _valid_number(raw, r)
                if got is not None and (not no_trunk or got[1] == T.MOBILE):
                    cands.append((got[0], r))
                    types[id(got[0])] = got[1]
        if not intl and d[0] == "0" and d[1:8] in UK_DRAMA and "GB" in regions:
            continue  # reserved for drama by Ofcom (even where another region would accept it)
        if not cands:
            continue
        # a number that is a service number in any reading is a service number, unless it
        # is written exactly the way a region the page points at writes its numbers and
        # the service reading's region would not (090-4417-2861 on a page about Tokyo
        # is a Japanese mobile, not a UK premium-rate number)
        service = [(n, r) for n, r in cands if types[id(n)] not in personal]
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
        if n.country_code == 1 and len(nn) == 10 and nn[3:6] == "555":
            continue  # NANP 555: 555-0100..0199 reserved for fiction, the rest never a subscriber's
        if n.country_code == 44 and nn[:7] in UK_DRAMA:
            continue  # reserved for drama by Ofcom
        if n.country_code == 61 and (nn[1:5] in ("5550", "7010") and len(nn) == 9 or nn[:5] == "49157"):
            continue  # reserved for drama by ACMA: (0x) 5550 xxxx, (0x) 7010 xxxx, 0491 57x xxx
        if SERVICE_BEFORE.search(text[max(0, s - 60):s]) or ORG_PLACE_BEFORE.search(text[max(0, s - 60):s]):
            continue
        if SERVICE_AFTER.match(text, e) or ORG_LISTING_BEFORE.search(text, max(0, s - 160), s):
            continue
        mobile = types[id(n)] == T.MOBILE  # its type as read with it (cached with the number)
        if not mobile and org_mailbox_before(text, s, st):
            continue  # "email search@gsa.gov, or call 202-969-7426": the organisation's line
        if UNIT_AFTER.match(text, e):
            continue  # 26 214 400 bytes, 14 812 customers: a quantity
        if template_code(text, s, e):
            continue  # {{ $nb := lang.NumFmt 0 350000 $format "|" }}: a layout's code
        region = region or "?"
        masked = mask_phone(raw, n.country_code if intl else None)
        found.append(Hit(s, e, "pii/phone", raw, masked,
                         f"personal phone number {masked} ({region}): remove it or use a published number",
                         mobile=mobile))
    # a number the page labels as a reference once is that reference wherever it stands:
    # "OMB No: 3090-0297" in the heading, "the control number is 3090-0297" in the text
    for h in found:
        if digits(h.value) not in labelled:
            yield h


# -- a staff member's work line -----------------------------------------------------

#: a number in a staff contact block, beside a work address: published on purpose
WORK_PHONE_RULE = "pii/work-phone"
#: a contact block: at most this many non-blank lines either side of the number's line
#: (name / title / phone / e-mail), each of at most this many words and characters, with
#: no more than one blank line between two of them (a Markdown block of one-line paragraphs)
_BLOCK_LINES = 3
_BLOCK_WORDS = 8
_BLOCK_LINE_CHARS = 200
#: how far the number's own sentence is looked at in the source
_CONTACT_REACH = 200


def work_phone_message(masked: str) -> str:
    return (f"work phone number {masked} in a named staff contact beside a work address: "
            "contacts published by name go stale when people move on; an office's line lasts")


def _short_line(line: str) -> bool:
    """A contact block's line: a name, a title, a number or an address, not prose."""
    return len(line) <= _BLOCK_LINE_CHARS and len(_TAGS.sub(" ", line).split()) <= _BLOCK_WORDS


def _line_at(source: str, s: int, e: int) -> tuple[int, int] | None:
    """The line holding ``source[s:e]``, or None when it is longer than a contact line
    (a bounded look: a minified page's one line is not read for every number on it)."""
    ls = source.rfind("\n", max(0, s - _BLOCK_LINE_CHARS - 1), s) + 1
    if ls == 0 and s > _BLOCK_LINE_CHARS:
        return None
    le = source.find("\n", e, e + _BLOCK_LINE_CHARS + 1)
    if le < 0:
        if len(source) - e > _BLOCK_LINE_CHARS:
            return None
        le = len(source)
    return (ls, le) if le - ls <= _BLOCK_LINE_CHARS else None


def contact_span(source: str, s: int, e: int) -> tuple[int, int]:
    """The part of ``source`` a number at ``source[s:e]`` is a contact with: its sentence
    (at most :data:`_CONTACT_REACH` characters either side) and, when its line is short,
    the short lines around it: up to :data:`_BLOCK_LINES` either side, with at most one
    blank line between two of them (name / title / phone / e-mail as one-line paragraphs)."""
    lo, hi = sentence_of(source, s, _CONTACT_REACH)
    own = _line_at(source, s, e)
    if own is None or not _short_line(source[own[0]:own[1]]):
        return lo, hi  # a line of prose: its sentence
    lo, hi = min(lo, own[0]), max(hi, own[1])
    for up in (True, False):
        ls, le = own
        lines = blanks = 0
        while lines < _BLOCK_LINES:
            if (ls == 0) if up else (le >= len(source)):
                break
            got = _line_at(source, ls - 1, ls - 1) if up else _line_at(source, le + 1, le + 1)
            if got is None:
                break
            ls, le = got
            if not source[ls:le].strip():
                blanks += 1
                if blanks > 1:
                    break  # two blank lines: another part of the page
                continue
            if not _short_line(source[ls:le]) or source[ls:le].lstrip().startswith(("```", "~~~")):
                break  # prose, or a code block's fence: another part of the page
            lines, blanks = lines + 1, 0
            lo, hi = min(lo, ls), max(hi, le)
    return lo, hi


def _work_address_in(source: str, lo: int, hi: int) -> bool:
    """Whether ``source[lo:hi]`` holds an address at an organisation's domain (a staff
    member's work address or the organisation's own mailbox, in its text or a mailto:
    link) and no person's own mailbox (webmail, ISP: then the contact is that person's);
    sample addresses (``example.com``) are nobody's."""
    if source.find("@", lo, hi) < 0:
        return False
    part = source[lo:hi]
    work = False
    for m in email_matches(part):
        addr = m.group(0).rstrip(".").lower()
        if url_password(part, m.start()) or reserved_domain(addr.rpartition("@")[2]):
            continue
        if private_mailbox(addr):
            return False
        work = True
    return work


def phone_rule(h: Hit, hay: str, pos: int, source: str, raw: tuple[int, int], st: Settings, record) -> str:
    """``pii/phone`` for a number libphonenumber types as a mobile, for any number in a
    record or beside a sensitive matter, and for one nothing ties to a work address;
    :data:`WORK_PHONE_RULE` for a number in the same sentence or short contact block as
    an address at an organisation's domain ("Adrianne Lee / 613-222-7880 /
    adrianne.lee@tbs-sct.gc.ca"), as :func:`.email.email_rule` decides for the address:
    ``hay[pos]`` is where the number is found (its sentence), ``raw`` its span in the
    document's ``source`` (the block, mailto: links included); ``record`` is asked last."""
    if h.mobile:
        return "pii/phone"
    lo, hi = contact_span(source, *raw)
    if not _work_address_in(source, lo, hi):
        return "pii/phone"
    if sensitive_sentence(hay, pos, st) or find_context(st.context_re, source[lo:hi]) or record:
        return "pii/phone"
    return WORK_PHONE_RULE
