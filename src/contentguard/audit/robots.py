"""robots.txt (RFC 9309) and sitemaps: what the crawler may fetch and where it starts."""
from __future__ import annotations

import urllib.robotparser
import zlib
from collections import deque
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from contentguard.audit.fetch import Fetcher
from contentguard.audit.scope import Scope

#: robots.txt token of the tool
ROBOTS_AGENT = "contentguard"
MAX_SITEMAPS = 50
MAX_SITEMAP_URLS = 500_000
SITEMAP_BYTES = 50 << 20  # the sitemap protocol's own limit (uncompressed)
#: RFC 9309 section 2.5: a crawler may limit the robots.txt it parses, to no less than
#: 500 KiB; a longer file is read up to there (its last, cut line dropped), not refused
ROBOTS_BYTES = 500 << 10


# --- robots.txt and sitemaps -----------------------------------------------------------

#: URLs whose robots.txt verdict is remembered (then forgotten all at once: memory stays flat)
ROBOTS_MEMO = 20_000


class Robots:
    def __init__(self) -> None:
        self.parser = None
        self.disallow_all = False
        self.crawl_delay: float | None = None
        self.sitemaps: list[str] = []
        #: verdicts by URL: every page's links are asked about, most of them links seen
        #: before (the navigation), and the standard library's ``can_fetch`` (unquote,
        #: parse, quote, every rule) cost the crawler 0.65 ms of CPU a page
        self._memo: dict[str, bool] = {}
        #: no rule of the file disallows anything (most sites' robots.txt, ``Disallow:``
        #: empty): every URL is allowed without asking ``can_fetch``
        self.allows_all = False

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None or self.allows_all:
            return True
        ok = self._memo.get(url)
        if ok is None:
            if len(self._memo) >= ROBOTS_MEMO:
                self._memo.clear()
            ok = self._memo[url] = self.parser.can_fetch(ROBOTS_AGENT, url)
        return ok


async def load_robots(fetcher: Fetcher, origin: str, note) -> Robots:
    """RFC 9309: 4xx → no rules; 5xx or unreachable → disallow everything (and say so)."""
    rb = Robots()
    url = origin + "/robots.txt"
    f = await fetcher.get(url, cap=ROBOTS_BYTES, html_only=False, partial=True)
    if f.status is not None and 400 <= f.status < 500:
        return rb
    if f.error or f.status is None or f.status >= 500:
        rb.disallow_all = True
        note(url, f"robots.txt unreachable ({f.error or f'HTTP {f.status}'}): nothing is crawled, as RFC 9309 asks")
        return rb
    text = f.body.decode("utf-8", "replace")
    if f.truncated:
        text = text[:text.rfind("\n") + 1]  # the last line is cut: not a rule
        note(url, f"robots.txt is larger than {ROBOTS_BYTES >> 10} KiB: its first {ROBOTS_BYTES >> 10} KiB "
                  f"are obeyed, the rest is ignored (RFC 9309, section 2.5)")
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(text.splitlines())
    rb.parser = rp
    entries = rp.entries + ([rp.default_entry] if rp.default_entry else [])
    # can_fetch answers each URL by the first rule that applies, True when none does: with
    # only Allow rules (an empty Disallow is one) every answer is True
    rb.allows_all = all(line.allowance for e in entries for line in e.rulelines)
    rb.crawl_delay = crawl_delay(text)
    rb.sitemaps = list(rp.site_maps() or [])
    if not rp.can_fetch(ROBOTS_AGENT, origin + "/") and not rp.can_fetch(ROBOTS_AGENT, origin + "/contentguard-probe"):
        # a blanket Disallow: / for us: say so once; nothing disallowed is fetched
        note(url, "robots.txt disallows everything for contentguard: nothing is crawled")
    return rb


def crawl_delay(text: str) -> float | None:
    """``Crawl-delay`` of the group for us (else of ``*``), decimals allowed (the standard
    library's parser takes whole seconds only)."""
    found: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        else:
            in_rules = True
            if key == "crawl-delay":
                try:
                    d = float(value)
                except ValueError:
                    continue
                for a in agents:
                    found.setdefault(a, d)
    for a, d in found.items():
        if a.split("/")[0].strip() == ROBOTS_AGENT:
            return d
    return found.get("*")


