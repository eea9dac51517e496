"""Positions are sacred: exact 1-based line/column/end_column of findings in every source
kind, through the CLI's JSON output, plus the Document's links and metadata spans.

Findings come from a small rule pack of our own (tests/conftest.py: ``content/t-banned``
matches "risk-free", ``content/t-swap`` matches "e-mail"), so nothing here depends on
the shipped packs or on the other checks.
"""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import BANNED, SWAP, write
from contentguard.sources import parse


def positions(cg, path, rule=BANNED):
    r = cg("check", "--format", "json", path)
    assert r.rc in (0, 1), r.err
    return [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in r.findings if f["rule"] == rule]


# --- HTML -----------------------------------------------------------------------

def test_html_entities_before_match_keep_raw_columns(cg, work):
    # &amp; (5 chars raw, 1 decoded), &nbsp; (6 → 1), &#8211; (7 → 1) all before the match
    write(work / "a.html", "<p>Tom &amp; Jerry&nbsp;&#8211; risk-free</p>\n")
    assert positions(cg, "a.html") == [(1, 33, 1, 42)]


def test_html_entity_inside_match_spans_the_raw_reference(cg, work):
    write(work / "a.html", "<p>a risk&#45;free b</p>\n")
    r = cg("check", "--format", "json", "a.html")
    (f,) = r.findings
    assert (f["line"], f["column"], f["end_column"]) == (1, 6, 19)
    assert f["message"] == "banned term 'risk-free'"


def test_html_attribute_text_at_attribute_value_column(cg, work):
    write(work / "a.html", '<div>\n<img src="x.png" alt="a risk-free deal">\n'
                           '<a href="/c" title="Send an e-mail">contact</a>\n</div>\n')
    assert positions(cg, "a.html") == [(2, 25, 2, 34)]
    assert positions(cg, "a.html", SWAP) == [(3, 29, 3, 35)]


def test_html_nested_inline_tags(cg, work):
    write(work / "a.html", "<p><em>very</em> <strong>risk-free</strong> and "
                           "<b>risk-<i>free</i></b></p>\n")
    # plain nested match, then a match that runs through an inline tag: the span covers the tag
    assert positions(cg, "a.html") == [(1, 26, 1, 35), (1, 52, 1, 64)]


def test_html_crlf_and_bom(cg, work):
    src = ("<!doctype html>\n<html><body>\n<p>first</p>\n"
           "<div>x <span>risk-free</span></div>\n</body></html>\n")
    write(work / "crlf.html", b"\xef\xbb\xbf" + src.replace("\n", "\r\n").encode())
    # BOM is not a character; \r is not part of any column
    assert positions(cg, "crlf.html") == [(4, 14, 4, 23)]
    r = cg("check", "crlf.html")
    assert "crlf.html:4:14: error content/t-banned" in r.out
    assert "\r" not in r.out


def test_html_never_prose_from_code_like_elements_or_comments(cg, work):
    """Code, scripts, styles, templates, textareas and comments are never prose; the page's
    <title> is (it shows in tabs and search results: issue 11, item 4)."""
    write(work / "a.html", """<html><head><title>risk-free</title>
<style>p::after { content: "risk-free" }</style>
<script>var s = "risk-free";</script>
</head><body>
<!-- risk-free -->
<!--
 multi-line risk-free
-->
<code>risk-free</code> <pre>risk-free
</pre>
<template><p>risk-free</p></template>
<textarea>risk-free</textarea>
<p>ok</p>
<p>last risk-free</p>
</body></html>
""")
    assert positions(cg, "a.html") == [(1, 20, 1, 29), (14, 9, 14, 18)]


