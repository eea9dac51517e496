"""Issue 16, part 4 (brands): watchlisted names, competitors and handles written with
Cyrillic or Greek homoglyphs or a right-to-left override are found, through the CLI,
at their exact position in the raw text; ordinary Cyrillic text and a Cyrillic pack
entry written in Cyrillic stay as they were."""
from __future__ import annotations

from conftest import write

PACK = """\
watchlist:
  - {name: Rex Thornbury, aliases: ["@rexthornbury"], risk: high, reason: partnership suspended}
competitors:
  - {name: YouTube}
  - {name: Яндекс}
trademarks:
  - {term: LinkedIn}
"""


def run(cg, work, text: str, name: str = "post.md"):
    write(work.parent / "brands.yaml", PACK)
    write(work / name, text)
    r = cg("check", "--format", "json", "--rules", str(work.parent / "brands.yaml"), name,
           pack_=False, select="brand")
    return [(f["rule"], f["line"], f["column"], f["end_column"]) for f in r.findings]


def test_cyrillic_homoglyphs_in_names_and_handles(cg, work):
    text = ("Watch us on Y\u043eutube today.\n"          # Cyrillic o
            "With Rex Th\u043ernbury live!\n"            # Cyrillic o
            "Follow @r\u0435xth\u043ernbury now.\n"     # Cyrillic e and o
            "Ask R\u0435x Th\u043ernbury.\n")             # Cyrillic е and о
    assert run(cg, work, text) == [
        ("brand/competitor", 1, 13, 20),
        ("brand/watchlist", 2, 6, 19),
        ("brand/watchlist", 3, 8, 21),
        ("brand/watchlist", 4, 5, 18),
    ]


def test_right_to_left_override_inside_a_name(cg, work):
    # shown as "YouTube" and "Rex Thornbury": the override reverses what follows it
    text = "Watch You\u202eebuT\u202c today.\nWith Rex Thorn\u202eyrub\u202c live!\n"
    assert run(cg, work, text) == [("brand/competitor", 1, 7, 15), ("brand/watchlist", 2, 6, 20)]


def test_zero_width_and_bidi_marks_inside_a_name(cg, work):
    text = "With Rex Thorn\u200bbury and Rex\u200e Thornbury.\n"
    assert run(cg, work, text) == [("brand/watchlist", 1, 6, 20), ("brand/watchlist", 1, 25, 39)]


def test_look_alikes_that_must_not_fire(cg, work):
    text = ("\u0420\u0435\u0445 \u0422\u043e\u0440\u043d\u0431\u0443\u0440\u0438 is Russian text.\n"  # Рех Торнбури
            "Yandex spelt \u042f\u043d\u0434\u0435\u043a\u0441 is the entry itself.\n"
            "Youtuber and rexthornburyfan are other words.\n")
    assert run(cg, work, text) == [("brand/competitor", 2, 14, 20)]
