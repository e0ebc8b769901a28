"""Quotes (``quotes.v1``): who said what, direct, indirect and mixed, with the speaker's entity.

``marks`` pairs quotation marks per paragraph, ``lexicon`` holds the reporting cues,
``direct`` and ``indirect`` find the quotes, ``speakers`` and ``addressee`` tie them to
``doc.entities``; ``extract.quotes_step`` runs it all. ``register`` registers the step.
"""

from __future__ import annotations

from marsad.extract.quotes.extract import quotes_step
from marsad.extract.quotes.model import Quote

__all__ = ["Quote", "quotes_step"]
