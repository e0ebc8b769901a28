"""The web UI's pages, rendered on the server from the store (Jinja2, autoescaped).

Every page answers with a strict Content-Security-Policy (scripts and styles only from this
origin, no inline script); the one script (``static/app.js``) adds tooltips, tap support and
nothing the pages need to be read. Labels come in English and Arabic (``i18n``).
"""

from __future__ import annotations

import functools
import hmac
import re
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from marsad.errors import MarsadError
from marsad.settings import Settings
from marsad.store.base import Filters, Page, Store
from marsad.web.analysis import analyse_request
from marsad.web.api import token_matches
from marsad.web.schemas_in import DocumentIn
from marsad.web.ui import charts, geo
from marsad.web.ui.i18n import COOKIE, LABELS, pick_lang
from marsad.web.ui.render import highlight, spans_of

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
PAGE_SIZE = 20
EVENT_PAGE = 50
MAP_SAMPLE = 500  # events drawn on the map and counted in the timeline
CSRF_COOKIE = "marsad_csrf"
R = TypeVar("R", bound=Response)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "CRIME",
               "DEMAND", "DISAPPROVE")
MODALITIES = ("asserted", "negated", "hypothetical", "planned", "threatened", "called_for", "claimed", "denied")
EVENT_SORTS = ("-date", "date", "-dead", "dead", "-published", "published", "type")
FILTER_NAMES = ("date_from", "date_to", "outlet", "entity", "event_type", "country", "modality", "reference")

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)


def entity_url(kb_id: str | None) -> str | None:
    return f"/entities/{quote(kb_id, safe=':')}" if kb_id else None


env.globals["entity_url"] = entity_url
env.globals["quote"] = lambda value: quote(str(value), safe="")
env.globals["colour"] = charts.colour

router = APIRouter(include_in_schema=False)


# -- helpers -----------------------------------------------------------------------------------
def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE))


def _with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None drops one)."""
    params = dict(request.query_params)
    params.pop("lang", None)
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = str(value)
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = _lang(request)
    labels = LABELS[lang]
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    html = env.get_template(template).render(
        request=request, lang=lang, dir="rtl" if lang == "ar" else "ltr", t=labels, path=request.url.path,
        switch_url=_with(request, lang="en" if lang == "ar" else "ar"), with_=lambda **c: _with(request, **c),
        csrf=csrf, **context)
    return _finish(request, HTMLResponse(html, status_code=status), csrf)


def _finish(request: Request, response: R, csrf: str | None = None) -> R:
    """The UI's headers (CSP...) and cookies (language chosen, CSRF token) on a page's response."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.query_params.get("lang") in LABELS:
        response.set_cookie(COOKIE, _lang(request), max_age=365 * 86400, samesite="lax")
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, csrf or secrets.token_urlsafe(24), httponly=True, samesite="strict")
    return response


def cached(build: Callable[..., Response]) -> Callable[..., Awaitable[Response]]:
    """A read page served through the app's ``ReadCache`` (the API's: ``MARSAD_API_CACHE_SECONDS``,
    stale-while-revalidate, cleared on writes), keyed by path, query and language; ``build`` runs
    in a worker thread on a miss. Pages so cached hold nothing personal (no CSRF token)."""

    @functools.wraps(build)
    async def route(request: Request, **params: Any) -> Response:
        query = urlencode(sorted((k, v) for k, v in request.query_params.multi_items() if k != "lang"))
        key = f"ui:{_lang(request)}:{request.url.path}?{query}"

        def compute() -> bytes:
            response = build(request, **params)
            return f"{response.status_code}\n".encode() + bytes(response.body)

        raw = await request.app.state.cache.get(key, compute)
        status, body = raw.split(b"\n", 1)
        return _finish(request, HTMLResponse(body, status_code=int(status)))

    return route


def _not_found(request: Request, message: str) -> HTMLResponse:
    return page(request, "error.html", status=404, title=LABELS[_lang(request)]["not_found"], message=message)


