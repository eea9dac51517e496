"""Add the lines that matter to judged link findings of a real site (dev-only).

Input: JSON lines of decisions ``{"site","path","line","col","url","rule","verdict","why"}``
(``path`` relative to the site's folder under ``--sites``). Output: the same records with
``files``: {path: {line number: text}} (a line already given by an earlier record of the
site is left out: the replay merges a site's records into one tree) holding what the replay test
(``tests/test_realsites_links.py``) needs to rebuild a minimal tree: the generator's config
(first record of a site only), the front matter and the line of the link, and the target
page's front matter, heading, attribute-list and include lines (and the included files').

    python scripts/realsite_link_records.py --sites /work/realsites decisions.jsonl > out.jsonl
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from contentguard import sites  # noqa: E402
from contentguard.checks._links import site as site_links  # noqa: E402
from contentguard.checks._links.classify import classify  # noqa: E402
from contentguard.checks._links.local import LocalResolver  # noqa: E402

KEEP = re.compile(r"^\s{0,3}(#{1,6}\s|\{:|-{3,}\s*$|={3,}\s*$)|\{%-?\s*include|<%=?\s*partial|<h[1-6]|\bid=|\bname=")


FENCE = re.compile(r"^\s*(```|~~~)")


def lines_of(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read().split("\n")


def front(lines: list[str]) -> dict[int, str]:
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}
    out = {1: lines[0]}
    for i in range(1, min(len(lines), 200)):
        out[i + 1] = lines[i]
        if lines[i].strip() == lines[0].strip():
            break
    return out


def block(ls: list[str], line: int) -> dict[int, str]:
    """The block the link's line is in (a link's text may start lines before; an indented
    list item needs its list): back to an unindented line after a blank one, on to the next
    blank line, at most 60 lines each way; and for a reference definition, the lines that use it."""
    i = line - 1
    a = i
    while a > 0 and i - a < 60:
        prev, cur = ls[a - 1], ls[a]
        if not prev.strip() and cur.strip() and not cur[:1].isspace():
            break
        a -= 1
    b = i
    while b + 1 < len(ls) and ls[b + 1].strip() and b - i < 60:
        b += 1
    fences = sum(1 for n in range(a, b + 1) if FENCE.match(ls[n]))
    while fences % 2 and b + 1 < len(ls) and b - i < 400:  # a code block opened here ends here too
        b += 1
        fences += bool(FENCE.match(ls[b]))
    out = {n + 1: ls[n] for n in range(a, b + 1)}
    m = re.match(r"^\s{0,3}\[([^\]]+)\]:", ls[i])
    if m:
        label = m.group(1).lower()
        for n, t in enumerate(ls):
            if n != i and f"[{label}]" in t.lower():
                out.update(block(ls, n + 1) if n + 1 not in out else {})
                break
    return out


def skeleton(path: str) -> dict[int, str]:
    """Front matter, headings (with a setext underline's text line), attribute lists, includes."""
    ls = lines_of(path)
    out = front(ls)
    fenced = False
    for i, t in enumerate(ls):
        if FENCE.match(t):
            fenced = not fenced
            continue
        if fenced or i + 1 <= len(out):
            continue
        if KEEP.search(t) and i + 1 not in out:
            out[i + 1] = t
            if re.match(r"^\s{0,3}(-{3,}|={3,})\s*$", t) and i > 0:
                out[i] = ls[i - 1]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", required=True)
    ap.add_argument("decisions")
    a = ap.parse_args()
    seen_config: set[str] = set()
    resolvers: dict[str, tuple] = {}
    done: dict[str, set] = {}
    for raw in open(a.decisions, encoding="utf-8"):
        if not raw.strip():
            continue
        rec = json.loads(raw)
        folder = os.path.join(a.sites, rec["site"])
        if rec["site"] not in resolvers:
            site = sites.detect([folder])
            sres = site_links.SiteResolver(site) if site is not None and sites.get(site.profile) else None
            local = LocalResolver(site_root=None, index_files=["index.html", "index.htm", "index.md", "README.md"],
                                  markdown_html=False, fallback_extensions=[], known_anchors={})
            resolvers[rec["site"]] = (site, sres, local)
        site, sres, local = resolvers[rec["site"]]
        files: dict[str, dict[int, str]] = {}
        if site is not None and site.config and rec["site"] not in seen_config:
            seen_config.add(rec["site"])
            files[os.path.relpath(site.config, folder)] = dict(enumerate(lines_of(site.config), 1))
        src = os.path.join(folder, rec["path"])
        ls = lines_of(src)
        files[rec["path"]] = {**front(ls), **block(ls, rec["line"])}
        k = classify((sres.own_url(rec["url"]) if sres is not None else None) or rec["url"])
        target = None
        if sres is not None and k.kind == "local" and sres.covers(os.path.abspath(src)):
            _v, target = site_links.resolve(sres, local, os.path.abspath(src), k.url, k.fragment)
        if target is None and sres is not None and rec["url"].startswith("{%"):
            m = re.search(r"\{%-?\s*link\s+(\S+)", rec["url"])
            target = sres.source_path(m.group(1)) if m else None
        if target is None and k.kind == "local" and not k.url.startswith("/"):
            cand = os.path.normpath(os.path.join(os.path.dirname(src), k.url))
            target = cand if os.path.isfile(cand) else None
        if target is not None and os.path.isfile(target):
            rel = os.path.relpath(target, folder)
            files[rel] = {**files.get(rel, {}), **(skeleton(target) if rec["rule"] == "link/missing-fragment"
                                                  else front(lines_of(target)))}
            if rec["rule"] == "link/missing-fragment" and sres is not None:
                for inc in (getattr(sres.profile, "includes", lambda *x: [])(sres.site, target,
                                                                             "\n".join(lines_of(target))) or []):
                    if os.path.isfile(inc):
                        files[os.path.relpath(inc, folder)] = skeleton(inc)
        # a line an earlier record of the site holds is not repeated (the replay merges them)
        emitted = done.setdefault(rec["site"], set())
        rec["files"] = {p: {str(n): t for n, t in sorted(v.items()) if (p, n) not in emitted}
                        for p, v in files.items()}
        # a file with no line to keep (an image, a page without front matter) is still there
        rec["files"] = {p: v for p, v in rec["files"].items() if v or (p, 0) not in emitted}
        emitted.update((p, n) for p, v in files.items() for n in (*v, 0))
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main()
