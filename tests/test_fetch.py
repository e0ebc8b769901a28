"""Fetching and watching against a real HTTP server on 127.0.0.1 (no mocks): feeds, pages,
robots.txt, redirects and redirect loops, retries after 5xx and 429, slow, endless and oversized
pages, and a watcher that is stopped and started again."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.errors import FetchError, InputError, InputTooLarge, UnsupportedFormat
from marsad.ingest import Article
from marsad.ingest.fetch import Fetcher, fetch_articles
from marsad.ingest.watch import WatchState, parse_interval, watch
from marsad.settings import Settings

PARAGRAPHS = [
    "قال مسؤول أمني إن قوات الشرطة اعتقلت أربعة أشخاص يشتبه في تورطهم بتهريب أسلحة عبر الحدود الشرقية.",
    "وأضاف المسؤول أن المداهمة جرت فجر اليوم في حي سكني وأسفرت عن ضبط بنادق وذخائر ومبالغ مالية.",
    "وأوضح أن التحقيقات ما زالت جارية لمعرفة الجهات التي تقف وراء الشبكة ومصادر تمويلها في المنطقة.",
]


def page(n: str) -> bytes:
    body = "".join(f"<p>{p} ({n})</p>" for p in PARAGRAPHS)
    return (f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>خبر رقم {n}</title></head>'
            f"<body><article><h1>خبر رقم {n}</h1>{body}</article></body></html>").encode()


class Site:
    """What the test server serves, and what it was asked for."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.items = ["/a", "/b", "/private/c", "/redirect", "/loop", "/fail", "/flaky", "/busy", "/huge", "/never"]
        self.agents: set[str] = set()

    def feed(self, base: str) -> bytes:
        items = "".join(f"<item><title>عنوان {p}</title><link>{base}{p}</link></item>" for p in self.items)
        return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
                 headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            site.hits[path] += 1
            site.agents.add(self.headers.get("User-Agent", ""))
            base = f"http://{self.headers['Host']}"
            if path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
            elif path == "/feed.xml":
                self.send(200, site.feed(base), "application/rss+xml")
            elif path in ("/a", "/b", "/target", "/private/c"):
                self.send(200, page(path))
            elif path == "/redirect":
                self.send(302, b"", headers={"Location": "/target"})
            elif path == "/loop":
                self.send(302, b"", headers={"Location": "/loop"})
            elif path == "/fail":
                self.send(503, b"down")
            elif path == "/flaky":
                self.send(500, b"oops") if site.hits[path] == 1 else self.send(200, page(path))
            elif path == "/busy":
                if site.hits[path] == 1:
                    self.send(429, b"slow down", headers={"Retry-After": "0"})
                else:
                    self.send(200, page(path))
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no Content-Length: the size shows only while streaming
                try:
                    for _ in range(400):
                        self.wfile.write(b"<p>" + "كلمة ".encode() * 500 + b"</p>")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
            elif path == "/never":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    for _ in range(200):  # a page that trickles on and on
                        self.wfile.write(b"<p>...</p>")
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
            else:
                self.send(404, b"not here")

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Site]]:
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        httpd.shutdown()
        httpd.server_close()


SETTINGS = Settings(fetch_delay=0, fetch_timeout=1.5, fetch_retries=2, fetch_backoff=0.01,
                    max_input_bytes=500_000)


def by_origin(results: list[Article | InputError]) -> dict[str, Article | InputError]:
    return {str(r.meta.origin if isinstance(r, Article) else r.origin).rsplit("/", 1)[-1]: r for r in results}


