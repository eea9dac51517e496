"""The personal-data detectors' fast paths (each pattern that made the regex engine try
every position of a page now starts from a rare character, or runs only when a cheap
test says a match may be there): same readings, at the same places, as before."""
from __future__ import annotations

from contentguard.checks.pii import phone
from contentguard.checks.pii.obfuscation import deobfuscate
from contentguard.checks.pii.structured import default_settings, find_personal_data


def _hints(text):
    return phone.region_hints(None, text, default_settings())[1]


def test_places_are_hints_by_any_word_case_and_spacing_and_not_by_look_alikes():
    assert _hints("Our TOKYO office") == {"JP"}
    # found from "zealand"; any white space between the words (a KeyError stopped the check before)
    assert _hints("Our office in New\n  Zealand") == {"NZ"}
    assert _hints("© Büro in São Paulo, Kenya") == {"KE"}  # "São" is not the pattern's "sao" (as before)
    assert _hints("\u212aenya calling") == {"KE"}  # the Kelvin sign is a K to re's (?i)
    # look-alikes: other places, a place inside a word, a hyphenated word
    assert _hints("Our office in New York and Kyoto") == set()
    assert _hints("Tokyoites and non-Kenya") == set()


def test_a_tld_hint_is_found_from_its_dot():
    assert _hints("See shop.de or mail x@y.fr") == {"DE", "FR"}
    # look-alikes: a dot with no name before it, a name going on after the TLD
    assert _hints(".de alone, shop.de.x, shop.de-x, shop.de.") == set()


def test_plain_readings_keep_their_positions():
    text = "Card 4916.3381.2273.9419 or call 0171/2345678, jo [at] shop [dot] co, ssn 123.45.6789"
    plain, where = deobfuscate(text)
    assert plain == "Card 4916 3381 2273 9419 or call 0171 2345678, jo@shop.co, ssn 123-45-6789"
    assert [where[plain.index(x)] for x in ("4916", "0171", "jo@", "@shop", "123-")] == [
        text.index("4916"), text.index("0171"), text.index("jo ["), text.index(" [at]"), text.index("123.")]
    # the lower-case IBAN's hint is found from its digits; no hint, no reading
    assert deobfuscate("iban gb33bukb20201555555555 please")[0] == "iban GB33BUKB20201555555555 please"
    assert deobfuscate("xgb33bukb2020 and 1.x and a/b") is None
    assert deobfuscate("plain text, a date 2026-11-23, nothing hidden") is None


def test_a_repeated_number_is_read_once_and_judged_on_each_page():
    phone._valid_number.cache_clear()
    page = "Questions? Call Maria on 07911 123456 today."
    for _ in range(3):
        hits = find_personal_data(page)
        assert [(h.start, h.end, h.rule) for h in hits] == [(25, 37, "pii/phone")]
    assert phone._valid_number.cache_info().hits >= 2
    # the cached reading is the number's; the page still decides: a service context drops it
    assert find_personal_data("Our switchboard: call the store on 07911 123456 today.") == []


def test_labelled_ids_are_looked_for_only_where_a_label_is_and_found_in_any_case():
    def got(text):
        return [(h.start, h.end, h.rule) for h in find_personal_data(text)]

    assert got("AADHAAR: 2341 2341 2346 on file.") == [(9, 23, "pii/national-id")]
    # a non-ASCII label is looked for by its longest ASCII stretch ("dselsnummer")
    assert got("FØDSELSNUMMER 15108695088") == [(14, 25, "pii/national-id")]
    assert got("Fødselsnummer: 151086 95088 here") == [(15, 27, "pii/national-id")]
    # look-alikes: the label inside a longer word, the acronym in lower case
    assert got("aadhaarx 2341 2341 2346") == [] and got("a bsn 111222333 b") == []


