"""Obfuscated personal data, read the way a person reads it.

People hide an address or a number from scrapers (``maria [at] gmail [dot] com``), paste
it from a phone keyboard in full-width forms (``maria＠gmail．com``), or a CMS slips a
zero-width character into it; a card or a phone number may be written with dots or a
slash (``4916.3381.2273.9419``, ``0171/2345678``), an IBAN in lower case, an SSN with
dots. :func:`deobfuscate` turns these back into the plain forms the detectors know and
keeps, for each character, its offset in the original text, so every finding still
points at exactly what was written. Only these shapes are rewritten (a decimal, a date
or a version number stays as it is), and the detectors still validate everything.
"""
from __future__ import annotations

import re
import unicodedata

#: zero-width and invisible formatting characters dropped inside values
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_BR_OPEN, _BR_CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_AT = re.compile(rf"\s*{_BR_OPEN}\s*(?:at|AT|At)\s*{_BR_CLOSE}\s*")
_DOT = re.compile(rf"\s*{_BR_OPEN}\s*(?:dot|DOT|Dot)\s*{_BR_CLOSE}\s*")
# written out without brackets (Markdown drops them from "[at]"): only the whole shape
# ``name at domain dot tld``, and the e-mail detector still judges the address
_SPELLED = re.compile(r"(?<![\w.])([A-Za-z0-9][\w.+-]*)\s+(?:at|AT)\s+([A-Za-z0-9-]+(?:\s+(?:dot|DOT)\s+[A-Za-z0-9-]+)+)"
                      r"(?![\w@])")
_SPELLED_DOT = re.compile(r"\s+(?:dot|DOT)\s+")
_DOTTED_CARD = re.compile(r"(?<![\d.])\d{4}(?:\.\d{4}){3}(?:\.\d{1,3})?(?![\d.])|(?<![\d.])\d{4}\.\d{6}\.\d{5}(?![\d.])")
_DOTTED_SSN = re.compile(r"(?<![\d.])\d{3}\.\d{2}\.\d{4}(?![\d.])")
_SLASHED_PHONE = re.compile(r"(?<![\d/.])(?:\+|00)?\d[\d ]{1,5}\s?/\s?\d[\d -]{4,12}\d(?![\d/])")
_LOWER_IBAN = re.compile(r"(?<![A-Za-z0-9])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?(?![A-Za-z0-9])")
# what every match of the patterns above contains, starting with a bracket, a dot, a
# slash or a digit (rare characters the regex engine skips to; a literal one the fastest,
# 3 us on a 5 KB page against 60 us from a digit class): see ``_sub``
_AT_CORE = re.compile(rf"{_BR_OPEN}\s*(?:at|AT|At)\s*{_BR_CLOSE}")
_DOT_CORE = re.compile(rf"{_BR_OPEN}\s*(?:dot|DOT|Dot)\s*{_BR_CLOSE}")
_DOTTED_CARD_CORE = re.compile(r"\.(?<=\d{4}\.)\d")
_DOTTED_SSN_CORE = re.compile(r"\.(?<=\d{3}\.)\d{2}\.\d{4}")
_LOWER_IBAN_CORE = re.compile(r"\d(?<=[a-z]{2}\d)\d")
_SLASHED_PHONE_CORE = re.compile(r"/(?:(?<=[\d ]/)|(?<=[\d ]\s/))\s?\d[\d -]{4,12}\d(?![\d/])")


def _fold_char(c: str) -> str:
    """Full-width ASCII (U+FF01..U+FF5E) and the small/full-width @ and . as ASCII."""
    if "\uff01" <= c <= "\uff5e" or c in "\ufe6b\ufe52\u2024":
        return unicodedata.normalize("NFKC", c)[:1] or c
    return c


def _sub(text: str, mp: list[int] | None, rx: re.Pattern, repl,
         pre: re.Pattern | None = None) -> tuple[str, list[int] | None]:
    """``rx`` replaced in ``text``, the offset map following: a replacement as long as
    what it replaces maps character by character, any other to the start of the match.
    ``pre``: a part every match of ``rx`` contains, written so that the regex engine can
    skip to it (``rx`` begins with a look-behind or ``\\s*``, which makes it try every
    position of the text: about 0.1 µs a character, and most texts have no match).
    ``mp`` None: each character is at its own offset (the map is made on the first match:
    most texts that hint at a plain reading have none, and the map cost 60 us on 5 KB)."""
    if pre is not None and pre.search(text) is None:
        return text, mp
    out, omap, last = [], [], 0
    for m in rx.finditer(text):
        if mp is None:
            mp = list(range(len(text)))
        new = repl(m)
        out.append(text[last:m.start()])
        omap.extend(mp[last:m.start()])
        out.append(new)
        if len(new) == m.end() - m.start():
            omap.extend(mp[m.start():m.end()])
        else:
            omap.extend([mp[m.start()]] * len(new))
        last = m.end()
    if not out:
        return text, mp
    out.append(text[last:])
    omap.extend(mp[last:])
    return "".join(out), omap


