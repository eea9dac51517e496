"""Python-Markdown / pymdownx and github-slugger / markdown-it-anchor / @sindresorhus/slugify
heading ids, against cases printed by the real libraries (tests/fixtures/slugs/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentguard.sites import slugs_js as J
from contentguard.sites import slugs_pymd as P

FIX = Path(__file__).parent / "fixtures" / "slugs"

PYMD = {
    "toc.slugify": lambda t: P.toc_slugify(t),
    "toc.slugify_unicode": P.toc_slugify_unicode,
    "toc.slugify sep _": lambda t: P.toc_slugify(t, "_"),
    "pymdownx.slugify case=lower": lambda t: P.pymdownx_slugify(t, case="lower"),
    "pymdownx.slugify": P.pymdownx_slugify,
    "pymdownx.slugify case=lower percent_encode":
        lambda t: P.pymdownx_slugify(t, case="lower", percent_encode=True),
    "pymdownx.slugify case=fold normalize=NFD":
        lambda t: P.pymdownx_slugify(t, case="fold", normalize="NFD"),
}
JS = {
    "github-slugger": J.github_slugger,
    "markdown-it-anchor": J.markdown_it_anchor,
    "@sindresorhus/slugify": J.sindresorhus_slugify,
    "eleventy slugify": J.eleventy_slugify,
}


def _cases(name):
    return [json.loads(line) for line in (FIX / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name,funcs", [("pymd.jsonl", PYMD), ("js.jsonl", JS)])
def test_slugs_match_the_real_libraries(name, funcs):
    cases = _cases(name)
    assert len(cases) > 400
    wrong = [(k, c["text"], c[k], f(c["text"])) for c in cases for k, f in funcs.items()
             if f(c["text"]) != c[k]]
    assert wrong == []


def test_the_variants_differ_where_the_libraries_do():
    # look-alikes: the same heading gets different ids under different generators
    h = "Caret, Mark & Tilde"
    assert P.toc_slugify(h) == "caret-mark-tilde"
    assert J.github_slugger(h) == "caret-mark--tilde"
    assert J.sindresorhus_slugify(h) == "caret-mark-and-tilde"
    assert J.markdown_it_anchor(h) == "caret%2C-mark-%26-tilde"
    assert P.pymdownx_slugify("Über Größe") == "Über-Größe"
    assert P.toc_slugify("Über Größe") == "uber-groe"
    assert J.sindresorhus_slugify("getAllSorted()") == "get-all-sorted"
    assert J.eleventy_slugify("getAllSorted()") == "getallsorted"


def test_python_markdown_duplicates_as_toc_numbers_them():
    case = json.loads((FIX / "duplicates.json").read_text(encoding="utf-8"))["python-markdown toc"]
    heads = [("Intro", None), ("Setup", None), ("Setup", None), ("Setup_1", None),
             ("Setup", None), ("Custom", "setup_3"), ("Setup", None), ("!!!", None), ("???", None)]
    assert "## Custom { #setup_3 }" in case["markdown"]
    assert P.toc_ids(heads, P.toc_slugify) == case["ids"]


def test_slugger_and_anchor_duplicates():
    case = json.loads((FIX / "duplicates.json").read_text(encoding="utf-8"))
    gh = case["github-slugger"]
    assert J.github_slugger_ids([(h, None) for h in gh["headings"]]) == gh["ids"]
    mia = case["markdown-it-anchor"]
    heads = [(line.lstrip("# "), None) for line in mia["markdown"].splitlines() if line]
    assert J.markdown_it_anchor_ids(heads) == mia["ids"]
    # explicit ids are kept and (Docusaurus, Astro) not remembered by the slugger
    assert J.github_slugger_ids([("A", "x"), ("X", None), ("X", None)]) == ["x", "x", "x-1"]


def test_eleventy_id_attribute_numbers_from_two():
    # IdAttributePlugin (@11ty/eleventy src/Plugins/IdAttributePlugin.js): x, x-2, x-3
    heads = [("Usage", None), ("Usage", None), ("Usage", None), ("Other", None)]
    assert J.eleventy_id_attribute_ids(heads) == ["usage", "usage-2", "usage-3", "other"]
