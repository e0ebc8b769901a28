"""Latin renderings of Arabic names (``name_en`` when the knowledge base has no English name).

``romanize`` asks ``arabic-name-romanizer`` (dictionary of attested spellings first, a small
ONNX model for unseen name parts), built once per process; results are cached. If the package
is missing or fails on a string, a plain letter-by-letter transliteration is used, so the result
is always Latin text (or the input unchanged when it holds no Arabic letters).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

__all__ = ["romanize", "transliterate_simple"]

_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ٱ": "a", "ء": "'", "ؤ": "'", "ئ": "'",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w",
    "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k", "ی": "y",
}
_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)}
_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _word(word: str) -> str:
    letters = [c for c in word if c not in _MARKS]
    out: list[str] = []
    article = len(letters) > 3 and letters[0] == "ا" and letters[1] == "ل"
    if article:
        out.append("al-")
        letters = letters[2:]
    for i, char in enumerate(letters):
        if char in ("و", "ي") and 0 < i < len(letters) - 1 and out and out[-1][-1:] not in "aeiou":
            out.append("u" if char == "و" else "i")  # a long vowel between consonants
            continue
        out.append(_LETTERS.get(char, _DIGITS.get(char, char)))
    text = "".join(out).replace("''", "'")
    return text[:1].upper() + text[1:] if not article else "al-" + text[3:4].upper() + text[4:]


def transliterate_simple(text: str) -> str:
    """Letter-by-letter Latin transliteration (the fallback): بغداد → Baghdad-ish, never Arabic."""
    return " ".join(_word(w) for w in text.split())


@cache
def _transliterator() -> Any:
    from arabic_name_romanizer import Transliterator

    return Transliterator()


@lru_cache(maxsize=1 << 14)
def romanize(name: str) -> str:
    """English/Latin rendering of an Arabic name: عادل الحسناوي → "Adel El Hasnaoui"."""
    name = " ".join(name.split())
    if not name or not _has_arabic(name):
        return name
    try:
        result = _transliterator().transliterate(name)
    except Exception:  # the package is optional at run time: fall back, never fail a document
        result = None
    if isinstance(result, str) and result.strip() and not _has_arabic(result):
        return result.strip()
    return transliterate_simple(name)
