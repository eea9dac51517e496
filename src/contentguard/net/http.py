"""HTTP for the link check and the audit crawler: one transport, one reader, one redirect
loop, one retry rule, one table of transport errors.

* :class:`Client` sends through one transport. Given none, it builds the real one,
  :class:`.aio.Transport` (aiohttp, its response parser in C): pooled keep-alive
  connections, the address guard as its resolver (aiohttp's public resolver interface),
  no proxies from the environment (they would bypass the guard), no cookies. Given one
  (an ``httpx.MockTransport`` in tests), it uses that: redirects, 429s, bot walls and
  soft 404s are tested in milliseconds.
* :func:`read_body`: at most ``cap`` bytes *after decompression* (a gzip bomb is never
  inflated past the cap), optionally stopping early once ``stop(data)`` says so.
* :func:`follow`: redirects by hand, up to ``max_redirects``, the guard asked again for
  every hop before it is requested; loops, unsupported schemes and refused addresses end
  the chain with a reason the caller words.
* :func:`with_retries`: 5xx, 408, 429, timeouts and dropped connections are retried
  with exponential backoff and jitter (never other 4xx or refused connections);
  ``Retry-After`` honoured up to a cap.
* :func:`transport_error`: the one table from an exception to (message, retryable, timeout).
"""
from __future__ import annotations

import asyncio
import email.utils
import errno
import random
import re
import ssl
import sys
import time
import zlib
from dataclasses import dataclass, field
from typing import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from contentguard.net.aio import Transport
from contentguard.net.guard import BlockedAddress, Guard

REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
RETRY_STATUS = frozenset((408, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524, 598, 599))
KEEPALIVE = 5.0  # seconds an idle connection is kept
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"

#: path extensions of things that are not HTML pages: checked with HEAD first
FILE_EXTS = frozenset("""
pdf zip gz tgz bz2 xz 7z rar tar dmg exe msi pkg deb rpm apk iso img bin jar war whl epub mobi
png jpg jpeg gif svg webp avif ico bmp tif tiff heic psd ai eps
css js mjs map json xml rss atom txt csv tsv ics vcf md yaml yml toml
woff woff2 ttf otf eot
mp3 mp4 m4a m4v webm ogg oga ogv wav flac aac mov avi mkv wmv
doc docx xls xlsx ppt pptx odt ods odp rtf key numbers pages
""".split())


def slash_only(url: str, final: str) -> bool:
    """Whether a permanent redirect from ``url`` to ``final`` only adds or drops the path's
    trailing slash (or an ``index.html``) on the same scheme, host and query: a server's
    canonical form of a folder (``/docs`` -> ``/docs/``, what GitHub Pages, Netlify, nginx
    and Python's http.server all answer). The link works and reads the same; lychee and
    linkinator do not report it either. Reported, on letsencrypt.org's built site, it was
    929 of the audit's warnings."""
    try:
        a, b = urlsplit(url), urlsplit(final)
    except ValueError:  # "http://[bad/": no URL to compare, so no slash-only redirect
        return False
    if (a.scheme.lower(), a.netloc.lower(), a.query) != (b.scheme.lower(), b.netloc.lower(), b.query):
        return False

    def base(path: str) -> str:
        path = path or "/"
        if path.endswith("/index.html"):
            path = path[:-len("index.html")]
        return path.rstrip("/")

    return base(a.path) == base(b.path)


def looks_like_file(url_or_path: str) -> bool:
    """A PDF, an image, an archive...: not an HTML page (HEAD is enough to check it, and a
    crawler does not read it)."""
    last = urlsplit(url_or_path).path.rsplit("/", 1)[-1]
    ext = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    return ext in FILE_EXTS


