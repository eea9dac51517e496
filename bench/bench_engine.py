"""Engine benchmark: start-up for one small file, throughput over the dev corpus and
over a generated site of 2,000 Markdown/HTML files of ~10 KB, default packs.

    .venv/bin/python bench/bench_engine.py [--runs 5] [--files 2000]

Prints medians of several runs (machines are shared and noisy: compare ratios).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(HERE))
from gen_site import generate  # noqa: E402

CG = [sys.executable, "-m", "contentguard"]


def timed(cmd, cwd=None, runs=5) -> float:
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def size_of(folder: Path) -> tuple[int, int]:
    n = b = 0
    for p in folder.rglob("*"):
        if p.is_file() and p.suffix in (".md", ".html", ".htm", ".txt", ".yaml", ".yml", ".json", ".csv"):
            n += 1
            b += p.stat().st_size
    return n, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=2000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.md"
        one.write_text("---\ntitle: Hello\n---\n\n# Hello\n\nOffer ends 1 March 2024. Mail jane@example.com.\n")
        base = [*CG, "check", "--fail-on", "never", "--today", "2026-11-23", "--no-cache"]
        noop = timed([sys.executable, "-c", "pass"], runs=a.runs)
        st = timed([*base, str(one)], runs=a.runs)
        st_offline = timed([*base, "--select", "content,date", str(one)], runs=a.runs)
        print(f"python start-up (reference)          {noop * 1000:8.0f} ms")
        print(f"start-up, one small file, all checks {st * 1000:8.0f} ms")
        print(f"start-up, one file, content+date     {st_offline * 1000:8.0f} ms")
        import_cmd = [sys.executable, "-c", "import sys, contentguard.cli as c; "
                      f"c.main(['check', '--no-cache', '-q', {str(one)!r}]); "
                      "print(' '.join(m for m in ('spacy','httpx','dateparser') if m in sys.modules), file=sys.stderr)"]
        heavy = subprocess.run(import_cmd, capture_output=True, text=True).stderr.strip().splitlines()
        print(f"spaCy/httpx/dateparser imported by `check one.md`: {(heavy[-1] if heavy else '') or 'none'}")
        if CORPUS.is_dir():
            n, b = size_of(CORPUS)
            cmd = [*base, "--rules", "brand-pack.yaml", "."]
            w = timed(cmd, cwd=CORPUS, runs=a.runs)
            print(f"dev corpus: {n} files, {b / 1e6:.2f} MB: {w:.2f} s  {b / 1e6 / w:.2f} MB/s  {n / w:.0f} files/s")
        site = Path(tmp) / "site"
        generate(str(site), a.files, 10)
        n, b = size_of(site)
        for label, extra in (("all cores", []), ("one core", ["--jobs", "1"])):
            w = timed([*base, *extra, str(site)], runs=max(3, a.runs // 2))
            print(f"generated {n} files, {b / 1e6:.1f} MB, {label}: {w:.2f} s  {b / 1e6 / w:.2f} MB/s  {n / w:.0f} files/s")
        # the per-file results cache: a first run fills it, the next ones read it
        warm_cmd = [x for x in base if x != "--no-cache"] + [str(site)]
        subprocess.run(warm_cmd, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        w = timed(warm_cmd, cwd=tmp, runs=max(3, a.runs // 2))
        print(f"generated {n} files, second run with a warm results cache: {w:.2f} s")


if __name__ == "__main__":
    main()
