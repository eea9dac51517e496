"""The Zola profile: slugify strategies, heading ids, config, URLs and ``@/`` links.

Expected values come from Zola's own tests (``components/utils/src/slugs.rs``), the
deunicode crate's documented examples, and the rules of ``page.rs``/``section.rs``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from contentguard.sites.hugo import HUGO
from contentguard.sites.slugs_zola import deunicode_char, zola_anchors, zola_slug_anchor, zola_slug_path
from contentguard.sites.zola import ZOLA
from contentguard.sources import parse

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
def test_slugify_paths_as_zola(text, want):
    assert tuple(zola_slug_path(text, s) for s in ("on", "safe", "off")) == want


@pytest.mark.parametrize("text,want", ANCHORS)
def test_slugify_anchors_as_zola(text, want):
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


def test_heading_ids_explicit_first_then_numbered():
    text = "## Intro\n\n## Intro\n\n## Setup {#intro-1}\n\n## Ça va? 🎉\n"
    heads = parse("p.md", text).documents[0].headings
    assert zola_anchors(heads) == ["intro", "intro-2", "intro-1", "ca-va-tada"]
    assert zola_anchors([("A b", None)], "safe") == ["A_b"]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


SITE = {
    "config.toml": 'base_url = "https://z.org"\ndefault_language = "en"\n[languages.fr]\ntitle = "fr"\n'
                   '[slugify]\npaths = "on"\n',
    "content/_index.md": "+++\n+++\n",
    "content/blog/_index.md": "+++\n+++\n",
    "content/blog/2024-01-31-Hello World.md": "+++\ntitle = 'x'\n+++\n",
    "content/blog/2024-01-31_second.md": "+++\n+++\n",
    "content/blog/named.md": "+++\nslug = 'Other Name'\naliases = ['/old/named/']\n+++\n",
    "content/blog/bundle/index.md": "+++\n+++\n",
    "content/blog/bundle/pic.png": "png",
    "content/blog/moved.md": "+++\npath = 'elsewhere'\n+++\n",
    "content/blog/draft.md": "+++\ndraft = true\n+++\n",
    "content/blog/named.fr.md": "+++\n+++\n",
    "content/Top Level/_index.md": "+++\n+++\n",
}


def test_urls(tmp_path):
    _write(tmp_path, SITE)
    site = ZOLA.load(str(tmp_path), str(tmp_path / "config.toml"))
    assert site.profile == "zola" and site.base_url == "https://z.org"
    want = {
        "content/_index.md": "/", "content/blog/_index.md": "/blog/",
        "content/blog/2024-01-31-Hello World.md": "/blog/hello-world/",
        "content/blog/2024-01-31_second.md": "/blog/second/",
        "content/blog/named.md": "/blog/other-name/", "content/blog/bundle/index.md": "/blog/bundle/",
        "content/blog/bundle/pic.png": "/blog/bundle/pic.png", "content/blog/moved.md": "/elsewhere/",
        "content/blog/named.fr.md": "/fr/blog/named/", "content/Top Level/_index.md": "/Top Level/",
    }
    for rel, url in want.items():
        assert ZOLA.urls(site, str(tmp_path / rel))[0] == url, rel
    assert "/old/named/" in ZOLA.urls(site, str(tmp_path / "content/blog/named.md"))
    assert ZOLA.urls(site, str(tmp_path / "content/blog/draft.md")) == []
    assert ZOLA.urls(site, str(tmp_path / "templates/page.html")) == []


def test_detection_against_hugo(tmp_path):
    _write(tmp_path / "z", {"config.toml": 'base_url = "https://z.org"\n', "content/_index.md": ""})
    _write(tmp_path / "h", {"config.toml": 'baseURL = "https://h.org"\n', "content/_index.md": ""})
    assert ZOLA.load(str(tmp_path / "z"), str(tmp_path / "z/config.toml")) is not None
    assert HUGO.load(str(tmp_path / "z"), str(tmp_path / "z/config.toml")) is None
    assert ZOLA.load(str(tmp_path / "h"), str(tmp_path / "h/config.toml")) is None
    assert HUGO.load(str(tmp_path / "h"), str(tmp_path / "h/config.toml")) is not None


def test_internal_links(tmp_path):
    _write(tmp_path, SITE)
    site = ZOLA.load(str(tmp_path), str(tmp_path / "config.toml"))
    text = ("See [the blog](@/blog/_index.md) and [a post](@/blog/named.md#part-two).\n"
            "[ref]: @/blog/my%20post.md\n"
            "{{ get_url(path='@/blog/bundle/index.md') }} mail@/not/a/link.md\n")
    got = [(text[s.start:s.end], s.target, s.fragment, s.kind) for s in ZOLA.links(site, "x", text)]
    assert got == [
        ("@/blog/_index.md", "blog/_index.md", None, "source"),
        ("@/blog/named.md#part-two", "blog/named.md", "part-two", "source"),
        ("@/blog/my%20post.md", "blog/my post.md", None, "source"),
        ("@/blog/bundle/index.md", "blog/bundle/index.md", None, "source"),
    ]
