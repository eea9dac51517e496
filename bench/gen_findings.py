"""Files with many findings per file, in each input kind contentguard reads, for
bench/bench_manyfindings.py and tests/test_manyfindings.py.

Each row holds four findings a real editor would act on (an e-mail address, a payment
card, an IP address and an offer that ended on 1 March 2024) and one look-alike that must
not fire (a 16-digit order number that fails the card checksum). ``rows(n)`` is the same
text in every kind, so the kinds can be compared and positions computed independently.
"""
from __future__ import annotations

import json

ROW = ("Contact jane.doe{i}@gmail.com or card 4916 3381 2273 9419, ip 81.2.69.{ip}, "
       "offer ends 1 March 2024. Order 4916 3381 2273 9418.")
#: findings per row with ``--select pii,date`` (e-mail, card, IP, stale date)
PER_ROW = 4
KINDS = ("txt", "html", "md", "yaml", "csv", "json")


def row(i: int) -> str:
    return ROW.format(i=i, ip=i % 250)


def make(kind: str, n: int) -> str:
    """``n`` rows as a file of ``kind`` (its extension)."""
    rows = [row(i) for i in range(n)]
    if kind == "txt":
        return "".join(f'<div class="card"><p>{r}</p></div>\n' for r in rows)
    if kind == "html":
        return ("<!DOCTYPE html>\n<html><head><title>Offers</title></head><body>\n"
                + "".join(f'<div class="card"><p>{r}</p></div>\n' for r in rows) + "</body></html>\n")
    if kind == "md":
        return "---\ntitle: Offers\n---\n\n" + "".join(f"- {r}\n" for r in rows)
    if kind == "yaml":
        return "posts:\n" + "".join(f'  - id: p{i}\n    scheduled_at: 2027-03-10T09:00:00Z\n    text: "{r}"\n'
                                    for i, r in enumerate(rows))
    if kind == "csv":
        return "scheduled_at,network,message\n" + "".join(f'2027-03-10 09:00,x,"{r}"\n' for r in rows)
    if kind == "json":
        return json.dumps({"posts": [{"id": f"p{i}", "scheduled_at": "2027-03-10T09:00:00Z", "text": r}
                                     for i, r in enumerate(rows)]}, indent=1) + "\n"
    raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


#: a config beside the file: a 32,000-row file is over the default 5 MB max-file-size, and
#: on a busy machine over the default 60 s max-file-seconds (which would stop it part-way)
PYPROJECT = "[tool.contentguard]\nmax-file-size = 100000000\nmax-file-seconds = 0\n"


GIVEN = ("Mary", "James", "Linda", "Robert", "Patricia", "Michael", "Barbara", "William", "Susan", "David",
         "Jessica", "Richard", "Sarah", "Joseph", "Karen", "Thomas", "Nancy", "Daniel", "Lisa", "Matthew")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
            "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke")


def person(i: int) -> str:
    """400 different full names, then again."""
    return f"{GIVEN[i % 20]} {SURNAMES[(i // 20) % 20]}"


def casework(n: int) -> str:
    """``n`` casework notes as text, a paragraph each: one private person tied to a health
    matter (a pii/person-name finding, with the spaCy model) and one member of staff in a
    work field, who is not reported."""
    return "".join(f"Ticket {i}: {person(i)} called about her diabetes diagnosis. "
                   f"Handled by: {person(i + 7)}\n\n" for i in range(n))
