"""Exact and near-duplicate articles (syndicated wire copies), across everything ingested.

* **Exact**: the SHA-256 of the text folded by ``marsad.arabic.normalize_word`` (hamza, alef
  maqsura, ta marbuta, diacritics, tatweel) with punctuation and spacing dropped.
* **Near**: MinHash signatures (datasketch, ``NUM_PERM`` permutations) of word 3-shingles of the
  folded text, looked up in a MinHash LSH index at Jaccard ``THRESHOLD``; a candidate counts only
  when its estimated Jaccard similarity is at least ``THRESHOLD``. LSH lookups touch only the
  buckets of the query's bands, so their cost stays flat as the index grows
  (``benchmarks/bench_dedup.py`` shows 10k against 100k articles).

Wire copies differ in headline, dateline, boilerplate and a few edited words; the text compared
is the clean body (headline and removed boilerplate are not part of it), and the threshold was
chosen on the composed set of ``benchmarks/bench_dedup.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic import normalize_word

NUM_PERM = 64
SCHEME = "affine32"  # datasketch's MinHash hashing scheme (2.x); recorded in saved indexes
THRESHOLD = 0.5
SHINGLE = 3
_WORD = re.compile(r"[\w\u064B-\u0652\u0670\u0640]+")
#: Texts shorter than this (words) are too short to call near-duplicates: only exact matches count.
MIN_WORDS = 20


def folded_words(text: str) -> list[str]:
    return [w for w in (normalize_word(m.group()) for m in _WORD.finditer(text)) if w]


def exact_key(text: str) -> str:
    return hashlib.sha256(" ".join(folded_words(text)).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``doc_id`` is a copy of ``of``: ``kind`` exact or near, with the estimated similarity."""

    of: str
    kind: str
    similarity: float


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


@dataclass
class DuplicateIndex:
    """Everything seen so far; ``check`` finds the first copy of a text, ``add`` records one."""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    exact: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, Any] = field(default_factory=dict)
    _lsh: Any = None

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def __len__(self) -> int:
        return len(self.exact)

    def _minhash(self, words: list[str]) -> Any:
        from datasketch import MinHash

        signature = MinHash(num_perm=self.num_perm, seed=1, scheme=SCHEME)
        signature.update_batch(list(_shingles(words)))
        return signature

    def _prepare(self, text: str) -> tuple[str, Any]:
        """(exact key, MinHash signature or None for a short text)."""
        words = folded_words(text)
        key = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
        return key, (self._minhash(words) if len(words) >= MIN_WORDS else None)

    def _find(self, key: str, signature: Any) -> Duplicate | None:
        if key in self.exact:
            return Duplicate(self.exact[key], "exact", 1.0)
        if signature is None:
            return None
        best: tuple[float, str] | None = None
        for doc_id in self._lsh.query(signature):
            similarity = float(signature.jaccard(self.signatures[doc_id]))
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, doc_id)
        return Duplicate(best[1], "near", round(best[0], 3)) if best else None

    def _insert(self, doc_id: str, key: str, signature: Any) -> None:
        if doc_id in self.signatures or doc_id in self.exact.values():
            return
        self.exact.setdefault(key, doc_id)
        if signature is not None:
            self.signatures[doc_id] = signature
            self._lsh.insert(doc_id, signature)

    def check(self, text: str) -> Duplicate | None:
        """The earliest indexed article ``text`` duplicates, or None."""
        return self._find(*self._prepare(text))

    def add(self, doc_id: str, text: str) -> None:
        """Index ``text`` as article ``doc_id`` (an id already indexed is left as it is)."""
        self._insert(doc_id, *self._prepare(text))

    def check_and_add(self, doc_id: str, text: str) -> Duplicate | None:
        """``check``, then ``add`` when the text is new (the text is prepared once)."""
        key, signature = self._prepare(text)
        found = self._find(key, signature)
        if found is None or found.of == doc_id:
            self._insert(doc_id, key, signature)
            return None
        return found

    # -- persistence (plain arrays and JSON, never pickle: an index file must not run code) ---

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (.npz); ``load`` rebuilds the LSH buckets from it."""
        import numpy as np

        ids = list(self.signatures)
        hashes = np.array([self.signatures[i].hashvalues for i in ids], dtype=np.uint64).reshape(len(ids),
                                                                                                 self.num_perm)
        header = json.dumps({"threshold": self.threshold, "num_perm": self.num_perm, "scheme": SCHEME, "ids": ids,
                             "exact": self.exact}, ensure_ascii=False)
        with path.open("wb") as handle:
            np.savez_compressed(handle, header=np.array(header), hashes=hashes)

    @classmethod
    def load(cls, path: Path) -> DuplicateIndex:
        import numpy as np
        from datasketch import MinHash

        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            hashes = data["hashes"]
        index = cls(float(header["threshold"]), int(header["num_perm"]), dict(header["exact"]))
        for doc_id, row in zip(header["ids"], hashes, strict=True):
            signature = MinHash(num_perm=index.num_perm, seed=1, hashvalues=row, scheme=header["scheme"])
            index.signatures[doc_id] = signature
            index._lsh.insert(doc_id, signature)
        return index
