"""A ``marsad.document/1`` record turned into the store's rows (pure Python, no database)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.store.text import filter_tokens, fold, search_terms

try:  # orjson, when installed, writes the record JSON several times faster (same JSON)
    import orjson

    def dumps(value: Any) -> str:
        return orjson.dumps(value).decode("utf-8")
except ImportError:  # pragma: no cover - depends on the environment
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

DOCUMENT_COLUMNS = ("id", "title", "published", "published_precision", "outlet", "url", "language", "section",
                    "duplicate_of", "pipeline_version", "run_id", "stored_at", "n_entities", "n_quotes", "n_events",
                    "text", "search_terms", "record", "original", "original_kind")
ENTITY_COLUMNS = ("kb_id", "type", "name", "name_norm", "name_en", "kind", "lat", "lon", "country", "geonames_id",
                  "local_document_id")
DOC_ENTITY_COLUMNS = ("document_id", "entity_id", "kb_id", "type", "name", "kind", "country", "roles", "n_mentions")
MENTION_COLUMNS = ("document_id", "seq", "entity_id", "kb_id", "start_char", "end_char", "text", "kind", "by_step",
                   "confidence")
QUOTE_COLUMNS = ("document_id", "id", "kind", "content", "content_norm", "content_start", "content_end", "cue",
                 "speaker_entity", "speaker_kb_id", "speaker_name", "speaker_text", "addressee_kb_id",
                 "addressee_name", "confidence")
EVENT_COLUMNS = ("document_id", "id", "type", "mode", "acled_event_type", "acled_sub_event_type", "trigger",
                 "trigger_start", "trigger_end", "place_kb_id", "place_name", "lat", "lon", "country", "date",
                 "date_precision", "dead", "injured", "size", "modality", "reference", "claimed_by_kb_id",
                 "reported_by_kb_id", "sentence", "confidence", "cluster_id")
ACTOR_COLUMNS = ("document_id", "event_id", "role", "position", "entity_id", "kb_id", "name")
TIME_COLUMNS = ("document_id", "seq", "value", "precision", "relative", "text", "start_char", "end_char")


@lru_cache(maxsize=1 << 16)
def _fold_name(name: str | None) -> str:
    """``fold`` of an entity name (short, and the same names recur across articles)."""
    return fold(name)


@dataclass
class DocRows:
    """Every row one record makes; ``events`` rows end with a ``cluster_id`` filled in at save."""

    doc_id: str
    document: list[Any]
    record: dict[str, Any] = field(default_factory=dict)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    doc_entities: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[list[Any]] = field(default_factory=list)
    actors: list[tuple[Any, ...]] = field(default_factory=list)
    times: list[tuple[Any, ...]] = field(default_factory=list)


def entity_key(doc_id: str, entity: dict[str, Any]) -> str:
    """The store-wide key of an entity: its ``kb_id``, else ``<doc_id>#<entity id>``."""
    kb_id = entity.get("kb_id")
    return str(kb_id) if kb_id else f"{doc_id}#{entity['id']}"


def _roles_json(roles: Any) -> str:
    return json.dumps(roles, ensure_ascii=False) if roles else "[]"


def _date(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, dict):
        return value.get("value"), value.get("precision")
    return None, None


def _span_text(span: Any) -> str | None:
    return span.get("text") if isinstance(span, dict) else None


