"""Token helpers shared by the entity steps: definiteness, span starts without proclitics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

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


class WordFacts:
    """What the entity rules read off one token, worked out once per distinct word (``facts``)."""

    __slots__ = ("arabic", "clitic", "definite", "folded_prefix", "marks", "norm", "prefix", "punct", "raw", "whole")

    def __init__(self, token: Token) -> None:
        text, prefix, norm = token.text, token.prefix, token.norm
        self.prefix = prefix
        self.norm = norm
        folded = normalize_word(prefix)
        self.folded_prefix = folded
        self.definite = folded.endswith("ال") or folded.endswith("لل") or norm == "الله"
        if folded.endswith("ال"):
            self.clitic = folded[:-2]
        elif folded.endswith("لل"):
            self.clitic = folded[:-1]  # ل + ال written لل: the preposition is ل
        else:
            self.clitic = folded
        whole = norm if self.definite else normalize_word(text)
        self.whole = norm if whole == norm else text if whole == text else whole  # shared when equal
        raw = "".join(c for c in text if not ("\u064b" <= c <= "\u065f" or c in "\u0640\u0670"))
        self.raw = text if raw == text else raw
        self.arabic = bool(_ARABIC_WORD.match(text))
        self.punct = all(unicodedata.category(c)[0] in "PS" for c in text)
        self.marks = -1  # the lexicon tables the word is in, as bits: filled in by patterns._Marks


_FACTS: dict[str, WordFacts] = {}
_FACTS_MAX = 1 << 15  # distinct words kept; the table starts over when full


def facts(token: Token) -> WordFacts:
    """The token's ``WordFacts``, cached by its text (and checked against its prefix and norm,
    which a tokenizer given other known words may set differently for the same text)."""
    found = _FACTS.get(token.text)
    if found is not None and found.norm == token.norm and found.prefix == token.prefix:
        return found
    if len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()
    made = _FACTS[token.text] = WordFacts(token)
    return made


def all_facts(tokens: Sequence[Token]) -> list[WordFacts]:
    """``facts`` of each token."""
    get = _FACTS.get
    out = []
    for token in tokens:
        found = get(token.text)
        if found is None or found.norm != token.norm or found.prefix != token.prefix:
            found = facts(token)
        out.append(found)
    return out


def token_keys(token: Token) -> tuple[str, str]:
    """(``norm``, the folded word without its article): the second keeps a first letter that
    clitic stripping took for a proclitic (باحث → احث) when the word has no article."""
    return token.norm, facts(token).whole


def key_in(token: Token, keys: Collection[str]) -> bool:
    return token.norm in keys or facts(token).whole in keys


def key_of(token: Token, keys: Collection[str]) -> str | None:
    """The token's key found in ``keys`` (its norm first), or None."""
    norm = token.norm
    if norm in keys:
        return norm
    whole = facts(token).whole
    if whole in keys:
        return whole
    return None


def folded_prefix(token: Token) -> str:
    return facts(token).folded_prefix


def is_definite(token: Token) -> bool:
    """Whether the token carries the article (العراق, بالعراق, للعراق; الله)."""
    return facts(token).definite


def raw_word(token: Token) -> str:
    """The token's letters without diacritics or tatweel, hamza and ى kept (على ≠ علي)."""
    return facts(token).raw


def proclitic(token: Token) -> str:
    """The folded proclitics before the article: و, ب, وب, ل ... ('' for none)."""
    return facts(token).clitic


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
    return facts(token).punct


def is_arabic_word(token: Token) -> bool:
    return facts(token).arabic


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
    if start < end and text[start].isalnum() and text[end - 1].isalnum():
        return start, end  # the usual case: letters or digits at both edges
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
