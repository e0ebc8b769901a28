"""Entities: knowledge-base and pattern mentions, and their clustering into document entities.

Steps (registered in ``marsad.extract.entities.register``): ``kb.v1`` (``kb_mentions_step``),
``patterns.v1`` (``pattern_mentions_step``), ``entities.v1`` (``link_step``).
"""

from __future__ import annotations

from marsad.extract.entities._kb import make_kb_id, use_kb
from marsad.extract.entities.kb_mentions import kb_mentions_step
from marsad.extract.entities.link import link_entities, link_step
from marsad.extract.entities.patterns import pattern_mentions_step

__all__ = ["kb_mentions_step", "link_entities", "link_step", "make_kb_id", "pattern_mentions_step", "use_kb"]
