"""robots.txt (RFC 9309) and sitemaps: what the crawler may fetch and where it starts."""
from __future__ import annotations

import io
import urllib.robotparser
import xml.etree.ElementTree as ET
import zlib
from collections import deque
from urllib.parse import urljoin, urlsplit

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

class Robots:
    def __init__(self) -> None:
        self.parser = None
        self.disallow_all = False
        self.crawl_delay: float | None = None
        self.sitemaps: list[str] = []

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(ROBOTS_AGENT, url)


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


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", locations); ValueError with the reason when broken."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ValueError("has a DOCTYPE or entity declarations (refused)")
    kind = None
    locs: list[str] = []
    try:
        for _ev, el in ET.iterparse(_BytesReader(data), events=("end",)):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "loc" and el.text:
                locs.append(el.text.strip())
                if len(locs) >= MAX_SITEMAP_URLS:
                    break
            elif tag in ("urlset", "sitemapindex"):
                kind = tag
            if tag in ("url", "sitemap"):
                el.clear()
    except ET.ParseError as e:
        raise ValueError(f"invalid XML ({e})") from None
    if kind is None and not locs:
        raise ValueError("not a sitemap (no <urlset> or <sitemapindex>)")
    if kind is None:
        kind = "urlset"
    return kind, locs


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.f = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self.f.read(n)


def gunzip(data: bytes, cap: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, cap)
    if d.unconsumed_tail:
        raise ValueError(f"inflates to more than {cap} bytes")
    return out


async def sitemap_urls(fetcher: Fetcher, first: list[str], scope: Scope, note, explicit: set[str]):
    """Yield page URLs of the sitemaps (indexes followed, gzip inflated with a cap)."""
    todo = deque(first)
    seen: set[str] = set()
    while todo and len(seen) < MAX_SITEMAPS:
        sm = todo.popleft()
        if sm in seen:
            continue
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
        try:
            if data[:2] == b"\x1f\x8b":
                data = gunzip(data, SITEMAP_BYTES)
            kind, locs = parse_sitemap(data)
        except (ValueError, OSError, EOFError) as e:
            note(sm, f"broken sitemap: {e}")
            continue
        if kind == "sitemapindex":
            todo.extend(urljoin(sm, x) for x in locs)
        else:
            for x in locs:
                yield x
