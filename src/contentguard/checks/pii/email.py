"""E-mail addresses: a person's, not a role or organisation mailbox."""
from __future__ import annotations

import re

from contentguard.masking import mask_email

from .common import Hit, Settings, lazy_re, words

EMAIL = lazy_re(r"[A-Za-z0-9](?<![\w.%+-][A-Za-z0-9])[A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")


def role_words() -> frozenset[str]:
    """Local parts of organisation and role mailboxes."""
    return words("role_words")


def find_emails(text: str, st: Settings):
    """Personal e-mail addresses in ``text``."""
    for m in EMAIL.finditer(text):
        addr = m.group(0).rstrip(".")
        if not personal_email(addr, st):
            continue
        masked = mask_email(addr)
        yield Hit(m.start(), m.start() + len(addr), "pii/email", addr, masked,
                   f"personal e-mail address {masked}: remove it or use a role address")


def mailto_only(doc, text: str, st: Settings, ctx):
    """A personal address that only appears in a mailto: link (the link text says "e-mail me")."""
    for link in doc.links:
        if not link.url.lower().startswith("mailto:"):
            continue
        addr = link.url[7:].split("?", 1)[0].strip()
        if not addr or addr in text or not EMAIL.fullmatch(addr) or not personal_email(addr, st):
            continue
        rs = link.start + 7
        if doc.source[rs:rs + len(addr)] != addr:
            continue  # written with entities or escapes: no exact span to point at
        masked = mask_email(addr)
        yield ctx.finding("pii/email", doc, rs, rs + len(addr),
                          f"personal e-mail address {masked} in a mailto: link: remove it or use a role address",
                          raw=True, excerpt=masked, match=addr)


def personal_email(addr: str, st: Settings) -> bool:
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
    if domain in words("webmail"):
        return True
    if (len(parts) >= 2 and not re.search(r"\d", base)
            and (parts[-1] in words("org_mailbox_words") or (len(parts[-1]) >= 4 and parts[-1] in st.role_words))):
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
