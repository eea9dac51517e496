"""The audit's check workers (audit/workers.py): jobs through each worker's own pipes,
from an event loop and without one; big messages both ways, errors, a worker that dies."""
from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures.process import BrokenProcessPool

import pytest

from contentguard.audit.workers import Workers

_STATE: dict = {}


def _init(tag: str) -> None:
    _STATE["tag"] = tag


def tagged(x):
    return (_STATE.get("tag"), x, os.getpid())


def echo_big(data: bytes) -> bytes:
    return data[::-1] * 2


def fail(msg: str):
    raise ValueError(msg)


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not picklable")


def fail_oddly():
    raise Unpicklable("odd")


def die(_x=None):
    os._exit(3)


@pytest.fixture
def pool():
    w = Workers(2, _init, ("set up",))
    yield w
    w.shutdown()


def test_jobs_from_an_event_loop_run_in_the_workers_set_up_once(pool):
    threads = threading.active_count()
    during = []

    async def main():
        pool.attach(asyncio.get_running_loop())
        try:
            jobs = [asyncio.ensure_future(pool.run(tagged, i)) for i in range(20)]
            await asyncio.sleep(0)
            during.append(threading.active_count())
            return await asyncio.gather(*jobs)
        finally:
            pool.detach()

    out = asyncio.run(main())
    assert [x for _t, x, _p in out] == list(range(20))
    assert {t for t, _x, _p in out} == {"set up"}
    pids = {p for _t, _x, p in out}
    assert os.getpid() not in pids and pids <= {ch.proc.pid for ch in pool.channels}
    assert len(pids) == 2  # the jobs in flight were shared out
    assert during == [threads]  # no feeder or management thread in this process


def test_messages_larger_than_a_pipe_go_both_ways_without_deadlock(pool):
    data = [bytes([i]) * (3 << 20) for i in range(6)]  # 3 MB each way, 6 MB back: pipes hold 64 KB

    async def main():
        pool.attach(asyncio.get_running_loop())
        try:
            return await asyncio.gather(*(pool.run(echo_big, d) for d in data))
        finally:
            pool.detach()

    assert asyncio.run(main()) == [d * 2 for d in data]
    assert list(pool.map(echo_big, data, window=1)) == [d * 2 for d in data]


def test_map_keeps_the_order_of_its_arguments(pool):
    assert [x for _t, x, _p in pool.map(tagged, range(50))] == list(range(50))
    # one job per worker: both answers often arrive in one wake-up, and the next jobs
    # must still be sent (the first version then waited for ever on nothing)
    for _ in range(5):
        assert [x for _t, x, _p in pool.map(tagged, range(100), window=1)] == list(range(100))
    assert list(pool.map(tagged, [])) == []


def test_a_job_s_exception_reaches_its_caller_and_the_workers_go_on(pool):
    async def main():
        pool.attach(asyncio.get_running_loop())
        try:
            with pytest.raises(ValueError, match="bad page"):
                await pool.run(fail, "bad page")
            with pytest.raises(RuntimeError, match="Unpicklable: odd"):
                await pool.run(fail_oddly)
            return await pool.run(tagged, 7)
        finally:
            pool.detach()

    assert asyncio.run(main())[1] == 7
    with pytest.raises(ValueError, match="in map"):
        list(pool.map(fail, ["in map"]))


def test_a_worker_that_dies_fails_its_jobs_with_broken_process_pool(pool):
    async def main():
        pool.attach(asyncio.get_running_loop())
        try:
            with pytest.raises(BrokenProcessPool):
                await pool.run(die)
            return await pool.run(tagged, 1)  # the other worker still takes jobs
        finally:
            pool.detach()

    assert asyncio.run(main())[1] == 1
    assert sum(ch.dead for ch in pool.channels) == 1
    with pytest.raises(BrokenProcessPool):
        list(pool.map(die, [0]))
    with pytest.raises(BrokenProcessPool, match="every check worker"):
        list(pool.map(tagged, [1]))


def test_shutdown_ends_every_worker():
    w = Workers(2, _init, ("x",))
    procs = [ch.proc for ch in w.channels]
    assert all(p.is_alive() for p in procs)
    w.shutdown()
    assert not any(p.is_alive() for p in procs)
    assert [p.exitcode for p in procs] == [0, 0]
