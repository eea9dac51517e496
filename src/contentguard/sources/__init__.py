"""Sources turn one input into documents.

``load_file(path, display, config)`` reads a file (bad input becomes a notice, never an
exception) and ``parse(display, text)`` dispatches decoded text by file type:

* ``.html``/``.htm`` → one ``html`` document
* ``.md``/``.markdown``/``.mdx`` → one ``markdown`` document (also ``x.html.md.erb``,
  ``x.md.erb``: a template extension is dropped first)
* ``.txt``/``.text`` → one ``text`` document
* ``.yaml``/``.yml``/``.json``/``.csv`` → one ``post`` document per post of a queue
"""
from __future__ import annotations

import os
import stat

from contentguard.lineindex import LineIndex
from contentguard.sources.base import Loaded, Notice, SkipFile, SourceError
from contentguard.sources.html import parse_html
from contentguard.sources.markdown import parse_markdown
from contentguard.sources.posts import parse_posts
from contentguard.sources.text import parse_text

__all__ = ["KINDS", "Loaded", "Notice", "SkipFile", "SourceError", "decode", "kind_of", "load_file",
           "looks_binary", "parse", "read_text"]

KINDS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".txt": "text", ".text": "text",
    ".yaml": "posts", ".yml": "posts", ".json": "posts", ".csv": "posts",
}


#: template extensions a generator strips before the page's own (Middleman's
#: ``guide.html.md.erb`` is Markdown, ``page.html.erb`` HTML): the inner extension decides
TEMPLATE_EXTS = (".erb",)


def kind_of(path: str) -> str | None:
    base, ext = os.path.splitext(path)
    ext = ext.lower()
    if ext in TEMPLATE_EXTS:
        ext = os.path.splitext(base)[1].lower()
        return KINDS.get(ext) if ext in (".md", ".markdown", ".html", ".htm") else None
    return KINDS.get(ext)


def decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 (BOM dropped); invalid bytes are replaced and reported."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # many control characters that text never has
    ctrl = len(head.translate(None, _TEXT_BYTES))
    return len(head) > 0 and ctrl / len(head) > 0.1


_TEXT_BYTES = bytes(range(9, 14)) + bytes(range(32, 256))


def parse(display: str, text: str, kind: str | None = None, date_order: str = "DMY") -> Loaded:
    """Documents of decoded ``text``; malformed input becomes a parse-error notice.
    ``date_order`` reads a post queue's ambiguous numeric schedules (``11/12/2026``)."""
    kind = kind or kind_of(display)
    out = Loaded(source=text)
    lines = LineIndex(text)
    try:
        if kind == "html":
            out.documents = [parse_html(display, text, lines)]
        elif kind == "markdown":
            out.documents, notes = parse_markdown(display, text, lines)
            out.notices += notes
        elif kind == "text":
            out.documents = [parse_text(display, text, lines)]
        elif kind == "posts":
            out.documents, notes = parse_posts(display, text, lines, date_order)
            out.notices += notes
        else:
            out.skipped = "unknown file type"
    except SkipFile as e:
        out.skipped = str(e)
    except SourceError as e:
        out.notices.append(Notice("contentguard/parse-error", str(e), e.offset))
    except (RecursionError, MemoryError) as e:  # nesting or size past what a reader can hold
        out.documents = []
        out.notices.append(Notice("contentguard/parse-error", f"not read: {_why(e)}"))
    return out


def _nonblocking(path: str, flags: int) -> int:
    """Open without blocking: a file swapped for a FIFO after the stat must not hang the run."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _special(mode: int) -> str | None:
    """What a file that is not a regular one is (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


def _why(e: BaseException) -> str:
    if isinstance(e, RecursionError):
        return "nested too deeply (RecursionError)"
    if isinstance(e, MemoryError):
        return "out of memory (MemoryError)"
    return f"{type(e).__name__}: {e}"


def _read(path: str, max_size: int) -> tuple[bytes | None, str | None]:
    """(the bytes of a regular text file, None) or (None, why it is not read)."""
    try:
        if os.path.islink(path) and not os.path.exists(path):
            return None, "broken symlink"
        kind = _special(os.stat(path).st_mode)
        if kind:  # judged before opening: opening a FIFO or a device can block or act
            return None, f"not a regular file ({kind})"
        with open(path, "rb", opener=_nonblocking) as fh:
            st = os.fstat(fh.fileno())
            kind = _special(st.st_mode)
            if kind:  # swapped for a special file between the stat and the open
                return None, f"not a regular file ({kind})"
            if st.st_size > max_size:
                return None, f"file is {st.st_size} bytes, over max-file-size {max_size}"
            data = fh.read(max_size + 1)
        if len(data) > max_size:
            return None, f"file grew past max-file-size {max_size} while it was read"
    except OSError as e:
        return None, f"unreadable: {e.strerror or e}"
    if looks_binary(data):
        return None, "binary file"
    return data, None


def read_text(path: str, max_size: int) -> str | None:
    """The decoded text ``load_file`` parses (its documents' ``source``), without parsing
    it; None when ``load_file`` would skip the file. For a check that prints a line of a
    file it read in an earlier run (its collected data came from the results cache)."""
    data, _why_not = _read(path, max_size)
    return None if data is None else decode(data)[0]


def load_file(path: str, display: str, max_size: int, date_order: str = "DMY") -> Loaded:
    """Read and parse one file; every failure is a notice naming the reason.

    Only a regular file is read: a FIFO (which would block for ever), a device
    (``/dev/zero`` never ends) or a socket is skipped, also behind a symlink. The size is
    checked on the open descriptor and the read is capped at ``max_size``, so a file that
    grows while it is read (or lies about its size) costs no more than the cap.
    """
    out = Loaded()
    data, out.skipped = _read(path, max_size)
    if data is None:
        return out
    text, replaced = decode(data)
    out = parse(display, text, date_order=date_order)
    if replaced:
        out.notices.insert(0, Notice("contentguard/encoding",
                                     "invalid UTF-8; decoded with replacement characters",
                                     text.find("\ufffd")))
    return out
