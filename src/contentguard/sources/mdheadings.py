"""Markdown headings: their text, explicit ids and slugs, for both readers of the body
(markdown-it-py's tokens in :mod:`.markdown`, markdown-it-pyrs's tree in :mod:`.mdrs`).

A heading's text goes to the ``heading`` scope; its id is an attribute block closing it
(``{#id}``, ``{ #id .class key="a value" }``, ``{ id="9.7.0" }``: Python-Markdown
attr_list, goldmark, Pandoc, Docusaurus), or kramdown's ``{: #id}`` on the next line, or
else the profile's slug of its text.
"""
from __future__ import annotations

import copy
import re

from contentguard.document import Document, Heading, TextBuilder

_ATTR = r"""(?:[#.][\w:.-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'}]+))"""
_ATTR_BLOCK = re.compile(rf"[ \t]*\{{[ \t]*({_ATTR}(?:[ \t]+{_ATTR})*)[ \t]*\}}[ \t]*$")
_ATTR_PART = re.compile(r"""#([\w:.-]+)|\bid=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'}]+))""")
_IAL = re.compile(r"[ \t]*\{:[ \t]*((?:[#.][\w:.-]+|[\w-]+=\S+)(?:[ \t]+(?:[#.][\w:.-]+|[\w-]+=\S+))*)[ \t]*\}[ \t]*\r?\n?$")


def ial_id(seen: str, starts, line: int) -> str | None:
    """The ``#id`` of a kramdown block attribute list (``{: #v4-4-1}``) on the line right
    after a heading, which gives the heading that id (Jekyll, Middleman's kramdown)."""
    if line >= len(starts):
        return None
    s = starts[line]
    e = starts[line + 1] if line + 1 < len(starts) else len(seen)
    if "{:" not in seen[s:e]:
        return None
    m = _IAL.match(seen, s, e)
    if not m:
        return None
    ids = [p[1:] for p in m.group(1).split() if p.startswith("#")]
    return ids[-1] if ids else None


def heading(w, doc: Document, b: TextBuilder, content: str, read, slug, ial: str | None = None,
            level: int = 0) -> None:
    """A heading whose inline content is ``content``: its text in the ``heading`` scope, its
    slug and any ``{#id}`` anchor (or the ``{: #id}`` attribute list on the next line).

    ``read(cut)`` walks the heading's inline children into ``w`` (which collects the plain
    text in ``w.heading``): all of them when ``cut`` is None, else only what lies in the
    first ``cut`` characters of ``content`` (the attribute block is markup, not text)."""
    explicit = ial
    if ial:
        doc.anchors.add(ial)
    cut = None
    am = _ATTR_BLOCK.search(content) if "{" in content else None
    if am:
        for pm_ in _ATTR_PART.finditer(am.group(1)):
            explicit = next(g for g in pm_.groups() if g is not None)
            doc.anchors.add(explicit)
        cut = am.start()
    b.begin("heading")
    w.heading = []
    read(cut)
    plain = "".join(w.heading).strip()
    w.heading = None
    b.begin("prose")
    doc.headings.append(Heading(plain, explicit, level))
    if explicit is None or explicit == ial:  # a kramdown {: #id} line is plain text elsewhere
        doc.anchors.add(slug(plain))


def cut_children(children, content: str, cut: int):
    """markdown-it-py's inline children of a heading whose inline content is ``content``,
    cut at offset ``cut`` (where its trailing ``{#id}`` attribute block starts). Each text
    child is found in ``content`` after the one before, so a text run that starts before
    the cut keeps its part before it, even after inline HTML or code (``<!-- x --> – Title
    {#id}``: " – Title" is heading text)."""
    out = []
    used = 0
    for c in children:
        if used >= cut:
            break
        if c.type == "text":
            k = content.find(c.content, used)
            if k < 0 or k >= cut:
                break
            if k + len(c.content) > cut:
                c = copy.copy(c)
                c.content = c.content[:cut - k]
                if not c.content.strip():
                    break
            used = k + len(c.content)
        out.append(c)
    return out
