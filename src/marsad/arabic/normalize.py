"""Arabic orthographic normalisation with an offset map back to the original text.

Every fold is a function of one character (a character maps to zero, one or several characters,
never depending on its neighbours). That is what makes the offset map exact: a span of the
normalised text maps back to the original characters that produced it, and normalising those
characters again gives the span back. Presentation forms are therefore NFKC-decomposed one
character at a time (ﻻ → لا), never as a whole string.

Folds (built into one ``str.translate`` table per flag combination, on first use):

* removed: harakat and other combining Arabic marks U+064B–U+065F, superscript alef U+0670,
  Quranic marks U+06D6–U+06ED, tatweel U+0640, bidi/format marks (U+061C, U+200B–U+200F,
  U+202A–U+202E, U+2060, U+2066–U+2069, U+FEFF) and the soft hyphen U+00AD;
* أ إ آ ٱ ٲ ٳ → ا; ى → ي (``alef_maqsura``); ة → ه (``ta_marbuta``); ک ڪ → ك; ی → ي;
* Eastern Arabic ٠–٩ and Persian ۰–۹ digits → 0–9; ٫ → '.', ٬ → ',', ٪ → '%';
* NBSP and the other Unicode space characters → ' ' (tab and line breaks are kept);
* Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → NFKC of the character, then the
  folds above; forms that are only a diacritic (ﹰ, ﱞ) are removed.

Arabic punctuation (، ؛ ؟) is kept.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

__all__ = ["NormalizedText", "normalize", "normalize_word"]


def _chars(first: int, last: int) -> list[str]:
    return [chr(cp) for cp in range(first, last + 1)]


_REMOVED: frozenset[str] = frozenset(
    [
        *_chars(0x064B, 0x065F),
        *["\u0670", "\u0640", "\u061c", "\u00ad", "\u2060", "\ufeff"],
        *_chars(0x06D6, 0x06ED),
        *_chars(0x200B, 0x200F),
        *_chars(0x202A, 0x202E),
        *_chars(0x2066, 0x2069),
    ]
)

_SPACES: frozenset[str] = frozenset(
    ["\u00a0", "\u1680", "\u202f", "\u205f", "\u3000", *_chars(0x2000, 0x200A)]
)

_LETTERS: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ک": "ك", "ڪ": "ك", "ی": "ي",
    "٫": ".", "٬": ",", "٪": "%",
}
_LETTERS.update({chr(0x0660 + d): str(d) for d in range(10)})
_LETTERS.update({chr(0x06F0 + d): str(d) for d in range(10)})

_PRESENTATION_FORMS = range(0xFB50, 0xFE00), range(0xFE70, 0xFF00)


def _fold_plain(char: str, ta_marbuta: bool, alef_maqsura: bool) -> str:
    """Fold one character that is not a presentation form."""
    if char in _REMOVED:
        return ""
    if char in _SPACES:
        return " "
    if alef_maqsura and char == "ى":
        return "ي"
    if ta_marbuta and char == "ة":
        return "ه"
    return _LETTERS.get(char, char)


def _build_table(ta_marbuta: bool, alef_maqsura: bool) -> dict[int, str]:
    """The translate table: only characters that change appear in it."""
    table: dict[int, str] = {}
    for char in (*_REMOVED, *_SPACES, *_LETTERS, "ى", "ة"):
        folded = _fold_plain(char, ta_marbuta, alef_maqsura)
        if folded != char:
            table[ord(char)] = folded
    for block in _PRESENTATION_FORMS:
        for cp in block:
            char = chr(cp)
            if char in _REMOVED:
                continue
            decomposed = unicodedata.normalize("NFKC", char)
            folded = "".join(_fold_plain(c, ta_marbuta, alef_maqsura) for c in decomposed)
            if decomposed != char and any(c in _REMOVED for c in decomposed) and not folded.strip():
                folded = ""  # a spacing form of a diacritic (NFKC gives space + mark): drop it all
            if folded != char:
                table[cp] = folded
    return table


_IDENTITY = list(range(0x10000))


@cache
def _translate_table(ta_marbuta: bool, alef_maqsura: bool) -> list[int | str]:
    """The table as a list indexed by code point: ``str.translate`` looks a list up about twice
    as fast as a dict, which raises KeyError internally for every character left alone.
    Code points past the BMP raise IndexError, which ``translate`` also reads as "unchanged"."""
    table: list[int | str] = list(_IDENTITY)
    for cp, folded in _build_table(ta_marbuta, alef_maqsura).items():
        table[cp] = folded
    return table


_WORD_TABLE = _translate_table(True, True)

# Characters whose replacement is not exactly one character: the only ones that move offsets.
# Their output lengths are the same under every flag combination (the flags fold 1 → 1).
_LENGTH_CHANGE: dict[str, int] = {
    chr(cp): len(out) for cp, out in _build_table(True, True).items() if len(out) != 1
}
_LENGTH_CHANGE_RUN = re.compile("[" + "".join(re.escape(c) for c in sorted(_LENGTH_CHANGE)) + "]+")
_EXPANDING = re.compile("[" + "".join(re.escape(c) for c, n in sorted(_LENGTH_CHANGE.items()) if n) + "]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus a piecewise offset map back to ``original``.

    The map is a sorted list of segments of the normalised text. A *linear* segment copies
    characters one for one (normalised ``j`` comes from original ``orig_start + j - norm_start``);
    a *constant* segment is the several characters one original character expanded to (a
    ligature), all coming from ``orig_start``. Characters that were removed own no segment.
    Text without length-changing characters has the single segment (0, 0, linear).
    """

    original: str
    text: str
    _norm_starts: tuple[int, ...] = field(repr=False)
    _orig_starts: tuple[int, ...] = field(repr=False)
    _constant: tuple[bool, ...] = field(repr=False)

    def _source(self, j: int) -> int:
        """Original index of the character that produced normalised character ``j``."""
        k = bisect_right(self._norm_starts, j) - 1
        if self._constant[k]:
            return self._orig_starts[k]
        return self._orig_starts[k] + j - self._norm_starts[k]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span [start, end).

        Removed characters inside the span are included, those at its edges are not. A span that
        cuts into a ligature's expansion maps to the whole ligature (see ``is_boundary``). An
        empty span maps to the empty span at the position where it sits.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) is outside a normalised text of length {len(self.text)}")
        if self._orig_starts == (0,) and not self._constant[0]:  # nothing moved: the identity map
            return start, end
        if start == end:
            if start < len(self.text):
                pos = self._source(start)
            else:
                pos = self._source(start - 1) + 1 if start else 0
            return pos, pos
        return self._source(start), self._source(end - 1) + 1

    def is_boundary(self, offset: int) -> bool:
        """False when ``offset`` falls strictly inside the expansion of one original character."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside a normalised text of length {len(self.text)}")
        if offset == len(self.text):
            return True
        k = bisect_right(self._norm_starts, offset) - 1
        return not self._constant[k] or self._norm_starts[k] == offset


def normalize(text: str, *, ta_marbuta: bool = False, alef_maqsura: bool = True) -> NormalizedText:
    """Normalise ``text`` (see the module docstring) and keep the way back to it."""
    normalised = text.translate(_translate_table(ta_marbuta, alef_maqsura))
    norm_starts = [0]
    orig_starts = [0]
    constant = [False]
    if len(normalised) != len(text) or _LENGTH_CHANGE_RUN.search(text):
        shift = 0  # normalised index minus original index, at the current position
        for run in _LENGTH_CHANGE_RUN.finditer(text):
            run_start, run_end = run.span()
            out = run_start + shift
            if _EXPANDING.search(run.group()):
                for i in range(run_start, run_end):
                    width = _LENGTH_CHANGE[text[i]]
                    if width:
                        _add_segment(norm_starts, orig_starts, constant, out, i, True)
                        out += width
            shift = out - run_end
            _add_segment(norm_starts, orig_starts, constant, out, run_end, False)
    return NormalizedText(text, normalised, tuple(norm_starts), tuple(orig_starts), tuple(constant))


def _add_segment(
    norm_starts: list[int], orig_starts: list[int], constant: list[bool], out: int, orig: int, const: bool
) -> None:
    """Append a segment, replacing the previous one when that one turned out empty."""
    if norm_starts[-1] == out:
        norm_starts.pop()
        orig_starts.pop()
        constant.pop()
    norm_starts.append(out)
    orig_starts.append(orig)
    constant.append(const)


def normalize_word(word: str) -> str:
    """The folding of ``normalize`` with ta marbuta → ه too, without offsets: for matching keys."""
    return word.translate(_WORD_TABLE)
