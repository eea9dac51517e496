"""The one atomic write of the package: a temporary file in the same folder, renamed over.

Readers (a browser on a report, a CI step on a baseline, an editor on a fixed page)
see the old file or the new one, never half of one. Used by ``--fix``, and through
:func:`write_output` by every file the command line writes: ``check -o``, the baseline
and the audit's reports.
"""
from __future__ import annotations

import os
import stat
import tempfile
from typing import Callable, IO


def _shared_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str, data: bytes | str | Callable[[IO], None], *, mode: int | None = None,
                 newline: str | None = None) -> None:
    """Write ``data`` (bytes, text, or a function given the open text file) to ``path``.

    ``mode`` keeps a file's permissions (``--fix``); without it the new file gets the
    umask's ordinary mode, as a report or baseline to share should (not mkstemp's 0600).
    ``path`` must not be a symlink: the rename would replace the link itself (callers
    that write through a link resolve it first, see :func:`write_target`).
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".contentguard-")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
                if isinstance(data, str):
                    fh.write(data)
                else:
                    data(fh)
        os.chmod(tmp, _shared_mode() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_output(path: str, data: bytes | str | Callable[[IO], None], *, newline: str | None = None) -> None:
    """Write a file the user named (a report, a baseline): atomically, so a killed or
    failing run leaves the old file whole and no half-written one.

    A symlink is followed (the link stays a link), an existing file keeps its permissions,
    and what is not a regular file (``-o /dev/stdout``, a pipe) has nothing to replace and
    is written in place. Raises ``OSError`` (no such folder, read-only, a directory).
    """
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(real, "wb" if isinstance(data, bytes) else "w",
                  **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": newline})) as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
        return
    atomic_write(real, data, mode=stat.S_IMODE(st.st_mode) if st is not None else None, newline=newline)


def write_target(path: str) -> tuple[str | None, str]:
    """Where a fix of ``path`` may be written: (real path, "") or (None, reason to skip).

    A symlink is followed to its target, so the link stays a link and the target is
    the file fixed; a read-only file (or one whose folder is read-only) is left alone.
    """
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as e:
        return None, f"cannot read it: {e.strerror or e}"
    if not stat.S_ISREG(st.st_mode):
        return None, "not a regular file"
    if not (st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(real, os.W_OK):
        return None, "read-only"
    if not os.access(os.path.dirname(real) or ".", os.W_OK):
        return None, "its folder is read-only"
    return real, ""
