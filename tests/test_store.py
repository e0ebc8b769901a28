"""The store on SQLite and on a real PostgreSQL server (``store`` fixture, tests/conftest_store.py).

Records are built by hand from Arabic sentences written for these tests, so that every count
is known; one test stores what ``marsad.analyze`` makes of two reports of one bombing.
"""

from __future__ import annotations

import copy
import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest

import marsad
from marsad.errors import StoreError
from marsad.store import Filters, open_store

# -- records ---------------------------------------------------------------------------------------


def record(doc_id: str, text: str, *, title: str | None = None, published: str | None = "2015-07-20",
           outlet: str | None = "الحياة", entities: list[tuple[str, str, str, str | None, str | None]] = (),  # type: ignore[assignment]
           quotes: list[dict[str, Any]] = (), events: list[dict[str, Any]] = (),  # type: ignore[assignment]
           duplicate_of: str | None = None) -> dict[str, Any]:
    """A marsad.document/1 record. ``entities``: (id, type, surface, kb_id, country); every
    occurrence of the surface in the text is a mention."""
    ents = []
    for eid, etype, surface, kb_id, country in entities:
        mentions = []
        start = text.find(surface)
        while start >= 0:
            mentions.append({"start": start, "end": start + len(surface), "text": surface, "kind": "name"})
            start = text.find(surface, start + 1)
        ent: dict[str, Any] = {"id": eid, "type": etype, "name": surface, "name_en": None, "kb_id": kb_id,
                               "kind": "city" if country and etype == "GPE" else None, "mentions": mentions}
        if country:
            lat, lon = COORDS.get(kb_id or "", (30.0, 40.0))
            ent["geo"] = {"lat": lat, "lon": lon, "country": country, "precision": "city"}
        ents.append(ent)
    return {
        "schema": "marsad.document/1", "id": doc_id, "text": text,
        "meta": {"title": title, "language": "ar",
                 "published": {"value": published, "precision": "day"} if published else None,
                 "source": {"url": f"https://example.org/{doc_id}", "outlet": outlet, "credits": []},
                 "authors": [], "section": None, "removed": [], "warnings": [], "origin": None,
                 "duplicate_of": duplicate_of},
        "sentences": [[0, len(text)]], "entities": ents, "quotes": list(quotes), "events": list(events),
        "times": [], "pipeline": {"version": "test", "steps": []},
    }


def span(text: str, part: str) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def event(text: str, eid: str, etype: str, trigger: str, *, place: str | None = None, actors: list[str] = (),  # type: ignore[assignment]
          targets: list[str] = (), date: str | None = None, dead: int | None = None,  # type: ignore[assignment]
          injured: int | None = None, modality: str = "asserted", mode: str | None = None) -> dict[str, Any]:
    return {"id": eid, "type": etype, "mode": mode, "acled": None, "trigger": span(text, trigger),
            "actors": list(actors), "targets": list(targets), "place": place,
            "date": {"value": date, "precision": "day"} if date else None, "dead": dead, "injured": injured,
            "size": None, "modality": modality, "reference": "current"}


BAGHDAD = "Q1530"
MOSUL = "Q83079"
RIYADH = "Q3692"
ISIS = "Q2429253"
INTERIOR = "marsad:iq-interior"
COORDS = {BAGHDAD: (33.34, 44.40), MOSUL: (36.34, 43.13), RIYADH: (24.71, 46.68)}

TEXT_A = ("بغداد - قالت وزارة الداخلية إن انفجار سيارة مفخخة في بغداد أسفر عن مقتل خمسة أشخاص وإصابة عشرة. "
          "وأضافت الوزارة أن تنظيم داعش تبنى التفجير الذي وقع بالعراق في سوق شعبي.")
TEXT_B = ("قتل ثمانية أشخاص في انفجار سيارة مفخخة في بغداد أمس بحسب وزارة الداخلية، "
          "فيما قال مسؤول إن الحكومة ستعاقب المسؤولين عن الهجوم.")
TEXT_C = ("الموصل - تظاهر مئات من أهالي الموصل أمام مبنى المحافظة مطالبين بإعادة الخدمات، "
          "وقال أحد المتظاهرين: \"نريد الماء والكهرباء <الآن> & فوراً\".")
TEXT_D = "الرياض - أعلنت المملكة أن مستشفى الملك فهد استقبل المصابين، وأن الأطباء أجروا عمليات جراحية عاجلة."


