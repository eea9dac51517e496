"""Shared helpers for sources: entity decoding with positions, URL finding, slugs."""
from __future__ import annotations

import re
from html.entities import html5 as _HTML5  # the standard's table of names

#: a character reference as the HTML tokenizer reads it: every digit of a numeric one
#: (``&#x0000041;`` is "A"), a name of up to 32 letters and digits
_NUMERIC = re.compile(r"&#(?:([0-9]++)|[xX]([0-9a-fA-F]++));?")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31})(;?)")
#: names that decode without a semicolon ("&copy2019" is "©2019"): at most 6 letters
_LEGACY = max(len(k) for k in _HTML5 if not k.endswith(";"))


def _numeric(digits: str, base: int) -> str:
    """The character a numeric reference stands for (the standard's rules: zero, surrogates
    and numbers past U+10FFFF are U+FFFD; 0x80-0x9F are windows-1252's)."""
    digits = digits.lstrip("0")
    if not digits or len(digits) > 8:
        return "\ufffd"
    n = int(digits, base)
    if n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= n <= 0x9F:
        try:
            return bytes((n,)).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as they are
            pass
    return chr(n)


def entity_at(src: str, i: int, end: int | None = None, attribute: bool = False) -> tuple[str, int] | None:
    """Decode the character reference at ``src[i]`` ('&'), as the HTML tokenizer does;
    (text, raw end) or None. ``attribute``: in an attribute value, where a name without its
    semicolon followed by ``=`` or a letter or digit is not a reference (``?a=1&not=2``);
    ``end``: where the value ends."""
    if src.startswith("&#", i):
        m = _NUMERIC.match(src, i)
        if not m:
            return None
        return _numeric(m.group(1) or m.group(2), 10 if m.group(1) else 16), m.end()
    m = _NAMED.match(src, i)
    if not m:
        return None
    name = m.group(1)
    if m.group(2) and name + ";" in _HTML5:
        return _HTML5[name + ";"], m.end()
    # the longest name that decodes without a semicolon ("&notit" is "¬it")
    for k in range(min(len(name), _LEGACY), 1, -1):
        text = _HTML5.get(name[:k])
        if text is not None:
            k += i + 1
            if attribute and k < (len(src) if end is None else end):
                c = src[k]
                if c == "=" or (c.isascii() and c.isalnum()):
                    return None
            return text, k
    return None


def decode_entities(src: str, start: int, end: int, builder, attribute: bool = False) -> None:
    """Add ``src[start:end]`` to ``builder``, character references decoded in place
    (``attribute``: as in an attribute value, see :func:`entity_at`)."""
    i = start
    while i < end:
        j = src.find("&", i, end)
        if j == -1:
            builder.add(src[i:end], i)
            return
        if j > i:
            builder.add(src[i:j], i)
        ent = entity_at(src, j, end, attribute)
        if ent is None or ent[1] > end:
            builder.add("&", j)
            i = j + 1
            continue
        text, k = ent
        builder.add_mapped(text.replace("\xa0", " "), j, k)
        i = k


def unescape_attribute(value: str) -> str:
    """An attribute value as written, its character references decoded as the HTML
    tokenizer decodes them there (:func:`entity_at` with ``attribute``): no positions."""
    if "&" not in value:
        return value
    out = []
    i = 0
    while True:
        j = value.find("&", i)
        if j == -1:
            out.append(value[i:])
            return "".join(out)
        out.append(value[i:j])
        ent = entity_at(value, j, attribute=True)
        if ent is None:
            out.append("&")
            i = j + 1
        else:
            out.append(ent[0])
            i = ent[1]


URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`\])}]+""", re.IGNORECASE)
_TRAIL = ".,;:!?*_~"


def find_urls(text: str):
    """Bare http(s) URLs in text: (start, end) with trailing punctuation dropped."""
    for m in URL_RE.finditer(text):
        s, e = m.span()
        while e > s and text[e - 1] in _TRAIL:
            e -= 1
        yield s, e


