"""The two readers of a Markdown body make the same Document (the proof for sources/mdrs.py).

:func:`compare` reads one file with the fast path (markdown-it-pyrs, where its gate lets
the file through and it can vouch for the result) and with markdown-it-py, and returns
which route the fast path took and the first field in which the Documents differ (None
when they are equal): text, every character's raw start and end, segments and scopes,
links (URL, start, end, element), front matter, anchors, headings with levels, code spans.

    python tests/mdcompare.py [DIR ...] [--spec FILE ...] [--generated N] [--show N]

reads every ``.md``/``.markdown`` file under the folders, the examples of the spec files
and N generated documents, and prints the count compared per route, the share of files and
bytes the fast path read, the fallback reasons and every difference.
"""
from __future__ import annotations

import os
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from contentguard.lineindex import LineIndex  # noqa: E402
from contentguard.sources.markdown import parse_markdown  # noqa: E402


def fields(doc) -> dict:
    return {
        "text": doc.text, "starts": list(doc.starts or []), "ends": list(doc.ends or []),
        "segments": doc.segments, "links": doc.links,
        "meta": [(m.key, m.value, m.start, m.end, m.origin) for m in doc.meta],
        "anchors": doc.anchors, "headings": [(h[0], h[1], h.level) for h in doc.headings],
        "code": doc.code, "code_text": doc.code_text, "lang": doc.lang,
    }


def compare(text: str, path: str = "x.md") -> tuple[str, str | None]:
    """(route of the fast path, first differing field with both values, or None)."""
    route: list = []
    fast, n1 = parse_markdown(path, text, LineIndex(text), fast=True, route=route)
    slow, n2 = parse_markdown(path, text, LineIndex(text), fast=False)
    a, b = fields(fast[0]), fields(slow[0])
    for k in a:
        if a[k] != b[k]:
            return route[0], _diff(k, a[k], b[k])
    if n1 != n2:
        return route[0], f"notices: {n1!r} != {n2!r}"
    return route[0], None


def _diff(k, x, y) -> str:
    if isinstance(x, (list, str)) and isinstance(y, (list, str)):
        i = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        return f"{k} at {i}: fast {x[i:i + 3]!r} ... slow {y[i:i + 3]!r} (lengths {len(x)}, {len(y)})"
    if isinstance(x, set):
        return f"{k}: fast only {sorted(x - y)[:5]}, slow only {sorted(y - x)[:5]}"
    return f"{k}: fast {x!r} slow {y!r}"


def generated(n: int, seed: int) -> list[str]:
    """Short documents dense in what block and inline rules react to (tabs and carriage
    returns left out: the gate sends those to markdown-it-py)."""
    rnd = random.Random(seed)
    atoms = ["[", "]", "(", ")", "<", ">", "!", "^", "\\", "`", "``", "*", "_", "~~", "&amp;", "&#42;",
             "&", ":", "-", "+", "=", "{", "}", "#", "$", "%", "@", " ", "  ", "\n", "\n\n", "a", "b c",
             "http://x.org/p", "www.e.org", "x@y.org", "[^1]", "[^1]: f", "](u)", "](<u v>)", "](/ü é)",
             "](u \"t\")", "[r]: /d", "[r]", "<b>", "</b>", "<!-- c -->", "> ", "- ", "1. ", "| a | b |\n|---|---|\n",
             "# ", "## x {#id}", "    ", "```\n", "\u00e9", "\U0001f600", "- [ ] ", "* [X]\n", "[ ]", "Term\n: d\n",
             "<a href=\"/h\">", "<pre>", "</pre>", "\n===\n", "<http://a.b/c>", "<m@x.org>"]
    return ["".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


def files(dirs: list[str]):
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = sorted(x for x in subdirs if not x.startswith(".") and x != "node_modules")
            for f in sorted(names):
                if f.lower().endswith((".md", ".markdown")):
                    p = os.path.join(root, f)
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        yield p, fh.read()


def main(argv: list[str]) -> int:
    import mdspec

    dirs, specs, gen, show = [], [], 0, 20
    it = iter(argv)
    for a in it:
        if a == "--spec":
            specs.append(next(it))
        elif a == "--generated":
            gen = int(next(it))
        elif a == "--show":
            show = int(next(it))
        else:
            dirs.append(a)
    inputs = list(files(dirs))
    for s in specs:
        inputs += [(f"{s}#{ex.number}", ex.markdown) for ex in mdspec.examples(s)]
    inputs += [(f"generated#{i}", t) for i, t in enumerate(generated(gen, 7))]
    routes, size, why, diffs = Counter(), Counter(), Counter(), []
    for p, text in inputs:
        route, diff = compare(text, p)
        kind = route.split(":")[0]
        routes[kind] += 1
        size[kind] += len(text.encode("utf-8"))
        if kind == "fallback":
            why[route.split(": ", 1)[1]] += 1
        if diff:
            diffs.append((p, route, diff))
    total, total_b = sum(routes.values()), sum(size.values())
    print(f"{total} inputs, {total_b / 1e6:.2f} MB compared")
    for k in ("pyrs", "fallback", "markdown-it-py"):
        print(f"  {k:15} {routes[k]:6} inputs ({routes[k] / max(total, 1):6.1%}), "
              f"{size[k] / 1e6:6.2f} MB ({size[k] / max(total_b, 1):6.1%})")
    for r, n in why.most_common(15):
        print(f"  fallback {n:5}  {r}")
    print(f"{len(diffs)} differ")
    for p, route, d in diffs[:show]:
        print(f"  {p} [{route}]: {d}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
