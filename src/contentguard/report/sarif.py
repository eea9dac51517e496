"""SARIF 2.1.0 for code scanning; columns are Unicode code points."""
from __future__ import annotations

from contentguard import __version__
from contentguard.safetext import json_dump

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(findings, summary, rules, out, color=False) -> None:
    used = sorted({f.rule for f in findings} | set(rules))
    index = {rid: i for i, rid in enumerate(used)}
    rule_objs = []
    for rid in used:
        r = rules.get(rid)
        help_text = (r.doc or r.summary) if r else rid
        if r and r.example:
            help_text += f"\n\nExample: {r.example}"
        rule_objs.append({
            "id": rid,
            "name": rid.replace("/", "-"),
            "shortDescription": {"text": r.summary if r else rid},
            "fullDescription": {"text": (r.doc or r.summary) if r else rid},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": LEVEL[r.severity] if r else "warning"},
            "properties": {"category": r.category if r else ""},
        })
    results = []
    for f in findings:
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/")},
                "region": {"startLine": f.line, "startColumn": f.column,
                           "endLine": f.end_line, "endColumn": f.end_column,
                           "snippet": {"text": f.excerpt}},
            }}],
            "partialFingerprints": {"contentguard/v1": f.fingerprint},
            "properties": {"category": f.category},
        })
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "contentguard", "version": __version__,
                                "informationUri": "https://github.com/contentguard/contentguard",
                                "rules": rule_objs}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    json_dump(doc, out)
    out.write("\n")
