"""Markdown → one document: front matter as metadata, prose without code, comments or URLs.

A line-based reader, not a full CommonMark parser: it knows what matters for
positions and for what is prose (fences, indented code, inline code, HTML comments
and tags, link URLs, reference definitions, autolinks, headings and their slugs).
"""
from __future__ import annotations

import re

from contentguard.document import Document, Link, MetaField, TextBuilder
from contentguard.lineindex import LineIndex
from contentguard.sources.base import Notice
from contentguard.sources._text import SlugCounter, decode_entities, find_urls

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# a fence inside a list item or a block quote: indented, or behind '>' markers
_FENCE_NESTED = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})")
# HTML blocks whose content is never prose (CommonMark's type 1, and template)
_RAW_OPEN = re.compile(r"^ {0,3}<(script|pre|style|textarea|template)(?=[\s>/]|$)", re.I)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_REFDEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
# inline: code spans, images, links, autolinks, HTML tags
_INLINE = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<code>`+)"
    r"|(?P<img>!\[)"
    r"|(?P<link>\[)"
    r"|(?P<auto><(?:https?|ftp|mailto):[^\s<>]*>)"
    r"|(?P<autoemail><[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)"
    r"|(?P<htmlcode>(?i:<(?P<hc>code|script|style|pre|template|textarea)\b[^>]*>.*?</(?P=hc)\s*>))"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
)
_HREF = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ID = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_HEADING_ID = re.compile(r"\s*\{#([\w-]+)\}\s*$")


def _front_matter(doc: Document, text: str, notices: list) -> int:
    """Parse YAML (or Hugo's TOML ``+++``) front matter; returns the offset where the body starts."""
    if text.startswith("+++"):
        return _toml_front_matter(doc, text, notices)
    if not text.startswith("---"):
        return 0
    first = text.find("\n")
    if first == -1 or text[:first].rstrip("\r") != "---":
        return 0
    m = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.M).search(text, first + 1)
    if not m:
        notices.append(Notice("contentguard/parse-error", "front matter is not closed by '---'", 0))
        return 0
    body_start = m.end() + 1 if m.end() < len(text) else m.end()
    from contentguard.sources import yamlpos
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


_TOML_KEY = re.compile(r"""^[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*""", re.M)


def _toml_front_matter(doc: Document, text: str, notices: list) -> int:
    """``+++`` TOML front matter: top-level values with the span of the value as written."""
    import tomllib

    first = text.find("\n")
    if first == -1 or text[:first].rstrip("\r").rstrip() != "+++":
        return 0
    m = re.compile(r"^\+\+\+[ \t]*\r?$", re.M).search(text, first + 1)
    if not m:
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


def _blanked(text: str, start: int, end: int) -> str:
    """``text`` with everything outside [start, end) blanked (newlines kept) so that
    YAML marks are offsets into the whole file."""
    head = re.sub(r"[^\n]", " ", text[:start])
    return head + text[start:end]


def _yaml_reason(e) -> str:
    return (getattr(e, "problem", None) or str(e).splitlines()[0]).strip()


def parse_markdown(path: str, text: str, lines: LineIndex):
    notices: list = []
    doc = Document(path=path, kind="markdown", source=text, lines=lines)
    b = TextBuilder(text)
    slug = SlugCounter()
    pos = _front_matter(doc, text, notices)
    fence: str | None = None
    fence_re = _FENCE
    fence_quote = False  # a fence opened inside a block quote ends with the quote
    raw_tag: str | None = None  # inside <script>/<pre>/<style>/... until its end tag
    in_comment = False
    prev_blank = True
    in_list = False
    raw_lines = text[pos:].splitlines(keepends=True)
    i = 0
    while i < len(raw_lines):
        raw = raw_lines[i]
        line = raw.rstrip("\r\n")
        start = pos
        pos += len(raw)
        i += 1
        if fence is not None and fence_quote and line.strip() and not _QUOTE.match(line):
            fence = None  # the block quote ended, and its fence with it; this line is content
            b.begin("prose")
        if fence is not None:
            m = fence_re.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
                b.begin("prose")
            continue
        if raw_tag is not None:
            k = line.lower().find("</" + raw_tag)
            if k == -1:
                continue
            raw_tag = None
            _raw_rest(doc, b, line, k, start)
            continue
        if in_comment:
            end = line.find("-->")
            if end == -1:
                continue
            in_comment = False
            rest = line[end + 3:]
            if rest.strip():
                _inline(doc, b, rest, start + end + 3)
                b.sep("\n")
            continue
        if not line.strip():
            b.begin("prose")
            prev_blank = True
            continue
        m = _FENCE.match(line)
        if m:
            fence, fence_re, fence_quote = m.group(1), _FENCE, False
            b.begin("prose")
            continue
        rm = _RAW_OPEN.match(line)
        if rm:
            tag = rm.group(1).lower()
            gt = line.find(">", rm.end())
            _tag_links(doc, line[:gt + 1 if gt != -1 else len(line)], start)
            b.begin("prose")
            k = line.lower().find("</" + tag, rm.end())
            if k == -1:
                raw_tag = tag
            else:
                _raw_rest(doc, b, line, k, start)
            prev_blank = False
            continue
        if prev_blank and not in_list and (line.startswith("    ") or line.startswith("\t")):
            continue  # indented code block
        qm = _QUOTE.match(line)
        if in_list or qm:
            m = _FENCE_NESTED.match(line)
            if m:
                fence, fence_re, fence_quote = m.group(1), _FENCE_NESTED, bool(qm)
                b.begin("prose")
                continue
        after_blank, prev_blank = prev_blank, False
        if _HR.match(line):
            b.begin("prose")
            continue
        m = _REFDEF.match(line)
        if m:
            us = start + m.start(2)
            doc.links.append(Link(m.group(2), us, us + len(m.group(2)), "md-ref"))
            continue
        if _TABLE_DELIM.match(line) and "|" in line:
            continue
        # setext heading: the next line underlines this one
        if i < len(raw_lines):
            nxt = raw_lines[i].rstrip("\r\n")
            sm = _SETEXT.match(nxt)
            if sm and not _LIST.match(line) and (sm.group(1)[0] == "=" or len(sm.group(1)) >= 2):
                b.begin("heading")
                _inline(doc, b, line, start)
                doc.anchors.add(slug(_plain(line)))
                b.begin("prose")
                pos += len(raw_lines[i])
                i += 1
                continue
        m = _ATX.match(line)
        if m:
            content = line[m.end():]
            content = re.sub(r"[ \t]+#+[ \t]*$", "", content)
            hid = _HEADING_ID.search(content)
            if hid:
                doc.anchors.add(hid.group(1))
                content = content[:hid.start()]
            b.begin("heading")
            _inline(doc, b, content, start + m.end())
            doc.anchors.add(slug(_plain(content)))
            b.begin("prose")
            in_list = False
            continue
        offset = 0
        qm = _QUOTE.match(line)
        if qm:
            offset = qm.end()
        lm = _LIST.match(line, offset)
        if lm:
            b.begin("prose")
            offset = lm.end()
            in_list = True
        elif not line.startswith((" ", "\t")):
            in_list = in_list and not after_blank
        body = line[offset:]
        # HTML comments opening on this line
        # (closed ones are dropped by _inline; find one left open for the next lines)
        cstart = body.find("<!--")
        while cstart != -1:
            cend = body.find("-->", cstart + 4)
            if cend == -1:
                _inline(doc, b, body[:cstart], start + offset)
                in_comment = True
                b.sep("\n")
                break
            cstart = body.find("<!--", cend + 3)
        if in_comment:
            continue
        _inline(doc, b, body, start + offset)
        b.sep("\n")
    b.into(doc)
    return [doc], notices


def _raw_rest(doc: Document, b: TextBuilder, line: str, k: int, start: int) -> None:
    """The end tag of a raw HTML block is at ``line[k]``: what follows it is content."""
    gt = line.find(">", k)
    rest_at = gt + 1 if gt != -1 else len(line)
    b.begin("prose")
    if line[rest_at:].strip():
        _inline(doc, b, line[rest_at:], start + rest_at)
        b.sep("\n")


def _tag_links(doc: Document, tag: str, at: int) -> None:
    """Links (href/src) and anchors (id/name) of an HTML tag written at raw offset ``at``."""
    for hm in _HREF.finditer(tag):
        g = 2 if hm.group(2) is not None else 3
        us = hm.start(g)
        if hm.group(g).strip():
            doc.links.append(Link(hm.group(g), at + us, at + us + len(hm.group(g)),
                                  "a" if hm.group(1).lower() == "href" else "img"))
    for im in _ID.finditer(tag):
        doc.anchors.add(im.group(1) if im.group(1) is not None else im.group(2))


def _plain(s: str) -> str:
    """Heading text as GitHub slugs see it: markup dropped."""
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"<[^>]+>", "", s)
    return s.replace("`", "").replace("*", "")


