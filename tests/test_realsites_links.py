"""Link findings on real sites, judged one by one (``tests/fixtures/realsites/links/<site>.jsonl``).

Each record is a finding the check made on a real site, before or after the site profiles:
``{"site", "path", "line", "col", "url", "rule", "verdict": "true"|"false", "why", "files"}``
(``"still_reported": true`` on a false alarm that is left, e.g. a page only a build script makes),
``path`` relative to the site's folder, ``files`` the lines that matter ({path: {line: text}}:
the generator's config, the front matter and the line of the link, the target page's front
matter and headings, the files it includes), made by ``scripts/realsite_link_records.py``.

* Replay (always): the records of a site are merged into one minimal tree (each kept line at
  its own line number, the rest empty) and checked; a finding judged false must not be
  reported, one judged true must be, at its line and column.
* Whole site (when the site is checked out beside the repository, ``../realsites/<site>``, or
  in ``$CONTENTGUARD_REALSITES``: :func:`realpages.realsites_dir`):
  the site itself is checked; false alarms (findings judged false, or never judged) are at
  most 1 per 100 pages, and every finding judged true is still reported.

Owners add their sites: a ``<site>.jsonl`` file, and an entry in ``CHECKED`` when the site's
pages live in a subfolder.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentguard.config import validate
from contentguard.engine import make_context, run
from realpages import realsites_dir

HERE = Path(__file__).resolve().parent / "fixtures" / "realsites" / "links"
#: the folder checked in a whole-site run, relative to the site's folder (default: all of it)
CHECKED = {"jekyll": "docs"}


def _records() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in sorted(HERE.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                if "files" in rec:  # this file's format (test_realsites_links_hugo_zola.py reads "tree")
                    out.setdefault(rec["site"], []).append(rec)
    return out


RECORDS = _records()


def _check(folder: Path, paths: list[Path]):
    cfg = validate({}, "test")
    cfg.root = folder
    ctx = make_context(config=cfg, today="2026-12-06", select=["link"])
    res = run(ctx, [str(p) for p in paths], jobs=1)
    return res, {(Path(f.path).resolve().relative_to(folder.resolve()).as_posix(), f.line, f.column, f.rule)
                 for f in res.findings}


def _key(r: dict) -> tuple:
    return (r["path"], r["line"], r["col"], r["rule"])


@pytest.mark.parametrize("site", sorted(RECORDS))
def test_replay(site: str, tmp_path: Path):
    recs = RECORDS[site]
    files: dict[str, dict[int, str]] = {}
    for r in recs:
        for path, lines in r.get("files", {}).items():
            files.setdefault(path, {}).update({int(n): t for n, t in lines.items()})
    root = tmp_path / site
    (root / ".git").mkdir(parents=True)  # the repository root, as on the real checkout
    for path, lines in files.items():
        p = root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        text = [""] * max(lines, default=0)
        for n, t in lines.items():
            text[n - 1] = t
        p.write_text("\n".join(text) + "\n", encoding="utf-8")
    checked = root / CHECKED.get(site, "")
    _res, got = _check(root, [checked])
    # a false alarm left (``still_reported``: a page a build script makes) is still reported
    false_back = [r for r in recs if r["verdict"] == "false" and (_key(r) in got) != bool(r.get("still_reported"))]
    true_lost = [r for r in recs if r["verdict"] == "true" and _key(r) not in got]
    assert false_back == [] and true_lost == [], (false_back[:3], true_lost[:3])


@pytest.mark.parametrize("site", sorted(RECORDS))
def test_whole_site(site: str):
    top = realsites_dir()
    folder = top / site if top is not None else None
    if folder is None or not folder.is_dir():
        pytest.skip(f"the real site {site} is not checked out (../realsites or CONTENTGUARD_REALSITES)")
    res, got = _check(folder, [folder / CHECKED.get(site, "")])
    judged = {_key(r): r["verdict"] for r in RECORDS[site]}
    false_alarms = sorted(k for k in got if judged.get(k) != "true")
    lost = sorted(k for k, v in judged.items() if v == "true" and k not in got)
    pages = res.documents
    assert lost == [], lost[:5]
    assert len(false_alarms) * 100 <= max(pages, 100), (len(false_alarms), pages, false_alarms[:5])
