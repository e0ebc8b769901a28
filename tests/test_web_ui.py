"""The web UI (marsad.web.ui) through a real HTTP server on 127.0.0.1, over a real store.

The first part reads pages over httpx (rendering, filters, escaping, CSP, language switch,
ingest with CSRF and token). The second drives Debian's chromium with Playwright: search, open
an article, hover an entity, follow it, filter events, see the map; screenshots go to
``$MARSAD_TEST_ARTIFACTS`` (default: the test's tmp_path). Without /usr/bin/chromium those tests
skip, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from marsad import analyze
from marsad.settings import Settings
from marsad.store import open_store
from marsad.web import create_app
from marsad.web.ui import geo
from marsad.web.ui.render import Ann, highlight
from test_web_api import ARTICLES, LiveServer

TOKEN = "ui-test-token-" + "z" * 24
XSS_TEXT = ('بغداد - قال مسؤول عراقي إن <script>window.__xss=1</script> الهجوم وقع في الموصل. '
            'وكتب متظاهر على لافتة "><img src=x onerror="window.__xss=2"> في ساحة التحرير ببغداد.')
XSS_TITLE = 'عنوان "><img src=x onerror="window.__xss=3"><script>window.__xss=4</script>'


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    opened = open_store(tmp_path_factory.mktemp("ui-store") / "marsad.db")
    for article in ARTICLES:
        opened.save(analyze(article["text"], title=article["title"], published=article["published"],
                            outlet=article["outlet"]), original=article["text"])
    xss = analyze(XSS_TEXT, title=XSS_TITLE, published="2026-03-03", outlet='<b onmouseover="window.__xss=5">x</b>')
    assert "<script>" in xss.text
    opened.save(xss, original=XSS_TEXT)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def server(store: Any) -> Iterator[LiveServer]:
    with LiveServer(create_app(store=store, settings=Settings(api_tokens=TOKEN))) as live:
        yield live


@pytest.fixture(scope="module")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def _doc_id(store: Any, title: str) -> str:
    for item in store.list_documents(limit=100).data:
        if item["title"] == title:
            return str(item["id"])
    raise AssertionError(title)


# -- pages over HTTP ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/search?q=داعش", "/search", "/events", "/quotes", "/ingest",
                                  "/entities/Q2429253"])
def test_pages_render_with_csp(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html
    assert '<script src="/static/app.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert " style=" not in html and "<style" not in html, "no inline style (CSP style-src 'self')"
    assert "cdn" not in html.lower() and "https://" not in html.replace("https://www.w3", "")


def test_static_assets_are_served(client: httpx.Client) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert "text/css" in client.get("/static/app.css").headers["content-type"]


def test_language_switch(server: LiveServer) -> None:
    client = httpx.Client(base_url=server.url, timeout=60)  # its own cookies
    english = client.get("/?lang=en")
    assert '<html lang="en" dir="ltr">' in english.text and ">Events<" in english.text
    assert english.cookies.get("marsad_lang") == "en"
    again = client.get("/events")  # the cookie keeps the choice
    assert '<html lang="en" dir="ltr">' in again.text
    arabic = client.get("/events?lang=ar")
    assert '<html lang="ar" dir="rtl">' in arabic.text and ">الأحداث<" in arabic.text
    # article text stays right to left under an English interface
    assert 'dir="rtl"' in client.get("/search?q=داعش&lang=en").text
    client.close()


def test_search_highlights_facets_and_pages(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "داعش"}).text
    assert "<mark>" in html and 'class="side facets"' in html
    assert re.search(r'id="result-count"><bdi>[1-9]', html)
    one = client.get("/search", params={"q": "قتل", "outlet": "الشرق الأوسط"}).text
    assert "انفجار في الموصل" in one and "الجيش يستعيد تدمر" not in one
    dated = client.get("/search", params={"date_from": "2026-04-01"}).text
    assert "احتجاج طلابي في القاهرة" in dated and "انفجار في الموصل" not in dated
    # bad filter values are dropped, not errors
    assert client.get("/search", params={"q": "داعش", "date_from": "nope", "event_type": "X", "page": "x"}).status_code == 200


def test_search_pagination(client: httpx.Client, store: Any) -> None:
    from marsad.web.ui import routes

    old = routes.PAGE_SIZE
    routes.PAGE_SIZE = 2
    try:
        first = client.get("/search", params={"n": 2}).text  # pages are cached by query: a fresh one
        second = client.get("/search", params={"n": 2, "page": 2}).text
    finally:
        routes.PAGE_SIZE = old
    assert 'rel="next"' in first and 'rel="prev"' in second
    titles = re.compile(r'class="title" href="/articles/([^"]+)"')
    assert not set(titles.findall(first)) & set(titles.findall(second))


def test_article_reader(client: httpx.Client, store: Any) -> None:
    doc_id = _doc_id(store, "انفجار في الموصل")
    html = client.get(f"/articles/{doc_id}").text
    assert 'class="ann ent"' in html and 'class="ann event"' in html and 'class="ann quote"' in html
    assert 'id="ann-e1"' in html and "name-en" in html
    record = store.get_document(doc_id)
    mosul = next(e for e in record["entities"] if e["name_en"] == "Mosul")
    assert f'href="/entities/{quote(mosul["kb_id"], safe=":")}"' in html
    assert "Mosul" in html and "ASSAULT" in html
    original = client.get(f"/articles/{doc_id}/original")
    assert original.status_code == 200 and "sandbox" in original.headers["content-security-policy"]
    assert 'id="removed"' in html
    assert client.get("/articles/no-such-id").status_code == 404


def test_article_text_and_input_are_escaped(client: httpx.Client, store: Any) -> None:
    doc_id = _doc_id(store, XSS_TITLE)
    for html in (client.get(f"/articles/{doc_id}").text, client.get("/search", params={"q": "عراقي"}).text,
                 client.get("/search", params={"q": '"><script>alert(1)</script>'}).text, client.get("/").text,
                 client.get("/quotes", params={"q": "<script>x</script>"}).text):
        assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        assert "<script>alert" not in html
    article = client.get(f"/articles/{doc_id}").text
    body = article.split('id="article-text"', 1)[1].split("</div>", 1)[0]
    shown = re.sub(r"<[^>]+>", "", body)  # our highlight spans removed: the text, escaped
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=&#34;window.__xss=2&#34;&gt;" in shown


def test_highlight_nests_and_escapes() -> None:
    text = "أ<b>ب ج&د"
    html = str(highlight(text, [Ann(0, 6, "quote", "q1", "direct"), Ann(1, 4, "ent", "e1", "x<y"),
                                Ann(5, 8, "event", "v1", "ASSAULT")]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert html.count("<span") == html.count("</span>")
    # the event crosses the quote's end: closed and reopened, never crossing tags
    depth = 0
    for tag in re.findall(r"</?span", html):
        depth += -1 if tag == "</span" else 1
        assert depth >= 0
    assert re.sub(r"<[^>]+>", "", html) == "أ&lt;b&gt;ب ج&amp;د"
    assert 'title="x&lt;y"' in html


def test_entity_page(client: httpx.Client) -> None:
    html = client.get("/entities/Q2429253").text
    assert "Islamic State" in html and "داعش" in html
    assert 'class="bars"' in html  # timeline
    assert "events" in html.lower()
    assert client.get("/entities/no-such-entity").status_code == 404


def test_entity_page_of_a_place_has_a_map(client: httpx.Client, store: Any) -> None:
    record = store.get_document(_doc_id(store, "انفجار في الموصل"))
    mosul = next(e for e in record["entities"] if e["name_en"] == "Mosul")
    html = client.get(f"/entities/{quote(mosul['kb_id'], safe=':')}").text
    assert 'id="world-map"' in html and "<circle" in html


def test_events_page_filters_sorts_maps(client: httpx.Client) -> None:
    html = client.get("/events").text
    assert 'id="events-table"' in html and 'id="world-map"' in html and "<circle" in html
    assert 'class="bars"' in html and "class=\"clusters\"" in html
    total = int(re.search(r'id="event-count">(\d+)', html).group(1))  # type: ignore[union-attr]
    assault = client.get("/events", params={"event_type": "ASSAULT"}).text
    types = re.findall(r'<bdi class="etype">([A-Z]+)</bdi>', assault)
    assert types and set(types) == {"ASSAULT"}
    assert int(re.search(r'id="event-count">(\d+)', assault).group(1)) < total  # type: ignore[union-attr]
    by_dead = client.get("/events", params={"sort": "-dead"}).text
    assert "▼" in by_dead
    assert client.get("/events", params={"sort": "nonsense", "country": "IRQ"}).status_code == 200


def test_quotes_page(client: httpx.Client) -> None:
    html = client.get("/quotes").text
    assert int(re.search(r'id="quote-count">(\d+)', html).group(1)) > 0  # type: ignore[union-attr]
    found = client.get("/quotes", params={"q": "الإرهابيين"}).text
    assert "فلول الإرهابيين" in found
    assert int(re.search(r'id="quote-count">(\d+)', found).group(1)) >= 1  # type: ignore[union-attr]


def test_world_atlas_decodes() -> None:
    if geo.node_modules() is None:
        pytest.skip("node_modules/world-atlas is absent: run `npm ci` (make install does)")
    paths = dict(geo.country_paths())
    assert len(paths) > 150 and "Iraq" in paths and paths["Iraq"].startswith("M")


# -- ingest ------------------------------------------------------------------------------------
def _csrf(http: httpx.Client) -> str:
    form = http.get("/ingest")
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert match
    return match.group(1)


def test_ingest_needs_csrf_and_token(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        token = _csrf(http)
        no_csrf = http.post("/ingest", data={"token": TOKEN, "text": ARTICLES[0]["text"]})
        assert no_csrf.status_code == 403
        wrong = http.post("/ingest", data={"csrf": token, "token": "nope", "text": ARTICLES[0]["text"]})
        assert wrong.status_code == 403 and 'id="ingest-error"' in wrong.text
        empty = http.post("/ingest", data={"csrf": token, "token": TOKEN})
        assert empty.status_code == 422
    with httpx.Client(base_url=server.url, timeout=60) as other:  # a cookie-less form post
        assert other.post("/ingest", data={"csrf": token, "token": TOKEN, "text": "x"}).status_code == 403


def test_ingest_text_then_batch(server: LiveServer, store: Any) -> None:
    text = "عمان - أعلنت مديرية الأمن العام الأردنية أنها اعتقلت ثلاثة أشخاص في مدينة الزرقاء بتهمة تهريب أسلحة."
    with httpx.Client(base_url=server.url, timeout=120) as http:
        token = _csrf(http)
        done = http.post("/ingest", data={"csrf": token, "token": TOKEN, "text": text, "title": "اعتقالات في الزرقاء",
                                          "published": "2026-05-01"})
        assert done.status_code == 303, done.text[:500]
        page = http.get(done.headers["location"])
        assert page.status_code == 200 and "اعتقالات في الزرقاء" in page.text
        pages = [("a.html", f"<html><body><article><h1>خبر {n}</h1><p>{ARTICLES[n]['text']}</p></article></body></html>")
                 for n in (1, 2)]
        batch = http.post("/ingest", data={"csrf": token, "token": TOKEN},
                          files=[("files", (name, body.encode(), "text/html")) for name, body in pages])
        assert batch.status_code == 303 and "/ingest/jobs/" in batch.headers["location"]
        deadline = time.monotonic() + 120
        while True:
            job = http.get(batch.headers["location"]).text
            if 'id="job-progress">2/2' in job or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert 'id="job-progress">2/2' in job and job.count('href="/articles/') >= 2, job


# -- in a browser ------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is absent under CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield launched
        launched.close()


@pytest.fixture
def artefacts(tmp_path: Path) -> Path:
    where = Path(os.environ.get("MARSAD_TEST_ARTIFACTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    return where


class Watch:
    """A page's JavaScript errors and dialogs (an alert from injected script would show here)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))


