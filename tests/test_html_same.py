"""The HTML reader (sources/html.py on one ``findall`` of sources/htmltok.py) reads every
page exactly as the reader before it did (``tests/html_oracle.py``, frozen at 4599cdb):
prose text and the raw offset of every character of it, blocks and their scopes, links,
anchors, metadata, language, code text with its offsets; and the tokenizer yields the
same tokens. On the link bench's pages, the built-site fixture, real HTML under
``../realsites`` (skipped, saying why, when absent) and hypothesis-made malformed HTML.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import html_oracle as old
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentguard.lineindex import LineIndex
from contentguard.sources import htmltok
from contentguard.sources.html import parse_html

HERE = Path(__file__).resolve().parent
REALSITES = HERE.parent.parent / "realsites"
BENCH = HERE.parent / "bench"


def fields(doc) -> dict | None:
    if doc is None:
        return None
    return {
        "text": doc.text,
        "starts": list(doc.starts) if doc.starts is not None else None,
        "ends": list(doc.ends) if doc.ends is not None else None,
        "segments": doc.segments,
        "links": doc.links,
        "meta": [(m.key, m.value, m.start, m.end, m.origin) for m in doc.meta],
        "anchors": doc.anchors,
        "lang": doc.lang,
        "headings": doc.headings,
        "code": doc.code,
        "code_text": fields(doc.code_text),
    }


def assert_same(src: str, where: str = "") -> None:
    new = parse_html("p.html", src, LineIndex(src))
    was = old.parse_html("p.html", src, LineIndex(src))
    a, b = fields(new), fields(was)
    for key in a:
        assert a[key] == b[key], f"{where}: {key} differs"
    assert list(htmltok.tokenize(src)) == list(old.tokenize(src)), f"{where}: tokens differ"


# --- pages ----------------------------------------------------------------------------------------

def test_the_link_bench_pages_read_the_same():
    sys.path.insert(0, str(BENCH))
    try:
        from bench_links import make_bench_site
    finally:
        sys.path.remove(str(BENCH))
    with tempfile.TemporaryDirectory() as d:
        make_bench_site(Path(d), "http://127.0.0.1:9/", 60, 20)
        pages = sorted(Path(d).rglob("*.html"))
        assert len(pages) == 60
        for p in pages:
            assert_same(p.read_text(encoding="utf-8"), p.name)


def test_the_built_site_reads_the_same():
    pages = sorted((HERE / "fixtures" / "builtsite").rglob("*.html"))
    assert len(pages) >= 5
    for p in pages:
        assert_same(p.read_text(encoding="utf-8"), str(p))


def test_real_html_reads_the_same():
    if not REALSITES.is_dir():
        pytest.skip(f"no real sites beside the checkout ({REALSITES}): the bench and fixture pages still run")
    pages = sorted(p for p in REALSITES.rglob("*.htm*") if p.is_file() and ".git" not in p.parts)
    assert len(pages) > 100
    for p in pages:
        assert_same(p.read_text(encoding="utf-8", errors="replace"), str(p))


# --- malformed HTML -------------------------------------------------------------------------------

TOKENS = [
    "<p>", "</p>", "<P>", "<b>", "</b>", "<div>", "</div>", "<div/>", "<foo/>", "<br>", "<br/>", "<hr>", "</br>",
    "<img alt='", "<img src=x alt=y>", "<wbr/>", "<script>", "</script>", "<SCRIPT>", "</Script >", "</scripts>",
    '<script type="application/ld+json">', "<script/>", "<style>", "</style>", "<code>", "</code>", "<pre>",
    "</pre>", "<template>", "</template>", "<textarea>", "</textarea>", "<title>", "</title>", "<xmp>",
    "</xmp>", "<iframe src=i>", "</iframe>", "<noframes>", "<plaintext>", "<svg>", "</svg>", "<math>",
    "<head>", "</head>", "<body>", "<h1>", "</h1>", "<h2 id=h>", "<abbr title=t>", "<a href=", "<a href='",
    '<a href="', "</a>", "<a name=n>", "<area href=z>", "<link rel=preload href=l>", "<link href=k rel=x>",
    '<meta name="description" content="', "<meta property=og:x content=", "<time datetime=",
    '<img srcset="a.png 1x, b.png 2x" src=', "<html lang=", "<q cite=c>", " id=", " title=", " alt=",
    " aria-label=", " rel=", " type=", "<!--", "-->", "--!>", "<!-->", "<!--->", "<!", "<?", "<?xml ?>",
    "</", "</>", "</3", "<![CDATA[", "]]>", "<!doctype html>", "<!DOCTYPE", "&amp;", "&#8211;", "&#x2013;",
    "&nbsp;", "&nbsp", "&copy2019", "&#;", "&unknown;", "&", "'", '"', "=", ">", "<", "/", "/>", " ", "\n",
    "\t", "\r\n", "x", "word", "\u00e9", "\U0001F600", '{"@type": "Article", "dateModified": "2020-01-01"}',
    "https://x.example/a", "me@x.example",
]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=50).map("".join))
def test_malformed_html_reads_the_same(src):
    assert_same(src)


def test_a_lookalike_end_tag_does_not_close_and_positions_hold():
    """True positive, look-alike and exact positions on one page: the script's look-alike
    end tags (``</scripts>``, a ``</script`` in a string that is not followed by a
    separator) keep its text out of the prose; the link after it is read at its column."""
    src = "<script>x = '</scripts>' + '</scriptx>';</SCRIPT >\n<p>A <a href=\"/b\">b</a> &amp; c</p>"
    doc = parse_html("p.html", src, LineIndex(src))
    assert doc.text == "\nA b & c\n"  # the newline after the script is text of the page
    (link,) = doc.links
    assert (link.url, src[link.start:link.end]) == ("/b", "/b")
    assert doc.lines.position(link.start) == (2, 15)
    amp = doc.text.index("&")
    assert (doc.starts[amp], doc.ends[amp]) == (src.index("&amp;"), src.index("&amp;") + 5)
    assert_same(src)
