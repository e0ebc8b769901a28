"""Store write speed: analysed documents written per second into SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/bench_store.py [--writes 2000] [--batch 200] [--postgres URL]

The articles of ../shared/data/articles/saudinewsnet_security_dev.jsonl are analysed once (the
records are cached in out/bench_store_records.jsonl; --reanalyse refreshes them), then copied
with new ids (and URLs) until there are --writes records. Only writing is timed: ``save_many``
in batches of --batch (one transaction each), every row, the full-text index and event
clustering included, into a fresh store. PostgreSQL: --postgres URL, else
MARSAD_TEST_POSTGRES_URL, else a throwaway local cluster (tests/pg.py); skipped with a message
when there is none. Goals (issue 8): >= 500 documents/s on SQLite, >= 300/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"
CACHE = REPO / "out" / "bench_store_records.jsonl"
GOALS = {"sqlite": 500, "postgresql": 300}


def analysed_records(reanalyse: bool) -> list[dict[str, Any]]:
    if CACHE.exists() and not reanalyse:
        return [json.loads(line) for line in CACHE.read_text(encoding="utf-8").splitlines() if line.strip()]
    from marsad.api import analyze_paths
    from marsad.document import Document

    start = time.perf_counter()
    records = [d.to_dict() for d in analyze_paths([str(ARTICLES)]) if isinstance(d, Document)]
    print(f"analysed {len(records)} articles in {time.perf_counter() - start:.1f} s (not timed below)")
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


def replicas(records: list[dict[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        rec = copy.deepcopy(records[n % len(records)])
        rec["id"] = f"{rec['id']}-r{n}"
        source = rec["meta"].setdefault("source", {})
        source["url"] = f"{source.get('url') or 'https://example.org/a'}#r{n}"
        rec["meta"]["duplicate_of"] = None
        yield rec


def bench(target: str, records: list[dict[str, Any]], writes: int, batch: int) -> dict[str, Any]:
    from marsad.store import open_store

    docs = list(replicas(records, writes))  # prepared before the clock starts
    store = open_store(target)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        stored = store.save_many(docs, batch_size=batch)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        stats = store.stats()
        problems = store.check()
    finally:
        store.close()
    return {"documents": stored, "seconds": round(seconds, 2), "per_second": round(stored / seconds, 1),
            "client_cpu_seconds": round(cpu, 2), "per_cpu_second": round(stored / cpu, 1), "rows": stats,
            "problems": problems, "load_average": round(os.getloadavg()[0], 1)}


def postgres_target(given: str | None) -> tuple[str | None, Any]:
    url = given or os.environ.get("MARSAD_TEST_POSTGRES_URL")
    if url:
        return url, None
    sys.path.insert(0, str(REPO / "tests"))
    import pg  # tests/pg.py

    try:
        server = pg.start_server()
    except (FileNotFoundError, RuntimeError, OSError) as exc:
        print(f"PostgreSQL skipped: {exc}")
        return None, None
    return server.url, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL of an empty database to write into")
    parser.add_argument("--reanalyse", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    if not ARTICLES.exists() and not CACHE.exists():
        print(f"skipped: {ARTICLES} is absent")
        return
    records = analysed_records(args.reanalyse)
    mean = {k: sum(len(r[k]) for r in records) / len(records) for k in ("entities", "quotes", "events")}
    print(f"{len(records)} analysed articles, {args.writes} writes in batches of {args.batch}; per article "
          f"{mean['entities']:.1f} entities, {mean['quotes']:.1f} quotes, {mean['events']:.1f} events")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = bench(str(Path(tmp) / "bench.db"), records, args.writes, args.batch)
    url, server = (None, None) if args.skip_postgres else postgres_target(args.postgres)
    if url:
        try:
            results["postgresql"] = bench(url, records, args.writes, args.batch)
        finally:
            if server is not None:
                server.stop()
    print()
    print(f"{os.cpu_count()} CPU(s); docs/s is wall clock; docs/cpu-s divides by this process's CPU time "
          "(the PostgreSQL server's own work not included); load = 1-minute load average at the end")
    print(f"{'backend':<11} {'documents':>9} {'seconds':>8} {'docs/s':>8} {'docs/cpu-s':>10} {'goal':>6} "
          f"{'load':>5}  rows")
    for name, r in results.items():
        rows = r["rows"]
        print(f"{name:<11} {r['documents']:>9} {r['seconds']:>8} {r['per_second']:>8} {r['per_cpu_second']:>10} "
              f"{GOALS[name]:>6} {r['load_average']:>5}  "
              f"{rows['mentions']} mentions, {rows['events']} events in {rows['clusters']} clusters"
              + ("" if not r["problems"] else f"; PROBLEMS: {r['problems']}"))
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
