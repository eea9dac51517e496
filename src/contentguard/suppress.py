"""Inline suppressions: ``contentguard: ignore[rule-id, ...]`` (or bare, for every rule).

Written in a comment of the file's own syntax (``<!-- ... -->`` in HTML and Markdown,
``#`` in YAML, CSV and plain text, ``//`` or ``/* */`` where a format has them), it
covers findings on its own line and on the next line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_RE = re.compile(r"(?:<!--|#|//|/\*)[^\n]*?\bcontentguard:\s*ignore(?:\[([^\]]*)\])?")


@dataclass
class Suppression:
    line: int
    column: int
    rules: tuple[str, ...]  # empty: every rule
    used: set = field(default_factory=set)

    def covers(self, rule: str) -> bool:
        return not self.rules or any(rule == r or rule.startswith(r.rstrip("/") + "/") for r in self.rules)


def find_suppressions(source: str, lines) -> list[Suppression]:
    if "contentguard:" not in source:
        return []
    out = []
    for m in _RE.finditer(source):
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
