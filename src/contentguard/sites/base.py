"""The site-profile contract: what a static-site generator tells the checks.

A *profile* knows one generator (Jekyll, Hugo, Zola, Eleventy, MkDocs, Middleman,
Docusaurus, Astro): how to recognise its config, the ids it gives headings, the URLs at
which it publishes a source file, and the internal-link syntaxes it expands. A :class:`Site`
is one detected (or configured) site: the profile's name plus what was read from the
generator's config. Profiles are plain objects registered in :data:`contentguard.sites.PROFILES`
(an explicit tuple, like pre-commit's language registry); the link check only talks to
them through this protocol.

Paths: ``Site.root``, ``static_dirs``, ``content_dirs`` and every ``source`` argument are
absolute file-system paths. URL paths (``urls()``, ``SiteLink.target`` of kind ``url``)
start with ``/`` and are relative to the site's own root, without the base URL's path
prefix (``/blog/post/``, not ``/docs/blog/post/`` when the site lives under ``/docs/``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Protocol, Sequence, runtime_checkable

__all__ = ["GeneratedUrls", "Includes", "PageAnchors", "Profile", "Retired", "Site", "SiteLink", "under"]


@dataclass(frozen=True)
class Site:
    """One site: which generator builds it and what its config says."""

    profile: str  # a registered profile's name, e.g. "hugo"
    root: str  # absolute folder holding the generator's config: the site source root
    config: str | None  # the config file read, if any
    how: str  # human-readable: 'detected from _config.yml', 'profile = "hugo" in pyproject.toml'
    base_url: str | None = None  # the site's own absolute URL: links to it are local links
    static_dirs: tuple[str, ...] = ()  # absolute folders whose files are served at "/"
    content_dirs: tuple[str, ...] = ()  # absolute folders of pages (sources of urls())
    #: generator options read from its config (slug style, permalinks, pretty URLs, i18n ...)
    options: Mapping[str, Any] = field(default_factory=dict)
    #: why the generator's config could not be read ('' when it was): the profile then
    #: goes on with its defaults, and the run says so once (``engine.site_for``)
    problem: str = ""

    def base_path(self) -> str:
        """The path part of ``base_url`` without its trailing slash ('' at the domain root):
        the prefix a root-relative link to this site carries when the site lives below "/"."""
        if not self.base_url:
            return ""
        from urllib.parse import urlsplit

        try:
            path = urlsplit(self.base_url).path
        except ValueError:
            return ""
        return path.rstrip("/")


@dataclass(frozen=True)
class SiteLink:
    """An internal link written in a generator's own syntax (``{% link x.md %}``,
    ``{{< ref "x" >}}``, ``@/blog/post.md#frag``)."""

    start: int  # code-point offset in the source text of what to report at
    end: int
    #: kind "source": a source path relative to the site root; kind "url": a URL path, from
    #: the site's root when it starts with "/", else relative to the page's own URL
    target: str
    fragment: str | None  # None = no '#' at all
    kind: str  # "source" | "url"


@runtime_checkable
class Profile(Protocol):
    """One generator. Implementations are stateless: everything per site is in :class:`Site`."""

    #: the name used in ``profile = "..."`` and ``--profile``
    name: str
    #: files (relative to a folder) whose presence marks that folder as this generator's root;
    #: ``load`` then reads the file and says whether it really is this generator
    config_files: tuple[str, ...]

    def load(self, root: str, config: str) -> Site | None:
        """The site whose config file is ``config`` in folder ``root``; None when the file
        is not really this generator's (another generator using the same file name)."""
        ...

    def anchors(self, site: Site, headings: Sequence[tuple[str, str | None]]) -> set[str]:
        """The ids this generator gives these headings (plain text, explicit id or None), in
        document order: its slug algorithm and duplicate rule, explicit ids kept."""
        ...

    def urls(self, site: Site, source: str) -> list[str]:
        """The URL paths at which the source file (absolute path) is published, first the
        canonical one (``["/blog/post/", "/blog/post/index.html"]``); [] when it is not
        published (drafts, partials, layouts, includes)."""
        ...

    def links(self, site: Site, source: str, text: str) -> Iterable[SiteLink]:
        """The internal links written in the generator's own syntaxes in ``text`` (the raw
        source of ``source``)."""
        ...


class Includes(Protocol):
    """Optional: a profile whose pages pull other files in (Jekyll ``{% include %}``,
    Middleman partials) says which, so their headings count as the page's ids."""

    def includes(self, site: Site, source: str, text: str) -> list[str] | None:
        """Absolute paths of the files ``text`` (the page ``source``) includes; None when an
        include cannot be known without building (a name made of variables)."""
        ...


class PageAnchors(Protocol):
    """Optional: ids a generator writes into a page beyond its headings' (Hugo shortcodes
    and layouts, footnote ids)."""

    def page_anchors(self, site: Site, source: str, text: str) -> set[str]:
        """The extra ids of the page ``source`` whose raw text is ``text``."""
        ...


class Retired(Protocol):
    """Optional: a page the generator will not publish any more (Hugo's ``expiryDate``
    passed): its own links are not checked. Drafts are not retired."""

    def retired(self, site: Site, source: str) -> bool:
        ...


class UrlPatterns(Protocol):
    """Optional: the URLs of a source whose URL has parts the profile cannot know (an
    Eleventy permalink through a custom filter), those parts as ``*``; asked only of
    sources ``urls`` gives nothing for. A link matching one lands on that source."""

    def url_patterns(self, site: Site, source: str) -> list[str]:
        ...


class BareUrls(Protocol):
    """Optional: whether the generator's Markdown makes a bare URL in the text a link (GFM's
    extended autolinks). kramdown does not, even with ``input: GFM`` (kramdown/parser-gfm
    issue 17): on a Jekyll site ``https://example.org/x`` in a paragraph stays text, and
    only ``<https://...>`` and ``[text](...)`` are links. Without the method, bare URLs are
    links."""

    def bare_urls(self, site: Site, source: str) -> bool:
        ...


class GeneratedUrls(Protocol):
    """Optional: URLs a generator publishes that no source file stands for (feeds,
    sitemaps, 404 pages, taxonomy and term pages, a home page without a source)."""

    def generated_urls(self, site: Site) -> list[str]:
        ...


def under(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both absolute, normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
