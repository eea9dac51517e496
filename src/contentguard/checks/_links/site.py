"""Local links resolved the way the site's generator publishes it (a site profile).

Built once per run from the :class:`contentguard.sites.Site` and its profile:

* a map URL path → source file, from every file under the site's content and static
  folders (``profile.urls``), pages before static files;
* a page's own URL (the first of ``profile.urls``), against which its relative links are
  joined in URL space;
* heading ids the generator gives (``profile.anchors`` over the page's headings) with the
  page's explicit and HTML ids.

A link is fine when it lands in the source tree (as the plain reading has it) or at a URL
the site publishes; it is broken when it does neither. Links to the site's own absolute
URL (``base_url``) are local links.
"""
from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from contentguard.checks._links.generated import Generated
from contentguard.checks._links.local import MD_EXTS, display, fragment_ok
from contentguard.checks._links.verdict import BROKEN, OK, SKIPPED, Verdict
from contentguard.sites import REPOSITORY, Site, get
from contentguard.sites.base import under
from contentguard.sites.common import mask_code, walk_files
from contentguard.sites.hosts import host_of, served
from contentguard.sites.slugs import github
from contentguard.sources import kind_of, load_file

__all__ = ["REPOSITORY", "SiteResolver"]

#: folders a generator writes its build into, never sources
BUILD_DIRS = frozenset({"_site", "public", "build", "dist", ".docusaurus", "resources", "site"})


#: what ends a file name as its extension (".html", ".mp4"); ".0-released" of a slug with a
#: version in it is no extension: "/blog/2017/03/eslint-v3.18.0-released" is served as a folder
_FILE_EXT = re.compile(r"\.[A-Za-z0-9]{1,8}")


