"""marsad process --engine spark (on local[2]): the same records as the local engine, Parquet by
publication month readable back, loading into the store, a rerun doing nothing, and kill -9 of the
whole run mid-way then a rerun giving every article exactly once.

Spark starts slowly, so those are slow tests (CI runs them). Without Java they skip, except in CI
(``CI=true``), where .ci/run installs a JDK and a missing one is a failure.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import ConfigError
from marsad.scale import process
from marsad.scale.local import RunSummary
from marsad.scale.spark import SparkRun, WireResult, _Chunk, month_of, spark_unavailable
from marsad.scale.units import Unit
from marsad.settings import Settings

CITIES = ["بغداد", "دمشق", "بيروت", "عمان", "القاهرة", "صنعاء", "طرابلس", "الرياض", "الخرطوم", "تونس",
          "الجزائر", "الرباط", "الدوحة", "الكويت", "مسقط", "المنامة", "أبوظبي", "غزة", "حلب", "الموصل"]
ACTS = ["اعتقلت الشرطة", "أفرجت السلطات عن", "استجوبت النيابة", "حاكمت المحكمة", "استدعت الوزارة"]
TOPICS = ["تهريب الوقود عبر الحدود", "تزوير وثائق رسمية", "الاعتداء على موظفين", "سرقة معدات طبية",
          "إتلاف ممتلكات عامة", "الاحتيال على مودعين"]
FAST = ["sentences.v1", "tokens.v1"]


def article(n: int) -> dict[str, str]:
    """A distinct short article per n; two of every three carry a publication date (three months)."""
    city, act, topic = CITIES[n % len(CITIES)], ACTS[n % len(ACTS)], TOPICS[n % len(TOPICS)]
    body = (f"{city} - {act} {n + 3} أشخاص في قضية {topic} بعد تحقيق استمر {n + 2} أسبوعاً. "
            f"وقال مصدر مطلع إن الملف رقم {1000 + n * 7} يضم أدلة جديدة تتعلق بشبكة تعمل في {city} منذ "
            f"عام {1990 + n % 30}، وإن جلسة مقبلة ستعقد في الشهر {n % 12 + 1}. وأضاف أن عدد المتهمين قد يرتفع "
            f"إلى {n * 3 + 11} مع توسع التحقيق في {topic} خلال الأيام المقبلة.")
    item = {"id": f"t-{n}", "title": f"خبر رقم {n} من {city}", "content": body}
    if n % 3:
        item["published"] = f"2024-{n % 3 + 4:02d}-{n % 28 + 1:02d}"
    return item


def write_inputs(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(article(n), ensure_ascii=False) + "\n" for n in range(count)),
                    encoding="utf-8")
    return path


def read_records(out: Path) -> list[dict[str, Any]]:
    """Every record of OUT/records, read back with pyarrow as a Hive-partitioned data set."""
    import pyarrow.dataset as ds

    if not any((out / "records").glob("month=*/*.parquet")):
        return []
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table()
    rows = table.to_pylist()
    for row in rows:
        record = json.loads(row["record"])
        assert record["id"] == row["id"] and record["meta"]["origin"] == row["origin"]
        assert month_of(record) == str(row["month"])
        row["parsed"] = record
    return rows


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local[2] session for the in-process tests (process_spark uses it and leaves it running)."""
    reason = spark_unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the Spark tests: {reason}")
        pytest.skip(reason)
    from marsad.scale.spark import start_session

    session = start_session("local[2]", 2, app="marsad tests")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_gives_the_local_engines_records_as_parquet_by_month(tmp_path: Path, spark: Any) -> None:
    count = 20
    inputs = write_inputs(tmp_path / "in.jsonl", count)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    settings = Settings(dedup=False)
    local = process([str(inputs), str(tmp_path / "bad.txt")], out=tmp_path / "local", workers=2, settings=settings)
    summary = process([str(inputs), str(tmp_path / "bad.txt")], out=tmp_path / "spark", engine="spark",
                      workers=2, batch_size=6, settings=settings)
    assert summary.engine == "spark" and summary.units == 21 and summary.records == count
    assert sum(summary.failed.values()) + sum(summary.skipped.values()) == 1
    rows = read_records(tmp_path / "spark")
    local_records = {str(r["meta"]["origin"]): r for part in sorted((tmp_path / "local").glob("part-*.jsonl"))
                     for r in map(json.loads, part.read_text(encoding="utf-8").splitlines())}
    assert len(rows) == count == local.records
    assert {r["origin"] for r in rows} == set(local_records) == {f"{inputs}:{n}" for n in range(1, count + 1)}
    for row in rows:  # the same pipeline: the same records
        assert row["parsed"] == local_records[row["origin"]]
    months = {str(r["month"]) for r in rows}
    assert months == {"2024-05", "2024-06", "unknown"}
    for month in months:
        assert list((tmp_path / "spark" / "records" / f"month={month}").glob("chunk-*.parquet"))
    assert not (tmp_path / "spark" / "_tmp").exists()

    again = process([str(inputs), str(tmp_path / "bad.txt")], out=tmp_path / "spark", engine="spark", workers=2,
                    settings=settings)
    assert again.units == 0 and again.already_done == 21 and again.records == 0
    assert len(read_records(tmp_path / "spark")) == count


