"""Fast exact inference for the linear-chain CRF that python-crfsuite trains.

Training uses crfsuite; tagging does not. Passing ~60 feature strings per token through
crfsuite costs more than everything else in the step together, so the trained weights are
exported (``CrfModel``, one ``.npz`` file) and scored here:

* every feature but a handful is a function of one word at one window offset, so each distinct
  word gets five cached score vectors (its own features, and what it adds to the tokens one and
  two places after and before it); a token's emission scores are the sum of five gathered rows
  plus word bigrams, sentence-position, cue-window and gazetteer features;
* the sentences of a document are decoded together, as the rows of one padded array: exact
  Viterbi for the labels, forward-backward for the marginals (the mentions' confidences).

Labels are identical to crfsuite's Viterbi output up to floating-point ties
(``tests/test_ner.py`` checks it against crfsuite on a model it trains).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from marsad.document import Token
from marsad.errors import ModelError
from marsad.extract.ner.features import FeatureExtractor, StackKey, stack_key_features

__all__ = ["CrfModel", "CrfScorer"]

FloatArray = npt.NDArray[np.float64]
_CACHE_LIMIT = 300_000
# forward-backward rescales at least every this many steps (fewer when transitions are extreme)
_RESCALE = 8
# most padded (sentences x longest sentence) cells decoded at once
_BATCH_CELLS = 8192


@dataclass(frozen=True, slots=True)
class CrfModel:
    """State weights per attribute and label, transition weights, labels."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: FloatArray  # (attributes + 1, labels); the last row is zeros, for unknown attributes
    transitions: FloatArray  # (labels, labels): from row to column

    @classmethod
    def from_crfsuite(cls, path: Path) -> CrfModel:
        """Read the weights of a model file crfsuite wrote."""
        import importlib

        tagger: Any = importlib.import_module("pycrfsuite").Tagger()
        tagger.open(str(path))
        try:
            labels = tuple(tagger.labels())
            info = tagger.info()
        finally:
            tagger.close()
        index = {label: i for i, label in enumerate(labels)}
        names = sorted({attr for attr, _ in info.state_features})
        attributes = {name: i for i, name in enumerate(names)}
        state = np.zeros((len(names) + 1, len(labels)))
        for (attr, label), weight in info.state_features.items():
            state[attributes[attr], index[label]] = weight
        transitions = np.zeros((len(labels), len(labels)))
        for (source, target), weight in info.transitions.items():
            transitions[index[source], index[target]] = weight
        return cls(labels, attributes, state, transitions)

    def save(self, path: Path) -> None:
        names = sorted(self.attributes, key=self.attributes.__getitem__)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                labels=np.array(self.labels),
                attributes=np.array(names),
                state=self.state[:-1].astype(np.float32),
                transitions=self.transitions.astype(np.float32),
            )

    @classmethod
    def load(cls, path: Path) -> CrfModel:
        """A model ``save`` wrote; a missing or damaged file raises ``ModelError``."""
        try:
            with np.load(path, allow_pickle=False) as data:
                labels = tuple(str(label) for label in data["labels"])
                names = [str(name) for name in data["attributes"]]
                weights = np.asarray(data["state"], dtype=np.float64)
                transitions = np.asarray(data["transitions"], dtype=np.float64)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            raise ModelError(f"cannot read {path}: {error}", origin=str(path)) from error
        if weights.shape != (len(names), len(labels)) or transitions.shape != (len(labels), len(labels)):
            raise ModelError(f"{path} has inconsistent shapes", origin=str(path))
        if "O" not in labels:
            raise ModelError(f"{path} has no O label", origin=str(path))
        state = np.zeros((len(names) + 1, len(labels)))
        state[:-1] = weights
        return cls(labels, {name: i for i, name in enumerate(names)}, state, transitions)

    def score(self, features: Iterable[str]) -> FloatArray:
        """Sum of the state weights of ``features`` (unknown ones weigh nothing)."""
        get = self.attributes.get
        missing = len(self.attributes)
        rows = [get(f, missing) for f in features]
        return self.state[rows].sum(axis=0) if rows else np.zeros(len(self.labels))


