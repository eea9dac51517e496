"""Cut a few pages out of a real built site into a small test fixture.

    python scripts/cut_built_site.py SITE OUT PAGE [PAGE ...]

Copies ``index.html``, ``404.html``, ``sitemap.xml`` and the given pages (paths inside
SITE) to OUT, dropping what makes a generated page big without adding a kind of link: the
site-wide navigation (MkDocs Material's ``<nav class="md-nav md-nav--primary">``, nested
navs included) and inline ``<svg>`` icons. Everything else, links included, is kept byte
for byte. The fixture's expected link verdicts are then lychee's on OUT itself
(``scripts/lychee_agree.py OUT --write-expected ...``), so links to pages left out are
broken in both tools' eyes.
"""
from __future__ import annotations

import os
import re
import shutil
import sys

_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
_NAV = re.compile(r"<nav\b|</nav\s*>", re.I)


def drop_primary_nav(html: str, marker: str = "md-nav--primary") -> str:
    out, i = [], 0
    while True:
        k = html.find(marker, i)
        if k < 0:
            break
        start = html.rfind("<nav", i, k)
        if start < 0:
            break
        depth, end = 0, len(html)
        for m in _NAV.finditer(html, start):
            depth += 1 if m.group(0).lower().startswith("<nav") else -1
            if depth == 0:
                end = m.end()
                break
        out.append(html[i:start])
        i = end
    out.append(html[i:])
    return "".join(out)


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    site, out, pages = argv[0], argv[1], argv[2:]
    for rel in ["index.html", "404.html", "sitemap.xml", *pages]:
        src = os.path.join(site, rel)
        if not os.path.isfile(src):
            continue
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if rel.endswith(".html"):
            with open(src, encoding="utf-8") as fh:
                html = fh.read()
            with open(dst, "w", encoding="utf-8") as fh:
                fh.write(_SVG.sub("<svg></svg>", drop_primary_nav(html)))
        else:
            shutil.copyfile(src, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
