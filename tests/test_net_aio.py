"""The real transport (``net/aio.py``, aiohttp) against the project's own loopback server:
connections go only where the guard's answers say, bodies arrive undecompressed (the
bounded reader inflates them), long header lines are read, and its errors have the
table's wording. test_http.py covers the same client through ``httpx.MockTransport``."""
from __future__ import annotations

import asyncio
import zlib

import pytest

from contentguard.checks._links.remote import Resolver, Settings
from contentguard.net import http as net
from contentguard.net.guard import BlockedAddress, Guard

from siteserver import SiteServer


class NamedGuard(Guard):
    """A guard whose DNS knows one made-up name (the system's does not)."""

    def __init__(self, allow_private: bool, name: str, addrs: list[str]) -> None:
        super().__init__(allow_private)
        self.name, self.addrs = name, addrs
        self.asked = 0

    async def resolve(self, host: str, port: int) -> list[str]:
        if host == self.name:
            self.asked += 1
            return self.addrs
        return await super().resolve(host, port)


@pytest.fixture(scope="module")
def server():
    srv = SiteServer()
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    srv.add("/bomb", comp.compress(bytes(32 << 20)) + comp.flush(), headers={"Content-Encoding": "gzip"})
    srv.add("/long-header", "<title>fine</title>", headers={"Content-Security-Policy": "default-src " + "x" * 20000})
    srv.add("/reset", action="reset")
    yield srv
    srv.stop()


def request(client: net.Client, url: str, read=None) -> net.Reply:
    async def go():
        try:
            return await client.request("GET", url, read)
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_connections_go_to_the_guards_answer_and_nowhere_else(server):
    # the made-up name reaches the server only through the guard's resolver
    guard = NamedGuard(True, "shop.invalid", ["127.0.0.1"])
    r = request(net.Client(net.Settings(timeout=5), guard), f"http://shop.invalid:{server.port}/ok/named")
    assert (r.status, r.error) == (200, None) and guard.asked == 1
    assert server.stats()["paths"]["/ok/named"] == {"GET": 1}
    # look-alike: the same name on a private address is refused before any byte is sent
    server.reset()
    blocked = net.Client(net.Settings(timeout=5), NamedGuard(False, "shop.invalid", ["127.0.0.1"]))
    with pytest.raises(BlockedAddress, match="shop.invalid \\(127.0.0.1\\) is a loopback address"):
        request(blocked, f"http://shop.invalid:{server.port}/ok/named")
    assert server.stats()["total"] == 0


def test_a_gzip_bomb_arrives_compressed_and_is_inflated_only_to_the_cap(server):
    got = {}

    async def read(resp, r):
        got["body"], got["complete"] = await net.read_body(resp, 100_000)

    r = request(net.Client(net.Settings(timeout=10), Guard(True)), f"{server.base}/bomb", read)
    assert r.encoding == "gzip" and 0 < r.length < 100_000  # the compressed size on the wire
    assert len(got["body"]) == 100_000 and got["complete"] is False


def test_long_header_lines_are_read_and_errors_have_the_tables_wording(server):
    s = Settings(timeout=5, retry_wait=0.001, attempts=2)
    res = Resolver(s, Guard(True))
    out = asyncio.run(res.run([(f"{server.base}/long-header", False), (f"{server.base}/reset", False),
                               ("http://127.0.0.1:1/", False), (f"{server.base}/ok/x#intro", True)]))
    assert out[f"{server.base}/long-header"].state == "ok"
    assert out[f"{server.base}/reset"].message.startswith("broken link: connection dropped (")
    assert out[f"{server.base}/reset"].message.endswith("(2 attempts)")  # dropped: retried
    assert out["http://127.0.0.1:1/"].message == "broken link: connection refused"
    assert {"top", "intro", "footer"} <= out[f"{server.base}/ok/x#intro"].anchors
