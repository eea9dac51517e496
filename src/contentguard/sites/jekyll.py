"""Jekyll: ``_config.yml``, kramdown heading ids, permalinks, ``{% link %}``, ``{% post_url %}``.

URLs follow Jekyll 4's rules: a page is ``/:path/:basename:output_ext`` (``/:path/`` for an
index; ``/:path/:basename/`` under a pretty permalink style); a post in ``_posts`` is the
site's ``permalink`` style (``date`` by default: ``/:categories/:year/:month/:day/:title.html``);
a document of a collection with ``output: true`` is the collection's permalink (default
``/:collection/:path:output_ext``); ``permalink:`` in front matter, in ``defaults`` or in
the collection wins. Files without front matter are copied as they are. Nothing under a
folder starting with ``_`` or ``.`` (except collections) is published, nor drafts, nor
``published: false``, nor ``exclude``d files. ``redirect_from`` (jekyll-redirect-from)
publishes redirect pages at its URLs, which links may use.
"""
from __future__ import annotations

import datetime as _dt
import fnmatch
import os
import re
from functools import lru_cache
from typing import Iterable, Sequence

from contentguard.sites import slugs
from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter, read_config

__all__ = ["JEKYLL", "Jekyll"]

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
MD_EXTS = ("markdown", "mkdown", "mkdn", "mkd", "md")
CONVERTED = {".scss": ".css", ".sass": ".css", ".coffee": ".js"}
DEFAULT_EXCLUDE = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
                   "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/")
_POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-(.*)(\.[^.]+)$")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?(?:\{%-?\s*endraw\s*-?%\}|\Z)", re.S)
_LINK_TAG = re.compile(r"\{%-?\s*(link|post_url)\s+([^\s%{}]+)\s*-?%\}(#[^\s)\"'<>\]]*)?")
_INCLUDE = re.compile(r"\{%-?\s*(include|include_relative)\s+([^\s%]+)")
#: the ``#id`` of a kramdown inline attribute list: ``{: #fn1}``, ``{: .note #warning}``
_IAL_ID = re.compile(r"\{:[^}\n]*?(?<![^\s:])#([\w:.-]+)[^}\n]*\}")
_SITE_URL = re.compile(r"\{\{-?\s*site\.url\s*-?\}\}(/[^\s)\"'<>#?\]{}]*)(#[^\s)\"'<>\]{}]*)?")
_BASEURL = re.compile(r"\{\{-?\s*site\.baseurl\s*-?\}\}(/[^\s)\"'<>#?\]{}]*)(#[^\s)\"'<>\]{}]*)?")
_URL_FILTER = re.compile(r"\{\{-?\s*[\"'](/[^\"'#?{}]*)(#[^\"'{}]*)?[\"']\s*\|\s*(?:relative_url|absolute_url)"
                         r"\s*-?\}\}")