def _spelled(s: str, mp: list[int] | None) -> tuple[str, list[int] | None]:
    """``name at domain dot com`` as ``name@domain.com`` (offsets kept per character of
    the name and the domain parts)."""
    if (" at " not in s and " AT " not in s) or ("dot" not in s and "DOT" not in s):
        return s, mp
    out, omap, last = [], [], 0
    for m in _SPELLED.finditer(s):
        if mp is None:
            mp = list(range(len(s)))
        out.append(s[last:m.start()])
        omap.extend(mp[last:m.start()])
        out.append(m.group(1))
        omap.extend(mp[m.start(1):m.end(1)])
        out.append("@")
        omap.append(mp[m.end(1)])
        dom, dmap = _sub(m.group(2), mp[m.start(2):m.end(2)], _SPELLED_DOT, lambda _m: ".")
        out.append(dom)
        omap.extend(dmap)
        last = m.end()
    if not out:
        return s, mp
    out.append(s[last:])
    omap.extend(mp[last:])
    return "".join(out), omap


def deobfuscate(text: str) -> tuple[str, list[int]] | None:
    """The plain reading of ``text`` and the original offset of each of its characters,
    or None when nothing in it is obfuscated (the common case, and a cheap test)."""
    hints = _hints(text)
    if hints is None:
        return None
    folded, bracketed = hints
    mp: list[int] | None
    if not folded:  # the common case: nothing to drop or fold, offsets as they are
        s, mp = text, None
    else:
        chars, mp = [], []
        for i, c in enumerate(text):
            if c in _INVISIBLE:
                continue
            chars.append(_fold_char(c))
            mp.append(i)
        s = "".join(chars)
    if bracketed or folded:  # a folded text may hold brackets the original wrote full-width
        # (and the "@" the first pass writes keeps a "dot" apart from any bracket before it)
        s, mp = _sub(s, mp, _AT, lambda m: "@", _AT_CORE)
        s, mp = _sub(s, mp, _DOT, lambda m: ".", _DOT_CORE)
    s, mp = _spelled(s, mp)
    s, mp = _sub(s, mp, _DOTTED_CARD, lambda m: m.group().replace(".", " "), _DOTTED_CARD_CORE)
    s, mp = _sub(s, mp, _DOTTED_SSN, lambda m: m.group().replace(".", "-"), _DOTTED_SSN_CORE)
    s, mp = _sub(s, mp, _SLASHED_PHONE, lambda m: m.group().replace("/", " "), _SLASHED_PHONE_CORE)
    s, mp = _sub(s, mp, _LOWER_IBAN, lambda m: m.group().upper(), _LOWER_IBAN_CORE)
    return (s, mp) if s != text and mp is not None else None


#: the shapes worth a plain reading, one pattern each: an alternation of them all made the
#: regex engine try every position of the text; each of these starts with a character
#: class it skips to (``\\b[a-z]{2}\\d{2}[a-z0-9]`` is found from its digits). The first
#: is what the character pass changes: an invisible character (dropped) or a full-width
#: form (folded), none of them ASCII
_HINTS = (re.compile(f"[{_INVISIBLE}\uff01-\uff5e\ufe6b\ufe52\u2024]"),
          re.compile(r"[\[\(\{<]\s*(?:at|dot|AT|DOT|At|Dot)\s*[\]\)\}>]"),
          re.compile(r"[./](?<=\d[./])\d"),
          re.compile(r"\d(?<=\b[a-z]{2}\d)\d[a-z0-9]"))
#: ``name at domain dot com`` (only looked for when the text has "dot" or "DOT")
_HINT_SPELLED = re.compile(r"\s(?:at|AT)\s[^\n]{0,80}?\s(?:dot|DOT)\s")


def _hints(text: str) -> tuple[bool, bool] | None:
    """Whether ``text`` may have a plain reading: None when it cannot, else whether it
    holds an invisible or full-width character (all of them outside ASCII) and whether it
    holds a bracketed "at" or "dot": the passes for those run only then."""
    folded = not text.isascii() and _HINTS[0].search(text) is not None
    bracketed = _HINTS[1].search(text) is not None
    if folded or bracketed or any(rx.search(text) is not None for rx in _HINTS[2:]) or \
            (("dot" in text or "DOT" in text) and _HINT_SPELLED.search(text) is not None):
        return folded, bracketed
    return None


def map_span(mp: list[int], start: int, end: int) -> tuple[int, int]:
    """The original span of ``[start, end)`` of the plain reading."""
    return mp[start], mp[end - 1] + 1
