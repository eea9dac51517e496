"""Heading attribute lists as MkDocs (Python-Markdown attr_list) and goldmark write them:
spaces inside the braces, ``id=`` with or without quotes, other attributes beside the id."""
from contentguard.sources import load_file


def _doc(tmp_path, text):
    p = tmp_path / "page.md"
    p.write_text(text, encoding="utf-8")
    return load_file(str(p), str(p), 10**6).documents[0]


def test_attribute_lists_with_spaces_and_id_keys(tmp_path):
    doc = _doc(tmp_path, "### with pip <small>recommended</small> { #with-pip data-toc-label=\"with pip\" }\n\n"
                         "### 9.7.0 <small>November 11, 2025</small> { id=\"9.7.0\" }\n\n"
                         "### Navigation path { id=navigation-path }\n\n"
                         "## Plain {#plain .wide}\n")
    assert doc.headings == [("with pip recommended", "with-pip"), ("9.7.0 November 11, 2025", "9.7.0"),
                            ("Navigation path", "navigation-path"), ("Plain", "plain")]
    assert {"with-pip", "9.7.0", "navigation-path", "plain"} <= doc.anchors


def test_braces_that_are_not_an_attribute_list_stay_heading_text(tmp_path):
    doc = _doc(tmp_path, "## Sets like {a, b}\n\n## Template { name }\n")
    assert doc.headings == [("Sets like {a, b}", None), ("Template { name }", None)]


def test_footnote_definitions_are_anchors_the_python_markdown_way(tmp_path):
    doc = _doc(tmp_path, "Text[^1] and [^note].\n\n[^1]: One.\n[^note]: Two.\n")
    assert {"fn:1", "fnref:1", "fn:note", "fnref:note"} <= doc.anchors
    assert "fn:2" not in doc.anchors and not any(link.url.startswith("fn") for link in doc.links)
