"""The private-address guard: a pull request must not make CI fetch a metadata endpoint.

Names are resolved first and *every* address is checked; a name with one private
address is refused (an attacker controls their DNS). The guard runs before each request
and again inside the connection layer (:class:`GuardedBackend`), which connects to the
addresses it checked, so a second DNS answer (rebinding) cannot slip through, and every
redirect hop is covered because every hop opens connections through it.
"""
from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket


class BlockedAddress(Exception):
    """The target resolves to an address the guard refuses; the message says which and why."""


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not public, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return address_problem(mapped)
        if ip.teredo is not None:
            return address_problem(ip.teredo[1])
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "a non-public address"
    return None


class Guard:
    def __init__(self, allow_private: bool, allow_networks: list[str] | None = None,
                 allow_hosts=()) -> None:
        self.allow_private = allow_private
        #: host names allowed on a private address (an audit's staging target), nothing else
        self.allow_hosts = frozenset(h.lower().strip("[]") for h in allow_hosts)
        self.allow_networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks or []]
        self._dns: dict[tuple[str, int], list[str]] = {}
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._checked: dict[tuple[str, int], list[str]] = {}

    def problem(self, host: str, addrs: list[str]) -> str | None:
        if self.allow_private or (self.allow_hosts and host.lower().strip("[]") in self.allow_hosts):
            return None
        for a in addrs:
            try:
                ip = ipaddress.ip_address(a.split("%", 1)[0])
            except ValueError:
                return f"{host} resolves to an unparsable address {a}"
            if any(ip in net for net in self.allow_networks):
                continue
            why = address_problem(ip)
            if why:
                shown = host if host == a else f"{host} ({a})"
                return f"{shown} is {why}"
        return None

    async def resolve(self, host: str, port: int) -> list[str]:
        """Every address of ``host`` (an IP literal is itself), resolved once per run."""
        h = host.strip("[]")
        try:
            ipaddress.ip_address(h.split("%", 1)[0])
            return [h]
        except ValueError:
            pass
        key = (h.lower(), port)
        if key in self._dns:
            return self._dns[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._dns:
                loop = asyncio.get_running_loop()
                infos = await loop.getaddrinfo(h, port, type=socket.SOCK_STREAM)
                addrs: list[str] = []
                for info in infos:
                    a = info[4][0]
                    if a not in addrs:
                        addrs.append(a)
                self._dns[key] = addrs
        return self._dns[key]

    async def check(self, host: str, port: int) -> list[str]:
        """The checked addresses of ``host``; raises BlockedAddress or OSError (DNS)."""
        key = (host, port)
        done = self._checked.get(key)
        if done is not None:
            return done
        addrs = await self.resolve(host, port)
        if not addrs:
            raise OSError(f"no address for {host}")
        why = self.problem(host.strip("[]"), addrs)
        if why:
            raise BlockedAddress(why)
        self._checked[key] = addrs  # only accepted answers are remembered
        return addrs


def guarded_backend(guard: Guard):
    """An httpcore network backend that connects only to addresses the guard accepted
    (given to ``httpcore.AsyncConnectionPool(network_backend=...)``, its public parameter).

    It speaks plain asyncio streams: per request that costs a fraction of the anyio
    backend's CPU (which, at a few thousand requests, was most of a run). Per-operation
    timeouts are left to the caller's deadline around each whole attempt.
    """
    import ssl

    import httpcore

    class Stream(httpcore.AsyncNetworkStream):
        __slots__ = ("r", "w")

        def __init__(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            self.r, self.w = r, w

        async def read(self, max_bytes: int, timeout=None) -> bytes:
            try:
                return await self.r.read(max_bytes)
            except OSError as e:
                raise httpcore.ReadError(str(e) or type(e).__name__) from e

        async def write(self, buffer: bytes, timeout=None) -> None:
            if not buffer:
                return
            try:
                self.w.write(buffer)
                await self.w.drain()
            except OSError as e:
                raise httpcore.WriteError(str(e) or type(e).__name__) from e

        async def aclose(self) -> None:
            try:
                self.w.close()
            except Exception:  # closing a broken transport: nothing left to do
                pass

        async def start_tls(self, ssl_context, server_hostname=None, timeout=None):
            try:
                await self.w.start_tls(ssl_context, server_hostname=server_hostname)
            except (OSError, ssl.SSLError) as e:
                raise httpcore.ConnectError(f"TLS error: {e}") from e
            return self

        def get_extra_info(self, info: str):
            if info == "is_readable":  # an idle keep-alive connection the server closed
                return self.r.at_eof() or bool(getattr(self.r, "_buffer", b""))
            if info in ("ssl_object", "socket", "client_addr", "server_addr", "peername", "sockname"):
                key = {"client_addr": "sockname", "server_addr": "peername"}.get(info, info)
                return self.w.get_extra_info(key)
            return None

    class GuardedBackend(httpcore.AsyncNetworkBackend):
        async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            addrs = await guard.check(host, port)
            last: Exception | None = None
            for a in addrs:
                try:
                    r, w = await asyncio.open_connection(a, port, limit=1 << 20)
                    return Stream(r, w)
                except OSError as e:
                    last = e
            assert last is not None
            if isinstance(last, ConnectionRefusedError) or getattr(last, "errno", None) == errno.ECONNREFUSED:
                raise httpcore.ConnectError("connection refused") from last
            raise httpcore.ConnectError(str(last) or type(last).__name__) from last

        async def connect_unix_socket(self, path, timeout=None, socket_options=None):
            raise BlockedAddress("unix sockets are never used")

        async def sleep(self, seconds: float) -> None:
            await asyncio.sleep(seconds)

    return GuardedBackend()
