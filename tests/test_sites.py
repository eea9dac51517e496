"""Site profiles: detection, the run's profile (--profile, config, detection), Jekyll and
Middleman URLs and link syntaxes, and the link check resolving links the site's way."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from contentguard import sites
from contentguard.config import validate
from contentguard.engine import make_context, run
from contentguard.errors import ConfigError
from contentguard.sites.jekyll import JEKYLL
from contentguard.sites.middleman import MIDDLEMAN


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def at(path: Path, needle: str) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def link_findings(root: Path, profile: str | None = None, paths=None):
    cfg = validate({}, "test")
    cfg.root = root
    ctx = make_context(config=cfg, today="2026-11-23", select=["link"], profile=profile)
    res = run(ctx, [str(p) for p in (paths or [root])], jobs=1)
    return {(Path(f.path).resolve().relative_to(root.resolve()).as_posix(), f.line, f.column, f.rule)
            for f in res.findings}, res, ctx


# --- detection ---------------------------------------------------------------------
def test_detects_jekyll_one_level_down_and_names_how(tmp_path):
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / "docs" / "_config.yml", "url: https://example.org\nbaseurl: /docs\n")
    site = sites.detect([str(tmp_path)])
    assert site.profile == "jekyll" and site.root == str(tmp_path / "docs")
    assert site.base_url == "https://example.org/docs/" and "_config.yml" in site.how


def test_detects_upward_from_a_checked_subfolder_but_not_past_the_repo(tmp_path):
    write(tmp_path / "_config.yml", "title: outside the repository\n")
    repo = tmp_path / "repo"
    write(repo / ".git" / "HEAD", "x\n")
    write(repo / "config" / "tech-docs.yml", "host: https://docs.example.org\n")
    (repo / "source" / "guide").mkdir(parents=True)
    site = sites.detect([str(repo / "source" / "guide")])
    assert site.profile == "middleman" and site.root == str(repo)
    assert sites.detect([str(tmp_path / "elsewhere")]) is not None  # the Jekyll one, no repo there
    (tmp_path / "_config.yml").unlink()
    plain = tmp_path / "plain"
    write(plain / ".git" / "HEAD", "x\n")
    assert sites.detect([str(plain)]) is None


def test_a_hexo_config_is_not_jekyll(tmp_path):
    write(tmp_path / "_config.yml", "title: blog\n")
    write(tmp_path / "package.json", '{"dependencies": {"hexo": "^7"}}\n')
    assert sites.detect([str(tmp_path)], (JEKYLL,)) is None


def test_a_config_rb_without_middleman_is_not_middleman(tmp_path):
    write(tmp_path / "config.rb", "# compass\nhttp_path = '/'\n")
    (tmp_path / "source").mkdir()
    assert sites.detect([str(tmp_path)], (MIDDLEMAN,)) is None


def test_for_run_cli_over_config_over_detection(tmp_path):
    write(tmp_path / "_config.yml", "title: x\n")
    assert sites.for_run([str(tmp_path)], None, None, "cfg").profile == "jekyll"
    assert sites.for_run([str(tmp_path)], "none", "jekyll", "cfg") is sites.NONE
    assert sites.for_run([str(tmp_path)], None, "none", "cfg") is sites.NONE
    got = sites.for_run([str(tmp_path)], None, "middleman", "pyproject.toml")
    assert got.profile == "middleman" and 'profile = "middleman" in pyproject.toml' in got.how
    with pytest.raises(ConfigError, match="unknown site profile 'jekyl'.*did you mean 'jekyll'"):
        sites.for_run([str(tmp_path)], "jekyl", None, "cfg")


def test_profile_option_and_flag_on_the_command_line(tmp_path):
    write(tmp_path / "_config.yml", "title: x\n")
    write(tmp_path / "index.md", "---\ntitle: Home\n---\n[a](/missing/)\n")
    cmd = [sys.executable, "-m", "contentguard", "check", str(tmp_path), "--select", "link", "--no-cache"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert "site: jekyll profile (detected from" in p.stdout, p.stdout + p.stderr
    assert p.returncode == 1 and "index.md:4:5: error link/broken" in p.stdout
    p = subprocess.run(cmd + ["--profile", "none"], capture_output=True, text=True)
    assert p.returncode == 0 and "site: none profile" in p.stdout, p.stdout + p.stderr
    p = subprocess.run(cmd + ["--profile", "nope"], capture_output=True, text=True)
    assert p.returncode == 2 and "unknown site profile 'nope'" in p.stderr
    write(tmp_path / "contentguard.toml", 'profile = 3\n')
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 2 and "'profile' must be a string" in p.stderr
    write(tmp_path / "contentguard.toml", 'profile = "none"\n')
    p = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True, cwd=tmp_path)
    assert json.loads(p.stdout)["summary"]["links"]["site"]["profile"] == "none"


# --- Jekyll URLs and syntaxes ------------------------------------------------------------
@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(root / "_config.yml", """url: https://example.org
collections:
  docs:
    output: true
    permalink: /:collection/:path/
