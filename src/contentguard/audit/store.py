"""The audit database: runs, the crawl frontier, pages and findings, in one SQLite file.

Why SQLite: an audit of 50,000 pages must survive being killed and must not hold the
site in memory. The frontier (every URL seen, with its depth and the first place that
linked to it) and every result live here; the crawler keeps only the pages in flight.

* WAL journal: readers (a report, a second audit) never block the writer, and a
  killed process loses at most the transaction it had not committed.
* Each processed page is written as ONE unit (page row, its findings, the URLs it
  discovered, its frontier row marked done), so a stored result is never half there:
  a transaction of its own, or a savepoint inside a group of pages committed together
  (:meth:`Store.hold`: a commit per page cost the crawler a tenth of its CPU).
* ``busy_timeout``: two audits on the same file wait for each other's short
  transactions instead of failing or corrupting anything.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass
from typing import Iterable, Iterator

from contentguard.findings import Finding
from contentguard.urlmask import mask_url, mask_urls_in

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    mode TEXT NOT NULL,             -- url | dir
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,           -- running | incomplete | complete
    options TEXT NOT NULL,          -- JSON
    today TEXT,
    tool_version TEXT,
    pid INTEGER                     -- the process auditing it while running
);
CREATE TABLE IF NOT EXISTS frontier (
    run_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    depth INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',   -- queued | done
    via TEXT,                               -- start | sitemap | link
    ref_page TEXT, ref_line INTEGER, ref_col INTEGER, ref_end_line INTEGER, ref_end_col INTEGER,
    ref_text TEXT,
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS frontier_queue ON frontier (run_id, state, depth, seq);
CREATE TABLE IF NOT EXISTS pages (
    run_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    final_url TEXT,
    status INTEGER,
    content_type TEXT,
    bytes INTEGER,
    depth INTEGER,
    elapsed_ms INTEGER,
    error TEXT,                      -- why the page was not checked (NULL when it was)
    title TEXT,
    findings INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT,
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    page TEXT NOT NULL,
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER,
    excerpt TEXT,
    fingerprint TEXT NOT NULL,
    kind TEXT
);
CREATE INDEX IF NOT EXISTS findings_run ON findings (run_id, fingerprint);
CREATE INDEX IF NOT EXISTS findings_page ON findings (run_id, page);
CREATE TABLE IF NOT EXISTS pending (     -- two-phase checks' data until their batch is finished
    run_id INTEGER NOT NULL,
    page TEXT NOT NULL,
    check_name TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS anchors (      -- ids and names of each checked page (in-site #fragments)
    run_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    ids TEXT NOT NULL,                    -- newline-separated
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fraglinks (    -- in-site links with a #fragment, checked after the crawl
    run_id INTEGER NOT NULL,
    page TEXT NOT NULL,
    target TEXT NOT NULL,
    fragment TEXT NOT NULL,
    line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER,
    written TEXT
);
CREATE TABLE IF NOT EXISTS sitelinks (    -- in-site links whose target was not known good yet
    run_id INTEGER NOT NULL,
    page TEXT NOT NULL,
    target TEXT NOT NULL,
    line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER,
    written TEXT
);
CREATE INDEX IF NOT EXISTS sitelinks_target ON sitelinks (run_id, target);
CREATE TABLE IF NOT EXISTS notes (
    run_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (run_id, url, reason)
) WITHOUT ROWID;
"""


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Run:
    id: int
    target: str
    mode: str
    started: str
    finished: str | None
    status: str
    options: dict
    today: str | None


@dataclass
class QueueItem:
    url: str
    depth: int


def foreign_tables(path: str) -> list[str]:
    """The tables of an existing SQLite file at ``path`` when it is not a contentguard audit
    database (it has tables but no contentguard ``meta`` schema row), else ``[]``. Read
    only, through a read-only URI: a file that is not ours is never changed (no tables
    added, no switch to WAL). Raises ``sqlite3.DatabaseError`` for a file that is not
    SQLite at all."""
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        return []
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
    db = sqlite3.connect(uri, uri=True)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        if not tables:
            return []
        if "meta" in tables and db.execute("SELECT 1 FROM meta WHERE key='schema'").fetchone():
            return []
        return tables
    except sqlite3.OperationalError:  # a 'meta' table of another shape
        return tables
    finally:
        db.close()


