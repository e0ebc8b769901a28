"""Trigger lexicon: verb stems, verbal nouns and plurals with their PLOVER type and mode.

Entries are written naturally and folded with ``normalize_word`` at import (أ → ا, ة → ه,
ى → ي, diacritics dropped). Lookup works on a token's matching key (proclitics and the article
already removed, ``Token.norm``) and strips agreement and object suffixes and imperfect prefixes
(هاجموهم → هاجم, يستهدفون → استهدف, مهاجمتها → مهاجمة, اعتقالات → اعتقال); the result is
cached per key, so the hot path is one dict lookup per token.

``strength``: ``strong`` triggers make an event on their own; ``weak`` ones (casualty nouns,
participles naming the crowd) only when the sentence has no strong trigger; ``cue`` words
(weapons, attackers) never make one, they only refine the mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic import normalize_word


@dataclass(frozen=True, slots=True)
class Sense:
    """What a trigger word means: PLOVER type, mode (or None), how strong, verb or noun, and
    whether the word that follows it (genitive or object) is the target (اغتيال فلان) rather
    than the actor (هجوم داعش)."""

    type: str
    mode: str | None
    strength: str = "strong"  # strong | weak | cue
    pos: str = "noun"  # verb | noun
    transitive: bool = True
    key: str = ""  # the lexicon form that matched


# (type, mode, strength, transitive, past stems, imperfect stems, nouns)
_VERBS: list[tuple[str, str | None, str, bool, str, str]] = [
    # ASSAULT
    ("ASSAULT", None, "strong", True, "هاجم", "هاجم"),
    ("ASSAULT", None, "strong", True, "استهدف", "ستهدف"),
    ("ASSAULT", None, "strong", True, "اعتدى اعتدي", "عتدي"),
    ("ASSAULT", "bombing", "strong", False, "فجر انفجر", "فجر نفجر"),
    ("ASSAULT", None, "strong", True, "قتل", "قتل"),
    ("ASSAULT", "assassination", "strong", True, "اغتال اغتيل", "غتال"),
    ("ASSAULT", "execution", "strong", True, "اعدم ذبح", "عدم ذبح"),
    ("ASSAULT", "abduction", "strong", True, "خطف اختطف", "خطف ختطف"),
    ("ASSAULT", "shelling", "strong", True, "قصف", "قصف"),
    ("ASSAULT", "vehicle_ramming", "strong", True, "دهس", "دهس"),
    ("ASSAULT", None, "weak", True, "اصاب جرح", "صيب"),
    ("ASSAULT", None, "strong", True, "اقتحم", "قتحم"),
    # FIGHT / RETREAT
    ("FIGHT", "armed_clash", "strong", False, "اشتبك", "شتبك"),
    ("FIGHT", "armed_clash", "strong", False, "تقاتل اقتتل", "قاتل"),
    ("FIGHT", "territory_taken", "strong", True, "سيطر استولى استولي احتل", "سيطر ستولي حتل"),
    ("FIGHT", "territory_regained", "strong", True, "استعاد حرر", "ستعيد حرر"),
    ("RETREAT", "withdrawal", "strong", False, "انسحب", "نسحب"),
    ("RETREAT", "withdrawal", "strong", False, "فر فروا لاذ لاذوا", "فر لوذ"),
    ("FIGHT", "armed_clash", "strong", True, "صد صدت تصدى تصدي", "صد تصدي"),
    ("FIGHT", "territory_regained", "strong", True, "طهر دحر", "طهر دحر"),
    ("MOBILIZE", "troop_deployment", "strong", False, "احتشد", "حتشد"),
    # COERCE
    ("COERCE", "arrest", "strong", True, "اعتقل قبض اوقف", "عتقل قبض وقف"),
    ("COERCE", "detention", "strong", True, "احتجز", "حتجز"),
    ("COERCE", "raid", "strong", True, "داهم", "داهم"),
    ("COERCE", "seizure", "strong", True, "ضبط صادر حجز", "ضبط صادر حجز"),
    ("COERCE", "arrest", "strong", True, "فكك", "فكك"),
    ("COERCE", "deportation", "strong", True, "رحل", "رحل"),
    ("COERCE", "property_destruction", "strong", True, "هدم", "هدم"),
    # THREATEN
    ("THREATEN", "threat", "strong", True, "هدد توعد", "هدد توعد"),
    # PROTEST
    ("PROTEST", "demonstration", "strong", False, "تظاهر احتج", "تظاهر حتج"),
    ("PROTEST", "sit_in", "strong", False, "اعتصم", "عتصم"),
    ("PROTEST", "strike", "strong", False, "اضرب", "ضرب"),
    # MOBILIZE
    # DISAPPROVE and others
    ("DISAPPROVE", "condemnation", "strong", True, "ادان ندد استنكر شجب", "دين ندد ستنكر شجب"),
    ("SUPPORT", "pledge_of_allegiance", "strong", True, "بايع", "بايع"),
    ("SUPPORT", "welcome", "strong", True, "رحب", "رحب"),
    ("CONCEDE", "surrender", "strong", False, "استسلم", "ستسلم"),
    ("REJECT", "appeal", "strong", False, "طعن", "طعن"),
]

_NOUNS: list[tuple[str, str | None, str, bool, str]] = [
    # ASSAULT
    ("ASSAULT", None, "strong", False, "هجوم هجمات هجمة هجومي اعتداء اعتداءات"),
    ("ASSAULT", None, "strong", True, "مهاجمة استهداف"),
    ("ASSAULT", "bombing", "strong", False, "تفجير تفجيرات انفجار انفجارات تفجيري"),
    ("ASSAULT", "suicide_bombing", "cue", False, "انتحاري انتحارية انتحاريان انتحاريون انتحاريين استشهادي"),
    ("ASSAULT", "car_bombing", "cue", False, "مفخخة مفخخات ملغومة"),
    ("ASSAULT", "ied", "strong", False, "عبوة عبوات"),
    ("ASSAULT", "assassination", "strong", True, "اغتيال اغتيالات"),
    ("ASSAULT", "execution", "strong", True, "اعدام اعدامات ذبح"),
    ("ASSAULT", "abduction", "strong", True, "خطف اختطاف"),
    ("ASSAULT", "airstrike", "strong", False, "غارة غارات"),
    ("ASSAULT", "shelling", "strong", False, "قصف"),
    ("ASSAULT", "shelling", "cue", False, "قذيفة قذائف هاون"),
    ("ASSAULT", "missile", "cue", False, "صاروخ صواريخ صاروخي صاروخية"),
    ("ASSAULT", None, "strong", False, "مجزرة مجازر مذبحة كمين"),
    ("ASSAULT", None, "weak", True, "مقتل قتلي قتيل قتيلا ضحايا اصابة اصابات جرحي جريح مصاب"),
    ("ASSAULT", "vehicle_ramming", "strong", False, "دهس"),
    ("ASSAULT", None, "strong", True, "اقتحام"),
    ("ASSAULT", "shooting", "cue", False, "مسلح مسلحون مسلحين مهاجم مهاجمون مهاجمين"),
    # FIGHT / RETREAT
    ("FIGHT", "armed_clash", "strong", False, "اشتباك اشتباكات مواجهة مواجهات معركة معارك قتال اقتتال"),
    ("FIGHT", "territory_taken", "strong", True, "سيطرة استيلاء احتلال"),
    ("FIGHT", "territory_regained", "strong", True, "استعادة تحرير"),
    ("RETREAT", "withdrawal", "strong", False, "انسحاب فرار الفرار"),
    ("FIGHT", "territory_regained", "strong", True, "تطهير دحر"),
    ("COERCE", None, "strong", True, "حصار"),
    ("COERCE", "ban", "strong", True, "حجب"),
    ("COERCE", "arrest", "strong", True, "ملاحقة ملاحقات"),
    # COERCE
    ("COERCE", "arrest", "strong", True, "اعتقال اعتقالات قبض توقيف تفكيك"),
    ("COERCE", "detention", "strong", True, "احتجاز"),
    ("COERCE", "raid", "strong", True, "مداهمة مداهمات"),
    ("COERCE", "seizure", "strong", True, "مصادرة ضبط حجز مضبوطات"),
    ("COERCE", "deportation", "strong", True, "ترحيل"),
    ("COERCE", "property_destruction", "strong", True, "هدم"),
    # THREATEN
    ("THREATEN", "threat", "strong", True, "تهديد تهديدات وعيد متوعدا"),
    ("THREATEN", "ultimatum", "strong", False, "انذار"),
    ("THREATEN", "incitement", "strong", False, "تحريض"),
    # PROTEST
    ("PROTEST", "demonstration", "strong", False,
     "تظاهرة تظاهرات مظاهرة مظاهرات احتجاج احتجاجات تظاهر"),
    ("PROTEST", "demonstration", "weak", False, "مسيرة مسيرات"),
    ("PROTEST", "demonstration", "weak", False, "متظاهر متظاهرون متظاهرين محتج محتجون محتجين"),
    ("PROTEST", "sit_in", "strong", False, "اعتصام اعتصامات"),
    ("PROTEST", "sit_in", "weak", False, "معتصمون معتصمين"),
    ("PROTEST", "strike", "strong", False, "اضراب اضرابات"),
    ("PROTEST", "riot", "strong", False, "شغب"),
    # MOBILIZE
    ("MOBILIZE", "alert", "strong", False, "تاهب استنفار"),
    ("MOBILIZE", "troop_deployment", "strong", False, "تعزيزات حشود"),
    ("MOBILIZE", "military_exercise", "strong", False, "مناورات"),
    # others, clear cases only
    ("AGREE", "ceasefire", "strong", False, "هدنة"),
    ("CONSULT", "talks", "strong", False, "محادثات مفاوضات"),
    ("SANCTION", "sanctions", "strong", False, "عقوبات"),
    ("DISAPPROVE", "condemnation", "strong", True, "ادانة تنديد استنكار"),
    ("SUPPORT", "pledge_of_allegiance", "strong", True, "مبايعة"),
    ("SUPPORT", "welcome", "strong", True, "ترحيب"),
    ("CRIME", "smuggling", "strong", True, "تهريب"),
    ("CRIME", "trafficking", "strong", True, "اتجار"),
]

#: Object and agreement suffixes a verb or noun may carry (normalised), longest first.
_SUFFIXES: tuple[str, ...] = tuple(sorted({
    "وهم", "وها", "وه", "ون", "وا", "ين", "ان", "ات", "تا", "تم", "تن", "نا", "ت", "ا", "ن", "ي", "و",
    "هما", "هم", "ها", "ه", "كم", "تهم", "تها", "ته", "تهما", "اه", "اها", "اهم", "تاه", "توا",
}, key=lambda s: (-len(s), s)))
_IMPERFECT = ("سي", "ست", "سن", "ي", "ت", "ن", "ا")


def _fold(words: str) -> list[str]:
    return [normalize_word(w) for w in words.split()]


def _build() -> tuple[dict[str, Sense], dict[str, Sense], dict[str, Sense]]:
    past: dict[str, Sense] = {}
    imperf: dict[str, Sense] = {}
    nouns: dict[str, Sense] = {}
    for type_, mode, strength, transitive, past_forms, imperf_forms in _VERBS:
        for form in _fold(past_forms):
            past.setdefault(form, Sense(type_, mode, strength, "verb", transitive, form))
        for form in _fold(imperf_forms):
            imperf.setdefault(form, Sense(type_, mode, strength, "verb", transitive, form))
    for type_, mode, strength, transitive, forms in _NOUNS:
        for form in _fold(forms):
            nouns.setdefault(form, Sense(type_, mode, strength, "noun", transitive, form))
    return past, imperf, nouns


PAST, IMPERFECT, NOUNS = _build()
_ALL_FIRST = frozenset(k[0] for k in (*PAST, *IMPERFECT, *NOUNS)) | frozenset("يتنسا")

#: Keys that look like a trigger after suffix stripping but are something else.
STOP_KEYS: frozenset[str] = frozenset(_fold(
    "فجرا قتلا عبر هجر قصفا حجزه اصابع اضربوا سيطرتها وقفه وقف وقفت توقف يوقف توقفت قبضه مسيرته "
    "مسيره_x حشدا يحشد رحله رحلات رحلته هدما اوقفوا تحرير_x ترحيب ضبطه_x مهلا انذارا_x قاتله مقاتل "
    "مقاتلين مقاتلون مقاتلات تقاتلي سجين سجناء سجون مجرم مهاجمه_x"
))


def _noun(key: str) -> Sense | None:
    sense = NOUNS.get(key)
    if sense is not None:
        return sense
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            rest = key[: -len(suffix)]
            sense = NOUNS.get(rest + "ه") if suffix[0] == "ت" and len(suffix) > 1 else None
            sense = sense or NOUNS.get(rest)
            if sense is None and suffix in ("ات", "ا", "ان", "ين"):
                sense = NOUNS.get(rest + "ه")
            if sense is None and rest.endswith("ت"):
                sense = NOUNS.get(rest[:-1] + "ه")
            if sense is not None:
                return sense
    return None


def _verb(key: str, table: dict[str, Sense]) -> Sense | None:
    sense = table.get(key)
    if sense is not None:
        return sense
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            sense = table.get(key[: -len(suffix)])
            if sense is not None:
                return sense
    return None


@lru_cache(maxsize=1 << 16)
def lookup(key: str) -> Sense | None:
    """The trigger sense of a token's matching key, or None."""
    if len(key) < 3 or key[0] not in _ALL_FIRST or key in STOP_KEYS:
        return None
    sense = _noun(key) or _verb(key, PAST)
    if sense is not None:
        return sense
    for prefix in _IMPERFECT:
        if key.startswith(prefix) and len(key) - len(prefix) >= 2:
            sense = _verb(key[len(prefix):], IMPERFECT)
            if sense is not None:
                return sense
    return None


def fold_set(words: str) -> frozenset[str]:
    """A frozen set of normalised words."""
    return frozenset(_fold(words))