class Jekyll:
    name = "jekyll"
    config_files = ("_config.yml", "_config.yaml", "_config.toml")
    #: Jekyll leaves ``[x](other.md)`` as written unless the jekyll-relative-links plugin is
    #: on (GitHub Pages turns it on); ``site.options["relative_links"]`` says which

    # --- detection ------------------------------------------------------------------
    def load(self, root: str, config: str) -> Site | None:
        data, problem = read_config(config)
        if data is None:
            data = {}  # an unreadable _config.yml: Jekyll's defaults
        if not isinstance(data, dict):
            return None
        pkg = os.path.join(root, "package.json")
        if os.path.isfile(pkg):  # Hexo also keeps a _config.yml
            try:
                with open(pkg, encoding="utf-8", errors="replace") as fh:
                    if '"hexo"' in fh.read(200_000):
                        return None
            except OSError:
                pass
        source = os.path.normpath(os.path.join(root, str(data.get("source") or ".")))
        url = str(data.get("url") or "").rstrip("/")
        baseurl = str(data.get("baseurl") or "").strip("/")
        base_url = (url + ("/" + baseurl if baseurl else "") + "/") if url else None
        kd = data.get("kramdown") if isinstance(data.get("kramdown"), dict) else {}
        plugins = [str(p) for p in (data.get("plugins") or data.get("gems") or []) if isinstance(p, str)]
        cols = data.get("collections") or {}
        if isinstance(cols, list):
            cols = {str(c): {} for c in cols}
        collections = {str(k): (v if isinstance(v, dict) else {}) for k, v in cols.items()} \
            if isinstance(cols, dict) else {}
        collections.setdefault("posts", {"output": True})
        collections["posts"].setdefault("output", True)
        style = data.get("permalink") or "date"
        options = {
            "permalink": STYLES.get(str(style), str(style)),
            "pretty": STYLES.get(str(style), str(style)).endswith("/"),
            "collections": collections,
            "collections_dir": str(data.get("collections_dir") or "").strip("/"),
            "defaults": [d for d in (data.get("defaults") or []) if isinstance(d, dict)],
            "exclude": [str(x) for x in (data.get("exclude") or [])] + list(DEFAULT_EXCLUDE),
            "include": [str(x) for x in (data.get("include") or [])],
            "markdown": str(data.get("markdown") or "kramdown"),
            "markdown_ext": tuple(str(data.get("markdown_ext") or ",".join(MD_EXTS)).split(",")),
            "kramdown_input": str(kd.get("input") or "GFM"),
            "auto_ids": kd.get("auto_ids", True) is not False,
            "auto_id_prefix": str(kd.get("auto_id_prefix") or ""),
            "transliterated_header_ids": bool(kd.get("transliterated_header_ids", False)),
            "relative_links": "jekyll-relative-links" in plugins,
            "includes_dir": str(data.get("includes_dir") or "_includes"),
        }
        return Site(profile=self.name, root=source, config=config, how="", base_url=base_url,
                    static_dirs=(source,), content_dirs=(source,), options=options, problem=problem or "")

    # --- heading ids ----------------------------------------------------------------
    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        o = site.options
        if "commonmark" in o.get("markdown", "").lower():  # jekyll-commonmark(-ghpages): GitHub's ids
            return set(slugs.github(headings))
        if not o.get("auto_ids", True):
            return {e for _t, e in headings if e}
        if o.get("kramdown_input", "GFM").lower() in ("gfm", "kramdown::parser::gfm"):
            return set(slugs.kramdown_gfm(headings, o.get("auto_id_prefix", "")))
        return set(slugs.kramdown(headings, o.get("auto_id_prefix", ""),
                                  o.get("transliterated_header_ids", False)))

    def bare_urls(self, site: Site, source: str) -> bool:
        """Whether a bare URL in the Markdown text is a link (the optional ``BareUrls``
        method): only with a CommonMark converter (jekyll-commonmark and its GitHub Pages
        form autolink them); kramdown, Jekyll's default, leaves them as text."""
        return "commonmark" in site.options.get("markdown", "").lower()

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """Ids kramdown's attribute lists give a block or a span (``{: #fn1}`` under the
        paragraph of a footnote written by hand, ruby-lang.org's "About Ruby"); headings'
        ``{: #id}`` are read with the headings. Only with kramdown: a CommonMark converter
        prints the list as text."""
        if "{:" not in text or "commonmark" in site.options.get("markdown", "").lower():
            return set()
        return {m.group(1) for m in _IAL_ID.finditer(text)}

    # --- URLs -----------------------------------------------------------------------
    def urls(self, site: Site, source: str) -> list[str]:
        o = site.options
        rel = os.path.relpath(source, site.root).replace(os.sep, "/")
        if rel.endswith(".erb") and os.path.splitext(rel[:-4])[1][1:].lower() in o["markdown_ext"] + ("html",):
            # x.md.erb: a build step renders it to x.md (docs-travis-ci-com's Rakefile does)
            rel = rel[:-4]
            if os.path.exists(os.path.join(site.root, rel)):
                return []  # the rendered page is there: it is the source
        if rel.startswith("../") or _excluded(rel, o):
            return []
        parts = rel.split("/")
        coll, inner = _collection(parts, o)
        if coll is None and any(p.startswith(("_", ".")) for p in parts[:-1] + [parts[-1]]) \
                and not _included(rel, o):
            return []
        if coll is not None and not o["collections"].get(coll, {}).get("output", False):
            return []
        fm = front_matter(source)
        if fm is None:  # a static file: copied as it is
            if coll is not None:
                return [f"/{coll}/{inner}"]
            return ["/" + rel]
        if fm.get("published") is False:
            return []
        name = parts[-1]
        base, ext = os.path.splitext(name)
        out_ext = ".html" if ext[1:].lower() in o["markdown_ext"] else CONVERTED.get(ext.lower(), ext)
        ph = {"output_ext": out_ext, "basename": base}
        if coll is None:
            ph["path"] = "/".join(parts[:-1])
            template = fm.get("permalink") or _default_permalink(rel, "pages", o)
            if not template:
                if out_ext != ".html":
                    template = "/:path/:basename:output_ext"
                elif base == "index":
                    template = "/:path/"
                else:
                    template = "/:path/:basename" + ("/" if o["pretty"] else ":output_ext")
        else:
            cfg = o["collections"].get(coll, {})
            inner_base = os.path.splitext(inner)[0]
            ph.update(collection=coll, path=inner_base, name=os.path.basename(inner_base),
                      slug=str(fm.get("slug") or os.path.basename(inner_base)))
            ph["title"] = ph["slug"]
            if coll == "posts":
                m = _POST_NAME.match(name)
                if not m:
                    return []  # Jekyll skips a post whose name has no date
                y, mo, d, title = m.group(1), m.group(2), m.group(3), m.group(4)
                when = fm.get("date")
                if isinstance(when, (_dt.date, _dt.datetime)):
                    y, mo, d = str(when.year), str(when.month), str(when.day)
                ph.update(year=y.zfill(4), month=mo.zfill(2), day=d.zfill(2), i_month=str(int(mo)),
                          i_day=str(int(d)), short_year=y[-2:], title=str(fm.get("slug") or title),
                          slug=str(fm.get("slug") or title))
                cats = [c for c in parts[:parts.index("_posts")] if c != o["collections_dir"]]
                ph["categories"] = "/".join(dict.fromkeys(c.lower() for c in cats + _categories(fm)))
                ph["path"] = inner_base
            template = (fm.get("permalink") or _default_permalink(rel, coll, o) or cfg.get("permalink")
                        or (o["permalink"] if coll == "posts" else "/:collection/:path:output_ext"))
        url = _expand(str(template), ph)
        urls = [url]
        extra = fm.get("redirect_from")
        for r in ([extra] if isinstance(extra, str) else extra if isinstance(extra, list) else []):
            if isinstance(r, str) and r.strip():
                urls.append("/" + r.strip().lstrip("/"))
        return urls

    # --- internal link syntaxes -----------------------------------------------------------
    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        raw = [m.span() for m in _RAW.finditer(text)] if "raw" in text else []

        def in_raw(pos: int) -> bool:
            return any(a <= pos < b for a, b in raw)

        for m in _LINK_TAG.finditer(text):
            if in_raw(m.start()):
                continue
            tag, target, frag = m.group(1), m.group(2).strip("\"'"), m.group(3)
            frag = frag[1:] if frag else None
            if tag == "link":
                yield SiteLink(m.start(), m.end(), target, frag, "source")
            else:
                yield SiteLink(m.start(), m.end(), _post_source(site, target), frag, "source")
        # {{ site.url }}/x: Liquid is filled before kramdown reads the page, so a reference
        # definition "[1]: {{ site.url }}/cgi-bin/cvsweb.cgi/" is a link to the site's own
        # /cgi-bin/cvsweb.cgi/ (ruby-lang.org's old news); with a base path, site.url is the
        # host alone and the link names its own path
        rxs = (_BASEURL, _URL_FILTER) + ((_SITE_URL,) if not site.base_path() and "site.url" in text else ())
        for rx in rxs:  # noqa: B007
            for m in rx.finditer(text):
                if not in_raw(m.start()):
                    frag = m.group(2)
                    yield SiteLink(m.start(), m.end(), m.group(1), frag[1:] if frag else None, "url")


    def includes(self, site: Site, source: str, text: str) -> list[str] | None:
        """``{% include x %}`` (from ``_includes``) and ``{% include_relative x %}`` files."""
        if "include" not in text:
            return []
        raw = [m.span() for m in _RAW.finditer(text)] if "raw" in text else []
        out = []
        for m in _INCLUDE.finditer(text):
            if any(a <= m.start() < b for a, b in raw):
                continue
            name = m.group(2)
            if "{{" in name or "{%" in name:
                return None
            folder = os.path.join(site.root, site.options.get("includes_dir", "_includes")) \
                if m.group(1) == "include" else os.path.dirname(source)
            out.append(os.path.normpath(os.path.join(folder, name)))
        return out


