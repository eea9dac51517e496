"""A site's author data files: the names behind the author slugs of front matter
(``authors: [ana]``), so a page's own authors are known by name.

Looked for in the page's folder and every folder above it (up to the first one holding
``.git``, or eight levels): Hugo's ``data/authors.{yml,yaml,json,toml}`` and
``content/authors/<slug>/_index.md`` (``display_name``/``name``/``title``), Jekyll's
``_data/authors.{yml,yaml,json}``, Docusaurus' ``blog/authors.yml``, MkDocs Material's
``.authors.yml`` (under ``docs/blog/`` too) and a plain ``authors.{yml,yaml,json}``.
Each file is read once per process; a file that does not parse is skipped.
"""
from __future__ import annotations

import json
import os
from functools import cache

_MAPS = ("authors.yml", "authors.yaml", "authors.json", ".authors.yml", "data/authors.yml", "data/authors.yaml",
         "data/authors.json", "data/authors.toml", "_data/authors.yml", "_data/authors.yaml", "_data/authors.json",
         "blog/authors.yml", "blog/.authors.yml", "docs/blog/.authors.yml")
_PAGES = ("content/authors/{}/_index.md", "content/authors/{}/index.md", "content/authors/{}.md",
          "authors/{}/_index.md", "authors/{}/index.md", "authors/{}.md")
_NAME_KEYS = ("name", "display_name", "displayName", "full_name", "title")


def _load(path: str):
    with open(path, encoding="utf-8") as fh:
        text = fh.read(1_000_000)
    if path.endswith(".json"):
        return json.loads(text)
    if path.endswith(".toml"):
        import tomllib

        return tomllib.loads(text)
    if path.endswith(".md"):
        parts = text.split("---", 2)
        text = parts[1] if len(parts) == 3 and not parts[0].strip() else ""
    import yaml

    return yaml.safe_load(text)


@cache
def _map_file(path: str) -> dict[str, str]:
    """slug -> name from an author map file ({slug: {name: ...}} or {authors: {...}} or a list)."""
    try:
        data = _load(path)
    except Exception:  # noqa: BLE001 - a broken data file is not this check's business
        return {}
    if isinstance(data, dict) and isinstance(data.get("authors"), (dict, list)):
        data = data["authors"]
    out: dict[str, str] = {}
    items = data.items() if isinstance(data, dict) else (
        ((d.get("id") or d.get("slug") or d.get("key")), d) for d in data if isinstance(d, dict)) if isinstance(data, list) else ()
    for slug, v in items:
        if isinstance(v, str):
            out[str(slug)] = v
        elif isinstance(v, dict):
            name = next((v[k] for k in _NAME_KEYS if isinstance(v.get(k), str)), None)
            if name:
                out[str(slug)] = name
    return out


@cache
def _page_name(path: str) -> str | None:
    try:
        data = _load(path)
    except Exception:  # noqa: BLE001
        return None
    if isinstance(data, dict):
        return next((data[k] for k in _NAME_KEYS if isinstance(data.get(k), str)), None)
    return None


@cache
def _roots(folder: str) -> tuple[str, ...]:
    out = []
    d = folder
    for _ in range(8):
        out.append(d)
        if os.path.isdir(os.path.join(d, ".git")) or os.path.isfile(os.path.join(d, ".git")):
            break
        up = os.path.dirname(d)
        if up == d:
            break
        d = up
    return tuple(out)


def author_names(doc_path: str, slugs: list[str]) -> set[str]:
    """The names the site's author data give for ``slugs`` (those it knows)."""
    if not doc_path or "://" in doc_path:
        return set()
    out: set[str] = set()
    folder = os.path.dirname(os.path.abspath(doc_path))
    for root in _roots(folder):
        for rel in _MAPS:
            p = os.path.join(root, rel)
            if os.path.isfile(p):
                m = _map_file(p)
                out.update(m[s] for s in slugs if s in m)
        for s in slugs:
            if "/" in s or s.startswith("."):
                continue
            for pat in _PAGES:
                p = os.path.join(root, pat.format(s))
                if os.path.isfile(p):
                    n = _page_name(p)
                    if n:
                        out.add(n)
    return out
