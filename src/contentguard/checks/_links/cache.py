"""The verdict cache: one SQLite file in the project's cache folder.

WAL mode and a busy timeout make two runs sharing it at once safe (readers never block,
writers wait their turn); every write is one short transaction at the end of a run.
Entries carry the hash of the settings that change a verdict (accepted codes, user
agent, headers, soft-404 detection), so changing them is a cache miss, not a stale answer.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time

from contentguard.cachedir import prepare_cache_folder
from contentguard.checks._links.verdict import Verdict
from contentguard.urlmask import mask_url, mask_urls_in, url_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS link_verdicts_v1 (
  url TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  state TEXT NOT NULL,
  message TEXT NOT NULL,
  status INTEGER NOT NULL,
  final_url TEXT NOT NULL,
  anchors TEXT,
  html INTEGER NOT NULL,
  checked_at REAL NOT NULL,
  expires_at REAL NOT NULL
)
"""


def _key(url: str) -> str:
    """The row key: the URL, or its hash when it carries credentials or personal data
    (never stored in clear)."""
    return url_key(url)


class Cache:
    def __init__(self, folder: str, settings: str) -> None:
        prepare_cache_folder(folder)
        self.path = os.path.join(folder, "links.sqlite3")
        self.settings = settings
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA secure_delete=ON")  # replaced rows leave no clear text behind
        self.db.execute(SCHEMA)

    def get_many(self, urls: list[str], now: float | None = None) -> dict[str, Verdict]:
        now = time.time() if now is None else now
        out: dict[str, Verdict] = {}
        keys = {_key(u): u for u in urls}
        urls = list(keys)
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            q = ("SELECT url, state, message, status, final_url, anchors, html FROM link_verdicts_v1 "
                 f"WHERE settings = ? AND expires_at > ? AND url IN ({','.join('?' * len(chunk))})")
            for url, state, message, status, final_url, anchors, html in self.db.execute(q, [self.settings, now, *chunk]):
                out[keys[url]] = Verdict(state, message, status, final_url,
                                   None if anchors is None else frozenset(json.loads(anchors)),
                                   bool(html), cached=True)
        return out

    def put_many(self, rows: list[tuple[str, Verdict, float]], now: float | None = None) -> None:
        """(url, verdict, ttl seconds) rows; a ttl of 0 or less is not stored."""
        now = time.time() if now is None else now
        # messages and redirect targets are stored masked: they are only ever shown
        data = [(_key(url), self.settings, v.state, mask_urls_in(v.message), v.status, mask_url(v.final_url),
                 None if v.anchors is None else json.dumps(sorted(v.anchors)), int(v.html), now, now + ttl)
                for url, v, ttl in rows if ttl > 0]
        if not data:
            return
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO link_verdicts_v1 VALUES (?,?,?,?,?,?,?,?,?,?)", data)
            self.db.execute("DELETE FROM link_verdicts_v1 WHERE expires_at < ?", (now - 7 * 86400,))

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass
