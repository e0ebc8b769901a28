"""The HTTP API (marsad.web) through a real HTTP server on 127.0.0.1, over a real store.

A uvicorn server runs in a thread for the module over a store filled by analysing four short
articles written for these tests; every request goes through httpx over loopback.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from marsad import analyze
from marsad.settings import Settings
from marsad.store import open_store
from marsad.web import create_app

TOKEN = "test-token-" + "x" * 24
OTHER_TOKEN = "second-token-" + "y" * 24

ARTICLES: list[dict[str, str]] = [
    {"text": "بيروت - قال وزير الداخلية اللبناني أمس إن قوى الأمن اعتقلت خمسة أشخاص في طرابلس. "
             "وقتل ثلاثة جنود في هجوم على حاجز للجيش في عرسال.",
     "title": "اعتقالات في طرابلس", "published": "2026-03-02", "outlet": "النهار"},
    {"text": "بغداد - قتل عشرة أشخاص وأصيب عشرون آخرون في انفجار سيارة مفخخة في الموصل صباح اليوم، "
             "وقال المتحدث باسم وزارة الداخلية العراقية إن تنظيم داعش يقف وراء الهجوم.",
     "title": "انفجار في الموصل", "published": "2026-03-05", "outlet": "الشرق الأوسط"},
    {"text": "دمشق - أعلن الجيش السوري أنه استعاد السيطرة على مدينة تدمر بعد معارك عنيفة مع تنظيم داعش. "
             "وقال مصدر عسكري: \"قواتنا تلاحق فلول الإرهابيين في البادية\".",
     "title": "الجيش يستعيد تدمر", "published": "2026-03-10", "outlet": "الحياة"},
    {"text": "القاهرة - تظاهر مئات الطلاب أمام جامعة القاهرة احتجاجا على ارتفاع الأسعار، "
             "وقال أحد المحتجين إن الحكومة تتجاهل مطالبهم.",
     "title": "احتجاج طلابي في القاهرة", "published": "2026-04-01", "outlet": "الأهرام"},
]


# -- the live server ---------------------------------------------------------------------------
class LiveServer:
    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    opened = open_store(tmp_path_factory.mktemp("store") / "marsad.db")
    for article in ARTICLES:
        opened.save(analyze(article["text"], title=article["title"], published=article["published"],
                            outlet=article["outlet"]), original=article["text"])
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def server(store: Any) -> Iterator[LiveServer]:
    settings = Settings(api_tokens=f"{TOKEN}, {OTHER_TOKEN}")
    with LiveServer(create_app(store=store, settings=settings)) as live:
        yield live


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


AUTH = {"Authorization": f"Bearer {TOKEN}"}
ERROR_KEYS = {"error", "message", "origin"}


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error shape: {error, message, origin} (+ details for validation errors)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"details"}, body
    assert body["error"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert body["origin"] is None or isinstance(body["origin"], str)
    assert "Traceback" not in response.text
    return body


def _first_doc_id(client: httpx.Client) -> str:
    return str(client.get("/api/documents", params={"limit": 1}).json()["data"][0]["id"])


# -- service -----------------------------------------------------------------------------------
def test_health_and_openapi(client: httpx.Client) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["schema"] == "marsad.document/1"
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for route in ("/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/original",
                  "/api/entities", "/api/entities/{kb_id}", "/api/quotes", "/api/events", "/api/events.geojson",
                  "/api/clusters", "/api/stats", "/api/health"):
        assert route in paths, route
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_stats(client: httpx.Client) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == len(ARTICLES)


# -- documents ---------------------------------------------------------------------------------
def test_list_documents_and_pagination(client: httpx.Client) -> None:
    everything = client.get("/api/documents").json()
    assert set(everything) == {"data", "count"}
    assert everything["count"] == len(ARTICLES) == len(everything["data"])
    ids = [d["id"] for d in everything["data"]]
    pages = [client.get("/api/documents", params={"limit": 2, "offset": off}).json() for off in (0, 2, 4)]
    assert [d["id"] for p in pages for d in p["data"]] == ids
    assert all(p["count"] == len(ARTICLES) for p in pages)
    assert pages[2]["data"] == []


def test_document_filters(client: httpx.Client) -> None:
    march = client.get("/api/documents", params={"date_from": "2026-03-01", "date_to": "2026-03-31"}).json()
    assert march["count"] == 3
    one = client.get("/api/documents", params={"outlet": "الأهرام"}).json()
    assert one["count"] == 1 and one["data"][0]["title"] == "احتجاج طلابي في القاهرة"
    none = client.get("/api/documents", params={"outlet": "لا أحد"}).json()
    assert none == {"data": [], "count": 0}


def test_get_document_and_original(client: httpx.Client) -> None:
    doc_id = _first_doc_id(client)
    record = client.get(f"/api/documents/{doc_id}").json()
    assert record["schema"] == "marsad.document/1" and record["id"] == doc_id
    for span in record["entities"][0]["mentions"]:
        assert record["text"][span["start"]:span["end"]] == span["text"]
    original = client.get(f"/api/documents/{doc_id}/original")
    assert original.status_code == 200
    assert original.headers["content-type"].startswith("text/plain")
    assert "sandbox" in original.headers["content-security-policy"]
    assert original.text in {a["text"] for a in ARTICLES}


# -- search, entities, quotes, events ----------------------------------------------------------
def test_search(client: httpx.Client) -> None:
    found = client.get("/api/search", params={"q": "داعش"}).json()
    assert {"data", "count", "facets"} <= set(found)
    assert found["count"] == 2
    titles = {hit["title"] for hit in found["data"]}
    assert titles == {"انفجار في الموصل", "الجيش يستعيد تدمر"}
    narrowed = client.get("/api/search", params={"q": "داعش", "outlet": "الحياة"}).json()
    assert narrowed["count"] == 1
    outlets = {f["value"]: f["count"] for f in found["facets"]["outlet"]}
    assert outlets == {"الحياة": 1, "الشرق الأوسط": 1}
    assert client.get("/api/search", params={"q": "بالموصل", "facets": "false"}).json()["count"] == 1  # clitics
    assert client.get("/api/search", params={"q": "\"unbalanced AND ( OR"}).status_code == 200


def test_entities(client: httpx.Client) -> None:
    listed = client.get("/api/entities", params={"limit": 100}).json()
    assert listed["count"] >= 5
    kb_ids = {e["kb_id"] for e in listed["data"]}
    daesh = "Q2429253"  # Islamic State, named in two articles
    assert daesh in kb_ids
    profile = client.get(f"/api/entities/{daesh}").json()
    assert profile["kb_id"] == daesh and profile["name_en"] == "Islamic State"
    assert profile["documents"] == 2
    assert profile["mentions_by_month"] == [{"month": "2026-03", "count": 2}]
    assert profile["events_as_actor"] or profile["events_as_target"]
    assert {c["name"] for c in profile["cooccurring"]} >= {"الموصل", "دمشق"}
    local = next(e["kb_id"] for e in listed["data"] if "#" in e["kb_id"])  # an entity with no KB entry
    assert client.get(f"/api/entities/{quote(local, safe='')}").status_code == 200
    found = client.get("/api/entities", params={"q": "الموصل"}).json()
    assert any(e["kb_id"] == "geonames:99072" for e in found["data"])
    docs = client.get("/api/documents", params={"entity": daesh}).json()
    assert docs["count"] == 2


def test_quotes(client: httpx.Client) -> None:
    quotes = client.get("/api/quotes", params={"limit": 100}).json()
    assert quotes["count"] >= 3
    assert all({"doc_id", "id", "kind"} <= set(q) for q in quotes["data"])
    direct = client.get("/api/quotes", params={"kind": "direct"}).json()
    assert direct["count"] >= 1 and all(q["kind"] == "direct" for q in direct["data"])
    speaker = direct["data"][0]["speaker"]["kb_id"]
    by_speaker = client.get("/api/quotes", params={"speaker": speaker}).json()
    assert by_speaker["count"] >= 1 and all(q["speaker"]["kb_id"] == speaker for q in by_speaker["data"])
    words = client.get("/api/quotes", params={"q": "الإرهابيين"}).json()
    assert words["count"] == 1 and "الإرهابيين" in words["data"][0]["content"]


def test_events_and_filters(client: httpx.Client) -> None:
    events = client.get("/api/events", params={"limit": 100}).json()
    assert events["count"] >= 4
    assault = client.get("/api/events", params={"event_type": "ASSAULT"}).json()
    assert assault["count"] >= 1 and all(e["type"] == "ASSAULT" for e in assault["data"])
    iraq = client.get("/api/events", params={"country": "iq"}).json()
    assert iraq["count"] == 1 and iraq["data"][0]["place"]["name"] == "الموصل"
    assert iraq["data"][0]["dead"] == 10
    by_daesh = client.get("/api/events", params={"entity": "Q2429253"}).json()
    assert by_daesh["count"] == 2
    asserted = client.get("/api/events", params={"modality": "asserted", "reference": "current"}).json()
    assert asserted["count"] >= 1 and all(e["modality"] == "asserted" for e in asserted["data"])
    dates = [e["date"] for e in client.get("/api/events", params={"sort": "date", "limit": 100}).json()["data"]
             if e["date"]]
    assert dates == sorted(dates)
    newest = [e["date"] for e in events["data"] if e["date"]]
    assert newest == sorted(newest, reverse=True)
    march = client.get("/api/events", params={"date_to": "2026-03-31"}).json()
    assert 1 <= march["count"] < events["count"]


def test_geojson(client: httpx.Client) -> None:
    geo = client.get("/api/events.geojson")
    assert geo.status_code == 200
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = geo.json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) >= 3, "Tripoli, Arsal and Mosul are located"
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert 30 < lon < 50 and 25 < lat < 40
        assert {"type", "mode", "date", "dead", "injured", "modality", "reference", "doc_id", "trigger"} <= set(
            feature["properties"])
    first = client.get("/api/events.geojson", params={"limit": 1}).json()["features"]
    second = client.get("/api/events.geojson", params={"limit": 1, "offset": 1}).json()["features"]
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    iraq = client.get("/api/events.geojson", params={"country": "IQ"}).json()
    assert [f["properties"]["trigger"] for f in iraq["features"]] == ["قتل"] or len(iraq["features"]) == 1


def test_clusters(client: httpx.Client) -> None:
    clusters = client.get("/api/clusters").json()
    assert set(clusters) == {"data", "count"}
    assert clusters["count"] >= 4
    assert all(c["reports"] and c["reports"][0]["doc_id"] for c in clusters["data"])
    assault = client.get("/api/clusters", params={"event_type": "ASSAULT"}).json()
    assert assault["count"] >= 1 and all(c["type"] == "ASSAULT" for c in assault["data"])


# -- writing -----------------------------------------------------------------------------------
NEW_ARTICLE = {"text": "عمان - أعلنت مديرية الأمن العام الأردنية اليوم أنها ضبطت شحنة مخدرات على الحدود مع سوريا، "
                       "وقال الناطق باسم المديرية إن التحقيق مستمر.",
               "title": "ضبط شحنة مخدرات", "published": "2026-04-10", "outlet": "الرأي"}


def test_post_then_get_then_repost(client: httpx.Client) -> None:
    created = client.post("/api/documents", json=NEW_ARTICLE, headers=AUTH)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["meta"]["title"] == "ضبط شحنة مخدرات"
    assert created.headers["location"] == f"/api/documents/{record['id']}"
    fetched = client.get(f"/api/documents/{record['id']}").json()
    assert fetched["text"] == record["text"]
    before = client.get("/api/stats").json()["documents"]
    again = client.post("/api/documents", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {OTHER_TOKEN}"})
    assert again.status_code == 200 and again.json()["id"] == record["id"]
    assert client.get("/api/stats").json()["documents"] == before


def test_post_html(client: httpx.Client) -> None:
    body = " ".join([NEW_ARTICLE["text"]] * 3)
    html = f"<html><head><title>خبر</title></head><body><article><h1>خبر من عمان</h1><p>{body}</p></article></body></html>"
    created = client.post("/api/documents", json={"html": html, "outlet": "الغد"}, headers=AUTH)
    assert created.status_code in (200, 201), created.text
    record = created.json()
    assert record["meta"]["source"]["outlet"] == "الغد"
    original = client.get(f"/api/documents/{record['id']}/original")
    assert original.headers["content-type"].startswith("text/html")


# -- errors: one shape for each kind -----------------------------------------------------------
def test_auth(client: httpx.Client) -> None:
    missing = client.post("/api/documents", json=NEW_ARTICLE)
    assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    assert_error(client.post("/api/documents", json=NEW_ARTICLE, headers={"Authorization": "Bearer nope"}),
                 403, "forbidden")
    assert_error(client.post("/api/documents", json=NEW_ARTICLE, headers={"Authorization": f"Basic {TOKEN}"}),
                 401, "unauthorized")
    assert_error(client.post("/api/documents", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}x"}),
                 403, "forbidden")


def test_not_found(client: httpx.Client) -> None:
    body = assert_error(client.get("/api/documents/ar-000000000000000000000000"), 404, "not_found")
    assert body["origin"] == "ar-000000000000000000000000"
    assert_error(client.get("/api/documents/ar-000000000000000000000000/original"), 404, "not_found")
    assert_error(client.get("/api/entities/Q0"), 404, "not_found")
    assert_error(client.get("/api/no-such-route"), 404, "not_found")


def test_method_not_allowed(client: httpx.Client) -> None:
    assert_error(client.delete("/api/documents"), 405, "method_not_allowed")


def test_validation_errors(client: httpx.Client) -> None:
    for params in ({"limit": 0}, {"limit": 101}, {"limit": "many"}, {"offset": -1}, {"date_from": "yesterday"},
                   {"country": "LBN"}, {"event_type": "PARTY"}):
        body = assert_error(client.get("/api/events", params=params), 422, "invalid_request")
        assert body["details"] and body["details"][0]["loc"].startswith("query.")
    assert_error(client.get("/api/search"), 422, "invalid_request")
    assert_error(client.get("/api/search", params={"q": ""}), 422, "invalid_request")


@pytest.mark.parametrize("content,headers", [
    (b"{not json", {"Content-Type": "application/json"}),
    (b"[]", {"Content-Type": "application/json"}),
    (b'{"text": 5}', {"Content-Type": "application/json"}),
    (b'{"title": "no body"}', {"Content-Type": "application/json"}),
    (b'{"text": "a", "html": "<p>b</p>"}', {"Content-Type": "application/json"}),
    (b'{"text": "x", "unknown": 1}', {"Content-Type": "application/json"}),
    (b"plain text", {"Content-Type": "text/plain"}),
    (b"\xff\xfe\x00garbage", {"Content-Type": "application/json"}),
    (b"", {}),
])
def test_malformed_bodies_are_4xx(client: httpx.Client, content: bytes, headers: dict[str, str]) -> None:
    response = client.post("/api/documents", content=content, headers={**AUTH, **headers})
    assert 400 <= response.status_code < 500, response.text
    assert_error(response, response.status_code, response.json()["error"])


def test_article_errors_keep_their_code(client: httpx.Client) -> None:
    english = {"text": "The interior minister said on Monday that five people were arrested in Tripoli."}
    body = assert_error(client.post("/api/documents", json=english, headers=AUTH), 422, "not_arabic")
    assert body["origin"] == "<request>"
    assert_error(client.post("/api/documents", json={"text": "   "}, headers=AUTH), 422, "empty_input")
    assert_error(client.post("/api/documents", json={"html": "<html><body><nav>x</nav></body></html>"},
                         headers=AUTH), 422, "no_article_body")


def test_oversized_post(client: httpx.Client) -> None:
    big = {"text": "خبر " * (Settings().api_max_body_bytes // 4)}
    payload = json.dumps(big).encode()
    assert len(payload) > Settings().api_max_body_bytes
    assert_error(client.post("/api/documents", content=payload, headers={**AUTH, "Content-Type": "application/json"}),
                 413, "input_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        for start in range(0, len(payload), 65536):
            yield payload[start:start + 65536]

    assert_error(client.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}),
                 413, "input_too_large")


def test_unexpected_errors_are_500_without_traceback(store: Any) -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("secret internal detail")

    with LiveServer(create_app(store=Broken(), settings=Settings())) as live:  # type: ignore[arg-type]
        response = httpx.get(f"{live.url}/api/stats")
    body = assert_error(response, 500, "internal_error")
    assert "secret internal detail" not in response.text and "RuntimeError" in body["message"]


def test_read_token_setting(store: Any) -> None:
    settings = Settings(api_tokens=TOKEN, api_read_token_required=True)
    with LiveServer(create_app(store=store, settings=settings)) as live, httpx.Client(base_url=live.url) as http:
        assert_error(http.get("/api/documents"), 401, "unauthorized")
        assert_error(http.get("/api/events", headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
        assert http.get("/api/documents", headers=AUTH).status_code == 200
        # a cached answer is never handed out without the token
        assert_error(http.get("/api/documents"), 401, "unauthorized")
        assert_error(http.get("/api/documents", headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
        assert http.get("/api/health").status_code == 200
        assert http.get("/openapi.json").status_code == 200


def test_writes_refused_without_configured_tokens(store: Any) -> None:
    with LiveServer(create_app(store=store, settings=Settings(api_tokens=""))) as live:
        response = httpx.post(f"{live.url}/api/documents", json=NEW_ARTICLE, headers=AUTH)
    body = assert_error(response, 403, "forbidden")
    assert "MARSAD_API_TOKENS" in body["message"]


def test_vocabularies_match_the_schema() -> None:
    from typing import get_args

    from marsad.web import schemas_in

    schema = json.loads((Path(__file__).resolve().parents[1] / "src/marsad/schema/document.schema.json").read_text())
    events = schema["properties"]["events"]["items"]["properties"]
    assert set(get_args(schemas_in.EventType)) == set(events["type"]["enum"])
    assert set(get_args(schemas_in.Modality)) == set(events["modality"]["enum"])
    assert set(get_args(schemas_in.Reference)) == set(events["reference"]["enum"])
    assert set(get_args(schemas_in.QuoteKind)) == set(schema["properties"]["quotes"]["items"]["properties"]["kind"]["enum"])


def test_token_matches() -> None:
    from marsad.web.api import token_matches

    assert token_matches("a", ("b", "a"))
    assert not token_matches("a", ("b", "c"))
    assert not token_matches("", ("b",))
    assert not token_matches("a", ())


# -- schema-driven fuzzing: no request the OpenAPI description allows may cause a 5xx ----------
# (schemathesis' pytest loader `from_fixture` does not run under pytest 9, so the operations are
# driven through Hypothesis here: valid and invalid requests, a bounded number per operation.)
FUZZ_EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own store, so that what the fuzzer posts never changes what the tests above count."""
    opened = open_store(tmp_path_factory.mktemp("fuzz") / "marsad.db")
    for article in ARTICLES:
        opened.save(analyze(article["text"], title=article["title"], published=article["published"],
                            outlet=article["outlet"]), original=article["text"])
    with LiveServer(create_app(store=opened, settings=Settings(api_tokens=TOKEN))) as live:
        yield live
    opened.close()


def _fuzz(operation: Any, mode: Any, base_url: str, seen: dict[str, set[int]]) -> None:
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.checks import not_a_server_error

    label = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call_and_validate(base_url=base_url, headers=AUTH, checks=[not_a_server_error], timeout=60)
        seen.setdefault(label, set()).add(response.status_code)
        if response.status_code >= 400:
            body = response.json()
            assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"details"}, body

    try:
        run()
    except Unsatisfiable:  # no invalid request exists for an operation without parameters
        assert mode.name == "NEGATIVE", label


@pytest.mark.slow
def test_schemathesis_no_server_errors(fuzz_server: LiveServer) -> None:
    """Every operation of /openapi.json, valid and invalid requests: never a 5xx, errors in the one shape."""
    import schemathesis
    from schemathesis.generation import GenerationMode

    schema = schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    seen: dict[str, set[int]] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, fuzz_server.url, seen)
    assert len(seen) == len(operations)
    assert all(status < 500 for statuses in seen.values() for status in statuses), seen


# -- the read cache ----------------------------------------------------------------------------
def test_read_cache_fresh_stale_clear_and_errors() -> None:
    import asyncio

    from marsad.web.cache import ReadCache

    calls: list[str] = []

    def make(value: bytes) -> Any:
        def compute() -> bytes:
            calls.append(value.decode())
            time.sleep(0.05)
            return value
        return compute

    async def scenario() -> None:
        cache = ReadCache(ttl=0.3)
        # concurrent misses of one key share one computation
        answers = await asyncio.gather(*(cache.get("k", make(b"1")) for _ in range(10)))
        assert answers == [b"1"] * 10 and calls == ["1"]
        assert await cache.get("k", make(b"2")) == b"1"  # fresh
        await asyncio.sleep(0.35)
        assert await cache.get("k", make(b"2")) == b"1"  # stale: served while it refreshes
        await asyncio.sleep(0.1)
        assert await cache.get("k", make(b"3")) == b"2" and calls == ["1", "2"]
        cache.clear()
        assert await cache.get("k", make(b"4")) == b"4"

        def broken() -> bytes:
            raise ValueError("store down")

        for _ in range(2):  # errors are not cached
            with pytest.raises(ValueError, match="store down"):
                await cache.get("e", broken)
        assert await cache.get("e", make(b"5")) == b"5"
        off = ReadCache(ttl=0)
        assert await off.get("k", make(b"6")) == b"6" and await off.get("k", make(b"7")) == b"7"

    asyncio.run(scenario())