def test_robots_verdicts_are_remembered_and_the_memory_stays_bounded(monkeypatch):
    import urllib.robotparser

    from contentguard.audit import robots

    rb = robots.Robots()
    rb.parser = urllib.robotparser.RobotFileParser()
    rb.parser.parse(["User-agent: contentguard", "Disallow: /private/", "", "User-agent: *", "Disallow: /"])
    asked = []
    real = rb.parser.can_fetch
    monkeypatch.setattr(rb.parser, "can_fetch", lambda agent, url: asked.append(url) or real(agent, url))
    for _ in range(3):
        assert rb.allowed("https://x.org/a.html") and not rb.allowed("https://x.org/private/b.html")
    assert asked == ["https://x.org/a.html", "https://x.org/private/b.html"]
    monkeypatch.setattr(robots, "ROBOTS_MEMO", 2)
    assert rb.allowed("https://x.org/c.html") and len(rb._memo) == 1  # full: forgotten, then this one


def test_context_punctuation_is_spaced_as_the_translate_table_did():
    # find_context turns punctuation into spaces with one re.sub (C) instead of a
    # str.translate table (a dict lookup per character): the same string for every code
    # point, and a context word behind punctuation is still found at its offset
    from contentguard.checks.pii import context as pctx

    table = str.maketrans({c: " " for c in pctx.CTX_CHARS})
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert pctx._CTX_RE.sub(" ", every) == every.translate(table)
    auto = pctx.build_context_finder([])
    text = "Notes (complaint): see HR-file; a casement window."
    starts = pctx.find_context(auto, text)
    assert text.index("complaint") in starts
    assert text.index("casement") not in starts  # look-alike: not the word "case ..."


def test_patterns_led_by_their_class_match_where_the_look_behind_led_ones_did():
    # each detector pattern begins with the class its matches begin with, the character
    # before checked by a look-behind after it (the engine skips to the class): the
    # matches, groups included, are those of the pattern it replaces, at a text's start too
    import re

    from contentguard.checks.pii import card, email, iban, ip, national_id

    old = {
        card.CARD_RE: r"(?<![\w.,/+-])\d(?:[ -]?\d){11,18}(?![\w/]|[.,-]\d)",
        national_id.SSN_RE: r"(?<![\w.,/+-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w/]|[.,-]\d)",
        national_id.NINO_RE: r"(?<![A-Za-z0-9])([A-Z]{2})( ?)(\d{2})\2(\d{2})\2(\d{2})\2([A-D])(?![A-Za-z0-9])",
        iban.IBAN_RE: r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])",
        ip.IPV4_RE: r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w/]|\.\d)",
        email.EMAIL: r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                     r"[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])",
    }
    text = ("4916338122739419 card, x4916338122739419, 4916 3381 2273 9419; 123-45-6789 and a123-45-6789, "
            "AB123456C, XAB123456C, GB33BUKB20201555555555 xGB33BUKB20201555555555, 81.2.69.160 and .81.2.69.160 "
            "or v81.2.69.160, jo.smith@shop.co.uk, .jo.smith@shop.co.uk, 5 ٠٧٩١١ ١٢٣٤٥٦")
    seen = 0
    for new, before in old.items():
        want = [(m.span(), m.groups()) for m in re.compile(before).finditer(text)]
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == want
        seen += len(want)
        for start in ("4916338122739419", "123-45-6789", "AB123456C", "GB33BUKB20201555555555", "81.2.69.160",
                      "jo@shop.co"):  # a match at the very start (no character before it)
            assert ([m.span() for m in new.finditer(start)] == [m.span() for m in re.compile(before).finditer(start)])
    # one true positive per pattern, the card three times (Arabic-Indic digits are digits);
    # the look-alikes none
    assert seen == 8
    # where each one is: the card at 0, not inside x4916...; the address from "jo", not ".jo"
    assert card.CARD_RE.search(text).span() == (0, 16)
    assert [m.start() for m in email.EMAIL.finditer(text)] == [text.index("jo.smith")]


