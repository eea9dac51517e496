"""The MkDocs, Docusaurus, Eleventy and Astro profiles as pure functions over small trees:
what each reads from its config, the URL each publishes a source at, the ids it gives
headings, and its own link syntax (with exact offsets)."""
from __future__ import annotations

import os
from pathlib import Path

from contentguard.sites.astro import ASTRO
from contentguard.sites.docusaurus import DOCUSAURUS, strip_number
from contentguard.sites.eleventy import ELEVENTY
from contentguard.sites.mkdocs import MKDOCS


def _tree(root: Path, files: dict[str, str]) -> str:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return str(root)


# --- MkDocs -------------------------------------------------------------------------------
MKDOCS_YML = """site_name: Demo
site_url: https://example.org/demo/
docs_dir: content
hooks:
  - hooks/shortcodes.py
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.tabbed:
      combine_header_slug: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
extra:
  analytics:
    property: !ENV GOOGLE_ANALYTICS_KEY
"""


def test_mkdocs_reads_python_tags_as_names(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# Home\n",
                            "hooks/shortcodes.py": "def on_page_markdown(markdown, **kw):\n    return markdown\n"})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    assert site is not None and site.profile == "mkdocs"
    assert site.content_dirs == (os.path.join(root, "content"),)
    assert site.base_url == "https://example.org/demo/"
    assert site.options["slugify"] == "pymdownx.slugs.slugify"
    assert site.options["slugify_kwds"] == {"case": "lower"}
    assert site.options["page_hooks"] == ("hooks/shortcodes.py",)
    assert "pymdownx.slugs.slugify" in site.how
    # pymdownx keeps Unicode and turns each space into "-"; toc.slugify would fold "Ü" to "u"
    assert MKDOCS.anchors(site, [("Über  uns", None), ("Über  uns", None)]) == {"über--uns", "über--uns_1"}
    # emoji shortcodes render as icons, without text
    assert MKDOCS.anchors(site, [(":material-check: Supported", None)]) == {"supported"}


def test_mkdocs_default_slugs_and_a_file_that_is_not_mkdocs(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": "site_name: X\n", "docs/a.md": "# A\n"})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    assert MKDOCS.anchors(site, [("Caret, Mark & Tilde", None), ("Ünïcode", None), ("Custom", "mine")]) \
        == {"caret-mark-tilde", "unicode", "mine"}
    other = _tree(tmp_path / "other", {"mkdocs.yml": "- just\n- a list\n"})
    assert MKDOCS.load(other, os.path.join(other, "mkdocs.yml")) is None


def test_mkdocs_urls(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": "site_name: X\n", "docs/index.md": "", "docs/guide/setup.md": "",
                            "docs/guide/README.md": "", "docs/img/a.png": "", "outside.md": ""})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    u = lambda rel: MKDOCS.urls(site, os.path.join(root, rel))  # noqa: E731
    assert u("docs/index.md") == ["/", "/index.html"]
    assert u("docs/guide/setup.md") == ["/guide/setup/", "/guide/setup/index.html"]
    assert u("docs/guide/README.md") == ["/guide/", "/guide/index.html"]
    assert u("docs/img/a.png") == ["/img/a.png"]
    assert u("outside.md") == []
    flat = _tree(tmp_path / "flat", {"mkdocs.yml": "site_name: X\nuse_directory_urls: false\n"})
    site = MKDOCS.load(flat, os.path.join(flat, "mkdocs.yml"))
    assert MKDOCS.urls(site, os.path.join(flat, "docs", "guide", "setup.md")) == ["/guide/setup.html"]


def test_mkdocs_page_anchors_from_hook_shortcodes_and_tabs(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": MKDOCS_YML,
                            "hooks/shortcodes.py": "def on_page_markdown(markdown, **kw):\n    return markdown\n"})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    text = ("### Anchor links\n\n=== \"Open me\"\n\n=== \"... or even me\"\n\n"
            "#### <!-- md:setting config.blog_dir -->\n\n### Logo\n\n=== \":octicons-image-16: Image\"\n")
    ids = MKDOCS.page_anchors(site, "page.md", text)
    assert {"config.blog_dir", "+config.blog_dir", "anchor-links--or-even-me", "anchor-links-open-me",
            "logo-image"} <= ids
    assert "config.blog" not in ids and "advanced-settings" not in ids
    # without a hook that rewrites pages, comments make no ids
    plain = _tree(tmp_path / "plain", {"mkdocs.yml": "site_name: X\n"})
    site = MKDOCS.load(plain, os.path.join(plain, "mkdocs.yml"))
    assert MKDOCS.page_anchors(site, "page.md", text) == set()


