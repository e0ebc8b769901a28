"""Search latency over a large store: p50/p95 of one-word queries with one filter.

Run: .venv/bin/python benchmarks/bench_search.py --db PATH|URL [--queries 300] [--seed 3]
     .venv/bin/python benchmarks/bench_search.py --generate 100000 --db bench.db   # make it first

The store is one made by ``benchmarks/gen_corpus.py`` (``--generate N`` runs it first when the
store is empty). Each query is one word drawn from the corpus vocabulary (places, actors, common
words; written with and without clitics: بالموصل، والحكومة) plus one filter drawn from outlet,
country, event type and a one-month date range; the first page (20 hits, snippets built) is
timed. Facets are timed separately (``search(..., facets=True)``). Goal (issue 8): p95 < 50 ms on
SQLite at 1M articles; PostgreSQL p50/p95 reported.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus

WORDS = ["بغداد", "بالموصل", "حلب", "وصنعاء", "عدن", "الرياض", "بيروت", "القاهرة", "غزة", "طرابلس", "انفجار",
         "غارات", "اشتباكات", "مظاهرات", "تظاهر", "الحكومة", "والحكومة", "المدنيين", "مساعدات", "الأمم", "قتلى",
         "اعتقلت", "داعش", "الحوثي", "التحالف", "الجيش", "الهدنة", "المفاوضات", "الكهرباء", "المستشفيات",
         "للشرطة", "عبوة", "قصف", "حظر", "الانتخابات", "النازحين", "الأسعار", "الإعمار", "بالتحقيق", "الجنائزي"]
EVENT_TYPES = ["ASSAULT", "FIGHT", "COERCE", "PROTEST", "AGREE", "AID", "CONSULT", "DISAPPROVE"]
COUNTRIES = ["IQ", "SY", "YE", "SA", "LB", "EG", "LY", "KW"]


def queries(count: int, seed: int) -> list[tuple[str, Any]]:
    from marsad.store import Filters

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        word = rng.choice(WORDS)
        kind = rng.choice(["outlet", "country", "event_type", "date"])
        if kind == "outlet":
            filters = Filters(outlet=rng.choice(gen_corpus.OUTLETS))
        elif kind == "country":
            filters = Filters(country=rng.choice(COUNTRIES))
        elif kind == "event_type":
            filters = Filters(event_type=rng.choice(EVENT_TYPES))
        else:
            year, month = rng.randrange(2014, 2024), rng.randrange(1, 13)
            filters = Filters(date_from=f"{year}-{month:02d}-01", date_to=f"{year}-{month:02d}-31")
        out.append((word, filters))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(store: Any, items: list[tuple[str, Any]], facets: bool) -> dict[str, Any]:
    times = []
    hits = []
    for word, filters in items:
        start = time.perf_counter()
        result = store.search(word, filters, limit=20, facets=facets)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(result.count)
    return {"queries": len(items), "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
            "mean_hits": round(statistics.mean(hits)), "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--generate", type=int, default=0, help="fill an empty store with N articles first")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--facet-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    from marsad.store import open_store

    store = open_store(args.db)
    documents = store.stats()["documents"]
    if not documents and args.generate:
        store.close()
        subprocess.run([sys.executable, str(Path(__file__).parent / "gen_corpus.py"), str(args.generate),
                        "--db", args.db], check=True)
        store = open_store(args.db)
        documents = store.stats()["documents"]
    items = queries(args.queries, args.seed)
    measure(store, items[:20], facets=False)  # warm the caches
    plain = measure(store, items, facets=False)
    with_facets = measure(store, items[: args.facet_queries], facets=True)
    print(f"{store.dialect} store {store.url}: {documents:,} documents; one-word query + one filter, first page of 20")
    print(f"{'':<14} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'mean hits':>9} {'load':>5}")
    for name, r in (("search", plain), ("with facets", with_facets)):
        print(f"{name:<14} {r['queries']:>7} {r['p50_ms']:>7} {r['p95_ms']:>7} {r['max_ms']:>7} {r['mean_hits']:>9} "
              f"{r['load_average']:>5}")
    store.close()


if __name__ == "__main__":
    main()
