"""An HTML tokenizer that keeps raw offsets, for reading pages fast.

The whole page is tokenized by one compiled, possessive (so linear) regular expression
in a single ``findall``: the regex engine's C loop walks the text, and Python sees one
tuple of strings per token, its text before it included. Offsets are not stored: they
are the running sum of the lengths (see :data:`TOKENS`). The standard library's
``html.parser`` reported (line, column) and spent half of a link check's time per page;
a generator over ``re.match`` per tag, the previous version of this module, still cost
the reader most of its time.

It follows the WHATWG tokenizer (held to the html5lib-tests tokenizer cases, see
``tests/test_htmltok.py``) for the states contentguard reads: data, tag open and end tag
open (``</>`` dropped, ``</3`` a bogus comment), tag names, attributes (double-, single-
and unquoted values, ``/`` between attributes, duplicates: the first wins), self-closing
tags, comments (``<!-->``, ``<!--->``, ``--!>``, unclosed to the end), bogus comments
(``<?...>``, ``<!...>``, ``<![CDATA[`` outside foreign content), DOCTYPEs (skipped), and
the text of raw-text elements: RCDATA (``title``, ``textarea``), RAWTEXT (``style``,
``xmp``, ``iframe``, ``noembed``, ``noframes``), script data and ``plaintext`` (end tag
names compared ASCII case-insensitively). Character references are left in place (their
positions matter): the reader decodes them with
:func:`contentguard.sources._text.decode_entities` (the standard's rules, attribute values'
included; the html5lib-tests character-reference cases hold it too). Not handled: script
data's escaped and double-escaped states (``<!--`` inside a script), NULL and CR
normalisation.
"""
from __future__ import annotations

import re
from typing import Iterator

TEXT, START, END, COMMENT = 0, 1, 2, 3

_SP = "\\t\\n\\f\\r "
#: one attribute, as ``findall`` tuples: separators (whitespace or a lone ``/``), the name,
#: what lies between name and value (``=`` and spaces), the value with its quotes
_ATTR_RE = re.compile(rf"((?>[{_SP}/]*+))([^{_SP}/>][^{_SP}/=>]*+)"
                      rf"(?:((?>[{_SP}]*+)=(?>[{_SP}]*+))(\"[^\"]*+\"|'[^']*+'|[^{_SP}>]*+))?")
#: one attribute whose value is in double quotes, and nothing else (what :data:`_ATTR_RE`
#: would find there, in one match)
_ONE_ATTR = re.compile(rf"(?>[{_SP}/]*+)([^{_SP}/>=][^{_SP}/=>]*+)=\"([^\"]*+)\"")
_ATTR_NC = (rf"(?>[{_SP}/]*+)[^{_SP}/>][^{_SP}/=>]*+"
            rf"(?:(?>[{_SP}]*+)=(?>[{_SP}]*+)(?:\"[^\"]*+\"|'[^']*+'|[^{_SP}>]*+))?")

_COMMENT_END = re.compile(r"--!?>")

#: elements whose content is text up to their own end tag
RAW_TEXT = frozenset(("script", "style", "xmp", "iframe", "noembed", "noframes", "title", "textarea"))



