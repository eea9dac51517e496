"""A finding's message and the source line printed under it mask a personal value the
same way: the line (which keeps the value's length, so carets line up) shows no part of
the value that the message hides, for the finding itself and for any other finding on
the same line. Before, a card showed its last four digits in the message and its first
digit in the line, so the two together revealed five."""
from __future__ import annotations

from conftest import write

LINE = "Contact jane.doe@gmail.com or card 4916 3381 2273 9419 from ip 81.2.69.160 by 1 March 2020."


def shown(out: str) -> list[tuple[str, str]]:
    """(finding line, source line under it) of each finding in the text output."""
    lines = out.splitlines()
    return [(lines[i], lines[i + 1]) for i in range(len(lines) - 1)
            if lines[i].startswith("a.txt:")]


def test_line_masks_each_value_as_its_message_does(cg, work):
    write(work / "a.txt", LINE + "\n")
    r = cg("check", "a.txt", "--today", "2026-12-06", pack_=False, select="pii,date")
    got = shown(r.out)
    heads = [h for h, _ in got]
    # the findings and their exact positions
    assert any(h.startswith("a.txt:1:9: error pii/email") and "j***@g***.com" in h for h in heads)
    assert any(h.startswith("a.txt:1:36: error pii/payment-card") and "•••• •••• •••• 9419" in h for h in heads)
    assert any(h.startswith("a.txt:1:64: warning pii/ip-address") and "81.•••.•••.•••" in h for h in heads)
    want = "  Contact j•••••••@g••••.com or card •••• •••• •••• 9419 from ip 81.•.••.••• by 1 March 2020."
    for head, src in got:  # the same masked line under every finding, the date's included
        assert src == want, (head, src)
    assert any("date/" in h for h in heads)  # a finding of another check sees it masked too
    for clear in ("jane", "doe", "gmail", "4916", "3381", "2273", ".2.69.160"):
        assert clear not in r.out


def test_a_value_the_message_does_not_show_stays_hidden(cg, work):
    # look-alikes: an example address and a test card are no findings, and stay as written
    write(work / "a.txt", "Write to jane@example.com, test card 4111 1111 1111 1111, by 1 March 2020.\n")
    r = cg("check", "a.txt", "--today", "2026-12-06", pack_=False, select="pii,date")
    got = shown(r.out)
    assert got and all(not h.split(" ")[2].startswith("pii/") for h, _ in got)
    assert got[0][1] == "  Write to jane@example.com, test card 4111 1111 1111 1111, by 1 March 2020."
