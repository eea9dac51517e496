"""A set of ``[start, end)`` spans that answers "does anything here overlap this span?"
in time bounded by the spans near it, not by how many the set holds.

A check that claims spans as it goes (a card's digits are no phone number) asked that
question by scanning every span claimed so far: on a file with thousands of findings,
time grew with the square of the findings (a 40,000-line file took 484 s). Spans are
filed in fixed-size cells by the positions they cover, so a query visits only the cells
its own span covers: adding and querying cost O(span length / cell + spans met).
"""
from __future__ import annotations

from typing import Iterator

_CELL = 64


class SpanSet:
    """Spans (``(start, end)`` tuples, duplicates allowed) with overlap queries.

    Overlap is the strict one the detectors use: ``[s, e)`` and ``[cs, ce)`` overlap when
    ``s < ce and cs < e`` (an empty span overlaps what strictly surrounds it)."""

    __slots__ = ("_cells", "_count")

    def __init__(self, spans=()) -> None:
        self._cells: dict[int, list[tuple[int, int]]] = {}
        self._count = 0
        for s, e in spans:
            self.add(s, e)

    @staticmethod
    def _range(s: int, e: int) -> range:
        return range(s // _CELL, max(s, e - 1) // _CELL + 1)

    def add(self, s: int, e: int) -> None:
        span = (s, e)
        cells = self._cells
        for k in self._range(s, e):
            got = cells.get(k)
            if got is None:
                cells[k] = [span]
            else:
                got.append(span)
        self._count += 1

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        """The spans overlapping ``[s, e)``, each once (in no particular order)."""
        out: list[tuple[int, int]] = []
        seen: set[tuple[int, int]] = set()
        cells = self._cells
        for k in self._range(s, e):
            for span in cells.get(k, ()):
                if s < span[1] and span[0] < e and span not in seen:
                    seen.add(span)
                    out.append(span)
        return out

    def overlaps(self, s: int, e: int) -> bool:
        """Whether any span overlaps ``[s, e)``."""
        cells = self._cells
        for k in self._range(s, e):
            for cs, ce in cells.get(k, ()):
                if s < ce and cs < e:
                    return True
        return False

    def discard(self, s: int, e: int) -> None:
        """Remove every copy of the span ``(s, e)``."""
        span = (s, e)
        removed = False
        for k in self._range(s, e):
            got = self._cells.get(k)
            if got and span in got:
                n = len(got)
                got[:] = [x for x in got if x != span]
                if not removed:
                    self._count -= n - len(got)
                    removed = True
                if not got:
                    del self._cells[k]

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """Each span (once per copy), by position."""
        out = [span for k, got in self._cells.items() for span in got if span[0] // _CELL == k]
        return iter(sorted(out))
