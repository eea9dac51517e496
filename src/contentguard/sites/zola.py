"""The Zola profile: config, heading ids, where a content file is published, ``@/`` links.

Detection: ``zola.toml`` or ``config.toml`` holding ``base_url`` (Zola requires it; Hugo
spells it ``baseURL``). From Zola's source (``components/content/src/page.rs``,
``section.rs``, ``file_info.rs``, ``utils/src/site.rs``):

* heading ids: ``[slugify] anchors`` (``on``, ``safe``, ``off``), explicit ``{#id}``
  (:mod:`.slugs_zola`);
* URLs: ``content/`` only. ``_index.md`` is its folder's section, ``/a/b/`` (folder names
  as written); a page is ``/<folders>/<slug>/``, its slug the front matter ``slug`` or else
  the file name (the folder's name for ``index.md``, a page bundle whose other files are
  published beside it), a leading date (``2024-01-31-post.md``, ``2024-01-31_post.md``)
  dropped unless ``slugify.paths_keep_dates``, then slugified by ``[slugify] paths``.
  Front matter ``path`` replaces all of it; ``aliases`` are published too;
  ``draft = true`` pages are not. ``page.fr.md`` is the ``fr`` translation under ``/fr/``
  when ``fr`` is one of ``[languages]``;
* ``static/`` (and a theme's ``static/``) is served at ``/``;
* internal links ``@/path/to/file.md#anchor`` name a content file by its path from
  ``content/`` (exactly, with the extension and any language suffix); one shown in code
  (a fenced block, an inline code span) is not a link;
* besides the pages: the home pages, ``404.html``, ``robots.txt``, ``sitemap.xml``,
  feeds (``generate_feeds``, ``feed_filenames``), the search index
  (``build_search_index``) and taxonomy pages (``taxonomies``, terms from the pages'
  ``[taxonomies]``) are published.

Zola leaves ``[x](other.md)`` as written; only ``@/`` links are rewritten to the page's URL.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Sequence
from urllib.parse import unquote

from contentguard.sites.base import Site, SiteLink, under
from contentguard.sites.common import front_matter, mask_code, read_config, walk_files
from contentguard.sites.slugs_zola import zola_anchors, zola_slug_path

__all__ = ["ZOLA", "ZolaProfile"]

_DATED = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
                    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?"
                    r"(?:\s?[_-](?P<slug>.+))?$")
#: ``@/path.md#frag`` wherever a link destination, shortcode or template argument holds one
_INTERNAL = re.compile(r"""(?<![\w@/.-])@/(?P<path>[^\s()<>"'`#\]]*)(?:#(?P<frag>[^\s()<>"'`\]]*))?""")


def _strategy(value: Any) -> str:
    v = str(value).lower() if value is not None else "on"
    return v if v in ("on", "safe", "off") else "on"


class ZolaProfile:
    name = "zola"
    config_files = ("zola.toml", "config.toml")

    def load(self, root: str, config: str) -> Site | None:
        root = os.path.abspath(root)
        data, problem = read_config(config)
        if problem is not None and os.path.basename(config) == "zola.toml":
            data = {}  # only Zola reads zola.toml: its defaults (a broken config.toml may be Hugo's)
        elif not isinstance(data, dict) or "base_url" not in data or "baseURL" in data:
            return None
        slugify = data.get("slugify") if isinstance(data.get("slugify"), dict) else {}
        langs = data.get("languages") if isinstance(data.get("languages"), dict) else {}
        default = str(data.get("default_language") or "en")
        theme = data.get("theme")
        static = [os.path.join(root, "static")]
        if isinstance(theme, str) and theme:
            static.append(os.path.join(root, "themes", theme, "static"))
        search = data.get("search") if isinstance(data.get("search"), dict) else {}
        tax = [str(t.get("name")) for t in data.get("taxonomies") or [] if isinstance(t, dict) and t.get("name")]
        opts = {
            "taxonomies": tax,
            "slugify_taxonomies": _strategy(slugify.get("taxonomies")),
            "feeds": [str(f) for f in (data.get("feed_filenames") or [data.get("feed_filename") or "atom.xml"])]
            if data.get("generate_feeds", data.get("generate_feed", False)) else [],
            "search_index": str(search.get("index_format") or "elasticlunr_javascript")
            if data.get("build_search_index") else None,
            "sitemap": data.get("generate_sitemap", True) is not False,
            "robots_txt": data.get("generate_robots_txt", True) is not False,
            "slugify_paths": _strategy(slugify.get("paths")),
            "slugify_anchors": _strategy(slugify.get("anchors")),
            "keep_dates": bool(slugify.get("paths_keep_dates", False)),
            "default_language": default,
            "languages": sorted(str(k) for k in langs if str(k) != default),
        }
        return Site(profile=self.name, root=root, config=os.path.abspath(config), how="",
                    base_url=str(data.get("base_url") or "") or None, static_dirs=tuple(static),
                    content_dirs=(os.path.join(root, "content"),), options=opts, problem=problem or "")

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        return set(zola_anchors(headings, site.options.get("slugify_anchors", "on")))

    # --- URLs ------------------------------------------------------------------------
    def _rel(self, site: Site, source: str) -> str | None:
        for cdir in site.content_dirs:
            if under(source, cdir) and source != cdir:
                return os.path.relpath(source, cdir).replace(os.sep, "/")
        return None

    def _lang(self, site: Site, name: str) -> tuple[str, str]:
        """(file name without a language suffix, language) as Zola's ``find_language``."""
        o = site.options
        default = o.get("default_language", "en")
        if not o.get("languages") or "." not in name:
            return name, default
        first, rest = name.split(".", 1)
        if rest == default or rest not in o["languages"]:
            return name, default  # Zola stops the build for an unknown code
        return first, rest

    def urls(self, site: Site, source: str) -> list[str]:
        rel = self._rel(site, os.path.abspath(source))
        if rel is None or any(p.startswith(".") for p in rel.split("/")):
            return []
        parts = rel.split("/")
        if not rel.endswith(".md"):
            return self._asset(site, os.path.abspath(source), parts)
        name, lang = self._lang(site, parts[-1][:-3])
        dirs = parts[:-1]
        prefix = "" if lang == site.options.get("default_language", "en") else f"/{lang}"
        fm = front_matter(source, leading_blank_lines=True) or {}
        if fm.get("draft") is True:
            return []
        if name == "_index":
            path = prefix + "/" + "/".join(dirs) + ("/" if dirs else "")
            out = [path or "/"]
        else:
            out = [self._page_path(site, fm, name, dirs, prefix)]
        aliases = fm.get("aliases")
        for alias in aliases if isinstance(aliases, list) else ():
            a = "/" + str(alias).strip().lstrip("/")
            out.append(a if os.path.splitext(a)[1] else a.rstrip("/") + "/")
        full = []
        for u in out:
            full.append(u)
            if u.endswith("/"):
                full.append(u + "index.html")
        return list(dict.fromkeys(full))

    def _page_path(self, site: Site, fm: dict, name: str, dirs: list[str], prefix: str) -> str:
        o = site.options
        if isinstance(fm.get("path"), str) and fm["path"].strip():
            p = fm["path"].strip()
            p = p if p.startswith("/") else "/" + p
            return p if p.endswith("/") else p + "/"
        bundle = name == "index"
        base = dirs[-1] if bundle and dirs else name
        comps = dirs[:-1] if bundle else dirs
        m = _DATED.match(base)
        from_date = m.group("slug") if m and m.group("slug") and not o.get("keep_dates") else None
        slug_src = str(fm["slug"]) if isinstance(fm.get("slug"), str) else from_date or base
        slug = zola_slug_path(slug_src, o.get("slugify_paths", "on"))
        if not comps and bundle and not dirs:
            path = ""
        else:
            path = "/".join([*comps, slug])
        return f"{prefix}/{path}/" if path else f"{prefix}/"

    def _asset(self, site: Site, source: str, parts: list[str]) -> list[str]:
        """A file beside ``index.md`` or ``_index.md`` is published beside that page."""
        folder = os.path.dirname(source)
        for idx in ("index.md", "_index.md"):
            page = os.path.join(folder, idx)
            if os.path.isfile(page):
                urls = self.urls(site, page)
                return [urls[0] + parts[-1]] if urls and urls[0].endswith("/") else []
        return []

    def generated_urls(self, site: Site) -> list[str]:
        """URLs Zola writes that no content file stands for: the home pages, 404.html,
        robots.txt, sitemap.xml, feeds, the search index, taxonomy and term pages."""
        o = site.options
        prefixes = [""] + [f"/{lang}" for lang in o.get("languages", ())]
        urls = ["/404.html"] + (["/robots.txt"] if o.get("robots_txt") else []) + (
            ["/sitemap.xml"] if o.get("sitemap") else [])
        fmt = o.get("search_index")
        if fmt:
            ext = "js" if fmt.endswith("javascript") else "json"
            urls += [f"/search_index.{o.get('default_language', 'en')}.{ext}", "/elasticlunr.min.js"]
        terms: dict[str, set[str]] = {t: set() for t in o.get("taxonomies", ())}
        if terms:
            for cdir in site.content_dirs:
                for f in walk_files(cdir):
                    if f.endswith(".md"):
                        tx = (front_matter(f, leading_blank_lines=True) or {}).get("taxonomies")
                        for name, vals in (tx.items() if isinstance(tx, dict) else ()):
                            if name in terms and isinstance(vals, list):
                                terms[name].update(str(v) for v in vals)
        for pre in prefixes:
            urls += [pre + "/", pre + "/index.html", *(f"{pre}/{f}" for f in o.get("feeds", ()))]
            for name, vals in terms.items():
                base = f"{pre}/{zola_slug_path(name, o.get('slugify_taxonomies', 'on'))}/"
                urls += [base, base + "index.html"]
                for v in sorted(vals):
                    t = f"{base}{zola_slug_path(v, o.get('slugify_taxonomies', 'on'))}/"
                    urls += [t, t + "index.html"]
        return list(dict.fromkeys(urls))

    # --- internal links ------------------------------------------------------------------
    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        if source.endswith((".md", ".markdown")):
            text = mask_code(text)  # an @/ path shown in code is not a link
        for m in _INTERNAL.finditer(text):
            path = unquote(m.group("path"))
            frag = m.group("frag")
            yield SiteLink(m.start(), m.end(), path, frag, "source")


ZOLA = ZolaProfile()
