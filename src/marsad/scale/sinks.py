"""Where a batch run's records go: JSON Lines part files in a folder, or a store."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Protocol

from marsad.scale.ledger import Ledger


class Sink(Protocol):
    ledger: Ledger

    def write(self, batch: int, records: list[str]) -> str | None:
        """Make a batch's records durable (after the ledger recorded it); returns the part name."""

    def part_exists(self, part: str) -> bool: ...
    def part_name(self, batch: int) -> str | None: ...
    def close(self) -> None: ...


class JsonlDirSink:
    """``DIR/part-000001.jsonl`` … written atomically (temp file, fsync, rename); ledger in
    ``DIR/_progress.sqlite``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob(".part-*.tmp"):
            stale.unlink()  # a temp file a killed run left: its batch is redone
        self.ledger = Ledger(directory / "_progress.sqlite")

    def part_name(self, batch: int) -> str | None:
        return f"part-{batch:06d}.jsonl"

    def part_exists(self, part: str) -> bool:
        return (self.directory / part).exists()

    def write(self, batch: int, records: list[str]) -> str | None:
        part = self.part_name(batch)
        assert part is not None
        tmp = self.directory / f".{part}.tmp"
        with tmp.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(record + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.directory / part)
        return part

    def close(self) -> None:
        self.ledger.close()


class StoreSink:
    """Records upserted into a store (idempotent by document id); the ledger lives beside a
    SQLite store (``marsad.db.progress.sqlite``) or, for PostgreSQL, in the working folder."""

    def __init__(self, store: Any, ledger_path: Path | None = None) -> None:
        self.store = store
        url = str(getattr(store, "url", "store"))
        if ledger_path is None:
            if url.startswith("postgresql"):
                digest = hashlib.sha256(url.encode()).hexdigest()[:12]
                ledger_path = Path(f".marsad-progress-{digest}.sqlite")
            else:
                ledger_path = Path(url + ".progress.sqlite")
        self.ledger = Ledger(ledger_path)

    def part_name(self, batch: int) -> str | None:
        return None

    def part_exists(self, part: str) -> bool:
        return False

    def write(self, batch: int, records: list[str]) -> str | None:
        self.store.save_many([json.loads(r) for r in records])
        return None

    def close(self) -> None:
        self.ledger.close()