# --- Docusaurus ---------------------------------------------------------------------------
DOCUSAURUS_TS = """import type {Config} from '@docusaurus/types';
const lastDocsVersion = '2.x';
// "routeBasePath": "/ignored-in-a-comment",
const config = {
  url: 'https://example.org',
  baseUrl: '/',
  presets: [
    ['@docusaurus/preset-classic', {
      docs: { path: './docs', routeBasePath: '/', lastVersion: lastDocsVersion,
              editUrl: ({docPath}) => `https://x/${docPath}` },
      blog: { path: 'blog' },
    }],
  ],
  plugins: [['@docusaurus/plugin-content-docs', { id: 'api', path: './api-docs', routeBasePath: 'api' }]],
};
export default config;
"""


def _docusaurus(tmp_path):
    return _tree(tmp_path, {
        "docusaurus.config.ts": DOCUSAURUS_TS, "versions.json": '["2.x", "1.x"]',
        "docs/intro.md": "", "docs/01-guide/02-setup.md": "", "docs/01-guide/index.md": "",
        "docs/cli/add.md": "---\nid: install-add\n---\n", "docs/slugged.md": "---\nslug: /elsewhere\n---\n",
        "docs/catalogs.md": "", "docs/_partial.md": "", "docs/guide/guide.md": "",
        "versioned_docs/version-2.x/intro.md": "", "versioned_docs/version-1.x/intro.md": "",
        "blog/2024-01-31-hello.md": "", "blog/2023-05-02-folder/index.md": "",
        "api-docs/intro.md": "", "src/pages/about.mdx": "", "src/pages/index.js": "",
        "static/img/logo.png": "",
    })


def test_docusaurus_reads_its_config_as_text(tmp_path):
    root = _docusaurus(tmp_path)
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    assert site.base_url == "https://example.org/"
    assert site.static_dirs == (os.path.join(root, "static"),)
    assert "docs docs at /next" in site.how and "docs api-docs at /api" in site.how
    assert "ignored-in-a-comment" not in str(site.options)


def test_docusaurus_urls(tmp_path):
    root = _docusaurus(tmp_path)
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    u = lambda rel: DOCUSAURUS.urls(site, os.path.join(root, rel))[:1]  # noqa: E731
    assert u("versioned_docs/version-2.x/intro.md") == ["/intro"]  # the last version at the route base
    assert u("versioned_docs/version-1.x/intro.md") == ["/1.x/intro"]
    assert u("docs/intro.md") == ["/next/intro"]
    assert u("docs/01-guide/02-setup.md") == ["/next/guide/setup"]
    assert u("docs/01-guide/index.md") == ["/next/guide"]
    assert u("docs/guide/guide.md") == ["/next/guide"]
    assert u("docs/cli/add.md") == ["/next/cli/install-add"]
    assert u("docs/slugged.md") == ["/next/elsewhere"]
    assert u("docs/_partial.md") == []
    assert u("blog/2024-01-31-hello.md") == ["/blog/2024/01/31/hello"]
    assert u("blog/2023-05-02-folder/index.md") == ["/blog/2023/05/02/folder"]
    assert u("api-docs/intro.md") == ["/api/intro"]
    assert u("src/pages/about.mdx") == ["/about"]
    assert u("src/pages/index.js") == ["/"]
    assert u("static/img/logo.png") == ["/img/logo.png"]
    assert DOCUSAURUS.urls(site, os.path.join(root, "docs", "intro.md")) == \
        ["/next/intro", "/next/intro/", "/next/intro/index.html"]
    assert strip_number("10-intro") == "intro" and strip_number("1.2") == "1.2"


def test_docusaurus_current_docs_at_the_route_base_when_the_last_version_is_built_from_them(tmp_path):
    root = _docusaurus(tmp_path)
    import shutil

    shutil.rmtree(os.path.join(root, "versioned_docs", "version-2.x"))
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    assert DOCUSAURUS.urls(site, os.path.join(root, "docs", "intro.md"))[0] == "/intro"


