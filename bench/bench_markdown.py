"""Markdown reading throughput: MB/s of contentguard's Markdown source on real content.

    python bench/bench_markdown.py [DIR ...] [--runs 5] [--max-mb 8]

Reads every ``.md``/``.markdown`` file under the folders (default: the real-site set in
``../realsites`` when present, else this repository's docs), then times
``sources.parse(..., "markdown")`` over all of them, several runs, and prints the median.
The peer in the same run is markdown-it-py's own ``parse`` (token stream only, no
positions, no documents): the ratio says what mapping positions back and building the
document costs on top of the parser. Run it with another install's Python (for example a
checkout before a change) to compare releases; the peer is skipped where markdown-it-py
is not installed.
"""
from __future__ import annotations

import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus(dirs: list[str], max_bytes: int) -> list[tuple[str, str]]:
    out, total = [], 0
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(x for x in subdirs if not x.startswith(".") and x != "node_modules")
            for f in sorted(files):
                if f.lower().endswith((".md", ".markdown")):
                    p = os.path.join(root, f)
                    try:
                        with open(p, encoding="utf-8", errors="replace") as fh:
                            text = fh.read()
                    except OSError:
                        continue
                    out.append((p, text))
                    total += len(text.encode("utf-8"))
                    if total >= max_bytes:
                        return out
    return out


def timed(fn, texts, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for p, t in texts:
            fn(p, t)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    runs, max_mb, dirs = 5, 8.0, []
    it = iter(argv)
    for a in it:
        if a == "--runs":
            runs = int(next(it))
        elif a == "--max-mb":
            max_mb = float(next(it))
        else:
            dirs.append(a)
    if not dirs:
        rs = os.path.join(HERE, "..", "..", "realsites")
        dirs = [os.path.join(rs, s) for s in ("website", "zola", "11ty-website", "cloud-platform-user-guide",
                                              "mkdocs-material", "pnpm.io", "jekyll", "docs-travis-ci-com",
                                              "digitalgov.gov")] if os.path.isdir(rs) else [
            os.path.join(HERE, "..", "docs")]
    texts = corpus([d for d in dirs if os.path.isdir(d)], int(max_mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for _p, t in texts) / 1e6
    from contentguard.sources import parse

    parse("warm.md", "# warm\n\n[a](b) `c`\n", "markdown")
    t_cg = timed(lambda p, t: parse(p, t, "markdown"), texts, runs)
    print(f"{len(texts)} files, {mb:.2f} MB, median of {runs} runs")
    print(f"contentguard markdown source: {mb / t_cg:7.2f} MB/s ({t_cg:.2f} s)")
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        print("markdown-it-py parse (peer): not installed in this environment")
        return 0
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    t_md = timed(lambda p, t: md.parse(t), texts, runs)
    print(f"markdown-it-py parse (peer):  {mb / t_md:7.2f} MB/s ({t_md:.2f} s); "
          f"contentguard takes {t_cg / t_md:.2f}x the peer's time")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