def _int(value: str | None, default: int, low: int = 0, high: int = 1_000_000) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def _date(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _filters(request: Request) -> tuple[Filters, dict[str, str]]:
    """The filters in the query string (invalid values are dropped) and the form values to show."""
    q = request.query_params
    chosen: dict[str, str] = {}
    for name in FILTER_NAMES:
        value = (q.get(name) or "").strip()[:200]
        if value and "\x00" not in value:
            chosen[name] = value
    for name in ("date_from", "date_to"):
        if name in chosen and _date(chosen[name]) is None:
            del chosen[name]
    if "country" in chosen:
        chosen["country"] = chosen["country"].upper() if len(chosen["country"]) == 2 else ""
    if chosen.get("event_type") not in (None, *EVENT_TYPES):
        chosen.pop("event_type")
    if chosen.get("modality") not in (None, *MODALITIES):
        chosen.pop("modality")
    if chosen.get("reference") not in (None, "current", "background"):
        chosen.pop("reference")
    chosen = {k: v for k, v in chosen.items() if v}
    return Filters(**chosen), chosen


def _pages(request: Request, count: int, size: int, offset: int) -> dict[str, Any]:
    number = offset // size + 1
    last = max((count + size - 1) // size, 1)
    return {"number": number, "last": last,
            "prev": _with(request, page=number - 1) if number > 1 else None,
            "next": _with(request, page=number + 1) if number < last else None}


def _offset(request: Request, size: int) -> int:
    return (_int(request.query_params.get("page"), 1, 1, 100_000) - 1) * size


# -- home and search ---------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
@cached
def home(request: Request) -> HTMLResponse:
    store = _store(request)
    return page(request, "home.html", stats=store.stats(), recent=store.list_documents(limit=10).data,
                filters={}, q="", event_types=EVENT_TYPES, modalities=MODALITIES)


@router.get("/search", response_class=HTMLResponse)
@cached
def search(request: Request) -> HTMLResponse:
    store = _store(request)
    q = (request.query_params.get("q") or "").replace("\x00", "").strip()[:500]
    filters, chosen = _filters(request)
    offset = _offset(request, PAGE_SIZE)
    facets: dict[str, list[dict[str, Any]]] = {}
    if q:
        result = store.search(q, filters, limit=PAGE_SIZE, offset=offset, facets=offset == 0)
        items, count, facets = result.data, result.count, result.facets
    else:
        listed = store.list_documents(filters, limit=PAGE_SIZE, offset=offset)
        items, count = listed.data, listed.count
    return page(request, "search.html", q=q, filters=chosen, items=items, count=count, facets=facets,
                pages=_pages(request, count, PAGE_SIZE, offset), event_types=EVENT_TYPES, modalities=MODALITIES)


# -- article reader ----------------------------------------------------------------------------
def _entity_index(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(e["id"]): e for e in record.get("entities") or []}


@router.get("/articles/{doc_id}", response_class=HTMLResponse)
@cached
def article(request: Request, doc_id: str) -> HTMLResponse:
    store = _store(request)
    record = store.get_document(doc_id)
    if record is None:
        return _not_found(request, f"no article with id {doc_id!r}")
    text = record.get("text") or ""
    body = highlight(text, spans_of(record))
    entities = _entity_index(record)
    has_original = store.original(doc_id) is not None
    return page(request, "article.html", record=record, body=body, entities=entities,
                meta=record.get("meta") or {}, has_original=has_original)


@router.get("/articles/{doc_id}/original")
def original(request: Request, doc_id: str) -> Response:
    raw = _store(request).original(doc_id)
    if raw is None:
        return _not_found(request, f"no original is kept for the article {doc_id!r}")
    # Shown inert: a sandboxed document with no scripts and nothing fetched, so the stored page's
    # markup never runs on this origin.
    html = raw[:512].lstrip().startswith(b"<")
    return Response(raw, media_type="text/html" if html else "text/plain; charset=utf-8",
                    headers={"Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
                             "X-Content-Type-Options": "nosniff"})


# -- entity page -------------------------------------------------------------------------------
@router.get("/entities/{kb_id:path}", response_class=HTMLResponse)
@cached
def entity(request: Request, kb_id: str) -> HTMLResponse:
    found = _store(request).entity(kb_id)
    if found is None:
        return _not_found(request, f"no stored article mentions an entity with kb_id {kb_id!r}")
    chart = charts.timeline({m["month"]: {"mentions": int(m["count"])} for m in found.get("mentions_by_month") or []})
    geo_info = found.get("geo") or {}
    located = isinstance(geo_info.get("lat"), int | float) and isinstance(geo_info.get("lon"), int | float)
    world = None
    if located:
        x, y = geo.project(float(geo_info["lon"]), float(geo_info["lat"]))
        world = {"countries": geo.countries_svg(), "viewbox": geo.viewbox([(x, y)], pad=15),
                 "points": [{"x": x, "y": y, "r": 0.6, "label": found.get("name_en") or found.get("name")}]}
    return page(request, "entity.html", e=found, chart=chart, world=world)


# -- events ------------------------------------------------------------------------------------
def _event_map(events: list[dict[str, Any]]) -> dict[str, Any]:
    points: list[dict[str, Any]] = []
    for event in events:
        place = event.get("place") or {}
        lat, lon = place.get("lat"), place.get("lon")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        x, y = geo.project(float(lon), float(lat))
        toll = (event.get("dead") or 0) + (event.get("injured") or 0)
        points.append({"x": x, "y": y, "toll": toll, "type": event.get("type"),
                       "label": f"{event.get('type')} · {place.get('name')} · {event.get('date') or ''} · "
                                f"{event.get('dead') or 0}/{event.get('injured') or 0}",
                       "href": f"/articles/{quote(str(event['doc_id']), safe='')}#ann-{event['id']}"})
    box = geo.viewbox([(float(p["x"]), float(p["y"])) for p in points])
    width = float(box.split()[2])
    for point in points:  # radius: a share of the map's width, growing with the square root of the toll
        point["r"] = round(width * (0.005 + 0.0025 * min(float(point["toll"]), 400) ** 0.5), 3)
    points.sort(key=lambda p: -float(p["r"]))  # small circles on top
    return {"countries": geo.countries_svg(), "points": points, "viewbox": box}


@router.get("/events", response_class=HTMLResponse)
@cached
def events(request: Request) -> HTMLResponse:
    store = _store(request)
    filters, chosen = _filters(request)
    sort = request.query_params.get("sort") or "-date"
    sort = sort if sort in EVENT_SORTS else "-date"
    offset = _offset(request, EVENT_PAGE)
    latest = store.list_events(filters, limit=MAP_SAMPLE, sort="-date")  # for the map and the chart
    sample = latest.data
    if sort == "-date" and offset == 0:  # the table's first page is the sample's head
        table = Page(sample[:EVENT_PAGE], latest.count)
    else:
        table = store.list_events(filters, limit=EVENT_PAGE, offset=offset, sort=sort)
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    for event in sample:
        when = str(event.get("date") or event.get("published") or "")
        if len(when) >= 7 and when[4] == "-":
            by_month[when[:7]][str(event.get("type"))] += 1
    clusters = store.event_clusters(filters, limit=10)
    return page(request, "events.html", table=table, filters=chosen, sort=sort, world=_event_map(sample),
                chart=charts.timeline(by_month), sampled=len(sample), clusters=clusters.data,
                clusters_count=clusters.count, pages=_pages(request, table.count, EVENT_PAGE, offset),
                event_types=EVENT_TYPES, modalities=MODALITIES)


# -- quotes ------------------------------------------------------------------------------------
@router.get("/quotes", response_class=HTMLResponse)
@cached
def quotes(request: Request) -> HTMLResponse:
    store = _store(request)
    q = (request.query_params.get("q") or "").replace("\x00", "").strip()[:500] or None
    speaker = (request.query_params.get("speaker") or "").strip()[:200] or None
    kind = request.query_params.get("kind")
    kind = kind if kind in ("direct", "indirect", "mixed") else None
    offset = _offset(request, PAGE_SIZE)
    listed = store.list_quotes(Filters(speaker=speaker, kind=kind), q=q, limit=PAGE_SIZE, offset=offset)
    recent = store.list_quotes(Filters(), limit=500)
    speakers: Counter[tuple[str, str]] = Counter()
    for item in recent.data:
        who = item.get("speaker") or {}
        if who.get("kb_id"):
            speakers[(str(who["kb_id"]), str(who.get("name") or who["kb_id"]))] += 1
    return page(request, "quotes.html", items=listed.data, count=listed.count, q=q or "", speaker=speaker or "",
                kind=kind or "", speakers=speakers.most_common(30),
                pages=_pages(request, listed.count, PAGE_SIZE, offset))


# -- ingest ------------------------------------------------------------------------------------
@dataclass
class Job:
    id: str
    items: list[dict[str, Any]]  # {name, status, doc_id, error, entities, quotes, events}
    started: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return all(item["status"] in ("done", "failed") for item in self.items)


_jobs: dict[str, Job] = {}
_analysis_lock = threading.Lock()  # analyses run one at a time (like the API)


def _analyse_and_store(request_app: Any, body: DocumentIn, original: str | None) -> dict[str, Any]:
    settings: Settings = request_app.state.settings
    store: Store = request_app.state.store
    with _analysis_lock:
        doc = analyse_request(body, settings)
    store.save(doc, original=original)
    request_app.state.cache.clear()
    return {"doc_id": doc.id, "title": doc.meta.title, "entities": len(doc.entities), "quotes": len(doc.quotes),
            "events": len(doc.events)}


def _run_job(app: Any, job: Job, bodies: list[DocumentIn | str]) -> None:
    for item, body in zip(job.items, bodies, strict=True):
        item["status"] = "running"
        try:
            if isinstance(body, str):  # a URL: fetched, then analysed
                body = _fetched(body, app.state.settings)
            item.update(_analyse_and_store(app, body, body.html or body.text))
            item["status"] = "done"
        except (MarsadError, ValidationError, ValueError, OSError) as exc:
            item.update(status="failed", error=str(exc)[:500])


def _fetched(url: str, settings: Settings) -> DocumentIn:
    from marsad.ingest.fetch import Fetcher

    fetcher = Fetcher(settings)
    try:
        from marsad.ingest.encoding import decode_bytes

        response = fetcher.get(url)
        html, _ = decode_bytes(response.body, declared=response.charset, origin=url)
        return DocumentIn(html=html.replace("\x00", ""), url=url)
    finally:
        fetcher.close()


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    return page(request, "ingest.html", error=None)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest(request: Request) -> Response:
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    given = str(form.get("csrf") or "")
    if not cookie or not hmac.compare_digest(cookie.encode(), given.encode()):
        return page(request, "ingest.html", status=403, error="the form has expired (CSRF check failed); reload it")
    settings = _settings(request)
    tokens = settings.api_token_list
    if not tokens:
        return page(request, "ingest.html", status=403, error="the server has no MARSAD_API_TOKENS configured")
    if not token_matches(str(form.get("token") or ""), tokens):
        return page(request, "ingest.html", status=403, error="the API token is not one of MARSAD_API_TOKENS")
    meta = {name: (str(form.get(name) or "").strip() or None) for name in ("title", "outlet", "published")}
    bodies: list[DocumentIn | str] = []
    names: list[str] = []
    try:
        text = str(form.get("text") or "").strip()
        if text:
            bodies.append(DocumentIn(text=text, url=str(form.get("url") or "").strip() or None, **meta))
            names.append(meta["title"] or text[:60])
        for upload in form.getlist("files"):  # UploadFile, or "" when none was chosen
            if not isinstance(upload, str) and upload.filename:
                raw = await upload.read()
                html = _decode_upload(raw, upload.filename)
                if html.strip():
                    bodies.append(DocumentIn(html=html, **meta))
                    names.append(str(upload.filename))
        url = str(form.get("url") or "").strip()
        if url and not text:
            if not url.startswith(("http://", "https://")):
                raise ValueError("the URL must start with http:// or https://")
            bodies.append(url)
            names.append(url)
    except (ValidationError, ValueError) as exc:
        return page(request, "ingest.html", status=422, error=str(exc).splitlines()[0][:300])
    if not bodies:
        return page(request, "ingest.html", status=422, error="give a text, an HTML file or a URL")
    if len(bodies) == 1 and isinstance(bodies[0], DocumentIn):
        body = bodies[0]
        try:
            done = await run_in_threadpool(_analyse_and_store, request.app, body, body.text or body.html)
        except MarsadError as exc:
            return page(request, "ingest.html", status=422, error=str(exc))
        return RedirectResponse(f"/articles/{quote(done['doc_id'], safe='')}", status_code=303)
    job = Job(secrets.token_urlsafe(9), [{"name": n, "status": "waiting"} for n in names])
    _jobs[job.id] = job
    threading.Thread(target=_run_job, args=(request.app, job, bodies), daemon=True).start()
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


def _decode_upload(raw: bytes, name: str) -> str:
    from marsad.ingest.encoding import decode_bytes

    return decode_bytes(raw, origin=name)[0].replace("\x00", "")


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse)
def ingest_job(request: Request, job_id: str) -> HTMLResponse:
    job = _jobs.get(job_id)
    if job is None:
        return _not_found(request, "no such batch (batches are kept in memory until the server restarts)")
    done = sum(item["status"] in ("done", "failed") for item in job.items)
    return page(request, "job.html", job=job, done=done, total=len(job.items))


def safe_markup(html: str) -> Markup:
    """A search snippet (escaped text with ``<mark>``) rebuilt from its text: every piece between
    the marks is unescaped and escaped again, so only ``<mark>`` survives as markup."""
    import html as htmllib

    from markupsafe import escape

    out: list[str] = []
    for i, piece in enumerate(re.split(r"</?mark>", html)):
        text = str(escape(htmllib.unescape(piece)))
        out.append(f"<mark>{text}</mark>" if i % 2 else text)
    return Markup("".join(out))


env.filters["snippet"] = safe_markup
