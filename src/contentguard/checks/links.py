"""Broken links: local files and anchors always; external links with ``--online``.

The one two-phase check. ``collect`` (in the workers) keeps, per document, each link's
URL and its exact position (computed there with the document's own LineIndex), plus the
document's anchors. ``finish`` (once, in the main process) merges identical targets
*before* checking them, resolves each unique target once (local files on disk, external
URLs concurrently through :mod:`._links.remote`), and maps every verdict back to every
place the target appears.

Offline by default, so a pre-commit hook never waits on the network; ``--online`` or
``online = true`` turns external checks on. The address guard refuses private, loopback
and link-local addresses unless ``allow-private`` is set.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from contentguard import __version__, sites
from contentguard.checks import Option, TwoPhaseCheck
from contentguard.checks._links.classify import Filter, Kinds, Remapper, classify, external, parse_accept
from contentguard.checks._links.built import BuiltSites
from contentguard.checks._links.lines import Lines, stored
from contentguard.checks._links.local import LocalResolver, fragment_ok
from contentguard.checks._links import site as _site
from contentguard.checks._links.verdict import BROKEN, OK, REDIRECT, SKIPPED, UNVERIFIED, Verdict
from contentguard.document import Heading
from contentguard.errors import ConfigError
from contentguard.excerpt import clear_excerpt
from contentguard.findings import Finding, Rule
from contentguard.urlmask import has_personal_data, mask_url, mask_urls_in

#: the link check's public API beyond CHECK (the audit crawler uses it: what a link is, its
#: normal form, whether a fragment is on a page, the HTTP settings from config)
__all__ = ["CHECK", "RULES", "OPTIONS", "classify", "external", "fragment_ok", "option", "settings"]

USER_AGENT = "contentguard/{version} (+https://github.com/contentguard/contentguard)"

#: the last run's counts (also ``CHECK.summary["links"]``, merged into the run summary)
LAST_SUMMARY: dict = {}


@dataclass
class DocLinks:
    """What ``collect`` keeps of one document: small and picklable."""

    path: str  # as displayed (findings use it)
    abspath: str  # for resolving relative links
    anchors: frozenset
    #: (url, line, column, end_line, end_column, text as written, source line, shift,
    #: start, end): see :mod:`._links.lines`. While ``clear`` (collected in this run), the
    #: source line is the clear window of the line, in memory only
    links: list[tuple] = field(default_factory=list)
    clear: bool = False
    #: Markdown headings (plain text, explicit id; ``document.Heading``): a site profile slugs them
    headings: list[tuple] = field(default_factory=list)
    #: links in the generator's own syntax: (kind, link tuple as above)
    site_links: list[tuple] = field(default_factory=list)
    #: ids the page's text makes beyond its headings, as its site profile reads it
    site_anchors: frozenset = frozenset()


class HoldsPersonalData(ValueError):
    """Collected link data that must not be stored: a URL in it holds personal data."""


RULES = (
    Rule("link/broken", "broken-link", "error",
         "A link whose target does not work: HTTP 4xx/5xx, timeout, DNS or connection failure, "
         "redirect loop, soft 404, or a local file that does not exist.",
         "External links are retried (5xx, 408, 429, timeouts, dropped connections) with backoff "
         "before they are reported. A soft 404 is a page answering 200 whose title says it was "
         "not found. Local links resolve against the file (root-relative ones against site-root).",
         '<a href="https://example.com/old-campaign.html">last year\'s sale</a>'),
    Rule("link/missing-fragment", "broken-link", "error",
         "A #fragment that matches no id, <a name> or Markdown heading slug in the target page.",
         "Ids are case-sensitive; Markdown headings get GitHub-style slugs (`## How to return` → "
         "`#how-to-return`, duplicates `-1`, `-2`). `#top` and the empty fragment always work.",
         "[requirements](setup.md#requirments)"),
    Rule("link/redirect", "broken-link", "warning",
         "A permanent redirect (301/308) to a working page: update the link to the new URL.",
         "Temporary redirects (302/303/307) are not reported: the site may move them back; nor "
         "is a permanent one that only adds or drops the folder's trailing slash or an "
         "index.html (/docs -> /docs/): the same page under its canonical URL. The message "
         "names the address to use instead.",
         '<a href="http://example.com/old-path">'),
    Rule("link/unverified", "broken-link", "info",
         "The site refuses automated checks (401, 403, 999, a bot challenge) or stays rate limited "
         "(429): check it in a browser.",
         "Not reported as broken: bot walls answer a checker differently from a reader. Add the "
         "status to `accept` to silence a known case.",
         '<a href="https://www.linkedin.com/company/acme">'),
    Rule("link/skipped", "broken-link", "info",
         "Not checked: the link (or a redirect it leads to) points at a private, loopback or "
         "link-local address, or at a page the site's build writes (one its .gitignore ignores).",
         "A pull request must not make CI fetch internal addresses (cloud metadata endpoints). "
         "Set `allow-private = true` or pass `--allow-private` for a trusted staging setup. A "
         "page imported or generated at build time and kept out of the repository by a "
         "`.gitignore` (`content/en/flux/cmd/flux*`) is not in the source to check against.",
         '<a href="http://169.254.169.254/latest/meta-data/">'),
)

OPTIONS = {
    "online": ("bool", False),
    "timeout": ("float", 20.0),
    "retries": ("int", 2),
    "retry-wait": ("float", 1.0),
    "max-retry-after": ("float", 20.0),
    "accept": Option("list[str]", ["200..299"], parse_accept),
    #: host ("*" for all) -> header -> value
    "headers": ("dict[str,dict[str,str]]", {}),
    "user-agent": ("str", ""),
    "include": ("list[regex]", []),
    "exclude": ("list[regex]", []),
    "remap": ("dict[regex,str]", {}),
    "max-concurrency": ("int", 128),
    "max-per-host": ("int", 10),
    "max-redirects": ("int", 20),
    "max-bytes": ("int", 5_000_000),
    "method": (("auto", "get", "head"), "auto"),
    "soft-404": ("bool", True),
    "check-fragments": ("bool", True),
    "allow-private": ("bool", False),
    "allow-networks": ("list[network]", []),
    "site-root": ("str", None),
    "index-files": ("list[str]", ["index.html", "index.htm", "index.md", "README.md"]),
    "markdown-html": ("bool", False),
    "fallback-extensions": ("list[str]", []),
    "cache-dir": ("str", ".contentguard_cache"),
    "cache-ttl-ok": ("int", 86400),
    "cache-ttl-fail": ("int", 300),
    "run-timeout": ("float", 900.0),
    "ca-file": ("str", None),
    "progress": ("bool", True),
}


class _Run:
    """One run's link classification (once per URL) and external requests."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.sres = _site.SiteResolver(ctx.site) if ctx.site is not None and _site.get(ctx.site.profile) else None
        self.kinds = Kinds(Remapper(option(ctx, "remap")), Filter(option(ctx, "include"), option(ctx, "exclude")),
                           self.sres.own_url if self.sres is not None else None)
        self.check_fragments = bool(option(ctx, "check-fragments"))
        self.ext = None  # the run's external.External, once a target is online

    def external(self) -> "External":  # noqa: F821 - imported when first needed
        if self.ext is None:
            # online only: an offline check (a pre-commit hook) never loads asyncio, ssl, aiohttp
            from contentguard.checks._links.external import External

            self.ext = External(self.ctx, settings(self.ctx), option)
        return self.ext


