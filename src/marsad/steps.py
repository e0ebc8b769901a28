"""The built-in pipeline steps. Each is registered under a versioned name with what it
requires and assigns; later capabilities (entities, quotes, events, times) add theirs here."""

from __future__ import annotations

from marsad.arabic import split_sentences, tokenize
from marsad.document import Document
from marsad.pipeline import register

#: The steps ``marsad analyze`` runs unless told otherwise.
DEFAULT_PIPELINE: tuple[str, ...] = ("sentences.v1", "tokens.v1")


@register("sentences.v1", requires=["text"], assigns=["sentences"])
def sentences_v1(doc: Document) -> None:
    """Sentence boundaries that respect Arabic punctuation, quotes and abbreviations."""
    doc.sentences = split_sentences(doc.text)


@register("tokens.v1", requires=["text"], assigns=["tokens"])
def tokens_v1(doc: Document) -> None:
    """spaCy blank-``ar`` tokens with clitic-stripped, normalised matching keys."""
    doc.tokens = tokenize(doc.text)
