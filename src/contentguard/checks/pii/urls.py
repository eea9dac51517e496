"""Personal data in the components of a URL: the detection under ``urlmask`` (which masks
URLs wherever they are shown or stored) and the personal-data check's link places.

Detection is this package's own (:func:`mask_line`: e-mail, card, IBAN, national ids,
phone numbers), run on each component of the URL decoded both ways (``%40`` → ``@``;
``+`` → space in a query, ``%2B`` → ``+``). The host is left alone (a public host name
is no one's personal data). It lives here, below both users, so that the check's link
places and ``urlmask`` import it at module top with no cycle.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, unquote_plus

from .structured import mask_line

# components: split at URL delimiters, keeping them
SPLIT = re.compile(r"([/?&=#;,\s\"'<>()\[\]]+)")
_HOST = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/?#\s@]*(?=[/?#]|$)")


def _decodings(piece: str) -> list[str]:
    out = [piece]
    if "%" in piece or "+" in piece:
        for dec in (unquote(piece), unquote_plus(piece)):
            if dec not in out:
                out.append(dec)
    return out


# a query key that names personal data: its value is read as such even when bare
_KEY_HINT = re.compile(r"(?i)card|\bcc|pan\b|iban|acc(?:oun)?t|tel|phone|mobile|cell|msisdn|fax|whatsapp|"
                       r"sms|ssn|\bnin?o?\b|passport|e?-?mail|contact|user")
_GROUPED_CARD = re.compile(r"\d{4}[ -]\d{4}[ -]\d{4}")
_IBAN_START = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z0-9]")


def _self_evident(dec: str) -> bool:
    """A value that is personal data without a key naming it. A bare number in a path is
    an id far more often than a card or a phone (tweet, article and help-page ids pass
    Luhn and phone checks: 15 of 53,429 URLs on the real sites), so it needs a ``+``,
    card grouping, an IBAN's shape or a ``tel:`` scheme."""
    d = dec.strip()
    return ("@" in d or d.startswith("+") or d[:4].lower() in ("tel:", "sms:")
            or _GROUPED_CARD.search(d) is not None or _IBAN_START.match(d) is not None)


@lru_cache(maxsize=4096)
def masked_piece(piece: str, key: str = "") -> str | None:
    """The piece masked when it (or a decoding of it) holds personal data, else None."""
    if "@" not in piece and "%" not in piece and not any(c.isdigit() for c in piece):
        return None
    hinted = bool(key) and _KEY_HINT.search(key) is not None
    for dec in _decodings(piece):
        # the cheap half of the condition first: a piece neither named by its key nor
        # self-evident (a page's path, "p1456.html") is never masked, whatever the
        # detectors would find in it; they ran on every page link the crawler discovered
        if (hinted or _self_evident(dec)) and (m := mask_line(dec)) != dec:
            return m
    return None


def pieces(parts: list[str]):
    """(index, key) of each component of a split URL; ``key`` is the query name before
    an ``=`` (empty elsewhere)."""
    for i in range(0, len(parts), 2):
        if parts[i]:
            key = parts[i - 2] if i >= 2 and parts[i - 1].endswith("=") else ""
            yield i, key


def split_host(url: str) -> tuple[str, str]:
    m = _HOST.match(url)
    if m is None:
        return "", url
    host = m.group()
    if "@" in host:  # credentials before the host: never shown
        return "", url
    return host, url[m.end():]


def personal_components(url: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded value) of each component of ``url`` (as written) that holds
    personal data: what the personal-data check reports in a link's query string."""
    host, rest = split_host(url)
    parts = SPLIT.split(rest)
    offs, pos = [], len(host)
    for p in parts:
        offs.append(pos)
        pos += len(p)
    out = []
    for i, key in pieces(parts):
        if masked_piece(parts[i], key) is not None:
            dec = next((d for d in _decodings(parts[i])[::-1] if mask_line(d) != d), parts[i])
            out.append((offs[i], offs[i] + len(parts[i]), dec))
    return out
