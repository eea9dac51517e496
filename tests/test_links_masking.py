"""The link check masks the source line of a reported finding only, never the line of
every link it collects (that was half of a link check's time), and what it stores (the
results cache, the audit database) is masked all the same."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import write

from contentguard import excerpt
from contentguard.checks.links import CHECK
from contentguard.config import validate
from contentguard.engine import make_context, run
from contentguard.excerpt import ELLIPSIS, clear_excerpt, masked_excerpt, source_excerpt
from contentguard.sources import read_text

PHONE = "07911 123456"
MASKED = "••••• •••456"  # as the phone finding's message masks it


def _site(root: Path, n_ok: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ok.html").write_text('<html><body><h1 id="top">ok</h1></body></html>\n', encoding="utf-8")
    lines = [f'<p>Call {PHONE} about <a href="ok.html">item {i}</a>.</p>' for i in range(n_ok)]
    lines.append(f'<p>Call {PHONE} about <a href="gone.html">the old one</a>.</p>')
    (root / "index.html").write_text("<html><body>\n" + "\n".join(lines) + "\n</body></html>\n",
                                     encoding="utf-8")
    return root


def _ctx(root: Path, use_cache: bool):
    cfg = validate({}, "test")
    cfg.root = root
    return make_context(config=cfg, today="2026-11-23", select=["link"], use_cache=use_cache)


def test_only_reported_lines_are_masked(tmp_path, monkeypatch):
    root = _site(tmp_path / "site", 50)
    calls = []
    real = excerpt.masked_line
    monkeypatch.setattr(excerpt, "masked_line", lambda line: calls.append(line) or real(line))
    res = run(_ctx(root, use_cache=False), [str(root)])
    assert [(f.rule, f.line, f.column) for f in res.findings] == [("link/broken", 52, 37)]  # at gone.html
    shown = res.findings[0].source_line
    assert PHONE not in shown and MASKED in shown and 'href="gone.html"' in shown
    # one finding, one line masked: not the 51 lines of the links collected
    assert len(calls) == 1
    # a look-alike: the same page with no broken link masks nothing at all
    (root / "index.html").write_text((root / "index.html").read_text().replace("gone.html", "ok.html"))
    calls.clear()
    assert run(_ctx(root, use_cache=False), [str(root)]).findings == []
    assert calls == []


def test_what_is_stored_holds_no_clear_line(tmp_path):
    root = _site(tmp_path / "site", 3)
    ctx = _ctx(root, use_cache=True)
    from contentguard.sources import load_file

    path = str(root / "index.html")
    doc = load_file(path, path, 10**7).documents[0]
    data = CHECK.collect(doc, ctx)
    assert data.clear and any(PHONE in t[6][0] for t in data.links)  # in memory: clear
    # a file's links are stored with their offsets and no line (read again when reported)
    stored = CHECK.dump_collected(data)
    assert PHONE not in repr(stored) and all(t[6] is None for t in stored["links"])
    gone = next(t for t in stored["links"] if t[5] == "gone.html")
    assert doc.source[gone[8]:gone[9]] == "gone.html"
    # a fetched page's (an audit: no file to read again) are stored masked
    data.path = "https://example.org/index.html"
    stored = CHECK.dump_collected(data)
    assert PHONE not in repr(stored) and all(MASKED in t[6] for t in stored["links"])


def test_a_cached_run_prints_the_same_masked_line(tmp_path, monkeypatch):
    from contentguard.checks._links import lines

    root = _site(tmp_path / "site", 3)
    first = run(_ctx(root, use_cache=True), [str(root)]).findings
    reads = []
    monkeypatch.setattr(lines, "read_text", lambda p, n: reads.append(p) or read_text(p, n))
    second = run(_ctx(root, use_cache=True), [str(root)]).findings  # links from the results cache
    assert reads == [str((root / "index.html").resolve())]  # the page read again, once
    assert [(f.rule, f.line, f.column) for f in second] == [("link/broken", 5, 37)]
    assert [f.source_line for f in second] == [f.source_line for f in first]
    assert MASKED in second[0].source_line and PHONE not in second[0].source_line


def test_a_line_read_again_must_still_hold_the_link(tmp_path):
    from contentguard.checks._links.lines import Lines

    page = tmp_path / "a.html"
    page.write_text(f'<p>Call {PHONE} <a href="gone.html">x</a></p>\n', encoding="utf-8")
    s = page.read_text().index("gone.html")
    link = ("gone.html", 1, s + 1, 1, s + 10, "gone.html", None, 0, s, s + 9)
    text, shift = Lines(10**7).shown(str(page), False, link)
    assert shift == 0 and MASKED in text and text[s:s + 9] == "gone.html"
    # the file no longer has the link there: no line rather than a wrong one
    page.write_text(f'<p>Call {PHONE} <a href="here.html">x</a></p>\n', encoding="utf-8")
    assert Lines(10**7).shown(str(page), False, link) == (None, 0)


def test_deferred_excerpt_matches_source_excerpt():
    """A short line comes out exactly as ``source_excerpt`` prints it; a long one is cut
    to the same window with the same ellipses, a value the window cuts masked whole."""
    short = f'<p>Call {PHONE} about <a href="gone.html">x</a></p>'
    s = short.index("gone.html")
    assert masked_excerpt(clear_excerpt(short, 0, len(short), s, s + 9)) == \
        source_excerpt(short, 0, len(short), s, s + 9)
    long_line = "".join(f'<p>Call {PHONE} about <a href="p{i}.html">x</a></p>' for i in range(40))
    s = long_line.index('"p20.html"') + 1
    got = masked_excerpt(clear_excerpt(long_line, 0, len(long_line), s, s + 8))
    want = source_excerpt(long_line, 0, len(long_line), s, s + 8)
    assert got == want
    text, shift = got
    assert text.startswith(ELLIPSIS) and text.endswith(ELLIPSIS) and MASKED in text
    assert text[s - shift:s - shift + 8] == "p20.html" and "07911" not in text


# --- long lines: one masking per block, shared by every finding on the line ------------

def _card(i: int) -> str:
    return (f'<div class="card"><a href="/p/{i}">Product {i}</a><span>Offer ends {i % 28 + 1} March '
            f'2024</span> Call 07911 {100000 + i:06d}.</div>')


def test_link_findings_on_a_minified_line_share_its_masked_blocks(cg, work, monkeypatch):
    """A 600-card page on one line (about 70 KB): 600 broken links, 600 dates and 600
    phone numbers. Every block of the line is masked once, for the date findings and the
    link findings reported at the end of the run alike (each link masked its own window
    and margins before: about 540 characters per link, the line three times over)."""
    seen: list[int] = []
    real = excerpt.mask_line  # the pii check's, as the excerpt module calls it
    monkeypatch.setattr(excerpt, "mask_line", lambda line: seen.append(len(line)) or real(line))
    page = "<html><body><main>" + "".join(_card(i) for i in range(600)) + "</main></body></html>\n"
    write(work / "shop.html", page)
    r = cg("check", "--no-cache", "--format", "json", "--today", "2026-06-01", "shop.html", pack_=False,
           select="link/broken,date/expired-deadline,pii/phone,contentguard")
    fs = r.findings
    assert [sum(f["rule"] == x for f in fs) for x in ("link/broken", "date/expired-deadline", "pii/phone")] \
        == [600, 600, 600]
    assert seen == []  # a json report prints no lines: none is masked
    # the text report prints each finding's line: every block masked once
    t = cg("check", "--no-cache", "--color", "never", "--today", "2026-06-01", "shop.html", pack_=False,
           select="link/broken,date/expired-deadline,pii/phone,contentguard")
    assert t.out.count("shop.html:1:") == 1800
    blocks = -(-len(page) // excerpt.BLOCK)
    assert 0 < sum(seen) <= len(page) + 2 * excerpt.MARGIN * blocks, (sum(seen), len(page))
    assert "07911 1" not in t.out and "\u2022\u2022\u2022\u2022\u2022 \u2022\u2022\u2022123" in t.out
    col = page.index('"/p/123"') + 2
    link = next(f for f in fs if f["rule"] == "link/broken" and f["column"] == col)
    assert (link["line"], link["end_column"]) == (1, col + len("/p/123"))
    # a look-alike: no finding on the line, nothing of it masked
    seen.clear()
    write(work / "shop.html", page.replace('href="/p/', 'href="#p'))
    r = cg("check", "--no-cache", "--format", "json", "shop.html", pack_=False, select="link/broken")
    assert r.findings == [] and seen == []


def _straddled(tmp: Path) -> tuple[str, int, int]:
    """A long line with a phone number across the first block edge, in the windows of the
    two broken links either side of it, and another one that the left cut of the second
    link's window runs through."""
    near = f'<a href="gone-1.html">a</a> {PHONE} <a href="gone-2.html">b</a>'
    cut = "07911 654321" + " " * 40 + '<a href="gone-3.html">c</a>'
    head = "x" * (excerpt.BLOCK - near.index(PHONE) - 5)  # the phone runs over the block edge
    line = head + near + " word" * 40 + " " + cut + " word" * 2000
    page = tmp / "edge.html"
    page.write_text(f"<html><body><p>{line}</p></body></html>\n", encoding="utf-8")
    start = page.read_text(encoding="utf-8").index(PHONE)
    assert start < excerpt.BLOCK + len("<html><body><p>") < start + len(PHONE)
    return str(page), start, page.read_text(encoding="utf-8").index("gone-3.html")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_number_across_a_block_edge_or_a_cut_is_masked_in_every_window(cg, work, fmt):
    """The phone number both links' windows show (across a block edge) is masked in both;
    the one the left cut of a window runs through shows no digit of its visible part but
    the last three the message would show; in every output format."""
    path, _start, _ = _straddled(work)
    r = cg("check", "--no-cache", "--format", fmt, path, pack_=False, select="link/broken")
    assert r.rc == 1
    assert "123456" not in r.out and "07911" not in r.out and "654321" not in r.out, fmt
    if fmt == "text":
        lines = r.out.splitlines()
        heads = [i for i, x in enumerate(lines) if " link/broken " in x]
        text = Path(path).read_text(encoding="utf-8")
        want = [["1", str(text.index(f"gone-{k}.html") + 1)] for k in (1, 2, 3)]  # one line
        assert [lines[i].split(":")[1:3] for i in heads] == want
        shown = [lines[i + 1][2:] for i in heads]
        assert all(x.startswith(ELLIPSIS) and x.endswith(ELLIPSIS) for x in shown)
        assert MASKED in shown[0] and MASKED in shown[1]
        assert shown[2].startswith(ELLIPSIS + "\u2022\u2022\u2022\u2022 \u2022\u2022\u2022321 "), shown[2]
        for i, name in zip(heads, ("gone-1.html", "gone-2.html", "gone-3.html")):
            caret = lines[i + 2][2:]
            assert lines[i + 1][2:][caret.index("^"):][:len(name)] == name


