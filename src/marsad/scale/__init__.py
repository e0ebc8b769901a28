"""Batch runs over many inputs: ``marsad process`` (local process pool, or Apache Spark).

``process(inputs, out=DIR | db=URL)`` analyses every article of ``inputs`` and writes the records
in committed batches; the run is resumable and idempotent (see ``marsad.scale.ledger``): killed at
any moment and run again, it finishes the job with no article lost and none duplicated; run again
over finished input, it does nothing and says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from marsad.errors import ConfigError, InputError
from marsad.ingest.dedup import DuplicateIndex
from marsad.scale.local import LocalEngine, RunSummary
from marsad.scale.sinks import JsonlDirSink, Sink, StoreSink
from marsad.scale.units import Unit, iter_units
from marsad.settings import Settings, get_settings

__all__ = ["RunSummary", "default_workers", "process"]


def default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _sink(out: str | Path | None, db: str | None) -> Sink:
    if (out is None) == (db is None):
        raise ConfigError("give exactly one of --out DIR (JSON Lines part files) or --db PATH|URL (a store)")
    if out is not None:
        return JsonlDirSink(Path(out))
    from marsad.store import open_store

    return StoreSink(open_store(db))


def _pending(units: Iterator[Unit | InputError], done: set[str], summary: RunSummary) -> Iterator[Unit | InputError]:
    for unit in units:
        key = unit.key if isinstance(unit, Unit) else str(unit.origin)
        if key in done:
            summary.already_done += 1
            continue
        yield unit


def process(
    inputs: Sequence[str],
    *,
    out: str | Path | None = None,
    db: str | None = None,
    engine: str = "local",
    workers: int | None = None,
    batch_size: int = 200,
    pipeline: Sequence[str] | None = None,
    settings: Settings | None = None,
    on_progress: Callable[[RunSummary], None] | None = None,
    master: str | None = None,
) -> RunSummary:
    """Analyse every article of ``inputs`` into ``out`` (a folder of JSON Lines parts) or ``db``."""
    settings = settings or get_settings()
    workers = workers or default_workers()
    if engine == "spark":
        from marsad.scale.spark import process_spark

        return process_spark(inputs, out=out, db=db, workers=workers, master=master, pipeline=list(pipeline or []),
                             settings=settings, batch_size=batch_size, on_progress=on_progress)
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}; choose local or spark")
    sink = _sink(out, db)
    try:
        sink.ledger.reconcile(sink.part_exists)
        done = sink.ledger.done_keys()
        dedup = DuplicateIndex(threshold=settings.dedup_threshold) if settings.dedup else None
        runner = LocalEngine(sink, workers=workers, settings=settings, pipeline=list(pipeline or []) or None,
                             batch_size=batch_size, dedup=dedup, on_progress=on_progress)
        summary = runner.summary
        return runner.run(_pending(iter_units(inputs), done, summary))
    finally:
        sink.close()
