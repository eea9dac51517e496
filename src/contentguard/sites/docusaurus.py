"""Docusaurus: ``docusaurus.config.{js,ts,mjs,cjs}``, read as text (never run).

Read from the config: ``url`` and ``baseUrl``; the classic preset's ``docs`` and ``blog``
options ``path`` and ``routeBasePath`` (also ``docs: false`` / ``blog: false``), each
``@docusaurus/plugin-content-docs`` / ``-blog`` instance written as a literal
(``path``, ``routeBasePath``), ``lastVersion`` and ``includeCurrentVersion`` (a ``const``
string named there is followed), ``staticDirectories``; ``versions.json`` beside it.
A value computed in code (an environment variable, a function) cannot be known: the
default is used.

URLs: a doc ``docs/guide/10-intro.md`` at ``{routeBasePath}/guide/intro``, numeric
prefixes stripped from every part, ``id:`` front matter replacing the file's name,
``slug:`` front matter replacing the path (``/x`` from the route base, ``x`` beside the
doc), ``index.md`` / ``README.md`` / a doc named as its folder at the folder's URL.
Versions: ``versioned_docs/version-X/`` at ``{routeBasePath}/X/`` except the last
version (``lastVersion``, else the first of ``versions.json``), which takes the route
base itself; the current ``docs/`` folder is then at ``{routeBasePath}/next/``, unless
the last version's folder is absent (the site copies ``docs/`` there when it builds, as
pnpm.io does) or ``lastVersion`` is ``current``. Version folders kept beside
``versioned_docs`` but not listed (``versioned_docs_archived/version-5.x``) are read as
the versions they were, at ``{routeBasePath}/5.x/``, so their own links resolve as written. Blog posts ``blog/2024-01-31-name.md``
(or ``.../index.md``) at ``{blog}/2024/01/31/name``, ``slug:`` overriding. Pages under
``src/pages`` at their path. Files under ``static/`` at ``/``. Files and folders whose
name starts with ``_`` are partials, not pages. Docusaurus publishes ``/x`` as
``/x/index.html``: both ``/x`` and ``/x/`` are given.

Heading ids: github-slugger, ``{#custom-id}`` kept; the headings of an imported Markdown
or MDX partial (``import X from './_part.mdx'``) are the page's too. Markdown links to ``.md`` / ``.mdx``
files are rewritten to the page; one that is not ``./`` or ``../``
relative is looked up in the content folder (docs version, blog) first, then beside the
page, as Docusaurus does (:meth:`Docusaurus.source_link`).
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence

from contentguard.sites import jsconfig
from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter
from contentguard.sites.slugs_js import github_slugger_ids

PAGE_EXTS = (".md", ".mdx")
PAGE_CODE_EXTS = (".js", ".jsx", ".ts", ".tsx")
_NUMBER_PREFIX = re.compile(r"^\d+\s*[-_.]+\s*(?=[^-_.\s])")
_MDX_IMPORT = re.compile(r"""^import\s+\w+\s+from\s+["'](\.{1,2}/[^"'\n]+\.mdx?)["']""", re.M)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?^[ \t]{0,3}\1[ \t]*$", re.M | re.DOTALL)
#: a heading whose last child is an MDX comment naming its id: ``## Title {/* #my-id */}``
#: (docusaurus-mdx-loader's headings plugin: the comment's first word, after its "#")
_COMMENT_ID = re.compile(r"^[ \t]{0,3}#{1,6}[ \t].*?\{[ \t]*/\*[ \t]*#([^\s*]+)[^\n]*?\*/[ \t]*\}[ \t]*$", re.M)
_DATED = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[-/]?(.*)$")


def strip_number(name: str) -> str:
    """Docusaurus' default number prefix parser: ``01-intro`` → ``intro`` (``1.2`` kept)."""
    if re.fullmatch(r"\d+(\.\d+)+", name):
        return name
    return _NUMBER_PREFIX.sub("", name)


def _plugin(block: str, consts: dict) -> dict:
    out = {}
    for key in ("path", "routeBasePath", "lastVersion", "id"):
        v = jsconfig.value(block, key, consts)
        if v is not None:
            out[key] = v
    inc = jsconfig.boolean(block, "includeCurrentVersion")
    if inc is not None:
        out["includeCurrentVersion"] = inc
    return out


