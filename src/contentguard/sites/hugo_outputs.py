"""The files Hugo writes besides each page's ``index.html``: output formats, feeds,
sitemaps, ``robots.txt``, 404 pages, automatic sections and taxonomy pages.

From the config: ``outputs`` per kind (``home``, ``section``, ``page``, ``taxonomy``,
``term``; Hugo's defaults: home and sections HTML + RSS, pages HTML), ``outputFormats``
(``baseName``, ``mediaType``; built-in ``RSS`` → ``index.xml``, ``JSON`` → ``index.json``,
``Calendar`` → ``index.ics``, ``CSV`` → ``index.csv``), ``disableKinds``,
``enableRobotsTXT``, ``sitemap.filename`` and ``taxonomies`` (default ``tags`` and
``categories``; a term page for each value in the pages' front matter).
"""
from __future__ import annotations

import os
from typing import Any

from contentguard.sites.base import Site
from contentguard.sites.common import front_matter, walk_files
from contentguard.sites.slugs_hugo import urlize

__all__ = ["generated", "options"]

_BUILTIN = {"html": None, "rss": ("index", "xml"), "json": ("index", "json"), "calendar": ("index", "ics"),
            "csv": ("index", "csv"), "markdown": ("index", "md"), "robots": None, "sitemap": None, "amp": None}
_SUFFIX = {"application/json": "json", "application/rss+xml": "xml", "application/xml": "xml", "text/xml": "xml",
           "text/html": "html", "text/plain": "txt", "text/calendar": "ics", "text/csv": "csv",
           "application/manifest+json": "webmanifest", "text/markdown": "md"}
_DEFAULT_OUTPUTS = {"home": ["html", "rss"], "section": ["html", "rss"], "page": ["html"],
                    "taxonomy": ["html", "rss"], "term": ["html", "rss"]}


def _files(fmt: str, formats: dict) -> str | None:
    """The file name an output format writes (``index.xml``), None for HTML and unknowns."""
    conf = formats.get(fmt) if isinstance(formats.get(fmt), dict) else {}
    base, suffix = _BUILTIN.get(fmt) or (None, None)
    base = str(conf.get("basename") or base or "index")
    media = str(conf.get("mediatype") or "").lower()
    suffix = _SUFFIX.get(media, suffix)
    if fmt == "html" or suffix is None:
        return None
    return f"{base}.{suffix}"


def options(data: dict) -> dict[str, Any]:
    """What :func:`generated` needs from the (lower-cased) config."""
    formats = data.get("outputformats") if isinstance(data.get("outputformats"), dict) else {}
    conf_out = data.get("outputs") if isinstance(data.get("outputs"), dict) else {}
    outputs = {}
    off = {str(k).lower() for k in data.get("disablekinds") or []}
    for kind, default in _DEFAULT_OUTPUTS.items():
        fmts = [str(f).lower() for f in (conf_out.get(kind) or default) if str(f).lower() not in off]
        outputs[kind] = [f for f in (_files(x, formats) for x in fmts) if f]
    tax = data.get("taxonomies")
    sitemap = data.get("sitemap") if isinstance(data.get("sitemap"), dict) else {}
    return {
        "outputs": outputs,
        "disable_kinds": [str(k).lower() for k in data.get("disablekinds") or []],
        "robots_txt": bool(data.get("enablerobotstxt")),
        "sitemap_name": str(sitemap.get("filename") or "sitemap.xml"),
        "taxonomies": [str(v) for v in tax.values()] if isinstance(tax, dict) else ["tags", "categories"],
    }


def generated(profile, site: Site) -> list[str]:
    o = site.options
    off = set(o.get("disable_kinds", ()))
    outs = o.get("outputs", {})
    prefixes = {profile.lang_prefix(site, lang) for lang in o.get("languages", ())} or {""}
    urls: list[str] = ["/404.html"] if "404" not in off else []
    if "robotstxt" not in off and o.get("robots_txt"):
        urls.append("/robots.txt")
    if "sitemap" not in off:
        urls.append("/" + o.get("sitemap_name", "sitemap.xml"))
    for pre in prefixes:
        if "home" not in off:
            urls += [pre + "/", pre + "/index.html", *(pre + "/" + f for f in outs.get("home", ()))]
        if "404" not in off:
            urls.append(pre + "/404.html")
        if "sitemap" not in off:
            urls.append(pre + "/" + o.get("sitemap_name", "sitemap.xml"))
    terms: dict[str, set[str]] = {}
    for cdir, lang in o.get("content", ()):
        pre = profile.lang_prefix(site, lang or o.get("default_language", "en"))
        try:
            tops = sorted(e.name for e in os.scandir(cdir) if e.is_dir() and not e.name.startswith("."))
        except OSError:
            tops = []
        if "section" not in off:
            for top in tops:
                if any(os.path.isfile(os.path.join(cdir, top, f"_index.{e}")) for e in ("md", "markdown", "html")):
                    continue  # a section with its own page: urls() says where it goes
                sec = profile.finish_path(site, f"{pre}/{top}/", ugly=False)
                urls += [sec, sec + "index.html", *(sec + f for f in outs.get("section", ()))]
        if "taxonomy" in off and "term" in off:
            continue
        for f in walk_files(cdir):
            if not f.endswith((".md", ".markdown", ".html")):
                continue
            fm = front_matter(f, leading_blank_lines=True) or {}
            for plural in o.get("taxonomies", ()):
                vals = fm.get(plural)
                for v in ([vals] if isinstance(vals, str) else vals if isinstance(vals, list) else ()):
                    terms.setdefault(f"{pre}/{plural}", set()).add(urlize(str(v)))
    for base, values in terms.items():
        for kind, tail in (("taxonomy", ""),) + tuple(("term", v + "/") for v in sorted(values)):
            if kind in off:
                continue
            u = profile.finish_path(site, f"{base}/{tail}", ugly=False)
            urls += [u, u + "index.html", *(u + f for f in outs.get(kind, ()))]
    return list(dict.fromkeys(urls))