def test_docusaurus_md_links_from_the_content_folder_first(tmp_path):
    root = _docusaurus(tmp_path)
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    page = os.path.join(root, "docs", "cli", "add.md")
    assert DOCUSAURUS.source_link(site, page, "catalogs.md") == os.path.join(root, "docs", "catalogs.md")
    assert DOCUSAURUS.source_link(site, page, "/catalogs.md") == os.path.join(root, "docs", "catalogs.md")
    # "./" is only beside the page: look-alike that must stay broken
    assert DOCUSAURUS.source_link(site, page, "./catalogs.md") is None
    assert DOCUSAURUS.source_link(site, page, "missing.md") is None


def test_docusaurus_heading_ids_are_github_slugger(tmp_path):
    root = _docusaurus(tmp_path)
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    assert DOCUSAURUS.anchors(site, [("Hello  World!", None), ("Hello  World!", None), ("X", "custom-id")]) \
        == {"hello--world", "hello--world-1", "custom-id"}


# --- Eleventy -----------------------------------------------------------------------------
ELEVENTY_JS = """import { IdAttributePlugin, InputPathToUrlTransformPlugin } from "@11ty/eleventy";
import markdownPlugin from "./config/markdown.js";
export default function (eleventyConfig) {
  eleventyConfig.addPlugin(InputPathToUrlTransformPlugin);
  eleventyConfig.addPassthroughCopy("src/img");
  eleventyConfig.addPassthroughCopy({ "src/js/*.js": "js/", "src/fonts/a.woff2": "css/a.woff2" });
}
export const config = { dir: { input: "src" }, templateFormats: ["md", "njk", "html"] };
"""
MARKDOWN_JS = """import slugify from "@sindresorhus/slugify";
import { IdAttributePlugin } from "@11ty/eleventy";
export default function (c) { c.addPlugin(IdAttributePlugin, { slugify: s => slugify(s) }); }
"""


def _eleventy(tmp_path):
    return _tree(tmp_path, {
        "eleventy.config.js": ELEVENTY_JS, "config/markdown.js": MARKDOWN_JS,
        "src/index.njk": "", "src/docs/usage.md": "", "src/docs/index.md": "",
        "src/blog/blog.json": '{"permalink": "/blog/{{ page.fileSlug }}/"}',
        "src/blog/2020-01-02-hello.md": "", "src/blog/2020-01-03-own.md": "---\npermalink: /own.html\n---\n",
        "src/blog/2020-01-04-hidden.md": "---\npermalink: false\n---\n",
        "src/blog/2020-01-05-computed.md": "---\npermalink: \"/x/{{ title | slugify }}/\"\n---\n",
        "src/img/a.png": "", "src/js/app.js": "", "src/fonts/a.woff2": "", "src/_includes/base.njk": "",
        "src/notes.txt": "", "_site/docs/usage/index.html": "",
    })


def test_eleventy_reads_its_config_and_imports_as_text(tmp_path):
    root = _eleventy(tmp_path)
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    assert site.content_dirs == (os.path.join(root, "src"),)
    assert site.options["ids"] == ("id-attribute", "sindresorhus", "wrapped")
    assert site.options["md_links"] is True
    assert "input src, output _site" in site.how
    # @sindresorhus/slugify splits camelCase; IdAttributePlugin numbers repeats from 2
    assert ELEVENTY.anchors(site, [("getAllSorted()", None), ("getAllSorted()", None)]) \
        == {"get-all-sorted", "get-all-sorted-2"}


def test_eleventy_urls(tmp_path):
    root = _eleventy(tmp_path)
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    u = lambda rel: ELEVENTY.urls(site, os.path.join(root, rel))[:1]  # noqa: E731
    assert u("src/index.njk") == ["/"]
    assert u("src/docs/usage.md") == ["/docs/usage/"]
    assert u("src/docs/index.md") == ["/docs/"]
    assert u("src/blog/2020-01-02-hello.md") == ["/blog/hello/"]  # directory data file permalink
    assert u("src/blog/2020-01-03-own.md") == ["/own.html"]
    assert u("src/blog/2020-01-04-hidden.md") == []
    assert u("src/blog/2020-01-05-computed.md") == []  # a template permalink: not knowable
    assert u("src/img/a.png") == ["/img/a.png"]
    assert u("src/js/app.js") == ["/js/app.js"]
    assert u("src/fonts/a.woff2") == ["/css/a.woff2"]
    assert u("src/_includes/base.njk") == []
    assert u("src/notes.txt") == []  # not a template format, not copied
    assert u("_site/docs/usage/index.html") == []  # build output, not a source