defaults:
  - scope: {path: "guides"}
    values: {permalink: "/g/:basename/"}
exclude: [drafts-notes.md]
""")
    write(root / "_docs" / "install.md", "---\ntitle: Install\n---\n## Getting started\n{: #start}\n\n## Über uns & Co\n")
    write(root / "_posts" / "2024-03-05-hello-world.md", "---\ntitle: Hi\n---\nbody\n")
    write(root / "blog" / "_posts" / "2023-01-02-old.markdown", "---\ncategories: [News]\n---\nold\n")
    write(root / "about.md", "---\npermalink: /about-us/\nredirect_from: [/team/]\n---\n# About\n")
    write(root / "guides" / "one.md", "---\n---\n# One\n")
    write(root / "plain.md", "---\n---\n# Plain\n")
    write(root / "assets" / "logo.png", "png")
    write(root / "_includes" / "note.md", "## Included heading\n")
    write(root / "_drafts" / "wip.md", "---\n---\n")
    write(root / "drafts-notes.md", "---\n---\n")
    write(root / "hidden" / "nofm.md", "# no front matter: copied as is\n")
    return root


def test_jekyll_urls(jekyll: Path):
    site = sites.detect([str(jekyll)])
    u = lambda rel: JEKYLL.urls(site, str(jekyll / rel))  # noqa: E731
    assert u("_docs/install.md") == ["/docs/install/"]
    assert u("_posts/2024-03-05-hello-world.md") == ["/2024/03/05/hello-world.html"]
    assert u("blog/_posts/2023-01-02-old.markdown") == ["/blog/news/2023/01/02/old.html"]
    assert u("about.md") == ["/about-us/", "/team/"]
    assert u("guides/one.md") == ["/g/one/"]
    assert u("plain.md") == ["/plain.html"]
    assert u("assets/logo.png") == ["/assets/logo.png"]
    assert u("hidden/nofm.md") == ["/hidden/nofm.md"]
    for unpublished in ("_includes/note.md", "_drafts/wip.md", "drafts-notes.md", "_config.yml"):
        assert u(unpublished) == [], unpublished


def test_jekyll_link_syntaxes_skip_raw_blocks():
    text = ("See {% link _docs/install.md %}#start and {% post_url 2024-03-05-hello-world %}.\n"
            "{% raw %}{% link _docs/nope.md %}{% endraw %} [x]({{ site.baseurl }}/about-us/)\n"
            "{{ '/team/#a' | relative_url }}\n")
    site = sites.Site("jekyll", "/nowhere", None, "test", options={})
    got = [(t.kind, t.target, t.fragment, text[t.start:t.end]) for t in JEKYLL.links(site, "/nowhere/a.md", text)]
    assert got == [
        ("source", "_docs/install.md", "start", "{% link _docs/install.md %}#start"),
        ("source", "_posts/2024-03-05-hello-world", None, "{% post_url 2024-03-05-hello-world %}"),
        ("url", "/about-us/", None, "{{ site.baseurl }}/about-us/"),
        ("url", "/team/", "a", "{{ '/team/#a' | relative_url }}"),
    ]


def test_jekyll_site_links_resolved_and_reported_at_their_place(jekyll: Path):
    page = write(jekyll / "index.md", """---
---
# Home

