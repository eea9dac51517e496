"""What the host that serves a built site adds to it: redirect rules and URL forms.

A link can be fine on the live site although the generator publishes nothing at its URL:
the host redirects it (``/sponsors`` → another site) or serves ``/post.html`` for
``/post/``. The host's own config in the site's folder says so; read here:

* Netlify: ``netlify.toml`` ``[[redirects]]`` (``from``, ``to``, ``status``) and
  ``_redirects`` files (``from to [status]`` per line) in the site root or a static folder
  (Cloudflare Pages reads the same file), or the ``_redirects`` a template of the site
  publishes (eslint.org's ``redirects.njk`` has ``permalink: _redirects``: its fixed lines
  are rules; a line whose path is a template expression is not read). ``*`` matches the rest of the path, ``:name``
  one segment; a rule matches with or without a trailing slash, as Netlify matches it. Rules
  answering 404 (a language's "not found" page) are not redirects. Netlify's pretty URLs
  (on unless ``[build.processing.html] pretty_urls = false``) serve ``/post.html`` for
  ``/post/`` and ``/post``.
* Vercel: ``vercel.json`` ``redirects``/``rewrites`` (``source``, same patterns) and
  ``cleanUrls`` (``/post`` and ``/post/`` for ``/post.html``).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from contentguard.sites.base import Site

__all__ = ["Host", "host_of", "served"]


@dataclass(frozen=True)
class Host:
    name: str  # "netlify" | "vercel"
    config: str  # the file the rules came from
    rules: tuple[tuple[re.Pattern, str], ...]  # (from pattern, to)
    pretty: bool  # /x/ and /x serve /x.html


def _pattern(src: str) -> re.Pattern | None:
    """A Netlify/Vercel ``from`` path as a regex (``*`` the rest, ``:name`` one segment)."""
    if not src.startswith("/"):
        return None  # a whole-URL rule (another domain), not a path on this site
    out = []
    src = re.sub(r"\(\.\*\)|:\w+\*", "*", src)  # Vercel's path-to-regexp "(.*)" and ":path*"
    for part in re.split(r"(\*|:[A-Za-z_]\w*)", src.rstrip("/") or "/"):
        if part == "*":
            out.append(".*")
        elif part.startswith(":") and len(part) > 1:
            out.append("[^/]+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + "/?", re.I)


def _netlify_toml(path: str) -> tuple[list[tuple[str, str]], bool]:
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return [], True
    rules = []
    for r in data.get("redirects") or []:
        if isinstance(r, dict) and isinstance(r.get("from"), str) and int(r.get("status") or 301) != 404:
            rules.append((r["from"], str(r.get("to") or "")))
    pretty = (((data.get("build") or {}).get("processing") or {}).get("html") or {}).get("pretty_urls", True)
    return rules, pretty is not False


#: a Liquid/Nunjucks tag opening, dividing or closing a condition in a template
_COND = re.compile(r"\{%-?\s*(if|unless|elsif|elif|else|endif|endunless)\b")


def _redirects_file(path: str) -> list[tuple[str, str]]:
    """The rules of a ``_redirects`` file, or of a template that writes one: a rule under
    a condition counts only when the condition has another branch (``{% if %}...{% else
    %}...{% endif %}``: one of them is live on every build); a rule under a lone ``{% if
    %}`` may be off on the build that matters."""
    rules: list[tuple[str, str]] = []
    stack: list[tuple[list, bool]] = []  # (rules of the open condition, has another branch)
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                tag = _COND.search(line) if "{%" in line else None
                if tag is not None:
                    kind = tag.group(1)
                    if kind in ("if", "unless"):
                        stack.append(([], False))
                    elif kind in ("endif", "endunless") and stack:
                        got, branched = stack.pop()
                        if branched:
                            (stack[-1][0] if stack else rules).extend(got)
                    elif stack:
                        stack[-1] = (stack[-1][0], True)
                    continue
                parts = line.split("#", 1)[0].split()
                if len(parts) >= 2 and not (len(parts) > 2 and parts[2].rstrip("!") == "404"):
                    (stack[-1][0] if stack else rules).append((parts[0], parts[1]))
    except OSError:
        return []
    return rules


def _vercel(path: str) -> tuple[list[tuple[str, str]], bool]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return [], False
    rules = [(r["source"], str(r.get("destination") or "")) for key in ("redirects", "rewrites")
             for r in data.get(key) or [] if isinstance(r, dict) and isinstance(r.get("source"), str)]
    return rules, bool(data.get("cleanUrls"))


@lru_cache(maxsize=32)
def _read(root: str, static_dirs: tuple[str, ...], generated: str | None = None) -> Host | None:
    raw: list[tuple[str, str]] = []
    name = config = None
    pretty = False
    toml = os.path.join(root, "netlify.toml")
    if os.path.isfile(toml):
        raw, pretty = _netlify_toml(toml)
        name, config = "netlify", toml
    for folder in (root, *static_dirs):
        f = os.path.join(folder, "_redirects")
        if os.path.isfile(f):
            raw += _redirects_file(f)
            name, config = name or "netlify", config or f
    if generated is not None:
        # a template publishing /_redirects: its fixed rules, in every branch of its
        # conditions (either branch is a live rule on some build)
        raw += _redirects_file(generated)
        name, config = name or "netlify", config or generated
    vercel = os.path.join(root, "vercel.json")
    if name is None and os.path.isfile(vercel):
        raw, pretty = _vercel(vercel)
        name, config = "vercel", vercel
    if name is None:
        return None
    rules = tuple((p, to) for src, to in raw if (p := _pattern(src)) is not None)
    return Host(name, config, rules, pretty)


def host_of(site: Site, generated: str | None = None) -> Host | None:
    """The host config found in the site's root (or static folders), if any, with the
    rules of ``generated``, the source the generator publishes at ``/_redirects``."""
    return _read(site.root, tuple(site.static_dirs), generated) if site.root else None


def served(host: Host | None, path: str, published) -> str | None:
    """How the host answers URL ``path`` that the generator does not publish: a short
    reason ("netlify.toml redirects it to X", "served as /x.html") or None.
    ``published(url)`` says whether the generator publishes a URL."""
    if host is None:
        return None
    if host.pretty and not os.path.splitext(path.rstrip("/"))[1]:
        html = path.rstrip("/") + ".html"
        if path.rstrip("/") and published(html):
            return f"{host.name} serves {html} at {path}"
    for pat, to in host.rules:
        if pat.fullmatch(path):
            return f"{os.path.basename(host.config)} redirects {path} to {to or '(nowhere)'}"
    return None