def test_eleventy_url_filter_links_with_offsets(tmp_path):
    root = _eleventy(tmp_path)
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    text = "See [usage]({{ '/docs/usage/#flags' | url }}) and {{ post.url | url }} and {{ 'relative/' | url }}."
    links = list(ELEVENTY.links(site, "x.md", text))
    assert len(links) == 1
    link = links[0]
    assert text[link.start:link.end] == "{{ '/docs/usage/#flags' | url }}"
    assert (link.target, link.fragment, link.kind) == ("/docs/usage/", "flags", "url")


def test_eleventy_without_an_id_plugin_gives_headings_no_ids(tmp_path):
    root = _tree(tmp_path, {".eleventy.js": "module.exports = function (c) {};\n"})
    site = ELEVENTY.load(root, os.path.join(root, ".eleventy.js"))
    assert ELEVENTY.anchors(site, [("Usage", None), ("Own", "own-id")]) == {"own-id"}


# --- Astro --------------------------------------------------------------------------------
def test_astro_pages_starlight_and_public(tmp_path):
    root = _tree(tmp_path, {
        "astro.config.mjs": "import starlight from '@astrojs/starlight';\n"
                            "export default defineConfig({ site: 'https://example.org', base: '/docs',"
                            " integrations: [starlight({ title: 'X' })] });\n",
        "src/pages/about.astro": "", "src/pages/index.astro": "", "src/pages/blog/[slug].astro": "",
        "src/pages/_hidden.md": "", "src/pages/feed.xml.js": "", "src/content/docs/Guides/Intro.md": "",
        "src/content/docs/index.mdx": "", "src/content/blog/post.md": "", "public/favicon.svg": "",
    })
    site = ASTRO.load(root, os.path.join(root, "astro.config.mjs"))
    assert site.base_url == "https://example.org/docs/"
    u = lambda rel: ASTRO.urls(site, os.path.join(root, rel))[:1]  # noqa: E731
    assert u("src/pages/about.astro") == ["/about/"]
    assert u("src/pages/index.astro") == ["/"]
    assert u("src/pages/blog/[slug].astro") == []
    assert u("src/pages/_hidden.md") == []
    assert u("src/pages/feed.xml.js") == ["/feed.xml"]
    assert u("src/content/docs/Guides/Intro.md") == ["/guides/intro/"]
    assert u("src/content/docs/index.mdx") == ["/"]
    assert u("src/content/blog/post.md") == []  # a collection routed by code
    assert u("public/favicon.svg") == ["/favicon.svg"]
    assert ASTRO.anchors(site, [("Why?", None), ("Why?", None)]) == {"why", "why-1"}


def test_eleventy_ids_match_a_real_build_of_the_11ty_sites_config(tmp_path):
    """400 headings of 11ty.dev's docs, built by Eleventy 3.1.8 with that site's own
    markdownPlugin.js: every id the build gave is among the profile's."""
    import json

    data = json.loads((Path(__file__).parent / "fixtures" / "slugs" / "eleventy_11ty_site.json")
                      .read_text(encoding="utf-8"))
    root = _tree(tmp_path, {"eleventy.config.js": 'import m from "./config/markdown.js";\n'
                                                  'export default function (c) { c.addPlugin(m); }\n',
                            "config/markdown.js": 'import slugify from "@sindresorhus/slugify";\n'
                                                  'import { IdAttributePlugin } from "@11ty/eleventy";\n'
                                                  'const mine = s => slugify(removeExtraText(s));\n'
                                                  'export default function (c) {\n'
                                                  '  c.addPlugin(IdAttributePlugin, { slugify: mine });\n}\n'})
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    assert site.options["ids"] == ("id-attribute", "sindresorhus", "wrapped")
    from contentguard.sources import parse

    heads = [h for c in data["cases"] for h in parse("a.md", f"## {c['heading']}\n").documents[0].headings]
    got = ELEVENTY.anchors(site, heads)
    missing = [c for c in data["cases"] if c["id"] not in got]
    assert missing == []
    # the look-alike: the old markdown-it-anchor style id is not among them
    assert "javascript-template-functions" not in got and "java-script-template-functions" in got


