"""Many-findings benchmark: time per 1,000 findings as one file grows, which must stay flat.

    .venv/bin/python bench/bench_manyfindings.py [--runs 3] [--lines 2000,8000,32000]
                                                 [--kinds txt] [--format text]
                                                 [--cg PATH] [--timeout 600]

Each file is ``--lines`` rows of bench/gen_findings.py (an e-mail address, a payment
card, an IP address and a past offer date per row, plus an order number that must not
fire), checked with ``contentguard check f --select pii,date --today 2026-12-06
--no-cache``: four findings a row. Each figure is the median of ``--runs`` runs: wall
time and the CPU time of the run (the machine is shared, CPU time is the steadier of the
two). The last column is each size's CPU per 1,000 findings over the smallest size's:
about 1.0 when work is linear in the findings, growing with the size when it is not.

``--cg`` times another install (for example the frozen one from before a change) in the
same run, size by size; a run over ``--timeout`` seconds prints as ``>timeout`` and the
peer's larger sizes are skipped.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_findings import KINDS, PER_ROW, PYPROJECT, make  # noqa: E402

DEFAULT_CG = os.path.join(os.path.dirname(HERE), ".venv", "bin", "contentguard")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def one_run(cg: str, path: str, fmt: str, timeout: float, want: int) -> tuple[float, float] | None:
    """(wall, cpu) seconds of one check, or None past ``timeout``; exits unless it reported
    the ``want`` findings the file holds (counted in the text and JSON reports)."""
    out = path + "." + fmt
    cpu0, t0 = _children_cpu(), time.perf_counter()
    try:
        p = subprocess.run([cg, "check", os.path.basename(path), "--select", "pii,date", "--today", "2026-12-06",
                            "--no-cache", "--format", fmt, "-o", out],
                           cwd=os.path.dirname(path), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if p.returncode != 1:
        raise SystemExit(f"{cg}: exit {p.returncode} on {path}: {p.stderr.strip()[-500:]}")
    with open(out, encoding="utf-8") as f:
        report = f.read()
    got = (len(json.loads(report)["findings"]) if fmt == "json" else
           int(re.search(r"^(\d+) findings?", report, re.M).group(1)) if fmt == "text" else want)
    if got != want:  # a budget or a bug stopped it part-way: its time would mean nothing
        raise SystemExit(f"{cg}: {got} findings on {path}, expected {want}")
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lines", default="2000,8000,32000")
    ap.add_argument("--kinds", default="txt", help=f"comma-separated, of {','.join(KINDS)}")
    ap.add_argument("--format", default="text", help="report format (text, json, sarif, github, junit)")
    ap.add_argument("--cg", action="append", default=[], help="another contentguard to time beside this one")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    installs = [DEFAULT_CG] + a.cg
    sizes = [int(x) for x in a.lines.split(",")]
    print(f"median of {a.runs} runs; --select pii,date, --format {a.format}; {PER_ROW} findings a line")
    print(f"{'install':<40} {'kind':<5} {'lines':>6} {'MB':>5} {'wall s':>8} {'cpu s':>8} "
          f"{'cpu s/1k findings':>18} {'vs smallest':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in a.kinds.split(","):
            paths = {}
            for n in sizes:
                d = os.path.join(tmp, f"{kind}-{n}")
                os.makedirs(d)
                with open(os.path.join(d, "pyproject.toml"), "w") as f:
                    f.write(PYPROJECT)
                paths[n] = os.path.join(d, f"f.{kind}")
                with open(paths[n], "w") as f:
                    f.write(make(kind, n))
            first: dict[str, float] = {}
            gave_up: set[str] = set()
            for n in sizes:
                mb = os.path.getsize(paths[n]) / 1e6
                for cg in installs:
                    name = cg if len(cg) <= 40 else "…" + cg[-39:]
                    if cg in gave_up:
                        print(f"{name:<40} {kind:<5} {n:>6} {mb:>5.1f} {'skipped':>8}")
                        continue
                    got = []
                    for _ in range(a.runs):
                        r = one_run(cg, paths[n], a.format, a.timeout, n * PER_ROW)
                        if r is None:
                            break
                        got.append(r)
                    if len(got) < a.runs:
                        gave_up.add(cg)
                        print(f"{name:<40} {kind:<5} {n:>6} {mb:>5.1f} {'>' + str(int(a.timeout)):>8}", flush=True)
                        continue
                    wall = statistics.median(w for w, _ in got)
                    cpu = statistics.median(c for _, c in got)
                    per_k = cpu / (n * PER_ROW / 1000)
                    first.setdefault(cg, per_k)
                    print(f"{name:<40} {kind:<5} {n:>6} {mb:>5.1f} {wall:>8.2f} {cpu:>8.2f} {per_k:>18.3f} "
                          f"{per_k / first[cg]:>10.2f}x", flush=True)


if __name__ == "__main__":
    main()
