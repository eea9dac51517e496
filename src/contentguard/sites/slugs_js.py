"""Heading ids as the JavaScript generators make them: github-slugger (Docusaurus, Astro),
markdown-it-anchor's default (Eleventy's Markdown), and @sindresorhus/slugify (Eleventy's
``slugify`` filter and its ``IdAttributePlugin``).

Ported from github-slugger 2.0 (ISC), markdown-it-anchor 9/10 (Unlicense) and
@sindresorhus/slugify 3.0 with @sindresorhus/transliterate 2.3 (MIT; its replacement
table is ``data/transliterate.json``). The cases in ``tests/fixtures/slugs/js.jsonl`` were
printed by those npm packages.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from contentguard.sites.slugs import first_free

# github-slugger keeps letters, marks, decimal and letter numbers, connector punctuation,
# "-" and " " (its regex is built from Unicode categories), plus the alphabetic symbols
# (circled and squared Latin letters) that Unicode lists as Other_Alphabetic.
_ALPHA_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))


@lru_cache(maxsize=4096)
def _slugger_keeps(ch: str) -> bool:
    if ch in "- ":
        return True
    cat = unicodedata.category(ch)
    if cat[0] in "LM" or cat in ("Nd", "Nl", "Pc"):
        return True
    cp = ord(ch)
    return any(a <= cp <= b for a, b in _ALPHA_SYMBOLS)


def github_slugger(value: str, maintain_case: bool = False) -> str:
    """github-slugger's ``slug()``: lower-cased, characters outside letters, numbers, marks,
    ``_``, ``-`` and space dropped, each space to ``-`` (runs are not collapsed)."""
    if not maintain_case:
        value = value.lower()
    return "".join(ch for ch in value if _slugger_keeps(ch)).replace(" ", "-")


def github_slugger_ids(headings: Sequence[tuple[str, str | None]]) -> list[str]:
    """``new GithubSlugger()`` over the headings in order: a repeat gets ``-1``, ``-2`` ...,
    skipping any that an earlier heading already produced. An explicit ``{#id}`` is kept
    as written and, as in Docusaurus' and Astro's heading plugins, not remembered."""
    seen: dict[str, int] = {}
    out = []
    for text, explicit in headings:
        if explicit:
            out.append(explicit)
            continue
        base = slug = github_slugger(text)
        while slug in seen:
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        out.append(slug)
    return out


def markdown_it_anchor(value: str) -> str:
    """markdown-it-anchor's default ``slugify``:
    ``encodeURIComponent(String(s).trim().toLowerCase().replace(/\\s+/g, '-'))``."""
    s = re.sub(r"\s+", "-", value.strip().lower())
    return quote(s, safe="-_.!~*'()")


def markdown_it_anchor_ids(headings: Sequence[tuple[str, str | None]],
                           slugify: Callable[[str], str] = markdown_it_anchor,
                           start: int = 1) -> list[str]:
    """markdown-it-anchor's ``uniqueSlug``: a repeat gets ``-1``, ``-2`` ...
    (``uniqueSlugStartIndex`` 1 by default), checked against every id so far."""
    seen: set[str] = set()
    out = []
    for text, explicit in headings:
        out.append(first_free(explicit or slugify(text), seen, start))
    return out


@lru_cache(maxsize=1)
def _transliterations() -> tuple[dict[str, str], re.Pattern]:
    pairs = json.loads((resources.files(__package__) / "data" / "transliterate.json")
                       .read_text(encoding="utf-8"))
    table = dict(pairs)
    keys = sorted(table, key=len, reverse=True)
    return table, re.compile("|".join(re.escape(k) for k in keys))


_OVERRIDABLE = (("&", " and "), ("🦄", " unicorn "), ("♥", " love "))


def _transliterate(value: str) -> str:
    import regex  # \p{Diacritic}; imported only for Eleventy's slugs

    table, pattern = _transliterations()
    value = unicodedata.normalize("NFC", value)
    for k, v in _OVERRIDABLE:
        value = value.replace(k, v)
    value = pattern.sub(lambda m: table.get(m.group(0), m.group(0)), value)
    value = regex.sub(r"\p{Diacritic}", "", unicodedata.normalize("NFD", value))
    value = unicodedata.normalize("NFC", value)
    return regex.sub(r"\p{Pd}", "-", value)


def _decamelize(s: str) -> str:
    s = re.sub(r"([A-Z]{2,})(\d+)", r"\1 \2", s)
    s = re.sub(r"([a-z\d]+)([A-Z]{2,})", r"\1 \2", s)
    s = re.sub(r"([a-z\d])([A-Z])", r"\1 \2", s)
    return re.sub(r"([A-Z]+)([A-Z][a-rt-z\d]+)", r"\1 \2", s)


def sindresorhus_slugify(value: str, decamelize: bool = True) -> str:
    """@sindresorhus/slugify 3.0 with its defaults (``separator "-"``, lower case,
    transliteration); ``decamelize=False`` is Eleventy's own ``slugify`` filter."""
    s = _transliterate(value)
    if decamelize:
        s = _decamelize(s)
    s = s.lower()
    s = re.sub(r"([a-zA-Z\d]+)['\u2019]([ts])(\s|$)", r"\1\2\3", s)
    s = re.sub(r"[^a-z\d]+", "-", s).replace("\\", "")
    s = re.sub(r"-{2,}", "-", s)
    return re.sub(r"^-|-$", "", s)


def eleventy_slugify(value: str) -> str:
    """Eleventy's built-in ``slugify`` filter: @sindresorhus/slugify, ``decamelize: false``."""
    return sindresorhus_slugify(value, decamelize=False)


def eleventy_id_attribute_ids(headings: Sequence[tuple[str, str | None]],
                              slugify: Callable[[str], str] = eleventy_slugify) -> list[str]:
    """Eleventy's ``IdAttributePlugin``: a heading without an id gets ``slugify(text)``;
    the second of a kind ``x-2``, the third ``x-3``."""
    count: dict[str, int] = {}
    out = []
    for text, explicit in headings:
        slug = explicit or slugify(text)
        if slug in count:
            count[slug] += 1
            if not explicit:
                slug = f"{slug}-{count[slug]}"
        else:
            count[slug] = 1
        out.append(slug)
    return out
