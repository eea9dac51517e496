"""The crawler's GETs, through the shared HTTP layer (:mod:`contentguard.net.http`), with
the crawler's politeness on top: per-host concurrency, a delay between request starts,
and a pause for a ``Retry-After``."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from contentguard.audit.scope import Options
from contentguard.checks import links
from contentguard.net import http as net
from contentguard.net.guard import Guard

#: a page's time budget, in request timeouts, when --page-timeout is not given: as long as
#: three requests that each use their whole timeout (60 s at the default 20 s), whatever
#: mix of slow answers, redirects and retry waits fills it. Before, a page had no overall
#: bound: 20 redirect hops of 2 s took 40 s, and with retries a chain could take
#: (max-redirects + 1) × attempts × timeout plus the retry waits, over half an hour.
PAGE_BUDGET_TIMEOUTS = 3


# --- fetching ------------------------------------------------------------------------

@dataclass
class Fetched:
    url: str
    final_url: str
    status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    error: str | None = None
    redirects: list = field(default_factory=list)  # (status, url)
    elapsed_ms: int = 0
    charset: str | None = None
    stopped: bool = False  # a redirect the crawler chose not to follow
    truncated: bool = False  # only the first ``cap`` bytes were read (``partial``)


class HostGate:
    """Politeness for one host: at most ``concurrency`` requests in flight, request
    starts ``delay`` seconds apart, everything paused for a ``Retry-After``."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.delay = max(0.0, delay)
        self.next_start = 0.0
        self.pause_until = 0.0

    async def __aenter__(self):
        await self.sem.acquire()
        try:
            while True:
                now = time.monotonic()
                at = max(self.next_start, self.pause_until)
                if at <= now:
                    self.next_start = now + self.delay
                    return self
                await asyncio.sleep(at - now)
        except BaseException:  # cancelled while waiting (a page's budget, Ctrl-C): give the slot back
            self.sem.release()
            raise

    async def __aexit__(self, *exc):
        self.sem.release()
        return False

    def free(self) -> bool:
        """Whether a request may start right now, without waiting (a slot free, no delay
        or pause still running)."""
        return not self.sem.locked() and max(self.next_start, self.pause_until) <= time.monotonic()

    def pause(self, seconds: float) -> None:
        self.pause_until = max(self.pause_until, time.monotonic() + seconds)


