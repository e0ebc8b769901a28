"""The runner-up approach: spaCy's transition-based NER, trained from code on marsad's tokens.

A blank ``ar`` pipeline with one ``ner`` component (spaCy's default model: a hash-embedding CNN
over the NORM, PREFIX, SUFFIX and SHAPE attributes). Token norms are set to marsad's
``token_norm`` so the embedding sees clitic-stripped, orthographically folded words. Kept for
comparison (``train_ner(..., approach="spacy")``, ``bench_ner.py --compare``); the committed
model is the CRF (see MODEL_CARD.md).
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.arabic import split_sentences, tokenize
from marsad.document import Document, Mention, Token
from marsad.errors import ModelError
from marsad.extract.ner.features import load_lexicon
from marsad.extract.ner.tagger import DocumentWords, MentionBuilder, sentence_slices

__all__ = ["SpacyNerTagger", "train_spacy"]

_TYPES = ("PER", "LOC", "ORG", "MISC")


def _doc(nlp: Any, tokens: Sequence[Token]) -> Any:
    from spacy.tokens import Doc

    words = [t.text for t in tokens]
    spaces = [tokens[i].end < tokens[i + 1].start for i in range(len(tokens) - 1)] + [False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for token, ours in zip(doc, tokens, strict=True):
        token.norm_ = ours.norm
    return doc


def _labels_of(doc: Any) -> list[str]:
    labels = ["O"] * len(doc)
    for ent in doc.ents:
        labels[ent.start] = "B-" + ent.label_
        for i in range(ent.start + 1, ent.end):
            labels[i] = "I-" + ent.label_
    return labels


def train_spacy(
    sequences: Sequence[tuple[Sequence[Token], Sequence[str]]], out: Path, *, epochs: int = 12, seed: int = 0,
    dropout: float = 0.2, log: Any = None,
) -> None:
    """Train spaCy's NER on (tokens, IOB2 labels) sentences and save the pipeline to ``out``."""
    import spacy

    training: Any = importlib.import_module("spacy.training")
    util: Any = importlib.import_module("spacy.util")
    util.fix_random_seed(seed)
    nlp = spacy.blank("ar")
    ner: Any = nlp.add_pipe("ner")
    for name in _TYPES:
        ner.add_label(name)
    examples = []
    for tokens, labels in sequences:
        if not tokens:
            continue
        predicted = _doc(nlp, tokens)
        reference = _doc(nlp, tokens)
        reference.ents = training.biluo_tags_to_spans(reference, training.iob_to_biluo(list(labels)))
        examples.append(training.Example(predicted, reference))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in util.minibatch(examples, size=util.compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        if log is not None:
            log(f"spacy epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0.0):.1f}")
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)


class SpacyNerTagger:
    """Tags a ``Document`` with a pipeline saved by ``train_spacy`` (same mention rules)."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self._ner = nlp.get_pipe("ner")
        self._builder = MentionBuilder(load_lexicon())

    @classmethod
    def load(cls, path: Path) -> SpacyNerTagger:
        import spacy

        try:
            return cls(spacy.load(path))
        except (OSError, ValueError, KeyError) as error:
            raise ModelError(f"cannot load the spaCy NER model {path}: {error}", origin=str(path)) from error

    def tag(self, doc: Document) -> list[Mention]:
        text = doc.text
        tokens = doc.tokens or tokenize(text)
        sentences = doc.sentences or split_sentences(text)
        slices = sentence_slices(tokens, sentences)
        docs = [_doc(self._nlp, tokens[first:last]) for first, last in slices]
        mentions: list[Mention] = []
        seen = DocumentWords(tokens)
        for (first, last), tagged in zip(slices, self._ner.pipe(docs, batch_size=64), strict=True):
            labels = _labels_of(tagged)
            mentions.extend(self._builder.mentions(text, tokens[first:last], labels, [1.0] * len(labels), seen))
        return mentions
