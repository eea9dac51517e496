"""HTML reading speed: contentguard's reader (sources/html.py on sources/htmltok.py)
beside peers in the same run: the standard library's ``html.parser`` with no handlers
(what the reader was built on before; tokenizing only) and lxml's C parser (a tree, no
character offsets).

    .venv/bin/python bench/bench_html.py [--pages 2000] [--runs 5] [DIR ...]

Without DIR: the 2,000-page link bench site of bench_links.py (generated here, ~4 MB).
Prints, per row, the median over RUNS passes of all pages of the process's CPU time (the
machine is shared: CPU time is steadier than wall time; every pass times every row in
turn, so load hits all rows alike), in MB/s, and ratios to html.parser.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def pages_of(dirs: list[str], n: int) -> list[tuple[str, str]]:
    if not dirs:
        from bench_links import make_bench_site

        tmp = Path(tempfile.mkdtemp())
        make_bench_site(tmp, "http://127.0.0.1:9/", n, 20)
        dirs = [str(tmp)]
    out = []
    for d in dirs:
        for p in sorted(Path(d).rglob("*.htm*")):
            out.append((str(p), p.read_text(encoding="utf-8", errors="replace")))
    return out


def median_times(rows, pages, runs: int) -> list[float]:
    """Median CPU seconds of each row's pass over all pages; the rows alternate."""
    times: list[list[float]] = [[] for _ in rows]
    for _ in range(runs):
        for k, (_name, fn) in enumerate(rows):
            t0 = time.process_time()
            for path, text in pages:
                fn(path, text)
            times[k].append(time.process_time() - t0)
    return [statistics.median(t) for t in times]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    from contentguard.lineindex import LineIndex
    from contentguard.sources.html import parse_html
    from contentguard.sources.htmltok import TOKENS

    pages = pages_of(a.dirs, a.pages)
    mb = sum(len(t) for _p, t in pages) / 1e6

    def stdlib(path, text):
        p = HTMLParser(convert_charrefs=False)
        p.feed(text)
        p.close()

    def ours_tokens(path, text):
        TOKENS.findall(text)

    def ours_reader(path, text):
        parse_html(path, text, LineIndex(text))

    rows = [("html.parser, tokenizing only (peer)", stdlib), ("htmltok, tokenizing only (one findall)", ours_tokens),
            ("contentguard reader (prose, links, meta)", ours_reader)]
    sys.path.insert(0, str(HERE.parent / "tests"))
    try:  # the reader before the one-findall tokenizer, frozen as the equality test's oracle
        import html_oracle

        def old_reader(path, text):
            html_oracle.parse_html(path, text, LineIndex(text))

        rows.append(("previous reader (4599cdb, tests/html_oracle.py)", old_reader))
    except ImportError:
        pass
    try:
        import lxml.html

        def lxml_tree(path, text):
            try:
                lxml.html.document_fromstring(text)
            except Exception:  # an empty page is an error to lxml
                pass

        rows.append(("lxml.html tree, C (peer, no offsets)", lxml_tree))
    except ImportError:
        pass
    print(f"{len(pages)} pages, {mb:.1f} MB, median CPU time of {a.runs} runs")
    times = median_times(rows, pages, a.runs)
    for (name, _fn), t in zip(rows, times):
        print(f"  {name:48s} {t:6.2f} s  {mb / t:6.1f} MB/s  {times[0] / t:5.2f}x html.parser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