def read_config(root: str, config: str) -> dict:
    """What the config says literally: docs and blog instances, static folders, URLs."""
    text = jsconfig.read_config(config)
    consts = jsconfig.constants(text)
    docs: list[dict] = []
    blogs: list[dict] = []
    preset = re.search(r"""["']@docusaurus/preset-classic["']|["']classic["']""", text)
    if preset:
        after = text[preset.end():]
        if re.search(r"""(?:^|[\s,{])["']?docs["']?\s*:\s*false\b""", after) is None:
            blk = jsconfig.block(after, "docs")
            docs.append(_plugin(blk, consts) if blk else {})
        if re.search(r"""(?:^|[\s,{])["']?blog["']?\s*:\s*false\b""", after) is None:
            blk = jsconfig.block(after, "blog")
            blogs.append(_plugin(blk, consts) if blk else {})
    for m in re.finditer(r"""["']@docusaurus/plugin-content-(docs|blog)["']\s*,\s*\{""", text):
        blk = jsconfig.balanced(text, m.end() - 1)
        (docs if m.group(1) == "docs" else blogs).append(_plugin(blk, consts))
    static = None
    m = re.search(r"""staticDirectories\s*:\s*\[""", text)
    if m:
        static = jsconfig.strings(jsconfig.balanced(text, m.end() - 1))
    return {"url": jsconfig.value(text, "url", consts), "baseUrl": jsconfig.value(text, "baseUrl", consts),
            "docs": docs, "blogs": blogs, "static": static,
            "trailingSlash": jsconfig.boolean(text, "trailingSlash")}


def _route(base: str | None, default: str) -> str:
    b = default if base is None else base
    return "/" + b.strip("/") if b.strip("/") else ""


