"""Markdown bodies read by markdown-it-pyrs (markdown-it in Rust): the fast path.

markdown-it-pyrs parses a body several times faster than markdown-it-py, and its tree
carries byte offsets (``srcmap``) on blocks and inline nodes. Those offsets are wrong in
places (a text after a tab-indented list continuation, emphasis in a list, a task item's
text) and its rules differ from markdown-it-py's and mdit-py-plugins' in corners, so
nothing here depends on it being right:

* :func:`.mdrsgate.usable` sends to the markdown-it-py reader (:mod:`.markdown`) every
  file with what the comparison found read otherwise there (carriage returns, inline
  footnotes, ``<!-->``, ...);
* every inline node is checked against the source at its offset (a text node's content
  is the source there, an escape or entity its ``markup``, a link starts with ``[``, a
  code span's text is its source's), consecutive text is checked to be contiguous, and
  what is known to be read otherwise (emphasis beside a symbol, ``<!doctype``, a
  definition list beside an underline) raises :class:`Fallback`: the file is then read
  by markdown-it-py, from scratch;
* what is read goes through the same builders as the markdown-it-py reader
  (:func:`.mdinline.flush_run` for text and extended autolinks,
  :func:`.mdinline.destination` for link destinations, :func:`.mdblocks.html_tag`,
  :class:`.mdblocks.Pieces` for code and HTML blocks, :func:`.mdheadings.heading`,
  the reference definitions of :func:`.markdown._reference_links`), with positions taken
  from the offsets rather than found by a cursor.

``tests/test_mdrs.py`` and ``tests/mdcompare.py`` hold the proof: the Document made here
equals markdown-it-py's, field by field (text, every character's offsets, segments,
links, front matter, anchors, headings, code), on every file the fast path reads.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from contentguard.sources import mdheadings
from contentguard.sources.mdrsgate import SAME, Chars, Fallback, is_symbol, parser, same_encoded, tree, usable
from contentguard.sources.mdblocks import Pieces, cell_start, html_tag
from contentguard.document import Link
from contentguard.sources.mdinline import Walk, closing_ticks, code_spans, destination, flush_run, html_block, plain_text

__all__ = ["Fallback", "Reader", "parser", "read", "same_encoded", "usable"]

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# a setext underline, a table pipe, a code fence (see Reader.underlined)
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$|\||^ {0,3}(?:```|~~~)", re.M)
_DECLARATION = re.compile(r"<![a-z]")
_INLINE = frozenset(("text", "text_special", "softbreak", "hardbreak", "em", "strong", "strikethrough", "link",
                     "image", "code_inline", "html_inline", "autolink", "footnote_ref", "todo_checkbox",
                     "footnote_ref_anchor", "footnote_inline"))
_CONTAINERS = frozenset(("blockquote", "bullet_list", "ordered_list", "list_item", "definition_list",
                         "definition_description", "footnote_def", "definition_term"))
_MAX_DEPTH = 16  # markdown-it-py stops nesting at 20; deeper input is read there


class Reader:
    """One body read from markdown-it-pyrs's tree into ``w`` (the shared :class:`Walk`)."""

    def __init__(self, w: Walk, seen: str, src: str, delta: int, starts: list[int], slug) -> None:
        self.w, self.seen, self.delta, self.starts, self.slug = w, seen, delta, starts, slug
        self.chars = None if src.isascii() else Chars(src)
        # offsets up to the first non-ASCII character are the same in bytes and code points
        self.ascii = len(src) if self.chars is None else _NON_ASCII.search(src).start()
        self.refs: dict = {}  # normalized label -> {"href": as written, "map": [line, line]}
        self.encoded: dict = {}  # markdown-it-pyrs's (percent-encoded) destination -> as written
        self.used: set = set()  # encoded hrefs of reference links used
        self.notes: list = []  # footnote_def nodes, read at the end in markdown-it-py's order
        self.note_refs: list = []  # (position, label) of footnote references
        self.depth = 0  # containers around the block being read
        self.closed = True  # whether the text read so far needs no closing b.begin()

    def pos(self, node) -> int:
        sm = node.srcmap
        if sm is None:
            raise Fallback(f"{node.name} without a position")
        b = sm[0]
        return (b if b <= self.ascii else self.chars(b)) + self.delta

    def line(self, p: int) -> int:
        return bisect_right(self.starts, p) - 1

    # --- blocks -----------------------------------------------------------------------

    def blocks(self, nodes, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            raise Fallback("nested too deep")
        w, b = self.w, self.w.b
        group: list = []
        for node in nodes:
            name = node.name
            if name in _INLINE:
                group.append(node)
                continue
            self.depth = depth
            if group:
                self.paragraph(group)
                group = []
            if name == "paragraph":
                self.paragraph(node.children)
            elif name in _CONTAINERS:
                if name == "footnote_def":
                    raise Fallback("a footnote definition out of its container")
                if name == "definition_list":
                    self.underlined(node)
                self.blocks(node.children, depth + 1)
            elif name in ("heading", "lheading"):
                self.heading(node)
            elif name == "table":
                self.table(node)
            elif name in ("fence", "code_block"):
                self.code(node, name)
            elif name == "html_block":
                p = self.pos(node)
                b.begin("prose")
                content = node.meta["content"].rstrip("\n")
                html_block(w, content, Pieces(content, self.line(p), self.seen, self.starts))
                b.begin("prose")
            elif name == "definition":
                self.definition(node)
            elif name == "footnote_container":
                self.notes.extend(node.children)
            elif name != "hr":
                raise Fallback(f"unknown block {name}")
        if group:
            self.depth = depth
            self.paragraph(group)

    def underlined(self, node) -> None:
        """A definition list with a setext underline (``===``, ``---``), a table pipe or a
        code fence among its lines or right after them: mdit-py-plugins and markdown-it-pyrs
        end such a list in different places (a heading, a table, code for markdown-it-py)."""
        at = [k.srcmap[0] for k in node.walk() if k.srcmap is not None]
        lo, hi = (self.line((b if b <= self.ascii else self.chars(b)) + self.delta) for b in (min(at), max(at)))
        starts, seen = self.starts, self.seen
        e = starts[hi + 2] if hi + 2 < len(starts) else len(seen)
        if _UNDERLINE.search(seen, starts[lo], e):
            raise Fallback("a definition list beside an underline, a table or a fence")

    def paragraph(self, nodes) -> None:
        b = self.w.b
        b.begin("prose")
        # markdown-it-py strips a paragraph's content with str.strip(): Unicode spaces too
        # (a trailing no-break space); markdown-it-pyrs keeps them
        self.inline(nodes, trim=True)
        # no b.begin("prose") here, as markdown-it-py's reader has: every block that adds
        # text begins with one, and read() ends with one unless a table came last (its
        # cells end with none there), to the same text and segments
        self.w.html.stack.clear()
        self.closed = False

    def code(self, node, name: str) -> None:
        content = node.meta.get("content", "").rstrip("\n")
        if content:
            first = self.line(self.pos(node)) + (1 if name == "fence" else 0)
            code_spans(self.w.doc, Pieces(content, first, self.seen, self.starts), content, 0, len(content))
        self.w.b.begin("prose")

    def heading(self, node) -> None:
        seen, starts = self.seen, self.starts
        p = self.pos(node)
        ln = self.line(p)
        le = starts[ln + 1] - 1 if ln + 1 < len(starts) else len(seen)
        kids = node.children
        if node.name == "heading":
            if seen[p] != "#":
                raise Fallback("an ATX heading not at its #")
            q = p
            while q < le and seen[q] == "#":
                q += 1
            e = le
            while e > q and seen[e - 1] in " \t":
                e -= 1
            t = e
            while t > q and seen[t - 1] == "#":
                t -= 1
            if t > q and seen[t - 1] in " \t":
                e = t
            after = 1
        else:  # setext: its text lines, then the underline
            q, e, after = p, le, 2
            if any(k.name in ("softbreak", "hardbreak") for k in kids):
                if self.depth:  # inside a container the lines are not verbatim
                    raise Fallback("a setext heading over several lines in a container")
                last = self.line(self.pos(kids[-1]))
                e = starts[last + 1] - 1 if last + 1 < len(starts) else len(seen)
                after = last - ln + 2
        raw = seen[q:e]
        content = raw.strip()
        cs = q + len(raw) - len(raw.lstrip())
        w = self.w

        def read(cut):
            self.inline(kids, stop=None if cut is None else cs + cut, trim=True)

        mdheadings.heading(w, w.doc, w.b, content, read, self.slug,
                           mdheadings.ial_id(seen, starts, ln + after), int(node.meta.get("level", 0)))
        w.html.stack.clear()

    def table(self, node) -> None:
        seen, b = self.seen, self.w.b
        self.closed = True
        for part in node.children:  # thead, tbody
            for row in part.children:
                b.begin("prose")
                first_cell = True
                row_line = self.line(self.pos(row))
                for cell in row.children:
                    kids = cell.children
                    # where markdown-it-py's reader places a cell: its first character, or
                    # for an empty cell the end of the line before
                    at = self.pos(kids[0]) if kids else self.starts[row_line] - 1
                    cell_start(b, seen, at, first_cell)
                    first_cell = False
                    self.inline(kids)
                    self.w.html.stack.clear()

    def definition(self, node) -> None:
        meta = node.meta
        label = " ".join(meta["label"].split()).lower().upper()  # markdown-it's normalizeReference
        if label in self.refs:
            return  # the first definition of a label wins
        p = self.pos(node)
        end = node.srcmap[1]
        last = self.line((self.chars(end) if self.chars is not None else end) + self.delta - 1)
        self.refs[label] = {"map": [self.line(p), last + 1], "encoded": meta["destination"]}

    # --- footnotes --------------------------------------------------------------------

    def footnotes(self) -> None:
        """Footnote definitions in markdown-it-py's order (that of their first reference,
        anywhere in the file); a definition no reference points to is not read there."""
        if not self.notes:
            return
        defs = {}
        for fn in self.notes:
            meta = fn.meta
            if meta.get("inline") or "label" not in meta:
                raise Fallback("an inline footnote")
            defs.setdefault(meta["label"], fn)
            self.after_blank(fn)
            for sub in fn.walk(include_self=False):
                if sub.name == "footnote_ref":
                    self.note_refs.append((self.pos(sub), sub.meta.get("label")))
        order = []
        for _p, label in sorted(self.note_refs, key=lambda x: x[0]):
            if label in defs and label not in order:
                order.append(label)
        doc = self.w.doc
        for label in order:
            doc.anchors.update((f"fn:{label}", f"fnref:{label}"))
            self.blocks(defs[label].children, 1)

    def after_blank(self, fn) -> None:
        """A footnote definition that does not follow a blank line or another definition
        may be a paragraph's lazy continuation for markdown-it-py: read it there."""
        ln = self.line(self.pos(fn))
        if ln == 0:
            return
        seen, starts = self.seen, self.starts
        prev = seen[starts[ln - 1]:starts[ln]]
        if prev.strip() and not prev.lstrip(" ").startswith("[^"):
            raise Fallback("a footnote definition right under a line of text")

    # --- inline -----------------------------------------------------------------------

    def inline(self, nodes, stop: int | None = None, trim: bool = False) -> int:
        """Read inline ``nodes``; with ``stop``, only those before that offset (a text
        node running past it is cut there, as :func:`.mdheadings.cut_children` does);
        with ``trim``, whitespace opening the first node or closing the last is dropped."""
        w, seen = self.w, self.seen
        doc, b = w.doc, w.b
        run: list = []
        c = -1  # just past the last node read
        first = nodes[0] if trim and nodes else None
        last = nodes[-1] if trim and nodes else None
        special = trim or stop is not None
        asc, delta, chars = self.ascii, self.delta, self.chars
        # a byte offset and its code point offset already known (any earlier pair will do)
        lb, lc, data = (chars.bs[-1], chars.cs[-1], chars.data) if chars is not None else (0, 0, b"")
        heading = w.heading
        prev = ""
        for node in nodes:
            name = node.name
            before, prev = prev, name
            if name == "text":
                p = node.srcmap[0]
                if p <= asc:
                    p += delta
                elif p >= lb:  # Chars' forward step, without the call: decode from the last
                    lc += len(data[lb:p].decode("utf-8"))
                    lb = p
                    p = lc + delta
                else:
                    p = chars(p) + delta
                content = node.meta["content"]
                if special:
                    if node is first or node is last:
                        raw = content
                        if node is last:
                            content = content.rstrip()
                        if node is first:
                            content = content.lstrip()
                            p += len(raw) - len(raw.lstrip())
                        if not content:
                            continue
                    if stop is not None:
                        if p >= stop:
                            break
                        if p + len(content) > stop:
                            content = content[:stop - p]
                            if not content.strip():
                                break
                if not seen.startswith(content, p):
                    # the text after a task item's checkbox is placed at the "[x]"
                    if before == "todo_checkbox" and seen.startswith(content, p + 3):
                        p += 3
                    else:
                        raise Fallback("text not where its offset says")
                c = p + len(content)
                if run:
                    if run[-1][1] != p:
                        raise Fallback("text not contiguous")
                    run.append((p, c, None))
                else:
                    run = [(p, c, None)]
                if chars is not None and ("*" in content or "_" in content or "~" in content):
                    self.delimiters(content, p)
                if "<!" in content and ("<!--" in content or _DECLARATION.search(content)):
                    # HTML for CommonMark 0.31, text for markdown-it-pyrs: ``<!doctype html>``,
                    # an inline comment with "--" inside
                    raise Fallback("a comment or declaration left as text")
                if "^[" in content:  # an inline footnote there (in another order), or not
                    raise Fallback("an inline footnote left as text")
                if heading is not None:
                    heading.append(content)
                continue
            if stop is not None and name not in ("footnote_ref_anchor", "todo_checkbox") and self.pos(node) >= stop:
                break
            if name == "text_special":
                p = self.pos(node)
                meta = node.meta
                markup = meta["markup"]
                if not seen.startswith(markup, p) or (run and run[-1][1] != p):
                    raise Fallback("an escape or entity not where its offset says")
                run.append((p, p + len(markup), meta["content"]))
                c = p + len(markup)
                if w.heading is not None:
                    w.heading.append(meta["content"])
                continue
            if run:
                _flush(w, b, run, seen)
                run = []
            if name in ("softbreak", "hardbreak"):
                k = seen.find("\n", c if c >= 0 else self.pos(node))
                if k < 0:
                    raise Fallback("a line break without a newline")
                if not w.html.raw:
                    b.add("\n", k)
                c = k + 1
                if w.heading is not None:
                    w.heading.append(" ")
            elif name == "code_inline":
                c = self.code_inline(node)
            elif name == "html_inline":
                p = self.pos(node)
                content = node.meta["content"]
                if not seen.startswith(content, p):
                    raise Fallback("inline HTML not where its offset says")
                html_tag(doc, content, lambda j, o=p: o + j, w.html, b)
                b.add_mapped(" ", p, p + len(content))
                c = p + len(content)
            elif name == "link":
                p = self.pos(node)
                if seen[p] != "[":
                    raise Fallback("a link not at its [")
                w.link_depth += 1
                c = max(p + 1, self.inline(node.children))
                w.link_depth -= 1
                c = self.destination(node, c, False)
            elif name == "image":
                p = self.pos(node)
                if not seen.startswith("![", p):
                    raise Fallback("an image not at its ![")
                heading, w.heading = w.heading, None
                b.begin("alt")
                w.in_image += 1
                c = max(p + 2, self.inline(node.children))
                w.in_image -= 1
                b.begin("heading" if heading is not None else "prose")
                w.heading = heading
                c = self.destination(node, c, True)
            elif name == "autolink":
                c = self.autolink(node)
            elif name == "footnote_ref":
                p = self.pos(node)
                e = seen.find("]", p)
                if not seen.startswith("[^", p) or e < 0:
                    raise Fallback("a footnote reference not at its [^")
                b.add_mapped(" ", p, e + 1)
                c = e + 1
                self.note_refs.append((p, node.meta.get("label")))
            elif name in ("em", "strong", "strikethrough"):
                end = self.inline(node.children)
                c = self.emphasis(node, end) if self.chars is not None else max(c, end)
            elif name == "footnote_inline":
                raise Fallback("an inline footnote")  # numbered in another order there
            elif name not in ("todo_checkbox", "footnote_ref_anchor"):
                raise Fallback(f"unknown inline {name}")
        if run:
            _flush(w, b, run, seen)
        return c

    def delimiters(self, content: str, p: int) -> None:
        """``*``, ``_`` or ``~`` in text beside a symbol: CommonMark 0.31 counts symbols as
        punctuation when it decides what may open or close emphasis, markdown-it-pyrs does
        not; such text is read by markdown-it-py."""
        seen = self.seen
        for i, ch in enumerate(content):
            if ch in "*_~":
                for q in (p + i - 1, p + i + 1):
                    if 0 <= q < len(seen) and is_symbol(seen[q]):
                        raise Fallback("emphasis beside a symbol")

    def emphasis(self, node, c: int) -> int:
        """The delimiters of emphasis markdown-it-pyrs made: none beside a symbol (see
        :meth:`delimiters`). The opener is found before the first child (the node's own
        offset can be off in a list), the closer at ``c``, just past the last child.
        Returns the offset just past the closer."""
        seen = self.seen
        n = 2 if node.name in ("strong", "strikethrough") else 1
        kids = node.children
        if not kids:
            raise Fallback("emphasis without text")
        q = self.pos(kids[0])
        p = q - n
        if p < 0 or seen[c:c + n] != seen[p:q] or seen[p] not in "*_~":
            raise Fallback("emphasis not closed where its text ends")
        for k in (p - 1, q, c - 1, c + n):
            if 0 <= k < len(seen) and is_symbol(seen[k]):
                raise Fallback("emphasis beside a symbol")
        return c + n

    def code_inline(self, node) -> int:
        seen = self.seen
        p = self.pos(node)
        n = int(node.meta.get("marker_len", 1))
        if not seen.startswith("`" * n, p):
            raise Fallback("a code span not at its backticks")
        e = closing_ticks(seen, n, p + n)
        if e < 0:
            raise Fallback("a code span without its closing backticks")
        body = seen[p + n:e]
        if "\n" in body:
            if self.depth:  # inside a container its lines are not verbatim
                raise Fallback("a code span over several lines in a container")
            body = body.replace("\n", " ")
        kids = node.children
        text = kids[0].meta.get("content", "") if len(kids) == 1 else "".join(k.meta.get("content", "") for k in kids)
        norm = body[1:-1] if len(body) > 2 and body[0] == body[-1] == " " and body.strip() else body
        if text != norm:
            raise Fallback("a code span's text is not its source")
        w = self.w
        if e > p + n:
            if "\n" in seen[p + n:e]:
                code_spans(w.doc, SAME, seen, p + n, e)
            else:
                w.doc.code.append((p + n, e))  # one line: code_spans' one span, in place
        w.b.add_mapped(" ", p, e + n)
        if w.heading is not None:
            w.heading.append(text)
        return e + n

    def autolink(self, node) -> int:
        seen, w = self.seen, self.w
        p = self.pos(node)
        e = seen.find(">", p + 1)
        if seen[p] != "<" or e < 0:
            raise Fallback("an autolink not at its <")
        written = seen[p + 1:e]
        href = node.meta.get("url", "")
        email = href.startswith("mailto:") and not written.lower().startswith("mailto:")
        kids = node.children
        if len(kids) != 1 or kids[0].meta.get("markup") != written:
            raise Fallback("an autolink's text is not its source")
        url = "mailto:" + written if email else written
        w.doc.links.append(Link(url, p + 1, e, "autolink"))
        if email:
            w.b.add(written, p + 1)
        else:
            w.b.add_mapped(" ", p, e + 1)
        return e + 1

    def destination(self, node, c: int, image: bool) -> int:
        """``](dest)`` or a reference after a link's text, read by the shared
        :func:`.mdinline._destination` from the source; markdown-it-pyrs's destination is
        percent-encoded, so the one read is encoded the same way to be compared."""
        href = node.meta.get("url")
        if href is None:
            raise Fallback("a link without a destination")
        return destination(self.w, href, self.seen, SAME, c, same=same_encoded)


def _flush(w: Walk, b, run: list, seen: str) -> None:
    """Add a run of text tokens: a lone verbatim one as it is (it needs none of
    ``flush_run``'s work), else through ``flush_run``."""
    if len(run) == 1 and run[0][2] is None and not w.html.stack and \
            plain_text(w, raw := seen[run[0][0]:run[0][1]]):
        b.add(raw, run[0][0])
    else:
        flush_run(w, run, seen, SAME)


def read(w: Walk, src: str, seen: str, delta: int, starts: list[int], slug) -> dict:
    """Read the body ``src`` (``seen`` from offset ``delta`` on, front matter lines blank)
    into ``w``; returns the reference definitions as the markdown-it-py reader's ``env``
    has them (hrefs percent-encoded: compare with :func:`same_encoded`). Raises
    :class:`Fallback` when the result cannot be vouched for."""
    try:
        root = tree(src)
    except BaseException as e:  # a Rust panic is a BaseException (pyo3's PanicException)
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        raise Fallback(f"markdown-it-pyrs failed: {type(e).__name__}") from None
    r = Reader(w, seen, src, delta, starts, slug)
    try:
        r.blocks(root.children)
        r.footnotes()
        if not r.closed:
            w.b.begin("prose")
    except (LookupError, ValueError, TypeError) as e:  # a node not shaped as expected
        raise Fallback(f"{type(e).__name__}: {e}") from None
    return {"references": {k: {"href": v["encoded"], "map": v["map"]} for k, v in r.refs.items()}}
