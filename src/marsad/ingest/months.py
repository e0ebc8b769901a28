"""Arabic (and English) month and weekday names, in one place for every date parser.

Arabic writes the same month in several families: Egyptian/Gulf (يناير … ديسمبر), Levantine and
Iraqi (كانون الثاني … كانون الأول) and Maghrebi (جانفي، أفريل، جويلية in Algeria and Tunisia;
يوليوز، غشت، شتنبر in Morocco). Spellings also vary in hamza (أبريل/ابريل/إبريل), final yaa/alef
maqsura and taa marbuta/haa, so names are stored once in a folded form (``fold``) and matched by
``MONTH_PATTERN``, which accepts every spelling variant of every name.

The times extractor reuses ``MONTH_PATTERN``, ``month_number``, ``WEEKDAY_PATTERN``,
``weekday_number``, ``HIJRI_MONTH_PATTERN``, ``hijri_month_number`` and ``to_ascii_digits``.
"""

from __future__ import annotations

import re

from marsad.arabic.trie import trie_pattern

#: Arabic month names by month number, in their most common spelling.
ARABIC_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "جانفي", "جانفييه"),
    2: ("فبراير", "شباط", "فيفري", "فبرير"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل"),
    5: ("مايو", "أيار", "ماي", "مايس"),
    6: ("يونيو", "يونيه", "حزيران", "جوان"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز"),
    8: ("أغسطس", "آب", "أوت", "غشت"),
    9: ("سبتمبر", "أيلول", "شتنبر"),
    10: ("أكتوبر", "تشرين الأول", "اكتوبر"),
    11: ("نوفمبر", "تشرين الثاني", "نونبر"),
    12: ("ديسمبر", "كانون الأول", "دجنبر", "دیسمبر"),
}

#: English month names (full and three-letter) by month number.
ENGLISH_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan"),
    2: ("february", "feb"),
    3: ("march", "mar"),
    4: ("april", "apr"),
    5: ("may",),
    6: ("june", "jun"),
    7: ("july", "jul"),
    8: ("august", "aug"),
    9: ("september", "sept", "sep"),
    10: ("october", "oct"),
    11: ("november", "nov"),
    12: ("december", "dec"),
}

ARABIC_WEEKDAYS: tuple[str, ...] = (
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
)

#: Character folding behind ``fold``: hamza forms → ا, ى/ی → ي, ة → ه, tatweel removed.
FOLD_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ـ": None})
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold spelling variants (hamza forms, ى/ي, ة/ه, tatweel, diacritics, case, spaces)."""
    return _SPACES.sub(" ", _DIACRITICS.sub("", text).translate(FOLD_TABLE)).strip().lower()


_MONTH_BY_KEY: dict[str, int] = {}
for _number, _names in (*ARABIC_MONTHS.items(), *ENGLISH_MONTHS.items()):
    for _name in _names:
        _MONTH_BY_KEY[fold(_name)] = _number
# "الاول"/"الثاني" with or without the article are both written ("تشرين ثاني").
for _key, _number in list(_MONTH_BY_KEY.items()):
    if " ال" in _key:
        _MONTH_BY_KEY[_key.replace(" ال", " ")] = _number

#: One month name in any spelling (no groups). Use ``month_number`` on the match. The Arabic
#: names are a trie (``marsad.arabic.trie``): scanners try this at every word.
MONTH_PATTERN = (
    "(?:"
    + trie_pattern(k for k in _MONTH_BY_KEY if not k.isascii())
    + "|(?i:"
    + "|".join(k for k in sorted(_MONTH_BY_KEY, key=len, reverse=True) if k.isascii())
    + r")\.?"
    + ")"
)

#: An Arabic weekday, optionally preceded by يوم (no groups).
WEEKDAY_PATTERN = "(?:يوم\\s+)?" + trie_pattern(fold(d) for d in ARABIC_WEEKDAYS)

#: Hijri month names by month number (ذو/ذي/ذا follow the case; الآخر/الثاني are both written).
HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع الاول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع الاخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى الاولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة", "جمادى الآخر"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذا القعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذا الحجة"),
}

_HIJRI_BY_KEY: dict[str, int] = {fold(n): number for number, names in HIJRI_MONTHS.items() for n in names}

#: One Hijri month name in any spelling (no groups). Use ``hijri_month_number`` on the match.
HIJRI_MONTH_PATTERN = trie_pattern(_HIJRI_BY_KEY)


def hijri_month_number(name: str) -> int | None:
    """The Hijri month (1-12) a name stands for in any spelling, or None."""
    return _HIJRI_BY_KEY.get(fold(name))


#: ISO weekday numbers (Monday 1 … Sunday 7) of the Arabic weekday names, by folded name.
_WEEKDAY_BY_KEY: dict[str, int] = {
    "احد": 7, "اثنين": 1, "ثلاثاء": 2, "اربعاء": 3, "خميس": 4, "جمعه": 5, "سبت": 6,
}


def weekday_number(name: str) -> int | None:
    """The ISO weekday (Monday 1 … Sunday 7) of an Arabic weekday name (الأحد، يوم الجمعة), or None."""
    key = fold(name)
    if key.startswith("يوم "):
        key = key[4:]
    if key.startswith("ال"):
        key = key[2:]
    return _WEEKDAY_BY_KEY.get(key)


_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def to_ascii_digits(text: str) -> str:
    """Eastern Arabic (٠-٩) and Persian (۰-۹) digits to ASCII; the string length is unchanged."""
    return text.translate(_EASTERN_DIGITS)


def month_number(name: str) -> int | None:
    """The month (1-12) a name stands for in any spelling, or None."""
    return _MONTH_BY_KEY.get(fold(name).rstrip("."))
