"""The Spark engine of ``marsad process``: the same pipeline as the local engine, run by PySpark.

The driver walks the inputs (``iter_units``), skips what the run's ledger has as done, and cuts
the rest into chunks (``batch_size`` units each). Each chunk is one Spark job:
``sc.parallelize(units).mapPartitions(...)``; a Python worker loads the pipeline once (kept in a
module global, and Spark reuses its Python workers) and runs ``run_unit`` on every unit of its
partition, under the same per-input time budget as the local engine. The chunk's results come
back to the driver, which links duplicates (as the local engine does), then commits the chunk
through the ledger, exactly once:

1. the chunk's records are written as Parquet files into ``OUT/_tmp`` (one file per publication
   month, written by pyarrow in the driver: the driver holds the chunk anyway, so executors need
   no shared storage for the output);
2. the ledger records the chunk's keys as pending (``chunk-NNNNNN``);
3. with ``db``, the records are upserted into the store (idempotent by document id);
4. the files are renamed into ``OUT/records/month=YYYY-MM/chunk-NNNNNN.parquet``
   (``month=unknown`` when the article has no date) and the marker ``OUT/_chunks/chunk-NNNNNN``
   is written, last;
5. the ledger marks the chunk committed.

A run killed at any moment leaves either committed chunks or one that the next run settles: with
its marker in place it is committed, otherwise its keys are forgotten, any of its files already
moved are deleted, and it is done again. Nothing is lost, nothing is written twice. The next
chunk is analysed while the driver commits the previous one.

``OUT/records`` is a Hive-partitioned Parquet data set (columns ``id``, ``origin``, ``record``
— the ``marsad.document/1`` JSON — and ``month`` from the folder names): read it with
``pyarrow.dataset.dataset(OUT/records, partitioning="hive")`` or ``spark.read.parquet``.

The session: ``master`` (default ``local[WORKERS]``), or a session already active in the process
(``spark-submit``) is used as it is. Nothing is downloaded; Spark's Python workers run the
driver's interpreter unless ``PYSPARK_PYTHON`` is set; the driver gets 1 GB unless
``SPARK_DRIVER_MEMORY`` is set. On a real cluster the executors must see the input files at the
same paths (a shared file system); JSON Lines lines travel inside the job.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import ConfigError, InputError
from marsad.ingest.dedup import DuplicateIndex
from marsad.scale.ledger import Ledger
from marsad.scale.local import _MAX_ERRORS_KEPT, SKIP_CODES, RunSummary, _dedup
from marsad.scale.units import Unit, iter_units
from marsad.settings import Settings, get_settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["ParquetOutput", "month_of", "process_spark", "spark_unavailable", "start_session"]

#: Units per chunk (one Spark job, one ledger batch) when the caller gives none.
DEFAULT_CHUNK = 500
#: Spark tasks per core in a chunk: a few, so that one slow partition does not hold a core idle long.
SLICES_PER_CORE = 4
_MONTH = re.compile(r"^\d{4}-\d{2}")
_CHUNK = re.compile(r"^chunk-\d{6,}$")

# A unit on the wire: (key, kind, payload); a result: (key, records, errors, seconds).
WireUnit = tuple[str, str, str]
WireResult = tuple[str, list[str], list[dict[str, Any]], float]


# -- what runs in Spark's Python workers ----------------------------------------------------------

_loaded: dict[str, Any] = {}


def _ensure_worker(pipeline: list[str] | None, settings: Settings) -> None:
    """Load the pipeline once per Python worker (again only if another run asks for other steps)."""
    from marsad.scale.worker import init_worker

    key = json.dumps([pipeline or [], settings.model_dump(mode="json")], sort_keys=True, default=str)
    if _loaded.get("key") != key:
        init_worker(pipeline or None, settings)
        _loaded["key"] = key


def analyse_partition(units: Iterable[WireUnit], pipeline: list[str] | None,
                      settings: Settings) -> Iterator[WireResult]:
    """``mapPartitions`` body: every unit of one partition through ``run_unit``."""
    from marsad.scale.worker import run_unit

    _ensure_worker(pipeline, settings)
    for key, kind, payload in units:
        result = run_unit(Unit(key, kind, payload))
        yield result.key, result.records, result.errors, result.seconds


# -- the session ----------------------------------------------------------------------------------

_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def spark_unavailable() -> str | None:
    """Why the Spark engine cannot run here (no pyspark, no Java), or None when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "the spark engine needs PySpark: pip install pyspark (or use --engine local)"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and (Path(java_home) / "bin" / "java").exists()):
        return ("the spark engine needs Java 17 or newer and `java` is not on PATH: install a JDK "
                "(e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME, or use --engine local")
    return None


