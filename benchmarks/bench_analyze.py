"""Throughput of the default pipeline on real articles (../shared/data/articles).

Run: .venv/bin/python benchmarks/bench_analyze.py [--repeat N]
Prints articles/s and words/s for the whole ``analyze`` path (cleaning + every default step)
and for each step alone. Speed goals live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marsad import analyze
from marsad.api import get_pipeline
from marsad.document import Document

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 0
    articles = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    words = sum(len(a["content"].split()) for a in articles)
    analyze(articles[0]["content"])  # warm-up: loads spaCy and compiles patterns once
    start = time.perf_counter()
    docs = []
    for _ in range(args.repeat):
        docs = [analyze(a["content"], title=a["title"], url=a["url"]) for a in articles]
    elapsed = (time.perf_counter() - start) / args.repeat
    print(f"analyze (clean + default pipeline): {len(articles)} articles, {words} words: "
          f"{len(articles) / elapsed:.1f} articles/s, {words / elapsed:,.0f} words/s")
    for step in get_pipeline().steps:
        fresh = [Document(d.text, d.meta) for d in docs]
        start = time.perf_counter()
        for doc in fresh:
            step(doc)
        took = time.perf_counter() - start
        print(f"  step {step.name:<16} {len(fresh) / took:,.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
