"""The audit crawler: a site (URL) or a built site folder (DIR) → stored pages and findings.

Pages go through the same pipeline as files: ``sources.parse(url, html, kind="html")``
with the page URL as the document path, then ``engine.process_loaded`` with the
engine's active checks (one-phase checks per page; two-phase checks collect per page
and ``finish`` in batches, their collected data parked in the database meanwhile so
an interrupted audit loses nothing).

Network: the shared HTTP layer, :mod:`contentguard.net` (the link check uses the same):
the address guard (DNS resolved, every address checked, again at connect time as the
connection pool's network backend, so every redirect hop is covered), the bounded,
decompressing body reader (a gzip bomb is never inflated past ``max-bytes``), the
redirect follower, the retry rule with ``Retry-After``; the link check's settings
(user agent, timeout, headers) through its public ``settings``.

Memory: the frontier lives in SQLite; the crawler holds only the pages in flight and a
small buffer of queued URLs, so memory does not grow with the site.
"""
from __future__ import annotations

import asyncio
import json
import os
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from urllib.parse import urljoin, urlsplit

from contentguard import engine, suppress
from contentguard.audit.fetch import Fetched, Fetcher, HostGate
from contentguard.audit.pages import (PageResult, _worker_init, _worker_process_init, page_text, process_file,
                                      process_page)
from contentguard.audit.robots import (ROBOTS_AGENT, Robots, crawl_delay, gunzip, load_robots, parse_sitemap,
                                       sitemap_urls)
from contentguard.audit.scope import AuditError, Options, Scope, looks_like_file, normalise
from contentguard.audit.store import Store
from contentguard.audit.workers import Workers
from contentguard.checks import links
from contentguard.findings import Finding, fingerprint
from contentguard.net.guard import BlockedAddress
from contentguard.net.http import slash_only
from contentguard.sources import looks_binary
from contentguard.urlmask import has_personal_data, mask_url, mask_urls_in

#: the crawl's pieces, importable from here as before the split
__all__ = ["AuditError", "Auditor", "Fetched", "Fetcher", "HostGate", "Options", "PageResult", "ROBOTS_AGENT",
           "Robots", "Scope", "crawl_delay", "gunzip", "link_verdict", "load_robots", "looks_like_file",
           "normalise", "page_text", "parse_sitemap", "process_file", "process_page", "sitemap_urls"]

TWO_PHASE_BATCH = 500
SUPS = "\x00suppressions"  # the pending row holding a page's inline suppressions
MAX_CRAWL_DELAY = 30.0
#: sitemap seeding stops once the frontier holds this many URLs per page of --max-pages.
#: Seeds are depth 0, so one run fetches at most --max-pages of them; the rest stand in
#: for seeds that turn out not to be pages (redirect aliases, errors, files) and show
#: "still queued". 10 keeps the database in proportion to the budget (the default
#: 10,000 pages: at most 100,000 seeds, about 10 MB) where a sitemap index fanning out to
#: 60 sitemaps queued 9.8 million URLs (1.28 GB) for --max-pages 10. A --resume whose
#: seeding had stopped reads the sitemaps again with its own budget.
SEED_MULTIPLE = 10
SEED_STOPPED = "sitemap seeding stopped"
#: stored pages are committed in groups (``Store.hold``) of at most this many pages and
#: this many seconds: a commit per page cost the crawler about 0.2 ms of its 1.5 ms a page
GROUP_PAGES = 64
GROUP_SECONDS = 0.25


# --- the auditor ---------------------------------------------------------------------------