class CrfScorer:
    """Emission scores, best labels and marginals for sentences of ``Token``."""

    def __init__(self, model: CrfModel, extractor: FeatureExtractor) -> None:
        self.model = model
        self.extractor = extractor
        self.labels = model.labels
        self._o = model.labels.index("O")
        n_labels = len(model.labels)
        self._stack_rows: dict[StackKey, int] = {}
        self._stack_vectors = np.zeros((0, n_labels))
        self._rows: dict[str, int] = {}
        self._vectors = np.zeros((1024, 5, n_labels))
        self._title = np.zeros(1024, dtype=bool)
        self._reporting = np.zeros(1024, dtype=bool)
        zero = np.zeros(n_labels)
        self._bos = model.score(["BOS"]) if "BOS" in model.attributes else zero
        self._eos = model.score(["EOS"]) if "EOS" in model.attributes else zero
        self._i1 = model.score(["i1"]) if "i1" in model.attributes else zero
        self._w_title = model.score(["wT"]) if "wT" in model.attributes else zero
        self._w_reporting = model.score(["wR"]) if "wR" in model.attributes else zero
        # Each forward/backward step multiplies by exp(transition) <= exp(max|T|) per label and the
        # best label's potential is 1, so a step scales the vector by at most (labels * e^max|T|)
        # either way: rescale often enough to stay far inside float64's range (~1e±300).
        spread = float(np.abs(model.transitions).max()) + float(np.log(n_labels))
        self._rescale = max(1, min(_RESCALE, int(300 / max(spread, 1.0))))

    # per word --------------------------------------------------------------------------------

    def _row(self, token: Token) -> int:
        row = self._rows.get(token.text)
        if row is None:
            if len(self._rows) >= _CACHE_LIMIT:
                self._rows.clear()
            row = len(self._rows)
            if row >= len(self._vectors):
                self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
                self._title = np.concatenate([self._title, np.zeros_like(self._title)])
                self._reporting = np.concatenate([self._reporting, np.zeros_like(self._reporting)])
            w = self.extractor.word(token)
            score = self.model.score
            self._vectors[row] = (score(w.local), score(w.m1), score(w.m2), score(w.p1), score(w.p2))
            self._title[row] = w.title
            self._reporting[row] = w.reporting
            self._rows[token.text] = row
        return row

    # emissions -------------------------------------------------------------------------------

    def emissions(
        self, tokens: Sequence[Token], starts: Sequence[int], stack: Sequence[StackKey] | None = None,
    ) -> FloatArray:
        """(tokens, labels) state scores; ``starts`` are the indices where sentences begin;
        ``stack``: the second stage's evidence per token (``stack_keys``).

        Mirrors ``FeatureExtractor.sentence`` feature for feature.
        """
        n = len(tokens)
        rows = np.fromiter((self._row(t) for t in tokens), dtype=np.intp, count=n)
        vectors = self._vectors[rows]  # (n, 5, L)
        scores = vectors[:, 0].copy()
        sentence = np.zeros(n, dtype=np.intp)
        if len(starts) > 1:
            sentence[list(starts[1:])] = 1
            sentence = np.cumsum(sentence)
        same1 = sentence[1:] == sentence[:-1]
        same2 = sentence[2:] == sentence[:-2]
        scores[1:] += vectors[:-1, 1] * same1[:, None]
        scores[2:] += vectors[:-2, 2] * same2[:, None]
        scores[:-1] += vectors[1:, 3] * same1[:, None]
        scores[:-2] += vectors[2:, 4] * same2[:, None]
        first = np.asarray(starts, dtype=np.intp)
        last = np.append(first[1:], n) - 1
        scores[first] += self._bos
        scores[last] += self._eos
        second = first + 1
        second = second[second <= last]
        scores[second] += self._i1
        self._bigrams(tokens, same1, scores)
        self._windows(rows, sentence, scores)
        if self.extractor.gazetteer is not None:
            self._gazetteer(tokens, list(first), list(last + 1), scores)
        if stack is not None:
            scores += self._stack_scores(stack)
        return scores

    def _stack_scores(self, keys: Sequence[StackKey]) -> FloatArray:
        """Scores of ``stack_key_features`` per token: each distinct key is scored once."""
        rows = self._stack_rows
        missing = [key for key in dict.fromkeys(keys) if key not in rows]
        if missing:
            if len(rows) + len(missing) > _CACHE_LIMIT:
                rows.clear()
                self._stack_vectors = np.zeros((0, len(self.labels)))
                missing = list(dict.fromkeys(keys))
            start = len(rows)
            added = np.array([self.model.score(stack_key_features(key)) for key in missing])
            self._stack_vectors = np.concatenate([self._stack_vectors, added])
            for offset, key in enumerate(missing):
                rows[key] = start + offset
        return self._stack_vectors[[rows[key] for key in keys]]

    def _bigrams(self, tokens: Sequence[Token], same1: npt.NDArray[np.bool_], scores: FloatArray) -> None:
        get = self.model.attributes.get
        norms = [t.norm for t in tokens]
        pairs = [a + "|" + b for a, b in pairwise(norms)]
        after = [get("bg+=" + p) for p in pairs]  # feature of the pair's first token
        before = [get("bg-=" + p) for p in pairs]  # feature of its second token
        where: list[int] = []
        hits: list[int] = []
        for i, ok in enumerate(same1.tolist()):
            if not ok:
                continue
            if (row := after[i]) is not None:
                where.append(i)
                hits.append(row)
            if (row := before[i]) is not None:
                where.append(i + 1)
                hits.append(row)
        if hits:
            np.add.at(scores, where, self.model.state[hits])

    def _windows(self, rows: npt.NDArray[np.intp], sentence: npt.NDArray[np.intp], scores: FloatArray) -> None:
        """``wT``/``wR``: a title / reporting verb within the four tokens before, same sentence."""
        n = len(rows)
        for flags, weights in ((self._title[rows], self._w_title), (self._reporting[rows], self._w_reporting)):
            positions = np.flatnonzero(flags)
            if not len(positions):
                continue
            marked = np.zeros(n, dtype=bool)
            for p in positions.tolist():
                hi = min(p + 5, n)
                marked[p + 1 : hi] |= sentence[p + 1 : hi] == sentence[p]
            scores[marked] += weights

    def _gazetteer(self, tokens: Sequence[Token], firsts: list[int], ends: list[int], scores: FloatArray) -> None:
        gazetteer = self.extractor.gazetteer
        assert gazetteer is not None
        get = self.model.attributes.get
        where: list[int] = []
        rows: list[int] = []

        def add(position: int, feature: str) -> None:
            row = get(feature)
            if row is not None:
                where.append(position)
                rows.append(row)

        for lo, hi in zip(firsts, ends, strict=True):
            matched = gazetteer.match([t.norm for t in tokens[lo:hi]])
            for i, features in enumerate(matched):
                for g in features:
                    add(lo + i, g)
                    if i:
                        add(lo + i - 1, "+1:" + g)  # the token before sees it as its next token's
                    if lo + i + 1 < hi:
                        add(lo + i + 1, "-1:" + g)
        if rows:
            np.add.at(scores, where, self.model.state[rows])

    # decoding --------------------------------------------------------------------------------

    def tag(
        self, tokens: Sequence[Token], starts: Sequence[int], stack: Sequence[StackKey] | None = None,
    ) -> tuple[list[str], list[float]]:
        """Best labels of the tokens (sentences begin at the indices ``starts``; ``stack``: the
        second stage's evidence, see ``emissions``) and each label's marginal probability.

        The sentences are decoded together, as the rows of a padded array (an ordinary article in
        one batch; see ``_groups``): Viterbi and the forward pass run on the sentences aligned
        left, the backward pass aligned right, so no step needs a mask.
        """
        n = len(tokens)
        if not n:
            return [], []
        scores = self.emissions(tokens, starts, stack)
        first = np.asarray(starts, dtype=np.intp)
        lengths = np.append(first[1:], n) - first
        best = np.zeros(n, dtype=np.intp)
        marginals = np.zeros(n)
        for group in _groups(lengths):
            self._decode(scores, first[group], lengths[group], best, marginals)
        names = self.labels
        return [names[y] for y in best.tolist()], marginals.tolist()

    def _decode(
        self, scores: FloatArray, first: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp],
        best_out: npt.NDArray[np.intp], marginals_out: FloatArray,
    ) -> None:
        """Decode the sentences starting at ``first`` (token indices) as one padded batch."""
        batch, width, n_labels = len(first), int(lengths.max()), len(self.labels)
        row = np.repeat(np.arange(batch), lengths)
        left = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        index = np.repeat(first, lengths) + left  # token index of each (row, left) cell
        right = left + np.repeat(width - lengths, lengths)  # position in the right-aligned rows
        aligned = np.zeros((batch, width, n_labels))
        aligned[row, left] = scores[index]
        best = self._viterbi(aligned, lengths)[row, left]
        alpha = self._forward(aligned)[row, left]
        aligned = np.zeros((batch, width, n_labels))
        aligned[row, right] = scores[index]
        beta = self._backward(aligned)[row, right]
        joint = alpha * beta
        best_out[index] = best
        marginals_out[index] = joint[np.arange(len(index)), best] / joint.sum(axis=1)

    def _viterbi(self, scores: FloatArray, lengths: npt.NDArray[np.intp]) -> Any:
        """Best label per position of left-aligned rows (positions past a row's end: junk)."""
        incoming = np.ascontiguousarray(self.model.transitions.T)  # (to, from)
        batch, width, n_labels = scores.shape
        deltas = np.empty_like(scores)
        deltas[:, 0] = scores[:, 0]
        back = np.empty((width, batch, n_labels), dtype=np.intp)
        candidates = np.empty((batch, n_labels, n_labels))  # (batch, to, from)
        flat = candidates.reshape(-1)
        base = np.arange(batch * n_labels) * n_labels
        for k in range(1, width):
            np.add(deltas[:, k - 1, None, :], incoming, out=candidates)
            pointer = candidates.argmax(axis=2)  # over the last, contiguous axis: much faster than max
            back[k] = pointer
            np.add(flat[base + pointer.ravel()].reshape(batch, n_labels), scores[:, k], out=deltas[:, k])
        # follow the pointers back from each row's own last position, in plain Python
        finals = deltas[np.arange(batch), lengths - 1].argmax(axis=1).tolist()
        pointers = back.tolist()
        best = np.zeros((batch, width), dtype=np.intp)
        for row, (label, length) in enumerate(zip(finals, lengths.tolist(), strict=True)):
            path = [label]
            for k in range(length - 1, 0, -1):
                label = pointers[k][row][label]
                path.append(label)
            best[row, :length] = path[::-1]
        return best

    def _forward(self, scores: FloatArray) -> Any:
        """Forward probabilities of left-aligned rows, rescaled every few steps (each
        position's scale cancels out in its marginals)."""
        potentials = np.exp(scores - scores.max(axis=2, keepdims=True))
        transitions = np.exp(self.model.transitions)
        alpha = np.empty_like(potentials)
        alpha[:, 0] = potentials[:, 0]
        for k in range(1, scores.shape[1]):
            step = np.matmul(alpha[:, k - 1], transitions, out=alpha[:, k])
            step *= potentials[:, k]
            if not k % self._rescale:
                step /= step.sum(axis=1, keepdims=True)
        return alpha

    def _backward(self, scores: FloatArray) -> Any:
        """Backward probabilities of right-aligned rows, rescaled every few steps."""
        potentials = np.exp(scores - scores.max(axis=2, keepdims=True))
        transitions_t = np.exp(self.model.transitions).T
        beta = np.empty_like(potentials)
        beta[:, -1] = 1.0
        weighted = np.empty(potentials.shape[::2])
        for k in range(scores.shape[1] - 2, -1, -1):
            np.multiply(potentials[:, k + 1], beta[:, k + 1], out=weighted)
            step = np.matmul(weighted, transitions_t, out=beta[:, k])
            if not k % self._rescale:
                step /= step.sum(axis=1, keepdims=True)
        return beta


def _groups(lengths: npt.NDArray[np.intp]) -> list[npt.NDArray[np.intp]]:
    """Sentence indices in batches whose padded size stays under ``_BATCH_CELLS`` (longest
    sentences first): a document with one very long sentence and many short ones is not padded
    to its longest sentence throughout. An ordinary article is one batch."""
    if int(lengths.max()) * len(lengths) <= _BATCH_CELLS:
        return [np.arange(len(lengths))]
    order = np.argsort(-lengths, kind="stable")
    groups: list[npt.NDArray[np.intp]] = []
    start = 0
    while start < len(order):
        width = int(lengths[order[start]])
        size = max(1, _BATCH_CELLS // width)
        groups.append(order[start : start + size])
        start += size
    return groups
