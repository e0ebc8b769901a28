"""Pipeline registrations of the entity steps. ``marsad.steps`` imports this module; nothing
else registers these names (registering twice is an error)."""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.entities.kb_mentions import kb_mentions_step
from marsad.extract.entities.link import link_step
from marsad.extract.entities.patterns import pattern_mentions_step
from marsad.pipeline import register

#: The entity steps in pipeline order (after sentences.v1, tokens.v1 and ner.v1).
ENTITY_STEPS: tuple[str, ...] = ("kb.v1", "patterns.v1", "entities.v1")


@register("kb.v1", requires=["tokens"], assigns=["mentions"])
def kb_v1(doc: Document) -> None:
    """Knowledge-base alias matches (countries, places, actors) as candidate mentions."""
    kb_mentions_step(doc)


@register("patterns.v1", requires=["tokens"], assigns=["mentions"])
def patterns_v1(doc: Document) -> None:
    """Rule-based candidates: people after titles, roles and verbs; role nominals; anonymous
    sources; designated organisation, facility and place names; short forms."""
    pattern_mentions_step(doc)


@register("entities.v1", requires=["tokens", "mentions"], assigns=["entities"])
def entities_v1(doc: Document) -> None:
    """Candidate mentions clustered into document entities with KB ids, names and roles."""
    link_step(doc)
