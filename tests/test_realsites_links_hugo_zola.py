"""Link decisions taken on the Hugo and Zola sites of the real-site set (letsencrypt.org
``website``, ``digitalgov.gov``, Zola's own docs), replayed.

Each record in ``fixtures/realsites/links/<site>.jsonl`` keeps the lines that decide it at
their line numbers (``tree``: a file's whole text, or ``[line, text]`` pairs with blank lines
between): the generator's config, the link's line, the target's front matter and headings,
the shortcode templates involved. The tree is rebuilt and checked with ``--select link``:
a link judged false must not be reported; one judged true must be, at its line and column.

With the sites themselves present (``../realsites`` or ``CONTENTGUARD_REALSITES``:
:func:`realpages.realsites_dir`), the
whole of each site is checked too: every finding must be one judged true in
``<site>.judged.jsonl`` (all findings of the measured run, each judged from the generator's
built output or its rules): findings judged false plus findings not judged at all may be at
most 1 per 100 published pages, and every finding judged true must still be reported.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from contentguard.config import validate
from contentguard.engine import make_context, run
from realpages import realsites_dir

HERE = Path(__file__).resolve().parent / "fixtures" / "realsites" / "links"
SITES = {"website": "website", "digitalgov.gov": "digitalgov.gov", "zola": "zola/docs"}


def _records(name: str, kind: str = "jsonl") -> list[dict]:
    path = HERE / f"{name}.{kind}"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write_tree(root: Path, tree: dict) -> None:
    (root / ".git").mkdir(parents=True)  # the repository's top: detection stops here
    for rel, content in tree.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            p.write_text(content, encoding="utf-8")
            continue
        lines = [""] * max(n for n, _ in content)
        for n, text in content:
            lines[n - 1] = text
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _link_findings(root: Path, paths: list[str], jobs: int = 1):
    cfg = validate({}, "test")
    cfg.root = root
    ctx = make_context(config=cfg, today="2026-12-06", select=["link"])
    res = run(ctx, paths, jobs=jobs)
    return res, ctx


RECORDS = [r for name in SITES for r in _records(name)]


@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: f"{r['site']}:{r['path']}:{r['line']}:{r['col']}")
def test_decision_replays(rec, tmp_path):
    root = tmp_path / rec["site"]
    _write_tree(root, rec["tree"])
    res, ctx = _link_findings(root, [str(root)])
    assert ctx.site is not None and ctx.site.profile == ("zola" if rec["site"] == "zola" else "hugo")
    got = {(Path(f.path).resolve().relative_to(root.resolve()).as_posix(), f.line, f.column): f
           for f in res.findings}
    key = (rec["path"], rec["line"], rec["col"])
    if rec["verdict"] == "true":
        assert key in got, f"{rec['url']} ({rec['why']}) is no longer reported; got {sorted(got)}"
        assert got[key].rule == rec["rule"]
    else:
        assert key not in got, f"{rec['url']} reported although {rec['why']}: {got[key].message}"


def _pages(site: Path, profile) -> int:
    from contentguard.sites import get

    prof = get(profile.profile)
    n = 0
    for folder in profile.content_dirs:
        for dirpath, _dirs, files in os.walk(folder):
            for f in files:
                if f.endswith((".md", ".markdown", ".html")) and prof.urls(profile, os.path.join(dirpath, f)):
                    n += 1
    return n


@pytest.mark.parametrize("name", sorted(SITES))
def test_whole_site_false_alarms(name):
    top = realsites_dir()
    if top is None or not (top / SITES[name]).is_dir():
        pytest.skip(f"the real site {SITES[name]} is not checked out here (../realsites or CONTENTGUARD_REALSITES)")
    site = top / SITES[name]
    res, ctx = _link_findings(site, [str(site)], jobs=2)
    judged = {(r["path"], r["line"], r["col"], r["rule"]): r for r in _records(name, "judged.jsonl")}
    seen = set()
    false_alarms, unjudged = [], []
    for f in res.findings:
        key = (Path(f.path).resolve().relative_to(site.resolve()).as_posix(), f.line, f.column, f.rule)
        seen.add(key)
        rec = judged.get(key)
        if rec is None:
            unjudged.append(key)
        elif rec["verdict"] != "true":
            false_alarms.append(key)
    pages = _pages(site, ctx.site)
    assert len(false_alarms) + len(unjudged) <= pages / 100, (pages, false_alarms[:10], unjudged[:10])
    lost = [k for k, r in judged.items() if r["verdict"] == "true" and k not in seen]
    assert not lost, lost[:10]
