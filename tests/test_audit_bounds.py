"""Audit bounds (issue 15): what a hostile or merely huge site cannot make the crawler do.

Each test runs ``contentguard audit`` through the CLI against a loopback server it starts
and stops (tests/siteserver.py), and failed before its change."""
from __future__ import annotations

import json
import os

from audit_helpers import db_rows
from conftest import write
from test_audit import audit, findings_of, tiny  # noqa: F401 - the audit tests' fixtures


# --- robots.txt: the first 500 KiB, as RFC 9309 asks ---------------------------------------

def test_a_robots_txt_over_500_kib_is_obeyed_up_to_there(audit, tiny, work):
    """Before: a robots.txt over 512 KB was "unreachable", nothing was crawled and the run
    ended "complete", exit 0. Now its first 500 KiB are parsed; a rule after them is not."""
    head = "User-agent: *\nDisallow: /private/\n"
    pad = "# " + "x" * 97 + "\n"  # 100-byte comment lines
    body = head + pad * (600 * 1024 // len(pad)) + "Disallow: /late/\n"
    assert len(body) > 600 * 1024 and body.index("/late/") > 500 * 1024
    tiny.add("/robots.txt", body, ctype="text/plain")
    tiny.page("/", "<p>home</p>", ["/public.html", "/private/p.html", "/late/l.html"])
    tiny.page("/public.html", "<p>risk-free</p>")
    tiny.page("/private/p.html", "<p>risk-free</p>")
    tiny.page("/late/l.html", "<p>late</p>")
    r = audit(tiny.base + "/", "--db", "rb.db", "--allow-private", "--json", "rb.json")
    assert r.rc == 0, r.err
    asked = tiny.requested()
    assert "/public.html" in asked and "/late/l.html" in asked  # a rule past 500 KiB is not read
    assert "/private/p.html" not in asked
    doc = json.loads((work / "rb.json").read_text())
    assert findings_of(doc, "content/t-banned") == [(tiny.base + "/public.html", 3, 4)]
    notes = {n["url"]: n["reason"] for n in doc["summary"]["audit"]["notes"]}
    assert notes[tiny.base + "/robots.txt"].startswith("robots.txt is larger than 500 KiB: its first 500 KiB")
    assert "unreachable" not in r.out


def test_a_robots_txt_just_under_the_limit_is_read_whole(audit, tiny, work):
    """The look-alike: 499 KiB with the rule on its last line is obeyed, with no note."""
    body = "User-agent: *\n" + ("# " + "x" * 97 + "\n") * (499 * 1024 // 100) + "Disallow: /private/\n"
    assert len(body) < 500 * 1024
    tiny.add("/robots.txt", body, ctype="text/plain")
    tiny.page("/", "<p>home</p>", ["/private/p.html"])
    tiny.page("/private/p.html", "<p>risk-free</p>")
    r = audit(tiny.base + "/", "--db", "rb.db", "--allow-private")
    assert r.rc == 0, r.err
    assert "/private/p.html" not in tiny.requested()
    assert db_rows(work / "rb.db", "SELECT COUNT(*) FROM notes WHERE url LIKE '%robots.txt'") == [(0,)]


# --- audit DIR: a symlink out of the tree is skipped with a notice -------------------------------

def test_dir_audit_skips_a_symlink_out_of_the_tree_with_a_notice(audit, work, tmp_path):
    """Before: the symlink was left out silently (no notice, the editor never learnt why a
    page was missing). Now it is listed with the files not checked, with the notice
    `check` gives; its target is never read. A symlink inside the tree is read."""
    secret = write(tmp_path / "outside" / "secret.html", "<p>Mail jane.doe@gmail.com, risk-free.</p>\n")
    site = work / "public"
    write(site / "index.html", "<p>home</p>\n")
    write(site / "a.html", "<p>a risk-free page</p>\n")
    os.symlink(secret, site / "leak.html")
    os.symlink("a.html", site / "alias.html")
    r = audit("public", "--db", "d.db", "--json", "d.json")
    assert r.rc == 0, r.err
    doc = json.loads((work / "d.json").read_text())
    reason = "symlink to a file outside the checked folder (name it on the command line to check it)"
    skipped = [f for f in doc["findings"] if f["rule"] == "contentguard/skipped"]
    assert [(f["path"], f["message"]) for f in skipped] == [("public/leak.html", f"skipped: {reason}")]
    assert {"path": "public/leak.html", "reason": f"skipped: {reason}"} in doc["summary"]["files_skipped"]
    banned = sorted(p for p, _l, _c in findings_of(doc, "content/t-banned"))
    assert banned == ["public/a.html", "public/alias.html"]  # inside the tree: read
    assert "jane" not in json.dumps(doc) and not findings_of(doc, "pii/email")
