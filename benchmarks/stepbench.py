"""What the single-step benchmarks share (bench_quotes, bench_times, bench_events): the common
arguments, one-core pinning, articles prepared with the steps before the timed ones, and the
timing loop (a warm-up pass, then the best of N by wall clock and by CPU time)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import marsad.steps  # noqa: F401  (registers the default steps)
from marsad.document import Document
from marsad.errors import InputError
from marsad.ingest import iter_articles
from marsad.pipeline import registered_steps

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"


def parse_args(doc: str | None) -> argparse.Namespace | None:
    """--repeat, --articles, --no-eval; None (after saying why) when the articles are absent."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes after the warm-up (best is reported)")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--no-eval", action="store_true", help="only the throughput")
    args = parser.parse_args()
    if not args.articles.is_file():
        print(f"skipped: {args.articles} is absent (development data beside the repo)", file=sys.stderr)
        return None
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the targets say
    return args


def prepared(articles: Path, before: Sequence[str]) -> list[Document]:
    """Every article of ``articles`` run through the steps ``before`` (not timed)."""
    registry = registered_steps()
    docs: list[Document] = []
    for article in iter_articles([str(articles)]):
        if isinstance(article, InputError):
            continue
        doc = Document(article.text, article.meta)
        for name in before:
            registry[name](doc)
        docs.append(doc)
    return docs


def time_steps(docs: Sequence[Document], steps: Sequence[str], reset: Callable[[Document], None],
               repeat: int) -> tuple[float, float, float]:
    """(best wall seconds, best CPU seconds, warm-up wall seconds) of running ``steps`` over
    ``docs``; ``reset`` puts a document back as it was before the steps (not timed)."""
    registry = registered_steps()
    callables = [registry[name] for name in steps]
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat + 1):
        wall = cpu = 0.0
        for doc in docs:
            reset(doc)
            w0, c0 = time.perf_counter(), time.process_time()
            for step in callables:
                step(doc)
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
        walls.append(wall)
        cpus.append(cpu)
    return min(walls[1:], default=walls[0]), min(cpus[1:], default=cpus[0]), walls[0]
