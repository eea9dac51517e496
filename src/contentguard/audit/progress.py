"""Progress on stderr: a bar on a terminal, plain periodic lines otherwise, nothing in --quiet.
The audit counts pages (and its queue); ``check`` counts files (``unit="files"``)."""
from __future__ import annotations

import sys
import time


def _fmt_eta(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds > 360000:
        return "--:--"
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class Progress:
    """``update(done, queued, findings, budget, new_pages, elapsed)`` after each page.

    On a TTY: one redrawn line ``[####....] 120 pages · 340 queued · 57 findings · 85.2/s · ETA 00:04``
    at most 10 times a second. Otherwise: one plain line every ``interval`` seconds, so a
    CI log shows the audit is alive without a line per page.
    """

    def __init__(self, stream=None, quiet: bool = False, tty: bool | None = None, interval: float = 5.0,
                 unit: str = "pages") -> None:
        self.out = stream or sys.stderr
        self.unit = unit
        self.quiet = quiet
        self.tty = (self.out.isatty() if tty is None else tty) and not quiet
        self.interval = 0.1 if self.tty else interval
        self.last = 0.0
        self.drawn = False
        self.state: tuple | None = None

    def wants_queue(self) -> bool:
        return not self.quiet and time.monotonic() - self.last >= self.interval

    def message(self, text: str) -> None:
        if self.quiet:
            return
        self._clear()
        print(f"contentguard: {text}", file=self.out)

    def update(self, done: int, queued: int | None, findings: int, budget: int, new_pages: int,
               elapsed: float, force: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        rate = new_pages / elapsed if elapsed > 0 else 0.0
        queued = 0 if queued is None else queued
        left = min(queued, max(0, budget - done))
        eta = left / rate if rate > 0 else None
        if self.tty:
            total = done + left
            width = 24
            filled = int(width * done / total) if total else width
            counts = (f"{done} pages · {queued} queued" if self.unit == "pages"
                      else f"{done}/{total} {self.unit}")
            line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {counts} · "
                    f"{findings} findings · {rate:.1f}/s · ETA {_fmt_eta(eta)}")
            self.out.write(line + "\x1b[K")
            self.out.flush()
            self.drawn = True
        else:
            print(f"contentguard: audit: {done} pages, {queued} queued, {findings} findings, "
                  f"{rate:.1f} pages/s, ETA {_fmt_eta(eta)}", file=self.out, flush=True)

    def _clear(self) -> None:
        if self.drawn:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self.drawn = False

    def close(self) -> None:
        self._clear()
