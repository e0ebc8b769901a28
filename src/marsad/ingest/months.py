"""Arabic (and English) month and weekday names, in one place for every date parser.

Arabic writes the same month in several families: Egyptian/Gulf (يناير … ديسمبر), Levantine and
Iraqi (كانون الثاني … كانون الأول) and Maghrebi (جانفي، أفريل، جويلية in Algeria and Tunisia;
يوليوز، غشت، شتنبر in Morocco). Spellings also vary in hamza (أبريل/ابريل/إبريل), final yaa/alef
maqsura and taa marbuta/haa, so names are stored once in a folded form (``fold``) and matched by
``MONTH_PATTERN``, which accepts every spelling variant of every name.

The times extractor reuses ``MONTH_PATTERN``, ``month_number``, ``WEEKDAY_PATTERN`` and
``to_ascii_digits``.
"""

from __future__ import annotations

import re

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

# Each folded character stands for all the characters folded into it.
_VARIANTS = {"ا": "[اأإآٱ]", "ي": "[يىی]", "ه": "[هة]", " ": r"\s+"}


def _variant_pattern(key: str) -> str:
    # Tatweel and diacritics may sit between letters; the Latin names ignore case via (?i:...).
    return "ـ?".join(_VARIANTS.get(ch, re.escape(ch)) for ch in key)


#: One month name in any spelling (no groups). Use ``month_number`` on the match.
MONTH_PATTERN = (
    "(?:"
    + "|".join(_variant_pattern(k) for k in sorted(_MONTH_BY_KEY, key=len, reverse=True) if not k.isascii())
    + "|(?i:"
    + "|".join(k for k in sorted(_MONTH_BY_KEY, key=len, reverse=True) if k.isascii())
    + r")\.?"
    + ")"
)

#: An Arabic weekday, optionally preceded by يوم (no groups).
WEEKDAY_PATTERN = "(?:يوم\\s+)?(?:" + "|".join(_variant_pattern(fold(d)) for d in ARABIC_WEEKDAYS) + ")"

_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def to_ascii_digits(text: str) -> str:
    """Eastern Arabic (٠-٩) and Persian (۰-۹) digits to ASCII; the string length is unchanged."""
    return text.translate(_EASTERN_DIGITS)


def month_number(name: str) -> int | None:
    """The month (1-12) a name stands for in any spelling, or None."""
    return _MONTH_BY_KEY.get(fold(name).rstrip("."))
