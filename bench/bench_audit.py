"""Audit benchmark: crawl a generated site on the loopback link bench and print pages/s,
peak memory and the database size, for 1,000 and 5,000 pages (memory must not grow
with the page count), then save a screenshot of the HTML report with headless Chromium.

    .venv/bin/python bench/bench_audit.py [--pages 1000,5000] [--select content,date]
        [--runs 1] [--kb 5] [--screenshot bench/audit-report.png]

Each crawl runs ``contentguard audit`` in a subprocess (a fresh database), so the peak
resident memory (ru_maxrss of the children: the crawler and its check workers) is that
audit's own. Machines are shared and noisy: read the figures as orders of magnitude and
ratios; with --runs N the median is printed. The CPU time per page of the crawler process
and of its check workers (from /proc, sampled with the memory) is printed too: other jobs
disturb it far less than wall time, and the rate all cores could give at that CPU time
(``CPU bound``) is what a quiet machine comes close to.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINKBENCH = ROOT.parent / "shared" / "linkbench" / "server.py"
sys.path.insert(0, str(HERE))
from gen_site import paragraph  # noqa: E402

CG = [sys.executable, "-m", "contentguard"]


def make_site(out: Path, pages: int, kb: int = 5, seed: int = 11, prefix: str = "/site") -> None:
    """``pages`` HTML pages in folders of 100, each linking to the home page, its
    neighbours and a few random pages (so the crawl discovers everything by links),
    with ordinary prose and the odd date, e-mail and phone number in it."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(pages):
        links = {0, (i + 1) % pages, max(0, i - 1)} | {rng.randrange(pages) for _ in range(3)}
        nav = " ".join(f'<a href="{prefix}/{j // 100}/p{j}.html">page {j}</a>' for j in sorted(links))
        body = []
        size = 0
        while size < kb * 1024:
            p = paragraph(rng, rng.randint(30, 80)).replace("&", "&amp;")
            body.append(f"<p>{p}</p>")
            size += len(body[-1])
        # something for every check: personal data, a risky claim, a brand spelling, a dead link
        if i % 7 == 3:
            body.append(f"<p>Questions? Ask our volunteer at maria.lopez{i}@gmail.com or on 07700 900{i % 1000:03d}.</p>")
        if i % 5 == 1:
            body.append("<p>Join today for a risk-free trial with guaranteed results.</p>")
        if i % 13 == 5:
            body.append("<p>Now on every Iphone and Ipad.</p>")
        if i % 50 == 9:
            body.append(f'<p>See <a href="{prefix}/old/campaign-{i}.html">last year\'s campaign</a>.</p>')
        html = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page {i}</title>"
                f"<meta property=\"article:modified_time\" content=\"2024-0{1 + i % 9}-10\"></head>\n<body>\n"
                f"<nav>{nav}</nav>\n<main>\n<h1>Page {i}</h1>\n" + "\n".join(body) +
                f"\n</main><footer>&copy; {2018 + i % 9} Example Ltd</footer></body></html>\n")
        d = out / str(i // 100)
        d.mkdir(exist_ok=True)
        (d / f"p{i}.html").write_text(html, encoding="utf-8")
    (out / "index.html").write_text('<!DOCTYPE html><html><head><title>Home</title></head><body>'
                                    f'<a href="{prefix}/0/p0.html">start</a></body></html>', encoding="utf-8")


def start_server(root: Path, tmp: Path):
    portfile = tmp / "port"
    proc = subprocess.Popen([sys.executable, str(LINKBENCH), "--port", "0", "--portfile", str(portfile),
                             "--root", str(root), "--max-seconds", "3000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        if portfile.exists() and portfile.read_text().strip():
            return proc, int(portfile.read_text())
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("link bench server did not start")


proc_rusage: dict[int, int] = {}
#: CPU seconds (user + system) last seen of the audit process (key 0) and of each of its
#: children (the check workers), by pid: sampled with the memory, so a worker that ends
#: keeps its last figure
proc_cpu: dict[int, dict[int, float]] = {}
TICK = os.sysconf("SC_CLK_TCK")


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu = proc_cpu.setdefault(root, {})
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                stat = fh.read()
            fields = stat.rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            if int(d) == root or ppid == root:
                cpu[0 if int(d) == root else int(d)] = (int(fields[11]) + int(fields[12])) / TICK
            with open(f"/proc/{d}/statm") as fh:
                rss[int(d)] = int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    if root not in proc_rusage:
        proc_rusage[root] = 0
    proc_rusage[root] = max(proc_rusage[root], max((rss.get(c, 0) for c in [root, *children.get(root, [])]),
                                                   default=0))
    return total


def crawl(port: int, pages: int, db: Path, select: str | None, extra: list[str], fresh: bool = True,
          start: str = "/site/index.html") -> dict:
    if fresh:
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
    cmd = [*CG, "audit", f"http://127.0.0.1:{port}{start}", "--db", str(db), "--allow-private",
           "--quiet", "--fail-on", "never", "--today", "2026-11-23", "--max-pages", str(pages + 1 + pages // 50),
           *extra]
    if select:
        cmd += ["--select", select]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, text=True)
        tree_peak = 0
        while proc.poll() is None:  # sample the whole process tree (crawler + check workers)
            tree_peak = max(tree_peak, tree_rss_kb(proc.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - t0
        ru = proc_rusage.get(proc.pid)
        if proc.returncode not in (0, 1):
            err.seek(0)
            print(err.read()[-2000:], file=sys.stderr)
            raise SystemExit(f"audit failed with exit code {proc.returncode}")
    import sqlite3

    con = sqlite3.connect(str(db))
    n_pages = con.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    n_find = con.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    con.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    cpu = proc_cpu.pop(proc.pid, {})
    crawler = cpu.pop(0, 0.0)
    return {"wall": wall, "pages": n_pages, "findings": n_find, "rate": n_pages / wall,
            "tree_mb": tree_peak / 1024, "proc_mb": (ru or 0) / 1024, "db_mb": size / 1e6,
            "crawl_ms": crawler * 1000 / max(1, n_pages), "check_ms": sum(cpu.values()) * 1000 / max(1, n_pages)}


def screenshot(db: Path, target: str, out_png: Path, tmp: Path) -> None:
    html = tmp / "report.html"
    subprocess.run([*CG, "audit", "--history", "--db", str(db)], capture_output=True)
    r = subprocess.run([*CG, "audit", target, "--db", str(db), "--report-only", "--quiet", "--compare",
                        "--fail-on", "never", "--html", str(html)], capture_output=True, text=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not html.exists():
        print(f"report not written: {r.stderr[-500:]}")
        return
    shutil.copy(html, out_png.with_suffix(".html"))
    if not chromium:
        print(f"screenshot skipped: no chromium (apt-get install -y chromium); report at {out_png.with_suffix('.html')}")
        return
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1300,1800", f"--screenshot={out_png}", html.as_uri()],
                   capture_output=True, timeout=120)
    print(f"screenshot: {out_png} (report: {out_png.with_suffix('.html')})")


def compiled_bytecode() -> None:
    """The package's bytecode written once, as an installed package has it: with
    PYTHONDONTWRITEBYTECODE set (some machines set it for every shell) an editable install
    compiles ~130 modules from source in every audit, 0.2 s of each run's start-up that no
    installed copy pays."""
    import compileall

    import contentguard

    compileall.compile_dir(os.path.dirname(contentguard.__file__), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default="1000,5000")
    ap.add_argument("--select", default=None, help="rules to run (default: all offline checks)")
    ap.add_argument("--kb", type=int, default=5)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--jobs", default=None)
    ap.add_argument("--concurrency", default="8")
    ap.add_argument("--screenshot", default=str(HERE / "audit-report.png"))
    a = ap.parse_args()
    sizes = [int(x) for x in a.pages.split(",")]
    compiled_bytecode()
    extra = ["--concurrency", a.concurrency] + (["--jobs", a.jobs] if a.jobs else [])
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        site = tmp / "site"
        make_site(site, max(sizes), a.kb)
        proc, port = start_server(site, tmp)
        try:
            print(f"site: {max(sizes)} pages of ~{a.kb} KB; checks: {a.select or 'all (offline)'}; "
                  f"cores: {os.cpu_count()}")
            print(f"{'pages':>6} {'wall s':>8} {'pages/s':>8} {'findings':>9} {'tree MB':>8} {'1 proc MB':>9} "
                  f"{'db MB':>7} {'crawl ms':>9} {'check ms':>9} {'CPU bound':>10}")
            for n in sizes:
                res = []
                for k in range(a.runs):
                    db = tmp / f"audit-{n}.db"
                    res.append(crawl(port, n, db, a.select, extra))
                med = lambda key: statistics.median(r[key] for r in res)  # noqa: E731
                cores = os.cpu_count() or 1
                print(f"{res[-1]['pages']:>6} {med('wall'):>8.2f} {med('rate'):>8.1f} {res[-1]['findings']:>9} "
                      f"{max(r['tree_mb'] for r in res):>8.1f} {max(r['proc_mb'] for r in res):>9.1f} "
                      f"{res[-1]['db_mb']:>7.1f} {med('crawl_ms'):>9.2f} {med('check_ms'):>9.2f} "
                      f"{1000 * cores / (med('crawl_ms') + med('check_ms')):>10.0f}", flush=True)
            print("(tree MB: peak resident memory of the audit and its check workers together, sampled every "
                  "0.1 s; 1 proc MB: the largest single process; db MB: database with its WAL; crawl ms and "
                  "check ms: CPU time per page of the crawler process and of its check workers, start-up "
                  "included, which other jobs on the machine disturb far less than wall time; CPU bound: the "
                  "pages/s all cores could give at that CPU time per page)")
            if a.screenshot:
                # a small site audited twice, edited in between: the report then has a history,
                # new and fixed findings
                shot = site / "shot"
                db = tmp / "shot.db"
                make_site(shot, 300, a.kb, seed=11, prefix="/site/shot")
                crawl(port, 400, db, a.select, extra, start="/site/shot/index.html")
                make_site(shot, 300, a.kb, seed=12, prefix="/site/shot")
                crawl(port, 400, db, a.select, extra, fresh=False, start="/site/shot/index.html")
                screenshot(db, f"http://127.0.0.1:{port}/site/shot/index.html", Path(a.screenshot), tmp)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
