"""Records (``marsad.document/1``) flattened into rows of one table each: documents, entities,
mentions, quotes, events, times. CSV and Parquet exports write these tables; the ACLED, GeoJSON
and GraphML exports start from them too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from marsad.store.base import Filters

Row = dict[str, Any]
SEP = "; "


def _entities(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(e["id"]): e for e in record.get("entities") or []}


def entity_key(record: dict[str, Any], entity: dict[str, Any]) -> str:
    """The entity's id across articles: its kb_id, else ``<doc_id>#<entity id>``."""
    return str(entity.get("kb_id") or f"{record.get('id')}#{entity.get('id')}")


def _published(record: dict[str, Any]) -> str | None:
    published = (record.get("meta") or {}).get("published") or {}
    value = published.get("value")
    return str(value) if value else None


def _sentence(record: dict[str, Any], index: Any) -> str | None:
    sentences = record.get("sentences") or []
    if isinstance(index, int) and 0 <= index < len(sentences):
        start, end = sentences[index]
        return " ".join(str(record.get("text", ""))[start:end].split())
    return None


def document_rows(record: dict[str, Any]) -> list[Row]:
    meta = record.get("meta") or {}
    source = meta.get("source") or {}
    published = meta.get("published") or {}
    return [{
        "doc_id": record.get("id"), "title": meta.get("title"), "published": published.get("value"),
        "published_precision": published.get("precision"), "outlet": source.get("outlet"), "url": source.get("url"),
        "authors": SEP.join(meta.get("authors") or []), "section": meta.get("section"),
        "credits": SEP.join(source.get("credits") or []), "language": meta.get("language"),
        "duplicate_of": meta.get("duplicate_of"), "entities": len(record.get("entities") or []),
        "quotes": len(record.get("quotes") or []), "events": len(record.get("events") or []),
        "pipeline_version": (record.get("pipeline") or {}).get("version"), "text": record.get("text"),
    }]


def entity_rows(record: dict[str, Any]) -> list[Row]:
    rows = []
    for e in record.get("entities") or []:
        geo = e.get("geo") or {}
        rows.append({
            "doc_id": record.get("id"), "entity_id": e.get("id"), "key": entity_key(record, e), "kb_id": e.get("kb_id"),
            "type": e.get("type"), "name": e.get("name"), "name_en": e.get("name_en"), "kind": e.get("kind"),
            "roles": SEP.join(e.get("roles") or []), "lat": geo.get("lat"), "lon": geo.get("lon"),
            "country": geo.get("country"), "geonames_id": geo.get("geonames_id"), "geo_precision": geo.get("precision"),
            "mentions": len(e.get("mentions") or []),
        })
    return rows


def mention_rows(record: dict[str, Any]) -> list[Row]:
    return [{"doc_id": record.get("id"), "entity_id": e.get("id"), "kb_id": e.get("kb_id"), "start": m.get("start"),
             "end": m.get("end"), "text": m.get("text"), "kind": m.get("kind"), "by": m.get("by")}
            for e in record.get("entities") or [] for m in e.get("mentions") or []]


def _name(entities: dict[str, dict[str, Any]], entity_id: Any) -> tuple[str | None, str | None, str | None]:
    """(kb_id or None, Arabic name, English name) of a document entity id."""
    e = entities.get(str(entity_id)) if entity_id else None
    if e is None:
        return None, None, None
    return e.get("kb_id"), e.get("name"), e.get("name_en")


def quote_rows(record: dict[str, Any]) -> list[Row]:
    entities = _entities(record)
    rows = []
    for q in record.get("quotes") or []:
        speaker = q.get("speaker") or {}
        kb_id, name, name_en = _name(entities, speaker.get("entity"))
        span = speaker.get("span") or {}
        content = q.get("content") or {}
        cue = q.get("cue") or {}
        add_kb, add_name, _ = _name(entities, q.get("addressee"))
        rows.append({
            "doc_id": record.get("id"), "quote_id": q.get("id"), "kind": q.get("kind"), "content": content.get("text"),
            "content_start": content.get("start"), "content_end": content.get("end"), "cue": cue.get("text"),
            "speaker_entity": speaker.get("entity"), "speaker_kb_id": kb_id, "speaker": name or span.get("text"),
            "speaker_en": name_en, "speaker_mention": span.get("text"), "addressee_kb_id": add_kb,
            "addressee": add_name, "published": _published(record), "confidence": q.get("confidence"),
        })
    return rows


