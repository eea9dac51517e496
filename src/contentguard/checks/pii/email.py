"""E-mail addresses: a person's, not a role or organisation mailbox."""
from __future__ import annotations

import re

from contentguard.masking import mask_email

from .common import Hit, Settings, lazy_re, sentence_of, words
from .context import find_context

EMAIL = lazy_re(r"[A-Za-z0-9](?<![\w.%+-][A-Za-z0-9])[A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")
#: the local part right before an ``@``: where the only start of an address with that
#: ``@`` is (see :func:`email_matches`)
_LOCAL_RUN = lazy_re(r"[A-Za-z0-9._%+-]{1,64}@")
_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")


def email_matches(text: str):
    """``EMAIL.finditer(text)``, tried only at each ``@``: the pattern, led by a letter or
    digit at a word's start, was tried at every word of the text (0.15 ms on a 5 KB page
    that holds one address).

    An address that holds the ``@`` at ``p`` can only start where the run of local-part
    characters ending at ``p`` starts: inside the run the character before is one of them,
    which the pattern's look-behind refuses; a run longer than 64 holds no address; a run
    that begins inside the previous address is one ``finditer`` resumes past."""
    pos = 0
    while True:
        p = text.find("@", pos)
        if p < 0:
            return
        ws = max(pos, p - 64)
        run = _LOCAL_RUN.search(text, ws, p + 1)
        if run is not None and not (run.start() == ws and ws > 0 and text[ws - 1] in _LOCAL_CHARS):
            m = EMAIL.match(text, run.start())
            if m is not None:
                yield m
                pos = m.end()
                continue
        pos = p + 1


#: a URL's scheme and user name, right before the ``:`` that opens its password
_USERINFO = lazy_re(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*:$")


def url_password(text: str, start: int) -> bool:
    """Whether the address-shaped match at ``text[start]`` is a URL's password and host
    (``https://ci-user:mypassword123@github.com/``), not an address."""
    return bool(start) and text[start - 1] == ":" and _USERINFO.search(text, max(0, start - 200), start) is not None


def role_words() -> frozenset[str]:
    """Local parts of organisation and role mailboxes."""
    return words("role_words")


def find_emails(text: str, st: Settings):
    """Personal e-mail addresses in ``text``."""
    for m in email_matches(text):
        if url_password(text, m.start()):
            continue  # https://ci-user:mypassword123@github.com/: a URL's password and host
        addr = m.group(0).rstrip(".")
        if not personal_email(addr, st):
            continue
        masked = mask_email(addr)
        yield Hit(m.start(), m.start() + len(addr), "pii/email", addr, masked,
                   f"personal e-mail address {masked}: remove it or use a role address")


_VOWEL = re.compile(r"[aeiouy]")
#: a named person's address at an organisation's domain, published as a contact
WORK_RULE = "pii/work-email"
#: how far a sentence is looked for around an address (keeps each look bounded)
_SENTENCE_REACH = 400


def work_message(masked: str) -> str:
    return (f"work e-mail address of a named person ({masked}): contacts published by name go "
            "stale when people move on; a role address (team@, press@) lasts")


def private_mailbox(addr: str) -> bool:
    """An address at a webmail or ISP domain (``data/webmail.txt``): a person's own mailbox."""
    return addr.lower().rpartition("@")[2].rstrip(".") in words("webmail")


def sensitive_sentence(hay: str, pos: int, st: Settings) -> bool:
    """Whether the sentence around ``hay[pos]`` (at most ``_SENTENCE_REACH`` characters
    either side) holds a sensitive-context word: a complaint, a case, a refund, health."""
    s, e = sentence_of(hay, pos, _SENTENCE_REACH)
    return bool(find_context(st.context_re, hay[s:e]))


def email_rule(addr: str, hay: str, pos: int, st: Settings, record: bool) -> str:
    """``pii/email`` for a person's own mailbox (webmail, ISP), for any personal address in a
    record (an export, a ticket, casework) or in a sentence about a sensitive matter ("the
    complaint from j.smith@acme.com"); :data:`WORK_RULE` for a named person's address at an
    organisation's domain on a published page ("contact Jean Fox at jean.fox@bls.gov"): a
    staff contact published on purpose, listed at info for an audit, not an error."""
    if record or private_mailbox(addr) or sensitive_sentence(hay, pos, st):
        return "pii/email"
    return WORK_RULE


def mailto_only(doc, text: str, st: Settings, ctx, record):
    """A personal address that only appears in a mailto: link (the link text says "e-mail me");
    ``record`` is true when the document is a record (an object asked only if needed)."""
    for link in doc.links:
        if not link.url.lower().startswith("mailto:"):
            continue
        addr = link.url[7:].split("?", 1)[0].strip()
        if not addr or addr in text or not EMAIL.fullmatch(addr) or not personal_email(addr, st):
            continue
        rs = link.start + 7
        if doc.source[rs:rs + len(addr)] != addr:
            continue  # written with entities or escapes: no exact span to point at
        rule = email_rule(addr, doc.source, rs, st, record)
        if not ctx.wants(rule):
            continue
        masked = mask_email(addr)
        msg = (f"personal e-mail address {masked} in a mailto: link: remove it or use a role address"
               if rule == "pii/email" else work_message(masked) + " (in a mailto: link)")
        yield ctx.finding(rule, doc, rs, rs + len(addr), msg, raw=True, excerpt=masked, match=addr)


def reserved_domain(domain: str) -> bool:
    """RFC 2606/6761 reserved names: example.com, example.org, *.example, *.test, ...
    (``domain`` in lower case): a sample address, nobody's."""
    labels = domain.split(".")
    return "example" in labels[:-1] or labels[-1] in ("example", "test", "invalid", "localhost", "local")


def personal_email(addr: str, st: Settings) -> bool:
    local, _, domain = addr.lower().rpartition("@")
    domain = domain.rstrip(".")
    if any(domain == d or domain.endswith("." + d) for d in st.allowed_domains):
        return False
    if reserved_domain(domain):
        return False
    base = local.split("+", 1)[0]
    parts = [p for p in re.split(r"[._-]", base) if p]
    if base in st.role_words or (parts and all(p in st.role_words for p in parts)):
        return False
    if len(parts) >= 2 and len(parts[0]) >= 4 and parts[0] in st.role_words and not re.search(r"\d", base):
        return False  # service.client@, support.fr@, press.uk@: a mailbox, then a qualifier
    if private_mailbox(addr):
        return True
    if (len(parts) >= 2 and not re.search(r"\d", base)
            and (parts[-1] in words("org_mailbox_words") or (len(parts[-1]) >= 4 and parts[-1] in st.role_words))):
        return False  # ashgrove.surgery@, leeds.office@, harbour.bookings@: a place's mailbox
    # an organisation's domain: personal when the local part looks like a person's
    # (first.last, initial.surname, with digits); a single plain word is a mailbox
    # of the organisation (markets@, finaid@) unless it is on a webmail domain.
    if domain.startswith(("lists.", "list.", "mail.", "mx.", "bugs.")):
        return False
    if any(len(p) >= 3 and not _VOWEL.search(p) for p in parts):
        return False  # ssc.aaact-aatia.spc@: an office's acronyms, no person's name (a name has a vowel)
    if re.fullmatch(r"[a-z][a-z'-]*[._][a-z][a-z'-]*(?:[._][a-z][a-z'-]*)?\d{0,4}", base):
        return True  # first.last, j.smith, jane_smith
    if re.fullmatch(r"[a-z]+\d{1,4}", base) and len(base) >= 5:
        return True  # jsmith84
    return False

# -- IBAN --------------------------------------------------------------------------
