"""The source line under a link finding, masked only when a finding is reported.

A link's verdict comes in ``finish``, after every page was read, and most links are
fine: masking the line of every link collected was half of a link check's time. So a
collected link (see ``checks.links.DocLinks``) keeps, in memory, the clear window of its
line (:func:`contentguard.excerpt.clear_excerpt`; on a long line, the line's blocks that
window needs, shared with every other finding on the line, so each is masked once),
masked by :meth:`Lines.shown` for a reported finding only. What is stored holds no clear
text (:func:`stored`):

* a file's link keeps its raw offsets and no line: a later run that takes it from the
  results cache (keyed on the file's size and modification time, so the file is the one
  read) reads the line again from the file, for a reported finding only, and checks that
  the link is still written there;
* a fetched page's link (an audit: no file to read again) keeps its line masked.

A link tuple: (url, line, column, end_line, end_column, text as written, source line,
shift, start, end); ``mailto:`` and the like keep only the first seven (no line).
"""
from __future__ import annotations

from contentguard.excerpt import LineBlocks, masked_excerpt, source_excerpt
from contentguard.lineindex import LineIndex
from contentguard.sources import read_text


def stored(t: tuple, is_file: bool) -> tuple:
    """A clear link tuple as it may be stored (results cache, audit database)."""
    if len(t) < 10:  # no line kept (mailto:), or already stored
        return t
    if is_file:
        return (*t[:6], None, 0, t[8], t[9])
    got = masked_excerpt(t[6])
    excerpt, shift = got if got is not None else (None, 0)
    return (*t[:6], excerpt, shift, None, None)


class Lines:
    """The masked line each reported link finding prints, in one ``finish``. A file read
    again (a link from the results cache) is read once, however many findings it has, and
    each block of its long lines masked once, though findings go back and forth between
    files (external verdicts come by URL); a clear window is masked once however many
    pages carry it (a broken link in a site's footer is on every page)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.files: dict[str, tuple[str, LineIndex, LineBlocks] | None] = {}
        self.masked: dict = {}  # a clear window -> (its masked form, shift)

    def shown(self, abspath: str, clear: bool, link: tuple) -> tuple[str | None, int]:
        """(masked line or window, shift) for ``link`` of the document at ``abspath``."""
        if len(link) < 8:
            return None, 0
        src_line, shift = link[6], link[7]
        if clear:  # collected in this run: its clear window, masked now (once)
            got = self.masked.get(src_line)
            if got is None:
                got = self.masked[src_line] = masked_excerpt(src_line) or (None, 0)
            return got
        if src_line is not None or len(link) < 10 or link[8] is None:
            return src_line, shift  # stored masked (an audit page)
        got = self._file(abspath)
        if got is None:
            return None, 0
        source, lines, blocks = got
        start, end, written = link[8], link[9], link[5]
        if source[start:end] != written:  # the file changed since: print no line
            return None, 0
        return source_excerpt(source, *lines.line_bounds(link[1]), start, end, blocks=blocks) or (None, 0)

    def _file(self, abspath: str) -> tuple[str, LineIndex, LineBlocks] | None:
        if abspath not in self.files:
            text = read_text(abspath, self.max_size)
            self.files[abspath] = None if text is None else (text, LineIndex(text), LineBlocks())
        return self.files[abspath]
