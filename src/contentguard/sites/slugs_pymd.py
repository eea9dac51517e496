"""Heading ids as Python-Markdown's ``toc`` extension makes them (MkDocs).

Ported from Python-Markdown 3.x ``markdown/extensions/toc.py`` (``slugify``,
``slugify_unicode``, ``unique``) and PyMdown Extensions ``pymdownx/slugs.py``
(``slugify(case=..., percent_encode=..., normalize=...)``), both BSD/MIT. The cases in
``tests/fixtures/slugs/pymd.jsonl`` were printed by the real libraries.

Duplicate rule (``unique``): every id already in the page (explicit ``{#id}`` /
``{ id="x" }`` attributes) is taken first; a repeated slug gets ``_1``, ``_2`` ...; an
empty slug becomes ``_1``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote

_WORD_SPACE_DASH = re.compile(r"[^\w\s-]")
_TAGS = re.compile(r"</?[^>]*>")
_INVALID = re.compile(r"[^\w\- ]")
_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")


def toc_slugify(value: str, separator: str = "-", unicode: bool = False) -> str:
    """``markdown.extensions.toc.slugify``: ASCII-folded (unless ``unicode``), punctuation
    dropped, lower-cased, runs of spaces and separators to one separator."""
    if not unicode:
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = _WORD_SPACE_DASH.sub("", value).strip().lower()
    return re.sub(r"[{}\s]+".format(re.escape(separator)), separator, value)


def toc_slugify_unicode(value: str, separator: str = "-") -> str:
    """``markdown.extensions.toc.slugify_unicode``: Unicode letters kept."""
    return toc_slugify(value, separator, unicode=True)


def pymdownx_slugify(value: str, separator: str = "-", *, case: str = "none",
                     percent_encode: bool = False, normalize: str = "NFC") -> str:
    """``pymdownx.slugs.slugify(case=..., percent_encode=..., normalize=...)``: tags
    dropped, each space (not runs) to the separator, case kept unless ``case`` says
    ``lower`` / ``lower-ascii`` / ``fold``."""
    slug = _TAGS.sub("", unicodedata.normalize(normalize, value)).strip()
    if case == "lower":
        slug = slug.lower()
    elif case == "lower-ascii":
        slug = re.sub(r"[A-Z]", lambda m: m.group(0).lower(), slug)
    elif case == "fold":
        slug = slug.casefold()
    slug = _INVALID.sub("", slug).replace(" ", separator)
    return quote(slug.encode("utf-8")) if percent_encode else slug


def unique(slug: str, taken: set[str]) -> str:
    """Python-Markdown's ``unique``: ``x``, ``x_1``, ``x_2`` ...; ``""`` becomes ``_1``."""
    while slug in taken or not slug:
        m = _IDCOUNT.match(slug)
        slug = f"{m.group(1)}_{int(m.group(2)) + 1}" if m else f"{slug}_1"
    taken.add(slug)
    return slug


def toc_ids(headings: Sequence[tuple[str, str | None]], slugify: Callable[[str, str], str],
            separator: str = "-", reserved: Iterable[str] = ()) -> list[str]:
    """The ids the ``toc`` extension gives ``headings`` (plain text, explicit id), in order.

    Explicit ids are in the page before ``toc`` runs, so they are taken first; ``reserved``
    adds other ids of the page (footnotes, attribute lists) the same way.
    """
    taken = set(reserved)
    taken.update(e for _, e in headings if e)
    out = []
    for text, explicit in headings:
        out.append(explicit if explicit else unique(slugify(text, separator), taken))
    return out


#: ``toc: slugify:`` callables in mkdocs.yml (the name after ``!!python/name:``, or after
#: ``!!python/object/apply:`` whose ``kwds`` are passed on). Others cannot be known
#: without running the site's Python: the profile says so and uses the default.
SLUGIFIERS: dict[str, Callable[..., str]] = {
    "markdown.extensions.toc.slugify": toc_slugify,
    "markdown.extensions.toc.slugify_unicode": toc_slugify_unicode,
    "pymdownx.slugs.slugify": pymdownx_slugify,
}
