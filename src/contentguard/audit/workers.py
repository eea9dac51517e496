"""The audit's check workers: processes forked from the crawler, each fed through a pipe
of its own, with no thread in the crawler.

A ``concurrent.futures.ProcessPoolExecutor`` hands each task to a feeder thread and
takes each result in a management thread that wakes the event loop through its
self-pipe: three threads taking turns at the GIL for every page, which the crawler's
event loop felt on every socket call. Here a job is one framed message written to the
worker's pipe (a 4-byte length, then a pickle of ``(job id, function, arguments)``), the
result comes back the same way, and the event loop reads it as it reads a socket
(``add_reader``); a directory audit, which has no event loop, waits on the same pipes
with a selector. A job goes to the worker with the fewest jobs outstanding.

A worker that dies (killed, out of memory) ends its pipe: every job outstanding then
fails with ``BrokenProcessPool``, as with the standard pool, and the audit stops to be
resumed. Workers ignore Ctrl-C (the crawler handles it and stops them) and end with the
crawler even after a ``kill -9`` (:func:`contentguard.procs.die_with_parent`, called by
their initializer).
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import pickle
import selectors
import signal
from collections import deque
from concurrent.futures.process import BrokenProcessPool

_HEAD = 4  # bytes of a frame's length
_READ = 1 << 16


def _frame(obj) -> bytes:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(_HEAD, "big") + data


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        b = os.read(fd, min(n - got, 1 << 20))
        if not b:
            return None
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)


def _serve(rfd: int, wfd: int, others: list[int], init, initargs) -> None:
    """A worker's life: run each job read from ``rfd``, write its outcome to ``wfd``,
    until the pipe ends (the crawler closed it, or died)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in others:  # the other workers' pipe ends, inherited by the fork
        os.close(fd)
    if init is not None:
        init(*initargs)
    while True:
        head = _read_exact(rfd, _HEAD)
        if head is None:
            break
        body = _read_exact(rfd, int.from_bytes(head, "big"))
        if body is None:
            break
        jid, fn, args = pickle.loads(body)
        try:
            out = _frame((jid, True, fn(*args)))
        except Exception as e:  # noqa: BLE001 - the job's caller gets it, as from a pool
            try:
                out = _frame((jid, False, e))
            except Exception:  # an exception that does not pickle
                out = _frame((jid, False, RuntimeError(f"{type(e).__name__}: {e}")))
        view = memoryview(out)
        while view:
            view = view[os.write(wfd, view):]
    os._exit(0)


class _Channel:
    """One worker: its process, the two pipe ends the crawler holds, what is waiting to be
    written to it and read from it, and its jobs outstanding (id → callback)."""

    def __init__(self, proc, wfd: int, rfd: int) -> None:
        self.proc = proc
        self.wfd = wfd
        self.rfd = rfd
        self.out = bytearray()
        self.inbuf = bytearray()
        self.jobs: dict[int, object] = {}
        self.dead = False

    def flush(self) -> bool:
        """Write what the pipe takes now; True when everything is written."""
        while self.out:
            try:
                n = os.write(self.wfd, self.out)
            except BlockingIOError:
                return False
            except OSError:  # the worker is gone: its read end says so
                self.out.clear()
                return True
            del self.out[:n]
        return True

    def readable(self) -> list[tuple[int, bool, object]] | None:
        """The results that have arrived whole; None when the worker's pipe ended."""
        try:
            b = os.read(self.rfd, _READ)
        except BlockingIOError:
            return []
        if not b:
            return None
        buf = self.inbuf
        buf += b
        done = []
        while len(buf) >= _HEAD:
            n = int.from_bytes(buf[:_HEAD], "big")
            if len(buf) < _HEAD + n:
                break
            done.append(pickle.loads(bytes(buf[_HEAD:_HEAD + n])))
            del buf[:_HEAD + n]
        return done


