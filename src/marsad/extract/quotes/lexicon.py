"""Reporting cues, matched on ``normalize_word`` keys so that أكد/اكد/أكّد/وأكد all match.

A cue is a reporting verb (قال، أكدت، يقول), a circumstantial participle (مضيفاً، مؤكدةً,
قائلاً), ``بقوله`` or an attribution phrase (بحسب، وفقاً لـ، نقلاً عن، حسبما، استناداً إلى).
Conjunctions و/ف in front of a cue are part of it as written (وأضاف، فقال).
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic import normalize_word

VERB = "verb"
PARTICIPLE = "participle"
SOURCE = "source"


@dataclass(frozen=True, slots=True)
class CueInfo:
    kind: str  # verb | participle | source
    say: bool = False  # introduces a direct quote without a colon (قال، أضاف، قائلاً)
    objects: frozenset[str] = frozenset()  # object markers ("" bare noun, "ب", "عن", "الي", ...)


# Each line: surface forms of one verb (past 3ms/3fs/3mp, present 3ms/3fs/3mp).
_SAY_VERBS = """
قال قالت قالوا قالا يقول تقول يقولون
أضاف أضافت أضافوا يضيف تضيف يضيفون
تابع تابعت تابعوا
ختم ختمت يختم تختم اختتم اختتمت
أردف أردفت يردف استطرد استطردت
صرّح صرّحت صرّحوا يصرّح تصرّح
كتب كتبت يكتب تكتب
بقوله بقولها بقولهم
"""
# Each line: surface forms of one verb | the objects it takes as its content when no أن/إن
# follows: "-" a bare noun (أعلن الجيش مقتل ...), "ب" a noun with ب attached (أفاد بمقتل ...),
# or a preposition written apart (أشار إلى وقوع ...; the content starts after it).
_REPORT_VERBS = """
أكّد أكّدت أكّدوا يؤكّد تؤكّد يؤكّدون | - على
أوضح أوضحت أوضحوا يوضح توضح |
أخبر أخبرت أبلغ أبلغت |
حذّر حذّرت حذّروا يحذّر تحذّر | من
اعتبر اعتبرت اعتبروا يعتبر تعتبر |
رأى رأت رأوا يرى ترى |
شدّد شدّدت شدّدوا يشدّد تشدّد | على
لفت لفتت يلفت تلفت | إلى
أشار أشارت أشاروا يشير تشير | إلى
ذكر ذكرت ذكروا يذكر تذكر | -
أفاد أفادت أفادوا يفيد تفيد | ب
نفى نفت نفوا ينفي تنفي | -
أعلن أعلنت أعلنوا يعلن تعلن | - عن
روى روت يروي تروي |
زعم زعمت يزعم تزعم ادّعى ادّعت يدّعي |
توعّد توعّدت يتوعّد تتوعّد | ب
وصف وصفت يصف تصف |
كشف كشفت كشفوا يكشف تكشف | - عن
نوّه نوّهت | إلى ب
أقرّ أقرّت اعترف اعترفت اعترفوا | ب
رجّح رجّحت يرجّح توقّع توقّعت يتوقّع | -
دعا دعت دعوا يدعو تدعو | إلى
تحدّث تحدّثت تحدّثوا يتحدّث تتحدّث | عن
أعرب أعربت أعربوا يعرب تعرب | عن
طالب طالبت طالبوا يطالب تطالب | ب
"""
_PARTICIPLES = """
قائلاً | ; مضيفاً | ; معتبراً | ; مؤكداً | - على ; مشيراً | إلى ; لافتاً | إلى ; موضحاً | ;
مبيناً | ; محذراً | من ; مبرزاً | ; مذكراً | ب ; متوعداً | ب ; مشدداً | على ; منوهاً | إلى ;
معلناً | - عن ; مستدركاً | ; متابعاً | ; مردفاً | ; كاشفاً | - عن ; مرجحاً | - ; واصفاً | ;
نافياً | - ; خاتماً | ; داعياً | إلى ; معرباً | عن ; مطالباً | ب ; معللاً | ; مبرراً | ;
مستنكراً | -
"""
_SOURCES = "بحسب حسب وفقاً وفق طبقاً نقلاً استناداً حسبما بحسبما"
_SAY_PARTICIPLES = {"قائلاً", "متابعاً", "مردفاً", "خاتماً"}


def _objects(spec: str) -> frozenset[str]:
    return frozenset("" if w == "-" else normalize_word(w) for w in spec.split())


def _build() -> dict[str, CueInfo]:
    table: dict[str, CueInfo] = {}
    for word in _SAY_VERBS.split():
        table[normalize_word(word)] = CueInfo(VERB, say=True)
    for line in _REPORT_VERBS.strip().splitlines():
        words, _, spec = line.partition("|")
        for word in words.split():
            table.setdefault(normalize_word(word), CueInfo(VERB, objects=_objects(spec)))
    for item in _PARTICIPLES.split(";"):
        word, _, spec = item.partition("|")
        word = word.strip()
        say = word in _SAY_PARTICIPLES
        stem = normalize_word(word)[:-1]  # drop the alef of the tanween
        for form in (stem + "ا", stem + "ه", stem + "ين", stem + "ان"):
            table.setdefault(form, CueInfo(PARTICIPLE, say=say, objects=_objects(spec)))
    for word in _SOURCES.split():
        table[normalize_word(word)] = CueInfo(SOURCE)
    return table


CUES: dict[str, CueInfo] = _build()


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in words.split())

#: Keys that are never cues although they look like one after removing و/ف (وفقا is a cue; فقا is not).
_NOT_AFTER_CONJ = frozenset({"فقا", "فق"})


def lookup_cue(key: str) -> CueInfo | None:
    """The cue a token's ``normalize_word`` key is, with or without a leading و/ف."""
    info = CUES.get(key)
    if info is not None:
        return info
    if len(key) > 3 and key[0] in "وف":
        rest = key[1:]
        if rest not in _NOT_AFTER_CONJ:
            return CUES.get(rest)
    return None


