"""The built-in pipeline steps. Each is registered under a versioned name with what it
requires and assigns; later capabilities (quotes, events, times) add theirs here."""

from __future__ import annotations

import marsad.extract.entities.register  # registers kb.v1, patterns.v1, entities.v1
import marsad.extract.events.register  # registers events.v1
import marsad.extract.quotes.register  # registers quotes.v1
import marsad.extract.times.register  # noqa: F401  (registers times.v1)
from marsad.arabic import split_sentences, tokenize
from marsad.document import Document
from marsad.extract.ner import ner_step
from marsad.pipeline import register

#: The steps ``marsad analyze`` runs unless told otherwise.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "sentences.v1",
    "tokens.v1",
    "ner.v1",
    "kb.v1",
    "patterns.v1",
    "entities.v1",
    "quotes.v1",
    "times.v1",
    "events.v1",
)


@register("sentences.v1", requires=["text"], assigns=["sentences"])
def sentences_v1(doc: Document) -> None:
    """Sentence boundaries that respect Arabic punctuation, quotes and abbreviations."""
    doc.sentences = split_sentences(doc.text)


@register("tokens.v1", requires=["text"], assigns=["tokens"])
def tokens_v1(doc: Document) -> None:
    """spaCy blank-``ar`` tokens with clitic-stripped, normalised matching keys."""
    doc.tokens = tokenize(doc.text)


@register("ner.v1", requires=["tokens", "sentences"], assigns=["mentions"])
def ner_v1(doc: Document) -> None:
    """Statistical NER (marsad's own model, trained on ANERcorp): PER/LOC/ORG/MISC mentions."""
    ner_step(doc)
