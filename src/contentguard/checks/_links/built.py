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
redirect rules apply to a link that lands on no file: a ``_redirects`` file at the built
site's top (Netlify, Cloudflare Pages), and ``[[redirects]]`` in the ``netlify.toml`` of the
built folder or of a folder above it whose ``publish`` setting names the built folder.
A rule with status 404 is a custom error page, not a redirect.
"""
from __future__ import annotations

import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from contentguard.checks._links.local import display

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
    #: the host's redirect rules: (compiled "from" pattern, "to", where the rule is written)
    redirects: tuple = field(default=(), compare=False)

    def redirect(self, doc_path: str, path: str) -> str | None:
        """Where the host's rules send a link (``path`` as written, from the page at
        ``doc_path``) that lands on no file: "to (the file with the rule)", or None."""
        if not self.redirects:
            return None
        p = unquote(path)
        if p.startswith("/"):
            site_path = self.local_path(p)
        else:
            rel = os.path.relpath(os.path.normpath(os.path.join(os.path.dirname(doc_path), p)), self.root)
            if rel == ".." or rel.startswith(".." + os.sep):
                return None
            site_path = "/" + ("" if rel == "." else rel.replace(os.sep, "/"))
        for rx, to, where in self.redirects:
            if rx.fullmatch(site_path):
                return f"{to} ({where})"
        return None

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


def _from_pattern(src: str) -> re.Pattern | None:
    """A Netlify "from" path as a pattern: ``*`` a splat to the end, ``:name`` one segment;
    a trailing slash optional (Netlify matches /a and /a/ alike)."""
    if not src.startswith("/"):
        return None  # a rule for another host (https://old.example.org/*)
    out = []
    for part in re.split(r"(\*|:[A-Za-z_]\w*)", src.rstrip("/") or "/"):
        if part == "*":
            out.append(".*")
        elif part.startswith(":") and len(part) > 1:
            out.append("[^/]+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + "/?")


def _redirects(folder: str) -> tuple:
    rules = []
    red = os.path.join(folder, "_redirects")
    for line in _read_head(red).splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            status = next((p.rstrip("!") for p in parts[2:] if p.rstrip("!").isdigit()), "301")
            rx = _from_pattern(parts[0])
            if rx is not None and status != "404":
                rules.append((rx, parts[1], "_redirects"))
    cur = folder
    while True:
        toml = os.path.join(cur, "netlify.toml")
        if os.path.isfile(toml):
            try:
                with open(toml, "rb") as fh:
                    conf = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                conf = {}
            publish = (conf.get("build") or {}).get("publish") if isinstance(conf.get("build"), dict) else None
            here = os.path.normpath(os.path.join(cur, publish)) if isinstance(publish, str) else cur
            if here == folder:
                for r in conf.get("redirects") or []:
                    if not isinstance(r, dict) or not isinstance(r.get("from"), str):
                        continue
                    rx = _from_pattern(r["from"])
                    if rx is not None and str(r.get("status", 301)) != "404":
                        rules.append((rx, str(r.get("to", "")), os.path.relpath(toml)))
            break
        parent = os.path.dirname(cur)
        if parent == cur or os.path.exists(os.path.join(cur, ".git")):
            break
        cur = parent
    return tuple(rules)


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
                    above = BuiltSite(f, _base_path(f), how, _redirects(f))
            self._memo[f] = above
        return self._memo[folder]
