"""The unit ingest produces: one article's clean body text and its metadata."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.document import Meta


@dataclass(slots=True)
class Article:
    """A clean article ready for ``Document(article.text, article.meta)``.

    ``meta.origin`` says where it came from ("path", "path:LINE" for JSONL, "<stdin>") and
    ``meta.warnings`` lists non-fatal problems met while reading it.
    """

    text: str
    meta: Meta
