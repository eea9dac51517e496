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
import re
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from contentguard.audit.store import Store
from contentguard.checks import links
from contentguard.findings import Finding, fingerprint
from contentguard.net import http as net
from contentguard.net.guard import BlockedAddress, Guard

#: robots.txt token of the tool
ROBOTS_AGENT = "contentguard"
#: links of these elements are pages to crawl; others (img, script, link...) are assets
PAGE_ELEMENTS = frozenset(("a", "area"))
TWO_PHASE_BATCH = 500
SUPS = "\x00suppressions"  # the pending row holding a page's inline suppressions
MAX_SITEMAPS = 50
MAX_SITEMAP_URLS = 500_000
SITEMAP_BYTES = 50 << 20  # the sitemap protocol's own limit (uncompressed)
ROBOTS_BYTES = 512 << 10
MAX_CRAWL_DELAY = 30.0


class AuditError(Exception):
    """A usage problem (refused address, nothing to resume): exit 2 with the message."""


# --- options and scope -------------------------------------------------------------

@dataclass
class Options:
    target: str
    mode: str  # url | dir
    max_pages: int = 10_000
    max_depth: int = 50
    scope: str = "host"  # host | prefix
    include: list = field(default_factory=list)
    exclude: list = field(default_factory=list)
    delay: float = 0.0
    concurrency: int = 4
    allow_private: bool = False
    timeout: float | None = None
    jobs: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Options":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def normalise(url: str) -> str | None:
    """The crawl's identity of a page: scheme and host lower-cased, default port and
    fragment dropped, empty path ``/`` (the link check's own normalisation), and a folder's
    ``index.html`` named as the folder (``/`` and ``/index.html`` are one page)."""
    k = links.external(url.strip())
    if k.reason == "malformed":
        return None
    p = urlsplit(k.url)
    if p.scheme not in ("http", "https"):
        return None
    for index in ("/index.html", "/index.htm"):
        if p.path.endswith(index):
            return urlunsplit(p._replace(path=p.path[:-len(index) + 1]))
    return k.url


@dataclass
class Scope:
    """Which URLs belong to the audit: same host (or under the start URL's folder),
    include/exclude regexes searched in the URL (include wins)."""

    start: str
    mode: str = "host"
    include: tuple = ()
    exclude: tuple = ()

    def __post_init__(self) -> None:
        p = urlsplit(self.start)
        self.netloc = p.netloc
        path = p.path or "/"
        self.prefix = f"{p.netloc}{path[:path.rfind('/') + 1]}"
        self._inc = [re.compile(x) for x in self.include]
        self._exc = [re.compile(x) for x in self.exclude]

    def __getstate__(self):
        return {"start": self.start, "mode": self.mode, "include": self.include, "exclude": self.exclude}

    def __setstate__(self, st):
        self.__init__(**st)

    def allows(self, url: str) -> bool:
        p = urlsplit(url)
        if p.scheme not in ("http", "https") or p.netloc != self.netloc:
            return False
        if self.mode == "prefix" and not f"{p.netloc}{p.path}".startswith(self.prefix):
            return False
        if url == self.start:
            return True
        if self._inc and not any(r.search(url) for r in self._inc):
            return False
        return not any(r.search(url) for r in self._exc)


def looks_like_file(url: str) -> bool:
    """A link to a PDF, an image, an archive...: the link check's business, not a page."""
    return net.looks_like_file(url)


# --- per-page processing (in worker processes) -------------------------------------

@dataclass
class PageResult:
    findings: list
    collected: dict  # two-phase check name -> list of picklable data
    outlinks: list  # (url, line, col, end_line, end_col, text as written)
    title: str | None = None
    skipped: str | None = None
    sups: list = field(default_factory=list)  # inline suppressions, for two-phase findings
    anchors: tuple = ()  # the page's ids and names
    fraglinks: list = field(default_factory=list)  # (target, fragment, line, col, end_line, end_col, text)


_W: dict = {}


def _worker_init(ctx) -> None:
    from contentguard import engine

    _W["ctx"] = ctx
    _W["checks"] = engine.active_checks(ctx)
    for chk in _W["checks"]:
        chk.setup(ctx)


def _worker_process_init(ctx) -> None:
    """A pool worker: set up like the main process, and end with it (even on kill -9)."""
    from contentguard import engine

    engine.die_with_parent()
    _worker_init(ctx)


def _ready() -> bool:
    return True


def _title(doc) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title\s*>", doc.source[:65536], re.I | re.S)
    if not m:
        return None
    import html as _html

    return " ".join(_html.unescape(m.group(1)).split())[:200] or None


