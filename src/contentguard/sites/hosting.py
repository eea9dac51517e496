"""URLs the host serves beyond the generator's output: redirects and rewrites.

A link to ``/speedlify/`` works when ``vercel.json`` rewrites ``/speedlify/(.*)`` to
another deployment, although no source file is published there. Read here (literal
files only): ``vercel.json`` ``redirects`` and ``rewrites`` (``source``), Netlify's
``_redirects`` (in the site folder or its ``static``/``public``/``src`` folder) and
``netlify.toml`` ``[[redirects]] from``. A pattern (``(.*)``, ``:path*``, ``*``) is
given as its literal prefix followed by ``*``: any URL below it.
"""
from __future__ import annotations

import json
import os
import re
import tomllib

_PATTERN = re.compile(r"[(:*]")


def _url(source: str) -> str | None:
    if not source.startswith("/"):
        return None
    m = _PATTERN.search(source)
    if m is None:
        return source
    prefix = source[:m.start()]
    return prefix + "*" if prefix.endswith("/") and len(prefix) > 1 else None


def redirect_urls(root: str) -> list[str]:
    """Source URLs of the host's redirects and rewrites in ``root``; a trailing ``*`` is
    a prefix. [] when there are none or the files cannot be read."""
    out: list[str] = []
    try:
        with open(os.path.join(root, "vercel.json"), encoding="utf-8") as f:
            data = json.load(f)
        for key in ("redirects", "rewrites"):
            for r in data.get(key) or []:
                if isinstance(r, dict) and isinstance(r.get("source"), str):
                    out.append(_url(r["source"]))
    except (OSError, ValueError, AttributeError):
        pass
    for folder in ("", "static", "public", "src"):
        try:
            with open(os.path.join(root, folder, "_redirects"), encoding="utf-8") as f:
                for line in f:
                    parts = line.split()
                    if parts and not parts[0].startswith("#"):
                        out.append(_url(parts[0]))
        except OSError:
            continue
    try:
        with open(os.path.join(root, "netlify.toml"), "rb") as f:
            data = tomllib.load(f)
        for r in data.get("redirects") or []:
            if isinstance(r, dict) and isinstance(r.get("from"), str):
                out.append(_url(r["from"]))
    except (OSError, ValueError):
        pass
    return [u for u in out if u]
