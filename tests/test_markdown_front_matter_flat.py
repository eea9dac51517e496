"""Flat YAML front matter (``key: plain value`` lines) is read without YAML, to the same
MetaFields (key, value as written, exact span) as the YAML composer gives; anything else
in it sends the whole block to YAML."""
from __future__ import annotations


import pytest

from contentguard.document import Document
from contentguard.sources import markdown
from realpages import markdown_sites



def _read(text: str, flat: bool, monkeypatch=None):
    doc = Document(path="p.md", kind="markdown", source=text, lines=None)
    notices: list = []
    if flat:
        body = markdown._front_matter(doc, text, notices)
    else:
        orig = markdown._flat_front_matter
        markdown._flat_front_matter = lambda *a: None
        try:
            body = markdown._front_matter(doc, text, notices)
        finally:
            markdown._flat_front_matter = orig
    return body, [(m.key, m.value, m.start, m.end, m.origin) for m in doc.meta], notices


def test_flat_lines_read_with_their_spans():
    src = "---\ntitle: Renewing Sponsors\n\ndate: 2023-01-19T10:00:00Z\nweight: 10\nslug: café-au-lait\n---\nBody\n"
    assert markdown._flat_front_matter(src, 4, src.index("---", 4)) is not None
    body, meta, _ = _read(src, True)
    assert meta == _read(src, False)[1]
    assert meta[0] == ("title", "Renewing Sponsors", src.index("Renewing"), src.index("Renewing") + 17,
                       "front-matter")
    assert meta[1][1] == "2023-01-19T10:00:00Z" and src[meta[1][2]:meta[1][3]] == "2023-01-19T10:00:00Z"
    assert body == src.index("Body")


@pytest.mark.parametrize("line", [
    "title: 'quoted'", 'title: "quoted"', "title: a: b", "title: x # comment", "tags:\n  - a",
    "title: &a x", "title: *a", "title: !tag x", "title: [a, b]", "title: {a: b}", "# comment",
    "title: |\n  block", "  indented: x", "title: x\n  continued", "title:", "title: x\u2028y",
])
def test_anything_else_is_left_to_yaml(line):
    """Each look-alike is not flat, and the YAML path reads the block as before."""
    src = f"---\n{line}\n---\nBody\n"
    assert markdown._flat_front_matter(src, 4, src.index("\n---", 3) + 1) is None
    assert _read(src, True) == _read(src, False)


def test_same_meta_on_real_sites():
    sites = markdown_sites()
    n = flat = 0
    for site in sites:
        for p in sorted(site.rglob("*.md")):
            if "node_modules" in p.parts:
                continue
            text = p.read_text(encoding="utf-8", errors="replace")
            assert _read(text, True) == _read(text, False), p
            n += 1
            if text.startswith("---\n"):
                end = text.find("\n---", 3)
                flat += end > 0 and markdown._flat_front_matter(text, 4, end + 1) is not None
    assert n > 1000 and flat > 500
