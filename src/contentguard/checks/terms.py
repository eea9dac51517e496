"""Generic term rules from rule packs (in the spirit of Vale's ``existence`` and
``substitution``): words or patterns that must not appear, and wrong → right swaps.

A pack section ``rules`` holds entries like::

    rules:
      - id: risky-claims              # reported as content/risky-claims
        kind: existence               # existence | substitution
        message: "'{match}' is a claim you must be able to prove"
        severity: warning             # error | warning | info
        terms: [risk-free, guaranteed returns]
        regex: false                  # terms are regular expressions when true
        requires: [todo, lorem]       # regex rules: words every match holds (any case); a
                                      # text with none of them is not searched
        case_sensitive: false
        whole_word: true
        scope: [prose, heading, alt, title, post]
        mention:                      # contexts where a match is a mention, not a use
          quoted: true                # inside quotation marks: marked “TBD” in the beta
          table: true                 # in a table cell (documentation tables, tutorials)
          before: 'such as|called'    # words right before it: "dummy text such as lorem ipsum"
          after: 'rates?|returns?'    # words right after it: "risk-free rate"
          heading: true               # a heading of its own: "## TODO" names a to-do section
          code_example: true          # the page shows the same words in a code example
      - id: house-style
        kind: substitution
        message: "Use '{right}' instead of '{match}'"
        swap: {e-mail: email, "log-in": login}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from contentguard import userregex
from contentguard.checks import Check
from contentguard.document import SCOPES
from contentguard.findings import SEVERITIES, Fix, Rule
from contentguard.fixes import match_case
from contentguard.literals import may_hold

KINDS = ("existence", "substitution")
KEYS = {"id", "kind", "message", "severity", "terms", "swap", "regex", "requires", "case_sensitive",
        "whole_word", "scope", "description", "example", "mention"}
MENTION_KEYS = {"quoted", "table", "before", "after", "heading", "code_example"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class _Compiled:
    rule_id: str
    kind: str
    message: str
    pattern: re.Pattern
    whole_word: bool
    swap: dict  # lower-cased wrong -> right (substitution)
    scopes: frozenset
    mention: "Mention | None" = None
    #: plain terms (not regexes; lower-cased when case-insensitive, then all ASCII): a text
    #: holding none of them cannot match (:mod:`contentguard.literals`), and the alternation
    #: is not run (it tried every position of the text: 0.5 ms on a 5 KB page)
    words: tuple | None = None
    case_sensitive: bool = False
    #: a regex rule's ``requires``: lower-case ASCII words, one of which every match holds
    #: in some case (the pack author's word): a text with none of them is not searched
    requires: tuple | None = None

    def may_match(self, text: str) -> bool:
        if self.requires is not None and not may_hold(text, self.requires):
            return False
        if self.words is None:
            return True
        if self.case_sensitive:
            return any(w in text for w in self.words)
        return may_hold(text, self.words)


class TermsCheck(Check):
    name = "terms"
    pack_sections = ("rules",)
    options = {}

    def __init__(self) -> None:
        self._compiled: list[_Compiled] | None = None
        self._packs = None  # the Packs compiled (kept, not its id(): ids are reused)

    def validate_pack(self, section, entries, origin):
        problems = []
        for i, e in enumerate(entries):
            where = f"entry {i + 1}"
            if not isinstance(e, dict):
                problems.append(f"{where}: must be a mapping")
                continue
            where = f"entry {i + 1} ({e.get('id', '?')})"
            unknown = set(e) - KEYS
            if unknown:
                problems.append(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
            if not isinstance(e.get("id"), str) or not _ID.match(e["id"]):
                problems.append(f"{where}: 'id' must be lower-case words joined by hyphens")
            kind = e.get("kind", "existence")
            if kind not in KINDS:
                problems.append(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
            if e.get("severity", "warning") not in SEVERITIES:
                problems.append(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}")
            req = e.get("requires")
            if req is not None and not (isinstance(req, list) and req and e.get("regex") and all(
                    isinstance(w, str) and w.strip() and w.isascii() for w in req)):
                problems.append(f"{where}: 'requires' must be a non-empty list of ASCII words, "
                                f"with regex: true (one of them is in every match)")
            if kind == "existence" and not (isinstance(e.get("terms"), list) and e["terms"]):
                problems.append(f"{where}: 'terms' must be a non-empty list")
            if kind == "substitution" and not (isinstance(e.get("swap"), dict) and e["swap"]):
                problems.append(f"{where}: 'swap' must be a non-empty mapping of wrong: right")
            scope = e.get("scope", list(SCOPES))
            if not isinstance(scope, list) or set(scope) - set(SCOPES):
                problems.append(f"{where}: 'scope' must be a list of {', '.join(SCOPES)}")
            mention = e.get("mention", {})
            if not isinstance(mention, dict) or set(mention) - MENTION_KEYS:
                problems.append(f"{where}: 'mention' must be a mapping of {', '.join(sorted(MENTION_KEYS))}")
            else:
                for k in ("before", "after"):
                    # the same guard as the terms: malformed, empty-matching (a mention
                    # everywhere: the rule would never fire) and catastrophic are refused
                    why = userregex.problem(str(mention[k]), mention=True) if mention.get(k) else None
                    if why:
                        problems.append(f"{where}: mention.{k}: {why}")
            if e.get("regex"):
                for t in e.get("terms", []) + list((e.get("swap") or {}).keys()):
                    why = userregex.problem(str(t), not e.get("case_sensitive", False))
                    if why:  # malformed, empty-matching or catastrophic: refused at load
                        problems.append(f"{where}: {why}")
        return problems

    def pack_rules(self, packs) -> list[Rule]:
        out = []
        for e, origin in packs.entries("rules"):
            kind = e.get("kind", "existence")
            if kind == "existence":
                terms = [str(t) for t in e["terms"]]
                example = e.get("example") or f"... {terms[0]} ..."
                summary = e.get("description") or ("Must not appear: " + ", ".join(terms[:6])
                                                   + (", ..." if len(terms) > 6 else ""))
                doc = (f"An existence rule from the rule pack {origin}: each of these "
                       f"{'patterns' if e.get('regex') else 'terms'} is reported: {', '.join(terms)}."
                       + _mention_doc(e.get("mention") or {}))
            else:
                pairs = [f"{w} → {r}" for w, r in e["swap"].items()]
                wrong, right = next(iter(e["swap"].items()))
                example = e.get("example") or f"... {wrong} ... (use {right})"
                summary = e.get("description") or ("Use the right form: " + ", ".join(pairs[:4])
                                                   + (", ..." if len(pairs) > 4 else ""))
                doc = (f"A substitution rule from the rule pack {origin} (--fix applies it): "
                       + ", ".join(pairs) + ".")
            out.append(Rule(f"content/{e['id']}", "content", e.get("severity", "warning"),
                            summary, doc, example))
        return out

    def setup(self, ctx) -> None:
        if self._packs is ctx.packs:
            return
        self._packs = ctx.packs
        self._compiled = []
        for e, _origin in ctx.packs.entries("rules"):
            kind = e.get("kind", "existence")
            terms = list(e.get("terms") or []) if kind == "existence" else list(e["swap"].keys())
            alts = [str(t) if e.get("regex") else re.escape(str(t)) for t in terms]
            alts.sort(key=len, reverse=True)
            body = "|".join(f"(?:{a})" for a in alts)
            flags = 0 if e.get("case_sensitive", False) else re.IGNORECASE
            swap = {str(k).casefold(): str(v) for k, v in (e.get("swap") or {}).items()}
            default_msg = "Avoid '{match}'" if kind == "existence" else "Use '{right}' instead of '{match}'"
            # user regexes run in the regex module, with a time limit (see userregex)
            pattern = userregex.compile(body, flags) if e.get("regex") else re.compile(body, flags)
            sensitive = bool(e.get("case_sensitive", False))
            words = (None if e.get("regex") else tuple(str(t) for t in terms) if sensitive
                     else tuple(str(t).lower() for t in terms) if all(str(t).isascii() for t in terms) else None)
            self._compiled.append(_Compiled(f"content/{e['id']}", kind, e.get("message") or default_msg,
                                            pattern, e.get("whole_word", True), swap,
                                            frozenset(e.get("scope", SCOPES)),
                                            Mention.of(e.get("mention")) if e.get("mention") else None,
                                            words, sensitive,
                                            tuple(w.lower() for w in e["requires"]) if e.get("requires") else None))

    def check(self, doc, ctx):
        if not self._compiled:
            return
        for c in self._compiled:
            if c.rule_id not in ctx.selected:
                continue
            all_scopes = c.scopes >= set(SCOPES)
            text = doc.text
            if not c.may_match(text):
                continue
            try:
                yield from self._matches(c, doc, ctx, text, all_scopes, userregex.Budget())
            except TimeoutError:
                yield ctx.finding("contentguard/notice", doc, 0, 0,
                                  f"rule {c.rule_id} stopped on this file: its regular expressions ran "
                                  f"over {userregex.TIMEOUT:g} s (rewrite them); the rest of the file was "
                                  f"not checked for it")

    def _matches(self, c, doc, ctx, text, all_scopes, budget):
        """The rule's findings in one document (user regexes under their time limit, the
        mention patterns under ``budget``)."""
        # a user regex's matches are all taken first: the regex module's timeout counts from
        # the start of the iteration, and the work on each finding in between (masking, the
        # mention tests, the engine's) stopped a rule with thousands of matches half-way
        found = (c.pattern.finditer(text) if isinstance(c.pattern, re.Pattern)
                 else list(c.pattern.finditer(text, timeout=userregex.TIMEOUT)))
        for m in found:
            if m.end() == m.start():
                continue  # an empty match is no finding
            # whole words: checked here rather than with look-arounds in the pattern,
            # which would defeat the regex engine's literal-prefix scan
            if c.whole_word and (_word_at(text, m.start() - 1, "@#") or _word_at(text, m.end(), "")):
                continue
            if not all_scopes and doc.scope_at(m.start()) not in c.scopes:
                continue
            if c.mention is not None and c.mention.applies(doc, m.start(), m.end(), budget):
                continue  # quoted, named, discussed or tabulated: a mention, not a leftover
            matched = m.group(0)
            right = ""
            fix = None
            if c.kind == "substitution":
                right = c.swap.get(matched.casefold(), "")
                if not right:  # a regex key: find which one matched
                    for k, v in c.swap.items():
                        if re.fullmatch(k, matched, re.IGNORECASE):
                            right = v
                            break
                right = match_case(matched, right)  # "E-mail us" -> "Email us"
                if right == matched:
                    continue
                rs, re_ = doc.raw_span(m.start(), m.end())
                if doc.source[rs:re_] == matched:
                    fix = Fix(rs, re_, right, matched)
            msg = c.message.replace("{match}", matched).replace("{right}", right)
            yield ctx.finding(c.rule_id, doc, m.start(), m.end(), msg, fix=fix)


@dataclass(frozen=True)
class Mention:
    """When a match is a mention rather than a use: the pack's ``mention`` mapping, compiled."""

    quoted: bool
    table: bool
    before: Any  # the pack's patterns, in the regex module (see userregex), or None
    after: Any
    heading: bool = False
    code_example: bool = False

    @classmethod
    def of(cls, spec: dict) -> "Mention":
        def rx(key, head, tail):
            return userregex.compile(head + str(spec[key]) + tail, re.IGNORECASE) if spec.get(key) else None
        return cls(bool(spec.get("quoted")), bool(spec.get("table")),
                   rx("before", r"(?<![\w'])(?:", r")\W*$"), rx("after", r"\W*(?:", r")(?![\w'])"),
                   bool(spec.get("heading")), bool(spec.get("code_example")))

    def applies(self, doc, start: int, end: int, budget: "userregex.Budget | None" = None) -> bool:
        """Whether the match at ``doc.text[start:end]`` is a mention. The pack's patterns
        read at most 80 characters before it and 40 after, within ``budget`` (raises
        ``TimeoutError`` once the rule's time on this document is spent)."""
        text = doc.text
        budget = budget or userregex.Budget()
        line_start = text.rfind("\n", max(0, start - _LINE_REACH), start) + 1
        if line_start == 0:  # no line break within reach: the window's start, not the text's
            line_start = max(0, start - _LINE_REACH)
        line_end = text.find("\n", end, end + _LINE_REACH)
        line_end = min(len(text), end + _LINE_REACH) if line_end == -1 else line_end
        if self.before is not None:
            head = text[max(line_start, start - 80):start]
            cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
            if budget.search(self.before, head[cut + 1:] if cut != -1 else head):
                return True
        if self.after is not None and budget.match(self.after, text, end, min(line_end, end + 40)):
            return True
        if self.quoted and _quoted(text, line_start, start, end, line_end):
            return True
        if self.heading and doc.scope_at(start) == "heading" \
                and not re.sub(r"\([^)]*\)|\W", "", text[line_start:start] + text[end:line_end]):
            return True  # "## TODO", "# TODO (maybe?)": a heading naming a section, a to-do list
        if self.code_example:
            snippet = text[start:min(line_end, start + 40)]
            if len(snippet) >= 12 and _shown_in_example(doc, text, snippet):
                return True  # the page shows the same words in a code example: a demonstration
        return self.table and _in_table(doc, start)


