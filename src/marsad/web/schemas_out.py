"""What the API returns. Lists are ``{data, count}`` (``count``: every match, not just this page).

Items are the store's dicts (``marsad.store.base``) as they are: the models name and document
the fields the contract promises and let any further field through (``extra="allow"``), so a
backend that adds a field never breaks a response.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- errors ------------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    loc: str | None = Field(description="Where: body.FIELD, query.NAME, path.NAME.")
    message: str
    type: str


class ErrorOut(BaseModel):
    """The one error shape (``MarsadError.to_dict()``)."""

    error: str = Field(description="Stable machine-readable code, e.g. not_found, unauthorized, invalid_request.")
    message: str = Field(description="What went wrong and what to do.")
    origin: str | None = Field(description="Where it arose: the path, the parameter, or the input.")
    details: list[ErrorDetail] | None = Field(default=None, description="Validation errors only: every problem.")


# -- small shared pieces -----------------------------------------------------------------------
class EntityRef(Out):
    kb_id: str | None = None
    name: str | None = None


class Place(Out):
    kb_id: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


class FacetValue(Out):
    value: Any = None
    count: int


# -- documents ---------------------------------------------------------------------------------
class DocumentSummary(Out):
    id: str
    title: str | None = None
    published: Any = None
    outlet: str | None = None
    url: str | None = None


class DocumentPage(BaseModel):
    data: list[DocumentSummary]
    count: int


class DocumentRecord(Out):
    """A full ``marsad.document/1`` record (../shared/schema), plus ``stored_at`` and ``run_id``."""

    schema_id: str = Field(alias="schema", description="marsad.document/1")
    id: str
    text: str
    meta: dict[str, Any]
    entities: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    times: list[dict[str, Any]] = []

    model_config = ConfigDict(extra="allow", populate_by_name=True, serialize_by_alias=True)


# -- search ------------------------------------------------------------------------------------
class SearchHit(Out):
    id: str
    title: str | None = None
    published: Any = None
    outlet: str | None = None
    url: str | None = None
    snippet: str | None = Field(default=None, description="HTML-escaped text with <mark>…</mark> around matches.")
    score: float | None = None


class SearchPage(BaseModel):
    data: list[SearchHit]
    count: int
    facets: dict[str, list[FacetValue]] = {}


# -- entities ----------------------------------------------------------------------------------
class EntitySummary(Out):
    kb_id: str
    name: str | None = None
    type: str | None = None


class EntityPage(BaseModel):
    data: list[EntitySummary]
    count: int


class MonthCount(Out):
    month: str
    count: int


class Cooccurring(Out):
    kb_id: str | None = None
    name: str | None = None
    count: int


class EntityProfile(Out):
    """One entity across every stored article."""

    kb_id: str
    type: str | None = None
    name: str | None = None
    name_en: str | None = None
    kind: str | None = None
    geo: dict[str, Any] | None = None
    aliases: list[Any] = Field(default=[], description="Surfaces seen in the articles.")
    documents: int = Field(default=0, description="How many articles mention it.")
    mentions_by_month: list[MonthCount] = Field(default=[], description="A timeline of its mentions.")
    quotes: list[dict[str, Any]] = Field(default=[], description="Quotes by it.")
    events_as_actor: list[dict[str, Any]] = []
    events_as_target: list[dict[str, Any]] = []
    cooccurring: list[Cooccurring] = Field(default=[], description="Entities named in the same articles.")


# -- quotes ------------------------------------------------------------------------------------
class QuoteItem(Out):
    doc_id: str
    id: str
    kind: str | None = None
    content: str | None = None
    cue: str | None = None
    speaker: EntityRef | None = None
    addressee: Any = None
    published: Any = None


class QuotePage(BaseModel):
    data: list[QuoteItem]
    count: int


# -- events ------------------------------------------------------------------------------------
class EventItem(Out):
    doc_id: str
    id: str
    type: str | None = None
    mode: str | None = None
    acled: dict[str, Any] | None = None
    trigger: str | None = None
    actors: list[EntityRef] = []
    targets: list[EntityRef] = []
    place: Place | None = None
    date: Any = None
    dead: int | None = None
    injured: int | None = None
    size: int | None = None
    modality: str | None = None
    reference: str | None = None
    cluster_id: Any = None


class EventPage(BaseModel):
    data: list[EventItem]
    count: int


class ClusterReport(Out):
    doc_id: str
    event_id: str | None = None
    outlet: str | None = None
    published: Any = None
    dead: int | None = None
    injured: int | None = None


class ClusterItem(Out):
    """One real-world event reported by one or more articles."""

    id: Any
    type: str | None = None
    date: Any = None
    place: Place | None = None
    reports: list[ClusterReport] = []
    dead_min: int | None = None
    dead_max: int | None = None


class ClusterPage(BaseModel):
    data: list[ClusterItem]
    count: int


# -- GeoJSON (RFC 7946) ------------------------------------------------------------------------
class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[lon, lat]", min_length=2, max_length=2)


class EventProperties(Out):
    type: str | None = None
    mode: str | None = None
    date: Any = None
    dead: int | None = None
    injured: int | None = None
    modality: str | None = None
    reference: str | None = None
    doc_id: str
    trigger: str | None = None
    place: str | None = None


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Point
    properties: EventProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    count: int = Field(description="Events matching the filters (placed or not), for paging.")


# -- service -----------------------------------------------------------------------------------
class Stats(Out):
    documents: int = 0
    entities: int = 0
    mentions: int = 0
    quotes: int = 0
    events: int = 0
    clusters: int = 0
    runs: int = 0


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    schema_id: str = Field(alias="schema")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