class Docusaurus:
    name = "docusaurus"
    config_files = ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs",
                    "docusaurus.config.cjs", "docusaurus.config.mts", "docusaurus.config.cts")

    def load(self, root: str, config: str) -> Site | None:
        cfg = read_config(root, config)
        versions = _versions(os.path.join(root, "versions.json"))
        areas = []  # (kind, folder, route, versioned folder or None)
        for d in cfg["docs"]:
            folder = os.path.normpath(os.path.join(root, d.get("path", "docs")))
            route = _route(d.get("routeBasePath"), "docs")
            plugin_id = d.get("id", "default")
            vdir = "versioned_docs" if plugin_id == "default" else f"{plugin_id}_versioned_docs"
            vfile = "versions.json" if plugin_id == "default" else f"{plugin_id}_versions.json"
            vs = versions if plugin_id == "default" else _versions(os.path.join(root, vfile))
            last = d.get("lastVersion") or (vs[0] if vs else "current")
            current = route
            if vs and last != "current" and os.path.isdir(os.path.join(root, vdir, f"version-{last}")):
                current = f"{route}/next"
            areas.append(("docs", folder, current))
            for v in vs:
                vf = os.path.join(root, vdir, f"version-{v}")
                if os.path.isdir(vf):
                    areas.append(("docs", vf, route if v == last else f"{route}/{v}"))
            # versions kept beside the built ones but no longer listed (pnpm.io's
            # versioned_docs_archived): read as the Docusaurus docs they were, at /X/, so
            # their own links resolve as written
            if plugin_id == "default":
                for arch in sorted(os.listdir(root)):
                    if arch.startswith(vdir) and arch != vdir and os.path.isdir(os.path.join(root, arch)):
                        for name in sorted(os.listdir(os.path.join(root, arch))):
                            if name.startswith("version-") and name[8:] not in vs:
                                areas.append(("docs", os.path.join(root, arch, name), f"{route}/{name[8:]}"))
        for b in cfg["blogs"]:
            areas.append(("blog", os.path.normpath(os.path.join(root, b.get("path", "blog"))),
                          _route(b.get("routeBasePath"), "blog")))
        areas.append(("pages", os.path.join(root, "src", "pages"), ""))
        static = tuple(os.path.normpath(os.path.join(root, s)) for s in (cfg["static"] or ["static"]))
        base = cfg["url"].rstrip("/") + "/" + (cfg["baseUrl"] or "/").lstrip("/") if cfg["url"] else None
        said = ", ".join(f"{k} {os.path.relpath(f, root)} at {r or '/'}" for k, f, r in areas
                         if os.path.isdir(f))
        return Site(profile=self.name, root=root, config=config,
                    how=f"detected from {os.path.basename(config)} (read as text): {said}",
                    base_url=base, static_dirs=static,
                    content_dirs=tuple(f for _k, f, _r in areas if os.path.isdir(f)),
                    options={"areas": tuple(areas), "trailing_slash": cfg["trailingSlash"]})

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        return set(github_slugger_ids(headings))

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """Heading ids written as an MDX comment, the form Docusaurus takes where ``{#id}``
        would be a JSX expression: ``### Stage 0: Class Properties { /*#stage-0:-class-properties*/ }``
        (babel's 5.0.0 post) is ``#stage-0:-class-properties`` (the optional ``PageAnchors``
        method)."""
        return {m.group(1) for m in _COMMENT_ID.finditer(text)} if "/*" in text else set()

    def _area(self, site: Site, source: str):
        best = None
        for kind, folder, route in site.options.get("areas", ()):
            if source.startswith(folder.rstrip(os.sep) + os.sep) and (best is None or len(folder) > len(best[1])):
                best = (kind, folder, route)
        return best

    def urls(self, site: Site, source: str) -> list[str]:
        for s in site.static_dirs:
            if source.startswith(s.rstrip(os.sep) + os.sep):
                return ["/" + os.path.relpath(source, s).replace(os.sep, "/")]
        area = self._area(site, source)
        if area is None:
            return []
        kind, folder, route = area
        rel = os.path.relpath(source, folder).replace(os.sep, "/")
        parts = rel.split("/")
        if any(p.startswith("_") for p in parts):
            return []  # partials and folders of partials
        stem, ext = os.path.splitext(rel)
        if kind == "pages":
            if ext.lower() not in PAGE_EXTS + PAGE_CODE_EXTS:
                return []
            return _both(route + "/" + re.sub(r"(^|/)index$", "", stem))
        if ext.lower() not in PAGE_EXTS:
            return []  # an image beside a doc: served only through its import
        fm = front_matter(source) or {}
        slug = fm.get("slug") if isinstance(fm.get("slug"), str) else None
        if kind == "blog":
            return _both(route + "/" + self._blog_path(stem, slug))
        dirs = [strip_number(p) for p in parts[:-1]]
        name = strip_number(os.path.basename(stem))
        if isinstance(fm.get("id"), str):
            name = fm["id"]
        if slug is not None:
            path = slug if slug.startswith("/") else "/".join([*dirs, slug])
        elif name.lower() in ("index", "readme") or dirs and name == dirs[-1]:
            path = "/".join(dirs)
        else:
            path = "/".join([*dirs, name])
        return _both(route + "/" + path.lstrip("/"))

    @staticmethod
    def _blog_path(stem: str, slug: str | None) -> str:
        if slug is not None:
            return slug.lstrip("/")
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        m = _DATED.match(stem)
        if m:
            y, mo, d, rest = m.groups()
            return f"{y}/{int(mo):02d}/{int(d):02d}/{rest.lstrip('-/')}"
        return stem

    def source_link(self, site: Site, source: str, path: str) -> str | None:
        """The file a Markdown link to ``x.md`` lands on, Docusaurus' way: a link that does
        not start with ``./`` or ``../`` is looked up in the content folder (the doc's
        version, the blog) and the site folder before beside the page; ``/x.md`` only in
        the content folder. None when Docusaurus would not find it either."""
        if not path.lower().endswith(PAGE_EXTS):
            return None
        tries = []
        if not path.startswith(("./", "../")):
            area = self._area(site, source)
            if area is not None:
                tries.append(area[1])
            tries.append(site.root)
        if not path.startswith("/"):
            tries.append(os.path.dirname(source))
        for folder in tries:
            cand = os.path.normpath(os.path.join(folder, path.lstrip("/")))
            if os.path.isfile(cand):
                return cand
        return None

    def includes(self, site: Site, source: str, text: str) -> list[str]:
        """The Markdown/MDX partials the page imports and renders
        (``import Prune from './_catalogPrune.mdx'``): their headings are the page's too
        (the optional ``Includes`` method)."""
        if "import" not in text:
            return []
        prose = _FENCE.sub("", text)  # an import shown in a code block is not one
        return [os.path.normpath(os.path.join(os.path.dirname(source), m.group(1)))
                for m in _MDX_IMPORT.finditer(prose)]

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        return ()  # no link syntax of its own: [x](doc.md) is plain Markdown


def _versions(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as f:
            got = json.load(f)
        return [str(v) for v in got] if isinstance(got, list) else []
    except (OSError, ValueError):
        return []


def _both(url: str) -> list[str]:
    url = re.sub(r"/{2,}", "/", url)
    if url in ("", "/"):
        return ["/", "/index.html"]
    url = url.rstrip("/")
    return [url, url + "/", url + "/index.html"]


DOCUSAURUS = Docusaurus()
