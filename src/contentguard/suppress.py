"""Inline suppressions: ``contentguard: ignore[rule-id, ...]`` (or bare, for every rule).

Honoured only inside a real comment of the file's own syntax, where no reader of the
published page or post sees it:

- HTML and Markdown: inside an ``<!-- ... -->`` comment (the directive after the
  opener, with no ``-->`` between them); in a Markdown file's YAML front matter, a
  YAML comment as below.
- YAML: a ``#`` comment outside every scalar (a ``#`` inside a quoted, block or plain
  scalar is part of the published text, whatever follows it).
- Plain text: a line that starts with ``#``, ``//`` or ``<!--``.
- CSV and JSON: none. A CSV cell or JSON string is published text; those queues use
  the baseline.

A suppression covers findings on its own line and on the next one, but never reaches
into another post of a queue: the next line counts only when it belongs to the same
post, or when the comment stands between posts (a comment line above a post covers
that post's first line). Every other ``contentguard: ignore`` in a file is *misplaced*:
it suppresses nothing, and ``--report-unused-suppressions`` reports it as such.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"\bcontentguard:\s*ignore(?:\[([^\]\n]*)\])?")
# the directive inside one HTML comment: no "-->" between the opener and it
_IN_HTML_COMMENT = re.compile(r"<!--(?:(?!-->)[^\n])*?\bcontentguard:\s*ignore")
_TEXT_COMMENT_LINE = re.compile(r"^[ \t]*(?:#|//|<!--)(?:(?!-->)[^\n])*?\bcontentguard:\s*ignore", re.M)
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\.\.\.|\+\+\+)[ \t]*\r?$", re.S | re.M)


def syntax_of(path: str) -> str | None:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext in ("html", "htm", "xhtml"):
        return "html"
    if ext in ("md", "markdown", "mdx"):
        return "markdown"
    if ext in ("yaml", "yml"):
        return "yaml"
    if ext in ("txt", "text"):
        return "text"
    return None  # JSON and CSV: no comments a suppression may live in


@dataclass
class Suppression:
    line: int
    column: int
    rules: tuple[str, ...]  # empty: every rule
    used: set = field(default_factory=set)
    next_line: bool = True  # covers the next line too (False where that is another post)

    def covers(self, rule: str) -> bool:
        return not self.rules or any(rule == r or rule.startswith(r.rstrip("/") + "/") for r in self.rules)

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "rules": list(self.rules),
                "next_line": self.next_line}

    @classmethod
    def from_dict(cls, d: dict) -> "Suppression":
        return cls(d["line"], d["column"], tuple(d["rules"]), next_line=d.get("next_line", True))


@dataclass(frozen=True)
class Misplaced:
    """A ``contentguard: ignore`` outside any comment of the file's syntax."""

    offset: int
    reason: str


def _yaml_comment_directives(source: str, start: int = 0, end: int | None = None) -> set[int]:
    """Offsets of directives inside YAML comments of ``source[start:end]``: after a
    ``#`` that starts the line or follows a blank, outside every scalar token."""
    import yaml

    end = len(source) if end is None else end
    chunk = source[start:end]
    scalars: list[tuple[int, int]] = []
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for tok in yaml.scan(chunk, Loader=loader):
            if isinstance(tok, yaml.ScalarToken):
                scalars.append((tok.start_mark.index, tok.end_mark.index))
    except yaml.YAMLError:
        # unreadable YAML: only whole-line comments are certain to be comments
        return {start + m.end() - len(m.group(1)) for m in
                re.finditer(r"^[ \t]*#[^\n]*?(\bcontentguard:\s*ignore)", chunk, re.M)}
    out = set()
    k = 0
    for m in re.finditer(r"(?:^|(?<=[ \t]))#[^\n]*", chunk, re.M):
        while k < len(scalars) and scalars[k][1] <= m.start():
            k += 1
        if k < len(scalars) and scalars[k][0] <= m.start() < scalars[k][1]:
            continue  # a '#' inside a scalar is text
        d = _DIRECTIVE.search(m.group())
        if d:
            out.add(start + m.start() + d.start())
    return out