@dataclass
class Settings:
    """What every request obeys (the link check's options; the audit reuses them)."""

    timeout: float = 20.0
    attempts: int = 3
    retry_wait: float = 1.0
    max_retry_after: float = 20.0
    user_agent: str = ""
    headers: dict = field(default_factory=dict)  # host or "*" -> {name: value}
    max_redirects: int = 20
    max_bytes: int = 5_000_000
    ca_file: str | None = None


# --- the table of transport errors ----------------------------------------------------

def transport_error(e: BaseException, timeout: float) -> tuple[str, bool, bool]:
    """(message, retryable, timed out) for an exception of one request.

    The one place that knows the HTTP libraries' exception classes: aiohttp's (the real
    transport), httpx's and httpcore's (a transport given in tests). A library that was
    never imported cannot have raised, so it is not imported here. :class:`BlockedAddress`
    is not an error of the transport: callers let it through."""
    if isinstance(e, TimeoutError):
        return f"timed out after {timeout:g} s", True, True
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is not None and isinstance(e, aiohttp.ClientError):
        if isinstance(e, aiohttp.ClientConnectorError):
            return connect_message(e), False, False
        if isinstance(e, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientOSError)):
            return f"connection dropped ({type(e).__name__}: {e or 'no answer'})", True, False
        if isinstance(e, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
            return f"invalid URL ({e})", False, False
        return f"HTTP error ({type(e).__name__}: {e})", False, False
    httpx, httpcore = sys.modules.get("httpx"), sys.modules.get("httpcore")
    if httpx is not None and httpcore is not None:
        if isinstance(e, (httpx.TimeoutException, httpcore.TimeoutException)):
            return f"timed out after {timeout:g} s", True, True
        if isinstance(e, (httpx.ConnectError, httpcore.ConnectError)):
            return connect_message(e), False, False
        if isinstance(e, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError,
                          httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)):
            return f"connection dropped ({type(e).__name__}: {e or 'no answer'})", True, False
        if isinstance(e, (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError,
                          httpcore.UnsupportedProtocol, httpcore.LocalProtocolError)):
            return f"invalid URL ({e})", False, False
        if isinstance(e, (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError)):
            return f"HTTP error ({type(e).__name__}: {e})", False, False
    if isinstance(e, OSError):  # DNS failures from the guard's lookup
        return f"DNS lookup failed ({e.strerror or e})", False, False
    raise e


def transport_errors() -> tuple[type[BaseException], ...]:
    """The exception classes :func:`transport_error` words for an httpx transport (for
    ``except`` clauses; the aiohttp transport names its own)."""
    import httpcore
    import httpx

    return (TimeoutError, OSError, httpx.HTTPError, httpx.InvalidURL, httpcore.TimeoutException,
            httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol)


def connect_message(e: BaseException) -> str:
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


# --- retries ---------------------------------------------------------------------------

def retry_after(value: str | None) -> float | None:
    """Seconds of a ``Retry-After`` header (delta or HTTP date); None when absent or bad."""
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


def backoff(s: Settings, attempt: int, retry_after_s: float | None) -> float:
    """The wait before attempt ``attempt + 1``: the server's Retry-After (capped), else
    exponential backoff with jitter."""
    if retry_after_s is not None:
        return max(min(retry_after_s, s.max_retry_after), 0.05) + random.random() * 0.25
    return s.retry_wait * (2 ** (attempt - 1)) * (1 + random.random() * 0.5)


@dataclass
class Reply:
    """One response (or one transport failure, ``status == 0`` and ``error`` set)."""

    status: int = 0
    reason: str = ""
    location: str | None = None
    retry_after: float | None = None
    content_type: str = ""  # lower-cased, parameters included
    length: int = -1  # Content-Length, -1 when absent
    encoding: str = ""  # Content-Encoding, lower-cased
    body: bytes = b""
    complete: bool = True  # the body was read to its end
    challenge: bool = False  # a Cloudflare bot challenge
    error: str | None = None
    retryable: bool = False
    timeout: bool = False
    title: str | None = None  # the page's <title>, when a reader looked for it
    anchors: frozenset | None = None  # the page's ids and names, when a reader collected them

    @property
    def html(self) -> bool:
        return "html" in self.content_type

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset=([\w.:-]+)", self.content_type, re.I)
        return m.group(1).lower() if m else None


