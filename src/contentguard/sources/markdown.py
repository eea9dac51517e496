"""Markdown → one document: front matter as metadata, prose without code, comments or URLs.

Front matter (YAML ``---``, TOML ``+++``, JSON ``{ ... }``) is read here with exact
value spans; the body is CommonMark 0.31 + GFM read by markdown-it-py, with every
token mapped back to its source position (:mod:`.mdblocks`, :mod:`.mdinline`).
"""
from __future__ import annotations

import re

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources.base import Notice
from contentguard.sources import mdblocks, mdheadings, mdrs, yamlpos
from contentguard.sources.mdinline import Walk, code_spans, html_block, unescape_md, walk
from contentguard.sites.common import LEADING_BLANK_LINES
from contentguard.sites.slugs import SlugCounter



def _front_matter(doc: Document, text: str, notices: list) -> int:
    """Parse YAML (or Hugo's TOML ``+++``) front matter; returns the offset where the body starts."""
    # the fence may follow blank lines, as Hugo and Zola read it (129 of Zola's theme
    # pages, 6 of digital.gov's start with an empty line)
    at = LEADING_BLANK_LINES.match(text).end()
    if text.startswith("+++", at):
        return _toml_front_matter(doc, text, notices, at)
    if not text.startswith("---", at):
        return 0
    first = text.find("\n", at)
    if first == -1 or text[at:first].rstrip("\r") != "---":
        return 0
    m = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.M).search(text, first + 1)
    if not m:
        if not at:  # after blank lines it may be a thematic break: no front matter, no notice
            notices.append(Notice("contentguard/parse-error", "front matter is not closed by '---'", 0))
        return 0
    body_start = m.end() + 1 if m.end() < len(text) else m.end()
    flat = _flat_front_matter(text, first + 1, m.start())
    if flat is not None:
        doc.meta.extend(flat)
        return body_start
    import yaml

    try:
        # compose the front matter in place so node offsets index the whole file
        node = yamlpos.compose(_blanked(text, first + 1, m.start()))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        off = mark.index if mark is not None else 0
        notices.append(Notice("contentguard/parse-error", f"malformed front matter: {_yaml_reason(e)}", off))
        return body_start
    if node is None:
        return body_start
    if not isinstance(node, yaml.MappingNode):
        notices.append(Notice("contentguard/parse-error", "front matter is not a mapping of keys", first + 1))
        return body_start
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        if isinstance(v, yaml.ScalarNode):
            s, e = yamlpos.scalar_span(v)
            doc.meta.append(MetaField(k.value, v.value, s, e, "front-matter"))
        elif isinstance(v, yaml.SequenceNode):
            doc.meta.append(MetaField(k.value, yamlpos.construct(v), v.start_mark.index,
                                      v.end_mark.index, "front-matter"))
    return body_start


# one ``key: plain value`` line of YAML: a key of word characters, a plain scalar that
# starts with a letter or digit and holds no character YAML gives a meaning to there (no
# ": ", " #", quotes, brackets, anchors, aliases, tags; no YAML line break U+0085/2028/2029)
_FLAT_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*):[ ]+([A-Za-z0-9\u00a0-\u2027\u202a-\ufefe\uff00-\U0010ffff]"
    r"(?:[A-Za-z0-9._/+()=,;?!'~@%$\u00a0-\u2027\u202a-\ufefe\uff00-\U0010ffff-]|:(?=[^\s])| (?=[^\s#]))*)"
    r"[ ]*(?:\n|$)")


def _flat_front_matter(text: str, start: int, end: int) -> list[MetaField] | None:
    """YAML front matter made only of ``key: plain value`` lines (and blank lines), read
    without YAML: each value is the scalar as written, with its span, as the composer gives
    it (``tests/test_markdown_front_matter_flat.py`` compares the two on the real sites).
    None when any line is anything else (the YAML path reads it)."""
    out = []
    i = start
    while i < end:
        if text[i] == "\n":
            i += 1
            continue
        m = _FLAT_LINE.match(text, i, end)
        if m is None:
            return None
        out.append(MetaField(m.group(1), m.group(2), m.start(2), m.end(2), "front-matter"))
        i = m.end()
    return out


_TOML_KEY = re.compile(r"""^[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*""", re.M)


