"""The times and events steps (``times.v1`` + ``events.v1``): throughput on real articles, and
the events' accuracy on the gold.

Run: .venv/bin/python benchmarks/bench_events.py [--repeat N] [--no-eval]

Reads ../shared/data/articles/saudinewsnet_security_dev.jsonl, prepares every article with the
steps before them in the default pipeline (sentences, tokens, NER, entities, quotes), then times
``times.v1`` and ``events.v1`` together (and ``events.v1`` alone) on one core: one warm-up pass,
then the best of ``--repeat`` passes. The goal (issue 6): at least 300 articles/s for both steps.
Then scores the events (``marsad eval events``) on the event sentences (type recall >= 85%, source
match >= 60%, target match >= 50%), the examples' gold and the real-article gold in
benchmarks/gold/events/ (event F1 >= 75, modality >= 85%, reference >= 90%, dead/injured exact
>= 90% where stated). Skips with a message when ../shared/data is absent. The machine may be
shared: re-run to confirm a figure; the CPU-time figure is the one that a busy machine distorts least.
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
from marsad.eval.events import DEFAULT_SENTENCES, evaluate_events, format_report
from marsad.ingest import iter_articles
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"
TIMED = ("times.v1", "events.v1")


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
    names = list(DEFAULT_PIPELINE)
    timed = [name for name in TIMED if name in registry]
    if "events.v1" not in timed:
        print("events.v1 is not registered", file=sys.stderr)
        return 1
    before = [name for name in names if name not in timed]
    docs: list[Document] = []
    for article in iter_articles([str(args.articles)]):
        if isinstance(article, InputError):
            continue
        doc = Document(article.text, article.meta)
        for name in before:
            registry[name](doc)
        docs.append(doc)

    for label, steps in ((" + ".join(timed), timed), ("events.v1 alone", ["events.v1"])):
        passes: list[float] = []
        cpu: list[float] = []
        for _ in range(args.repeat + 1):
            took = 0.0
            cpu_start = time.process_time()
            for doc in docs:
                doc.events = []
                if len(steps) > 1:
                    doc.times = []
                start = time.perf_counter()
                for name in steps:
                    registry[name](doc)
                took += time.perf_counter() - start
            cpu.append(time.process_time() - cpu_start)
            passes.append(took)
        best = min(passes[1:], default=passes[0])
        best_cpu = min(cpu[1:], default=cpu[0])
        found = sum(len(d.events) for d in docs)
        chars = sum(len(d.text) for d in docs)
        print(f"{label} on {len(docs)} articles ({chars / len(docs):.0f} chars each, {found} events): "
              f"{len(docs) / best:.0f} articles/s wall, {len(docs) / best_cpu:.0f}/s by CPU time (best of "
              f"{args.repeat}; warm-up {len(docs) / passes[0]:.0f}/s); goal >= 300")

    if not args.no_eval:
        for gold in (DEFAULT_SENTENCES, REPO / "examples", REPO / "benchmarks" / "gold" / "events"):
            if not gold.exists():
                continue
            print(f"\n== {gold.name}")
            print(format_report(evaluate_events(gold, articles=args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
