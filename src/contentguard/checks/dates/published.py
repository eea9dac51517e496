"""The publication date of a document, and where it was read.

A dated document (a blog post, a news item, minutes, a security notice) is read at its
publication date: what was ahead then and is past now is history, not a stale promise.
Sources, first found wins:

1. front matter: ``date``, ``published``, ``pubDate``, ``publishDate``, ``created``
   (and the usual CMS spellings: ``published_at``, ``datePublished``, ``date.created``
   of MkDocs' blog plugin, ``published_datetime`` of DjangoCon's sites), YAML or TOML;
2. HTML metadata: ``<meta property="article:published_time">`` (and ``og:``/``DC``/
   ``parsely`` forms), JSON-LD ``datePublished``/``dateCreated``, ``<time pubdate>``,
   ``itemprop="datePublished"``;
3. the file name: ``2014-03-27-title.md``, ``2017-1-6-title.markdown`` (Jekyll, Hugo);
4. the path: ``/2019/10/15/title/``, ``news/2013/10/…`` with a dated file name;
   Zola's ``path`` front matter and permalinks count as paths;
5. for HTML pages where none of these is found, htmldate (a library made for exactly
   this: it reads the URL, the ``<head>``, and date-looking elements of the page). It
   is imported lazily: about 0.15–0.3 s, so it is used only when the ``htmldate``
   option says so (``auto``: pages fetched by a site audit; ``always``; ``never``).

The last modification date is read as well (``lastmod``, ``updated``,
``article:modified_time``, ``dateModified``): a dated page edited later is judged as
old as its last edit.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass

from contentguard.checks.dates.grammar import _mk
from contentguard.checks.dates.values import _MODIFIED_KEYS, _MODIFIED_NORM, _as_date, _norm_key


@dataclass(frozen=True)
class Published:
    """A document's publication date (``date``), where it came from (``source``, for
    messages), the raw span of the value when it is written in the document, and the
    last modification date when one is given."""

    date: _dt.date
    source: str
    start: int = -1
    end: int = -1
    modified: _dt.date | None = None
    #: is the document an article (a post, a news item), judged at this date? A date in the
    #: file name or path, ``<time pubdate>``/``itemprop=datePublished`` in the page, or any
    #: publication date of a page in a blog/news folder say so; a front matter ``date`` or an
    #: ``article:published_time`` alone do not (Hugo and Jekyll give every page a date, CMS SEO
    #: plugins give every page article metadata: a "Join the club" page with ``date:
    #: 2023-02-01`` or a museum's exhibitions page is a standing page, kept up to date)
    dated: bool = True

    @property
    def latest(self) -> _dt.date:
        """The later of the publication and the modification date: the page's age runs from it."""
        return max(self.date, self.modified) if self.modified else self.date


# front matter keys, compared like metadata keys (no case, "_", "-" or spaces)
_FRONT_KEYS = ("date", "published", "pubdate", "publishdate", "publishedat", "publishedon",
               "datepublished", "publicationdate", "created", "createdat", "createdon",
               "datecreated", "postdate", "date.created", "date.published", "publisheddatetime",
               "publishdatetime", "publisheddate", "datetimepublished")
_HTML_KEYS = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "datecreated", "dc.date", "dc.date.issued", "dc.date.created",
              "dcterms.date", "dcterms.issued", "dcterms.created", "parsely-pub-date", "pubdate",
              "publishdate", "sailthru.date", "article.published", "date")
_PATH_KEYS = ("path", "permalink", "url", "slug")
_MODIFIED_EXTRA = {"date.updated", "date.modified"}

# "2014-03-27-title.md", "2017-1-6-le-2016-in-review.markdown", "2025-01-02-rebuilding.md"
_FILE_DATE = re.compile(r"(?:^|[/\\])((\d{4})-(\d{1,2})-(\d{1,2}))[-_.][^/\\]*$")
# "/2019/10/15/", "/2019/10/15-title", "blog/2019-10-15/"
_PATH_DATE = re.compile(r"(?:^|[/\\])((\d{4})[/\\-](\d{1,2})[/\\-](\d{1,2}))(?=[/\\\-_.]|$)")
_TIME_PUB = re.compile(r"<time\b(?=[^>]*\bpubdate\b)[^>]*?\bdatetime\s*=\s*([\"']?)([^\"'>\s]+)\1",
                       re.IGNORECASE)
_ITEMPROP = re.compile(r"<\w+\b(?=[^>]*\bitemprop\s*=\s*[\"']?datePublished\b)[^>]*?"
                       r"\b(?:datetime|content)\s*=\s*([\"'])([^\"'>]+)\1", re.IGNORECASE)
_PLAUSIBLE = (_dt.date(1990, 1, 1), _dt.date(2100, 1, 1))


def _plausible(d: _dt.date | None) -> bool:
    return d is not None and _PLAUSIBLE[0] <= d < _PLAUSIBLE[1]