class Workers:
    """``n`` forked worker processes, each set up by ``init(*initargs)``."""

    def __init__(self, n: int, init=None, initargs=()) -> None:
        ctx = mp.get_context("fork")
        self.channels: list[_Channel] = []
        self.next_id = 0
        self.loop = None
        held: list[int] = []  # the crawler's ends of earlier workers' pipes
        for _ in range(n):
            req_r, req_w = os.pipe()
            res_r, res_w = os.pipe()
            proc = ctx.Process(target=_serve, args=(req_r, res_w, held + [req_w, res_r], init, initargs),
                               daemon=True)
            proc.start()
            os.close(req_r)
            os.close(res_w)
            os.set_blocking(req_w, False)
            os.set_blocking(res_r, False)
            held += [req_w, res_r]
            self.channels.append(_Channel(proc, req_w, res_r))

    # -- sending and receiving ---------------------------------------------------------
    def _send(self, fn, args, done) -> tuple[_Channel, int]:
        """Queue the job on the least busy worker; ``done(job id, ok, value)`` is called
        with its outcome (written out by the caller: :meth:`_Channel.flush`)."""
        live = [c for c in self.channels if not c.dead]
        if not live:
            raise BrokenProcessPool("every check worker process died")
        ch = min(live, key=lambda c: len(c.jobs))
        jid = self.next_id
        self.next_id += 1
        ch.jobs[jid] = done
        ch.out += _frame((jid, fn, args))
        return ch, jid

    def _received(self, ch: _Channel) -> None:
        got = ch.readable()
        if got is None:
            self._died(ch)
            return
        for jid, ok, value in got:
            ch.jobs.pop(jid)(jid, ok, value)

    def _died(self, ch: _Channel) -> None:
        ch.dead = True
        if self.loop is not None:
            self.loop.remove_reader(ch.rfd)
            self.loop.remove_writer(ch.wfd)
        jobs, ch.jobs = ch.jobs, {}
        for jid, done in jobs.items():
            done(jid, False, BrokenProcessPool("a check worker process died"))

    # -- from an event loop --------------------------------------------------------------
    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read the workers' results in ``loop`` (before :meth:`run`; :meth:`detach` after)."""
        self.loop = loop
        for ch in self.channels:
            if not ch.dead:
                loop.add_reader(ch.rfd, self._received, ch)

    def detach(self) -> None:
        if self.loop is not None:
            for ch in self.channels:
                if not ch.dead:
                    self.loop.remove_reader(ch.rfd)
                    self.loop.remove_writer(ch.wfd)
        self.loop = None

    async def run(self, fn, *args):
        """``fn(*args)`` in a worker (``fn`` a module-level function, the arguments
        picklable); its value, or its exception raised here."""
        fut = self.loop.create_future()

        def done(_jid: int, ok: bool, value) -> None:
            if not fut.done():
                if ok:
                    fut.set_result(value)
                else:
                    fut.set_exception(value)

        ch, _ = self._send(fn, args, done)
        if not ch.flush():
            self.loop.add_writer(ch.wfd, self._drain, ch)
        return await fut

    def _drain(self, ch: _Channel) -> None:
        if ch.flush():
            self.loop.remove_writer(ch.wfd)

    # -- without an event loop -------------------------------------------------------------
    def map(self, fn, *iterables, window: int = 4):
        """``fn`` over the arguments, in order, up to ``window`` jobs per worker at a time."""
        todo = iter(zip(*iterables))
        results: dict[int, tuple[bool, object]] = {}
        order: deque[int] = deque()

        def done(jid: int, ok: bool, value) -> None:
            results[jid] = (ok, value)

        sel = selectors.DefaultSelector()
        writing: set[int] = set()
        try:
            for ch in self.channels:
                if not ch.dead:
                    sel.register(ch.rfd, selectors.EVENT_READ, ch)
            more = True
            while True:
                while order and order[0] in results:
                    ok, value = results.pop(order.popleft())
                    if not ok:
                        raise value
                    yield value
                while more and len(order) < window * len(self.channels):
                    args = next(todo, None)
                    if args is None:
                        more = False
                        break
                    order.append(self._send(fn, args, done)[1])
                if not order:
                    return
                for ch in self.channels:
                    pending = not ch.dead and not ch.flush()
                    if pending and ch.wfd not in writing:
                        sel.register(ch.wfd, selectors.EVENT_WRITE, ch)
                        writing.add(ch.wfd)
                    elif not pending and ch.wfd in writing:
                        sel.unregister(ch.wfd)
                        writing.discard(ch.wfd)
                for key, ev in sel.select():
                    ch = key.data
                    if ev & selectors.EVENT_READ and not ch.dead:
                        self._received(ch)
                        if ch.dead:
                            sel.unregister(ch.rfd)
        finally:
            sel.close()

    # -- the end --------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Close the pipes (a worker ends when its pipe does) and wait for the workers;
        jobs still outstanding are dropped."""
        self.detach()
        for ch in self.channels:
            for fd in (ch.wfd, ch.rfd):
                try:
                    os.close(fd)
                except OSError:
                    pass
        for ch in self.channels:
            ch.proc.join(timeout=5)
            if ch.proc.is_alive():
                ch.proc.kill()
                ch.proc.join()
        self.channels = []
