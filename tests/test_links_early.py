"""External links requested while the pages are still read (``_links/early.py``): the
engine hands the link check each batch of collected pages (``TwoPhaseCheck.early``);
verdicts, positions and the requests sent are those of resolving everything at
``finish``, and a page first asked for without its anchors is fetched again only when a
later link needs them and they were not read."""
from __future__ import annotations

from pathlib import Path

import pytest

from contentguard.checks._links import early as early_mod
from contentguard.checks._links import shards
from contentguard.config import validate
from contentguard.engine import make_context, run

from siteserver import SiteServer, html_page


@pytest.fixture()
def server():
    srv = SiteServer()
    big = "<p>filler text</p>\n" * 5000  # > 64 KB: only read up to its </title> unless anchors are needed
    srv.add("/big", f'<html><head><title>Big</title></head><body><h2 id="here">Here</h2>\n{big}</body></html>')
    srv.add("/small", html_page("Small"))
    yield srv
    srv.stop()


def check(root: Path, jobs: int = 1):
    cfg = validate({"links": {"retries": 0, "progress": False}}, "test")
    cfg.root = root
    ctx = make_context(config=cfg, today="2026-11-23", select=["link"], online=True, allow_private=True,
                       use_cache=False)
    return run(ctx, [str(root)], jobs=jobs)


def test_requests_start_with_the_first_pages_and_a_later_fragment_refetches_only_what_was_not_read(
        server, tmp_path, monkeypatch):
    b = server.base
    (tmp_path / "a.html").write_text(f'<p><a href="{b}/big">big</a> <a href="{b}/small">small</a></p>\n')
    (tmp_path / "z.html").write_text(f'<p><a href="{b}/big#gone">x</a>\n<a href="{b}/big#here">y</a>\n'
                                     f'<a href="{b}/small#nope">z</a> <a href="{b}/small#intro">w</a></p>\n')
    fed, forked = [], []
    real_submit = early_mod.Early.submit
    monkeypatch.setattr(early_mod.Early, "submit", lambda self, t: fed.append(list(t)) or real_submit(self, t))
    monkeypatch.setattr(shards, "resolve", lambda *a, **k: forked.append(1))
    res = check(tmp_path)
    got = [(Path(f.path).name, f.rule, f.line, f.column) for f in res.findings]
    assert got == [("z.html", "link/missing-fragment", 1, 13), ("z.html", "link/missing-fragment", 3, 10)]
    # a.html's targets went out before z.html was read, and no process was forked for them
    assert fed[0] == [(f"{b}/big", False), (f"{b}/small", False)] and not forked
    paths = server.stats()["paths"]
    assert paths["/big"] == {"GET": 2}  # read to </title> first, then whole for #gone
    assert paths["/small"] == {"GET": 1}  # read whole the first time: its anchors were known


def test_the_same_verdicts_as_resolving_everything_at_finish(server, tmp_path, monkeypatch):
    b = server.base
    for i in range(80):  # enough files for worker processes
        (tmp_path / f"p{i:02d}.html").write_text(
            f'<a href="{b}/ok/{i % 7}#top">a</a>\n<a href="{b}/status/404/{i % 5}">b</a>\n'
            f'<a href="{b}/redirect/301/{i % 3}">c</a> <a href="{b}/ok/{i % 7}#none">d</a>\n')
    early_run = [(f.path, f.rule, f.line, f.column, f.message) for f in check(tmp_path, jobs=2).findings]
    sent = server.stats()["total"]
    server.reset()
    monkeypatch.setattr("contentguard.checks.links.LinksCheck.early", lambda self, c, ctx: None)
    late_run = [(f.path, f.rule, f.line, f.column, f.message) for f in check(tmp_path, jobs=2).findings]
    assert early_run == late_run and len(early_run) == 80 * 3
    assert sent == server.stats()["total"] == 7 + 5 + 3 * 2  # each target once (redirects: two hops)
