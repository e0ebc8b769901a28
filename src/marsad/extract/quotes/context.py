"""What the quote finders share about one document: tokens with their cue lookups, sentences,
paragraphs, quotation-mark pairs and entity mentions indexed by position."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from marsad.arabic import normalize_word
from marsad.document import Document, Entity, Span
from marsad.extract.quotes.lexicon import CUE_TABLE, NAME_QUOTE_LEAD, CueInfo
from marsad.extract.quotes.marks import Pair, pair_marks

STEP = "quotes.v1"
_TERMINATORS = frozenset(".!?؟…")
_OPEN_MARKS = frozenset("«“\"‘'")
_DATELINE = re.compile(r"\s*[^\s،,.\-–—]{2,20}(?:\s[^\s،,.\-–—]{2,20})?\s*[-–—]\s*(?:\([^)\n]{1,30}\)\s*[-–—]\s*)?")
_TRIM = " \t\n.،,؛;:-–—"
#: A verbal noun after these is no reporting verb: مفضلاً عدم ذكر اسمه.
_NOT_CUE_BEFORE = frozenset({normalize_word("عدم")})


class MentionRef(NamedTuple):
    """A mention of an entity, with what the speaker rules need to know about it."""

    start: int
    end: int
    entity: str
    type: str
    kind: str | None  # the entity's kind (anonymous_source, media, ...)


@dataclass
class Context:
    doc: Document
    text: str
    starts: list[int]  # token starts
    ends: list[int]
    keys: list[str]  # normalize_word of each token
    prefixes: list[str]
    cues: dict[int, CueInfo]
    sent_starts: list[int]
    sent_ends: list[int]
    para_breaks: list[int]  # offsets of line breaks
    pairs: list[Pair]
    mentions: list[MentionRef]
    mention_starts: list[int]
    mentions_by_end: dict[int, list[MentionRef]]
    entities: dict[str, Entity]
    warnings: list[str] = field(default_factory=list)
    in_pair: list[tuple[int, int]] = field(default_factory=list)
    pair_at: dict[int, Pair] = field(default_factory=dict)
    pair_closing_at: dict[int, Pair] = field(default_factory=dict)

    # --- positions -------------------------------------------------------------------------
    def token_at(self, offset: int) -> int:
        """Index of the first token that ends after ``offset``."""
        return bisect_right(self.ends, offset)

    def token_starting_at_or_after(self, offset: int) -> int:
        return bisect_left(self.starts, offset)

    def sentence(self, offset: int) -> tuple[int, int]:
        k = bisect_right(self.sent_starts, offset) - 1
        if k < 0 or offset >= self.sent_ends[k]:
            return self.paragraph(offset)
        return self.sent_starts[k], self.sent_ends[k]

    def paragraph_index(self, offset: int) -> int:
        return bisect_left(self.para_breaks, offset)

    def paragraph(self, offset: int) -> tuple[int, int]:
        k = bisect_left(self.para_breaks, offset)
        start = self.para_breaks[k - 1] + 1 if k else 0
        end = self.para_breaks[k] if k < len(self.para_breaks) else len(self.text)
        return start, end

    def is_punct(self, i: int, chars: str) -> bool:
        return self.ends[i] - self.starts[i] == 1 and self.text[self.starts[i]] in chars

    def is_terminator(self, i: int) -> bool:
        return self.text[self.starts[i]] in _TERMINATORS and all(
            c in _TERMINATORS for c in self.text[self.starts[i]:self.ends[i]])

    def is_open_mark(self, i: int) -> bool:
        return self.text[self.starts[i]] in _OPEN_MARKS

    def inside_pair(self, offset: int) -> bool:
        """Whether ``offset`` lies inside an outermost quotation."""
        k = bisect_right(self.in_pair, (offset, len(self.text) + 1)) - 1
        return k >= 0 and self.in_pair[k][0] < offset < self.in_pair[k][1]

    def in_short_pair(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a quotation of at most three words (a quoted name)."""
        k = bisect_right(self.in_pair, (offset, len(self.text) + 1)) - 1
        if k < 0:
            return False
        open_, close = self.in_pair[k]
        return open_ < offset < close and len(self.text[open_ + 1:close].split()) <= 3

    def words(self, pair: Pair) -> int:
        return len(self.text[pair.open + 1:pair.close].split())

    def is_name_quote(self, pair: Pair) -> bool:
        """A quoted name or term, not a quotation: لـ«الرافد»، مع «بوابة الشام»، «داعش»."""
        if self.words(pair) > 3:
            return False
        before = self.text[pair.open - 1] if pair.open else " "
        if before.isalpha() or before == "\u0640":
            return True  # a clitic written onto the mark: لـ«...»، و«...»
        i = self.token_at(pair.open) - 1
        return i >= 0 and self.keys[i] in NAME_QUOTE_LEAD

    def is_fragment(self, pair: Pair) -> bool:
        """A quoted fragment that makes an indirect quote mixed (not a one-word term or a name)."""
        return self.words(pair) >= 2 and not self.is_name_quote(pair)

    # --- mentions ----------------------------------------------------------------------------
    def mentions_in(self, start: int, end: int) -> list[MentionRef]:
        i = bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_mention_before(self, entity: str, offset: int) -> MentionRef | None:
        best = None
        for m in self.entities_mentions(entity):
            if m.start < offset:
                best = m
        return best

    def entities_mentions(self, entity: str) -> list[MentionRef]:
        return [m for m in self.mentions if m.entity == entity]

    # --- spans --------------------------------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        return self.doc.span(start, end, STEP)

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without surrounding spaces and clause punctuation."""
        while start < end and self.text[start] in _TRIM:
            start += 1
        while end > start and self.text[end - 1] in _TRIM:
            end -= 1
        return start, end

    def clause_start(self, sent_start: int) -> int:
        """Where a sentence's own words start: after a dateline (بغداد - (رويترز) -)."""
        para_start, _ = self.paragraph(sent_start)
        if sent_start == para_start:
            m = _DATELINE.match(self.text, sent_start)
            if m and m.end() < len(self.text):
                return m.end()
        return sent_start


