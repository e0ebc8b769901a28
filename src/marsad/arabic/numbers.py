"""Numbers as Arabic news writes them: digits (Western, Eastern Arabic, Persian, with
separators) and number words with clitics and case endings, compounds and scale words.

``find_numbers(text)`` returns every number expression as ``(start, end, value)``;
``parse_number(text)`` reads a string that is one number expression (else None).

What counts (values are ``int``):

* digits: ``25``, ``٢٥``, ``۲۵``, ``1,200``, ``١٬٢٠٠``; a decimal (``1.5``, ``١٫٥``) only with a
  scale word after it (``1.5 مليون`` → 1500000), else it is skipped;
* units 1-10 in both genders and ة/ه spellings (واحد، أحد، إحدى، اثنان، اثنين، اثنتين، ثلاث،
  ثلاثة …، عشر، عشرة), teens (أحد عشر، اثنا عشر، خمس عشرة), tens (عشرون/عشرين …), compounds
  joined by و (ثلاثة وعشرين، مئة وخمسة وعشرون), hundreds (مئة/مائة، مئتين، ثلاثمئة، ثلاث مئة),
  scales (ألف، ألفين، ثلاثة آلاف، عشرين ألفاً، مليون، ملايين، مليار) and digits with a scale
  (``3 آلاف``، ``٢ مليون``);
* proclitics و ف ب ل ك and the article (وبثلاثة، للخمسة، الألف) are allowed and left out of
  the span; tanween and other final diacritics (ألفاً، ثلاثةٌ) are allowed.

Vague quantities (عشرات، مئات، آلاف alone، بضعة، عدة، العديد) are not numbers: they give None
and ``find_numbers`` skips them together with what they quantify (عشرات الآلاف، بضعة عشر).
``الأحد``/``الاثنين`` with the article are weekdays, not numbers. ``أحد``/``إحدى`` alone give 1
("أحد الجنود", one of the soldiers); a caller that counts casualties decides what negation
(لم يصب أحد) means. Numbers inside dates (``12/11/2015``) are found like any other digits; the
times step's spans tell a caller which ones are dates.

Dual nouns (قتيلين، جريحان = two dead, two injured) carry their count in the noun:
``dual_count(word)`` gives 2 for the duals of the count nouns news uses (``DUAL_STEMS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.ingest.months import fold, to_ascii_digits

__all__ = ["DUAL_STEMS", "NUMBER_WORD_PATTERN", "dual_count", "find_numbers", "parse_number"]

# kinds of atoms
_UNIT, _TEN, _HUNDRED, _SCALE, _VAGUE, _DIGIT = "unit", "ten", "hundred", "scale", "vague", "digit"
# scale forms
_SING, _DUAL, _PLURAL = "sing", "dual", "plural"

_UNIT_WORDS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحده", "احد", "احدي"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي"),
    3: ("ثلاث", "ثلاثه"),
    4: ("اربع", "اربعه"),
    5: ("خمس", "خمسه"),
    6: ("ست", "سته"),
    7: ("سبع", "سبعه"),
    8: ("ثمان", "ثماني", "ثمانيه"),
    9: ("تسع", "تسعه"),
    10: ("عشر", "عشره"),
}
_TEN_STEMS: dict[int, str] = {
    20: "عشر", 30: "ثلاث", 40: "اربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع",
}
_HUNDRED_PREFIX: dict[int, tuple[str, ...]] = {
    3: ("ثلاث",), 4: ("اربع",), 5: ("خمس",), 6: ("ست",), 7: ("سبع",), 8: ("ثمان", "ثماني"), 9: ("تسع",),
}
_VAGUE_WORDS = ("عشرات", "مئات", "بضع", "بضعه", "عده", "عديد")


@dataclass(frozen=True, slots=True)
class _Word:
    kind: str
    value: int
    form: str = ""  # scale: sing | dual | plural; unit: "teen10" for عشر/عشره


def _lexicon() -> dict[str, _Word]:
    words: dict[str, _Word] = {}
    for value, forms in _UNIT_WORDS.items():
        for form in forms:
            words[form] = _Word(_UNIT, value, "teen10" if value == 10 else "")
    for value, stem in _TEN_STEMS.items():
        for ending in ("ون", "ين"):
            words[stem + ending] = _Word(_TEN, value)
    for hundred in ("مئه", "مائه"):
        words[hundred] = _Word(_HUNDRED, 100)
        words[hundred[:-1] + "تان"] = _Word(_HUNDRED, 200)
        words[hundred[:-1] + "تين"] = _Word(_HUNDRED, 200)
        words[hundred[:-1] + "تا"] = _Word(_HUNDRED, 200)
        words[hundred[:-1] + "تي"] = _Word(_HUNDRED, 200)
        for unit, prefixes in _HUNDRED_PREFIX.items():
            for prefix in prefixes:
                words[prefix + hundred] = _Word(_HUNDRED, unit * 100)
    for stem, value in (("الف", 1000), ("مليون", 10**6), ("مليار", 10**9), ("بليون", 10**9)):
        words[stem] = _Word(_SCALE, value, _SING)
        words[stem + "ا"] = _Word(_SCALE, value, _SING)  # accusative ألفاً، مليوناً
        for dual in ("ان", "ين", "ي"):
            words[stem + dual] = _Word(_SCALE, value, _DUAL)
    words["الاف"] = _Word(_SCALE, 1000, _PLURAL)
    words["ملايين"] = _Word(_SCALE, 10**6, _PLURAL)
    words["مليارات"] = _Word(_SCALE, 10**9, _PLURAL)
    for vague in _VAGUE_WORDS:
        words[vague] = _Word(_VAGUE, 0)
    return words


_LEXICON = _lexicon()
_WEEKDAY_WITH_ARTICLE = frozenset({"احد", "اثنين", "اثنان"})
_NOT_NUMBERS = frozenset({"لست"})  # لست "I am not", not ل + ست

_CLASSES = {"ا": "[اأإآٱ]", "ي": "[يىی]", "ه": "[هة]"}
_MARKS = "\u064b-\u0652\u0670"


_Trie = dict[str, "_Trie"]


def _trie_pattern(keys: list[str]) -> str:
    """A regex alternation of ``keys`` written as a trie (fast to match), each folded letter
    standing for its spelling variants and tatweel allowed between letters."""
    trie: _Trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = []
        optional = False
        for char in sorted(node):
            if char == "":
                optional = True
                continue
            branches.append(_CLASSES.get(char, re.escape(char)) + "ـ?" + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


#: One number word (not a vague one) in any spelling, without proclitics and without groups,
#: for other patterns to embed (the times step's "قبل ثلاثة أيام"); read it with ``parse_number``.
NUMBER_WORD_PATTERN = _trie_pattern(sorted(k for k, w in _LEXICON.items() if w.kind != _VAGUE))

_DIGITS = "0-9٠-٩۰-۹"
_ATOM = re.compile(
    rf"(?:(?<![\w.,٫٬])|(?<=(?<!\w)[وفبلك]))(?P<num>[{_DIGITS}]+(?:[,٬][{_DIGITS}]{{3}})*(?:[.٫][{_DIGITS}]+)?)(?![{_DIGITS}]|[.,٫٬][{_DIGITS}])"
    rf"|(?<!\w)(?P<pre>[وف]?(?:[بك]?ال|لل|[بلك])?)(?P<word>{_trie_pattern(sorted(_LEXICON))})"
    rf"(?P<marks>[{_MARKS}]*(?:ا[{_MARKS}]*)?)(?!\w)"
)


@dataclass(slots=True)
class _Atom:
    pstart: int  # where the word starts, proclitics included
    start: int  # where the number starts
    end: int
    kind: str
    value: float
    form: str
    waw: bool  # joined to what precedes by و


def _atoms(text: str, pos: int = 0, endpos: int | None = None) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM.finditer(text, pos, len(text) if endpos is None else endpos):
        if m["num"] is not None:
            raw = to_ascii_digits(m["num"]).replace(",", "").replace("٬", "").replace("٫", ".")
            atoms.append(_Atom(m.start(), m.start(), m.end(), _DIGIT, float(raw), "", False))
            continue
        pre, word = m["pre"], m["word"]
        key = fold(word)
        if pre and fold(pre + word) in _LEXICON:
            pre, key = "", fold(pre + word)  # واحد is a word, not و + احد
        entry = _LEXICON.get(key)
        if entry is None or fold(m.group()) in _NOT_NUMBERS:
            continue
        folded_pre = fold(pre)
        if folded_pre.endswith(("ال", "لل")) and key in _WEEKDAY_WITH_ARTICLE:
            continue  # الأحد، الاثنين: weekdays
        atoms.append(_Atom(m.start(), m.start() + len(pre), m.end(), entry.kind, entry.value, entry.form,
                           folded_pre.startswith("و")))
    return atoms


def _is_gap(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _expressions(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, int, int]]:
    """(pstart, start, end, value) of every number expression."""
    atoms = _atoms(text, pos, endpos)
    out: list[tuple[int, int, int, int]] = []
    i, n = 0, len(atoms)
    while i < n:
        first = atoms[i]
        if first.kind == _VAGUE or (first.kind == _SCALE and first.form == _PLURAL):
            # عشرات الآلاف، بضعة عشر، آلاف alone: skip the vague word and what it quantifies
            j = i + 1
            while j < n and not atoms[j].waw and _is_gap(text, atoms[j - 1].end, atoms[j].pstart):
                j += 1
            i = j
            continue
        total = 0.0
        group = first.value
        parts: set[str] = {first.kind}
        last_scale = float("inf")
        if first.kind == _SCALE:
            total = first.value * (2 if first.form == _DUAL else 1)
            group, parts, last_scale = 0.0, set(), first.value
        j = i + 1
        while j < n:
            prev, atom = atoms[j - 1], atoms[j]
            if not _is_gap(text, prev.end, atom.pstart):
                break
            if not atom.waw:
                if (atom.kind == _UNIT and atom.form == "teen10" and parts == {_UNIT} and 1 <= group <= 9
                        and prev.kind == _UNIT):
                    group += 10
                    parts = {"teen"}
                elif atom.kind == _HUNDRED and atom.value == 100 and parts == {_UNIT} and 3 <= group <= 9:
                    group *= 100
                    parts = {_HUNDRED}
                elif atom.kind == _SCALE and group > 0 and atom.form != _DUAL and atom.value < last_scale:
                    total += group * atom.value
                    group, parts, last_scale = 0.0, set(), atom.value
                else:
                    break
            else:
                if atom.kind == _UNIT and not parts & {_UNIT, _TEN, "teen", _DIGIT}:
                    group += atom.value
                    parts.add(_UNIT)
                elif atom.kind == _TEN and not parts & {_TEN, "teen", _DIGIT}:
                    group += atom.value
                    parts.add(_TEN)
                elif atom.kind == _HUNDRED and not parts and total > 0:
                    group = atom.value
                    parts = {_HUNDRED}
                elif atom.kind == _SCALE and atom.form != _PLURAL and not parts and 0 < atom.value < last_scale:
                    total += atom.value * (2 if atom.form == _DUAL else 1)
                    last_scale = atom.value
                else:
                    break
            j += 1
        value = total + group
        if value == int(value):
            out.append((first.pstart, first.start, atoms[j - 1].end, int(value)))
        i = j
    return out


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """Every number expression in ``text`` as ``(start, end, value)``, in text order.

    Spans leave proclitics out (وبثلاثة → ثلاثة) and keep final diacritics (ألفاً). ``start``
    and ``end`` limit the search to ``text[start:end]`` (a sentence, say) while offsets stay
    offsets into ``text``; that is much cheaper than searching the whole text.
    """
    return [(s, e, value) for _, s, e, value in _expressions(text, start, end)]


_EDGE_PUNCTUATION = " \t\n.,،؛:;!؟?()\"«»"


def parse_number(text: str) -> int | None:
    """The value of ``text`` when the whole string is one number expression, else None.

    ``parse_number("ثلاثة وعشرين") == 23``; ``parse_number("عشرات")`` and
    ``parse_number("خمسة أشخاص")`` are None.
    """
    stripped = text.strip(_EDGE_PUNCTUATION)
    found = _expressions(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][2] == len(stripped):
        return found[0][3]
    return None


#: Count nouns whose dual (قتيلين، قتيلان) states the number 2. Folded stems (ة → ه).
#: Nisba adjectives (مدنيين، مسلحين) are left out: their dual and plural are written alike.
DUAL_STEMS: frozenset[str] = frozenset({
    "قتيل", "جريح", "شخص", "جندي", "عنصر", "طفل", "رجل", "امراه", "شاب", "ضابط", "شرطي", "صاروخ",
    "سياره", "طائره", "هجوم", "انفجار", "عبوه", "قذيفه", "مسيره", "يوم", "شهر", "اسبوع", "عام",
    "سنه", "مبني", "منزل", "معتقل", "اسير", "رهينه", "صحفي", "مقاتل", "قيادي", "حارس", "مواطن",
    "مدرعه", "دبابه", "مروحيه", "زورق", "سفينه", "عسكري",
})
_DUAL_PREFIX = re.compile(r"^(?:[وف]?(?:[بك]?ال|لل|[بلك])?)")


def dual_count(word: str) -> int | None:
    """2 when ``word`` is the dual of a count noun (قتيلين، جريحان، للسيارتين), else None.

    The events step counts ``قتل جنديين`` as two dead with this; the number words of
    ``find_numbers`` do not cover duals.
    """
    key = fold(word.strip(_EDGE_PUNCTUATION))
    for ending in ("ين", "ان"):
        if not key.endswith(ending) or len(key) < 5:
            continue
        body = key[: -len(ending)]
        candidates = [body]
        prefix = _DUAL_PREFIX.match(body)
        if prefix and prefix.end():
            candidates.append(body[prefix.end():])
        for stem in candidates:
            if stem in DUAL_STEMS:
                return 2
            if stem.endswith("ت") and stem[:-1] + "ه" in DUAL_STEMS:  # سيارتين ← سيارة
                return 2
    return None