def test_eleventy_input_path_links_resolve_in_the_plugins_order(tmp_path):
    root = _eleventy(tmp_path)
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    page = os.path.join(root, "src", "blog", "2020-01-02-hello.md")
    usage = os.path.join(root, "src", "docs", "usage.md")
    assert ELEVENTY.source_link(site, page, "/docs/usage.md") == usage
    assert ELEVENTY.source_link(site, page, "docs/usage.md") == usage  # from the input folder first
    assert ELEVENTY.source_link(site, page, "src/docs/usage.md") == usage
    assert ELEVENTY.source_link(site, page, "./2020-01-03-own.md") == os.path.join(root, "src", "blog", "2020-01-03-own.md")
    # look-alikes: a missing template, and a non-template file the plugin does not map
    assert ELEVENTY.source_link(site, page, "/docs/missing.md") is None
    assert ELEVENTY.source_link(site, page, "/notes.txt") is None


def test_eleventy_hidden_spans_and_code_are_not_links(tmp_path):
    root = _eleventy(tmp_path)
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    text = ("{%- set codeBlock %}\n<a href=\"my-template.md\">Home</a>\n{%- endset %}\n"
            "{# [old](/gone/) #}\n"
            "```njk\n{{ '/in-code/' | url }}\n```\n"
            "[live]({{ '/docs/usage/' | url }})\n")
    spans = ELEVENTY.hidden(site, "x.md", text)
    assert [text[a:b].split("\n")[0] for a, b in spans] == ["{%- set codeBlock %}", "{# [old](/gone/) #}"]
    assert text.index("my-template.md") in range(*spans[0])
    assert [link.target for link in ELEVENTY.links(site, "x.md", text)] == ["/docs/usage/"]


def test_eleventy_generated_urls_and_the_hosts_rewrites(tmp_path):
    root = _tree(tmp_path, {
        "eleventy.config.js": 'export default function (c) {\n'
                              '  c.addPlugin(feedPlugin, { outputPath: "/blog/feed.xml" });\n'
                              '  c.addPassthroughCopy({ "node_modules/chart/chart.{css,js}": "static/",\n'
                              '    [resolveModule("tabs")]: "js/tabs.js" });\n}\n',
        "vercel.json": '{"rewrites": [{"source": "/speedlify/(.*)", "destination": "https://x.example/$1"}],'
                       ' "redirects": [{"source": "/old/", "destination": "/new/"}]}',
    })
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    assert sorted(ELEVENTY.generated_urls(site)) == ["/blog/feed.xml", "/js/tabs.js", "/static/chart.css",
                                                     "/static/chart.js"]
    from contentguard.sites.hosts import host_of, served

    host = host_of(site)
    assert served(host, "/speedlify/", lambda u: False) and served(host, "/speedlify/a/b", lambda u: False)
    assert served(host, "/old", lambda u: False)
    assert served(host, "/speedlifyx/", lambda u: False) is None  # look-alike: not under the rewrite


def test_eleventy_a_redirects_template_in_a_passthrough_folder(tmp_path):
    """eslint.org: src/static is copied to the site's root ("/favicon.ico", not
    "//favicon.ico"), and its redirects.njk is also built, at its permalink _redirects; its
    fixed rules are the host's, a rule under a lone {% if %} is not (it may be off on the
    build), rules under {% if %}...{% else %} are (one branch is live)."""
    root = _tree(tmp_path, {
        ".eleventy.js": 'module.exports = function (c) {\n  c.addPassthroughCopy({ "./src/static": "/" });\n'
                        '  return { dir: { input: "src", output: "_site" } };\n};\n',
        "src/static/favicon.ico": "",
        "src/static/redirects.njk": "---\npermalink: _redirects\n---\n"
                                    "{% for r in site.redirects %}\n{{ r.from }}   {{ r.to }} {{ r.status }}\n{% endfor %}\n"
                                    "/chat                https://discord.example/x 302!\n"
                                    "{% if site.locals.docs_latest %}\n/docs/rules/*   /docs/latest/rules/:splat 301!\n"
                                    "/docs/latest/*   https://{{ site.locals.docs_latest }}/:splat 200!\n"
                                    "{% else %}\n/docs/*   https://eslint.example/docs/:splat 302!\n{% endif %}\n"
                                    "{% if site.locals.blog == false %}\n/blog/*   https://eslint.example/blog/:splat 302!\n"
                                    "{% endif %}\n",
    })
    site = ELEVENTY.load(root, os.path.join(root, ".eleventy.js"))
    tpl = os.path.join(root, "src", "static", "redirects.njk")
    assert ELEVENTY.urls(site, os.path.join(root, "src", "static", "favicon.ico")) == ["/favicon.ico"]
    assert ELEVENTY.urls(site, tpl) == ["/redirects.njk", "/_redirects"]
    from contentguard.sites.hosts import host_of, served

    host = host_of(site, tpl)
    assert "redirects.njk redirects /docs/rules/no-undef to" in served(host, "/docs/rules/no-undef", lambda u: False)
    assert served(host, "/docs/2.0.0/user-guide", lambda u: False) and served(host, "/chat/", lambda u: False)
    assert served(host, "/blog/2020/07/post/", lambda u: False) is None  # only when the blog is off
    assert served(host, "/chatroom", lambda u: False) is None
    assert served(host_of(site), "/docs/rules/no-undef", lambda u: False) is None  # the template alone says so


