"""Arabic text primitives: normalisation with offsets, tokens with matching keys, sentences."""

from __future__ import annotations

from marsad.arabic.normalize import NormalizedText, normalize, normalize_word
from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import strip_clitics, token_norm, tokenize

__all__ = [
    "NormalizedText",
    "normalize",
    "normalize_word",
    "split_sentences",
    "strip_clitics",
    "token_norm",
    "tokenize",
]