def _honoured(source: str, syntax: str) -> set[int]:
    """Offsets of the directives that sit in a real comment."""
    if syntax in ("html", "markdown"):
        ok = {source.rfind("contentguard", 0, m.end()) for m in _IN_HTML_COMMENT.finditer(source)}
        if syntax == "markdown":
            fm = _FRONT_MATTER.match(source)
            if fm:
                body_start = source.index("\n") + 1
                body_end = fm.end() - len(fm.group().rsplit("\n", 1)[-1])
                if fm.group(1) == "---":
                    ok |= _yaml_comment_directives(source, body_start, body_end)
                else:  # TOML: only whole-line comments (a '#' may sit in a string)
                    ok |= {body_start + m.start(1) for m in re.finditer(
                        r"^[ \t]*#[^\n]*?(\bcontentguard:\s*ignore)", source[body_start:body_end], re.M)}
        return ok
    if syntax == "yaml":
        return _yaml_comment_directives(source)
    if syntax == "text":
        return {source.rfind("contentguard", 0, m.end()) for m in _TEXT_COMMENT_LINE.finditer(source)}
    return set()


_WHY = {
    "html": "not inside an <!-- --> comment",
    "markdown": "not inside an <!-- --> comment",
    "yaml": "not in a YAML comment (inside published text)",
    "text": "not on a comment line (#, // or <!--)",
    None: "this file type has no comments: use a baseline",
}


def scan(source: str, lines, path: str = "x.txt", regions=None) -> tuple[list[Suppression], list[Misplaced]]:
    """The honoured suppressions of a file and the misplaced directives.

    ``regions``: (first line, last line) of each post of a queue, so that a suppression
    never reaches into the next post."""
    if "contentguard:" not in source:
        return [], []
    syntax = syntax_of(path)
    ok = _honoured(source, syntax) if syntax else set()
    region_of = {}
    for i, (a, b) in enumerate(regions or ()):
        for ln in range(a, b + 1):
            region_of[ln] = i
    sups, misplaced = [], []
    for m in _DIRECTIVE.finditer(source):
        if m.start() not in ok:
            misplaced.append(Misplaced(m.start(), _WHY[syntax]))
            continue
        rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
        line, col = lines.position(_opener(source, m.start(), syntax))
        here = region_of.get(line)
        nxt = region_of.get(line + 1)
        sups.append(Suppression(line, col, rules, next_line=here is None or nxt is None or here == nxt))
    return sups, misplaced


def _opener(source: str, at: int, syntax: str) -> int:
    """Offset of the comment opener before the directive at ``at`` (same line)."""
    line_start = source.rfind("\n", 0, at) + 1
    seg = source[line_start:at]
    marks = {"html": ("<!--",), "markdown": ("<!--",), "yaml": ("#",)}.get(syntax, ("<!--", "#", "//"))
    if syntax == "markdown" and "<!--" not in seg:
        marks = ("#",)  # front matter
    best = max((seg.rfind(mk) for mk in marks), default=-1)
    return line_start + best if best >= 0 else at


def find_suppressions(source: str, lines, path: str = "x.txt", regions=None) -> list[Suppression]:
    return scan(source, lines, path, regions)[0]


def post_regions(documents) -> list[tuple[int, int]]:
    """(first line, last line) of each post of a queue (empty for other files)."""
    out = []
    for d in documents:
        if d.kind != "post":
            continue
        offs = [o for m in d.meta for o in (m.start, m.end)]
        if d.text:
            offs += list(d.raw_span(0, len(d.text)))
        if offs:
            out.append((d.lines.position(min(offs))[0], d.lines.position(max(offs))[0]))
    return out


def apply(findings, sups: list[Suppression]):
    """Findings not covered by a suppression (marks the suppressions used)."""
    if not sups:
        return findings
    by_line: dict[int, list[Suppression]] = {}
    for s in sups:
        by_line.setdefault(s.line, []).append(s)
        if s.next_line:
            by_line.setdefault(s.line + 1, []).append(s)
    kept = []
    for f in findings:
        hit = next((s for s in by_line.get(f.line, ()) if s.covers(f.rule)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used.add(f.rule)
    return kept
