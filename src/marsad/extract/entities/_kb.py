"""The knowledge-base functions the entity steps use, found at run time.

``marsad.kb`` is written alongside these steps; its ``load_kb``, ``choose_place`` and
``make_kb_id`` are looked up when first needed, and local stand-ins with the same signatures
are used while one is missing (no KB: no KB mentions; ids from a SHA-256 of the name). Tests and
callers can install a knowledge base of their own with ``use_kb``.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

from marsad.arabic import token_norm
from marsad.kb.model import KBEntry, KnowledgeBase

_override: list[KnowledgeBase | None] = []


_KB_MODULES = ("marsad.kb", "marsad.kb.loader", "marsad.kb.geo", "marsad.kb.ids")


@cache
def _kb_attr(name: str) -> Any:
    """``name`` from the knowledge-base package (or one of its modules), None if not there."""
    for module_name in _KB_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if found is not None:
            return found
    return None


@cache
def lexicon_is_name_like() -> Callable[[str], bool] | None:
    """From the NER's arramooz lexicon (``marsad.extract.ner.features.load_lexicon``): a test
    that a folded word is a proper noun or unknown to the lexicon (so likely a name). None when
    the lexicon is not available."""
    try:
        module = importlib.import_module("marsad.extract.ner.features")
        lexicon = module.load_lexicon()
    except Exception:  # the hint is optional
        return None
    proper = lexicon.proper
    is_known = lexicon.is_known

    def name_like(word: str) -> bool:
        return word in proper or not is_known(word)

    return name_like


@cache
def _loaded_kb() -> KnowledgeBase | None:
    load = _kb_attr("load_kb")
    if load is None:
        return None
    return cast(KnowledgeBase, load())


def get_kb() -> KnowledgeBase | None:
    """The knowledge base in use: the one installed by ``use_kb``, else ``marsad.kb.load_kb()``."""
    if _override:
        return _override[-1]
    return _loaded_kb()


@contextmanager
def use_kb(kb: KnowledgeBase | None) -> Iterator[KnowledgeBase | None]:
    """Run the entity steps with ``kb`` (None: no knowledge base) inside the block."""
    _override.append(kb)
    try:
        yield kb
    finally:
        _override.pop()


def name_key(name: str) -> str:
    """A name's matching key: each word's ``token_norm`` (clitics, article, spelling folded)."""
    return " ".join(k for k in (token_norm(w) for w in name.split()) if k)


def _local_make_kb_id(name: str, type: str) -> str:
    digest = hashlib.sha256(f"{type}:{name_key(name)}".encode()).hexdigest()[:16]
    return f"marsad:{type.lower()}:{digest}"


def make_kb_id(name: str, type: str) -> str:
    """Stable id for a thing the KB does not know: the same name and type give the same id in
    every article (``marsad.kb.make_kb_id`` when it exists)."""
    func = _kb_attr("make_kb_id")
    if func is not None:
        return cast(Callable[[str, str], str], func)(name, type)
    return _local_make_kb_id(name, type)


def _local_choose_place(entries: Sequence[KBEntry], context_countries: Iterable[str]) -> KBEntry | None:
    if not entries:
        return None
    countries = list(context_countries)

    def rank(entry: KBEntry) -> tuple[int, int, int]:
        in_context = entry.country in countries if entry.country else False
        order = countries.index(entry.country) if in_context and entry.country else len(countries)
        return (0 if in_context else 1, order, -entry.population)

    return min(entries, key=rank)


def choose_place(entries: Sequence[KBEntry], context_countries: Sequence[str]) -> KBEntry | None:
    """The entry among same-name places that fits the article's countries best."""
    func = _kb_attr("choose_place")
    if func is not None:
        try:
            chosen = cast(Callable[..., Any], func)(list(entries), list(context_countries))
        except Exception:  # a KB still being written must not break linking
            chosen = None
        if isinstance(chosen, KBEntry):
            return chosen
    return _local_choose_place(entries, context_countries)
