"""Astro: ``astro.config.{mjs,js,ts,mts,cjs}``, read as text (never run).

Read from the config: ``site`` (the base URL), ``base``, ``trailingSlash``,
``build.format`` (``directory`` by default, or ``file``), ``srcDir`` and ``publicDir``,
and whether the Starlight integration (``@astrojs/starlight``) is used. A value computed
in code cannot be known; the default is used.

URLs: ``src/pages`` routing: ``src/pages/about.md`` (``.mdx``, ``.astro``, ``.html``,
``.js``/``.ts`` endpoints) at ``/about/`` (``/about.html`` with ``build.format: file``),
``index.*`` at its folder; a file or folder whose name starts with ``_`` is not a route,
nor is a dynamic route (``[slug].astro``): its URLs come from code. With Starlight, docs
in ``src/content/docs/`` are at their path the same way (``index.md`` at the folder,
``slug:`` front matter replacing the path); with ``locales`` (a literal object), a page
of the default locale is also published under every other locale's prefix, as Starlight
fills a missing translation with it. Other content collections are published
wherever a page's ``getStaticPaths`` puts them: not knowable here, so no URL. Files in
``public/`` are served at ``/``.

Heading ids: github-slugger (Astro's ``rehypeHeadingIds``), ``{#id}`` kept. Astro does
not rewrite ``[x](other.md)`` links.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

from contentguard.sites import jsconfig
from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter
from contentguard.sites.slugs_js import github_slugger_ids

PAGE_EXTS = (".astro", ".md", ".mdx", ".markdown", ".html", ".js", ".ts")
DOC_EXTS = (".md", ".mdx", ".markdown", ".mdoc")


class Astro:
    name = "astro"
    config_files = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts",
                    "astro.config.cjs")

    def load(self, root: str, config: str) -> Site | None:
        text = jsconfig.read_config(config)
        consts = jsconfig.constants(text)
        src = os.path.normpath(os.path.join(root, jsconfig.value(text, "srcDir", consts) or "src"))
        public = os.path.normpath(os.path.join(root, jsconfig.value(text, "publicDir", consts) or "public"))
        build = jsconfig.block(text, "build") or ""
        fmt = jsconfig.value(build, "format", consts) or "directory"
        site_url = jsconfig.value(text, "site", consts)
        base = jsconfig.value(text, "base", consts) or ""
        starlight = jsconfig.imports_package(text, "@astrojs/starlight")
        locales: list[str] = []
        default = None
        if starlight:
            m = re.search(r"\blocales\s*[:=]\s*\{", text)
            if m:
                blk = jsconfig.balanced(text, m.end() - 1)[1:-1]
                depth, keys = 0, []
                for km in re.finditer(r"""[{}]|(?:^|[,\s])["']?([\w-]+)["']?\s*:\s*\{""", blk):
                    if km.group(0) == "{":
                        depth += 1
                    elif km.group(0) == "}":
                        depth -= 1
                    elif depth == 0:
                        keys.append(km.group(1))
                        depth += 1
                locales = [k for k in keys if k != "root"]
                default = None if "root" in keys else jsconfig.value(text, "defaultLocale", consts)
        content = [os.path.join(src, "pages")]
        if starlight:
            content.append(os.path.join(src, "content", "docs"))
        full = None
        if site_url:
            full = site_url.rstrip("/") + ("/" + base.strip("/") if base.strip("/") else "") + "/"
        return Site(profile=self.name, root=root, config=config,
                    how=(f"detected from {os.path.basename(config)} (read as text): pages in "
                         f"{os.path.relpath(content[0], root)}" + (", Starlight docs in "
                         f"{os.path.relpath(content[1], root)}" if starlight else "") + f"; build.format {fmt}"),
                    base_url=full, static_dirs=(public,), content_dirs=tuple(content),
                    options={"src": src, "format": fmt, "starlight": starlight,
                             "locales": tuple(locales), "default_locale": default})

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        return set(github_slugger_ids(headings))

    def urls(self, site: Site, source: str) -> list[str]:
        for pub in site.static_dirs:
            if _under(source, pub):
                return ["/" + os.path.relpath(source, pub).replace(os.sep, "/")]
        pages = os.path.join(site.options["src"], "pages")
        docs = os.path.join(site.options["src"], "content", "docs")
        if _under(source, pages):
            folder, exts = pages, PAGE_EXTS
        elif site.options.get("starlight") and _under(source, docs):
            folder, exts = docs, DOC_EXTS
        else:
            return []
        rel = os.path.relpath(source, folder).replace(os.sep, "/")
        parts = rel.split("/")
        if any(p.startswith("_") or "[" in p for p in parts):
            return []  # not a route, or a dynamic one whose URLs come from code
        stem, ext = os.path.splitext(rel)
        if ext.lower() not in exts:
            return []
        if folder == docs:
            slug = (front_matter(source) or {}).get("slug")
            if isinstance(slug, str):
                stem = slug.strip("/") or "index"
            stem = stem.lower()  # Starlight slugs lower-case the path
        if ext.lower() in (".js", ".ts") and "." in os.path.basename(stem):
            return ["/" + stem]  # an endpoint: src/pages/feed.xml.js → /feed.xml
        urls = self._page_urls(site, stem)
        locales = site.options.get("locales") or ()
        if folder == docs and locales:
            # Starlight fills a page missing from a translation with the default locale's
            # content at the translated URL: a default-locale page is at every locale's prefix
            first = stem.split("/", 1)[0]
            default = site.options.get("default_locale")
            if first not in locales or default and first == default:
                rest = stem.split("/", 1)[1] if default and first == default and "/" in stem else stem
                if not (default and first == default and "/" not in stem):
                    own = os.path.splitext(rel)[0].split("/")[1 if default and first == default else 0:]
                    for loc in locales:
                        if loc != default and not _translated(docs, loc, own):
                            urls += self._page_urls(site, f"{loc}/{rest}")
        return urls

    @staticmethod
    def _page_urls(site: Site, stem: str) -> list[str]:
        d, name = os.path.split(stem)
        if name == "index":
            url = f"/{d}/" if d else "/"
            return [url, url + "index.html"]
        if site.options.get("format") == "file":
            return [f"/{stem}.html"]
        return [f"/{stem}/", f"/{stem}/index.html"]

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        return ()


def _translated(docs: str, loc: str, parts: list[str]) -> bool:
    """Whether locale ``loc`` has its own page at the path ``parts`` (any page extension)."""
    stem = os.path.join(docs, loc, *parts)
    return any(os.path.exists(stem + ext) for ext in DOC_EXTS)


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


ASTRO = Astro()