@pytest.mark.slow
def test_spark_loads_the_store_too(tmp_path: Path, spark: Any) -> None:
    from marsad.store import open_store

    inputs = write_inputs(tmp_path / "in.jsonl", 8)
    db = str(tmp_path / "marsad.db")
    summary = process([str(inputs)], out=tmp_path / "out", db=db, engine="spark", workers=2, batch_size=3,
                      pipeline=FAST, settings=Settings(dedup=False))
    assert summary.records == 8
    store = open_store(db)
    try:
        stored = {str(r["meta"]["origin"]) for r in store.iter_records()}
    finally:
        store.close()
    assert stored == {r["origin"] for r in read_records(tmp_path / "out")} == {f"{inputs}:{n}" for n in range(1, 9)}

    only_db = str(tmp_path / "only.db")  # --db alone: no Parquet, the ledger beside the store
    first = process([str(inputs)], db=only_db, engine="spark", workers=2, batch_size=5, pipeline=FAST,
                    settings=Settings(dedup=False))
    again = process([str(inputs)], db=only_db, engine="spark", workers=2, pipeline=FAST,
                    settings=Settings(dedup=False))
    assert first.records == 8 and again.units == 0 and again.already_done == 8
    store = open_store(only_db)
    try:
        assert sorted(str(r["meta"]["origin"]) for r in store.iter_records()) == sorted(stored)
    finally:
        store.close()


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "marsad", "process", *args], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_kill_9_of_the_whole_spark_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    reason = spark_unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the Spark tests: {reason}")
        pytest.skip(reason)
    count = 60
    inputs = write_inputs(tmp_path / "in.jsonl", count)
    out = tmp_path / "out"
    env = {**os.environ, "MARSAD_DEDUP": "false"}
    args = [str(inputs), "--out", str(out), "--engine", "spark", "--workers", "2", "--batch-size", "4",
            "--pipeline", ",".join(FAST)]
    proc = _run(args, env)
    deadline = time.monotonic() + 400
    while not list((out / "_chunks").glob("chunk-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run: driver, JVM and Python workers, mid-chunk
    proc.wait()
    partial = read_records(out)
    assert 0 < len(partial) < count
    finished = subprocess.run([sys.executable, "-m", "marsad", "process", *args], env=env, capture_output=True,
                              timeout=600)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    origins = [str(r["origin"]) for r in read_records(out)]
    assert len(origins) == len(set(origins)) == count
    assert not list(out.glob("_tmp/*"))
    nothing = subprocess.run([sys.executable, "-m", "marsad", "process", *args], env=env, capture_output=True,
                             timeout=120)
    assert nothing.returncode == 0 and b"nothing to do" in nothing.stderr
    assert len(read_records(out)) == count


class _FlakySpark(SparkRun):
    """A SparkRun whose jobs fail whenever they hold one of ``bad`` (no Spark needed)."""

    def __init__(self, bad: set[str]) -> None:
        super().__init__(None, RunSummary("spark", 2), output=None, store=None, ledger=None,  # type: ignore[arg-type]
                         settings=Settings(dedup=False), pipeline=None, on_progress=None)
        self.bad = bad

    def _job(self, units: list[Unit]) -> list[WireResult]:
        if any(u.key in self.bad or "*" in self.bad for u in units):
            raise RuntimeError("Python worker exited unexpectedly (crashed)")
        return [(u.key, ['{"id": "x"}'], [], 0.0) for u in units]


def test_a_unit_that_kills_its_spark_worker_fails_alone() -> None:
    units = [Unit(f"in.jsonl:{n}", "line", "{}") for n in range(1, 5)]
    run = _FlakySpark({"in.jsonl:2"})
    results = run.analyse(_Chunk(units))
    assert [key for key, *_ in results] == [u.key for u in units]
    crashed = [(key, errors) for key, records, errors, _ in results if not records]
    assert len(crashed) == 1 and crashed[0][0] == "in.jsonl:2"
    assert crashed[0][1][0]["code"] == "worker_crashed" and "crashed" in crashed[0][1][0]["message"]
    with pytest.raises(ConfigError, match="whatever the input"):  # Spark itself broken: nothing recorded
        _FlakySpark({"*"}).analyse(_Chunk(units))


def test_month_of_reads_the_publication_date() -> None:
    assert month_of({"meta": {"published": {"value": "2024-03-05", "precision": "day"}}}) == "2024-03"
    assert month_of({"meta": {"published": {"value": "2024", "precision": "year"}}}) == "unknown"
    assert month_of({"meta": {"published": None}}) == "unknown"
