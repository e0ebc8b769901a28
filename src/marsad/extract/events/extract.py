"""Event extraction: triggers → per-sentence events → arguments → one event per real event.

Works on ``doc.tokens`` (matching keys), ``doc.entities``, ``doc.times`` and ``doc.quotes``
when the steps that fill them ran; each is optional. Rules, in order:

1. Trigger candidates from the lexicon (:mod:`.lexicon`), with context filters (فجر as dawn,
   أطلق + النار/صواريخ/الغاز, سقوط + قذائف/مدينة, رفع حالة التأهب, دعا إلى …).
2. Per sentence: a threat or a call absorbs the attack it threatens or calls for; triggers of
   one type in one sentence are one event (انفجار … مقتل … الهجوم); weak triggers (casualty
   nouns, weapons) make an event only when the sentence has no strong one, and otherwise add
   their numbers to the event before them.
3. Arguments from the sentence: actors and targets by position around the trigger, place,
   date (the time expression nearest the trigger), casualties and sizes, claims, sources.
4. Modality from cues before the trigger; reference from cues and dates.
5. Later mentions of an event (الهجوم، التفجير) are merged into it unless their sentence
   names another date or place.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from operator import attrgetter

from marsad.arabic import normalize_word
from marsad.arabic.numbers import dual_count, find_numbers
from marsad.document import DateValue, Document, Entity, Mention, Token
from marsad.extract.events import cues
from marsad.extract.events.lexicon import Sense, fold_set, lookup
from marsad.extract.events.model import Event

STEP = "events.v1"

_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_TYPES = frozenset({"PER", "ORG", "NORP", "GPE", "MISC"})
_PLACE_RANK = {"FAC": 0, "LOC": 2, "GPE": 3}
_GEO_RANK = {"point": 0, "facility": 0, "neighbourhood": 1, "village": 1, "town": 1, "city": 2,
             "district": 2, "region": 3, "province": 3, "country": 4}
_COUNTRY_KINDS = frozenset({"country"})
_NON_ACTOR_KINDS = frozenset({"anonymous_source", "media", "agency", "think_tank", "expert"})

_FIRE = fold_set("نار النار رصاص الرصاص اعيره")
_FIRE_MISSILE = fold_set("صاروخ صواريخ صاروخا قذيفه قذائف قذيفتان قذيفتين مقذوفات")
_FIRE_TEARGAS = fold_set("مسيل مسيله غاز الغاز قنابل دخانيه مطاطي")
_FALL_OBJECTS = fold_set("قذيفه قذائف صاروخ صواريخ قذيفتان قذيفتين")
_FALL_WORDS = fold_set("سقوط سقط سقطت تسقط يسقط")
_FIRE_WORDS = fold_set("اطلق اطلقت اطلقوا اطلاق يطلق تطلق يطلقون اطلقا")
_RAISE = fold_set("رفع رفعت ترفع يرفع برفع")
_CEASE = fold_set("وقف")
_DAWN_BEFORE = fold_set("عند منذ حتي مع صلاه قبيل بعيد وقت ساعات")
_COURT = fold_set("محكمه قضت حكمت قضاء سجن اعدام مؤبد تهمه بتهمه متهم حكم")
_VERDICT = fold_set("قضت حكمت")
_SENTENCE_OBJ = fold_set("سجن بالسجن اعدام بالاعدام مؤبد المؤبد حبس بالحبس")
_TAKE_OVER_STATE_KINDS = frozenset({"state_security", "military", "government", "country"})
_REPEATED_TOLL = fold_set("ارتفع ارتفعت ترتفع يرتفع حصيله اجمالي مجموع")
_JUDGEMENT = fold_set("حكم حكما احكام احكاما الحكم")
_READINESS = fold_set("استعداد جاهزيه الاستعداد")
_ABSTRACT = fold_set("ازمه الازمه اوضاع الوضع غضب الغضب ثوره سكاني احتجاجات الموقف")
_UNDER = fold_set("خاضعه الخاضعه تحت خاضعين")

_NORM = attrgetter("norm")
_START = attrgetter("start")


def _LONGEST_FIRST(span: tuple[int, int, Entity, Mention]) -> int:
    return span[0] - span[1]


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@dataclass(slots=True)
class _Cand:
    tok: int
    start: int
    end: int
    sense: Sense
    type: str
    mode: str | None
    strong: bool
    modality: str = "asserted"
    absorbed: bool = False
    recalled: bool = False  # a background cue (أعاد إلى الأذهان، سبق أن) comes before it


@dataclass(slots=True)
class _Draft:
    type: str
    mode: str | None
    sentence: int
    trigger: _Cand
    cands: list[_Cand] = field(default_factory=list)
    verb_mode: str | None = None
    own_date: bool = False
    near_place: str | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)  # later mention spans
    dead: list[int] = field(default_factory=list)
    injured: list[int] = field(default_factory=list)
    event: Event | None = None


class _Ctx:
    """Per-document lookups shared by the passes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        tokens = self.tokens = doc.tokens
        self.keys = list(map(_NORM, tokens))
        starts = list(map(_START, tokens))
        self.sent_starts = [s for s, _ in doc.sentences]
        self.numbers: dict[int, list[tuple[int, int, int]]] = {}
        self.speakers: dict[int, set[int]] = {}
        self._sent_keys: dict[int, set[str]] = {}
        self.places: dict[int, list[tuple[int, int, str]]] = {}
        # sentence of every token, and tokens of every sentence, from the sentence starts
        count = len(tokens)
        self.tok_sent = [0] * count
        self.sent_toks: dict[int, list[int]] = {}
        bounds = [bisect_left(starts, s) for s in self.sent_starts] or [0]
        bounds[0] = 0
        bounds.append(count)
        for sent in range(len(bounds) - 1):
            a, b = bounds[sent], bounds[sent + 1]
            if b > a:
                self.tok_sent[a:b] = [sent] * (b - a)
                self.sent_toks[sent] = list(range(a, b))
        # entity mention per token (the longest mention covering it)
        ment: list[tuple[Entity, Mention] | None] = [None] * count
        self.ment = ment
        spans = [(m.start, m.end, ent, m) for ent in doc.entities for m in ent.mentions]
        spans.sort(key=_LONGEST_FIRST)
        for start, end, ent, m in spans:
            i = max(0, bisect_right(starts, start) - 1)
            pair = (ent, m)
            while i < count and tokens[i].start < end:
                if ment[i] is None and tokens[i].end > start:
                    ment[i] = pair
                i += 1
        self.groups: dict[str, Entity] = {}
        self._group_mentions(doc)
        self.dateline = self._dateline()
        published = doc.meta.published
        self.published = _parse_date(published.value) if published and published.value else None
        self.times = [t for t in doc.times if getattr(t, "span", None) is not None]
        self.quotes = list(doc.quotes)

    def _group_mentions(self, doc: Document) -> None:
        """Unnamed actors and victims (مسلحون مجهولون، القوات الأميركية) as nominal mentions of
        entities that join ``doc.entities`` only when an event uses them."""
        toks, keys = doc.tokens, self.keys
        kinds = cues.GROUP_KINDS
        heads = [i for i, k in enumerate(keys) if k in kinds]
        n = len(toks)
        done = -1
        for i in heads:
            if i <= done or self.ment[i] is not None:
                continue
            kind = kinds[keys[i]]
            j = i
            while j + 1 < n and j - i < 2 and self.ment[j + 1] is None and _is_attribute(keys[j + 1]):
                j += 1
            prefix = toks[i].prefix
            start = toks[i].start + len(prefix)
            if prefix.endswith("ال"):
                start -= 2  # keep the article, drop و ف ب ك before it
            text = doc.text[start:toks[j].end]
            key = " ".join(keys[i:j + 1])
            ent = self.groups.get(key)
            mention = Mention(start, toks[j].end, text, "PER", kind="nominal", by=STEP, confidence=0.5)
            if ent is None:
                ent = Entity(id="", type="PER", name=text, mentions=[], kind=kind)
                self.groups[key] = ent
            ent.mentions.append(mention)
            for k in range(i, j + 1):
                self.ment[k] = (ent, mention)
            done = j

    def sent_keys(self, sent: int) -> set[str]:
        """The matching keys of one sentence's tokens (cached)."""
        found = self._sent_keys.get(sent)
        if found is None:
            found = self._sent_keys[sent] = {self.keys[j] for j in self.sent_toks.get(sent, ())}
        return found

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self.sent_starts, offset) - 1) if self.sent_starts else 0

    def _dateline(self) -> str | None:
        """The entity of a dateline place at the very start (بغداد - …), which is not where."""
        toks = self.tokens
        if len(toks) >= 2 and toks[1].text in ("-", "–", "—", ":") and self.ment[0] is not None:
            return self.ment[0][0].id
        return None


