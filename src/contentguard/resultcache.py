"""Per-file results cache (ruff's lesson): a second run over unchanged files is nearly free.

A file's findings and two-phase data are stored under a key made of the file's path,
size and modification time and a hash of everything that can change a result (tool
version, reference date, selected rules, configuration, rule packs, working folder).
Storage is JSON in SQLite, never pickle: the cache sits in the project folder, and a
file that a pull request could plant there must not be able to run code.
Every failure (read-only folder, corrupt database, another run holding a lock) just
means no caching; a run never fails because of the cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import contentguard
from contentguard.cachedir import prepare_cache_folder
from contentguard.findings import Finding
from contentguard.results import FileResult
from contentguard.suppress import Suppression

#: v2: findings carry typed ``fix``/``source_line``/``source_shift`` fields (v1 had ``extra``)
TABLE = "file_results_v2"
SCHEMA = f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, data TEXT NOT NULL)"


def settings_hash(ctx, checks) -> str:
    h = hashlib.sha256()
    cfg = ctx.config
    parts = {
        "version": contentguard.__version__, "today": ctx.today.isoformat(), "selected": sorted(ctx.selected),
        "values": cfg.values, "sections": cfg.sections, "cwd": os.getcwd(),
        "checks": [c.name for c in checks], "site": repr(getattr(ctx, "site", None)),
        # a run whose report prints no lines stores findings without them
        "source_lines": getattr(ctx, "source_lines", True),
    }
    h.update(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"))
    h.update(_code_stamp().encode())
    for f in ctx.packs.files:
        try:
            with open(f, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        except OSError:
            h.update(f.encode())
    return h.hexdigest()


def _code_stamp() -> str:
    """Size and mtime of every module of the package: an edited check (a development
    install, a patched release) is a cache miss, not a stale answer."""
    root = os.path.dirname(contentguard.__file__)
    parts = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for f in sorted(filenames):
            if f.endswith((".py", ".yaml", ".yml")):
                try:
                    st = os.stat(os.path.join(dirpath, f))
                except OSError:
                    continue
                parts.append(f"{dirpath}/{f}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


class ResultCache:
    def __init__(self, folder: str, settings: str) -> None:
        self.settings = settings
        self.db = None
        self.pending: list[tuple[str, str]] = []
        try:
            prepare_cache_folder(folder)
            self.db = sqlite3.connect(os.path.join(folder, "results.sqlite3"), timeout=10,
                                      isolation_level=None)
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(SCHEMA)
        except (OSError, sqlite3.Error):
            self.db = None

    def key(self, fs_path: str, display: str) -> str | None:
        try:
            st = os.stat(fs_path)
        except OSError:
            return None
        raw = f"{self.settings}\0{os.path.abspath(fs_path)}\0{display}\0{st.st_size}\0{st.st_mtime_ns}"
        return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()

    def get(self, key: str, checks):
        if self.db is None or key is None:
            return None
        try:
            row = self.db.execute(f"SELECT data FROM {TABLE} WHERE key = ?", (key,)).fetchone()
            return None if row is None else _load(json.loads(row[0]), checks)
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str | None, result, checks) -> None:
        if self.db is None or key is None:
            return
        try:
            self.pending.append((key, json.dumps(_dump(result, checks), ensure_ascii=False)))
        except (TypeError, ValueError):
            pass  # not JSON-able: simply not cached

    def close(self) -> None:
        if self.db is None:
            return
        try:
            if self.pending:
                self.db.execute("BEGIN")
                self.db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", self.pending)
                self.db.execute("COMMIT")
            self.db.close()
        except sqlite3.Error:
            pass
        self.db = None


def _dump(r, checks) -> dict:
    by_name = {c.name: c for c in checks}
    return {
        "path": r.path, "skipped": r.skipped, "documents": r.documents, "size": r.size,
        "findings": [f.to_dict() for f in r.findings],
        "collected": {name: [by_name[name].dump_collected(d) for d in data]
                      for name, data in r.collected.items()},
        "sups": [s.to_dict() for s in r.sups],
    }


def _load(d: dict, checks):
    by_name = {c.name: c for c in checks}
    r = FileResult(d["path"], skipped=d["skipped"], documents=d["documents"], size=d["size"])
    r.findings = [Finding.from_dict(f) for f in d["findings"]]
    r.collected = {name: [by_name[name].load_collected(x) for x in data]
                   for name, data in d["collected"].items()}
    r.sups = [Suppression.from_dict(s) for s in d["sups"]]
    return r


def cacheable(checks) -> bool:
    """Every check declares its results cacheable (a two-phase one turns its collected data
    into JSON and back)."""
    return all(c.cacheable for c in checks)
