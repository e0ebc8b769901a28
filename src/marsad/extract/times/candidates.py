"""The candidate finder: one precompiled regex, scanned once over the text, that finds every
time expression the step knows and names the form it has (its ``kind``).

The alternatives are tried in order at each word start, most specific first (a full date
before a month and year, أول أمس before أمس), and matches never overlap. Month and weekday
names come from ``marsad.ingest.months`` (every family and spelling); number words are read
later with ``marsad.arabic.numbers``. The resolver (``resolve.py``) turns a candidate into a
value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.numbers import NUMBER_WORD_PATTERN
from marsad.ingest.months import (
    ARABIC_MONTHS,
    ARABIC_WEEKDAYS,
    ENGLISH_MONTHS,
    HIJRI_MONTH_PATTERN,
    HIJRI_MONTHS,
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    fold,
)

D = "0-9٠-٩۰-۹"
_B = r"(?!\w)"
_DIAC = "\u064b-\u0652"


def _year(p: str) -> str:
    """A four-digit year (1xxx or 2xxx, any digits) with an optional م / ميلادي after it."""
    return rf"(?P<{p}y>[12١٢۱۲][{D}]{{3}})(?![{D}])(?:\s*م{_B}|\s+ميلادي[ةه]?{_B})?"


def _months(p: str) -> str:
    """A month name, or a pair (تشرين الثاني/نوفمبر، مارس (آذار)) that must agree."""
    return (
        rf"(?P<{p}m1>{MONTH_PATTERN}){_B}"
        rf"(?:\s*[/\-]\s*(?P<{p}m2>{MONTH_PATTERN}){_B}|\s*\(\s*(?P<{p}m3>{MONTH_PATTERN})\s*\))?"
    )


#: Part of a day before a day expression: مساء الأحد، فجر اليوم، ليل الثلاثاء.
PART = r"(?:مساء|صباح|فجر|ليل[ةه]?|ظهر|ظهير[ةه]|عصر|ضحى|(?:قبيل\s+)?منتصف\s+ليل[ةه]?)"
#: early / mid / late: مطلع 2016، منتصف غشت، أواخر العام الماضي.
MOD = r"(?:مطلع|[أا]وائل|بداي[ةه]|مستهل|منتصف|[أا]واسط|[أا]واخر|نهاي[ةه]|ختام)"
_PAST = r"(?:الماضي|المنصرم|الفائت|السابق)[ةه]?"
_FUTURE = r"(?:المقبل|القادم)[ةه]?"
_CURRENT = r"(?:الجاري|الحالي)[ةه]?"
REL = rf"(?:{_PAST}|{_FUTURE}|{_CURRENT})"
#: "من العام الجاري"، "من ذلك العام"، "من العام الماضي".
YEAR_REF = (
    rf"من\s+(?:(?:العام|السن[ةه])\s+(?:{REL}|نفس[هه]|ذات[هه])|هذا\s+العام|هذه\s+السن[ةه]|ذلك\s+العام|تلك\s+السن[ةه])"
)

_ORDINALS_1_10 = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
                  "العاشر")
_ORDINAL_UNITS = ("الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


def _ordinal_days() -> dict[str, int]:
    days = {name: i + 1 for i, name in enumerate(_ORDINALS_1_10)}
    days["الاول"] = 1
    for i, unit in enumerate(_ORDINAL_UNITS):
        days[f"{unit} عشر"] = 11 + i
        days[f"{unit} والعشرين"] = 21 + i
    days["العشرين"] = 20
    days["الثلاثين"] = 30
    days["الحادي والثلاثين"] = 31
    return days


#: Ordinal day names (العاشر من حزيران، الحادي والعشرين من آذار) and their day number.
ORDINAL_DAYS: dict[str, int] = _ordinal_days()
_ORDINAL = "(?:" + "|".join(
    re.escape(k).replace(r"\ ", r"\s+") for k in sorted(ORDINAL_DAYS, key=len, reverse=True)) + ")"

#: Units of "قبل ثلاثة أيام"، "منذ أسبوعين"، "قبل اثني عشر عاماً" (with case endings).
UNIT = (
    r"(?:يومين|يومان|يوم|[أا]يام|[أا]سبوعين|[أا]سبوع|[أا]سابيع|شهرين|شهور|شهر|[أا]شهر|عامين|[أا]عوام|عام"
    r"|سنتين|سنوات|سنين|سن[ةه]|عقدين|عقود|عقد|ساعتين|ساعات|ساع[ةه])"
    rf"(?:[{_DIAC}]*ا?[{_DIAC}]*)"
)
_APPROX = r"(?:(?:[أا]كثر|[أا]قل)\s+من|نحو|حوالي|حوالى|قراب[ةه]|زهاء|ما\s+يزيد\s+عن|ما\s+يقارب)"
_NUMBER = rf"(?:[{D}]+|(?:{NUMBER_WORD_PATTERN}){_B}(?:\s+و?(?:{NUMBER_WORD_PATTERN}){_B}){{0,3}})"
_DAY_WORD = (
    r"(?:[أا]ول\s+(?:من\s+)?[أا]مس|[أا]مس\s+الأول|الأمس|[أا]مس|اليوم|غدا[ًً]?|غدًا|الغد|بعد\s+غد"
    r"|الليل[ةه]\s+قبل\s+الماضي[ةه]|الليل[ةه]\s+الماضي[ةه]|الليل[ةه])"
)
_NOT_TODAY = (
    r"(?!\s+(?:التالي|الأول|الاول|الثاني|الثالث|الأخير|الاخير|العالمي|الوطني|الدولي|السابق|نفس|ذات|الذي|التي"
    r"|المقبل|القادم|الموعود|المشهود|[أا]ي|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر))"
)
_HIJRI_YEAR = rf"(?:1[34][0-9]{{2}}|١[٣٤][٠-٩]{{2}}|۱[۳۴][۰-۹]{{2}})(?![{D}])"
_HIJRI_MARK = rf"(?:هـ|ه{_B}|هجري[ةه]?{_B}|للهجر[ةه]{_B})"
_HOLIDAY = (
    r"(?:عيد\s+(?:ال)?[أا]ضحى|عيد\s+(?:ال)?فطر|ر[أا]س\s+السن[ةه](?:\s+الميلادي[ةه]|\s+الهجري[ةه])?"
    r"|ليل[ةه]\s+القدر|يوم\s+عرف[ةه]|المولد\s+النبوي(?:\s+الشريف)?)"
)
_DECADE = r"(?:عشرين|ثلاثين|[أا]ربعين|خمسين|ستين|سبعين|ثمانين|تسعين)"
_SEASON = r"(?:صيف|شتاء|ربيع|خريف)"
_BARE_YEAR_PRE = r"(?:منذ|في|حتى|خلال|بين|قبل|بعد|لعام|بعام)"

_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    # 19 تموز/يوليو 2021 · مساء الأحد ١٥ فبراير/شباط ٢٠٢٦ · 28 آذار/مارس الماضي · العاشر من حزيران/يونيو
    ("full", rf"(?:(?P<fpart>{PART})\s+(?:يوم\s+)?)?(?:(?P<fwd>{WEEKDAY_PATTERN})\s*[،,]?\s*)?"
             rf"(?:(?P<fd>[{D}]{{1,2}})(?![{D}])|(?P<ford>{_ORDINAL})\s+من)\s*(?:من\s+)?(?:شهر\s+)?{_months('f')}"
             rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:العام|عام|سن[ةه])\s+)?{_year('f')}|\s+(?P<frel>{REL}){_B}"
             rf"|\s+(?P<fyref>{YEAR_REF}){_B})?"),
    # 12/11/2015 · 2015-11-12
    ("numeric", rf"(?:(?P<npart>{PART})\s+)?(?:(?P<nwd>{WEEKDAY_PATTERN})\s*[،,]?\s*)?"
                rf"(?:(?P<nd>[{D}]{{1,2}})(?P<ns>[/.\-])(?P<nm>[{D}]{{1,2}})(?P=ns)(?P<ny>[12١٢۱۲][{D}]{{3}})"
                rf"|(?P<ny2>[12١٢۱۲][{D}]{{3}})(?P<ns2>[/.\-])(?P<nm2>[{D}]{{1,2}})(?P=ns2)(?P<nd2>[{D}]{{1,2}}))(?![{D}])"),
    # 18 ذي القعدة 1447 هـ · رمضان 1436 · شهر رمضان
    ("hijri", rf"(?:(?:(?P<hd>[{D}]{{1,2}})(?![{D}])|(?P<hord>{_ORDINAL})(?=\s+من))\s*(?:من\s+)?)?(?P<hsh>شهر\s+)?"
              rf"(?P<hm>{HIJRI_MONTH_PATTERN}){_B}"
              rf"(?:\s*[،,]?\s*(?:(?:عام|سن[ةه]|العام)\s+)?(?P<hy>{_HIJRI_YEAR})(?:\s*{_HIJRI_MARK})?"
              rf"|\s+(?P<hyref>{YEAR_REF}){_B})?"),
    # 1436 هـ · عام 1436 هجرية
    ("hijri_year", rf"(?:(?:عام|سن[ةه]|العام)\s+)?(?P<hyy>{_HIJRI_YEAR})\s*{_HIJRI_MARK}"),
    # عيد الأضحى · عيد الفطر المقبل · رأس السنة 2016
    ("holiday", rf"(?P<hol>{_HOLIDAY})(?:\s+(?:المبارك|السعيد))?(?:\s+(?P<holrel>{REL}){_B})?"
                rf"(?:\s+(?:(?:لعام|عام|سن[ةه])\s+)?{_year('hol')})?"),
    # صيف 2015 · الشتاء الماضي
    ("season", rf"(?:(?P<smod>{MOD})\s+)?(?:(?P<sname>{_SEASON})\s+(?:(?:عام|العام|سن[ةه])\s+)?{_year('s')}"
               rf"|ال(?P<sname2>{_SEASON})\s+(?P<srel>{REL}){_B})"),
    # التسعينيات · ثمانينيات القرن الماضي
    ("decade", rf"(?:(?P<dmod>{MOD})\s+)?(?:ال)?(?P<dec>{_DECADE})ي?ات{_B}"
               rf"(?:\s+(?:من\s+)?القرن\s+(?P<dcent>الماضي|العشرين|المنصرم|الحالي|الجاري|الحادي\s+والعشرين))?"),
    # شهري حزيران وتموز (يونيو ويوليو) 2015 · شهري يونيو ويوليو الماضيين: two months, two times
    ("months2", rf"ل?شهري\s+(?P<pm1>{MONTH_PATTERN}){_B}\s+و(?P<pm2>{MONTH_PATTERN}){_B}"
                rf"(?:\s*\(\s*{MONTH_PATTERN}\s+و{MONTH_PATTERN}\s*\))?"
                rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:العام|عام|سن[ةه])\s+)?{_year('p')}"
                rf"|\s+(?P<prel>(?:الماضي|المنصرم|الفائت|المقبل|القادم|الجاري|الحالي)ين){_B}"
                rf"(?:\s+من\s+(?:(?:العام|عام|سن[ةه])\s+)?{_year('px')})?)?"),
    # تشرين الثاني/نوفمبر 2015 · منتصف آذار 2016
    ("monthyear", rf"(?:(?P<mmod>{MOD})\s+)?(?:شهر\s+)?{_months('m')}\s*[،,]?\s*(?:من\s+)?(?:(?:العام|عام|سن[ةه])\s+)?"
                  rf"{_year('m')}"),
    # آذار الماضي · كانون الثاني من العام الحالي · تشرين الأول/أكتوبر من ذلك العام
    ("monthrel", rf"(?:(?P<rmod>{MOD})\s+)?(?:شهر\s+)?{_months('r')}"
                 rf"\s+(?:(?P<rrel>{REL}){_B}|(?P<ryref>{YEAR_REF}){_B})"),
    # منتصف 2016 · مطلع العام الجاري · منذ مطلع العام · أواخر العام الماضي
    ("modyear", rf"(?:(?P<ysince>منذ)\s+)?(?P<ymod>{MOD})\s+(?:(?:(?:العام|عام|سن[ةه])\s+)?{_year('y')}"
                rf"|(?P<ycur>(?:العام|السن[ةه])(?:\s+(?P<yrel>{REL}){_B})?|هذا\s+العام|هذه\s+السن[ةه])){_B}"),
    # عام 2014 · في العام 2017 · سنة ٢٠١٥
    ("year", rf"(?:(?:منذ|في|حتى|خلال)\s+)?(?:العام|عام|سن[ةه]|السن[ةه]|لعام|بعام|لسن[ةه])\s+{_year('e')}"),
    # منذ ٢٠٢٠ · في 2015،
    ("bareyear", rf"(?P<bpre>{_BARE_YEAR_PRE})\s+(?P<by>[12١٢۱۲][{D}]{{3}})(?![{D}])(?:\s*م{_B})?"
                 rf"(?!\s*[-/.,،]?\s*[{D}])(?!\s+{UNIT}{_B})"),
    # قبل ثلاثة أيام · منذ أسبوعين · قبل شهرين من تنفيذها · بعد ستة أشهر · منذ أسابيع
    ("ago", rf"(?P<apre>قبل|منذ|بعد)\s+(?:(?P<aapprox>{_APPROX})\s+)?(?:(?P<an>{_NUMBER})\s+)?"
            rf"(?P<au>{UNIT}){_B}(?!\s*[{D}])"
            rf"(?:\s+(?P<afrom>(?:من|على)\s+(?!دون{_B})[^\s،,.؛:()«»\"]+))?"),
    # تلك الليلة · في اليوم التالي · ذلك العام
    ("anaphor", rf"(?:في\s+)?(?P<ana>(?:اليوم|الليل[ةه]|ال[أا]سبوع|الشهر|العام|السن[ةه])\s+(?:التالي[ةه]?|السابق[ةه]?)"
                rf"|(?:تلك|ذات)\s+الليل[ةه]|(?:ذلك|ذات|نفس)\s+(?:اليوم|العام|الشهر|ال[أا]سبوع)"
                rf"|(?:اليوم|الليل[ةه])\s+(?:نفس|ذات)[هه]){_B}"),
    # هذا الأسبوع · هذا العام
    ("this", rf"(?P<tthis>هذا|هذه)\s+(?P<tu>ال[أا]سبوع|الشهر|العام|السن[ةه]){_B}"),
    # الأسبوع الماضي · الشهر المقبل · العام الجاري
    ("unit_rel", rf"(?P<uu>ال[أا]سبوع|الشهر|العام|السن[ةه])\s+(?P<urel>{REL}){_B}"),
    # الأسابيع الماضية · منذ الأشهر الماضية
    ("vague", rf"(?:منذ\s+)?(?P<vu>ال[أا]يام|ال[أا]سابيع|ال[أا]شهر|الشهور|السنوات|ال[أا]عوام|السنين)"
              rf"\s+(?:القليل[ةه]\s+)?"
              rf"(?P<vrel>{_PAST}|{_FUTURE}){_B}"),
    # أمس · أول أمس الأحد · مساء أمس · اليوم الخميس · فجر اليوم · غداً
    ("day", rf"(?:(?P<dpart>{PART})\s+)?(?:يوم\s+)?(?P<dword>{_DAY_WORD}){_B}{_NOT_TODAY}"
            rf"(?:\s*[،,]?\s*(?P<dwd>{WEEKDAY_PATTERN}){_B})?"),
    # الأحد · مساء الأحد · الجمعة الماضية · الجمعة المقبلة
    ("weekday", rf"(?:(?P<wpart>{PART})\s+)?(?P<wwd>{WEEKDAY_PATTERN}){_B}(?:\s+(?P<wrel>{REL}){_B})?"),
    # منتصف غشت · (في) مارس · (شهر) أيار: the preposition stays outside, so that at the month
    # itself the forms with a year or الماضي (tried earlier) win
    ("baremonth", rf"(?:(?P<bmmod>{MOD})\s+(?:شهر\s+)?|(?:(?<=في\s)|(?<=خلال\s)|(?<=منذ\s)|(?<=حتى\s)|(?<=شهر\s)))"
                  rf"{_months('b')}"),
)

KINDS: tuple[str, ...] = tuple(kind for kind, _ in _ALTERNATIVES)


def _first_words() -> list[str]:
    """Folded words that can open a time expression (other than a digit or a preposition)."""
    words = {
        "شهري", "لشهري",
        # parts of the day, mods, seasons, year words, anaphora, day words
        "مساء", "صباح", "فجر", "ليل", "ليله", "ظهر", "ظهيره", "عصر", "ضحي", "قبيل", "منتصف",
        "مطلع", "اوائل", "بدايه", "مستهل", "اواسط", "اواخر", "نهايه", "ختام", "شهر",
        "صيف", "شتاء", "ربيع", "خريف", "الصيف", "الشتاء", "الربيع", "الخريف",
        "اليوم", "الليله", "الاسبوع", "الشهر",
        "الايام", "الاسابيع", "الاشهر", "الشهور", "السنوات",
        "الاعوام", "السنين", "امس", "الامس", "غد", "غدا", "الغد", "عيد", "راس", "المولد",
    }
    words.update(fold(w) for w in ARABIC_WEEKDAYS)
    words.update(fold(name).split()[0] for names in ARABIC_MONTHS.values() for name in names)
    words.update(fold(name).split()[0] for names in HIJRI_MONTHS.values() for name in names)
    words.update(key.split()[0] for key in ORDINAL_DAYS)
    for stem in ("عشرين", "ثلاثين", "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين"):
        words.update({stem + "ات", stem + "يات", "ال" + stem + "ات", "ال" + stem + "يات"})
    return sorted(fold(w) for w in words)


_PREPOSITIONS = ("في", "حتي", "خلال", "بين", "منذ", "قبل", "بعد")
#: What may follow a preposition in some form: في 2015، في العام، قبل ثلاثة، منذ أكثر من، في اليوم التالي.
_AFTER_PREPOSITION = sorted({
    "العام", "عام", "سنه", "السنه", "اكثر", "اقل", "نحو", "حوالي", "قرابه", "زهاء", "ما", "اليوم", "الليله",
    "تلك", "ذلك", "مطلع", "منتصف", "اواخر", "اوائل", "بدايه", "نهايه", "غد", "يومين", "يومان", "يوم", "ايام",
    "اسبوع", "اسبوعين", "اسابيع", "شهر", "شهرين", "اشهر", "شهور", "عامين", "اعوام", "سنتين", "سنوات", "سنين",
    "عقد", "عقدين", "عقود", "ساعه", "ساعتين", "ساعات", "الايام", "الاسابيع", "الاشهر", "الشهور", "السنوات",
    "الاعوام", "السنين",
})
#: The scanner: a word start, optional proclitic (و، ف، ب before ال), then one alternative. It
#: runs only where ``_starts`` says a form may start.
SCANNER = re.compile(
    r"(?<!\w)(?:[وف]?ب(?=ال)|[وف])?(?:"
    + "|".join(f"(?P<K_{kind}>{pattern})" for kind, pattern in _ALTERNATIVES)
    + ")"
)

_GROUP_PREFIX = {kind: f"K_{kind}" for kind in KINDS}


@dataclass(slots=True)
class Candidate:
    """A matched time expression: where, which form, and the form's named parts."""

    start: int
    end: int
    kind: str
    parts: dict[str, str | None]
    year_start: int | None = None  # where the year of a full date starts (for "مدينة السادس من أكتوبر عام 2023")
    split: tuple[int, int] | None = None  # months2: end of the first month, start of the second