def _token_sentences(doc: Document) -> list[int]:
    """The sentence index of every token (tokens and sentences are both in text order)."""
    out: list[int] = []
    bounds = doc.sentences
    s = 0
    last = len(bounds) - 1
    for tok in doc.tokens:
        while s < last and tok.start >= bounds[s + 1][0]:
            s += 1
        out.append(s if bounds else 0)
    return out


def _is_attribute(key: str) -> bool:
    """A word that can describe the group noun before it (الأميركية، مجهولين، المسلحة)."""
    if key in cues.GROUP_KINDS:
        return key in _GROUP_ADJECTIVES
    if lookup(key) is not None or key in cues.CLAUSE_BREAK or len(key) < 4:
        return False
    return key.endswith(("ي", "يه", "يين", "يون", "يه", "ين", "ون")) and key not in _NOT_ATTRIBUTE


_GROUP_ADJECTIVES = fold_set("مجهول مجهولين مجهولون مسلح مسلحين مسلحون انتحاري انتحاريين انتحاريون متشددين "
                             "متشددون ملثمين ملثمون")
_NOT_ATTRIBUTE = fold_set("الذين الذي التي علي الي في بين حين ضمن الحين كانون تشرين")


@lru_cache(maxsize=4096)
def _parse_date(value: str | None) -> Date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) >= 3 and parts[1].isdigit():
            return Date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2 and parts[1].isdigit():
            return Date(int(parts[0]), int(parts[1]), 15)
        return Date(int(parts[0][:4]), 7, 1)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------
# 1. trigger candidates


_SENSES: dict[str, Sense | None] = {}
_MISSING = Sense("", None)


def _sense_of(tok: Token) -> Sense | None:
    """The trigger sense of a token (cached by its text and matching key)."""
    try:
        return _SENSES[tok.text]
    except KeyError:
        pass
    sense = _sense_uncached(tok)
    if len(_SENSES) > 200_000:
        _SENSES.clear()
    _SENSES[tok.text] = sense
    return sense


def _sense_uncached(tok: Token) -> Sense | None:
    sense = lookup(tok.norm)
    if sense is None and tok.prefix:
        # the clitic stripper may have cut a root letter (فجروها → ف + جروها): try less
        full = normalize_word(tok.text)
        cut = len(full) - len(tok.norm)
        for i in range(cut - 1, -1, -1):
            rest = full[i:]
            if rest.startswith("ال") and len(rest) > 4:
                rest = rest[2:]
            sense = lookup(rest)
            if sense is not None:
                break
    return sense


