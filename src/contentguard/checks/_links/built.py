"""A built site (a generator's output: Jekyll's ``_site/``, Hugo's ``public/``, MkDocs'
``site/``) is its own site root: its root-relative links (``/docs/x/``) resolve against it.

A folder is a built site's top when it holds an ``index.html`` that is a page (not a
template with front matter), at least one of the files a generator writes beside it at the
top (``404.html``, ``sitemap.xml``, ``sitemap_index.xml``, ``robots.txt``, ``favicon.ico``),
and no generator config (that is a source tree: the site profiles read it). The highest
such folder above a page wins (Hugo writes ``sitemap.xml`` into each language's folder
too), up to the repository's top (the folder holding ``.git``).

A site published below the domain's root (``https://squidfunk.github.io/mkdocs-material/``)
writes that prefix into some root-relative links (a 404 page must work at any depth). The
prefix is the path of the top ``index.html``'s ``<link rel="canonical">``, else the common
folder of ``sitemap.xml``'s ``<loc>`` URLs; it is only taken when the built folder has no
subfolder of that name. A root-relative link that starts with it lands below the prefix.

Pages are served as static hosts (GitHub Pages, Netlify, Cloudflare Pages) serve them: an
extension-less link ``/2020/02/19/post`` lands on ``2020/02/19/post.html``, and the host's
redirect rules apply to a link that lands on no file (read by :mod:`contentguard.sites.hosts`):
``_redirects`` at the built site's top (Netlify, Cloudflare Pages), ``netlify.toml`` or
``vercel.json`` there, or the ``netlify.toml`` of a folder above whose ``publish`` setting
names the built folder. A rule with status 404 is a custom error page, not a redirect.
"""
from __future__ import annotations

import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from contentguard.checks._links.local import display
from contentguard.sites.base import Site
from contentguard.sites.hosts import Host, host_of, served

MARKERS = ("404.html", "sitemap.xml", "sitemap_index.xml", "robots.txt", "favicon.ico")
#: a generator's config in a folder makes it a source tree, not a build
GENERATOR_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml", "mkdocs.yml", "mkdocs.yaml",
                     "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "zola.toml",
                     "docusaurus.config.js", "docusaurus.config.ts", "eleventy.config.js",
                     "eleventy.config.mjs", "eleventy.config.cjs", ".eleventy.js", "astro.config.mjs",
                     "astro.config.ts", "config.rb", "Gemfile", "package.json")
