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