def test_eleventy_js_data_files_glob_copies_and_build_scripts(tmp_path):
    """2024.djangocon.us: its posts' permalink is in posts.11tydata.js ("news/{{ page.fileSlug }}/"),
    its images are copied with "src/assets/img/**/*" (which copies src/assets/img/noah.jpg:
    "**/" matches no folder too), and its CSS is written by a package.json script
    (postcss ... -o dist/assets/css/main.css). A data file whose permalink is computed, a
    folder the script writes to, and a script writing elsewhere give nothing."""
    root = _tree(tmp_path, {
        "eleventy.config.js": 'module.exports = function (config) {\n'
                              '  config.addPassthroughCopy("src/assets/img/**/*");\n'
                              '  return { dir: { input: "src", output: "dist" } };\n};\n',
        "package.json": '{"scripts": {"css:build": "NODE_ENV=production postcss src/assets/css/main.css'
                        ' -o dist/assets/css/main.css", "js": "esbuild src/app.js --outdir=dist/js",'
                        ' "other": "postcss a.css -o build/x.css"}}',
        "src/_content/posts/posts.11tydata.js": 'let data = {\n  layout: "post.html",\n'
                                                '  permalink: "news/{{ page.fileSlug }}/"\n};\n'
                                                'module.exports = data;\n',
        "src/_content/posts/childcare-during-djangocon.md": "---\ntitle: Childcare\n---\n",
        "src/_content/talks/talks.11tydata.js": "module.exports = { permalink: (data) => `/talks/${data.slug}/` };\n",
        "src/_content/talks/keynote.md": "",
        "src/assets/img/noah.jpg": "", "src/assets/img/2024/a.png": "", "src/assets/other/b.png": "",
    })
    site = ELEVENTY.load(root, os.path.join(root, "eleventy.config.js"))
    url = lambda rel: ELEVENTY.urls(site, os.path.join(root, rel))  # noqa: E731
    assert url("src/_content/posts/childcare-during-djangocon.md") == ["/news/childcare-during-djangocon/",
                                                                    "/news/childcare-during-djangocon/index.html"]
    assert url("src/_content/talks/keynote.md") == ["/_content/talks/keynote/", "/_content/talks/keynote/index.html"]
    assert url("src/assets/img/noah.jpg") == ["/assets/img/noah.jpg"]
    assert url("src/assets/img/2024/a.png") == ["/assets/img/2024/a.png"]
    assert url("src/assets/other/b.png") == []
    assert ELEVENTY.generated_urls(site) == ["/assets/css/main.css"]


def test_eleventy_a_paginated_permalink_gives_its_first_page(tmp_path):
    """eslint.org's blog.html: permalink 'blog{% if pagination.pageNumber > 0 %}/page/{{
    pagination.pageNumber + 1 }}{% endif %}/index.html' is /blog/ on its first page. Any
    other condition leaves the URL unknown."""
    root = _tree(tmp_path, {
        ".eleventy.js": 'module.exports = () => ({ dir: { input: "src" } });\n',
        "src/pages/blog.html": "---\npagination:\n  data: collections.posts\n  size: 10\n"
                               "permalink: 'blog{% if pagination.pageNumber > 0 %}/page/{{ pagination.pageNumber + 1 }}"
                               "{% endif %}/index.html'\n---\n",
        "src/pages/tags.html": "---\npermalink: 'tags{% if tag %}/{{ tag }}{% endif %}/index.html'\n---\n",
    })
    site = ELEVENTY.load(root, os.path.join(root, ".eleventy.js"))
    assert ELEVENTY.urls(site, os.path.join(root, "src/pages/blog.html")) == ["/blog/", "/blog/index.html"]
    assert ELEVENTY.urls(site, os.path.join(root, "src/pages/tags.html")) == []


