"""The addressee: the outlet or interviewer a statement was given to or published in
(لـ«الشرق الأوسط»، في حديث لـ، في تصريح لوكالة ...، في مقابلة مع قناة ...)."""

from __future__ import annotations

from marsad.extract.quotes.context import Context
from marsad.extract.quotes.lexicon import ADDRESSEE_MARKERS, MEDIA_KINDS
from marsad.extract.quotes.speakers import is_object


def find_addressee(ctx: Context, start: int, end: int, speaker: str | None) -> str | None:
    """The entity id of an outlet named in ``[start, end)`` as the statement's recipient."""
    if end <= start:
        return None
    for m in ctx.mentions_in(start, end):
        if m.entity == speaker:
            continue
        if (m.kind in MEDIA_KINDS or (m.type == "ORG" and m.kind is None)) and (
                is_object(ctx, m) or _after_marker(ctx, m.start)):
            return m.entity
        if m.type == "ORG" and m.kind in MEDIA_KINDS:
            return m.entity
    return None


def _after_marker(ctx: Context, offset: int) -> bool:
    i = ctx.token_at(offset)
    return any(ctx.keys[j] in ADDRESSEE_MARKERS for j in range(max(0, i - 3), i))
