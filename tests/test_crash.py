"""Crash safety of the store: ``kill -9`` during ``marsad ingest --db`` and ``marsad process --db``,
on SQLite and PostgreSQL. After the kill the store is consistent (``check()``, what ``marsad doctor``
runs, finds nothing: no partial article), every stored record meets the contract, and a rerun stores
every article exactly once (no finished article lost, none twice). ``marsad doctor`` on a store damaged
on purpose reports the damage.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.contract import contract_problems
from marsad.store import open_store
from test_scale import article

COUNT = 30
ENV = {**os.environ, "MARSAD_DEDUP": "false"}


def _inputs(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(article(n), ensure_ascii=False) + "\n" for n in range(COUNT)),
                    encoding="utf-8")
    return path


def _count(target: str) -> int:
    """Documents committed so far, read without opening a marsad store (0 before the tables exist)."""
    try:
        if target.startswith("postgresql"):
            with psycopg.connect(target, connect_timeout=5) as conn:
                row = conn.execute("SELECT COUNT(*) FROM documents").fetchone()
        else:
            if not Path(target).exists():
                return 0
            with sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=5) as conn:
                row = conn.execute("SELECT COUNT(*) FROM documents").fetchone()
    except (psycopg.Error, sqlite3.Error):
        return 0
    return int(row[0]) if row else 0


def _kill_when(args: list[str], target: str, stored: int) -> None:
    """Run ``marsad ARGS``, and kill -9 its whole process group once ``stored`` documents are in."""
    proc = subprocess.Popen([sys.executable, "-m", "marsad", *args], env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    try:
        while _count(target) < stored and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the run ended on its own before the kill: {stderr.decode()[-2000:]}"


def _consistent(target: str) -> set[str]:
    """The ids of the stored documents, after checking the store and every record."""
    with open_store(target) as store:
        assert store.check() == []
        ids = set()
        for summary in store.list_documents(limit=1000).data:
            record = store.get_document(summary["id"])
            assert record is not None
            record.pop("stored_at"), record.pop("run_id")
            assert contract_problems(record) == [], summary["id"]
            ids.add(summary["id"])
        assert len(ids) == store.stats()["documents"]
    return ids


def _rerun(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "marsad", *args], env=ENV, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["ingest", "process"])
def test_kill_9_then_rerun_loses_and_duplicates_nothing(command: str, store_target: str, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    args = ([command, str(inputs), "--db", store_target] if command == "ingest"
            else [command, str(inputs), "--db", store_target, "--workers", "2", "--batch-size", "3"])
    first: set[str] = set()
    for kill_at in (1, 7):  # twice: early, and again after the first rerun started over the killed store
        _kill_when(args, store_target, kill_at)
        survived = _consistent(store_target)
        assert first <= survived and kill_at <= len(survived) < COUNT  # nothing finished was lost
        first = survived
    _rerun(args)
    ids = _consistent(store_target)
    assert first <= ids and len(ids) == COUNT  # every article once
    with open_store(store_target) as store:
        origins = [json.loads(json.dumps(r["meta"]["origin"])) for r in store.iter_records()]
    assert len(origins) == len(set(origins)) == COUNT


# -- marsad doctor on a store damaged on purpose -------------------------------------------------------------


def _damage(target: str, doc_id: str) -> None:
    """Delete a document's entity rows, and delete another document leaving its rows behind."""
    if target.startswith("postgresql"):
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute("DELETE FROM doc_entities WHERE document_id = %s", (doc_id,))
            conn.execute("SET session_replication_role = replica")  # foreign keys off for this session
            conn.execute("DELETE FROM documents WHERE id <> %s", (doc_id,))
    else:
        with sqlite3.connect(target) as conn:  # foreign keys are off on a plain connection
            conn.execute("DELETE FROM doc_entities WHERE document_id = ?", (doc_id,))
            conn.execute("DELETE FROM documents WHERE id <> ?", (doc_id,))


def test_doctor_reports_a_damaged_store(store_target: str, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    inputs.write_text("".join(inputs.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(inputs), "--db", store_target], env={"MARSAD_DEDUP": "false"})
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["doctor", "--db", store_target]).exit_code == 0
    with open_store(store_target) as store:
        docs: list[dict[str, Any]] = store.list_documents().data
    assert len(docs) == 2
    keep = next(d["id"] for d in docs if d["entities"])
    _damage(store_target, keep)
    result = runner.invoke(cli, ["doctor", "--db", store_target])
    assert result.exit_code == 74, result.output
    assert "belong to no stored document" in result.output
    assert "disagree with their rows" in result.output
    assert "no problems found" not in result.output