def process_page(url: str, text: str, scope: Scope) -> PageResult:
    """Parse a fetched page, split its links (in-scope pages → the crawl frontier; the
    rest, made absolute, stay on the document for the link check) and run the checks."""
    from contentguard import engine
    from contentguard.document import Link
    from contentguard.sources import parse

    ctx = _W["ctx"]
    loaded = parse(url, text, kind="html")
    outlinks: list = []
    fraglinks: list = []
    anchors: set = set()
    title = None
    for doc in loaded.documents:
        title = title or _title(doc)
        anchors |= doc.anchors
        keep = []
        for ln in doc.links:
            raw = ln.url.strip()
            k = links.classify(raw)
            if raw.lower().startswith("file:"):
                continue  # a live page's file: link points into the reader's own disk, not ours
            if k.kind in ("ignored", "unsupported"):
                keep.append(ln)
                continue
            absu = urljoin(url, raw)
            norm = normalise(absu)
            if norm is not None and ln.element in PAGE_ELEMENTS and scope.allows(norm) \
                    and not looks_like_file(norm):
                line, col = doc.lines.position(ln.start)
                end_line, end_col = doc.lines.end_position(ln.end) if ln.end > ln.start else (line, col)
                written = doc.source[ln.start:ln.end][:500]
                outlinks.append((norm, line, col, end_line, end_col, written))
                if "#" in absu:
                    frag = absu.split("#", 1)[1]
                    if frag and frag.lower() != "top" and not frag.startswith(":~:"):
                        fraglinks.append((norm, frag, line, col, end_line, end_col, written))
                continue
            keep.append(Link(absu, ln.start, ln.end, ln.element))
        doc.links = keep
    res = engine.process_loaded(ctx, loaded, url, _W["checks"])
    return PageResult(res.findings, res.collected, outlinks, title, res.skipped, res.sups,
                      tuple(sorted(anchors)), fraglinks)


def process_file(fs_path: str, display: str) -> PageResult:
    from contentguard import engine

    res = engine.process_file(_W["ctx"], fs_path, display, _W["checks"])
    return PageResult(res.findings, res.collected, [], None, res.skipped, res.sups)


def page_text(body: bytes, charset: str | None) -> str:
    """The page as text: the header's charset, else UTF-8, else the page's own
    ``<meta charset>`` (a legacy page), else UTF-8 with replacement characters."""
    from contentguard.sources import decode

    def norm(c: str) -> str:
        return c.lower().replace("-", "").replace("_", "")

    if charset and norm(charset) not in ("utf8", "usascii", "ascii"):
        try:
            return body.decode(charset, "replace")
        except LookupError:
            pass
    text, bad = decode(body)
    if bad and not charset:
        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", body[:4096], re.I)
        if m and norm(m.group(1).decode("ascii", "replace")) not in ("utf8", "usascii", "ascii"):
            try:
                return body.decode(m.group(1).decode("ascii"), "replace")
            except LookupError:
                pass
    return text


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
        while True:
            now = time.monotonic()
            at = max(self.next_start, self.pause_until)
            if at <= now:
                self.next_start = now + self.delay
                return self
            await asyncio.sleep(at - now)

    async def __aexit__(self, *exc):
        self.sem.release()
        return False

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

    async def get(self, url: str, cap: int | None = None, html_only: bool = True, follow=None) -> Fetched:
        """GET ``url``, redirects followed while ``follow(next_url)`` says so (the crawler
        declines a hop to a page it has, or is, fetching: ``stopped`` is then set)."""
        cap = cap or self.settings.max_bytes
        t0 = time.monotonic()
        read = _reader(cap, html_only)

        async def once(u: str) -> net.Reply:
            gate = self.gate(u)

            async def attempt(_n: int) -> net.Reply:
                async with gate:
                    return await self.client.request("GET", u, read)

            def on_wait(r: net.Reply, wait: float) -> None:
                if r.status in (429, 503):
                    gate.pause(wait)

            return await net.with_retries(self.settings, attempt, on_wait)

        f = await net.follow(self.guard, url, once, self.settings.max_redirects, accept_hop=follow)
        out = _fetched_from(url, f, cap, html_only)
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


def _fetched_from(url: str, f: net.Followed, cap: int, html_only: bool) -> Fetched:
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
            if len(r.body) >= cap or r.length > cap:
                out.error = f"body larger than {cap} bytes (max-bytes); not checked"
            else:
                out.error = f"body could not be decoded (content-encoding {r.encoding or '?'})"
        else:
            out.body = r.body
    return out


# --- robots.txt and sitemaps -----------------------------------------------------------

class Robots:
    def __init__(self) -> None:
        self.parser = None
        self.disallow_all = False
        self.crawl_delay: float | None = None
        self.sitemaps: list[str] = []

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(ROBOTS_AGENT, url)


