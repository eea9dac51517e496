"""The MkDocs, Docusaurus and Eleventy profiles through ``contentguard check``: working
links the generator makes are not reported, broken ones are, at their line and column."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def _check(folder: Path, *extra: str) -> tuple[set, dict]:
    proc = subprocess.run([sys.executable, "-m", "contentguard", "check", ".", "--select", "link",
                           "--format", "json", "--no-cache", "--offline", *extra],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    out = json.loads(proc.stdout)
    return {(f["path"], f["line"], f["column"], f["rule"]) for f in out["findings"]}, out["summary"]


def test_mkdocs_site(tmp_path):
    root = _tree(tmp_path, {
        "mkdocs.yml": "site_name: X\nhooks:\n  - hooks/short.py\nmarkdown_extensions:\n  - attr_list\n"
                      "  - pymdownx.tabbed:\n      combine_header_slug: true\n"
                      "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        "hooks/short.py": "def on_page_markdown(markdown, **kw):\n    return markdown\n",
        "docs/blog.md": "# Blog\n\n#### <!-- md:setting config.blog_dir -->\n\n### Logo\n\n=== \"Image\"\n\n"
                        "## Caret, Mark & Tilde\n\n### Pip <small>rec</small> { #with-pip }\n",
        "docs/page.md": "[a](blog.md#config.blog_dir) [b](blog.md#logo-image) [c](blog.md#caret-mark-tilde)\n"
                        "[d](blog.md#with-pip) [e](blog.md#caret-mark--tilde) [f](missing.md)\n",
    })
    got, summary = _check(root)
    assert summary["links"]["site"]["profile"] == "mkdocs"
    assert got == {("docs/page.md", 2, 27, "link/missing-fragment"), ("docs/page.md", 2, 58, "link/broken")}


def test_docusaurus_site(tmp_path):
    root = _tree(tmp_path, {
        "docusaurus.config.js": "module.exports = { url: 'https://example.org', baseUrl: '/',\n"
                                "  presets: [['classic', { docs: { routeBasePath: '/' } }]] };\n",
        "docs/catalogs.md": "# Catalogs\n\n## Default catalog\n",
        "docs/cli/add.md": "# add\n\nSee [catalogs](catalogs.md#default-catalog) and [settings](/settings#prune),\n"
                           "[gone](/cli/pn), [cat](../catalogs#default-catalog).\n",
        "docs/settings.md": "# Settings\n\nimport Prune from './_prune.mdx'\n\n<Prune />\n",
        "docs/_prune.mdx": "### prune\n",
    })
    got, summary = _check(root)
    assert summary["links"]["site"]["profile"] == "docusaurus"
    assert got == {("docs/cli/add.md", 4, 8, "link/broken")}


def test_eleventy_site(tmp_path):
    root = _tree(tmp_path, {
        "eleventy.config.js": 'import { IdAttributePlugin, InputPathToUrlTransformPlugin } from "@11ty/eleventy";\n'
                              "export default function (c) {\n  c.addPlugin(IdAttributePlugin);\n"
                              "  c.addPlugin(InputPathToUrlTransformPlugin);\n}\n"
                              'export const config = { dir: { input: "src" } };\n',
        "src/docs/data.md": "# Data\n\n### JavaScript Front Matter <span id=\"javascript-front-matter\"></span>\n\n"
                            "## `fileSlug` {% addedin \"0.3.4\" %}\n",
        "src/docs/usage.md": "[a](/docs/data/#javascript-front-matter) [b](/docs/data/#fileslug)\n"
                             "[c](docs/data.md) {{ '/docs/missing/' | url }}\n\n"
                             "{%- set code %}\n<a href=\"my-template.md\">x</a>\n{%- endset %}\n",
    })
    got, summary = _check(root)
    assert summary["links"]["site"]["profile"] == "eleventy"
    # the span id is kept; the Eleventy slugify filter (no decamelize) makes #fileslug;
    # docs/data.md is found from the input folder; the captured example is not a link
    assert got == {("src/docs/usage.md", 2, 19, "link/broken")}
    # the plain reading (no profile) takes both source-path links for broken ones
    plain, _ = _check(root, "--profile", "none")
    assert {("src/docs/usage.md", 2, 5, "link/broken"), ("src/docs/usage.md", 5, 10, "link/broken")} <= plain
