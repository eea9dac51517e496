"""The shared HTTP layer and the link resolver on it, through ``httpx.MockTransport``:
redirects, 429s, bot walls, soft 404s, HEAD fallbacks and transport errors in
milliseconds, no socket opened (the loopback server tests in test_links_online.py
cover the real transport)."""
from __future__ import annotations

import asyncio
import ipaddress
import zlib

import httpx
import pytest

from contentguard.checks._links.remote import Resolver, Settings
from contentguard.net import http as net
from contentguard.net.guard import BlockedAddress, Guard
from contentguard.net.http import slash_only

#: the fake DNS of these tests: names → addresses (no lookup leaves the process)
DNS = {
    "shop.example": ["93.184.216.34"],
    "new.example": ["93.184.216.35"],
    "metadata.example": ["169.254.169.254"],
    "intranet.example": ["10.0.0.7"],
}


class FakeDNSGuard(Guard):
    async def resolve(self, host: str, port: int) -> list[str]:
        if host in DNS:
            return DNS[host]
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            raise OSError(f"no such host {host}") from None
        return await super().resolve(host, port)  # an address is itself


class Chunks(httpx.AsyncByteStream):
    """A body that arrives in chunks, as from a socket (a pre-read body cannot be streamed)."""

    def __init__(self, data: bytes, size: int = 4096) -> None:
        self.data, self.size = data, size

    async def __aiter__(self):
        for i in range(0, len(self.data), self.size):
            yield self.data[i:i + self.size]


def reply(status: int, body: bytes = b"", **headers) -> httpx.Response:
    h = {k.replace("_", "-"): v for k, v in headers.items()}
    if body and "content-type" not in h:
        h["content-type"] = "text/html; charset=utf-8"
    return httpx.Response(status, headers=h, stream=Chunks(body))


def resolve(routes, urls, *, anchors=False, **settings):
    """Verdicts of ``urls`` against ``routes`` ((method, url) or url → response or a list
    served in turn, or an exception to raise); also the requests seen."""
    seen: list[tuple[str, str]] = []
    queues = {k: list(v) if isinstance(v, list) else [v] for k, v in routes.items()}

    def handler(request: httpx.Request):
        url = str(request.url)
        seen.append((request.method, url))
        q = queues.get((request.method, url)) or queues.get(url)
        if not q:
            return reply(404, b"<title>nope</title>")
        item = q.pop(0) if len(q) > 1 else q[0]
        if isinstance(item, Exception):
            raise item
        return httpx.Response(item.status_code, headers=item.headers,
                              stream=Chunks(item.stream.data))

    s = Settings(retry_wait=0.001, max_retry_after=0.01, timeout=5, **settings)
    r = Resolver(s, FakeDNSGuard(False), transport=httpx.MockTransport(handler))
    out = asyncio.run(r.run([(u, anchors) for u in urls]))
    return out, seen, r


def test_permanent_redirects_say_where_to_and_a_temporary_one_is_fine():
    out, seen, _ = resolve({
        "http://shop.example/old": reply(301, location="https://shop.example/older"),
        "https://shop.example/older": reply(308, location="https://new.example/page"),
        "https://new.example/page": reply(200, b"<title>Page</title>"),
        "http://shop.example/temp": reply(302, location="/page?x=1#frag"),
        "http://shop.example/page?x=1": reply(200, b"<title>Hi</title>"),
    }, ["http://shop.example/old", "http://shop.example/temp"])
    v = out["http://shop.example/old"]
    assert (v.state, v.final_url, v.status) == ("redirect", "https://new.example/page", 200)
    assert v.message == "2 permanent redirects: update the link to https://new.example/page"
    assert out["http://shop.example/temp"].state == "ok"  # a 302 is not a moved page
    assert ("GET", "http://shop.example/page?x=1") in seen  # relative Location, fragment dropped


def test_every_hop_is_checked_by_the_guard_before_it_is_requested():
    out, seen, _ = resolve({
        "http://shop.example/go": reply(302, location="http://metadata.example/latest/meta-data/"),
        "http://shop.example/lan": reply(301, location="http://10.1.2.3/admin"),
    }, ["http://shop.example/go", "http://shop.example/lan", "http://intranet.example/"])
    go = out["http://shop.example/go"]
    assert go.state == "skipped"
    assert go.message.startswith("not checked: metadata.example (169.254.169.254) is a link-local address "
                                 "(reached by a redirect from http://shop.example/go)")
    assert out["http://shop.example/lan"].state == "skipped"
    assert out["http://intranet.example/"].message.startswith("not checked: intranet.example (10.0.0.7) "
                                                              "is a private address;")
    # nothing was ever sent to a refused address
    assert {u for _m, u in seen} == {"http://shop.example/go", "http://shop.example/lan"}