async def with_retries(s: Settings, attempt: Callable[[int], Awaitable[Reply]],
                       on_wait: Callable[[Reply, float], None] | None = None) -> Reply:
    """``attempt(n)`` until it succeeds, fails for good or the attempts are spent."""
    r = Reply()
    attempts = max(1, s.attempts)
    for n in range(1, attempts + 1):
        r = await attempt(n)
        retry = r.retryable if r.error else r.status in RETRY_STATUS
        if not retry or n >= attempts:
            return r
        wait = backoff(s, n, r.retry_after)
        if on_wait is not None:
            on_wait(r, wait)
        await asyncio.sleep(wait)
    return r


# --- redirects -----------------------------------------------------------------------

@dataclass
class Followed:
    """Where a chain of redirects ended. ``stop`` says why it ended early (``blocked``,
    ``dns``, ``unsupported``, ``loop``, ``too-many``, ``declined``), with ``why``."""

    reply: Reply
    url: str  # the last URL requested (or declined)
    hops: list = field(default_factory=list)  # (status, next url)
    stop: str = ""
    why: str = ""


async def follow(guard: Guard, url: str, once: Callable[[str], Awaitable[Reply]], max_redirects: int,
                 accept_hop: Callable[[str], bool] | None = None) -> Followed:
    """Request ``url`` with ``once`` (retries included) and follow its redirects by hand.

    Before every request, the first included, the guard resolves and checks the host:
    a redirect to a private address is refused before any byte is sent to it (and the
    transport's resolver checks again at connect time). ``accept_hop(next)`` may decline a
    hop (the crawler: a page it already has)."""
    out = Followed(Reply(), url)
    seen = {url}
    while True:
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            await guard.check(parts.hostname or "", port)
        except BlockedAddress as e:
            out.stop, out.why = "blocked", str(e)
            return out
        except (OSError, ValueError) as e:
            out.stop, out.why = "dns", f"DNS lookup failed for {parts.hostname} ({getattr(e, 'strerror', None) or e})"
            return out
        try:
            r = await once(url)
        except BlockedAddress as e:  # at connect time: a second DNS answer
            out.stop, out.why = "blocked", str(e)
            return out
        out.reply = r
        if r.error or r.status not in REDIRECTS or not r.location:
            return out
        nxt = urljoin(url, r.location.strip()).split("#", 1)[0]
        if urlsplit(nxt).scheme not in ("http", "https"):
            out.hops.append((r.status, nxt))
            out.stop, out.why = "unsupported", f"redirects to an unsupported address {nxt}"
            return out
        out.hops.append((r.status, nxt))
        if nxt in seen:
            out.stop, out.why = "loop", "redirect loop"
            return out
        if len(out.hops) > max_redirects:
            out.stop, out.why = "too-many", f"more than {max_redirects} redirects (max-redirects)"
            return out
        if accept_hop is not None and not accept_hop(nxt):
            out.url = nxt
            out.stop = "declined"
            return out
        seen.add(nxt)
        url = out.url = nxt


# --- reading ----------------------------------------------------------------------------

async def read_body(resp, cap: int, stop: Callable[[bytearray, int], bool] | None = None) -> tuple[bytes, bool]:
    """Up to ``cap`` decompressed bytes of the body: (data, complete). ``stop(data, n)``
    (n: bytes added by the last chunk) ends the read early, incomplete."""
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
        before = len(out)
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
        if stop is not None and stop(out, len(out) - before):
            return bytes(out), False
    return bytes(out), True


async def drain(resp) -> None:
    """Read to the end of the message (empty for HEAD) so the connection is reused; an
    unread response makes httpcore close it."""
    async for _ in resp.aiter_raw():
        pass


