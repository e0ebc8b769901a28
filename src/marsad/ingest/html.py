"""News pages to articles: trafilatura for the body, the page's own metadata for the rest.

trafilatura finds the article body; metadata comes from ``html_meta``. When trafilatura finds no
body (short or oddly built pages) a plain paragraph extractor takes over.

The body is then placed among the page's own visible lines (``page.py``), so that every line a
reader of the page would see is accounted for: kept (body, captions, byline), lifted (headline,
date line) or listed in ``meta.removed`` (menus, banners, related links, comments, footers). The
kept lines go through the same line cleaner as plain text.

Speed: the page is parsed once. Metadata and the page's lines are read from that tree first;
then the elements trafilatura would delete anyway (``head``, scripts, navigation, footers...) are
stripped from it and what is left goes to trafilatura in its fast, precision-first mode, without
its metadata pass (``html_meta`` reads the metadata, and asks htmldate only when the page's own
markup gives no day).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Extractor

from marsad.document import Meta, Source
from marsad.errors import NoArticleBody
from marsad.ingest.article import Article
from marsad.ingest.boilerplate import is_copyright
from marsad.ingest.bylines import byline_marked, clean_authors
from marsad.ingest.clean import caption_credits, clean_text, copyright_credit, tidy_lines
from marsad.ingest.dates import parse_date
from marsad.ingest.html_meta import element_text, page_meta
from marsad.ingest.months import fold
from marsad.ingest.page import PageLine, page_lines

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_NOT_CONTENT = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
                "iframe", "button", "select", "figure")
# Fewer words than this is a menu link or a cookie button that leaked through, not an article.
_MIN_BODY_WORDS = 5
_BYLINE = re.compile(
    r"^(?:[^\s\-–—:]{2,20}(?:\s[^\s\-–—:]{2,20})?\s*[-–—/]\s*)?"
    r"(?:كتب|كتبت|بقلم|تقرير|إعداد|اعداد|حوار|متابعة|مراسلنا|by)\b",
    re.IGNORECASE,
)
_BYLINE_MAX_WORDS = 12
# Share of the extracted body's characters that must be found among the page's own lines.
_MIN_MATCHED = 0.8
_DATE_LINE_MAX = 100
# Elements trafilatura deletes, text and all, before it looks for the body (its MANUALLY_CLEANED,
# less <form>, <figure> and <math>, which it treats case by case). Stripping them before handing
# the tree over spares its XPath passes most of the page; they are read for metadata and lines
# first.
_TRAFILATURA_DROPS = (
    "head", "script", "style", "noscript", "template", "svg", "iframe", "embed", "fencedframe", "object",
    "applet", "canvas", "audio", "video", "map", "area", "picture", "source", "track", "param", "aside",
    "footer", "nav", "menu", "menuitem", "button", "input", "select", "option", "optgroup", "datalist",
    "textarea", "label", "fieldset", "legend", "output", "progress", "marquee", "blink", "dialog", "link",
    "noindex", "frame", "frameset", "rp", "rt", "rtc", "time", "use",
)
# Elements trafilatura unwraps (keeping their text) before it looks for the body.
_TRAFILATURA_UNWRAPS = (
    "abbr", "acronym", "address", "bdi", "bdo", "big", "cite", "data", "dfn", "font", "hgroup", "img", "ins",
    "mark", "meta", "nobr", "ruby", "small", "tbody", "tfoot", "thead", "wbr",
)
_LOCAL = threading.local()
# Every line ``is_copyright`` accepts holds one of these (the Arabic "محفوظة" may carry diacritics
# or tatweel): a cheap test before its folding, run on each of a page's hundred dropped lines.
_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_MAYBE_COPYRIGHT = re.compile(rf"©|\(c\)|copyright|reserved|م{_MARKS}ح{_MARKS}ف", re.IGNORECASE)


def _trafilatura_options() -> Any:
    """trafilatura's settings, built once: building them per page reads its config every time."""
    options = getattr(_LOCAL, "options", None)
    if options is None:
        options = Extractor(
            output_format="python",
            fast=True,  # no readability/jusText comparison: the page's own lines are our fallback
            precision=True,
            comments=False,
            images=False,
            links=False,
            dedup=False,
            with_metadata=False,  # html_meta reads the metadata
        )
        _LOCAL.options = options
    return options