def test_mkdocs_theme_override_template_is_at_the_page_that_names_it(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": "site_name: X\ntheme:\n  name: material\n  custom_dir: overrides\n",
                            "docs/index.md": "---\ntemplate: home.html\n---\n# Home\n", "docs/other.md": "",
                            "overrides/home.html": "{% extends 'main.html' %}", "overrides/main.html": ""})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    assert MKDOCS.urls(site, os.path.join(root, "overrides", "home.html")) == ["/", "/index.html"]
    assert MKDOCS.urls(site, os.path.join(root, "overrides", "main.html")) == []


def test_docusaurus_imported_partials_are_included(tmp_path):
    root = _docusaurus(tmp_path)
    site = DOCUSAURUS.load(root, os.path.join(root, "docusaurus.config.ts"))
    page = os.path.join(root, "docs", "settings.md")
    text = ("# Settings\n\nimport Prune from './_prune.mdx'\n\n<Prune />\n\n"
            "import Tabs from '@theme/Tabs'\n```js\nimport X from './_in_code.mdx'\n```\n")
    assert DOCUSAURUS.includes(site, page, text) == [os.path.join(root, "docs", "_prune.mdx")]


def test_mkdocs_theme_templates_no_page_uses_are_hidden(tmp_path):
    root = _tree(tmp_path, {"mkdocs.yml": "site_name: X\ntheme:\n  name: material\n  custom_dir: overrides\n",
                            "docs/index.md": "---\ntemplate: home.html\n---\n", "overrides/home.html": "",
                            "src/home.html": "", "docs/page.html": ""})
    site = MKDOCS.load(root, os.path.join(root, "mkdocs.yml"))
    tpl = '{% extends "main.html" %}\n<img src="assets/x.png">\n'
    assert MKDOCS.hidden(site, os.path.join(root, "src", "home.html"), tpl) == [(0, len(tpl))]
    # look-alikes: the override a page names is published at that page; an HTML page in docs is a page
    assert MKDOCS.hidden(site, os.path.join(root, "overrides", "home.html"), tpl) == []
    assert MKDOCS.hidden(site, os.path.join(root, "docs", "page.html"), tpl) == []
    assert MKDOCS.hidden(site, os.path.join(root, "src", "home.html"), '<img src="assets/x.png">') == []


def test_astro_starlight_locale_fallback(tmp_path):
    root = _tree(tmp_path, {
        "astro.config.mjs": "import starlight from '@astrojs/starlight';\n"
                            "export const locales = { root: { label: 'English', lang: 'en' }, de: { label: 'Deutsch' },"
                            " 'zh-cn': { label: '简体中文', lang: 'zh-CN' } };\n"
                            "export default defineConfig({ integrations: [starlight({ title: 'X', locales })] });\n",
        "src/content/docs/guides/css.mdx": "", "src/content/docs/de/guides/css.mdx": "",
        "src/content/docs/guides/only-english.md": "",
    })
    site = ASTRO.load(root, os.path.join(root, "astro.config.mjs"))
    assert site.options["locales"] == ("de", "zh-cn")
    u = lambda rel: [x for x in ASTRO.urls(site, os.path.join(root, rel)) if x.endswith("/")]  # noqa: E731
    # a missing translation is filled with the English page at the translated URL
    assert u("src/content/docs/guides/only-english.md") == ["/guides/only-english/", "/de/guides/only-english/",
                                                             "/zh-cn/guides/only-english/"]
    # where the translation exists, its URL is its own (look-alike: not the English page's)
    assert u("src/content/docs/guides/css.mdx") == ["/guides/css/", "/zh-cn/guides/css/"]
    assert u("src/content/docs/de/guides/css.mdx") == ["/de/guides/css/"]
