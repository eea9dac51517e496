"""The private-address guard: a pull request must not make CI fetch a metadata endpoint.

Names are resolved first and *every* address is checked; a name with one private
address is refused (an attacker controls their DNS). The guard runs before each request
and again inside the connection layer (the aiohttp transport's resolver,
:mod:`contentguard.net.aio`), which connects only to the addresses it checked, so a
second DNS answer (rebinding) cannot slip through, and every redirect hop is covered
because every hop opens connections through it.
"""
from __future__ import annotations

import asyncio
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
