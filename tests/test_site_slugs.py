"""Heading ids of each generator, against the real implementations' output on the same
Markdown (``tests/fixtures/slugs/``: ``ruby.json`` made by ``scripts/slug_cases.rb`` with
Debian's ruby-kramdown 2.4, ruby-kramdown-parser-gfm 1.1 and ruby-redcarpet 3.5 and the
govuk_tech_docs gem's id generator). The headings go through contentguard's own Markdown
reader first, as they do in a run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentguard.document import Heading
from contentguard.lineindex import LineIndex
from contentguard.sites import slugs
from contentguard.sources.markdown import parse_markdown

FIX = Path(__file__).parent / "fixtures" / "slugs"
RUBY = json.loads((FIX / "ruby.json").read_text(encoding="utf-8"))


def _headings(text: str):
    return parse_markdown("h.md", text, LineIndex(text))[0][0].headings


@pytest.mark.parametrize("algo", ["kramdown_gfm", "kramdown", "redcarpet", "tech_docs"])
def test_ids_match_the_real_generator(algo):
    text = (FIX / "headings.md").read_text(encoding="utf-8")
    got = getattr(slugs, algo)(_headings(text))
    want = RUBY[algo]
    assert len(got) == len(want)
    assert [(i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w] == []


def test_kramdown_gfm_duplicates_and_explicit_ids():
    hs = [("Setup", None), ("Setup", "custom"), ("Setup", None), ("Setup", None)]
    assert slugs.kramdown_gfm(hs) == ["setup", "custom", "setup-1", "setup-2"]
    assert slugs.kramdown_gfm([("Über uns", None)], prefix="sec-") == ["sec-über-uns"]


def test_kramdown_transliterated_and_empty():
    assert slugs.kramdown([("Ünïcödé über", None)]) == ["ncd-ber"]
    assert slugs.kramdown([("Ünïcödé über", None)], transliterate=True) == ["unicode-uber"]
    assert slugs.kramdown([("2024", None), ("!!", None)]) == ["section", "section-1"]


def test_tech_docs_prefixes_a_duplicate_with_its_parent():
    hs = [Heading("Deploy", None, 2), Heading("Deploy", None, 3), Heading("Deploy", None, 3),
          Heading("Q & A", None, 2)]
    assert slugs.tech_docs(hs) == ["deploy", "deploy-deploy", "deploy-deploy-2", "q-amp-a"]


def test_redcarpet_duplicates_share_and_empty_is_hashed():
    assert slugs.redcarpet([("Hello, World!", None), ("Hello, World!", None)]) == ["hello-world"] * 2
    assert slugs.redcarpet([("日本", None)])[0].startswith("part-")


def test_github_is_the_plain_reading():
    assert slugs.github([("How to return", None), ("How to return", None)]) == ["how-to-return", "how-to-return-1"]


def test_heading_unpacks_as_a_pair_and_keeps_its_level_through_pickle():
    import pickle

    h = Heading("Title", "t", 3)
    text, explicit = h
    assert (text, explicit) == ("Title", "t") and h == ("Title", "t")
    assert pickle.loads(pickle.dumps(h)).level == 3
