"""The link check without network: local files, anchors, ignored links, positions,
the address guard's classification, bounded decompression, the cache file."""
from __future__ import annotations

import asyncio
import ipaddress
import zlib
from pathlib import Path

import pytest

from contentguard.config import validate
from contentguard.engine import make_context, run


def ctx_for(root: Path, online: bool = False, **links):
    cfg = validate({"links": links} if links else {}, "test")
    cfg.root = root
    return make_context(config=cfg, today="2026-11-23", select=["link"], online=online)


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode("utf-8"))
    return p


def at(path: Path, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first character of ``needle`` in the file."""
    text = path.read_text(encoding="utf-8")
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def findings(root: Path, **kw):
    ctx = ctx_for(root, **kw)
    res = run(ctx, [str(root)])
    return [(Path(f.path).resolve().relative_to(root.resolve()).as_posix(), f.line, f.column, f.rule, f.message)
            for f in res.findings], res


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(root / "index.html", """<!DOCTYPE html>
<html><head><title>Home</title></head><body>
<h1 id="main">Home</h1>
<p><a href="about.html">About</a> <a href="missing.html">Gone</a></p>
<p><a href="docs/">Docs</a> <a href="empty/">Empty dir</a></p>
<p><a href="#main">skip</a> <a href="#nowhere">bad</a> <a href="#top">top</a> <a href="#">empty</a></p>
<p><a href="about.html#team">team</a> <a href="about.html#Team">Team</a> <a href="about.html#old">old</a></p>
<p><a href="guide.md#how-to-return-an-item">steps</a> <a href="guide.md#exchanges">ex</a></p>
<p><a href="mailto:a@b.invalid">m</a> <a href="tel:+15555550100">t</a> <a href="javascript:void(0)">j</a>
<a href="data:text/plain,hi">d</a> <a href="{{ site.url }}/x">tpl</a> <a href="/x/{% url 'a' %}">tpl2</a></p>
<p><a href="caf%C3%A9.html">café</a> <a href="about.html?x=1#team">query</a></p>
<pre><a href="nope-in-pre.html">pre</a></pre>
<!-- <a href="nope-in-comment.html">c</a> -->
<p><a href="/root-relative.html">root</a> <a href="https://example.invalid/page">ext</a></p>
</body></html>
""")
    write(root / "about.html", '<html><body><section id="team"><a name="old"></a>Team</section></body></html>\n')
    write(root / "café.html", "<html><body>café</body></html>\n")
    write(root / "docs" / "index.html", "<html><body>docs</body></html>\n")
    (root / "empty").mkdir()
    write(root / "guide.md", "# Guide\n\n## How to return an item\n\nText.\n")
    return root


def test_local_links_offline(site: Path):
    got, res = findings(site)
    rows = {(p, ln, col, rule) for p, ln, col, rule, _m in got}
    # true positives at exact positions (line, column of the URL's first character)
    idx = site / "index.html"
    assert ("index.html", *at(idx, "missing.html"), "link/broken") in rows
    assert ("index.html", *at(idx, "empty/"), "link/broken") in rows               # no index file
    assert ("index.html", *at(idx, "#nowhere"), "link/missing-fragment") in rows
    assert ("index.html", *at(idx, "about.html#Team"), "link/missing-fragment") in rows  # ids are case-sensitive
    assert ("index.html", *at(idx, "guide.md#exchanges"), "link/missing-fragment") in rows
    # no site generator detected: a root-relative link resolves against the checked folder
    # (no repository around it), and is missing there
    assert ("index.html", *at(idx, "/root-relative.html"), "link/broken") in rows
    # look-alikes that must not fire: existing file, directory index, #main, #top, #,
    # an <a name>, a heading slug, a percent-encoded file name, a query string, links in
    # <pre> and comments, ignored schemes and templates, an external link while offline
    assert len(got) == 6, got
    msgs = {rule: m for _p, _l, _c, rule, m in got}
    assert msgs["link/broken"].startswith("broken link: ")
    assert "missing.html" in [m for _p, _l, _c, r, m in got if r == "link/broken"][0]
    assert msgs["link/missing-fragment"].startswith("missing anchor: #")
    s = res.extra_summary["links"]
    assert s["ignored"] == {"data": 1, "javascript": 1, "mailto": 1, "tel": 1, "template": 2}
    assert s["ignored_total"] == 6
    assert s["external_offline"] == 1 and s["root_relative_unchecked"] == 0
    assert s["site"]["profile"] == "repository" and s["site"]["root"] == str(site)


def test_site_root_and_markdown_html(site: Path, tmp_path: Path):
    write(site / "root-relative.html", "<p>here</p>\n")
    got, _ = findings(site, **{"site-root": str(site)})
    assert not [g for g in got if "root-relative" in g[4]]
    assert (*at(site / "index.html", "/root-relative.html"), "link/broken") not in {g[1:4] for g in got}
    write(site / "md.html", '<a href="guide.html">g</a> <a href="guide">g2</a>\n')
    got, _ = findings(site, **{"markdown-html": True, "fallback-extensions": ["md"]})
    assert not [g for g in got if g[0] == "md.html"]
    got, _ = findings(site)
    md = site / "md.html"
    assert [(g[1], g[2]) for g in got if g[0] == "md.html"] == [at(md, "guide.html"), at(md, 'guide"')]


def test_fragment_in_unparsed_target(tmp_path: Path):
    """A pre-commit run on one file still checks fragments of files it did not read."""
    root = tmp_path / "s"
    write(root / "a.md", "See [b](b.html#here) and [c](b.html#there).\n")
    write(root / "b.html", '<p id="here">x</p>\n')
    ctx = ctx_for(root)
    res = run(ctx, [str(root / "a.md")])
    assert [(f.line, f.column, f.rule) for f in res.findings] == [(*at(root / "a.md", "b.html#there"),
                                                                   "link/missing-fragment")]
    assert "#there" in res.findings[0].message and "b.html" in res.findings[0].message


def test_remap_include_exclude(tmp_path: Path):
    root = tmp_path / "s"
    write(root / "a.md", "[x](https://prod.example.invalid/about.html) [y](gone.html) [z](old/x.html)\n")
    write(root / "about.html", "<p>about</p>\n")
    got, res = findings(root, remap={r"^https://prod\.example\.invalid/": ""}, exclude=["^old/"])
    assert [(g[1], g[2], g[3]) for g in got] == [(*at(root / "a.md", "gone.html"), "link/broken")]
    assert res.extra_summary["links"]["excluded"] == 1


def test_address_guard_classification():
    from contentguard.net.guard import Guard, address_problem

    for a, why in [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
                   ("169.254.169.254", "link-local"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
                   ("fd00::1", "private"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
                   ("100.64.0.1", "non-public"), ("224.0.0.1", "multicast")]:
        assert why in (address_problem(ipaddress.ip_address(a)) or ""), a
    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None
    g = Guard(False)
    assert g.problem("example.invalid", ["93.184.216.34", "10.0.0.1"])  # one bad address is enough
    assert Guard(True).problem("x", ["127.0.0.1"]) is None
    assert Guard(False, ["10.0.0.0/8"]).problem("x", ["10.9.9.9"]) is None


def test_dns_names_are_resolved_and_checked():
    from contentguard.net.guard import BlockedAddress, Guard

    async def go():
        with pytest.raises(BlockedAddress, match="loopback"):
            await Guard(False).check("localhost", 80)

    asyncio.run(go())


def test_accept_ranges_and_soft404_titles():
    from contentguard.checks._links.remote import page_anchors, parse_accept, soft404_title

    assert parse_accept(["200..299", "403", "500-502"]) == ((200, 299), (403, 403), (500, 502))
    with pytest.raises(ValueError):
        parse_accept(["abc"])
    for t in ("Page not found", "404 Not Found", "Error 404", "Sorry, this page does not exist"):
        assert soft404_title(t), t
    for t in ("Lost and found: our story", "Top 404 tips", "Pricing", None):
        assert not soft404_title(t), t
    assert page_anchors(b'<h2 id="a">x</h2><a name=\'b\'></a><div id=c>') == {"a", "b", "c"}


def test_classify():
    from contentguard.checks._links.classify import classify

    assert classify("HTTP://Example.COM:80/a#x").url == "http://example.com/a"
    assert classify("https://example.com").url == "https://example.com/"
    assert classify("//cdn.example.com/x.js").url == "https://cdn.example.com/x.js"
    assert classify("ftp://example.com/f").kind == "unsupported"
    assert classify("docs/a.md#b").fragment == "b"
    assert classify("https://x/{{ page }}").reason == "template"


def _writer(folder: str, n: int) -> None:
    from contentguard.checks._links.cache import Cache
    from contentguard.checks._links.verdict import Verdict

    c = Cache(folder, "s")
    for i in range(40):
        c.put_many([(f"https://x.invalid/{n}/{i}", Verdict("ok", html=True, anchors=frozenset({"a"})), 100)])
        c.get_many([f"https://x.invalid/{1 - n}/{i}"])
    c.close()


def test_cache_two_runs_at_once_and_no_credentials_in_clear(tmp_path: Path):
    import multiprocessing as mp

    from contentguard.checks._links.cache import Cache
    from contentguard.checks._links.verdict import Verdict

    folder = str(tmp_path / "cache")
    Cache(folder, "s").close()
    procs = [mp.get_context("fork").Process(target=_writer, args=(folder, n)) for n in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    c = Cache(folder, "s")
    got = c.get_many([f"https://x.invalid/{n}/{i}" for n in (0, 1) for i in range(40)])
    assert len(got) == 80 and all(v.cached and v.anchors == {"a"} for v in got.values())
    assert c.get_many(["https://x.invalid/0/1"]) and not Cache(folder, "other-settings").get_many(
        ["https://x.invalid/0/1"])  # other settings: a miss, not a stale answer
    c.put_many([("https://user:secret@x.invalid/p", Verdict("ok"), 100), ("https://x.invalid/f", Verdict("broken"), 0)])
    assert "https://user:secret@x.invalid/p" in c.get_many(["https://user:secret@x.invalid/p", "https://x.invalid/f"])
    assert not c.get_many(["https://x.invalid/f"])  # a ttl of 0 is not stored
    c.close()
    blob = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir() if p.is_file())
    assert b"secret" not in blob
    assert (tmp_path / "cache" / ".gitignore").read_text().strip().endswith("*")
