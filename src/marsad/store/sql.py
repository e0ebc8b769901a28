"""What the SQLite and PostgreSQL stores share: writing records as rows, reading them back,
filters, facets, entity pages and event clusters. Backends supply the connection, the
transaction, the parameter style and the full-text query (``marsad.store.sqlite``/``postgres``).

SQL here is written with ``?`` parameters; the PostgreSQL backend turns them into ``%s``.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from marsad.document import Document
from marsad.errors import StoreError
from marsad.store.base import Filters, Page, SearchResult
from marsad.store.rows import (
    ACTOR_COLUMNS,
    DOC_ENTITY_COLUMNS,
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    TIME_COLUMNS,
    DocRows,
    dumps,
    record_rows,
)
from marsad.store.schema import APPLICATION, MIGRATIONS, SCHEMA_VERSION, statements
from marsad.store.text import filter_token, fold, months_between, query_words, snippet

P = ParamSpec("P")
R = TypeVar("R")

FACETS = ("outlet", "event_type", "country", "modality", "entity")
EVENT_SORTS = {"date": "e.date ASC NULLS LAST", "-date": "e.date DESC NULLS LAST", "dead": "e.dead ASC NULLS LAST",
               "-dead": "e.dead DESC NULLS LAST", "published": "d.published ASC NULLS LAST",
               "-published": "d.published DESC NULLS LAST", "type": "e.type ASC"}
CLUSTER_WINDOW_DAYS = 2
_EVENT_AT = {name: EVENT_COLUMNS.index(name) for name in EVENT_COLUMNS}
NO_FILTERS = Filters()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def locked(method: Callable[P, R]) -> Callable[P, R]:
    """Serialise calls on one store object (the web API may call it from several threads)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        with self._lock, self._guard():  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


def _in(values: Sequence[Any]) -> str:
    return "(" + ",".join("?" * len(values)) + ")"


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


EventRef = tuple[dict[str, Any], dict[str, Any]]  # (event dict, the record it came from)


def _month_end(value: str) -> bool:
    """Whether an ISO date is the last day of its month."""
    day = _day(value)
    return day is not None and (day + timedelta(days=1)).day == 1


def _first_day(text: str) -> date | None:
    """The first day a truncated ISO date (2015, 2015-07, 2015-07-20) covers."""
    return _day(text + "-01-01"[len(text) - 4:] if len(text) in (4, 7) else text)


def _ref_day(ref: EventRef) -> tuple[date | None, str]:
    """The day an event is dated (its own date, else its record's publication date when it is
    current news) and that date's precision."""
    event, record = ref
    value = event.get("date") if isinstance(event.get("date"), dict) else None
    if value and value.get("value"):
        return _first_day(str(value["value"])), str(value.get("precision") or "day")
    if event.get("reference", "current") == "current":
        published = (record.get("meta") or {}).get("published") or {}
        if published.get("value"):
            return _first_day(str(published["value"])), str(published.get("precision") or "day")
    return None, "unknown"


def _place_kb_id(ref: EventRef) -> str | None:
    place = ref[0].get("place")
    for ent in ref[1].get("entities") or []:
        if ent.get("id") == place:
            return str(ent.get("kb_id") or "") or None
    return None


def fallback_same_event(a: EventRef, b: EventRef) -> bool:
    """Two reports are one event when they have the same type, the same place (kb_id) and
    dates at most two days apart (used when ``marsad.extract.events.same_event`` is absent)."""
    if a[0].get("type") != b[0].get("type"):
        return False
    pa, pb = _place_kb_id(a), _place_kb_id(b)
    if not pa or pa != pb:
        return False
    da, db = _ref_day(a)[0], _ref_day(b)[0]
    return da is not None and db is not None and abs((da - db).days) <= CLUSTER_WINDOW_DAYS


@functools.cache
def _same_event_impl() -> Callable[[EventRef, EventRef], Any] | None:
    try:
        from marsad.extract.events import same_event  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    return same_event  # type: ignore[no-any-return, unused-ignore]


def same_event(a: EventRef, b: EventRef) -> bool:
    """``marsad.extract.events.same_event`` (when it is there), else ``fallback_same_event``."""
    impl = _same_event_impl()
    if impl is not None:
        return bool(impl(a, b))
    return fallback_same_event(a, b)


def actor_keys(ref: EventRef) -> list[str]:
    """Keys of who acted in (or claimed) an event: kb_ids, else folded names."""
    event, record = ref
    wanted = [*(event.get("actors") or []), event.get("claimed_by")]
    keys: list[str] = []
    for ent in record.get("entities") or []:
        if ent.get("id") in wanted and ent.get("kind") != "civilian":
            key = str(ent.get("kb_id") or "name:" + fold(ent.get("name")))
            if key not in keys:
                keys.append(key.replace("|", " "))
    return keys


def representative(ref: EventRef, small_entities: dict[Any, dict[str, Any]] | None = None) -> EventRef:
    """The event and the part of its record that ``same_event`` reads (publication date, the
    entities the event names, each name written once), kept with a cluster to compare later
    reports with; small, so that comparing is cheap. ``small_entities`` (``_small_entities`` of
    the record, made once for all its events) saves slimming every entity again per event."""
    event, record = ref
    named = {event.get("place"), event.get("claimed_by"), event.get("reported_by"),
             *(event.get("actors") or []), *(event.get("targets") or [])}
    if small_entities is None:
        small_entities = _small_entities(record, named)
    entities = [small for key, small in small_entities.items() if key[1] in named]
    meta = record.get("meta") or {}
    slim = {k: v for k, v in event.items() if k not in ("trigger", "acled", "confidence")}
    return slim, {"id": record.get("id"), "meta": {"published": meta.get("published")}, "entities": entities}


def _small_entities(record: dict[str, Any], wanted: set[Any] | None = None) -> dict[Any, dict[str, Any]]:
    """Each entity of a record (those whose id is in ``wanted``, when given) without its mentions
    but with its distinct name texts, keyed by (position, id) in record order."""
    out: dict[Any, dict[str, Any]] = {}
    for pos, ent in enumerate(record.get("entities") or []):
        if wanted is not None and ent.get("id") not in wanted:
            continue
        small = {k: v for k, v in ent.items() if k != "mentions"}
        texts = dict.fromkeys(str(m.get("text")) for m in ent.get("mentions") or []
                              if m.get("kind", "name") == "name")
        small["mentions"] = [{"text": t, "kind": "name"} for t in texts]
        out[(pos, ent.get("id"))] = small
    return out


