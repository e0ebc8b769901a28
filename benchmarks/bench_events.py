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

import sys

from stepbench import REPO, parse_args, prepared, time_steps

from marsad.document import Document
from marsad.eval.events import DEFAULT_SENTENCES, evaluate_events, format_report
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

TIMED = ("times.v1", "events.v1")


def main() -> int:
    args = parse_args(__doc__)
    if args is None:
        return 0
    registry = registered_steps()
    timed = [name for name in TIMED if name in registry]
    if "events.v1" not in timed:
        print("events.v1 is not registered", file=sys.stderr)
        return 1
    docs = prepared(args.articles, [name for name in DEFAULT_PIPELINE if name not in timed])

    for label, steps in ((" + ".join(timed), timed), ("events.v1 alone", ["events.v1"])):
        def reset(doc: Document, steps: list[str] = steps) -> None:
            doc.events = []
            if len(steps) > 1:
                doc.times = []

        wall, cpu, warm = time_steps(docs, steps, reset, args.repeat)
        found = sum(len(d.events) for d in docs)
        chars = sum(len(d.text) for d in docs)
        print(f"{label} on {len(docs)} articles ({chars / len(docs):.0f} chars each, {found} events): "
              f"{len(docs) / wall:.0f} articles/s wall, {len(docs) / cpu:.0f}/s by CPU time (best of "
              f"{args.repeat}; warm-up {len(docs) / warm:.0f}/s); goal >= 300")

    if not args.no_eval:
        for gold in (DEFAULT_SENTENCES, REPO / "examples", REPO / "benchmarks" / "gold" / "events"):
            if not gold.exists():
                continue
            print(f"\n== {gold.name}")
            print(format_report(evaluate_events(gold, articles=args.articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