def _toml_front_matter(doc: Document, text: str, notices: list, at: int = 0) -> int:
    """``+++`` TOML front matter opening at ``at``: top-level values with the span of the
    value as written."""
    import tomllib

    first = text.find("\n", at)
    if first == -1 or text[at:first].rstrip("\r").rstrip() != "+++":
        return 0
    m = re.compile(r"^\+\+\+[ \t]*\r?$", re.M).search(text, first + 1)
    if not m:
        if not at:
            notices.append(Notice("contentguard/parse-error", "front matter is not closed by '+++'", 0))
        return 0
    body_start = m.end() + 1 if m.end() < len(text) else m.end()
    block = text[first + 1:m.start()]
    try:
        data = tomllib.loads(block.replace("\r\n", "\n"))
    except tomllib.TOMLDecodeError as e:
        notices.append(Notice("contentguard/parse-error", f"malformed front matter: {e}", first + 1))
        return body_start
    table = re.search(r"^[ \t]*\[", block, re.M)  # top-level keys come before the first [table]
    top = block[:table.start()] if table else block
    for km in _TOML_KEY.finditer(top):
        key = km.group(1).strip("\"'")
        if key not in data or isinstance(data[key], dict):
            continue
        vs = first + 1 + km.end()
        ve = text.find("\n", vs, m.start())
        ve = m.start() if ve == -1 else ve
        raw = text[vs:ve]
        value = data[key]
        if isinstance(value, list):
            if "]" in raw:
                ve = vs + raw.rfind("]") + 1
            value = [str(v) for v in value]
        else:
            raw = re.sub(r"[ \t]*(#.*)?\r?$", "", raw) if not raw.startswith(('"', "'")) else raw.rstrip()
            if raw[:1] in "\"'" and len(raw) >= 2 and raw[-1] == raw[0]:
                vs, raw = vs + 1, raw[1:-1]
            ve = vs + len(raw)
            value = value if isinstance(value, str) else raw
        doc.meta.append(MetaField(key, value, vs, ve, "front-matter"))
    return body_start


#: a template tag opening a link's destination: ``[Jean Fox]({{< ref "staff/fox.md" >}})``
#: (Hugo), ``({% link _posts/x.md %})``, ``({{ site.baseurl }}/about/)`` (Jekyll, Eleventy)
_TEMPLATE_DEST = re.compile(r"\]\((\{\{[<%]-?[^\n{}]{0,300}?-?[>%]\}\}|\{%-?[^\n{}%]{0,300}?-?%\}|\{\{[^\n{}]{0,300}?\}\})")


def template_destinations(seen: str) -> str:
    """``seen`` with the spaces inside a template tag that opens a link destination made
    underscores, one for one. Every generator expands its tags before the Markdown is
    rendered, so ``[Jean Fox]({{< ref "fox.md" >}})`` is a link to a page in the built site;
    read as written it is no link (a destination has no spaces) and the tag became prose
    ("Jean Fox]({{< ref fox.md >}})", with the words of the file name in it). The link's
    URL keeps the tag's braces: the link check leaves templates alone (the site profile
    checks ``ref`` targets from the source itself)."""
    def repl(m: re.Match) -> str:
        return "](" + m.group(1).replace(" ", "_").replace("\t", "_")

    return _TEMPLATE_DEST.sub(repl, seen)


def _blanked(text: str, start: int, end: int) -> str:
    """``text`` with everything outside [start, end) blanked (newlines kept) so that
    YAML marks are offsets into the whole file."""
    head = re.sub(r"[^\n]", " ", text[:start])
    return head + text[start:end]


def _yaml_reason(e) -> str:
    return (getattr(e, "problem", None) or str(e).splitlines()[0]).strip()


def parse_markdown(path: str, text: str, lines: LineIndex, fast: bool = True, route: list | None = None):
    """One Markdown file → ``([document], notices)``. The body is read by markdown-it-pyrs
    (:mod:`.mdrs`) where it is installed and can vouch for the result, else (or with
    ``fast`` False) by markdown-it-py; both make the same Document. ``route``, if given,
    gets which reader read it (and why a fallback fell back)."""
    notices: list = []
    doc = Document(path=path, kind="markdown", source=text, lines=lines)
    b = TextBuilder(text)
    body = _front_matter(doc, text, notices)
    starts = lines.starts
    # the front matter's lines stay as empty lines, so markdown-it's line maps index the file
    first = lines.position(body)[0] - 1 if body else 0
    # ``seen`` is the file as markdown-it sees it, offset for offset: a lone CR ends no line
    # for LineIndex, so it must not for markdown-it either
    seen = re.sub(r"\r(?!\n)", " ", text) if "\r" in text else text
    if "\x00" in seen:  # markdown-it reads U+0000 as U+FFFD (CommonMark 2.3): one for one
        seen = seen.replace("\x00", "\ufffd")
    if "](" in seen and ("{{" in seen or "{%" in seen):
        seen = template_destinations(seen)
    src = "\n" * first + seen[body:] if body else seen
    w, slug = Walk(doc, b, mdblocks.HtmlState()), SlugCounter()
    env = same = None
    if fast and mdrs.usable(seen):
        try:
            env, same = mdrs.read(w, src, seen, body - first, starts, slug), mdrs.same_encoded
            why = "pyrs"
        except mdrs.Fallback as e:  # read it again, from scratch, with markdown-it-py
            why = f"fallback: {e}"
            doc.links.clear(), doc.anchors.clear(), doc.headings.clear(), doc.code.clear()
            w, slug = Walk(doc, TextBuilder(text), mdblocks.HtmlState()), SlugCounter()
    else:
        why = "markdown-it-py"
    if route is not None:
        route.append(why)
    if env is None:
        env = _body(w, seen, src, starts, slug)
    _reference_links(doc, seen, starts, w.ref_used, env, same)
    w.b.into(doc)
    return [doc], notices


