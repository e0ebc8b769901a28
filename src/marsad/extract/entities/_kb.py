"""The knowledge base the entity steps use, and the lexicon hint shared with the NER.

The default is ``marsad.kb.load_kb`` with the user files of ``MARSAD_KB_FILES`` (the CLI's
``--kb``); tests and callers can install a knowledge base of their own with ``use_kb``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache

from marsad.arabic import token_norm
from marsad.kb import choose_place as _kb_choose_place
from marsad.kb import load_kb, make_kb_id
from marsad.kb.model import KBEntry, KnowledgeBase
from marsad.settings import get_settings

__all__ = ["choose_place", "get_kb", "lexicon_is_name_like", "make_kb_id", "name_key", "use_kb"]

_override: list[KnowledgeBase | None] = []


@cache
def lexicon_is_name_like() -> Callable[[str], bool] | None:
    """From the NER's arramooz lexicon: a test that a folded word is a proper noun or unknown
    to the lexicon (so likely a name). None when the lexicon is not available."""
    try:
        from marsad.extract.ner.features import load_lexicon

        lexicon = load_lexicon()
    except Exception:  # the hint is optional
        return None
    proper = lexicon.proper
    is_known = lexicon.is_known

    def name_like(word: str) -> bool:
        return word in proper or not is_known(word)

    return name_like


def get_kb() -> KnowledgeBase | None:
    """The knowledge base in use: the one installed by ``use_kb``, else the bundled one plus
    the files named in ``MARSAD_KB_FILES``."""
    if _override:
        return _override[-1]
    return load_kb(get_settings().kb_file_list)


@contextmanager
def use_kb(kb: KnowledgeBase | None) -> Iterator[KnowledgeBase | None]:
    """Run the entity steps with ``kb`` (None: no knowledge base) inside the block."""
    _override.append(kb)
    try:
        yield kb
    finally:
        _override.pop()


@lru_cache(maxsize=1 << 15)
def name_key(name: str) -> str:
    """A name's matching key: each word's ``token_norm`` (clitics, article, spelling folded)."""
    return " ".join(k for k in (token_norm(w) for w in name.split()) if k)


def choose_place(entries: Sequence[KBEntry], context_countries: Sequence[str]) -> KBEntry | None:
    """The entry among same-name places that fits the article's countries best."""
    if not entries:
        return None
    return _kb_choose_place(list(entries), list(context_countries))
