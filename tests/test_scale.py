"""marsad process (local engine): results, resuming after kill -9 with nothing lost or duplicated,
a second run doing nothing, a worker killed by the OS, the per-input time budget."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from marsad.scale import process
from marsad.settings import Settings

CITIES = ["بغداد", "دمشق", "بيروت", "عمان", "القاهرة", "صنعاء", "طرابلس", "الرياض", "الخرطوم", "تونس",
          "الجزائر", "الرباط", "الدوحة", "الكويت", "مسقط", "المنامة", "أبوظبي", "غزة", "حلب", "الموصل"]
ACTS = ["اعتقلت الشرطة", "أفرجت السلطات عن", "استجوبت النيابة", "حاكمت المحكمة", "استدعت الوزارة"]
TOPICS = ["تهريب الوقود عبر الحدود", "تزوير وثائق رسمية", "الاعتداء على موظفين", "سرقة معدات طبية",
          "إتلاف ممتلكات عامة", "الاحتيال على مودعين"]
FAST = ["sentences.v1", "tokens.v1"]


def article(n: int) -> dict[str, str]:
    """A distinct short article per n (distinct enough that none is a near-duplicate of another)."""
    city, act, topic = CITIES[n % len(CITIES)], ACTS[n % len(ACTS)], TOPICS[n % len(TOPICS)]
    body = (f"{city} - {act} {n + 3} أشخاص في قضية {topic} بعد تحقيق استمر {n + 2} أسبوعاً. "
            f"وقال مصدر مطلع إن الملف رقم {1000 + n * 7} يضم أدلة جديدة تتعلق بشبكة تعمل في {city} منذ "
            f"عام {1990 + n % 30}، وإن جلسة مقبلة ستعقد في الشهر {n % 12 + 1}. وأضاف أن عدد المتهمين قد يرتفع "
            f"إلى {n * 3 + 11} مع توسع التحقيق في {topic} خلال الأيام المقبلة.")
    return {"id": f"t-{n}", "title": f"خبر رقم {n} من {city}", "content": body}


def write_inputs(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(article(n), ensure_ascii=False) + "\n" for n in range(count)),
                    encoding="utf-8")
    return path


def read_parts(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for part in sorted(out.glob("part-*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()]


def test_process_writes_every_article_once_and_a_rerun_does_nothing(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in.jsonl", 12)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    summary = process([str(inputs), str(tmp_path / "bad.txt")], out=tmp_path / "out", workers=2, batch_size=5,
                      pipeline=FAST, settings=Settings(dedup=False))
    records = read_parts(tmp_path / "out")
    assert summary.units == 13 and summary.records == 12 and len(records) == 12
    assert sorted(r["meta"]["origin"] for r in records) == sorted(f"{inputs}:{n}" for n in range(1, 13))  # type: ignore[index]
    assert sum(summary.failed.values()) + sum(summary.skipped.values()) == 1
    again = process([str(inputs), str(tmp_path / "bad.txt")], out=tmp_path / "out", workers=2, pipeline=FAST)
    assert again.units == 0 and again.already_done == 13 and len(read_parts(tmp_path / "out")) == 12


def test_time_budget_fails_the_slow_input_and_goes_on(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in.jsonl", 3)
    summary = process([str(inputs)], out=tmp_path / "out", workers=1, settings=Settings(doc_timeout=0.000001),
                      pipeline=FAST)
    assert summary.failed["timeout"] == 3 and summary.records == 0


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "marsad", "process", *args], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_kill_9_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    count = 60
    inputs = write_inputs(tmp_path / "in.jsonl", count)
    out = tmp_path / "out"
    env = {**os.environ, "MARSAD_DEDUP": "false"}
    args = [str(inputs), "--out", str(out), "--workers", "2", "--batch-size", "4"]
    proc = _run(args, env)
    deadline = time.monotonic() + 240
    while len(list(out.glob("part-*.jsonl"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run: main process and workers, mid-batch
    proc.wait()
    partial = read_parts(out)
    assert 0 < len(partial) < count
    finished = subprocess.run([sys.executable, "-m", "marsad", "process", *args], env=env, capture_output=True,
                              timeout=600)
    assert finished.returncode == 0, finished.stderr.decode()
    records = read_parts(out)
    origins = [str(r["meta"]["origin"]) for r in records]  # type: ignore[index]
    assert len(origins) == len(set(origins)) == count


@pytest.mark.slow
def test_worker_killed_by_the_os_is_replaced(tmp_path: Path) -> None:
    count = 40
    inputs = write_inputs(tmp_path / "in.jsonl", count)
    out = tmp_path / "out"
    proc = _run([str(inputs), "--out", str(out), "--workers", "2", "--batch-size", "2"],
                {**os.environ, "MARSAD_DEDUP": "false"})
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 240
    victim = None
    while victim is None and time.monotonic() < deadline and proc.poll() is None:
        servers = [p for p in parent.children() if "forkserver" in " ".join(p.cmdline())]
        workers = [w for server in servers for w in server.children()]  # forked by the fork server
        if workers and list(out.glob("part-*.jsonl")):
            victim = workers[0]
        time.sleep(0.05)
    assert victim is not None
    victim.kill()
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr.decode()
    origins = [str(r["meta"]["origin"]) for r in read_parts(out)]  # type: ignore[index]
    assert len(origins) == len(set(origins)) == count
    assert b"restarted" in stderr


def test_process_into_a_store_is_idempotent(tmp_path: Path) -> None:
    from marsad.store import open_store

    inputs = write_inputs(tmp_path / "in.jsonl", 6)
    db = str(tmp_path / "marsad.db")
    first = process([str(inputs)], db=db, workers=1, pipeline=FAST, settings=Settings(dedup=False))
    second = process([str(inputs)], db=db, workers=1, pipeline=FAST, settings=Settings(dedup=False))
    assert first.records == 6 and second.units == 0
    store = open_store(db)
    try:
        assert store.stats()["documents"] == 6
    finally:
        store.close()


def test_a_broken_progress_file_is_a_clear_error_and_the_output_stays(tmp_path: Path) -> None:
    from marsad.errors import ConfigError

    out = tmp_path / "out"
    out.mkdir()
    (out / "part-000001.jsonl").write_text('{"id": "kept"}\n', encoding="utf-8")
    (out / "_progress.sqlite").write_bytes(b"this is not a database" * 100)
    inputs = write_inputs(tmp_path / "in.jsonl", 2)
    with pytest.raises(ConfigError, match="not a marsad progress ledger"):
        process([str(inputs)], out=out, workers=1, pipeline=FAST)
    assert (out / "part-000001.jsonl").read_text(encoding="utf-8") == '{"id": "kept"}\n'
