"""Choosing the speaker: the subject right after the cue (VSO, Arabic's usual order: قال وزير
الخارجية ...), or right before it (X قال، وكان X قد أفاد، أما X ... فقالت), else none (the
caller then gives the quote the previous speaker: وأضاف، وتابع)."""

from __future__ import annotations

from bisect import bisect_left

from marsad.extract.quotes.context import Context, MentionRef
from marsad.extract.quotes.lexicon import (
    COMPLEMENTISERS,
    CUE_TABLE,
    CUES,
    NOMINAL_LEADS,
    NOMINAL_SOURCES,
    PREPOSITIONS,
    TIME_WORDS,
)

SPEAKER_TYPES = frozenset({"PER", "ORG", "NORP"})
_OBJECT_PREFIX_LETTERS = frozenset("بلك")
_AMMA = "اما"


def _preposition_in(prefix: str) -> bool:
    """Whether proclitics as written hold a preposition (ب ل ك), the article aside."""
    if prefix.endswith("لل"):
        return True
    if prefix.endswith("ال"):
        prefix = prefix[:-2]
    return any(c in _OBJECT_PREFIX_LETTERS for c in prefix)


def is_object(ctx: Context, m: MentionRef) -> bool:
    """Whether a mention sits behind a preposition (باسم الوزارة، لرويترز، في بغداد)."""
    i = ctx.token_at(m.start)
    if i < len(ctx.starts):
        if ctx.starts[i] < m.start:
            return _preposition_in(ctx.text[ctx.starts[i]:m.start])
        if _preposition_in(ctx.prefixes[i]):
            return True
    return i > 0 and ctx.keys[i - 1] in PREPOSITIONS


def extend_apposition(ctx: Context, first: MentionRef, limit: int) -> MentionRef:
    """The mention of the same entity nearest ``limit`` in the run right after ``first``
    (المتحدث باسم الأمن العام العقيد معاذ الخوالدة → معاذ الخوالدة)."""
    best = first
    for m in ctx.mentions_in(first.end, limit):
        if m.entity != best.entity:
            continue
        gap = ctx.token_starting_at_or_after(m.start) - ctx.token_at(best.end)
        if gap > 4:
            break
        best = m
    return best


_NOMINAL_STOP = PREPOSITIONS | TIME_WORDS | COMPLEMENTISERS
_NOMINAL_PREFIXES = ("", "ال")


def _mention_starts_in(ctx: Context, start: int, end: int) -> bool:
    i = bisect_left(ctx.mention_starts, start)
    return i < len(ctx.mention_starts) and ctx.mention_starts[i] < end


def nominal_source(ctx: Context, i: int, limit: int) -> MentionRef | None:
    """An unnamed source written as a common noun starting at token ``i`` (شهود عيان، مقرب من
    ...، هذه المصادر، أحد الضباط الجنوبيين) where no entity mention starts: a speaker span with
    no entity. The head and up to two adjectives after it."""
    n = len(ctx.starts)
    first = i
    if i < n and ctx.keys[i] in NOMINAL_LEADS:
        i += 1
    if i >= n or ctx.starts[i] >= limit or ctx.keys[i] not in NOMINAL_SOURCES:
        return None
    if _mention_starts_in(ctx, ctx.starts[first], ctx.ends[i]):
        return None  # the entities step named it: its mention is the speaker
    end = i
    k = i + 1
    while k < n and k <= i + 2 and ctx.ends[k] <= limit:
        key = ctx.keys[k]
        if (ctx.prefixes[k] not in _NOMINAL_PREFIXES or key in _NOMINAL_STOP or key in CUE_TABLE
                or not key.isalpha() or _mention_starts_in(ctx, ctx.starts[k], ctx.ends[k])):
            break
        end = k
        k += 1
    return MentionRef(ctx.starts[first], ctx.ends[end], "", "PER", "anonymous_source")


