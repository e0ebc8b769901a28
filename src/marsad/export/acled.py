"""Events as ACLED-style rows, for setting marsad's output beside ACLED data.

Mapping (one row per event whose ``acled`` mapping is not null, i.e. violent and security events
per ../shared/schema/taxonomy.md):

- ``event_date``: the event's date (truncated to its precision: 2015-11 stays 2015-11), else the
  article's publication date for current events; ``year``; ``time_precision`` as ACLED codes it:
  1 a day, 2 a week or month, 3 a year or vaguer.
- ``event_type`` / ``sub_event_type``: the event's ``acled`` mapping.
- ``actor1`` / ``assoc_actor_1``: the first actor's English name (else Arabic) / the others;
  ``actor2`` / ``assoc_actor_2`` the same for targets. ``interaction`` is left empty (ACLED's
  actor-category codes need an actor typology marsad does not assign).
- ``country``: English name of the place's ISO country (marsad knowledge base); ``admin1``: the
  place itself when it is a region; ``location``: the place's English name (else Arabic);
  ``latitude``/``longitude``; ``geo_precision``: 1 point or town, 2 region, 3 country (ACLED).
- ``source``: the outlet; ``notes``: the sentence holding the trigger.
- ``fatalities``: the stated number of dead, 0 when none is stated (ACLED's convention), and
  ``fatalities_stated`` says which of the two it is.
- marsad's own columns: ``modality``, ``reference``, ``injured``, ``doc_id``, ``event_id``,
  ``cluster_id``, ``trigger``.
"""

from __future__ import annotations

from typing import Any

from marsad.export.tables import Row, event_rows

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "interaction", "country", "iso", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities", "fatalities_stated", "modality", "reference",
    "injured", "doc_id", "event_id", "cluster_id", "trigger",
]
_TIME_PRECISION = {"day": 1, "week": 2, "month": 2}
_GEO_PRECISION = {"point": 1, "city": 1, "admin1": 2, "region": 2, "country": 3}


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    from marsad.kb import load_kb

    entry = load_kb().country(code)
    return (entry.name_en or entry.name) if entry is not None else code


def _english_names(record: dict[str, Any], ids: list[Any]) -> list[str]:
    entities = {str(e["id"]): e for e in record.get("entities") or []}
    names = []
    for entity_id in ids or []:
        e = entities.get(str(entity_id))
        if e is not None:
            names.append(str(e.get("name_en") or e.get("name")))
    return names


def acled_rows(record: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    events = {str(e.get("id")): e for e in record.get("events") or []}
    for flat in event_rows(record):
        event = events.get(str(flat["event_id"])) or {}
        if not event.get("acled"):
            continue
        date = flat["date"]
        precision = flat["date_precision"]
        if not date and event.get("reference") == "current":
            date, precision = flat["published"], "day"
        actors = _english_names(record, event.get("actors") or [])
        targets = _english_names(record, event.get("targets") or [])
        kind = flat["place_kind"]
        rows.append({
            "event_id_cnty": f"{flat['doc_id']}-{flat['event_id']}", "event_date": date,
            "year": int(str(date)[:4]) if date and str(date)[:4].isdigit() else None,
            "time_precision": _TIME_PRECISION.get(str(precision), 3) if date else None,
            "event_type": flat["acled_event_type"], "sub_event_type": flat["acled_sub_event_type"],
            "actor1": actors[0] if actors else None, "assoc_actor_1": "; ".join(actors[1:]) or None,
            "actor2": targets[0] if targets else None, "assoc_actor_2": "; ".join(targets[1:]) or None,
            "interaction": None, "country": country_name(flat["country"]), "iso": flat["country"],
            "admin1": (flat["place_en"] or flat["place"]) if kind == "region" else None,
            "location": flat["place_en"] or flat["place"], "latitude": flat["lat"], "longitude": flat["lon"],
            "geo_precision": _GEO_PRECISION.get(str(flat["geo_precision"])) if flat["lat"] is not None else None,
            "source": flat["outlet"], "notes": flat["sentence"],
            "fatalities": flat["dead"] if flat["dead"] is not None else 0,
            "fatalities_stated": flat["dead"] is not None, "modality": flat["modality"],
            "reference": flat["reference"], "injured": flat["injured"], "doc_id": flat["doc_id"],
            "event_id": flat["event_id"], "cluster_id": flat["cluster_id"], "trigger": flat["trigger"],
        })
    return rows
