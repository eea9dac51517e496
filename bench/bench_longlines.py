"""Long-line benchmark: a minified page (the whole page on one line, as live sites serve
it) against the same page with a line break after each block, at 80 KB, 320 KB and 1 MB.

    .venv/bin/python bench/bench_longlines.py [--runs 3] [--sizes 80,320,1024]
                                              [--cg PATH] [--timeout 600]

The page is a shop page built from bench/gen_site.py's prose: product cards with links,
prices and dates, contact lines with a phone number and an e-mail address, so every check
has findings all along the line. Work around a finding must take a bounded window of
its line, so the minified page should cost about what the broken one does (ratio ≤ 1.5)
and time per MB should stay flat as the page grows. Each figure is the median wall time
of ``--runs`` runs of ``contentguard check`` (all default checks, offline, no cache).

``--cg`` times another install (for example the frozen one from before the change) in
the same run; a run over ``--timeout`` seconds is printed as ``>timeout``.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_site import paragraph  # noqa: E402


def shop_page(kb: int, seed: int = 11) -> str:
    """A shop page of about ``kb`` KB, one block per line."""
    rng = random.Random(seed)
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8"><title>Shop</title>'
             '<meta property="article:modified_time" content="2024-03-10"></head><body>',
             '<nav><a href="/">Home</a> <a href="/shop/">Shop</a> <a href="#contact">Contact</a></nav>',
             '<main>']
    size = sum(len(p) for p in parts)
    i = 0
    while size < kb * 1024:
        i += 1
        if i % 3 == 0:
            block = f"<p>{paragraph(rng, rng.randint(20, 50)).replace('&', '&amp;')}</p>"
        elif i % 7 == 0:
            block = (f'<div class="contact">Questions about order {i}? Call 020 7946 0{i % 1000:03d} '
                     f'or write to orders{i}@example.co.uk.</div>')
        else:
            block = (f'<div class="card"><a href="/p/{i}">Product {i}</a><span class="price">£{i % 90 + 9}.99'
                     f'</span><span class="offer">Offer ends {i % 28 + 1} March 2024</span></div>')
        parts.append(block)
        size += len(block) + 1
    parts.append('<footer>&copy; 2019 Example Ltd</footer></main></body></html>')
    return "\n".join(parts) + "\n"


def minify(page: str) -> str:
    return page.replace("\n", "") + "\n"


def timed(cmd: list[str], runs: int, timeout: float) -> float | None:
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def fmt(t: float | None, timeout: float) -> str:
    return f">{timeout:.0f} s" if t is None else f"{t:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="80,320,1024", help="page sizes in KB")
    ap.add_argument("--cg", action="append", default=[],
                    help="another contentguard executable to time in the same run (repeatable)")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    tools = [("this", [sys.executable, "-m", "contentguard"])] + [(p, [p]) for p in a.cg]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'tool':<12}{'size':>8}{'lines':>12}{'minified':>12}{'ratio':>8}{'s/MB lines':>12}{'s/MB min':>10}")
        for kb in (int(s) for s in a.sizes.split(",")):
            page = shop_page(kb)
            paths = {}
            for label, text in (("lines", page), ("min", minify(page))):
                paths[label] = os.path.join(tmp, f"{label}-{kb}.html")
                with open(paths[label], "w", encoding="utf-8") as fh:
                    fh.write(text)
            mb = len(page.encode()) / 1e6
            for name, cmd in tools:
                base = [*cmd, "check", "--no-cache", "--fail-on", "never", "--today", "2026-06-01", "-q"]
                t_lines = timed([*base, paths["lines"]], a.runs, a.timeout)
                t_min = timed([*base, paths["min"]], a.runs, a.timeout)
                ratio = f"{t_min / t_lines:.2f}" if t_min and t_lines else "-"
                per = (f"{t_lines / mb:.2f}" if t_lines else "-", f"{t_min / mb:.2f}" if t_min else "-")
                label = name if name == "this" else name.split("/.venv/")[0].rsplit("/", 1)[-1]
                print(f"{label:<12}{kb:>6}KB{fmt(t_lines, a.timeout):>12}{fmt(t_min, a.timeout):>12}"
                      f"{ratio:>8}{per[0]:>12}{per[1]:>10}", flush=True)


if __name__ == "__main__":
    main()
