"""The personal-data rules: one per kind, and e-mail addresses and phone numbers split by
whose they are."""
from __future__ import annotations

from contentguard.findings import Rule

from .common import CAT

RULES = (
    Rule("pii/email", CAT, "error",
         "A person's own e-mail address, or any personal address in a record or beside a sensitive matter.",
         "An address at a webmail or ISP domain (gmail.com, btinternet.com, orange.fr, ...) with "
         "a person's name or a private mailbox in it; and a personal address at any domain in a "
         "record (an export, a ticket, casework) or in a sentence about a complaint, a case, "
         "health or money. Role and organisation addresses (info@, press@, support@, noreply@, "
         "careers@, ...) and addresses on `allowed-domains` are not reported. The excerpt is "
         "masked: j***@g***.com.",
         "Write to me at jane.smith84@gmail.com", "pii.email"),
    Rule("pii/work-email", CAT, "info",
         "A named person's work address at an organisation's domain, published as a contact (audits).",
         "first.last@agency.gov on a published page, in no record and beside no sensitive matter: "
         "a staff contact published on purpose, not a leak, so it is info (it does not fail a "
         "run at the default `fail-on`). An audit lists them because such contacts go stale "
         "when people move on and a role address lasts. `allowed-domains` silences a domain; a "
         "config `severity` makes it a gate.",
         "Contact Jean Fox at jean.fox@bls.gov", "pii.email"),
    Rule("pii/phone", CAT, "error",
         "A personal mobile or landline number, valid for its country (service numbers are not reported).",
         "Numbers are parsed and validated with libphonenumber against the configured region, the "
         "regions hinted by the document and the number's own country code. Toll-free, shared-cost, "
         "premium and other service numbers, numbers on `published-numbers` and the fictional "
         "US 555-0100..0199 range are not reported.",
         "Call me on +44 7841 226 958", "pii.phone"),
    Rule("pii/work-phone", CAT, "info",
         "A staff member's work number in a named contact beside a work address (audits).",
         "A number in the same sentence or short contact block (name / title / phone / e-mail, "
         "a few short lines) as an address at an organisation's domain, on a published page, in no "
         "record and beside no sensitive matter: a work line published on purpose, so it is info "
         "(it does not fail a run at the default `fail-on`). A number libphonenumber types as a "
         "mobile (GB 07..., DE 015...; NANP numbers cannot say) stays `pii/phone`. An audit lists "
         "them because named contacts go stale; `published-numbers` silences a number, a config "
         "`severity` makes the rule a gate.",
         "Adrianne Lee / 613-222-7880 / adrianne.lee@tbs-sct.gc.ca", "pii.phone"),
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
         "A private individual's name tied to a sensitive matter about them: health, a complaint or case, HR, "
         "benefits or debts, criminal, immigration, a child's welfare (needs a spaCy model).",
         "A full name with a known given name (or introduced by a field, an honorific or a salutation), "
         "with a specific sensitive word in the same sentence, or in the same row or line of a record "
         "(a data export, a ticket, casework, minutes, a log). Staff in a work field, people quoted or "
         "listed by role, the page's own authors (author slugs through the site's author files), "
         "bylines, signatures, thanks, link text, captions, headings, names on `allow-names` and a "
         "first name on its own are not reported.",
         "Complaint from Margaret Ellison about missed collections", "pii.person-name"),
)
