"""Command line: ``contentguard check|baseline|rules|explain|audit``.

Exit codes follow ruff: 0 clean, 1 findings at or over ``--fail-on``, 2 usage,
config or internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from contentguard import __version__
from contentguard.suggest import did_you_mean

DEFAULT_BASELINE = ".contentguard-baseline.json"
COMMANDS = ("check", "baseline", "rules", "explain", "audit")
DOCS = "https://github.com/contentguard/contentguard#readme"
DESCRIPTION = ("Check web pages, Markdown and social-post queues before they are published:\n"
               "stale dates, broken links, personal data (always masked in the output) and risky brand mentions.")
EPILOG = f"""\
examples:
  contentguard check site/                 check a folder (\"check\" may be left out)
  contentguard check --fix content/        apply the safe fixes, report the rest
  contentguard check --format sarif -o contentguard.sarif .
  contentguard baseline .                  record today's findings; later runs hide them
  contentguard explain pii/phone           what a rule finds and why
  contentguard audit https://example.org/ --html report.html

exit codes: 0 clean, 1 findings at or over --fail-on, 2 usage, config or internal error
documentation: {DOCS}
"""


def _csv(values) -> list[str]:
    out = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="files and folders to check (default: .)")
    p.add_argument("--config", help="config file (default: discovered upward from the working directory)")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="extra rule pack (file or folder); repeatable")
    p.add_argument("--select", action="append", metavar="RULES", help="only these rules/families/categories")
    p.add_argument("--ignore", action="append", metavar="RULES", help="leave out these rules/families/categories")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="reference date for date-dependent rules")
    p.add_argument("--online", dest="online", action="store_true", default=None,
                   help="check external links too (default: offline, local links only)")
    p.add_argument("--offline", dest="online", action="store_false", help="never touch the network")
    p.add_argument("--allow-private", action="store_true",
                   help="let the link check fetch private, loopback and link-local addresses")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the caches (per-file results, link verdicts)")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--profile", metavar="NAME",
                   help="site generator whose URLs, heading ids and link syntaxes links follow "
                        "(jekyll, middleman, ...; 'none' for the plain reading; default: detected)")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply exclude/include to files named on the command line too (pre-commit)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="contentguard", description=DESCRIPTION, epilog=EPILOG,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"contentguard {__version__}")
    sub = ap.add_subparsers(dest="command")
    c = sub.add_parser("check", help="check files and folders (the default command)", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(c)
    c.add_argument("--format", choices=("text", "json", "sarif", "github", "junit"),
                   help="report format: text (default), json, sarif (code scanning), github (annotations), "
                        "junit (CI test reports)")
    c.add_argument("--output", "-o", help="write the report to a file instead of standard output")
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                   help="exit 1 when a finding reaches this severity (default: config fail-on, else warning)")
    c.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in this baseline")
    c.add_argument("--fix", action="store_true", help="apply safe fixes (copyright years, trademark spellings)")
    c.add_argument("--report-unused-suppressions", action="store_true",
                   help="report inline 'contentguard: ignore[...]' comments that suppressed nothing")
    c.add_argument("--quiet", "-q", action="store_true", help="print nothing but findings")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text report: auto (a terminal without NO_COLOR), always or never")
    b = sub.add_parser("baseline", help="record the current findings so later runs hide them")
    _common(b)
    b.add_argument("--output", "-o", default=None,
                   help=f"baseline file (default: the config's baseline, else {DEFAULT_BASELINE}, "
                        "both in the config file's folder)")
    r = sub.add_parser("rules", help="list every rule")
    r.add_argument("--rules", action="append", default=[], help=argparse.SUPPRESS)
    r.add_argument("--format", choices=("text", "json"), default="text")
    e = sub.add_parser("explain", help="print a rule's documentation (or list a family's rules: explain pii)")
    e.add_argument("rule", help="a rule id (pii/phone), a family (pii) or a category (personal-data)")
    e.add_argument("--rules", action="append", default=[], help="extra rule pack (file or folder)")
    from contentguard.audit.cli import add_parser as _add_audit

    _add_audit(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-") and not os.path.exists(argv[0]):
        near = did_you_mean(argv[0], COMMANDS, cutoff=0.75)
        if near:  # "chek site/" is a typo, not a path to check
            print(f"contentguard: error: unknown command '{argv[0]}'{near}; "
                  f"commands: {', '.join(COMMANDS)}", file=sys.stderr)
            return 2
    if not argv or (argv[0] not in (*COMMANDS, "-h", "--help", "--version")):
        argv = ["check", *argv]
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    from contentguard.config import ConfigError

    try:
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "audit":
            from contentguard.audit.cli import cmd_audit

            return cmd_audit(args)
        return cmd_check(args)
    except ConfigError as e:
        print(f"contentguard: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 2
    except BrokenPipeError:
        return 0
    except Exception:
        traceback.print_exc()
        print("contentguard: internal error (a bug: please report it with the trace above)", file=sys.stderr)
        return 2


def cmd_check(args) -> int:
    from contentguard import engine
    from contentguard.config import ConfigError
    from contentguard.report import count, make_summary, render

    cfg = engine.load(args.config)
    ctx = engine.make_context(cfg, today=args.today, rules=args.rules, select=_csv(args.select),
                              ignore=_csv(args.ignore), online=args.online,
                              allow_private=args.allow_private, use_cache=not args.no_cache,
                              profile=args.profile)
    paths = args.paths or ["."]
    if args.force_exclude:
        cfg.values["force-exclude"] = True
    if args.command == "baseline":
        result = engine.run(ctx, paths, jobs=args.jobs, use_baseline=False)
        from contentguard import baseline
        # -o, else the config's baseline (beside the config file), else the default there
        target = args.output or cfg.resolve_path(cfg.get("baseline") or DEFAULT_BASELINE)
        try:
            baseline.write(target, result.all_findings)
        except OSError as e:
            raise ConfigError(f"{target}: cannot write the baseline: {e.strerror or e}") from None
        shown = os.path.relpath(target) if not args.output else target
        print(f"contentguard: wrote {count(len(result.all_findings), 'finding')} to {shown}", file=sys.stderr)
        return 0
    if args.report_unused_suppressions:
        cfg.values["report-unused-suppressions"] = True
    bar = _progress_bar(args)
    try:
        result = engine.run(ctx, paths, jobs=args.jobs, baseline_file=args.baseline,
                            progress=bar[0] if bar else None)
    finally:
        if bar:
            bar[1]()
    findings = result.findings
    if args.fix:
        from contentguard.fixes import apply_fixes

        fs_paths = {d: f for f, d in engine.discover(paths, cfg)[0]}
        applied, findings, not_fixed = apply_fixes(findings, fs_paths)
        from contentguard.safetext import visible

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
    try:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as e:
        raise ConfigError(f"{args.output}: cannot write the report: {e.strerror or e}") from None
    try:
        color = args.color == "always" or (args.color == "auto" and out is sys.stdout and sys.stdout.isatty()
                                           and "NO_COLOR" not in os.environ)
        render(fmt, findings, summary, ctx.rules, out, color=color, quiet=args.quiet)
    finally:
        if out is not sys.stdout:
            out.close()
    return engine.exit_code(findings, args.fail_on or cfg.get("fail-on"))


def _progress_bar(args):
    """(update, close) of a progress bar on a terminal: files done, findings so far, rate,
    ETA, as ``audit`` shows; None when stderr is piped or with --quiet."""
    if args.quiet or not sys.stderr.isatty():
        return None
    import time

    from contentguard.audit.progress import Progress

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
        import json

        print(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                           "summary": r.summary} for r in rules.values()], indent=2))
        return 0
    w = max(len(r) for r in rules)
    for r in sorted(rules.values(), key=lambda r: r.id):
        print(f"{r.id:<{w}}  {r.category:<13}  {r.severity:<7}  {r.summary}")
    return 0


def _rules_with_packs(extra: list[str]):
    from contentguard import engine
    from contentguard.checks.registry import all_rules
    from contentguard.config import resolve_path
    from contentguard.packs import load_packs

    cfg = engine.load(None)
    packs = load_packs([resolve_path(cfg, p) for p in cfg.get("rules")] + list(extra))
    return all_rules(packs)


def cmd_explain(args) -> int:
    rules = _rules_with_packs(args.rules)
    r = rules.get(args.rule)
    if r is None:
        from contentguard.engine import rule_matches, unknown_selector

        family = sorted(x.id for x in rules.values() if rule_matches(x.id, x.category, args.rule))
        if not family:
            print(f"contentguard: error: {unknown_selector(rules, args.rule)}", file=sys.stderr)
            return 2
        w = max(map(len, family))
        from contentguard.report import count

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