def test_feed_pages_fetched_politely_with_every_failure_named(server: tuple[str, Site]) -> None:
    base, site = server
    results = list(fetch_articles([f"{base}/feed.xml"], settings=SETTINGS))
    got = by_origin(results)
    for ok in ("a", "b", "redirect", "flaky", "busy"):
        assert isinstance(got[ok], Article), (ok, got[ok])
    assert got["redirect"].meta.source.url.endswith("/target")  # type: ignore[union-attr]
    assert isinstance(got["c"], FetchError) and "robots.txt" in str(got["c"])
    assert site.hits["/private/c"] == 0  # never requested
    assert isinstance(got["loop"], FetchError) and "redirect" in str(got["loop"])
    assert isinstance(got["fail"], FetchError) and "503" in str(got["fail"])
    assert site.hits["/fail"] == 3  # first try and two retries
    assert isinstance(got["huge"], InputTooLarge)
    assert isinstance(got["never"], FetchError) and "MARSAD_FETCH_TIMEOUT" in str(got["never"])
    assert site.hits["/robots.txt"] == 1
    assert all(agent.startswith("marsad/") for agent in site.agents)


def test_per_host_delay_spaces_requests(server: tuple[str, Site]) -> None:
    base, _ = server
    settings = SETTINGS.model_copy(update={"fetch_delay": 0.3})
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        for path in ("/a", "/b", "/a"):
            fetcher.get(base + path)
    # robots.txt, then three pages: three gaps of at least 0.3 s
    assert time.monotonic() - started >= 0.85


def test_seen_urls_are_not_fetched_again(server: tuple[str, Site]) -> None:
    base, site = server
    site.items = ["/a", "/b"]
    seen: set[str] = set()
    first = list(fetch_articles([f"{base}/feed.xml"], settings=SETTINGS, seen=seen))
    second = list(fetch_articles([f"{base}/feed.xml"], settings=SETTINGS, seen=seen))
    assert len(first) == 2 and second == []
    assert site.hits["/a"] == 1


def test_watch_goes_on_where_it_stopped(server: tuple[str, Site], tmp_path: Path) -> None:
    base, site = server
    site.items = ["/a"]
    state = WatchState.load(tmp_path / "state.json")
    handled: list[Article | InputError] = []
    watch([f"{base}/feed.xml"], handled.append, state=state, every=0.01, rounds=2, settings=SETTINGS)
    assert [isinstance(h, Article) for h in handled] == [True]  # the second round found nothing new
    site.items = ["/a", "/b"]
    again = WatchState.load(tmp_path / "state.json")  # a new process
    handled.clear()
    watch([f"{base}/feed.xml"], handled.append, state=again, every=0.01, rounds=1, settings=SETTINGS)
    assert [str(h.meta.origin).rsplit("/", 1)[-1] for h in handled if isinstance(h, Article)] == ["b"]


def test_watch_refuses_a_page_given_as_a_feed(server: tuple[str, Site], tmp_path: Path) -> None:
    base, _ = server
    handled: list[Article | InputError] = []
    watch([f"{base}/a"], handled.append, state=WatchState(tmp_path / "s.json"), every=0.01, rounds=1,
          settings=SETTINGS)
    assert len(handled) == 1 and isinstance(handled[0], UnsupportedFormat)


@pytest.mark.parametrize(("text", "seconds"), [("90", 90.0), ("30s", 30.0), ("10m", 600.0), ("2h", 7200.0)])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_cli_fetch_and_watch(server: tuple[str, Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base, site = server
    site.items = ["/a", "/b"]
    for key, value in {"FETCH_DELAY": "0", "FETCH_TIMEOUT": "2", "FETCH_BACKOFF": "0.01"}.items():
        monkeypatch.setenv(f"MARSAD_{key}", value)
    from marsad.settings import get_settings

    get_settings.cache_clear()
    try:
        out = tmp_path / "pages.jsonl"
        result = CliRunner().invoke(cli, ["fetch", f"{base}/a", "-o", str(out)])
        assert result.exit_code == 0, result.output
        (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert record["meta"]["source"]["url"] == f"{base}/a"

        watched = tmp_path / "watch.jsonl"
        for _ in range(2):  # the second run writes nothing new
            result = CliRunner().invoke(cli, ["watch", f"{base}/feed.xml", "-o", str(watched), "--rounds", "1",
                                              "--every", "1s"])
            assert result.exit_code == 0, result.output
        lines = watched.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2
    finally:
        get_settings.cache_clear()
