"""Markdown reading throughput: MB/s of contentguard's Markdown source on real content.

    python bench/bench_markdown.py [DIR ...] [--runs 5] [--max-mb 8] [--against PYTHON [--rounds 3]]

Reads every ``.md``/``.markdown`` file under the folders (default: the real-site set in
``../realsites`` when present, else this repository's docs), then times
``sources.parse(..., "markdown")`` over all of them, several runs, and prints the median.
The peer in the same run is markdown-it-py's own ``parse`` (token stream only, no
positions, no documents): the ratio says what mapping positions back and building the
document costs on top of the parser. Run it with another install's Python (for example a
checkout before a change) to compare releases; the peer is skipped where markdown-it-py
is not installed.

``--against PYTHON`` compares two installs in the same run: this one and the one whose
interpreter is PYTHON (for example the first version's, ``/work/base/.venv/bin/python``)
take turns, ``--rounds`` times, each timing the same files; it prints each round, the
medians of wall and CPU time, their ratios and the load average before and after (the
machines are shared: compare within one run, and prefer the CPU ratio under load).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
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
    return timed_both(fn, texts, runs)[0]


def timed_both(fn, texts, runs: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``runs`` passes over ``texts``."""
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for p, t in texts:
            fn(p, t)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def _this_install(texts, runs: int) -> tuple[float, float]:
    from contentguard.sources import parse

    parse("warm.md", "# warm\n\n[a](b) `c`\n", "markdown")
    return timed_both(lambda p, t: parse(p, t, "markdown"), texts, runs)


def against(python: str, dirs: list[str], texts, mb: float, runs: int, rounds: int, max_mb: float) -> int:
    """This install and ``python``'s, in turns, over the same files."""
    load0 = os.getloadavg()
    here, there = [], []
    cmd = [python, os.path.abspath(__file__), "--json", "--runs", str(runs), "--max-mb", str(max_mb), *dirs]
    print(f"{len(texts)} files, {mb:.2f} MB; {rounds} rounds in turns, median of {runs} runs each")
    for r in range(rounds):
        here.append(_this_install(texts, runs))
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        got = json.loads(out.strip().splitlines()[-1])
        if abs(got["mb"] - mb) > 1e-6:
            raise SystemExit(f"the other install read {got['mb']} MB, not {mb:.2f}: not the same files")
        there.append((got["wall"], got["cpu"]))
        print(f"round {r + 1}: this {mb / here[-1][0]:6.2f} MB/s wall, {mb / here[-1][1]:6.2f} MB/s CPU; "
              f"other {mb / there[-1][0]:6.2f} MB/s wall, {mb / there[-1][1]:6.2f} MB/s CPU")
    load1 = os.getloadavg()
    hw, hc = (statistics.median(x[i] for x in here) for i in (0, 1))
    tw, tc = (statistics.median(x[i] for x in there) for i in (0, 1))
    print(f"this install ({sys.executable}): {mb / hw:6.2f} MB/s wall, {mb / hc:6.2f} MB/s CPU (medians)")
    print(f"other install ({python}): {mb / tw:6.2f} MB/s wall, {mb / tc:6.2f} MB/s CPU (medians)")
    print(f"this takes {hw / tw:.2f}x the other's wall time, {hc / tc:.2f}x its CPU time")
    print(f"load average before {load0[0]:.2f}, after {load1[0]:.2f}")
    return 0


def main(argv: list[str]) -> int:
    runs, max_mb, dirs, other, rounds, as_json = 5, 8.0, [], None, 3, False
    it = iter(argv)
    for a in it:
        if a == "--runs":
            runs = int(next(it))
        elif a == "--max-mb":
            max_mb = float(next(it))
        elif a == "--against":
            other = next(it)
        elif a == "--rounds":
            rounds = int(next(it))
        elif a == "--json":
            as_json = True
        else:
            dirs.append(a)
    if not dirs:
        rs = os.path.join(HERE, "..", "..", "realsites")
        dirs = [os.path.join(rs, s) for s in ("website", "zola", "11ty-website", "cloud-platform-user-guide",
                                              "mkdocs-material", "pnpm.io", "jekyll", "docs-travis-ci-com",
                                              "digitalgov.gov")] if os.path.isdir(rs) else [
            os.path.join(HERE, "..", "docs")]
    dirs = [os.path.abspath(d) for d in dirs if os.path.isdir(d)]
    texts = corpus(dirs, int(max_mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for _p, t in texts) / 1e6
    if as_json:  # one install's figures, for --against in the other
        wall, cpu = _this_install(texts, runs)
        print(json.dumps({"files": len(texts), "mb": mb, "wall": wall, "cpu": cpu}))
        return 0
    if other:
        return against(other, dirs, texts, mb, runs, rounds, max_mb)
    t_cg, c_cg = _this_install(texts, runs)
    print(f"{len(texts)} files, {mb:.2f} MB, median of {runs} runs")
    print(f"contentguard markdown source: {mb / t_cg:7.2f} MB/s ({t_cg:.2f} s; {mb / c_cg:.2f} MB/s CPU)")
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
