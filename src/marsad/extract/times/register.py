"""Registers the ``times.v1`` step (imported by ``marsad.steps``)."""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.times import STEP_NAME, times_step
from marsad.pipeline import register


@register(STEP_NAME, requires=["text", "meta"], assigns=["times"])
def times_v1(doc: Document) -> None:
    """Time expressions in the body (absolute, relative to meta.published, anaphoric, Hijri)."""
    times_step(doc)