def test_html_metadata_spans():
    src = ('<html lang="en-GB"><head>\n'
           '<meta property="article:modified_time" content="2021-03-04T10:00:00Z">\n'
           '<meta name="description" content="Tom &amp; Jerry">\n'
           '<script type="application/ld+json">{"@type": "Article", '
           '"dateModified": "2021-05-06", "author": {"name": "Ren\\u00e9e"}}</script>\n'
           '</head><body><p>Updated <time datetime="2021-03-04">4 March</time>.</p>\n'
           '<a href="/x?a=1&amp;b=2">l</a> <img src="i.png" srcset="a.png 1x, b.png 2x">\n'
           '</body></html>\n')
    (doc,) = parse("m.html", src).documents
    assert doc.lang == "en-GB"
    meta = {(m.key, m.origin): m for m in doc.meta}
    m = meta[("article:modified_time", "meta")]
    assert src[m.start:m.end] == "2021-03-04T10:00:00Z" and m.value == "2021-03-04T10:00:00Z"
    m = meta[("description", "meta")]
    assert src[m.start:m.end] == "Tom &amp; Jerry" and m.value == "Tom & Jerry"
    m = meta[("dateModified", "json-ld")]
    assert src[m.start:m.end] == "2021-05-06"
    assert doc.lines.position(m.start) == (4, 74)
    m = meta[("name", "json-ld")]
    assert src[m.start:m.end] == "Ren\\u00e9e" and m.value == "Renée"
    m = meta[("datetime", "time")]
    assert src[m.start:m.end] == "2021-03-04"
    links = [(ln.url, src[ln.start:ln.end], ln.element) for ln in doc.links]
    assert links == [("/x?a=1&b=2", "/x?a=1&amp;b=2", "a"), ("i.png", "i.png", "img"),
                     ("a.png", "a.png", "img"), ("b.png", "b.png", "img")]
    # nothing from the head or the JSON-LD is prose
    assert "Article" not in doc.text and "Tom" not in doc.text
    assert "Updated 4 March." in doc.text


def test_html_alt_scope():
    src = '<p>a</p><img alt="risk-free">'
    (doc,) = parse("a.html", src).documents
    i = doc.text.index("risk-free")
    assert doc.scope_at(i) == "alt"
    assert doc.scope_at(doc.text.index("a")) == "prose"


# --- Markdown -------------------------------------------------------------------

MD = """\
---
title: "A risk-free offer"
description: plain value
tags: [a, b]
---
# Heading risk-free

Text `risk-free` and risk-free [link risk-free](https://risk-free.example/x "t") <https://a.example/risk-free>.

```
risk-free in a backtick fence
```

~~~python
risk-free in a tilde fence
~~~

<!-- risk-free in a comment --> after <!-- risk-free -->
<!--
risk-free in a multi-line comment
-->
See [ref][r1] and https://bare.example/risk-free ok.

    indented code risk-free

[r1]: https://ref.example/risk-free
"""


def test_markdown_positions(cg, work):
    write(work / "a.md", MD)
    # heading, prose after inline code, link text; never code, comments, URLs, front matter
    assert positions(cg, "a.md") == [(6, 11, 6, 20), (8, 22, 8, 31), (8, 38, 8, 47)]


def test_markdown_crlf_front_matter(cg, work):
    write(work / "a.md", MD, newline="\r\n")
    assert positions(cg, "a.md") == [(6, 11, 6, 20), (8, 22, 8, 31), (8, 38, 8, 47)]


def test_markdown_links_and_front_matter_spans():
    (doc,) = parse("a.md", MD).documents
    links = [(ln.element, ln.url, MD[ln.start:ln.end]) for ln in doc.links]
    assert ("md", "https://risk-free.example/x", "https://risk-free.example/x") in links
    assert ("autolink", "https://a.example/risk-free", "https://a.example/risk-free") in links
    assert ("bare", "https://bare.example/risk-free", "https://bare.example/risk-free") in links
    assert ("md-ref", "https://ref.example/risk-free", "https://ref.example/risk-free") in links
    assert len(links) == 4
    md_link = next(ln for ln in doc.links if ln.element == "md")
    assert doc.lines.position(md_link.start) == (8, 49)
    # URLs are not prose
    assert "example" not in doc.text
    assert "link risk-free" in doc.text
    meta = {m.key: m for m in doc.meta}
    assert meta["title"].value == "A risk-free offer"
    assert MD[meta["title"].start:meta["title"].end] == "A risk-free offer"  # quotes excluded
    assert doc.lines.position(meta["title"].start) == (2, 9)
    assert MD[meta["description"].start:meta["description"].end] == "plain value"
    assert meta["tags"].value == ["a", "b"]
    assert MD[meta["tags"].start:meta["tags"].end] == "[a, b]"
    assert all(m.origin == "front-matter" for m in doc.meta)
    assert "title" not in doc.text and "plain value" not in doc.text
    assert "heading-risk-free" in doc.anchors
    assert doc.scope_at(doc.text.index("Heading")) == "heading"