class SiteResolver:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.profile = get(site.profile)
        self._map: dict[str, str] | None = None
        self._patterns: dict[str, list[tuple[re.Pattern, str]]] = {}  # filled with the map
        self._urls: dict[str, list[str]] = {}
        self._anchors: dict[str, frozenset | None] = {}
        self._included: dict[str, frozenset | None] = {}
        self.base = site.base_path()
        self._base = urlsplit(site.base_url) if site.base_url else None
        self._generated = Generated(site.root)

    # --- which files and links are the site's ------------------------------------------
    def covers(self, source: str) -> bool:
        """Whether ``source`` (absolute) is one of the site's files (its pages, its theme's
        layouts, a README beside them)."""
        return self.profile is not None and (
            under(source, self.site.root) or any(under(source, d) for d in self.site.content_dirs))

    def is_content(self, source: str) -> bool:
        """Whether ``source`` is under the site's content folders (a page, not a README)."""
        return any(under(source, d) for d in self.site.content_dirs)

    def own_url(self, url: str) -> str | None:
        """The URL path of an absolute link to this site itself (``base_url``), else None."""
        b = self._base
        if b is None or not url.lower().startswith(("http://", "https://", "//")):
            return None
        try:
            u = urlsplit(url if not url.startswith("//") else "https:" + url)
            host = (u.hostname or "").lower()
        except ValueError:
            return None
        bhost = (b.hostname or "").lower()
        if host not in (bhost, "www." + bhost) and bhost not in (host, "www." + host):
            return None
        path = u.path or "/"
        if self.base and not (path == self.base or path.startswith(self.base + "/")):
            return None
        return path + (f"?{u.query}" if u.query else "") + (f"#{u.fragment}" if "#" in url else "")

    # --- URL space --------------------------------------------------------------------
    def urls_of(self, source: str) -> list[str]:
        got = self._urls.get(source)
        if got is None:
            try:
                got = list(self.profile.urls(self.site, source)) if self.covers(source) else []
            except (OSError, ValueError):
                got = []
            self._urls[source] = got
        return got

    def url_map(self) -> dict[str, str]:
        if self._map is None:
            m: dict[str, str] = {}
            own: set[str] = set()
            folders = list(dict.fromkeys((*self.site.content_dirs, *self.site.static_dirs)))
            for folder in folders:
                skip = {"node_modules", ".git", ".hg", ".svn", "__pycache__", ".venv", "venv",
                        ".contentguard_cache"}
                # build output sits at the site's top (Hugo's resources/ cache, _site/); a content
                # section (digital.gov's content/resources/) or a static folder (Astro's
                # public/) may have the same name
                builds = tuple(os.path.join(self.site.root, b) + os.sep for b in BUILD_DIRS)
                pats = getattr(self.profile, "url_patterns", None)
                for f in walk_files(folder, skip):
                    if f.startswith(builds) and not any(under(f, c) and c != self.site.root
                                                        for c in (*self.site.content_dirs, *self.site.static_dirs)):
                        continue
                    urls = self.urls_of(f)
                    for u in urls[:1] + [u for u in urls[1:2] if u == urls[0] + "index.html"]:
                        if u not in own:  # a page's own URL wins over another's alias (multihost
                            own.add(u)    # Hugo: an English alias where the French page is)
                            m[u] = f
                    for u in urls:
                        m.setdefault(u, f)
                    if not urls and pats is not None and self.covers(f):
                        for u in pats(self.site, f):
                            self._add_pattern(u, f)
            generated = getattr(self.profile, "generated_urls", None)
            for u in generated(self.site) if generated is not None else ():
                m.setdefault(u, self.site.config or self.site.root)  # feeds, sitemaps, term pages
            self._map = m
        return self._map

    def _add_pattern(self, url: str, source: str) -> None:
        """A URL with parts the profile cannot know (``*``: ``/blog/*/eslint-v7.4.0-released/``,
        an Eleventy permalink through a custom filter), indexed by its last path segment
        when that is known, so a lookup tries only the patterns that can match."""
        rx = re.compile("[^?#]+".join(re.escape(x) for x in url.split("*")))
        last = url.rstrip("/").rsplit("/", 1)[-1]
        self._patterns.setdefault("" if "*" in last else last, []).append((rx, source))

    def _by_pattern(self, cands: list[str]) -> str | None:
        for c in cands:
            last = c.rstrip("/").rsplit("/", 1)[-1]
            for rx, source in (*self._patterns.get(last, ()), *self._patterns.get("", ())):
                if rx.fullmatch(c):
                    return source
        return None

    def lookup(self, path: str) -> str | None:
        """The source file published at URL ``path`` (from the site's root), trying what a
        static server does: ``/x/`` → ``/x/index.html``, ``/x`` → ``/x.html`` and ``/x/``."""
        try:
            p = unquote(path, errors="strict")
        except UnicodeDecodeError:
            p = path
        if self.base and (p == self.base or p.startswith(self.base + "/")):
            p = p[len(self.base):] or "/"
        p = posixpath.normpath(p) + ("/" if p.endswith("/") and p != "/" else "")
        if p.startswith("//"):
            p = "/" + p.lstrip("/")
        m = self.url_map()
        cands = [p]
        if p.endswith("/"):
            cands.append(p + "index.html")
        else:
            if p.endswith("/index.html"):
                cands.append(p[:-len("index.html")])
            if not _FILE_EXT.fullmatch(posixpath.splitext(p)[1]):  # "/eslint-v3.18.0-released": no extension
                cands += [p + "/", p + ".html", p + "/index.html"]
        for c in cands:
            if c in m:
                return m[c]
        if self._patterns:
            got = self._by_pattern(cands)
            if got is not None:
                return got
        gen = m.get("/_redirects")
        if served(host_of(self.site, gen if gen != (self.site.config or self.site.root) else None), p, m.__contains__):
            return self.site.config or self.site.root  # the host redirects it or serves /x.html
        return None

    def generated(self, url: str | None, file: str | None = None) -> Verdict | None:
        """Not checked (:data:`SKIPPED`) when the page at URL path ``url`` (or the source
        ``file`` a relative link names) is one the site's ``.gitignore`` files ignore: a
        page its build writes (:mod:`.generated`)."""
        bases = [file] if file else []
        if url is not None:
            p = unquote(url.split("#", 1)[0].split("?", 1)[0])
            if self.base and (p == self.base or p.startswith(self.base + "/")):
                p = p[len(self.base):]
            segs = [x for x in p.split("/") if x]
            langs = self.site.options.get("languages") or ()
            tails = [segs] + ([segs[1:]] if len(segs) > 1 and segs[0] in langs else [])
            bases += [os.path.join(c, *t) for c in self.site.content_dirs for t in tails if t]
        for b in bases:
            got = self._generated.page(os.path.normpath(b))
            if got is not None:
                return Verdict(SKIPPED, f"not checked: the site's build writes {display(got[0])} "
                                        f"(its {got[1]} ignores it: a page imported or generated at build time)")
        return None

    def source_link(self, doc: str, path: str) -> str | None:
        """The file a link to a source path lands on where the generator rewrites such links
        (the profile's optional ``source_link``: Docusaurus' content-folder lookup,
        Eleventy's InputPathToUrl and image transforms); None otherwise."""
        fn = getattr(self.profile, "source_link", None)
        if fn is None:
            return None
        try:
            p = unquote(path, errors="strict")
        except UnicodeDecodeError:
            p = path
        return fn(self.site, doc, p)

    def join(self, source: str, link_path: str) -> str | None:
        """A relative link's URL path, joined to its page's URL; None when the page is not
        published."""
        urls = self.urls_of(source)
        if not urls:
            return None
        if link_path.startswith("/"):
            return link_path
        page = urls[0]
        base = page if page.endswith("/") else posixpath.dirname(page) + "/"
        joined = posixpath.normpath(posixpath.join(base, link_path))
        if link_path.endswith("/") or link_path in ("", "."):
            joined = joined.rstrip("/") + "/"
        return joined

    # --- anchors ------------------------------------------------------------------------
    def anchors(self, anchors: frozenset, headings, extra: frozenset = frozenset()) -> frozenset:
        """A page's ids as the generator makes them: its HTML and explicit ids, and the
        profile's heading ids in place of the GitHub-style slugs the reader added, with
        ``extra`` (:func:`page_extras`) kept whatever the slugs."""
        if not headings:
            return anchors | extra
        # the reader's slugs (it also slugs a heading whose id a kramdown {: #id} line gives)
        plain = set(github([(t, None) for t, _e in headings])) - {e for _t, e in headings if e}
        return frozenset((anchors - plain) | self.profile.anchors(self.site, headings) | extra)

    def anchors_of(self, path: str, any_kind: bool = False) -> frozenset | None:
        """Ids of a page the run did not read (parsed here once); None when unknown. An
        included file of no known kind (``_includes/note``) is read as Markdown when
        ``any_kind``."""
        if path not in self._anchors:
            got = None
            if kind_of(path) in ("markdown", "html") or any_kind:
                try:
                    loaded = load_file(path, path if kind_of(path) else path + ".md", 20_000_000)
                    docs = loaded.documents
                    if docs:
                        got = frozenset().union(*(self.anchors(frozenset(d.anchors), d.headings,
                                                               page_extras(self.site, d)[0])
                                                  for d in docs))
                except Exception:  # noqa: BLE001 - an unreadable target: anchors unknown
                    got = None
            self._anchors[path] = got
        return self._anchors[path]

    def included_anchors(self, page: str, depth: int = 0) -> frozenset | None:
        """Ids of the files ``page`` includes (``{% include %}``, partials), followed three
        deep; None when an include cannot be known statically or a page's headings are
        made by a template (``## {{ title }}``). Worked out once per page and depth."""
        key = f"{depth}:{page}"
        if key not in self._included:
            self._included[key] = self._included_anchors(page, depth)
        return self._included[key]

    def _included_anchors(self, page: str, depth: int) -> frozenset | None:
        inc = getattr(self.profile, "includes", None)
        try:
            with open(page, encoding="utf-8", errors="replace") as fh:
                text = fh.read(5_000_000)
        except OSError:
            return frozenset()
        if not getattr(self.profile, "templated_headings", False) and \
                re.search(r"^#{1,6}[ \t].*(\{\{|\{%|<%)", mask_code(text), re.M):
            return None
        files = inc(self.site, page, text) if inc is not None else []
        if files is None:
            return None
        out: set[str] = set()
        for f in files:
            if not os.path.isfile(f):
                continue
            got = self.anchors_of(f, any_kind=True)
            if got is None:
                return None
            out |= got
            if depth < 3:
                more = self.included_anchors(f, depth + 1)
                if more is None:
                    return None
                out |= more
        return frozenset(out)

    def source_path(self, target: str) -> str | None:
        """A ``kind="source"`` site link's file: relative to the site root or a content folder."""
        t = target.lstrip("/")
        for folder in (self.site.root, *self.site.content_dirs):
            cand = os.path.normpath(os.path.join(folder, t))
            if os.path.isfile(cand):
                return cand
        return None