def test_phone_numbers_are_tried_only_where_one_can_start():
    # PHONE's optional "+", "00" and "(" groups keep it from starting with a class; it is
    # tried where one of them or a digit is, with the same matches as finditer
    import re

    from contentguard.literals import finditer_from

    text = "Call +44 7911 123456, (020) 7946 0018, 0044 7911 123456 or x07911 123456; v1.2.3 and 12 May 2026."
    want = [m.span() for m in re.compile(*phone.PHONE._args).finditer(text)]
    assert [m.span() for m in finditer_from(phone.PHONE, phone.PHONE_START, text)] == want
    assert (text.index("+44"), text.index("+44") + len("+44 7911 123456")) in want
    assert not any(s == text.index("07911") for s, _e in want)  # x07911: inside a word
    assert [(h.start, h.end, h.rule) for h in find_personal_data("Call Maria on +44 7911 123456 today.")] == [
        (14, 29, "pii/phone")]


def test_url_pieces_neither_named_nor_self_evident_are_not_read_by_the_detectors(monkeypatch):
    # a page's path ("p1456.html", "14") is masked only when its query key names personal
    # data or the value is self-evident (an @, a +, card grouping, an IBAN's shape): the
    # detectors are not run on the others, with the same masking as before
    from contentguard.checks.pii import urls

    urls.masked_piece.cache_clear()
    read = []
    real = urls.mask_line
    monkeypatch.setattr(urls, "mask_line", lambda s: read.append(s) or real(s))
    assert urls.masked_piece("p1456.html") is None and urls.masked_piece("07911-123-456") is None
    assert read == []
    assert urls.masked_piece("07911-123-456", "tel") == "•••••-•••-456"
    assert urls.masked_piece("+447911123456") == "+44•••••••456"
    assert urls.masked_piece("maria.lopez@gmail.com") == "m••••••••••@g••••.com"
    assert read == ["07911-123-456", "+447911123456", "maria.lopez@gmail.com"]
    urls.masked_piece.cache_clear()


def test_the_offset_map_is_made_at_the_first_plain_reading_with_every_offset_kept():
    # a text that hints at a plain reading (a decimal, a date with slashes) but holds none:
    # no reading and no map; one whose reading comes after such hints: offsets exact
    assert deobfuscate("Only £12.99 until 15/09/2026, version 3.2019.") is None
    text = "Only £12.99 until 15/09/2026: ssn 123.45.6789, jo [at] shop [dot] co"
    plain, where = deobfuscate(text)
    assert plain == "Only £12.99 until 15/09/2026: ssn 123-45-6789, jo@shop.co"
    assert len(where) == len(plain)
    assert [where[plain.index(x)] for x in ("£12", "123-", "jo@", "@shop", "shop.co")] == [
        text.index("£12"), text.index("123."), text.index("jo ["), text.index(" [at]"), text.index("shop [")]


def test_a_robots_txt_without_a_disallowing_rule_allows_every_url_without_asking(monkeypatch):
    import asyncio

    from contentguard.audit import robots

    class Fetcher:  # load_robots' one request
        def __init__(self, body):
            self.body = body

        async def get(self, url, **kw):
            from contentguard.audit.fetch import Fetched

            return Fetched(url, url, status=200, body=self.body.encode())

    def load(body):
        return asyncio.run(robots.load_robots(Fetcher(body), "https://x.org", lambda *a: None))

    rb = load("User-agent: *\nDisallow:\n\nUser-agent: contentguard\nAllow: /docs/\n")
    assert rb.allows_all
    monkeypatch.setattr(rb.parser, "can_fetch", lambda agent, url: 1 / 0)  # never asked
    assert rb.allowed("https://x.org/a.html") and rb.allowed("https://x.org/private/%7Ex")
    # look-alike: one Disallow rule: every URL is asked about, and the rule obeyed
    rb = load("User-agent: *\nDisallow:\n\nUser-agent: contentguard\nDisallow: /private/\n")
    assert not rb.allows_all
    assert rb.allowed("https://x.org/a.html") and not rb.allowed("https://x.org/private/b.html")