def test_markdown_image_alt_is_alt_scope():
    src = "Some ![a risk-free pic](img.png) text\n"
    (doc,) = parse("a.md", src).documents
    assert doc.scope_at(doc.text.index("risk-free")) == "alt"
    (ln,) = doc.links
    assert (ln.url, ln.element, src[ln.start:ln.end]) == ("img.png", "md", "img.png")


# --- plain text -----------------------------------------------------------------

def test_plain_text_positions_and_urls(cg, work):
    write(work / "a.txt", "Intro\n\n  see https://risk-free.example/ then risk-free.\n", newline="\r\n")
    assert positions(cg, "a.txt") == [(3, 39, 3, 48)]
    (doc,) = parse("a.txt", "x https://e.example/a, y").documents
    (ln,) = doc.links
    assert (ln.url, ln.start, ln.end, ln.element) == ("https://e.example/a", 2, 21, "bare")


# --- post queues ----------------------------------------------------------------

YAML_QUEUE = """\
# outgoing posts
posts:
  - text: |
      First line
      and risk-free here
    scheduled_at: 2026-12-01T09:00:00Z
    channel: x
  - message: "Say \\u00e9\\u00e9 risk-free"
  - body: 'It''s risk-free'
  - text: plain e-mail risk-free
    channel: linkedin
"""


def test_yaml_queue_positions(cg, work):
    write(work / "q.yaml", YAML_QUEUE)
    assert positions(cg, "q.yaml") == [(5, 11, 5, 20), (8, 32, 8, 41), (9, 18, 9, 27), (10, 24, 10, 33)]
    assert positions(cg, "q.yaml", SWAP) == [(10, 17, 10, 23)]


def test_yaml_queue_crlf_folded_and_plain_multiline(cg, work):
    write(work / "q.yml", "- text: >\n    folded line\n    and risk-free\n"
                          "- text: plain multi\n    line risk-free\n"
                          '- text: "dq\\\n    cont risk-free"\n', newline="\r\n")
    assert positions(cg, "q.yml") == [(3, 9, 3, 18), (5, 10, 5, 19), (7, 10, 7, 19)]


def test_yaml_queue_documents():
    docs = parse("q.yaml", YAML_QUEUE).documents
    assert [d.kind for d in docs] == ["post"] * 4
    assert [d.post_index for d in docs] == [0, 1, 2, 3]
    assert docs[0].text.startswith("First line\nand risk-free here")
    assert docs[1].text == "Say éé risk-free"
    assert docs[2].text == "It's risk-free"
    s = docs[0].scheduled
    assert s.key == "scheduled_at"
    assert s.value == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    assert YAML_QUEUE[s.start:s.end] == "2026-12-01T09:00:00Z"
    assert docs[0].post["channel"] == "x"
    assert docs[3].post["channel"] == "linkedin"
    assert docs[1].scheduled is None


def test_json_queue_escapes_and_astral_code_points(cg, work):
    src = ('[\n'
           '  {"text": "caf\\u00e9 \\ud83d\\ude00 risk-free", "scheduled_at": "2026-12-01 10:00"},\n'
           '  {"text": "\U0001F600\U0001F600 risk-free"},\n'
           '  {"text": "tab\\there risk-free\\n\\nnext risk-free"}\n'
           ']\n')
    write(work / "q.json", src)
    # escapes count as written (\u00e9 is 6 columns, a surrogate pair 12);
    # an emoji written as itself is one code point, one column
    assert positions(cg, "q.json") == [(2, 36, 2, 45), (3, 16, 3, 25), (4, 23, 4, 32), (4, 41, 4, 50)]
    docs = parse("q.json", src).documents
    assert docs[0].text == "café \U0001F600 risk-free"
    assert docs[0].scheduled.value == dt.datetime(2026, 12, 1, 10, 0)


def test_json_queue_posts_wrapper(cg, work):
    write(work / "q.json", '{"posts": [\n {"body": "risk-free", "channel": "fb"}\n]}\n')
    assert positions(cg, "q.json") == [(2, 12, 2, 21)]


def test_csv_queue_quoted_cells(cg, work):
    src = ('date,time,text,channel\n'
           '2026-12-01,09:00,"Hello, world ""quoted"" risk-free",x\n'
           '2026-12-02,10:00,"multi\nline risk-free",y\n'
           '2026-12-03,11:00,plain e-mail,z\n')
    write(work / "q.csv", src, newline="\r\n")
    assert positions(cg, "q.csv") == [(2, 43, 2, 52), (4, 6, 4, 15)]
    assert positions(cg, "q.csv", SWAP) == [(5, 24, 5, 30)]