def resolve(sres: SiteResolver, local, doc: str, path: str, fragment: str | None,
            absolute_fs: bool = False):
    """(verdict, file it lands on) of a local link from ``doc``, the site's way: the source
    tree first (as the plain reading has it), then the URL the site publishes."""
    name = sres.site.profile
    if path.startswith("/") and not absolute_fs:
        found = sres.lookup(path)
        if found is not None:
            return Verdict(OK, html=True), found
        v, got = _served_file(sres, local, doc, path, fragment)
        if v is not None:
            return v, got
        got = sres.source_link(doc, path)
        if got is not None:
            return Verdict(OK, html=True), got
        return sres.generated(path) or Verdict(BROKEN, f"broken link: the {name} site publishes nothing at {path}"), None
    v, found = local.resolve(doc, path, fragment, absolute_fs=absolute_fs)
    if absolute_fs or v is None or v.state != BROKEN or path == "":
        return v, found
    got = sres.source_link(doc, path)
    if got is not None:
        return Verdict(OK, html=True), got
    if _forge_folder(sres, doc, v):
        return Verdict(OK), None
    url = sres.join(doc, path)
    if url is not None:
        got = sres.lookup(url)
        if got is not None:
            return Verdict(OK, html=True), got
        sv, got = _served_file(sres, local, doc, url, fragment)
        if sv is not None:  # ../../../../img/x.png from /blog/2021/01/post/: static/img/x.png
            return sv, got
        return sres.generated(url, _beside(doc, path)) or Verdict(
            BROKEN, f"{v.message}; nor does the {name} site publish anything at {url}"), None
    return sres.generated(None, _beside(doc, path)) or v, found