def test_redirect_loops_unsupported_targets_and_too_many_hops_are_broken():
    out, _, _ = resolve({
        "http://shop.example/a": reply(301, location="/b"),
        "http://shop.example/b": reply(301, location="/a"),
        "http://shop.example/ftp": reply(302, location="ftp://shop.example/file"),
        **{f"http://shop.example/n{i}": reply(302, location=f"/n{i + 1}") for i in range(10)},
    }, ["http://shop.example/a", "http://shop.example/ftp", "http://shop.example/n0"], max_redirects=3)
    assert out["http://shop.example/a"].message == ("broken link: redirect loop (http://shop.example/a → "
                                                     "http://shop.example/b → http://shop.example/a)")
    assert out["http://shop.example/ftp"].message == ("broken link: redirects to an unsupported address "
                                                       "ftp://shop.example/file")
    assert out["http://shop.example/n0"].message == "broken link: more than 3 redirects (max-redirects)"


def test_429_is_retried_after_retry_after_and_a_persistent_one_is_unverified():
    out, seen, r = resolve({
        "http://shop.example/busy": [reply(429, retry_after="0"), reply(200, b"<title>ok</title>")],
        "http://shop.example/always": reply(429, retry_after="0"),
    }, ["http://shop.example/busy", "http://shop.example/always"])
    assert out["http://shop.example/busy"].state == "ok"
    always = out["http://shop.example/always"]
    assert (always.state, always.status) == ("unverified", 429)
    assert always.message == "unverified: still rate limited (HTTP 429) after 3 attempts"
    assert seen.count(("GET", "http://shop.example/always")) == 3
    assert r.stats.retries == 3  # one for busy, two for always
    assert r.hosts["http://shop.example"].limit < 10  # the host was throttled


def test_bot_walls_and_challenges_are_unverified_but_a_404_is_broken():
    out, _, _ = resolve({
        "http://shop.example/wall": reply(403, b"<title>Forbidden</title>"),
        "http://shop.example/login": reply(401),
        "http://shop.example/cf": reply(503, b"<title>Just a moment</title>", cf_mitigated="challenge"),
        "http://shop.example/gone": reply(404, b"<title>gone</title>"),
        "http://shop.example/err": reply(500),
    }, ["http://shop.example/wall", "http://shop.example/login", "http://shop.example/cf",
        "http://shop.example/gone", "http://shop.example/err"], attempts=2)
    assert out["http://shop.example/wall"].message == ("unverified: the site refuses automated checks (HTTP 403); "
                                                        "check it in a browser")
    assert out["http://shop.example/login"].message.startswith("unverified: the site asks for a login (HTTP 401)")
    assert out["http://shop.example/cf"].message.startswith("unverified: the site answered with a bot challenge "
                                                             "(HTTP 503, Cloudflare)")
    assert out["http://shop.example/gone"].message == "broken link: HTTP 404 Not Found"
    assert out["http://shop.example/err"].message == "broken link: HTTP 500 Internal Server Error after 2 attempts"


def test_soft_404_is_read_from_the_title_and_a_look_alike_title_is_fine():
    page = b"<html><head><title>Page not found | Shop</title></head><body>" + b"x" * 200_000 + b"</body>"
    out, _, _ = resolve({
        "http://shop.example/soft": reply(200, page),
        "http://shop.example/story": reply(200, b"<title>Lost and found: our story</title>"),
    }, ["http://shop.example/soft", "http://shop.example/story"])
    assert out["http://shop.example/soft"].message == ('broken link: soft 404 (HTTP 200, page title '
                                                        '"Page not found | Shop")')
    assert out["http://shop.example/story"].state == "ok"
    off, _, _ = resolve({"http://shop.example/soft": reply(200, page)}, ["http://shop.example/soft"], soft404=False)
    assert off["http://shop.example/soft"].state == "ok"