class Fetcher:
    """GET through the shared HTTP layer (:mod:`contentguard.net.http`): the link check's
    settings and guard, the bounded reader, the redirect follower, the retry rule; this
    class adds only the crawler's politeness (:class:`HostGate`)."""

    def __init__(self, ctx, opts: Options, transport=None, guard: Guard | None = None) -> None:
        self.settings = links.settings(ctx)
        if opts.timeout:
            self.settings.timeout = float(opts.timeout)
        self.guard = guard or Guard(ctx.allow_private, links.option(ctx, "allow-networks"), ctx.private_hosts)
        self.client = net.Client(self.settings, self.guard, transport)
        self.opts = opts
        self.gates: dict[str, HostGate] = {}
        #: seconds one get() may take across redirects and retries (politeness waits excluded)
        self.budget = float(opts.page_timeout or PAGE_BUDGET_TIMEOUTS * self.settings.timeout)

    @property
    def requests(self) -> int:
        return self.client.requests

    def open(self) -> None:
        self.client.open()

    async def close(self) -> None:
        await self.client.aclose()

    def gate(self, url: str) -> HostGate:
        key = urlsplit(url).netloc
        g = self.gates.get(key)
        if g is None:
            g = self.gates[key] = HostGate(self.opts.concurrency, self.opts.delay)
        return g

    async def check_address(self, url: str) -> None:
        """Raise BlockedAddress (refused) or OSError (DNS) for the URL's host."""
        p = urlsplit(url)
        await self.guard.check(p.hostname or "", p.port or (443 if p.scheme == "https" else 80))

    async def get(self, url: str, cap: int | None = None, html_only: bool = True, follow=None,
                  partial: bool = False) -> Fetched:
        """GET ``url``, redirects followed while ``follow(next_url)`` says so (the crawler
        declines a hop to a page it has, or is, fetching: ``stopped`` is then set).
        A body over ``cap`` bytes is an error, or with ``partial`` its first ``cap`` bytes
        (``truncated`` set: robots.txt, which RFC 9309 reads up to a limit)."""
        cap = cap or self.settings.max_bytes
        t0 = time.monotonic()
        read = _reader(cap, html_only)
        loop = asyncio.get_running_loop()
        chain: list[str] = []  # the redirect hops taken
        tries = 0
        budget = asyncio.timeout(self.budget)

        async def once(u: str) -> net.Reply:
            gate = self.gate(u)

            async def attempt(_n: int) -> net.Reply:
                nonlocal tries
                # waiting for our own politeness (--delay, Crawl-delay, other pages in
                # flight) is not the page's time: the budget's clock stops meanwhile (a gate
                # that lets the request through at once stops nothing: two timer moves saved)
                if gate.free():
                    async with gate:
                        tries += 1
                        return await self.client.request("GET", u, read)
                left = budget.when() - loop.time()
                budget.reschedule(None)
                async with gate:
                    budget.reschedule(loop.time() + left)
                    tries += 1
                    return await self.client.request("GET", u, read)

            def on_wait(r: net.Reply, wait: float) -> None:
                if r.status in (429, 503):
                    gate.pause(wait)

            return await net.with_retries(self.settings, attempt, on_wait)

        def hop(nxt: str) -> bool:
            if follow is not None and not follow(nxt):
                return False
            chain.append(nxt)
            return True

        try:
            async with budget:
                f = await net.follow(self.guard, url, once, self.settings.max_redirects, accept_hop=hop)
        except TimeoutError:
            if not budget.expired():
                raise
            out = Fetched(url, chain[-1] if chain else url)
            out.error = (f"timed out: the page's time budget ({self.budget:g} s, --page-timeout) ran out "
                         f"after {tries} request{'s' * (tries != 1)} and {len(chain)} "
                         f"redirect{'s' * (len(chain) != 1)}; not checked")
        else:
            out = _fetched_from(url, f, cap, html_only, partial)
        out.elapsed_ms = int((time.monotonic() - t0) * 1000)
        return out


def _reader(cap: int, html_only: bool):
    """The crawler's body reader: a 2xx page's whole body, up to ``cap`` bytes decompressed."""

    async def read(resp, r: net.Reply) -> None:
        if not (200 <= r.status < 300):
            if 0 <= r.length <= net.DRAIN_CAP:
                await net.drain(resp)
            return
        ctype = r.content_type.split(";")[0].strip()
        if html_only and ctype and "html" not in ctype:
            return
        r.body, r.complete = await net.read_body(resp, cap)

    return read


def _fetched_from(url: str, f: net.Followed, cap: int, html_only: bool, partial: bool = False) -> Fetched:
    r = f.reply
    out = Fetched(url, f.url, redirects=list(f.hops))
    if f.stop == "blocked":
        out.error = f"refused: {f.why} (pass --allow-private to crawl it)"
        return out
    if f.stop == "dns":
        out.error = f.why
        return out
    out.status = r.status or None
    out.content_type = r.content_type.split(";")[0].strip() or None
    out.charset = r.charset
    if f.stop == "declined":
        out.stopped = True
        return out
    if f.stop == "loop":
        out.error = f"redirect loop ({' → '.join([url] + [u for _s, u in f.hops][:3])} …)"
        return out
    if f.stop:
        out.error = f.why
        return out
    if r.error:
        out.error = r.error
        out.status = None
        return out
    if 200 <= r.status < 300:
        if html_only and out.content_type and "html" not in out.content_type:
            out.error = f"not an HTML page ({out.content_type})"
        elif not r.complete:
            if partial and r.body and (len(r.body) >= cap or r.length > cap):
                out.body, out.truncated = r.body[:cap], True
            elif len(r.body) >= cap or r.length > cap:
                out.error = f"body larger than {cap} bytes (max-bytes); not checked"
            else:
                out.error = f"body could not be decoded (content-encoding {r.encoding or '?'})"
        else:
            out.body = r.body
    return out
