"""Polite fetching of pages, feeds and sitemaps over HTTP (httpx).

Polite means: robots.txt is read once per host and obeyed (its ``Crawl-delay`` too); requests to
one host are spaced by ``MARSAD_FETCH_DELAY`` seconds; 429 and 5xx answers and network errors are
retried ``MARSAD_FETCH_RETRIES`` times with exponential backoff (``Retry-After`` honoured); the
``User-Agent`` names marsad. Protective means: one fetch has ``MARSAD_FETCH_TIMEOUT`` seconds in
all, so a page that trickles forever is cut off; a body larger than ``MARSAD_MAX_INPUT_BYTES`` is
refused while streaming (a 1 GB response costs no more than the limit); redirects stop after
``MAX_REDIRECTS`` hops (loops included); only http and https are fetched.
"""

from __future__ import annotations

import functools
import re
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from marsad.errors import FetchError, InputError, InputTooLarge, UnsupportedFormat
from marsad.ingest.article import Article
from marsad.ingest.links import LinkItem, is_url, parse_links
from marsad.settings import Settings, get_settings

MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0
MAX_SITEMAP_DEPTH = 2
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_XML_TYPES = ("xml", "rss", "atom")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_LINK_HEAD = re.compile(rb"<(?:\w+:)?(?:rss|feed|urlset|sitemapindex|rdf:RDF)\b", re.IGNORECASE)


def user_agent(settings: Settings) -> str:
    from marsad import __version__

    return settings.user_agent.replace("{version}", __version__)


@dataclass(slots=True)
class Response:
    """A fetched body and what the server said about it."""

    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    retry_after: str | None = None

    @property
    def charset(self) -> str | None:
        match = _CHARSET.search(self.content_type)
        return match.group(1) if match else None

    @property
    def is_link_list(self) -> bool:
        """A feed or a sitemap, by its type or its first bytes."""
        head = self.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
        return bool(_LINK_HEAD.search(head)) or (
            any(t in self.content_type for t in _XML_TYPES) and not head[:15].lower().startswith(b"<!doctype html"))


