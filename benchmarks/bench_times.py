"""The times step alone (``times.v1``), and with the events step after it: throughput on real
articles, then the times scores on the gold.

Run: .venv/bin/python benchmarks/bench_times.py [--repeat N] [--no-eval]

Reads ../shared/data/articles/saudinewsnet_security_dev.jsonl, prepares every article with the
steps before ``times.v1`` in the default pipeline, then times ``times.v1`` alone on one core
(one warm-up pass, then the best of ``--repeat`` passes), and ``times.v1`` + ``events.v1``
together when the events step is registered. Goals (issue 6): times <= 1 ms/article, times and
events together >= 300 articles/s. Both wall-clock and CPU time (``time.process_time``) are
printed: on a shared machine the CPU time is the steadier figure. Then ``marsad eval times``
on the examples and the packaged time gold (goal: >= 95% of gold times normalised exactly).
Skips with a message when ../shared/data is absent.
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
from marsad.eval.times import evaluate_times, format_report
from marsad.ingest import iter_articles
from marsad.pipeline import Step, registered_steps
from marsad.steps import DEFAULT_PIPELINE

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"
STEP = "times.v1"
NEXT = "events.v1"


def _time(docs: list[Document], steps: list[Step], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` passes of ``steps`` over ``docs`` (after a warm-up)."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat + 1):
        wall = cpu = 0.0
        for doc in docs:
            doc.times = []
            doc.events = []
            doc.meta.warnings = [w for w in doc.meta.warnings if not w.startswith(STEP)]
            w0, c0 = time.perf_counter(), time.process_time()
            for step in steps:
                step(doc)
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
        walls.append(wall)
        cpus.append(cpu)
    return min(walls[1:], default=walls[0]), min(cpus[1:], default=cpus[0])


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
    before = names[: names.index(STEP)] if STEP in names else [n for n in names if n != NEXT]
    docs: list[Document] = []
    for article in iter_articles([str(args.articles)]):
        if isinstance(article, InputError):
            continue
        doc = Document(article.text, article.meta)
        for name in before:
            registry[name](doc)
        docs.append(doc)

    n = len(docs)
    chars = sum(len(d.text) for d in docs) / max(n, 1)
    wall, cpu = _time(docs, [registry[STEP]], args.repeat)
    found = sum(len(d.times) for d in docs)
    print(f"{STEP} alone on {n} articles ({chars:.0f} chars each, {found} times): "
          f"{1000 * wall / n:.2f} ms/article wall ({n / wall:.0f} articles/s), "
          f"{1000 * cpu / n:.2f} ms/article CPU ({n / cpu:.0f} articles/s); goal <= 1 ms/article")
    if NEXT in registry:
        wall, cpu = _time(docs, [registry[STEP], registry[NEXT]], args.repeat)
        print(f"{STEP} + {NEXT}: {n / wall:.0f} articles/s wall, {n / cpu:.0f} articles/s CPU; goal >= 300")
    else:
        print(f"{NEXT} is not registered yet: times alone only")

    if not args.no_eval:
        print()
        print(format_report(evaluate_times(REPO / "examples", "packaged")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
