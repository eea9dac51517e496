"""What a site profile costs the local link check: CPU seconds of ``check --select link``
with the detected profile against ``--profile none`` (the plain reading), on real sites.

    python bench/bench_profiles.py [SITE_DIR ...] [--runs 3]

Default sites: mkdocs-material, pnpm.io and 11ty-website under ``../realsites`` (or
``CONTENTGUARD_REALSITES``). Each run is a fresh process (``--no-cache --jobs 1``, offline);
the figure is the median of the runs' CPU time (user + system of the child, so a loaded
machine skews it less than wall time), and the ratio profile / plain is taken in the same
run. The profile's work: reading the generator's config, the URL of every file under the
site's content and static folders (front matter of each page), and the ids of each target
page the generator's way.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITES = ("mkdocs-material", "pnpm.io", "11ty-website")


def cpu_of(cmd: list[str], cwd: str) -> tuple[float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        summary = json.loads(proc.stdout)["summary"]
    except (ValueError, KeyError):
        summary = {}
    return cpu, summary


def main(argv: list[str]) -> int:
    runs = 3
    if "--runs" in argv:
        i = argv.index("--runs")
        runs = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    base = os.environ.get("CONTENTGUARD_REALSITES", os.path.join(HERE, "..", "..", "realsites"))
    sites = argv or [os.path.join(base, s) for s in SITES if os.path.isdir(os.path.join(base, s))]
    if not sites:
        print("no site folders (give them, or set CONTENTGUARD_REALSITES)")
        return 2
    cg = [sys.executable, "-m", "contentguard", "check", ".", "--select", "link", "--format", "json",
          "--no-cache", "--offline", "--jobs", "1"]
    print(f"{'site':<20} {'files':>6} {'plain s':>8} {'profile s':>9} {'ratio':>6}  profile")
    for site in sites:
        plain, prof, summary = [], [], {}
        for _ in range(runs):
            plain.append(cpu_of(cg + ["--profile", "none"], site)[0])
            t, summary = cpu_of(cg, site)
            prof.append(t)
        p, q = statistics.median(plain), statistics.median(prof)
        name = ((summary.get("links") or {}).get("site") or {}).get("profile", "?")
        print(f"{os.path.basename(site.rstrip('/')):<20} {summary.get('files_scanned', 0):>6} {p:>8.2f} "
              f"{q:>9.2f} {q / p if p else 0:>6.2f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
