"""What a link is: ignored (mailto:, tel:, templates...), local, external or unsupported.

Only http(s) links go to the network; everything here is pure string work, so it runs
in ``collect`` (worker processes) and in ``finish`` alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

#: schemes that are not web links: counted in the summary, never checked
IGNORED_SCHEMES = {
    "mailto": "mailto", "tel": "tel", "callto": "tel", "sms": "sms", "javascript": "javascript",
    "data": "data", "about": "about", "blob": "data", "cid": "mailto", "urn": "urn",
    "geo": "geo", "skype": "app", "whatsapp": "app", "fax": "tel", "webcal": "app",
    "chrome": "app", "news": "app", "magnet": "app", "irc": "app", "ircs": "app", "xmpp": "app",
}
#: template expressions left in a URL (Jinja, Liquid, Go/Hugo, Handlebars, ERB, JS, shell)
#: ... and printf verbs (``printf "<a href='%s'>"`` in a Hugo template): "%s" is no percent-escape
TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\$\{|<%|%>|\{#|%[svqT]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Kind:
    kind: str  # ignored | external | local | unsupported
    url: str = ""  # external: the URL without fragment, normalised; local: the path part
    fragment: str | None = None  # None = no '#' at all
    reason: str = ""  # ignored/unsupported: why (mailto, template, ftp...)
    query: str = ""


def classify(url: str) -> Kind:
    u = url.strip()
    if not u:
        return Kind("ignored", reason="empty")
    if TEMPLATE.search(u):
        return Kind("ignored", reason="template")
    m = _SCHEME.match(u)
    if m and not _WINDOWS_DRIVE.match(u):
        scheme = m.group(1).lower()
        if scheme in ("http", "https"):
            return external(u)
        if scheme == "file":
            parts = urlsplit(u)
            return Kind("local", url=parts.path or "/", fragment=_frag(u), query=parts.query)
        if scheme in IGNORED_SCHEMES:
            return Kind("ignored", reason=IGNORED_SCHEMES[scheme])
        return Kind("unsupported", reason=scheme)
    if u.startswith("//"):
        return external("https:" + u)
    if u.startswith("\\\\"):
        return Kind("unsupported", reason="unc-path")
    frag = _frag(u)
    rest = u.split("#", 1)[0]
    path, _, query = rest.partition("?")
    return Kind("local", url=path, fragment=frag, query=query)


def _frag(u: str) -> str | None:
    return u.split("#", 1)[1] if "#" in u else None


def external(u: str) -> Kind:
    """An http(s) URL, normalised for de-duplication: scheme and host lower-cased, the
    default port and the fragment dropped, an empty path made ``/``."""
    try:
        p = urlsplit(u)
        host = p.hostname
        port = p.port
    except ValueError:
        return Kind("external", url=u.split("#", 1)[0], fragment=_frag(u), reason="malformed")
    if not host:
        return Kind("external", url=u.split("#", 1)[0], fragment=_frag(u), reason="malformed")
    scheme = p.scheme.lower()
    h = host.lower()
    if ":" in h:  # IPv6 literal
        h = f"[{h}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        h = f"{h}:{port}"
    if p.username or p.password:
        cred = p.username or ""
        if p.password:
            cred += ":" + p.password
        h = f"{cred}@{h}"
    norm = urlunsplit((scheme, h, p.path or "/", p.query, ""))
    return Kind("external", url=norm, fragment=_frag(u))


class Remapper:
    """``remap`` option: regex → replacement, applied in order, first match wins."""

    def __init__(self, table: dict[str, str] | None) -> None:
        self.rules = [(re.compile(k), v) for k, v in (table or {}).items()]

    def __call__(self, url: str) -> str:
        for rx, repl in self.rules:
            new, n = rx.subn(repl, url, count=1)
            if n:
                return new
        return url


class Filter:
    """``include``/``exclude`` regexes (searched in the URL); include wins over exclude.

    With include patterns and no exclude patterns, only included URLs are checked.
    """

    def __init__(self, include: list[str] | None, exclude: list[str] | None) -> None:
        self.include = [re.compile(p) for p in include or []]
        self.exclude = [re.compile(p) for p in exclude or []]

    def excluded(self, url: str) -> bool:
        if not self.include and not self.exclude:
            return False
        if any(rx.search(url) for rx in self.include):
            return False
        if self.include and not self.exclude:
            return True
        return any(rx.search(url) for rx in self.exclude)


def parse_accept(items: list[str]) -> tuple:
    """``["200..299", "403", "200..=204", "500-599"]`` → ((lo, hi), ...); ranges are inclusive."""
    out = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            m = re.fullmatch(r"(\d{3})?\s*(?:\.\.=?|-)\s*(\d{3})?", part)
            if m and (m.group(1) or m.group(2)):
                out.append((int(m.group(1) or 100), int(m.group(2) or 999)))
            elif re.fullmatch(r"\d{3}", part):
                out.append((int(part), int(part)))
            else:
                raise ValueError(f"bad status code or range {part!r}")
    return tuple(out)


class Kinds:
    """What each link of a run is, worked out once per URL as written: (the URL after
    ``remap`` and, with a site profile, the site's own address made local; its
    :class:`Kind`; excluded by include/exclude). ``finish`` and the early start of
    external requests share one."""

    def __init__(self, remap: Remapper, filt: Filter, own_url=None) -> None:
        self.remap, self.filt, self.own_url = remap, filt, own_url
        self.memo: dict[str, tuple[str, Kind, bool]] = {}

    def __call__(self, written: str) -> tuple[str, Kind, bool]:
        got = self.memo.get(written)
        if got is None:
            url = self.remap(written) if self.remap.rules else written
            if self.own_url is not None:  # a link to the site's own URL is a local link
                url = self.own_url(url) or url
            k = classify(url)
            got = self.memo[written] = (url, k, k.kind != "ignored" and self.filt.excluded(url))
        return got
