"""Audit outputs other than HTML: the comparison between runs, JSON, CSV and the text summary.

Everything streams from the database (one finding at a time), so a 50,000-page audit
is written without holding its findings in memory. Excerpts are the findings' own
(masked for personal data); nothing here re-reads page text.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass

from contentguard import __version__
from contentguard.audit.store import Store
from contentguard.findings import SEVERITY_RANK, Finding
from contentguard.report.json_ import SCHEMA_VERSION, finding_dict
from contentguard.safetext import json_dumps, visible


@dataclass
class Comparison:
    """New / fixed / persisting findings of ``run`` against ``previous`` (baseline fingerprints:
    rule + normalised matched text + page, never the line; a multiset, like a baseline)."""

    run: int
    previous: int | None
    prev_counts: Counter
    cur_counts: Counter
    new: int = 0
    fixed: int = 0
    persisting: int = 0

    def statuses(self, findings):
        """(finding, "new" | "persisting") in order, consuming the previous run's counts."""
        left = Counter(self.prev_counts)
        for f in findings:
            if left[f.fingerprint] > 0:
                left[f.fingerprint] -= 1
                yield f, "persisting"
            else:
                yield f, "new"

    def fixed_findings(self, store: Store):
        if self.previous is None:
            return
        left = Counter(self.cur_counts)
        for f in store.findings(self.previous):
            if left[f.fingerprint] > 0:
                left[f.fingerprint] -= 1
            else:
                yield f


def compare(store: Store, run_id: int, previous: int | None) -> Comparison:
    prev = Counter(store.fingerprint_counts(previous)) if previous is not None else Counter()
    cur = Counter(store.fingerprint_counts(run_id))
    c = Comparison(run_id, previous, prev, cur)
    common = sum((prev & cur).values())
    c.persisting = common
    c.new = sum(cur.values()) - common
    c.fixed = sum(prev.values()) - common
    return c


def summary(store: Store, run_id: int, cmp: Comparison | None = None) -> dict:
    run = store.run(run_id)
    st = store.stats(run_id)
    s = {
        "findings": st["findings"],
        "by_category": st["by_category"],
        "by_severity": st["by_severity"],
        "by_rule": st["by_rule"],
        "files_scanned": st["pages"] - st["pages_with_errors"] - st["files"],
        "documents": st["pages"] - st["pages_with_errors"] - st["files"],
        "files_skipped": [{"path": r[0], "reason": r[7]} for r in store.pages(run_id, errors_only=True)],
        "today": run.today,
    }
    audit = {
        "run": run.id, "target": run.target, "mode": run.mode, "status": run.status,
        "started": run.started, "finished": run.finished, "pages": st["pages"],
        "pages_not_checked": st["pages_with_errors"] + st["files"], "queued": st["queued"],
        "notes": [{"url": u, "reason": r} for u, r in store.notes(run_id)],
        "options": run.options,
    }
    if cmp is not None:
        audit["compare"] = {"previous_run": cmp.previous, "new": cmp.new, "fixed": cmp.fixed,
                            "persisting": cmp.persisting}
    s["audit"] = audit
    return s


def write_json(store: Store, run_id: int, out, cmp: Comparison | None = None) -> None:
    """The JSON contract of ``check --format json`` plus ``summary.audit`` (and, with a
    comparison, a ``status`` per finding and ``summary.audit.fixed``)."""
    out.write('{"version": %d, "tool": %s, "findings": [' % (
        SCHEMA_VERSION, json.dumps({"name": "contentguard", "version": __version__})))
    findings = store.findings(run_id)
    pairs = cmp.statuses(findings) if cmp else ((f, None) for f in findings)
    first = True
    for f, status in pairs:
        d = finding_dict(f)
        if status:
            d["status"] = status
        out.write(("\n  " if first else ",\n  ") + json_dumps(d))
        first = False
    s = summary(store, run_id, cmp)
    if cmp is not None:
        s["audit"]["fixed"] = [finding_dict(f) for f in cmp.fixed_findings(store)]
    out.write("\n], \"summary\": " + json_dumps(s, indent=2) + "}\n")


CSV_FIELDS = ("page", "line", "column", "end_line", "end_column", "severity", "category", "rule",
              "message", "excerpt", "fingerprint", "status")


def write_csv(store: Store, run_id: int, out, cmp: Comparison | None = None) -> None:
    w = csv.writer(out)
    w.writerow(CSV_FIELDS)
    findings = store.findings(run_id)
    pairs = cmp.statuses(findings) if cmp else ((f, "") for f in findings)
    for f, status in pairs:
        w.writerow([f.path, f.line, f.column, f.end_line, f.end_column, f.severity, f.category, f.rule,
                    _cell(f.message), _cell(f.excerpt), f.fingerprint, status])
    if cmp is not None:
        for f in cmp.fixed_findings(store):
            w.writerow([f.path, f.line, f.column, f.end_line, f.end_column, f.severity, f.category, f.rule,
                        _cell(f.message), _cell(f.excerpt), f.fingerprint, "fixed"])