def start_session(master: str | None = None, workers: int = 1, *, app: str = "marsad process") -> SparkSession:
    """A quiet, offline Spark session; ``master`` defaults to ``local[WORKERS]``."""
    reason = spark_unavailable()
    if reason is not None:
        raise ConfigError(reason)
    master = master or f"local[{max(1, workers)}]"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder_conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.sql.shuffle.partitions": str(max(1, workers)),
        "spark.pyspark.python": os.environ["PYSPARK_PYTHON"],
    }
    if "SPARK_DRIVER_MEMORY" not in os.environ:  # Spark's own variable wins; the driver holds one chunk
        builder_conf["spark.driver.memory"] = "1g"
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder_conf["spark.driver.host"] = "127.0.0.1"
        builder_conf["spark.driver.bindAddress"] = "127.0.0.1"
    log4j = Path(tempfile.gettempdir()) / "marsad-spark-log4j2.properties"
    if not log4j.exists():
        log4j.write_text(_LOG4J, encoding="utf-8")
    builder_conf["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{log4j}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark's notice about pandas versions
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.master(master).appName(app)
        for key, value in builder_conf.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _active_session() -> SparkSession | None:
    if "pyspark" not in sys.modules:
        return None
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


# -- the Parquet output ---------------------------------------------------------------------------


def month_of(record: dict[str, Any]) -> str:
    """``YYYY-MM`` of the record's publication date, or ``unknown``."""
    published = (record.get("meta") or {}).get("published")
    value = published.get("value") if isinstance(published, dict) else published
    if isinstance(value, str) and _MONTH.match(value):
        return value[:7]
    return "unknown"


class ParquetOutput:
    """``OUT/records/month=YYYY-MM/chunk-NNNNNN.parquet``, a marker per committed chunk in
    ``OUT/_chunks``, the ledger in ``OUT/_progress.sqlite``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.records = directory / "records"
        self.markers = directory / "_chunks"
        self.tmp = directory / "_tmp"
        for folder in (self.records, self.markers):
            folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)  # what a killed run was writing: its chunk is redone
        self.tmp.mkdir()
        self.ledger = Ledger(directory / "_progress.sqlite")

    def part_exists(self, part: str) -> bool:
        if _CHUNK.match(part):
            return (self.markers / part).exists()
        return (self.directory / part).exists()  # a JSON Lines part of the local engine in the same folder

    def settle(self) -> int:
        """After ``ledger.reconcile``: delete the files and markers of chunks that are not committed."""
        committed = {str(part) for (part,) in self.ledger.db.execute(
            "SELECT part FROM batches WHERE committed = 1 AND part IS NOT NULL")}
        removed = 0
        for path in [*self.records.glob("month=*/chunk-*.parquet"), *self.markers.glob("chunk-*")]:
            if path.name.split(".")[0] not in committed:
                path.unlink()
                removed += 1
        return removed

    def stage(self, part: str, records: list[str]) -> list[tuple[Path, Path]]:
        """Write the chunk's files into the temp folder; returns (temp file, final place) pairs."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        by_month: dict[str, list[tuple[str, str, str]]] = {}
        for line in records:
            record = json.loads(line)
            origin = str((record.get("meta") or {}).get("origin") or "")
            by_month.setdefault(month_of(record), []).append((str(record.get("id", "")), origin, line))
        moves = []
        for month, rows in sorted(by_month.items()):
            table = pa.table({"id": [r[0] for r in rows], "origin": [r[1] for r in rows],
                              "record": [r[2] for r in rows]},
                             schema=pa.schema([("id", pa.string()), ("origin", pa.string()), ("record", pa.string())]))
            tmp = self.tmp / f"{part}-{month}.parquet"
            pq.write_table(table, tmp, compression="zstd")
            with tmp.open("rb") as handle:
                os.fsync(handle.fileno())
            moves.append((tmp, self.records / f"month={month}" / f"{part}.parquet"))
        return moves

    def publish(self, part: str, moves: list[tuple[Path, Path]]) -> None:
        """Move the staged files into place, then write the chunk's marker (last)."""
        for tmp, final in moves:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
        marker = self.tmp / f"{part}.marker"
        with marker.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"files": [str(final.relative_to(self.directory)) for _, final in moves]}))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(marker, self.markers / part)

    def close(self) -> None:
        self.ledger.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


