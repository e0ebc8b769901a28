"""Throughput of `marsad process`, end to end: one run measures everything the README reports.

    python benchmarks/throughput.py                 # 20,000 articles (takes a while)
    python benchmarks/throughput.py --n 300         # a quick check that it works
    python benchmarks/throughput.py --json out/throughput.json

Input: the articles of ../shared/data/articles (JSON Lines), repeated to N; every copy gets its
own id and URL (so its own document id), and duplicate linking is off (MARSAD_DEDUP=false), so
that every copy is analysed rather than linked to its first copy. Each run reads that JSONL file
and stores the analysed records in a fresh SQLite store (``--db``) when marsad.store is there,
else writes ``--out`` files; the report says which. Measured:

- articles/s of the local engine with 1 and 2 workers (goals: >= 100 art/s with 2; 2 vs 1 >= 1.7x);
- bare spaCy tokenisation of the same texts (``spacy.blank("ar")``, ``nlp.pipe``, one process), and
  how many times slower the whole pipeline is per core (goal: within 4x);
- the Spark engine on local[1] and local[2] (goal: 2 vs 1 >= 1.6x), timed without the session's
  start-up (given apart), and its overhead against the local engine with 2 workers;
- peak resident memory of any one worker process, sampled with psutil during the runs (goal:
  < 1 GB per worker over a long stream; the maximum seen is reported).

Figures vary with load: run on an idle machine for the README.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "articles"
MB = 1024 * 1024


def source_articles(folder: Path) -> list[dict[str, Any]]:
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if isinstance(item, dict) and (item.get("content") or item.get("text")):
                    items.append(item)
    if not items:
        sys.exit(f"throughput: no articles in {folder}/*.jsonl")
    return items


def write_input(items: list[dict[str, Any]], n: int, path: Path) -> list[str]:
    """N lines: the articles repeated, copy k with its own id and URL; returns the texts."""
    texts = []
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            item = dict(items[i % len(items)])
            copy = i // len(items)
            base_id = str(item.get("id") or f"a{i % len(items)}")
            item["id"] = f"{base_id}~{copy}"
            url = str(item.get("url") or f"https://example.org/{base_id}")
            item["url"] = f"{url}#copy-{copy}"
            texts.append(str(item.get("content") or item.get("text")))
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return texts


@dataclass
class MemoryWatch:
    """Peak RSS of every process under this one (workers, fork server, JVM), sampled in a thread."""

    every: float = 0.25
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in me.children(recursive=True):
                try:
                    rss = proc.memory_info().rss
                    name = "jvm" if "java" in proc.name() else "python"
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                if rss > self.peaks.get(proc.pid, ("", 0))[1]:
                    self.peaks[proc.pid] = (name, rss)
            self._stop.wait(self.every)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def peak(self, kind: str = "python") -> int:
        return max((rss for name, rss in self.peaks.values() if name == kind), default=0)


def sink_args(use_db: bool, work: Path, name: str) -> dict[str, Any]:
    if use_db:
        return {"db": str(work / f"{name}.db")}
    return {"out": work / name}


def run_local(inputs: Path, work: Path, workers: int, use_db: bool) -> dict[str, Any]:
    from marsad.scale import process
    from marsad.settings import Settings

    with MemoryWatch() as memory:
        started = time.perf_counter()
        summary = process([str(inputs)], engine="local", workers=workers, settings=Settings(dedup=False),
                          **sink_args(use_db, work, f"local{workers}"))
        seconds = time.perf_counter() - started
    return {"engine": "local", "workers": workers, "articles": summary.records, "seconds": round(seconds, 2),
            "articles_per_second": round(summary.records / seconds, 1),
            "failed": sum(summary.failed.values()), "peak_worker_rss_mb": round(memory.peak() / MB)}


def run_spark(inputs: Path, work: Path, workers: int, use_db: bool) -> dict[str, Any]:
    from marsad.scale.spark import process_spark, start_session
    from marsad.settings import Settings

    with MemoryWatch() as memory:
        started = time.perf_counter()
        session = start_session(f"local[{workers}]", workers, app="marsad throughput")
        startup = time.perf_counter() - started
        try:
            started = time.perf_counter()
            summary = process_spark([str(inputs)], workers=workers, settings=Settings(dedup=False),
                                    **sink_args(use_db, work, f"spark{workers}"))
            seconds = time.perf_counter() - started
        finally:
            session.stop()
    return {"engine": "spark", "workers": workers, "articles": summary.records, "seconds": round(seconds, 2),
            "session_start_seconds": round(startup, 1), "articles_per_second": round(summary.records / seconds, 1),
            "failed": sum(summary.failed.values()), "peak_worker_rss_mb": round(memory.peak() / MB),
            "peak_jvm_rss_mb": round(memory.peak("jvm") / MB)}


def run_spacy(texts: list[str]) -> dict[str, Any]:
    import spacy

    nlp = spacy.blank("ar")
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    seconds = time.perf_counter() - started
    return {"engine": "spacy.blank(ar) tokeniser", "workers": 1, "articles": len(texts), "tokens": tokens,
            "seconds": round(seconds, 2), "articles_per_second": round(len(texts) / seconds, 1)}


def _verdict(value: float, goal: float, higher: bool = True) -> str:
    met = value >= goal if higher else value <= goal
    return "met" if met else "not met"


def report(results: dict[str, Any]) -> Iterator[str]:
    runs = results["runs"]
    yield (f"marsad process throughput: {results['n']} articles ({results['distinct']} distinct texts repeated, "
           f"own ids, dedup off), sink: {results['sink']}, {results['cores']} core(s), load average "
           f"{results['load_before']} before the run")
    yield ""
    yield "| run | articles/s | seconds | peak RSS per worker |"
    yield "|---|---|---|---|"
    for key, run in runs.items():
        extra = f" (+{run['session_start_seconds']} s session start)" if "session_start_seconds" in run else ""
        rss = f"{run['peak_worker_rss_mb']} MB" if "peak_worker_rss_mb" in run else ""
        yield f"| {key} | {run['articles_per_second']} | {run['seconds']}{extra} | {rss} |"
    yield ""
    yield "| figure | value | goal | |"
    yield "|---|---|---|---|"
    figures = results["figures"]
    if "local_2_workers_rate" in figures:
        yield (f"| local engine, 2 workers | {figures['local_2_workers_rate']} art/s | >= 100 art/s | "
               f"{_verdict(figures['local_2_workers_rate'], 100)} |")
    if "local_scaling" in figures:
        yield (f"| local scaling 2 vs 1 worker | {figures['local_scaling']}x | >= 1.7x | "
               f"{_verdict(figures['local_scaling'], 1.7)} |")
    if "times_slower_than_spacy" in figures:
        yield (f"| whole pipeline vs bare spaCy tokenisation, per core | {figures['times_slower_than_spacy']}x "
               f"slower | within 4x | {_verdict(figures['times_slower_than_spacy'], 4, higher=False)} |")
    if "spark_scaling" in figures:
        yield (f"| Spark local[2] vs local[1] | {figures['spark_scaling']}x | >= 1.6x | "
               f"{_verdict(figures['spark_scaling'], 1.6)} |")
    if "spark_overhead" in figures:
        yield (f"| Spark local[2] time vs local engine, 2 workers | {figures['spark_overhead']:+.0%} | | |")
    if "peak_worker_rss_mb" in figures:
        yield (f"| peak RSS of one worker (max seen) | {figures['peak_worker_rss_mb']} MB | < 1024 MB | "
               f"{_verdict(figures['peak_worker_rss_mb'], 1024, higher=False)} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=20_000, help="articles in the stream (default 20000)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of JSONL articles to repeat")
    parser.add_argument("--sink", choices=["auto", "db", "out"], default="auto",
                        help="auto: a SQLite store when marsad.store exists, else output files")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark engine runs")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed after)")
    args = parser.parse_args(argv)

    os.environ["MARSAD_DEDUP"] = "false"  # copies would otherwise be linked, not analysed
    use_db = args.sink == "db" or (args.sink == "auto" and importlib.util.find_spec("marsad.store") is not None)
    work = args.work or Path(tempfile.mkdtemp(prefix="marsad-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        items = source_articles(args.data)
        inputs = work / "articles.jsonl"
        texts = write_input(items, args.n, inputs)
        results: dict[str, Any] = {
            "n": args.n, "distinct": len(items), "cores": len(os.sched_getaffinity(0)),
            "load_before": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
            "sink": "SQLite store (--db)" if use_db else "--out (JSON Lines parts / Parquet)", "runs": {},
        }
        runs = results["runs"]
        for workers in (1, 2):
            print(f"throughput: local engine, {workers} worker(s)…", file=sys.stderr, flush=True)
            runs[f"local, {workers} worker(s)"] = run_local(inputs, work, workers, use_db)
        print("throughput: bare spaCy tokenisation…", file=sys.stderr, flush=True)
        runs["spaCy blank('ar') tokenisation"] = run_spacy(texts)
        if not args.no_spark:
            from marsad.scale.spark import spark_unavailable

            reason = spark_unavailable()
            if reason is not None:
                print(f"throughput: no Spark runs: {reason}", file=sys.stderr)
            else:
                for workers in (1, 2):
                    print(f"throughput: Spark local[{workers}]…", file=sys.stderr, flush=True)
                    runs[f"Spark local[{workers}]"] = run_spark(inputs, work, workers, use_db)

        local1, local2 = runs["local, 1 worker(s)"], runs["local, 2 worker(s)"]
        spacy_run = runs["spaCy blank('ar') tokenisation"]
        figures: dict[str, Any] = {
            "local_2_workers_rate": local2["articles_per_second"],
            "local_scaling": round(local2["articles_per_second"] / local1["articles_per_second"], 2),
            "times_slower_than_spacy": round(spacy_run["articles_per_second"] / local1["articles_per_second"], 1),
            "peak_worker_rss_mb": max(r.get("peak_worker_rss_mb", 0) for r in runs.values()),
        }
        if "Spark local[2]" in runs:
            spark1, spark2 = runs["Spark local[1]"], runs["Spark local[2]"]
            figures["spark_scaling"] = round(spark2["articles_per_second"] / spark1["articles_per_second"], 2)
            figures["spark_overhead"] = round(spark2["seconds"] / local2["seconds"] - 1, 3)
        results["figures"] = figures
        results["failed"] = sum(r.get("failed", 0) for r in runs.values())
        print("\n".join(report(results)))
        if results["failed"]:
            print(f"throughput: {results['failed']} input(s) failed during the runs", file=sys.stderr)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
