"""External links checked on every core: the unique targets split into shards, each
resolved by its own :class:`~.remote.Resolver` (its own event loop and connections) in
its own process, the first in this one.

One Python process spends about half a millisecond of CPU per request (httpx, httpcore
and h11 are pure Python), so one event loop is CPU-bound long before the network is,
and the other cores sat idle through the whole HTTP phase.

Politeness is kept: the global limit and the per-host limit are divided between the
shards (a host whose limit is smaller than the number of shards has all its targets in
one shard, so its limit holds as set). Each shard backs off on its own 429s. A shard
whose process dies has its targets resolved here afterwards, so no target is lost.
"""
from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing as mp
import os
import zlib
from typing import Callable
from urllib.parse import urlsplit

from contentguard.checks._links.remote import Resolver, Settings
from contentguard.checks._links.verdict import Verdict
from contentguard.net.guard import Guard
from contentguard.procs import die_with_parent

#: fewer unique targets than this are resolved in one process (forking costs more)
MIN_TARGETS = 200


@dataclasses.dataclass
class Outcome:
    verdicts: dict[str, Verdict]
    requests: int = 0
    retries: int = 0


def split(targets: list[tuple[str, bool]], s: Settings, n: int) -> tuple[list[list[tuple[str, bool]]], Settings]:
    """``targets`` in ``n`` shards, and the settings each shard runs with."""
    by_url = s.max_per_host >= n  # else: whole hosts per shard, their limit kept as set
    parts: list[list[tuple[str, bool]]] = [[] for _ in range(n)]
    for t in targets:
        key = t[0] if by_url else urlsplit(t[0]).netloc.lower()
        parts[zlib.crc32(key.encode("utf-8", "surrogatepass")) % n].append(t)
    per = dataclasses.replace(s, max_concurrency=max(1, s.max_concurrency // n),
                              max_per_host=s.max_per_host // n if by_url else s.max_per_host)
    return parts, per


def resolve(s: Settings, guard: Guard, targets: list[tuple[str, bool]], progress: Callable[[], None] | None,
            shards: int, run: Callable) -> Outcome:
    """Verdicts of ``targets`` over ``shards`` processes (one when there are few
    targets). ``run(coro)`` runs a coroutine to its end (``asyncio.run``, or a thread's
    loop when one is already running here)."""
    shards = max(1, min(shards, len(targets) // (MIN_TARGETS // 2) or 1))
    if shards == 1 or len(targets) < MIN_TARGETS or "fork" not in mp.get_all_start_methods():
        return _here(s, guard, targets, progress, run)
    parts, per = split(targets, s, shards)
    ctx = mp.get_context("fork")
    children = []
    for part in parts[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(per, guard, part, send, os.getpid()), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv, part))
    out = run(_parent(per, guard, parts[0], progress, children))
    for proc, recv, _part in children:
        recv.close()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join()
    lost = [t for _p, _r, part in children for t in part if t[0] not in out.verdicts]
    if lost:  # a shard's process died: its targets are resolved here
        more = _here(s, guard, lost, progress, run)
        out.verdicts.update(more.verdicts)
        out.requests += more.requests
        out.retries += more.retries
    return out


def _here(s: Settings, guard: Guard, targets, progress, run) -> Outcome:
    return run(_here_async(s, guard, targets, progress)) if targets else Outcome({})


TICKS = 16  # a child reports progress every this many targets


def _child(s: Settings, guard: Guard, targets, conn, parent: int) -> None:
    """A shard's process: its verdicts (and progress ticks) sent back through ``conn``;
    it ends with its parent (no requests go on after a ``kill -9`` of the run)."""
    die_with_parent(parent)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if done[0] % TICKS == 0:
            conn.send(("tick", TICKS))

    try:
        resolver = Resolver(s, guard)
        verdicts = asyncio.run(resolver.run(targets, tick))
        conn.send(("tick", done[0] % TICKS))
        conn.send(("done", verdicts, resolver.stats.requests, resolver.stats.retries))
    finally:
        conn.close()


async def _parent(s: Settings, guard: Guard, targets, progress, children) -> Outcome:
    """This process's shard, while the children's messages are read as they come."""
    loop = asyncio.get_running_loop()
    out = Outcome({})
    waiting = []
    for _proc, recv, _part in children:
        ended = loop.create_future()
        waiting.append(ended)

        def readable(recv=recv, ended=ended) -> None:
            try:
                msg = recv.recv()
            except (EOFError, OSError):  # the child ended (or died) without a last word
                msg = ("end",)
            if msg[0] == "tick":
                for _ in range(msg[1]):
                    if progress:
                        progress()
                return
            if msg[0] == "done":
                out.verdicts.update(msg[1])
                out.requests += msg[2]
                out.retries += msg[3]
            loop.remove_reader(recv.fileno())
            if not ended.done():
                ended.set_result(None)

        loop.add_reader(recv.fileno(), readable)
    own = await _here_async(s, guard, targets, progress)
    out.verdicts.update(own.verdicts)
    out.requests += own.requests
    out.retries += own.retries
    if waiting:  # each child keeps the run's budget itself; this is the backstop
        await asyncio.wait(waiting, timeout=s.run_timeout + 60)
        for _proc, recv, _part in children:
            loop.remove_reader(recv.fileno())
    return out


async def _here_async(s: Settings, guard: Guard, targets, progress) -> Outcome:
    resolver = Resolver(s, guard)
    verdicts = await resolver.run(targets, progress) if targets else {}
    return Outcome(verdicts, resolver.stats.requests, resolver.stats.retries)