def _beside(doc: str, path: str) -> str:
    """The source file a relative link names, beside its page."""
    return os.path.join(os.path.dirname(doc), unquote(path.split("#", 1)[0].split("?", 1)[0]))


def _served_file(sres: SiteResolver, local, doc: str, path: str, fragment: str | None):
    """(verdict, file) of a file the site serves as it is at URL ``path`` (its static
    folders, then its root); (None, None) when there is none."""
    for folder in dict.fromkeys((*sres.site.static_dirs, sres.site.root)):
        v, got = local.resolve(doc, path, fragment, root=folder)
        if v is not None and v.state == OK:
            return v, got
    return None, None


def _forge_folder(sres: SiteResolver, doc: str, v) -> bool:
    """A Markdown file beside the site's content (README, CONTRIBUTING) is the repository's,
    shown by the forge, where a link to a folder shows the folder."""
    return (doc.lower().endswith(MD_EXTS) and not sres.is_content(doc)
            and "directory without an index file" in v.message)


def resolve_site_link(sres: SiteResolver, local, doc: str, kind: str, target: str):
    """(verdict, file) of a link in the generator's own syntax (``{% link x.md %}``)."""
    if kind == "source":
        found = sres.source_path(target)
        if found is None:
            return Verdict(BROKEN, f"broken link: no source file {target} in the {sres.site.profile} "
                                   f"site ({os.path.relpath(sres.site.root)})"), None
        return Verdict(OK, html=True), found
    url = sres.join(doc, target) if not target.startswith("/") else target
    if url is None:
        url = "/" + target
    return resolve(sres, local, doc, url, None)


