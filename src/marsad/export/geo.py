"""GeoJSON of events (with a located place) and of places (entities with coordinates)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marsad.export.tables import entity_key, event_rows

_EVENT_PROPERTIES = ("doc_id", "event_id", "type", "mode", "trigger", "actors", "targets", "place", "place_en",
                     "country", "date", "date_precision", "dead", "injured", "size", "modality", "reference",
                     "cluster_id", "published", "outlet")


def geojson(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection: one Point per located event (``feature: "event"``), then one per place
    (``feature: "place"``) with how many mentions and documents the export holds."""
    features: list[dict[str, Any]] = []
    places: dict[str, dict[str, Any]] = {}
    for record in records:
        for row in event_rows(record):
            if row["lat"] is None or row["lon"] is None:
                continue
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                             "properties": {"feature": "event", **{k: row[k] for k in _EVENT_PROPERTIES}}})
        for entity in record.get("entities") or []:
            geo = entity.get("geo") or {}
            if geo.get("lat") is None or geo.get("lon") is None:
                continue
            key = entity_key(record, entity)
            place = places.setdefault(key, {
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [geo["lon"], geo["lat"]]},
                "properties": {"feature": "place", "key": key, "kb_id": entity.get("kb_id"), "name": entity.get("name"),
                               "name_en": entity.get("name_en"), "kind": entity.get("kind"),
                               "country": geo.get("country"), "precision": geo.get("precision"),
                               "mentions": 0, "documents": 0}})
            place["properties"]["mentions"] += len(entity.get("mentions") or [])
            place["properties"]["documents"] += 1
    return {"type": "FeatureCollection", "features": features + list(places.values())}