def test_head_for_files_falls_back_to_get_and_pages_are_read_for_anchors():
    out, seen, r = resolve({
        ("HEAD", "http://shop.example/a.pdf"): reply(405),
        ("GET", "http://shop.example/a.pdf"): reply(200, b"%PDF", content_type="application/pdf"),
        "http://shop.example/doc": reply(200, b'<title>Doc</title><h2 id="usage">Usage</h2><a name="x"></a>'),
    }, ["http://shop.example/a.pdf", "http://shop.example/doc"], anchors=True)
    assert [m for m, u in seen if u.endswith(".pdf")] == ["GET"]  # anchors wanted: pages and files GET
    assert out["http://shop.example/doc"].anchors == frozenset({"usage", "x"})
    out, seen, r = resolve({
        ("HEAD", "http://shop.example/a.pdf"): reply(405),
        ("GET", "http://shop.example/a.pdf"): reply(200, b"%PDF", content_type="application/pdf"),
    }, ["http://shop.example/a.pdf"])
    assert [m for m, _u in seen] == ["HEAD", "GET"] and out["http://shop.example/a.pdf"].state == "ok"
    assert r.stats.by_method == {"HEAD": 1, "GET": 1} and r.stats.requests == 2


def test_transport_errors_have_one_wording_and_only_transient_ones_are_retried():
    out, seen, _ = resolve({
        "http://shop.example/refused": httpx.ConnectError("[Errno 111] Connection refused"),
        "http://shop.example/slow": httpx.ReadTimeout("timed out"),
        "http://shop.example/drop": [httpx.RemoteProtocolError("Server disconnected"),
                                     reply(200, b"<title>ok</title>")],
    }, ["http://shop.example/refused", "http://shop.example/slow", "http://shop.example/drop",
        "http://nowhere.example/"])
    assert out["http://shop.example/refused"].message == "broken link: connection refused"
    assert seen.count(("GET", "http://shop.example/refused")) == 1  # refused: not retried
    assert out["http://shop.example/slow"].message == "broken link: timed out after 5 s (3 attempts)"
    assert seen.count(("GET", "http://shop.example/slow")) == 3
    assert out["http://shop.example/drop"].state == "ok"
    assert out["http://nowhere.example/"].message.startswith("broken link: DNS lookup failed for nowhere.example")


def test_error_table():
    import httpcore

    assert net.transport_error(httpx.ConnectTimeout("x"), 2)[1:] == (True, True)
    assert net.transport_error(httpcore.ReadError("reset"), 2) == ("connection dropped (ReadError: reset)", True, False)
    assert net.transport_error(httpx.UnsupportedProtocol("gopher"), 2) == ("invalid URL (gopher)", False, False)
    assert net.transport_error(ConnectionRefusedError(111, "refused"), 2)[0] == "DNS lookup failed (refused)"
    with pytest.raises(KeyError):
        net.transport_error(KeyError("a bug is not a transport error"), 2)


def test_gzip_bomb_is_never_inflated_past_the_cap():
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = comp.compress(bytes(64 << 20)) + comp.flush()  # 64 MiB of zeros, ~64 KB gzip
    resp = httpx.Response(200, headers={"content-encoding": "gzip"}, stream=Chunks(bomb, 8192))
    data, complete = asyncio.run(net.read_body(resp, 100_000))
    assert len(data) <= 100_000 and not complete
    small = zlib.compressobj(9, zlib.DEFLATED, 31)
    ok = small.compress(b"<p>hello</p>") + small.flush()
    data, complete = asyncio.run(net.read_body(httpx.Response(200, headers={"content-encoding": "gzip"},
                                                              stream=Chunks(ok, 5)), 100_000))
    assert (data, complete) == (b"<p>hello</p>", True)


def test_the_real_transport_refuses_a_private_address_at_connect_time():
    """The guard is the connection pool's network backend (public httpcore API): even a
    request that skipped the pre-check (a DNS answer that changed) cannot connect."""
    client = net.Client(net.Settings(timeout=2), Guard(False))

    async def go():
        try:
            with pytest.raises(BlockedAddress, match="loopback"):
                await client.request("GET", "http://127.0.0.1:9/")
        finally:
            await client.aclose()

    asyncio.run(go())