def _window(day: date, precision: str) -> tuple[str, str]:
    """The dates (inclusive) a cluster may have to report the same event as one dated ``day``."""
    if precision == "day":
        lo, hi = day - timedelta(days=CLUSTER_WINDOW_DAYS), day + timedelta(days=CLUSTER_WINDOW_DAYS)
    elif precision == "week":
        lo, hi = day - timedelta(days=7 + CLUSTER_WINDOW_DAYS), day + timedelta(days=7 + CLUSTER_WINDOW_DAYS)
    else:  # month
        lo, hi = day.replace(day=1) - timedelta(days=1), day.replace(day=28) + timedelta(days=4)
    return lo.isoformat(), hi.isoformat()


CLUSTER_COLUMNS = ("id", "type", "mode", "date", "place_kb_id", "place_name", "country", "lat", "lon", "actor_keys",
                   "representative", "created_at")
ENTITY_UPSERT = " ON CONFLICT (kb_id) DO UPDATE SET " + ", ".join(
    f"{c} = COALESCE(entities.{c}, excluded.{c})" for c in ("name_en", "kind", "lat", "lon", "country", "geonames_id"))
_ENTITY_FILLED = tuple(ENTITY_COLUMNS.index(c) for c in ("name_en", "kind", "lat", "lon", "country", "geonames_id"))


