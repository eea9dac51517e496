"""External links: each unique URL resolved once, concurrently, with bounded everything.

* httpx (imported here, lazily): an ``AsyncClient`` owns the transport, and requests go
  straight to its transport (the client's per-request middleware, cookies, auth and
  redirect handling, is not needed here and cost a fifth of the CPU); one keep-alive
  connection per (host, slot); no proxies from the environment (they would bypass the
  address guard);
* a global limit (``max-concurrency``) and an adaptive per-host limit (``max-per-host``)
  that halves on a 429 and pauses the host for its ``Retry-After``, then grows back;
* HEAD for file-like URLs (``.pdf``, images, archives...) with GET when HEAD is refused;
  GET for pages, streamed and stopped early: after ``</title>`` (soft 404s), or after
  the whole page up to ``max-bytes`` when a fragment must be found;
* bodies are decompressed here, incrementally, with an output cap, so a gzip bomb is
  never inflated beyond the cap;
* redirects are followed by hand (up to ``max-redirects``), each hop through the guard;
* retries with exponential backoff and jitter for 5xx, 408, 429, timeouts and dropped
  connections (not for other 4xx or refused connections); ``Retry-After`` honoured up
  to a cap; a hard deadline on every attempt (a slow drip cannot hold a link forever).
"""
from __future__ import annotations

import asyncio
import email.utils
import errno
import html as _html
import random
import re
import time
import zlib
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from contentguard.checks._links.guard import BlockedAddress, Guard, guarded_backend
from contentguard.checks._links.verdict import BROKEN, OK, REDIRECT, SKIPPED, UNVERIFIED, Verdict

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
RETRY_STATUS = frozenset((408, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524, 598, 599))
HEAD_FALLBACK = frozenset((400, 403, 404, 405, 406, 409, 500, 501, 502, 503))
BOT_WALL = frozenset((401, 403, 999))
KEEPALIVE = 5.0  # seconds an idle connection is kept
TITLE_CAP = 256 << 10  # bytes read (decompressed) to find a soft 404's <title>
DRAIN_CAP = 64 << 10  # error bodies smaller than this are read so the connection is reused