async def load_robots(fetcher: Fetcher, origin: str, note) -> Robots:
    """RFC 9309: 4xx → no rules; 5xx or unreachable → disallow everything (and say so)."""
    import urllib.robotparser

    rb = Robots()
    url = origin + "/robots.txt"
    f = await fetcher.get(url, cap=ROBOTS_BYTES, html_only=False)
    if f.status is not None and 400 <= f.status < 500:
        return rb
    if f.error or f.status is None or f.status >= 500:
        rb.disallow_all = True
        note(url, f"robots.txt unreachable ({f.error or f'HTTP {f.status}'}): nothing is crawled, as RFC 9309 asks")
        return rb
    text = f.body.decode("utf-8", "replace")
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(text.splitlines())
    rb.parser = rp
    rb.crawl_delay = crawl_delay(text)
    rb.sitemaps = list(rp.site_maps() or [])
    if not rp.can_fetch(ROBOTS_AGENT, origin + "/") and not rp.can_fetch(ROBOTS_AGENT, origin + "/contentguard-probe"):
        # a blanket Disallow: / for us: say so once; nothing disallowed is fetched
        note(url, "robots.txt disallows everything for contentguard: nothing is crawled")
    return rb


def crawl_delay(text: str) -> float | None:
    """``Crawl-delay`` of the group for us (else of ``*``), decimals allowed (the standard
    library's parser takes whole seconds only)."""
    found: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        else:
            in_rules = True
            if key == "crawl-delay":
                try:
                    d = float(value)
                except ValueError:
                    continue
                for a in agents:
                    found.setdefault(a, d)
    for a, d in found.items():
        if a.split("/")[0].strip() == ROBOTS_AGENT:
            return d
    return found.get("*")


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", locations); ValueError with the reason when broken."""
    import xml.etree.ElementTree as ET

    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ValueError("has a DOCTYPE or entity declarations (refused)")
    kind = None
    locs: list[str] = []
    try:
        for _ev, el in ET.iterparse(_BytesReader(data), events=("end",)):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "loc" and el.text:
                locs.append(el.text.strip())
                if len(locs) >= MAX_SITEMAP_URLS:
                    break
            elif tag in ("urlset", "sitemapindex"):
                kind = tag
            if tag in ("url", "sitemap"):
                el.clear()
    except ET.ParseError as e:
        raise ValueError(f"invalid XML ({e})") from None
    if kind is None and not locs:
        raise ValueError("not a sitemap (no <urlset> or <sitemapindex>)")
    if kind is None:
        kind = "urlset"
    return kind, locs


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        import io

        self.f = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self.f.read(n)


def gunzip(data: bytes, cap: int) -> bytes:
    import zlib

    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, cap)
    if d.unconsumed_tail:
        raise ValueError(f"inflates to more than {cap} bytes")
    return out