def _ascii_ci(word: str) -> str:
    """``word`` matched ASCII case-insensitively (the standard's tag name comparison)
    with character classes: an ``(?i)`` group costs the regex engine more at every tag."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_RAW_NAMES = "|".join(_ascii_ci(w) for w in sorted(RAW_TEXT))

#: One token per match, as ``findall`` tuples of 11 strings (``""``: absent):
#:
#: 0. text before the token (a ``<`` that opens nothing is text; character references kept);
#: 1. a start tag's name as written (then 2: that name again if a raw-text element, 3: if
#:    ``plaintext``), 4: its attributes as written, 5: the separators and ``/`` before ``>``
#:    (self-closing when it ends with ``/``), 6: a raw-text element's text (to its end tag or
#:    the end of input), 7: ``plaintext``'s text (to the end of input);
#: 8. an end tag's name as written, 9: the rest of it before ``>`` (attributes are dropped);
#: 10. anything else, whole: a comment, a bogus comment, a DOCTYPE, ``</>``, or a tag the
#:     input ends in (the rest of the input, dropped): see :func:`special`.
#:
#: A start tag's length is ``len(name) + len(attrs) + len(tail) + 2``, an end tag's
#: ``len(name) + len(rest) + 3``: a reader adds them up for offsets. The last match may be
#: empty (the end of input).
TOKENS = re.compile(
    rf"((?:[^<]++|<(?![A-Za-z/!?])|</\Z)*+)"
    rf"(?:<((?=[sStTxXiInNpP])(?:({_RAW_NAMES})|({_ascii_ci('plaintext')}))(?=[{_SP}/>])|[A-Za-z][^{_SP}/>]*+)"
    rf"((?:{_ATTR_NC})*+)((?>[{_SP}/]*+))>"
    rf"(?(3)((?:[^<]++|<(?!/(?ai:\3)[{_SP}/>]))*+))(?(4)((?s:.*)))"
    rf"|</([A-Za-z][^{_SP}/>]*+)((?:{_ATTR_NC})*+(?>[{_SP}/]*+))>"
    rf"|(<!--(?:>|->|(?s:.*?)--!?>|(?s:.*))|(?ai:<!doctype)[^>]*+>?|<![^>]*+>?|</>|</[^>]*+>?|<\?[^>]*+>?"
    rf"|<(?s:.*))"
    rf"|\Z)")


def attributes(src: str, start: int, end: int) -> dict[str, tuple[str, str, int, int]]:
    """The attributes in ``src[start:end]`` by lower-cased name, in order: (name, value as
    written, raw value start, raw value end); a repeated name keeps its first value."""
    m = _ONE_ATTR.fullmatch(src, start, end)
    if m is not None:  # the commonest case: one attribute, its value in double quotes
        name = m.group(1).lower()
        v0, v1 = m.span(2)
        return {name: (name, m.group(2), v0, v1)}
    out: dict = {}
    pos = start
    for lead, name, eq, value in _ATTR_RE.findall(src, start, end):
        pos += len(lead) + len(name)
        if eq:
            v0 = pos + len(eq)
            pos = v0 + len(value)
            # quoted when it starts and ends with the same quote (an unclosed quote is
            # an unquoted value: the quoted forms are tried first)
            if len(value) > 1 and (value[0] == '"' or value[0] == "'") and value[-1] == value[0]:
                value = value[1:-1]
                v0 += 1
        else:
            v0 = pos
        name = name.lower()
        if name not in out:
            out[name] = (name, value, v0, v0 + len(value))
    return out


def special(tok: str, start: int) -> tuple[int, int] | None:
    """The data span (raw start, end) of a comment or bogus comment ``tok`` (group 10 of
    :data:`TOKENS`) at ``start``; None for what holds nothing (DOCTYPE, ``</>``, a tag the
    input ends in)."""
    n = start + len(tok)
    c = tok[1]
    if c == "!":
        if tok.startswith("<!--"):
            k = start + 4
            if tok == "<!-->" or tok == "<!--->":
                return k, k
            e = _COMMENT_END.search(tok, 4)
            if e is not None:
                return k, start + e.start()
            # unclosed, to the end; a closing started there is not data
            tail = tok[max(4, len(tok) - 3):]
            cut = 3 if tail.endswith("--!") else 2 if tail.endswith("--") else 1 if tail.endswith("-") else 0
            return k, max(k, n - cut)
        if tok[2:9].lower() == "doctype":
            return None
        return start + 2, n - 1 if tok.endswith(">") else n
    if c == "?":
        return start + 1, n - 1 if tok.endswith(">") else n
    if c == "/" and len(tok) > 2 and tok[2] != ">" and not (tok[2].isascii() and tok[2].isalpha()):
        return start + 2, n - 1 if tok.endswith(">") else n
    return None  # "</>", or a tag the input ends in


def tokenize(src: str, raw_text_of: str | None = None) -> Iterator[tuple]:
    """Tokens of ``src``, each with its raw offsets (what :data:`TOKENS` finds, spelled out):

    * ``(TEXT, start, end)``: text (character references not decoded);
    * ``(START, start, end, name, attrs, self_closing)``: ``attrs``, a list of the values of
      :func:`attributes`;
    * ``(END, start, end, name)``;
    * ``(COMMENT, start, end, data_start, data_end)``: comments and bogus comments.

    ``raw_text_of``: start inside that element's raw text (``""``: text to the end), as
    the standard's tokenizer tests start in the RCDATA, RAWTEXT or script data state.
    """
    n = len(src)
    pos = 0
    if raw_text_of is not None:
        e = re.compile(rf"</{re.escape(raw_text_of)}[{_SP}/>]", re.I | re.A).search(src) if raw_text_of else None
        pos = e.start() if e else n
        if pos:
            yield (TEXT, 0, pos)
    pending = None  # text start: adjacent texts merge ("a < b" is one text)
    for text, name, _raw, _plain, attrs, tail, body, pbody, ename, erest, other in TOKENS.findall(src, pos):
        if text:
            if pending is None:
                pending = pos
            pos += len(text)
        if not (name or ename or other):
            continue
        if pending is not None:
            yield (TEXT, pending, pos)
            pending = None
        j = pos
        if name:
            a0 = j + 1 + len(name)
            pos = a0 + len(attrs) + len(tail) + 1
            yield (START, j, pos, name.lower(), list(attributes(src, a0, a0 + len(attrs)).values()) if attrs else [],
                   tail.endswith("/"))
            body = body or pbody
            if body:
                yield (TEXT, pos, pos + len(body))
                pos += len(body)
        elif ename:
            pos = j + len(ename) + len(erest) + 3
            yield (END, j, pos, ename.lower())
        else:
            pos = j + len(other)
            data = special(other, j)
            if data is not None:
                yield (COMMENT, j, pos, data[0], data[1])
    if pending is not None:
        yield (TEXT, pending, pos)
    assert pos == n or not n, (pos, n)
