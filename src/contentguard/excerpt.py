"""The source line printed under a finding: masked once, on a bounded window.

Live sites serve minified pages (a whole page on one line), and masking the full line
for each of a thousand findings made the work findings x line length (a 66 KB page took
13 minutes). A line longer than LONG_LINE is cut around the finding with an ellipsis at
each cut end, as ruff does, and masked in blocks, each once per source.

Kept apart from ``masking`` (the value masks, which the pii check imports) because the
line masking calls the pii check's public ``mask_line``: one module each way, no cycle.
"""
from __future__ import annotations

from bisect import bisect_left

from contentguard.masking import DOT, mask_keep_length, mask_like

ELLIPSIS = "\u2026"
LONG_LINE = 240  # a line up to this many characters is shown whole
CONTEXT = 60  # characters kept either side of the finding in a cut line
MAX_SPAN = 160  # at most this much of a long finding is shown
MARGIN = 128  # characters read past each block edge for detection, so a value across it is seen whole
BLOCK = 4096  # a long line is masked in blocks of this many characters, each once


def masked_line(line: str) -> str | None:
    """``line`` with the structured personal data in it masked, length kept (so carets
    still line up), or None when masking fails: a line is never kept or printed in clear.
    Cost grows with ``len(line)``: give it a bounded window (see ``source_excerpt``)."""
    try:
        from contentguard.checks.pii import mask_line  # lazy: the pii check is heavy
        from contentguard.urlmask import mask_urls_keep_length

        # values inside URLs too: /users/maria@gmail.com.html, ?email=maria%40gmail.com
        return mask_urls_keep_length(mask_line(line))
    except Exception:  # a broken pii module must not leak lines
        return None


class _BlockCache:
    """Masked blocks of the long lines of the source being reported on, so findings close
    together on a minified page share the masking work: each block of a line is masked
    once (with ``MARGIN`` characters of context either side), whatever the number of
    findings on it. Holds one source at a time (the file being checked)."""

    def __init__(self) -> None:
        self.source: str | None = None
        self.blocks: dict[tuple[int, int], str | None] = {}

    def block(self, source: str, line_start: int, line_end: int, k: int) -> str | None:
        if source is not self.source:
            self.source, self.blocks = source, {}
        key = (line_start, k)
        if key not in self.blocks:
            a = line_start + k * BLOCK
            b = min(line_end, a + BLOCK)
            ds, de = max(line_start, a - MARGIN), min(line_end, b + MARGIN)
            m = masked_line(source[ds:de])
            self.blocks[key] = None if m is None else m[a - ds:b - ds]
        return self.blocks[key]


_BLOCKS = _BlockCache()


def _own(part: str, own: tuple[int, int], a: int, b: int, masked: str | None) -> str:
    """A finding's own value as the line shows it: like its message's mask when the whole
    value is in the window, else (cut by the window) with no letter or digit shown."""
    if masked is not None and b - a == own[1] - own[0]:
        return mask_like(part, masked)
    return mask_keep_length(part) if masked is None else "".join(DOT if c.isalnum() else c for c in part)


def source_excerpt(source: str, line_start: int, line_end: int, start: int, end: int,
                   own: tuple[int, int] | None = None,
                   own_masked: str | None = None) -> tuple[str, int] | None:
    """The masked text printed under a finding at ``source[start:end]`` on the line
    ``source[line_start:line_end]``, and its shift (display index = index in the line -
    shift), or None when masking fails.

    A line up to ``LONG_LINE`` characters comes back whole (shift 0). A longer line is cut
    to ``CONTEXT`` characters either side of the finding (at most ``MAX_SPAN`` of the
    finding itself) with ``…`` at each cut end; it is masked in blocks of ``BLOCK``
    characters, each read with ``MARGIN`` characters of context either side (so a value
    a cut or a block edge runs through is seen whole) and masked once per source. ``own``
    (raw offsets) is a masked finding's own value, masked whatever the detectors say,
    showing no more than ``own_masked``, the masked form its message shows (``mask_like``).
    Work per finding is bounded by the window, never by the line.
    """
    start = max(line_start, min(start, line_end))
    end = max(start, min(end, line_end))
    ws, we = _window(line_start, line_end, start, end)
    if line_end - line_start <= LONG_LINE:
        seg = source[ws:we]
        if own is not None:
            a, b = max(own[0], ws) - ws, min(own[1], we) - ws
            if a < b:
                seg = seg[:a] + _own(seg[a:b], own, a, b, own_masked) + seg[b:]
        text = masked_line(seg)
    else:
        k0, k1 = (ws - line_start) // BLOCK, (we - 1 - line_start) // BLOCK
        parts = [_BLOCKS.block(source, line_start, line_end, k) for k in range(k0, k1 + 1)]
        if any(p is None for p in parts):
            return None
        off = ws - (line_start + k0 * BLOCK)
        text = "".join(parts)[off:off + we - ws]  # type: ignore[arg-type]
        if own is not None:
            a, b = max(own[0], ws) - ws, min(own[1], we) - ws
            if a < b:
                text = text[:a] + _own(text[a:b], own, a, b, own_masked) + text[b:]
    if text is None:
        return None
    return _framed(text, ws - line_start, we < line_end)