def test_csv_queue_documents_and_schedules():
    src = ('date,time,text,channel\n'
           '2026-12-01,09:00,"Hello, ""world""",x\n')
    (doc,) = parse("q.csv", src).documents
    assert doc.text == 'Hello, "world"'
    assert doc.scheduled.value == dt.datetime(2026, 12, 1, 9, 0)
    assert src[doc.scheduled.start:doc.scheduled.end] == "2026-12-01"
    assert doc.post["channel"] == "x"
    src = "scheduled_at,message\n2026-12-01 09:00,plain text\n"
    (doc,) = parse("q.csv", src).documents
    assert doc.scheduled.key == "scheduled_at"
    assert doc.scheduled.value == dt.datetime(2026, 12, 1, 9, 0)
    assert src[doc.scheduled.start:doc.scheduled.end] == "2026-12-01 09:00"


def test_csv_semicolon_delimiter_and_bom(cg, work):
    write(work / "q.csv", b'\xef\xbb\xbftext;channel\r\n"a; b risk-free";x\r\n')
    assert positions(cg, "q.csv") == [(2, 7, 2, 16)]


@pytest.mark.parametrize("name,src", [
    ("q.yaml", "settings:\n  a: 1\n"),
    ("q.json", '{"name": "package", "version": "1"}'),
    ("q.csv", "id,price\n1,2\n"),
])
def test_data_files_that_are_no_queue_are_skipped_quietly(cg, work, name, src):
    write(work / name, src)
    r = cg("check", "--format", "json", name)
    assert r.rc == 0
    d = r.json()
    assert d["findings"] == []
    (sk,) = d["summary"]["files_skipped"]
    assert sk["path"] == name and sk["reason"].startswith("not a post queue")


def test_markdown_emphasis_markers_do_not_hide_words(cg, work):
    write(work / "e.md", "- item _risk-free_ and __risk-free__\n> quoted **risk-free**\n"
                         "snake_risk-free_case stays one word\n")
    assert positions(cg, "e.md") == [(1, 9, 1, 18), (1, 26, 1, 35), (2, 12, 2, 21)]
    (doc,) = parse("e.md", "a _b_ c snake_case __init__.py x _ y\n").documents
    assert doc.text == "a b c snake_case init.py x _ y\n"


def test_markdown_nested_fences_and_raw_html_blocks_are_not_prose(cg, work):
    write(work / "n.md", """\
- step one

    ```sh
    echo risk-free
    ```
- step two
  ~~~
  risk-free in a list fence
  ~~~

> ```
> risk-free in a quoted fence
> ```

<script src="/js/app.js">
var claim = "risk-free";
</script>
<style>.risk-free { color: red }</style>
<pre>
risk-free in pre
</pre> then risk-free after the block
Inline <code>risk-free</code> and <kbd>risk-free</kbd>.
""")
    assert positions(cg, "n.md") == [(21, 13, 21, 22), (22, 40, 22, 49)]
    (doc,) = parse("n.md", (work / "n.md").read_text(encoding="utf-8")).documents
    assert [ln.url for ln in doc.links] == ["/js/app.js"]


def test_markdown_toml_front_matter():
    src = ('+++\ntitle = "A risk-free offer"\ndate = 2021-03-04  # first published\n'
           "tags = ['a', \"b\"]\n[params]\nlastmod = 2022-01-01\n+++\nBody text.\n")
    loaded = parse("a.md", src)
    (doc,) = loaded.documents
    assert doc.text == "Body text.\n"
    meta = {m.key: m for m in doc.meta}
    assert set(meta) == {"title", "date", "tags"}
    assert meta["title"].value == "A risk-free offer" and src[meta["title"].start:meta["title"].end] == "A risk-free offer"
    assert meta["date"].value == "2021-03-04" and src[meta["date"].start:meta["date"].end] == "2021-03-04"
    assert doc.lines.position(meta["date"].start) == (3, 8)
    assert meta["tags"].value == ["a", "b"]
    assert all(m.origin == "front-matter" for m in doc.meta)
    loaded = parse("a.md", "+++\ntitle = \n+++\nbody\n")
    assert loaded.notices[0].message.startswith("malformed front matter")
    assert loaded.documents[0].text == "body\n"
    loaded = parse("a.md", "+++\ntitle = 'x'\nbody\n")
    assert loaded.notices[0].message == "front matter is not closed by '+++'"