# -- the driver -----------------------------------------------------------------------------------


@dataclass
class _Chunk:
    units: list[Unit]
    results: list[WireResult] = field(default_factory=list)  # the input errors found in the driver


def _chunks(units: Iterator[Unit | InputError], done: set[str], size: int,
            summary: RunSummary) -> Iterator[_Chunk]:
    chunk = _Chunk([])
    for unit in units:
        key = unit.key if isinstance(unit, Unit) else str(unit.origin)
        if key in done:
            summary.already_done += 1
            continue
        if isinstance(unit, InputError):
            chunk.results.append((key, [], [{"code": unit.code, "message": unit.message, "origin": unit.origin}],
                                  0.0))
        else:
            chunk.units.append(unit)
        if len(chunk.units) + len(chunk.results) >= size:
            yield chunk
            chunk = _Chunk([])
    if chunk.units or chunk.results:
        yield chunk


class SparkRun:
    def __init__(self, session: SparkSession, summary: RunSummary, *, output: ParquetOutput | None, store: Any,
                 ledger: Ledger, settings: Settings, pipeline: list[str] | None,
                 on_progress: Callable[[RunSummary], None] | None) -> None:
        self.session = session
        self.summary = summary
        self.output = output
        self.store = store
        self.ledger = ledger
        self.settings = settings
        self.pipeline = pipeline
        self.on_progress = on_progress
        self.dedup = DuplicateIndex(threshold=settings.dedup_threshold) if settings.dedup else None

    def analyse(self, chunk: _Chunk) -> list[WireResult]:
        """Run the chunk's units on Spark; a job that fails (a worker that crashed) is retried one
        unit per job, and the unit that fails alone is recorded as failed."""
        if not chunk.units:
            return list(chunk.results)
        try:
            results = self._job(chunk.units)
        except Exception:
            results = []
            alone_ok = 0
            for number, unit in enumerate(chunk.units):
                try:
                    results.extend(self._job([unit]))
                    alone_ok += 1
                except Exception as exc:
                    reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
                    if not alone_ok and number + 1 >= min(3, len(chunk.units)) and len(chunk.units) > 1:
                        # every unit fails, even alone: Spark itself is broken, not an input; record nothing
                        raise ConfigError(f"Spark jobs fail whatever the input ({reason}); check the cluster, "
                                          "its Python (PYSPARK_PYTHON must have marsad installed) and Java") from exc
                    self.summary.restarts += 1
                    results.append((unit.key, [], [{"code": "worker_crashed", "origin": unit.key,
                                                    "message": f"the Spark task analysing this input failed "
                                                               f"({reason}); skipped"}], 0.0))
        return [*chunk.results, *results]

    def _job(self, units: list[Unit]) -> list[WireResult]:
        from functools import partial

        sc = self.session.sparkContext
        slices = max(1, min(len(units), sc.defaultParallelism * SLICES_PER_CORE))
        wire = [(u.key, u.kind, u.payload) for u in units]
        job = partial(analyse_partition, pipeline=self.pipeline, settings=self.settings)
        collected: list[WireResult] = sc.parallelize(wire, slices).mapPartitions(job).collect()
        return collected

    def commit(self, results: list[WireResult]) -> None:
        summary = self.summary
        units = []
        for key, records, errors, _ in results:
            for error in errors:
                code = str(error.get("code"))
                (summary.skipped if code in SKIP_CODES else summary.failed)[code] += 1
                if len(summary.errors) < _MAX_ERRORS_KEPT:
                    summary.errors.append(f"{error.get('origin')}: {error.get('message')}")
            status = "done" if records else ("failed" if any(
                str(e.get("code")) not in SKIP_CODES for e in errors) else "skipped")
            reason = "; ".join(str(e.get("message")) for e in errors)[:500] or None
            units.append((key, status, len(records), reason))
        lines = _dedup([line for _, records, _, _ in results for line in records], self.dedup, summary)
        batch = self.ledger.next_batch()
        part = f"chunk-{batch:06d}" if lines and self.output is not None else None
        moves = self.output.stage(part, lines) if part is not None and self.output is not None else []
        self.ledger.record(batch, part, units)
        if lines and self.store is not None:
            self.store.save_many([json.loads(line) for line in lines])
        if part is not None and self.output is not None:
            self.output.publish(part, moves)
        self.ledger.commit(batch)
        summary.units += len(results)
        summary.records += len(lines)
        if self.on_progress is not None:
            self.on_progress(summary)

    def run(self, chunks: Iterator[_Chunk]) -> RunSummary:
        """Analyse chunk i+1 on Spark while the driver commits chunk i."""
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-spark")
        try:
            pending: Future[list[WireResult]] | None = None
            for chunk in chunks:
                ahead = pool.submit(self.analyse, chunk)
                if pending is not None:
                    self.commit(pending.result())
                pending = ahead
            if pending is not None:
                self.commit(pending.result())
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # on an error: stopping the session ends the job
        return self.summary