class Auditor:
    """One audit run: fetch → process (pool) → store, until the frontier or budget is spent."""

    def __init__(self, ctx, store: Store, run_id: int, opts: Options, progress=None) -> None:
        self.ctx = ctx
        self.store = store
        self.run_id = run_id
        self.opts = opts
        self.progress = progress
        self.pool = None
        self.inflight: set[str] = set()
        self.buffer: deque = deque()
        self.done = store.count_pages(run_id)
        self.findings = store.count_findings(run_id)
        self.seq = store.next_seq(run_id)
        self.pending = store.count_pending(run_id)
        #: two-phase data that must not be stored (a link URL holding personal data):
        #: (page, check name, data, suppressions), finished with the next batch
        self.unstored: list[tuple] = []
        self.interrupted = False
        self.broken: str | None = None
        self.started = time.monotonic()
        self.done_at_start = self.done
        self.checks = engine.active_checks(ctx)
        self.two_phase = [c for c in self.checks if c.two_phase]
        self.grouped = 0  # pages in the open group of the store
        self.loop = None  # a site audit's event loop (it ends a group that waits too long)

    # -- pool ----------------------------------------------------------------------
    def start_workers(self, n_items_hint: int, scope: Scope | None = None) -> None:
        jobs = self.opts.jobs or min(os.cpu_count() or 1, 8)
        _worker_init(self.ctx, scope)  # the main process can process too (jobs == 1)
        if jobs > 1 and n_items_hint > 1:
            # each worker warms up on its own core while this process goes on to its first
            # requests (importing the HTTP client, robots.txt): see pages.warm_up
            self.pool = Workers(jobs, _worker_process_init, (self.ctx, scope))

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    # -- bookkeeping ------------------------------------------------------------------
    def _group(self) -> None:
        """Store the next page in the open group of pages, opening one if need be."""
        if self.store.held_since is None:
            self.store.hold()
            self.grouped = 0
            if self.loop is not None:  # a slow site must not keep stored pages unseen (and the lock held)
                self.loop.call_later(GROUP_SECONDS, self._release_due)

    def _release_due(self) -> None:
        held = self.store.held_since
        if held is not None and (self.grouped >= GROUP_PAGES or time.monotonic() - held >= GROUP_SECONDS):
            self.store.release()

    def note(self, url: str, reason: str) -> None:
        self.store.note(self.run_id, url, reason)
        if self.progress:
            self.progress.message(f"{mask_url(url)}: {mask_urls_in(reason)}")

    def _tick(self) -> None:
        if self.progress:
            queued = self.store.count_queued(self.run_id) if self.progress.wants_queue() else None
            self.progress.update(self.done, queued, self.findings, self.opts.max_pages,
                                 self.done - self.done_at_start, time.monotonic() - self.started)

    def final_tick(self) -> None:
        if self.progress and not self.progress.tty:
            self.progress.update(self.done, self.store.count_queued(self.run_id), self.findings,
                                 self.opts.max_pages, self.done - self.done_at_start,
                                 time.monotonic() - self.started, force=True)

    def _park(self, page: str, collected: dict, sups: list) -> None:
        """Keep two-phase data (and the page's inline suppressions, which apply to the
        findings ``finish`` will make) in the database until its batch is finished."""
        if not collected:
            return
        # JSON, never pickle: the database is a file a resumed run reads back, and a file
        # that could have been planted must not be able to run code
        by_name = {c.name: c for c in self.two_phase}
        rows = []
        for name, items in collected.items():
            for data in items:
                try:
                    rows.append((page, name, json.dumps(by_name[name].dump_collected(data))))
                except ValueError:  # a URL in it holds personal data: kept in memory, never stored
                    self.unstored.append((page, name, data, list(sups)))
                    self.pending += 1
        if sups:
            rows.append((page, SUPS, json.dumps([x.to_dict() for x in sups])))
        self.pending += self.store.park(self.run_id, rows)

    def finish_two_phase(self, force: bool = False) -> None:
        """Run two-phase checks' ``finish`` over the parked data, one batch of pages at a time
        (memory stays bounded; the link check's cache spares re-checking a target per batch)."""
        if not self.two_phase or (not force and self.pending < TWO_PHASE_BATCH):
            return
        if self.unstored:
            mem, self.unstored = self.unstored, []
            late: list[Finding] = []
            for chk in self.two_phase:
                data = [d for _p, name, d, _s in mem if name == chk.name]
                if data:
                    try:
                        late += [f for f in chk.finish(data, self.ctx) if f.rule in self.ctx.selected]
                    except Exception as e:
                        late.append(_notice(self.ctx, "contentguard/notice", "-",
                                            f"internal error in check '{chk.name}': {type(e).__name__}: {e}"))
            msups = {p: sp for p, _n, _d, sp in mem if sp}
            late = [f for f in late if not msups.get(f.path) or suppress.apply([f], msups[f.path])]
            self._store_late("pending", [], late)
        while True:
            pages = self.store.pending_pages(self.run_id, TWO_PHASE_BATCH)
            if not pages:
                break
            rows = self.store.pending_rows(self.run_id, pages)
            late: list[Finding] = []
            for chk in self.two_phase:
                data = [chk.load_collected(json.loads(r[3])) for r in rows if r[2] == chk.name]
                if not data:
                    continue
                try:
                    late += [f for f in chk.finish(data, self.ctx) if f.rule in self.ctx.selected]
                except Exception as e:
                    late.append(_notice(self.ctx, "contentguard/notice", "-",
                                        f"internal error in check '{chk.name}': {type(e).__name__}: {e}"))
            sups = {p: [suppress.Suppression.from_dict(x) for x in json.loads(d)]
                    for _rowid, p, name, d in rows if name == SUPS}
            if sups:
                late = [f for f in late if not sups.get(f.path) or suppress.apply([f], sups[f.path])]
            self._store_late("pending", rows, late)
        self.pending = 0

    def _store_late(self, table: str, rows, late) -> None:
        """Findings made after their pages were stored (two-phase checks, fragments):
        filtered like any other, then stored with their work rows deleted."""
        late = engine.filter_findings(late, self.ctx)
        self.store.add_late_findings(self.run_id, late, table, [r[0] for r in rows])
        self.findings += len(late)

    def _store(self, url: str, depth: int, *, fetched: Fetched | None, res: PageResult | None,
               error: str | None, discovered=(), late=(), final_url=None, alias: str | None = None) -> None:
        """Everything a page produced, in one transaction. ``alias``: the URL that redirected
        to ``url`` (stored as a page row of its own, without findings; both marked done)."""
        findings = engine.filter_findings(list(res.findings), self.ctx) if res else []
        late = engine.filter_findings(list(late), self.ctx)
        self._group()
        with self.store.tx():
            self.store.store_page(
                self.run_id, url, final_url=final_url or (fetched.final_url if fetched else None),
                status=fetched.status if fetched else None,
                content_type=fetched.content_type if fetched else None,
                size=len(fetched.body) if fetched else 0, depth=depth,
                elapsed_ms=fetched.elapsed_ms if fetched else 0, error=error,
                title=res.title if res else None, findings=findings, discovered=discovered)
            if late:
                self.store.add_late_findings(self.run_id, late)
            if alias is not None:
                self.store.store_alias(self.run_id, alias, url,
                                       fetched.redirects[0][0] if fetched and fetched.redirects else None,
                                       depth, self._next_seq())
            if res is not None:
                self._park(url, res.collected, res.sups)
                self._keep_links(url, discovered)
                if res.fraglinks and self.ctx.wants("link/missing-fragment"):
                    self.store.add_fraglinks(self.run_id, url, res.fraglinks)
                if res.anchors and self.ctx.wants("link/missing-fragment"):
                    self.store.set_anchors(self.run_id, url, res.anchors)
        self.done += 1
        self.findings += len(findings) + len(late)
        self.grouped += 1

    # -- directory audits --------------------------------------------------------------
    def run_dir(self) -> str:
        root = self.opts.target
        if self.store.count_queued(self.run_id) == 0 and self.done == 0:
            outside: list[tuple[str, str]] = []
            files, missing = engine.discover([root], self.ctx.config, outside)
            for disp, reason in outside:
                # a symlink leaving the folder (/etc/passwd, a credentials file): never read,
                # listed with the files not checked and a notice, as `check` does
                notice = ([_notice(self.ctx, "contentguard/skipped", disp, f"skipped: {reason}")]
                          if "contentguard/skipped" in self.ctx.selected else [])
                self._store(disp, 0, fetched=None, res=PageResult(notice, {}, [], skipped=reason),
                            error=f"skipped: {reason}")
            seq = self.seq
            rows = []
            for fs, disp in files:
                rows.append((disp, 0, seq, "walk", None, None, None, None, None, None))
                seq += 1
            self.store.enqueue(self.run_id, rows)
            self.seq = seq
            for p, reason in missing:
                self.note(p, reason)
        todo = [q.url for q in self.store.queued(self.run_id, 10 ** 9)]
        budget = max(0, self.opts.max_pages - self.done)
        todo = todo[:budget]
        self.start_workers(len(todo))
        try:
            it = (self.pool.map(process_file, todo, todo) if self.pool is not None
                  else (process_file(p, p) for p in todo))
            for path, res in zip(todo, it):
                err = f"skipped: {res.skipped}" if res.skipped else None
                self._store(path, 0, fetched=None, res=res, error=err)
                self.finish_two_phase()
                self._release_due()
                self._tick()
        except KeyboardInterrupt:
            self.interrupted = True
        except BrokenProcessPool:
            self.interrupted = True
            self.broken = "a check worker process died"
        finally:
            self.store.release()
            self.stop_workers()
        if not self.interrupted:
            self.finish_two_phase(force=True)
        return self._final_status()

    def _final_status(self) -> str:
        if self.interrupted:
            return "incomplete"
        return "complete" if self.store.count_queued(self.run_id) == 0 else "incomplete"

    # -- site audits --------------------------------------------------------------------
    def run_url(self) -> str:
        start = self.opts.target
        self.scope = Scope(start, self.opts.scope, tuple(self.opts.include), tuple(self.opts.exclude))
        self.start_workers(2, self.scope)
        try:
            return asyncio.run(self._crawl())
        except KeyboardInterrupt:
            self.interrupted = True
            return "incomplete"
        finally:
            self.store.release()  # the pages stored so far (each one whole)
            self.stop_workers()

    async def _crawl(self) -> str:
        start = self.opts.target
        self.fetcher = Fetcher(self.ctx, self.opts)
        try:
            await self.fetcher.check_address(start)
        except BlockedAddress as e:
            raise AuditError(f"refusing to crawl {start}: {e}; pass --allow-private for a trusted "
                             f"local or staging site") from None
        except OSError as e:
            raise AuditError(f"cannot resolve {urlsplit(start).hostname}: {e.strerror or e}") from None
        self.fetcher.open()
        try:
            p = urlsplit(start)
            origin = f"{p.scheme}://{p.netloc}"
            self.robots = await load_robots(self.fetcher, origin, self.note)
            if self.robots.crawl_delay:
                d = min(self.robots.crawl_delay, MAX_CRAWL_DELAY)
                if d > self.opts.delay:
                    self.opts.delay = d
                    for g in self.fetcher.gates.values():
                        g.delay = d
            fresh = self.done == 0 and self.store.count_queued(self.run_id) == 0
            if fresh:
                await self._seed(start, origin)
            elif self.store.has_note(self.run_id, SEED_STOPPED):
                # resumed, with a new budget: the sitemaps are read on where the cap stopped them
                self.store.drop_notes(self.run_id, SEED_STOPPED)
                await self._seed_sitemaps(start, origin)
            n = max(1, self.opts.concurrency)
            self.cond = asyncio.Condition()
            self.loop = asyncio.get_running_loop()
            if self.pool is not None:
                self.pool.attach(self.loop)
            workers = [asyncio.create_task(self._worker()) for _ in range(n)]
            try:
                await asyncio.gather(*workers)
            except asyncio.CancelledError:
                self.interrupted = True
        finally:
            if self.pool is not None:
                self.pool.detach()
            self.loop = None
            self.store.release()
            await self.fetcher.close()
        self.sweep_links()
        if not self.interrupted:
            # in a thread: the link check runs its own event loop for external links
            await asyncio.get_running_loop().run_in_executor(None, self.finish_two_phase, True)
            if self.store.count_queued(self.run_id) == 0:
                self.check_fragments()
        return self._final_status()

    def check_fragments(self) -> None:
        """In-site links to a #fragment the target page does not have: ``link/missing-fragment``
        at the link, once every page is known (the target may be an alias of a redirect)."""
        rule = "link/missing-fragment"
        if not self.ctx.wants(rule) or rule not in self.ctx.rules:
            return
        while True:
            rows = self.store.fraglinks_batch(self.run_id)
            if not rows:
                return
            late = []
            for (_rid, page, target, frag, line, col, el, ec, written, ids, error, known) in rows:
                if not known or error:
                    continue  # not crawled (scope, budget, robots) or not checked: said elsewhere
                if not links.fragment_ok(frag, frozenset((ids or "").split("\n"))):
                    late.append(self.ctx.finding_at(rule, page, (line, col, el, ec), written or frag,
                                                    f"missing anchor: #{frag} is not an id or name in {target}"))
            self._store_late("fraglinks", rows, late)

    async def _seed(self, start: str, origin: str) -> None:
        rows = []
        if self.robots.allowed(start):
            rows.append((start, 0, self._next_seq(), "start", None, None, None, None, None, None))
        else:
            self.note(start, "disallowed by robots.txt for contentguard: not fetched")
        self.store.enqueue(self.run_id, rows)
        await self._seed_sitemaps(start, origin)

    async def _seed_sitemaps(self, start: str, origin: str) -> None:
        """Queue the sitemaps' pages until the frontier holds SEED_MULTIPLE × --max-pages
        URLs (the disallowed ones noted count too: they are rows as well)."""
        sitemaps = list(self.robots.sitemaps)
        explicit = set(sitemaps)
        default = origin + "/sitemap.xml"
        if default not in sitemaps and self.robots.allowed(default):
            sitemaps.append(default)
        if self.robots.disallow_all:
            return
        batch: list[tuple] = []
        cap = SEED_MULTIPLE * self.opts.max_pages
        held = self.store.count_frontier(self.run_id)
        full = (f"{SEED_STOPPED} at {cap:,} URLs ({SEED_MULTIPLE} × --max-pages): the rest of the sitemaps "
                f"is not read (--resume reads on)")

        def room() -> int:
            return cap - held - len(batch)

        async for u in sitemap_urls(self.fetcher, sitemaps, self.scope, self.note, explicit, room, full):
            norm = normalise(urljoin(start, u))
            if norm is None or not self.scope.allows(norm) or looks_like_file(norm):
                continue
            if has_personal_data(norm):  # as for links: never fetched, never stored in clear
                self.note(norm, "not crawled: the address holds personal data")
                held += 1
                continue
            if not self.robots.allowed(norm):
                self.note(norm, "disallowed by robots.txt for contentguard: not fetched")
                held += 1
                continue
            batch.append((norm, 0, self._next_seq(), "sitemap", None, None, None, None, None, None))
            if len(batch) >= 1000 or room() <= 0:
                held += self.store.enqueue(self.run_id, batch)
                batch = []
        self.store.enqueue(self.run_id, batch)

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    async def _next(self):
        async with self.cond:
            while True:
                if self.done + len(self.inflight) >= self.opts.max_pages:
                    if not self.inflight:
                        return None
                    await self.cond.wait()
                    continue
                if not self.buffer:
                    self.buffer.extend(self.store.queued(self.run_id, 256, exclude=self.inflight))
                while self.buffer:
                    item = self.buffer.popleft()
                    if item.url not in self.inflight:
                        self.inflight.add(item.url)
                        return item
                if not self.inflight:
                    return None
                await self.cond.wait()

    async def _worker(self) -> None:
        while True:
            item = await self._next()
            if item is None:
                async with self.cond:
                    self.cond.notify_all()
                return
            try:
                await self._page(item.url, item.depth)
            except BrokenProcessPool:
                # a check worker died (killed, out of memory): stop; --resume redoes what is not stored
                self.interrupted = True
                self.broken = "a check worker process died"
                async with self.cond:
                    self.inflight.discard(item.url)
                    self.opts.max_pages = 0  # the others stop taking pages
                    self.cond.notify_all()
                return
            except Exception as e:  # a crash on one page is reported, the audit goes on
                self._store(item.url, item.depth, fetched=None, res=None,
                            error=f"internal error: {type(e).__name__}: {e}")
            finally:
                async with self.cond:
                    self.inflight.discard(item.url)
                    self.cond.notify_all()
            if self.done % 500 == 0:
                self.sweep_links()  # keeps the parked links few
            self._release_due()  # between pages: never inside one
            self._tick()

    async def _page(self, url: str, depth: int) -> None:
        claimed: list[str] = []

        def follow(nxt: str) -> bool:
            n = normalise(nxt) or nxt
            if not self.scope.allows(n) or n in self.inflight:
                return False
            if has_personal_data(n):  # a redirect to an address holding personal data: not fetched
                return False
            if self.store.is_done(self.run_id, n):
                return False
            self.inflight.add(n)  # one fetch per page: nobody else takes it meanwhile
            claimed.append(n)
            return True

        try:
            await self._fetched(url, depth, await self.fetcher.get(url, follow=follow))
        finally:
            for n in claimed:
                self.inflight.discard(n)

    async def _fetched(self, url: str, depth: int, f: Fetched) -> None:
        final = normalise(f.final_url) or f.final_url
        if f.error is None and f.status is not None and not f.stopped and not (200 <= f.status < 300):
            f.error = f"HTTP {f.status}"
        if f.error is None and final != url:
            if not self.scope.allows(final):
                f.error = f"redirects out of the audit's scope to {final}"
                if url == self.opts.target:
                    f.error += f": audit {final} instead"
            elif f.stopped:  # the final page is checked (or being checked) on its own
                f.status = f.redirects[0][0]  # the link's own first hop says whether it moved for good
                self._store(url, depth, fetched=f, res=None, error=None, final_url=final)
                return
        if f.error is None:
            body = f.body
            if looks_binary(body):
                f.error = "binary body (not an HTML page)"
            else:
                path = final
                if self.pool is not None:  # the page's bytes: the worker decodes them
                    res = await self.pool.run(process_page, path, body, f.charset)
                else:
                    res = process_page(path, body, f.charset)
                discovered = []
                self._group()
                with self.store.tx():  # the notes, the page and what it found: one unit
                    if depth + 1 <= self.opts.max_depth:
                        for (u, line, col, el, ec, written) in res.outlinks:
                            if has_personal_data(u):  # never fetched, never stored in clear
                                self.store.note(self.run_id, u, "not crawled: the address holds personal data")
                                continue
                            if not self.robots.allowed(u):
                                self.store.note(self.run_id, u, "disallowed by robots.txt for contentguard: not fetched")
                                continue
                            discovered.append((u, depth + 1, self._next_seq(), "link", path, line, col, el, ec,
                                               written))
                    if final != url:  # the content is the final page's; the URL asked for is an alias
                        self._store(final, depth, fetched=f, res=res, error=None, discovered=discovered,
                                    final_url=final, alias=url)
                    else:
                        self._store(url, depth, fetched=f, res=res, error=None, discovered=discovered,
                                    final_url=final)
                return
        self._store(url, depth, fetched=f, res=None, error=f.error)

    # -- in-site links: every place that links to a page that turned out broken ----------
    def _keep_links(self, page: str, discovered) -> None:
        """Park the page's in-site links whose target is not known to be fine yet."""
        if not any(self.ctx.wants(r) for r in ("link/broken", "link/redirect", "link/unverified")):
            return
        self.store.park_sitelinks(self.run_id, page, [(u, line, col, el, ec, written)
                                                      for (u, _d, _s, _via, _p, line, col, el, ec, written)
                                                      in discovered])

    def sweep_links(self) -> None:
        """Findings for parked links whose target is fetched by now; drop the fine ones."""
        while True:
            rows = self.store.sitelinks_batch(self.run_id)
            if not rows:
                return
            late = []
            for (_rid, page, target, line, col, el, ec, written, error, status, final) in rows:
                made = link_verdict(target, error, status, final)
                if made and self.ctx.wants(made[0]) and made[0] in self.ctx.rules:
                    late.append(self.ctx.finding_at(made[0], page, (line, col, el, ec), written or target, made[1]))
            self._store_late("sitelinks", rows, late)


