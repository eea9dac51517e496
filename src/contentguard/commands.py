"""The commands ``check``, ``baseline``, ``rules`` and ``explain``: what runs once
cli.py has parsed the arguments (it loads this module only then, for start-up)."""
from __future__ import annotations

import json
import os
import sys
import time

from contentguard import baseline, engine
from contentguard.atomic import write_output
from contentguard.audit.progress import Progress
from contentguard.checks.registry import all_rules
from contentguard.config import ConfigError, resolve_path
from contentguard.engine import rule_matches, unknown_selector
from contentguard.fixes import apply_fixes
from contentguard.packs import load_packs
from contentguard.report import count, make_summary, render
from contentguard.safetext import visible


def run(args) -> int:
    if args.command == "rules":
        return cmd_rules(args)
    if args.command == "explain":
        return cmd_explain(args)
    return cmd_check(args)


def csv_list(values) -> list[str]:
    """``--select a,b --select c`` as ["a", "b", "c"]."""
    out = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def cmd_check(args) -> int:
    cfg = engine.load(args.config)
    ctx = engine.make_context(cfg, today=args.today, rules=args.rules, select=csv_list(args.select),
                              ignore=csv_list(args.ignore), online=args.online,
                              allow_private=args.allow_private, use_cache=not args.no_cache,
                              profile=args.profile)
    paths = args.paths or ["."]
    if args.force_exclude:
        cfg.values["force-exclude"] = True
    if args.command == "baseline":
        result = engine.run(ctx, paths, jobs=args.jobs, use_baseline=False)
        # -o, else the config's baseline (beside the config file), else the default there
        target = args.output or cfg.resolve_path(cfg.get("baseline") or args.default_baseline)
        try:
            baseline.write(target, result.all_findings)
        except OSError as e:
            raise ConfigError(f"{target}: cannot write the baseline: {e.strerror or e}") from None
        shown = os.path.relpath(target) if not args.output else target
        print(f"contentguard: wrote {count(len(result.all_findings), 'finding')} to {shown}", file=sys.stderr)
        return 0
    if args.report_unused_suppressions:
        cfg.values["report-unused-suppressions"] = True
    ctx.source_lines = (args.format or cfg.get("format")) == "text"  # only the text report prints them
    bar = _progress_bar(args)
    try:
        result = engine.run(ctx, paths, jobs=args.jobs, baseline_file=args.baseline,
                            progress=bar[0] if bar else None)
    finally:
        if bar:
            bar[1]()
    findings = result.findings
    if args.fix:
        fs_paths = {d: f for f, d in engine.discover(paths, cfg)[0]}
        applied, findings, not_fixed = apply_fixes(findings, fs_paths)
        for p, why in not_fixed:
            print(f"contentguard: not fixing {visible(p)}: {why}", file=sys.stderr)
        if not args.quiet:  # ruff's words: "Found 13 errors (2 fixed, 11 remaining)."
            fixed = sum(applied.values())
            print(f"contentguard: found {count(fixed + len(findings), 'finding')} "
                  f"({fixed} fixed, {len(findings)} remaining)", file=sys.stderr)
            for path, n in sorted(applied.items()):
                print(f"  fixed {visible(path)}: {count(n, 'finding')}", file=sys.stderr)
    fmt = args.format or cfg.get("format")
    summary = make_summary(result, ctx, findings)
    if args.output:  # atomically: a killed or failing run leaves the old report whole
        try:
            write_output(args.output, lambda out: render(fmt, findings, summary, ctx.rules, out,
                                                         color=args.color == "always", quiet=args.quiet))
        except OSError as e:
            raise ConfigError(f"{args.output}: cannot write the report: {e.strerror or e}") from None
    else:
        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        render(fmt, findings, summary, ctx.rules, sys.stdout, color=color, quiet=args.quiet)
    return engine.exit_code(findings, args.fail_on or cfg.get("fail-on"))


def _progress_bar(args):
    """(update, close) of a progress bar on a terminal: files done, findings so far, rate,
    ETA, as ``audit`` shows; None when stderr is piped or with --quiet."""
    if args.quiet or not sys.stderr.isatty():
        return None
    bar = Progress(sys.stderr, tty=True, unit="files")
    start = time.monotonic()
    last = [0, 0, 0]

    def update(done: int, total: int, findings: int) -> None:
        last[:] = [done, total, findings]
        bar.update(done, total - done, findings, total, done, time.monotonic() - start, force=done == total)

    return update, bar.close


def cmd_rules(args) -> int:
    rules = _rules_with_packs(args.rules)
    if args.format == "json":
        print(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                           "summary": r.summary} for r in rules.values()], indent=2))
        return 0
    w = max(len(r) for r in rules)
    for r in sorted(rules.values(), key=lambda r: r.id):
        print(f"{r.id:<{w}}  {r.category:<13}  {r.severity:<7}  {r.summary}")
    return 0


def _rules_with_packs(extra: list[str]):
    cfg = engine.load(None)
    packs = load_packs([resolve_path(cfg, p) for p in cfg.get("rules")] + list(extra))
    return all_rules(packs)


def cmd_explain(args) -> int:
    rules = _rules_with_packs(args.rules)
    r = rules.get(args.rule)
    if r is None:
        family = sorted(x.id for x in rules.values() if rule_matches(x.id, x.category, args.rule))
        if not family:
            print(f"contentguard: error: {unknown_selector(rules, args.rule)}", file=sys.stderr)
            return 2
        w = max(map(len, family))
        print(f"{count(len(family), 'rule')} in '{args.rule}' "
              f"(contentguard explain RULE for one):\n")
        for rid in family:
            print(f"{rid:<{w}}  {rules[rid].severity:<7}  {rules[rid].summary}")
        return 0
    print(f"{r.id}  ({r.category}, default severity {r.severity})\n")
    print(r.summary)
    if r.doc:
        print(f"\n{r.doc}")
    if r.example:
        print(f"\nExample:\n    {r.example}")
    return 0
