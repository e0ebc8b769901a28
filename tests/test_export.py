"""marsad.export: every format written from records and read back; filters; the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from marsad import analyze
from marsad.cli import cli
from marsad.export import FORMATS, export, read_jsonl
from marsad.store.base import Filters

ARTICLES = [
    ("اشتباكات في الموصل",
     "الموصل - قال المتحدث باسم الجيش العراقي إن قوات الجيش اشتبكت أمس مع مسلحين من تنظيم داعش في مدينة الموصل، "
     "ما أسفر عن مقتل خمسة مسلحين وإصابة ثلاثة جنود. وأضاف أن القوات تواصل عملياتها في المدينة.", "2026-03-15", "وكالة أ"),
    ("تظاهرة في بيروت",
     "بيروت - تظاهر مئات من اللبنانيين أمس في وسط بيروت احتجاجاً على غلاء الأسعار. وقال أحد المتظاهرين: "
     "\"لم نعد نحتمل\". وأفاد الصليب الأحمر بأن 12 شخصاً أصيبوا بجروح طفيفة.", "2026-03-20", "صحيفة ب"),
    ("وزير: لا تفاوض",
     "قال وزير الخارجية المصري إن بلاده ترفض أي تفاوض مع الجماعات المسلحة، وأضاف في مؤتمر صحافي في القاهرة أن "
     "\"الأمن القومي خط أحمر\".", "2026-04-02", "وكالة أ"),
]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [analyze(text, title=title, published=date, outlet=outlet).to_dict()
            for title, text, date, outlet in ARTICLES]


def edge_record() -> dict[str, Any]:
    """A hand-built record: an event without a place and with null casualties; text with commas,
    quotation marks and a newline (CSV must quote them)."""
    text = 'قال "مصدر"، إن انفجاراً وقع\nفي الصباح.'
    return {
        "schema": "marsad.document/1", "id": "ar-edge", "text": text,
        "meta": {"title": "عنوان، مع \"فاصلة\"", "published": None, "source": {"url": None, "outlet": None,
                                                                             "credits": []}},
        "sentences": [[0, len(text)]], "entities": [], "quotes": [], "times": [],
        "events": [{"id": "v1", "type": "ASSAULT", "mode": "bombing",
                    "acled": {"event_type": "Explosions/Remote violence",
                              "sub_event_type": "Remote explosive/landmine/IED"},
                    "trigger": {"start": 16, "end": 22, "text": text[16:22]}, "actors": [], "targets": [],
                    "place": None, "date": None, "dead": None, "injured": None, "size": None,
                    "modality": "asserted", "reference": "current", "sentence": 0}],
    }


def test_jsonl_round_trip(records: list[dict[str, Any]], tmp_path: Path) -> None:
    report = export(records, "jsonl", tmp_path / "out.jsonl")
    assert report.documents == 3
    assert list(read_jsonl(tmp_path / "out.jsonl")) == records


def test_csv_tables(records: list[dict[str, Any]], tmp_path: Path) -> None:
    report = export([*records, edge_record()], "csv", tmp_path / "csv")
    assert set(report.rows) == {"documents", "entities", "mentions", "quotes", "events", "times"}
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        docs = list(csv.DictReader(handle))
    assert [d["doc_id"] for d in docs][-1] == "ar-edge"
    assert docs[-1]["title"] == 'عنوان، مع "فاصلة"' and "\n" in docs[-1]["text"]
    with (tmp_path / "csv" / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        entities = list(csv.DictReader(handle))
    assert any(e["name"] == "بيروت" and e["country"] == "LB" for e in entities)
    assert (tmp_path / "csv" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for spreadsheets


def test_acled_csv(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    export([*records, edge_record()], "acled-csv", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edge = next(r for r in rows if r["doc_id"] == "ar-edge")
    assert edge["event_type"] == "Explosions/Remote violence"
    assert edge["fatalities"] == "0" and edge["fatalities_stated"] == "False"
    assert edge["notes"].startswith("قال") and edge["location"] == ""
    for row in rows:
        assert row["event_type"] and row["modality"] and row["reference"]
        if row["latitude"]:
            assert row["geo_precision"] in {"1", "2", "3"} and row["country"]


def test_parquet_tables(records: list[dict[str, Any]], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    export(records, "parquet", tmp_path / "pq")
    documents = pq.read_table(tmp_path / "pq" / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in documents] == [r["id"] for r in records]
    entities = pq.read_table(tmp_path / "pq" / "entities.parquet")
    assert "kb_id" in entities.column_names and entities.num_rows == sum(len(r["entities"]) for r in records)
    empty = pq.read_table(tmp_path / "pq" / "times.parquet")
    assert "value" in empty.column_names


def test_geojson(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "out.geojson"
    export(records, "geojson", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    places = [f for f in collection["features"] if f["properties"]["feature"] == "place"]
    beirut = next(f for f in places if f["properties"]["name"] == "بيروت")
    lon, lat = beirut["geometry"]["coordinates"]
    assert 33 < lat < 34.5 and 35 < lon < 36
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"


def test_graphml(records: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "net.graphml"
    report = export(records, "graphml", path)
    tree = etree.parse(str(path))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = tree.findall(".//g:node", ns)
    edges = tree.findall(".//g:edge", ns)
    assert len(nodes) == report.rows["nodes"] > 0 and len(edges) == report.rows["edges"] > 0
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    kinds = {d.text for d in tree.findall(".//g:edge/g:data[@key='e_kind']", ns)}
    assert "cooccurrence" in kinds


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(outlet="وكالة أ"), 2),
    (Filters(date_from="2026-03-16"), 2),
    (Filters(date_to="2026-03-16"), 1),
    (Filters(country="LB"), 1),
])
def test_filters(records: list[dict[str, Any]], tmp_path: Path, filters: Filters, expected: int) -> None:
    assert export(records, "jsonl", tmp_path / "f.jsonl", filters).documents == expected


def test_cli_export_from_jsonl(records: list[dict[str, Any]], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out), "--from", str(source),
                                          "--outlet", "وكالة أ"])
        assert result.exit_code == 0, result.output
        assert out.exists()
    assert len(list(read_jsonl(tmp_path / "out-jsonl"))) == 2


def test_cli_export_from_a_store(records: list[dict[str, Any]], tmp_path: Path) -> None:
    from marsad.store import open_store

    db = tmp_path / "marsad.db"
    store = open_store(str(db))
    try:
        store.save_many(records)
    finally:
        store.close()
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "geojson", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
