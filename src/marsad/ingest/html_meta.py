"""A news page's metadata: headline, publication day, outlet, authors, section, canonical URL.

Read from the page itself first (Open Graph and article meta tags, JSON-LD, ``<time>``, ``<h1>``);
trafilatura's own guesses (``found``, its ``bare_extraction`` fields) only fill the gaps, because
they are weakest exactly where Arabic pages are unusual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from marsad.document import DateValue
from marsad.ingest.dates import instant, parse_date, search_date
from marsad.ingest.months import fold

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "citation_publication_date",
    "og:published_time",
    "date",
)
_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"}
)
_DATE_CLASS = re.compile(r"date|time|publish|created|posted|تاريخ", re.IGNORECASE)
_DATE_ELEMENT_MAX = 150
_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org)/?$", re.IGNORECASE)
# trafilatura sometimes returns image names and URL pieces as authors ("Sputnik https; Logo Png").
_JUNK_AUTHOR = re.compile(r"https?\b|www\.|\b(?:png|jpe?g|svg|gif|webp|logo|cdn\w*)\b", re.IGNORECASE)
_URL_EXTRAS = re.compile(r"^(?:https?:)?//(?:www\.)?|/.*$")
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:«»]\s+")


def element_text(el: Any) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(el.text_content().split())


def _metas(tree: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(" ".join(content.split()))
    return found


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (``@graph`` and lists flattened), article types first."""
    objects: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            objects.append(node)
            walk(node.get("@graph"))

    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        try:
            walk(json.loads(script.text_content(), strict=False))
        except ValueError:
            continue
    return sorted(objects, key=lambda o: not (_types(o) & _ARTICLE_TYPES))


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any) -> Iterator[str]:
    """Names in a JSON-LD author/publisher value: a string, {"name": ...} or a list of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from _names(value.get("name"))
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _ld_values(objects: list[dict[str, Any]], key: str) -> list[str]:
    values: list[str] = []
    for obj in objects:
        value = obj.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str | int) and str(item).strip():
                values.append(" ".join(str(item).split()))
    return values


def _published(
    tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]], fallback: str | None
) -> DateValue | None:
    """The publication day: meta tags, JSON-LD, ``<time>``, htmldate, then date-labelled elements.

    When the chosen value is in UTC and another field gives the same moment with the publisher's
    own offset, the local one wins: its calendar day is the one the page shows readers.
    """
    raw: list[str] = [v for key in _PUBLISHED_KEYS for v in metas.get(key, [])]
    raw += _ld_values(ld, "datePublished")
    times = tree.xpath("//time[@datetime]")
    marked = [t for t in times if t.get("pubdate") is not None or t.get("itemprop") == "datePublished"]
    raw += [t.get("datetime") for t in marked + times]
    parsed = [(value, date) for value in raw if (date := parse_date(value)) and date.precision == "day"]
    if parsed:
        value, date = parsed[0]
        chosen = instant(value)
        if chosen is not None and chosen[1]:
            for other, other_date in parsed[1:]:
                moment = instant(other)
                if moment is not None and not moment[1] and abs((moment[0] - chosen[0]).total_seconds()) < 60:
                    return other_date
        return date
    if fallback and (date := parse_date(fallback)):
        return date
    for el in tree.xpath("//body//*[@class or @id]"):
        if _DATE_CLASS.search((el.get("class") or "") + " " + (el.get("id") or "")):
            text = element_text(el)
            if text and len(text) <= _DATE_ELEMENT_MAX and "©" not in text and (date := search_date(text)):
                return date
    return None


def _similar(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa in fb or fb in fa)


def _strip_site(title: str, outlet: str | None) -> str:
    """"Headline - Site name" → "Headline" when the site name is known."""
    if outlet:
        parts = _TITLE_SEPARATOR.split(title)
        if len(parts) > 1 and _similar(parts[-1], outlet):
            return title[: title.rfind(parts[-1])].rstrip(" -|–—:")
    return title


def _title(tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]], outlet: str | None,
           fallback: str | None) -> str | None:
    declared = [*metas.get("og:title", []), *_ld_values(ld, "headline"), *metas.get("twitter:title", [])]
    page_title = [element_text(t) for t in tree.xpath("//head/title")]
    h1s = [text for h in tree.xpath("//body//h1") if (text := element_text(h))]
    for h1 in h1s:
        if len(h1.split()) >= 2 and any(_similar(h1, t) for t in declared + page_title):
            return h1
    if declared:
        return _strip_site(declared[0], outlet)
    for h1 in h1s:
        if len(h1.split()) >= 3:
            return h1
    for title in (fallback, *page_title):
        if title:
            return _strip_site(title, outlet)
    return None


def _clean_name(name: str) -> str | None:
    name = " ".join(name.split()).strip(" ,;|()[]")
    return None if not name or _URLISH.search(name) or len(name) > 100 else name


def _authors(metas: dict[str, list[str]], ld: list[dict[str, Any]], fallback: str | None,
             outlet: str | None) -> list[str]:
    names = [*metas.get("author", []), *metas.get("article:author", [])]
    for obj in ld:
        if _types(obj) & _ARTICLE_TYPES:
            names += list(_names(obj.get("author")))
    if not names and fallback and not _JUNK_AUTHOR.search(fallback):
        names = fallback.split(";")
    authors: list[str] = []
    for raw in names:
        name = _clean_name(raw)
        if name and name not in authors and not (outlet and fold(name) == fold(outlet)):
            authors.append(name)
    return authors


def _outlet(metas: dict[str, list[str]], ld: list[dict[str, Any]], fallback: str | None) -> str | None:
    candidates = [*metas.get("og:site_name", [])]
    for obj in ld:
        candidates += list(_names(obj.get("publisher")))
    candidates += metas.get("application-name", [])
    for name in candidates:
        if cleaned := _clean_name(name):
            return cleaned
    if fallback:
        host = _URL_EXTRAS.sub("", fallback.strip())  # trafilatura may give "https://host/"
        return host or None
    return None


def _section(metas: dict[str, list[str]], ld: list[dict[str, Any]], categories: list[str]) -> str | None:
    declared = [*metas.get("article:section", []), *_ld_values(ld, "articleSection")]
    if declared:
        return declared[0]
    # trafilatura's categories are sometimes the whole menu; a short list is the article's own.
    return categories[0] if 1 <= len(categories) <= 3 else None


def _canonical(tree: Any, metas: dict[str, list[str]], url: str | None) -> str | None:
    for href in (*tree.xpath('//link[@rel="canonical"]/@href'), *metas.get("og:url", [])):
        if str(href).strip():
            return urljoin(url or "", str(href).strip())
    return url


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    published: DateValue | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    url: str | None = None


def page_meta(tree: Any, found: dict[str, Any], url: str | None = None) -> PageMeta:
    """The metadata of the page ``tree``; ``found`` is trafilatura's result as a dict (or {})."""
    metas, ld = _metas(tree), _json_ld(tree)
    outlet = _outlet(metas, ld, found.get("sitename"))
    return PageMeta(
        title=_title(tree, metas, ld, outlet, found.get("title")),
        published=_published(tree, metas, ld, found.get("date")),
        outlet=outlet,
        authors=_authors(metas, ld, found.get("author"), outlet),
        section=_section(metas, ld, list(found.get("categories") or [])),
        url=_canonical(tree, metas, url),
    )
