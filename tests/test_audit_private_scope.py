"""Issue 16, part 4: ``audit --allow-private --online`` reaches the target's own host on a
private address (a staging site) and no other private host its pages link to."""
from __future__ import annotations

import json

import pytest

from audit_helpers import TinySite


@pytest.fixture
def two_sites():
    staging, internal = TinySite(), TinySite()
    yield staging, internal
    staging.stop()
    internal.stop()


def test_allow_private_is_scoped_to_the_audited_host(cg, work, two_sites):
    staging, internal = two_sites
    internal.page("/admin", "<p>internal admin</p>")
    other = f"http://localhost:{internal.port}/admin"  # another private host (by name)
    staging.page("/", f'<p>Home</p>\n<a href="/about">about</a>\n<a href="{other}">internal</a>')
    staging.page("/about", "<p>About us</p>")
    r = cg("audit", staging.base + "/", "--db", "a.db", "--allow-private", "--online", "--json", "a.json",
           "--today", "2026-11-23", "--fail-on", "never", "--jobs", "1", "--select", "link",
           pack_=False, select=None)
    assert r.rc == 0, r.err
    assert "/about" in staging.requested()  # the staging site itself is crawled
    assert internal.requested() == []  # the private host it links to is never fetched
    data = json.loads((work / "a.json").read_text(encoding="utf-8"))
    skipped = [(f["rule"], f["line"], f["column"]) for f in data["findings"] if f["rule"] == "link/skipped"]
    assert skipped == [("link/skipped", 5, 10)]
    assert "loopback" in next(f["message"] for f in data["findings"] if f["rule"] == "link/skipped")