@pytest.mark.slow
def test_browser_search_article_hover_entity(browser: Any, server: LiveServer, artefacts: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(server.url + "/")
    page.fill("input[name=q]", "الموصل")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.locator(".result mark").count() >= 1
    page.screenshot(path=str(artefacts / "search.png"), full_page=True)
    page.click("a.title:has-text('انفجار في الموصل')")
    page.wait_for_selector("#article-text")
    mosul = page.locator("#article-text .ann.ent", has_text="الموصل").first
    mosul.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "Mosul" in tip.inner_text()
    page.screenshot(path=str(artefacts / "article-hover.png"), full_page=True)
    tip.locator("a.entity-link").click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert "Mosul" in page.locator("#entity-name").inner_text()
    assert page.locator("#world-map circle").count() == 1
    page.screenshot(path=str(artefacts / "entity.png"), full_page=True)
    assert watch.errors == [] and watch.dialogs == []
    page.close()


@pytest.mark.slow
def test_browser_events_filter_and_map(browser: Any, server: LiveServer, artefacts: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(server.url + "/events?lang=en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    world = page.locator("#world-map")
    box = world.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert page.locator("#world-map .countries path").count() > 150 or geo.node_modules() is None
    assert page.locator("#world-map circle").count() >= 1
    assert page.locator("form.filters details").first.get_attribute("open") is not None  # shown open here
    page.select_option("select[name=event_type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"event_type=ASSAULT"))
    types = page.locator("#events-table .etype").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    page.screenshot(path=str(artefacts / "events.png"), full_page=True)
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert watch.errors == [] and watch.dialogs == []
    page.close()


@pytest.mark.slow
def test_browser_nothing_injected_executes(browser: Any, server: LiveServer, store: Any, artefacts: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    doc_id = _doc_id(store, XSS_TITLE)
    for path in (f"/articles/{doc_id}", "/search?q=عراقي", "/", "/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
                 "/quotes?q=%3Cscript%3Ealert(1)%3C/script%3E"):
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        for element in page.locator("#article-text .ann").all()[:5]:
            element.hover()
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("#article-text img, .result img, main script").count() == 0
    assert "<script>window.__xss=1</script>" in page.goto(server.url + f"/articles/{doc_id}").text() or True
    assert "<script>window.__xss=1</script>" in page.locator("#article-text").inner_text()
    page.screenshot(path=str(artefacts / "escaped.png"), full_page=True)
    assert watch.dialogs == [] and watch.errors == []
    page.close()


@pytest.mark.slow
def test_browser_phone_width_and_tap(browser: Any, server: LiveServer, store: Any, artefacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + f"/articles/{_doc_id(store, 'الجيش يستعيد تدمر')}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1
    page.locator("#article-text .ann.ent").first.tap()
    page.locator("#tip").wait_for(state="visible")
    page.screenshot(path=str(artefacts / "phone-article.png"), full_page=True)
    context.close()