_DIGIT_RUN = re.compile(rf"[{D}]+")
_SPELLINGS = {"ا": "اأإآ", "ي": "يى", "ه": "هة"}
_LEADING = "(«\"“'[{"
_TRAILING = "،,.:؛;)»\"”'!؟?]}"
_PUNCTUATION = _LEADING + _TRAILING + "-–—…*"


def _spellings(word: str) -> list[str]:
    """The spellings of a folded word (أ/إ/آ/ا, ى/ي, ة/ه); the article ال is written one way."""
    head, rest = ("ال", word[2:]) if word.startswith("ال") else ("", word)
    forms = [head]
    for char in rest:
        forms = [f + c for f in forms for c in _SPELLINGS.get(char, char)]
    return forms


def _surface_forms(folded: list[str]) -> set[str]:
    """Every spelling of ``folded`` words with و/ف (and ب before ال)."""
    forms: set[str] = set()
    for word in folded:
        for form in _spellings(word):
            forms.update((form, "و" + form, "ف" + form))
            if form.startswith("ال"):
                forms.update(("ب" + form, "وب" + form, "فب" + form))
    return forms


def _english() -> list[str]:
    names = [name for names in ENGLISH_MONTHS.values() for name in names]
    return [form for name in names for form in (name, name.capitalize(), name.upper())]