class LinksCheck(TwoPhaseCheck):
    name = "links"
    rules = RULES
    options = OPTIONS
    cacheable = True  # dump_collected/load_collected below

    def __init__(self) -> None:
        self.summary: dict = {}
        self._run: _Run | None = None

    def run_of(self, ctx) -> "_Run":
        """This run's classification and external requests (shared by early and finish)."""
        if self._run is None or self._run.ctx is not ctx:
            self._run = _Run(ctx)
        return self._run

    def early(self, collected: list, ctx) -> None:
        """Online: the new external targets of these pages are requested now, while the
        other pages are still read (``_links/early.py``)."""
        if not ctx.online:
            return
        run = self.run_of(ctx)
        new: dict[str, bool] = {}
        for d in collected:
            for link in d.links if d is not None else ():
                _url, k, excluded = run.kinds(link[0])
                if k.kind == "external" and not excluded and k.reason != "malformed":
                    f = k.fragment
                    new[k.url] = new.get(k.url, False) or (
                        run.check_fragments and f is not None and not fragment_ok(f, frozenset()))
        if new:
            run.external().feed(list(new.items()))

    def setup(self, ctx) -> None:
        """The options' types, patterns, networks and status ranges were checked when the
        config was loaded (config.py, exit 2 naming the file and key); a missing ca-file
        is said now, before every document is read. Cheap: nothing is imported from httpx."""
        if ctx.online:
            settings(ctx)

    # --- phase 1: in the workers ------------------------------------------------
    def collect(self, doc, ctx) -> DocLinks | None:
        if sites.retired(ctx.site, doc.path):
            return None  # past its expiry: never published again, nobody follows its links
        site_links = _site.site_links(ctx.site, doc)
        if not doc.links and not doc.anchors and not site_links:
            return None
        lines = doc.lines
        out = DocLinks(doc.path, os.path.abspath(doc.path), frozenset(doc.anchors), clear=True)
        out.site_anchors, hidden = _site.page_extras(ctx.site, doc)
        if ctx.site is not None and doc.headings:
            out.headings = list(doc.headings)
        for sl in site_links:
            line, col = lines.position(sl.start)
            end_line, end_col = lines.end_position(sl.end) if sl.end > sl.start else (line, col)
            url = sl.target + ("" if sl.fragment is None else "#" + sl.fragment)
            out.site_links.append((sl.kind, (url, line, col, end_line, end_col, doc.source[sl.start:sl.end],
                                             clear_excerpt(doc.source, *lines.line_bounds(line), sl.start, sl.end),
                                             0, sl.start, sl.end)))
        taken = {sl.start for sl in site_links}
        bare = _site.bare_urls(ctx.site, doc)
        for ln in doc.links:
            if ln.start in taken:
                continue  # read above in the generator's own syntax (Zola's @/x.md)
            if not bare and ln.element == "bare":
                continue  # kramdown leaves a bare URL as text: not a link of the page
            if hidden and any(a <= ln.start < b for a, b in hidden):
                continue  # in a template comment or capture: not a link of the page
            scheme = ln.url[:7].lower()
            if scheme.startswith(("mailto:", "tel:", "sms:", "callto:")):
                # never checked, only counted: the address itself (personal data) is not kept
                out.links.append((scheme.split(":")[0] + ":", 0, 0, 0, 0, "", ""))
                continue
            line, col = lines.position(ln.start)
            end_line, end_col = lines.end_position(ln.end) if ln.end > ln.start else (line, col)
            # the line is kept in clear, in memory, and masked only for a reported finding
            # (most links are fine, and masking every line was half of a link check's
            # time); what is stored holds no clear line (``_links.lines.stored``). A long
            # line is kept as the blocks of it the window around the link needs, shared by
            # the line's findings (each block masked once; memory about the line's size)
            out.links.append((ln.url, line, col, end_line, end_col, doc.source[ln.start:ln.end],
                              clear_excerpt(doc.source, *lines.line_bounds(line), ln.start, ln.end), 0,
                              ln.start, ln.end))
        return out

    def dump_collected(self, data: DocLinks) -> dict:
        if any(has_personal_data(t[0]) or has_personal_data(t[5]) for t in data.links):
            # a link that carries personal data is checked in this run but never stored
            # (the results cache and the audit database hold no clear value)
            raise HoldsPersonalData(data.path)
        is_file = "://" not in data.path  # an audit's page is named by its URL
        keep = (lambda t: stored(t, is_file)) if data.clear else (lambda t: t)
        return {"path": data.path, "abspath": data.abspath, "anchors": sorted(data.anchors),
                "links": [list(keep(t)) for t in data.links],
                "headings": [[*h, getattr(h, "level", 0)] for h in data.headings],
                "site_links": [[k, list(keep(t))] for k, t in data.site_links],
                "site_anchors": sorted(data.site_anchors)}

    def load_collected(self, obj: dict) -> DocLinks:
        return DocLinks(obj["path"], obj["abspath"], frozenset(obj["anchors"]),
                        [tuple(t) for t in obj["links"]], False, [Heading(*h) for h in obj.get("headings", [])],
                        [(k, tuple(t)) for k, t in obj.get("site_links", [])],
                        frozenset(obj.get("site_anchors", [])))

    # --- phase 2: once, in the main process -----------------------------------
    def finish(self, collected: list, ctx) -> Iterable[Finding]:
        try:
            return list(_finish(self, [c for c in collected if c is not None], ctx))
        finally:
            run, self._run = self._run, None
            if run is not None and run.ext is not None:
                run.ext.close()  # already closed after a normal finish


