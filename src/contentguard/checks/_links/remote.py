"""External links: each unique URL resolved once, concurrently, with bounded everything.

The HTTP itself (transport, guard, bounded reader, redirects, retries, error table) is
the shared :mod:`contentguard.net.http`; this module decides what a link check asks and
what the answer means:

* a global limit (``max-concurrency``) and an adaptive per-host limit (``max-per-host``)
  that halves on a 429 and pauses the host for its ``Retry-After``, then grows back;
  each holder of a per-host slot has its own keep-alive connection;
* HEAD for file-like URLs (``.pdf``, images, archives...) with GET when HEAD is refused;
  GET for pages, streamed and stopped early: after ``</title>`` (soft 404s), or after
  the whole page up to ``max-bytes`` when a fragment must be found;
* verdicts: ok, permanent redirect (update the link), broken (status, soft 404, transport
  error, loop), unverified (bot walls, Cloudflare challenges, persistent 429), skipped
  (private addresses); a hard budget per link and per run.

``Resolver(settings, guard, transport=None)``: tests pass an ``httpx.MockTransport``.
"""
from __future__ import annotations

import asyncio
import html as _html
import re
import time
from collections import deque
from dataclasses import dataclass, field

from contentguard.checks._links.classify import parse_accept
from contentguard.checks._links.verdict import BROKEN, OK, REDIRECT, SKIPPED, UNVERIFIED, Verdict
from contentguard.net import http as net
from contentguard.net.guard import BlockedAddress, Guard
from contentguard.net.http import PERMANENT, RETRY_STATUS, Reply

__all__ = ["BlockedAddress", "HostLimiter", "Resolver", "Settings", "page_anchors",
           "parse_accept", "soft404_title"]

