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

import sys

from stepbench import REPO, parse_args, prepared, time_steps

from marsad.document import Document
from marsad.eval.quotes import evaluate_quotes, format_report
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

STEP = "quotes.v1"


def _reset(doc: Document) -> None:
    doc.quotes = []


def main() -> int:
    args = parse_args(__doc__)
    if args is None:
        return 0
    if STEP not in registered_steps():
        print(f"{STEP} is not registered", file=sys.stderr)
        return 1
    names = list(DEFAULT_PIPELINE)
    docs = prepared(args.articles, names[: names.index(STEP)] if STEP in names else names)
    wall, cpu, warm = time_steps(docs, [STEP], _reset, args.repeat)
    found = sum(len(d.quotes) for d in docs)
    chars = sum(len(d.text) for d in docs)
    print(f"{STEP} alone on {len(docs)} articles ({chars / len(docs):.0f} chars each, {found} quotes): "
          f"{len(docs) / wall:.0f} articles/s (best of {args.repeat}; warm-up {len(docs) / warm:.0f}/s; "
          f"{len(docs) / cpu:.0f}/s by CPU time); goal >= 500")

    if not args.no_eval:
        for gold in (REPO / "examples", REPO / "benchmarks" / "gold" / "quotes"):
            print(f"\n== {gold.relative_to(REPO)}")
            print(format_report(evaluate_quotes(gold, articles=args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
