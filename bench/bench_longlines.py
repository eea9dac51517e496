"""Long-line benchmark: a minified page (the whole page on one line, as live sites serve
it) against the same page with a line break after each block, at 80 KB, 320 KB and 1 MB.

    .venv/bin/python bench/bench_longlines.py [--runs 3] [--sizes 80,320,1024]
                                              [--cg PATH] [--timeout 600]

The page is a shop page built from bench/gen_site.py's prose: product cards with links,
prices and dates, contact lines with a phone number and an e-mail address, so every check
has findings all along the line. Work around a finding must take a bounded window of
its line, so the minified page should cost about what the broken one does (ratio ≤ 1.5)
and time per MB should stay flat as the page grows. Each figure is the median wall time
of ``--runs`` runs of ``contentguard check`` (all default checks, offline, no cache),
the two pages' runs alternated, and the median CPU time (user + system) beside it: on a
shared machine the CPU ratio is the steadier figure. "net s/MB" is CPU seconds per MB
less a 1 KB page's (the start-up every run pays): flat as the page grows when the work
is linear. The load average is printed at the start and the end.

``--cg`` times another install (for example the frozen one from before the change) in
the same run; a run over ``--timeout`` seconds is printed as ``>timeout``.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
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


def timed(cmds: list[list[str]], runs: int, timeout: float) -> list[tuple[float, float] | None]:
    """Median (wall, CPU) seconds of each command, the commands alternated run by run (so
    a load that comes and goes weighs on both sides of a ratio alike); CPU is the child's
    user + system time. None for a command that ran over ``timeout``."""
    walls: list[list[float] | None] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            if walls[i] is None:
                continue
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            try:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
            except subprocess.TimeoutExpired:
                walls[i] = None
                continue
            wall = time.perf_counter() - t0
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls[i].append(wall)  # type: ignore[union-attr]
            cpus[i].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return [None if w is None else (statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


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
    print(f"load average {os.getloadavg()[0]:.2f} at the start; medians of {a.runs} runs; the small "
          f"page (start-up), lines and minified alternated; net s/MB: CPU less the small page's")
    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "small.html")
        with open(small, "w", encoding="utf-8") as fh:
            fh.write(shop_page(1))
        print(f"{'tool':<12}{'size':>8}{'lines':>9}{'minified':>10}{'ratio':>7}{'CPU lines':>11}"
              f"{'CPU min':>9}{'ratio':>7}{'net s/MB lines':>16}{'min':>6}")
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
                got = timed([[*base, small], [*base, paths["lines"]], [*base, paths["min"]]], a.runs, a.timeout)
                start_cpu = got[0][1] if got[0] else 0.0
                walls = [g[0] if g else None for g in got[1:]]
                cpus = [g[1] if g else None for g in got[1:]]

                def ratio(x: list) -> str:
                    return f"{x[1] / x[0]:.2f}" if x[0] and x[1] else "-"

                net = [f"{(c - start_cpu) / mb:.2f}" if c else "-" for c in cpus]
                label = name if name == "this" else name.split("/.venv/")[0].rsplit("/", 1)[-1]
                print(f"{label:<12}{kb:>6}KB{fmt(walls[0], a.timeout):>9}{fmt(walls[1], a.timeout):>10}"
                      f"{ratio(walls):>7}{fmt(cpus[0], a.timeout):>11}{fmt(cpus[1], a.timeout):>9}"
                      f"{ratio(cpus):>7}{net[0]:>16}{net[1]:>6}", flush=True)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