def link_verdict(target: str, error: str | None, status: int | None, final: str | None):
    """(rule, message) for a link to a crawled page, or None when the link is fine (or
    when the page is there and merely not checkable: not HTML, too big, out of scope)."""
    if error:
        if error.startswith(("not an HTML page", "body larger", "binary body", "refused", "redirects out",
                             "internal error")):
            return None
        if error in ("HTTP 401", "HTTP 403", "HTTP 999", "HTTP 429"):
            # as the link check: a login, a bot wall or a rate limit is unverified, not broken
            what = {"HTTP 401": "asks for a login", "HTTP 429": "still rate limits us"}.get(
                error, "refuses automated checks")
            return "link/unverified", f"unverified: the site {what} ({error}); check it in a browser ({target})"
        return "link/broken", f"broken link: {error} ({target})"
    if status in (301, 308) and final and final != target and not slash_only(target, final):
        return "link/redirect", f"permanent redirect ({status}): update the link to {final}"
    return None


def _notice(ctx, rule: str, path: str, message: str) -> Finding:
    r = ctx.rules[rule]
    return Finding(rule=rule, category=r.category, severity=r.severity, message=message, path=path,
                   line=1, column=1, end_line=1, end_column=1, excerpt="",
                   fingerprint=fingerprint(rule, message, path), kind=r.kind)
