"""JUnit XML: one test case per checked file; each finding a failure of its file."""
from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

from contentguard.safetext import visible


def escape(s: str) -> str:
    """XML text; controls XML 1.0 forbids (and newlines, escapes) shown as text."""
    return _xml_escape(visible(s))


def quoteattr(s: str) -> str:
    return _xml_quoteattr(visible(s))


def render(findings, summary, rules, out, color=False) -> None:
    by_path = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    n_fail = len(by_path)
    cases = max(summary.get("files_scanned", 0), n_fail)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="contentguard" tests="{cases}" failures="{n_fail}">\n')
    out.write(f'  <testsuite name="contentguard" tests="{cases}" failures="{n_fail}" errors="0" skipped="{len(summary.get("files_skipped", []))}">\n')
    for path, fs in sorted(by_path.items()):
        out.write(f"    <testcase classname=\"contentguard\" name={quoteattr(path)} file={quoteattr(path)}>\n")
        for f in fs:
            msg = f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}"
            out.write(f"      <failure type={quoteattr(f.rule)} message={quoteattr(f.message)}>"
                      f"{escape(msg)}</failure>\n")
        out.write("    </testcase>\n")
    passed = cases - n_fail
    if passed > 0:
        out.write(f'    <testcase classname="contentguard" name="{passed} other file(s) clean"/>\n')
    out.write("  </testsuite>\n</testsuites>\n")