#: a page row that is a linked file, not an HTML page (fetch's "not an HTML page (type)")
_NOT_HTML = "COALESCE(error LIKE 'not an HTML page%', 0)"

class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        other = foreign_tables(path)
        if other:
            shown = ", ".join(other[:5]) + (", ..." if len(other) > 5 else "")
            raise ValueError(f"not a contentguard audit database (it holds tables {shown}); "
                             f"left untouched: name another file with --db")
        #: when the open group of units (:meth:`hold`) began, or None
        self.held_since: float | None = None
        self.depth = 0  # units open (tx() nested in tx() joins the outer unit)
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 60000")
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:  # another writer holds it; WAL is persistent anyway
            pass
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA secure_delete = ON")  # deleted work rows leave no clear text behind
        with self.tx():
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise ValueError(f"{path}: audit database of a newer contentguard (schema {row[0]})")

    # -- transactions ------------------------------------------------------------
    def tx(self):
        """One unit of work, all there or not at all: a transaction, or a savepoint of the
        one already open (a group of units: :meth:`hold`); inside another unit, part of it."""
        return _Tx(self)

    def hold(self) -> None:
        """Begin a group of units committed together, unless one is open: each ``tx()``
        inside it is a savepoint, rolled back alone on an error; :meth:`release` commits
        them. Readers see a unit once its group is committed; a killed process loses the
        group (a resumed audit redoes its pages)."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            self.held_since = time.monotonic()

    def release(self) -> None:
        """Commit the open group (complete units only: each one's savepoint is closed)."""
        if self.held_since is not None:
            self.held_since = None
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def close(self) -> None:
        self.release()
        try:
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass
        self.db.close()

    # -- runs ----------------------------------------------------------------------
    def new_run(self, target: str, mode: str, options: dict, today: str, version: str) -> int:
        with self.tx():
            cur = self.db.execute(
                "INSERT INTO runs (target, mode, started, status, options, today, tool_version, pid) "
                "VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
                (target, mode, now(), json.dumps(options, sort_keys=True), today, version, os.getpid()))
            return cur.lastrowid

    def run(self, run_id: int) -> Run | None:
        r = self.db.execute("SELECT id, target, mode, started, finished, status, options, today "
                            "FROM runs WHERE id=?", (run_id,)).fetchone()
        return Run(*r[:6], json.loads(r[6]), r[7]) if r else None

    def runs(self, target: str | None = None) -> list[Run]:
        q = "SELECT id FROM runs" + (" WHERE target=?" if target else "") + " ORDER BY id"
        return [self.run(i) for (i,) in self.db.execute(q, (target,) if target else ())]

    def last_unfinished(self, target: str | None) -> Run | None:
        q = "SELECT id FROM runs WHERE status != 'complete'" + (" AND target=?" if target else "")
        r = self.db.execute(q + " ORDER BY id DESC LIMIT 1", (target,) if target else ()).fetchone()
        return self.run(r[0]) if r else None

    def running_elsewhere(self, run_id: int) -> int | None:
        """The pid of another live process of this machine auditing ``run_id`` right now."""
        r = self.db.execute("SELECT status, pid FROM runs WHERE id=?", (run_id,)).fetchone()
        if not r or r[0] != "running" or not r[1] or r[1] == os.getpid():
            return None
        try:
            os.kill(r[1], 0)
        except ProcessLookupError:
            return None  # killed: resumable
        except PermissionError:
            return r[1]
        try:
            with open(f"/proc/{r[1]}/cmdline", "rb") as fh:
                if b"contentguard" not in fh.read():
                    return None  # the pid was reused by something else
        except OSError:
            pass
        return r[1]

    def previous_complete(self, run_id: int, target: str) -> Run | None:
        r = self.db.execute("SELECT id FROM runs WHERE id < ? AND target=? AND status='complete' "
                            "ORDER BY id DESC LIMIT 1", (run_id, target)).fetchone()
        return self.run(r[0]) if r else None

    def delete_run(self, run_id: int) -> None:
        with self.tx():
            for t in ("frontier", "pages", "findings", "pending", "notes", "anchors", "fraglinks", "sitelinks"):
                self.db.execute(f"DELETE FROM {t} WHERE run_id=?", (run_id,))
            self.db.execute("DELETE FROM runs WHERE id=?", (run_id,))

    def set_status(self, run_id: int, status: str, options: dict | None = None) -> None:
        with self.tx():
            self.db.execute("UPDATE runs SET status=?, finished=?, pid=? WHERE id=?",
                            (status, now() if status != "running" else None,
                             os.getpid() if status == "running" else None, run_id))
            if options is not None:
                self.db.execute("UPDATE runs SET options=? WHERE id=?",
                                (json.dumps(options, sort_keys=True), run_id))

    # -- frontier ------------------------------------------------------------------
    def next_seq(self, run_id: int) -> int:
        r = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM frontier WHERE run_id=?", (run_id,)).fetchone()
        return int(r[0]) + 1

    def enqueue(self, run_id: int, items: Iterable[tuple], commit: bool = True) -> int:
        """Add URLs not seen yet in this run: (url, depth, seq, via, ref_page, line, col, end_line, end_col, text)."""
        rows = [(run_id, *it) for it in items]
        if not rows:
            return 0
        sql = ("INSERT OR IGNORE INTO frontier (run_id, url, depth, seq, via, ref_page, ref_line, ref_col, "
               "ref_end_line, ref_end_col, ref_text) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        before = self.db.total_changes
        if commit:
            with self.tx():
                self.db.executemany(sql, rows)
        else:
            self.db.executemany(sql, rows)
        return self.db.total_changes - before

    def queued(self, run_id: int, limit: int, exclude: set[str] | frozenset = frozenset()) -> list[QueueItem]:
        """The next URLs to fetch: shallowest first, then in discovery order (breadth first)."""
        rows = self.db.execute("SELECT url, depth FROM frontier WHERE run_id=? AND state='queued' "
                               "ORDER BY depth, seq LIMIT ?", (run_id, limit + len(exclude))).fetchall()
        return [QueueItem(u, d) for u, d in rows if u not in exclude][:limit]

    def count_frontier(self, run_id: int) -> int:
        """Every URL the run has seen (queued or done)."""
        return self.db.execute("SELECT COUNT(*) FROM frontier WHERE run_id=?", (run_id,)).fetchone()[0]

    def count_queued(self, run_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM frontier WHERE run_id=? AND state='queued'",
                               (run_id,)).fetchone()[0]

    # -- results -------------------------------------------------------------------
    def store_page(self, run_id: int, url: str, *, final_url: str | None, status: int | None,
                   content_type: str | None, size: int, depth: int, elapsed_ms: int,
                   error: str | None, title: str | None, findings: list[Finding],
                   discovered: Iterable[tuple] = ()) -> None:
        """Everything one page produced, in one transaction (so it is all there or not at all)."""
        # where it redirects and why it failed are only ever shown: masked like text
        final_url = mask_url(final_url) if final_url else final_url
        error = mask_urls_in(error) if error else error
        with self.tx():
            self.db.execute(
                "INSERT OR REPLACE INTO pages (run_id, url, final_url, status, content_type, bytes, depth, "
                "elapsed_ms, error, title, findings, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, url, final_url, status, content_type, size, depth, elapsed_ms, error, title,
                 len(findings), now()))
            self.db.execute("DELETE FROM findings WHERE run_id=? AND page=?", (run_id, url))
            self.add_findings(run_id, url, findings)
            self.enqueue(run_id, discovered, commit=False)
            self.db.execute("UPDATE frontier SET state='done' WHERE run_id=? AND url=?", (run_id, url))

    def add_findings(self, run_id: int, page: str, findings: Iterable[Finding]) -> None:
        # the one door findings take into the database: URLs in messages and excerpts
        # (a redirect target, a link as written) pass through the URL masking here
        self.db.executemany(
            "INSERT INTO findings (run_id, page, rule, category, severity, message, line, col, end_line, "
            "end_col, excerpt, fingerprint, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(run_id, page, f.rule, f.category, f.severity, mask_urls_in(f.message), f.line, f.column,
              f.end_line, f.end_column, mask_urls_in(f.excerpt), f.fingerprint, f.kind) for f in findings])

    def add_late_findings(self, run_id: int, findings: list[Finding], done_table: str | None = None,
                          done_rowids=()) -> None:
        """Findings known only after other pages (two-phase checks, fragments), counted on
        their pages; the work rows they came from (``done_rowids`` of ``done_table``:
        ``pending``, ``fraglinks`` or ``sitelinks``) are deleted in the same transaction."""
        assert done_table in (None, "pending", "fraglinks", "sitelinks")
        with self.tx():
            if done_table:
                self.db.executemany(f"DELETE FROM {done_table} WHERE rowid=?", [(r,) for r in done_rowids])
            for f in findings:
                self.add_findings(run_id, f.path, [f])
                self.db.execute("UPDATE pages SET findings = findings + 1 WHERE run_id=? AND url=?",
                                (run_id, f.path))

    # -- counts ------------------------------------------------------------------------
    def count_pages(self, run_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM pages WHERE run_id=?", (run_id,)).fetchone()[0]

    def count_findings(self, run_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM findings WHERE run_id=?", (run_id,)).fetchone()[0]

    def count_pending(self, run_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM pending WHERE run_id=?", (run_id,)).fetchone()[0]

    def severities(self, run_id: int) -> set[str]:
        """The severities the run's findings have (for ``--fail-on``)."""
        return {s for (s,) in self.db.execute("SELECT DISTINCT severity FROM findings WHERE run_id=?", (run_id,))}

    def targets(self) -> list[str]:
        """Every audited target, sorted."""
        return [t for (t,) in self.db.execute("SELECT DISTINCT target FROM runs ORDER BY target")]

    def is_done(self, run_id: int, url: str) -> bool:
        row = self.db.execute("SELECT state FROM frontier WHERE run_id=? AND url=?", (run_id, url)).fetchone()
        return row is not None and row[0] == "done"

    # -- pages that are aliases (a URL that redirected to a page of the site) --------------
    def store_alias(self, run_id: int, alias: str, url: str, status: int | None, depth: int, seq: int) -> None:
        """``alias`` redirected to ``url``: both are done; the alias is a page row of its own,
        without findings, pointing at ``url``. Joins the caller's transaction."""
        self.enqueue(run_id, [(url, depth, seq, "redirect", alias, None, None, None, None, None)], commit=False)
        self.db.execute("UPDATE frontier SET state='done' WHERE run_id=? AND url IN (?, ?)", (run_id, url, alias))
        self.db.execute(
            "INSERT OR REPLACE INTO pages (run_id, url, final_url, status, content_type, bytes, depth, "
            "elapsed_ms, error, title, findings, fetched_at) VALUES (?,?,?,?,?,0,?,0,NULL,NULL,0,?)",
            (run_id, alias, url, status, None, depth, now()))

    # -- two-phase checks' parked data -----------------------------------------------------
    def park(self, run_id: int, rows: Iterable[tuple[str, str, str]]) -> int:
        """Keep (page, check name, JSON data) rows until their batch is finished."""
        rows = [(run_id, *r) for r in rows]
        self.db.executemany("INSERT INTO pending (run_id, page, check_name, data) VALUES (?,?,?,?)", rows)
        return len(rows)

    def pending_pages(self, run_id: int, limit: int) -> list[str]:
        """The first ``limit`` pages with parked data, in the order they were parked."""
        return [p for (p,) in self.db.execute(
            "SELECT page FROM pending WHERE run_id=? GROUP BY page ORDER BY MIN(rowid) LIMIT ?", (run_id, limit))]

    def pending_rows(self, run_id: int, pages: list[str]) -> list[tuple[int, str, str, str]]:
        """(rowid, page, check name, data) of the pages' parked rows, in order."""
        if not pages:
            return []
        return self.db.execute(
            f"SELECT rowid, page, check_name, data FROM pending WHERE run_id=? AND page IN "
            f"({','.join('?' * len(pages))}) ORDER BY rowid", (run_id, *pages)).fetchall()

    # -- in-site links: fragments and targets not known good yet -------------------------
    def add_fraglinks(self, run_id: int, page: str, rows: Iterable[tuple]) -> None:
        """(target, fragment, line, col, end_line, end_col, written) of a page's in-site links."""
        self.db.executemany("INSERT INTO fraglinks VALUES (?,?,?,?,?,?,?,?,?)", [(run_id, page, *r) for r in rows])

    def set_anchors(self, run_id: int, url: str, anchors: Iterable[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO anchors VALUES (?,?,?)", (run_id, url, "\n".join(anchors)))

    def fraglinks_batch(self, run_id: int, limit: int = 2000) -> list[tuple]:
        """(rowid, page, target, fragment, line, col, end_line, end_col, written, target's ids,
        target's error, target crawled) of up to ``limit`` parked fragment links."""
        return self.db.execute(
            "SELECT f.rowid, f.page, f.target, f.fragment, f.line, f.col, f.end_line, f.end_col, f.written, "
            "COALESCE(a.ids, a2.ids), COALESCE(p.error, ''), p.url IS NOT NULL "
            "FROM fraglinks f LEFT JOIN pages p ON p.run_id = f.run_id AND p.url = f.target "
            "LEFT JOIN anchors a ON a.run_id = f.run_id AND a.url = f.target "
            "LEFT JOIN anchors a2 ON a2.run_id = f.run_id AND a2.url = p.final_url "
            "WHERE f.run_id=? ORDER BY f.rowid LIMIT ?", (run_id, limit)).fetchall()

    def park_sitelinks(self, run_id: int, page: str, rows: Iterable[tuple]) -> None:
        """(target, line, col, end_line, end_col, written) of a page's in-site links whose
        target is not known to be fine yet (not fetched, or failed, or moved for good)."""
        self.db.executemany(
            "INSERT INTO sitelinks (run_id, page, target, line, col, end_line, end_col, written) "
            "SELECT ?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM pages WHERE run_id=? AND url=? "
            "AND error IS NULL AND COALESCE(status, 200) NOT IN (301, 308))",
            [(run_id, page, t, line, col, el, ec, written, run_id, t) for (t, line, col, el, ec, written) in rows])

    def sitelinks_batch(self, run_id: int, limit: int = 2000) -> list[tuple]:
        """(rowid, page, target, line, col, end_line, end_col, written, target's error, status,
        final URL) of parked in-site links whose target has been fetched by now."""
        return self.db.execute(
            "SELECT s.rowid, s.page, s.target, s.line, s.col, s.end_line, s.end_col, s.written, "
            "p.error, p.status, p.final_url FROM sitelinks s JOIN pages p "
            "ON p.run_id = s.run_id AND p.url = s.target WHERE s.run_id=? LIMIT ?", (run_id, limit)).fetchall()

    def has_note(self, run_id: int, reason_prefix: str) -> bool:
        return self.db.execute("SELECT 1 FROM notes WHERE run_id=? AND substr(reason, 1, ?)=? LIMIT 1",
                               (run_id, len(reason_prefix), reason_prefix)).fetchone() is not None

    def drop_notes(self, run_id: int, reason_prefix: str) -> None:
        with self.tx():
            self.db.execute("DELETE FROM notes WHERE run_id=? AND substr(reason, 1, ?)=?",
                            (run_id, len(reason_prefix), reason_prefix))

    def note(self, run_id: int, url: str, reason: str) -> None:
        url, reason = mask_url(url), mask_urls_in(reason)  # notes are output: masked like text
        with self.tx():
            self.db.execute("INSERT OR IGNORE INTO notes VALUES (?,?,?)", (run_id, url, reason))

    # -- reading -----------------------------------------------------------------
    def findings(self, run_id: int, page: str | None = None) -> Iterator[Finding]:
        q = ("SELECT rule, category, severity, message, page, line, col, end_line, end_col, excerpt, "
             "fingerprint, kind FROM findings WHERE run_id=?")
        args: tuple = (run_id,)
        if page is not None:
            q += " AND page=?"
            args += (page,)
        for r in self.db.execute(q + " ORDER BY page, line, col, rule", args):
            yield Finding(rule=r[0], category=r[1], severity=r[2], message=r[3], path=r[4], line=r[5],
                          column=r[6], end_line=r[7], end_column=r[8], excerpt=r[9] or "",
                          fingerprint=r[10], kind=r[11] or "")

    def fingerprint_counts(self, run_id: int) -> dict[str, int]:
        return dict(self.db.execute("SELECT fingerprint, COUNT(*) FROM findings WHERE run_id=? "
                                    "GROUP BY fingerprint", (run_id,)).fetchall())

    def pages(self, run_id: int, errors_only: bool = False, files: bool = True):
        """The stored pages; ``errors_only``: those not read (an error, or a linked file that
        is no HTML page); ``files`` False leaves those files out (reached and fine: what
        a reader of the summary calls "not checked" is a failure)."""
        q = ("SELECT url, final_url, status, content_type, bytes, depth, elapsed_ms, error, title, findings "
             "FROM pages WHERE run_id=?" + (" AND error IS NOT NULL" if errors_only else "")
             + ("" if files else f" AND NOT {_NOT_HTML}") + " ORDER BY url")
        return self.db.execute(q, (run_id,))


    def notes(self, run_id: int) -> list[tuple[str, str]]:
        return self.db.execute("SELECT url, reason FROM notes WHERE run_id=? ORDER BY url, reason",
                               (run_id,)).fetchall()

    def stats(self, run_id: int) -> dict:
        # files: linked files reached that are not HTML pages (PDFs, images, certificates),
        # fine and not read; pages_with_errors: pages that could not be checked
        pages, errors, files = self.db.execute(
            f"SELECT COUNT(*), COALESCE(SUM(error IS NOT NULL AND NOT {_NOT_HTML}), 0), "
            f"COALESCE(SUM({_NOT_HTML}), 0) FROM pages WHERE run_id=?", (run_id,)).fetchone()
        total = self.db.execute("SELECT COUNT(*) FROM findings WHERE run_id=?", (run_id,)).fetchone()[0]
        by_cat = dict(self.db.execute("SELECT category, COUNT(*) FROM findings WHERE run_id=? "
                                      "GROUP BY category ORDER BY category", (run_id,)).fetchall())
        by_sev = dict(self.db.execute("SELECT severity, COUNT(*) FROM findings WHERE run_id=? "
                                      "GROUP BY severity ORDER BY severity", (run_id,)).fetchall())
        by_rule = dict(self.db.execute("SELECT rule, COUNT(*) FROM findings WHERE run_id=? "
                                       "GROUP BY rule ORDER BY rule", (run_id,)).fetchall())
        return {"pages": pages, "pages_with_errors": errors, "files": files, "findings": total, "by_category": by_cat,
                "by_severity": by_sev, "by_rule": by_rule, "queued": self.count_queued(run_id)}

    def repeated(self, run_id: int, limit: int = 10, min_pages: int = 3) -> list[tuple]:
        """(rule, severity, message, findings, pages) of the findings said alike on at least
        ``min_pages`` pages, most first: one template or one target behind many findings
        (letsencrypt.org's glossary links to /#def-LE on 26 pages), one fix for all."""
        return self.db.execute(
            "SELECT rule, severity, message, COUNT(*) AS n, COUNT(DISTINCT page) AS p FROM findings "
            "WHERE run_id=? GROUP BY rule, severity, message HAVING p >= ? ORDER BY n DESC, rule, message "
            "LIMIT ?", (run_id, min_pages, limit)).fetchall()

    def worst_pages(self, run_id: int, limit: int = 15) -> list[tuple]:
        """(page, findings, errors, warnings) of the pages with the most serious findings."""
        return self.db.execute(
            "SELECT page, COUNT(*) AS n, SUM(severity='error') AS e, SUM(severity='warning') AS w "
            "FROM findings WHERE run_id=? GROUP BY page ORDER BY e DESC, w DESC, n DESC, page LIMIT ?",
            (run_id, limit)).fetchall()

    def history(self, target: str) -> list[dict]:
        """Per stored run of ``target``: id, dates, status, pages and findings by severity."""
        out = []
        for r in self.runs(target):
            st = self.stats(r.id)
            out.append({"id": r.id, "started": r.started, "finished": r.finished, "status": r.status,
                        "pages": st["pages"], "findings": st["findings"], "by_severity": st["by_severity"],
                        "by_category": st["by_category"]})
        return out


class _Tx:
    """One unit: BEGIN IMMEDIATE … COMMIT (ROLLBACK on error); in a group's transaction, a
    savepoint (rolled back to on error), so a unit of a group is undone alone; inside
    another unit, nothing of its own (it joins that one)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self.how = ""

    def __enter__(self):
        if self.store.depth == 0:
            if not self.db.in_transaction:
                self.db.execute("BEGIN IMMEDIATE")
                self.how = "tx"
            else:
                self.db.execute("SAVEPOINT unit")
                self.how = "savepoint"
        self.store.depth += 1
        return self.db

    def __exit__(self, et, ev, tb):
        self.store.depth -= 1
        if self.how == "tx":
            self.db.execute("COMMIT" if et is None else "ROLLBACK")
        elif self.how == "savepoint" and self.db.in_transaction:
            if et is not None:
                self.db.execute("ROLLBACK TO unit")
            self.db.execute("RELEASE unit")
        return False
