"""The audit database's units of work: a page is all there or not at all, also when pages
are committed in groups (a commit per page cost the crawler a tenth of its CPU)."""
from __future__ import annotations

import sqlite3

import pytest

from contentguard.audit.store import Store


def _page(store: Store, run: int, url: str, fail: bool = False) -> None:
    with store.tx():
        store.store_page(run, url, final_url=None, status=200, content_type="text/html", size=1, depth=0,
                         elapsed_ms=1, error=None, title=None, findings=[],
                         discovered=[(url + "/next", 1, 1, "link", url, 1, 1, 1, 2, "x")])
        if fail:
            raise RuntimeError("the checks crashed halfway")


def _urls(path) -> list[str]:
    con = sqlite3.connect(str(path))  # another connection: what a report or a second audit sees
    try:
        return [u for (u,) in con.execute("SELECT url FROM pages ORDER BY url")]
    finally:
        con.close()


def test_a_group_of_pages_is_seen_once_committed_and_a_failed_page_is_undone_alone(tmp_path):
    db = tmp_path / "a.db"
    store = Store(str(db))
    run = store.new_run("https://x.org/", "url", {}, "2026-11-23", "t")
    store.enqueue(run, [(f"https://x.org/{p}", 0, i, "start", None, None, None, None, None, None)
                        for i, p in enumerate("abc")])
    store.hold()
    _page(store, run, "https://x.org/a")
    with pytest.raises(RuntimeError):
        _page(store, run, "https://x.org/b", fail=True)
    _page(store, run, "https://x.org/c")
    assert store.held_since is not None and _urls(db) == []  # not committed yet: nobody sees it
    assert store.is_done(run, "https://x.org/a") and not store.is_done(run, "https://x.org/b")  # we do
    store.release()
    assert _urls(db) == ["https://x.org/a", "https://x.org/c"]
    # b's discovered link went with it; a's and c's are queued
    assert [q.url for q in store.queued(run, 10)] == ["https://x.org/b", "https://x.org/a/next",
                                                       "https://x.org/c/next"]
    store.close()


def test_without_a_group_each_page_is_its_own_transaction_and_close_commits_a_held_group(tmp_path):
    db = tmp_path / "b.db"
    store = Store(str(db))
    run = store.new_run("https://x.org/", "url", {}, "2026-11-23", "t")
    _page(store, run, "https://x.org/a")
    assert _urls(db) == ["https://x.org/a"]
    with pytest.raises(RuntimeError):
        _page(store, run, "https://x.org/b", fail=True)
    assert _urls(db) == ["https://x.org/a"] and not store.db.in_transaction
    store.hold()
    _page(store, run, "https://x.org/c")
    store.close()  # an audit that ends (or is interrupted) keeps the whole pages it stored
    assert _urls(db) == ["https://x.org/a", "https://x.org/c"]


def test_the_warm_up_page_loads_what_pages_need_before_the_workers_fork_and_nothing_heavier():
    # the parent runs the checks once over a small page before forking its check workers:
    # htmldate (asked about pages of a site audit), the phone pattern and metadata are then
    # the workers' from the start; spaCy is not loaded for it (no past tense by a stale date)
    import subprocess
    import sys

    code = ("import sys\n"
            "from contentguard import engine\n"
            "from contentguard.audit import pages\n"
            "from contentguard.checks.pii import phone\n"
            "ctx = engine.make_context(engine.load(None), today='2026-11-23')\n"
            "pages._worker_init(ctx)\n"
            "assert 'htmldate' not in sys.modules and phone.PHONE._re is None\n"
            "pages.warm_up()\n"
            "print('htmldate' in sys.modules, phone.PHONE._re is not None, 'spacy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "False"]


def test_a_host_gate_says_when_a_request_may_start_without_waiting():
    # the page's time budget is stopped only while its request waits at the gate; a gate
    # that is free (a slot, no delay or pause running) lets it through at once
    import asyncio

    from contentguard.audit.fetch import HostGate

    async def go():
        g = HostGate(1, 0.0)
        assert g.free()
        async with g:
            assert not g.free()  # the one slot is taken
        assert g.free()
        g.pause(30)
        assert not g.free()  # a Retry-After pause
        slow = HostGate(2, 5.0)
        async with slow:
            pass
        assert not slow.free()  # --delay: the next start is 5 s away

    asyncio.run(go())