# --- the transport ----------------------------------------------------------------------

class Client:
    """Requests through one transport, with the settings' headers, timeout and guard.

    Given no transport, the real one is :class:`.aio.Transport` (aiohttp); given one (an
    ``httpx.MockTransport`` in tests, any ``httpx.AsyncBaseTransport``), requests go to it
    as ``httpx.Request``s. The readers see the same response shape either way."""

    def __init__(self, settings: Settings, guard: Guard, transport=None) -> None:
        self.s = settings
        self.guard = guard
        self.transport = transport
        self.requests = 0
        self.by_method: dict[str, int] = {}
        self._own = transport is None
        self._base = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
        self._ext: dict = {}
        self._httpx = None
        self._errors: tuple = ()
        self._open = False

    def open(self) -> None:
        self._open = True
        if self.transport is None:
            import certifi

            ssl_ctx = ssl.create_default_context(cafile=certifi.where())  # built once, shared
            if self.s.ca_file:
                ssl_ctx.load_verify_locations(cafile=self.s.ca_file)  # a company or staging CA, added
            self.transport = Transport(self.guard, ssl_ctx, KEEPALIVE)
        if self._own:
            self._errors = self.transport.errors
            return
        import httpx

        self._httpx = httpx
        self._errors = transport_errors()
        self._ext = {"timeout": httpx.Timeout(self.s.timeout).as_dict()}

    async def aclose(self) -> None:
        if self.transport is not None and self._own:
            await self.transport.aclose()

    def headers_for(self, host: str) -> dict:
        if not self.s.headers:
            return self._base
        h = dict(self.s.headers.get("*", {}))
        h.update(self.s.headers.get(host, {}))
        return {**self._base, **h} if h else self._base

    async def send(self, method: str, url: str):
        """The response of one request, its body not read yet (read it, then ``aclose``)."""
        if not self._open:
            self.open()
        self.requests += 1
        self.by_method[method] = self.by_method.get(method, 0) + 1
        headers = self.headers_for(urlsplit(url).hostname or "") if self.s.headers else self._base
        if self._own:
            return await self.transport.send(method, url, headers)
        req = self._httpx.Request(method, url, headers=headers, extensions=self._ext)
        return await self.transport.handle_async_request(req)

    async def request(self, method: str, url: str,
                      read: Callable[[object, Reply], Awaitable[None]] | None = None) -> Reply:
        """One request, no redirects followed, no retries: a :class:`Reply`, the headers
        read into it; ``read(resp, reply)`` reads what the caller needs of the body (by
        default nothing, or all of a small body so the connection is reused). A transport
        failure is a reply with ``error`` set; :class:`BlockedAddress` is raised."""
        if not self._open:
            self.open()
        r = Reply()
        try:
            async with asyncio.timeout(self.s.timeout):
                resp = await self.send(method, url)
                try:
                    h = resp.headers
                    r.status = resp.status_code
                    r.reason = resp.reason_phrase
                    r.location = h.get("location")
                    r.retry_after = retry_after(h.get("retry-after"))
                    r.challenge = h.get("cf-mitigated", "").lower() == "challenge"
                    r.content_type = h.get("content-type", "").lower()
                    r.encoding = h.get("content-encoding", "").lower().strip()
                    try:
                        r.length = int(h.get("content-length", "-1"))
                    except ValueError:
                        r.length = -1
                    if read is not None:
                        await read(resp, r)
                    elif method == "HEAD" or 0 <= r.length <= DRAIN_CAP:
                        await drain(resp)
                finally:
                    await resp.aclose()
        except BlockedAddress:
            raise
        except self._errors as e:
            r = Reply()
            r.error, r.retryable, r.timeout = transport_error(e, self.s.timeout)
        return r


DRAIN_CAP = 64 << 10  # error bodies smaller than this are read so the connection is reused
