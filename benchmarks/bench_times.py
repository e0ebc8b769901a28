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

import sys

from stepbench import REPO, parse_args, prepared, time_steps

from marsad.document import Document
from marsad.eval.times import evaluate_times, format_report
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

STEP = "times.v1"
NEXT = "events.v1"


def _reset(doc: Document) -> None:
    doc.times = []
    doc.events = []
    doc.meta.warnings = [w for w in doc.meta.warnings if not w.startswith(STEP)]


def main() -> int:
    args = parse_args(__doc__)
    if args is None:
        return 0
    registry = registered_steps()
    names = list(DEFAULT_PIPELINE)
    before = names[: names.index(STEP)] if STEP in names else [n for n in names if n != NEXT]
    docs = prepared(args.articles, before)
    n = len(docs)
    chars = sum(len(d.text) for d in docs) / max(n, 1)
    wall, cpu, _ = time_steps(docs, [STEP], _reset, args.repeat)
    found = sum(len(d.times) for d in docs)
    print(f"{STEP} alone on {n} articles ({chars:.0f} chars each, {found} times): "
          f"{1000 * wall / n:.2f} ms/article wall ({n / wall:.0f} articles/s), "
          f"{1000 * cpu / n:.2f} ms/article CPU ({n / cpu:.0f} articles/s); goal <= 1 ms/article")
    if NEXT in registry:
        wall, cpu, _ = time_steps(docs, [STEP, NEXT], _reset, args.repeat)
        print(f"{STEP} + {NEXT}: {n / wall:.0f} articles/s wall, {n / cpu:.0f} articles/s CPU; goal >= 300")
    else:
        print(f"{NEXT} is not registered yet: times alone only")

    if not args.no_eval:
        print()
        print(format_report(evaluate_times(REPO / "examples", "packaged")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
