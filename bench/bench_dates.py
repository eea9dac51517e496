"""Benchmark of the stale-date check: accuracy on the labelled corpus and throughput.

usage: .venv/bin/python bench/bench_dates.py [--corpus DIR] [--runs 5] [--files 2000]
                                             [--ref-sample 40] [--show N] [--no-gen]

Prints precision/recall/F1 per rule (label kind) and overall on the corpus's stale-date
labels, the findings on its negatives, and the throughput of the date check alone
(documents parsed beforehand; only ``CHECK.check`` is timed) in MB/s of source text,
median of ``--runs`` runs, on the dev corpus and on a generated site of ``--files``
~10 KB Markdown/HTML files (bench/gen_site.py). The reference figure is a naive
``dateparser.search.search_dates`` pass over the same prose (languages named, no
autodetection), on a sample of documents because it is slow.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

META = {"labels.jsonl", "negatives.jsonl", "manifest.json", "README.md", "brand-pack.yaml"}


def make_ctx(today: dt.date):
    """A context selecting every date rule (the engine's make_context when it exists)."""
    try:
        from contentguard.engine import make_context

        return make_context(today=today.isoformat())
    except Exception:
        from contentguard.checks.registry import all_rules
        from contentguard.config import validate
        from contentguard.context import Context
        from contentguard.packs import Packs

        rules = all_rules()
        return Context(config=validate({}, "bench"), today=today, packs=Packs(), rules=rules,
                       selected=set(rules))


def corpus_files(corpus: str) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, name), corpus)
            if rel not in META:
                out.append(rel)
    return out


def load_docs(root: str, rels: list[str]):
    from contentguard.sources import load_file

    docs, size = [], 0
    for rel in rels:
        loaded = load_file(os.path.join(root, rel), rel, 50_000_000)
        docs += loaded.documents
        size += len(loaded.source.encode("utf-8")) if loaded.source else 0
    return docs, size


def run_check(docs, ctx) -> list:
    from contentguard.checks.dates import CHECK

    CHECK.setup(ctx)
    out = []
    for d in docs:
        out += list(CHECK.check(d, ctx))
    return out


def score(corpus: str, findings: list, show: int = 0) -> dict:
    """Match like the corpus's score.py: same file, category, start line, overlapping columns."""
    labels = [json.loads(x) for x in open(os.path.join(corpus, "labels.jsonl"), encoding="utf-8")]
    negs = [json.loads(x) for x in open(os.path.join(corpus, "negatives.jsonl"), encoding="utf-8")]
    labels = [x for x in labels if x["category"] == "stale-date"]
    negs = [x for x in negs if x["category"] == "stale-date"]
    used = set()
    tp = collections.Counter()
    fp = collections.Counter()
    misses, fps, neg_hits = [], [], []
    for f in findings:
        if f.category != "stale-date":
            continue
        hit = None
        for i, lab in enumerate(labels):
            if lab["path"] == f.path and lab["line"] == f.line and \
                    f.column < lab["end_col"] and lab["col"] < f.end_column:
                if i in used:
                    hit = -1
                    continue
                hit = i
                break
        if hit is None:
            fp[f.kind] += 1
            fps.append(f)
            for n in negs:
                if n["path"] == f.path and n["line"] == f.line and \
                        f.column < n["col"] + len(n["text"]) and n["col"] < f.end_column:
                    neg_hits.append((f, n))
                    break
        elif hit >= 0:
            used.add(hit)
            tp[labels[hit]["kind"]] += 1
    total = collections.Counter(x["kind"] for x in labels)
    for i, lab in enumerate(labels):
        if i not in used:
            misses.append(lab)
    rows = {}
    for k in sorted(total):
        rows[k] = _prf(tp[k], fp[k], total[k])
    rows["overall"] = _prf(sum(tp.values()), sum(fp.values()), len(labels))
    if show:
        for lab in misses[:show]:
            print(f"  MISS {lab['path']}:{lab['line']}:{lab['col']} {lab['kind']} {lab['text']!r}")
        for f in fps[:show]:
            print(f"  FP   {f.path}:{f.line}:{f.column} {f.rule} {f.excerpt!r} - {f.message}")
    return {"rows": rows, "negatives_hit": neg_hits, "misses": misses, "fps": fps}


