"""The Zola profile: config, URLs and ``@/`` links, by the rules of Zola's ``page.rs``,
``section.rs`` and ``utils/src/site.rs`` (the slugs are tested in ``test_slugs_hugo_zola.py``)."""
from __future__ import annotations

from pathlib import Path

from contentguard.sites.hugo import HUGO
from contentguard.sites.zola import ZOLA


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
