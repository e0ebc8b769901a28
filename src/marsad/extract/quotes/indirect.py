"""Indirect and mixed quotes: a cue followed by أن/إن (قال X إن ...، أشار إلى أن ...، مؤكداً
أن ...), an object verb (نفت إيران أي صلة ...، حذّر من ...), and attributions (بحسب X، ...؛
...، وفقاً لـX؛ نقلاً عن X). The clause runs to the sentence end or to the next cue
(، مضيفاً أن ...). A clause holding a quotation is ``mixed``; its content keeps the marks."""

from __future__ import annotations

from marsad.arabic import normalize_word
from marsad.extract.quotes.context import Context, MentionRef
from marsad.extract.quotes.lexicon import (
    COMPLEMENTISERS,
    PARTICIPLE,
    PREPOSITIONS,
    SOURCE,
    STATEMENT_WORDS,
    TIME_WORDS,
    VERB,
)
from marsad.extract.quotes.model import Candidate
from marsad.extract.quotes.speakers import SPEAKER_TYPES, nominal_source, subject_after, verb_speaker

_WINDOW = 25
_FA_INNA = frozenset(normalize_word(w) for w in ("فإن", "فإنه", "فإنها", "فقد", "فان"))
_ILA = normalize_word("إلى")
_AN = normalize_word("عن")
_MA = normalize_word("ما")
_CONTRAST = frozenset(normalize_word(w) for w in ("إلا", "الا", "لكن", "لكنه", "لكنها", "ولكن", "ولكنه"))
_RELATIVES = frozenset(normalize_word(w) for w in ("التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي"))
_MANNER = tuple(normalize_word(w) for w in ("وصف", "تعبير", "زعم", "قول"))
_CLAUSE_LINKS = frozenset(normalize_word(w) for w in ("فيما", "بينما", "كما", "حين", "وفيما", "وبينما"))


def clause_end(ctx: Context, start: int) -> int:
    """End of the reported clause that starts at ``start``."""
    _, sent_end = ctx.sentence(start)
    _, para_end = ctx.paragraph(start)
    sent_end = min(sent_end, para_end)
    i = ctx.token_at(start)
    first = i
    while i < len(ctx.starts) and ctx.starts[i] < sent_end:
        if (i > first and ctx.is_terminator(i) and ctx.ends[i - 1] - ctx.starts[i - 1] > 1
                and not ctx.inside_pair(ctx.starts[i])):
            return ctx.starts[i]  # a full stop the sentence splitter passed over (stray quotation marks)
        if (i > first + 1 and ctx.keys[i] in _CONTRAST and ctx.is_punct(i - 1, "،,")
                and not ctx.inside_pair(ctx.starts[i])):
            return ctx.starts[i - 1]  # ...، إلا أنه أفصح عن ...: a contrasting clause is the reporter's
        info = ctx.cues.get(i)
        if info is not None and i > first + 1 and not ctx.inside_pair(ctx.starts[i]):
            after_comma = ctx.is_punct(i - 1, "،,")
            if (info.kind == PARTICIPLE and i + 1 < len(ctx.starts) and ctx.keys[i + 1] in COMPLEMENTISERS
                    and ctx.starts[i + 1] < sent_end):
                return ctx.starts[i]  # ... تطبيقه معللاً إنه ...: the participle opens a new clause
            if info.kind in (PARTICIPLE, SOURCE) and (after_comma or ctx.prefixes[i].startswith("و")
                                                      or (ctx.keys[i][0] == "و" and info.kind == PARTICIPLE)):
                return ctx.starts[i]
            if info.kind == VERB and (after_comma or ctx.keys[i - 1] in _CLAUSE_LINKS):
                return ctx.starts[i]  # ...، فيما قالت «سبأ» إن ...: another quote begins
        i += 1
    return sent_end


