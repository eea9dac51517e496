"""Servers and helpers for the audit tests: the link bench with --root, and a tiny
route-table server of our own for robots.txt, sitemaps and faults."""
from __future__ import annotations

import gzip
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINKBENCH = REPO.parent / "shared" / "linkbench" / "server.py"


class LinkBench:
    """/work/shared/linkbench/server.py serving ``root`` under /site/ on a free loopback port."""

    def __init__(self, root: Path, tmp: Path) -> None:
        portfile = tmp / "lb.port"
        self.proc = subprocess.Popen([sys.executable, str(LINKBENCH), "--port", "0", "--portfile", str(portfile),
                                      "--root", str(root), "--max-seconds", "900"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if portfile.exists() and portfile.read_text().strip():
                break
            time.sleep(0.05)
        self.port = int(portfile.read_text())
        self.base = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        import urllib.request

        with urllib.request.urlopen(self.base + "/admin/stats", timeout=10) as r:
            return json.load(r)

    def reset(self) -> None:
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(self.base + "/admin/reset", method="POST"), timeout=10).read()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Route:
    def __init__(self, body: bytes | str = b"", status: int = 200, ctype: str = "text/html; charset=utf-8",
                 headers: dict | None = None, action: str | None = None, sleep: float = 0.0,
                 first_status: int | None = None, first_headers: dict | None = None) -> None:
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status = status
        self.ctype = ctype
        self.headers = headers or {}
        self.action = action  # "reset": close without answering
        self.sleep = sleep
        self.first_status = first_status  # e.g. 429 on the first request only
        self.first_headers = first_headers or {}
        self.hits = 0


class TinySite:
    """A route table on 127.0.0.1; ``log`` lists (time, path) of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str]] = []
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                site.log.append((time.monotonic(), path))
                r = site.routes.get(path)
                if r is None:
                    body = b"<html><head><title>Not here</title></head><body>404</body></html>"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                r.hits += 1
                if r.sleep:
                    time.sleep(r.sleep)
                if r.action == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                status, extra = r.status, r.headers
                if r.first_status is not None and r.hits == 1:
                    status, extra = r.first_status, r.first_headers
                self.send_response(status)
                if r.ctype:
                    self.send_header("Content-Type", r.ctype)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(r.body)))
                self.end_headers()
                try:
                    self.wfile.write(r.body)
                except OSError:
                    pass

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client closing a keep-alive connection is not news

        self.server = Quiet(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body="", **kw) -> Route:
        self.routes[path] = Route(body, **kw)
        return self.routes[path]

    def page(self, path: str, body: str, links: list[str] = (), title: str = "Page") -> Route:
        a = "".join(f'<a href="{u}">link</a>\n' for u in links)
        return self.add(path, f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>\n{body}\n{a}</body></html>\n")

    def requested(self) -> list[str]:
        return [p for _t, p in self.log]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def gz(data: str) -> bytes:
    return gzip.compress(data.encode("utf-8"))


def urlset(urls: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"  <url><loc>{u}</loc></url>\n" for u in urls) + "</urlset>\n")


def sitemapindex(urls: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"  <sitemap><loc>{u}</loc></sitemap>\n" for u in urls) + "</sitemapindex>\n")


def db_rows(db: Path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(str(db))
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def result_of(db: Path, run_id: int | None = None) -> tuple[set, set]:
    """(pages with their error, findings as (page, rule, line, col, fingerprint)) of a run (default: the last)."""
    if run_id is None:
        run_id = db_rows(db, "SELECT MAX(id) FROM runs")[0][0]
    pages = set(db_rows(db, "SELECT url, error FROM pages WHERE run_id=?", run_id))
    finds = set(db_rows(db, "SELECT page, rule, line, col, fingerprint FROM findings WHERE run_id=?", run_id))
    return pages, finds


def cg_subprocess(args: list[str], cwd: Path, **kw) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return subprocess.Popen([sys.executable, "-m", "contentguard", *args], cwd=str(cwd), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