def _prf(tp: int, fp: int, total: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / total if total else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "labels": total, "precision": p, "recall": r, "f1": f1}


def throughput(docs, size: int, ctx, runs: int) -> float:
    from contentguard.checks.dates import CHECK

    CHECK.setup(ctx)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            for _f in CHECK.check(d, ctx):
                pass
        times.append(time.perf_counter() - t0)
    return size / 1e6 / statistics.median(times)


def reference(docs, langs: list[str], sample: int) -> tuple[float, int]:
    """MB/s of a naive search_dates pass over the prose of ``sample`` documents."""
    from dateparser.search import search_dates

    docs = docs[:sample]
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    found = 0
    t0 = time.perf_counter()
    for d in docs:
        r = search_dates(d.text, languages=langs) if d.text.strip() else None
        found += len(r or [])
    return size / 1e6 / (time.perf_counter() - t0), found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpus", "dev"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--ref-sample", type=int, default=40)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--no-gen", action="store_true", help="skip the generated-site throughput")
    a = ap.parse_args(argv)

    corpus = os.path.abspath(a.corpus)
    today = dt.date.fromisoformat(json.load(open(os.path.join(corpus, "manifest.json")))["today"])
    ctx = make_ctx(today)
    cwd = os.getcwd()
    os.chdir(corpus)  # paths relative to the corpus, as the labels have them
    try:
        docs, size = load_docs(corpus, corpus_files(corpus))
        findings = run_check(docs, ctx)
    finally:
        os.chdir(cwd)
    res = score(corpus, findings, a.show)
    print(f"stale-date accuracy on {corpus} (today {today})")
    print(f"  {'rule kind':24} {'tp':>4} {'fp':>4} {'labels':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for k, r in res["rows"].items():
        print(f"  {k:24} {r['tp']:4} {r['fp']:4} {r['labels']:6} {r['precision']:6.3f} "
              f"{r['recall']:6.3f} {r['f1']:6.3f}")
    print(f"  findings on negatives: {len(res['negatives_hit'])}")
    for f, n in res["negatives_hit"]:
        print(f"    {f.path}:{f.line}:{f.column} {f.rule} on {n['text']!r} ({n['why']})")

    langs = ["en", "ar"]
    mbs = throughput(docs, size, ctx, a.runs)
    print(f"throughput, date check alone, dev corpus ({len(docs)} documents, {size / 1e6:.2f} MB): "
          f"{mbs:.2f} MB/s (median of {a.runs})")
    ref, n = reference(docs, langs, a.ref_sample)
    print(f"  reference: naive dateparser search_dates (languages={langs}) on {min(a.ref_sample, len(docs))} "
          f"documents: {ref * 1000:.1f} KB/s, {n} 'dates' found")
    if not a.no_gen:
        from gen_site import generate

        with tempfile.TemporaryDirectory(prefix="cg-bench-dates-") as tmp:
            generate(tmp, files=a.files)
            rels = sorted(os.listdir(tmp))
            gdocs, gsize = load_docs(tmp, rels)
            gmbs = throughput(gdocs, gsize, make_ctx(today), a.runs)
            print(f"throughput, date check alone, generated site ({len(rels)} files, {gsize / 1e6:.1f} MB): "
                  f"{gmbs:.2f} MB/s (median of {a.runs})")
            gref, gn = reference(gdocs, langs, a.ref_sample)
            print(f"  reference: naive dateparser search_dates on {a.ref_sample} generated files: "
                  f"{gref * 1000:.1f} KB/s, {gn} 'dates' found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
