"""A news page's metadata: headline, publication day, outlet, authors, section, canonical URL.

Read from the page itself (Open Graph and article meta tags, JSON-LD, ``<time>``, ``<h1>``,
``<title>``); htmldate is asked for the day only when none of those gives one (it is the slow
part), and then date-labelled elements. Author fields go through ``bylines``, so a dateline, the
outlet's own name or handle and an agency are never taken for a person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml import etree

from marsad.document import DateValue
from marsad.ingest.bylines import clean_authors
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
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:«»]\s+")
_AFFIX_MAX_WORDS = 5
# Second-level labels that are not the site's name ("youm7.com.eg" → "youm7").
_GENERIC_LABELS = frozenset({"com", "co", "net", "org", "gov", "edu", "ac", "www", "m", "amp", "arabic", "ar"})
_AUTHOR_ELEMENTS = (
    '//body//*[@rel="author" or @itemprop="author" or contains(@class, "author") or contains(@class, "byline")'
    ' or contains(@class, "writer")]'
)
_AUTHOR_ELEMENT_MAX_WORDS = 10
_CATEGORY_LINKS = '//body//a[contains(@rel, "category")]'
# What htmldate must not read: scripts (JSON-LD aside), page furniture, comments, copyright lines.
_HTMLDATE_NOISE_TAGS = frozenset({"script", "style", "noscript", "template", "footer", "aside", "nav", "form"})
_HTMLDATE_NOISE_CLASS = re.compile(r"comment|related|copyright|footer|sidebar|disqus|most-?read|share", re.IGNORECASE)


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


def _htmldate(tree: Any, url: str | None) -> DateValue | None:
    """htmldate's publication day, from a copy of the page without its scripts (JSON-LD aside),
    footers, sidebars, comments, related links and copyright lines: htmldate searches the page's
    serialised HTML and text for timestamps, and a build date in a script, a © year or a
    comment's date is not the publication day."""
    page = deepcopy(tree)
    noise = [
        el for el in page.iter(etree.Element)
        if (el.tag in _HTMLDATE_NOISE_TAGS and "ld+json" not in (el.get("type") or ""))
        or _HTMLDATE_NOISE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
    ]
    for el in noise:
        if el.getparent() is not None:
            el.drop_tree()  # the tail stays
    try:
        found = find_date(page, extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate's surprises must not lose the article
        return None
    return parse_date(found) if found else None


def _published(
    tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]], url: str | None
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
    if date := _htmldate(tree, url):
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


_Headings = tuple[list[str], list[str], list[str]]


def _headings(tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> _Headings:
    """(declared headlines, ``<title>`` texts, ``<h1>`` texts)."""
    declared = [*metas.get("og:title", []), *_ld_values(ld, "headline"), *metas.get("twitter:title", [])]
    page_title = [text for t in tree.xpath("//head/title") if (text := element_text(t))]
    h1s = [text for h in tree.xpath("//body//h1") if (text := element_text(h))]
    return declared, page_title, h1s


def _title(headings: _Headings, outlet: str | None) -> str | None:
    declared, page_title, h1s = headings
    for h1 in h1s:
        if len(h1.split()) >= 2 and any(_similar(h1, t) for t in declared + page_title):
            return h1
    if declared:
        return _strip_site(declared[0], outlet)
    for h1 in h1s:
        if len(h1.split()) >= 3:
            return h1
    for title in page_title:
        return _strip_site(title, outlet)
    return None


def _clean_name(name: str) -> str | None:
    name = " ".join(name.split()).strip(" ,;|()[]")
    return None if not name or _URLISH.search(name) or len(name) > 100 else name


def _authors(tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]], outlet: str | None,
             hosts: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """(people, agency credits, the raw bylines) from the author meta tags and JSON-LD, else the
    page's first author-labelled element ("<span class=author>", ``rel=author``)."""
    names = [*metas.get("author", []), *metas.get("article:author", [])]
    for obj in ld:
        if _types(obj) & _ARTICLE_TYPES:
            names += list(_names(obj.get("author")))
    cleaned = [name for raw in names if (name := _clean_name(raw)) and not _JUNK_AUTHOR.search(name)]
    people, credits = clean_authors(cleaned, outlet=outlet, hosts=hosts)
    if people or credits:
        return people, credits, cleaned
    for el in tree.xpath(_AUTHOR_ELEMENTS):
        text = element_text(el) if el.tag != "meta" else ""
        if text and len(text.split()) <= _AUTHOR_ELEMENT_MAX_WORDS and not _JUNK_AUTHOR.search(text):
            people, credits = clean_authors([text], outlet=outlet, hosts=hosts)
            if people or credits:
                return people, credits, [text]
    return [], [], cleaned


