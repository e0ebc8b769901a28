"""The runtime NER: a linear-chain CRF over marsad's own tokens.

``NerTagger.load()`` opens the model committed inside the package (``model/``: the weights
python-crfsuite trained, exported to ``ner.npz`` and decoded exactly by ``crf.CrfScorer``) once
per process; ``tag(doc)`` returns ``Mention`` objects (PER, LOC, ORG, MISC; kind "name"; by
"ner.v1") whose spans leave out attached proclitics (لداعش → داعش, وبالعراق → العراق,
للعراق → عراق) and punctuation, with the CRF's marginal probability (the lowest over the
mention's tokens) as the confidence. A model with a second stage (``ner2.npz``) decodes twice:
the first stage's labels and marginals, with what they say about each word elsewhere in the
document (``features.stack_keys``), are the second stage's extra features, and its labels are
the result. Names found confidently are looked for again in the rest of the document
(``NerTagger.propagate``).
"""

from __future__ import annotations

import json
from collections.abc import Container, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from marsad.arabic import normalize_word, split_sentences, tokenize
from marsad.document import Document, Mention, Token
from marsad.errors import ModelError
from marsad.extract.ner.crf import CrfModel, CrfScorer
from marsad.extract.ner.features import (
    FeatureExtractor,
    Gazetteer,
    Lexicon,
    is_punctuation,
    load_lexicon,
    stack_keys,
)

__all__ = [
    "BY",
    "FEATURES_VERSION",
    "MODEL_DIR",
    "DocumentWords",
    "MentionBuilder",
    "NerTagger",
    "decode",
    "ner_step",
    "proclitic_cut",
    "sentence_slices",
]