def rec_a() -> dict[str, Any]:
    return record("doc-a", TEXT_A, title="انفجار في بغداد", published="2015-07-20", outlet="الحياة",
                  entities=[("e1", "GPE", "بغداد", BAGHDAD, "IQ"), ("e2", "ORG", "وزارة الداخلية", INTERIOR, None),
                            ("e3", "ORG", "تنظيم داعش", ISIS, None), ("e4", "PER", "أشخاص", None, None)],
                  quotes=[{"id": "q1", "kind": "indirect", "content": span(TEXT_A, "انفجار سيارة مفخخة في بغداد"),
                           "cue": span(TEXT_A, "قالت"), "speaker": {"entity": "e2", "span": None}}],
                  events=[event(TEXT_A, "v1", "ASSAULT", "انفجار", place="e1", actors=["e3"], targets=["e4"],
                                date="2015-07-19", dead=5, injured=10, mode="car_bombing")])


def rec_b() -> dict[str, Any]:
    return record("doc-b", TEXT_B, published="2015-07-20", outlet="الشرق الأوسط",
                  entities=[("e1", "GPE", "بغداد", BAGHDAD, "IQ"), ("e2", "ORG", "وزارة الداخلية", INTERIOR, None)],
                  quotes=[{"id": "q1", "kind": "indirect", "content": span(TEXT_B, "الحكومة ستعاقب المسؤولين عن الهجوم"),
                           "cue": span(TEXT_B, "قال"), "speaker": {"entity": None, "span": span(TEXT_B, "مسؤول")}}],
                  events=[event(TEXT_B, "v1", "ASSAULT", "انفجار", place="e1", date="2015-07-19", dead=8,
                                mode="car_bombing")])


def rec_c() -> dict[str, Any]:
    return record("doc-c", TEXT_C, published="2015-08-02", outlet="الحياة",
                  entities=[("e1", "GPE", "الموصل", MOSUL, "IQ")],
                  quotes=[{"id": "q1", "kind": "direct", "content": span(TEXT_C, "نريد الماء والكهرباء <الآن> & فوراً"),
                           "cue": span(TEXT_C, "وقال"), "speaker": {"entity": None, "span": None}}],
                  events=[event(TEXT_C, "v1", "PROTEST", "تظاهر", place="e1", date="2015-08-01", modality="asserted")])


def rec_d() -> dict[str, Any]:
    return record("doc-d", TEXT_D, published="2015-09-10", outlet="عكاظ",
                  entities=[("e1", "GPE", "الرياض", RIYADH, "SA")],
                  events=[event(TEXT_D, "v1", "AID", "استقبل", place="e1", modality="claimed")])


def fill(store: Any) -> None:
    for rec in (rec_a(), rec_b(), rec_c(), rec_d()):
        store.save(rec)


def without_store_keys(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k not in ("stored_at", "run_id")}


# -- writing ---------------------------------------------------------------------------------------


def test_save_get_and_original(store: Any) -> None:
    rec = rec_a()
    assert store.save(rec, original="<p>النص الأصلي</p>") == "doc-a"
    got = store.get_document("doc-a")
    assert without_store_keys(got) == rec
    assert got["stored_at"]
    assert store.original("doc-a") == "<p>النص الأصلي</p>".encode()
    store.save(rec_b(), original=b"\xff\xfe raw bytes")
    assert store.original("doc-b") == b"\xff\xfe raw bytes"
    assert store.get_document("nope") is None and store.original("nope") is None


def test_upsert_is_idempotent(store: Any) -> None:
    fill(store)
    before = store.stats()
    fill(store)
    store.save_many([rec_a(), rec_b(), rec_c(), rec_d()])
    assert store.stats() == before
    assert before["documents"] == 4 and before["events"] == 4 and before["quotes"] == 3
    assert before["clusters"] == 3  # the two Baghdad reports are one event


def test_reanalysis_replaces_rows(store: Any) -> None:
    store.save(rec_a())
    changed = rec_a()
    changed["entities"] = changed["entities"][:1]
    changed["events"] = []
    changed["quotes"] = []
    store.save(changed)
    stats = store.stats()
    assert (stats["documents"], stats["doc_entities"], stats["events"], stats["quotes"], stats["clusters"]) == (1, 1, 0, 0, 0)
    assert store.get_document("doc-a")["events"] == []
    assert store.search("داعش").count == 1  # the text is still indexed once, not twice
    assert store.check() == []