def _candidates(ctx: _Ctx) -> list[_Cand]:
    toks, keys = ctx.tokens, ctx.keys
    out: list[_Cand] = []
    n = len(toks)
    special = _SPECIAL
    senses = _SENSES
    for i, tok in enumerate(toks):
        key = keys[i]
        if key not in special and senses.get(tok.text, _MISSING) is None:
            continue
        nxt = keys[i + 1] if i + 1 < n else ""
        nxt2 = keys[i + 2] if i + 2 < n else ""
        start, end = tok.start, tok.end
        type_: str
        mode: str | None
        if key in _FIRE_WORDS:
            window = {nxt, nxt2, keys[i + 3] if i + 3 < n else ""}
            if window & _CEASE_FIRE_GUARD(keys, i):
                continue
            if window & _FIRE:
                out.append(_Cand(i, start, end, _SHOOT, "ASSAULT", "shooting", True))
            elif window & _FIRE_TEARGAS:
                out.append(_Cand(i, start, end, _TEARGAS, "PROTEST", "protest_with_intervention", True))
            elif window & _FIRE_MISSILE or _near(keys, i, 8, _FIRE_MISSILE):
                mode = "shelling" if window & fold_set("قذيفه قذائف قذيفتان قذيفتين") else "missile"
                out.append(_Cand(i, start, end, _MISSILE, "ASSAULT", mode, True))
            continue
        if key in _FALL_WORDS:
            window = {nxt, nxt2}
            if window & _FALL_OBJECTS:
                out.append(_Cand(i, start, end, _MISSILE, "ASSAULT", "shelling", True))
            elif i + 1 < n and (after := ctx.ment[i + 1]) is not None and after[0].type in _PLACE_TYPES:
                out.append(_Cand(i, start, end, _LOST, "RETREAT", "territory_lost", True))
            continue
        if key in _CEASE and nxt in _FIRE_WORDS:
            end = toks[i + 3].end if i + 3 < n and keys[i + 2] in _FIRE else toks[i + 1].end
            out.append(_Cand(i, start, end, _CEASEFIRE, "AGREE", "ceasefire", True))
            continue
        if key in _VERDICT and _near(keys, i, 10, _SENTENCE_OBJ):
            out.append(_Cand(i, start, end, _DETAIN, "COERCE", "detention", True))
            continue
        if key in cues.CALL and _near(keys, i, 4, cues.INVESTIGATION):
            out.append(_Cand(i, start, end, _DEMAND, "DEMAND", "investigation", True))
            continue
        if key in _JUDGEMENT and _near(keys, i, 2, _SENTENCE_OBJ):
            out.append(_Cand(i, start, end, _DETAIN, "COERCE", "detention", True))
            continue
        if key in _READINESS and i and (keys[i - 1] in _RAISE or (i > 1 and keys[i - 2] in _RAISE)):
            start = toks[i - 1].start if keys[i - 1] in _RAISE else toks[i - 2].start
            out.append(_Cand(i, start, end, _ALERT, "MOBILIZE", "alert", True))
            continue
        sense = _sense_of(tok)
        if sense is None or sense.strength == "cue":
            continue
        type_, mode = sense.type, sense.mode
        strong = sense.strength == "strong"
        inside = ctx.ment[i]
        if inside is not None and inside[0].type != "EVENT" and inside[1].start < tok.start:
            continue  # part of a name: القوات المسلحة، سجن الحوت
        if sense.key in ("انفجار", "انفجر") and nxt in _ABSTRACT:
            continue
        if sense.key == "ضبط" and (nxt == "نفس" or "ب" in normalize_word(tok.prefix)):
            continue
        if type_ == "FIGHT" and mode in ("territory_taken", "territory_regained"):
            if i and keys[i - 1] in _UNDER:
                continue
            if "علي" not in (nxt, nxt2) and not any(
                    ctx.ment[k] is not None and ctx.ment[k][0].type in _PLACE_TYPES  # type: ignore[index]
                    for k in range(i + 1, min(n, i + 6))):
                continue
        if type_ == "FIGHT" and sense.pos == "noun" and normalize_word(tok.prefix) in _PURPOSE_PREFIXES:
            continue  # لمواجهة، للتصدي: in order to confront, not a battle
        if type_ == "THREATEN" and sense.pos == "verb" and not any(
                toks[k].text.startswith("ب") for k in range(i + 1, min(n, i + 6))):
            continue
        if type_ == "REJECT" and not _near(keys, i, 3, _JUDGEMENT):
            continue
        if sense.key == "فجر" and (nxt in cues.DATE_WORDS or (i and keys[i - 1] in _DAWN_BEFORE)
                                   or tok.text.endswith(("اً", "ا"))):
            continue  # فجر = dawn
        if sense.key in ("حجز", "ضبط") and nxt in fold_set("امن"):
            continue
        if type_ == "PROTEST" and sense.key in ("مسيره", "مسيرات") and i and keys[i - 1] in fold_set(
                "طائره طائرات بطائره"):
            continue
        if sense.key == "تاهب" and i >= 2 and (keys[i - 1] in _RAISE or keys[i - 2] in _RAISE):
            start = toks[i - 1].start if keys[i - 1] in _RAISE else toks[i - 2].start
        if sense.key in ("اضرب", "ضرب") and "طعام" in (nxt, nxt2):
            mode = "hunger_strike"
        if sense.key == "ادانه" and tok.norm.endswith(("ته", "تهم", "تها")) and _in_sentence(ctx, i, _COURT):
            type_, mode = "COERCE", "detention"
        if sense.key in ("قتلي", "قتيل", "قتيلا") and i and keys[i - 1] in _FALL_WORDS:
            start = toks[i - 1].start
        out.append(_Cand(i, start, end, sense, type_, mode, strong))
    return out


def _in_sentence(ctx: _Ctx, i: int, words: frozenset[str]) -> bool:
    return not words.isdisjoint(ctx.sent_keys(ctx.tok_sent[i]))


_SPECIAL = _FIRE_WORDS | _FALL_WORDS | _CEASE | _VERDICT | cues.CALL | _JUDGEMENT | _READINESS


def _CEASE_FIRE_GUARD(keys: list[str], i: int) -> frozenset[str]:
    """Non-empty when أطلق/إطلاق is part of وقف إطلاق النار (a ceasefire, not a shooting)."""
    return frozenset({"نار"}) if i and keys[i - 1] in _CEASE else frozenset()


def _near(keys: list[str], i: int, width: int, words: frozenset[str]) -> bool:
    return not words.isdisjoint(keys[i + 1:i + 1 + width])


_SHOOT = Sense("ASSAULT", "shooting", key="اطلق")
_TEARGAS = Sense("PROTEST", "protest_with_intervention", key="اطلق")
_MISSILE = Sense("ASSAULT", "missile", key="اطلق")
_LOST = Sense("RETREAT", "territory_lost", transitive=False, key="سقوط")
_CEASEFIRE = Sense("AGREE", "ceasefire", transitive=False, key="وقف")
_DETAIN = Sense("COERCE", "detention", key="قضت")
_DEMAND = Sense("DEMAND", "investigation", transitive=False, key="دعا")
_ALERT = Sense("MOBILIZE", "alert", transitive=False, key="تاهب")
_INCITE = Sense("THREATEN", "incitement", transitive=False, key="دعا")


# ------------------------------------------------------------------------------------------
# 2. modality of one trigger


def _modality(ctx: _Ctx, cand: _Cand, first: int) -> str:
    keys, toks = ctx.keys, ctx.tokens
    i = cand.tok
    before = keys[max(first, i - 12):i]
    near: list[str] = []
    for k in range(i - 1, max(first, i - 5) - 1, -1):
        if keys[k] in cues.CLAUSE_BREAK:
            break
        near.insert(0, keys[k])
    if cand.type == "THREATEN":
        return "called_for" if cand.mode == "incitement" else "threatened"
    if not cues.NEGATORS.isdisjoint(near) or not cues.WITHOUT.isdisjoint(near[-2:]):
        return "negated"
    last = ctx.sent_toks.get(ctx.tok_sent[i], [i])[-1]
    after = keys[i + 1:last + 1]
    if not cues.DENY.isdisjoint(before) or ("ما" in after and not cues.DENY.isdisjoint(after) and any(
            k in cues.DENY and j and after[j - 1] == "ما" for j, k in enumerate(after))):
        return "denied"
    if not cues.CALL.isdisjoint(before[-6:]):
        return "called_for"
    if not cues.PLAN.isdisjoint(before) or (cand.sense.pos == "verb" and toks[i].norm[:2] in _FUTURE):
        return "planned"
    if not cues.CLAIMED.isdisjoint(before):
        return "claimed"
    if not cues.PRECAUTION.isdisjoint(near):
        return "hypothetical"
    hyp = [k for k in before[-8:] if k in cues.HYPOTHETICAL]
    if hyp and (hyp != ["قد"] or _imperfect_after_qad(keys, i, first)):
        return "hypothetical"
    if i + 1 < len(keys) and keys[i + 1] in _POSSIBLE:
        return "hypothetical"
    if normalize_word(toks[i].prefix) in _PURPOSE_PREFIXES and cand.sense.pos == "noun" \
            and cues.NOT_PLANNED_BEFORE.isdisjoint(before[-3:]) \
            and not cues.PURPOSE_CONTEXT.isdisjoint(ctx.sent_keys(ctx.tok_sent[i])):
        return "planned"
    return "asserted"


