"""JUnit XML: one test case per file with findings (each finding a failure of it), one per
skipped file (a ``<skipped>`` with the reason), and one for the clean files together. The
``tests``/``failures``/``skipped`` attributes count exactly those elements."""
from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

from contentguard.report import count
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
    skipped = summary.get("files_skipped", [])
    n_fail = len(by_path)
    clean = max(summary.get("files_scanned", 0) - n_fail, 0)
    tests = n_fail + len(skipped) + (1 if clean else 0)
    counts = f'tests="{tests}" failures="{n_fail}" errors="0" skipped="{len(skipped)}"'
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="contentguard" {counts}>\n')
    out.write(f'  <testsuite name="contentguard" {counts}>\n')
    for path, fs in sorted(by_path.items()):
        out.write(f"    <testcase classname=\"contentguard\" name={quoteattr(path)} file={quoteattr(path)}>\n")
        for f in fs:
            msg = f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}"
            out.write(f"      <failure type={quoteattr(f.rule)} message={quoteattr(f.message)}>"
                      f"{escape(msg)}</failure>\n")
        out.write("    </testcase>\n")
    for item in skipped:
        out.write(f"    <testcase classname=\"contentguard\" name={quoteattr(item['path'])} "
                  f"file={quoteattr(item['path'])}>\n      <skipped message={quoteattr(item['reason'])}/>\n"
                  f"    </testcase>\n")
    if clean:
        out.write(f'    <testcase classname="contentguard" name="{count(clean, "other file")} clean"/>\n')
    out.write("  </testsuite>\n</testsuites>\n")
