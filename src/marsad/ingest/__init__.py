"""Turning what users have (text, HTML pages, JSONL, directories, stdin) into clean ``Article``s."""

from __future__ import annotations

from marsad.ingest.article import Article
from marsad.ingest.clean import CleanText, clean_text
from marsad.ingest.dates import parse_date
from marsad.ingest.encoding import decode_bytes
from marsad.ingest.html import extract_html
from marsad.ingest.readers import article_from_text, iter_articles

__all__ = [
    "Article",
    "CleanText",
    "article_from_text",
    "clean_text",
    "decode_bytes",
    "extract_html",
    "iter_articles",
    "parse_date",
]