def _title_affix(headings: _Headings) -> str | None:
    """The site's name around the headline in ``<title>`` or og:title ("Headline - Site")."""
    declared, page_title, h1s = headings
    headlines = [*h1s, *declared]
    for title in (*page_title, *declared):
        parts = _TITLE_SEPARATOR.split(title)
        if len(parts) < 2:
            continue
        for affix, rest in ((parts[-1], " ".join(parts[:-1])), (parts[0], " ".join(parts[1:]))):
            if (
                len(affix.split()) <= _AFFIX_MAX_WORDS
                and not _similar(affix, rest)
                and any(_similar(rest, h) for h in headlines if len(h.split()) >= 2)
            ):
                return affix
    return None


def _hosts(urls: list[str]) -> tuple[str, ...]:
    """The site names in the page's URLs ("https://www.akhbarelyom.com/x" → "akhbarelyom")."""
    hosts: list[str] = []
    for url in urls:
        labels = [label for label in (urlsplit(url).hostname or "").split(".")[:-1] if label]
        while labels and labels[-1] in _GENERIC_LABELS:
            labels.pop()
        if labels and labels[-1] not in hosts:
            hosts.append(labels[-1])
    return tuple(hosts)


def _outlet(metas: dict[str, list[str]], ld: list[dict[str, Any]], affix: str | None,
            url: str | None) -> str | None:
    candidates = [*metas.get("og:site_name", [])]
    for obj in ld:
        candidates += list(_names(obj.get("publisher")))
    candidates += metas.get("application-name", [])
    if affix:
        candidates.append(affix)
    candidates += [handle.lstrip("@") for handle in metas.get("twitter:site", [])]
    for name in candidates:
        if cleaned := _clean_name(name):
            return cleaned
    if url and (host := urlsplit(url).hostname):
        return host.removeprefix("www.")
    return None


def _section(tree: Any, metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> str | None:
    declared = [*metas.get("article:section", []), *_ld_values(ld, "articleSection")]
    if declared:
        return declared[0]
    # category links (rel="category tag") are sometimes the whole menu; a short list is the article's own.
    categories = list(dict.fromkeys(text for a in tree.xpath(_CATEGORY_LINKS) if (text := element_text(a))))
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
    credits: list[str] = field(default_factory=list)  # agencies named where an author would be
    hosts: tuple[str, ...] = ()  # the site's names in its URLs ("akhbarelyom")
    bylines: list[str] = field(default_factory=list)  # the author fields as written ("(أبوظبي - البيان)")


def page_meta(tree: Any, url: str | None = None) -> PageMeta:
    """The metadata of the page ``tree`` (an lxml.html document); ``url`` is where it was fetched."""
    metas, ld = _metas(tree), _json_ld(tree)
    canonical = _canonical(tree, metas, url)
    headings = _headings(tree, metas, ld)
    hosts = _hosts([u for u in (url, canonical, *metas.get("og:url", [])) if u])
    outlet = _outlet(metas, ld, _title_affix(headings), canonical)
    authors, credits, bylines = _authors(tree, metas, ld, outlet, hosts)
    return PageMeta(
        title=_title(headings, outlet),
        published=_published(tree, metas, ld, canonical),
        outlet=outlet,
        authors=authors,
        section=_section(tree, metas, ld),
        url=canonical,
        credits=credits,
        hosts=hosts,
        bylines=bylines,
    )