_CANONICAL = re.compile(r"""<link\b[^>]*?\brel\s*=\s*["']?canonical\b[^>]*>""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.I)
HEAD_BYTES = 64 << 10


@dataclass(frozen=True)
class BuiltSite:
    root: str  # absolute folder
    base_path: str  # "/mkdocs-material", or "" when the site is at the domain's root
    how: str  # for the notice: what made it a built site
    #: the host serving it (redirect rules), from :mod:`contentguard.sites.hosts`
    host: Host | None = field(default=None, compare=False)

    def redirect(self, doc_path: str, path: str) -> str | None:
        """How the host answers a link (``path`` as written, from the page at ``doc_path``)
        that lands on no file: "netlify.toml redirects /x to Y", or None."""
        if self.host is None:
            return None
        p = unquote(path)
        if p.startswith("/"):
            site_path = self.local_path(p)
        else:
            rel = os.path.relpath(os.path.normpath(os.path.join(os.path.dirname(doc_path), p)), self.root)
            if rel == ".." or rel.startswith(".." + os.sep):
                return None
            site_path = "/" + ("" if rel == "." else rel.replace(os.sep, "/"))
        return served(self.host, site_path, lambda url: False)

    def notice(self) -> str:
        return (f"root-relative links resolve against the built site {display(self.root)} ({self.how}"
                + (f"; published under {self.base_path}/" if self.base_path else "") + ")")

    def local_path(self, path: str) -> str:
        """A root-relative link's path inside the built folder (the base path dropped)."""
        b = self.base_path
        if b and (path == b or path.startswith(b + "/")):
            return path[len(b):] or "/"
        return path


def _read_head(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def _looks_built(folder: str) -> str | None:
    """Why ``folder`` is the top of a built site, or None."""
    index = os.path.join(folder, "index.html")
    if not os.path.isfile(index):
        return None
    marker = next((m for m in MARKERS if os.path.isfile(os.path.join(folder, m))), None)
    if marker is None or any(os.path.exists(os.path.join(folder, c)) for c in GENERATOR_CONFIGS):
        return None
    if _read_head(index).lstrip("\ufeff \t\r\n").startswith(("---", "+++")):
        return None  # front matter: a template, not a built page
    return f"index.html and {marker} at its top, no generator config"


def _host(folder: str):
    """The host config that serves ``folder`` (:mod:`contentguard.sites.hosts` reads it):
    the ``netlify.toml`` of a folder above whose ``publish`` names this folder (with the
    ``_redirects`` in the built folder), else the folder's own ``netlify.toml``,
    ``_redirects`` or ``vercel.json``."""
    cur = os.path.dirname(folder)
    while cur != folder:
        toml = os.path.join(cur, "netlify.toml")
        if os.path.isfile(toml):
            try:
                with open(toml, "rb") as fh:
                    publish = (tomllib.load(fh).get("build") or {}).get("publish")
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError):
                publish = None
            if isinstance(publish, str) and os.path.normpath(os.path.join(cur, publish)) == folder:
                return host_of(Site(profile="built", root=cur, config=None, how="", static_dirs=(folder,)))
            break
        parent = os.path.dirname(cur)
        if parent == cur or os.path.exists(os.path.join(cur, ".git")):
            break
        cur = parent
    if any(os.path.isfile(os.path.join(folder, f)) for f in ("netlify.toml", "_redirects", "vercel.json")):
        return host_of(Site(profile="built", root=folder, config=None, how=""))
    return None


def _base_path(folder: str) -> str:
    head = _read_head(os.path.join(folder, "index.html"))
    paths = []
    m = _CANONICAL.search(head)
    if m:
        h = _HREF.search(m.group(0))
        if h:
            paths = [next(g for g in h.groups() if g is not None)]
    if not paths:
        paths = _LOC.findall(_read_head(os.path.join(folder, "sitemap.xml")))[:200]
        if len(paths) < 2:
            return ""
    dirs = []
    for u in paths:
        try:
            p = urlsplit(u.strip()).path or "/"
        except ValueError:
            return ""
        dirs.append(p if p.endswith("/") else posixpath.dirname(p) + "/")
    common = posixpath.commonpath(dirs) if dirs else "/"
    base = common.rstrip("/")
    if not base or os.path.isdir(os.path.join(folder, base.lstrip("/").split("/")[0])):
        return ""  # at the domain's root, or a real folder of the build
    return base


class BuiltSites:
    """The built site above each page, found once per folder."""

    def __init__(self) -> None:
        self._memo: dict[str, BuiltSite | None] = {}

    def of(self, doc_path: str) -> BuiltSite | None:
        folder = os.path.dirname(os.path.abspath(doc_path))
        if folder in self._memo:
            return self._memo[folder]
        walked: list[str] = []
        above: BuiltSite | None = None  # the answer for the folder where the walk stopped
        cur = folder
        while True:
            if cur in self._memo:
                above = self._memo[cur]
                break
            walked.append(cur)
            parent = os.path.dirname(cur)
            if parent == cur or os.path.exists(os.path.join(cur, ".git")):
                break
            cur = parent
        # top down: the highest built folder wins (Hugo writes a sitemap.xml per language)
        for f in reversed(walked):
            if above is None:
                how = _looks_built(f)
                if how:
                    above = BuiltSite(f, _base_path(f), how, _host(f))
            self._memo[f] = above
        return self._memo[folder]
