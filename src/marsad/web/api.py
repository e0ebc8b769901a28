"""The JSON API under ``/api``: documents, search, entities, quotes, events, clusters, GeoJSON.

Read routes ask the store in a worker thread (a slow query never blocks the event loop) through
the app's ``ReadCache`` (``marsad.web.cache``), and answer JSON bytes serialised once through their
response model; ``POST /api/documents`` analyses in a worker thread, one article at a time, and
clears the cache. Every error is ``errors.ErrorOut``.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from marsad import __version__
from marsad.document import SCHEMA_ID, Document
from marsad.settings import Settings
from marsad.store.base import Filters, Store
from marsad.web import schemas_out as out
from marsad.web.analysis import analyse_request
from marsad.web.cache import ReadCache, cache_key, media_type_of
from marsad.web.errors import Forbidden, NotFound, Unauthorized
from marsad.web.schemas_in import NO_NUL, DocumentIn, EventSort, EventType, Modality, QuoteKind, Reference

# -- dependencies ------------------------------------------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="A token from MARSAD_API_TOKENS.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def token_matches(given: str, tokens: tuple[str, ...]) -> bool:
    """Whether ``given`` is one of ``tokens``, compared in constant time (every token is tried)."""
    found = False
    for token in tokens:
        found |= hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
    return found


def _authorize(credentials: HTTPAuthorizationCredentials | None, settings: Settings, what: str) -> None:
    tokens = settings.api_token_list
    if not tokens:
        raise Forbidden(f"{what} need a token but the server has none configured; set MARSAD_API_TOKENS "
                        "on the server (see docs/settings.md)")
    if credentials is None or not credentials.credentials:
        raise Unauthorized(f"{what} need a bearer token: send `Authorization: Bearer TOKEN` with a token "
                           "from MARSAD_API_TOKENS")
    if not token_matches(credentials.credentials, tokens):
        raise Forbidden("the bearer token is not one of MARSAD_API_TOKENS; check it")


async def require_write(credentials: Credentials, settings: SettingsDep) -> None:
    _authorize(credentials, settings, "writes")


async def require_read(credentials: Credentials, settings: SettingsDep) -> None:
    if settings.api_read_token_required:
        _authorize(credentials, settings, "reads (MARSAD_API_READ_TOKEN_REQUIRED is on)")


# -- query parameters --------------------------------------------------------------------------
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page (1–100).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
DateFrom = Annotated[date | None, Query(description="From this publication date (YYYY-MM-DD), inclusive.")]
DateTo = Annotated[date | None, Query(description="Up to this publication date (YYYY-MM-DD), inclusive.")]
Outlet = Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="The outlet's name.")]
EntityId = Annotated[str | None, Query(max_length=200, pattern=NO_NUL,
                                       description="kb_id of an entity involved (e.g. Q3820).")]
EventTypeQ = Annotated[EventType | None, Query(description="PLOVER event type.")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 country code.")]
ModalityQ = Annotated[Modality | None, Query(description="How the text presents the event.")]
ReferenceQ = Annotated[Reference | None, Query(description="current: this article's news; background: recalled.")]
TextQ = Annotated[str | None, Query(max_length=500, pattern=NO_NUL, description="Words to look for.")]

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": out.ErrorOut, "description": text}
    for code, text in [(401, "No bearer token where one is needed"), (403, "Token refused"),
                       (422, "Invalid parameters"), (500, "Internal error")]
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": out.ErrorOut, "description": "Not found"}}


def _filters(date_from: date | None = None, date_to: date | None = None, country: str | None = None,
             **given: str | None) -> Filters:
    return Filters(
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        country=country.upper() if country else None,
        **{name: value for name, value in given.items() if value is not None},
    )


def _page(page: Any) -> dict[str, Any]:
    return {"data": page.data, "count": page.count}


def _json(model: type[BaseModel], data: Any) -> bytes:
    """``data`` checked against ``model`` and serialised, as FastAPI would for ``response_model``."""
    return model.model_validate(data).model_dump_json(by_alias=True).encode("utf-8")


async def _answer(request: Request, compute: Callable[[], bytes]) -> Response:
    """The cached answer to this exact request (path and query), computed in a worker thread."""
    path = request.scope["path"]
    cache: ReadCache = request.app.state.cache
    body = await cache.get(cache_key(path, request.scope.get("query_string", b"")), compute)
    return Response(body, media_type=media_type_of(path))


# -- routers -----------------------------------------------------------------------------------
public = APIRouter(tags=["service"])
reads = APIRouter(dependencies=[Depends(require_read)], responses=_ERRORS)
writes = APIRouter(dependencies=[Depends(require_write)], responses=_ERRORS)


@public.get("/health", response_model=out.Health, summary="Is the service up")
async def health() -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "schema": SCHEMA_ID}


@reads.get("/stats", response_model=out.Stats, tags=["service"], summary="How much is stored")
async def stats(request: Request, store: StoreDep) -> Response:
    return await _answer(request, lambda: _json(out.Stats, store.stats()))


# -- documents ---------------------------------------------------------------------------------
@reads.get("/documents", response_model=out.DocumentPage, tags=["documents"], summary="List stored articles")
async def list_documents(request: Request, store: StoreDep, date_from: DateFrom = None, date_to: DateTo = None,
                         outlet: Outlet = None, entity: EntityId = None, event_type: EventTypeQ = None,
                         country: Country = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    filters = _filters(date_from, date_to, country, outlet=outlet, entity=entity, event_type=event_type)
    return await _answer(request, lambda: _json(out.DocumentPage,
                                                _page(store.list_documents(filters, limit=limit, offset=offset))))


DocId = Annotated[str, Path(max_length=200, pattern=NO_NUL, description="The document's id.")]


@reads.get("/documents/{doc_id}", response_model=out.DocumentRecord, responses=_NOT_FOUND, tags=["documents"],
           summary="One article's full record (marsad.document/1)")
async def get_document(request: Request, doc_id: DocId, store: StoreDep) -> Response:
    def compute() -> bytes:
        record = store.get_document(doc_id)
        if record is None:
            raise NotFound(f"no document with id {doc_id!r}; GET /api/documents lists them", origin=doc_id)
        return _json(out.DocumentRecord, record)

    return await _answer(request, compute)


@reads.get("/documents/{doc_id}/original", response_class=Response, responses={
    **_NOT_FOUND, 200: {"description": "The input as it came (HTML page or text).",
                        "content": {"text/html": {}, "text/plain": {}}}}, tags=["documents"],
    summary="The article's input as it came")
def get_original(doc_id: DocId, store: StoreDep) -> Response:
    raw = store.original(doc_id)
    if raw is None:
        known = store.get_document(doc_id) is not None
        raise NotFound(f"no original is kept for document {doc_id!r}" if known else
                       f"no document with id {doc_id!r}; GET /api/documents lists them", origin=doc_id)
    head = raw[:512].lstrip().lower()
    html = head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<"))
    # Served inert: a stored page's scripts must never run on the API's origin.
    headers = {"Content-Security-Policy": "sandbox; default-src 'none'", "X-Content-Type-Options": "nosniff"}
    return Response(raw, media_type="text/html" if html else "text/plain", headers=headers)


@writes.post("/documents", response_model=out.DocumentRecord, status_code=status.HTTP_201_CREATED,
             tags=["documents"], responses={
                 200: {"model": out.DocumentRecord, "description": "Already stored: analysed again and replaced"},
                 413: {"model": out.ErrorOut, "description": "Body larger than MARSAD_API_MAX_BODY_BYTES"},
                 415: {"model": out.ErrorOut, "description": "Input of a kind marsad cannot read"}},
             summary="Analyse an article and store it (needs a bearer token)")
async def post_document(body: DocumentIn, request: Request, response: Response, store: StoreDep,
                        settings: SettingsDep) -> dict[str, Any]:
    limiter = request.app.state.analysis_limiter
    doc: Document = await anyio.to_thread.run_sync(partial(analyse_request, body, settings), limiter=limiter)
    original = body.text if body.text is not None else body.html
    record = await anyio.to_thread.run_sync(partial(_save, store, doc, original))
    existed, stored = record
    request.app.state.cache.clear()
    if existed:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/documents/{doc.id}"
    return stored


def _save(store: Store, doc: Document, original: str | None) -> tuple[bool, dict[str, Any]]:
    existed = store.get_document(doc.id) is not None
    doc_id = store.save(doc, original=original)
    stored = store.get_document(doc_id)
    return existed, stored if stored is not None else doc.to_dict()


# -- search ------------------------------------------------------------------------------------
@reads.get("/search", response_model=out.SearchPage, tags=["search"], summary="Full-text search")
async def search(request: Request, store: StoreDep,
           q: Annotated[str, Query(min_length=1, max_length=500, pattern=NO_NUL,
                                   description="Arabic words; clitics, diacritics and hamza forms are folded.")],
           date_from: DateFrom = None, date_to: DateTo = None, outlet: Outlet = None, entity: EntityId = None,
           event_type: EventTypeQ = None, country: Country = None,
           facets: Annotated[bool, Query(description="Count matches by outlet, event type, country…")] = True,
           limit: Limit = 20, offset: Offset = 0) -> Response:
    filters = _filters(date_from, date_to, country, outlet=outlet, entity=entity, event_type=event_type)

    def compute() -> bytes:
        result = store.search(q, filters, limit=limit, offset=offset, facets=facets)
        return _json(out.SearchPage, {"data": result.data, "count": result.count, "facets": result.facets})

    return await _answer(request, compute)


# -- entities ----------------------------------------------------------------------------------
@reads.get("/entities", response_model=out.EntityPage, tags=["entities"], summary="List entities")
async def list_entities(request: Request, store: StoreDep, q: TextQ = None, date_from: DateFrom = None,
                        date_to: DateTo = None, outlet: Outlet = None, country: Country = None, limit: Limit = 20,
                        offset: Offset = 0) -> Response:
    filters = _filters(date_from, date_to, country, outlet=outlet)
    return await _answer(request, lambda: _json(out.EntityPage,
                                                _page(store.list_entities(filters, q=q, limit=limit, offset=offset))))


@reads.get("/entities/{kb_id}", response_model=out.EntityProfile, responses=_NOT_FOUND, tags=["entities"],
           summary="One entity: mentions, quotes by it, co-occurring entities, a timeline")
async def get_entity(request: Request,
                     kb_id: Annotated[str, Path(max_length=200, pattern=NO_NUL, description="e.g. Q3820")],
                     store: StoreDep) -> Response:
    def compute() -> bytes:
        found = store.entity(kb_id)
        if found is None:
            raise NotFound(f"no stored article mentions an entity with kb_id {kb_id!r}", origin=kb_id)
        return _json(out.EntityProfile, found)

    return await _answer(request, compute)


# -- quotes ------------------------------------------------------------------------------------
@reads.get("/quotes", response_model=out.QuotePage, tags=["quotes"], summary="List quotes")
async def list_quotes(request: Request, store: StoreDep, q: TextQ = None, speaker: EntityId = None,
                      kind: Annotated[QuoteKind | None, Query(description="direct, indirect or mixed.")] = None,
                      entity: EntityId = None, date_from: DateFrom = None, date_to: DateTo = None,
                      outlet: Outlet = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    filters = _filters(date_from, date_to, None, outlet=outlet, entity=entity, speaker=speaker, kind=kind)
    return await _answer(request, lambda: _json(out.QuotePage,
                                                _page(store.list_quotes(filters, q=q, limit=limit, offset=offset))))


# -- events ------------------------------------------------------------------------------------
async def _event_filters(date_from: DateFrom = None, date_to: DateTo = None, outlet: Outlet = None,
                   entity: EntityId = None, event_type: EventTypeQ = None, country: Country = None,
                   modality: ModalityQ = None, reference: ReferenceQ = None) -> Filters:
    return _filters(date_from, date_to, country, outlet=outlet, entity=entity, event_type=event_type,
                    modality=modality, reference=reference)


EventFilters = Annotated[Filters, Depends(_event_filters)]
SortQ = Annotated[EventSort, Query(description="Order: -date (newest first), date, -dead, dead, -published, "
                                               "published (the article's date) or type.")]


@reads.get("/events", response_model=out.EventPage, tags=["events"], summary="List events")
async def list_events(request: Request, store: StoreDep, filters: EventFilters, sort: SortQ = "-date",
                      limit: Limit = 20, offset: Offset = 0) -> Response:
    return await _answer(request, lambda: _json(out.EventPage, _page(
        store.list_events(filters, limit=limit, offset=offset, sort=sort))))


@reads.get("/events.geojson", response_model=out.FeatureCollection, tags=["events"],
           responses={200: {"content": {"application/geo+json": {}}}},
           summary="Events with a located place, as a GeoJSON FeatureCollection")
async def events_geojson(request: Request, store: StoreDep, filters: EventFilters, sort: SortQ = "-date",
                         limit: Annotated[int, Query(ge=1, le=1000, description="Features per page (1–1000).")] = 500,
                         offset: Annotated[int, Query(ge=0, le=1_000_000, description="Features to skip.")] = 0,
                         ) -> Response:
    """``limit`` and ``offset`` count features (located events); ``count`` is every matching event."""
    return await _answer(request, partial(_geojson, store, filters, sort, limit, offset))


def _geojson(store: Store, filters: Filters, sort: str, limit: int, offset: int) -> bytes:
    features: list[dict[str, Any]] = []
    skipped = scanned = 0
    total = 0
    while len(features) < limit:
        page = store.list_events(filters, limit=_GEOJSON_BATCH, offset=scanned, sort=sort)
        total = page.count
        for event in page.data:
            feature = event_feature(event)
            if feature is None:
                continue
            if skipped < offset:
                skipped += 1
            elif len(features) < limit:
                features.append(feature)
        scanned += len(page.data)
        if not page.data or scanned >= page.count:
            break
    return _json(out.FeatureCollection, {"features": features, "count": total})


_GEOJSON_BATCH = 500


def event_feature(event: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Feature (Point at the place's lon/lat) for an event whose place is located."""
    place = event.get("place") or {}
    lat, lon = place.get("lat"), place.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    properties = {name: event.get(name) for name in
                  ("type", "mode", "date", "dead", "injured", "modality", "reference", "doc_id", "trigger")}
    properties["place"] = place.get("name")
    return {"type": "Feature", "id": f"{event.get('doc_id')}/{event.get('id')}",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]}, "properties": properties}


@reads.get("/clusters", response_model=out.ClusterPage, tags=["events"],
           summary="Event clusters: one real-world event and the articles that report it")
async def list_clusters(request: Request, store: StoreDep, date_from: DateFrom = None, date_to: DateTo = None,
                        outlet: Outlet = None, entity: EntityId = None, event_type: EventTypeQ = None,
                        country: Country = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    filters = _filters(date_from, date_to, country, outlet=outlet, entity=entity, event_type=event_type)
    return await _answer(request, lambda: _json(out.ClusterPage,
                                                _page(store.event_clusters(filters, limit=limit, offset=offset))))


router = APIRouter(prefix="/api")
router.include_router(public)
router.include_router(reads)
router.include_router(writes)

__all__ = ["event_feature", "router", "token_matches"]