def _window(line_start: int, line_end: int, start: int, end: int) -> tuple[int, int]:
    """The part of the line shown under a finding at ``[start, end)`` (already clamped to
    the line): the whole line up to ``LONG_LINE``, else ``CONTEXT`` either side."""
    if line_end - line_start <= LONG_LINE:
        return line_start, line_end
    return max(line_start, start - CONTEXT), min(line_end, min(end, start + MAX_SPAN) + CONTEXT)


def _framed(text: str, col: int, cut_right: bool) -> tuple[str, int]:
    """The shown text with ``…`` at each cut end, and its shift; ``col`` is where the
    window starts in its line."""
    prefix = ELLIPSIS if col > 0 else ""
    return prefix + text + (ELLIPSIS if cut_right else ""), col - len(prefix)


def clear_excerpt(source: str, line_start: int, line_end: int, start: int, end: int) -> tuple:
    """What :func:`masked_excerpt` needs to print the line under a finding at
    ``source[start:end]`` later, without the document: the window of the line shown
    (see :func:`source_excerpt`) and, on a long line, ``MARGIN`` characters either side
    of it, so a value the window cuts is still seen whole. **Clear text**: for memory
    only, never stored or printed. For a check that knows its findings only at the end
    (links: verdicts come after every page is read), so that only the lines of reported
    findings are masked, not the line of every link collected."""
    start = max(line_start, min(start, line_end))
    end = max(start, min(end, line_end))
    ws, we = _window(line_start, line_end, start, end)
    if line_end - line_start <= LONG_LINE:
        ds, de = ws, we
    else:
        ds, de = max(line_start, ws - MARGIN), min(line_end, we + MARGIN)
    return source[ds:de], ws - ds, we - ds, ws - line_start, we < line_end


def masked_excerpt(clear: tuple) -> tuple[str, int] | None:
    """:func:`source_excerpt`'s answer from a :func:`clear_excerpt`: the masked text shown
    and its shift, or None when masking fails. A short line is masked whole, exactly as
    ``source_excerpt`` does; a long one on its window and margins (rather than its blocks)."""
    text, a, b, col, cut_right = clear
    masked = masked_line(text)
    if masked is None:
        return None
    return _framed(masked[a:b], col, cut_right)


def overlay(display: str, shift: int, spans: list[tuple[int, int]],
            masks: dict[tuple[int, int], str] | None = None) -> str:
    """``display`` (a source excerpt with its shift) with the given spans of its line
    masked; ``spans`` are 0-based (start, end) columns of the whole line, sorted by start.
    Only the spans that meet the excerpt are visited (bisect), so a line with thousands of
    personal-data findings costs each excerpt a few spans, not all of them. ``masks`` gives
    a span's masked form as its finding's message shows it, so the line shows no other
    part of the value (``mask_like``)."""
    lo, hi = shift, shift + len(display)
    j = bisect_left(spans, (hi, -1))
    while j > 0:
        j -= 1
        a, b = spans[j]
        if b <= lo:
            if a < lo - 4 * LONG_LINE:  # values are short: nothing further left reaches in
                break
            continue
        clipped = a < lo
        a, b = max(a, lo) - shift, min(b, hi) - shift
        part = display[a:b]
        masked = masks.get(spans[j]) if masks else None
        if clipped:
            part = "".join(DOT if c.isalnum() else c for c in part)
        else:
            part = mask_keep_length(part) if masked is None else mask_like(part, masked)
        display = display[:a] + part + display[b:]
    return display