def test_cached_answers_are_the_same_answers(client: httpx.Client) -> None:
    for path, params in [("/api/events.geojson", {"limit": "2"}), ("/api/search", {"q": "داعش", "limit": "1"}),
                         ("/api/documents", {"offset": "1", "limit": "2"})]:
        first = client.get(path, params=params)
        again = client.get(path, params=dict(reversed(list(params.items()))))  # same question, other order
        assert first.status_code == again.status_code == 200
        assert first.content == again.content
        assert first.headers["content-type"] == again.headers["content-type"]
    assert client.get("/api/events.geojson").headers["content-type"] == "application/geo+json"
    assert_error(client.get("/api/events", params={"limit": "0"}), 422, "invalid_request")  # never cached


def test_cache_sees_other_writers_and_api_writes(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "marsad.db")
    first, second = ARTICLES[0], ARTICLES[1]
    opened.save(analyze(first["text"], title=first["title"], published=first["published"]))
    settings = Settings(api_tokens=TOKEN, api_cache_seconds=0.5)
    with LiveServer(create_app(store=opened, settings=settings)) as live, httpx.Client(base_url=live.url) as http:
        assert http.get("/api/documents").json()["count"] == 1
        # another process writes straight into the store: seen once the answer is 0.5 s old
        opened.save(analyze(second["text"], title=second["title"], published=second["published"]))
        assert http.get("/api/documents").json()["count"] == 1
        time.sleep(0.6)
        http.get("/api/documents")  # stale answer; its refresh starts
        deadline = time.monotonic() + 10
        while http.get("/api/documents").json()["count"] != 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # a write through the API is seen at once
        assert http.post("/api/documents", json=NEW_ARTICLE, headers=AUTH, timeout=60).status_code == 201
        assert http.get("/api/documents").json()["count"] == 3
    opened.close()