def _with_conjunctions() -> dict[str, CueInfo]:
    table = dict(CUES)
    for key, info in CUES.items():
        for conj in "وف":
            if lookup_cue(conj + key) is info:
                table.setdefault(conj + key, info)
    return table


#: Every cue key, with and without و/ف: one dict lookup per token.
CUE_TABLE: dict[str, CueInfo] = _with_conjunctions()


def has_conjunction(key: str) -> bool:
    """Whether a cue token is written with a leading conjunction (وأضاف، فقال)."""
    return key not in CUES and len(key) > 3 and key[0] in "وف"


#: Complementisers that open an indirect quote's clause: أن/إن, بأن, with pronoun suffixes.
COMPLEMENTISERS: frozenset[str] = frozenset(
    normalize_word(p + base + s)
    for base in ("أن", "إن")
    for p in ("", "ب")
    for s in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني")
)

#: Words that may sit between a cue and its speaker or quote without ending the subject search.
TIME_WORDS: frozenset[str] = _keys("""
أمس اليوم الليلة غداً صباح مساء فجر ظهر ليل صباحاً مساءً فجراً ليلاً الأحد الاثنين الإثنين
الثلاثاء الأربعاء الخميس الجمعة السبت الماضي الماضية الجاري الحالي الحالية أيضاً كذلك قد
""")

#: Prepositions: a mention right after one is an object, not a speaker (باسم، في، عن، لدى).
PREPOSITIONS: frozenset[str] = _keys("""
باسم في من عن مع إلى على لدى عبر خلال بعد قبل حول ضد أمام بين عند لـ ل بـ ب
""")

#: Words that mark the statement's addressee or medium before an outlet's name.
ADDRESSEE_MARKERS: frozenset[str] = _keys("""
لـ ل مع إلى حديث تصريح تصريحات مقابلة لقاء اتصال بيان
""")

MEDIA_KINDS: frozenset[str] = frozenset({"media", "agency"})

#: Nouns naming a statement: "بحسب البيان" attributes to the last speaker.
STATEMENT_WORDS: frozenset[str] = _keys("""
البيان بيان البلاغ بلاغ التصريح تصريح التصريحات الرواية رواية
""")

#: أن/إن with a conjunction: a second clause of the same quote (..., وأن ...), never its start.
CONJ_COMPLEMENTISERS: frozenset[str] = frozenset("و" + c for c in COMPLEMENTISERS)

#: Nouns that mark a quoted name rather than a quotation: لـ«الرافد»، مع «بوابة الشام».
NAME_QUOTE_LEAD: frozenset[str] = _keys("""
لـ ل مع إلى في عن من وكالة قناة صحيفة موقع إذاعة تلفزيون مجلة عملية تنظيم جماعة حركة
""")

#: Unnamed sources written as a common noun in subject position (وقال مقرب من ...، أكد شهود
#: عيان، ذكرت مصادر خاصة، يقول الأطباء): the speaker when no entity is named there.
NOMINAL_SOURCES: frozenset[str] = _keys("""
مصدر مصادر المصدر المصادر شهود الشهود شاهد سكان السكان الأهالي أهالي مقرب مقربة مقربون مقربين
المقربون المقربين خبراء الخبراء مراقبون مراقبين المراقبون المراقبين محللون محللين المحللون
المحللين أطباء الأطباء ناشطون ناشطين نشطاء الناشطون الناشطين مسؤول مسؤولون مسؤولين مسؤولة
ضابط ضباط الضباط قيادي قياديون قياديين القياديين مواطنون مواطنين عسكريون عسكريين دبلوماسيون
دبلوماسيين الصحف مسعفون أطباء مقاتلون مقاتلين
""")

#: Words that may open an unnamed source: أحد الضباط، هذه المصادر، بعض السكان.
NOMINAL_LEADS: frozenset[str] = _keys("أحد إحدى هذه هذا بعض")