_TEXT = attrgetter("text")
_START = attrgetter("start")
_END = attrgetter("end")
_PREFIX = attrgetter("prefix")


def build_context(doc: Document) -> Context:
    text = doc.text
    starts = list(map(_START, doc.tokens))
    ends = list(map(_END, doc.tokens))
    texts = list(map(_TEXT, doc.tokens))
    # one translate over all tokens at once: normalisation is per character, so joining with a
    # character it leaves alone and splitting again gives each token's key
    keys = normalize_word("\x00".join(texts)).split("\x00")
    if len(keys) != len(texts):  # a token holding NUL itself
        keys = [normalize_word(t) for t in texts]
    table = CUE_TABLE
    cues = {i: table[key] for i, key in enumerate(keys)
            if key in table and (i == 0 or keys[i - 1] not in _NOT_CUE_BEFORE)}
    sentences = sorted(doc.sentences)
    pairs, warnings = pair_marks(text)
    mentions: list[MentionRef] = []
    entities: dict[str, Entity] = {}
    for entity in doc.entities:
        entities[entity.id] = entity
        mentions.extend(MentionRef(m.start, m.end, entity.id, entity.type, entity.kind) for m in entity.mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    by_end: dict[int, list[MentionRef]] = {}
    for ref in mentions:
        by_end.setdefault(ref.end, []).append(ref)
    para_breaks = [m.start() for m in re.finditer("\n", text)]
    ctx = Context(
        doc, text, starts, ends, keys, list(map(_PREFIX, doc.tokens)), cues,
        [s for s, _ in sentences], [e for _, e in sentences], para_breaks, pairs,
        mentions, [m.start for m in mentions], by_end, entities, warnings,
    )
    ctx.in_pair = sorted((p.open, p.close) for p in pairs if p.depth == 0)
    ctx.pair_at = {p.open: p for p in pairs}
    ctx.pair_closing_at = {p.close: p for p in pairs if p.closed}
    return ctx