def option(ctx, key):
    """A [tool.contentguard.links] option (shared with the audit crawler); config.py has
    filled in the defaults."""
    return ctx.option("links", key)


def settings(ctx):
    """The HTTP settings of the link check, from config (shared with the audit crawler)."""
    from contentguard.checks._links.remote import Settings

    headers = option(ctx, "headers")
    return Settings(
        timeout=max(0.1, float(option(ctx, "timeout"))),
        attempts=max(1, int(option(ctx, "retries")) + 1),
        retry_wait=max(0.0, float(option(ctx, "retry-wait"))),
        max_retry_after=max(0.0, float(option(ctx, "max-retry-after"))),
        accept=parse_accept(option(ctx, "accept")),
        user_agent=option(ctx, "user-agent") or USER_AGENT.format(version=__version__),
        headers={k.lower() if k != "*" else k: v for k, v in headers.items()},
        max_concurrency=max(1, int(option(ctx, "max-concurrency"))),
        max_per_host=max(1, int(option(ctx, "max-per-host"))),
        max_redirects=max(0, int(option(ctx, "max-redirects"))),
        max_bytes=max(1024, int(option(ctx, "max-bytes"))),
        method=option(ctx, "method"),
        soft404=bool(option(ctx, "soft-404")),
        run_timeout=max(1.0, float(option(ctx, "run-timeout"))),
        ca_file=_ca_file(ctx),
    )


