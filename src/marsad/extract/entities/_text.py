"""Token helpers shared by the entity steps: definiteness, span starts without proclitics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from marsad.arabic import normalize_word, tokenize
from marsad.document import Document, Token

_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u06FA-\u06FF\u064B-\u065F\u0670\u0640]+\Z")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NISBA_END = ("ي", "يه")


def doc_tokens(doc: Document) -> list[Token]:
    """The document's tokens, tokenising on the spot when no tokens step ran."""
    if not doc.tokens and doc.text:
        doc.tokens = tokenize(doc.text)
    return doc.tokens


def token_keys(token: Token) -> tuple[str, str]:
    """(``norm``, the folded word without its article): the second keeps a first letter that
    clitic stripping took for a proclitic (باحث → احث) when the word has no article."""
    if is_definite(token):
        return token.norm, token.norm
    return token.norm, normalize_word(token.text)


def key_in(token: Token, keys: Collection[str]) -> bool:
    norm, whole = token_keys(token)
    return norm in keys or whole in keys


def key_of(token: Token, keys: Collection[str]) -> str | None:
    """The token's key found in ``keys`` (its norm first), or None."""
    norm, whole = token_keys(token)
    if norm in keys:
        return norm
    if whole in keys:
        return whole
    return None


def folded_prefix(token: Token) -> str:
    return normalize_word(token.prefix)


def is_definite(token: Token) -> bool:
    """Whether the token carries the article (العراق, بالعراق, للعراق; الله)."""
    prefix = folded_prefix(token)
    return prefix.endswith("ال") or prefix.endswith("لل") or token.norm == "الله"


def raw_word(token: Token) -> str:
    """The token's letters without diacritics or tatweel, hamza and ى kept (على ≠ علي)."""
    return "".join(c for c in token.text if not ("\u064b" <= c <= "\u065f" or c in "\u0640\u0670"))


def proclitic(token: Token) -> str:
    """The folded proclitics before the article: و, ب, وب, ل ... ('' for none)."""
    prefix = folded_prefix(token)
    if prefix.endswith("ال"):
        return prefix[:-2]
    if prefix.endswith("لل"):
        return prefix[:-1]  # ل + ال written لل: the preposition is ل
    return prefix


def core_start(token: Token, prefix: str | None = None) -> int:
    """Offset where a mention starting at this token begins: after the proclitics (و ف ب ك ل),
    keeping the article (وبالعراق → العراق); after لل the article is fused and dropped with it
    (للعراق → عراق), as the gold convention does."""
    prefix = token.prefix if prefix is None else prefix
    if not prefix:
        return token.start
    folded = normalize_word(prefix)
    keep = 2 if folded.endswith("ال") else 0
    # walk the raw prefix: characters folding to nothing (tatweel, marks) stay with what precedes
    target = len(folded) - keep
    seen = 0
    i = 0
    while i < len(prefix) and seen < target:
        seen += len(normalize_word(prefix[i]))
        i += 1
    while keep == 0 and i < len(prefix) and not normalize_word(prefix[i]):
        i += 1
    return token.start + i


def is_punct(token: Token) -> bool:
    return all(unicodedata.category(c)[0] in "PS" for c in token.text)


def is_arabic_word(token: Token) -> bool:
    return bool(_ARABIC_WORD.match(token.text))


def is_latin(text: str) -> bool:
    return bool(_LATIN.search(text))


def is_nisba(token: Token) -> bool:
    """A relative adjective (العراقي، العراقية، الاستراتيجية): ends in ي / ية."""
    norm = token.norm
    return len(norm) >= 3 and norm.endswith(_NISBA_END)


def has_tanwin_fath(token: Token) -> bool:
    """Accusative adverbs and objects (آجلاً، عاماً) are not names."""
    text = token.text
    return text.endswith(("اً", "ًا", "ً"))


_PAIRS = {"»": "«", "”": "“", ")": "(", '"': '"'}


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace, punctuation and quotes at either edge; a closing
    quote or bracket whose opening one is inside the span stays (الناطق باسم «تجمّع صرخة حق»)."""
    while start < end and (text[start].isspace() or unicodedata.category(text[start])[0] in "PS"):
        start += 1
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1])[0] in "PS"):
        closer = text[end - 1]
        opener = _PAIRS.get(closer)
        if opener is not None:
            inside = text.count(opener, start, end - 1)
            if (inside % 2 == 1) if opener == closer else inside > text.count(closer, start, end - 1):
                break
        end -= 1
    return start, end