def test_the_block_edge_and_cut_in_a_cached_run_and_through_a_pickle(cg, work):
    """The same masks when the links come from the results cache (the file is read again)
    and when a collected link crosses to another process (the worker pool): the pickle
    carries the blocks the windows need, never the whole source."""
    import pickle

    from contentguard.sources import load_file

    path, _start, gone3 = _straddled(work)
    args = ("check", path)
    first = cg(*args, pack_=False, select="link/broken").out
    second = cg(*args, pack_=False, select="link/broken").out  # from the results cache
    assert second == first and MASKED in first
    shown_first = [x[2:] for x in first.splitlines() if x.startswith("  " + ELLIPSIS)]
    doc = load_file(path, path, 10**7).documents[0]
    data = CHECK.collect(doc, _ctx(work, use_cache=False))
    blob = pickle.dumps(data)
    assert len(blob) < len(doc.source)  # not the source: the blocks the windows need
    moved = pickle.loads(blob)
    shown = [masked_excerpt(t[6]) for t in moved.links]
    assert shown == [masked_excerpt(t[6]) for t in data.links]
    assert [x[0] for x in shown] == shown_first
    line_start = doc.source.rfind("\n", 0, gone3) + 1
    assert shown[2][1] == gone3 - line_start - excerpt.CONTEXT - 1  # the "…" before the window