def test_the_crawler_fetches_through_the_same_layer():
    from contentguard import engine
    from contentguard.audit.crawl import Fetcher, Options

    page = b"<html><title>Home</title><p>hello</p></html>"
    routes = {
        "http://shop.example/": [reply(301, location="/home")],
        "http://shop.example/home": [reply(200, page)],
        "http://shop.example/busy": [reply(503, retry_after="0"), reply(200, page)],
        "http://shop.example/big": [reply(200, page * 100)],
        "http://shop.example/a.pdf": [reply(200, b"%PDF", content_type="application/pdf")],
        "http://shop.example/go": [reply(302, location="http://metadata.example/")],
        "http://shop.example/seen": [reply(301, location="/home")],
    }
    sent = []

    def handler(request: httpx.Request):
        url = str(request.url)
        sent.append(url)
        q = routes[url]
        item = q.pop(0) if len(q) > 1 else q[0]
        return httpx.Response(item.status_code, headers=item.headers, stream=Chunks(item.stream.data))

    ctx = engine.make_context()
    f = Fetcher(ctx, Options("http://shop.example/", "url", timeout=5), transport=httpx.MockTransport(handler),
                guard=FakeDNSGuard(False))
    f.settings.retry_wait = 0.001

    async def go():
        f.open()
        try:
            return [await f.get("http://shop.example/"), await f.get("http://shop.example/busy"),
                    await f.get("http://shop.example/big", cap=1000), await f.get("http://shop.example/a.pdf"),
                    await f.get("http://shop.example/go"),
                    await f.get("http://shop.example/seen", follow=lambda nxt: False)]
        finally:
            await f.close()

    home, busy, big, pdf, private, declined = asyncio.run(go())
    assert (home.status, home.final_url, home.redirects, home.body) == (
        200, "http://shop.example/home", [(301, "http://shop.example/home")], page)
    assert home.charset == "utf-8" and home.content_type == "text/html" and home.error is None
    assert (busy.status, busy.body) == (200, page) and sent.count("http://shop.example/busy") == 2
    assert big.error == "body larger than 1000 bytes (max-bytes); not checked" and big.body == b""
    assert pdf.error == "not an HTML page (application/pdf)"
    assert private.error.startswith("refused: metadata.example (169.254.169.254) is a link-local address")
    assert "http://metadata.example/" not in sent
    assert (declined.stopped, declined.status, declined.final_url, declined.error) == (
        True, 301, "http://shop.example/home", None)
    assert f.requests == len(sent) == 8


def test_a_redirect_that_only_adds_the_folder_slash_is_fine():
    """letsencrypt.org's built site: 929 audit warnings were links to /docs that the server
    answers with 301 /docs/. The same page under its canonical folder URL: not reported;
    a moved page (another path, another host, http to https) still is."""
    out, _, _ = resolve({
        "https://shop.example/docs": reply(301, location="https://shop.example/docs/"),
        "https://shop.example/docs/": reply(200, b"<title>Docs</title>"),
        "https://shop.example/a/index.html": reply(301, location="/a/"),
        "https://shop.example/a/": reply(200, b"<title>A</title>"),
        "https://shop.example/old": reply(301, location="https://shop.example/new/"),
        "https://shop.example/new/": reply(200, b"<title>New</title>"),
        "http://shop.example/faq": reply(301, location="https://shop.example/faq/"),
        "https://shop.example/faq/": reply(200, b"<title>FAQ</title>"),
    }, ["https://shop.example/docs", "https://shop.example/a/index.html", "https://shop.example/old",
        "http://shop.example/faq"])
    assert out["https://shop.example/docs"].state == "ok"
    assert out["https://shop.example/a/index.html"].state == "ok"
    assert out["https://shop.example/old"].message == "permanent redirect (301): update the link to https://shop.example/new/"
    assert out["http://shop.example/faq"].state == "redirect"


@pytest.mark.parametrize("url,final,same", [
    ("https://x.org/docs", "https://x.org/docs/", True),
    ("https://x.org/docs/", "https://X.org/docs", True),
    ("https://x.org/a/index.html", "https://x.org/a/", True),
    ("https://x.org/docs?lang=en", "https://x.org/docs/?lang=en", True),
    ("https://x.org/docs", "https://x.org/documentation/", False),
    ("http://x.org/docs", "https://x.org/docs/", False),
    ("https://x.org/docs", "https://www.x.org/docs/", False),
    ("https://x.org/docs?lang=en", "https://x.org/docs/", False),
    ("http://[bad/docs", "http://[bad/docs/", False),
])
def test_slash_only(url, final, same):
    assert slash_only(url, final) is same
