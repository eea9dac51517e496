"""The source line printed under a finding: masked once, on a bounded window.

Live sites serve minified pages (a whole page on one line), and masking the full line
for each of a thousand findings made the work findings x line length (a 66 KB page took
13 minutes). A line longer than LONG_LINE is cut around the finding with an ellipsis at
each cut end, as ruff does, and masked in blocks (:class:`LongLine`), each once, shared by
every finding on the line: those of the checks on the document and those the link check
reports at the end of the run (:func:`clear_excerpt`, :func:`masked_excerpt`).

Kept apart from ``masking`` (the value masks, which the pii check imports) because the
line masking calls the pii check's public ``mask_line``: one module each way, no cycle.
"""
from __future__ import annotations

from bisect import bisect_left

from contentguard.checks.pii import mask_line
from contentguard.masking import DOT, mask_keep_length, mask_like
from contentguard.urlmask import mask_urls_keep_length

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
        # values inside URLs too: /users/maria@gmail.com.html, ?email=maria%40gmail.com
        return mask_urls_keep_length(mask_line(line))
    except Exception:  # a broken pii module must not leak lines
        return None


class LongLine:
    """One long line of a source, masked in blocks of ``BLOCK`` characters, each block once
    (read with ``MARGIN`` characters of context either side, so a value across a block
    edge is seen whole), however many findings show a window of it: the date findings of a
    check and the link findings reported at the end of the run share the same blocks.

    ``keep`` slices the clear blocks a window needs while the source is at hand (a link
    collected now, reported after every page was read); a masked block drops its clear
    text. Once :class:`LineBlocks` moves to another source the line lets go of its source,
    and a pickle (the worker pool) never carries it. Holds clear text for memory only,
    never stored or printed."""

    __slots__ = ("source", "start", "end", "clear", "masked")

    def __init__(self, source: str | None, start: int, end: int) -> None:
        self.source, self.start, self.end = source, start, end
        self.clear: dict[int, str] = {}  # block -> its clear text with margins, until masked
        self.masked: dict[int, str | None] = {}  # block -> masked (no margins), None: failed

    def __getstate__(self) -> tuple:
        return self.start, self.end, self.clear, self.masked

    def __setstate__(self, state: tuple) -> None:
        self.source = None
        self.start, self.end, self.clear, self.masked = state

    def _blocks(self, ws: int, we: int) -> range:
        return range((ws - self.start) // BLOCK, (max(ws + 1, we) - 1 - self.start) // BLOCK + 1)

    def _edges(self, k: int) -> tuple[int, int, int, int]:
        a = self.start + k * BLOCK
        b = min(self.end, a + BLOCK)
        return a, b, max(self.start, a - MARGIN), min(self.end, b + MARGIN)

    def keep(self, ws: int, we: int) -> None:
        """Slice now the clear blocks the window ``[ws, we)`` needs, for a later ``text``."""
        for k in self._blocks(ws, we):
            if k not in self.masked and k not in self.clear and self.source is not None:
                _a, _b, ds, de = self._edges(k)
                self.clear[k] = self.source[ds:de]

    def _block(self, k: int) -> str | None:
        if k not in self.masked:
            a, b, ds, de = self._edges(k)
            clear = self.clear.pop(k, None)
            if clear is None:
                clear = None if self.source is None else self.source[ds:de]
            m = None if clear is None else masked_line(clear)
            self.masked[k] = None if m is None else m[a - ds:b - ds]
        return self.masked[k]

    def text(self, ws: int, we: int) -> str | None:
        """The masked text of ``[ws, we)`` (source offsets), or None when masking failed."""
        ks = self._blocks(ws, we)
        parts = [self._block(k) for k in ks]
        if any(p is None for p in parts):
            return None
        off = ws - (self.start + ks[0] * BLOCK)
        return "".join(parts)[off:off + we - ws]  # type: ignore[arg-type]


class LineBlocks:
    """The long lines of the source being reported on, so every finding on one shares its
    masked blocks. Holds one source at a time: the module's own for the file being checked;
    a caller that goes back and forth between files keeps one per file."""

    def __init__(self) -> None:
        self.source: str | None = None
        self.lines: dict[int, LongLine] = {}

    def line(self, source: str, line_start: int, line_end: int) -> LongLine:
        if source is not self.source:
            for ll in self.lines.values():
                ll.source = None  # a link may keep the line till the run's end: not the file
            self.source, self.lines = source, {}
        ll = self.lines.get(line_start)
        if ll is None:
            ll = self.lines[line_start] = LongLine(source, line_start, line_end)
        return ll


_LINES = LineBlocks()


def _own(part: str, own: tuple[int, int], a: int, b: int, masked: str | None) -> str:
    """A finding's own value as the line shows it: like its message's mask when the whole
    value is in the window, else (cut by the window) with no letter or digit shown."""
    if masked is not None and b - a == own[1] - own[0]:
        return mask_like(part, masked)
    return mask_keep_length(part) if masked is None else "".join(DOT if c.isalnum() else c for c in part)


def source_excerpt(source: str, line_start: int, line_end: int, start: int, end: int,
                   own: tuple[int, int] | None = None,
                   own_masked: str | None = None,
                   blocks: LineBlocks | None = None) -> tuple[str, int] | None:
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
    ``blocks``: where the long lines' masked blocks are kept (default: the module's, for
    the source being checked). Work per finding is bounded by the window, never by the line.
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
        text = (blocks or _LINES).line(source, line_start, line_end).text(ws, we)
        if text is not None and own is not None:
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
    (see :func:`source_excerpt`); on a long line its :class:`LongLine`, holding the clear
    blocks the window needs, shared with every other finding on the line (so each block is
    masked once, however many findings show it). **Clear text**: for memory only, never
    stored or printed. For a check that knows its findings only at the end (links:
    verdicts come after every page is read), so that only the lines of reported findings
    are masked, not the line of every link collected."""
    start = max(line_start, min(start, line_end))
    end = max(start, min(end, line_end))
    ws, we = _window(line_start, line_end, start, end)
    if line_end - line_start <= LONG_LINE:
        return source[ws:we], 0, we - ws, 0, False
    ll = _LINES.line(source, line_start, line_end)
    ll.keep(ws, we)
    return ll, ws, we, ws - line_start, we < line_end


def masked_excerpt(clear: tuple) -> tuple[str, int] | None:
    """:func:`source_excerpt`'s answer from a :func:`clear_excerpt`: the masked text shown
    and its shift, or None when masking fails. A short line is masked whole, a long one
    from its line's blocks, exactly as ``source_excerpt`` does."""
    text, a, b, col, cut_right = clear
    if isinstance(text, LongLine):
        masked = text.text(a, b)
        return None if masked is None else _framed(masked, col, cut_right)
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