def place_of(record: dict[str, Any], event: dict[str, Any]) -> dict[str, Any] | None:
    place = event.get("place")
    return _entities(record).get(str(place)) if place else None


def event_rows(record: dict[str, Any]) -> list[Row]:
    entities = _entities(record)
    rows = []
    for ev in record.get("events") or []:
        def names(ids: Any, field: int) -> str:
            return SEP.join(str(n) for n in (_name(entities, i)[field] for i in ids or []) if n)

        place = place_of(record, ev) or {}
        geo = place.get("geo") or {}
        date = ev.get("date") or {}
        acled = ev.get("acled") or {}
        trigger = ev.get("trigger") or {}
        rows.append({
            "doc_id": record.get("id"), "event_id": ev.get("id"), "type": ev.get("type"), "mode": ev.get("mode"),
            "acled_event_type": acled.get("event_type"), "acled_sub_event_type": acled.get("sub_event_type"),
            "trigger": trigger.get("text"), "trigger_start": trigger.get("start"), "trigger_end": trigger.get("end"),
            "actors": names(ev.get("actors"), 1), "actor_kb_ids": names(ev.get("actors"), 0),
            "targets": names(ev.get("targets"), 1), "target_kb_ids": names(ev.get("targets"), 0),
            "place": place.get("name"), "place_en": place.get("name_en"), "place_kb_id": place.get("kb_id"),
            "place_kind": place.get("kind"), "lat": geo.get("lat"), "lon": geo.get("lon"),
            "country": geo.get("country"), "geo_precision": geo.get("precision"),
            "date": date.get("value"), "date_precision": date.get("precision"), "dead": ev.get("dead"),
            "injured": ev.get("injured"), "size": ev.get("size"), "modality": ev.get("modality"),
            "reference": ev.get("reference"), "claimed_by": _name(entities, ev.get("claimed_by"))[1],
            "reported_by": _name(entities, ev.get("reported_by"))[1], "sentence": _sentence(record, ev.get("sentence")),
            "cluster_id": ev.get("cluster_id"), "published": _published(record),
            "outlet": ((record.get("meta") or {}).get("source") or {}).get("outlet"),
        })
    return rows


def time_rows(record: dict[str, Any]) -> list[Row]:
    rows = []
    for t in record.get("times") or []:
        span = t.get("span") or {}
        rows.append({"doc_id": record.get("id"), "value": t.get("value"), "precision": t.get("precision"),
                     "relative": t.get("relative"), "start": span.get("start"), "end": span.get("end"),
                     "text": span.get("text")})
    return rows


TABLES: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "documents": document_rows, "entities": entity_rows, "mentions": mention_rows, "quotes": quote_rows,
    "events": event_rows, "times": time_rows,
}


def matches(record: dict[str, Any], filters: Filters) -> bool:
    """Whether a record passes ``filters`` (for exports from a JSON Lines file; the store filters
    in SQL). Event filters keep a document when any of its events passes."""
    published = _published(record)
    if filters.date_from and (not published or published[:10] < filters.date_from):
        return False
    if filters.date_to and (not published or published[:10] > filters.date_to):
        return False
    meta = record.get("meta") or {}
    if filters.outlet and (meta.get("source") or {}).get("outlet") != filters.outlet:
        return False
    entities = record.get("entities") or []
    if filters.entity and not any(e.get("kb_id") == filters.entity for e in entities):
        return False
    events = record.get("events") or []
    if filters.event_type and not any(e.get("type") == filters.event_type for e in events):
        return False
    if filters.modality and not any(e.get("modality") == filters.modality for e in events):
        return False
    if filters.reference and not any(e.get("reference") == filters.reference for e in events):
        return False
    return not (filters.country and not any((e.get("geo") or {}).get("country") == filters.country
                                            for e in entities))


def filtered(records: Iterable[dict[str, Any]], filters: Filters | None) -> Iterable[dict[str, Any]]:
    if filters is None or filters == Filters():
        return records
    return (r for r in records if matches(r, filters))
