"""The SQLite store: one file, WAL journal, one writer at a time (``BEGIN IMMEDIATE``), every
write in a transaction; full-text search through FTS5 over the normalised shadow column."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.errors import StoreError
from marsad.store.schema import META
from marsad.store.sql import SqlStore
from marsad.store.text import fts5_query

SQLITE_HEADER = b"SQLite format 3\x00"


class SQLiteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        super().__init__()
        self.path = Path(path)
        self.url = str(self.path)
        self._depth = 0
        where = str(self.path)
        if self.path.is_dir():
            raise StoreError(f"{where} is a directory; give a database file such as {where}/marsad.db")
        if self.path.exists() and self.path.stat().st_size > 0:
            with self.path.open("rb") as handle:
                if handle.read(16) != SQLITE_HEADER:
                    raise StoreError(f"{where} is not a marsad database (not an SQLite file); it was left untouched")
        elif not self.path.parent.exists():
            raise StoreError(f"cannot create {where}: the folder {self.path.parent} does not exist")
        try:
            self._conn = sqlite3.connect(where, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {where} ({exc})") from exc
        try:
            found = self._found_version()
            self._conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a committed transaction survives an application crash; only a
            # power loss or OS crash may lose the last commits (never corrupts the file)
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages: fewer reads while indexing
            self._conn.execute("PRAGMA temp_store = MEMORY")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(lambda m: m.sqlite, found, META)
        except StoreError:
            self._conn.close()
            raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot open {where} as a marsad database ({exc}); it was left untouched") from exc

    def _found_version(self) -> int | None:
        """The schema version of the file, None for a new (empty) database; refuses others."""
        try:
            tables = {row[0] for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a marsad database ({exc}); it was left untouched") from exc
        if not tables:
            return None
        if "marsad_meta" not in tables:
            raise StoreError(f"{self.path} is not a marsad database (an SQLite file without a marsad_meta "
                             "table); it was left untouched — give another file")
        meta = dict(self._conn.execute("SELECT key, value FROM marsad_meta").fetchall())
        return self._check_meta(meta, str(self.path))

    # -- hooks ------------------------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._conn.execute("COMMIT")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def _fts_delete(self, ids: Sequence[str]) -> None:
        self._execute("INSERT INTO documents_fts(documents_fts, rowid, search_terms) SELECT 'delete', doc_no, "
                      f"search_terms FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)

    def _fts_insert(self, ids: Sequence[str]) -> None:
        self._execute("INSERT INTO documents_fts(rowid, search_terms) SELECT doc_no, search_terms FROM documents "
                      f"WHERE id IN ({','.join('?' * len(ids))})", ids)

    def _match(self, words: list[tuple[str, ...]], *, documents: bool = True) -> tuple[str, str, str, list[Any],
                                                                                      list[Any]]:
        source = "documents_fts CROSS JOIN documents d ON d.doc_no = documents_fts.rowid" if documents else (
            "documents_fts")
        return source, "documents_fts MATCH ?", "-bm25(documents_fts)", [fts5_query(words)], []

    def _doc_no(self, documents: bool) -> str:
        return "d.doc_no" if documents else "documents_fts.rowid"

    def check(self) -> list[str]:
        with self._lock, self._guard():
            problems = [f"integrity: {row[0]}" for row in self._execute("PRAGMA integrity_check")
                        if row[0] != "ok"]
            for table, rowid, parent, _ in self._execute("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
            try:
                self._execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index out of sync with documents ({exc}); "
                                "rebuild: INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
            problems += self._orphans()
        return problems

    def _close(self) -> None:
        self._conn.close()