HEAD_FALLBACK = frozenset((400, 403, 404, 405, 406, 409, 500, 501, 502, 503))
BOT_WALL = frozenset((401, 403, 999))
TITLE_CAP = 256 << 10
LIVE = 4  # targets in flight or waiting for a slot, per unit of max-concurrency  # bytes read (decompressed) to find a soft 404's <title>

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_TITLE_END = re.compile(rb"</title|<body", re.I)
_ANCHOR = re.compile(rb"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.S)
_SOFT404 = re.compile(
    r"^\s*(?:error\s*)?404\b|\b404\b.*\bnot\s+found\b|\bpage\s+not\s+found\b|^\s*not\s+found\s*$"
    r"|\bpage\s+(?:does\s+not|doesn['\u2019]t)\s+exist|\b(?:page|content)\s+(?:cannot|can['\u2019]t|could\s+not|"
    r"couldn['\u2019]t)\s+be\s+found", re.I)


@dataclass
class Settings(net.Settings):
    """The shared HTTP settings plus what only the link check decides."""

    accept: tuple = ((200, 299),)
    max_concurrency: int = 128
    max_per_host: int = 10
    method: str = "auto"
    soft404: bool = True
    run_timeout: float = 600.0

    def accepted(self, status: int) -> bool:
        return any(lo <= status <= hi for lo, hi in self.accept)


class HostLimiter:
    """Per-host concurrency that backs off on 429 (halve, pause) and grows back (+1)."""

    def __init__(self, limit: int) -> None:
        self.max = max(1, limit)
        self.limit = self.max
        self.active = 0
        self.good = 0
        self.resume_at = 0.0
        self.waiters: deque[asyncio.Future] = deque()

    async def acquire(self) -> None:
        if self.active < self.limit and not self.waiters:
            self.active += 1
        else:
            fut = asyncio.get_running_loop().create_future()
            self.waiters.append(fut)
            try:
                await fut
            except asyncio.CancelledError:
                if fut.done() and not fut.cancelled():
                    self.active -= 1
                    self._wake()
                raise
        pause = self.resume_at - time.monotonic()
        if pause > 0:
            try:
                await asyncio.sleep(pause)
            except asyncio.CancelledError:
                self.release(ok=False)
                raise

    def release(self, ok: bool = True) -> None:
        self.active -= 1
        if ok and self.limit < self.max:
            self.good += 1
            if self.good >= self.limit:
                self.limit += 1
                self.good = 0
        self._wake()

    def _wake(self) -> None:
        while self.waiters and self.active < self.limit:
            fut = self.waiters.popleft()
            if not fut.done():
                self.active += 1
                fut.set_result(None)

    def throttle(self, pause: float) -> None:
        self.limit = max(1, min(self.limit, self.active) // 2)
        self.good = 0
        self.resume_at = max(self.resume_at, time.monotonic() + pause)


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    by_method: dict = field(default_factory=dict)


def soft404_title(title: str | None) -> bool:
    return bool(title) and bool(_SOFT404.search(title))


def page_anchors(body: bytes) -> frozenset:
    out = set()
    for m in _ANCHOR.finditer(body):
        raw = m.group(1) if m.group(1) is not None else (m.group(2) if m.group(2) is not None else m.group(3))
        val = raw.decode("utf-8", "replace")
        out.add(_html.unescape(val) if "&" in val else val)
    return frozenset(out)


def _title_seen(data: bytearray, added: int) -> bool:
    return _TITLE_END.search(data, max(0, len(data) - added - 16)) is not None


class Resolver:
    def __init__(self, settings: Settings, guard: Guard, transport=None) -> None:
        self.s = settings
        self.guard = guard
        self.client = net.Client(settings, guard, transport)
        self.stats = Stats()
        self.hosts: dict[str, HostLimiter] = {}
        self.sem: asyncio.Semaphore | None = None
        self._readers: dict = {}
        self._anchor_sets: dict[frozenset, frozenset] = {}

    def _same_anchors(self, anchors: frozenset) -> frozenset:
        """One object for equal sets of anchors (pages of one template share theirs)."""
        return self._anchor_sets.setdefault(anchors, anchors)

    # --- one request ----------------------------------------------------------
    def _reader(self, method: str, need: str):
        """What to read of a response's body: the <title> (soft 404s), the whole page up
        to max-bytes (fragments), or nothing (small bodies drained for keep-alive)."""
        key = (method, need)
        fn = self._readers.get(key)
        if fn is not None:
            return fn
        s = self.s
        same = self._same_anchors

        async def read(resp, r: Reply) -> None:
            if method == "GET" and 200 <= r.status < 300 and r.html and need != "none":
                cap = s.max_bytes if need == "anchors" else min(TITLE_CAP, s.max_bytes)
                # a small page is read to its end: the connection stays reusable
                title_only = need == "title" and not (0 <= r.length <= net.DRAIN_CAP)
                body, complete = await net.read_body(resp, cap, _title_seen if title_only else None)
                m = _TITLE.search(body)
                if m:
                    r.title = _html.unescape(m.group(1).decode("utf-8", "replace")).strip()
                if need == "anchors":
                    anchors = page_anchors(body)
                    # a truncated page: the anchors seen so far, and "unknown" beyond
                    r.anchors = same(anchors if complete else frozenset(anchors | {"\x00truncated"}))
                elif complete:  # read whole anyway (a small page): a later link's #fragment needs no second GET
                    r.anchors = same(page_anchors(body))
            elif method == "HEAD" or 0 <= r.length <= net.DRAIN_CAP:
                await net.drain(resp)

        self._readers[key] = read
        return read

    async def _attempt(self, method: str, url: str, need: str, limiter: HostLimiter) -> Reply:
        await limiter.acquire()
        ok = False
        try:
            async with self.sem:
                r = await self.client.request(method, url, self._reader(method, need))
                ok = not r.error and r.status != 429
                return r
        finally:
            limiter.release(ok)

    async def _request(self, url: str, parts, need: str) -> Reply:
        """One URL, retries and the HEAD→GET fallback included (no redirects followed)."""
        key = f"{parts.scheme}://{parts.netloc}"
        limiter = self.hosts.get(key)
        if limiter is None:
            limiter = self.hosts[key] = HostLimiter(self.s.max_per_host)
        method = [self._method(parts.path, need)]

        async def attempt(_n: int) -> Reply:
            r = await self._attempt(method[0], url, need, limiter)
            if method[0] == "HEAD" and r.status in HEAD_FALLBACK:
                method[0] = "GET"
                r = await self._attempt("GET", url, need, limiter)
            return r

        def on_wait(r: Reply, wait: float) -> None:
            if r.status == 429:
                limiter.throttle(wait)
            self.stats.retries += 1

        return await net.with_retries(self.s, attempt, on_wait)

    def _method(self, path: str, need: str) -> str:
        if self.s.method == "get" or need == "anchors":
            return "GET"
        if self.s.method == "head":
            return "HEAD"
        return "HEAD" if net.looks_like_file(path) else "GET"

    # --- one target -----------------------------------------------------------
    async def resolve(self, url: str, need_anchors: bool) -> Verdict:
        from urllib.parse import urlsplit

        need = "anchors" if need_anchors else ("title" if self.s.soft404 else "none")
        start = url

        async def once(u: str) -> Reply:
            return await self._request(u, urlsplit(u), need)

        f = await net.follow(self.guard, url, once, self.s.max_redirects)
        r, hops, url = f.reply, f.hops, f.url
        if f.stop == "blocked":
            via = f" (reached by a redirect from {start})" if hops else ""
            return Verdict(SKIPPED, f"not checked: {f.why}{via}; set allow-private (or --allow-private) "
                                    f"to check private addresses")
        if f.stop == "dns":
            return Verdict(BROKEN, f"broken link: {f.why}" + _via(hops, url))
        if f.stop == "unsupported":
            return Verdict(BROKEN, f"broken link: {f.why}")
        if f.stop == "loop":
            return Verdict(BROKEN, f"broken link: redirect loop ({_chain(start, hops)})", r.status)
        if f.stop == "too-many":
            return Verdict(BROKEN, f"broken link: {f.why}", r.status)
        if r.error:
            tries = f" ({self.s.attempts} attempts)" if r.retryable and self.s.attempts > 1 else ""
            return Verdict(BROKEN, f"broken link: {r.error}{tries}" + _via(hops, url))
        status = r.status
        if self.s.accepted(status) and not (300 <= status < 400):
            if self.s.soft404 and soft404_title(r.title):
                return Verdict(BROKEN, f"broken link: soft 404 (HTTP {status}, page title "
                                       f"\"{r.title[:80]}\")" + _via(hops, url), status)
            perm = 0
            while perm < len(hops) and hops[perm][0] in PERMANENT:
                perm += 1
            anchors = r.anchors
            if perm and net.slash_only(start, hops[perm - 1][1]):
                perm = 0  # /docs -> /docs/: the server's canonical folder, not a moved page
            if perm:
                new = hops[perm - 1][1]
                n = f"{perm} permanent redirects" if perm > 1 else f"permanent redirect ({hops[0][0]})"
                return Verdict(REDIRECT, f"{n}: update the link to {new}", status, new, anchors, r.html)
            return Verdict(OK, "", status, "", anchors, r.html)
        if r.challenge:
            return Verdict(UNVERIFIED, f"unverified: the site answered with a bot challenge (HTTP {status}, "
                                       f"Cloudflare); check it in a browser" + _via(hops, url), status)
        if status in BOT_WALL:
            what = {401: "asks for a login", 403: "refuses automated checks", 999: "refuses automated checks"}[status]
            return Verdict(UNVERIFIED, f"unverified: the site {what} (HTTP {status}); check it in a browser"
                           + _via(hops, url), status)
        if status == 429:
            return Verdict(UNVERIFIED, f"unverified: still rate limited (HTTP 429) after "
                                       f"{self.s.attempts} attempts" + _via(hops, url), status)
        if 300 <= status < 400:
            return Verdict(BROKEN, f"broken link: HTTP {status} without a Location header" + _via(hops, url), status)
        tries = f" after {self.s.attempts} attempts" if status in RETRY_STATUS and self.s.attempts > 1 else ""
        return Verdict(BROKEN, f"broken link: HTTP {status} {r.reason}".rstrip() + tries + _via(hops, url), status)

    # --- everything -----------------------------------------------------------
    def begin(self) -> None:
        """Ready to take targets (in the loop that will run them). At most ``LIVE`` ×
        max-concurrency of them are tasks at once, the rest wait as plain tuples: 6,450
        targets as tasks at once held 65 MB."""
        self.sem = asyncio.Semaphore(max(1, self.s.max_concurrency))
        self.out: dict[str, Verdict] = {}
        self.waiting: dict[str, asyncio.Future] = {}  # url -> set when its verdict is in
        self.queue: deque = deque()
        self.running: set[asyncio.Task] = set()
        self.cap = LIVE * max(1, self.s.max_concurrency)
        self.client.open()

    def submit(self, url: str, anchors: bool, progress=None, again: bool = False) -> None:
        """Resolve ``url`` (once; ``again``: a second time, its page's anchors now needed);
        its verdict lands in ``self.out``."""
        if url in self.waiting and not again:
            return
        self.out.pop(url, None)
        fut = self.waiting[url] = asyncio.get_running_loop().create_future()
        self.queue.append((url, anchors, progress, fut))
        self._pump()

    def _pump(self) -> None:
        while self.queue and len(self.running) < self.cap:
            t = asyncio.ensure_future(self._one(*self.queue.popleft()))
            self.running.add(t)
            t.add_done_callback(self._ended)

    def _ended(self, t) -> None:
        self.running.discard(t)
        self._pump()

    async def _one(self, url: str, anchors: bool, progress, fut: asyncio.Future) -> None:
        # one link's whole budget, redirects and retries included (a chain of slow hops
        # must not hold a link for max-redirects × attempts × timeout)
        budget = self.s.timeout * self.s.attempts * 2 + self.s.max_retry_after * (self.s.attempts - 1)
        try:
            async with asyncio.timeout(budget):
                self.out[url] = await self.resolve(url, anchors)
        except TimeoutError:
            self.out[url] = Verdict(BROKEN, f"broken link: no answer within {budget:g} s in all "
                                            f"(redirects and retries included)")
        except Exception as e:  # a bug in one target must not lose the others
            self.out[url] = Verdict(UNVERIFIED, f"unverified: internal error ({type(e).__name__}: {e})")
        finally:
            if not fut.done():
                fut.set_result(None)
        if progress:
            progress()

    async def settle(self, urls, timeout: float) -> dict[str, Verdict]:
        """The verdicts of ``urls`` (submitted), waiting at most ``timeout`` seconds; when
        time is up, nothing more is requested and what is left is unverified."""
        futs = [self.waiting[u] for u in urls if u in self.waiting]
        if futs:
            _done, pending = await asyncio.wait(futs, timeout=max(0.0, timeout))
            if pending:
                self.queue.clear()
                running = list(self.running)
                for t in running:
                    t.cancel()
                await asyncio.gather(*running, return_exceptions=True)
        out = {}
        for u in urls:
            v = self.out.get(u)
            if v is None:
                v = self.out[u] = Verdict(UNVERIFIED, f"unverified: not checked within the run's time budget "
                                                      f"(run-timeout {self.s.run_timeout:g} s)")
            out[u] = v
        return out

    async def end(self) -> None:
        await self.client.aclose()
        self.stats.requests = self.client.requests
        self.stats.by_method = dict(self.client.by_method)

    async def run(self, targets: list[tuple[str, bool]], progress=None) -> dict[str, Verdict]:
        self.begin()
        try:
            for u, a in targets:
                self.submit(u, a, progress)
            return await self.settle([u for u, _a in targets], self.s.run_timeout)
        finally:
            await self.end()


def _chain(start: str, hops: list[tuple[int, str]]) -> str:
    parts = [start] + [u for _s, u in hops]
    if len(parts) > 4:
        parts = parts[:2] + ["…"] + parts[-1:]
    return " → ".join(parts)


def _via(hops: list[tuple[int, str]], final: str) -> str:
    if not hops:
        return ""
    return f" (after {len(hops)} redirect{'s' if len(hops) > 1 else ''}, at {final})"
