"""The arguments of ``contentguard audit URL|DIR`` (cli.py adds them to its parser; the
command itself, audit/cli.py, is loaded only when it runs)."""
from __future__ import annotations

import argparse

DEFAULT_DB = ".contentguard-audit.db"

def add_parser(sub) -> argparse.ArgumentParser:
    a = sub.add_parser("audit", help="crawl a site (or walk a built site folder), store and report every finding",
                       description="Audit a live site (URL) or a built site folder (DIR); results and history "
                                   "live in an SQLite database.")
    a.add_argument("target", nargs="?", metavar="URL|DIR", help="start URL (http/https) or folder")
    a.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"audit database (default {DEFAULT_DB})")
    a.add_argument("--resume", action="store_true", help="finish the last unfinished audit of TARGET")
    a.add_argument("--compare", action="store_true",
                   help="list new, fixed and persisting findings against the previous complete run")
    a.add_argument("--history", action="store_true", help="list the stored runs (of TARGET, or all) and exit")
    a.add_argument("--report-only", action="store_true",
                   help="no crawl: write the summary and reports of the last stored run of TARGET")
    a.add_argument("--max-pages", type=int, default=None, metavar="N", help="page budget (default 10000)")
    a.add_argument("--max-depth", type=int, default=None, metavar="N", help="link depth from the start URL (default 50)")
    a.add_argument("--scope", choices=("host", "prefix"), default=None,
                   help="same host (default), or only under the start URL's folder")
    a.add_argument("--include", action="append", default=None, metavar="REGEX",
                   help="only crawl URLs matching this (repeatable)")
    a.add_argument("--exclude", action="append", default=None, metavar="REGEX",
                   help="do not crawl URLs matching this (repeatable)")
    a.add_argument("--delay", type=float, default=None, metavar="S",
                   help="seconds between request starts per host (default 0; robots.txt Crawl-delay wins if larger)")
    a.add_argument("--concurrency", type=int, default=None, metavar="N", help="requests in flight per host (default 4)")
    a.add_argument("--timeout", type=float, default=None, metavar="S", help="per-request timeout (default: links.timeout)")
    a.add_argument("--page-timeout", type=float, default=None, metavar="S",
                   help="time budget of one page across its redirects and retries (default: 3 × the "
                        "per-request timeout, 60 s); waits for --delay and Crawl-delay do not count")
    a.add_argument("--allow-private", action="store_true",
                   help="allow the target's own host on a private, loopback or link-local address "
                        "(a local or staging site); other private hosts stay refused")
    a.add_argument("--online", action="store_true", help="also check links to other sites (link check, online)")
    a.add_argument("--html", metavar="FILE", help="write the self-contained HTML report")
    a.add_argument("--csv", metavar="FILE", help="write findings as CSV")
    a.add_argument("--json", metavar="FILE", help="write the JSON contract ('-' for standard output)")
    a.add_argument("--quiet", "-q", action="store_true", help="no progress and no summary")
    a.add_argument("--today", metavar="YYYY-MM-DD", help="reference date for date-dependent rules")
    a.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule pack; repeatable")
    a.add_argument("--select", action="append", metavar="RULES", help="only these rules/families/categories")
    a.add_argument("--ignore", action="append", metavar="RULES", help="leave out these rules/families/categories")
    a.add_argument("--config", help="config file (default: discovered upward from the working directory)")
    a.add_argument("--profile", metavar="NAME", default=None,
                   help="audit DIR: the site generator whose URLs and heading ids the link check follows "
                        "(as check --profile; default: the config's profile, else the plain reading)")
    a.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                   help="exit 1 when a finding reaches this severity (default: config fail-on)")
    a.add_argument("--jobs", "-j", type=int, default=None, help="worker processes for the checks (default: cores)")
    return a

