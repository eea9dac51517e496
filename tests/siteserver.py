"""The project's own loopback HTTP server for the tests (standard library only).

One server, started by a test on 127.0.0.1 and a free port, stopped after it:

- a route table (``add``/``page``): any body, status, headers, a sleep, a 429 on the first
  request only, or a connection reset; ``/docs/`` serves the ``/docs/index.html`` route;
- a folder served under ``/site/`` (``SiteServer(root=...)``), ``index.html`` for a folder,
  never a file outside the folder;
- generic paths a link or audit test can point at without adding routes:
  ``/ok[/<t>]`` (200 HTML with ids ``top``, ``intro``, ``footer``), ``/status/<code>[/<t>]``,
  ``/redirect/<code>[/<t>]`` (to ``/ok/<t>``, or ``?to=/same/server/path``), ``/delay/<ms>[/<t>]``
  (200 after that many milliseconds, at most 10 s);
- ``stats()``: requests per path and method since the last ``reset()``; ``log``: (time, path)
  of every request.

The tests need nothing outside the repository: ``../shared/linkbench`` is optional.
"""
from __future__ import annotations

import html
import mimetypes
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

MAX_DELAY_MS = 10_000
REDIRECTS = (301, 302, 303, 307, 308)


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


def html_page(title: str, body: str = "") -> bytes:
    t = html.escape(title)
    return (f'<!DOCTYPE html>\n<html><head><title>{t}</title></head>\n<body>\n<h1 id="top">{t}</h1>\n'
            f'<p id="intro">{body}</p>\n<footer id="footer">siteserver</footer>\n</body></html>\n').encode("utf-8")


class SiteServer:
    """A route table, an optional folder under /site/, and the generic paths, on 127.0.0.1."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.root = Path(root).resolve() if root is not None else None
        self.log: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._paths: dict[str, dict[str, int]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                site._serve(self)

            def do_HEAD(self):
                site._serve(self)

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client closing a keep-alive connection is not news

        self.server = Quiet(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # -- the test's side ----------------------------------------------------------------
    def add(self, path: str, body="", **kw) -> Route:
        self.routes[path] = Route(body, **kw)
        return self.routes[path]

    def page(self, path: str, body: str, links: list[str] = (), title: str = "Page") -> Route:
        a = "".join(f'<a href="{u}">link</a>\n' for u in links)
        return self.add(path, f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>\n{body}\n{a}</body></html>\n")

    def requested(self) -> list[str]:
        return [p for _t, p in self.log]

    def stats(self) -> dict:
        """{"total": n, "paths": {path: {method: n}}} since the last reset()."""
        with self._lock:
            paths = {p: dict(m) for p, m in sorted(self._paths.items())}
        return {"total": sum(sum(m.values()) for m in paths.values()), "paths": paths}

    def reset(self) -> None:
        with self._lock:
            self._paths.clear()
            self.log.clear()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the server's side --------------------------------------------------------------
    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        split = urlsplit(h.path)
        path = unquote(split.path or "/")
        with self._lock:
            self.log.append((time.monotonic(), path))
            per = self._paths.setdefault(path, {})
            per[h.command] = per.get(h.command, 0) + 1
        try:
            r = self.routes.get(path)
            if r is None and path.endswith("/"):  # a folder serves its index.html, as web servers do
                r = self.routes.get(path + "index.html")
            if r is not None:
                self._route(h, r)
            elif self.root is not None and (path == "/site" or path.startswith("/site/")):
                self._static(h, path[len("/site/"):])
            else:
                self._generic(h, path, split.query)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True

    def _send(self, h, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
              headers: dict | None = None) -> None:
        h.send_response(status)
        if ctype:
            h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD" and body:
            try:
                h.wfile.write(body)
            except OSError:
                pass

    def _not_found(self, h) -> None:
        self._send(h, 404, b"<html><head><title>Not here</title></head><body>404</body></html>")

    def _route(self, h, r: Route) -> None:
        r.hits += 1
        if r.sleep:
            time.sleep(r.sleep)
        if r.action == "reset":
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            h.connection.shutdown(socket.SHUT_RDWR)
            h.close_connection = True
            return
        status, extra = r.status, r.headers
        if r.first_status is not None and r.hits == 1:
            status, extra = r.first_status, r.first_headers
        self._send(h, status, r.body, r.ctype, extra)

    def _static(self, h, rel: str) -> None:
        target = (self.root / rel).resolve()
        if target != self.root and self.root not in target.parents:
            return self._not_found(h)  # never outside the folder
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(h)
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        self._send(h, 200, target.read_bytes(), ctype)

    def _generic(self, h, path: str, query: str) -> None:
        segs = [s for s in path.split("/") if s]
        head, rest = (segs[0], segs[1:]) if segs else ("", [])
        tail = "/".join(rest)
        number = int(rest[0]) if rest and rest[0].isdigit() else None
        if head == "ok":
            self._send(h, 200, html_page(f"OK {tail}".strip()))
        elif head == "status" and number is not None and 200 <= number <= 599:
            self._send(h, number, html_page(f"Status {number}"),
                       headers={"Retry-After": "1"} if number in (429, 503) else None)
        elif head == "redirect" and number in REDIRECTS:
            to = parse_qs(query).get("to", [""])[0]
            target = "/ok/" + quote("/".join(rest[1:]) or "target", safe="/")
            if to.startswith("/") and not to.startswith("//"):
                target = to  # same server only: never an open redirect
            self._send(h, number, b"", None, {"Location": self.base + target})
        elif head == "delay" and number is not None:
            time.sleep(min(number, MAX_DELAY_MS) / 1000)
            self._send(h, 200, html_page(f"Delayed {number} ms"))
        else:
            self._not_found(h)