async def sitemap_urls(fetcher: Fetcher, first: list[str], scope: Scope, note, explicit: set[str]):
    """Yield page URLs of the sitemaps (indexes followed, gzip inflated with a cap)."""
    todo = deque(first)
    seen: set[str] = set()
    while todo and len(seen) < MAX_SITEMAPS:
        sm = todo.popleft()
        if sm in seen:
            continue
        seen.add(sm)
        if urlsplit(sm).netloc != scope.netloc:
            note(sm, "sitemap on another host: not read")
            continue
        f = await fetcher.get(sm, cap=SITEMAP_BYTES, html_only=False)
        if f.error or f.status is None or not (200 <= f.status < 300):
            if f.status == 404 and sm not in explicit:
                continue  # no /sitemap.xml is fine
            note(sm, f"sitemap not read: {f.error or f'HTTP {f.status}'}")
            continue
        data = f.body
        try:
            if data[:2] == b"\x1f\x8b":
                data = gunzip(data, SITEMAP_BYTES)
            kind, locs = parse_sitemap(data)
        except (ValueError, OSError, EOFError) as e:
            note(sm, f"broken sitemap: {e}")
            continue
        if kind == "sitemapindex":
            todo.extend(urljoin(sm, x) for x in locs)
        else:
            for x in locs:
                yield x


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
        from contentguard import engine

        self.checks = engine.active_checks(ctx)
        self.two_phase = [c for c in self.checks if c.two_phase]

    # -- pool ----------------------------------------------------------------------
    def start_workers(self, n_items_hint: int) -> None:
        jobs = self.opts.jobs or min(os.cpu_count() or 1, 8)
        _worker_init(self.ctx)  # the main process can process too (jobs == 1)
        if jobs > 1 and n_items_hint > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"),
                                            initializer=_worker_process_init, initargs=(self.ctx,))
            self.pool.submit(_ready).result()  # fork now, while this process has one thread

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    # -- bookkeeping ------------------------------------------------------------------
    def note(self, url: str, reason: str) -> None:
        self.store.note(self.run_id, url, reason)
        if self.progress:
            from contentguard.urlmask import mask_url, mask_urls_in

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
        from contentguard import suppress

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
        from contentguard import engine

        late = engine.filter_findings(late, self.ctx)
        self.store.add_late_findings(self.run_id, late, table, [r[0] for r in rows])
        self.findings += len(late)

    def _store(self, url: str, depth: int, *, fetched: Fetched | None, res: PageResult | None,
               error: str | None, discovered=(), late=(), final_url=None, alias: str | None = None) -> None:
        """Everything a page produced, in one transaction. ``alias``: the URL that redirected
        to ``url`` (stored as a page row of its own, without findings; both marked done)."""
        from contentguard import engine

        findings = engine.filter_findings(list(res.findings), self.ctx) if res else []
        late = engine.filter_findings(list(late), self.ctx)
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

    # -- directory audits --------------------------------------------------------------
    def run_dir(self) -> str:
        from contentguard import engine

        root = self.opts.target
        if self.store.count_queued(self.run_id) == 0 and self.done == 0:
            files, missing = engine.discover([root], self.ctx.config)
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
            it = (self.pool.map(process_file, todo, todo, chunksize=8) if self.pool is not None
                  else (process_file(p, p) for p in todo))
            for path, res in zip(todo, it):
                err = f"skipped: {res.skipped}" if res.skipped else None
                self._store(path, 0, fetched=None, res=res, error=err)
                self.finish_two_phase()
                self._tick()
        except KeyboardInterrupt:
            self.interrupted = True
        except BrokenProcessPool:
            self.interrupted = True
            self.broken = "a check worker process died"
        finally:
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
        import sys

        self.start_workers(2)
        # the pool's feeder threads hold the GIL in 5 ms slices by default, and every socket
        # call of the event loop waits for one: a shorter interval keeps the crawl moving
        sys.setswitchinterval(0.0005)
        try:
            return asyncio.run(self._crawl())
        except KeyboardInterrupt:
            self.interrupted = True
            return "incomplete"
        finally:
            self.stop_workers()

    async def _crawl(self) -> str:
        start = self.opts.target
        self.scope = Scope(start, self.opts.scope, tuple(self.opts.include), tuple(self.opts.exclude))
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
            n = max(1, self.opts.concurrency)
            self.cond = asyncio.Condition()
            workers = [asyncio.create_task(self._worker(i)) for i in range(n)]
            try:
                await asyncio.gather(*workers)
            except asyncio.CancelledError:
                self.interrupted = True
        finally:
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
        sitemaps = list(self.robots.sitemaps)
        explicit = set(sitemaps)
        default = origin + "/sitemap.xml"
        if default not in sitemaps and self.robots.allowed(default):
            sitemaps.append(default)
        if self.robots.disallow_all:
            return
        batch = []
        async for u in sitemap_urls(self.fetcher, sitemaps, self.scope, self.note, explicit):
            norm = normalise(urljoin(start, u))
            if norm is None or not self.scope.allows(norm) or looks_like_file(norm):
                continue
            if not self.robots.allowed(norm):
                self.note(norm, "disallowed by robots.txt for contentguard: not fetched")
                continue
            batch.append((norm, 0, self._next_seq(), "sitemap", None, None, None, None, None, None))
            if len(batch) >= 1000:
                self.store.enqueue(self.run_id, batch)
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

    async def _worker(self, index: int = 0) -> None:
        # the transport keeps one keep-alive connection per (host, slot): each crawl worker
        # has its own slot (a context variable of this task), so connections are reused
        net.use_slot(self.scope.netloc, index)
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
            self._tick()

    async def _page(self, url: str, depth: int) -> None:
        claimed: list[str] = []

        def follow(nxt: str) -> bool:
            n = normalise(nxt) or nxt
            if not self.scope.allows(n) or n in self.inflight:
                return False
            from contentguard.urlmask import has_personal_data

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
        from contentguard.sources import looks_binary

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
                text = page_text(body, f.charset)
                loop = asyncio.get_running_loop()
                path = final
                if self.pool is not None:
                    res = await loop.run_in_executor(self.pool, process_page, path, text, self.scope)
                else:
                    res = process_page(path, text, self.scope)
                from contentguard.urlmask import has_personal_data

                discovered = []
                with self.store.tx():  # the notes, the page and what it found: one transaction
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
    if status in (301, 308) and final and final != target:
        return "link/redirect", f"permanent redirect ({status}): update the link to {final}"
    return None


def _notice(ctx, rule: str, path: str, message: str) -> Finding:
    r = ctx.rules[rule]
    return Finding(rule=rule, category=r.category, severity=r.severity, message=message, path=path,
                   line=1, column=1, end_line=1, end_column=1, excerpt="",
                   fingerprint=fingerprint(rule, message, path), kind=r.kind)