def _parser() -> Any:
    """An HTML parser (one per thread: lxml parsers are not shared across threads) that drops
    comments and gives every element the plain ``HtmlElement`` class: lxml.html's per-tag class
    lookup runs Python code for each element every walk of the tree creates."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml.html.HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )
        _LOCAL.parser = parser
    return parser


def _fallback_body(tree: Any) -> str:
    """Paragraph-level text when trafilatura finds nothing: the <article> (or body) lines."""
    root = deepcopy(tree)
    etree.strip_elements(root, *_NOT_CONTENT, with_tail=False)
    scopes = root.xpath('//article | //*[@itemprop="articleBody"]') or root.xpath("//body") or [root]
    return "\n".join(line.text for line in page_lines(scopes[0]))


def _date_line(line: str) -> bool:
    dated = parse_date(line) if len(line) <= _DATE_LINE_MAX else None
    return dated is not None and dated.precision == "day"


def _key(line: str) -> str:
    return "".join(line.split())


@dataclass(slots=True)
class _Layout:
    """Which page lines are the article (``keep``), page furniture (``drop``) or a date line."""

    keep: list[int] = field(default_factory=list)
    drop: list[int] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    first: int = 0  # the first body line
    opening: int = 0  # the first body paragraph (a longer line); byline and date lines come before it


def _byline(line: str, authors: list[str]) -> bool:
    """"القاهرة - كتب: شادي الحسيني", "بقلم ...", or a short line naming a known author."""
    if len(line.split()) > _BYLINE_MAX_WORDS:
        return False
    if _BYLINE.match(line):
        return True
    folded = fold(line)
    return any(fold(name) in folded for name in authors if name)


def _layout(lines: list[PageLine], body: str, title: str | None, authors: list[str]) -> _Layout | None:
    """Place the extracted body among the page's lines, so every other line can be accounted for.

    Body lines are kept, and so are captions and, between the headline and the body, a byline;
    a date line there is lifted out; every other line was dropped. None when the body cannot be
    found among the page's lines (the caller then trusts the body alone).
    """
    wanted = Counter(_key(line) for line in tidy_lines(body))
    wanted_chars = sum(len(k) * n for k, n in wanted.items())
    folded_title = fold(title) if title else None
    title_at = next((i for i, line in enumerate(lines) if fold(line.text) == folded_title), None)
    found: list[int] = []
    for i, line in enumerate(lines):
        key = _key(line.text)
        if i != title_at and wanted[key] > 0:
            wanted[key] -= 1
            found.append(i)
    if not found or sum(len(_key(lines[i].text)) for i in found) < _MIN_MATCHED * wanted_chars:
        return None
    first, last, in_body = found[0], found[-1], set(found)
    head = title_at + 1 if title_at is not None and title_at < first else first
    # The body's opening lines up to its first paragraph: a date line among them is lifted.
    opening = next((i for i in found if len(lines[i].text.split()) > _BYLINE_MAX_WORDS), last)
    layout = _Layout(first=first, opening=opening)
    for i, line in enumerate(lines):
        if i == title_at:
            continue
        if i in in_body and i < opening and _date_line(line.text):
            layout.dates.append(line.text)
        elif i in in_body:
            layout.keep.append(i)
        elif head <= i < first and _date_line(line.text):
            layout.dates.append(line.text)
        elif head <= i < last and (
            line.caption or caption_credits(line.text) or (i < first and _byline(line.text, authors))
        ):
            layout.keep.append(i)
        else:
            layout.drop.append(i)
    return layout


def _body(tree: Any, url: str | None) -> str:
    """trafilatura's article text for ``tree``, which is stripped of what it would delete anyway."""
    etree.strip_elements(tree, *_TRAFILATURA_DROPS, with_tail=False)
    etree.strip_tags(tree, *_TRAFILATURA_UNWRAPS)
    result = trafilatura.bare_extraction(tree, url=url, options=_trafilatura_options())
    found: dict[str, Any] = {} if result is None else result if isinstance(result, dict) else result.as_dict()
    return str(found.get("text") or "")


def extract_html(html: str, *, url: str | None = None, origin: str | None = None) -> Article:
    """One article from a news page's HTML. Raises ``NoArticleBody`` when the page has no body text.

    ``meta.removed`` lists every visible line of the page that is not the article: menus, cookie
    banners, related links, comments, footers, and debris inside the body.
    """
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html), parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise NoArticleBody(
            f"the HTML could not be parsed ({exc}); check that it is a web page", origin=origin
        ) from exc

    info = page_meta(tree, url)
    title = info.title
    authors = info.authors
    roots = tree.xpath("//body")
    lines = page_lines(roots[0] if roots else tree)
    body = _body(tree, url)  # from here on ``tree`` lacks what trafilatura deletes anyway
    if len(body.split()) < _MIN_BODY_WORDS:
        body = max(body, _fallback_body(tree), key=lambda text: len(text.split()))

    layout = _layout(lines, body, title, [*authors, *info.bylines])

    credits: list[str] = []
    byline_credits: list[str] = []
    if layout is None:  # trust the extracted body; captions are credited wherever they are
        cleaned = clean_text(body, title=title, find_title=False)
        removed = cleaned.removed
        captions = tree.xpath('//figcaption | //*[contains(@class, "caption")]')
        extra = [name for caption in captions for name in caption_credits(element_text(caption))]
        dates: list[str] = []
    else:
        cleaned = clean_text("\n".join(lines[i].text for i in layout.keep), title=title, find_title=False)
        debris = Counter(cleaned.removed)
        dropped = set(layout.drop)
        for i in layout.keep:
            if debris[lines[i].text] > 0:
                debris[lines[i].text] -= 1
                dropped.add(i)
        removed = [lines[i].text for i in sorted(dropped)]
        notices = [
            lines[i].text for i in layout.drop if _MAYBE_COPYRIGHT.search(lines[i].text) and is_copyright(lines[i].text)
        ]
        extra = [name for notice in notices if (name := copyright_credit(notice))]
        dates = layout.dates
        if not authors:  # no author in the markup: the byline line the page shows
            marked = [lines[i].text for i in layout.keep if i < layout.opening and byline_marked(lines[i].text)]
            authors, byline_credits = clean_authors(marked, outlet=info.outlet, hosts=info.hosts)
    if len(cleaned.text.split()) < _MIN_BODY_WORDS:
        raise NoArticleBody(
            "the page has no article text (only navigation, scripts or boilerplate); "
            "save the article's text as a .txt file instead",
            origin=origin,
        )
    for name in [*cleaned.credits, *info.credits, *byline_credits, *extra]:
        if name not in credits:
            credits.append(name)
    published = info.published or cleaned.published
    if published is None and dates:
        published = parse_date(dates[0])
    meta = Meta(
        title=title,
        published=published,
        source=Source(url=info.url, outlet=info.outlet, credits=credits),
        authors=authors,
        section=info.section,
        removed=removed,
        origin=origin,
    )
    return Article(cleaned.text, meta)
