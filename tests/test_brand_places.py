"""Issue 16, part 4 (brands): a watchlisted name published outside the prose, in
``og:title``, a JSON-LD value or an HTML comment, is found at its raw position."""
from __future__ import annotations

from conftest import write

PACK = """\
watchlist:
  - {name: Rex Thornbury, aliases: ["@rexthornbury"], risk: high, reason: partnership suspended}
competitors:
  - {name: Saffron, case_sensitive: true}
  - {name: Apple}
"""

PAGE = """<html><head>
<meta property="og:title" content="Live with Rex Thornbury tonight">
<meta name="description" content="Apple pie recipes and saffron rice">
<script type="application/ld+json">{"@type": "Event", "performer": {"name": "Rex Thornbury"}}</script>
</head><body>
<!-- booked @rexthornbury via Saffron agency -->
<p>Our spring menu.</p>
<!-- Rex Thornburyfan club is not him -->
</body></html>
"""


def test_watchlisted_names_in_meta_json_ld_and_comments(cg, work):
    write(work.parent / "brands.yaml", PACK)
    write(work / "page.html", PAGE)
    r = cg("check", "--format", "json", "--rules", str(work.parent / "brands.yaml"), "page.html",
           pack_=False, select="brand")
    got = [(f["rule"], f["line"], f["column"], f["end_column"], f["message"].split("' ", 1)[1].split(" (")[0])
           for f in r.findings]
    assert got == [
        ("brand/watchlist", 2, 46, 59, "is on the brand watchlist"),
        ("brand/watchlist", 4, 78, 91, "is on the brand watchlist"),
        ("brand/watchlist", 6, 13, 26, "is on the brand watchlist"),
        ("brand/competitor", 6, 31, 38, "names a competitor"),
    ]
    msgs = [f["message"] for f in r.findings]
    assert msgs[0].endswith("in <meta og:title>: partnership suspended")
    assert "in JSON-LD" in msgs[1] and "in an HTML comment" in msgs[2]
    # look-alikes: "Apple pie" (an ordinary word, no sentence to judge), lower-case "saffron",
    # "Rex Thornburyfan" (a longer word) stay quiet
