"""The real transport: aiohttp, whose HTTP/1.1 response parser is C (llhttp).

Measured on the 2,000-page loopback bench (6,450 unique targets, 6,550 requests, 64 in
flight, the link resolver's own readers): 1.04 s of CPU against 2.97 s for httpx over
httpcore and h11 (pure Python), whose per-request cost bounded a link check's HTTP
phase. ``Client`` (:mod:`.http`) uses this when it is given no transport; tests give it
an ``httpx.MockTransport`` instead and go through httpx.

The guard is enforced at connect time through aiohttp's public resolver interface
(``TCPConnector(resolver=...)``, its DNS cache off): a connection goes only to the
addresses :meth:`Guard.check` accepted, so a second DNS answer (rebinding) cannot slip
in. An IP literal never reaches a resolver, so every request asks the guard first (a
dict lookup once the host is known). No proxies from the environment, no cookies, no
automatic decompression (:func:`.http.read_body` bounds the inflated bytes), no
automatic redirects (:func:`.http.follow` re-checks every hop).
"""
from __future__ import annotations

import socket
import ssl

from contentguard.net.guard import Guard

#: response header lines up to this long are read (aiohttp's default, 8 KB, refuses the
#: long Content-Security-Policy and Set-Cookie lines of real sites)
MAX_HEADER_LINE = 64 << 10


class Response:
    """The part of a response the readers use, named as httpx names it: ``status_code``,
    ``reason_phrase``, ``headers`` (case-insensitive ``get``), ``aiter_raw()`` (the body
    as it arrives, not decompressed) and ``aclose()``."""

    __slots__ = ("_resp", "status_code", "reason_phrase", "headers")

    def __init__(self, resp) -> None:
        self._resp = resp
        self.status_code = resp.status
        self.reason_phrase = resp.reason or ""
        self.headers = resp.headers

    def aiter_raw(self):
        return self._resp.content.iter_any()

    async def aclose(self) -> None:
        resp = self._resp
        if resp.content.is_eof():
            resp.release()  # read to its end: the connection goes back to the pool
        else:
            resp.close()  # stopped early: the connection cannot be reused


def _resolver(guard: Guard):
    import aiohttp.abc

    class GuardResolver(aiohttp.abc.AbstractResolver):
        """The addresses the guard accepted for a host, and only those."""

        async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):
            out = []
            for a in await guard.check(host, port):
                fam = socket.AF_INET6 if ":" in a else socket.AF_INET
                out.append({"hostname": host, "host": a, "port": port, "family": fam,
                            "proto": 0, "flags": socket.AI_NUMERICHOST})
            return out

        async def close(self) -> None:
            return None

    return GuardResolver()


class Transport:
    """One aiohttp session per :class:`~.http.Client` (made in the running loop at the
    first request): keep-alive connections pooled per host; how many requests run at
    once is the callers' business (the link check's global and per-host limits, the
    crawler's host gates), so the pool itself is unbounded."""

    def __init__(self, guard: Guard, ssl_ctx: ssl.SSLContext, keepalive: float) -> None:
        try:
            import aiohttp
            import yarl
        except ImportError as e:  # an environment installed before aiohttp was a dependency
            raise ImportError(f"{e}: contentguard needs aiohttp for online checks; reinstall it "
                              f"(pip install -e . or bash scripts/setup.sh)") from e

        self.guard = guard
        self.ssl_ctx = ssl_ctx
        self.keepalive = keepalive
        self.session = None
        self._aiohttp = aiohttp
        self._url = yarl.URL
        #: the exception classes :func:`.http.transport_error` words for this transport
        self.errors = (aiohttp.ClientError, TimeoutError, OSError)

    def _open(self):
        aiohttp = self._aiohttp
        conn = aiohttp.TCPConnector(limit=0, limit_per_host=0, use_dns_cache=False,
                                    resolver=_resolver(self.guard), ssl=self.ssl_ctx,
                                    keepalive_timeout=self.keepalive)
        self.session = aiohttp.ClientSession(
            connector=conn, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False, trust_env=False,
            timeout=aiohttp.ClientTimeout(total=None), max_line_size=MAX_HEADER_LINE,
            max_field_size=MAX_HEADER_LINE, raise_for_status=False)
        return self.session

    async def send(self, method: str, url: str, headers: dict) -> Response:
        """The response to one request, its body not read yet (read it, then ``aclose``)."""
        try:
            target = self._url(url)
            host, port = target.raw_host or "", target.port or (443 if target.scheme == "https" else 80)
        except (ValueError, TypeError) as e:
            raise self._aiohttp.InvalidURL(url, str(e)) from None
        await self.guard.check(host, port)
        session = self.session or self._open()
        resp = await session.request(method, target, headers=headers, allow_redirects=False,
                                     auto_decompress=False)
        return Response(resp)

    async def aclose(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None
