"""The entity steps alone (kb.v1, patterns.v1, entities.v1): throughput on real articles, memory.

Run: .venv/bin/python benchmarks/bench_entities.py [--repeat N]

Reads ../shared/data/articles/saudinewsnet_security_dev.jsonl, prepares every article as the
pipeline would (``article_from_text``, then ``sentences.v1``, ``tokens.v1`` and ``ner.v1``), and
times, on one core, ``kb.v1``, ``patterns.v1`` and ``entities.v1`` each alone and the three
together: one warm-up pass (its speed is printed too: the per-word caches start empty there),
then the best of ``--repeat`` passes. ``ner.v1`` alone is timed the same way for reference. The
warm passes find every name already romanized (``name_en`` of the entities the KB lacks comes
from ``marsad.arabic.romanize``, a model cached by name): one more ``entities.v1`` pass with that
cache emptied shows the speed on articles whose names are all new. Also prints the peak RSS once
the NER model and the knowledge base are loaded, and at the end.
The goal (issue): at least 200 articles/s for the three entity steps together, and a loaded
model plus knowledge base under 500 MB. The machine may be shared: re-run to confirm a figure.
Skips with a message when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from marsad.arabic.romanize import romanize
from marsad.document import Document, Mention
from marsad.extract.entities import _kb
from marsad.ingest import article_from_text
from marsad.pipeline import Step, registered_steps

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ARTICLES = SHARED / "articles" / "saudinewsnet_security_dev.jsonl"
ENTITY_STEPS = ("kb.v1", "patterns.v1", "entities.v1")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _time(docs: Sequence[Document], reset: Callable[[Document], None], steps: Sequence[Step], repeat: int
          ) -> tuple[float, float]:
    """(seconds of the first pass, best seconds of ``repeat`` passes; inf for none) running
    ``steps`` over ``docs``; ``reset`` puts each document back as it was before the steps (not timed)."""
    passes: list[float] = []
    for _ in range(repeat + 1):
        for doc in docs:
            reset(doc)
        took = 0.0
        for doc in docs:
            start = time.perf_counter()
            for step in steps:
                step(doc)
            took += time.perf_counter() - start
        passes.append(took)
    return passes[0], min(passes[1:], default=float("inf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes after the warm-up (best is reported)")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args()
    if not args.articles.is_file():
        print(f"skipped: {args.articles} is absent (development data beside the repo)", file=sys.stderr)
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    registry = registered_steps()
    prepare = [registry[name] for name in ("sentences.v1", "tokens.v1", "ner.v1")]
    ner = registry["ner.v1"]
    kb_step, patterns_step, entities_step = (registry[name] for name in ENTITY_STEPS)

    rss_start = _peak_rss_mb()
    docs: list[Document] = []
    for line in args.articles.open(encoding="utf-8"):
        if not line.strip():
            continue
        record = json.loads(line)
        article = article_from_text(record["content"], title=record.get("title"), url=record.get("url"),
                                    origin=str(record.get("id", "")))
        doc = Document(article.text, article.meta)
        for step in prepare:
            step(doc)
        docs.append(doc)
    kb = _kb.get_kb()
    _kb.lexicon_is_name_like()
    print(f"peak RSS: {rss_start:.0f} MB at start, {_peak_rss_mb():.0f} MB with the NER model and the knowledge base "
          f"({len(kb) if kb is not None else 0:,} entries) loaded")

    ner_mentions: dict[int, list[Mention]] = {id(doc): list(doc.mentions) for doc in docs}
    candidates: dict[int, list[Mention]] = {}
    for doc in docs:  # the mentions entities.v1 reads: NER's, the KB's and the patterns'
        kb_step(doc)
        patterns_step(doc)
        candidates[id(doc)] = list(doc.mentions)

    def from_ner(doc: Document) -> None:
        doc.mentions = list(ner_mentions[id(doc)])
        doc.entities = []

    def from_candidates(doc: Document) -> None:
        doc.mentions = list(candidates[id(doc)])
        doc.entities = []

    def empty(doc: Document) -> None:
        doc.mentions = []

    chars = sum(len(doc.text) for doc in docs)
    words = sum(len(doc.tokens) for doc in docs)
    print(f"{len(docs)} articles, {chars / len(docs):,.0f} characters and {words / len(docs):,.0f} tokens each; "
          f"one core, best of {args.repeat} after a warm-up pass")
    runs: list[tuple[str, Callable[[Document], None], list[Step]]] = [
        ("kb.v1", from_ner, [kb_step]),
        ("patterns.v1", from_ner, [patterns_step]),
        ("entities.v1", from_candidates, [entities_step]),
        ("kb + patterns + entities", from_ner, [kb_step, patterns_step, entities_step]),
        ("ner.v1 (reference)", empty, [ner]),
    ]
    for label, reset, steps in runs:
        first, best = _time(docs, reset, steps, args.repeat)
        print(f"  {label:<26} {len(docs) / best:8,.0f} articles/s  {1000 * best / len(docs):6.2f} ms/article"
              f"  (warm-up pass {len(docs) / first:,.0f} articles/s)")
    # The passes above romanize each name once: name_en for the names the KB lacks comes from
    # romanize's model, cached by name. Articles whose names are new pay for it every time.
    romanize.cache_clear()
    seconds, _ = _time(docs, from_candidates, [entities_step], 0)
    names = romanize.cache_info().misses
    print(f"  entities.v1, names new to romanize: {len(docs) / seconds:,.1f} articles/s "
          f"({1000 * seconds / len(docs):.1f} ms/article; {names / len(docs):.1f} names romanized per article)")
    print(f"peak RSS at the end: {_peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
