"""Exports in the formats the field uses: ``marsad export --format F``.

``export(records, fmt, out)`` writes an iterable of ``marsad.document/1`` records (from a store's
``iter_records`` or a JSON Lines file) as:

- ``jsonl``: the records as they are, one per line;
- ``csv``: a folder of flat CSV tables (documents, entities, mentions, quotes, events, times;
  UTF-8 with a byte-order mark so that spreadsheet programs show Arabic right);
- ``acled-csv``: one CSV of violent and security events in ACLED's columns (``marsad.export.acled``);
- ``parquet``: a folder with one Parquet file per table (pandas, Spark, DuckDB);
- ``geojson``: events with a located place and places, as one FeatureCollection;
- ``graphml``: the entity co-occurrence and quote network (Gephi).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError
from marsad.export.acled import COLUMNS as ACLED_COLUMNS
from marsad.export.acled import acled_rows
from marsad.export.geo import geojson
from marsad.export.graph import write_graphml
from marsad.export.tables import TABLES, Row, filtered
from marsad.store.base import Filters

FORMATS = ("jsonl", "csv", "acled-csv", "parquet", "geojson", "graphml")


@dataclass
class ExportReport:
    format: str
    path: Path
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _counted(records: Iterable[dict[str, Any]], report: ExportReport) -> Iterator[dict[str, Any]]:
    for record in records:
        report.documents += 1
        yield record


def _tables(records: Iterable[dict[str, Any]]) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    for record in records:
        for name, flatten in TABLES.items():
            tables[name].extend(flatten(record))
    return tables


def _columns(name: str) -> list[str]:
    """Every table's columns, also when it has no rows (from an empty record's flattening)."""
    from marsad.export import tables as t

    probe = {"id": "", "entities": [{"id": "e", "mentions": [{}]}], "quotes": [{}], "events": [{}], "times": [{}]}
    rows = t.TABLES[name](probe)
    return list(rows[0]) if rows else []


def _write_csv(path: Path, rows: list[Row], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(path: Path, rows: list[Row], columns: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {column: [row.get(column) for row in rows] for column in columns}
    pq.write_table(pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns}), path)


def export(records: Iterable[dict[str, Any]], fmt: str, out: str | Path,
           filters: Filters | None = None) -> ExportReport:
    """Write ``records`` (filtered by ``filters``) to ``out`` in format ``fmt`` (see FORMATS)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(out)
    report = ExportReport(fmt, path)
    stream = _counted(filtered(records, filters), report)
    if fmt in ("csv", "parquet"):
        path.mkdir(parents=True, exist_ok=True)
        for name, rows in _tables(stream).items():
            columns = _columns(name)
            if fmt == "csv":
                _write_csv(path / f"{name}.csv", rows, columns)
            else:
                _write_parquet(path / f"{name}.parquet", rows, columns)
            report.rows[name] = len(rows)
        return report
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as handle:
            for record in stream:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        report.rows["documents"] = report.documents
    elif fmt == "acled-csv":
        rows = [row for record in stream for row in acled_rows(record)]
        _write_csv(path, rows, ACLED_COLUMNS)
        report.rows["events"] = len(rows)
    elif fmt == "geojson":
        collection = geojson(stream)
        path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        report.rows["features"] = len(collection["features"])
    else:
        nodes, edges = write_graphml(stream, path)
        report.rows.update(nodes=nodes, edges=edges)
    return report


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records from a JSON Lines file of ``marsad analyze`` output (blank lines skipped)."""
    from marsad.errors import InputError

    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {number} is not JSON ({exc.msg})", origin=str(path)) from exc


__all__ = ["FORMATS", "ExportReport", "export", "read_jsonl"]
