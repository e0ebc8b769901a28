"""The committed NER model: dev scores, tagging speed on real articles, memory.

Run: .venv/bin/python benchmarks/bench_ner.py [--repeat N] [--compare]

Prints exact-span P/R/F1 per type on the dev part (the last 10% of sentences) of
../shared/data/anercorp/train.conll, tagging throughput in articles/s on one core over
../shared/data/articles/saudinewsnet_security_dev.jsonl (tokens and sentences made beforehand,
as the pipeline's earlier steps would), and the peak RSS once the model is loaded.
``--compare`` also retrains the runner-up (spaCy's NER, a few minutes) into a temporary folder
and scores it the same way. Skips with a message when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.arabic import split_sentences, tokenize
from marsad.document import Document
from marsad.eval.ner import evaluate_ner, format_report
from marsad.extract.ner import NerTagger, train_ner
from marsad.extract.ner.tagger import MODEL_DIR

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CONLL = SHARED / "anercorp" / "train.conll"
ARTICLES = SHARED / "articles" / "saudinewsnet_security_dev.jsonl"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the articles (best is reported)")
    parser.add_argument("--compare", action="store_true", help="also retrain and score the spaCy runner-up")
    parser.add_argument("--conll", type=Path, default=CONLL)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.conll.is_file() or not args.articles.is_file():
        print(f"skipped: {args.conll} or {args.articles} is absent (development data beside the repo)",
              file=sys.stderr)
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    tagger = NerTagger.load()
    load_seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    print(f"model: {MODEL_DIR} ({size / 1e6:.2f} MB on disk), loaded in {load_seconds:.2f} s "
          f"(lexicon included); peak RSS {rss_before:.0f} MB before, {_peak_rss_mb():.0f} MB after loading")

    print(format_report(evaluate_ner(args.conll, tagger, dev_only=True), title="CRF (committed) dev"))

    articles = [json.loads(line) for line in args.articles.open(encoding="utf-8") if line.strip()]
    docs = []
    for article in articles:
        doc = Document(article["content"])
        doc.sentences = split_sentences(doc.text)
        doc.tokens = tokenize(doc.text)
        docs.append(doc)
    words = sum(len(d.text.split()) for d in docs)
    for doc in docs:  # warm-up: fills the per-word caches once, as a long-running process would
        tagger.tag(doc)
    best = float("inf")
    mentions = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        mentions = sum(len(tagger.tag(doc)) for doc in docs)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    cold = NerTagger.load(MODEL_DIR)  # a fresh instance: empty caches
    for doc in docs:
        cold.tag(doc)
    cold_seconds = time.perf_counter() - start
    print(f"tagging {len(docs)} articles ({words / len(docs):.0f} words each), one core: "
          f"{len(docs) / best:,.0f} articles/s warm ({words / best:,.0f} words/s, {mentions} mentions), "
          f"{len(docs) / cold_seconds:,.0f} articles/s from a fresh instance (model load included)")
    print(f"peak RSS after tagging: {_peak_rss_mb():.0f} MB")

    if args.compare:
        with tempfile.TemporaryDirectory() as tmp:
            record = train_ner(args.conll, Path(tmp) / "spacy", approach="spacy", log=None)
            o = record["dev"]["overall"]
            print(f"spaCy runner-up ({record['training']['epochs']} epochs, {record['training']['seconds']:.0f} s): "
                  f"dev PER/LOC/ORG P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}")
            for name, s in record["dev"]["types"].items():
                print(f"  {name:<5} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
