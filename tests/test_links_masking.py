"""The link check masks the source line of a reported finding only, never the line of
every link it collects (that was half of a link check's time), and what it stores (the
results cache, the audit database) is masked all the same."""
from __future__ import annotations

from pathlib import Path

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