_FUTURE = frozenset({"سي", "ست", "سن"})
_POSSIBLE = fold_set("محتمل محتمله محتملا")
_PURPOSE_PREFIXES = frozenset({"ل", "لل", "ول", "فل", "ولل", "فلل"})


def _imperfect_after_qad(keys: list[str], i: int, first: int) -> bool:
    for j in range(max(first, i - 4), i):
        if keys[j] == "قد" and j + 1 < len(keys) and keys[j + 1][:1] in ("ي", "ت") and keys[j + 1] not in (
                "تم", "تمت"):
            return True
    return False


# ------------------------------------------------------------------------------------------
# 3. per-sentence grouping


def _group_sentence(ctx: _Ctx, sent: int, cands: list[_Cand]) -> list[_Cand]:
    """The trigger candidates of one sentence that head events (others are folded in later)."""
    keys = ctx.keys
    toks_in = ctx.sent_toks.get(sent, [])
    first = toks_in[0] if toks_in else 0
    # a call to attack → THREATEN incitement; a threat absorbs the attack it threatens
    for c in cands:
        if c.type in ("ASSAULT", "FIGHT") and not c.absorbed:
            before = keys[max(first, c.tok - 8):c.tok]
            for j in range(max(first, c.tok - 8), c.tok):
                if keys[j] in cues.CALL and not any(k in cues.DENY for k in before):
                    c.absorbed = True
                    tok = ctx.tokens[j]
                    if not any(o.tok == j for o in cands):
                        cands.append(_Cand(j, tok.start, tok.end, _INCITE, "THREATEN", "incitement", True))
                    break
    for t in [c for c in cands if c.type == "THREATEN"]:
        for c in cands:
            if c.type in ("ASSAULT", "FIGHT") and t.tok < c.tok <= t.tok + 8:
                c.absorbed = True
    live = sorted((c for c in cands if not c.absorbed), key=lambda c: c.tok)
    for c in live:
        c.modality = _modality(ctx, c, first)
        c.recalled = not cues.BACKGROUND.isdisjoint(keys[max(first, c.tok - 12):c.tok])
    return live


def _refine_mode(ctx: _Ctx, d: _Draft) -> None:
    if d.type != "ASSAULT":
        return
    sent_keys = ctx.sent_keys(d.sentence)
    for mode, words in cues.MODE_CUES:
        if sent_keys & words:
            if d.mode in (None, "bombing") or (mode in cues.BOMB_MODES and d.mode in cues.BOMB_MODES):
                if d.mode == "bombing" and mode in ("shooting", "missile", "shelling"):
                    continue
                if mode == "drone_strike" and not sent_keys & fold_set("طائره طائرات مسيره مسيرات"):
                    continue
                if mode == "suicide_bombing" and d.mode in ("ied",):
                    continue
                d.mode = mode
            return


def _drafts(ctx: _Ctx, cands: list[_Cand]) -> list[_Draft]:
    by_sent: dict[int, list[_Cand]] = {}
    for c in cands:
        by_sent.setdefault(ctx.tok_sent[c.tok], []).append(c)
    drafts: list[_Draft] = []
    for sent in sorted(by_sent):
        live = _group_sentence(ctx, sent, by_sent[sent])
        has_strong = any(c.strong for c in live)
        groups: list[_Draft] = []
        for c in live:
            if not c.strong and not (c.type == "PROTEST" and not any(o.type == "PROTEST" and o.strong for o in live)):
                if has_strong:
                    host = next((g for g in groups if g.type in ("ASSAULT", "FIGHT")), None)
                    if host is not None:
                        host.cands.append(c)
                    continue
                if c.type == "ASSAULT" and c.mode is None and _recent_violent(drafts, sent):
                    drafts[-1].cands.append(c)  # "the toll rose to 15": numbers for the event before
                    continue
                if c.type == "PROTEST" and any(d.type == "PROTEST" and sent - d.sentence <= 2 for d in drafts[-3:]):
                    continue
            if c.type == "ASSAULT" and c.sense.key in _CASUALTY_VERBS and _recent_violent(drafts, sent) and not any(
                    o.type in ("ASSAULT", "FIGHT") and o.strong and o.sense.key not in _CASUALTY_VERBS for o in live):
                drafts[-1].cands.append(c)  # deaths told after the attack or battle they belong to
                continue
            if c.type == "ASSAULT" and c.sense.key in _CASUALTY_VERBS:
                fight = next((g for g in groups if g.type == "FIGHT"), None) or next(
                    (o for o in live if o.type == "FIGHT" and o.strong and o is not c), None)
                if isinstance(fight, _Draft):
                    fight.cands.append(c)
                    continue
                if fight is not None:
                    continue  # the deaths of a battle told later in the sentence
            verb_mode = c.mode if c.sense.pos == "verb" else None
            place = _place_after(ctx, c.tok)
            host = None
            for g in groups:
                if g.type != c.type or g.trigger.modality != c.modality or g.trigger.recalled != c.recalled:
                    continue
                if verb_mode and g.verb_mode and verb_mode != g.verb_mode and not (
                        verb_mode in cues.BOMB_MODES and g.verb_mode in cues.BOMB_MODES):
                    continue
                if place and g.near_place and place != g.near_place:
                    continue
                host = g
            if host is not None:
                host.cands.append(c)
                if host.mode is None and c.mode is not None:
                    host.mode = c.mode
                if host.verb_mode is None:
                    host.verb_mode = verb_mode
                if host.near_place is None:
                    host.near_place = place
                if _rank(c) < _rank(host.trigger):
                    host.trigger = c
                continue
            g = _Draft(c.type, c.mode, sent, c, [c], verb_mode=verb_mode, near_place=place)
            groups.append(g)
            drafts.append(g)
    for d in drafts:
        _refine_mode(ctx, d)
    return drafts


_CASUALTY_VERBS = frozenset({"قتل", "اصاب", "جرح", "مقتل", "قتلي", "اصابه", "جرحي"})


def _rank(c: _Cand) -> tuple[int, int]:
    """Which of an event's triggers in one sentence heads it: the most telling word."""
    if not c.strong:
        return (4, c.tok)
    if c.sense.key in _CASUALTY_VERBS:
        return (3, c.tok)
    if c.mode is None:
        return (2, c.tok)
    return (1, c.tok)


def _place_after(ctx: _Ctx, i: int) -> str | None:
    """A place named within six tokens after token ``i`` in its clause (قصف حي الروضة)."""
    last = ctx.sent_toks.get(ctx.tok_sent[i], [i])[-1]
    for j in range(i + 1, min(last + 1, i + 7)):
        if ctx.keys[j] in cues.CLAUSE_BREAK and ctx.keys[j] not in ("(", ")"):
            return None
        m = ctx.ment[j]
        if m is not None and _is_place(m[0]) and m[0].kind != "country":
            return _eid(m[0])
    return None


def _recent_violent(drafts: list[_Draft], sent: int) -> bool:
    return bool(drafts) and drafts[-1].type in ("ASSAULT", "FIGHT") and 0 < sent - drafts[-1].sentence <= 3


