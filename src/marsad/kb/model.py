"""Knowledge-base entries and the alias index that matches them against tokens.

An alias is matched on its *key*: the ``token_norm`` of each of its words joined by spaces
(الدولة الإسلامية → "دوله اسلاميه"), so clitics and spelling variants (أ/إ/ا، ة/ه، ى/ي,
diacritics) never stop a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.arabic import token_norm
from marsad.document import Token


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One real-world thing. ``kb_id`` is a Wikidata QID where known, else a marsad id."""

    kb_id: str
    type: str  # PER, ORG, GPE, LOC, FAC, NORP, EVENT, MISC
    name: str  # canonical Arabic name
    name_en: str | None = None
    kind: str | None = None  # armed_group, state_security, government, politician, media, igo, ngo, country, city...
    aliases: tuple[str, ...] = ()  # Arabic aliases and variants, Latin acronyms (ISIS)
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    geo_precision: str | None = None  # point, city, admin1, country, region
    population: int = 0
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def alias_key(alias: str) -> str:
    """The matching key of an alias: each word's ``token_norm``, joined by single spaces."""
    return " ".join(token_norm(word) for word in alias.split())


@dataclass(frozen=True, slots=True)
class KBMatch:
    """Tokens ``[first, last)`` of a document match these entries (best first)."""

    first: int
    last: int
    entries: tuple[KBEntry, ...]


@dataclass
class KnowledgeBase:
    """Entries indexed by id and by alias key; ``match_tokens`` finds longest alias matches."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    index: dict[str, list[KBEntry]] = field(default_factory=dict)
    max_words: int = 1

    @classmethod
    def from_entries(cls, entries: Iterable[KBEntry]) -> KnowledgeBase:
        kb = cls()
        for entry in entries:
            kb.add(entry)
        return kb

    def add(self, entry: KBEntry) -> None:
        """Add or override (same ``kb_id``) an entry and index its names."""
        old = self.entries.get(entry.kb_id)
        if old is not None:
            for name in old.names:
                bucket = self.index.get(alias_key(name), [])
                if old in bucket:
                    bucket.remove(old)
        self.entries[entry.kb_id] = entry
        for name in entry.names:
            key = alias_key(name)
            if not key:
                continue
            bucket = self.index.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
                bucket.sort(key=lambda e: -e.population)
            self.max_words = max(self.max_words, key.count(" ") + 1)

    def get(self, kb_id: str) -> KBEntry | None:
        return self.entries.get(kb_id)

    def lookup(self, text: str) -> list[KBEntry]:
        """Entries one of whose names has the same key as ``text``."""
        return list(self.index.get(alias_key(text), ()))

    def match_tokens(self, tokens: Sequence[Token]) -> list[KBMatch]:
        """Greedy longest matches of alias keys over token norms, left to right."""
        norms = [t.norm for t in tokens]
        matches: list[KBMatch] = []
        i = 0
        n = len(norms)
        while i < n:
            found: KBMatch | None = None
            for width in range(min(self.max_words, n - i), 0, -1):
                bucket = self.index.get(" ".join(norms[i : i + width]))
                if bucket:
                    found = KBMatch(i, i + width, tuple(bucket))
                    break
            if found is None:
                i += 1
            else:
                matches.append(found)
                i = found.last
        return matches