#: the last document asked about and its answers by snippet: a page with a thousand
#: "Lorem ipsum dolor sit amet" asks a thousand times, and each answer reads the whole page
_SHOWN: list = [None, {}]


def _shown_in_example(doc, text: str, snippet: str) -> bool:
    """Whether the page's source shows ``snippet`` more often than its text reads it (the
    rest is in a code example), footnote references allowed between its words."""
    if _SHOWN[0] is not doc:
        _SHOWN[0], _SHOWN[1] = doc, {}
    got = _SHOWN[1].get(snippet)
    if got is None:
        got = _SHOWN[1][snippet] = (doc.source.count(snippet) > text.count(snippet)
                                    or "[^" in doc.source and _shown_with_footnotes(doc.source, text, snippet))
    return got


def _shown_with_footnotes(source: str, text: str, snippet: str) -> bool:
    """Whether the source shows ``snippet``'s words more often than the text reads them,
    footnote references (``[^1]``) allowed between the words: the text leaves them out,
    so "Lorem ipsum[^1] dolor sit amet" in a code example (MkDocs Material's footnotes
    page) is the same words as the rendered "Lorem ipsum dolor sit amet"."""
    words = re.findall(r"\w+", snippet)[:-1]  # the last word may be cut
    if len(words) < 3:
        return False
    pat = re.compile(r"(?:\[\^[^\]\s]{1,40}\]|\W)+".join(map(re.escape, words)))
    return len(pat.findall(source)) > len(pat.findall(text))


