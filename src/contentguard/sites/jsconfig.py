"""Reading a JavaScript/TypeScript site config as text, never running it.

Docusaurus, Eleventy and Astro configs are programs. What can be known without running
them is what is written literally: ``key: "value"`` / ``key = 'value'`` pairs, an object
literal after ``key: {``, string arguments of a call (``addPassthroughCopy("src/img")``),
names imported from a package, and ``const NAME = "literal"`` used as a value. A value
computed at build time (an environment variable, a function call, a spread) cannot be
known: the readers return None for it and the profile falls back to the generator's
default, saying so in ``Site.how``.
"""
from __future__ import annotations

import os
import re

_COMMENT = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|//[^\n]*|/\*.*?\*/""",
                      re.DOTALL)
_STRING = r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\\]*)`)"""
_CONST = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*" + _STRING)


def strip_comments(text: str) -> str:
    """``text`` without ``//`` and ``/* */`` comments (strings kept; offsets not kept)."""
    return _COMMENT.sub(lambda m: m.group(1) or " ", text)


def read_config(path: str, limit: int = 2_000_000) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return strip_comments(f.read(limit))


def _str(m: re.Match, first: int) -> str:
    return next(g for g in m.groups()[first:first + 3] if g is not None)


def constants(text: str) -> dict[str, str]:
    """``const NAME = "literal"`` declarations (first one wins)."""
    out: dict[str, str] = {}
    for m in _CONST.finditer(text):
        out.setdefault(m.group(1), _str(m, 1))
    return out


def value(text: str, key: str, consts: dict[str, str] | None = None) -> str | None:
    """The first literal string value of ``key`` (``key: "x"``, ``"key": 'x'``,
    ``key = "x"``, or a ``const`` named there); None when absent or computed."""
    k = re.escape(key)
    m = re.search(rf"""(?:^|[\s,{{(])["']?{k}["']?\s*[:=]\s*(?:{_STRING}|([A-Za-z_$][\w$]*)\b(?!\s*[.(\[]))""",
                  text)
    if not m:
        return None
    if m.group(4) is not None:
        return (consts or {}).get(m.group(4))
    return _str(m, 0)


def boolean(text: str, key: str) -> bool | None:
    m = re.search(rf"""(?:^|[\s,{{(])["']?{re.escape(key)}["']?\s*:\s*(true|false)\b""", text)
    return None if not m else m.group(1) == "true"


def block(text: str, key: str, start: int = 0) -> str | None:
    """The text of the object literal after ``key: {`` (braces balanced, strings skipped)."""
    m = re.compile(rf"""(?:^|[\s,{{(\[])["']?{re.escape(key)}["']?\s*:\s*\{{""").search(text, start)
    if not m:
        return None
    return balanced(text, m.end() - 1)


def balanced(text: str, i: int) -> str:
    """The bracketed text starting at ``text[i]`` (``{``, ``[`` or ``(``), brackets inside
    strings ignored; up to the end of the text when unbalanced."""
    depth = 0
    j = i
    n = len(text)
    while j < n:
        c = text[j]
        if c in "\"'`":
            k = j + 1
            while k < n and text[k] != c:
                k += 2 if text[k] == "\\" else 1
            j = k + 1
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
        j += 1
    return text[i:]


def call_args(text: str, name: str) -> list[str]:
    """The argument text of every call ``name(...)`` / ``.name(...)``."""
    out = []
    for m in re.finditer(rf"(?<![\w$]){re.escape(name)}\s*\(", text):
        out.append(balanced(text, m.end() - 1)[1:-1])
    return out


def strings(text: str) -> list[str]:
    """Every literal string in ``text``."""
    return [_str(m, 0) for m in re.finditer(_STRING, text)]


def pairs(text: str) -> list[tuple[str, str]]:
    """``"key": "value"`` pairs of literal strings in an object literal."""
    return [(_str(m, 0), _str(m, 3)) for m in re.finditer(_STRING + r"\s*:\s*" + _STRING, text)]


def local_imports(path: str, text: str) -> list[str]:
    """Files this config imports by a relative path (``./config/markdown.js``), which exist."""
    out = []
    for m in re.finditer(r"""(?:from|import|require\s*\()\s*["'](\.{1,2}/[^"']+)["']""", text):
        p = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
        for cand in (p, p + ".js", p + ".mjs", p + ".cjs", p + ".ts"):
            if os.path.isfile(cand):
                out.append(cand)
                break
    return out


def imports_package(text: str, package: str) -> bool:
    return re.search(rf"""(?:from|import|require\s*\()\s*["']{re.escape(package)}["']""", text) is not None
