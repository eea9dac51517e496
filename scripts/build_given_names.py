"""Build src/contentguard/checks/pii/data/given_names.txt from the names-dataset package.

usage: pip install names-dataset wordfreq   (build-time tools only: names-dataset is 55 MB
       and takes ~50 s to load)
       python scripts/build_given_names.py [--rank 1000] [--zipf 4.4] [--out FILE]

names-dataset (Philippe Remy, https://github.com/philipperemy/name-dataset, Apache-2.0 /
MIT per its metadata) lists 727,556 first names with their rank in each of 106 countries.
Loading it takes far too long for a checker (about 50 s, over 1 GB), so the checker ships
a derived list: every first name that ranks within the top ``--rank`` of at least one
country, one token of letters (hyphen and apostrophe allowed), casefolded, accents kept;
written sorted, one a line, with this provenance in the header.

The dataset comes from public profiles, so it holds words people typed as a first name
("The", "You", "Take", "Star"). A name that is also a common English word (wordfreq's Zipf
frequency at least ``--zipf``) is kept only when the dataset gives it one gender at 90% or
more (George, Mark, Grace, Rich stay; The, You, Hope, Cloud go); one at Zipf 6 or more
(Will) goes whatever its gender.
"""
from __future__ import annotations

import argparse
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "contentguard", "checks", "pii", "data", "given_names.txt")
TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rank", type=int, default=1000)
    ap.add_argument("--zipf", type=float, default=4.4)
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    from names_dataset import NameDataset
    from wordfreq import zipf_frequency

    nd = NameDataset()
    names: set[str] = set()
    for name, info in nd.first_names.items():
        ranks = (info or {}).get("rank") or {}
        if not ranks or min(v for v in ranks.values() if v is not None) > args.rank:
            continue
        name = unicodedata.normalize("NFC", name.strip())
        if len(name) < 2 or not TOKEN.fullmatch(name):
            continue
        z = zipf_frequency(name.casefold(), "en")
        decisive = max(((info or {}).get("gender") or {}).values() or [0.0]) >= 0.9
        if z >= 6.0 or (z >= args.zipf and not decisive):
            continue
        names.add(name.casefold())
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(f"# Given names: every first name of names-dataset 3.3 (Philippe Remy, Apache-2.0) that ranks in the\n"
                 f"# top {args.rank} of at least one of its 106 countries, less common English words\n"
                 f"# (wordfreq Zipf >= {args.zipf}) without a clear gender; casefolded, one a line.\n"
                 f"# Built by scripts/build_given_names.py; {len(names)} names.\n")
        for n in sorted(names):
            fh.write(n + "\n")
    print(len(names), "names ->", args.out)


if __name__ == "__main__":
    main()