def _expand(template: str, ph: dict) -> str:
    def sub(m: re.Match) -> str:
        return ph.get(m.group(1), m.group(0))

    url = re.sub(r":([a-z_]+)", sub, template)
    url = re.sub(r"/{2,}", "/", "/" + url.lstrip("/"))
    return url


def _collection(parts: list[str], o) -> tuple[str | None, str]:
    """(collection label, path inside it) of a source path, else (None, "")."""
    cdir = o.get("collections_dir") or ""
    p = parts
    if cdir:
        cparts = cdir.split("/")
        if p[:len(cparts)] != cparts:
            return (("posts", "/".join(p[p.index("_posts") + 1:])) if "_posts" in p[:-1] else (None, ""))
        p = p[len(cparts):]
    if "_posts" in p[:-1]:  # also <category>/_posts/
        return "posts", "/".join(p[p.index("_posts") + 1:])
    if len(p) > 1 and p[0].startswith("_") and p[0][1:] in o["collections"]:
        return p[0][1:], "/".join(p[1:])
    return None, ""


def _categories(fm: dict) -> list[str]:
    out: list[str] = []
    for key in ("category", "categories"):
        v = fm.get(key)
        if isinstance(v, str):
            out += v.split() if key == "categories" else [v]
        elif isinstance(v, list):
            out += [str(x) for x in v]
    return out


