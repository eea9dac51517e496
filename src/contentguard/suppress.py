"""Inline suppressions: ``contentguard: ignore[rule-id, ...]`` (or bare, for every rule).

Written in a comment of the file's own syntax, it covers findings on its own line
and on the next line: ``<!-- ... -->`` in HTML and Markdown (and ``#`` inside a
Markdown file's YAML front matter), ``#`` in YAML and CSV, ``#``, ``//`` or
``<!--`` in plain text. JSON has no comments, so a JSON queue uses the baseline.
A Markdown heading (``# ...``) is prose, not a comment, and suppresses nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAIL = r"[^\n]*?\bcontentguard:\s*ignore(?:\[([^\]]*)\])?"
_BY_SYNTAX = {
    "html": re.compile(r"<!--" + _TAIL),
    "markdown": re.compile(r"<!--" + _TAIL),
    "hash": re.compile(r"#" + _TAIL),
    "text": re.compile(r"(?:<!--|#|//)" + _TAIL),
}
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\.\.\.|\+\+\+)[ \t]*\r?$", re.S | re.M)


def syntax_of(path: str) -> str | None:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext in ("html", "htm", "xhtml"):
        return "html"
    if ext in ("md", "markdown", "mdx"):
        return "markdown"
    if ext in ("yaml", "yml", "csv"):
        return "hash"
    if ext in ("txt", "text"):
        return "text"
    return None  # JSON: no comments


@dataclass
class Suppression:
    line: int
    column: int
    rules: tuple[str, ...]  # empty: every rule
    used: set = field(default_factory=set)

    def covers(self, rule: str) -> bool:
        return not self.rules or any(rule == r or rule.startswith(r.rstrip("/") + "/") for r in self.rules)


def find_suppressions(source: str, lines, path: str = "x.txt") -> list[Suppression]:
    if "contentguard:" not in source:
        return []
    syntax = syntax_of(path)
    if syntax is None:
        return []
    matches = list(_BY_SYNTAX[syntax].finditer(source))
    if syntax == "markdown":
        fm = _FRONT_MATTER.match(source)
        if fm:
            matches += [m for m in _BY_SYNTAX["hash"].finditer(source, 0, fm.end())]
    out = []
    for m in matches:
        rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
        line, col = lines.position(m.start())
        out.append(Suppression(line, col, rules))
    return out


def apply(findings, sups: list[Suppression]):
    """Findings not covered by a suppression (marks the suppressions used)."""
    if not sups:
        return findings
    by_line: dict[int, list[Suppression]] = {}
    for s in sups:
        by_line.setdefault(s.line, []).append(s)
        by_line.setdefault(s.line + 1, []).append(s)
    kept = []
    for f in findings:
        hit = next((s for s in by_line.get(f.line, ()) if s.covers(f.rule)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used.add(f.rule)
    return kept
