"""Personal data in URLs: found through percent- and ``+``-encoding, masked like text.

A link to ``users/maria.kowalska77@gmail.com.html`` or ``?email=maria%40gmail.com``
publishes the address as surely as the page text does, and the URL then travels into
messages, excerpts, caches and databases. Every URL, link target, redirect target and
page URL passes through :func:`mask_url` (or :func:`mask_urls_in` for a message that
quotes URLs) before it reaches any output, and cache or database keys of such URLs are
hashed (:func:`url_key`). Which components hold personal data is the personal-data
check's own judgement (``checks/pii/urls.py``).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

from contentguard.checks.pii.urls import SPLIT, masked_piece, pieces, split_host
from contentguard.masking import mask_keep_length

_URLISH = re.compile(r"\S*(?:[/?=%@:])\S*")


@lru_cache(maxsize=4096)
def mask_url(url: str) -> str:
    """``url`` with every component that holds personal data masked (decoded, then
    masked as text: ``users/m••••.••••••••••@•••••.•••.••••``); unchanged otherwise."""
    if not url:
        return url
    host, rest = split_host(url)
    parts = SPLIT.split(rest)
    changed = False
    for i, key in list(pieces(parts)):
        m = masked_piece(parts[i], key)
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
    if not text or not any(c in text for c in "/?=%@:"):  # what every URL-like word holds
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
        host, rest = split_host(m.group())
        parts = SPLIT.split(rest)
        changed = False
        for i, key in list(pieces(parts)):
            if masked_piece(parts[i], key) is not None:
                parts[i] = mask_keep_length(parts[i])
                changed = True
        if changed:
            out.append(line[last:m.start()] + host + "".join(parts))
            last = m.end()
    if not out:
        return line
    return "".join(out) + line[last:]