def _body(w: Walk, seen: str, src: str, starts: list[int], slug) -> dict:
    """The body read by markdown-it-py into ``w``; returns its ``env`` (the references)."""
    doc, b = w.doc, w.b
    env: dict = {}
    tokens = mdblocks.tokens(src, env)
    cell_line, cell_cursor = -1, 0
    first_cell = True
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        tt = t.type
        if tt == "inline" and t.map is not None:
            parent = tokens[i - 1].type if i else ""
            content = t.content
            if parent in ("th_open", "td_open", "dt_open", "heading_open"):
                ln = t.map[0]
                if ln != cell_line:
                    cell_line, cell_cursor = ln, 0
                pm = mdblocks.Pieces(content, ln, seen, starts, suffix=False, cursor=cell_cursor)
                cell_cursor = pm.r0[0] - starts[ln] + len(content) if content else cell_cursor
            else:
                pm = mdblocks.Pieces(content, t.map[0], seen, starts)
            if parent == "heading_open":
                kids = mdblocks.children(t)
                mdheadings.heading(
                    w, doc, b, content,
                    lambda cut, t=t, pm=pm, kids=kids, content=content: walk(
                        w, kids if cut is None else mdheadings.cut_children(kids, content, cut), t.content, pm),
                    slug, mdheadings.ial_id(seen, starts, (tokens[i - 1].map or t.map)[1]),
                    int(tokens[i - 1].tag[1:] or 0))
            elif parent in ("th_open", "td_open"):
                mdblocks.cell_start(b, seen, pm.raw(0), first_cell)
                first_cell = False
                walk(w, mdblocks.children(t), content, pm)
            else:
                b.begin("prose")
                walk(w, mdblocks.children(t), content, pm)
                b.begin("prose")
            # an element opened by inline HTML and never closed ends with its block: an
            # unclosed <code> or <textarea> must not hide the rest of the page
            w.html.stack.clear()
        elif tt == "footnote_open" and t.meta.get("label"):
            # a footnote's id as Python-Markdown (MkDocs) and kramdown (Jekyll) write it
            doc.anchors.update((f"fn:{t.meta['label']}", f"fnref:{t.meta['label']}"))
        elif tt == "tr_open":
            b.begin("prose")
            first_cell = True
        elif tt in ("fence", "code_block") and t.map is not None:
            lead = 1 if tt == "fence" else 0
            if t.content:
                pm = mdblocks.Pieces(t.content.rstrip("\n"), t.map[0] + lead, seen, starts)
                code_spans(doc, pm, t.content.rstrip("\n"), 0, len(t.content.rstrip("\n")))
            b.begin("prose")
        elif tt == "html_block" and t.map is not None:
            b.begin("prose")
            content = t.content.rstrip("\n")
            html_block(w, content, mdblocks.Pieces(content, t.map[0], seen, starts))
            b.begin("prose")
        i += 1
    return env


_REF_DEST = re.compile(r"[ \t]*\n?[ \t>]*(?:<([^<>\n]*)>|(\S+))")


def _reference_links(doc: Document, text: str, starts: list[int], used: set[str], env: dict, same=None) -> None:
    """Reference definitions that some link uses, as links at their destination.

    markdown-it keeps each definition's href and line map (the first definition of a label
    wins); the destination is found after the label's ``]:`` in those lines. Unused
    definitions are not links: nothing on the page points at them."""
    if not used:
        return
    seen = set()
    for ref in env.get("references", {}).values():
        href, rmap = ref.get("href"), ref.get("map")
        if href not in used or rmap is None:
            continue
        a = starts[rmap[0]]
        e = starts[rmap[1]] if rmap[1] < len(starts) else len(text)
        k = _label_end(text, a, e)
        if k < 0:
            continue
        m = _REF_DEST.match(text, k, e)
        if not m:
            continue
        g = 1 if m.group(1) is not None else 2
        url = unescape_md(m.group(g))
        if not (same(url, href) if same else url == href) or (m.start(g), href) in seen:
            continue
        seen.add((m.start(g), href))
        doc.links.append(Link(url, m.start(g), m.end(g), "md-ref"))


def _label_end(text: str, a: int, e: int) -> int:
    """Offset just past the ``]:`` ending a definition's label in ``text[a:e]``."""
    i = text.find("[", a, e)
    if i < 0:
        return -1
    i += 1
    while i < e:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "]":
            return i + 2 if text.startswith("]:", i) else -1
        i += 1
    return -1
