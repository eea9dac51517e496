"""External targets of one run: the link cache, the address guard, and the resolver,
started early (while pages are still read: :mod:`.early`) or at ``finish`` over every
core (:mod:`.shards`).

:class:`External` is made once per run by the link check (``checks.links``), given the
run's HTTP settings and an ``option(ctx, key)`` reader; :meth:`External.feed` starts the
targets of a batch of pages, :meth:`External.resolve` returns every verdict with the run
summary's HTTP figures, and writes the cache.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from contentguard.checks._links import shards
from contentguard.checks._links.cache import Cache
from contentguard.checks._links.early import Early
from contentguard.checks._links.verdict import OK, REDIRECT, UNVERIFIED
from contentguard.net.guard import Guard


class Progress:
    """A one-line counter on a terminal; silent in CI and when stderr is piped."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.last = 0.0
        self.on = enabled and total >= 20 and sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self) -> None:
        self.done += 1
        if not self.on:
            return
        now = time.monotonic()
        if now - self.last >= 0.1 or self.done == self.total:
            self.last = now
            width = 30
            filled = int(width * self.done / max(1, self.total))
            sys.stderr.write(f"\rlinks [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def run_async(coro):
    """``asyncio.run``, also when called from inside a running loop (a notebook, an async host)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()


class External:
    def __init__(self, ctx, s, option) -> None:
        self.ctx, self.s, self.option = ctx, s, option
        self.guard = Guard(ctx.allow_private, option(ctx, "allow-networks"), getattr(ctx, "private_hosts", ()))
        self.cache = self._open_cache() if ctx.use_cache else None
        self.cached: dict = {}  # url -> verdict the cache had (looked up once per url)
        self.early: Early | None = None
        self.t0 = time.monotonic()

    def _cache_settings(self) -> str:
        s, ctx = self.s, self.ctx
        blob = json.dumps({
            "v": 1, "accept": s.accept, "ua": s.user_agent, "headers": s.headers, "soft404": s.soft404,
            "method": s.method, "redirects": s.max_redirects, "bytes": s.max_bytes,
            "private": bool(ctx.allow_private), "nets": self.option(ctx, "allow-networks"), "ca": s.ca_file,
            "hosts": sorted(getattr(ctx, "private_hosts", ())),
        }, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def _open_cache(self) -> Cache | None:
        folder = self.ctx.config.cache_folder(self.option(self.ctx, "cache-dir"))
        try:
            return Cache(folder, self._cache_settings())
        except Exception as e:  # a read-only checkout, a corrupt file: run without the cache
            self.ctx.notice_once("links:cache", f"link cache unavailable ({type(e).__name__}: {e}); "
                                                f"checking without it")
            return None

    def _lookup(self, targets: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """The targets the cache cannot answer (a page cached without the anchors now
        needed is fetched again)."""
        new = [u for u, _a in targets if u not in self.cached]
        if self.cache is not None and new:
            for u in new:
                self.cached[u] = None
            try:
                self.cached.update(self.cache.get_many(new))
            except Exception as e:
                self.ctx.notice_once("links:cache", f"link cache unreadable ({type(e).__name__}: {e})")
        out = []
        for u, a in targets:
            v = self.cached.get(u)
            if v is None or (a and v.html and v.anchors is None):
                out.append((u, a))
        return out

    def feed(self, targets: list[tuple[str, bool]]) -> None:
        """Start these (url, its page's anchors needed) now, in the early resolver."""
        todo = self._lookup(targets)
        if todo:
            if self.early is None:
                self.early = Early(self.s, self.guard)
            self.early.submit(todo)

    def close(self) -> None:
        if self.early is not None:
            self.early.close()
        if self.cache is not None:
            self.cache.close()

    def resolve(self, wanted: dict[str, bool], jobs: int) -> tuple[dict, dict]:
        """(verdict of every url in ``wanted`` (url -> anchors needed), HTTP figures)."""
        targets = list(wanted.items())
        todo = self._lookup(targets)
        verdicts = {u: self.cached[u] for u, _a in targets if self.cached.get(u) is not None}
        for u, _a in todo:
            verdicts.pop(u, None)
        progress = Progress(len(todo), bool(self.option(self.ctx, "progress")))
        t0 = time.monotonic()
        try:
            if self.early is not None:  # requests under way: the rest joins them (no fork beside a thread)
                fresh, requests, retries = self.early.finish(todo, progress)
            else:
                got = shards.resolve(self.s, self.guard, todo, progress, jobs, run_async)
                fresh, requests, retries = got.verdicts, got.requests, got.retries
            progress.close()
            verdicts.update(fresh)
            self._store(fresh)
        finally:
            self.close()
        return verdicts, {
            "requests": requests,
            "retries": retries,
            "cached": len(targets) - len(todo),
            "checked": len(todo),
            "seconds": round(time.monotonic() - (self.t0 if self.early is not None else t0), 3),
        }

    def _store(self, fresh: dict) -> None:
        if self.cache is None or not fresh:
            return
        ttl_ok, ttl_fail = int(self.option(self.ctx, "cache-ttl-ok")), int(self.option(self.ctx, "cache-ttl-fail"))
        rows = []
        for url, v in fresh.items():
            if v.state in (OK, REDIRECT):
                rows.append((url, v, ttl_ok))
            elif v.state == UNVERIFIED and v.status in (401, 403, 999):
                rows.append((url, v, ttl_ok))  # bot walls stay bot walls
            elif v.state in ("broken",) or (v.state == UNVERIFIED and v.status == 429):
                rows.append((url, v, ttl_fail))
        try:
            self.cache.put_many(rows)
        except Exception as e:
            self.ctx.notice_once("links:cache", f"link cache not written ({type(e).__name__}: {e})")
