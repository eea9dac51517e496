"""``--fix``: apply the fixes checks attach to findings, atomically, touching nothing else.

A fix is ``finding.extra["fix"] = {"start", "end", "replacement"}`` in decoded-source
offsets. The file is re-read, each fix is applied only if the text it replaces is
still what the check saw, and the result is written to a temporary file in the same
folder and renamed over the original: encoding (and a BOM), line endings and mode
are kept. A symlink is written through to its target (the link stays a link); a
read-only file is never rewritten: its fixes are skipped with a notice.
"""
from __future__ import annotations

import os
import stat
from collections import defaultdict

from contentguard.atomic import atomic_write, write_target
from contentguard.sources import decode


def apply_fixes(findings, fs_paths: dict[str, str]) -> tuple[int, list, list[tuple[str, str]]]:
    """Apply fixes; returns (number applied, findings left unfixed, (path, reason) of
    files left alone)."""
    by_path = defaultdict(list)
    left = []
    for f in findings:
        fx = f.extra.get("fix") if f.extra else None
        if fx and f.path in fs_paths:
            by_path[f.path].append((fx, f))
        else:
            left.append(f)
    applied = 0
    skipped: list[tuple[str, str]] = []
    for path, items in by_path.items():
        fs, why = write_target(fs_paths[path])
        if fs is None:
            skipped.append((path, why))
            left.extend(f for _, f in items)
            continue
        with open(fs, "rb") as fh:
            data = fh.read()
        bom = data.startswith(b"\xef\xbb\xbf")
        text, replaced = decode(data)
        if replaced:  # never rewrite a file we could not decode exactly
            left.extend(f for _, f in items)
            continue
        items.sort(key=lambda it: it[0]["start"], reverse=True)
        last_start = len(text) + 1
        out = text
        for fx, f in items:
            s, e, rep = fx["start"], fx["end"], fx["replacement"]
            expected = fx.get("expected")
            if e > last_start or (expected is not None and out[s:e] != expected):
                left.append(f)
                continue
            out = out[:s] + rep + out[e:]
            last_start = s
            applied += 1
        if out != text:
            atomic_write(fs, (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"),
                         mode=stat.S_IMODE(os.stat(fs).st_mode))
    return applied, left, skipped