#: path extensions of things that are not HTML pages: checked with HEAD first
FILE_EXTS = frozenset("""
pdf zip gz tgz bz2 xz 7z rar tar dmg exe msi pkg deb rpm apk iso img bin jar war whl epub mobi
png jpg jpeg gif svg webp avif ico bmp tif tiff heic psd ai eps
css js mjs map json xml rss atom txt csv tsv ics vcf md yaml yml toml
woff woff2 ttf otf eot
mp3 mp4 m4a m4v webm ogg oga ogv wav flac aac mov avi mkv wmv
doc docx xls xlsx ppt pptx odt ods odp rtf key numbers pages
""".split())

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_TITLE_END = re.compile(rb"</title|<body", re.I)
_ANCHOR = re.compile(rb"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.S)
_SOFT404 = re.compile(
    r"^\s*(?:error\s*)?404\b|\b404\b.*\bnot\s+found\b|\bpage\s+not\s+found\b|^\s*not\s+found\s*$"
    r"|\bpage\s+(?:does\s+not|doesn['\u2019]t)\s+exist|\b(?:page|content)\s+(?:cannot|can['\u2019]t|could\s+not|"
    r"couldn['\u2019]t)\s+be\s+found", re.I)


@dataclass
class Settings:
    timeout: float = 20.0
    attempts: int = 3
    retry_wait: float = 1.0
    max_retry_after: float = 20.0
    accept: tuple = ((200, 299),)
    user_agent: str = ""
    headers: dict = field(default_factory=dict)  # host or "*" -> {name: value}
    max_concurrency: int = 128
    max_per_host: int = 10
    max_redirects: int = 20
    max_bytes: int = 5_000_000
    method: str = "auto"
    soft404: bool = True
    run_timeout: float = 600.0
    ca_file: str | None = None

    def accepted(self, status: int) -> bool:
        return any(lo <= status <= hi for lo, hi in self.accept)


def parse_accept(items: list[str]) -> tuple:
    """``["200..299", "403", "200..=204", "500-599"]`` → ((lo, hi), ...); ranges are inclusive."""
    out = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            m = re.fullmatch(r"(\d{3})?\s*(?:\.\.=?|-)\s*(\d{3})?", part)
            if m and (m.group(1) or m.group(2)):
                out.append((int(m.group(1) or 100), int(m.group(2) or 999)))
            elif re.fullmatch(r"\d{3}", part):
                out.append((int(part), int(part)))
            else:
                raise ValueError(f"bad status code or range {part!r}")
    return tuple(out)


class HostLimiter:
    """Per-host concurrency that backs off on 429 (halve, pause) and grows back (+1).

    Each holder gets a slot number (0..max-1); a slot keeps its own keep-alive connection,
    so a request never scans a big shared pool (httpcore's pool is O(connections × queue)
    per request, which dominated the run time at 64+ connections).
    """

    def __init__(self, limit: int) -> None:
        self.max = max(1, limit)
        self.limit = self.max
        self.active = 0
        self.good = 0
        self.resume_at = 0.0
        self.waiters: deque[asyncio.Future] = deque()
        self.free = list(range(self.max - 1, -1, -1))  # LIFO: the warmest connection first

    async def acquire(self) -> int:
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
        slot = self.free.pop()
        pause = self.resume_at - time.monotonic()
        if pause > 0:
            try:
                await asyncio.sleep(pause)
            except asyncio.CancelledError:
                self.release(slot, ok=False)
                raise
        return slot

    def release(self, slot: int, ok: bool = True) -> None:
        self.active -= 1
        self.free.append(slot)
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


#: the (host, slot) the current request runs in: picks the slot's connection pool
_SLOT: ContextVar[tuple[str, int]] = ContextVar("contentguard_link_slot", default=("", 0))


def _SlotTransport(factory, base):
    """An httpx transport that hands each (host, slot) its own one-connection pool."""

    class SlotTransport(base):
        def __init__(self) -> None:
            self.subs: dict[tuple[str, int], object] = {}
            self.used: dict[tuple[str, int], float] = {}
            self.closing: set = set()
            self.last_prune = time.monotonic()

        async def handle_async_request(self, request):
            key = _SLOT.get()
            t = self.subs.get(key)
            if t is None:
                t = self.subs[key] = factory()
            self.used[key] = float("inf")  # in use
            return await t.handle_async_request(request)

        def done(self, key) -> None:
            if key in self.used:
                self.used[key] = time.monotonic()
            now = time.monotonic()
            if now - self.last_prune > KEEPALIVE:
                self.last_prune = now
                for k, when in list(self.used.items()):
                    if now - when > KEEPALIVE:  # idle past keep-alive: its connection is gone
                        fut = asyncio.ensure_future(self.subs.pop(k).aclose())
                        self.closing.add(fut)
                        fut.add_done_callback(self.closing.discard)
                        del self.used[k]

        async def aclose(self) -> None:
            for t in list(self.subs.values()):
                try:
                    await t.aclose()
                except Exception:
                    pass
            if self.closing:
                await asyncio.gather(*self.closing, return_exceptions=True)

    return SlotTransport()


@dataclass
class Response:
    status: int = 0
    reason: str = ""
    location: str | None = None
    retry_after: float | None = None
    html: bool = False
    title: str | None = None
    anchors: frozenset | None = None
    challenge: bool = False
    error: str | None = None  # transport failure, when status == 0
    retryable: bool = False
    timeout: bool = False


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    by_method: dict = field(default_factory=dict)


def retry_after(value: str | None) -> float | None:
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def soft404_title(title: str | None) -> bool:
    return bool(title) and bool(_SOFT404.search(title))


def page_anchors(body: bytes) -> frozenset:
    out = set()
    for m in _ANCHOR.finditer(body):
        raw = m.group(1) if m.group(1) is not None else (m.group(2) if m.group(2) is not None else m.group(3))
        val = raw.decode("utf-8", "replace")
        out.add(_html.unescape(val) if "&" in val else val)
    return frozenset(out)


class Resolver:
    def __init__(self, settings: Settings, guard: Guard) -> None:
        self.s = settings
        self.guard = guard
        self.stats = Stats()
        self.hosts: dict[str, HostLimiter] = {}
        self.sem: asyncio.Semaphore | None = None
        self.client = None

    # --- plumbing -------------------------------------------------------------
    def _client(self):
        import ssl

        import certifi
        import httpx

        ssl_ctx = ssl.create_default_context(cafile=certifi.where())  # built once, shared
        if self.s.ca_file:
            ssl_ctx.load_verify_locations(cafile=self.s.ca_file)  # a company or staging CA, added
        backend = guarded_backend(self.guard)

        def factory():
            t = httpx.AsyncHTTPTransport(verify=ssl_ctx, retries=0, limits=httpx.Limits(
                max_connections=2, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE))
            pool = getattr(t, "_pool", None)
            if pool is not None and hasattr(pool, "_network_backend"):
                pool._network_backend = backend  # the guard again at connect time, pinned addresses
            return t

        self.transport = _SlotTransport(factory, httpx.AsyncBaseTransport)
        self._httpx = httpx
        self._base_headers = {"User-Agent": self.s.user_agent,
                              "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                              "Accept-Encoding": "gzip, deflate"}
        self._ext = {"timeout": httpx.Timeout(self.s.timeout).as_dict()}
        return httpx.AsyncClient(transport=self.transport, timeout=httpx.Timeout(self.s.timeout),
                                 follow_redirects=False, trust_env=False, headers={
                                     "User-Agent": self.s.user_agent,
                                     "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                                     "Accept-Encoding": "gzip, deflate",
                                 })

    def _headers_for(self, host: str) -> dict | None:
        if not self.s.headers:
            return None
        h = dict(self.s.headers.get("*", {}))
        h.update(self.s.headers.get(host, {}))
        return h or None

    async def _read(self, resp, cap: int, title_only: bool) -> tuple[bytes, bool]:
        """Up to ``cap`` decompressed bytes of the body; (data, complete)."""
        enc = resp.headers.get("content-encoding", "").lower().strip()
        if enc in ("gzip", "x-gzip"):
            dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            dec = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header
        elif enc in ("", "identity"):
            dec = None
        else:
            return b"", False  # an encoding we did not ask for
        out = bytearray()
        raw = 0
        async for chunk in resp.aiter_raw():
            raw += len(chunk)
            room = cap - len(out)
            if dec is not None:
                try:
                    out += dec.decompress(chunk, room)
                except zlib.error:
                    return bytes(out), False
                if dec.unconsumed_tail or len(out) >= cap:
                    return bytes(out), False
            else:
                out += chunk[:room]
                if len(chunk) > room or len(out) >= cap:
                    return bytes(out), False
            if raw >= cap:
                return bytes(out), False
            if title_only and _TITLE_END.search(out, max(0, len(out) - len(chunk) * 4 - 16)):
                return bytes(out), False
        return bytes(out), True

    async def _once(self, method: str, url: str, need: str, host: str) -> Response:
        r = Response()
        self.stats.requests += 1
        self.stats.by_method[method] = self.stats.by_method.get(method, 0) + 1
        async with asyncio.timeout(self.s.timeout):
            extra = self._headers_for(host)
            headers = self._base_headers if extra is None else {**self._base_headers, **extra}
            req = self._httpx.Request(method, url, headers=headers, extensions=self._ext)
            resp = await self.transport.handle_async_request(req)
            try:
                r.status = resp.status_code
                r.reason = resp.reason_phrase
                r.location = resp.headers.get("location")
                r.retry_after = retry_after(resp.headers.get("retry-after"))
                r.challenge = (resp.headers.get("cf-mitigated", "").lower() == "challenge")
                ctype = resp.headers.get("content-type", "").lower()
                r.html = "html" in ctype
                try:
                    length = int(resp.headers.get("content-length", "-1"))
                except ValueError:
                    length = -1
                if method == "GET" and 200 <= r.status < 300 and r.html and need != "none":
                    cap = self.s.max_bytes if need == "anchors" else min(TITLE_CAP, self.s.max_bytes)
                    # a small page is read to its end: the connection stays reusable
                    title_only = need == "title" and not (0 <= length <= DRAIN_CAP)
                    body, complete = await self._read(resp, cap, title_only=title_only)
                    m = _TITLE.search(body)
                    if m:
                        r.title = _html.unescape(m.group(1).decode("utf-8", "replace")).strip()
                    if need == "anchors":
                        anchors = page_anchors(body)
                        # a truncated page: the anchors seen so far, and "unknown" beyond
                        r.anchors = anchors if complete else frozenset(anchors | {"\x00truncated"})
                elif method == "HEAD" or 0 <= length <= DRAIN_CAP:
                    # read to the end of the message (empty for HEAD) so the connection is
                    # reused; an unread response makes httpcore close it
                    async for _ in resp.aiter_raw():
                        pass
            finally:
                await resp.aclose()
        return r

    async def _attempt(self, method: str, url: str, need: str, limiter: HostLimiter, key: str,
                       host: str) -> Response:
        import httpx

        slot = await limiter.acquire()
        ok = False
        token = _SLOT.set((key, slot))
        try:
            async with self.sem:
                try:
                    r = await self._once(method, url, need, host)
                    ok = r.status != 429
                    return r
                except (TimeoutError, httpx.TimeoutException):
                    return Response(error=f"timed out after {self.s.timeout:g} s", retryable=True, timeout=True)
                except httpx.ConnectError as e:
                    return Response(error=connect_message(e))
                except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as e:
                    return Response(error=f"connection dropped ({type(e).__name__}: {e or 'no answer'})",
                                    retryable=True)
                except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError) as e:
                    return Response(error=f"invalid URL ({e})")
                except BlockedAddress:
                    raise
                except OSError as e:  # DNS failures from the guard's lookup
                    return Response(error=f"DNS lookup failed ({e.strerror or e})")
        finally:
            _SLOT.reset(token)
            self.transport.done((key, slot))
            limiter.release(slot, ok)

    async def _request(self, url: str, parts, need: str) -> Response:
        """One URL, retries and the HEAD→GET fallback included (no redirects followed)."""
        key = f"{parts.scheme}://{parts.netloc}"
        host = parts.hostname or ""
        limiter = self.hosts.get(key)
        if limiter is None:
            limiter = self.hosts[key] = HostLimiter(self.s.max_per_host)
        method = self._method(parts.path, need)
        r = Response()
        for attempt in range(1, max(1, self.s.attempts) + 1):
            r = await self._attempt(method, url, need, limiter, key, host)
            if method == "HEAD" and r.status in HEAD_FALLBACK:
                method = "GET"
                r = await self._attempt(method, url, need, limiter, key, host)
            retry = r.retryable if r.error else r.status in RETRY_STATUS
            if not retry or attempt >= self.s.attempts:
                return r
            wait = self.s.retry_wait * (2 ** (attempt - 1)) * (1 + random.random() * 0.5)
            if r.retry_after is not None:
                wait = max(min(r.retry_after, self.s.max_retry_after), 0.05) + random.random() * 0.25
            if r.status == 429:
                limiter.throttle(wait)
            self.stats.retries += 1
            await asyncio.sleep(wait)
        return r

    def _method(self, path: str, need: str) -> str:
        if self.s.method == "get" or need == "anchors":
            return "GET"
        if self.s.method == "head":
            return "HEAD"
        last = path.rsplit("/", 1)[-1]
        ext = last.rsplit(".", 1)[-1].lower() if "." in last else ""
        return "HEAD" if ext in FILE_EXTS else "GET"

    # --- one target -----------------------------------------------------------
    async def resolve(self, url: str, need_anchors: bool) -> Verdict:
        need = "anchors" if need_anchors else ("title" if self.s.soft404 else "none")
        start = url
        hops: list[tuple[int, str]] = []
        seen = {url}
        while True:
            parts = urlsplit(url)
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
                await self.guard.check(parts.hostname or "", port)
            except BlockedAddress as e:
                via = f" (reached by a redirect from {start})" if hops else ""
                return Verdict(SKIPPED, f"not checked: {e}{via}; set allow-private (or --allow-private) "
                                        f"to check private addresses")
            except (OSError, ValueError) as e:
                return Verdict(BROKEN, f"broken link: DNS lookup failed for {parts.hostname} "
                                       f"({getattr(e, 'strerror', None) or e})" + _via(hops, url))
            try:
                r = await self._request(url, parts, need)
            except BlockedAddress as e:
                return Verdict(SKIPPED, f"not checked: {e}; set allow-private (or --allow-private) "
                                        f"to check private addresses")
            if r.error:
                tries = f" ({self.s.attempts} attempts)" if r.retryable and self.s.attempts > 1 else ""
                return Verdict(BROKEN, f"broken link: {r.error}{tries}" + _via(hops, url))
            if r.status in REDIRECTS and r.location:
                nxt = urljoin(url, r.location.strip()).split("#", 1)[0]
                if urlsplit(nxt).scheme not in ("http", "https"):
                    return Verdict(BROKEN, f"broken link: redirects to an unsupported address {nxt}")
                hops.append((r.status, nxt))
                if nxt in seen:
                    return Verdict(BROKEN, f"broken link: redirect loop ({_chain(start, hops)})", r.status)
                if len(hops) > self.s.max_redirects:
                    return Verdict(BROKEN, f"broken link: more than {self.s.max_redirects} redirects "
                                           f"(max-redirects)", r.status)
                seen.add(nxt)
                url = nxt
                continue
            break
        status = r.status
        if self.s.accepted(status) and not (300 <= status < 400):
            if self.s.soft404 and soft404_title(r.title):
                return Verdict(BROKEN, f"broken link: soft 404 (HTTP {status}, page title "
                                       f"\"{r.title[:80]}\")" + _via(hops, url), status)
            perm = 0
            while perm < len(hops) and hops[perm][0] in PERMANENT:
                perm += 1
            anchors = r.anchors
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
    async def run(self, targets: list[tuple[str, bool]], progress=None) -> dict[str, Verdict]:
        self.sem = asyncio.Semaphore(max(1, self.s.max_concurrency))
        out: dict[str, Verdict] = {}
        self.client = self._client()
        try:
            # one link's whole budget, redirects and retries included (a chain of slow hops
            # must not hold a link for max-redirects × attempts × timeout)
            budget = self.s.timeout * self.s.attempts * 2 + self.s.max_retry_after * (self.s.attempts - 1)

            async def one(url: str, anchors: bool) -> None:
                try:
                    async with asyncio.timeout(budget):
                        out[url] = await self.resolve(url, anchors)
                except TimeoutError:
                    out[url] = Verdict(BROKEN, f"broken link: no answer within {budget:g} s in all "
                                               f"(redirects and retries included)")
                except Exception as e:  # a bug in one target must not lose the others
                    out[url] = Verdict(UNVERIFIED, f"unverified: internal error ({type(e).__name__}: {e})")
                if progress:
                    progress()

            tasks = [asyncio.ensure_future(one(u, a)) for u, a in targets]
            if tasks:
                _done, pending = await asyncio.wait(tasks, timeout=self.s.run_timeout)
                for t in pending:
                    t.cancel()
                if pending:
                    await asyncio.gather(*pending, return_exceptions=True)
            for u, _a in targets:
                if u not in out:
                    out[u] = Verdict(UNVERIFIED, f"unverified: not checked within the run's time budget "
                                                 f"(run-timeout {self.s.run_timeout:g} s)")
        finally:
            await self.client.aclose()
        return out


def connect_message(e: Exception) -> str:
    seen = 0
    x: BaseException | None = e
    while x is not None and seen < 10:  # the OS error sits a few causes down
        if isinstance(x, ConnectionRefusedError) or getattr(x, "errno", None) == errno.ECONNREFUSED:
            return "connection refused"
        if isinstance(x, TimeoutError):
            return "connection timed out"
        x = x.__cause__ or x.__context__
        seen += 1
    text = str(e) or type(e).__name__
    low = text.lower()
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low \
            or "temporary failure in name resolution" in low:
        return f"DNS lookup failed ({text})"
    if text.startswith("TLS error"):
        return text
    if "certificate" in low or "ssl" in low:
        return f"TLS error ({text})"
    return f"cannot connect ({text})"


def _chain(start: str, hops: list[tuple[int, str]]) -> str:
    parts = [start] + [u for _s, u in hops]
    if len(parts) > 4:
        parts = parts[:2] + ["…"] + parts[-1:]
    return " → ".join(parts)


def _via(hops: list[tuple[int, str]], final: str) -> str:
    if not hops:
        return ""
    return f" (after {len(hops)} redirect{'s' if len(hops) > 1 else ''}, at {final})"