# ------------------------------------------------------------------------------------------
# 4. arguments


def _numbers(ctx: _Ctx, sent: int) -> list[tuple[int, int, int]]:
    """Numbers of a sentence as (first token, last token, value), dates and units left out."""
    found = ctx.numbers.get(sent)
    if found is None:
        found = ctx.numbers[sent] = _numbers_uncached(ctx, sent)
    return found


def _numbers_uncached(ctx: _Ctx, sent: int) -> list[tuple[int, int, int]]:
    doc = ctx.doc
    if not doc.sentences:
        return []
    s, e = doc.sentences[sent] if sent < len(doc.sentences) else (0, len(doc.text))
    found = find_numbers(doc.text, s, e)
    toks = ctx.sent_toks.get(sent, [])
    starts = [ctx.tokens[j].start for j in toks]
    dates = [(t.span.start, t.span.end) for t in ctx.times if t.span is not None and s <= t.span.start < e]
    out: list[tuple[int, int, int]] = []
    for ns, ne, value in found:
        if dates and any(a <= ns < b for a, b in dates):
            continue
        a = bisect_right(starts, ns) - 1
        b = bisect_right(starts, ne - 1) - 1
        if a < 0:
            continue
        first, last = toks[a], toks[max(a, b)]
        nxt = ctx.keys[last + 1] if last + 1 < len(ctx.keys) else ""
        if nxt in cues.UNITS or (nxt in ("/", "-") and value <= 31):
            continue
        raw = doc.text[ns:ne]
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100:
            continue
        prev = ctx.keys[first - 1] if first else ""
        if prev in cues.DATE_WORDS or prev in _YEAR_WORDS:
            continue
        out.append((first, last, value))
    # duals carry their own count (قتيلين، جنديين)
    for j in toks:
        word = ctx.tokens[j].text
        if word[-2:] in _DUAL_ENDINGS and len(word) >= 5 and dual_count(word) == 2:
            out.append((j, j - 1, 2))
    return out


_DUAL_ENDINGS = frozenset({"ين", "ان"})
_YEAR_WORDS = fold_set("عام العام سنه يوم منذ")


def _classify_number(ctx: _Ctx, first: int, last: int) -> str | None:
    """dead | injured | person | None for a number spanning tokens first..last."""
    keys = ctx.keys
    is_dual = last < first
    if is_dual:
        k = keys[first]
        stem = k[:-2]
        if stem in ("قتيل",):
            return "dead"
        if stem in ("جريح",):
            return "injured"
        last = first
        j = first - 1
    else:
        j = first - 1
    # look back over qualifiers (أكثر من، ما لا يقل عن، نحو، إلى)
    steps = 0
    while j >= 0 and keys[j] in cues.QUALIFIERS and steps < 4:
        j -= 1
        steps += 1
    prev = keys[j] if j >= 0 else ""
    if prev in cues.DEAD_BEFORE or (prev and lookup(prev) is not None and lookup(prev).key in ("قتل", "مقتل")):  # type: ignore[union-attr]
        return "dead"
    if prev in cues.INJURED_BEFORE:
        return "injured"
    # look ahead: N قتيلاً / N أشخاص قتلوا / N من الجنود قتلوا
    ahead = last + 1
    for _ in range(3):
        if ahead >= len(keys):
            break
        word = keys[ahead]
        if word in cues.DEAD_AFTER:
            return "dead"
        if word in cues.INJURED_AFTER:
            return "injured"
        if word in cues.PERSON_NOUNS or word in ("من", "علي", "الاقل", "اقل"):
            ahead += 1
            continue
        break
    if is_dual:
        return "person"
    if last + 1 < len(keys) and keys[last + 1] in cues.PERSON_NOUNS:
        return "person"
    return None


_COUNT_WORDS = (cues.DEAD_BEFORE | cues.DEAD_AFTER | cues.INJURED_BEFORE | cues.INJURED_AFTER
                | frozenset({"قتيلين", "جريحين", "قتيلان", "جريحان"}))


def _casualties(ctx: _Ctx, d: _Draft, sent: int) -> None:
    keys = ctx.sent_keys(sent)
    if _COUNT_WORDS.isdisjoint(keys):
        return
    dead: list[int] = []
    injured: list[int] = []
    for first, last, value in _numbers(ctx, sent):
        kind = _classify_number(ctx, first, last)
        if kind == "dead":
            dead.append(value)
        elif kind == "injured":
            injured.append(value)
    # several groups counted in one sentence (مقتل 11 مسلحاً ... ومقتل أحد المقاومة) add up,
    # unless the sentence updates a toll (ارتفع عدد القتلى إلى 15)
    update = not _REPEATED_TOLL.isdisjoint(keys)
    for found, sink in ((dead, d.dead), (injured, d.injured)):
        if found:
            sink.append(max(found) if update or (len(set(found)) == 1 and len(found) > 1) else sum(found))


def _size(ctx: _Ctx, d: _Draft) -> int | None:
    if d.type not in ("COERCE", "PROTEST") or d.mode in ("seizure", "property_destruction"):
        return None
    trig = d.trigger.tok
    for first, last, value in _numbers(ctx, d.sentence):
        if last < first:  # a dual (شخصين)
            last = first
        kind = _classify_number(ctx, first, last)
        if kind in ("dead", "injured"):
            continue
        if d.type == "COERCE" and 0 < first - trig <= 6 and kind == "person":
            return value
        if d.type == "COERCE" and 0 < first - trig <= 6 and last + 1 < len(ctx.keys) and ctx.keys[last + 1] in \
                fold_set("مشتبها مشتبهين متهمين ارهابيين عناصر اشخاص"):
            return value
        if d.type == "PROTEST" and kind == "person" and abs(first - trig) <= 8:
            return value
    return None


def _is_place(ent: Entity) -> bool:
    return ent.type in _PLACE_TYPES


def _place(ctx: _Ctx, d: _Draft) -> str | None:
    """The most specific place of the event's sentence, nearest the trigger on a tie."""
    places = ctx.places.get(d.sentence)
    if places is None:
        places = ctx.places[d.sentence] = _sentence_places(ctx, d.sentence)
    best: tuple[tuple[int, int], str] | None = None
    for j, rank, entity_id in places:
        key = (rank, abs(j - d.trigger.tok))
        if best is None or key < best[0]:
            best = (key, entity_id)
    return best[1] if best else None


def _sentence_places(ctx: _Ctx, sent: int) -> list[tuple[int, int, str]]:
    """(token, specificity rank, entity id) of each place named in a sentence (0 = most specific)."""
    out: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for j in ctx.sent_toks.get(sent, ()):
        m = ctx.ment[j]
        if m is None:
            continue
        ent = m[0]
        if not _is_place(ent) or ent.id in seen or (ent.id == ctx.dateline and j == 0):
            continue
        seen.add(ent.id)
        precision = (ent.geo or {}).get("precision") if ent.geo else None
        rank = _GEO_RANK.get(str(precision), _PLACE_RANK.get(ent.type, 3)) if precision else (
            0 if ent.type == "FAC" else 1 if ent.type == "LOC" else 2)
        if ent.kind == "country" or precision == "country":
            rank = 4
        out.append((j, rank, ent.id))
    return out


