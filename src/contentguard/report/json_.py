"""The JSON contract other tools read (see README, 'JSON output')."""
from __future__ import annotations

from contentguard import __version__
from contentguard.safetext import json_dump

SCHEMA_VERSION = 1


def finding_dict(f) -> dict:
    return {"rule": f.rule, "category": f.category, "severity": f.severity, "message": f.message,
            "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "excerpt": f.excerpt, "fingerprint": f.fingerprint,
            "kind": f.kind}


def render(findings, summary, rules, out, color=False) -> None:
    doc = {"version": SCHEMA_VERSION, "tool": {"name": "contentguard", "version": __version__},
           "findings": [finding_dict(f) for f in findings], "summary": summary}
    json_dump(doc, out)
    out.write("\n")
