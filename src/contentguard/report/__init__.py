"""Reporters only format; they never decide what is a problem.

Each module has ``render(findings, summary, rules, out, color=False)``; the summary
is the JSON contract's ``summary`` object.
"""
from __future__ import annotations

import importlib

from contentguard.findings import SEVERITIES

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, findings, summary: dict, rules: dict, out, color: bool = False,
           quiet: bool = False) -> None:
    mod = importlib.import_module(f"contentguard.report.{'json_' if fmt == 'json' else fmt}")
    if fmt == "text":
        mod.render(findings, summary, rules, out, color=color, quiet=quiet)
    else:
        mod.render(findings, summary, rules, out, color=color)


def count(n: int, word: str) -> str:
    """``1 finding``, ``2 findings``, ``1 error``, ``3 info`` (severity "info" has no plural)."""
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def severities_text(by_severity: dict) -> str:
    """``1 error, 2 warnings, 3 info``: most severe first, the ones present only."""
    return ", ".join(count(by_severity[s], s) for s in reversed(SEVERITIES) if by_severity.get(s))


def make_summary(result, ctx, findings=None) -> dict:
    """The JSON contract's summary of ``findings`` (default: the run's; after --fix, the ones left)."""
    findings = result.findings if findings is None else findings
    by_cat: dict[str, int] = {}
    by_sev: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for f in findings:
        by_cat[f.category] = by_cat.get(f.category, 0) + 1
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    s = {
        "findings": len(findings),
        "by_category": dict(sorted(by_cat.items())),
        "by_severity": {s: by_sev[s] for s in reversed(SEVERITIES) if s in by_sev},
        "by_rule": dict(sorted(by_rule.items())),
        "files_scanned": result.files,
        "documents": result.documents,
        "files_skipped": [{"path": p, "reason": r} for p, r in result.skipped],
        "today": ctx.today.isoformat(),
    }
    s.update(result.extra_summary)
    return s