def test_exception_mid_save_leaves_nothing_partial(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(rec_a())
    original = store._insert_rows  # executemany on SQLite, COPY on PostgreSQL

    def failing(table: str, cols: Any, rows: Any) -> None:
        if table == "events":
            raise RuntimeError("disk on fire")
        original(table, cols, rows)

    monkeypatch.setattr(store, "_insert_rows", failing)
    changed = rec_a()
    changed["meta"]["title"] = "عنوان جديد"
    with pytest.raises(RuntimeError):
        store.save(changed)
    with pytest.raises(RuntimeError):
        store.save(rec_b())
    monkeypatch.undo()
    assert store.get_document("doc-a")["meta"]["title"] == "انفجار في بغداد"  # the old version stays whole
    assert store.get_document("doc-b") is None
    stats = store.stats()
    assert (stats["documents"], stats["events"], stats["quotes"], stats["doc_entities"]) == (1, 1, 1, 4)
    assert store.check() == []


def test_duplicates_are_linked_not_analysed(store: Any) -> None:
    store.save(rec_a())
    copy_ = rec_a()
    copy_["id"] = "doc-a-copy"
    copy_["meta"]["duplicate_of"] = "doc-a"
    store.save(copy_)
    stats = store.stats()
    assert stats["documents"] == 2 and stats["duplicates"] == 1
    assert stats["events"] == 1 and stats["doc_entities"] == 4
    assert store.search("داعش").count == 1
    listed = {d["id"]: d for d in store.list_documents().data}
    assert listed["doc-a-copy"]["duplicate_of"] == "doc-a"
    assert store.get_document("doc-a-copy")["meta"]["duplicate_of"] == "doc-a"


def test_runs(store: Any) -> None:
    run = store.start_run("analyze", ["a.txt"], "0.1.0")
    store.save(rec_a(), run_id=run)
    store.finish_run(run, documents=1, skipped=0, errors=0)
    assert store.get_document("doc-a")["run_id"] == run
    assert store.stats()["runs"] == 1


# -- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("العراق", {"doc-a"}),            # written بالعراق
    ("بالعراق", {"doc-a"}),
    ("العِراقُ", {"doc-a"}),           # diacritics in the query
    ("حكومه", {"doc-b"}),             # ta marbuta folded (الحكومة)
    ("مستشفي", {"doc-d"}),            # alef maqsura folded (مستشفى)
    ("اعلنت", {"doc-d"}),             # hamza folded (أعلنت)
    ("وبغداد", {"doc-a", "doc-b"}),   # a clitic on the query word
    ("مفخخة بغداد", {"doc-a", "doc-b"}),
    ("مفخخة الموصل", set()),
    ("كلمةغيرموجودة", set()),
])
def test_search_through_clitics_variants_and_diacritics(store: Any, query: str, expected: set[str]) -> None:
    fill(store)
    result = store.search(query)
    assert {d["id"] for d in result.data} == expected
    assert result.count == len(expected)


def test_search_finds_diacritised_text(store: Any) -> None:
    text = "أعلنت السُّلطاتُ العِراقيّةُ حظرَ التجوّلِ في البصرةِ."
    store.save(record("doc-x", text))
    assert store.search("السلطات").count == 1
    assert store.search("البصره").count == 1
    assert store.search("التجول").count == 1


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(date_from="2015-08-01"), {"doc-c", "doc-d"}),
    (Filters(date_to="2015-07-31"), {"doc-a", "doc-b"}),
    (Filters(date_from="2015-08-01", date_to="2015-08-31"), {"doc-c"}),
    (Filters(outlet="الحياة"), {"doc-a", "doc-c"}),
    (Filters(entity=ISIS), {"doc-a"}),
    (Filters(entity=BAGHDAD), {"doc-a", "doc-b"}),
    (Filters(entity="doc-a#e4"), {"doc-a"}),  # a document-local entity
    (Filters(date_from="2015-07-01", date_to="2015-09-30"), {"doc-a", "doc-b", "doc-c", "doc-d"}),
    (Filters(event_type="PROTEST"), {"doc-c"}),
    (Filters(country="IQ"), {"doc-a", "doc-b", "doc-c"}),
    (Filters(country="SA"), {"doc-d"}),
    (Filters(modality="claimed"), {"doc-d"}),
    (Filters(outlet="الحياة", event_type="ASSAULT"), {"doc-a"}),
])
def test_each_filter(store: Any, filters: Filters, expected: set[str]) -> None:
    fill(store)
    assert {d["id"] for d in store.search("", filters).data} == expected
    assert {d["id"] for d in store.list_documents(filters).data} == expected
    assert {r["id"] for r in store.iter_records(filters)} == expected