#: how far a mention test looks for the start and the end of the match's line: a minified
#: page's paragraph can be a whole page long, and each match must cost a bounded window
_LINE_REACH = 2000

_OPEN_Q = {"“": "”", "„": "“", "«": "»", "‘": "’", "‹": "›", "「": "」"}


def _quoted(text: str, lo: int, start: int, end: int, hi: int) -> bool:
    """Is ``text[start:end]`` inside quotation marks on its line ("...", “...”, «...», ‘TBD’)?"""
    head, tail = text[lo:start], text[end:hi]
    for o, c in _OPEN_Q.items():
        k = head.rfind(o)
        if k != -1 and c not in head[k + 1:] and c in tail:
            return True
    # straight quotes: an odd number before the match on its line, and one after it
    for q in ('"', "'"):
        n = head.count(q) if q == '"' else len(re.findall(r"(?<!\w)'", head))
        if n % 2 == 1 and (q in tail if q == '"' else re.search(r"'(?!\w)", tail)):
            return True
    return False


def _in_table(doc, start: int) -> bool:
    """Is the match in a table cell: a Markdown pipe-table row or an HTML ``<td>``/``<th>``?"""
    rs, _ = doc.raw_span(start, start + 1)
    src = doc.source
    ls = src.rfind("\n", 0, rs) + 1
    if src[ls:rs].lstrip().startswith("|"):
        return True
    if doc.kind != "html":
        return False
    lo = max(0, rs - 4000)
    opened = max(src.rfind("<td", lo, rs), src.rfind("<th", lo, rs), src.rfind("<TD", lo, rs))
    closed = max(src.rfind("</td", lo, rs), src.rfind("</th", lo, rs), src.rfind("</table", lo, rs),
                 src.rfind("</TD", lo, rs))
    return opened > closed


def _mention_doc(spec: dict) -> str:
    """The sentence ``explain`` prints about how a rule tells a mention from a use."""
    if not spec:
        return ""
    parts = []
    if spec.get("quoted"):
        parts.append("it is inside quotation marks (“TBD”, \"lorem ipsum\")")
    if spec.get("table"):
        parts.append("it is in a table cell (a Markdown pipe table or an HTML <td>/<th>)")
    if spec.get("before"):
        parts.append(f"the words right before it, in its sentence, match `{spec['before']}`")
    if spec.get("after"):
        parts.append(f"the words right after it match `{spec['after']}`")
    if spec.get("heading"):
        parts.append("it is a heading of its own (`## TODO`: a section that names a to-do list)")
    if spec.get("code_example"):
        parts.append("the same words are also shown in a code example of the page (a documentation "
                     "page demonstrating markup with dummy text)")
    return (" A match is a mention, not reported, when " + "; or ".join(parts) + ".")


def _word_at(text: str, i: int, extra: str) -> bool:
    """Is ``text[i]`` part of a word (letters, digits, ``_``, ``-`` and ``extra``)?"""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    return ch.isalnum() or ch in "_-" or ch in extra


CHECK = TermsCheck()
