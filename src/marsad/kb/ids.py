"""Stable knowledge-base ids for entries without a Wikidata QID."""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic import normalize_word

__all__ = ["is_qid", "make_kb_id"]

_QID = re.compile(r"Q[1-9][0-9]*")
_NOT_SLUG = re.compile(r"[\W_]+")


def is_qid(text: str) -> bool:
    """True for a Wikidata item id (Q42)."""
    return _QID.fullmatch(text) is not None


@lru_cache(maxsize=1 << 14)
def make_kb_id(name: str, type: str) -> str:
    """The marsad id of an entity without a QID: ``marsad:{TYPE}:{slug}``.

    The slug is ``normalize_word`` of the canonical name (diacritics and tatweel removed, أ/إ/آ → ا,
    ة → ه, ى → ي), lower-cased, with every run of characters other than letters and digits
    replaced by one ``_``: it depends only on the name and type, so it is the same on every run
    and machine. The entity linker uses it for entities the knowledge base does not know.

    >>> make_kb_id("الدولة الإسلامية", "org")
    'marsad:ORG:الدوله_الاسلاميه'
    """
    slug = _NOT_SLUG.sub("_", normalize_word(name).lower()).strip("_")
    kind = type.strip().upper()
    if not slug:
        raise ValueError(f"cannot make a knowledge-base id from the name {name!r}: it has no letters or digits")
    if not kind.isalpha():
        raise ValueError(f"cannot make a knowledge-base id with the entity type {type!r}")
    return f"marsad:{kind}:{slug}"
