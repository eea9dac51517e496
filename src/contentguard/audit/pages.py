"""One fetched page (or file) through the checks, in a worker process: its findings,
its two-phase data and the in-site links that feed the crawl frontier."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from contentguard import engine
from contentguard.audit.scope import Scope, looks_like_file, normalise
from contentguard.checks import links
from contentguard.document import Link
from contentguard.sources import decode, parse

#: links of these elements are pages to crawl; others (img, script, link...) are assets
PAGE_ELEMENTS = frozenset(("a", "area"))


# --- per-page processing (in worker processes) -------------------------------------

@dataclass
class PageResult:
    findings: list
    collected: dict  # two-phase check name -> list of picklable data
    outlinks: list  # (url, line, col, end_line, end_col, text as written)
    title: str | None = None
    skipped: str | None = None
    sups: list = field(default_factory=list)  # inline suppressions, for two-phase findings
    anchors: tuple = ()  # the page's ids and names
    fraglinks: list = field(default_factory=list)  # (target, fragment, line, col, end_line, end_col, text)


_W: dict = {}


def _worker_init(ctx, scope: Scope | None = None) -> None:
    _W["ctx"] = ctx
    _W["scope"] = scope  # a site audit's scope (the same for every page: sent once)
    _W["checks"] = engine.active_checks(ctx)
    for chk in _W["checks"]:
        chk.setup(ctx)


def _worker_process_init(ctx, scope: Scope | None = None) -> None:
    """A pool worker: set up like the main process, warmed up, and ending with it (even on
    kill -9)."""
    engine.die_with_parent()
    _worker_init(ctx, scope)
    warm_up()


#: a small page with something for every check to read: dates, a copyright line, an
#: address, numbers in and out of the default regions, a claim; nothing that needs a
#: language model (no past tense beside a stale date: spaCy would load for it)
WARM_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Warm-up</title>"
             "<meta property=\"article:modified_time\" content=\"2024-01-10\"></head>\n<body><main>\n"
             "<p>Call us on 07911 123456, +1 415 555 2671 or 0123 4567 890, or write to "
             "maria.lopez@gmail.com. Offer ends 12 May 2025. A risk-free trial.</p>\n"
             "<footer>&copy; 2019 Example Ltd</footer></main></body></html>\n")
#: its address, as a page of a site audit (the date check asks htmldate about those)
WARM_URL = "https://warm-up.invalid/page.html"


def warm_up() -> None:
    """Run the checks once over :data:`WARM_PAGE` in this process: the modules and phone
    metadata the checks load on first use and the patterns they compile on first use
    (0.1 s of CPU) are loaded while the crawler starts, not while the first pages wait.
    Each check worker does it as it starts (:func:`_worker_process_init`), in parallel
    with the crawler importing its HTTP client and fetching robots.txt and the first pages;
    done in the crawler before the fork, as before, it held up the first request by as
    much (an audit of 40 pages: 0.73 to 0.66 s, median of 15 alternated runs). The page's
    results are dropped; a failure here only loses the head start."""
    try:
        engine.process_loaded(_W["ctx"], parse(WARM_URL, WARM_PAGE, kind="html"), WARM_URL,
                              _W["checks"])
    except Exception:  # noqa: BLE001 - the real pages will say what is wrong
        pass


def _title(doc) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title\s*>", doc.source[:65536], re.I | re.S)
    if not m:
        return None
    return " ".join(html.unescape(m.group(1)).split())[:200] or None


def process_page(url: str, body: bytes, charset: str | None) -> PageResult:
    """Decode and parse a fetched page (:func:`page_text`), split its links (in-scope
    pages → the crawl frontier; the rest, made absolute, stay on the document for the link
    check) and run the checks. The audit's scope is the worker's (:func:`_worker_init`)."""
    ctx = _W["ctx"]
    scope = _W["scope"]
    loaded = parse(url, page_text(body, charset), kind="html")
    outlinks: list = []
    fraglinks: list = []
    anchors: set = set()
    title = None
    for doc in loaded.documents:
        title = title or _title(doc)
        anchors |= doc.anchors
        keep = []
        for ln in doc.links:
            raw = ln.url.strip()
            k = links.classify(raw)
            if raw.lower().startswith("file:"):
                continue  # a live page's file: link points into the reader's own disk, not ours
            if k.kind in ("ignored", "unsupported"):
                keep.append(ln)
                continue
            absu = urljoin(url, raw)
            norm = normalise(absu)
            if norm is not None and ln.element in PAGE_ELEMENTS and scope.allows(norm) \
                    and not looks_like_file(norm):
                line, col = doc.lines.position(ln.start)
                end_line, end_col = doc.lines.end_position(ln.end) if ln.end > ln.start else (line, col)
                written = doc.source[ln.start:ln.end][:500]
                outlinks.append((norm, line, col, end_line, end_col, written))
                if "#" in absu:
                    frag = absu.split("#", 1)[1]
                    if frag and frag.lower() != "top" and not frag.startswith(":~:"):
                        fraglinks.append((norm, frag, line, col, end_line, end_col, written))
                continue
            keep.append(Link(absu, ln.start, ln.end, ln.element))
        doc.links = keep
    res = engine.process_loaded(ctx, loaded, url, _W["checks"])
    return PageResult(res.findings, res.collected, outlinks, title, res.skipped, res.sups,
                      tuple(sorted(anchors)), fraglinks)


def process_file(fs_path: str, display: str) -> PageResult:
    res = engine.process_file(_W["ctx"], fs_path, display, _W["checks"])
    return PageResult(res.findings, res.collected, [], None, res.skipped, res.sups)


def page_text(body: bytes, charset: str | None) -> str:
    """The page as text: the header's charset, else UTF-8, else the page's own
    ``<meta charset>`` (a legacy page), else UTF-8 with replacement characters."""
    def norm(c: str) -> str:
        return c.lower().replace("-", "").replace("_", "")

    if charset and norm(charset) not in ("utf8", "usascii", "ascii"):
        try:
            return body.decode(charset, "replace")
        except LookupError:
            pass
    text, bad = decode(body)
    if bad and not charset:
        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", body[:4096], re.I)
        if m and norm(m.group(1).decode("ascii", "replace")) not in ("utf8", "usascii", "ascii"):
            try:
                return body.decode(m.group(1).decode("ascii"), "replace")
            except LookupError:
                pass
    return text