def _speech_subject_tokens(ctx: _Ctx, toks: list[int]) -> set[int]:
    """Tokens of the speaker of قال/أعلن/أكد … إن: a source, not an actor."""
    out: set[int] = set()
    for j in toks:
        if ctx.keys[j] in cues.SPEECH:
            k = j + 1
            while k <= toks[-1] and ctx.keys[k] not in ("ان", "انه", "انها", "ان", "«", '"', ":") and k - j < 12:
                out.add(k)
                k += 1
    return out


def _entity_runs(ctx: _Ctx, lo: int, hi: int) -> list[tuple[int, Entity]]:
    """(first token, entity) of each entity mention inside tokens lo..hi-1, in order."""
    runs: list[tuple[int, Entity]] = []
    prev: Mention | None = None
    for j in range(max(lo, 0), min(hi, len(ctx.tokens))):
        m = ctx.ment[j]
        if m is None:
            prev = None
            continue
        if m[1] is not prev:
            runs.append((j, m[0]))
        prev = m[1]
    return runs


def _is_actorish(ent: Entity) -> bool:
    if ent.kind in _NON_ACTOR_KINDS:
        return False
    if ent.type in _PLACE_TYPES:
        return ent.type == "GPE" and ent.kind == "country"
    return ent.type in _ACTOR_TYPES


_ARMED_KINDS = frozenset({"armed_group", "state_security", "military"})


def _armed(ctx: _Ctx, ids: list[str]) -> bool:
    """Whether one of these entities (or unnamed groups) is an armed actor."""
    for ent in ctx.doc.entities:
        if ent.id in ids and ent.kind in _ARMED_KINDS:
            return True
    return any(_eid(g) in ids and g.kind in _ARMED_KINDS for g in ctx.groups.values())


def _accusative(word: str) -> bool:
    """An indefinite accusative (مسلحاً، عنصراً): the object of a verb, never its subject."""
    return word.endswith(("اً", "ًا"))


def _eid(ent: Entity) -> str:
    """An entity's id; unnamed groups get a provisional one until an event adopts them."""
    return ent.id or f"g{id(ent)}"


def _arguments(ctx: _Ctx, d: _Draft) -> tuple[list[str], list[str]]:
    """Actors and targets of an event: from each of its triggers in its sentence, then the
    sentence's unnamed attackers or protesters when no trigger gave one."""
    actors: list[str] = []
    targets: list[str] = []
    for c in [d.trigger, *(c for c in d.cands if c is not d.trigger and c.strong)]:
        if ctx.tok_sent[c.tok] != d.sentence:
            continue
        a, t = _actors_targets(ctx, d, c)
        actors.extend(x for x in a if x not in targets)
        targets.extend(x for x in t if x not in actors)
    if not targets and d.type in ("ASSAULT", "FIGHT"):
        targets.extend(v for v in _victims(ctx, d.sentence) if v not in actors)
    if not actors and d.type in ("ASSAULT", "FIGHT", "PROTEST"):
        want = "civilian" if d.type == "PROTEST" else "armed_group"
        for j in ctx.sent_toks.get(d.sentence, []):
            m = ctx.ment[j]
            if m is None or _is_place(m[0]) or _eid(m[0]) in targets:
                continue
            if d.type == "PROTEST" and (lookup(ctx.keys[j]) or Sense("", None)).type != "PROTEST":
                continue
            if d.type != "PROTEST" and m[0].kind != want:
                continue
            actors.append(_eid(m[0]))
            break
    if d.type == "FIGHT" and d.mode == "territory_taken" and actors:
        ent = next((e for e in ctx.doc.entities if e.id == actors[0]), None)
        if ent is not None and ent.kind in _TAKE_OVER_STATE_KINDS:
            d.mode = "territory_regained"
    return _dedupe(actors), _dedupe([t for t in targets if t not in actors])


def _victims(ctx: _Ctx, sent: int) -> list[str]:
    """People a sentence says were killed, hurt or taken (مقتل 15 شخصاً، جنديان قتلا، نجا الوزير)."""
    toks = ctx.sent_toks.get(sent, [])
    out: list[str] = []
    for j in toks:
        if ctx.keys[j] not in cues.CASUALTY_WORDS and ctx.keys[j] not in cues.SUFFERED:
            continue
        after = [e for k, e in _entity_runs(ctx, j + 1, min(toks[-1] + 1, j + 6))
                 if not _is_place(e) and (e.kind in cues.VICTIM_KINDS or e.type == "PER")
                 and not any(ctx.keys[x] in cues.CLAUSE_BREAK for x in range(j + 1, k))]
        before = [e for k, e in _entity_runs(ctx, max(toks[0], j - 3), j)
                  if not _is_place(e) and e.kind in cues.VICTIM_KINDS]
        for e in (after[:1] or before[-1:]):
            if _eid(e) not in out:
                out.append(_eid(e))
    return out