def test_a_repeated_line_is_masked_once_and_a_report_without_lines_masks_none(tmp_path, monkeypatch):
    """A broken link in a site's footer is on every page: its line is masked once. A json
    (sarif, junit, github) report prints no lines, so none is masked at all."""
    root = tmp_path / "site"
    root.mkdir()
    footer = f'<footer>Call {PHONE} or see <a href="gone.html">the old terms</a>.</footer>'
    for i in range(5):
        (root / f"p{i}.html").write_text(f"<html><body>\n<h1>Page {i}</h1>\n{footer}\n</body></html>\n",
                                         encoding="utf-8")
    calls = []
    real = excerpt.masked_line
    monkeypatch.setattr(excerpt, "masked_line", lambda line: calls.append(line) or real(line))
    res = run(_ctx(root, use_cache=False), [str(root)])
    assert [(Path(f.path).name, f.line, f.column) for f in res.findings] == [
        (f"p{i}.html", 3, 43) for i in range(5)]  # at gone.html
    assert all(PHONE not in f.source_line and MASKED in f.source_line for f in res.findings)
    assert len(calls) == 1  # five findings, one line masked
    # look-alike: the same lines in a report that prints none
    calls.clear()
    ctx = _ctx(root, use_cache=False)
    ctx.source_lines = False
    res = run(ctx, [str(root)])
    assert len(res.findings) == 5 and all(f.source_line is None for f in res.findings)
    assert calls == []