def _inline(doc: Document, b: TextBuilder, s: str, base: int) -> None:
    """Add one line's inline content: code, URLs and tags out; link text in."""
    pos = 0
    n = len(s)

    def prose(upto: int) -> None:
        nonlocal pos
        if upto <= pos:
            return
        seg = s[pos:upto]
        # bare URLs are links, not prose
        p2 = 0
        for us, ue in (find_urls(seg) if "://" in seg else ()):
            doc.links.append(Link(seg[us:ue], base + pos + us, base + pos + ue, "bare"))
            _add(b, s, base, pos + p2, pos + us)
            b.add_mapped(" ", base + pos + us, base + pos + ue)
            p2 = ue
        _add(b, s, base, pos + p2, upto)
        pos = upto

    if not any(c in s for c in "`[<"):  # the common case: plain prose
        prose(n)
        return
    for m in _INLINE.finditer(s):
        if m.start() < pos:
            continue
        if m.group("comment"):
            prose(m.start())
            b.add_mapped(" ", base + m.start(), base + m.end())
            pos = m.end()
        elif m.group("code"):
            ticks = m.group("code")
            close = s.find(ticks, m.end())
            if close == -1:
                continue
            prose(m.start())
            b.add_mapped(" ", base + m.start(), base + close + len(ticks))
            pos = close + len(ticks)
        elif m.group("img") or m.group("link"):
            is_img = bool(m.group("img"))
            tstart = m.end()
            depth, k = 1, tstart
            while k < n and depth:
                if s[k] == "[":
                    depth += 1
                elif s[k] == "]":
                    depth -= 1
                k += 1
            if depth:
                continue
            tend = k - 1
            if k < n and s[k] == "(":
                close = _paren_end(s, k)
                if close == -1:
                    continue
                inner = s[k + 1:close]
                um = re.match(r"\s*(?:<([^>]*)>|(\S+))", inner)
                prose(m.start())
                if is_img:
                    b.begin("alt")
                _inline(doc, b, s[tstart:tend], base + tstart)
                if is_img:
                    b.begin("prose")
                if um:
                    g = 1 if um.group(1) is not None else 2
                    us = k + 1 + um.start(g)
                    url = um.group(g)
                    if url:
                        doc.links.append(Link(url, base + us, base + us + len(url), "md"))
                pos = close + 1
            elif k < n and s[k] == "[":
                close = s.find("]", k)
                if close == -1:
                    continue
                prose(m.start())
                _inline(doc, b, s[tstart:tend], base + tstart)
                pos = close + 1
            else:
                prose(m.start())
                _inline(doc, b, s[tstart:tend], base + tstart)
                pos = k
        elif m.group("auto"):
            prose(m.start())
            url = m.group("auto")[1:-1]
            doc.links.append(Link(url, base + m.start() + 1, base + m.end() - 1, "autolink"))
            pos = m.end()
        elif m.group("autoemail"):
            prose(m.start())
            _add(b, s, base, m.start() + 1, m.end() - 1)
            pos = m.end()
        elif m.group("htmlcode"):  # <code>…</code>, <script>…</script> on one line: not prose
            prose(m.start())
            _tag_links(doc, s[m.start():s.find(">", m.start()) + 1], base + m.start())
            b.add_mapped(" ", base + m.start(), base + m.end())
            pos = m.end()
        elif m.group("tag"):
            prose(m.start())
            _tag_links(doc, m.group("tag"), base + m.start())
            b.add_mapped(" ", base + m.start(), base + m.end())
            pos = m.end()
    prose(n)


def _paren_end(s: str, k: int) -> int:
    depth = 0
    for j in range(k, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


_UNDERSCORES = re.compile(r"_+")


def _add(b: TextBuilder, s: str, base: int, a: int, e: int) -> None:
    if e > a and "_" in s[a:e]:
        # emphasis underscores (`_word_`, `__word__`) are markup, not prose: left in, a `_`
        # touching a word hides it from every \b-based pattern. Intraword ones (snake_case)
        # and lone ones (`a _ b`) stay.
        p = a
        for m in _UNDERSCORES.finditer(s, a, e):
            i, j = m.span()
            prev = s[i - 1] if i > 0 else " "
            nxt = s[j] if j < len(s) else " "
            if (prev.isalnum() and nxt.isalnum()) or (prev.isspace() and nxt.isspace()):
                continue
            _add_text(b, s, base, p, i)
            p = j
        _add_text(b, s, base, p, e)
        return
    _add_text(b, s, base, a, e)


def _add_text(b: TextBuilder, s: str, base: int, a: int, e: int) -> None:
    if e > a:
        if "&" in s[a:e]:  # Markdown allows HTML entities: decode them in place
            decode_entities(b.source, base + a, base + e, b)
        else:
            b.add(s[a:e], base + a)
