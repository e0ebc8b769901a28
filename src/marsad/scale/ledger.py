"""What a batch run has finished, so that a rerun of the same command does only the rest.

The ledger is a small SQLite file. Output is written in batches; a batch of results is first
recorded (its keys, in one transaction, as belonging to batch N, not yet committed), then its
output is made visible (a JSON Lines part file renamed into place, or rows upserted into the
store), then the batch is marked committed. A run killed at any moment therefore leaves either a
committed batch, or an uncommitted one that the next run reconciles: if its part file is in
place the batch is committed, otherwise its keys are forgotten and done again. Nothing is lost,
nothing is written twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from marsad.errors import ConfigError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (batch INTEGER PRIMARY KEY, committed INTEGER NOT NULL DEFAULT 0,
                                    part TEXT);
CREATE TABLE IF NOT EXISTS units (key TEXT PRIMARY KEY, batch INTEGER NOT NULL REFERENCES batches(batch),
                                  status TEXT NOT NULL, records INTEGER NOT NULL, reason TEXT);
"""


class Ledger:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
            self.db.execute("SELECT key, batch, status, records, reason FROM units LIMIT 0")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise ConfigError(f"the progress file {path} is not a marsad progress ledger ({exc}); move it away "
                              "to start the run afresh (what was already written stays)") from exc

    def close(self) -> None:
        self.db.close()

    def reconcile(self, part_exists: Callable[[str], bool] | None = None) -> int:
        """Settle batches a killed run left uncommitted; returns how many were forgotten."""
        forgotten = 0
        for batch, part in self.db.execute("SELECT batch, part FROM batches WHERE committed = 0").fetchall():
            if part and part_exists is not None and part_exists(part):
                self.db.execute("UPDATE batches SET committed = 1 WHERE batch = ?", (batch,))
            else:
                self.db.execute("BEGIN")
                self.db.execute("DELETE FROM units WHERE batch = ?", (batch,))
                self.db.execute("DELETE FROM batches WHERE batch = ?", (batch,))
                self.db.execute("COMMIT")
                forgotten += 1
        return forgotten

    def done_keys(self) -> set[str]:
        return {key for (key,) in self.db.execute("SELECT key FROM units")}

    def next_batch(self) -> int:
        (last,) = self.db.execute("SELECT COALESCE(MAX(batch), 0) FROM batches").fetchone()
        return int(last) + 1

    def record(self, batch: int, part: str | None, units: Iterable[tuple[str, str, int, str | None]]) -> None:
        """Record a batch's units (key, status, records, reason) as pending, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("INSERT INTO batches (batch, committed, part) VALUES (?, 0, ?)", (batch, part))
            self.db.executemany("INSERT OR REPLACE INTO units (key, batch, status, records, reason) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [(key, batch, status, records, reason) for key, status, records, reason in units])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def commit(self, batch: int) -> None:
        self.db.execute("UPDATE batches SET committed = 1 WHERE batch = ?", (batch,))

    def totals(self) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*), SUM(records) FROM units GROUP BY status").fetchall()
        out = {status: int(count) for status, count, _ in rows}
        out["records"] = sum(int(records or 0) for _, _, records in rows)
        return out
