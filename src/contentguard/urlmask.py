"""Personal data in URLs: found through percent- and ``+``-encoding, masked like text.

A link to ``users/maria.kowalska77@gmail.com.html`` or ``?email=maria%40gmail.com``
publishes the address as surely as the page text does, and the URL then travels into
messages, excerpts, caches and databases. Every URL, link target, redirect target and
page URL passes through :func:`mask_url` (or :func:`mask_urls_in` for a message that
quotes URLs) before it reaches any output, and cache or database keys of such URLs are
hashed (:func:`url_key`). Detection is the personal-data check's own (``mask_line``:
e-mail, card, IBAN, national ids, phone numbers), run on each component of the URL
decoded both ways (``%40`` → ``@``; ``+`` → space in a query, ``%2B`` → ``+``).
The host is left alone (a public host name is no one's personal data).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import unquote, unquote_plus, urlsplit

from contentguard.masking import mask_keep_length

# components: split at URL delimiters, keeping them
_SPLIT = re.compile(r"([/?&=#;,\s\"'<>()\[\]]+)")
_HOST = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/?#\s@]*(?=[/?#]|$)")
_URLISH = re.compile(r"\S*(?:[/?=%@:])\S*")


def _mask_line(text: str) -> str:
    # the detectors' module itself, not the pii package (whose check reads link query
    # strings through this module: one way only, no cycle)
    from contentguard.checks.pii.structured import mask_line

    return mask_line(text)


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
def _masked_piece(piece: str, key: str = "") -> str | None:
    """The piece masked when it (or a decoding of it) holds personal data, else None."""
    if "@" not in piece and "%" not in piece and not any(c.isdigit() for c in piece):
        return None
    hinted = bool(key) and _KEY_HINT.search(key) is not None
    for dec in _decodings(piece):
        m = _mask_line(dec)
        if m != dec and (hinted or _self_evident(dec)):
            return m
    return None


def _pieces(parts: list[str]):
    """(index, key) of each component of a split URL; ``key`` is the query name before
    an ``=`` (empty elsewhere)."""
    for i in range(0, len(parts), 2):
        if parts[i]:
            key = parts[i - 2] if i >= 2 and parts[i - 1].endswith("=") else ""
            yield i, key


def _split_host(url: str) -> tuple[str, str]:
    m = _HOST.match(url)
    if m is None:
        return "", url
    host = m.group()
    if "@" in host:  # credentials before the host: never shown
        return "", url
    return host, url[m.end():]


@lru_cache(maxsize=4096)
def mask_url(url: str) -> str:
    """``url`` with every component that holds personal data masked (decoded, then
    masked as text: ``users/m••••.••••••••••@•••••.•••.••••``); unchanged otherwise."""
    if not url:
        return url
    host, rest = _split_host(url)
    parts = _SPLIT.split(rest)
    changed = False
    for i, key in list(_pieces(parts)):
        m = _masked_piece(parts[i], key)
        if m is not None:
            parts[i] = m
            changed = True
    return host + "".join(parts) if changed else url


def has_personal_data(url: str) -> bool:
    return mask_url(url) != url


def url_key(url: str) -> str:
    """A cache or database key for ``url``: the URL, or its hash when it holds personal
    data or credentials (as fingerprints are hashes)."""
    try:
        creds = "@" in urlsplit(url).netloc
    except ValueError:
        creds = True
    if creds or has_personal_data(url):
        return "sha256:" + hashlib.sha256(url.encode("utf-8")).hexdigest()
    return url


def mask_urls_in(text: str) -> str:
    """A message with every URL-like word in it passed through :func:`mask_url`."""
    if not text:
        return text
    return _URLISH.sub(lambda m: mask_url(m.group()), text)


_URL_TOKEN = re.compile(r"[^\s\"'<>()\[\]]*[/?=%][^\s\"'<>()\[\]]*")


def mask_urls_keep_length(line: str) -> str:
    """A source line with the personal data in its URLs masked, length kept, so carets
    still line up: ``/users/4916338122739419.html`` and ``?email=maria%40gmail.com``
    (a value inside a path, or encoded, is one the text detectors do not see)."""
    if "/" not in line and "=" not in line and "%" not in line:
        return line
    out, last = [], 0
    for m in _URL_TOKEN.finditer(line):
        host, rest = _split_host(m.group())
        parts = _SPLIT.split(rest)
        changed = False
        for i, key in list(_pieces(parts)):
            if _masked_piece(parts[i], key) is not None:
                parts[i] = mask_keep_length(parts[i])
                changed = True
        if changed:
            out.append(line[last:m.start()] + host + "".join(parts))
            last = m.end()
    if not out:
        return line
    return "".join(out) + line[last:]


def personal_components(url: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded value) of each component of ``url`` (as written) that holds
    personal data: what the personal-data check reports in a link's query string."""
    host, rest = _split_host(url)
    parts = _SPLIT.split(rest)
    offs, pos = [], len(host)
    for p in parts:
        offs.append(pos)
        pos += len(p)
    out = []
    for i, key in _pieces(parts):
        if _masked_piece(parts[i], key) is not None:
            dec = next((d for d in _decodings(parts[i])[::-1] if _mask_line(d) != d), parts[i])
            out.append((offs[i], offs[i] + len(parts[i]), dec))
    return out
