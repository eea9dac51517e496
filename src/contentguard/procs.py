"""Child processes that end with their parent."""
from __future__ import annotations

import os


def die_with_parent(parent: int | None = None) -> None:
    """In a worker process: end when the parent ends, even by SIGKILL (Linux).

    A pool's forked workers each hold the task pipe open, so after a ``kill -9`` of the
    parent they would wait on it for ever (and a link shard would go on sending requests);
    PR_SET_PDEATHSIG has the kernel end them. ``parent`` (the pid before the fork) tells
    whether the parent died before prctl took effect; without it, being adopted by pid 1
    does. Elsewhere, or if prctl fails, nothing changes."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if (os.getppid() != parent) if parent is not None else (os.getppid() == 1):
        os._exit(1)  # the parent died before prctl took effect
