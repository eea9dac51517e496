"""Masking of personal data: no output format ever shows the clear value."""
from __future__ import annotations

import re

DOT = "\u2022"


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    host, dot, tld = domain.rpartition(".")
    if not dot:
        host, tld = domain, ""
    m = (local[:1] + "***") + "@" + (host[:1] + "***" if host else "***")
    return m + ("." + tld if tld else "")


def mask_digits(value: str, keep: int = 4, keep_prefix: str = "") -> str:
    """Replace every digit but the last ``keep`` with a dot, keeping separators.

    ``keep_prefix`` (for example an international ``+44``) is kept in clear.
    """
    body = value[len(keep_prefix):] if keep_prefix and value.startswith(keep_prefix) else value
    total = sum(c.isalnum() for c in body)
    out, seen = [], 0
    for c in body:
        if c.isalnum():
            seen += 1
            out.append(c if seen > total - keep else DOT)
        else:
            out.append(c)
    return (keep_prefix if body is not value else "") + "".join(out)


def mask_name(value: str) -> str:
    return " ".join(w[:1] + "***" for w in value.split())


def mask_generic(value: str) -> str:
    if len(value) <= 2:
        return DOT * len(value)
    return value[:1] + DOT * (len(value) - 2) + value[-1:]


_IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")


def mask_ip(value: str) -> str:
    m = _IPV4.match(value)
    if m:
        return f"{m.group(1)}.{DOT * 3}.{DOT * 3}.{DOT * 3}"
    parts = value.split(":")
    return parts[0] + ":" + ":".join(DOT * 2 for _ in parts[1:])


def mask_keep_length(value: str) -> str:
    """Every letter and digit but the first turned into a dot, so columns after it stay put
    (for masking personal data inside a source line printed under another finding)."""
    out, first = [], True
    for c in value:
        if c.isalnum():
            out.append(c if first else DOT)
            first = False
        else:
            out.append(c)
    return "".join(out)



_IPV4_SHOWN = re.compile(r"^(\d{1,3})(?:\.[\d\u2022]{1,3}){3}$")


def _dots_after_first(part: str) -> str:
    return part[:1] + DOT * (len(part) - 1) if part else part


def mask_like(value: str, masked: str | None) -> str:
    """``value`` masked with its length kept (so carets under a source line still line
    up), showing no more of it than ``masked``, the form the finding's message shows:
    the line and the message never reveal different parts of one value.

    A message mask that already keeps the length (cards, IBANs, phones, IDs: digits turned
    into dots one for one) is used as is; an e-mail keeps the first letter of its local
    part and host and its top-level domain, as ``mask_email`` does; an IPv4 address its
    first octet, as ``mask_ip`` does; a name each word's initial, as ``mask_name`` does.
    Anything else shows no letter or digit at all."""
    if masked is not None and len(masked) == len(value):
        return masked
    if "@" in value:
        local, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        if not dot:
            host, tld = domain, ""
        return _dots_after_first(local) + "@" + _dots_after_first(host) + (dot + tld)
    m = _IPV4_SHOWN.match(value)  # digits or dots already masked: the line may be masked twice
    if m:
        return m.group(1) + "".join(DOT if c.isdigit() else c for c in value[len(m.group(1)):])
    if ":" in value and all(c.isalnum() or c in ":." for c in value):  # IPv6, as mask_ip
        head, _, rest = value.partition(":")
        return head + ":" + "".join(DOT if c.isalnum() else c for c in rest)
    if masked is not None and masked == mask_name(value):
        return " ".join(_dots_after_first(w) for w in value.split(" "))
    return "".join(DOT if c.isalnum() else c for c in value)