@dataclass
class Fetcher:
    """One polite HTTP client for a whole run (robots.txt and per-host timing are remembered)."""

    settings: Settings = field(default_factory=get_settings)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    requests: int = 0

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": user_agent(self.settings), "Accept-Language": "ar,en;q=0.5"},
                follow_redirects=True, max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(self.settings.fetch_timeout))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- politeness ---------------------------------------------------------------------------

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt rules (None when it has none or it cannot be read: all allowed)."""
        host = self._host(url)
        if host not in self._robots:
            rules: urllib.robotparser.RobotFileParser | None = None
            try:
                response = self._request(host + "/robots.txt", retries=1, check_robots=False)
                if response.status == 200:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
            except InputError:
                rules = None
            self._robots[host] = rules
        return self._robots[host]

    def allowed(self, url: str) -> bool:
        rules = self.robots(url)
        return rules is None or rules.can_fetch(user_agent(self.settings), url)

    def _wait_turn(self, url: str) -> None:
        host = self._host(url)
        delay = self.settings.fetch_delay
        rules = self._robots.get(host)
        if rules is not None:
            crawl_delay = rules.crawl_delay(user_agent(self.settings))
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    # -- requests -----------------------------------------------------------------------------

    def _stream(self, url: str) -> Response:
        limit = self.settings.max_input_bytes
        deadline = self.clock() + self.settings.fetch_timeout
        with self.client.stream("GET", url) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise InputTooLarge(f"the page is {int(declared):,} bytes, larger than MARSAD_MAX_INPUT_BYTES "
                                    f"({limit:,}); it was not downloaded", origin=url)
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise InputTooLarge(f"the page is larger than MARSAD_MAX_INPUT_BYTES ({limit:,} bytes); "
                                        "the download was stopped", origin=url)
                if self.clock() > deadline:
                    raise FetchError(f"the page took longer than MARSAD_FETCH_TIMEOUT "
                                     f"({self.settings.fetch_timeout:g} s) to arrive; it was skipped", origin=url)
            return Response(str(answer.url), answer.status_code, answer.headers.get("Content-Type", ""), bytes(body),
                            answer.headers.get("Retry-After"))

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                seconds = float(retry_after)
            except ValueError:
                try:
                    seconds = parsedate_to_datetime(retry_after).timestamp() - time.time()
                except (TypeError, ValueError):
                    seconds = 0.0
            return min(max(seconds, 0.0), MAX_RETRY_AFTER)
        return float(min(self.settings.fetch_backoff * 2 ** attempt, MAX_RETRY_AFTER))

    def _request(self, url: str, *, retries: int | None = None, check_robots: bool = True) -> Response:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("only http and https addresses are fetched", origin=url)
        if check_robots and not self.allowed(url):
            raise FetchError("robots.txt of the site disallows fetching this page; it was skipped", origin=url)
        attempts = (self.settings.fetch_retries if retries is None else retries) + 1
        problem = "no attempt was made"
        for attempt in range(attempts):
            self._wait_turn(url)
            self.requests += 1
            retry_after: str | None = None
            try:
                response = self._stream(url)
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?); the page was skipped",
                                 origin=url) from exc
            except httpx.TimeoutException:
                problem = f"no answer within MARSAD_FETCH_TIMEOUT ({self.settings.fetch_timeout:g} s)"
            except httpx.HTTPError as exc:
                problem = f"network error ({type(exc).__name__}: {exc})"
            else:
                if response.status not in _RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status}"
                retry_after = response.retry_after
            if attempt + 1 < attempts:
                self.sleep(self._backoff(attempt, retry_after))
        raise FetchError(f"{problem} after {attempts} attempt(s); the page was skipped", origin=url)

    def get(self, url: str) -> Response:
        """The page at ``url`` with status 2xx; other outcomes raise ``FetchError``/``InputTooLarge``."""
        response = self._request(url)
        if not 200 <= response.status < 300:
            raise FetchError(f"the server answered HTTP {response.status}; the page was skipped", origin=url)
        return response


def _link_items(target: str, fetcher: Fetcher, depth: int = 0) -> tuple[list[LinkItem], Response | None]:
    """The items a feed/sitemap/URL-list target lists, or ([], page) when the target is a page."""
    if is_url(target):
        response = fetcher.get(target)
        if not response.is_link_list:
            return [], response
        data, origin = response.body, response.url
    else:
        path = Path(target)
        if not path.is_file():
            raise InputError("no such file, and not an http(s) address", origin=target)
        data, origin = path.read_bytes(), target
    items = parse_links(data, origin)
    if depth < MAX_SITEMAP_DEPTH and any(item.is_sitemap for item in items):
        expanded: list[LinkItem] = []
        for item in items:
            if item.is_sitemap:
                expanded.extend(_link_items(item.url, fetcher, depth + 1)[0])
            else:
                expanded.append(item)
        items = expanded
    return items, None


def _page_article(response: Response, item: LinkItem | None, settings: Settings) -> Article | InputError:
    from marsad.ingest.dates import parse_date
    from marsad.ingest.pages import page_article

    result = page_article(response.body, url=response.url, origin=response.url, settings=settings,
                          http_charset=response.charset)
    if isinstance(result, Article):
        result.meta.origin = item.url if item is not None else response.url  # the URL as listed
    if isinstance(result, Article) and item is not None:
        if item.title and not result.meta.title:
            result.meta.title = item.title
        if item.published and result.meta.published is None:
            result.meta.published = parse_date(item.published)
    return result


def fetch_articles(targets: Iterable[str], *, settings: Settings | None = None, fetcher: Fetcher | None = None,
                   seen: set[str] | None = None, feeds_only: bool = False) -> Iterator[Article | InputError]:
    """Articles from page URLs, and from the pages that feeds, sitemaps and URL lists (URLs or files)
    point to. URLs in ``seen`` are skipped and every URL tried is added to it. Errors are yielded.
    With ``feeds_only`` a target that turns out to be a page is an error (``marsad watch``)."""
    settings = settings or get_settings()
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    seen = seen if seen is not None else set()
    try:
        for target in targets:
            try:
                items, page = _link_items(target, fetcher)
            except InputError as exc:
                exc.origin = exc.origin or target
                yield exc
                continue
            if page is not None and feeds_only:
                yield UnsupportedFormat("this address is a web page, not a feed, sitemap or URL list; "
                                        "give the site's RSS/Atom feed or sitemap to watch", origin=target)
                continue
            if page is not None:
                if page.url not in seen and target not in seen:
                    seen.update({target, page.url})
                    yield _page_article(page, None, settings)
                continue
            for item in items:
                if item.url in seen:
                    continue
                seen.add(item.url)
                if item.content is not None:
                    yield from _feed_content(item, settings)
                    continue
                try:
                    response = fetcher.get(item.url)
                except InputError as exc:
                    exc.origin = exc.origin or item.url
                    yield exc
                    continue
                yield _page_article(response, item, settings)
    finally:
        if own:
            fetcher.close()


def _feed_content(item: LinkItem, settings: Settings) -> Iterator[Article | InputError]:
    """A feed entry that carries its full text: analysed without fetching the page."""
    from marsad.ingest.links import item_article
    from marsad.ingest.readers import _attempt

    yield _attempt(item.url, functools.partial(item_article, item, item.url, settings))


def absolute(base: str, href: str) -> str:
    return urljoin(base, href)