def _ca_file(ctx) -> str | None:

    ca = option(ctx, "ca-file")
    if not ca:
        return None
    path = ca if os.path.isabs(ca) else os.path.join(str(ctx.config.root), ca)
    if not os.path.isfile(path):
        raise ConfigError(f"links.ca-file: no such file {path}")
    return path


def _finish(check: LinksCheck, collected: list[DocLinks], ctx) -> Iterable[Finding]:
    root = str(ctx.config.root)
    site_root = option(ctx, "site-root")
    if site_root and not os.path.isabs(site_root):
        site_root = os.path.join(root, site_root)
    # no generator detected: root-relative links resolve against the repository root, after
    # site-root and a built site (said once, when it is used)
    repo_root = ctx.site.root if (not site_root and ctx.site is not None
                                  and ctx.site.profile == _site.REPOSITORY) else None
    run = check.run_of(ctx)
    sres = run.sres
    known: dict[str, frozenset] = {}
    for d in collected:
        anchors = (sres.anchors(d.anchors, d.headings, d.site_anchors) if sres and sres.covers(d.abspath)
                   else d.anchors)
        known[d.abspath] = known.get(d.abspath, frozenset()) | anchors
    local = LocalResolver(site_root=site_root, index_files=list(option(ctx, "index-files")),
                          markdown_html=bool(option(ctx, "markdown-html")),
                          fallback_extensions=list(option(ctx, "fallback-extensions")), known_anchors=known)
    kinds = run.kinds
    check_fragments = bool(option(ctx, "check-fragments"))
    built_sites = BuiltSites()

    ignored: Counter = Counter()
    counts: Counter = Counter()
    out: list[Finding] = []
    wants = ctx.wants
    lines = Lines(ctx.config.get("max-file-size"))

    def line_of(d: DocLinks, link: tuple) -> tuple[str | None, int]:
        if not ctx.source_lines:
            return None, 0  # the report prints no lines: none is masked
        return lines.shown(d.abspath, d.clear, link)

    def emit(rule: str, d: DocLinks, link: tuple, message: str) -> None:
        if wants(rule):
            url, line, col, end_line, end_col, written = link[:6]
            src_line, shift = line_of(d, link)  # masked now, for this finding only
            # the URL, its redirect target and the message naming them are masked like
            # text (percent-encoded values decoded for detection); the fingerprint alone
            # sees the clear value, as a hash
            shown = mask_url(written)
            if shown != written and not src_line:
                src_line, shift = None, 0  # a masked URL shows its line only when there is one
            out.append(ctx.finding_at(rule, d.path, (line, col, end_line, end_col), written,
                                      mask_urls_in(message), source_line=src_line, source_shift=shift,
                                      excerpt=shown))

    def local_verdict(d: DocLinks, link: tuple, verdict, found: str | None, fragment: str | None) -> None:
        if verdict.state == BROKEN:
            emit("link/broken", d, link, verdict.message)
        elif verdict.state == SKIPPED:
            emit("link/skipped", d, link, verdict.message)
        elif check_fragments and found and fragment is not None:
            msg = (_site.fragment_verdict(sres, local, found, fragment) if sres is not None and sres.covers(found)
                   else local.fragment_verdict(found, fragment))
            if msg:
                emit("link/missing-fragment", d, link, msg)

    if sres is not None:
        for d in collected:
            for kind, link in d.site_links:
                counts["links"] += 1
                counts["local"] += 1
                target, _, frag = link[0].partition("#")
                verdict, found = _site.resolve_site_link(sres, local, d.abspath, kind, target)
                local_verdict(d, link, verdict, found, frag if "#" in link[0] else None)

    #: external URL → [(doc, link, fragment)], merged when queued, checked once
    targets: dict[str, list[tuple[DocLinks, tuple, str | None]]] = {}
    local_memo: dict[tuple, tuple] = {}
    for d in collected:
        for link in d.links:
            counts["links"] += 1
            url, k, excluded = kinds(link[0])
            if k.kind == "ignored":
                ignored[k.reason] += 1
                continue
            if excluded:
                counts["excluded"] += 1
                continue
            if k.kind == "unsupported":
                ignored[f"scheme:{k.reason}"] += 1
                continue
            if k.kind == "local":
                counts["local"] += 1
                key = (d.abspath, k.url, url.lower().startswith("file:"))
                res = local_memo.get(key)
                if res is None:
                    covered = sres is not None and sres.covers(d.abspath)
                    built = None if covered or key[2] else built_sites.of(d.abspath)
                    if covered:
                        res = _site.resolve(sres, local, d.abspath, k.url, k.fragment, key[2])
                    elif built is not None:
                        # a built site is its own root, served as static hosts serve it (_links/built.py)
                        res = local.resolve(d.abspath, built.local_path(k.url), k.fragment,
                                            root=None if site_root else built.root, clean_urls=True)
                        if res[0] is not None and res[0].state == BROKEN and built.redirect(d.abspath, k.url):
                            res = (Verdict(OK), None)  # the host redirects it: not checked offline
                        if k.url.startswith("/") and not site_root:
                            ctx.notice_once(f"links:built:{built.root}", built.notice())
                    else:
                        res = local.resolve(d.abspath, k.url, k.fragment, absolute_fs=key[2])
                        if res[0] is None and repo_root is not None:
                            res = local.resolve(d.abspath, k.url, k.fragment, root=repo_root)
                            counts["root-relative-repository"] += 1
                            ctx.notice_once("links:repo-root", f"links: {ctx.site.how} (set profile or "
                                                               f"[tool.contentguard.links] site-root to choose)")
                    local_memo[key] = res
                verdict, found = res
                if verdict is None:
                    counts["root-relative-unchecked"] += 1
                    ctx.notice_once("links:site-root", "root-relative links (/path) are not checked: "
                                    "set site-root in [tool.contentguard.links]")
                    continue
                local_verdict(d, link, verdict, found, k.fragment)
                continue
            # external
            counts["external"] += 1
            if k.reason == "malformed":
                emit("link/broken", d, link, f"broken link: malformed URL {url}")
                continue
            if not ctx.online:
                counts["external-offline"] += 1
                continue
            targets.setdefault(k.url, []).append((d, link, k.fragment))

    verdicts = {}
    stats = None
    if targets:
        wanted = {url: any(check_fragments and f is not None and not fragment_ok(f, frozenset()) for _d, _l, f in occ)
                  for url, occ in targets.items()}
        verdicts, stats = run.external().resolve(wanted, ctx.jobs)
    elif run.ext is not None:
        run.ext.close()

    for url, occ in targets.items():
        v = verdicts[url]
        for d, link, frag in occ:
            if v.state == BROKEN:
                emit("link/broken", d, link, v.message)
            elif v.state == UNVERIFIED:
                emit("link/unverified", d, link, v.message)
            elif v.state == SKIPPED:
                emit("link/skipped", d, link, v.message)
            else:
                if v.state == REDIRECT:
                    emit("link/redirect", d, link, v.message)
                if (check_fragments and frag is not None and v.html and v.anchors is not None
                        and not fragment_ok(frag, v.anchors)
                        and "\x00truncated" not in v.anchors):
                    emit("link/missing-fragment", d, link,
                         f"missing anchor: #{frag} is not an id or name in {v.final_url or url}")
            counts[f"verdict:{v.state}"] += 1

    summary = {
        "links": counts["links"],
        "local": counts["local"],
        "external": counts["external"],
        "external_unique": len(targets),
        "external_offline": counts["external-offline"],
        "excluded": counts["excluded"],
        "root_relative_unchecked": counts["root-relative-unchecked"],
        "root_relative_repository": counts["root-relative-repository"],
        **_site.summary(ctx.site),
        "ignored": dict(sorted(ignored.items())),
        "ignored_total": sum(ignored.values()),
        "verdicts": {k.split(":", 1)[1]: n for k, n in sorted(counts.items()) if k.startswith("verdict:")},
    }
    if stats is not None:
        summary.update(stats)
    LAST_SUMMARY.clear()
    LAST_SUMMARY.update(summary)
    check.summary = {"links": dict(summary)}
    out.sort(key=lambda f: (f.path, f.line, f.column, f.rule))
    return out


CHECK = LinksCheck()
