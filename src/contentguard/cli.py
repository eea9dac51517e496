"""Command line: ``contentguard check|baseline|rules|explain|audit``.

This module parses the arguments and hands them to the command, as pip's command
table does: ``commands`` (check, baseline, rules, explain) and ``audit.cli`` load the
checker itself (config, the check registry, every check, PyYAML: about 100 modules and
a quarter of a second), so ``--version``, ``--help`` and a usage error load none of it.

Exit codes follow ruff: 0 clean, 1 findings at or over ``--fail-on``, 2 usage,
config or internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from contentguard import __version__
from contentguard.audit.parser import add_parser as add_audit_parser
from contentguard.errors import ConfigError
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
    b.set_defaults(default_baseline=DEFAULT_BASELINE)
    r = sub.add_parser("rules", help="list every rule")
    r.add_argument("--rules", action="append", default=[], help=argparse.SUPPRESS)
    r.add_argument("--format", choices=("text", "json"), default="text")
    e = sub.add_parser("explain", help="print a rule's documentation (or list a family's rules: explain pii)")
    e.add_argument("rule", help="a rule id (pii/phone), a family (pii) or a category (personal-data)")
    e.add_argument("--rules", action="append", default=[], help="extra rule pack (file or folder)")
    add_audit_parser(sub)
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
    try:
        if args.command == "audit":
            from contentguard.audit.cli import cmd_audit  # the crawler and the checker: see the docstring

            return cmd_audit(args)
        from contentguard import commands  # the checker: see the docstring

        return commands.run(args)
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