[install](/docs/install/#start) [bad anchor](/docs/install/#getting-started)
[umlaut](/docs/install/#über-uns--co) [post](/2024/03/05/hello-world.html) [team](/team/)
[old name](/2024/03/05/hello-world/) [gone](/nowhere/) [asset](/assets/logo.png)
{% link _docs/install.md %} {% link _docs/missing.md %} {% post_url 2024-03-05-hello-world %}
{% post_url 1999-01-01-nothing %} [own url](https://example.org/about-us/) [own, gone](https://example.org/gone/)
[relative in url space](../../docs/install/) [include](/about-us/#included-heading)
""")
    got, res, ctx = link_findings(jekyll)
    want = {
        ("index.md", *at(page, "/docs/install/#getting-started"), "link/missing-fragment"),
        ("index.md", *at(page, "/2024/03/05/hello-world/"), "link/broken"),
        ("index.md", *at(page, "/nowhere/"), "link/broken"),
        ("index.md", *at(page, "{% link _docs/missing.md %}"), "link/broken"),
        ("index.md", *at(page, "{% post_url 1999-01-01-nothing %}"), "link/broken"),
        ("index.md", *at(page, "https://example.org/gone/"), "link/broken"),
        ("index.md", *at(page, "/about-us/#included-heading"), "link/missing-fragment"),
    }
    assert got == want
    assert res.extra_summary["links"]["site"]["profile"] == "jekyll"


def test_jekyll_include_counts_as_the_page_headings(jekyll: Path):
    write(jekyll / "about.md", "---\npermalink: /about-us/\n---\n# About\n{% include note.md %}\n")
    page = write(jekyll / "index.md", "---\n---\n[a](/about-us/#included-heading) [b](/about-us/#not-there)\n")
    got, _res, _ctx = link_findings(jekyll)
    assert got == {("index.md", *at(page, "/about-us/#not-there"), "link/missing-fragment")}


def test_profile_none_keeps_the_plain_reading(jekyll: Path):
    page = write(jekyll / "index.md", "---\n---\n[a](/docs/install/) [b](_docs/install.md#getting-started)\n"
                                      "[c](_docs/install.md#über-uns--co) [d](_docs/install.md#über-uns-co)\n")
    got, res, _ctx = link_findings(jekyll, profile="none")
    assert got == {("index.md", *at(page, "_docs/install.md#über-uns-co"), "link/missing-fragment")} and res.extra_summary["links"]["root_relative_unchecked"] == 1


# --- Middleman ----------------------------------------------------------------------------
@pytest.fixture
def middleman(tmp_path: Path) -> Path:
    root = tmp_path / "guide"
    write(root / "config" / "tech-docs.yml", "host: https://guide.example.gov.uk\n")
    write(root / "source" / "index.html.md.erb", "---\ntitle: Home\n---\n# Home\n")
    write(root / "source" / "documentation" / "deploy.html.md.erb",
          "---\ntitle: Deploy\n---\n# Deploy\n\n## Q & A\n\n## Deploy\n\n<%= partial 'documentation/shared' %>\n")
    write(root / "source" / "documentation" / "_shared.html.md", "## Shared section\n")
    write(root / "source" / "stylesheets" / "screen.css.scss", "body {}\n")
    write(root / "source" / "images" / "a.png", "png")
    return root


def test_middleman_urls(middleman: Path):
    site = sites.detect([str(middleman)])
    assert site.profile == "middleman" and site.options["engine"] == "tech_docs"
    u = lambda rel: MIDDLEMAN.urls(site, str(middleman / "source" / rel))  # noqa: E731
    assert u("index.html.md.erb") == ["/", "/index.html"]
    assert u("documentation/deploy.html.md.erb") == ["/documentation/deploy.html"]
    assert u("documentation/_shared.html.md") == []
    assert u("stylesheets/screen.css.scss") == ["/stylesheets/screen.css"]
    assert u("images/a.png") == ["/images/a.png"]


def test_middleman_links_and_tech_docs_ids(middleman: Path):
    page = write(middleman / "source" / "documentation" / "links.html.md.erb", """---
---
# Links

[deploy](deploy.html#q-amp-a) [twice](/documentation/deploy.html#deploy-deploy) [shared](deploy.html#shared-section)
[github style](deploy.html#q--a) [source name](deploy.html.md.erb) [gone](/documentation/gone.html)
[css](/stylesheets/screen.css) [own](https://guide.example.gov.uk/documentation/deploy.html#deploy)
""")
    got, _res, _ctx = link_findings(middleman)
    assert got == {
        ("source/documentation/links.html.md.erb", *at(page, "deploy.html#q--a"), "link/missing-fragment"),
        ("source/documentation/links.html.md.erb", *at(page, "/documentation/gone.html"), "link/broken"),
    }


# --- no generator detected: the repository root -------------------------------------------
def test_root_relative_links_resolve_against_the_repository_root_said_once(tmp_path):
    repo = tmp_path / "repo"
    write(repo / ".git" / "HEAD", "x\n")
    write(repo / "img" / "logo.png", "png")
    page = write(repo / "docs" / "a.md", "# A\n\n[logo](/img/logo.png) [gone](/img/gone.png) [b](/docs/b.md#b)\n")
    write(repo / "docs" / "b.md", "# B\n")
    cmd = [sys.executable, "-m", "contentguard", "check", str(repo / "docs"), "--select", "link", "--no-cache"]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    line, col = at(page, "/img/gone.png")
    assert f"a.md:{line}:{col}: error link/broken" in p.stdout and p.stdout.count("link/broken") == 1, p.stdout
    assert p.stderr.count("root-relative links resolve against the repository root") == 1, p.stderr
    assert "site: no site generator detected: root-relative links resolve against the repository root" in p.stdout
    p = subprocess.run(cmd + ["--profile", "none"], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0 and "root-relative links (/path) are not checked" in p.stderr


def test_a_readme_beside_the_site_links_to_a_folder_as_the_forge_shows_it(middleman: Path):
    readme = write(middleman / "README.md", "# Guide\n\n[the pages](source) [nothing](nothere)\n")
    got, _res, _ctx = link_findings(middleman)
    assert got == {("README.md", *at(readme, "nothere"), "link/broken")}
