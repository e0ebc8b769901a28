"""The PostgreSQL store (psycopg 3): the same tables as SQLite; full-text search through a
generated ``tsvector`` (the ``simple`` configuration over marsad's own Arabic normalisation)
with a GIN index. Tables live in the connection's first ``search_path`` schema.

PostgreSQL's own ``arabic`` text-search configuration is deliberately not used even where the
server has it: its Snowball stemmer would cut words differently from the SQLite index, so the two
backends would find different articles for one query. Both index marsad's folded forms and
clitic-stripped keys (``marsad.store.text``) instead; ``simple`` only lower-cases them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from marsad.errors import StoreError
from marsad.store.rows import ENTITY_COLUMNS
from marsad.store.schema import META
from marsad.store.sql import ENTITY_UPSERT, SqlStore
from marsad.store.text import tsquery


def mask_password(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``."""
    url = re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


class PostgresStore(SqlStore):
    dialect = "postgresql"

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        super().__init__()
        self.url = mask_password(url)
        self._depth = 0
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.url} ({str(exc).strip().splitlines()[0]}); check that "
                             "the server runs and the URL (MARSAD_DATABASE_URL or --db) is right") from exc
        try:
            with self._guard():
                self._execute("SELECT pg_advisory_lock(874121)")  # one process migrates at a time
                try:
                    self._migrate(lambda m: m.postgres, self._found_version(), META)
                finally:
                    self._execute("SELECT pg_advisory_unlock(874121)")
        except BaseException:
            self._conn.close()
            raise

    def _found_version(self) -> int | None:
        meta_table = self._execute("SELECT to_regclass('marsad_meta')")[0][0]
        if meta_table is None:
            if self._execute("SELECT to_regclass('documents')")[0][0] is not None:
                raise StoreError(f"{self.url} has a documents table but no marsad_meta table: not a marsad "
                                 "database; it was left untouched — use another database or schema")
            return None
        meta = {str(k): str(v) for k, v in self._execute("SELECT key, value FROM marsad_meta")}
        return self._check_meta(meta, self.url)

    # -- hooks ------------------------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if self._conn.closed or self._conn.broken:
                raise StoreError(f"lost the connection to {self.url} ({first}); nothing of the unfinished "
                                 "transaction was stored — open the store again and retry") from exc
            raise StoreError(f"{self.url}: {first}") from exc
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{self.url}: {first}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    @staticmethod
    def _pg(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cur:
            if params:
                cur.execute(self._pg(sql), params)  # our SQL is built from literals
            else:
                cur.execute(sql)
            return cur.fetchall() if cur.description is not None else []

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(self._pg(sql), rows)

    def _insert_rows(self, table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """COPY rather than one INSERT per row: far less client work (same rows, same transaction)."""
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _upsert_entities(self, rows: Sequence[Sequence[Any]]) -> None:
        """COPY into a session-private table emptied at commit (or gone with a rollback), then one
        INSERT ... ON CONFLICT: the rows have distinct kb_ids, so one statement may upsert them all."""
        if len(rows) < 10:
            super()._upsert_entities(rows)
            return
        cols = ", ".join(ENTITY_COLUMNS)
        self._execute("CREATE TEMP TABLE IF NOT EXISTS marsad_entities_load (LIKE entities) ON COMMIT DELETE ROWS")
        self._insert_rows("marsad_entities_load", ENTITY_COLUMNS, rows)
        self._execute(f"INSERT INTO entities ({cols}) SELECT {cols} FROM marsad_entities_load" + ENTITY_UPSERT)
        self._execute("TRUNCATE marsad_entities_load")

    def _cluster_ids(self) -> Iterator[int]:
        """Ids for new event clusters taken from the identity sequence, 100 a round trip (unused
        ones are skipped, as a rolled-back insert would; ids only grow)."""
        while True:
            yield from sorted(int(row[0]) for row in self._execute(
                "SELECT nextval(pg_get_serial_sequence('event_clusters', 'id')) FROM generate_series(1, 100)"))

    def _match(self, words: list[tuple[str, ...]], *, documents: bool = True) -> tuple[str, str, str, list[Any],
                                                                                      list[Any]]:
        query = tsquery(words)
        return ("documents d", "d.search_tsv @@ to_tsquery('simple', ?)",
                "ts_rank(d.search_tsv, to_tsquery('simple', ?))", [query], [query])

    def check(self) -> list[str]:
        with self._lock, self._guard():
            problems = self._orphans()
            stale = int(self._execute("SELECT COUNT(*) FROM documents WHERE search_tsv IS NULL")[0][0])
            if stale:
                problems.append(f"{stale} document(s) missing from the full-text index")
        return problems

    def _close(self) -> None:
        self._conn.close()
