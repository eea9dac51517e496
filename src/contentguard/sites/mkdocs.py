"""MkDocs (and Material for MkDocs): ``mkdocs.yml`` / ``mkdocs.yaml``.

Read from the config: ``docs_dir`` (default ``docs``), ``use_directory_urls`` (default
true), ``site_url``, and the ``toc`` extension's ``slugify`` and ``separator`` under
``markdown_extensions`` (MkDocs always enables ``toc``). Python tags in the YAML
(``!!python/name:``, ``!!python/object/apply:``, ``!ENV``) are read as names, never run.

URLs: every file under ``docs_dir`` is published, and a theme override template
(``theme: custom_dir``) at the URL of the pages that name it (``template: home.html``); a Markdown page ``a/b.md`` at ``/a/b/``
(``/a/b.html`` without directory URLs), ``a/index.md`` and ``a/README.md`` at ``/a/``;
other files at their own path. MkDocs rewrites ``[x](other.md)`` links to the page, and
warns when ``other.md`` is missing.

Not knowable without running the site's Python: ``hooks:`` and plugins that rewrite
pages (Material's blog plugin moves posts to ``blog/YYYY/MM/DD/slug/``; a hook may add
anchors). ``Site.options["page_hooks"]`` lists the hooks that define ``on_page_markdown``;
with one, a heading that is nothing but an HTML comment (``#### <!-- md:setting x -->``,
which the hook fills in) makes that page's anchors unknown (:class:`OpenAnchors`) rather
than missing.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter, walk_files, yaml_reason
from contentguard.sites.slugs_pymd import SLUGIFIERS, toc_ids, toc_slugify
from contentguard.yamlbounds import SAFE_LOADER, check_bounds

MD_EXTS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_EMOJI = re.compile(r":[+\-\w]+:")  # pymdownx.emoji shortcodes: rendered as icons, no text
_TAB = re.compile(r"""^[ \t]*===\+?[ \t]+"([^"\n]+)"[ \t]*$""", re.M)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


class _Tagged(str):
    """A YAML value behind a tag the site's Python would construct (kept as its name)."""

    kwds: dict = {}


def _loader():
    class Loader(SAFE_LOADER):  # type: ignore[misc, valid-type]
        pass

    def tagged(loader, suffix, node):
        name = _Tagged(suffix)
        if isinstance(node, yaml.MappingNode):
            data = loader.construct_mapping(node, deep=True)
            name.kwds = data.get("kwds") or {}
        return name

    def env(loader, node):
        return None  # !ENV: set when the site is built, unknown here

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", tagged)
    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return Loader


def read_yaml(path: str) -> tuple[Any, str | None]:
    """``mkdocs.yml`` as data, Python tags kept as names, and None; or None and why it
    cannot be read."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read(1_000_000)
        check_bounds(text)
        return yaml.load(text, Loader=_loader()), None  # noqa: S506 - a SafeLoader subclass
    except OSError as e:
        return None, f"cannot read it: {e.strerror or e}"
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except yaml.YAMLError as e:
        return None, yaml_reason(e)


def extension(extensions: Any, name: str) -> dict | None:
    """The options of Markdown extension ``name`` in ``markdown_extensions`` (a list of
    names and one-key mappings, or a mapping); None when it is not enabled."""
    if isinstance(extensions, dict):
        return (extensions.get(name) or {}) if name in extensions else None
    for e in extensions if isinstance(extensions, list) else []:
        if e == name:
            return {}
        if isinstance(e, dict) and name in e:
            return e[name] if isinstance(e[name], dict) else {}
    return None


def slug_options(conf: dict | None) -> tuple[str, dict, str, str]:
    """(slugify name, its keyword arguments, separator, what was read) of a ``toc`` or
    ``pymdownx.tabbed`` configuration; ``toc.slugify`` when it sets none."""
    conf = conf or {}
    name, kwds, said = "markdown.extensions.toc.slugify", {}, "toc.slugify (default)"
    sep = conf["separator"] if isinstance(conf.get("separator"), str) else "-"
    s = conf.get("slugify")
    if isinstance(s, str):
        fn = s.split(":", 1)[-1]
        if fn in SLUGIFIERS:
            name, kwds = fn, dict(getattr(s, "kwds", {}) or {})
            said = f"slugify = {fn}" + (f" {kwds}" if kwds else "")
        else:
            said = f"slugify = {fn} (not known here; toc.slugify used)"
    return name, kwds, sep, said


def _tab_ids(text: str, tabbed: dict, heading_id) -> set[str]:
    """Content-tab ids of ``pymdownx.tabbed`` with ``slugify`` set: the tab title's slug,
    after the heading's id and the separator with ``combine_header_slug``."""
    fn = SLUGIFIERS.get(tabbed.get("slugify", ""), toc_slugify)
    kwds = dict(tabbed.get("slugify_kwds") or {})
    sep = tabbed.get("separator", "-")
    heads = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
    out = set()
    for m in _TAB.finditer(text):
        title = _EMOJI.sub("", m.group(1)) if tabbed.get("emoji") else m.group(1)
        tab = fn(title, sep, **kwds)
        out.add(tab)
        if tabbed.get("combine_header_slug"):
            before = [h for pos, h in heads if pos < m.start()]
            if before:
                out.add(f"{heading_id(before[-1])}{sep}{tab}")
    return out


