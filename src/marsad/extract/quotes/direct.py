"""Direct quotes: a quotation tied to a cue before it (قال X: «...»، وقالت: "..."، قائلاً «...»),
a cue after it («...»، قال X), a speaker and a colon (X: «...»), or continuing the previous
speaker's quote in a paragraph that opens with a quotation mark."""

from __future__ import annotations

from marsad.extract.quotes.context import Context
from marsad.extract.quotes.lexicon import COMPLEMENTISERS, CONJ_COMPLEMENTISERS, PARTICIPLE, SOURCE, VERB
from marsad.extract.quotes.model import Candidate
from marsad.extract.quotes.speakers import SPEAKER_TYPES, is_object, subject_after, verb_speaker

_BACK_TOKENS = 25
_MIN_CONTINUATION_WORDS = 3
_MIN_WORDS = 3


def find_direct(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for pair in ctx.pairs:
        if pair.depth:
            continue
        content = ctx.trimmed(*pair.inner)
        if content[0] >= content[1] or ctx.is_name_quote(pair):
            continue
        if ctx.words(pair) < _MIN_WORDS and not ctx.text[:pair.open].rstrip().endswith(":"):
            continue
        cand = _cue_before(ctx, pair.open, content) or _cue_after(ctx, pair.close, pair.closed, content)
        if cand is None:
            cand = _colon_speaker(ctx, pair.open, content) or _continuation(ctx, pair.open, content)
        if cand is not None:
            out.append(cand)
    return out


def _cue_before(ctx: Context, opener: int, content: tuple[int, int]) -> Candidate | None:
    """قال X لـY: «...» / وقالت: "..." / ختم قائلاً: «...» / متوعداً "..."."""
    para_start, _ = ctx.paragraph(opener)
    i = ctx.token_at(opener) - 1
    stop = max(-1, i - _BACK_TOKENS)
    colon = ctx.text[:opener].rstrip().endswith(":")
    while i > stop and ctx.starts[i] >= para_start:
        if ctx.is_terminator(i) or ctx.keys[i] in COMPLEMENTISERS or ctx.keys[i] in CONJ_COMPLEMENTISERS:
            return None
        if ctx.inside_pair(ctx.starts[i]):
            return None
        if ctx.text[ctx.starts[i]] in "»”\"":
            pair = ctx.pair_closing_at.get(ctx.starts[i])
            if pair is None or not (ctx.is_name_quote(pair) or ctx.words(pair) <= 3):
                return None
            i = ctx.token_at(pair.open) - 1  # skip a quoted name: في حديث لـ«الرافد»
            continue
        info = ctx.cues.get(i)
        if info is not None and info.kind in (VERB, PARTICIPLE):
            if not (colon or info.say):
                if ctx.token_at(opener) - i > 2:
                    return None  # a quoted fragment further on: part of an indirect quote, or scare quotes
                # متوعداً "العدوان لن يمر": a quotation as the verb's object, marks included
                end = _clause_end(ctx, opener)
                return Candidate(ctx.starts[i], "mixed", (opener, end), (ctx.starts[i], ctx.ends[i]), i,
                                 None, "participle" if info.kind == PARTICIPLE else "elided", None, 0.6)
            speaker = verb_speaker(ctx, i, opener) if info.kind == VERB else subject_after(ctx, ctx.ends[i], opener)
            mode = "explicit" if speaker is not None else ("participle" if info.kind == PARTICIPLE else "elided")
            return Candidate(ctx.starts[i], "direct", content, (ctx.starts[i], ctx.ends[i]), i, speaker, mode,
                             (ctx.ends[i], opener), 0.9 if speaker is not None else 0.8)
        if info is not None and info.kind == SOURCE:
            return None
        i -= 1
    return None


def _cue_after(ctx: Context, close: int, closed: bool, content: tuple[int, int]) -> Candidate | None:
    """«...»، قال X لرويترز."""
    if not closed:
        return None
    i = ctx.token_at(close + 1)
    skipped = 0
    while i < len(ctx.starts) and skipped < 2 and ctx.is_punct(i, "،,"):
        i += 1
        skipped += 1
    if i >= len(ctx.starts) or ctx.text[close + 1:ctx.starts[i]].count("\n"):
        return None
    info = ctx.cues.get(i)
    if info is None or info.kind != VERB:
        return None
    limit = _clause_end(ctx, ctx.ends[i])
    speaker = subject_after(ctx, ctx.ends[i], max(limit, ctx.ends[i]))
    mode = "explicit" if speaker is not None else "elided"
    return Candidate(ctx.starts[i], "direct", content, (ctx.starts[i], ctx.ends[i]), i, speaker, mode,
                     (ctx.ends[i], max(limit, ctx.ends[i])), 0.9 if speaker is not None else 0.75)


def _colon_speaker(ctx: Context, opener: int, content: tuple[int, int]) -> Candidate | None:
    """X: «...» with no verb."""
    before = ctx.text[:opener].rstrip()
    if not before.endswith(":"):
        return None
    colon = len(before) - 1
    end = len(ctx.text[:colon].rstrip())
    for m in ctx.mentions_by_end.get(end, []):
        if m.type in SPEAKER_TYPES and not is_object(ctx, m):
            sent_start, _ = ctx.sentence(m.start)
            lead = ctx.text[ctx.clause_start(sent_start):m.start].strip(" ،,و")
            if len(lead.split()) <= 3:
                return Candidate(m.start, "direct", content, None, None, m, "explicit", (m.end, opener), 0.75)
    return None


def _continuation(ctx: Context, opener: int, content: tuple[int, int]) -> Candidate | None:
    """A paragraph opening with a quotation mark and no cue: the previous speaker goes on."""
    para_start, _ = ctx.paragraph(opener)
    if ctx.text[para_start:opener].strip():
        return None
    if len(ctx.text[content[0]:content[1]].split()) < _MIN_CONTINUATION_WORDS:
        return None
    return Candidate(opener, "direct", content, None, None, None, "continuation", None, 0.7)


def _clause_end(ctx: Context, start: int) -> int:
    """End of the clause from ``start``: the sentence end, or before a following cue."""
    from marsad.extract.quotes.indirect import clause_end

    return clause_end(ctx, start)
