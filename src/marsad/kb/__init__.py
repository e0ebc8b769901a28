"""marsad's knowledge base: countries, places and actors with Arabic aliases, matched on tokens.

    from marsad.kb import load_kb, choose_place, countries_of
    kb = load_kb()                                  # bundled; cached per process
    kb.lookup("بسوريا")                             # [KBEntry(kb_id="Q858", ... )]
    kb.country("SYR")                               # the same entry, by ISO code
    kb.match_tokens(tokenize(text))                 # longest alias matches
    choose_place(kb.lookup("طرابلس"), {"LB"})       # Tripoli, Lebanon
    load_kb(extra=["my_entities.yaml"])             # plus user entries (added or overriding)

Data files and their sources: ``marsad/kb/data/SOURCES.md``; rebuild the geographic tables with
``scripts/build_kb.py``.
"""

from __future__ import annotations

from marsad.kb.geo import choose_place, countries_of
from marsad.kb.ids import make_kb_id
from marsad.kb.loader import KnowledgeBaseWarning, load_kb
from marsad.kb.model import KBEntry, KBMatch, KnowledgeBase, alias_key

__all__ = [
    "KBEntry",
    "KBMatch",
    "KnowledgeBase",
    "KnowledgeBaseWarning",
    "alias_key",
    "choose_place",
    "countries_of",
    "load_kb",
    "make_kb_id",
]
