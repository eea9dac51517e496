"""``--fix``: apply the fixes checks attach to findings, atomically, touching nothing else.

A fix is ``finding.fix``, a :class:`contentguard.findings.Fix` in decoded-source
offsets. The file is re-read, each fix is applied only if the text it replaces is
still what the check saw (``Fix.expected``), and the result is written to a temporary file in the same
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


def match_case(matched: str, right: str) -> str:
    """A lower-case replacement takes the case of the text it replaces ("E-mail" -> "Email",
    "E-MAIL" -> "EMAIL"); a replacement with capitals of its own ("JavaScript") is kept as written."""
    if not right or right != right.lower() or not any(ch.isalpha() for ch in matched):
        return right
    letters = [ch for ch in matched if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return right.upper()
    if letters[0].isupper():
        return right[:1].upper() + right[1:]
    return right


def apply_fixes(findings, fs_paths: dict[str, str]) -> tuple[dict[str, int], list, list[tuple[str, str]]]:
    """Apply fixes; returns ({path: fixes applied}, findings left unfixed, (path, reason) of
    files left alone)."""
    by_path = defaultdict(list)
    left = []
    for f in findings:
        if f.fix is not None and f.path in fs_paths:
            by_path[f.path].append((f.fix, f))
        else:
            left.append(f)
    applied: dict[str, int] = {}
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
        items.sort(key=lambda it: it[0].start, reverse=True)
        last_start = len(text) + 1
        out = text
        for fx, f in items:
            s, e, rep = fx.start, fx.end, fx.replacement
            if e > last_start or out[s:e] != fx.expected:
                left.append(f)
                continue
            out = out[:s] + rep + out[e:]
            last_start = s
            applied[path] = applied.get(path, 0) + 1
        if out != text:
            atomic_write(fs, (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"),
                         mode=stat.S_IMODE(os.stat(fs).st_mode))
    return applied, left, skipped