def test_search_with_filter_and_facets(store: Any) -> None:
    fill(store)
    result = store.search("", Filters(country="IQ"))
    assert {d["id"] for d in result.data} == {"doc-a", "doc-b", "doc-c"}
    facets = {name: {f["value"]: f["count"] for f in values} for name, values in result.facets.items()}
    assert facets["outlet"] == {"الحياة": 2, "الشرق الأوسط": 1}
    assert facets["event_type"] == {"ASSAULT": 2, "PROTEST": 1}
    assert facets["country"] == {"IQ": 3}
    assert facets["modality"] == {"asserted": 3}
    assert facets["entity"][BAGHDAD] == 2 and facets["entity"][INTERIOR] == 2
    assert all("#" not in key for key in facets["entity"])  # document-local entities are not facets
    assert store.search("بغداد", facets=False).facets == {}
    assert {f["value"]: f["count"] for f in store.search("بغداد").facets["outlet"]} == {"الحياة": 1, "الشرق الأوسط": 1}


def test_pagination_and_scores(store: Any) -> None:
    fill(store)
    first = store.search("بغداد", limit=1)
    second = store.search("بغداد", limit=1, offset=1)
    assert first.count == second.count == 2
    assert {first.data[0]["id"], second.data[0]["id"]} == {"doc-a", "doc-b"}
    assert first.data[0]["score"] >= second.data[0]["score"]


def test_snippet_is_escaped_and_marked(store: Any) -> None:
    fill(store)
    hit = store.search("الكهرباء").data[0]
    assert "<mark>والكهرباء</mark>" in hit["snippet"]
    assert "&lt;الآن&gt; &amp; فوراً" in hit["snippet"]
    assert "<الآن>" not in hit["snippet"]
    hit = store.search("العراق").data[0]
    assert "<mark>بالعراق</mark>" in hit["snippet"]


def test_entity_page(store: Any) -> None:
    fill(store)
    page = store.entity(BAGHDAD)
    assert page["name"] == "بغداد" and page["type"] == "GPE" and page["geo"]["country"] == "IQ"
    assert page["documents"] == 2
    assert page["aliases"] == [{"text": "بغداد", "count": 3}]
    assert page["mentions_by_month"] == [{"month": "2015-07", "count": 3}]
    cooc = {c["kb_id"]: c["count"] for c in page["cooccurring"]}
    assert cooc == {INTERIOR: 2, ISIS: 1}
    isis = store.entity(ISIS)
    assert [(e["doc_id"], e["type"]) for e in isis["events_as_actor"]] == [("doc-a", "ASSAULT")]
    interior = store.entity(INTERIOR)
    assert [q["doc_id"] for q in interior["quotes"]] == ["doc-a"]
    victims = store.entity("doc-a#e4")
    assert [e["id"] for e in victims["events_as_target"]] == ["v1"]
    assert store.entity("Q0") is None


def test_lists(store: Any) -> None:
    fill(store)
    entities = store.list_entities()
    assert entities.count == 6
    assert entities.data[0]["kb_id"] in (BAGHDAD, INTERIOR) and entities.data[0]["documents"] == 2
    assert [e["kb_id"] for e in store.list_entities(q="الموصل").data] == [MOSUL]
    assert store.list_entities(Filters(country="SA")).count == 1
    quotes = store.list_quotes()
    assert quotes.count == 3
    assert store.list_quotes(Filters(speaker=INTERIOR)).data[0]["speaker"]["name"] == "وزارة الداخلية"
    assert store.list_quotes(Filters(kind="direct")).count == 1
    assert store.list_quotes(q="الكهرباء").count == 1
    events = store.list_events(sort="-dead")
    assert events.count == 4 and events.data[0]["dead"] == 8
    assert events.data[0]["place"]["kb_id"] == BAGHDAD
    assert store.list_events(Filters(event_type="PROTEST")).data[0]["doc_id"] == "doc-c"
    assert store.list_events(Filters(entity=ISIS)).data[0]["actors"] == [{"kb_id": ISIS, "name": "تنظيم داعش"}]
    with pytest.raises(StoreError):
        store.list_events(sort="bogus")


