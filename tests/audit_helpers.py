"""Helpers for the audit tests; the loopback server is tests/siteserver.py."""
from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from siteserver import Route, SiteServer  # noqa: F401 - re-exported for the audit tests

REPO = Path(__file__).resolve().parent.parent

#: The route-table server of the audit tests (robots.txt, sitemaps, faults) and the
#: folder server of the planted-findings test are one server of the project's own.
TinySite = SiteServer


def gz(data: str) -> bytes:
    return gzip.compress(data.encode("utf-8"))


def urlset(urls: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"  <url><loc>{u}</loc></url>\n" for u in urls) + "</urlset>\n")


def sitemapindex(urls: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"  <sitemap><loc>{u}</loc></sitemap>\n" for u in urls) + "</sitemapindex>\n")


def db_rows(db: Path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(str(db))
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def result_of(db: Path, run_id: int | None = None) -> tuple[set, set]:
    """(pages with their error, findings as (page, rule, line, col, fingerprint)) of a run (default: the last)."""
    if run_id is None:
        run_id = db_rows(db, "SELECT MAX(id) FROM runs")[0][0]
    pages = set(db_rows(db, "SELECT url, error FROM pages WHERE run_id=?", run_id))
    finds = set(db_rows(db, "SELECT page, rule, line, col, fingerprint FROM findings WHERE run_id=?", run_id))
    return pages, finds


def cg_subprocess(args: list[str], cwd: Path, **kw) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return subprocess.Popen([sys.executable, "-m", "contentguard", *args], cwd=str(cwd), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
