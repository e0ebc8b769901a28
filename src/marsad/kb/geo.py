"""Choosing between places that share a name (طرابلس: Lebanon or Libya) from the article's countries."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from marsad.kb.model import KBEntry

__all__ = ["MINOR_SHARE", "choose_place", "countries_of"]

# A candidate with less than this share of the biggest candidate's population, when that one is
# a capital, a country or a city of a million, is a namesake village: the article's countries do
# not make it win (an Egyptian article about الرياض means Riyadh, not the village Ar Riyāḑ).
MINOR_SHARE = 0.05
_MAJOR_CITY = 1_000_000


def countries_of(entries: Iterable[KBEntry]) -> frozenset[str]:
    """The ISO alpha-2 countries of ``entries``: a country's own code, a place's or actor's country."""
    return frozenset(entry.country for entry in entries if entry.country)


def _major(entry: KBEntry) -> bool:
    return entry.kind == "country" or entry.capital or entry.population >= _MAJOR_CITY


def choose_place(entries: Sequence[KBEntry], context_countries: Collection[str]) -> KBEntry:
    """The most likely of ``entries`` (candidates for one mention) in an article that mentions
    ``context_countries`` (ISO alpha-2).

    Preference, in order: an entry in one of the article's countries, unless it is a namesake
    village next to a major place (see ``MINOR_SHARE``); a country over its namesake city
    (الجزائر); a capital; the bigger population; then the id, so the choice is deterministic.
    """
    if not entries:
        raise ValueError("choose_place needs at least one candidate entry")
    if len(entries) == 1:
        return entries[0]
    context = {code.upper() for code in context_countries}
    biggest = max(entries, key=lambda e: e.population)
    threshold = MINOR_SHARE * biggest.population if _major(biggest) else 0.0

    def score(entry: KBEntry) -> tuple[bool, bool, bool, int, str]:
        in_context = entry.country is not None and entry.country in context
        if in_context and entry is not biggest and entry.kind != "country" and entry.population < threshold:
            in_context = False
        # the id last, inverted so that max() picks the smallest id among equals
        return (in_context, entry.kind == "country", entry.capital, entry.population, _inverted(entry.kb_id))

    return max(entries, key=score)


def _inverted(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)