def test_clusters_across_articles_keep_every_toll(store: Any) -> None:
    fill(store)
    clusters = store.event_clusters(Filters(event_type="ASSAULT"))
    assert clusters.count == 1
    cluster = clusters.data[0]
    assert cluster["place"]["kb_id"] == BAGHDAD and cluster["date"] == "2015-07-19"
    assert {(r["doc_id"], r["outlet"], r["dead"], r["injured"]) for r in cluster["reports"]} == {
        ("doc-a", "الحياة", 5, 10), ("doc-b", "الشرق الأوسط", 8, None)}
    assert (cluster["dead_min"], cluster["dead_max"]) == (5, 8)
    assert cluster["sources"] == 2
    ids = {e["cluster_id"] for e in store.list_events(Filters(event_type="ASSAULT")).data}
    assert ids == {cluster["id"]}
    assert store.event_clusters().count == 3
    # a report of a bombing elsewhere is another event
    text = TEXT_B.replace("بغداد", "الموصل")
    store.save(record("doc-e", text, entities=[("e1", "GPE", "الموصل", MOSUL, "IQ")],
                      events=[event(text, "v1", "ASSAULT", "انفجار", place="e1", date="2015-07-19", dead=8,
                                    mode="car_bombing")]))
    assert store.event_clusters(Filters(event_type="ASSAULT")).count == 2


def test_analysed_reports_of_one_bombing_cluster(store: Any) -> None:
    one = marsad.analyze("بغداد - قالت وزارة الداخلية العراقية أمس إن انفجار سيارة مفخخة في بغداد أسفر عن مقتل "
                         "خمسة أشخاص وإصابة عشرة آخرين.", published="2015-07-20", outlet="الحياة")
    two = marsad.analyze("قتل ثمانية أشخاص وأصيب 12 آخرون في انفجار سيارة مفخخة في بغداد أمس، بحسب مصادر أمنية.",
                         published="2015-07-20", outlet="الشرق الأوسط")
    store.save(one)
    store.save(two)
    clusters = [c for c in store.event_clusters().data if c["type"] == "ASSAULT"]
    assert len(clusters) == 1
    assert (clusters[0]["dead_min"], clusters[0]["dead_max"]) == (5, 8)
    assert store.search("العراقيه").count == 1
    assert store.search("بغداد", Filters(outlet="الحياة")).count == 1
    assert store.check() == []


def test_dataframes_and_marsad_open(store_target: str) -> None:
    with marsad.open(store_target) as opened:
        fill(opened)
        docs = opened.documents_df()
        assert sorted(docs["id"]) == ["doc-a", "doc-b", "doc-c", "doc-d"]
        assert len(opened.entities_df()) == 8
        assert len(opened.quotes_df()) == 3
        events = opened.events_df()
        assert len(events) == 4
        assert events.set_index("document_id").loc["doc-a", "actors"] == ISIS
        assert len(opened.events_df(Filters(outlet="عكاظ"))) == 1


def test_check_is_clean(store: Any) -> None:
    fill(store)
    assert store.check() == []


def test_reopen_keeps_data_and_version(store_target: str) -> None:
    with open_store(store_target) as first:
        fill(first)
    with open_store(store_target) as again:
        assert again.stats()["documents"] == 4
        assert again.schema_version >= 1


def test_newer_schema_is_refused(store_target: str) -> None:
    with open_store(store_target) as first:
        first.save(rec_a())
        with first._transaction():
            first._execute("UPDATE marsad_meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        open_store(store_target)


def test_threads_share_one_store(store: Any) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            rec = rec_c()
            rec["id"] = f"doc-t{n}"
            store.save(rec)
            store.search("الموصل")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.stats()["documents"] == 6


# -- SQLite only -------------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_refuses_other_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("هذا ليس قاعدة بيانات\n", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('x')")
    conn.close()
    for path in (text, other):
        digest = _digest(path)
        with pytest.raises(StoreError, match="not a marsad database"):
            open_store(str(path))
        assert _digest(path) == digest
        assert not Path(str(path) + "-wal").exists()
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))