def _actors_targets(ctx: _Ctx, d: _Draft, cand: _Cand) -> tuple[list[str], list[str]]:
    toks = ctx.sent_toks.get(d.sentence, [])
    if not toks:
        return [], []
    first, last = toks[0], toks[-1]
    trig = cand.tok
    sense = cand.sense
    skip = ctx.speakers.get(d.sentence)
    if skip is None:
        skip = ctx.speakers[d.sentence] = _speech_subject_tokens(ctx, toks)
    keys = ctx.keys
    actors: list[str] = []
    targets: list[str] = []

    def clause_left(j: int) -> int:
        k = j - 1
        while k >= first and keys[k] not in cues.CLAUSE_BREAK and keys[k] not in ("ان", "انه", "انها") \
                and j - k <= 10:
            k -= 1
        return k + 1

    def clause_right(j: int) -> int:
        k = j + 1
        while k <= last and keys[k] not in cues.CLAUSE_BREAK and k - j <= 12:
            k += 1
        return k

    inside = ctx.ment[trig]
    if inside is not None and cand.type == "PROTEST" and not _is_place(inside[0]):
        actors.append(_eid(inside[0]))  # المتظاهرون as the trigger names the protesters
    left = [(j, e) for j, e in _entity_runs(ctx, clause_left(trig), trig) if j not in skip and _is_actorish(e)]
    right = [(j, e) for j, e in _entity_runs(ctx, trig + 1, clause_right(trig))
             if j not in skip and (_is_actorish(e) or e.type == "FAC")]
    # explicit markers: على/ضد X → target; نفذه/شنه X, من قبل X → actor
    for j, e in right:
        prev = keys[j - 1] if j else ""
        if prev in cues.TARGET_PREP:
            targets.append(_eid(e))
        elif prev in cues.AGENT_VERBS or prev == "قبل":
            actors.append(_eid(e))
    rest = [(j, e) for j, e in right if _eid(e) not in targets and _eid(e) not in actors]
    if sense.pos == "verb" or cand.type == "THREATEN":
        victim_verb = keys[trig] in cues.VICTIM_VERBS or ctx.tokens[trig].norm in cues.VICTIM_VERBS
        if left and not actors:
            if victim_verb and left[-1][1].kind in cues.VICTIM_KINDS and trig - left[-1][0] <= 3:
                targets.append(_eid(left[-1][1]))  # جنديان قُتلا: the victims before a passive
            else:
                actors.append(_eid(left[-1][1]))
        if rest and rest[0][0] - trig <= 4:
            j, e = rest[0]
            numbered = any(trig < first_tok < j for first_tok, _, _ in _numbers(ctx, d.sentence))
            if (victim_verb and not actors and (e.kind in cues.VICTIM_KINDS or numbered)) or (
                    actors and _accusative(ctx.tokens[j].text)):
                targets.append(_eid(e))  # قُتل خمسة أشخاص: the passive names the victims
                rest = rest[1:]
            elif not actors and e.type != "FAC" and not (sense.transitive and _accusative(ctx.tokens[j].text)):
                actors.append(_eid(e))  # VSO: the subject follows the verb
                rest = rest[1:]
        if sense.transitive and rest and not targets:
            targets.append(_eid(rest[0][1]))
    else:
        if rest and rest[0][0] - trig <= 4:
            j, e = rest[0]
            if sense.transitive or e.kind in cues.VICTIM_KINDS or e.type == "FAC":
                targets.append(_eid(e))
            elif not actors:
                actors.append(_eid(e))
        support = next((k for k in range(trig - 1, max(first, trig - 8) - 1, -1) if keys[k] in cues.SUPPORT_VERBS),
                       None)
        if not actors and support is not None:
            # نفذت القوات الأميركية ضربة جوية / قامت الجماعة بخطف: the subject of the support verb
            between = [e for j, e in left if support < j < trig]
            before = [e for j, e in left if j < support]
            chosen = between[0] if between else before[-1] if before else None
            if chosen is not None:
                actors.append(_eid(chosen))
        suffered = not cues.SUFFERED.isdisjoint(keys[max(first, trig - 4):trig])
        if suffered and left and trig - left[-1][0] <= 6:
            targets.append(_eid(left[-1][1]))  # تعرضت القوات لهجوم: the subject was attacked
        elif not actors and left and trig - left[-1][0] <= 6 and left[-1][1].kind not in cues.VICTIM_KINDS:
            actors.append(_eid(left[-1][1]))
    targets = [t for t in targets if t not in actors]
    return _dedupe(actors), _dedupe(targets)


