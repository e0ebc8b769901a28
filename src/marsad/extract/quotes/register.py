"""Pipeline registration of the quote step. ``marsad.steps`` imports this module; nothing else
registers the name (registering twice is an error)."""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.quotes.extract import quotes_step
from marsad.pipeline import register


@register("quotes.v1", requires=["sentences", "tokens", "entities"], assigns=["quotes"])
def quotes_v1(doc: Document) -> None:
    """Direct, indirect and mixed quotes with cue, speaker entity and addressee."""
    quotes_step(doc)