BY = "ner.v1"
#: Bumped whenever ``FeatureExtractor`` changes what it emits: a model records the version it
#: was trained with, and loading one trained with another version fails with a clear message.
FEATURES_VERSION = 1
MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "ner.npz"
STACK_FILE = "ner2.npz"  # the second-stage CRF (features: the first stage's output, ``stack_features``)
META_FILE = "ner.json"
GAZETTEER_FILE = "gazetteer.tsv"
RETRAIN = "run `marsad train ner --data PATH` (PATH: an ANERcorp-style CoNLL file) to rebuild it"
PROPAGATE_CONFIDENCE = 0.8
PROPAGATE_DISCOUNT = 0.8
VOTE_TYPES = True
VOTE_SHARE = 0.6
_TYPES = {"PER": "PER", "PERS": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


# --- mention boundaries --------------------------------------------------------------------


def _raw_index(raw: str, folded_length: int) -> int:
    """Index in ``raw`` of the first letter after the characters that fold to ``folded_length``."""
    seen = 0
    for i, char in enumerate(raw):
        folded = len(normalize_word(char))
        if seen >= folded_length and folded:
            return i
        seen += folded
    return len(raw)


class DocumentWords:
    """The normalised words a document writes on their own (without proclitics), built on first
    use: evidence that لداعش is ل + داعش when داعش also stands alone in the same article."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = tokens
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = frozenset(normalize_word(t.text) for t in self._tokens if not t.prefix)
        return word in self._words


def proclitic_cut(
    token: Token, lexicon: Lexicon, *, names: Container[str] = frozenset(), seen: Container[str] = frozenset()
) -> int:
    """How many characters at the start of ``token`` a mention leaves out.

    ``Token.prefix`` is the tokenizer's reading, right for Arabic words but not always for
    names: بلير is not ب + لير and كوفي is not ك + وفي. The article stays in the mention
    (وبالعراق → العراق) unless the whole word is a known name (فالنسيا); after لل it cannot
    (للعراق → عراق). Otherwise the candidates are no cut, a cut after a leading و/ف, and a cut
    after the whole prefix; the first (shortest) whose
    remainder is a known proper noun (arramooz, or ``names``: gazetteer words) wins, then the
    first whose remainder the same document also writes on its own (``seen``), then the first
    that is an ordinary known word. With no evidence, a leading و is cut and a lone ب ف ك ل kept:
    in ANERcorp most unknown words so written are foreign names that begin with that letter.
    """
    prefix = token.prefix
    if not prefix:
        return 0
    key = normalize_word(prefix)
    if key == "ال":
        return 0
    if key.endswith("لل"):
        return len(prefix)
    whole = normalize_word(token.text)
    if key.endswith("ال"):
        if whole in lexicon.proper or whole in names:
            return 0  # فالنسيا is Valencia, not ف + النسيا
        return _raw_index(prefix, len(key) - 2)
    folded_cuts = [0, 1, len(key)] if key[0] in "وف" and len(key) > 1 else [0, len(key)]
    remainders = [(cut, whole[cut:]) for cut in folded_cuts]
    chosen: int | None = None
    for known in (lambda w: w in lexicon.proper or w in names, lambda w: w in seen, lexicon.is_known):
        chosen = next((cut for cut, rest in remainders if known(rest)), None)
        if chosen is not None:
            break
    if chosen is None:
        chosen = 1 if key[0] == "و" else 0
    return _raw_index(token.text, chosen) if chosen else 0


def _edge_trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (is_punctuation(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (is_punctuation(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return start, end


def decode(labels: Sequence[str], tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
    """Token ranges ``[first, last)`` and types from IOB2 (or BILOU) labels.

    An I- (or L-) label that does not continue a mention of its type opens one; a punctuation
    token closes the open mention and never belongs to one.
    """
    out: list[tuple[int, int, str]] = []
    open_first = -1
    open_type = ""
    for i, label in enumerate(labels):
        if label == "O" or is_punctuation(tokens[i].text):
            kind = ""
        else:
            kind = label[2:]
            if label[0] in "IL" and kind == open_type:
                continue
        if open_type:
            out.append((open_first, i, open_type))
        open_first, open_type = i, kind
    if open_type:
        out.append((open_first, len(labels), open_type))
    return out


class MentionBuilder:
    """Turns one sentence's IOB2 labels into ``Mention`` objects (see ``decode`` and
    ``proclitic_cut``)."""

    def __init__(self, lexicon: Lexicon, names: Container[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.names = names

    def mentions(
        self, text: str, tokens: Sequence[Token], labels: Sequence[str], confidences: Sequence[float],
        seen: Container[str] = frozenset(),
    ) -> list[Mention]:
        out: list[Mention] = []
        for i, j, kind in decode(labels, tokens):
            first = tokens[i]
            cut = proclitic_cut(first, self.lexicon, names=self.names, seen=seen) if first.prefix else 0
            start, end = _edge_trim(text, first.start + cut, tokens[j - 1].end)
            if start < end:
                out.append(Mention(start, end, text[start:end], _TYPES[kind], kind="name", by=BY,
                                   confidence=min(confidences[i:j])))
        return out


# --- the tagger ----------------------------------------------------------------------------


class NerTagger:
    """A loaded CRF model plus the feature extractor it was trained with."""

    def __init__(
        self, model: CrfModel, extractor: FeatureExtractor, path: Path, meta: dict[str, Any],
        second: CrfModel | None = None,
    ) -> None:
        self._scorer = CrfScorer(model, extractor)
        self._second = CrfScorer(second, extractor) if second is not None else None
        self.stacked = second is not None  # decode with the second stage too (when the model has one)
        names = extractor.gazetteer.words if extractor.gazetteer is not None else frozenset()
        self._builder = MentionBuilder(extractor.lexicon, names)
        self.path = path
        self.meta = meta
        self.labels: tuple[str, ...] = model.labels
        self.propagate = True
        self._name_like_cache: dict[str, bool] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> NerTagger:
        """The model in ``path`` (a model folder or its ``ner.npz`` file); by default the model
        committed inside the package, loaded once per process."""
        if path is None:
            return _default_tagger()
        return cls._open(Path(path))

    @classmethod
    def _open(cls, path: Path) -> NerTagger:
        model_file = path / MODEL_FILE if path.is_dir() else path
        folder = model_file.parent
        if not model_file.is_file():
            raise ModelError(f"the NER model file {model_file} is missing: {RETRAIN}")
        meta_file = folder / META_FILE
        meta: dict[str, Any] = {}
        if meta_file.is_file():
            try:
                loaded = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ModelError(f"the NER model description {meta_file} is unreadable ({error}): {RETRAIN}") from error
            if not isinstance(loaded, dict):
                raise ModelError(f"the NER model description {meta_file} is not a JSON object: {RETRAIN}")
            meta = loaded
        version = meta.get("features_version", FEATURES_VERSION)
        if version != FEATURES_VERSION:
            raise ModelError(
                f"the NER model {model_file} was trained with feature set {version}, this marsad computes "
                f"set {FEATURES_VERSION}: {RETRAIN}"
            )
        try:
            model = CrfModel.load(model_file)
        except ModelError as error:
            raise ModelError(f"the NER model file {model_file} is corrupt or unreadable ({error.message}): "
                             f"{RETRAIN}") from error
        unexpected = [label for label in model.labels if label != "O" and label[2:] not in _TYPES]
        if unexpected:
            raise ModelError(f"the NER model file {model_file} holds unexpected labels {unexpected}: {RETRAIN}")
        second: CrfModel | None = None
        stack_file = folder / STACK_FILE
        if stack_file.is_file():
            try:
                second = CrfModel.load(stack_file)
            except ModelError as error:
                raise ModelError(f"the NER model file {stack_file} is corrupt or unreadable ({error.message}): "
                                 f"{RETRAIN}") from error
            if second.labels != model.labels:
                raise ModelError(f"the NER model files {model_file} and {stack_file} disagree on labels: {RETRAIN}")
        gazetteer_file = folder / GAZETTEER_FILE
        gazetteer = Gazetteer.read(gazetteer_file) if gazetteer_file.is_file() else None
        return cls(model, FeatureExtractor(load_lexicon(), gazetteer), model_file, meta, second)

    # tagging ---------------------------------------------------------------------------------

    def tag_tokens(
        self, tokens: Sequence[Token], starts: Sequence[int] = (0,)
    ) -> tuple[list[str], list[float]]:
        """IOB2 labels of ``tokens`` (sentences begin at the indices ``starts``) and each
        label's marginal probability."""
        if not tokens:
            return [], []
        bounds = [*starts[1:], len(tokens)]
        return self._decode(tokens, list(zip(starts, bounds, strict=True)))

    def _decode(self, tokens: Sequence[Token], slices: Sequence[tuple[int, int]]) -> tuple[list[str], list[float]]:
        starts = [first for first, _ in slices]
        labels, confidences = self._scorer.tag(tokens, starts)
        if self._second is not None and self.stacked:
            stack = stack_keys(tokens, slices, labels, confidences)
            labels, confidences = self._second.tag(tokens, starts, stack)
        return labels, confidences

    def _name_like(self, token: Token) -> bool:
        """Not an ordinary word of the lexicon (nor a nisba adjective): unknown, or a proper noun."""
        found = self._name_like_cache.get(token.text)
        if found is None:
            if len(self._name_like_cache) > 100_000:
                self._name_like_cache.clear()
            classes = self._scorer.extractor.lexical_classes(token.norm, normalize_word(token.text))
            found = self._name_like_cache[token.text] = all(c == "UNK" or c.startswith("PR") for c in classes)
        return found

    def _propagate(
        self, tokens: Sequence[Token], slices: Sequence[tuple[int, int]], labels: list[str], confidences: list[float]
    ) -> None:
        """Label again, in place, unlabelled repetitions of names the CRF found with confidence
        elsewhere in the document (one article names محفوظ ten times but the model sees the
        context for it only in some): same token norms, whole tokens, name-like words only."""
        votes: dict[tuple[str, ...], dict[str, float]] = {}
        best: dict[tuple[str, ...], float] = {}
        spans: list[tuple[int, int, tuple[str, ...], str]] = []
        for first, last in slices:
            for i, j, kind in decode(labels[first:last], tokens[first:last]):
                confidence = min(confidences[first + i : first + j])
                key = tuple(t.norm for t in tokens[first + i : first + j])
                tally = votes.setdefault(key, {})
                tally[kind] = tally.get(kind, 0.0) + confidence
                best[key] = max(best.get(key, 0.0), confidence)
                spans.append((first + i, first + j, key, kind))
        known: dict[tuple[str, ...], tuple[str, float]] = {}
        for key, tally in votes.items():
            if best[key] >= PROPAGATE_CONFIDENCE:
                kind = max(tally, key=lambda k: (tally[k], k))
                known[key] = (kind, best[key])
        if VOTE_TYPES:  # one name, one type per document: the confidence-weighted majority
            for i, j, key, kind in spans:
                found = known.get(key)
                if found is None or found[0] == kind:
                    continue
                if votes[key][found[0]] >= VOTE_SHARE * sum(votes[key].values()):
                    for k in range(i, j):
                        labels[k] = labels[k][:2] + found[0]
        widths: dict[str, int] = {}  # first norm of a known name -> its most words
        for key in known:
            widths[key[0]] = max(widths.get(key[0], 0), len(key))
        if not widths:
            return
        for first, last in slices:
            i = first
            while i < last:
                longest = widths.get(tokens[i].norm)
                if longest is None or labels[i] != "O":
                    i += 1
                    continue
                for width in range(min(longest, last - i), 0, -1):
                    found = known.get(tuple(t.norm for t in tokens[i : i + width]))
                    if found is None or any(label != "O" for label in labels[i : i + width]):
                        continue
                    if i + width < last and labels[i + width][0] in "IL":
                        continue
                    if not all(self._name_like(t) for t in tokens[i : i + width]):
                        continue  # an ordinary word that is also a name (مدينة, أسد): context decides
                    kind, confidence = found
                    for k in range(i, i + width):
                        labels[k] = ("B-" if k == i else "I-") + kind
                        confidences[k] = confidence * PROPAGATE_DISCOUNT
                    i += width - 1
                    break
                i += 1

    def tag(self, doc: Document) -> list[Mention]:
        """Named-entity mentions of ``doc``, in text order.

        Uses ``doc.tokens`` and ``doc.sentences`` when the pipeline made them, else makes them.
        """
        text = doc.text
        tokens = doc.tokens or tokenize(text)
        if not tokens:
            return []
        slices = sentence_slices(tokens, doc.sentences or split_sentences(text))
        labels, confidences = self._decode(tokens, slices)
        if self.propagate:
            self._propagate(tokens, slices, labels, confidences)
        mentions: list[Mention] = []
        seen = DocumentWords(tokens)
        for first, last in slices:
            mentions.extend(self._builder.mentions(
                text, tokens[first:last], labels[first:last], confidences[first:last], seen
            ))
        return mentions


def sentence_slices(tokens: Sequence[Token], sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token index ranges per sentence; tokens outside every sentence form their own runs."""
    slices: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    for _, end in sentences:
        j = i
        while j < n and tokens[j].start < end:
            j += 1
        if j > i:
            slices.append((i, j))
        i = j
    if i < n:
        slices.append((i, n))
    return slices


@cache
def _default_tagger() -> NerTagger:
    return NerTagger._open(MODEL_DIR)


def ner_step(doc: Document) -> None:
    """Pipeline step ``ner.v1`` (requires tokens and sentences, assigns mentions)."""
    doc.mentions.extend(NerTagger.load().tag(doc))