def test_json_queue_odd_text_values(cg, work):
    write(work / "q.json", '[{"text": ["risk-free"]}, {"text": null, "id": 2}, {"text": 5}]\n')
    assert positions(cg, "q.json") == [(1, 13, 1, 22)]
    docs = parse("q.json", '[{"text": null, "tags": ["a", "b"]}]').documents
    assert docs[0].text == ""
    (tags,) = [m for m in docs[0].meta if m.key == "tags"]
    assert tags.value == ["a", "b"] and (tags.start, tags.end) == (26, 32)


def test_a_queue_under_any_key_whose_entries_have_text_is_read():
    # tools name their wrapper differently (replies:, drafts:, scheduled:); a list of
    # entries with a text field is a queue, a list of anything else is not
    from contentguard.sources import parse

    yaml_text = "meta: {team: care}\nreplies:\n  - id: r1\n    text: \"Hi Ana, thanks!\"\n"
    docs = parse("q.yaml", yaml_text).documents
    assert [d.text for d in docs] == ["Hi Ana, thanks!"]
    line, col = docs[0].lines.position(docs[0].raw_span(0, 2)[0])
    assert (line, col) == (4, 12)
    json_text = '{"drafts": [{"message": "Hello"}]}'
    assert [d.text for d in parse("q.json", json_text).documents] == ["Hello"]
    skipped = parse("c.yaml", "authors:\n  - name: x\n")
    assert skipped.documents == [] and skipped.skipped.startswith("not a post queue")


def test_html_prose_follows_the_standard_tokenizer_on_junk():
    """Text after an unclosed comment is a comment (browsers show nothing of it); text
    after a stray "<" or "</ " is prose; a raw-text element's tags are its text."""
    from contentguard.lineindex import LineIndex
    from contentguard.sources.html import parse_html

    src = "<p>a < b and risk-free</ p>shown<!-- hidden risk-free\n<p>also hidden"
    doc = parse_html("x.html", src, LineIndex(src))
    assert "a < b and risk-free" in doc.text and "shown" in doc.text
    assert "hidden" not in doc.text
    i = doc.text.index("risk-free")
    assert doc.raw_span(i, i + 9) == (src.index("risk-free"), src.index("risk-free") + 9)
    src2 = "<p>Tom &amp; Jerry</p><script>var s = '<a href=\"/x\">risk-free</a>';</script><p>end</p>"
    doc2 = parse_html("y.html", src2, LineIndex(src2))
    assert "Tom & Jerry" in doc2.text and "risk-free" not in doc2.text and [ln.url for ln in doc2.links] == []
    j = doc2.text.index("&")
    assert doc2.raw_span(j, j + 1) == (src2.index("&amp;"), src2.index("&amp;") + 5)


def test_markdown_front_matter_after_blank_lines():
    # Hugo's page lexer and Zola's front matter regex skip blank lines before the fence
    # (real pages: Zola's theme gallery, digital.gov events): the values are metadata, not
    # prose, and the date inside is no "Updated ..." statement of the text
    src = ('\n+++\ntitle = "Zulma"\n[extra]\nupdated = 2020-05-10T10:53:40Z\n+++        \n\n'
           "# Zulma\n\nUpdated on 1 May 2020.\n")
    loaded = parse("t.md", src)
    (doc,) = loaded.documents
    assert loaded.notices == []
    assert "2020-05-10" not in doc.text and "Updated on 1 May 2020." in doc.text
    (title,) = doc.meta
    assert (title.key, title.value) == ("title", "Zulma")
    assert doc.lines.position(title.start) == (3, 10)
    src = ("\n \n---\n# View this page at https://digital.gov/event/x\nslug: x\n---\nBody.\n")
    (doc,) = parse("e.md", src).documents
    assert doc.text.strip() == "Body." and doc.links == []
    assert [(m.key, doc.lines.position(m.start)) for m in doc.meta] == [("slug", (5, 7))]
    # look-alikes: text before the fence, and a thematic break after a blank line with no
    # closing fence, stay body text with no parse-error notice
    (doc,) = parse("b.md", "Intro\n+++\ntitle = 'x'\n+++\n").documents
    assert doc.meta == [] and "title" in doc.text
    loaded = parse("h.md", "\n---\nA paragraph after a rule.\n")
    assert loaded.notices == [] and "A paragraph after a rule." in loaded.documents[0].text
