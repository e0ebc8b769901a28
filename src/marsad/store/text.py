"""Search text: the normalised shadow of an article that the full-text indexes see, the same
folding for queries, and highlighted snippets.

Every word is indexed twice: its folded form (``normalize_word``: no diacritics or tatweel,
hamza/alef, alef maqsura and ta marbuta folded) and its matching key (``token_norm``: folded,
proclitics and the article removed), so that a query for العراق finds بالعراق, والعراق, عراق,
العِراق. A query word matches either form of an indexed word.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from typing import Any

from marsad.arabic import normalize_word, token_norm

# Letters and digits (no underscore: PostgreSQL's parser splits on it).
_WORD = re.compile(r"[^\W_]+")
# A word as written in the original text: letters plus the marks that fold away.
_RAW_WORD = re.compile(r"[^\W_][^\W_\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200C\u200D]*"
                       r"(?:[\u0640\u064B-\u065F\u0670\u06D6-\u06ED]+[^\W_]*)*")


@lru_cache(maxsize=1 << 17)
def word_forms(folded: str) -> tuple[str, ...]:
    """The indexed forms of one folded word: itself and, when different, its matching key."""
    key = token_norm(folded).lower()
    low = folded.lower()
    return (low,) if key == low or not key else (low, key)


def search_terms(*texts: str | None) -> str:
    """The normalised shadow text that the index holds for these texts (title, body)."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        for word in _WORD.findall(normalize_word(text)):
            out.extend(word_forms(word))
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def _h(value: str) -> str:
    return hashlib.blake2b(fold(value).encode("utf-8"), digest_size=6).hexdigest()


def filter_token(name: str, value: str) -> str:
    """A token that the index holds for a filterable value of a document (its outlet, a country,
    an event type, an entity, a publication month), so that a filtered search intersects
    posting lists instead of checking every hit. Never a word of Arabic text: ``zz`` + a letter
    + digits/hex. The store still checks every filter exactly; tokens only narrow the hits."""
    if name == "month":  # YYYY-MM
        return "zzd" + value[:7].replace("-", "")
    return "zz" + {"outlet": "o", "country": "c", "event_type": "t", "modality": "m", "reference": "r",
                   "entity": "k"}[name] + _h(value)


def filter_tokens(meta: dict[str, Any], doc_entities: list[tuple[str | None, str | None]],
                  events: list[tuple[str | None, str | None, str | None]]) -> str:
    """The filter tokens of one document: ``doc_entities`` as (kb_id, country), ``events`` as
    (type, modality, reference)."""
    tokens: dict[str, None] = {}
    outlet = ((meta.get("source") or {}).get("outlet"))
    if outlet:
        tokens[filter_token("outlet", outlet)] = None
    published = ((meta.get("published") or {}).get("value")) or ""
    if len(published) >= 7:
        tokens[filter_token("month", published)] = None
    for kb_id, country in doc_entities:
        if kb_id:
            tokens[filter_token("entity", kb_id)] = None
        if country:
            tokens[filter_token("country", country)] = None
    for values in events:
        for name, value in zip(("event_type", "modality", "reference"), values, strict=True):
            if value:
                tokens[filter_token(name, value)] = None
    return " ".join(tokens)


def months_between(date_from: str | None, date_to: str | None, limit: int = 36) -> list[str] | None:
    """Every YYYY-MM from one date to another (both given, at most ``limit`` months), else None."""
    if not date_from or not date_to or len(date_from) < 7 or len(date_to) < 7:
        return None
    try:
        y, m = int(date_from[:4]), int(date_from[5:7])
        y2, m2 = int(date_to[:4]), int(date_to[5:7])
    except ValueError:
        return None
    out: list[str] = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        if len(out) > limit:
            return None
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def query_words(q: str) -> list[tuple[str, ...]]:
    """For each query word, the forms that may match it (folded form, matching key)."""
    words: list[tuple[str, ...]] = []
    for word in _WORD.findall(normalize_word(q or "")):
        forms = word_forms(word)
        if forms not in words:
            words.append(forms)
    return words


def fts5_query(words: list[tuple[str, ...]]) -> str:
    """An SQLite FTS5 MATCH expression: every query word, either of its forms."""
    return " AND ".join("(" + " OR ".join(f'"{f}"' for f in forms) + ")" for forms in words)


def tsquery(words: list[tuple[str, ...]]) -> str:
    """A PostgreSQL ``to_tsquery`` expression with the same meaning."""
    return " & ".join("(" + " | ".join(f"'{f}'" for f in forms) + ")" for forms in words)


def snippet(text: str, words: list[tuple[str, ...]], *, width: int = 24) -> str:
    """About ``width`` words of ``text`` around the first hit, HTML-escaped, hits in <mark>."""
    wanted = {f for forms in words for f in forms}
    tokens = list(_RAW_WORD.finditer(text))
    if not tokens:
        return html.escape(text[:200])
    first = 0
    if wanted:
        first = next((i for i, m in enumerate(tokens) if wanted.intersection(_forms_of(m.group()))), 0)
    lo = max(0, first - width // 3)
    hi = min(len(tokens), lo + width)
    start = tokens[lo].start() if lo > 0 else 0
    end = tokens[hi - 1].end() if hi < len(tokens) else len(text)
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for i in range(lo, hi):
        m = tokens[i]
        parts.append(html.escape(text[pos:m.start()]))
        word = html.escape(m.group())
        parts.append(f"<mark>{word}</mark>" if wanted.intersection(_forms_of(m.group())) else word)
        pos = m.end()
    parts.append(html.escape(text[pos:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts).replace("\n", " ")


@lru_cache(maxsize=1 << 16)
def _forms_of(raw: str) -> tuple[str, ...]:
    folded = "".join(_WORD.findall(normalize_word(raw)))
    return word_forms(folded) if folded else ()


def fold(text: str | None) -> str:
    """Folded, lower-cased text for substring filters (entity names, quote text)."""
    return normalize_word(text or "").lower()
