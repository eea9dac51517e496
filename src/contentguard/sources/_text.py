"""Shared helpers for sources: entity decoding with positions, URL finding, slugs."""
from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


def entity_at(src: str, i: int) -> tuple[str, int] | None:
    """Decode the character reference at ``src[i]`` ('&'); (text, raw end) or None."""
    m = _ENTITY.match(src, i)
    if not m:
        return None
    raw = m.group(0)
    dec = html.unescape(raw)
    if dec == raw:
        return None
    # html.unescape may decode a prefix ("&copy2019" → "©2019"): keep the raw end exact
    if not raw.endswith(";"):
        # find the longest prefix that decodes
        for k in range(len(raw), 1, -1):
            d = html.unescape(raw[:k])
            if d != raw[:k] and len(d) < k:
                tail = raw[k:]
                if d.endswith(tail) and tail:
                    d = d[: -len(tail)]
                return d, i + k
        return None
    return dec, i + len(raw)


def decode_entities(src: str, start: int, end: int, builder) -> None:
    """Add ``src[start:end]`` to ``builder``, character references decoded in place."""
    i = start
    while i < end:
        j = src.find("&", i, end)
        if j == -1:
            builder.add(src[i:end], i)
            return
        if j > i:
            builder.add(src[i:j], i)
        ent = entity_at(src, j)
        if ent is None or ent[1] > end:
            builder.add("&", j)
            i = j + 1
            continue
        text, k = ent
        builder.add_mapped(text.replace("\xa0", " "), j, k)
        i = k


URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`\])}]+""", re.IGNORECASE)
_TRAIL = ".,;:!?*_~"


def find_urls(text: str):
    """Bare http(s) URLs in text: (start, end) with trailing punctuation dropped."""
    for m in URL_RE.finditer(text):
        s, e = m.span()
        while e > s and text[e - 1] in _TRAIL:
            e -= 1
        yield s, e