def page_hooks(root: str, hooks: Sequence[str]) -> tuple[str, ...]:
    """The configured hook files that rewrite a page's Markdown (define ``on_page_markdown``)."""
    out = []
    for h in hooks:
        path = os.path.normpath(os.path.join(root, h))
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                if "def on_page_markdown" in f.read(500_000):
                    out.append(h)
        except OSError:
            continue
    return tuple(out)


class MkDocs:
    name = "mkdocs"
    config_files = ("mkdocs.yml", "mkdocs.yaml")

    def load(self, root: str, config: str) -> Site | None:
        data, problem = read_yaml(config)
        if problem is not None:
            data = {}  # only MkDocs reads mkdocs.yml: its defaults
        elif not isinstance(data, dict) or "site_name" not in data and "nav" not in data \
                and "docs_dir" not in data and "theme" not in data:
            return None
        docs = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
        docs = os.path.normpath(os.path.join(root, docs))
        exts = data.get("markdown_extensions")
        slug, kwds, sep, said = slug_options(extension(exts, "toc"))
        said = "toc." + said if said.startswith("slugify") else said
        tabbed = extension(exts, "pymdownx.tabbed")
        tabs = None
        if tabbed and tabbed.get("slugify"):
            t_slug, t_kwds, t_sep, _ = slug_options(tabbed)
            tabs = {"slugify": t_slug, "slugify_kwds": t_kwds, "separator": t_sep,
                    "combine_header_slug": bool(tabbed.get("combine_header_slug")),
                    "emoji": extension(exts, "pymdownx.emoji") is not None}
        dir_urls = data.get("use_directory_urls")
        hooks = data.get("hooks") if isinstance(data.get("hooks"), list) else []
        rewrites = page_hooks(root, [str(h) for h in hooks])
        if rewrites:
            said += f"; ids made by hooks ({', '.join(rewrites)}) read from the pages' <!-- --> shortcodes"
        site_url = data.get("site_url") if isinstance(data.get("site_url"), str) else None
        theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
        custom = theme.get("custom_dir") if isinstance(theme.get("custom_dir"), str) else None
        custom = os.path.normpath(os.path.join(root, custom)) if custom else None
        return Site(profile=self.name, root=root, config=config,
                    how=f"detected from {os.path.basename(config)}; headings: {said}",
                    base_url=site_url, static_dirs=(docs,), content_dirs=(docs,),
                    options={"slugify": slug, "slugify_kwds": kwds, "separator": sep,
                             "use_directory_urls": dir_urls is not False,
                             "page_hooks": rewrites, "tabbed": tabs,
                             "emoji": extension(exts, "pymdownx.emoji") is not None,
                             "custom_dir": custom, "template_pages": {}}, problem=problem or "")

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        fn = SLUGIFIERS.get(site.options.get("slugify", ""), toc_slugify)
        kwds = dict(site.options.get("slugify_kwds") or {})
        sep = site.options.get("separator", "-")
        if site.options.get("emoji"):
            headings = [(_EMOJI.sub("", text), explicit) for text, explicit in headings]
        return set(toc_ids(headings, lambda text, s: fn(text, s, **kwds), sep))

    def _heading_id(self, site: Site, heading: str) -> str:
        m = re.search(r"\{[^}]*#([\w:.-]+)[^}]*\}\s*$", heading)
        if m:
            return m.group(1)
        fn = SLUGIFIERS.get(site.options.get("slugify", ""), toc_slugify)
        heading = re.sub(r"<[^>]*>", "", heading)
        if site.options.get("emoji"):
            heading = _EMOJI.sub("", heading)
        return fn(heading, site.options.get("separator", "-"),
                  **dict(site.options.get("slugify_kwds") or {}))

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """Ids the page's own text makes beyond its headings (the optional ``PageAnchors`` method):
        content tabs (``=== "Title"``) when ``pymdownx.tabbed`` slugifies them, and, when a
        hook rewrites pages, the words of its HTML-comment shortcodes
        (``<!-- md:setting config.blog_dir -->`` → ``config.blog_dir`` and
        ``+config.blog_dir``): such a hook makes ids from them that nothing else can know."""
        ids: set[str] = set()
        if site.options.get("page_hooks") and "<!--" in text:
            for m in _COMMENT.finditer(text):
                for word in m.group(1).split():
                    ids.update((word, "+" + word))
        tabbed = site.options.get("tabbed")
        if tabbed and "===" in text:
            ids.update(_tab_ids(text, tabbed, lambda h: self._heading_id(site, h)))
        return ids

    def urls(self, site: Site, source: str) -> list[str]:
        docs = site.content_dirs[0] if site.content_dirs else site.root
        custom = site.options.get("custom_dir")
        if custom and source.startswith(custom.rstrip(os.sep) + os.sep):
            return self._template_urls(site, docs, os.path.relpath(source, custom).replace(os.sep, "/"))
        rel = os.path.relpath(source, docs)
        if rel.startswith(".."):
            return []
        rel = rel.replace(os.sep, "/")
        if any(part.startswith(".") for part in rel.split("/")):
            return []  # MkDocs leaves out dot files and folders
        stem, ext = os.path.splitext(rel)
        if ext.lower() not in MD_EXTS:
            return ["/" + rel]
        d, base = os.path.split(stem)
        prefix = f"/{d}/" if d else "/"
        if base.lower() in ("index", "readme"):
            return [prefix, prefix + "index.html"]
        if site.options.get("use_directory_urls", True):
            return [f"{prefix}{base}/", f"{prefix}{base}/index.html"]
        return [f"{prefix}{base}.html"]

    def _template_urls(self, site: Site, docs: str, name: str) -> list[str]:
        """A theme override template (``custom_dir``) is published at the URL of each page
        whose front matter names it (``template: home.html``); a template no page names
        (``main.html`` wraps every page) has no URL of its own."""
        pages = site.options["template_pages"]
        if not pages:
            pages["."] = []
            for f in walk_files(docs):
                if f.lower().endswith(MD_EXTS):
                    t = (front_matter(f) or {}).get("template")
                    if isinstance(t, str):
                        pages.setdefault(t, []).append(f)
        return [u for page in sorted(pages.get(name, ())) for u in self.urls(site, page)]

    def hidden(self, site: Site, source: str, text: str) -> list[tuple[int, int]]:
        """A Jinja template outside ``docs_dir`` that no page names (a theme's own source,
        ``{% extends "main.html" %}``) is not published by this site as written: its links
        resolve against whichever pages it renders, unknown here, so none is the page's
        (the optional ``PageAnchors`` method)."""
        if not source.lower().endswith((".html", ".htm", ".j2", ".jinja")) or "{%" not in text:
            return []
        if self.urls(site, source) or not re.search(r"\{%-?\s*(extends|block|include|macro)\b", text):
            return []
        return [(0, len(text))]

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        return ()  # MkDocs has no link syntax of its own: [x](page.md) is plain Markdown


MKDOCS = MkDocs()
