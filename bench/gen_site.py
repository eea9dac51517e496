"""Generate a synthetic site of Markdown and HTML files (~10 KB each) for benchmarks.

Deterministic (seeded): ordinary prose with a sprinkling of dates, addresses, numbers,
links and brand-like words, so every check has something to look at.

    python bench/gen_site.py OUT_DIR [--files 2000] [--kb 10]
"""
from __future__ import annotations

import argparse
import os
import random

WORDS = ("the our team new store customers service order delivery product offer season "
         "community update event city council people page share support help garden winter "
         "summer open visit local free learn more about with from into every week today "
         "together quality fresh design trust care friends family green quick simple").split()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SENTENCES = [
    "Join us on {d} {m} {y} for our open evening at the Market Hall.",
    "Offer ends {d} {m} {y} while stocks last.",
    "Last updated {d} {m} {y}.",
    "In {y} we opened our first shop on the high street.",
    "Call us on 0800 123 4567 or write to info@example.org for help.",
    "Read the guide at https://example.org/guide/{d} before you order.",
    "Version {d}.{y} of the app is out now, priced at £{d}.99.",
    "Our founder started the company in {y} with two people and a van.",
    "Applications close on {d}/{mm}/{y}; see the FAQ for details.",
]


def paragraph(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n_words)]
    words[0] = words[0].capitalize()
    out = " ".join(words) + ". "
    if rng.random() < 0.6:
        s = rng.choice(SENTENCES)
        out += s.format(d=rng.randint(1, 28), m=rng.choice(MONTHS), y=rng.randint(2015, 2028),
                        mm=f"{rng.randint(1, 12):02d}")
    return out


def make_file(rng: random.Random, i: int, kb: int) -> tuple[str, str]:
    target = kb * 1024
    if i % 2:
        parts = [f"---\ntitle: Page {i}\ndate: 2025-0{1 + i % 9}-1{i % 9}\nlastmod: 202{i % 6}-03-04\n---\n\n# Page {i}\n"]
        size = len(parts[0])
        while size < target:
            p = paragraph(rng, rng.randint(30, 80))
            if rng.random() < 0.2:
                p += f" See [the next page](page-{i + 1}.md) and `code {i}`."
            parts.append(p + "\n\n")
            size += len(parts[-1])
        return f"page-{i}.md", "".join(parts)
    head = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><title>Page {i}</title>"
            f"<meta property=\"article:modified_time\" content=\"2024-0{1 + i % 9}-10\"></head>\n<body>\n"
            f"<nav><a href=\"index.html\">Home</a> &middot; <a href=\"page-{i + 1}.md\">Next</a></nav>\n<main>\n")
    parts = [head]
    size = len(head)
    while size < target:
        p = paragraph(rng, rng.randint(30, 80)).replace("&", "&amp;")
        parts.append(f"<p>{p}</p>\n")
        size += len(parts[-1])
    parts.append(f"<footer>&copy; {2018 + i % 9} Example Ltd</footer>\n</main></body></html>\n")
    return f"page-{i}.html", "".join(parts)


def generate(out: str, files: int = 2000, kb: int = 10, seed: int = 7) -> str:
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(files):
        name, text = make_file(rng, i, kb)
        with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--kb", type=int, default=10)
    a = ap.parse_args()
    generate(a.out, a.files, a.kb)
    print(f"wrote {a.files} files to {a.out}")