def _content(ctx: Context, start: int, end: int) -> tuple[str, tuple[int, int]]:
    s, e = ctx.trimmed(start, end)
    kind = "indirect"
    for pair in ctx.pairs:
        if s <= pair.open < e and ctx.is_fragment(pair):
            kind = "mixed"
            break
    return kind, (s, e)


def find_indirect(ctx: Context, used_cues: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    for i in sorted(ctx.cues):
        if i in used_cues or ctx.inside_pair(ctx.starts[i]):
            continue
        info = ctx.cues[i]
        if out and out[-1].content[0] <= ctx.starts[i] < out[-1].content[1]:
            continue  # reported speech inside a reported clause (أن المتهم اعترف بأنه ...)
        if out and out[-1].cue is not None and out[-1].cue[0] < ctx.starts[i] < out[-1].content[0]:
            continue  # between a cue and its clause (قال X، التي يرجح أن ...، بأن ...)
        cand = _source_quote(ctx, i) if info.kind == SOURCE else _verb_quote(ctx, i)
        if cand is not None:
            used_cues.add(i)
            if cand.cue_tok is not None:
                used_cues.add(cand.cue_tok)
            out.append(cand)
    return out


def _verb_quote(ctx: Context, i: int) -> Candidate | None:
    info = ctx.cues[i]
    sent_start, sent_end = ctx.sentence(ctx.starts[i])
    via: int | None = None
    comp: int | None = None
    j = i + 1
    while j < len(ctx.starts) and j <= i + _WINDOW and ctx.starts[j] < sent_end:
        key = ctx.keys[j]
        if key in _RELATIVES and ctx.is_punct(j - 1, "،,"):
            # قال X في الحلقة، التي يرجح أن ...، بأن ...: a relative clause between commas
            k = j + 1
            while k <= i + _WINDOW and k < len(ctx.starts) and ctx.starts[k] < sent_end and not ctx.is_punct(k, "،,"):
                k += 1
            if k <= i + _WINDOW and k < len(ctx.starts) and ctx.starts[k] < sent_end:
                j = k + 1
                continue
        if key in COMPLEMENTISERS:
            comp = j
            break
        if ctx.is_open_mark(j):
            pair = ctx.pair_at.get(ctx.starts[j])
            if pair is not None and pair.closed and (ctx.is_name_quote(pair) or ctx.words(pair) <= 3):
                j = ctx.token_at(pair.close + 1)
                continue
            break
        if ctx.is_punct(j, ":") and j + 1 < len(ctx.starts) and ctx.keys[j + 1] in COMPLEMENTISERS:
            j += 1
            continue  # وقال: إن ...
        if ctx.is_terminator(j) or ctx.is_punct(j, ":"):
            break
        other = ctx.cues.get(j)
        if other is not None:
            if other.kind == SOURCE and via is None:
                via = j
            else:
                break
        j += 1
    cue = (ctx.starts[i], ctx.ends[i])
    if info.objects:
        cand = _object_quote(ctx, i, sent_end)
        if cand is not None:
            return cand
    if comp is not None:
        start = ctx.ends[comp]
        end = clause_end(ctx, start)
        kind, content = _content(ctx, start, end)
        if content[0] >= content[1]:
            return None
        whole = _whole_quotation(ctx, content)
        if whole is not None:
            kind, content = "direct", whole  # قال إن «...»: the reported clause is all quotation
        window_end = ctx.starts[comp]
        if via is not None:
            speaker = _source_speaker(ctx, ctx.ends[via], window_end)
            if speaker is not None:
                return Candidate(ctx.starts[via], kind, content, (ctx.starts[via], ctx.ends[via]), via, speaker,
                                 "explicit", (ctx.ends[via], window_end), 0.75)
        return _with_speaker(ctx, i, kind, content, cue, window_end, sent_start, 0.8)
    return None


def _with_speaker(ctx: Context, i: int, kind: str, content: tuple[int, int], cue: tuple[int, int],
                  window_end: int, sent_start: int, confidence: float) -> Candidate:
    info = ctx.cues[i]
    speaker = verb_speaker(ctx, i, window_end) if info.kind == VERB else subject_after(ctx, ctx.ends[i], window_end)
    if speaker is not None:
        mode = "explicit"
    else:
        mode = "participle" if info.kind == PARTICIPLE else "elided"
        confidence -= 0.1
    return Candidate(cue[0], kind, content, cue, i, speaker, mode, (ctx.ends[i], window_end), confidence)


def _object_quote(ctx: Context, i: int, sent_end: int) -> Candidate | None:
    """A reporting verb whose object is the content: أعلن الجيش مقتل ...، أفادت مصادر بمقتل ...،
    أشار المصدر إلى وقوع ...، حذّر X من ...، نفت إيران أي صلة ...؛ the subject may be elided."""
    info = ctx.cues[i]
    n = len(ctx.starts)
    limit = ctx.starts[i + _WINDOW] if i + _WINDOW < n else len(ctx.text)
    limit = max(min(limit, sent_end), ctx.ends[i])
    speaker = subject_after(ctx, ctx.ends[i], limit, max_tokens=3) if info.kind == VERB else None
    k = ctx.token_at(speaker.end) if speaker is not None else i + 1
    k = _skip_adjuncts(ctx, k, sent_end)
    if k >= n or ctx.starts[k] >= sent_end:
        return None
    key = ctx.keys[k]
    if key in info.objects and key:
        k += 1  # أشار إلى، تحدث عن، شدد على: the content follows the preposition
        if k < n and ctx.keys[k] in COMPLEMENTISERS:
            k += 1
    elif "ب" in info.objects and _has_ba(ctx.prefixes[k]) and key not in COMPLEMENTISERS:
        pass  # أفادت مصادر بمقتل ...: the preposition is part of the content
    elif "" in info.objects and (speaker is not None or info.kind == PARTICIPLE) and _noun_like(ctx, k):
        pass
    else:
        return None
    if k >= n or ctx.starts[k] >= sent_end:
        return None
    start = ctx.starts[k]
    kind, content = _content(ctx, start, clause_end(ctx, start))
    if len(ctx.text[content[0]:content[1]].split()) < 2:
        return None
    cue = (ctx.starts[i], ctx.ends[i])
    if speaker is not None:
        return Candidate(cue[0], kind, content, cue, i, speaker, "explicit", (speaker.end, content[0]), 0.6)
    sent_start, _ = ctx.sentence(cue[0])
    return _with_speaker(ctx, i, kind, content, cue, start, sent_start, 0.6)


def _whole_quotation(ctx: Context, content: tuple[int, int]) -> tuple[int, int] | None:
    """The inside of a quotation that makes up all of ``content``, if it does."""
    pair = ctx.pair_at.get(content[0])
    if pair is None or pair.depth or ctx.text[pair.close + 1:content[1]].strip(" .،,؛:«»“”\"'"):
        return None
    inner = ctx.trimmed(*pair.inner)
    return inner if inner[0] < inner[1] else None


def _has_ba(prefix: str) -> bool:
    return prefix[:1] == "ب" or prefix[:2] in ("وب", "فب")


def _noun_like(ctx: Context, k: int) -> bool:
    """A token that can open a noun phrase object (not a preposition, verb cue or punctuation)."""
    key = ctx.keys[k]
    return (key not in PREPOSITIONS and key not in COMPLEMENTISERS and k not in ctx.cues
            and ctx.text[ctx.starts[k]].isalnum())


def _skip_adjuncts(ctx: Context, k: int, end: int) -> int:
    """Past commas, time words and an addressee (لـ«الشرق الأوسط»، لرويترز، "الرياض")."""
    n = len(ctx.starts)
    while k < n and ctx.starts[k] < end:
        if ctx.is_punct(k, "،,") or ctx.keys[k] in TIME_WORDS:
            k += 1
            continue
        pair = ctx.pair_at.get(ctx.starts[k])
        if pair is None and ctx.prefixes[k][:1] == "ل" and ctx.ends[k] < n:
            pair = ctx.pair_at.get(ctx.ends[k])  # لـ + «...»
            if pair is None and ctx.ends[k] - ctx.starts[k] > 2:
                k += 1  # لرويترز
                continue
        if pair is not None and pair.closed and ctx.words(pair) <= 3:
            k = ctx.token_at(pair.close + 1)
            continue
        break
    return k


def _source_quote(ctx: Context, i: int) -> Candidate | None:
    """بحسب X، ... / ...، وفقاً لـX / نقلاً عن X / حسبما أفاد X."""
    sent_start, sent_end = ctx.sentence(ctx.starts[i])
    clause_start = ctx.clause_start(sent_start)
    cue = (ctx.starts[i], ctx.ends[i])
    lead = ctx.text[clause_start:ctx.starts[i]].strip()
    np_start = ctx.ends[i]
    nxt = i + 1
    if (nxt < len(ctx.starts) and ctx.keys[nxt].startswith(_MANNER)
            and ctx.text[:ctx.starts[i]].rstrip(" ،,و").endswith(("»", "”", '"'))):
        return None  # بـ«المقاومة الخالصة»، حسب وصفه: how the quoted word was put, not a source
    if nxt < len(ctx.starts) and ctx.keys[nxt] in (_ILA, _AN, _MA, "ل", "لـ"):
        np_start = ctx.ends[nxt]  # استناداً إلى، نقلاً عن، بحسب ما
    if lead in ("", "و", "ف"):
        # بحسب مصادر أمنية، أسفر ... / وبحسب مصدر أمني ...، فإن ...
        # (وحسب المصادر فإن ...، وبحسب مصدر في المقاومة فقد ...: فإن/فقد ends the source too)
        k = i + 1
        while (k < len(ctx.starts) and ctx.starts[k] < sent_end and not ctx.is_punct(k, "،,")
               and not (k > nxt and ctx.keys[k] in _FA_INNA)):
            k += 1
        if k >= len(ctx.starts) or ctx.starts[k] >= sent_end or k - i > 20:
            return None
        np_end = ctx.starts[k]
        if ctx.keys[k] not in _FA_INNA:
            k += 1
        if k < len(ctx.starts) and ctx.keys[k] in _FA_INNA:
            k += 1
        if k >= len(ctx.starts) or ctx.starts[k] >= sent_end:
            return None
        start = ctx.starts[k]
        kind, content = _content(ctx, start, clause_end(ctx, start))
    elif lead.endswith(("،", ",")) and len(lead) > 10:
        # ...، بحسب ما أفاد مصدر قضائي
        np_end = clause_end(ctx, np_start)
        start = clause_start
        j = ctx.token_at(start)
        if j < len(ctx.starts) and ctx.prefixes[j][:1] in ("و", "ف") and ctx.starts[j] == start:
            start += len(ctx.prefixes[j])
        kind, content = _content(ctx, start, ctx.starts[i])
    else:
        return None
    if content[1] - content[0] < 8:
        return None
    speaker = _source_speaker(ctx, np_start, np_end)
    mode = "explicit" if speaker is not None else "none"
    if speaker is None and any(normalize_word(w) in STATEMENT_WORDS
                               for w in ctx.text[np_start:np_end].split()[:3]):
        mode = "elided"  # بحسب البيان: the statement of the last speaker
    return Candidate(cue[0], kind, content, cue, i, speaker, mode, (np_start, np_end),
                     0.75 if speaker is not None else 0.55)


def _source_speaker(ctx: Context, start: int, end: int) -> MentionRef | None:
    """The source named after بحسب/وفقاً لـ/نقلاً عن: its first person or organisation."""
    for m in ctx.mentions_in(start, end):
        if m.type in SPEAKER_TYPES:
            return m
    return nominal_source(ctx, ctx.token_starting_at_or_after(start), end)  # بحسب شهود عيان
