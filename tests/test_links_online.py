"""The link check against the loopback linkbench server (../shared/linkbench): every
truth verdict of the development site at its exact position, the address guard with
redirects, the cache, per-host limits. No network but 127.0.0.x servers started here."""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from contentguard.config import validate
from contentguard.engine import make_context, run

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "linkbench"
VERDICT = {"link/broken": "broken", "link/missing-fragment": "broken", "link/redirect": "redirect",
           "link/unverified": "blocked", "link/skipped": "skipped"}
SEVERITY = {"broken": 3, "skipped": 2, "redirect": 1, "blocked": 0}

pytestmark = pytest.mark.skipif(not (BENCH / "server.py").exists(), reason="../shared/linkbench not present")


@pytest.fixture(scope="module")
def linkbench(tmp_path_factory):
    portfile = tmp_path_factory.mktemp("lb") / "port"
    proc = subprocess.Popen([sys.executable, str(BENCH / "server.py"), "--port", "0",
                             "--portfile", str(portfile), "--max-seconds", "900"],
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):  # bounded wait, 10 s
            if portfile.exists() and portfile.read_text().strip():
                break
            time.sleep(0.05)
        yield int(portfile.read_text())
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def admin(port: int, what: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/{what}", timeout=10) as r:
        return json.loads(r.read())


def check(root: Path, paths: list[str], online=True, allow_private=True, use_cache=True, **links):
    cfg = validate({"links": links}, "test")
    cfg.root = root
    ctx = make_context(config=cfg, today="2026-11-23", select=["link"], online=online,
                       allow_private=allow_private, use_cache=use_cache)
    return run(ctx, paths)


def verdicts(result, site: Path) -> dict[tuple, str]:
    out: dict[tuple, str] = {}
    for f in result.findings:
        key = (Path(f.path).resolve().relative_to(site.resolve()).as_posix(), f.line, f.column)
        v = VERDICT[f.rule]
        if SEVERITY[v] >= SEVERITY.get(out.get(key, ""), -1):
            out[key] = v
    return out


@pytest.fixture(scope="module")
def dev_site(linkbench, tmp_path_factory):
    """The development site, checked once with a cold cache (the timeout case uses 2 s)."""
    base = tmp_path_factory.mktemp("dev")
    site = base / "site"
    subprocess.run([sys.executable, str(BENCH / "make_site.py"), "--port", str(linkbench), "--out", str(site)],
                   check=True, capture_output=True)
    truth = [json.loads(line) for line in (site / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    admin(linkbench, "reset")
    first = check(base, [str(site)], timeout=2.0)
    stats1 = admin(linkbench, "stats")
    admin(linkbench, "reset")
    second = check(base, [str(site)], timeout=2.0)
    stats2 = admin(linkbench, "stats")
    return dict(site=site, base=base, truth=truth, first=first, second=second, stats1=stats1, stats2=stats2)


def test_every_truth_verdict_at_its_position(dev_site):
    got = verdicts(dev_site["first"], dev_site["site"])
    wrong = []
    for row in dev_site["truth"]:
        key = (row["path"], row["line"], row["col"])
        want = {"ignored": "ok"}.get(row["expected"], row["expected"])
        if got.pop(key, "ok") != want:
            wrong.append(row)
    assert not wrong, wrong
    assert not got, f"findings that are in no truth row: {got}"


def test_messages(dev_site):
    by_case: dict[str, str] = {}
    for row in dev_site["truth"]:
        for f in dev_site["first"].findings:
            if f.path.endswith(row["path"]) and (f.line, f.column) == (row["line"], row["col"]):
                by_case.setdefault(row["case"], f.message)
    assert by_case["http-404"] == "broken link: HTTP 404 Not Found"
    assert by_case["redirect-301"].startswith("permanent redirect (301): update the link to http://127.0.0.1:")
    assert by_case["redirect-301"].endswith("/page/target")
    assert by_case["redirect-chain-12"].startswith("12 permanent redirects: update the link to ")
    assert by_case["redirect-loop"].startswith("broken link: redirect loop (")
    assert by_case["timeout-30s"] == "broken link: timed out after 2 s (3 attempts)"
    assert by_case["conn-refused"] == "broken link: connection refused"
    assert by_case["soft-404"].startswith("broken link: soft 404 (HTTP 200, page title \"Page not found\")")
    assert by_case["bot-403"].startswith("unverified: the site refuses automated checks (HTTP 403)")
    assert by_case["http-fragment-missing"].startswith("missing anchor: #no-such-anchor")
    assert by_case["local-file-missing"].startswith("broken link: file not found: ")
    assert by_case["redirect-301-to-404"].startswith("broken link: HTTP 404 Not Found (after 1 redirect")
    assert by_case["http-500"] == "broken link: HTTP 500 Internal Server Error after 3 attempts"


def test_counts_each_target_once_and_bounds(dev_site):
    stats = dev_site["stats1"]
    paths = stats["paths"]
    # each unique URL once (plus retries): /ok#section-2 and /ok#no-such-anchor are one GET
    assert paths["/ok"] == {"GET": 1}
    assert paths["/redirect/308"] == {"GET": 1}  # (/redirect/301 also has a ?to= variant)
    assert sum(paths["/flaky"].values()) == 2 and sum(paths["/ratelimited"].values()) == 2
    # the 50 MB file is answered from a HEAD; the bomb from a capped GET
    assert paths["/big/dataset.zip"] == {"HEAD": 1}
    assert stats["limited"]["max_in_flight"] <= 4 or stats["limited"]["rejected"] > 0
    assert all(ua.startswith("contentguard/") and "+https://github.com/contentguard/contentguard" in ua
               for ua in stats["user_agents"])
    s = dev_site["first"].extra_summary["links"]
    assert s["ignored"] == {"javascript": 2, "mailto": 5, "tel": 2}


def test_second_run_is_served_from_the_cache(dev_site):
    assert dev_site["stats2"]["total"] == 0, dev_site["stats2"]["paths"]
    a = [(f.path, f.line, f.column, f.rule, f.message) for f in dev_site["first"].findings]
    b = [(f.path, f.line, f.column, f.rule, f.message) for f in dev_site["second"].findings]
    assert a == b
    # no config file here, so the cache is in the user's cache folder, not in the site
    from contentguard.config import cache_folder, validate

    assert not (dev_site["base"] / ".contentguard_cache").exists()
    assert (Path(cache_folder(validate({}, "defaults"), ".contentguard_cache")) / "links.sqlite3").exists()


def test_no_cache_and_fixed_links(linkbench, tmp_path):
    (tmp_path / "a.md").write_text(f"[x](http://127.0.0.1:{linkbench}/ok/nocache)\n", encoding="utf-8")
    check(tmp_path, [str(tmp_path / "a.md")])
    admin(linkbench, "reset")
    check(tmp_path, [str(tmp_path / "a.md")], use_cache=False)
    assert admin(linkbench, "stats")["total"] == 1
    # a failure is not kept when cache-ttl-fail is 0: the next run asks again
    (tmp_path / "b.md").write_text(f"[x](http://127.0.0.1:{linkbench}/status/404/ttl)\n", encoding="utf-8")
    check(tmp_path, [str(tmp_path / "b.md")], **{"cache-ttl-fail": 0})
    admin(linkbench, "reset")
    check(tmp_path, [str(tmp_path / "b.md")], **{"cache-ttl-fail": 0})
    assert admin(linkbench, "stats")["total"] == 1


def test_offline_sends_nothing(linkbench, tmp_path):
    (tmp_path / "a.md").write_text(f"[x](http://127.0.0.1:{linkbench}/status/404/offline)\n", encoding="utf-8")
    admin(linkbench, "reset")
    res = check(tmp_path, [str(tmp_path / "a.md")], online=False)
    assert res.findings == [] and admin(linkbench, "stats")["total"] == 0
    assert res.extra_summary["links"]["external_offline"] == 1


class _Redirector(http.server.BaseHTTPRequestHandler):
    """A second 'public' host (127.0.0.2, allowed by allow-networks) that redirects."""
    targets: dict[str, str] = {}

    def do_GET(self):  # noqa: N802 - stdlib name
        loc = self.targets.get(self.path.split("?")[0])
        if loc is None:
            body = b"<html><head><title>ok</title></head><body id='x'>ok</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            body = b""
            self.send_response(301)
            self.send_header("Location", loc)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, *a):
        pass


@pytest.fixture
def redirector(linkbench):
    srv = http.server.ThreadingHTTPServer(("127.0.0.2", 0), _Redirector)
    port = srv.server_address[1]
    _Redirector.targets = {
        "/to-loopback": f"http://127.0.0.1:{linkbench}/ok/guarded",
        "/to-metadata": "http://169.254.169.254/latest/meta-data/",
        "/to-localhost": f"http://localhost:{linkbench}/ok/guarded-name",
        "/to-public": f"http://127.0.0.2:{port}/fine",
    }
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    try:
        yield port
    finally:
        srv.shutdown()
        srv.server_close()


def test_private_addresses_are_skipped_redirects_included(linkbench, redirector, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(
        f"[a](http://127.0.0.1:{linkbench}/ok/direct)\n"
        f"[b](http://127.0.0.2:{redirector}/to-loopback)\n"
        f"[c](http://127.0.0.2:{redirector}/to-metadata)\n"
        f"[d](http://127.0.0.2:{redirector}/to-localhost)\n"
        f"[e](http://127.0.0.2:{redirector}/to-public)\n"
        f"[f](http://localhost:{linkbench}/ok/by-name)\n", encoding="utf-8")
    admin(linkbench, "reset")
    res = check(tmp_path, [str(doc)], allow_private=False, use_cache=False,
                **{"allow-networks": ["127.0.0.2/32"]})
    assert admin(linkbench, "stats")["total"] == 0  # not one request reached the private server
    got = {(f.line, f.column): (f.rule, f.message) for f in res.findings}
    assert got[(1, 5)][0] == "link/skipped" and "127.0.0.1 is a loopback address" in got[(1, 5)][1]
    for line in (2, 3, 4):
        rule, msg = got[(line, 5)]
        assert rule == "link/skipped" and "reached by a redirect from" in msg, msg
    assert "link-local" in got[(3, 5)][1]
    assert got[(5, 5)][0] == "link/redirect"  # the allowed host itself is checked normally
    assert got[(6, 5)][0] == "link/skipped" and "localhost" in got[(6, 5)][1]
    assert len(got) == 6
    # with allow-private the loopback ones are checked (the metadata address is left out:
    # the tests never send traffic anywhere but 127.0.0.x)
    doc.write_text(f"[a](http://127.0.0.1:{linkbench}/ok/direct)\n"
                   f"[b](http://127.0.0.2:{redirector}/to-loopback)\n", encoding="utf-8")
    res = check(tmp_path, [str(doc)], allow_private=True, use_cache=False)
    assert [(f.line, f.rule) for f in res.findings] == [(2, "link/redirect")]
    assert admin(linkbench, "stats")["total"] == 2


def test_per_host_limit_and_429_backoff(linkbench, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("".join(f"[l{i}](http://127.0.0.1:{linkbench}/limited/t{i})\n" for i in range(12)),
                   encoding="utf-8")
    admin(linkbench, "reset")
    res = check(tmp_path, [str(doc)], use_cache=False, **{"max-per-host": 10})
    assert res.findings == []
    res = check(tmp_path, [str(doc)], use_cache=False, **{"max-per-host": 4})
    assert res.findings == []
    admin(linkbench, "reset")
    check(tmp_path, [str(doc)], use_cache=False, **{"max-per-host": 4})
    st = admin(linkbench, "stats")
    assert st["limited"]["rejected"] == 0


def test_accept_and_fragments_on_redirect_targets(linkbench, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(f"[a](http://127.0.0.1:{linkbench}/bot/403/acc)\n"
                   f"[b](http://127.0.0.1:{linkbench}/redirect/302/x#section-1)\n"
                   f"[c](http://127.0.0.1:{linkbench}/redirect/302/y#nope)\n"
                   f"[d](http://127.0.0.1:{linkbench}/bot/challenge)\n", encoding="utf-8")
    res = check(tmp_path, [str(doc)], use_cache=False, accept=["200..299", "403"])
    got = [(f.line, f.rule) for f in res.findings]
    assert got == [(3, "link/missing-fragment")]  # 403 accepted: the bot wall and the challenge too
    res = check(tmp_path, [str(doc)], use_cache=False)
    got = [(f.line, f.rule) for f in res.findings]
    assert got == [(1, "link/unverified"), (3, "link/missing-fragment"), (4, "link/unverified")]
    assert "Cloudflare" in res.findings[2].message


def test_persistent_429_run_budget_and_user_agent(linkbench, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(f"[a](http://127.0.0.1:{linkbench}/status/429/always)\n"
                   f"[b](http://127.0.0.1:{linkbench}/status/503/always)\n"
                   f"[c](http://127.0.0.1:{linkbench}/ok/ua)\n", encoding="utf-8")
    admin(linkbench, "reset")
    res = check(tmp_path, [str(doc)], use_cache=False, retries=1, **{"user-agent": "acme-linkcheck/1.0"})
    got = {f.line: (f.rule, f.message) for f in res.findings}
    assert got[1] == ("link/unverified", "unverified: still rate limited (HTTP 429) after 2 attempts")
    assert got[2] == ("link/broken", "broken link: HTTP 503 Service Unavailable after 2 attempts")
    assert 3 not in got
    st = admin(linkbench, "stats")
    assert st["user_agents"] == {"acme-linkcheck/1.0": 5}
    doc.write_text(f"[slow](http://127.0.0.1:{linkbench}/delay/4000/budget)\n", encoding="utf-8")
    res = check(tmp_path, [str(doc)], use_cache=False, **{"run-timeout": 1.0})
    assert [(f.rule, f.message) for f in res.findings] == [
        ("link/unverified", "unverified: not checked within the run's time budget (run-timeout 1 s)")]


def test_https_and_ca_file(tmp_path, linkbench):
    """TLS through the asyncio backend: the host name is verified; ca-file adds a CA."""
    import shutil
    import ssl

    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    _Redirector.targets = {}
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        port = srv.server_address[1]
        doc = tmp_path / "a.md"
        doc.write_text(f"[a](https://127.0.0.1:{port}/page#x)\n[b](https://127.0.0.1:{port}/page#nope)\n",
                       encoding="utf-8")
        res = check(tmp_path, [str(doc)], use_cache=False)
        assert [f.rule for f in res.findings] == ["link/broken", "link/broken"]
        assert "TLS error" in res.findings[0].message and "certificate verify failed" in res.findings[0].message
        res = check(tmp_path, [str(doc)], use_cache=False, **{"ca-file": str(cert)})
        assert [(f.line, f.rule) for f in res.findings] == [(2, "link/missing-fragment")]
    finally:
        srv.shutdown()
        srv.server_close()


def test_bad_options_are_config_errors(tmp_path):
    from contentguard.config import ConfigError

    for bad in ({"ca-file": "nope.pem"}, {"accept": ["abc"]}, {"exclude": ["("]},
                {"allow-networks": ["not-a-net"]}, {"headers": {"x": "not a table"}}):
        with pytest.raises(ConfigError):
            check(tmp_path, [str(tmp_path)], **bad)