def test_sqlite_file_is_plain_for_datasette(tmp_path: Path) -> None:
    path = tmp_path / "marsad.db"
    with open_store(str(path)) as opened:
        fill(opened)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "entities", "doc_entities", "mentions", "quotes", "events", "event_actors", "times",
            "event_clusters", "runs", "migrations", "marsad_meta", "documents_fts"} <= tables
    types = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(events)")}
    assert types["dead"] == "INTEGER" and types["lat"] == "REAL" and types["date"] == "TEXT"
    assert conn.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH 'عراق'").fetchone()[0] == 1
    conn.close()


def test_sqlite_check_finds_problems(tmp_path: Path) -> None:
    path = tmp_path / "marsad.db"
    with open_store(str(path)) as opened:
        fill(opened)
        with opened._transaction():
            opened._execute("INSERT INTO documents_fts(documents_fts, rowid, search_terms) SELECT 'delete', doc_no, "
                            "search_terms FROM documents WHERE id = 'doc-a'")
        opened._conn.execute("PRAGMA foreign_keys = OFF")
        with opened._transaction():
            opened._execute("INSERT INTO quotes (document_id, id, kind, content, content_norm) "
                            "VALUES ('ghost', 'q1', 'direct', 'x', 'x')")
        problems = opened.check()
    assert any("full-text" in p for p in problems)
    assert any("quotes" in p for p in problems)


# -- PostgreSQL only ----------------------------------------------------------------------------------


def test_postgres_lost_connection_mid_batch(pg_schema_url: str) -> None:
    store = open_store(pg_schema_url)
    pid = store._execute("SELECT pg_backend_pid()")[0][0]
    killer = psycopg.connect(pg_schema_url, autocommit=True)

    def records() -> Any:
        for n in range(10):
            rec = copy.deepcopy(rec_c())
            rec["id"] = f"doc-{n}"
            if n == 7:  # the first batch (0-4) is stored; kill the connection inside the second
                killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
            yield rec

    with pytest.raises(StoreError, match="lost the connection") as caught:
        store.save_many(records(), batch_size=5)
    assert "5 document(s) stored before" in str(caught.value)
    store.close()
    killer.close()
    with open_store(pg_schema_url) as again:
        assert again.stats()["documents"] == 5
        assert sorted(d["id"] for d in again.list_documents(limit=10).data) == [f"doc-{n}" for n in range(5)]
        assert again.check() == []


def test_postgres_refuses_foreign_documents_table(pg_schema_url: str) -> None:
    with psycopg.connect(pg_schema_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, body TEXT)")
    with pytest.raises(StoreError, match="not a marsad database"):
        open_store(pg_schema_url)


def test_postgres_url_password_is_masked() -> None:
    from marsad.store.postgres import mask_password

    assert mask_password("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert "secret" not in mask_password("postgresql:///db?password=secret&host=x")


def test_postgres_connection_refused_is_clear() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_exact_copy_with_the_same_id_keeps_the_analysed_record(store: Any) -> None:
    store.save(rec_a())
    same = rec_a()
    same["meta"]["duplicate_of"] = "doc-a"
    same["events"] = []
    store.save(same)
    assert len(store.get_document("doc-a")["events"]) == 1
    assert store.stats()["duplicates"] == 0


def test_batch_upserts_each_entity_once_as_row_by_row_would(store: Any) -> None:
    from marsad.store.rows import ENTITY_COLUMNS
    from marsad.store.sql import _merged_entities

    def ent(kb: str, name_en: Any, lat: Any, country: Any) -> tuple[Any, ...]:
        values = {"kb_id": kb, "type": "GPE", "name": "n-" + str(name_en), "name_norm": "x", "name_en": name_en,
                  "kind": None, "lat": lat, "lon": None, "country": country, "geonames_id": None,
                  "local_document_id": None}
        return tuple(values[c] for c in ENTITY_COLUMNS)

    merged = _merged_entities([ent("k1", None, 1.0, None), ent("k2", "B", None, None), ent("k1", "A", 2.0, "IQ"),
                               ent("k1", "C", None, "SY")])
    assert [dict(zip(ENTITY_COLUMNS, row, strict=True))["kb_id"] for row in merged] == ["k1", "k2"]
    first = dict(zip(ENTITY_COLUMNS, merged[0], strict=True))
    assert (first["name"], first["name_en"], first["lat"], first["country"]) == ("n-None", "A", 1.0, "IQ")
    a, b = rec_a(), rec_b()
    store.save_many([a, b], batch_size=10)  # both name Baghdad and the Interior ministry
    assert store.stats()["documents"] == 2 and store.check() == []
