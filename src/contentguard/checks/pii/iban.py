"""IBANs: a valid checksum and country length (python-stdnum), documentation examples left out."""
from __future__ import annotations

from contentguard.masking import mask_digits

from .common import Hit, lazy_re, words

IBAN_RE = lazy_re(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])")


def find_ibans(text: str):
    """IBANs in ``text`` (and, without a rule, the look-alikes that fail their checksum)."""
    from stdnum import iban

    for m in IBAN_RE.finditer(text):
        raw = m.group(0)
        # trailing groups may be a following word: try the longest valid prefix
        cut = len(raw)
        found = False
        while cut >= 15:
            cand = raw[:cut].rstrip()
            if iban.is_valid(cand):
                if iban.compact(cand) in words("example_ibans"):
                    found = True
                    yield Hit(m.start(), m.start() + len(cand), "", cand, "", "")
                    break
                masked = mask_digits(cand, keep=4, keep_prefix=cand[:2])
                yield Hit(m.start(), m.start() + len(cand), "pii/iban", cand, masked,
                           f"IBAN {masked}: bank details must not be published")
                found = True
                break
            cut = raw.rfind(" ", 0, cut)
        if not found:
            yield Hit(m.start(), m.end(), "", raw, "", "")