def _default_permalink(rel: str, kind: str, o) -> str | None:
    """``permalink`` from the config's ``defaults`` whose scope (path, type) fits; the most
    specific path wins, later entries over earlier."""
    best, best_len = None, -1
    for d in o.get("defaults", []):
        scope = d.get("scope") if isinstance(d.get("scope"), dict) else {}
        values = d.get("values") if isinstance(d.get("values"), dict) else {}
        if "permalink" not in values:
            continue
        path = str(scope.get("path") or "").strip("/")
        typ = scope.get("type")
        if typ and typ != kind:
            continue
        if path and not (fnmatch.fnmatch(rel, path) or rel == path or rel.startswith(path + "/")):
            continue
        if len(path) >= best_len:
            best, best_len = values["permalink"], len(path)
    return STYLES.get(str(best), str(best)) if best else None


def _excluded(rel: str, o) -> bool:
    for pat in o.get("exclude", ()):
        p = pat.strip("/")
        if not p:
            continue
        if rel == p or rel.startswith(p + "/") or fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(os.path.basename(rel), p):
            return True
    return False


def _included(rel: str, o) -> bool:
    return any(rel == p.strip("/") or rel.startswith(p.strip("/") + "/") or fnmatch.fnmatch(os.path.basename(rel), p)
               for p in o.get("include", ()))


@lru_cache(maxsize=64)
def _posts_index(root: str) -> dict[str, str]:
    """post_url name (``2010-07-21-name``, ``dir/2010-07-21-name``) -> source path relative
    to the site root, for every file in any ``_posts`` folder."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "_site", "vendor")]
        if os.path.basename(dirpath) != "_posts" and "/_posts/" not in dirpath.replace(os.sep, "/") + "/":
            continue
        for f in filenames:
            rel = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
            stem = os.path.splitext(f)[0]
            sub = rel.split("_posts/", 1)[1]
            out.setdefault(stem, rel)
            out.setdefault(os.path.splitext(sub)[0], rel)
    return out


def _post_source(site: Site, name: str) -> str:
    """The source path a ``{% post_url name %}`` names (Jekyll matches the file name without
    its extension, with or without the folders under ``_posts``)."""
    got = _posts_index(site.root).get(name.strip("/"))
    return got if got is not None else f"_posts/{name}"


JEKYLL = Jekyll()
