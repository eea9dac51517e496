"""Positions stay exact where markdown-it's text differs from the source one for one:
U+0000 read as U+FFFD, and a tab a list item expands into spaces (examples hypothesis
found in test_property's Markdown soup)."""
import pytest

from contentguard.sources import parse


@pytest.mark.parametrize("text,word", [
    ("# \x00<https://x.example/a>---\n", "---"),
    ("- ...\n\t0", "0"),
    ("- a\n\t\tbeta", "beta"),
])
def test_visible_text_points_home(text, word):
    doc = parse("a.md", text).documents[0]
    i = doc.text.index(word)
    assert text[doc.starts[i]:doc.starts[i] + len(word)] == word
    # look-alike: the character before the word is not taken for it
    assert doc.starts[i] == text.rindex(word)


def test_nul_in_an_html_attribute_points_home():
    text = '> <div id="z">\x00'
    doc = parse("a.md", text).documents[0]
    for i, ch in enumerate(doc.text):
        if ch == "\ufffd":
            assert text[doc.starts[i]] == "\x00"