#: Tokens that open a time expression (the scanner runs where one of them stands).
OPENING_TOKENS = frozenset(_surface_forms(_first_words()) | set(_english()))
_AFTER_PREPOSITION_TOKENS = frozenset(_surface_forms(_AFTER_PREPOSITION))
_NUMBER_WORD = re.compile(rf"و?(?:{NUMBER_WORD_PATTERN}){_B}")
_MONTH_TOKENS = frozenset(_surface_forms(
    [fold(n).split()[0] for names in (*ARABIC_MONTHS.values(), *HIJRI_MONTHS.values()) for n in names]
    + ["من", "شهر"]))
_DIGIT_DATE = re.compile(rf"[{D}]{{1,4}}[/.\-][{D}]")


def _digit_opens(text: str, start: int, end: int) -> bool:
    """Digits open a form only as a day before a month (12 نوفمبر، ١٥ من شباط) or in a numeric date."""
    if end - start > 4:
        return False
    if end < len(text) and text[end] in "/.-" and _DIGIT_DATE.match(text, start):
        return True
    if end - start > 2:
        return False
    following = text[end:end + 24].split(None, 1)
    if not following:
        return False
    word = following[0].split("/", 1)[0].strip(_PUNCTUATION)
    return word in _MONTH_TOKENS or word[:1].lower() in "jfmasond"


