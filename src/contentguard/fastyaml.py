"""A fast reader for the one-entry-per-line flow style of rule packs, with PyYAML behind it.

Brand watchlists run to tens of thousands of entries, and PyYAML builds Python objects
event by event: 50,000 lines like ::

    watchlist:
      - {name: Layla Haddad, aliases: ["@laylahaddad", "#laylahaddad"], risk: high}

take about 20 s with ``yaml.safe_load`` (4 s with the libyaml loader). This module reads
exactly that subset (top-level keys; block sequences of one-line flow mappings, flow
sequences or scalars; one-line flow values; comments) with a regular-expression
tokeniser, resolving plain scalars with PyYAML's own resolver, so the result is what
``yaml.safe_load`` returns. Anything outside the subset (block mappings, multi-line
flow, anchors, tags, escapes, tabs, ``---``) is handed to PyYAML unchanged, so errors
and edge cases keep PyYAML's behaviour and messages.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from contentguard.yamlbounds import check_bounds

_TOKEN = re.compile(
    r"""(?P<ws>[ ]+)
      | (?P<ind>[{}\[\],])
      | (?P<colon>:(?=[ ]|$))
      | (?P<dq>"[^"\\\n]*")
      | (?P<sq>'(?:[^'\n]|'')*')
      | (?P<comment>\#.*)
      | (?P<plain>[^\s,\[\]{}#&*!|>'"%@`?:\-][^,\[\]{}:#\n]*)
    """, re.VERBOSE)
# One-line flow mappings of scalars and flow sequences of scalars (the common pack entry)
# are checked by one regular expression and turned into JSON in one substitution.
_S_DQ = r'"[^"\\\n\x00-\x1f]*"'
_S_SQ = r"'(?:[^'\n\\\x00-\x1f]|'')*'"
_S_PLAIN = r"""[^\s,\[\]{}#&*!|>'"%@`?:\\-][^,\[\]{}:#\n"\\\x00-\x1f]*(?<! )"""
_S = f"(?:{_S_DQ}|{_S_SQ}|{_S_PLAIN})"
_SEQ = rf"\[ *(?:{_S} *(?:, *{_S} *)*)?\]"
_V = f"(?:{_S}|{_SEQ})"
_ENTRY = re.compile(rf"\{{ *(?:{_S} *: +{_V} *(?:, *{_S} *: +{_V} *)*)?\}}(?: +#.*)?")
_CONVERT = re.compile(rf"({_S_DQ})|({_S_SQ})|({_S_PLAIN})|( +#.*$)")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ ]+(.*))?$")
_STR_TAG = "tag:yaml.org,2002:str"


class _Fallback(Exception):
    """Not in the subset: let PyYAML read the whole file."""


@lru_cache(maxsize=4096)
def _resolve(value: str) -> Any:
    """A plain scalar as PyYAML's safe loader types it (str, bool, int, float, date, None)."""
    import yaml

    tag = _resolver().resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR_TAG:
        return value
    return yaml.safe_load(value)


@lru_cache(maxsize=1)
def _resolver():
    import yaml

    return yaml.resolver.Resolver()


def _tokens(s: str) -> list[tuple[str, str]]:
    out = []
    pos, n = 0, len(s)
    match = _TOKEN.match
    prev_space = True
    while pos < n:
        m = match(s, pos)
        if m is None:
            raise _Fallback
        kind = m.lastgroup
        text = m.group(kind)
        pos = m.end()
        if kind == "ws":
            prev_space = True
            continue
        if kind == "comment":
            if not prev_space:
                raise _Fallback
            break
        if kind == "plain":
            prev_space = text.endswith(" ")
            text = text.rstrip(" ")
            if not text:
                raise _Fallback
        else:
            prev_space = False
        out.append((text if kind == "ind" else kind, text))
    return out


def _node(toks: list, i: int) -> tuple[Any, int]:
    if i >= len(toks):
        raise _Fallback
    kind, text = toks[i]
    if kind == "plain":
        return _resolve(text), i + 1
    if kind == "dq":
        return text[1:-1], i + 1
    if kind == "sq":
        return text[1:-1].replace("''", "'"), i + 1
    if kind == "{":
        out: dict = {}
        i += 1
        if i < len(toks) and toks[i][0] == "}":
            return out, i + 1
        while True:
            key, i = _node(toks, i)
            if not isinstance(key, str) or i >= len(toks) or toks[i][0] != "colon":
                raise _Fallback
            value, i = _node(toks, i + 1)
            out[key] = value
            if i >= len(toks):
                raise _Fallback
            if toks[i][0] == "}":
                return out, i + 1
            if toks[i][0] != "," or (i + 1 < len(toks) and toks[i + 1][0] == "}"):
                raise _Fallback
            i += 1
    if kind == "[":
        seq: list = []
        i += 1
        if i < len(toks) and toks[i][0] == "]":
            return seq, i + 1
        while True:
            value, i = _node(toks, i)
            seq.append(value)
            if i >= len(toks):
                raise _Fallback
            if toks[i][0] == "]":
                return seq, i + 1
            if toks[i][0] != "," or (i + 1 < len(toks) and toks[i + 1][0] == "]"):
                raise _Fallback
            i += 1
    raise _Fallback


class _NotJSON(Exception):
    pass


_enc = json.encoder.encode_basestring  # the C encoder when available, like ensure_ascii=False
# first characters of the plain scalars PyYAML may type as other than str (its implicit
# resolvers are keyed by first character); plain scalars starting otherwise are str
_TYPED_FIRST = set("yYnNtTfFoO~0123456789+-.<=")


_PLAIN_JSON: dict[str, str] = {}


def _plain_json(plain: str) -> str:
    v = _resolve(plain) if plain[0] in _TYPED_FIRST else plain
    if isinstance(v, str):
        out = _enc(v)
    elif v is None or isinstance(v, (bool, int)) or (isinstance(v, float) and v == v
                                                      and abs(v) != float("inf")):
        out = json.dumps(v)
    else:
        raise _NotJSON  # a date, NaN, inf: JSON cannot say it
    if len(_PLAIN_JSON) < 10000:
        _PLAIN_JSON[plain] = out
    return out


def _to_json(m: re.Match) -> str:
    i = m.lastindex
    t = m.group(i)
    if i == 1:
        return t
    if i == 3:
        return _PLAIN_JSON.get(t) or _plain_json(t)
    if i == 2:
        return _enc(t[1:-1].replace("''", "'"))
    return ""


def _entry_json(rest: str) -> str | None:
    """The JSON text of a one-line flow mapping entry, or None when the regex does not cover it."""
    if _ENTRY.fullmatch(rest) is None:
        return None
    try:
        return _CONVERT.sub(_to_json, rest)
    except _NotJSON:
        return None


def _value(s: str) -> Any:
    toks = _tokens(s)
    value, i = _node(toks, 0)
    if i != len(toks):
        raise _Fallback
    return value


def read_subset(text: str) -> Any:
    """The document, if it is in the subset; raises _Fallback otherwise."""
    if "\t" in text:
        raise _Fallback
    data: dict = {}
    pending: dict[str, list[tuple[int, str]]] = {}
    open_key = None  # the top-level key whose block sequence is being read
    item_indent = None
    seen_content = False
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        seen_content = True
        indent = len(line) - len(stripped)
        if stripped[0] == "-" and (len(stripped) == 1 or stripped[1] == " "):
            if open_key is None:
                raise _Fallback
            if item_indent is None:
                item_indent = indent
            elif indent != item_indent:
                raise _Fallback
            rest = stripped[1:].strip(" ")
            if not rest or rest[0] == "#":
                raise _Fallback  # "- " with the item on the next lines
            if data[open_key] is None:
                data[open_key] = []
                pending[open_key] = []
            js = _entry_json(rest) if rest[0] == "{" else None
            if js is not None:
                # gather JSON text; parsed in one json.loads per section at the end
                pending[open_key].append((len(data[open_key]), js))
                data[open_key].append(None)
            else:
                data[open_key].append(_value(rest))
            continue
        if indent != 0:
            raise _Fallback
        m = _KEY_LINE.match(stripped)
        if m is None:
            raise _Fallback
        key = _resolve(m.group(1))
        if not isinstance(key, str):
            raise _Fallback
        rest = (m.group(2) or "").strip(" ")
        open_key = None
        item_indent = None
        if key in data and isinstance(data[key], list):
            pending.pop(key, None)  # a repeated key: the last one wins, as in PyYAML
        if not rest or rest[0] == "#":
            data[key] = None
            open_key = key
        else:
            data[key] = _value(rest)
    for key, items in pending.items():
        if not items:
            continue
        try:
            values = json.loads("[" + ",".join(js for _i, js in items) + "]")
        except ValueError:
            raise _Fallback from None
        target = data[key]
        for (i, _js), v in zip(items, values):
            target[i] = v
    return data if seen_content else None


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, fast for one-entry-per-line packs."""
    try:
        return read_subset(text)
    except _Fallback:
        pass
    import yaml

    check_bounds(text)  # nesting depth and alias expansion, before anything is built
    if len(text) > 200_000 and hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - the C safe loader
    return yaml.safe_load(text)
