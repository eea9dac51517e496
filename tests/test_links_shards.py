"""External links resolved in several processes (``checks/_links/shards.py``): the same
verdicts as one process, politeness limits divided, a dead shard's targets not lost."""
from __future__ import annotations

import asyncio
import os
import signal

import pytest

from contentguard.checks._links import shards
from contentguard.checks._links.remote import Settings
from contentguard.net.guard import Guard

from siteserver import SiteServer

pytestmark = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="shards are forked processes")


@pytest.fixture(scope="module")
def server():
    srv = SiteServer()
    yield srv
    srv.stop()


def targets(base: str) -> list[tuple[str, bool]]:
    """250 targets: pages (some with a fragment to find), 404s and permanent redirects."""
    out = []
    for i in range(250):
        kind = i % 5
        if kind < 3:
            out.append((f"{base}/ok/t{i}", kind == 0))
        elif kind == 3:
            out.append((f"{base}/status/404/t{i}", False))
        else:
            out.append((f"{base}/redirect/301/t{i}", False))
    return out


def settings(**kw) -> Settings:
    base = dict(timeout=10, attempts=1, user_agent="cg-test", max_concurrency=8, max_per_host=8)
    base.update(kw)
    return Settings(**base)


def test_split_divides_the_limits_and_keeps_a_small_host_whole():
    t = [(f"http://a.test/{i}", False) for i in range(40)] + [(f"http://b.test/{i}", False) for i in range(40)]
    parts, per = shards.split(t, settings(max_concurrency=64, max_per_host=10), 2)
    assert (per.max_concurrency, per.max_per_host) == (32, 5)
    assert sorted(x for p in parts for x in p) == sorted(t) and all(parts)
    # a host limited to one request at a time keeps all its targets in one shard
    parts, per = shards.split(t, settings(max_concurrency=64, max_per_host=1), 2)
    assert per.max_per_host == 1
    for host in ("a.test", "b.test"):
        assert sum(1 for p in parts if any(host in u for u, _ in p)) == 1


def test_two_shards_give_the_verdicts_of_one(server):
    t = targets(server.base)
    one = shards.resolve(settings(), Guard(True), t, None, 1, asyncio.run)
    server.reset()
    ticks = []
    two = shards.resolve(settings(), Guard(True), t, lambda: ticks.append(1), 2, asyncio.run)
    assert {u: (v.state, v.status, v.anchors) for u, v in two.verdicts.items()} == \
        {u: (v.state, v.status, v.anchors) for u, v in one.verdicts.items()}
    states = sorted({v.state for v in two.verdicts.values()})
    assert states == ["broken", "ok", "redirect"] and len(two.verdicts) == 250
    assert two.verdicts[f"{server.base}/ok/t0"].anchors >= {"top", "intro", "footer"}
    assert two.requests == one.requests == 250 + 50  # each redirect's target too
    assert len(ticks) == 250  # progress counts the child's targets as well
    # a look-alike: too few targets to be worth a fork stay in this process
    pid = os.getpid()
    seen = []
    orig = shards._here_async

    async def spy(*a):
        seen.append(os.getpid())
        return await orig(*a)

    shards._here_async = spy
    try:
        shards.resolve(settings(), Guard(True), t[:20], None, 2, asyncio.run)
    finally:
        shards._here_async = orig
    assert seen == [pid]


def test_a_dead_shard_loses_no_target(server, monkeypatch):
    t = targets(server.base)
    real = shards._child

    def dies(s, guard, part, conn, parent):
        os.kill(os.getpid(), signal.SIGKILL)  # the shard's process is killed before it answers
        real(s, guard, part, conn, parent)

    monkeypatch.setattr(shards, "_child", dies)
    got = shards.resolve(settings(), Guard(True), t, None, 2, asyncio.run)
    assert len(got.verdicts) == 250
    assert got.verdicts[f"{server.base}/status/404/t3"].state == "broken"


def test_a_shard_ends_with_its_parent():
    """The kernel ends a shard when its parent dies (PR_SET_PDEATHSIG), and a shard whose
    parent is already gone when it starts ends at once; one whose parent lives goes on."""
    from contentguard.procs import die_with_parent

    ctx = __import__("multiprocessing").get_context("fork")
    orphan = ctx.Process(target=die_with_parent, args=(os.getpid() + 10_000_000,))  # not its parent
    orphan.start()
    orphan.join(10)
    assert orphan.exitcode == 1
    child = ctx.Process(target=die_with_parent, args=(os.getpid(),))
    child.start()
    child.join(10)
    assert child.exitcode == 0
