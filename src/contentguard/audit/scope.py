"""What an audit covers: its options, the crawl's identity of a URL, and its scope."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit, urlunsplit

from contentguard.checks import links
from contentguard.net import http as net


class AuditError(Exception):
    """A usage problem (refused address, nothing to resume): exit 2 with the message."""


# --- options and scope -------------------------------------------------------------

@dataclass
class Options:
    target: str
    mode: str  # url | dir
    max_pages: int = 10_000
    max_depth: int = 50
    scope: str = "host"  # host | prefix
    include: list = field(default_factory=list)
    exclude: list = field(default_factory=list)
    delay: float = 0.0
    concurrency: int = 4
    allow_private: bool = False
    timeout: float | None = None
    page_timeout: float | None = None  # a page's time across redirects and retries; None: 3 × timeout
    jobs: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Options":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def normalise(url: str) -> str | None:
    """The crawl's identity of a page: scheme and host lower-cased, default port and
    fragment dropped, empty path ``/`` (the link check's own normalisation), and a folder's
    ``index.html`` named as the folder (``/`` and ``/index.html`` are one page)."""
    k = links.external(url.strip())
    if k.reason == "malformed":
        return None
    p = urlsplit(k.url)
    if p.scheme not in ("http", "https"):
        return None
    for index in ("/index.html", "/index.htm"):
        if p.path.endswith(index):
            return urlunsplit(p._replace(path=p.path[:-len(index) + 1]))
    return k.url


@dataclass
class Scope:
    """Which URLs belong to the audit: same host (or under the start URL's folder),
    include/exclude regexes searched in the URL (include wins)."""

    start: str
    mode: str = "host"
    include: tuple = ()
    exclude: tuple = ()

    def __post_init__(self) -> None:
        p = urlsplit(self.start)
        self.netloc = p.netloc
        path = p.path or "/"
        self.prefix = f"{p.netloc}{path[:path.rfind('/') + 1]}"
        self._inc = [re.compile(x) for x in self.include]
        self._exc = [re.compile(x) for x in self.exclude]

    def __getstate__(self):
        return {"start": self.start, "mode": self.mode, "include": self.include, "exclude": self.exclude}

    def __setstate__(self, st):
        self.__init__(**st)

    def allows(self, url: str) -> bool:
        p = urlsplit(url)
        if p.scheme not in ("http", "https") or p.netloc != self.netloc:
            return False
        if self.mode == "prefix" and not f"{p.netloc}{p.path}".startswith(self.prefix):
            return False
        if url == self.start:
            return True
        if self._inc and not any(r.search(url) for r in self._inc):
            return False
        return not any(r.search(url) for r in self._exc)


def looks_like_file(url: str) -> bool:
    """A link to a PDF, an image, an archive...: the link check's business, not a page."""
    return net.looks_like_file(url)
