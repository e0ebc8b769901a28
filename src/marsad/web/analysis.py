"""``POST /api/documents``: one request body → one analysed ``Document`` (blocking; run in a thread)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from typing import Any

from marsad.api import analyze_article, get_pipeline
from marsad.document import Document
from marsad.ingest import article_from_text, extract_html, parse_date
from marsad.ingest.checks import check_article
from marsad.settings import Settings
from marsad.web.schemas_in import DocumentIn

ORIGIN = "<request>"


def analyse_request(body: DocumentIn, settings: Settings) -> Document:
    """Analyse the article in ``body`` with the server's settings (pipeline, KB files, limits).

    Raises the ingest errors (``EmptyInput``, ``NotArabic``, ``NoArticleBody``, ``InputTooLarge``)
    that the API turns into 4xx responses.
    """
    if body.text is not None:
        article = article_from_text(body.text, title=body.title, url=body.url, published=body.published,
                                    outlet=body.outlet, origin=ORIGIN, settings=settings)
    else:
        assert body.html is not None  # DocumentIn checks that one of them is given
        article = check_article(extract_html(body.html, url=body.url, origin=ORIGIN), settings)
        meta = article.meta
        if body.title and body.title.strip():
            meta.title = " ".join(body.title.split())
        if body.outlet and body.outlet.strip():
            meta.source = replace(meta.source, outlet=body.outlet.strip())
        if body.published and body.published.strip():
            if (date := parse_date(body.published)) is not None:
                meta.published = date
            else:
                meta.warnings.append(f"could not read the published date {body.published!r}; write it as YYYY-MM-DD")
    context: Any = nullcontext()
    if settings.kb_file_list:
        from marsad.extract.entities import use_kb
        from marsad.kb import load_kb

        context = use_kb(load_kb(list(settings.kb_file_list)))
    with context:
        return analyze_article(article, get_pipeline(None, settings))