def record_rows(record: dict[str, Any], *, stored_at: str, run_id: int | None,
                original: bytes | str | None, as_json: bool = True) -> DocRows:
    """The rows of one record. Duplicates (``meta.duplicate_of``) get only their document row."""
    doc_id = str(record["id"])
    meta = record.get("meta") or {}
    source = meta.get("source") or {}
    published, precision = _date(meta.get("published"))
    duplicate_of = meta.get("duplicate_of")
    entities = record.get("entities") or []
    quotes = record.get("quotes") or []
    events = record.get("events") or []
    if isinstance(original, str):
        original_bytes: bytes | None = original.encode("utf-8")
        original_kind: str | None = "text"
    else:
        original_bytes = original
        original_kind = "bytes" if original is not None else None
    text = record.get("text") or ""
    rows = DocRows(doc_id, record=record, document=[
        doc_id, meta.get("title"), published, precision, source.get("outlet"), source.get("url"),
        meta.get("language"), meta.get("section"), duplicate_of, (record.get("pipeline") or {}).get("version"),
        run_id, stored_at, 0 if duplicate_of else len(entities), 0 if duplicate_of else len(quotes),
        0 if duplicate_of else len(events), text,
        "" if duplicate_of else search_terms(meta.get("title"), text),
        dumps(record) if as_json else record, original_bytes, original_kind,
    ])
    if duplicate_of:
        return rows
    tokens = filter_tokens(meta, [(entity_key(doc_id, e), (e.get("geo") or {}).get("country")) for e in entities],
                           [(ev.get("type"), ev.get("modality"), ev.get("reference")) for ev in events])
    search_at = DOCUMENT_COLUMNS.index("search_terms")
    rows.document[search_at] = f"{rows.document[search_at]} {tokens}".strip()
    by_local: dict[str, dict[str, Any]] = {}
    seq = 0
    for ent in entities:
        key = entity_key(doc_id, ent)
        geo = ent.get("geo") or {}
        by_local[str(ent["id"])] = {"kb_id": key, "name": ent.get("name"), "geo": geo}
        rows.entities.append((key, ent.get("type") or "MISC", ent.get("name") or "", _fold_name(ent.get("name")),
                              ent.get("name_en"), ent.get("kind"), geo.get("lat"), geo.get("lon"),
                              geo.get("country"), geo.get("geonames_id"),
                              None if ent.get("kb_id") else doc_id))
        mentions = ent.get("mentions") or []
        rows.doc_entities.append((doc_id, str(ent["id"]), key, ent.get("type") or "MISC", ent.get("name") or "",
                                  ent.get("kind"), geo.get("country"),
                                  _roles_json(ent.get("roles")), len(mentions)))
        for m in mentions:
            rows.mentions.append((doc_id, seq, str(ent["id"]), key, m.get("start"), m.get("end"), m.get("text") or "",
                                  m.get("kind"), m.get("by"), m.get("confidence")))
            seq += 1

    def ref(local: Any) -> dict[str, Any]:
        return by_local.get(str(local), {}) if local else {}

    for q in quotes:
        content = q.get("content") or {}
        speaker = q.get("speaker") or {}
        who = ref(speaker.get("entity"))
        to = ref(q.get("addressee"))
        rows.quotes.append((doc_id, str(q["id"]), q.get("kind") or "direct", content.get("text") or "",
                            fold(content.get("text")), content.get("start"), content.get("end"),
                            _span_text(q.get("cue")), speaker.get("entity"), who.get("kb_id"), who.get("name"),
                            _span_text(speaker.get("span")), to.get("kb_id"), to.get("name"), q.get("confidence")))
    for ev in events:
        trigger = ev.get("trigger") or {}
        acled = ev.get("acled") or {}
        place = ref(ev.get("place"))
        geo = place.get("geo") or {}
        value, date_precision = _date(ev.get("date"))
        rows.events.append([
            doc_id, str(ev["id"]), ev.get("type"), ev.get("mode"), acled.get("event_type"),
            acled.get("sub_event_type"), trigger.get("text") or "", trigger.get("start"), trigger.get("end"),
            place.get("kb_id"), place.get("name"), geo.get("lat"), geo.get("lon"), geo.get("country"), value,
            date_precision, ev.get("dead"), ev.get("injured"), ev.get("size"), ev.get("modality") or "asserted",
            ev.get("reference") or "current", ref(ev.get("claimed_by")).get("kb_id"),
            ref(ev.get("reported_by")).get("kb_id"), ev.get("sentence"), ev.get("confidence"), None,
        ])
        for role, key in (("actor", "actors"), ("target", "targets")):
            for pos, local in enumerate(ev.get(key) or []):
                who = ref(local)
                rows.actors.append((doc_id, str(ev["id"]), role, pos, str(local), who.get("kb_id"), who.get("name")))
    for seq_t, t in enumerate(record.get("times") or []):
        span = t.get("span") or {}
        rows.times.append((doc_id, seq_t, t.get("value"), t.get("precision") or "unknown", int(bool(t.get("relative"))),
                           span.get("text"), span.get("start"), span.get("end")))
    return rows
