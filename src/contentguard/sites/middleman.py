"""Middleman (and GOV.UK tech docs, built on it): ``config.rb`` or ``config/tech-docs.yml``.

Pages live in ``source/`` (``set :source``). A source's template extensions are dropped to
make its output name: ``x.html.md.erb`` and ``x.html.md`` build ``x.html``, ``x.md`` builds
``x.html``, ``style.css.scss`` builds ``style.css``. With ``activate :directory_indexes``,
``x.html`` is served at ``/x/`` (front matter ``directory_index: false`` opts out). Partials
(``_x.erb``) and ``layouts/`` are not published. Heading ids: the tech docs gem's own
generator (Redcarpet's rendered heading, ``UniqueIdentifierGenerator``); plain Middleman
with ``set :markdown_engine, :redcarpet`` and ``with_toc_data``, Redcarpet's; otherwise
kramdown's (Middleman's default engine). ``link_to "text", "/path/"`` in ERB is a link.
The tech docs gem's ``redirects:`` write a page at each old path.
"""
from __future__ import annotations

import os
import re
from typing import Iterable, Sequence

from contentguard.sites import slugs
from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter, read_config

__all__ = ["MIDDLEMAN", "Middleman"]

TEMPLATE_EXTS = {".md", ".markdown", ".mkd", ".erb", ".haml", ".slim", ".liquid", ".builder", ".rb",
                 ".str", ".mustache", ".tt"}
CONVERTED = {".scss": ".css", ".sass": ".css", ".coffee": ".js", ".less": ".css"}
_SOURCE = re.compile(r"^\s*set\s+:source\s*,\s*[\"']([^\"']+)[\"']", re.M)
_PARTIAL = re.compile(r"<%=?\s*partial\s*\(?\s*[\"':]([^\"'\s,)]+)")
_LINK_TO = re.compile(r"link_to\s*\(?\s*(?:\"[^\"\n]*\"|'[^'\n]*')\s*,\s*[\"']((?![A-Za-z][A-Za-z0-9+.-]*:|//)"
                      r"[^\"'#\s]+)(#[^\"'\s]*)?[\"']")


class Middleman:
    name = "middleman"
    config_files = ("config/tech-docs.yml", "config.rb")
    #: Middleman renders ``[x](other.md)`` as written: the built site has ``other.html``

    def load(self, root: str, config: str) -> Site | None:
        rb = os.path.join(root, "config.rb")
        text = ""
        if os.path.isfile(rb):
            try:
                with open(rb, encoding="utf-8", errors="replace") as fh:
                    text = fh.read(500_000)
            except OSError:
                text = ""
        tech_docs = config.endswith("tech-docs.yml") or "GovukTechDocs" in text
        if not tech_docs and not re.search(r"^\s*(activate\s+:|set\s+:(source|markdown|css_dir|js_dir))|middleman",
                                           text, re.M | re.I):
            return None
        m = _SOURCE.search(text)
        source = os.path.normpath(os.path.join(root, m.group(1) if m else "source"))
        if not os.path.isdir(source):
            return None
        host, problem, redirects = None, None, []
        if tech_docs and os.path.isfile(os.path.join(root, "config", "tech-docs.yml")):
            data, problem = read_config(os.path.join(root, "config", "tech-docs.yml"))
            host = data.get("host") if isinstance(data, dict) else None
            moved = data.get("redirects") if isinstance(data, dict) else None
            redirects = ["/" + str(k).lstrip("/") for k in moved] if isinstance(moved, dict) else []
        if tech_docs:
            engine = "tech_docs"
        elif re.search(r"markdown_engine\s*,\s*:redcarpet", text) and "with_toc_data" in text:
            engine = "redcarpet"
        else:
            engine = "kramdown"
        options = {"engine": engine, "redirects": redirects,
                   "directory_indexes": bool(re.search(r"^\s*activate\s+:directory_indexes", text, re.M))}
        return Site(profile=self.name, root=root, config=config, how="",
                    base_url=(str(host).rstrip("/") + "/") if isinstance(host, str) and host else None,
                    static_dirs=(source,), content_dirs=(source,), options=options, problem=problem or "")

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        engine = site.options.get("engine")
        if engine == "tech_docs":
            return set(slugs.tech_docs(headings))
        if engine == "redcarpet":
            return set(slugs.redcarpet(headings))
        return set(slugs.kramdown(headings))

    def generated_urls(self, site: Site) -> list[str]:
        """The pages the tech docs gem writes for ``redirects:`` in ``config/tech-docs.yml``
        (``/standards/git.html: /standards/source-code/working-with-git.html``): each old
        path is a page that sends the reader on."""
        return list(site.options.get("redirects", ()))

    def urls(self, site: Site, source: str) -> list[str]:
        src = site.content_dirs[0]
        rel = os.path.relpath(source, src).replace(os.sep, "/")
        if rel.startswith("../"):
            return []
        parts = rel.split("/")
        if parts[0] == "layouts" or any(p.startswith(("_", ".")) for p in parts):
            return []
        name = parts[-1]
        templated = False
        while True:
            base, ext = os.path.splitext(name)
            if ext.lower() in TEMPLATE_EXTS and base:
                templated = True
                name = base
                continue
            break
        base, ext = os.path.splitext(name)
        if ext.lower() in CONVERTED:  # style.css.scss and style.scss both build style.css
            conv = CONVERTED[ext.lower()]
            name, ext = (base, os.path.splitext(base)[1]) if os.path.splitext(base)[1] else (base + conv, conv)
        elif not ext and templated:
            name, ext = name + ".html", ".html"
        folder = "/".join(parts[:-1])
        path = "/" + (folder + "/" if folder else "") + name
        if ext != ".html":
            return [path]
        fm = front_matter(source) or {}
        if name == "index.html":
            return [path[:-len("index.html")], path]
        if site.options.get("directory_indexes") and fm.get("directory_index") is not False:
            pretty = path[:-len(".html")] + "/"
            return [pretty, pretty + "index.html"]
        return [path]

    def includes(self, site: Site, source: str, text: str) -> list[str] | None:
        """Partials (``<%= partial "dir/name" %>``): ``dir/_name`` with any template extensions,
        from the source folder, else beside the page."""
        if "partial" not in text:
            return []
        out = []
        for m in _PARTIAL.finditer(text):
            name = m.group(1)
            if "#{" in name:
                return None
            d, base = os.path.split(name.lstrip("/"))
            found = None
            for folder in (site.content_dirs[0], os.path.dirname(source)):
                for prefix in ("_", ""):
                    stem = os.path.join(folder, d, prefix + base)
                    try:
                        names = os.listdir(os.path.dirname(stem))
                    except OSError:
                        continue
                    hit = sorted(n for n in names if n == os.path.basename(stem) or
                                 n.startswith(os.path.basename(stem) + "."))
                    if hit:
                        found = os.path.join(os.path.dirname(stem), hit[0])
                        break
                if found:
                    break
            if found is None:
                return None  # a partial we cannot find (from a gem, a helper): ids unknown
            out.append(found)
        return out

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        if "link_to" not in text:
            return
        for m in _LINK_TO.finditer(text):
            frag = m.group(2)
            yield SiteLink(m.start(1), m.end(2) if frag else m.end(1), m.group(1),
                           frag[1:] if frag else None, "url")


MIDDLEMAN = Middleman()
