"""Lists of articles: RSS/Atom feeds (feedparser), sitemaps, and plain URL lists.

``parse_links`` turns one of them into ``LinkItem``s. Feeds that carry each article's full text
(``content:encoded``, Atom ``content``) can be analysed as they are (``link_articles``); entries
that only link to their page are fetched by ``marsad fetch`` / ``marsad watch``
(:mod:`marsad.ingest.fetch`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from marsad.errors import InputError, UnsupportedFormat
from marsad.ingest.article import Article
from marsad.settings import Settings

_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_SITEMAP = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)\b", re.IGNORECASE)
_FEED = re.compile(rb"<(?:\w+:)?(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|body)\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
#: An entry's text shorter than this (characters, tags removed) is a teaser, not the article.
MIN_FULL_TEXT = 400


@dataclass(frozen=True, slots=True)
class LinkItem:
    """One article a list points to; ``content`` is its full text or HTML when the feed has it."""

    url: str
    title: str | None = None
    published: str | None = None
    content: str | None = None
    is_sitemap: bool = False  # a sitemap index entry: another sitemap, not an article


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def looks_like_url_list(text: str) -> bool:
    """Every non-empty, non-comment line is an http(s) URL (and there is at least one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(is_url(line) for line in lines)


def _url_list(text: str) -> list[LinkItem]:
    seen: dict[str, None] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            seen.setdefault(line, None)
    return [LinkItem(url) for url in seen]


def _sitemap(data: bytes, origin: str) -> list[LinkItem]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"the sitemap is not valid XML ({exc}); check the file", origin=origin) from exc
    index = etree.QName(root).localname == "sitemapindex"
    items: list[LinkItem] = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = {etree.QName(child).localname: (child.text or "").strip() for child in node
                  if isinstance(child.tag, str)}
        news_title = node.xpath(".//*[local-name()='title']/text()")
        news_date = node.xpath(".//*[local-name()='publication_date']/text()")
        if is_url(fields.get("loc", "")):
            items.append(LinkItem(fields["loc"], title=str(news_title[0]).strip() if news_title else None,
                                  published=str(news_date[0]).strip() if news_date else fields.get("lastmod") or None,
                                  is_sitemap=index))
    return items


def _entry_content(entry: Any) -> str | None:
    for content in entry.get("content", []) or []:
        value = content.get("value")
        if value and len(_TAGS.sub("", value).strip()) >= MIN_FULL_TEXT:
            return str(value)
    summary = entry.get("summary")
    if summary and len(_TAGS.sub("", summary).strip()) >= MIN_FULL_TEXT:
        return str(summary)
    return None


def _feed(data: bytes, origin: str) -> list[LinkItem]:
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except UnicodeDecodeError as exc:  # feedparser decodes the <?xml encoding="..."?> name as UTF-8
        raise InputError(f"the feed could not be read (its XML declaration is not text: {exc.reason}); "
                         "check that it is RSS or Atom", origin=origin) from None
    if not parsed.entries and parsed.get("bozo"):
        raise InputError(f"the feed could not be read ({parsed.get('bozo_exception')}); check that it is RSS or Atom",
                         origin=origin)
    items: list[LinkItem] = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not is_url(link):
            continue
        published = entry.get("published") or entry.get("updated")
        parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed_time:
            published = f"{parsed_time.tm_year:04d}-{parsed_time.tm_mon:02d}-{parsed_time.tm_mday:02d}"
        items.append(LinkItem(link, title=entry.get("title"), published=published, content=_entry_content(entry)))
    return items


def parse_links(data: bytes, origin: str) -> list[LinkItem]:
    """The items of a feed, a sitemap or a URL list (told apart by their content, not their name)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _SITEMAP.search(head):
        return _sitemap(data, origin)
    if _FEED.search(head):
        return _feed(data, origin)
    if _HTML.search(head):
        raise UnsupportedFormat("this is an HTML page, not a feed, sitemap or URL list; "
                                "analyse it as a page (save it as .html) or give the feed's address", origin=origin)
    text = data.decode("utf-8", errors="replace")
    if looks_like_url_list(text):
        return _url_list(text)
    raise UnsupportedFormat("not a feed (RSS/Atom), a sitemap or a list of http(s) URLs, one per line", origin=origin)


def item_article(item: LinkItem, origin: str, settings: Settings) -> Article:
    """The article of a feed entry that carries its full text (raises ``InputError``)."""
    from marsad.ingest.checks import check_article
    from marsad.ingest.dates import parse_date
    from marsad.ingest.html import extract_html
    from marsad.ingest.readers import article_from_text, looks_like_html

    content = item.content or ""
    if looks_like_html(content) or "<p" in content or "<br" in content:
        article = extract_html(f"<html><body><article>{content}</article></body></html>", url=item.url,
                               origin=origin)
        article.meta.title = item.title or article.meta.title
        if item.published and (date := parse_date(item.published)):
            article.meta.published = date
        return check_article(article, settings)
    return article_from_text(content, title=item.title, url=item.url, published=item.published,
                             origin=origin, settings=settings)


def link_articles(data: bytes, origin: str, settings: Settings) -> Iterator[Article | InputError]:
    """Articles from a feed's full-text entries; one error names the entries that need fetching."""
    from marsad.ingest.readers import _attempt

    try:
        items = parse_links(data, origin)
    except InputError as exc:
        yield exc
        return
    linked = 0
    for number, item in enumerate(items, start=1):
        if item.content is None:
            linked += 1
            continue
        item_origin = f"{origin}#{number}"
        yield _attempt(item_origin, functools.partial(item_article, item, item_origin, settings))
    if linked:
        yield InputError(
            f"{linked} of {len(items)} item(s) only link to their page; run `marsad fetch {origin}` to download "
            "and analyse them",
            origin=origin,
        )