def process_spark(
    inputs: Sequence[str],
    *,
    out: str | Path | None = None,
    db: str | None = None,
    workers: int = 1,
    master: str | None = None,
    pipeline: Sequence[str] | None = None,
    settings: Settings | None = None,
    batch_size: int | None = None,
    on_progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Analyse every article of ``inputs`` with Spark into ``out`` (Parquet by month) and/or ``db``.

    The session is started only when something is left to do (a rerun over finished input does
    nothing and says so in the summary: ``units == 0``, ``already_done > 0``). A session already
    active in this process is used and left running; one started here is stopped at the end.
    """
    if out is None and db is None:
        raise ConfigError("give --out DIR (Parquet by publication month), --db PATH|URL (a store), or both")
    started = time.perf_counter()
    settings = settings or get_settings()
    summary = RunSummary("spark", max(1, workers))
    output = ParquetOutput(Path(out)) if out is not None else None
    store: Any = None
    ledger: Ledger | None = output.ledger if output is not None else None
    try:
        if db is not None:
            from marsad.store import open_store

            store = open_store(db)
        if output is not None:
            assert ledger is not None
            ledger.reconcile(output.part_exists)
            output.settle()
        else:
            from marsad.scale.sinks import StoreSink

            ledger = StoreSink(store).ledger  # beside the store, where the local engine keeps it
            ledger.reconcile(None)
        chunks = _chunks(iter_units(inputs), ledger.done_keys(), batch_size or DEFAULT_CHUNK, summary)
        first = next(chunks, None)
        if first is not None:  # else nothing is left to do: no session at all
            active = _active_session()
            session = active or start_session(master, summary.workers)
            if active is not None:
                summary.workers = session.sparkContext.defaultParallelism
            try:
                SparkRun(session, summary, output=output, store=store, ledger=ledger, settings=settings,
                         pipeline=list(pipeline or []) or None, on_progress=on_progress).run(
                    itertools.chain([first], chunks))
            finally:
                if active is None:
                    session.stop()
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        if output is not None:
            output.close()
        elif ledger is not None:
            ledger.close()
        if store is not None:
            store.close()
