"""The quote step alone (``quotes.v1``): throughput on real articles, and its accuracy on the gold.

Run: .venv/bin/python benchmarks/bench_quotes.py [--repeat N] [--no-eval]

Reads ../shared/data/articles/saudinewsnet_security_dev.jsonl, prepares every article with the
steps before ``quotes.v1`` in the default pipeline (sentences, tokens, NER, entities), then times
``quotes.v1`` alone on one core: one warm-up pass, then the best of ``--repeat`` passes.
The goal (issue 5): at least 500 articles/s. Then scores the step on the examples' gold and on
the real-article gold in benchmarks/gold/quotes/ (``marsad eval quotes``; goals: detection F1
>= 85 with content overlap >= 50%, speaker accuracy >= 85% on matched quotes).
Skips with a message when ../shared/data is absent. The machine may be shared: re-run to
confirm a figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import marsad.steps  # noqa: F401  (registers the default steps)
from marsad.document import Document
from marsad.errors import InputError
from marsad.eval.quotes import evaluate_quotes, format_report
from marsad.ingest import iter_articles
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"
STEP = "quotes.v1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes after the warm-up (best is reported)")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--no-eval", action="store_true", help="only the throughput")
    args = parser.parse_args()
    if not args.articles.is_file():
        print(f"skipped: {args.articles} is absent (development data beside the repo)", file=sys.stderr)
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    registry = registered_steps()
    if STEP not in registry:
        print(f"{STEP} is not registered", file=sys.stderr)
        return 1
    names = list(DEFAULT_PIPELINE)
    before = names[: names.index(STEP)] if STEP in names else names
    docs: list[Document] = []
    for article in iter_articles([str(args.articles)]):
        if isinstance(article, InputError):
            continue
        doc = Document(article.text, article.meta)
        for name in before:
            registry[name](doc)
        docs.append(doc)

    step = registry[STEP]
    passes: list[float] = []
    for _ in range(args.repeat + 1):
        took = 0.0
        for doc in docs:
            doc.quotes = []
            start = time.perf_counter()
            step(doc)
            took += time.perf_counter() - start
        passes.append(took)
    best = min(passes[1:], default=passes[0])
    found = sum(len(d.quotes) for d in docs)
    chars = sum(len(d.text) for d in docs)
    print(f"{STEP} alone on {len(docs)} articles ({chars / len(docs):.0f} chars each, {found} quotes): "
          f"{len(docs) / best:.0f} articles/s (best of {args.repeat}; warm-up {len(docs) / passes[0]:.0f}/s); "
          "goal >= 500")

    if not args.no_eval:
        for gold in (REPO / "examples", REPO / "benchmarks" / "gold" / "quotes"):
            print(f"\n== {gold.relative_to(REPO)}")
            print(format_report(evaluate_quotes(gold, articles=args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