def _cell(v: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: defuse them."""
    return "'" + v if v and v[0] in "=+-@\t\r" else v


def _line(f: Finding) -> str:
    ex = f" «{visible(f.excerpt)}»" if f.excerpt else ""
    return f"  {visible(f.path)}:{f.line}:{f.column}: {f.severity} [{f.rule}] {visible(f.message)}{ex}"


def write_text(store: Store, run_id: int, out, cmp: Comparison | None = None, limit: int = 50,
               only_compare: bool = False) -> None:
    if only_compare:
        if cmp is not None:
            _write_compare(store, run_id, out, cmp, limit)
        return
    run = store.run(run_id)
    st = store.stats(run_id)
    out.write(f"audit run {run.id} of {visible(run.target)}: {run.status}, {st['pages']} pages"
              f" ({st['pages_with_errors']} not checked), {st['findings']} findings"
              + (f", {st['queued']} still queued (--resume to go on)" if st["queued"] else "") + "\n")
    if st["by_category"]:
        out.write("  by category: " + ", ".join(f"{k} {v}" for k, v in st["by_category"].items()) + "\n")
        out.write("  by severity: " + ", ".join(f"{k} {v}" for k, v in sorted(
            st["by_severity"].items(), key=lambda kv: -SEVERITY_RANK.get(kv[0], 0))) + "\n")
    worst = store.worst_pages(run_id, 10)
    if worst:
        out.write("worst pages:\n")
        for page, n, e, w in worst:
            out.write(f"  {n:5d} findings ({e or 0} errors, {w or 0} warnings)  {visible(page)}\n")
    rep = store.repeated(run_id, 10)
    if rep:
        out.write("said alike on many pages (one template or one target: one fix):\n")
        for rule, _sev, msg, n, np in rep:
            out.write(f"  {n:5d} on {np:4d} pages  {rule}  {visible(msg)}\n")
    if st["files"]:
        out.write(f"linked files that are not HTML pages: {st['files']} (reached, not read)\n")
    bad = list(store.pages(run_id, errors_only=True, files=False))
    if bad:
        out.write(f"pages not checked ({len(bad)}):\n")
        for r in bad[:limit]:
            out.write(f"  {visible(r[0])}: {visible(r[7] or '')}\n")
        if len(bad) > limit:
            out.write(f"  … and {len(bad) - limit} more\n")
    notes = store.notes(run_id)
    if notes:
        out.write(f"notes ({len(notes)}):\n")
        for u, r in notes[:limit]:
            out.write(f"  {visible(u)}: {visible(r or '')}\n")
        if len(notes) > limit:
            out.write(f"  … and {len(notes) - limit} more\n")
    if cmp is not None:
        _write_compare(store, run_id, out, cmp, limit)


def _write_compare(store: Store, run_id: int, out, cmp: Comparison, limit: int) -> None:
    if cmp.previous is None:
        out.write("compare: no earlier complete run of this target in the database\n")
        return
    prev = store.run(cmp.previous)
    out.write(f"compared with run {prev.id} ({prev.started}): {cmp.new} new, {cmp.fixed} fixed, "
              f"{cmp.persisting} persisting\n")
    _write_some(out, "new", (f for f, status in cmp.statuses(store.findings(run_id)) if status == "new"), limit)
    _write_some(out, "fixed", cmp.fixed_findings(store), limit)


def _write_some(out, title: str, findings, limit: int) -> None:
    """``title:`` and the first ``limit`` findings, then how many more (nothing when none)."""
    n = 0
    for f in findings:
        if n == 0:
            out.write(f"{title}:\n")
        if n < limit:
            out.write(_line(f) + "\n")
        n += 1
    if n > limit:
        out.write(f"  … and {n - limit} more\n")


def write_history(store: Store, target: str | None, out) -> None:
    targets = [target] if target else store.targets()
    if not any(store.runs(t) for t in targets):
        out.write("no audit runs in this database\n")
        return
    for t in targets:
        out.write(f"{visible(t)}\n")
        prev = None
        for h in store.history(t):
            sev = h["by_severity"]
            delta = ""
            if prev is not None and h["status"] == "complete":
                c = compare(store, h["id"], prev)
                delta = f"  (+{c.new} new, -{c.fixed} fixed)"
            out.write(f"  run {h['id']:>3}  {h['started']}  {h['status']:<10}  {h['pages']:>6} pages  "
                      f"{h['findings']:>6} findings (error {sev.get('error', 0)}, warning {sev.get('warning', 0)}, "
                      f"info {sev.get('info', 0)}){delta}\n")
            if h["status"] == "complete":
                prev = h["id"]
