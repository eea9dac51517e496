"""A small JSON parser that keeps the raw offset of every string character.

``json`` cannot say where a value is written, and a post written with ``\\u00e9``
escapes shifts every column after the escape; this parser maps each decoded
character back to its escape in the raw file.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from contentguard.document import MetaField

_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\r\n"
MAX_DEPTH = 200


class JSONPosError(ValueError):
    def __init__(self, msg: str, offset: int) -> None:
        super().__init__(msg)
        self.offset = offset


@dataclass
class JStr:
    value: str
    start: int  # raw offset of the first character inside the quotes
    end: int  # raw offset of the closing quote
    starts: list[int] = field(repr=False, default_factory=list)
    ends: list[int] = field(repr=False, default_factory=list)

    def __str__(self) -> str:
        return self.value


@dataclass
class JScalar:
    value: object
    start: int
    end: int


class _P:
    def __init__(self, src: str, pos: int, end: int) -> None:
        self.s = src
        self.i = pos
        self.n = end

    def ws(self) -> None:
        s, n = self.s, self.n
        while self.i < n and s[self.i] in _WS:
            self.i += 1

    def err(self, msg: str):
        raise JSONPosError(msg, self.i)

    def value(self, depth: int = 0):
        if depth > MAX_DEPTH:
            self.err("nesting too deep")
        self.ws()
        if self.i >= self.n:
            self.err("unexpected end of JSON")
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            out = {}
            self.ws()
            if self.i < self.n and self.s[self.i] == "}":
                self.i += 1
                return out
            while True:
                self.ws()
                if self.i >= self.n or self.s[self.i] != '"':
                    self.err("expected a string key")
                key = self.string()
                self.ws()
                if self.i >= self.n or self.s[self.i] != ":":
                    self.err("expected ':'")
                self.i += 1
                out[key.value] = self.value(depth + 1)
                self.ws()
                if self.i < self.n and self.s[self.i] == ",":
                    self.i += 1
                    continue
                if self.i < self.n and self.s[self.i] == "}":
                    self.i += 1
                    return out
                self.err("expected ',' or '}'")
        if c == "[":
            self.i += 1
            arr = []
            self.ws()
            if self.i < self.n and self.s[self.i] == "]":
                self.i += 1
                return arr
            while True:
                arr.append(self.value(depth + 1))
                self.ws()
                if self.i < self.n and self.s[self.i] == ",":
                    self.i += 1
                    continue
                if self.i < self.n and self.s[self.i] == "]":
                    self.i += 1
                    return arr
                self.err("expected ',' or ']'")
        if c == '"':
            return self.string()
        start = self.i
        while self.i < self.n and self.s[self.i] not in _WS + ",]}":
            self.i += 1
        tok = self.s[start:self.i]
        if tok == "true":
            return JScalar(True, start, self.i)
        if tok == "false":
            return JScalar(False, start, self.i)
        if tok == "null":
            return JScalar(None, start, self.i)
        try:
            return JScalar(int(tok), start, self.i)
        except ValueError:
            try:
                return JScalar(float(tok), start, self.i)
            except ValueError:
                self.i = start
                self.err(f"unexpected {tok[:20]!r}")

    def string(self) -> JStr:
        s, n = self.s, self.n
        self.i += 1
        start = self.i
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        while True:
            if self.i >= n:
                self.i = start - 1
                self.err("unterminated string")
            c = s[self.i]
            if c == '"':
                js = JStr("".join(chars), start, self.i, starts, ends)
                self.i += 1
                return js
            if c == "\\":
                a = self.i
                if self.i + 1 >= n:
                    self.err("bad escape")
                e = s[self.i + 1]
                if e == "u":
                    hexs = s[self.i + 2:self.i + 6]
                    try:
                        cp = int(hexs, 16)
                    except ValueError:
                        self.err("bad \\u escape")
                    self.i += 6
                    if 0xD800 <= cp < 0xDC00 and s.startswith("\\u", self.i):
                        try:
                            lo = int(s[self.i + 2:self.i + 6], 16)
                        except ValueError:
                            lo = 0
                        if 0xDC00 <= lo < 0xE000:
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                            self.i += 6
                    chars.append(chr(cp))
                elif e in _ESC:
                    chars.append(_ESC[e])
                    self.i += 2
                else:
                    self.err("bad escape")
                starts.append(a)
                ends.append(self.i)
                continue
            chars.append(c)
            starts.append(self.i)
            ends.append(self.i + 1)
            self.i += 1


def parse_json(src: str, start: int = 0, end: int | None = None):
    """Parse ``src[start:end]``: dicts and lists of :class:`JStr` / :class:`JScalar`."""
    p = _P(src, start, len(src) if end is None else end)
    v = p.value()
    p.ws()
    if p.i < p.n:
        p.err("extra data after the JSON value")
    return v


def plain(node):
    """The ordinary Python value of a parsed node."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node.value


def jsonld_fields(src: str, start: int, end: int) -> list[MetaField]:
    """Every string value of a JSON-LD block, keyed by its property name."""
    try:
        root = parse_json(src, start, end)
    except JSONPosError:
        return []
    out: list[MetaField] = []
    stack = [(None, root)]
    while stack:
        key, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.items())
        elif isinstance(node, list):
            stack.extend((key, v) for v in node)
        elif isinstance(node, JStr) and key:
            out.append(MetaField(key, node.value, node.start, node.end, "json-ld"))
    out.sort(key=lambda m: m.start)
    return out