class _Enough(Exception):
    """The sitemap has given as many locations as were asked for."""


def parse_sitemap(data: bytes, limit: int = MAX_SITEMAP_URLS) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", locations); ValueError with the reason when broken.

    Read by expat a chunk at a time, so it decodes the document itself (UTF-8 with or
    without a BOM, UTF-16 with or without one, a declared single-byte encoding) before
    anything is judged: a DOCTYPE (the only place entities can be declared) is refused
    however it is encoded. Parsing stops at ``limit`` page locations (an index's at
    ``MAX_SITEMAPS``: no more sitemaps than that are read)."""
    kind: str | None = None
    locs: list[str] = []
    text: list[str] | None = None  # the characters of the <loc> being read

    def doctype(*_a) -> None:
        raise ValueError("has a DOCTYPE or entity declarations (refused)")

    def start(name: str, _attrs) -> None:
        nonlocal kind, text
        tag = name.rsplit("}", 1)[-1]
        if tag == "loc":
            text = []
        elif kind is None and tag in ("urlset", "sitemapindex"):
            kind = tag

    def chars(data: str) -> None:
        if text is not None:
            text.append(data)

    def end(name: str) -> None:
        nonlocal text
        if text is not None and name.rsplit("}", 1)[-1] == "loc":
            loc = "".join(text).strip()
            text = None
            if loc:
                locs.append(loc)
                if len(locs) >= (MAX_SITEMAPS if kind == "sitemapindex" else limit):
                    raise _Enough

    p = expat.ParserCreate(namespace_separator="}")
    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = doctype
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    try:
        for at in range(0, len(data), 1 << 16):
            p.Parse(data[at:at + (1 << 16)], False)
        p.Parse(b"", True)
    except _Enough:
        pass
    except expat.ExpatError as e:
        raise ValueError(f"invalid XML ({e})") from None
    if kind is None and not locs:
        raise ValueError("not a sitemap (no <urlset> or <sitemapindex>)")
    return kind or "urlset", locs


def gunzip(data: bytes, cap: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, cap)
    if d.unconsumed_tail:
        raise ValueError(f"inflates to more than {cap} bytes")
    return out


async def sitemap_urls(fetcher: Fetcher, first: list[str], scope: Scope, note, explicit: set[str],
                       room=None, full: str = ""):
    """Yield page URLs of the sitemaps (indexes followed, gzip inflated with a cap).

    ``room()`` says how many more URLs the caller takes: at 0 nothing more is fetched or
    parsed, and ``note(sitemap, full)`` says where the seeding stopped."""
    todo = deque(first)
    seen: set[str] = set()
    while todo and len(seen) < MAX_SITEMAPS:
        sm = todo.popleft()
        if sm in seen:
            continue
        if room is not None and room() <= 0:
            note(sm, full)
            return
        seen.add(sm)
        if urlsplit(sm).netloc != scope.netloc:
            note(sm, "sitemap on another host: not read")
            continue
        f = await fetcher.get(sm, cap=SITEMAP_BYTES, html_only=False)
        if f.error or f.status is None or not (200 <= f.status < 300):
            if f.status == 404 and sm not in explicit:
                continue  # no /sitemap.xml is fine
            note(sm, f"sitemap not read: {f.error or f'HTTP {f.status}'}")
            continue
        data = f.body
        limit = MAX_SITEMAP_URLS if room is None else max(1, min(MAX_SITEMAP_URLS, room()))
        try:
            if data[:2] == b"\x1f\x8b":
                data = gunzip(data, SITEMAP_BYTES)
            kind, locs = parse_sitemap(data, limit)
        except (ValueError, OSError, EOFError) as e:
            note(sm, f"broken sitemap: {e}")
            continue
        if kind == "sitemapindex":
            todo.extend(urljoin(sm, x) for x in locs)
        else:
            for x in locs:
                yield x
            if room is not None and len(locs) >= limit and room() <= 0:
                note(sm, full)  # this sitemap may hold more
                return
