"""Eleventy (11ty): ``eleventy.config.{js,mjs,cjs,ts}`` or ``.eleventy.js``, read as text.

Read from the config (and the local files it imports, e.g. ``./config/markdown.js``):
``dir: { input, output, includes, data, layouts }``, ``pathPrefix``,
``templateFormats``, ``addPassthroughCopy("src/img")`` and ``{"src/a/*.js": "js/"}``
calls with literal strings, and which plugins shape heading ids: ``IdAttributePlugin``
(Eleventy's ``slugify`` filter, or ``@sindresorhus/slugify`` when the config imports it
for its ``slugify`` option) or ``markdown-it-anchor``. Not knowable without running it: a
custom ``slugify`` function's own extra steps, paths computed in code, ``.11tydata.js``
data files and JavaScript permalinks. Without an id plugin, Eleventy's Markdown gives
headings no ids at all.

URLs: the output folder (``_site``) is build output, never a source. A template
(``.md``, ``.njk``, ``.html``, ``.liquid``, ``.11ty.js``, ``.webc`` with its plugin, as
``templateFormats`` says) ``docs/usage.md`` under the input folder is published at
``/docs/usage/`` (``index.md`` at its folder), unless its front matter, or a directory
data file (``docs/docs.json`` / ``docs.11tydata.json``) up the tree, sets ``permalink``:
``false`` is not published, a literal is taken as written, and ``{{ page.fileSlug }}``,
``{{ page.filePathStem }}`` and ``{{ page.outputFileExtension }}`` are filled in; any
other template in a permalink cannot be known (no URL given). Passthrough copies are
published where the call sends them (the input folder dropped from the path).

Internal link syntax: ``{{ '/docs/' | url }}`` (the ``url`` filter; ``pathPrefix`` is
added by Eleventy, so the target is the URL as written). With
``InputPathToUrlTransformPlugin`` links to source files (``/docs/usage.md``) are rewritten
to their URL (``Site.options["md_links"]``).
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from contentguard.sites import jsconfig
from contentguard.sites.base import Site, SiteLink
from contentguard.sites.common import front_matter
from contentguard.sites.slugs_js import (eleventy_id_attribute_ids, eleventy_slugify, markdown_it_anchor,
                                         markdown_it_anchor_ids, sindresorhus_slugify)

DEFAULT_FORMATS = ("liquid", "md", "njk", "html", "11ty.js")
_URL_FILTER = re.compile(r"""\{\{-?\s*(["'])([^"'{}\n]*)\1\s*\|\s*url\s*-?\}\}""")
_WRAPPED_DROP = re.compile(r"[=\":’'`,?!]")
_HIDDEN = re.compile(r"\{#.*?#\}|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
                     r"|\{%-?\s*set\s+[\w.]+\s*-?%\}.*?\{%-?\s*endset\s*-?%\}"
                     r"|\{%-?\s*capture\s+\w+\s*-?%\}.*?\{%-?\s*endcapture\s*-?%\}", re.DOTALL)
_CODE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?^[ \t]{0,3}\1[ \t]*$|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}",
                   re.DOTALL | re.M)
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_SLUGIFY_ID = re.compile(r"""\bid=["']\{\{-?\s*(["'])([^"'{}\n]*)\1\s*\|\s*slugify\s*-?\}\}["']""")
_IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
#: a part of a paginated template's permalink written for the pages after the first
_LATER_PAGES = re.compile(r"\{%-?\s*if\s+pagination\.pageNumber\s*(?:>\s*0|!=\s*0|>=\s*1)?\s*-?%\}"
                          r"(?:(?!\{%).)*\{%-?\s*endif\s*-?%\}", re.S)
#: any other ``{{ ... }}`` expression of a permalink (a custom filter, a data field)
_EXPR = re.compile(r"\{\{.*?\}\}")
_PERMALINK_VAR = re.compile(r"\{\{-?\s*page\.(fileSlug|filePathStem|outputFileExtension)\s*-?\}\}")


def read_config(config: str) -> dict:
    text = jsconfig.read_config(config)
    texts = [text] + [jsconfig.read_config(p) for p in jsconfig.local_imports(config, text)]
    allt = "\n".join(texts)
    consts = jsconfig.constants(allt)
    dirs = jsconfig.block(text, "dir") or ""
    out = {k: jsconfig.value(dirs, k, consts) for k in ("input", "output", "includes", "data", "layouts")}
    out["pathPrefix"] = jsconfig.value(text, "pathPrefix", consts)
    m = re.search(r"templateFormats\s*:\s*\[", text)
    out["formats"] = tuple(jsconfig.strings(jsconfig.balanced(text, m.end() - 1))) if m else None
    m = re.search(r"""setTemplateFormats\s*\(\s*(\[[^\]]*\]|["'][^"']*["'])""", text)
    if m:
        got = jsconfig.strings(m.group(1))
        out["formats"] = tuple(x.strip() for s in got for x in s.split(","))
    passthrough = []
    for args in jsconfig.call_args(allt, "addPassthroughCopy"):
        a = args.strip()
        if a.startswith("{"):
            passthrough += [(k, v) for k, v in jsconfig.pairs(a)]
            # {[resolveModule("pkg")]: "js/pkg.js"}: the source is computed, the output is not
            passthrough += [("", v) for v in re.findall(r"""\]\s*:\s*["'`]([^"'`\n]+)["'`]""", a)]
        else:
            got = jsconfig.strings(a.split(",")[0])
            if got:
                passthrough.append((got[0], None))
    out["passthrough"] = passthrough
    webc = jsconfig.imports_package(allt, "@11ty/eleventy-plugin-webc")
    if webc and out["formats"] is not None and "webc" not in out["formats"]:
        out["formats"] = (*out["formats"], "webc")
    ids = None
    if "IdAttributePlugin" in allt:
        own = jsconfig.imports_package(allt, "@sindresorhus/slugify")
        ids = ("id-attribute", "sindresorhus" if own else "eleventy")
        m = re.search(r"IdAttributePlugin\s*,\s*\{", allt)
        opt = jsconfig.value(jsconfig.balanced(allt, m.end() - 1), "slugify") if m else None
        wrapped = m is not None and re.search(r"""(?:^|[\s,{])slugify\s*:""", jsconfig.balanced(allt, m.end() - 1))
        if wrapped and opt is None:
            ids = (*ids, "wrapped")  # the site's own function around the library
    elif jsconfig.imports_package(allt, "markdown-it-anchor"):
        ids = ("markdown-it-anchor", "sindresorhus" if jsconfig.imports_package(allt, "@sindresorhus/slugify")
               else "default")
    out["ids"] = ids
    out["input_path_to_url"] = "InputPathToUrlTransformPlugin" in allt
    out["image_transform"] = "eleventyImageTransformPlugin" in allt
    out["outputs"] = [v for v in re.findall(r"""outputPath\s*:\s*["'](/[^"'\n]+)["']""", allt)]
    return out


class Eleventy:
    name = "eleventy"
    config_files = ("eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs",
                    "eleventy.config.ts", ".eleventy.js")
    templated_headings = True  # a shortcode in a heading is dropped before slugging (anchors)

    def load(self, root: str, config: str) -> Site | None:
        cfg = read_config(config)
        inp = os.path.normpath(os.path.join(root, cfg["input"] or "."))
        out = os.path.normpath(os.path.join(root, cfg["output"] or "_site"))
        special = [os.path.normpath(os.path.join(inp, cfg[k] or d))
                   for k, d in (("includes", "_includes"), ("data", "_data"), ("layouts", "_includes"))]
        formats = cfg["formats"] or DEFAULT_FORMATS
        ids = cfg["ids"]
        said = (f"headings: IdAttributePlugin with {'@sindresorhus/slugify' if ids[1] == 'sindresorhus' else 'the slugify filter'}"
                if ids and ids[0] == "id-attribute" else
                "headings: markdown-it-anchor" if ids else "headings: no ids (no id plugin in the config)")
        prefix = cfg["pathPrefix"] or "/"
        return Site(profile=self.name, root=root, config=config,
                    how=(f"detected from {os.path.basename(config)} (read as text): input "
                         f"{os.path.relpath(inp, root)}, output {os.path.relpath(out, root)}; {said}"),
                    base_url=None, static_dirs=(), content_dirs=(inp,),
                    options={"input": inp, "output": out, "special": tuple(special), "formats": tuple(formats),
                             "passthrough": tuple(cfg["passthrough"]), "ids": ids, "path_prefix": prefix,
                             "md_links": cfg["input_path_to_url"], "image_transform": cfg["image_transform"],
                             "outputs": tuple(cfg["outputs"])})

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        # a shortcode in a heading ({% addedin "2.0.0" %}) renders to markup whose text is
        # not known here: the heading's own words make the id
        headings = [(_TEMPLATE_TAG.sub("", t).strip(), e) for t, e in headings]
        ids = site.options.get("ids")
        if not ids:
            return {e for _t, e in headings if e}
        kind, slug = ids[:2]
        if kind == "id-attribute":
            fn = sindresorhus_slugify if slug == "sindresorhus" else eleventy_slugify
            got = set(eleventy_id_attribute_ids(headings, fn))
            if "wrapped" in ids:
                # the site's function may drop punctuation before the library sees it
                # (11ty.dev: `webc:is` → #webcis, not #webc-is): both readings are ids
                got |= set(eleventy_id_attribute_ids([(_WRAPPED_DROP.sub("", t), e) for t, e in headings], fn))
            return got
        fn = sindresorhus_slugify if slug == "sindresorhus" else markdown_it_anchor
        return set(markdown_it_anchor_ids(headings, fn))

    # --- URLs -----------------------------------------------------------------------------
    def _passthrough_url(self, site: Site, source: str) -> str | None:
        inp = site.options["input"]
        rel = os.path.relpath(source, site.root).replace(os.sep, "/")
        for src, dest in site.options.get("passthrough", ()):
            if not src:
                continue
            pat = src[2:] if src.startswith("./") else src
            pat = pat.rstrip("/")
            if any(ch in pat for ch in "*?[{"):
                # "**/" matches no folder too (src/assets/img/**/* copies src/assets/img/a.jpg)
                pats = [q for p in _braces(pat) for q in dict.fromkeys((p, p.replace("**/", "")))]
                if not any(fnmatch.fnmatchcase(rel, p) for p in pats):
                    continue
                name = os.path.basename(rel)
                if dest is None:
                    return "/" + _drop_input(rel, site.root, inp)
                return "/" + (dest.strip("/") + "/" + name if dest.endswith("/") else dest.strip("/"))
            if rel == pat or rel.startswith(pat + "/"):
                inner = rel[len(pat):].lstrip("/")
                if dest is None:
                    return "/" + _drop_input(rel, site.root, inp)
                base = dest.strip("/")
                return "/" + (f"{base}/{inner}" if inner and base else inner or base)
        return None

    def urls(self, site: Site, source: str) -> list[str]:
        inp = site.options["input"]
        out = site.options["output"]
        if _under(source, out):
            return []
        passed = self._passthrough_url(site, source)
        if any(_under(source, s) for s in site.options.get("special", ())):
            return [passed] if passed is not None else []  # includes, layouts, data: not pages
        if passed is not None:
            # copied as it is; a template among the copied files is also built (11ty's
            # issue 1505): eslint.org's static/redirects.njk is copied and written to
            # its permalink, /_redirects
            return [passed] + [u for u in self._template_urls(site, source) if u != passed]
        return self._template_urls(site, source)

    def _template_urls(self, site: Site, source: str) -> list[str]:
        inp = site.options["input"]
        if not _under(source, inp):
            return []
        rel = os.path.relpath(source, inp).replace(os.sep, "/")
        if any(p in ("node_modules",) or p.startswith(".") for p in rel.split("/")):
            return []
        fmt = next((f for f in site.options["formats"] if rel.endswith("." + f)), None)
        if fmt is None:
            return []
        stem = rel[: -len(fmt) - 1]
        permalink = self._permalink(site, source)
        if permalink is False:
            return []
        if isinstance(permalink, str):
            url = self._fill(permalink, stem)
            if url is None:
                return []
            url = "/" + url.lstrip("/")
            if url.endswith("/"):
                return [url, url + "index.html"]
            if url.endswith("/index.html"):
                return [url[: -len("index.html")], url]
            return [url]
        d, base = os.path.split(stem)
        if base == "index" or d and base == os.path.basename(d):
            url = f"/{d}/" if d else "/"  # docs/index.md and docs/docs.md are /docs/
        else:
            url = f"/{stem}/"
        return [url, url + "index.html"]

    def url_patterns(self, site: Site, source: str) -> list[str]:
        """The URLs of a template whose permalink has parts that cannot be known here, those
        parts as ``*`` (the optional ``UrlPatterns`` method): eslint.org's posts are at
        ``blog/{{ page.date | blogPermalinkDate }}/{{ page.fileSlug }}/``, a filter of its
        config, so ``/blog/2020/07/eslint-v7.4.0-released/`` is the post
        ``2020-07-03-eslint-v7.4.0-released.md``, whatever the filter makes of its date. A
        permalink with a ``{% %}`` tag gives none."""
        if not _under(source, site.options["input"]) or _under(source, site.options["output"]) \
                or any(_under(source, s) for s in site.options.get("special", ())):
            return []
        rel = os.path.relpath(source, site.options["input"]).replace(os.sep, "/")
        fmt = next((f for f in site.options["formats"] if rel.endswith("." + f)), None)
        permalink = self._permalink(site, source) if fmt is not None else None
        if not isinstance(permalink, str) or "{%" in permalink:
            return []
        url = _EXPR.sub("*", self._fill(permalink, rel[: -len(fmt) - 1], keep=True) or "")
        if "*" not in url or "{" in url:
            return []
        url = "/" + re.sub(r"/{2,}", "/", url).lstrip("/")
        return [url[: -len("index.html")]] if url.endswith("/index.html") else [url]

    def _fill(self, permalink: str, stem: str, keep: bool = False) -> str | None:
        def sub(m: re.Match) -> str:
            name = m.group(1)
            if name == "fileSlug":
                base = os.path.basename(stem)
                slug = _DATE_PREFIX.sub("", base)
                if base == "index":
                    slug = os.path.basename(os.path.dirname(stem))
                return slug
            if name == "filePathStem":
                return "/" + stem
            return "html"

        # the first page of a pagination: what is written for later pages only is left out
        # ('blog{% if pagination.pageNumber > 0 %}/page/{{ ... }}{% endif %}/index.html', eslint.org's blog)
        url = _LATER_PAGES.sub("", _PERMALINK_VAR.sub(sub, permalink))
        if keep:
            return url
        if "{{" in url or "{%" in url:
            return None  # any other template: the URL cannot be known here
        return re.sub(r"/{2,}", "/", url)

    def _permalink(self, site: Site, source: str):
        fm = front_matter(source) or {}
        if "permalink" in fm:
            v = fm["permalink"]
            return v if isinstance(v, (str, bool)) else None
        folder = os.path.dirname(source)
        inp = site.options["input"]
        while _under(folder, inp):
            name = os.path.basename(folder)
            for cand in (f"{name}.11tydata.json", f"{name}.json"):
                data = _json(os.path.join(folder, cand))
                if isinstance(data, dict) and "permalink" in data:
                    v = data["permalink"]
                    return v if isinstance(v, (str, bool)) else None
            for ext in ("js", "cjs", "mjs"):
                got = _js_permalink(os.path.join(folder, f"{name}.11tydata.{ext}"))
                if got is not None:
                    return got or None  # "": the key is there, its value is computed
            if folder == inp:
                break
            folder = os.path.dirname(folder)
        return None

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """Ids written as ``id="{{ 'Manual Copy' | slugify }}"``, filled in with Eleventy's
        ``slugify`` filter (the optional ``PageAnchors`` method)."""
        return {eleventy_slugify(m.group(2)) for m in _SLUGIFY_ID.finditer(text)} if "slugify" in text else set()

    def source_link(self, site: Site, source: str, path: str) -> str | None:
        """The source file a link names, where Eleventy rewrites it to the page:
        ``InputPathToUrlTransformPlugin`` maps links to templates (``src/docs/usage.md``
        from the project folder, ``/docs/usage.md`` or ``docs/usage.md`` from the input
        folder, then beside the page), and the eleventy-img transform
        maps ``<img src>`` to a local image (``/blog/chart.jpg``) to its processed copy.
        None otherwise (the optional ``PageAnchors`` method)."""
        ext = os.path.splitext(path)[1].lower()
        is_template = any(path.endswith("." + f) for f in site.options.get("formats", ()))
        if not (is_template and site.options.get("md_links")
                or ext in _IMAGE_EXTS and site.options.get("image_transform")):
            return None
        inp = site.options["input"]
        if is_template and site.options.get("md_links"):
            # the plugin's order: a path from the project folder that names the input
            # folder, then from the input folder, then beside the page
            folders = [site.root, inp] + ([] if path.startswith("/") else [os.path.dirname(source)])
        else:
            folders = [inp, site.root] if path.startswith("/") else [os.path.dirname(source)]
        for folder in folders:
            cand = os.path.normpath(os.path.join(folder, path.lstrip("/")))
            if os.path.isfile(cand):
                return cand
        return None

    def generated_urls(self, site: Site) -> list[str]:
        """URLs the build writes that no source file here stands for (the optional
        ``GeneratedUrls`` method): plugin outputs written as ``outputPath: "/blog/feed.xml"``,
        and passthrough copies from packages that are not installed here
        (``"node_modules/x/x.{css,js}": "static/"``, ``[resolveModule("x")]: "js/x.js"``).
        The host's redirects and rewrites are the resolver's (``sites.hosts``)."""
        out = list(site.options.get("outputs", ()))
        for src, dest in site.options.get("passthrough", ()):
            if dest is None or src and os.path.exists(os.path.join(site.root, src)):
                continue
            if not src or src.endswith("/"):  # a computed source, or a package's folder
                if not dest.endswith("/"):
                    out.append("/" + dest.strip("/"))
                continue
            for pat in _braces(src):
                name = os.path.basename(pat)
                if any(ch in name for ch in "*?["):
                    continue
                out.append("/" + (dest.strip("/") + "/" + name if dest.endswith("/") else dest.strip("/")))
        return out + _script_outputs(site.root, site.options["output"])

    # --- links ----------------------------------------------------------------------------
    def hidden(self, site: Site, source: str, text: str) -> list[tuple[int, int]]:
        """Spans of the source that are not output where they stand (an optional profile
        method): template comments (``{# #}``, ``{% comment %}``) and captures
        (``{% set x %}...{% endset %}``, ``{% capture %}``), whose text goes into a
        variable that the page may print anywhere, or only as highlighted code. A link
        inside is not a link of the page."""
        if "{" not in text:
            return []
        return [m.span() for m in _HIDDEN.finditer(text)]

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        """``{{ '/docs/' | url }}``: the quoted URL, reported at the whole expression;
        not inside code (a fence, ``{% raw %}``) or a hidden span."""
        skip = [m.span() for m in _CODE.finditer(text)] + self.hidden(site, source, text)
        for m in _URL_FILTER.finditer(text):
            if any(a <= m.start() < b for a, b in skip):
                continue
            target = m.group(2)
            if not target.startswith("/") or target.startswith("//"):
                continue
            path, hash_, frag = target.partition("#")
            yield SiteLink(m.start(), m.end(), path, frag if hash_ else None, "url")


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _drop_input(rel: str, root: str, inp: str) -> str:
    irel = os.path.relpath(inp, root).replace(os.sep, "/")
    return rel[len(irel) + 1:] if irel != "." and rel.startswith(irel + "/") else rel


def _braces(pat: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", pat)
    if not m:
        return [pat]
    return [x for alt in m.group(1).split(",") for x in _braces(pat[:m.start()] + alt + pat[m.end():])]


@lru_cache(maxsize=16)
def _script_outputs(root: str, output: str) -> list[str]:
    """Files that package.json's scripts write into the output folder beside Eleventy
    (``postcss src/assets/css/main.css -o dist/assets/css/main.css``, ``sass
    src/scss:_site/css/x.css``): their URLs. Only a path with a file extension counts
    (a folder says nothing about the files in it)."""
    data = _json(os.path.join(root, "package.json"))
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return []
    rel = os.path.relpath(output, root).replace(os.sep, "/").strip("/")
    if rel.startswith(".."):
        return []
    out = []
    tok = re.compile(r"(?:^|[\s=:'\"])(?:\./)?" + re.escape(rel) + r"(/[^\s'\";&|]+\.[A-Za-z0-9]{1,5})(?=$|[\s'\";&|])")
    for cmd in scripts.values():
        if isinstance(cmd, str):
            out += [m.group(1) for m in tok.finditer(cmd)]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=256)
def _js_permalink(path: str) -> str | bool | None:
    """The ``permalink`` a JavaScript directory data file writes literally
    (``let data = { layout: "post.html", permalink: "news/{{ page.fileSlug }}/" }``,
    2024.djangocon.us' posts.11tydata.js), read as text: the literal, ``false``, "" when the
    key is there with a computed value, None without the file or the key."""
    try:
        text = jsconfig.read_config(path, 200_000)
    except OSError:
        return None
    if not re.search(r"""(?:^|[\s,{(])["']?permalink["']?\s*:""", text):
        return None
    flag = jsconfig.boolean(text, "permalink")
    if flag is False:
        return False
    return jsconfig.value(text, "permalink") or ""


def _json(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


ELEVENTY = Eleventy()
