"""Payment card numbers: Luhn-valid, a known issuer prefix and a length that issuer uses."""
from __future__ import annotations

import re

from contentguard.masking import mask_digits

from .common import Hit, Settings, digits, lazy_re, words


def test_cards() -> frozenset[str]:
    """Documented test card numbers (Stripe, Braintree, Adyen, PayPal docs)."""
    return words("test_cards")


#: (every pattern here starts with the character class its matches start with and checks
#: the character before it by a look-behind after that: the regex engine then skips to the
#: class; led by the look-behind it tried every position of the text)
CARD_RE = lazy_re(r"\d(?<![\w.,/+-]\d)(?:[ -]?\d){11,18}(?![\w/]|[.,-]\d)")

CARD_REF_BEFORE = lazy_re(r"\b(?:order|invoice|tracking|serial|imei|isbn|sku|barcode|gtin|ean|upc|"
                              r"model|part|parcel|shipment|consignment|transaction|receipt|"
                              r"confirmation|booking|ticket)(?:[-\s]?[A-Z0-9]{1,3})?\.?\s*"
                              r"(?:no\.?|number|num|#)?\s*[:#]?\s*$"
                              # an id attribute or key: {{< tweet id="601381376940728320" >}}, "user_id": 6011...
                              r"|\b(?:[\w-]*[_-])?(?:id|ids)[\"']?\s*[=:]\s*[\"']?$", re.I)

#: cards that are not payment cards: loyalty, gift, membership, library cards (Luhn is common there)
CARD_NONPAY_BEFORE = lazy_re(r"\b(?:loyalty|gift|voucher|reward|rewards|membership|member|library|"
                                 r"club|bonus|points|fidelity|fidélité|kundenkarte|payback)\b[^.!?:;]{0,45}$", re.I)


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


def card_grouping_ok(raw: str) -> bool:
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


def find_cards(text: str, st: Settings):
    """Payment card numbers in ``text`` (and, without a rule, card-shaped look-alikes)."""
    for m in CARD_RE.finditer(text):
        raw = m.group(0)
        d = digits(raw)
        if not 13 <= len(d) <= 19 or not card_grouping_ok(raw):
            continue
        if (CARD_REF_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                or CARD_NONPAY_BEFORE.search(text[max(0, m.start() - 60):m.start()])):
            yield Hit(m.start(), m.end(), "", raw, "", "")  # a labelled serial or order number
            continue
        issuer = card_issuer(d) if luhn_ok(d) else None
        if d in st.test_cards or len(set(d)) <= 2 or issuer is None:
            if re.search(r"\d{4}[ -]\d{4}[ -]\d{4}", raw):  # card-shaped: never a phone either
                yield Hit(m.start(), m.end(), "", raw, "", "")
            continue
        masked = mask_digits(raw, keep=4)
        yield Hit(m.start(), m.end(), "pii/payment-card", raw, masked,
                   f"{issuer} card number {masked}: remove it (never publish a card number)")
