"""The quote step: find direct, indirect and mixed quotes, then give each its speaker in reading
order (a cue without a subject, a participle and a continuation paragraph take the speaker
before them), its addressee, and checked spans."""

from __future__ import annotations

from marsad.document import Document
from marsad.extract.quotes.addressee import find_addressee
from marsad.extract.quotes.context import STEP, Context, MentionRef, build_context
from marsad.extract.quotes.direct import find_direct
from marsad.extract.quotes.indirect import find_indirect
from marsad.extract.quotes.model import Candidate, Quote
from marsad.extract.quotes.speakers import SPEAKER_TYPES, is_object, sentence_subject

#: A quote longer than this many characters is kept (within its paragraphs) but flagged.
LONG_QUOTE = 6000
_MAX_WARNINGS = 5


def quotes_step(doc: Document) -> None:
    """Fill ``doc.quotes``; problems with quotation marks go to ``doc.meta.warnings``."""
    ctx = build_context(doc)
    direct = find_direct(ctx)
    used = {c.cue_tok for c in direct if c.cue_tok is not None}
    direct_spans = [c.content for c in direct]
    indirect = [c for c in find_indirect(ctx, used) if not _overlaps(c.content, direct_spans)]
    candidates = sorted([*direct, *indirect], key=lambda c: (c.pos, c.content[0]))
    resolved = _resolve(ctx, candidates)
    resolved.sort(key=lambda c: c.content[0])
    quotes: list[Quote] = []
    for c in resolved:
        speaker = c.speaker
        quotes.append(Quote(
            id=f"q{len(quotes) + 1}",
            kind=c.kind,
            content=ctx.span(*c.content),
            cue=ctx.span(*c.cue) if c.cue is not None else None,
            speaker=(speaker.entity or None) if speaker is not None else None,
            speaker_span=ctx.span(speaker.start, speaker.end) if speaker is not None else None,
            addressee=c.addressee,
            confidence=c.confidence,
        ))
        if c.content[1] - c.content[0] > LONG_QUOTE:
            ctx.warnings.append(f"quote of {c.content[1] - c.content[0]} characters at {c.content[0]}")
    doc.quotes = quotes
    if ctx.warnings:
        shown = ctx.warnings[:_MAX_WARNINGS]
        more = len(ctx.warnings) - len(shown)
        doc.meta.warnings.extend(f"{STEP}: {w}" for w in shown)
        if more:
            doc.meta.warnings.append(f"{STEP}: {more} more quotation-mark problems")


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


def _resolve(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """Speakers that depend on what came before, addressees, and continuation paragraphs."""
    out: list[Candidate] = []
    prev: Candidate | None = None
    for c in candidates:
        if c.mode == "continuation":
            if prev is None or prev.kind != "direct" or not _previous_paragraph(ctx, prev, c):
                continue
            c.speaker = _nearest(ctx, prev.speaker, c.pos)
            c.addressee = prev.addressee
            out.append(c)
            prev = c
            continue
        if c.mode == "participle":
            c.speaker = _participle_speaker(ctx, c, prev)
        elif c.mode == "elided":
            c.speaker = _elided_speaker(ctx, c, prev)
        if c.addressee_window is not None:
            speaker_entity = (c.speaker.entity or None) if c.speaker is not None else None
            c.addressee = find_addressee(ctx, *c.addressee_window, speaker_entity)
        out.append(c)
        prev = c
    return out


def _nearest(ctx: Context, speaker: MentionRef | None, before: int) -> MentionRef | None:
    """The speaker's mention nearest before ``before`` (the span a continuation points at)."""
    if speaker is None or not speaker.entity:
        return speaker  # an unnamed source (شهود عيان) has only the span it was written with
    return ctx.last_mention_before(speaker.entity, before) or speaker


def _elided_speaker(ctx: Context, c: Candidate, prev: Candidate | None) -> MentionRef | None:
    """وأضاف، ويقول: the previous quote's speaker when it is close (this paragraph or the one
    before), else the last person or organisation named before it in its paragraph."""
    if prev is not None and _paragraphs_crossed(ctx, prev.pos, c.pos) <= 1:
        return _nearest(ctx, prev.speaker, c.pos)
    para_start, _ = ctx.paragraph(c.pos)
    last = None
    for m in ctx.mentions_in(para_start, c.pos):
        if m.type in SPEAKER_TYPES and not is_object(ctx, m) and not ctx.inside_pair(m.start):
            last = m
    if last is not None:
        return last
    return _nearest(ctx, prev.speaker, c.pos) if prev is not None else None


def _paragraphs_crossed(ctx: Context, start: int, end: int) -> int:
    """How many paragraph starts lie in ``(start, end]`` (blank lines do not count)."""
    return sum(1 for line in ctx.text[start:end].split("\n")[1:] if line.strip())


def _participle_speaker(ctx: Context, c: Candidate, prev: Candidate | None) -> MentionRef | None:
    sent_start, _ = ctx.sentence(c.pos)
    if prev is not None and prev.pos >= sent_start and prev.speaker is not None:
        return _nearest(ctx, prev.speaker, c.pos)
    subject = sentence_subject(ctx, ctx.clause_start(sent_start), c.pos)
    if subject is not None:
        return subject
    return _nearest(ctx, prev.speaker, c.pos) if prev is not None else None


def _previous_paragraph(ctx: Context, prev: Candidate, c: Candidate) -> bool:
    here = ctx.paragraph_index(c.content[0])
    there = ctx.paragraph_index(prev.content[1])
    between = ctx.text[ctx.paragraph(prev.content[1])[1]:ctx.paragraph(c.content[0])[0]]
    return here > there and not between.strip()