_UNIT_NOUNS = ["اليوم", "الليله", "الاسبوع", "الشهر", "العام", "السنه"]
_YEAR_FOLLOWERS = ["الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق", "السابقه", "المقبل",
                   "المقبله", "القادم", "القادمه", "الجاري", "الجاريه", "الحالي", "الحاليه", "التالي", "التاليه",
                   "نفسه", "ذاته", "نفسها", "ذاتها"]


def _next_tokens(words: list[str]) -> frozenset[str]:
    return frozenset(_surface_forms(words))


#: Words that open a form only before certain words: (their tokens, the next tokens allowed,
#: whether a number may follow). في 2015، قبل ثلاثة أيام، هذا العام، أول أمس، يوم الأحد، العام الماضي.
_CONDITIONAL: tuple[tuple[frozenset[str], frozenset[str], bool], ...] = (
    (frozenset(_surface_forms(list(_PREPOSITIONS))), _AFTER_PREPOSITION_TOKENS, True),
    (frozenset(_surface_forms(["هذا", "هذه", "ذلك", "تلك", "ذات", "نفس"])), _next_tokens(_UNIT_NOUNS), False),
    (frozenset(_surface_forms(["اول"])), _next_tokens(["امس", "من"]), False),
    (frozenset(_surface_forms(["يوم"])),
     _next_tokens([*(fold(w) for w in ARABIC_WEEKDAYS), "امس", "الامس", "عرفه"]), True),
    (frozenset(_surface_forms(["عام", "سنه", "لعام", "بعام", "لسنه"])), frozenset(), True),
    (frozenset(_surface_forms(["العام", "السنه"])), _next_tokens(_YEAR_FOLLOWERS), True),
)
_DIGITS_ALL = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"


