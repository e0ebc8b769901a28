"""Events: detection and typing (PLOVER/ACLED), arguments, modality, reference, merging."""

from __future__ import annotations

from marsad.extract.events.extract import extract_events
from marsad.extract.events.model import Event, acled_for
from marsad.extract.events.same import EventRef, same_event

__all__ = ["Event", "EventRef", "acled_for", "extract_events", "same_event"]