def subject_after(ctx: Context, start: int, limit: int, max_tokens: int = 12) -> MentionRef | None:
    """The speaker mention after a cue, before ``limit`` (a complementiser, a quotation mark)."""
    first_tok = ctx.token_at(start)
    skip = first_tok < len(ctx.starts) and ctx.keys[first_tok] in TIME_WORDS
    nominal = nominal_source(ctx, first_tok + skip, limit)
    if nominal is not None:
        return nominal
    for m in ctx.mentions_in(start, limit):
        gap = ctx.token_starting_at_or_after(m.start) - first_tok
        if gap > max_tokens:
            break
        if ctx.inside_pair(m.start) and not (gap <= 1 and ctx.in_short_pair(m.start)):
            continue  # a quoted name is the subject only right after the verb: وكشفت «شبكة ...»
        ok_type = m.type in SPEAKER_TYPES or (m.type in ("GPE", "LOC") and gap == 0)
        if not ok_type or is_object(ctx, m):
            continue
        return extend_apposition(ctx, m, limit)
    return None


def subject_before(ctx: Context, cue_tok: int, sent_start: int) -> MentionRef | None:
    """A speaker written before its verb: X قال، وكان X قد أفاد، X، أمس، أعلن."""
    key = ctx.keys[cue_tok]
    if key[:1] in ("و", "ف") and len(key) > 3 and key not in CUES:
        return None  # وأكد، فقال: a new clause, whose subject is not behind it
    j = cue_tok - 1
    skipped = 0
    while j >= 0 and ctx.starts[j] >= sent_start and skipped < 3 and (
            ctx.keys[j] in TIME_WORDS or ctx.is_punct(j, "،,")):
        j -= 1
        skipped += 1
    if j < 0 or ctx.starts[j] < sent_start:
        return None
    for m in ctx.mentions_by_end.get(ctx.ends[j], []):
        if m.type in SPEAKER_TYPES and not is_object(ctx, m) and m.start >= sent_start:
            return m
    if ctx.prefixes[j] in _NOMINAL_PREFIXES and (j == 0 or ctx.starts[j - 1] < sent_start
                                                 or ctx.is_punct(j - 1, "،,.:")):
        return nominal_source(ctx, j, ctx.ends[j])  # مصادر أكدت لنا أن ...
    return None


def subject_after_amma(ctx: Context, cue_tok: int, sent_start: int) -> MentionRef | None:
    """أما صوفي لوران، وهي ...، فقالت: the topic after أما is the speaker of a ف-verb."""
    j = cue_tok - 1
    while j >= 0 and ctx.starts[j] >= sent_start:
        if ctx.keys[j] == _AMMA and j + 1 < cue_tok:
            for m in ctx.mentions_in(ctx.starts[j + 1], ctx.starts[cue_tok]):
                if m.start == ctx.starts[j + 1] and m.type in SPEAKER_TYPES:
                    return m
            return None
        j -= 1
    return None


def sentence_subject(ctx: Context, sent_start: int, before: int) -> MentionRef | None:
    """The first speaker-like mention of a sentence before ``before`` (the subject of the verb
    that a participle such as مضيفاً or قائلاً hangs on)."""
    for m in ctx.mentions_in(sent_start, before):
        if m.type in SPEAKER_TYPES and not is_object(ctx, m) and not ctx.inside_pair(m.start):
            return extend_apposition(ctx, m, before)
    return None


def verb_speaker(ctx: Context, cue_tok: int, window_end: int) -> MentionRef | None:
    """The explicit speaker of a reporting verb: after it (VSO), after أما for a ف-verb, or
    right before it (SVO); None when the subject is elided (وأضاف أن ...)."""
    speaker = subject_after(ctx, ctx.ends[cue_tok], window_end)
    if speaker is not None:
        return speaker
    sent_start, _ = ctx.sentence(ctx.starts[cue_tok])
    if ctx.keys[cue_tok][:1] == "ف":
        speaker = subject_after_amma(ctx, cue_tok, sent_start)
        if speaker is not None:
            return speaker
    return subject_before(ctx, cue_tok, sent_start)