def _opens_before(text: str, end: int, allowed: frozenset[str], numbers: bool) -> bool:
    following = text[end:end + 40].split(None, 1)
    if not following:
        return False
    word = following[0]
    if word[0] in _DIGITS_ALL:
        return True
    return word.strip(_PUNCTUATION) in allowed or (numbers and _NUMBER_WORD.match(word) is not None)


def _add_occurrences(text: str, token: str, starts: list[int],
                     condition: tuple[frozenset[str], bool] | None) -> None:
    """Append where ``token`` stands as a whole word (and, with a condition, where the next
    token is allowed)."""
    length, size = len(token), len(text)
    at = text.find(token)
    while at >= 0:
        end = at + length
        if (at == 0 or not text[at - 1].isalnum()) and (end == size or not text[end].isalnum()) and (
                condition is None or _opens_before(text, end, *condition)):
            starts.append(at)
        at = text.find(token, end)


def _starts(text: str) -> list[int]:
    """Where a time expression may start: a day or numeric date in digits, an opening word, a
    preposition before a year or a number. String operations at C speed (a split and a set
    intersection) find them; the scanner then runs only there."""
    starts = [m.start() for m in _DIGIT_RUN.finditer(text) if _digit_opens(text, m.start(), m.end())]
    # "تموز/يوليو" and "غداً" hold an opening word; offsets stay the same (one character for one)
    text = text.replace("/", " ").replace("\u064b", " ")
    tokens = {token.strip(_PUNCTUATION) for token in set(text.split())}
    for token in tokens & OPENING_TOKENS:
        _add_occurrences(text, token, starts, None)
    for words, allowed, numbers in _CONDITIONAL:
        for token in tokens & words:
            _add_occurrences(text, token, starts, (allowed, numbers))
    starts.sort()
    return starts


