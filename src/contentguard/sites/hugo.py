"""The Hugo profile: config, heading ids, where a content file is published, ``ref``/``relref``.

Detection: ``hugo.{toml,yaml,yml,json}`` (Hugo 0.110+), ``config.{toml,yaml,yml,json}`` or
the same names under ``config/_default/`` (the config directory: ``languages.fr.toml`` is
the ``languages.fr`` table, ``params.toml`` the ``params`` table, and so on). A
``config.*`` file counts only when the folder looks like a Hugo site (``content/``,
``layouts/``, ``themes/`` or ``archetypes/``) and is not Zola's (``base_url``). Keys are
case-insensitive, as in Hugo.

What is honoured (each checked against Hugo 0.168's output):

* heading ids: ``markup.goldmark.parser.autoHeadingIDType`` (``github``, ``github-ascii``,
  ``blackfriday``), ``autoHeadingID``, the typographer switch, ``{#id}``
  (:mod:`.slugs_hugo`), plus the ids that the site's own shortcodes write
  (:mod:`.hugo_shortcodes`);
* URLs: ``content/`` sections, ``_index.md`` (a section's list page), ``index.md`` (a leaf
  bundle, its files published beside it), front matter ``slug``, ``url`` (no language
  prefix) and ``aliases`` (absolute ones under the language prefix, relative ones beside
  the page), ``draft``, ``headless``, ``build.render: never`` and a past ``expiryDate``
  (not published, unless ``buildExpired``),
  ``permalinks`` per section with ``:year :month :monthname :day :weekday :yearday
  :section :sections :title :slug :filename :slugorfilename :contentbasename
  :slugorcontentbasename``, ``uglyURLs`` (all or per section; list pages stay
  ``/section/``), paths lower-cased (``disablePathToLower``) and sanitised as Hugo does
  (``A_b (c)+d`` → ``a_b-c+d``); multilingual sites with one content folder per language
  (``languages.<lang>.contentDir``) or translations by file name (``page.fr.md``),
  ``defaultContentLanguage`` and ``defaultContentLanguageInSubdir``, a language's own
  ``permalinks``, and multihost sites (every language with its own ``baseURL``: no
  language prefix, each at its host's root);
* ``static/`` (``staticDir``, the theme's ``static/``, ``module.mounts`` targeting
  ``static``) is served at ``/``; ``assets/`` is not (a template must publish its files);
* internal links ``{{< ref "x" >}}``, ``{{< relref "x" >}}``, ``{{% ref %}}``, named
  ``path=`` and ``#fragment`` included, resolved as Hugo's ``GetPage`` does: relative to
  the page's folder, then from the content root, with or without the extension, a folder
  meaning its ``_index.md``/``index.md``.

``[x](other.md)`` is fine when the file exists in the source tree (whether a render hook
rewrites it on the built site is not read: see docs/links.md, "Links to .md files").
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable, Sequence

from contentguard.sites import hugo_outputs, hugo_shortcodes
from contentguard.sites.base import Site, SiteLink, under
from contentguard.sites.common import front_matter, load_data, read_config
from contentguard.sites.slugs_hugo import goldmark_anchors, path_sanitize, urlize

__all__ = ["HUGO", "HugoProfile"]

_NAMES = tuple(f"{n}.{e}" for n in ("hugo", "config") for e in ("toml", "yaml", "yml", "json"))
CONFIG_FILES = _NAMES + tuple(f"config/_default/{f}" for f in _NAMES)
#: file extensions Hugo renders as pages (everything else in content/ is a resource)
PAGE_EXTS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".html", ".htm", ".adoc", ".asciidoc",
             ".org", ".pandoc", ".pdc", ".rst")
_SITE_DIRS = ("content", "layouts", "themes", "archetypes")
_ZOLA_KEYS = ("base_url", "compile_sass", "build_search_index", "generate_feeds", "generate_feed")


def _config_dir(root: str) -> str:
    return os.path.join(root, "config", "_default")


def _read_config(root: str, config: str) -> tuple[dict | None, str | None]:
    """The merged config: the root file, then ``config/_default/*`` (Hugo merges both), and
    why the config file itself cannot be read (then its part is empty: Hugo's defaults).
    None when it cannot be read and its name is not Hugo's alone (``config.toml`` may be
    Zola's)."""
    problem = None
    data: dict = {}
    files = [os.path.join(root, n) for n in _NAMES if os.path.isfile(os.path.join(root, n))][:1]
    cdir = _config_dir(root)
    if os.path.isdir(cdir):
        files += sorted(os.path.join(cdir, f) for f in os.listdir(cdir)
                        if f.rsplit(".", 1)[-1] in ("toml", "yaml", "yml", "json"))
    if config not in files:
        files.insert(0, config)
    for path in files:
        if path == config:
            raw, problem = read_config(path)
            if problem is not None and os.path.basename(path) == "config.toml":
                return None, problem  # Hugo's or Zola's: not known which
        else:
            raw = load_data(path)
        part = lower_keys(raw or {})
        if not isinstance(part, dict):
            continue
        stem = os.path.basename(path).rsplit(".", 1)[0].lower()
        if os.path.dirname(path) == cdir and stem not in ("hugo", "config"):
            keys = stem.split(".")  # languages.fr.toml -> languages -> fr
            for k in reversed(keys):
                part = {k: part}
        _merge(data, part)
    return data, problem


def lower_keys(data: Any) -> Any:
    """Mapping keys lower-cased at every level (Hugo's config keys are case-insensitive;
    ``[Languages.fr]`` and ``[languages.en]`` are one table)."""
    if isinstance(data, dict):
        out: dict = {}
        for k, v in data.items():
            key, v = str(k).lower(), lower_keys(v)
            if isinstance(v, dict) and isinstance(out.get(key), dict):
                out[key] = {**out[key], **v}
            else:
                out[key] = v
        return out
    if isinstance(data, list):
        return [lower_keys(v) for v in data]
    return data


def _merge(into: dict, part: dict) -> None:
    for k, v in part.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into.setdefault(k, v)


def _get(data: Any, *keys: str, default: Any = None) -> Any:
    for k in keys:
        if not isinstance(data, dict) or k not in data:
            return default
        data = data[k]
    return data


def _dirs(value: Any, default: str) -> list[str]:
    if value is None:
        return [default]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class HugoProfile:
    name = "hugo"
    config_files = CONFIG_FILES

    # --- config ----------------------------------------------------------------------
    def load(self, root: str, config: str) -> Site | None:
        root = os.path.abspath(root)
        data, problem = _read_config(root, config)
        if data is None:
            return None
        if any(k in data for k in _ZOLA_KEYS) and "baseurl" not in data:
            return None  # Zola's config.toml
        named = os.path.basename(config).startswith("hugo.") or os.path.dirname(
            os.path.abspath(config)) == _config_dir(root)
        if not named and not any(os.path.isdir(os.path.join(root, d)) for d in _SITE_DIRS):
            return None
        opts = self._options(root, data)
        content = tuple(dict.fromkeys(c for c, _lang in opts["content"]))
        return Site(profile=self.name, root=root, config=os.path.abspath(config), how="",
                    base_url=data.get("baseurl") or None, static_dirs=tuple(opts["static"]),
                    content_dirs=content, options=opts, problem=problem or "")

    def _options(self, root: str, data: dict) -> dict:
        langs = data.get("languages") if isinstance(data.get("languages"), dict) else {}
        default_lang = str(data.get("defaultcontentlanguage") or "en").lower()
        base_content = str(data.get("contentdir") or "content")
        content: list[tuple[str, str | None]] = []
        for lang, conf in sorted(langs.items(), key=lambda kv: (_get(kv[1], "weight", default=0) or 0, kv[0])):
            cdir = _get(conf, "contentdir")
            if cdir:
                content.append((os.path.normpath(os.path.join(root, str(cdir))), str(lang)))
        themes_dir = os.path.join(root, str(data.get("themesdir") or "themes"))
        themes = _dirs(data.get("theme"), "") if data.get("theme") else []
        theme_dirs = [os.path.join(themes_dir, t) for t in themes if t]
        static = [os.path.normpath(os.path.join(root, d)) for d in _dirs(data.get("staticdir"), "static")]
        static += [os.path.join(t, "static") for t in theme_dirs]
        for m in _get(data, "module", "mounts", default=[]) or []:
            if not isinstance(m, dict) or not m.get("source"):
                continue
            src = os.path.normpath(os.path.join(root, str(m["source"])))
            target = str(m.get("target") or "")
            if target == "static":
                static.append(src)
            elif target == "content":
                content.append((src, str(m["lang"]).lower() if m.get("lang") else None))
        if not any(lang is None for _c, lang in content) and not content:
            content.append((os.path.normpath(os.path.join(root, base_content)), None))
        gm = _get(data, "markup", "goldmark", default={}) or {}
        permalinks = data.get("permalinks") if isinstance(data.get("permalinks"), dict) else {}
        # a language's own permalinks are laid over the site's; every language with its
        # own baseURL makes a multihost site: each at its host's root, with no prefix
        lang_permalinks = {str(k).lower(): {**permalinks, **_get(c, "permalinks")} for k, c in langs.items()
                           if isinstance(_get(c, "permalinks"), dict)}
        multihost = len(langs) > 1 and all(_get(c, "baseurl") for c in langs.values())
        return {
            "content": content,
            "static": list(dict.fromkeys(static)),
            "languages": sorted(str(k).lower() for k in langs) or [default_lang],
            "default_language": default_lang,
            "default_in_subdir": bool(data.get("defaultcontentlanguageinsubdir")),
            "ugly_urls": data.get("uglyurls", False),
            "permalinks": permalinks,
            "lang_permalinks": lang_permalinks,
            "multihost": multihost,
            "path_to_lower": not data.get("disablepathtolower", False),
            "heading_id_type": str(_get(gm, "parser", "autoheadingidtype", default="github")).lower(),
            "auto_heading_id": bool(_get(gm, "parser", "autoheadingid", default=True)),
            "typographer": not _get(gm, "extensions", "typographer", "disable", default=False),
            "build_expired": bool(data.get("buildexpired")),
            "layout_dirs": [os.path.join(d, "layouts") for d in [root, *theme_dirs]],
            "i18n_dirs": [os.path.join(d, "i18n") for d in [root, *theme_dirs]],
            "footnote_prefix": bool(_get(gm, "extensions", "footnote", "enableautoidprefix", default=False)),
            **hugo_outputs.options(data),
        }

    # --- anchors -----------------------------------------------------------------------
    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        o = site.options
        return set(goldmark_anchors(headings, o.get("heading_id_type", "github"),
                                    o.get("auto_heading_id", True), o.get("typographer", True)))

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """Ids in this page that no heading makes: the ones the site's shortcodes write
        (``{{% def id="LE" %}}`` with a glossary shortcode writing ``id="def-{{ .id }}"``
        gives ``def-LE``) and goldmark's footnote ids (``fn:1``, ``fnref:1``, numbered in
        order; none when ``enableAutoIDPrefix`` makes them page-specific)."""
        place = self._place(site, os.path.abspath(source))
        lang = self._lang_of(site, place[1], place[2])[0] if place else site.options.get("default_language", "en")
        layouts = tuple(site.options.get("layout_dirs", ()))
        out = hugo_shortcodes.anchors(layouts, text, tuple(site.options.get("i18n_dirs", ())), lang)
        out |= hugo_shortcodes.layout_ids(layouts)
        if not site.options.get("footnote_prefix"):
            n = len(set(_FOOTNOTE_DEF.findall(text)))
            out |= {f"fn:{i}" for i in range(1, n + 1)} | {f"fnref:{i}" for i in range(1, n + 1)}
        return out

    def retired(self, site: Site, source: str) -> bool:
        """A content page past its ``expiryDate`` (on the run's date), unless ``buildExpired``."""
        if self._place(site, os.path.abspath(source)) is None or site.options.get("build_expired"):
            return False
        return _expired(front_matter(source, leading_blank_lines=True) or {}, site.options.get("today"))

    def generated_urls(self, site: Site) -> list[str]:
        """URLs Hugo writes that no source file stands for: home and section pages without
        an ``_index.md``, feeds, sitemaps, ``robots.txt``, 404 pages, taxonomy and term pages."""
        return hugo_outputs.generated(self, site)

    # --- URLs ----------------------------------------------------------------------------
    def _place(self, site: Site, source: str) -> tuple[str, str, str | None] | None:
        """(content dir, path relative to it, language) of a content file."""
        best = None
        for cdir, lang in site.options.get("content", ()):
            if under(source, cdir) and (best is None or len(cdir) > len(best[0])):
                best = (cdir, os.path.relpath(source, cdir).replace(os.sep, "/"), lang)
        return best

    def _lang_of(self, site: Site, rel: str, lang: str | None) -> tuple[str, str]:
        """(language, rel without a ``.fr`` translation suffix)."""
        stem, ext = os.path.splitext(rel)
        head, dot, suffix = stem.rpartition(".")
        if dot and suffix.lower() in site.options.get("languages", ()):
            return suffix.lower(), head + ext
        return lang or site.options.get("default_language", "en"), rel

    def urls(self, site: Site, source: str) -> list[str]:
        source = os.path.abspath(source)
        place = self._place(site, source)
        if place is None:
            return []
        cdir, rel, lang = place
        if any(p.startswith(".") for p in rel.split("/")):
            return []
        lang, rel = self._lang_of(site, rel, lang)
        if not rel.lower().endswith(PAGE_EXTS):
            return self._resource_urls(site, cdir, rel, lang)
        fm = front_matter(source, leading_blank_lines=True) or {}
        if _truthy(fm.get("draft")) or _truthy(fm.get("headless")) or _not_rendered(fm):
            return []
        if not site.options.get("build_expired") and _expired(fm, site.options.get("today")):
            return []  # past its expiryDate: Hugo leaves it out unless buildExpired
        parts = rel.split("/")
        stem = os.path.splitext(parts[-1])[0]
        dirs = parts[:-1]
        kind = "section" if stem == "_index" else "page"
        prefix = self.lang_prefix(site, lang)
        if isinstance(fm.get("url"), str) and fm["url"].strip():
            url = "/" + fm["url"].strip().lstrip("/")
            canonical = self.finish_path(site, url, ugly=False)
        else:
            canonical = self.finish_path(site, prefix + self._path(site, fm, kind, dirs, stem, lang),
                                     ugly=kind == "page" and self._ugly(site, dirs))
        out = [canonical]
        if canonical.endswith("/"):
            out.append(canonical + "index.html")
            out += [canonical + f for f in site.options.get("outputs", {}).get(
                "page" if kind == "page" else "section" if dirs else "home", ())]
        aliases = fm.get("aliases")
        for alias in [aliases] if isinstance(aliases, str) else aliases if isinstance(aliases, list) else ():
            out += self._alias(site, str(alias), canonical, prefix)
        return list(dict.fromkeys(out))

    def _path(self, site: Site, fm: dict, kind: str, dirs: list[str], stem: str, lang: str) -> str:
        permalinks = site.options.get("lang_permalinks", {}).get(lang) or site.options.get("permalinks") or {}
        section = dirs[0] if dirs else ""
        pattern = None
        if kind == "page":
            pattern = _get(permalinks, "page", section) if isinstance(permalinks.get("page"), dict) \
                else permalinks.get(section)
        elif isinstance(permalinks.get("section"), dict) and dirs:
            pattern = _get(permalinks, "section", section)
        base = dirs[-1] if (stem in ("index", "_index") and dirs) else stem
        if isinstance(pattern, str) and pattern:
            return _expand(pattern, fm, dirs if stem not in ("index", "_index") else dirs[:-1], base)
        if kind == "section":
            return "/" + "/".join(dirs) + ("/" if dirs else "")
        slug = fm.get("slug")
        last = str(slug) if isinstance(slug, (str, int)) and str(slug).strip() else base
        segs = (dirs[:-1] if stem == "index" else dirs) + [last]
        return "/" + "/".join(segs) + "/"

    def _ugly(self, site: Site, dirs: list[str]) -> bool:
        ugly = site.options.get("ugly_urls")
        if isinstance(ugly, dict):
            return bool(ugly.get(dirs[0] if dirs else "", False))
        return bool(ugly)

    def lang_prefix(self, site: Site, lang: str) -> str:
        o = site.options
        if (len(o.get("languages", ())) <= 1 and not o.get("default_in_subdir")) or o.get("multihost"):
            return ""
        if lang == o.get("default_language") and not o.get("default_in_subdir"):
            return ""
        return "/" + lang

    def finish_path(self, site: Site, path: str, ugly: bool) -> str:
        path = path_sanitize(path)
        if site.options.get("path_to_lower", True):
            path = path.lower()
        path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
        if ugly and path != "/" and path.endswith("/"):
            return path.rstrip("/") + ".html"
        if not path.endswith("/") and not os.path.splitext(path)[1]:
            path += "/"
        return path

    def _alias(self, site: Site, alias: str, canonical: str, prefix: str) -> list[str]:
        if alias.startswith("/"):
            path = prefix + alias
        else:
            folder = canonical if canonical.endswith("/") else canonical.rsplit("/", 1)[0] + "/"
            folder = folder.rstrip("/").rsplit("/", 1)[0] + "/" if canonical.endswith("/") else folder
            path = folder + alias
        ugly = canonical.endswith(".html")
        url = self.finish_path(site, path, ugly=ugly)
        return [url, url + "index.html"] if url.endswith("/") else [url]

    def _resource_urls(self, site: Site, cdir: str, rel: str, lang: str) -> list[str]:
        """A bundle's file is published beside its page (name kept as written)."""
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        d = folder
        while True:
            for idx in ("index", "_index"):
                for ext in PAGE_EXTS:
                    page = os.path.join(cdir, d, idx + ext)
                    if os.path.isfile(page):
                        page_urls = self.urls(site, page)
                        if not page_urls or not page_urls[0].endswith("/"):
                            return []
                        tail = rel[len(d) + 1:] if d else rel
                        return [page_urls[0] + tail]
            if not d:  # no bundle: a section's file, published at its path
                return [self.lang_prefix(site, lang) + "/" + rel]
            d = d.rsplit("/", 1)[0] if "/" in d else ""

    # --- internal links ---------------------------------------------------------------------
    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        source = os.path.abspath(source)
        if self._place(site, source) is None:
            return  # Hugo expands shortcodes in content files only
        for m in _REF.finditer(text):
            arg = m.group("a1") or m.group("a2") or m.group("a3") or m.group("a4") or ""
            s = m.start("a1") if m.group("a1") is not None else m.start("a2") if m.group("a2") is not None else \
                m.start("a3") if m.group("a3") is not None else m.start("a4")
            path, _, frag = arg.partition("#")
            fragment = frag if "#" in arg else None
            if not path:
                target = self._own_source(site, source)
            else:
                target = self.resolve_ref(site, source, path)
            yield SiteLink(s, s + len(arg), target, fragment, "source")

    def _own_source(self, site: Site, source: str) -> str:
        place = self._place(site, source)
        return place[1] if place else os.path.basename(source)

    def source_link(self, site: Site, source: str, path: str) -> str | None:
        """The content file a Markdown link to a page's source lands on when the site's link
        render hook looks it up with ``GetPage`` (the optional ``source_link`` method):
        fluxcd.io's ``render-link.html`` turns ``/flux/integrations/aws.md`` into that page's
        URL. Resolved as ``ref`` is; None without such a hook or without such a page."""
        if not _get_page_hook(tuple(site.options.get("layout_dirs", ()))):
            return None
        place = self._place(site, source)
        if place is None or "://" in path:
            return None
        here = os.path.dirname(place[1])
        p = path.split("#", 1)[0].split("?", 1)[0]
        cands = [p.lstrip("/")] if p.startswith("/") else [os.path.normpath(os.path.join(here, p)).replace(os.sep, "/")]
        for cand in cands:
            hit = _find_page(place[0], cand)
            if hit is not None:
                return os.path.join(place[0], hit)
        return None

    def resolve_ref(self, site: Site, source: str, path: str) -> str:
        """The content file (relative to its content dir) that ``ref "path"`` means on the
        page ``source``; the path as written (relative to the content root) when nothing
        matches, so that the link check reports it."""
        place = self._place(site, source)
        cdir = place[0] if place else (site.content_dirs[0] if site.content_dirs else site.root)
        here = os.path.dirname(place[1]) if place else ""
        p = path.strip()
        cands = [p.lstrip("/")] if p.startswith("/") else [
            os.path.normpath(os.path.join(here, p)).replace(os.sep, "/"), p]
        for cand in cands:
            hit = _find_page(cdir, cand)
            if hit is not None:
                return hit
        if "/" not in p.strip("/"):  # a bare name: the one page of that name anywhere
            named = _by_name(cdir).get(os.path.splitext(p.strip("/"))[0].lower())
            if named:
                return named
        return cands[0]


@lru_cache(maxsize=16)
def _get_page_hook(layout_dirs: tuple[str, ...]) -> bool:
    """Whether the site's (or its theme's) link render hook looks destinations up with
    ``GetPage`` (``layouts/_default/_markup/render-link.html``, or ``layouts/_markup/``)."""
    for d in layout_dirs:
        for sub in ("_default/_markup", "_markup"):
            try:
                with open(os.path.join(d, sub, "render-link.html"), encoding="utf-8", errors="replace") as fh:
                    if "GetPage" in fh.read(100_000):
                        return True
            except OSError:
                continue
    return False


@lru_cache(maxsize=32)
def _by_name(cdir: str) -> dict[str, str]:
    """Content files by base name (without extension) when the name is unique: Hugo's
    ``ref "post"`` finds a page by its name alone when only one page has it."""
    seen: dict[str, str | None] = {}
    for folder, dirs, files in os.walk(cdir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.lower().endswith(PAGE_EXTS):
                stem = f.rsplit(".", 1)[0].lower()
                rel = os.path.relpath(os.path.join(folder, f), cdir).replace(os.sep, "/")
                if stem in ("index", "_index"):
                    stem = os.path.basename(folder).lower()
                seen[stem] = None if stem in seen else rel
    return {k: v for k, v in seen.items() if v}


def _find_page(cdir: str, rel: str) -> str | None:
    rel = rel.strip("/")
    if rel.startswith(".."):
        return None
    full = os.path.join(cdir, rel)
    if rel and os.path.isfile(full):
        return rel
    if os.path.isdir(full):
        for idx in ("_index", "index"):
            for ext in PAGE_EXTS:
                if os.path.isfile(os.path.join(full, idx + ext)):
                    return f"{rel}/{idx}{ext}" if rel else f"{idx}{ext}"
    for ext in PAGE_EXTS:
        if rel and os.path.isfile(full + ext):
            return rel + ext
    return None


#: ``{{< ref "x" >}}``, ``{{% relref path="x" %}}``, unquoted ``{{< ref x >}}``
_REF = re.compile(r"""\{\{[<%]-?\s*(?:rel)?ref\s+(?:path\s*=\s*)?(?:"(?P<a1>[^"\n]*)"|`(?P<a2>[^`\n]*)`|'(?P<a3>[^'\n]*)'|(?P<a4>[^\s"'`>%}]+))[^}]*?-?[>%]\}\}""")


_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)


def _truthy(v: Any) -> bool:
    return v is True or (isinstance(v, str) and v.strip().lower() in ("true", "yes"))


def _expired(fm: dict, today: str | None) -> bool:
    """Past its ``expiryDate`` on ``today`` (the run's reference date, else the real one)."""
    d = _date({"date": fm.get("expirydate", fm.get("expiryDate"))})
    if d is None:
        return False
    try:
        ref = _dt.date.fromisoformat(str(today)) if today else _dt.date.today()
    except ValueError:
        ref = _dt.date.today()
    return d < ref


def _not_rendered(fm: dict) -> bool:
    for key in ("build", "_build"):
        b = fm.get(key)
        if isinstance(b, dict):
            r = b.get("render")
            if r is False or (isinstance(r, str) and r.lower() in ("never", "false")):
                return True
    return False


def _date(fm: dict) -> _dt.date | None:
    for key in ("date", "publishdate", "publishDate", "pubdate"):
        v = fm.get(key)
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, _dt.date):
            return v
        if isinstance(v, str):
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", v.strip())
            if m:
                try:
                    return _dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
    return None


def _expand(pattern: str, fm: dict, dirs: list[str], base: str) -> str:
    """A ``permalinks`` pattern for one page."""
    d = _date(fm)
    title = str(fm.get("title") or "")
    slug = str(fm["slug"]) if isinstance(fm.get("slug"), (str, int)) and str(fm["slug"]).strip() else None

    def tok(m: re.Match) -> str:
        t = m.group(1)
        if t in ("year", "month", "monthname", "day", "weekday", "weekdayname", "yearday"):
            if d is None:
                return ""
            return {"year": f"{d.year:04d}", "month": f"{d.month:02d}", "monthname": d.strftime("%B").lower(),
                    "day": f"{d.day:02d}", "weekday": str(d.isoweekday() % 7),
                    "weekdayname": d.strftime("%A").lower(), "yearday": str(d.timetuple().tm_yday)}[t]
        if t == "section":
            return dirs[0] if dirs else ""
        if t == "sections":
            return "/".join(dirs)
        if t == "title":
            return urlize(title)
        if t == "slug":
            return slug or urlize(title)
        if t in ("filename", "contentbasename"):
            return base
        if t in ("slugorfilename", "slugorcontentbasename"):
            return slug or base
        return m.group(0)

    return re.sub(r":(\w+)", tok, pattern)


HUGO = HugoProfile()
