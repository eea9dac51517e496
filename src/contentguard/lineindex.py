"""Offset → (line, column) conversion: the one place that does this arithmetic.

Offsets are indices into the decoded source text (a BOM already dropped), so they
count Unicode code points. Lines split on ``\\n``; a trailing ``\\r`` belongs to no
column a finding can point at, so a CRLF line ends before its ``\\r``.
"""
from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    @property
    def starts(self) -> list[int]:
        """Offset of the first character of each line (read-only use)."""
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        offset = max(0, min(offset, len(self._text)))
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def end_position(self, end: int) -> tuple[int, int]:
        """1-based (line, column just past the last character) of a span ending at ``end``."""
        if end <= 0:
            return 1, 1
        line, col = self.position(end - 1)
        return line, col + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position` (1-based line and column)."""
        line = max(1, min(line, len(self._starts)))
        return self._starts[line - 1] + column - 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Offsets (start, end) of a 1-based line without its ``\\n`` or ``\\r\\n``, so
        a caller can take a window of a long line without copying all of it."""
        if not 1 <= line <= len(self._starts):
            return 0, 0
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._text)
        if end > start and self._text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its ``\\n`` or ``\\r\\n``."""
        if not 1 <= line <= len(self._starts):
            return ""
        start, end = self.line_bounds(line)
        return self._text[start:end]
