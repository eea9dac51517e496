"""External links requested while the pages are still being read.

``check`` reads files in worker processes and the link check's ``finish`` ran only after
the last one: on the 2,000-page bench the server sat idle while the pages were read, and
the workers idle while it answered. The engine now hands the link check each batch of
collected documents as it arrives (``TwoPhaseCheck.early``), and each new unique
external target starts here at once: one :class:`~.remote.Resolver` in a thread of the
main process (which only waits for the workers meanwhile), with its own event loop.
``finish`` gives it the targets it has not seen and takes every verdict from it.

Politeness is the resolver's, unchanged: one global and one per-host limit for the
whole run (the targets are not split between processes in this mode: forking beside a
running thread is unsafe, and with aiohttp one process keeps up with the server).
"""
from __future__ import annotations

import asyncio
import threading
import time

from contentguard.checks._links.remote import Resolver, Settings
from contentguard.checks._links.verdict import Verdict
from contentguard.net.guard import Guard


class Early:
    """A resolver running in its own thread and loop, fed targets as they are found."""

    def __init__(self, s: Settings, guard: Guard) -> None:
        self.s = s
        self.resolver = Resolver(s, guard)
        self.sent: dict[str, bool] = {}  # url -> its page's anchors asked for
        self.done = 0
        self.progress = None
        self.t0 = time.monotonic()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, name="contentguard-links", daemon=True)
        self.thread.start()
        self._call(self.resolver.begin)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def _call(self, fn, *args) -> None:
        self.loop.call_soon_threadsafe(fn, *args)

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress()

    def submit(self, targets: list[tuple[str, bool]]) -> None:
        """Start these (url, anchors needed) now, each url once (a page first asked for
        without its anchors is fetched again in :meth:`finish` only if they are needed
        and were not read: a small page is read whole, anchors included)."""
        go = []
        for url, anchors in targets:
            if url not in self.sent:
                self.sent[url] = anchors
                go.append((url, anchors))
        if go:
            self._call(self._submit, go)

    def _submit(self, go) -> None:
        for url, anchors in go:
            self.resolver.submit(url, anchors, self._tick)

    def finish(self, targets: list[tuple[str, bool]], progress=None) -> tuple[dict[str, Verdict], int, int]:
        """(verdicts of ``targets``, requests, retries): those not started yet start now,
        a page fetched without the anchors a later link needs is fetched again; then the
        loop and its thread end."""
        self.submit(targets)
        self.progress = progress
        if progress is not None:
            for _ in range(min(self.done, len(targets))):
                progress()
        urls = [u for u, _a in targets]
        left = self.s.run_timeout - (time.monotonic() - self.t0)

        async def settle():
            try:
                out = await self.resolver.settle(urls, left)
                again = [u for u, a in targets if a and out[u].html and out[u].anchors is None]
                for u in again:
                    self.resolver.submit(u, True, again=True)
                if again:
                    out.update(await self.resolver.settle(again, self.s.run_timeout - (time.monotonic() - self.t0)))
                return out
            finally:
                await self.resolver.end()

        try:
            out = asyncio.run_coroutine_threadsafe(settle(), self.loop).result()
        finally:
            self.close()
        return out, self.resolver.stats.requests, self.resolver.stats.retries

    def close(self) -> None:
        """Stop the loop and its thread (requests in flight are dropped)."""
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
        if not self.loop.is_running():
            self.loop.close()
