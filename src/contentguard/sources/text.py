"""Plain text → one document: paragraphs are blocks, bare URLs are links (not prose)."""
from __future__ import annotations

from contentguard.document import Document, Link, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources._text import find_urls


def add_prose_line(b: TextBuilder, doc: Document, text: str, base: int) -> None:
    """Add one line of prose; bare URLs become links and leave a space in the prose."""
    pos = 0
    for s, e in find_urls(text):
        doc.links.append(Link(text[s:e], base + s, base + e, "bare"))
        b.add(text[pos:s], base + pos)
        b.add_mapped(" ", base + s, base + e)
        pos = e
    b.add(text[pos:], base + pos)


def parse_text(path: str, text: str, lines: LineIndex) -> Document:
    doc = Document(path=path, kind="text", source=text, lines=lines)
    b = TextBuilder()
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        content = raw_line.rstrip("\r\n")
        if not content.strip():
            b.begin("prose")
        else:
            add_prose_line(b, doc, content, pos)
            b.sep("\n")
        pos += len(raw_line)
    return b.into(doc)