def _merged_entities(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per kb_id: what upserting the rows one after another would leave (the first row's
    columns, each of ``_ENTITY_FILLED`` from the first row that has it), so a batch upserts each
    entity once."""
    merged: dict[Any, list[Any] | tuple[Any, ...]] = {}
    for row in rows:
        first = merged.get(row[0])
        if first is None:
            merged[row[0]] = row
            continue
        for i in _ENTITY_FILLED:
            if first[i] is None and row[i] is not None:
                if isinstance(first, tuple):
                    first = merged[row[0]] = list(first)
                first[i] = row[i]
    return [tuple(row) for row in merged.values()]


class SqlStore:
    """The shared implementation of ``marsad.store.base.Store``."""

    dialect = "sql"
    url: str
    batch_size = 200

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._reps: dict[int, EventRef] = {}  # cluster id → its first report, parsed

    # -- backend hooks ----------------------------------------------------------------------------
    def _guard(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _insert_rows(self, table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert plain rows (no conflict handling) into a table."""
        self._executemany(self._insert_sql(table, cols), rows)

    def _upsert_entities(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert entity rows (one per kb_id); a stored entity keeps its values and gains the
        ones it lacked (``ENTITY_UPSERT``)."""
        self._executemany(self._insert_sql("entities", ENTITY_COLUMNS) + ENTITY_UPSERT, rows)

    def _insert_returning_id(self, sql: str, params: Sequence[Any]) -> int:
        rows = self._execute(sql + " RETURNING id", params)
        return int(rows[0][0])

    def _fts_delete(self, ids: Sequence[str]) -> None:
        """Take these documents out of the full-text index (before their rows go)."""

    def _fts_insert(self, ids: Sequence[str]) -> None:
        """Put these documents in the full-text index (after their rows are in)."""

    def _match(self, words: list[tuple[str, ...]], *, documents: bool = True) -> tuple[str, str, str, list[Any],
                                                                                      list[Any]]:
        """(FROM clause, WHERE condition, score expression, condition params, score params); the FROM
        clause has ``documents d`` unless ``documents`` is False and the backend can do without."""
        raise NotImplementedError

    def _doc_no(self, documents: bool) -> str:
        """The document number column under ``_match(..., documents=documents)``."""
        return "d.doc_no"

    def _record_value(self, value: Any) -> dict[str, Any]:
        return json.loads(value) if isinstance(value, str | bytes) else dict(value)

    def _close(self) -> None:
        raise NotImplementedError

    def check(self) -> list[str]:
        """Integrity problems found (empty when healthy): ``marsad doctor``."""
        raise NotImplementedError

    # -- schema -------------------------------------------------------------------------------------
    def _migrate(self, script_of: Callable[[Any], str], found_version: int | None, meta_script: str) -> None:
        """Create the meta tables on a new database and run the migrations it has not had."""
        with self._transaction():
            if found_version is None:
                for stmt in statements(meta_script):
                    self._execute(stmt)
                self._execute("INSERT INTO marsad_meta(key, value) VALUES (?, ?)", ("application", APPLICATION))
                self._execute("INSERT INTO marsad_meta(key, value) VALUES (?, ?)", ("schema_version", "0"))
                found_version = 0
            for migration in MIGRATIONS:
                if migration.version <= found_version:
                    continue
                for stmt in statements(script_of(migration)):
                    self._execute(stmt)
                self._execute("INSERT INTO migrations(version, name, applied_at) VALUES (?, ?, ?)",
                              (migration.version, migration.name, now()))
                self._execute("UPDATE marsad_meta SET value = ? WHERE key = 'schema_version'",
                              (str(migration.version),))

    @staticmethod
    def _check_meta(meta: dict[str, str], where: str) -> int:
        """The schema version a marsad database has; refuses another application's or a newer one."""
        if meta.get("application") != APPLICATION:
            raise StoreError(f"{where} is not a marsad database (marsad_meta says application="
                             f"{meta.get('application')!r}); it was left untouched")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise StoreError(f"{where} has a broken marsad_meta table (schema_version "
                             f"{meta.get('schema_version')!r}); it was left untouched") from None
        if version > SCHEMA_VERSION:
            raise StoreError(f"{where} has schema version {version}, newer than this marsad "
                             f"(version {SCHEMA_VERSION}); upgrade marsad to use it (it was left untouched)")
        return version

    @property
    def schema_version(self) -> int:
        rows = self._execute("SELECT value FROM marsad_meta WHERE key = 'schema_version'")
        return int(rows[0][0])

    # -- writing ----------------------------------------------------------------------------------
    def _rows(self, doc: Document | dict[str, Any], original: bytes | str | None, run_id: int | None) -> DocRows:
        record = doc.to_dict() if isinstance(doc, Document) else doc
        if not isinstance(record, dict) or not record.get("id"):
            raise StoreError("a record to store must be a marsad.document/1 object with an id")
        return record_rows(record, stored_at=now(), run_id=run_id, original=original)

    @locked
    def save(self, doc: Document | dict[str, Any], *, original: bytes | str | None = None,
             run_id: int | None = None) -> str:
        rows = self._rows(doc, original, run_id)
        try:
            with self._transaction():
                self._write([rows])
        except BaseException:
            self._reps.clear()  # cluster ids of a rolled-back transaction may be given again
            raise
        return rows.doc_id

    def save_many(self, docs: Iterable[Document | dict[str, Any]], *, run_id: int | None = None,
                  batch_size: int | None = None) -> int:
        """``save`` in batches of ``batch_size`` (one transaction each); returns how many were
        stored. A failure raises ``StoreError`` saying how many were stored before it."""
        size = batch_size or self.batch_size
        stored = 0
        batch: list[DocRows] = []
        for doc in docs:
            batch.append(self._rows(doc, None, run_id))
            if len(batch) >= size:
                stored += self._write_batch(batch, stored)
                batch = []
        if batch:
            stored += self._write_batch(batch, stored)
        return stored

    def _write_batch(self, batch: list[DocRows], stored: int) -> int:
        try:
            self._write_locked(batch)
        except StoreError as exc:
            raise StoreError(f"{exc.message} ({stored} document(s) stored before this batch of {len(batch)} "
                             "are kept; this batch was not stored)") from exc
        return len(batch)

    @locked
    def _write_locked(self, batch: list[DocRows]) -> None:
        try:
            with self._transaction():
                self._write(batch)
        except BaseException:
            self._reps.clear()  # cluster ids of a rolled-back transaction may be given again
            raise

    def _write(self, batch: list[DocRows]) -> None:
        """Replace every row of these documents (inside the caller's transaction)."""
        seen: dict[str, DocRows] = {}
        dup = DOCUMENT_COLUMNS.index("duplicate_of")
        for rows in batch:
            if rows.document[dup] == rows.doc_id:
                continue  # an exact copy with the first copy's id: the first copy is that document
            seen[rows.doc_id] = rows  # the last version of an id in one batch wins
        if not seen:
            return
        batch = list(seen.values())
        ids = [r.doc_id for r in batch]
        self._delete(ids)
        self._insert_rows("documents", DOCUMENT_COLUMNS, [r.document for r in batch])
        self._fts_insert(ids)
        entities = _merged_entities(e for r in batch for e in r.entities)
        if entities:
            self._upsert_entities(entities)
        tables: tuple[tuple[str, tuple[str, ...], str], ...] = (
            ("doc_entities", DOC_ENTITY_COLUMNS, "doc_entities"), ("mentions", MENTION_COLUMNS, "mentions"),
            ("quotes", QUOTE_COLUMNS, "quotes"))
        for table, cols, attr in tables:
            values = [row for r in batch for row in getattr(r, attr)]
            if values:
                self._insert_rows(table, cols, values)
        self._cluster(batch)
        events = [e for r in batch for e in r.events]
        if events:
            self._insert_rows("events", EVENT_COLUMNS, events)
        actors = [a for r in batch for a in r.actors]
        if actors:
            self._insert_rows("event_actors", ACTOR_COLUMNS, actors)
        times = [t for r in batch for t in r.times]
        if times:
            self._insert_rows("times", TIME_COLUMNS, times)

    def _insert_sql(self, table: str, cols: Sequence[str]) -> str:
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"

    def _delete(self, ids: Sequence[str]) -> None:
        marks = _in(ids)
        old = self._execute(f"SELECT DISTINCT cluster_id FROM events WHERE document_id IN {marks} "
                            "AND cluster_id IS NOT NULL", ids)
        present = self._execute(f"SELECT id FROM documents WHERE id IN {marks}", ids)
        if not present:
            return
        ids = [row[0] for row in present]
        marks = _in(ids)
        self._fts_delete(ids)
        for table in ("event_actors", "events", "times", "quotes", "mentions", "doc_entities"):
            self._execute(f"DELETE FROM {table} WHERE document_id IN {marks}", ids)
        self._execute(f"DELETE FROM entities WHERE local_document_id IN {marks}", ids)
        self._execute(f"DELETE FROM documents WHERE id IN {marks}", ids)
        clusters = [row[0] for row in old]
        for cid in clusters:
            self._reps.pop(int(cid), None)
        if clusters:
            self._execute(f"DELETE FROM event_clusters WHERE id IN {_in(clusters)} AND NOT EXISTS "
                          "(SELECT 1 FROM events e WHERE e.cluster_id = event_clusters.id)", clusters)

    def _cluster(self, batch: list[DocRows]) -> None:
        """Give every event of these documents a cluster: an existing one that reports the same
        real-world event (``same_event`` against the cluster's first report), else a new one.
        Documents are clustered in batch order, so a later one joins clusters an earlier one made.

        A few queries for the whole batch (not one per document) fetch the clusters whose type
        and date could agree with an event; a cluster is compared with an event only when it has
        the event's place (kb_id) or shares one of its first four actor keys, since ``same_event``
        needs one or the other; candidates are tried newest first. Events dated no closer than a
        month (or not at all) start a cluster of their own."""
        c = _EVENT_AT
        plans: list[list[tuple[list[Any], EventRef, date | None, list[str], tuple[str, str] | None]]] = []
        clauses: dict[tuple[Any, ...], tuple[str, list[Any]]] = {}
        for rows in batch:
            events = {str(e.get("id")): e for e in rows.record.get("events") or []}
            small = _small_entities(rows.record) if rows.events else {}
            doc_plans = []
            for ev in rows.events:
                ref = representative((events.get(ev[c["id"]], {}), rows.record), small)
                day, precision = _ref_day(ref)
                keys = actor_keys(ref)
                place = ev[c["place_kb_id"]]
                window = (_window(day, precision) if day is not None and precision in ("day", "week", "month")
                          and (place or keys) else None)
                if window is not None:
                    alternatives = ["place_kb_id = ?"] * bool(place) + ["actor_keys LIKE ?"] * len(keys[:4])
                    params = [ev[c["type"]], window[0], window[1], *([place] if place else []),
                              *(f"%|{k}|%" for k in keys[:4])]
                    clause = "(type = ? AND date >= ? AND date <= ? AND (" + " OR ".join(alternatives) + "))"
                    clauses.setdefault((clause, *params), (clause, params))
                doc_plans.append((ev, ref, day, keys, window))
            plans.append(doc_plans)
        # candidates by (type, place) and (type, actor key); ids only grow, so newest = largest
        by_place: dict[tuple[str, str], list[int]] = {}
        by_key: dict[tuple[str, str], list[int]] = {}
        dates: dict[int, str] = {}

        def index(cid: int, ctype: str, cdate: str, cplace: str | None, ckeys: str) -> None:
            dates[cid] = cdate
            if cplace:
                by_place.setdefault((ctype, cplace), []).append(cid)
            for key in ckeys[1:-1].split("||") if ckeys else ():
                by_key.setdefault((ctype, key), []).append(cid)

        chosen = list(clauses.values())
        for at in range(0, len(chosen), 200):  # 200 clauses = at most 1,400 parameters a query
            part = chosen[at:at + 200]
            for r in self._execute("SELECT id, type, date, place_kb_id, actor_keys FROM event_clusters WHERE "
                                   + " OR ".join(clause for clause, _ in part),
                                   [p for _, params in part for p in params]):
                if int(r[0]) not in dates:
                    index(int(r[0]), r[1], r[2], r[3], r[4] or "")
        new_ids = self._cluster_ids()
        created: list[tuple[Any, ...]] = []
        stamp = now()
        for doc_plans in plans:
            used: set[int] = set()
            for ev, ref, day, keys, window in doc_plans:
                cluster_id: int | None = None
                if window is not None:
                    etype, place = ev[c["type"]], ev[c["place_kb_id"]]
                    ids = set(by_place.get((etype, place), ())) if place else set()
                    for key in keys[:4]:
                        ids.update(by_key.get((etype, key), ()))
                    for cid in sorted(ids, reverse=True):
                        if cid in used or not window[0] <= dates[cid] <= window[1]:
                            continue
                        if same_event(self._representative(cid), ref):
                            cluster_id = cid
                            break
                if cluster_id is None:
                    ckeys = "".join(f"|{k}|" for k in keys)
                    cdate = day.isoformat() if day else None
                    cluster_id = next(new_ids)
                    created.append((cluster_id, ev[c["type"]], ev[c["mode"]], cdate, ev[c["place_kb_id"]],
                                    ev[c["place_name"]], ev[c["country"]], ev[c["lat"]], ev[c["lon"]], ckeys,
                                    dumps(ref), stamp))
                    self._reps[cluster_id] = ref
                    if cdate is not None:
                        index(cluster_id, ev[c["type"]], cdate, ev[c["place_kb_id"]], ckeys)
                used.add(cluster_id)
                ev[c["cluster_id"]] = cluster_id
        if created:  # one statement for the batch's new clusters, before its events point at them
            self._insert_rows("event_clusters", CLUSTER_COLUMNS, created)

    def _cluster_ids(self) -> Iterator[int]:
        """Ids for new event clusters, increasing, in this write transaction (which holds SQLite's
        write lock, so no other writer takes them)."""
        top = int(self._execute("SELECT COALESCE(MAX(id), 0) FROM event_clusters")[0][0])
        while True:
            top += 1
            yield top

    def _representative(self, cluster_id: int) -> EventRef:
        rep = self._reps.get(cluster_id)
        if rep is None:
            value = self._execute("SELECT representative FROM event_clusters WHERE id = ?", (cluster_id,))[0][0]
            loaded = json.loads(value) if isinstance(value, str | bytes) else value
            rep = (loaded[0], loaded[1])
            if len(self._reps) > 100_000:
                self._reps.clear()
            self._reps[cluster_id] = rep
        return rep

    @locked
    def start_run(self, command: str, inputs: list[str], pipeline_version: str) -> int:
        with self._transaction():
            return self._insert_returning_id(
                "INSERT INTO runs (command, inputs, pipeline_version, started_at) VALUES (?, ?, ?, ?)",
                (command, json.dumps(inputs, ensure_ascii=False), pipeline_version, now()))

    @locked
    def finish_run(self, run_id: int, *, documents: int, skipped: int, errors: int) -> None:
        with self._transaction():
            self._execute("UPDATE runs SET finished_at = ?, documents = ?, skipped = ?, errors = ? WHERE id = ?",
                          (now(), documents, skipped, errors, run_id))

    @locked
    def delete(self, doc_id: str) -> bool:
        """Remove one document and every row it made; False when it was not stored."""
        with self._transaction():
            found = bool(self._execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)))
            self._delete([doc_id])
        return found

    # -- filters ----------------------------------------------------------------------------------
    def _doc_conditions(self, f: Filters, alias: str = "d", *, skip: Iterable[str] = ()) -> tuple[list[str], list[Any]]:
        """SQL conditions on a ``documents`` alias for the filters (those not in ``skip``)."""
        skipped = set(skip)
        conds: list[str] = []
        params: list[Any] = []

        def want(name: str) -> Any:
            return None if name in skipped else getattr(f, name)

        if want("date_from"):
            conds.append(f"{alias}.published >= ?")
            params.append(f.date_from)
        if want("date_to"):
            conds.append(f"{alias}.published <= ?")
            params.append(f.date_to)
        if want("outlet"):
            conds.append(f"{alias}.outlet = ?")
            params.append(f.outlet)
        if want("entity"):
            conds.append(f"EXISTS (SELECT 1 FROM doc_entities fe WHERE fe.document_id = {alias}.id AND fe.kb_id = ?)")
            params.append(f.entity)
        if want("country"):
            conds.append(f"EXISTS (SELECT 1 FROM doc_entities fc WHERE fc.document_id = {alias}.id "
                         "AND fc.country = ?)")
            params.append(f.country)
        ev: list[str] = []
        for name, column in (("event_type", "type"), ("modality", "modality"), ("reference", "reference")):
            if want(name):
                ev.append(f"fv.{column} = ?")
                params.append(getattr(f, name))
        if ev:
            conds.append(f"EXISTS (SELECT 1 FROM events fv WHERE fv.document_id = {alias}.id AND {' AND '.join(ev)})")
        qc: list[str] = []
        if want("speaker"):
            qc.append("fq.speaker_kb_id = ?")
            params.append(f.speaker)
        if want("kind"):
            qc.append("fq.kind = ?")
            params.append(f.kind)
        if qc:
            conds.append(f"EXISTS (SELECT 1 FROM quotes fq WHERE fq.document_id = {alias}.id AND {' AND '.join(qc)})")
        return conds, params

    @staticmethod
    def _where(conds: list[str]) -> str:
        return (" WHERE " + " AND ".join(conds)) if conds else ""

    # -- reading ----------------------------------------------------------------------------------
    @locked
    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._execute("SELECT record, stored_at, run_id FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            return None
        record = self._record_value(rows[0][0])
        record["stored_at"] = rows[0][1]
        record["run_id"] = rows[0][2]
        return record

    @locked
    def original(self, doc_id: str) -> bytes | None:
        rows = self._execute("SELECT original FROM documents WHERE id = ?", (doc_id,))
        return bytes(rows[0][0]) if rows and rows[0][0] is not None else None

    _SUMMARY = ("d.id, d.title, d.published, d.outlet, d.url, d.language, d.duplicate_of, d.n_entities, "
                "d.n_quotes, d.n_events, d.stored_at, d.run_id")
    _SUMMARY_KEYS = ("id", "title", "published", "outlet", "url", "language", "duplicate_of", "entities", "quotes",
                     "events", "stored_at", "run_id")

    @locked
    def list_documents(self, filters: Filters = NO_FILTERS, *, limit: int = 20, offset: int = 0) -> Page:
        conds, params = self._doc_conditions(filters)
        where = self._where(conds)
        count = int(self._execute(f"SELECT COUNT(*) FROM documents d{where}", params)[0][0])
        rows = self._execute(f"SELECT {self._SUMMARY} FROM documents d{where} ORDER BY d.published DESC NULLS LAST, "
                             "d.doc_no DESC LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page([dict(zip(self._SUMMARY_KEYS, row, strict=True)) for row in rows], count)

    def iter_records(self, filters: Filters = NO_FILTERS) -> Iterator[dict[str, Any]]:
        conds, params = self._doc_conditions(filters)
        last = -1
        while True:
            with self._lock, self._guard():
                rows = self._execute(
                    f"SELECT d.doc_no, d.record, d.stored_at, d.run_id FROM documents d "
                    f"{self._where([*conds, 'd.doc_no > ?'])} ORDER BY d.doc_no LIMIT 500", [*params, last])
            if not rows:
                return
            for doc_no, value, stored_at, run_id in rows:
                record = self._record_value(value)
                record["stored_at"] = stored_at
                record["run_id"] = run_id
                yield record
                last = doc_no

    @locked
    def search(self, q: str, filters: Filters = NO_FILTERS, *, limit: int = 20, offset: int = 0,
               facets: bool = True) -> SearchResult:
        words = query_words(q)
        narrowing = self._filter_words(filters)
        # filters that the index tokens state exactly need no check row by row
        exact = self._token_exact(filters) if narrowing else set()
        conds, params = self._doc_conditions(filters, skip=exact)
        full_conds, full_params = self._doc_conditions(filters)
        if words or narrowing:
            documents = bool(conds) or not words
            source, match, score, match_params, score_params = self._match([*words, *narrowing], documents=documents)
            full_source, _, _, _, _ = self._match([*words, *narrowing])
            conds, full_conds = [match, *conds], [match, *full_conds]
            doc_no = self._doc_no(documents)
        else:
            source = full_source = "documents d"
            score, match_params, score_params, doc_no = "0", [], [], "d.doc_no"
        base = f"FROM {source}{self._where(conds)}"
        base_params = [*match_params, *params]
        if words:
            inner, order = f"{doc_no} AS doc_no, {score} AS score", "m.score DESC, m.doc_no DESC"
        else:
            inner, order = "d.doc_no AS doc_no, d.published AS published, 0 AS score", (
                "m.published DESC NULLS LAST, m.doc_no DESC")
            score_params = []
        page = self._execute(  # one pass: the page and (window function) the total
            f"SELECT m.doc_no, m.score, COUNT(*) OVER () FROM (SELECT {inner} {base}) m ORDER BY {order} "
            "LIMIT ? OFFSET ?", [*score_params, *base_params, limit, offset])
        if page:
            count = int(page[0][2])
        else:
            count = int(self._execute(f"SELECT COUNT(*) {base}", base_params)[0][0]) if offset else 0
        details = {r[0]: r for r in self._execute(
            f"SELECT doc_no, id, title, published, outlet, url, text FROM documents WHERE doc_no IN {_in(page)}",
            [p[0] for p in page])} if page else {}
        data = []
        for doc_no, value, _ in page:
            r = details[doc_no]
            data.append({"id": r[1], "title": r[2], "published": r[3], "outlet": r[4], "url": r[5],
                         "snippet": snippet(r[6], words), "score": round(float(value or 0.0), 4)})
        result = SearchResult(data, count)
        if facets and count:
            result.facets = self._facets(f"FROM {full_source}{self._where(full_conds)}", [*match_params, *full_params])
        return result

    @staticmethod
    def _token_exact(f: Filters) -> set[str]:
        """Filters whose index tokens say exactly what the filter asks (see ``_filter_words``)."""
        exact = {name for name in ("outlet", "country", "entity") if getattr(f, name)}
        event = [name for name in ("event_type", "modality", "reference") if getattr(f, name)]
        if len(event) == 1:  # several must hold for one event: checked row by row
            exact.add(event[0])
        if months_between(f.date_from, f.date_to) and (f.date_from or "")[8:10] in ("", "01") and (
                (f.date_to or "")[8:10] in ("", "31") or _month_end(f.date_to or "")):
            exact |= {"date_from", "date_to"}
        return exact

    @staticmethod
    def _filter_words(f: Filters) -> list[tuple[str, ...]]:
        """Index tokens that every document passing these filters has (see ``filter_token``)."""
        out: list[tuple[str, ...]] = []
        for name in ("outlet", "country", "event_type", "modality", "reference", "entity"):
            value = getattr(f, name)
            if value:
                out.append((filter_token(name, value),))
        months = months_between(f.date_from, f.date_to)
        if months:
            out.append(tuple(filter_token("month", m) for m in months))
        return out

    def _facets(self, base: str, params: list[Any], top: int = 10) -> dict[str, list[dict[str, Any]]]:
        ids = f"SELECT d.id {base}"
        out: dict[str, list[dict[str, Any]]] = {}
        out["outlet"] = [{"value": v, "count": int(n)} for v, n in self._execute(
            f"SELECT d.outlet, COUNT(*) AS n {base} AND d.outlet IS NOT NULL GROUP BY d.outlet "
            f"ORDER BY n DESC, d.outlet LIMIT {top}" if " WHERE " in base else
            f"SELECT d.outlet, COUNT(*) AS n {base} WHERE d.outlet IS NOT NULL GROUP BY d.outlet "
            f"ORDER BY n DESC, d.outlet LIMIT {top}", params)]
        for name, column in (("event_type", "type"), ("modality", "modality")):
            out[name] = [{"value": v, "count": int(n)} for v, n in self._execute(
                f"SELECT e.{column}, COUNT(DISTINCT e.document_id) AS n FROM events e WHERE e.document_id IN ({ids}) "
                f"GROUP BY e.{column} ORDER BY n DESC, e.{column} LIMIT {top}", params)]
        out["country"] = [{"value": v, "count": int(n)} for v, n in self._execute(
            f"SELECT de.country, COUNT(DISTINCT de.document_id) AS n FROM doc_entities de "
            f"WHERE de.country IS NOT NULL AND de.document_id IN ({ids}) "
            f"GROUP BY de.country ORDER BY n DESC, de.country LIMIT {top}", params)]
        out["entity"] = [{"value": v, "name": name, "count": int(n)} for v, name, n in self._execute(
            f"SELECT de.kb_id, MIN(de.name), COUNT(DISTINCT de.document_id) AS n FROM doc_entities de "
            f"JOIN entities en ON en.kb_id = de.kb_id AND en.local_document_id IS NULL "
            f"WHERE de.document_id IN ({ids}) GROUP BY de.kb_id ORDER BY n DESC, de.kb_id LIMIT {top}", params)]
        return out

    @locked
    def entity(self, kb_id: str) -> dict[str, Any] | None:
        rows = self._execute("SELECT kb_id, type, name, name_en, kind, lat, lon, country, geonames_id, "
                             "local_document_id FROM entities WHERE kb_id = ?", (kb_id,))
        if not rows:
            return None
        r = rows[0]
        geo = None if r[5] is None and r[7] is None else {"lat": r[5], "lon": r[6], "country": r[7],
                                                          "geonames_id": r[8]}
        aliases = [{"text": t, "count": int(n)} for t, n in self._execute(
            "SELECT text, COUNT(*) AS n FROM mentions WHERE kb_id = ? GROUP BY text ORDER BY n DESC, text LIMIT 50",
            (kb_id,))]
        documents = int(self._execute("SELECT COUNT(DISTINCT document_id) FROM doc_entities WHERE kb_id = ?",
                                      (kb_id,))[0][0])
        by_month = [{"month": m, "count": int(n)} for m, n in self._execute(
            "SELECT SUBSTR(d.published, 1, 7) AS month, COUNT(*) FROM mentions m JOIN documents d "
            "ON d.id = m.document_id WHERE m.kb_id = ? AND d.published IS NOT NULL GROUP BY SUBSTR(d.published, 1, 7) "
            "ORDER BY month", (kb_id,))]
        cooc = [{"kb_id": k, "name": name, "count": int(n)} for k, name, n in self._execute(
            "SELECT o.kb_id, MIN(o.name), COUNT(DISTINCT o.document_id) AS n FROM doc_entities s "
            "JOIN doc_entities o ON o.document_id = s.document_id AND o.kb_id <> s.kb_id "
            "JOIN entities oe ON oe.kb_id = o.kb_id AND oe.local_document_id IS NULL "
            "WHERE s.kb_id = ? GROUP BY o.kb_id ORDER BY n DESC, o.kb_id LIMIT 20", (kb_id,))]
        return {"kb_id": r[0], "type": r[1], "name": r[2], "name_en": r[3], "kind": r[4], "geo": geo,
                "local_to": r[9], "aliases": aliases, "documents": documents, "mentions_by_month": by_month,
                "quotes": self._quotes(Filters(speaker=kb_id), None, 50, 0).data,
                "events_as_actor": self._events(Filters(), 50, 0, "-date", role=("actor", kb_id)).data,
                "events_as_target": self._events(Filters(), 50, 0, "-date", role=("target", kb_id)).data,
                "cooccurring": cooc}

    @locked
    def list_entities(self, filters: Filters = NO_FILTERS, *, q: str | None = None, limit: int = 20,
                      offset: int = 0) -> Page:
        conds, params = self._doc_conditions(filters, skip=("entity", "country"))
        if filters.entity:
            conds.append("e.kb_id = ?")
            params.append(filters.entity)
        if filters.country:
            conds.append("e.country = ?")
            params.append(filters.country)
        if q:
            conds.append("e.name_norm LIKE ?")
            params.append("%" + fold(q).strip() + "%")
        base = ("FROM entities e JOIN doc_entities de ON de.kb_id = e.kb_id JOIN documents d ON d.id = de.document_id"
                + self._where(conds))
        count = int(self._execute(f"SELECT COUNT(DISTINCT e.kb_id) {base}", params)[0][0])
        rows = self._execute(
            f"SELECT e.kb_id, e.type, e.name, e.name_en, e.kind, e.country, COUNT(DISTINCT de.document_id) AS n, "
            f"SUM(de.n_mentions) {base} GROUP BY e.kb_id, e.type, e.name, e.name_en, e.kind, e.country "
            "ORDER BY n DESC, e.kb_id LIMIT ? OFFSET ?", [*params, limit, offset])
        keys = ("kb_id", "type", "name", "name_en", "kind", "country", "documents", "mentions")
        return Page([dict(zip(keys, (*r[:6], int(r[6]), int(r[7] or 0)), strict=True)) for r in rows], count)

    @locked
    def list_quotes(self, filters: Filters = NO_FILTERS, *, q: str | None = None, limit: int = 20,
                    offset: int = 0) -> Page:
        return self._quotes(filters, q, limit, offset)

    def _quotes(self, filters: Filters, q: str | None, limit: int, offset: int) -> Page:
        conds, params = self._doc_conditions(filters, skip=("speaker", "kind", "entity"))
        for name, column in (("speaker", "speaker_kb_id"), ("kind", "kind")):
            if getattr(filters, name):
                conds.append(f"q.{column} = ?")
                params.append(getattr(filters, name))
        if filters.entity:
            conds.append("(q.speaker_kb_id = ? OR q.addressee_kb_id = ?)")
            params += [filters.entity, filters.entity]
        if q:
            conds.append("q.content_norm LIKE ?")
            params.append("%" + fold(q).strip() + "%")
        base = "FROM quotes q JOIN documents d ON d.id = q.document_id" + self._where(conds)
        count = int(self._execute(f"SELECT COUNT(*) {base}", params)[0][0])
        rows = self._execute(
            f"SELECT q.document_id, q.id, q.kind, q.content, q.cue, q.speaker_kb_id, q.speaker_name, q.speaker_text, "
            f"q.addressee_kb_id, q.addressee_name, d.published, d.outlet, q.content_start, q.content_end {base} "
            "ORDER BY d.published DESC NULLS LAST, q.document_id, q.id LIMIT ? OFFSET ?", [*params, limit, offset])
        data = [{"doc_id": r[0], "id": r[1], "kind": r[2], "content": r[3], "cue": r[4],
                 "speaker": {"kb_id": r[5], "name": r[6] or r[7]},
                 "addressee": {"kb_id": r[8], "name": r[9]} if r[8] else None,
                 "published": r[10], "outlet": r[11], "start": r[12], "end": r[13]} for r in rows]
        return Page(data, count)

    @locked
    def list_events(self, filters: Filters = NO_FILTERS, *, limit: int = 20, offset: int = 0,
                    sort: str = "-date") -> Page:
        return self._events(filters, limit, offset, sort)

    def _event_conditions(self, filters: Filters, role: tuple[str, str] | None = None) -> tuple[list[str], list[Any]]:
        conds, params = self._doc_conditions(
            filters, skip=("event_type", "modality", "reference", "country", "entity"))
        for name, column in (("event_type", "type"), ("modality", "modality"), ("reference", "reference"),
                             ("country", "country")):
            if getattr(filters, name):
                conds.append(f"e.{column} = ?")
                params.append(getattr(filters, name))
        if filters.entity:
            conds.append("(e.place_kb_id = ? OR EXISTS (SELECT 1 FROM event_actors a WHERE a.document_id = "
                         "e.document_id AND a.event_id = e.id AND a.kb_id = ?))")
            params += [filters.entity, filters.entity]
        if role:
            conds.append("EXISTS (SELECT 1 FROM event_actors a WHERE a.document_id = e.document_id "
                         "AND a.event_id = e.id AND a.role = ? AND a.kb_id = ?)")
            params += list(role)
        return conds, params

    def _events(self, filters: Filters, limit: int, offset: int, sort: str,
                role: tuple[str, str] | None = None) -> Page:
        if sort not in EVENT_SORTS:
            raise StoreError(f"unknown event sort {sort!r}; use one of {', '.join(EVENT_SORTS)}")
        conds, params = self._event_conditions(filters, role)
        base = "FROM events e JOIN documents d ON d.id = e.document_id" + self._where(conds)
        count = int(self._execute(f"SELECT COUNT(*) {base}", params)[0][0])
        rows = self._execute(
            f"SELECT e.document_id, e.id, e.type, e.mode, e.acled_event_type, e.acled_sub_event_type, e.trigger, "
            f"e.place_kb_id, e.place_name, e.lat, e.lon, e.country, e.date, e.date_precision, e.dead, e.injured, "
            f"e.size, e.modality, e.reference, e.cluster_id, d.published, d.outlet, e.trigger_start, e.trigger_end "
            f"{base} ORDER BY {EVENT_SORTS[sort]}, e.document_id, e.id LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page(self._event_items(rows), count)

    def _event_items(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        if not rows:
            return []
        keys = [(r[0], r[1]) for r in rows]
        doc_ids = sorted({k[0] for k in keys})
        people: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {k: {"actor": [], "target": []} for k in keys}
        for doc_id, event_id, role, kb_id, name in self._execute(
                f"SELECT document_id, event_id, role, kb_id, name FROM event_actors WHERE document_id IN "
                f"{_in(doc_ids)} ORDER BY document_id, event_id, role, position", doc_ids):
            if (doc_id, event_id) in people:
                people[(doc_id, event_id)][role].append({"kb_id": kb_id, "name": name})
        out = []
        for r in rows:
            who = people[(r[0], r[1])]
            out.append({
                "doc_id": r[0], "id": r[1], "type": r[2], "mode": r[3],
                "acled": {"event_type": r[4], "sub_event_type": r[5]} if r[4] else None,
                "trigger": r[6], "actors": who["actor"], "targets": who["target"],
                "place": {"kb_id": r[7], "name": r[8], "lat": r[9], "lon": r[10], "country": r[11]} if r[7] else None,
                "date": r[12], "date_precision": r[13], "dead": r[14], "injured": r[15], "size": r[16],
                "modality": r[17], "reference": r[18], "cluster_id": r[19], "published": r[20], "outlet": r[21],
                "start": r[22], "end": r[23]})
        return out

    @locked
    def event_clusters(self, filters: Filters = NO_FILTERS, *, limit: int = 20, offset: int = 0) -> Page:
        conds: list[str] = []
        params: list[Any] = []
        for name, column in (("event_type", "type"), ("country", "country")):
            if getattr(filters, name):
                conds.append(f"c.{column} = ?")
                params.append(getattr(filters, name))
        if filters.date_from:
            conds.append("c.date >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            conds.append("c.date <= ?")
            params.append(filters.date_to)
        rest = Filters(outlet=filters.outlet, entity=filters.entity, modality=filters.modality,
                       reference=filters.reference)
        econds, eparams = self._event_conditions(rest)
        if econds:
            conds.append("EXISTS (SELECT 1 FROM events e JOIN documents d ON d.id = e.document_id WHERE "
                         "e.cluster_id = c.id AND " + " AND ".join(econds) + ")")
            params += eparams
        base = "FROM event_clusters c" + self._where(conds)
        count = int(self._execute(f"SELECT COUNT(*) {base}", params)[0][0])
        rows = self._execute(
            "SELECT c.id, c.type, c.mode, c.date, c.place_kb_id, c.place_name, c.country, c.lat, c.lon, "
            f"(SELECT COUNT(*) FROM events r WHERE r.cluster_id = c.id) AS n {base} "
            "ORDER BY n DESC, c.date DESC NULLS LAST, c.id LIMIT ? OFFSET ?", [*params, limit, offset])
        if not rows:
            return Page([], count)
        ids = [r[0] for r in rows]
        reports: dict[int, list[dict[str, Any]]] = {int(i): [] for i in ids}
        for cid, doc_id, event_id, outlet, published, dead, injured, date_value in self._execute(
                "SELECT e.cluster_id, e.document_id, e.id, d.outlet, d.published, e.dead, e.injured, e.date "
                f"FROM events e JOIN documents d ON d.id = e.document_id WHERE e.cluster_id IN {_in(ids)} "
                "ORDER BY d.published NULLS LAST, e.document_id, e.id", ids):
            reports[int(cid)].append({"doc_id": doc_id, "event_id": event_id, "outlet": outlet,
                                      "published": published, "dead": dead, "injured": injured,
                                      "date": date_value})
        data = []
        for r in rows:
            reps = reports[int(r[0])]
            dead = [x["dead"] for x in reps if x["dead"] is not None]
            injured = [x["injured"] for x in reps if x["injured"] is not None]
            data.append({"id": int(r[0]), "type": r[1], "mode": r[2], "date": r[3],
                         "place": {"kb_id": r[4], "name": r[5], "country": r[6], "lat": r[7], "lon": r[8]}
                         if r[4] else None,
                         "reports": reps, "sources": len({x["doc_id"] for x in reps}),
                         "dead_min": min(dead) if dead else None, "dead_max": max(dead) if dead else None,
                         "injured_min": min(injured) if injured else None,
                         "injured_max": max(injured) if injured else None})
        return Page(data, count)

    @locked
    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, table in (("documents", "documents"), ("entities", "entities"), ("mentions", "mentions"),
                            ("quotes", "quotes"), ("events", "events"), ("clusters", "event_clusters"),
                            ("runs", "runs"), ("times", "times"), ("event_actors", "event_actors"),
                            ("doc_entities", "doc_entities")):
            out[name] = int(self._execute(f"SELECT COUNT(*) FROM {table}")[0][0])
        out["duplicates"] = int(self._execute("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")[0][0])
        return out

    def _orphans(self) -> list[str]:
        problems = []
        for table in ("doc_entities", "mentions", "quotes", "events", "event_actors", "times"):
            n = int(self._execute(f"SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS "
                                  "(SELECT 1 FROM documents d WHERE d.id = t.document_id)")[0][0])
            if n:
                problems.append(f"{n} row(s) of {table} belong to no stored document")
        checks = (
            ("doc_entities", "SELECT COUNT(*) FROM doc_entities t WHERE NOT EXISTS "
                             "(SELECT 1 FROM entities e WHERE e.kb_id = t.kb_id)", "name an entity that is not stored"),
            ("entities", "SELECT COUNT(*) FROM entities e WHERE e.local_document_id IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM documents d WHERE d.id = e.local_document_id)",
             "are local to a document that is not stored"),
            ("events", "SELECT COUNT(*) FROM events e WHERE e.cluster_id IS NULL OR NOT EXISTS "
                       "(SELECT 1 FROM event_clusters c WHERE c.id = e.cluster_id)", "have no event cluster"),
            ("event_clusters", "SELECT COUNT(*) FROM event_clusters c WHERE NOT EXISTS "
                               "(SELECT 1 FROM events e WHERE e.cluster_id = c.id)", "have no report"),
            ("documents", "SELECT COUNT(*) FROM documents d WHERE d.duplicate_of IS NULL AND (d.n_entities <> "
                          "(SELECT COUNT(*) FROM doc_entities x WHERE x.document_id = d.id) OR d.n_events <> "
                          "(SELECT COUNT(*) FROM events x WHERE x.document_id = d.id))",
             "have entity or event counts that disagree with their rows"),
        )
        for table, sql, what in checks:
            n = int(self._execute(sql)[0][0])
            if n:
                problems.append(f"{n} row(s) of {table} {what}")
        return problems

    # -- DataFrames (marsad.open) -------------------------------------------------------------------
    def _frame(self, sql: str, params: Sequence[Any], columns: Sequence[str]) -> Any:
        import pandas as pd

        with self._lock, self._guard():
            rows = self._execute(sql, params)
        return pd.DataFrame(rows, columns=list(columns))

    def documents_df(self, filters: Filters = NO_FILTERS) -> Any:
        """One row per stored document (no text): id, title, published, outlet, url, counts…"""
        conds, params = self._doc_conditions(filters)
        return self._frame(f"SELECT {self._SUMMARY} FROM documents d{self._where(conds)} ORDER BY d.doc_no",
                           params, self._SUMMARY_KEYS)

    def entities_df(self, filters: Filters = NO_FILTERS) -> Any:
        """One row per entity per document it appears in."""
        conds, params = self._doc_conditions(filters)
        cols = ("document_id", "entity_id", "kb_id", "type", "name", "name_en", "kind", "country", "lat", "lon",
                "n_mentions", "published", "outlet")
        return self._frame(
            "SELECT de.document_id, de.entity_id, de.kb_id, de.type, de.name, e.name_en, de.kind, de.country, e.lat, "
            "e.lon, de.n_mentions, d.published, d.outlet FROM doc_entities de JOIN entities e ON e.kb_id = de.kb_id "
            f"JOIN documents d ON d.id = de.document_id{self._where(conds)} ORDER BY d.doc_no, de.entity_id",
            params, cols)

    def quotes_df(self, filters: Filters = NO_FILTERS) -> Any:
        """One row per quote."""
        conds, params = self._doc_conditions(filters)
        cols = ("document_id", "id", "kind", "content", "cue", "speaker_kb_id", "speaker_name", "addressee_kb_id",
                "published", "outlet")
        return self._frame(
            "SELECT q.document_id, q.id, q.kind, q.content, q.cue, q.speaker_kb_id, "
            "COALESCE(q.speaker_name, q.speaker_text), q.addressee_kb_id, d.published, d.outlet FROM quotes q "
            f"JOIN documents d ON d.id = q.document_id{self._where(conds)} ORDER BY d.doc_no, q.id", params, cols)

    def events_df(self, filters: Filters = NO_FILTERS) -> Any:
        """One row per event (actors/targets as ``;``-joined kb_ids)."""
        conds, params = self._doc_conditions(filters)
        cols = ("document_id", "id", "type", "mode", "acled_event_type", "acled_sub_event_type", "trigger",
                "place_kb_id", "place_name", "lat", "lon", "country", "date", "dead", "injured", "size", "modality",
                "reference", "cluster_id", "published", "outlet")
        frame = self._frame(
            "SELECT e.document_id, e.id, e.type, e.mode, e.acled_event_type, e.acled_sub_event_type, e.trigger, "
            "e.place_kb_id, e.place_name, e.lat, e.lon, e.country, e.date, e.dead, e.injured, e.size, e.modality, "
            "e.reference, e.cluster_id, d.published, d.outlet FROM events e JOIN documents d ON d.id = e.document_id"
            f"{self._where(conds)} ORDER BY d.doc_no, e.id", params, cols)
        with self._lock, self._guard():
            people = self._execute("SELECT document_id, event_id, role, COALESCE(kb_id, entity_id) FROM event_actors "
                                   "ORDER BY document_id, event_id, role, position")
        joined: dict[tuple[str, str, str], list[str]] = {}
        for doc_id, event_id, role, who in people:
            joined.setdefault((doc_id, event_id, role), []).append(str(who))
        for role, column in (("actor", "actors"), ("target", "targets")):
            frame[column] = [";".join(joined.get((d, e, role), [])) for d, e in
                             zip(frame["document_id"], frame["id"], strict=True)]
        return frame

    @locked
    def close(self) -> None:
        self._close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"
