"""Tokens with matching keys: proclitic stripping, ``token_norm`` and the spaCy-based tokenizer.

Proclitic stripping is rule-based and conservative. A word splits into at most a conjunction
(و ف), a preposition (ب ك ل) and the article (ال; ل + ال is written لل), in that order. The
longest such stack wins, unless a remainder at one of its boundaries is a known whole word
(``CLITIC_EXCEPTIONS`` or the caller's ``known``): then the leftmost such boundary wins, so
that وبغداد → و + بغداد, not وب + غداد.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Any

from marsad.arabic.clitic_exceptions import CLITIC_EXCEPTIONS, SHORT_REMAINDERS
from marsad.arabic.normalize import normalize_word
from marsad.document import Token

__all__ = ["strip_clitics", "token_norm", "tokenize"]

ARTICLE = "ال"


def _build_stacks() -> tuple[tuple[str, bool], ...]:
    """Every proclitic stack (normalised spelling, has article), longest first."""
    stacks: set[tuple[str, bool]] = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for article in ("", ARTICLE):
                stack = conj + ("لل" if prep == "ل" and article else prep + article)
                if stack:
                    stacks.add((stack, bool(article)))
    return tuple(sorted(stacks, key=lambda s: (-len(s[0]), s[0])))


_STACKS = _build_stacks()
_CLITIC_INITIALS = frozenset(stack[0] for stack, _ in _STACKS)


def _is_whole(word: str, known: frozenset[str] | None) -> bool:
    return word in CLITIC_EXCEPTIONS or (known is not None and word in known)


def _remainder_ok(rest: str, has_article: bool) -> bool:
    if has_article:
        return len(rest) >= 3
    return len(rest) >= 3 or rest in SHORT_REMAINDERS


def _clitic_length(key: str, known: frozenset[str] | None) -> int:
    """How many characters of the normalised word ``key`` are proclitics."""
    if not key or key[0] not in _CLITIC_INITIALS or _is_whole(key, known):
        return 0
    matching = [(stack, article) for stack, article in _STACKS if key.startswith(stack)]
    for stack, _ in reversed(matching):  # shortest first: the leftmost whole remainder wins
        if _is_whole(key[len(stack):], known):
            return len(stack)
    for stack, article in matching:  # longest first
        if _remainder_ok(key[len(stack):], article):
            return len(stack)
    return 0


def _raw_cut(word: str, folded_length: int) -> int | None:
    """Index in ``word`` after the characters that fold to the first ``folded_length`` ones.

    Characters that fold to nothing (diacritics, tatweel) right after the cut belong to the
    prefix (لـداعش → لـ + داعش). None when the cut falls inside a ligature.
    """
    seen = 0
    i = 0
    while seen < folded_length:
        seen += len(normalize_word(word[i]))
        i += 1
    if seen != folded_length:
        return None
    while i < len(word) and not normalize_word(word[i]):
        i += 1
    return i


def strip_clitics(word: str, *, known: frozenset[str] | None = None) -> tuple[str, str]:
    """Split ``word`` into (proclitics as written, rest as written): بالعراق → (بال, عراق).

    ``known`` holds whole words in ``normalize_word`` form (a gazetteer's keys, a lexicon);
    a word or remainder found there is never split further. Never leaves fewer than three
    letters after the article or fewer than two otherwise (two only for function words such as
    هو, في). ``prefix + rest == word`` always.
    """
    length = _clitic_length(normalize_word(word), known)
    if not length:
        return "", word
    cut = _raw_cut(word, length)
    if cut is None:
        return "", word
    return word[:cut], word[cut:]


def _drop_article(key: str) -> str:
    if key.startswith(ARTICLE) and len(key) >= len(ARTICLE) + 3 and key not in CLITIC_EXCEPTIONS:
        return key[len(ARTICLE):]
    return key


def _is_punctuation(text: str) -> bool:
    return all(unicodedata.category(c)[0] in "PS" for c in text)


@lru_cache(maxsize=1 << 17)
def _analyse(word: str, known: frozenset[str] | None) -> tuple[str, str]:
    """(prefix as written, matching key) of one token; cached because vocabulary is Zipfian."""
    if _is_punctuation(word):
        return "", word
    prefix, rest = strip_clitics(word, known=known)
    return prefix, _drop_article(normalize_word(rest))


def token_norm(word: str, *, known: frozenset[str] | None = None) -> str:
    """The matching key: folded, proclitics and article removed (بالعراق, العراق, عراق → عراق).

    Punctuation is its own key.
    """
    return _analyse(word, known)[1]


# spaCy's Arabic rules miss punctuation after a closing quote or bracket ("(العراق)." stays
# one token), a full stop after a diacritic, tatweel or bidi mark (غداً.), and a proclitic
# written before an opening quote or bracket (لـ«داعش», و(الحكومة)).
_EXTRA_SUFFIXES = [
    r"(?<=[»”’\"')\]}›])(?:\.{2,}|[.,،؛؟:!?;…])",
    r"(?<=[\u0640\u064B-\u065F\u0670\u061C\u200B-\u200F])(?:\.{2,}|[.…])",
]
_EXTRA_PREFIXES = [r"[وفبكل]{1,3}ـ*(?=[«“\"'(\[])"]


@cache
def _tokenizer() -> tuple[Any, list[int]]:
    """spaCy's blank Arabic tokenizer with the extra rules, built once per process, and the
    attribute ids of a token's offset and length."""
    import spacy
    from spacy.attrs import IDX, LENGTH
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("ar")
    tokenizer: Any = nlp.tokenizer
    defaults: Any = nlp.Defaults
    tokenizer.prefix_search = compile_prefix_regex([*_EXTRA_PREFIXES, *defaults.prefixes]).search
    tokenizer.suffix_search = compile_suffix_regex([*_EXTRA_SUFFIXES, *defaults.suffixes]).search
    # spaCy's Arabic abbreviation special cases (د. أ.د ص.ب ...) make its tokenizer up to 20x
    # slower on ordinary news text (measured with spaCy 3.8: 2.7 ms instead of 0.14 ms for 600
    # words). Without them د. is still one token (a full stop after one letter is not split
    # off) while ص.ب becomes ص . ب; split_sentences handles abbreviations on its own.
    tokenizer.rules = {
        text: attrs for text, attrs in tokenizer.rules.items() if not ("." in text and _has_arabic(text))
    }
    return tokenizer, [IDX, LENGTH]


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def tokenize(text: str, *, known: frozenset[str] | None = None) -> list[Token]:
    """Tokens of ``text`` with offsets into it, matching keys and proclitics.

    Whitespace and tokens made only of characters that normalisation removes (a stray bidi
    mark or tatweel) are left out.
    """
    tokens: list[Token] = []
    tokenizer, offset_attrs = _tokenizer()
    # offsets straight from the Doc's array: faster than creating a spaCy Token per token
    for start, length in tokenizer(text).to_array(offset_attrs).tolist():
        end = start + length
        word = text[start:end]
        if word.isspace():
            continue
        prefix, norm = _analyse(word, known)
        if norm:
            tokens.append(Token(start, end, word, norm, prefix))
    return tokens