def _group_names() -> dict[str, tuple[tuple[str, int], ...]]:
    """For each kind, the named groups inside its alternative (name, index)."""
    order = sorted(SCANNER.groupindex.items(), key=lambda item: item[1])
    out: dict[str, list[tuple[str, int]]] = {}
    current = ""
    for name, index in order:
        if name.startswith("K_"):
            current = name[2:]
            out[current] = []
        elif current:
            out[current].append((name, index))
    return {kind: tuple(names) for kind, names in out.items()}


_NAMES = _group_names()


def find_candidates(text: str) -> list[Candidate]:
    """Every time expression candidate in ``text``, in text order, not overlapping."""
    found: list[Candidate] = []
    covered = 0
    for start in _starts(text):
        if start < covered:
            continue
        m = SCANNER.match(text, start)
        if m is None:
            continue
        kind = m.lastgroup
        if kind is None or not kind.startswith("K_"):
            kind = next(k for k in KINDS if m.group(_GROUP_PREFIX[k]) is not None)
        else:
            kind = kind[2:]
        begin, end = m.span(f"K_{kind}")
        covered = end
        groups = m.groups()
        parts = {name: groups[index - 1] for name, index in _NAMES[kind] if groups[index - 1] is not None}
        year_start = m.start("fy") if kind == "full" and m.group("fy") is not None else None
        split = (m.end("pm1"), m.start("pm2")) if kind == "months2" else None
        found.append(Candidate(begin, end, kind, parts, year_start, split))
    return found