def fragment_verdict(sres: SiteResolver, local, found: str, fragment: str | None) -> str | None:
    """A message when ``#fragment`` is not an id the generator gives in ``found``."""
    if fragment is None:
        return None
    anchors = local.known.get(found)
    if anchors is None:
        anchors = sres.anchors_of(found)
    if anchors is None:
        return None
    if fragment_ok(fragment, anchors):
        return None
    extra = sres.included_anchors(found)
    if extra is None or fragment_ok(fragment, extra):
        return None  # an include we cannot follow may hold it; or an included file does
    return (f"missing anchor: #{fragment} is not an id, name or heading in {display(found)} "
            f"(heading ids as {sres.site.profile} makes them)")


_ID_ATTR = re.compile(r"""\b(?:id|name)\s*=\s*["']?([^"'\s>]+)""")


def page_extras(site: Site | None, doc) -> tuple[frozenset, list]:
    """(ids, hidden spans) a page's own text gives beyond its headings, from the profile's
    optional methods: ``page_anchors`` (:func:`page_anchors`) and ``hidden`` (template
    comments and captures, whose links are not the page's); kept apart from the reader's
    anchors so that the profile's heading ids replacing GitHub's slugs leave them be. An HTML id equal to a heading's GitHub slug
    (``<span id="javascript-front-matter">`` kept for old links) is kept too."""
    prof = get(site.profile) if site is not None else None
    if prof is None:
        return frozenset(), []
    path = os.path.abspath(doc.path)
    ids = set(page_anchors(site, doc))
    if doc.headings and ("id=" in doc.source or "name=" in doc.source):
        slugs = set(github([(t, None) for t, _e in doc.headings])) & doc.anchors
        if slugs:
            ids |= slugs & set(_ID_ATTR.findall(doc.source))
    fn = getattr(prof, "hidden", None)
    return frozenset(ids), (fn(site, path, doc.source) if fn is not None else [])


def site_links(site: Site | None, doc) -> list:
    """The generator-syntax links of a document of the site (in ``collect``); [] otherwise."""
    if site is None:
        return []
    prof = get(site.profile)
    if prof is None:
        return []
    path = os.path.abspath(doc.path)
    if not (under(path, site.root) or any(under(path, d) for d in site.content_dirs)):
        return []
    return list(prof.links(site, path, doc.source))


def bare_urls(site: Site | None, doc) -> bool:
    """Whether a bare URL in a Markdown page of the site is a link (``profile.bare_urls``:
    not with Jekyll's kramdown); True outside a site or without the method."""
    if site is None:
        return True
    fn = getattr(get(site.profile), "bare_urls", None)
    return fn is None or bool(fn(site, os.path.abspath(doc.path)))


def page_anchors(site: Site | None, doc) -> frozenset:
    """Ids the generator writes into a document of the site beyond its headings
    (``profile.page_anchors``: Hugo's shortcodes and layouts); empty otherwise."""
    if site is None:
        return frozenset()
    extra = getattr(get(site.profile), "page_anchors", None)
    path = os.path.abspath(doc.path)
    if extra is None or not (under(path, site.root) or any(under(path, d) for d in site.content_dirs)):
        return frozenset()
    return frozenset(extra(site, path, doc.source))


def summary(site: Site | None) -> dict:
    """The run summary's ``site``: which profile was used and how it was found."""
    if site is None:
        return {"site": None}
    return {"site": {"profile": site.profile, "how": site.how,
                     "root": site.root or None}}