def test_lines_read_again_alternating_files_mask_each_block_once(tmp_path, monkeypatch):
    """Links from the results cache are shown from their files read again; external
    verdicts come by URL, so findings go back and forth between files. Each block of each
    file's long line is still masked once (one block store per file read again), and each
    window shows the link at its place with the phone numbers masked."""
    from contentguard.checks._links.lines import Lines

    seen: list[int] = []
    real = excerpt.mask_line  # the pii check's, as the excerpt module calls it
    monkeypatch.setattr(excerpt, "mask_line", lambda line: seen.append(len(line)) or real(line))
    pages, links = [], []
    for n in range(2):
        line = "".join(_card(i) for i in range(100 * n, 100 * n + 100))
        page = tmp_path / f"p{n}.html"
        page.write_text(f"<html><body>{line}</body></html>\n", encoding="utf-8")
        text = page.read_text(encoding="utf-8")
        pages.append((str(page), text))
        for i in range(100 * n, 100 * n + 100):
            s = text.index(f'"/p/{i}"') + 1
            links.append((str(page), (f"/p/{i}", 1, s + 1, 1, s + 1 + len(f"/p/{i}"), f"/p/{i}", None, 0,
                                      s, s + len(f"/p/{i}"))))
    order = [x for pair in zip(links[:100], links[100:]) for x in pair]  # p0, p1, p0, p1 ...
    shown = Lines(10**7)
    whole = 0
    for path, link in order:
        text, shift = shown.shown(path, False, link)
        assert text[link[8] - shift:link[9] - shift] == link[5]
        assert "07911" not in text and not re.search(r"\b1\d{5}\b", text), text  # no phone digit
        whole += "\u2022\u2022\u2022\u2022\u2022 \u2022\u2022\u2022" in text
    assert whole >= 190  # the phone before each link, masked (the first card has none before)
    blocks = sum(-(-len(t) // excerpt.BLOCK) for _p, t in pages)
    assert 0 < sum(seen) <= sum(len(t) for _p, t in pages) + 2 * excerpt.MARGIN * blocks, sum(seen)