def _dedupe(ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return out


def _reported_by(ctx: _Ctx, d: _Draft) -> str | None:
    pos = ctx.tokens[d.trigger.tok].start
    for q in ctx.quotes:
        content = getattr(q, "content", None)
        speaker = getattr(q, "speaker", None)
        if content is not None and speaker and content.start <= pos < content.end:
            return str(speaker)
    toks = ctx.sent_toks.get(d.sentence, [])
    sent_keys = ctx.sent_keys(d.sentence)
    if cues.ACCORDING.isdisjoint(sent_keys) and cues.SPEECH.isdisjoint(sent_keys):
        return None
    for j in toks:
        if ctx.keys[j] in cues.ACCORDING:
            for k in range(j + 1, min(j + 5, len(ctx.tokens))):
                m = ctx.ment[k]
                if m is not None and m[0].id and not _is_place(m[0]):
                    return m[0].id
    for j in toks:
        if ctx.keys[j] in cues.SPEECH and j < d.trigger.tok:
            for k in range(j + 1, min(j + 8, d.trigger.tok)):
                m = ctx.ment[k]
                if m is not None and m[0].id and not _is_place(m[0]):
                    return m[0].id
    return None


def _claim(ctx: _Ctx, sent: int) -> str | None:
    """The entity that claims responsibility in a sentence (تبنى داعش الهجوم), or None."""
    if cues.CLAIM.isdisjoint(ctx.sent_keys(sent)):
        return None
    toks = ctx.sent_toks.get(sent, [])
    for idx, j in enumerate(toks):
        key = ctx.keys[j]
        if key in cues.CLAIM:
            if any(ctx.keys[k] in cues.NEGATORS for k in toks[max(0, idx - 3):idx]):
                return None
            window = list(range(j + 1, min(j + 5, toks[-1] + 1))) + list(range(j - 1, max(toks[0], j - 8) - 1, -1))
            for k in window:
                m = ctx.ment[k]
                if m is not None and m[0].id and _is_actorish(m[0]) and m[0].kind not in _COUNTRY_KINDS:
                    return m[0].id
    return None


def _event_date(ctx: _Ctx, d: _Draft) -> DateValue | None:
    toks = ctx.sent_toks.get(d.sentence, [])
    if toks and ctx.times:
        s, e = ctx.tokens[toks[0]].start, ctx.tokens[toks[-1]].end
        pos = ctx.tokens[d.trigger.tok].start
        inside = [t for t in ctx.times if t.span is not None and s <= t.span.start < e and t.value]
        if inside:
            best = min(inside, key=lambda t: abs((t.span.start if t.span else 0) - pos))
            return DateValue(best.value, best.precision, best.relative)
    if not ctx.times:
        year = _year_in_sentence(ctx, d.sentence)
        if year is not None:
            return DateValue(str(year), "year")
    return None


def _year_in_sentence(ctx: _Ctx, sent: int) -> int | None:
    if not ctx.doc.sentences or sent >= len(ctx.doc.sentences):
        return None
    s, e = ctx.doc.sentences[sent]
    years = [int(y) for y in _YEAR.findall(ctx.doc.text[s:e])]
    return min(years) if years else None


def _reference(ctx: _Ctx, d: _Draft, date: DateValue | None) -> str:
    if d.trigger.recalled:
        return "background"
    if ctx.published is not None:
        when = _parse_date(date.value) if date is not None else None
        if when is not None:
            slack = {"day": 21, "week": 28, "month": 45}.get(date.precision if date else "", 200)
            if (ctx.published - when).days > slack:
                return "background"
        elif not ctx.times:
            year = _year_in_sentence(ctx, d.sentence)
            if year is not None and year < ctx.published.year:
                return "background"
    return "current"


# ------------------------------------------------------------------------------------------
# 5. merging mentions across sentences


def _merge(ctx: _Ctx, drafts: list[_Draft]) -> list[_Draft]:
    kept: list[_Draft] = []
    for d in drafts:
        e = d.event
        assert e is not None
        tok = ctx.tokens[d.trigger.tok]
        definite = d.trigger.sense.pos == "noun" and (
            normalize_word(tok.prefix).endswith("ال") or normalize_word(tok.prefix).endswith("لل"))
        generic = d.trigger.sense.pos == "noun" or d.mode is None
        host = None
        for k in reversed(kept):
            he = k.event
            assert he is not None
            if k.type != d.type or k.sentence == d.sentence:
                continue
            if d.mode and k.mode and d.mode != k.mode and not (d.mode in cues.BOMB_MODES and k.mode in cues.BOMB_MODES):
                continue
            if d.own_date and he.date is not None and e.date is not None and e.date.value != he.date.value:
                continue
            if d.near_place and he.place and d.near_place != he.place:
                continue
            if definite or (generic and not d.own_date and d.sentence - k.sentence <= 2
                            and he.modality == e.modality and he.reference == e.reference):
                host = k
            break
        if host is None:
            kept.append(d)
            continue
        he = host.event
        assert he is not None
        he.mentions.append(ctx.doc.span(d.trigger.start, d.trigger.end, STEP))
        for attr in ("place", "date", "size", "claimed_by", "reported_by"):
            if getattr(he, attr) is None and getattr(e, attr) is not None:
                setattr(he, attr, getattr(e, attr))
        he.actors = _dedupe(he.actors + e.actors)
        he.targets = _dedupe([t for t in he.targets + e.targets if t not in he.actors])
        if host.mode is None and d.mode is not None:
            host.mode = d.mode
        host.dead.extend(d.dead)
        host.injured.extend(d.injured)
    return kept


def _propagate_background(drafts: list[_Draft]) -> None:
    """An event told without a date right after a recalled one belongs to that story."""
    prev: _Draft | None = None
    for d in drafts:
        e = d.event
        assert e is not None
        if prev is not None and prev.event is not None and not d.own_date and e.reference == "current" \
                and prev.event.reference == "background" and 0 <= d.sentence - prev.sentence <= 1:
            e.reference = "background"
            e.date = prev.event.date
        prev = d


# ------------------------------------------------------------------------------------------


def _adopt_groups(ctx: _Ctx, drafts: list[_Draft]) -> None:
    """Give the unnamed groups that events use an id and add them to ``doc.entities``."""
    if not ctx.groups:
        return
    taken = {e.id for e in ctx.doc.entities}
    number = len(ctx.doc.entities)
    by_key: dict[str, Entity] = {}
    for ent in ctx.groups.values():
        by_key[f"g{id(ent)}"] = ent
    for d in drafts:
        e = d.event
        assert e is not None
        for attr in ("actors", "targets"):
            ids = getattr(e, attr)
            for pos, value in enumerate(ids):
                group = by_key.get(value)
                if group is None:
                    continue
                ent = group
                if not ent.id:
                    number += 1
                    while f"e{number}" in taken:
                        number += 1
                    ent.id = f"e{number}"
                    taken.add(ent.id)
                    ctx.doc.entities.append(ent)
                ids[pos] = ent.id
            setattr(e, attr, _dedupe(ids))


def _pick_count(values: list[int], what: str, warnings: list[str], trigger: str) -> int | None:
    if not values:
        return None
    distinct = sorted(set(values))
    if len(distinct) > 1:
        warnings.append(f"{STEP}: event '{trigger}' has contradictory {what} counts {distinct}; kept {max(distinct)}")
    value = max(distinct)
    if value > 100000:
        warnings.append(f"{STEP}: event '{trigger}' has an implausible {what} count {value}; kept as stated")
    return value


def extract_events(doc: Document) -> list[Event]:
    """The events of a document (its tokens, sentences and, when present, entities, times and
    quotes must already be filled)."""
    if not doc.tokens:
        return []
    ctx = _Ctx(doc)
    drafts = _drafts(ctx, _candidates(ctx))
    claims: dict[int, str | None] = {}
    for n, d in enumerate(drafts):
        for c in d.cands:
            _casualties(ctx, d, ctx.tok_sent[c.tok]) if ctx.tok_sent[c.tok] != d.sentence else None
        if d.type in ("ASSAULT", "FIGHT"):
            _casualties(ctx, d, d.sentence)
        actors, targets = _arguments(ctx, d)
        if d.type == "ASSAULT" and d.mode in (None, "shooting") and _armed(ctx, actors) and _armed(ctx, targets):
            d.type, d.mode = "FIGHT", "armed_clash"  # both sides armed: a battle (ACLED)
        date = _event_date(ctx, d)
        d.own_date = date is not None
        event = Event(
            id=f"v{n + 1}", type=d.type, trigger=doc.span(d.trigger.start, d.trigger.end, STEP), mode=d.mode,
            actors=actors, targets=targets, place=_place(ctx, d), date=date,
            size=_size(ctx, d), modality=d.trigger.modality, sentence=d.sentence,
            confidence=0.75 if d.trigger.strong else 0.5,
        )
        event.reference = _reference(ctx, d, date)
        for c in sorted(d.cands, key=lambda c: c.tok):
            if c is not d.trigger and c.strong and ctx.tok_sent[c.tok] == d.sentence and not any(
                    m.start == c.start for m in event.mentions):
                event.mentions.append(doc.span(c.start, c.end, STEP))
        if d.sentence not in claims:
            claims[d.sentence] = _claim(ctx, d.sentence)
        if d.type in ("ASSAULT", "FIGHT"):
            event.claimed_by = claims[d.sentence]
        event.reported_by = _reported_by(ctx, d)
        if event.reported_by in event.actors and event.type not in ("COERCE", "MOBILIZE"):
            event.reported_by = event.reported_by
        d.event = event
    # a claim in a sentence of its own (وتبنى داعش الهجوم) goes to the event it names
    claim_sentences = [] if cues.CLAIM.isdisjoint(ctx.keys) else sorted(
        {ctx.tok_sent[i] for i, k in enumerate(ctx.keys) if k in cues.CLAIM})
    for sent in claim_sentences:
        if sent in claims:
            continue
        who = _claim(ctx, sent)
        if who is None:
            continue
        target = next((d for d in reversed(drafts) if d.sentence <= sent and d.type == "ASSAULT"), None)
        if target is not None and target.event is not None and target.event.claimed_by is None:
            target.event.claimed_by = who
    _propagate_background(drafts)
    kept = _merge(ctx, drafts)
    _adopt_groups(ctx, kept)
    events: list[Event] = []
    warnings = doc.meta.warnings
    for n, d in enumerate(kept):
        e = d.event
        assert e is not None
        e.id = f"v{n + 1}"
        e.mode = d.mode
        e.dead = _pick_count(d.dead, "dead", warnings, e.trigger.text)
        e.injured = _pick_count(d.injured, "injured", warnings, e.trigger.text)
        if e.type == "THREATEN" and e.claimed_by:
            e.claimed_by = None
        if e.date is None and e.reference == "current" and doc.meta.published is not None:
            pub = doc.meta.published
            e.date = DateValue(pub.value, pub.precision, False)
        if ctx.published is not None and e.date is not None and e.date.value:
            when = _parse_date(e.date.value)
            if when is not None and when > ctx.published and e.modality == "asserted":
                warnings.append(f"{STEP}: event '{e.trigger.text}' is dated {e.date.value}, after publication")
        events.append(e)
    return events
