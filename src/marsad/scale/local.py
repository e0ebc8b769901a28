"""The local engine: a process pool over all cores, the pipeline loaded once per worker, input
streamed (a bounded number of units in flight, so memory stays flat however large the input),
output committed in batches through the ledger (resumable, exactly once).

A unit that kills its worker (a crash, the OS's out-of-memory killer) breaks the pool: the pool
is restarted and the units that were in flight are retried one at a time; the one that breaks it
again is recorded as failed with the reason, and the batch goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import InputError
from marsad.ingest.dedup import DuplicateIndex
from marsad.scale.sinks import Sink
from marsad.scale.units import Unit
from marsad.scale.worker import Result, init_worker, run_unit
from marsad.settings import Settings

#: Units in flight per worker (enough to keep workers busy, few enough to keep memory flat).
IN_FLIGHT_PER_WORKER = 4
_MAX_ERRORS_KEPT = 50


@dataclass
class RunSummary:
    """What a run did: units done now, units already done before, records written, failures."""

    engine: str = "local"
    workers: int = 1
    units: int = 0
    already_done: int = 0
    records: int = 0
    duplicates: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    restarts: int = 0

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "workers": self.workers, "units": self.units,
                "already_done": self.already_done, "records": self.records, "duplicates": self.duplicates,
                "failed": dict(self.failed), "skipped": dict(self.skipped), "seconds": round(self.seconds, 2),
                "articles_per_second": round(self.rate, 1), "worker_restarts": self.restarts,
                "errors": list(self.errors)}


#: Error codes that mean "not an article to analyse" rather than "something went wrong".
SKIP_CODES = frozenset({"not_arabic", "empty_input", "no_article_body", "unsupported_format", "duplicate"})


def _dedup(records: list[str], index: DuplicateIndex | None, summary: RunSummary) -> list[str]:
    """Replace near/exact copies of earlier articles by a linked, unanalysed record."""
    if index is None:
        return records
    out = []
    for line in records:
        record = json.loads(line)
        meta = record.get("meta") or {}
        found = index.check_and_add(str(record["id"]), str(record.get("text", "")))
        if found is None:
            out.append(line)
            continue
        summary.duplicates += 1
        meta["duplicate_of"] = found.of
        meta.setdefault("warnings", []).append(
            f"{found.kind} duplicate of {found.of} (similarity {found.similarity:.2f}); not analysed again")
        record.update(entities=[], quotes=[], events=[], times=[], sentences=[])
        record["pipeline"] = {**(record.get("pipeline") or {}), "steps": []}
        out.append(json.dumps(record, ensure_ascii=False))
    return out


class LocalEngine:
    def __init__(self, sink: Sink, *, workers: int, settings: Settings, pipeline: list[str] | None = None,
                 batch_size: int = 200, dedup: DuplicateIndex | None = None,
                 on_progress: Callable[[RunSummary], None] | None = None) -> None:
        self.sink = sink
        self.workers = max(1, workers)
        self.settings = settings
        self.pipeline = pipeline
        self.batch_size = batch_size
        self.dedup = dedup
        self.on_progress = on_progress
        self.summary = RunSummary("local", self.workers)
        self._batch: list[Result] = []
        self._pool: ProcessPoolExecutor | None = None

    # -- pool -----------------------------------------------------------------------------------

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["marsad.steps", "marsad.api"])
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=init_worker,
                                   initargs=(self.pipeline, self.settings))

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        self.summary.restarts += 1

    # -- results --------------------------------------------------------------------------------

    def _take(self, result: Result) -> None:
        for error in result.errors:
            code = str(error.get("code"))
            (self.summary.skipped if code in SKIP_CODES else self.summary.failed)[code] += 1
            if len(self.summary.errors) < _MAX_ERRORS_KEPT:
                self.summary.errors.append(f"{error.get('origin')}: {error.get('message')}")
        self._batch.append(result)
        self.summary.units += 1
        if len(self._batch) >= self.batch_size:
            self.flush()
        if self.on_progress is not None:
            self.on_progress(self.summary)

    def flush(self) -> None:
        """Commit the results gathered so far as one batch (ledger first, then the output)."""
        if not self._batch:
            return
        ledger = self.sink.ledger
        batch = ledger.next_batch()
        records = [line for result in self._batch for line in result.records]
        records = _dedup(records, self.dedup, self.summary)
        units = []
        for result in self._batch:
            status = "done" if result.records else ("failed" if any(
                str(e.get("code")) not in SKIP_CODES for e in result.errors) else "skipped")
            reason = "; ".join(str(e.get("message")) for e in result.errors)[:500] or None
            units.append((result.key, status, len(result.records), reason))
        ledger.record(batch, self.sink.part_name(batch) if records else None, units)
        if records:
            self.sink.write(batch, records)
        ledger.commit(batch)
        self.summary.records += len(records)
        self._batch = []

    # -- run ------------------------------------------------------------------------------------

    def run(self, units: Iterator[Unit | InputError]) -> RunSummary:
        started = time.perf_counter()
        self._pool = self._new_pool()
        in_flight: dict[Future[Result], Unit] = {}
        limit = self.workers * IN_FLIGHT_PER_WORKER
        try:
            for unit in units:
                if isinstance(unit, InputError):
                    self._take(Result(str(unit.origin), [], [{"code": unit.code, "message": unit.message,
                                                               "origin": unit.origin}]))
                    continue
                while len(in_flight) >= limit:
                    self._drain(in_flight, block=True)
                assert self._pool is not None
                try:
                    in_flight[self._pool.submit(run_unit, unit)] = unit
                except BrokenProcessPool:  # a worker died since the last results came in
                    suspects = [*in_flight.values(), unit]
                    in_flight.clear()
                    self._isolate(suspects)
            while in_flight:
                self._drain(in_flight, block=True)
            self.flush()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _drain(self, in_flight: dict[Future[Result], Unit], *, block: bool) -> None:
        done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED, timeout=None if block else 0)
        broken: list[Unit] = []
        for future in done:
            unit = in_flight.pop(future)
            try:
                self._take(future.result())
            except BrokenProcessPool:
                broken.append(unit)
        if broken:
            broken.extend(in_flight.values())  # every unit in flight died with the pool
            in_flight.clear()
            self._isolate(broken)

    def _isolate(self, suspects: Sequence[Unit]) -> None:
        """After a pool crash: retry each unit that was in flight alone; one that crashes again fails."""
        for unit in suspects:
            self._restart()
            assert self._pool is not None
            try:
                self._take(self._pool.submit(run_unit, unit).result())
            except BrokenProcessPool:
                self._take(Result(unit.key, [], [{"code": "worker_crashed", "origin": unit.key,
                                                  "message": "the worker analysing this input died (crash or "
                                                             "out of memory); skipped"}]))
        self._restart()
        self.summary.restarts -= 1  # the last restart is the ordinary pool again
