"""Less work for markdown-it-py, the same tokens: settings of the one parser instance.

All use public extension points of ``MarkdownIt`` (``inline.terminator_re``, ``helpers``,
the core ruler) and leave the token stream unchanged (``tests/test_mdspeed.py`` compares
it with the stock parser's on the spec examples, the real sites and generated input):

* :func:`terminators`: the inline ``text`` rule runs up to the next character that may
  start an inline rule. markdown-it-py's default set also stops at ``: - + = { } # $ % @ >``
  (kept for rules such as linkify that this parser does not enable), and at each such
  stop every inline rule is tried and fails, and the character goes to the same pending
  text. Stopping only where an enabled rule can start (or, ``]``, where a link label may
  end) makes the same text tokens: on the bench's 1,238 real files the text rule ran
  81,410 times instead of 138,536.
* :func:`inline_unless_plain`: content with none of those characters but newlines is
  text and line breaks only; :func:`plain_children` makes those tokens without the
  inline parser (half the inline tokens of real documentation).
* ``md.helpers`` with :func:`link_destination`, markdown-it-py's
  ``parseLinkDestination`` scanning runs of ordinary characters with a regex rather than
  one Python step per character (it was the parser's single most costly function on
  link-heavy documentation).
"""
from __future__ import annotations

import re
from functools import partial
from types import SimpleNamespace

#: the inline rules :func:`terminators` knows the first characters of, in ruler order
KNOWN_RULES = ("text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image",
               "footnote_inline", "footnote_ref", "autolink", "html_inline", "entity")
# newline \n, escape \\, backticks `, strikethrough ~, emphasis * _, link and footnote_ref [,
# image !, footnote_inline ^, autolink and html_inline <, entity &; ] ends a link label
# (parseLinkLabel steps with skipToken and must stop on it)
_TERMINATORS = re.compile(r"[\n\\`~*_\[\]!^<&]")


def configure(md) -> None:
    """The settings on ``md``, its plugins already in use (markdown-it-py is imported
    here, not at module top: it is the heaviest import of a Markdown run)."""
    from markdown_it import helpers
    from markdown_it.common.utils import unescapeAll

    if terminators(md):
        md.core.ruler.at("inline", inline_unless_plain)
    md.helpers = SimpleNamespace(parseLinkLabel=helpers.parseLinkLabel, parseLinkTitle=helpers.parseLinkTitle,
                                 parseLinkDestination=partial(link_destination, unescape=unescapeAll))


def terminators(md) -> bool:
    """Narrow ``md``'s text-rule terminators to the enabled rules' first characters.

    Only when the enabled inline rules are exactly :data:`KNOWN_RULES`: a rule added by
    a later plugin or release may start at another character, so then nothing changes."""
    if tuple(md.inline.ruler.get_active_rules()) != KNOWN_RULES:
        return False
    md.inline.terminator_re = _TERMINATORS
    return True


_NOT_PLAIN = re.compile(r"[\\`~*_\[\]!^<&]")  # the terminators but the newline


def inline_unless_plain(state) -> None:
    """markdown-it's core ``inline`` rule, except that an inline token whose content has no
    terminator but newlines gets ``children`` None: parsed, it would be nothing but text
    and line breaks, which :func:`plain_children` makes without the inline parser."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if _NOT_PLAIN.search(token.content) is None:
                token.children = None
                continue
            if token.children is None:
                token.children = []
            md.inline.parse(token.content, md, state.env, token.children)


def plain_children(content: str) -> list:
    """The inline tokens markdown-it makes of content without terminators: per line a
    ``text`` token (trailing spaces dropped before a newline, leading spaces and tabs
    after one; none when empty) and between lines a ``softbreak``, or a ``hardbreak``
    after two or more trailing spaces."""
    from markdown_it.token import Token

    out = []
    lines = content.split("\n")
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if i:
            line = line.lstrip(" \t")
        if i < last:
            text = line.rstrip(" ")
            hard = len(line) - len(text) >= 2
        else:
            text = line
        if text:
            t = Token("text", "", 0)
            t.content = text
            out.append(t)
        if i < last:
            out.append(Token("hardbreak" if hard else "softbreak", "br", 0))
    return out


class Destination:
    """What ``parseLinkDestination`` returns: ``ok``, ``pos`` (just past it), ``str``."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self) -> None:
        self.ok = False
        self.pos = 0
        self.str = ""


_ANGLE_STOP = re.compile(r"[\n<>\\]")
_BARE_STOP = re.compile(r"[\x00-\x20\x7f\\()]")


def link_destination(string: str, pos: int, maximum: int, unescape) -> Destination:
    """markdown-it-py's ``parseLinkDestination``, step for step, ordinary characters
    skipped by regex: ``<...>`` (no newline or ``<`` inside, backslash escapes) or a bare
    destination (ends at a space or control character, balanced parentheses up to 32 deep).
    ``unescape`` is markdown-it-py's ``unescapeAll`` (escapes and entities decoded)."""
    start = pos
    result = Destination()
    end = min(maximum, len(string))
    if pos < len(string) and string[pos] == "<":
        pos += 1
        while pos < end:
            m = _ANGLE_STOP.search(string, pos, end)
            if m is None:
                return result
            pos = m.start()
            ch = string[pos]
            if ch == ">":
                result.pos = pos + 1
                result.str = unescape(string[start + 1:pos])
                result.ok = True
                return result
            if ch != "\\":  # a newline or "<"
                return result
            pos += 2 if pos + 1 < maximum else 1
        return result
    level = 0
    while pos < end:
        m = _BARE_STOP.search(string, pos, end)
        if m is None:
            pos = end
            break
        pos = m.start()
        ch = string[pos]
        if ch == "\\":
            if pos + 1 < maximum:
                if string[pos + 1] == " ":
                    break
                pos += 2
                continue
        elif ch == "(":
            level += 1
            if level > 32:
                return result
        elif ch == ")":
            if level == 0:
                break
            level -= 1
        else:  # a space or a control character
            break
        pos += 1
    if start == pos or level != 0:
        return result
    result.str = unescape(string[start:pos])
    result.pos = pos
    result.ok = True
    return result

