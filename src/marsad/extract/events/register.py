"""Pipeline registration of the events step. ``marsad.steps`` imports this module."""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.events.extract import extract_events
from marsad.pipeline import register


@register("events.v1", requires=["tokens", "sentences", "entities", "quotes", "times"], assigns=["events"])
def events_v1(doc: Document) -> None:
    """Events (PLOVER type, mode, ACLED), their arguments, modality and reference; mentions of
    one event merged. Uses doc.times and doc.quotes when the times and quotes steps ran."""
    doc.events = list(extract_events(doc))