def _date_in_path(path: str) -> tuple[_dt.date, str] | None:
    """A date in a file name (``2014-03-27-title.md``) or a path (``/2019/10/15/``)."""
    m = _FILE_DATE.search(path)
    kind = "file name"
    if not m:
        m = _PATH_DATE.search(path)
        kind = "path"
    if not m:
        return None
    d = _mk(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return (d, kind) if _plausible(d) else None


def _modified(doc, langs) -> _dt.date | None:
    latest = None
    for m in doc.meta:
        if m.origin not in ("front-matter", "meta", "json-ld"):
            continue
        k = _norm_key(m.key)
        if k in _MODIFIED_NORM or k in _MODIFIED_KEYS or k in _MODIFIED_EXTRA:
            d = _as_date(m.value, langs)
            if _plausible(d) and (latest is None or d > latest):
                latest = d
    return latest


def publication_date(doc, langs: tuple[str, ...], htmldate: str = "auto") -> Published | None:
    """The publication date of ``doc``, or None for a standing page (and for posts of a
    queue, which are judged at their scheduled time)."""
    if doc.kind == "post":
        return None
    found = _read(doc, langs, htmldate)
    if found is None:
        return None
    mod = _modified(doc, langs)
    # a dated file name or path says "article" even when the metadata gave the date first
    # (docs.travis-ci.com's user/build-environment-updates/2015-04-09.md, date: 2015-04-09)
    dated = found.dated or _article_folder(doc.path) or _date_in_path(doc.path) is not None
    if (mod is not None and mod > found.date) or dated != found.dated:
        return Published(found.date, found.source, found.start, found.end,
                         mod if mod is not None and mod > found.date else None, dated)
    return found


_ARTICLE_DIRS = {"post", "posts", "_posts", "blog", "blogs", "news", "article", "articles", "stories",
                 "press", "press-releases", "pressreleases", "newsroom", "announcements", "events",
                 "minutes", "newsletter", "newsletters", "bulletins", "journal", "podcast", "episodes"}


def _article_folder(path: str) -> bool:
    """Is the file in a folder of dated articles (``content/en/post/``, ``docs/blog/posts/``,
    ``news/``)? Only folders count: a page named ``news.md`` is a standing page."""
    parts = re.split(r"[/\\]+", path.split("://", 1)[-1].lower())[:-1]
    return any(p in _ARTICLE_DIRS for p in parts)


def _read(doc, langs, htmldate: str) -> Published | None:
    by_origin: dict[str, list] = {"front-matter": [], "meta": [], "json-ld": []}
    for m in doc.meta:
        if m.origin in by_origin:
            by_origin[m.origin].append(m)
    for m in by_origin["front-matter"]:
        if _norm_key(m.key) in _FRONT_KEYS:
            d = _as_date(m.value, langs)
            if _plausible(d):
                return Published(d, f"front matter '{m.key}'", m.start, m.end, dated=False)
    for origin, label in (("meta", "<meta {}>"), ("json-ld", "JSON-LD {}")):
        for m in by_origin[origin]:
            if str(m.key).strip().lower() in _HTML_KEYS:
                d = _as_date(m.value, langs)
                if _plausible(d):
                    return Published(d, label.format(m.key), m.start, m.end, dated=False)
    if doc.kind == "html" and "<" in doc.source:
        for rx, label in ((_TIME_PUB, "<time pubdate>"), (_ITEMPROP, "itemprop datePublished")):
            m = rx.search(doc.source)
            if m:
                d = _as_date(m.group(2), langs)
                if _plausible(d):
                    return Published(d, label, m.start(2), m.end(2))
    for m in by_origin["front-matter"]:
        if _norm_key(m.key) in _PATH_KEYS and isinstance(m.value, str):
            got = _date_in_path("/" + m.value.strip("/") + "/")
            if got:
                return Published(got[0], f"front matter '{m.key}'", m.start, m.end)
    got = _date_in_path(doc.path)
    if got:
        return Published(got[0], got[1])
    if doc.kind == "html" and _use_htmldate(doc, htmldate):
        d = _htmldate(doc)
        if _plausible(d):
            return Published(d, "htmldate", dated=False)
    return None


def _use_htmldate(doc, mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    return doc.path.startswith(("http://", "https://"))  # auto: pages of a site audit


def _htmldate(doc) -> _dt.date | None:
    """The original publication date htmldate finds in the page (no free-text search:
    its extensive search guesses from any date in the text, which is what this check
    judges, not what it may take as the page's date)."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    url = doc.path if doc.path.startswith(("http://", "https://")) else None
    try:
        value = find_date(doc.source, url=url, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d")
    except Exception:  # htmldate on a page it cannot read: no date, never a crash
        return None
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- teasers

#: a ``<time>`` element: its ``datetime`` attribute, else its text
_TIME_EL = re.compile(r"<time\b([^>]{0,300})>([^<]{0,100})</time>", re.I)
_DATETIME_ATTR = re.compile(r"""\bdatetime\s*=\s*(["']?)([^"'>\s]+)\1""", re.I)


def teaser_dates(doc, langs: tuple[str, ...]) -> list[tuple[int, Published]]:
    """The dated teasers of a listing page (a blog's index, a news archive, a home page's
    latest posts: each post's ``<time>``, title and summary): (text offset of the
    ``<time>``, its date as a dated publication), in order. A page with fewer than two
    dated ``<time>`` elements lists nothing. letsencrypt.org's /blog/ shows "Our RFC 6962 CT
    logs will go read-only on November 30, 2025" under "August 14, 2025": that post's
    history, not the listing's promise."""
    src = doc.source
    if doc.kind != "html" or "<time" not in src or not doc.text:
        return []
    out: list[tuple[int, Published]] = []
    for m in _TIME_EL.finditer(src):
        a = _DATETIME_ATTR.search(m.group(1))
        d = _as_date((a.group(2) if a else m.group(2)).strip(), langs)
        if not _plausible(d):
            continue
        pos = min(bisect.bisect_left(doc.starts, m.end()), len(doc.text))
        out.append((pos, Published(d, "the <time> of its teaser", m.start(), m.end())))
    return out if len(out) >= 2 else []
