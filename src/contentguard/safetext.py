"""Text from content, paths or servers made safe to print (terminal, CI log, XML, JSON).

Anything a checked file, a file name or a web server controls can hold newlines,
escape sequences or bidirectional overrides. Printed raw, a newline starts a line of
its own (GitHub Actions reads ``::error ...`` at the start of any log line as a
workflow command), ``ESC[2J`` clears the terminal, ``U+202E`` reverses what follows,
and XML 1.0 forbids most C0 controls outright. Every reporter passes such text
through :func:`visible`, which shows each of these characters instead of obeying it:
``\\n``, ``\\r``, ``\\t``, caret notation for the other C0 controls (``^[`` for ESC),
``^?`` for DEL and ``<U+XXXX>`` for C1 controls, line/paragraph separators,
bidirectional controls and the code points XML cannot carry.
"""
from __future__ import annotations

import json
import re

# C0 and C1 controls, DEL, NEL, line/paragraph separators, bidi embeddings/overrides/
# isolates, lone surrogates and the XML non-characters U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x7f": "^?"}


def _show(m: re.Match) -> str:
    c = m.group()
    named = _NAMED.get(c)
    if named is not None:
        return named
    if c < "\x20":
        return "^" + chr(ord(c) + 64)
    return f"<U+{ord(c):04X}>"


def visible(s: str, keep_tabs: bool = False) -> str:
    """``s`` with every control, separator and bidi character shown, never obeyed.

    ``keep_tabs`` leaves tabs alone (a source line printed under its caret line)."""
    if not s:
        return s
    if keep_tabs:
        return _UNSAFE.sub(lambda m: "\t" if m.group() == "\t" else _show(m), s)
    return _UNSAFE.sub(_show, s)


def has_unsafe(s: str) -> bool:
    return bool(s) and _UNSAFE.search(s) is not None


# JSON escapes C0 controls itself; these it leaves raw under ensure_ascii=False.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_dumps(doc, indent: int | None = None, separators=None) -> str:
    """``json.dumps`` that leaves no raw control, separator or bidi character: each is a
    ``\\uXXXX`` escape, so values stay exact for programs and inert on a terminal."""
    text = json.dumps(doc, ensure_ascii=False, indent=indent, separators=separators)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_dump(doc, out, indent: int | None = 2) -> None:
    out.write(json_dumps(doc, indent))
