"""``patterns.v1``: rule-based candidate mentions that a statistical tagger misses or mislabels.

All rules read the tokens (``token_norm`` keys, proclitics in ``Token.prefix``); spans never
include proclitics or edge punctuation. What they find:

* **persons after a cue**: a title or rank (اللواء عادل الحسناوي), a role phrase (وزير الداخلية
  العراقي سامي الفرطوسي; المتحدث باسم X; الباحث في X), a reporting verb (قال جون سميث; two words
  at least), a byline (كتب: X), a kunya or nasab (أبو حمزة، أبي حمزة، أم خالد، فريد بن عمارة),
  a topicalised name (أما صوفي لوران، وهي ...). Nisba surnames after a name are part of it.
* **role nominals**: a role phrase standing alone (زعيم الخلية، المبعوث الأممي إلى اليمن،
  الوزير، المتحدث العسكري) → a PER mention of kind ``nominal`` with ``role`` set.
* **anonymous sources**: مصدر أمني، مصادر أمنية، مسؤول عراقي، مصدر في الشركة (with a reporting
  verb or a "did not want to be named" clause) → PER nominal; ``المصدر`` later → an anaphor.
* **designated names**: a designator head and its complement (وزارة الداخلية العراقية، مركز
  الفرات للدراسات الاستراتيجية، سجن الحوت، شارع المصارف، الجيش السوري، الحكومة اليمنية),
  quoted names after a designator or an outlet cue (تنظيم «داعش»، لـ«الشرق الأوسط»), agency
  credits in parentheses, indefinite cells (خلية إرهابية).
* **short forms**: a definite bare head (التنظيم، الوزارة، المدينة، السوق) → a nominal candidate
  that ``entities.v1`` ties to an earlier entity or drops.
* **groups and events**: المحتجين، المودعين، العراقيين; الحرب العالمية الثانية.

``classify`` tells the linker what a pattern mention is (name, role nominal, anonymous source,
anonymous anaphor, short form, person anaphor).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Sequence
from functools import lru_cache

from marsad.arabic import normalize_word
from marsad.document import Document, Mention, Token
from marsad.extract.entities import lexicon as lx
from marsad.extract.entities._kb import lexicon_is_name_like
from marsad.extract.entities._text import (
    all_facts,
    core_start,
    doc_tokens,
    has_tanwin_fath,
    is_arabic_word,
    is_definite,
    is_nisba,
    is_punct,
    key_in,
    key_of,
    proclitic,
    raw_word,
    token_keys,
    trim_span,
)

BY = "patterns.v1"

_ANONYMITY_CUE = re.compile(
    r"عدم\s+(?:ال)?(?:كشف|ذكر|نشر|الإفصاح|الكشف)|(?:رفض|فضل|فضّل|طلب|اشترط)\S*\s+عدم|شرط\s+عدم|لم\s+يكشف"
)
_QUOTED = re.compile(r"[«“\"]([^«»“”\"\n،,.؟?!:؛]{2,40}?)[»”\"]")
_PAREN = re.compile(r"\(([^()\n،,.:0-9٠-٩]{2,30})\)")
_EVENTS = re.compile(
    r"الحرب العالمية (?:الأولى|الثانية)|حرب الخليج(?: الأولى| الثانية)?|الربيع العربي|حرب أكتوبر|حرب تشرين"
)
_SOURCE_LINE = re.compile(r"^المصدر\s*:\s*([^\n]{2,30}?)\s*$", re.MULTILINE)
_NAMING_CUES = lx.keys("يسمى تسمى المسمى المسماة المعروف المعروفة يعرف")
_OUTLET_CUES = lx.keys("حديث تصريح تصريحات اتصال مقابلة حوار بيان")
_NATIONALITY_PLURALS = lx.keys(
    """
    السوريين السوريون العراقيين العراقيون اللبنانيين اللبنانيون الأردنيين الأردنيون المصريين
    المصريون اليمنيين اليمنيون السعوديين السعوديون الإيرانيين الإيرانيون الفلسطينيين
    الفلسطينيون الليبيين الليبيون التونسيين التونسيون الجزائريين الجزائريون المغاربة الفرنسيين
    الفرنسيون الأمريكيين الأمريكيون الأميركيين الأتراك الأكراد الإسرائيليين الإسرائيليون الروس
    """
)
_RETIRED = frozenset({lx.key("متقاعدين"), lx.key("المتقاعدين"), lx.key("متقاعدون")})
_SOLDIERS = frozenset({lx.key("عسكريين"), lx.key("العسكريين"), lx.key("عسكريون")})
_POSSESSIVE = ("ه", "ها", "هم")
_CIVIL_TITLES = lx.keys("الشيخ الدكتور المهندس الأستاذ السيد السيدة الحاج")
_NOT_NAMES = (lx.STOP, lx.REPORTING_VERBS, lx.ROLE_HEADS, lx.ORG_DESIGNATORS, lx.FAC_DESIGNATORS,
              lx.LOC_DESIGNATORS, lx.GPE_DESIGNATORS, lx.SHORT_FORMS, lx.DEFINITE_ORG_HEADS)
_INDEFINITE_OK = lx.keys("قوات قوى سلاح منطقة سوق طريق")
_SOURCE_WORDS = lx.keys("مصدر مصادر")
_MEMBERS = lx.keys("عناصر أشخاص أفراد أعضاء")


# ---------------------------------------------------------------------------- word marks

# Which rule can start at a token, as bits of the lexicon tables its keys are in. Worked out once
# per distinct word (``_Marks``, kept with the word's ``facts``), they let each rule skip the
# tokens where it cannot apply; every mark is implied by the first conditions of its rule, so the
# rules find exactly what they would testing every token.
_TITLE, _ROLE, _VERB, _BYLINE, _KUNYA, _NASAB, _ANONYMOUS, _SHORT, _ANAPHOR, _CELL, _GROUP, _DESIGNATED = (
    1 << k for k in range(12)
)
_PERSON_CUES = _TITLE | _ROLE | _VERB | _BYLINE | _KUNYA  # and a nasab next (_persons)
_CELL_KEY = lx.key("خلية")
_AMMA = lx.key("أما")


def _word_marks(norm: str, whole: str) -> int:
    def has(table: Collection[str]) -> bool:
        return norm in table or whole in table

    marks = 0
    if has(lx.TITLES):
        marks |= _TITLE
    if has(lx.ROLE_HEADS) or any(norm.endswith(s) and norm[: -len(s)] in lx.ROLE_HEADS for s in _POSSESSIVE):
        marks |= _ROLE
    if has(lx.REPORTING_VERBS) or norm == _AMMA:
        marks |= _VERB
    for table, mark in ((lx.BYLINE_CUES, _BYLINE), (lx.KUNYA, _KUNYA), (lx.NASAB, _NASAB),
                        (lx.ANONYMOUS_HEADS, _ANONYMOUS), (lx.SHORT_FORMS, _SHORT), (lx.PERSON_ANAPHORS, _ANAPHOR)):
        if has(table):
            marks |= mark
    if _CELL_KEY in (norm, whole):
        marks |= _CELL
    if has(lx.NORP_GROUPS) or has(_SOLDIERS) or has(_NATIONALITY_PLURALS):
        marks |= _GROUP
    if any(norm in table for table, _ in _DESIGNATOR_TABLES) or has(lx.DEFINITE_ORG_HEADS):
        marks |= _DESIGNATED
    return marks


class _Marks:
    """The word marks of a document's tokens, and where the marked ones are."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        marks: list[int] = []
        self.marks = marks
        for token, found in zip(tokens, all_facts(tokens), strict=True):
            mark = found.marks
            if mark < 0:
                mark = found.marks = _word_marks(token.norm, found.whole)
            marks.append(mark)
        self.marked = [i for i, m in enumerate(marks) if m]

    def where(self, mark: int) -> list[int]:
        """Indices of the tokens with ``mark``."""
        marks = self.marks
        return [i for i in self.marked if marks[i] & mark]


# ---------------------------------------------------------------------------- token predicates


def _word(tokens: Sequence[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _is_name_word(token: Token, *, definite_ok: bool = False, clitic_ok: str = "فبكل") -> bool:
    """Could this token be (part of) a personal name?

    A bare word the tokenizer split as proclitic + rest (فريد → ف + ريد, بنشقرون → ب + نشقرون)
    is taken whole when its first letter is in ``clitic_ok`` and it has four letters or more.
    """
    if not is_arabic_word(token) or has_tanwin_fath(token):
        return False
    clitic = proclitic(token)
    if clitic and (len(clitic) > 1 or clitic not in clitic_ok or is_definite(token) or len(token.text) < 4):
        return False
    if raw_word(token) in lx.RAW_STOP or _role_head(token) is not None:
        return False
    definite = is_definite(token)
    if definite and not definite_ok:
        return False
    if len(token.norm) < 2:
        return False
    for table in _NOT_NAMES:
        if key_in(token, table):
            return False
    return not (definite and key_in(token, lx.TITLES))


def _is_stop(token: Token) -> bool:
    return key_in(token, lx.STOP) or raw_word(token) in lx.RAW_STOP


def _is_title(token: Token) -> bool:
    return is_definite(token) and proclitic(token) in ("", "و") and key_in(token, lx.TITLES)


def _role_head(token: Token) -> str | None:
    """The role key of a role noun, also with a possessive suffix (محاميه → محامي)."""
    found = key_of(token, lx.ROLE_HEADS)
    if found is not None:
        return found
    norm = token.norm
    if is_definite(token) or not token.text.endswith(("ه", "ها", "هم")):
        return None
    for suffix in _POSSESSIVE:
        if norm.endswith(suffix) and norm[: -len(suffix)] in lx.ROLE_HEADS:
            return norm[: -len(suffix)]
    return None


_DESIGNATOR_TABLES = (
    (lx.ORG_DESIGNATORS, "ORG"),
    (lx.FAC_DESIGNATORS, "FAC"),
    (lx.LOC_DESIGNATORS, "LOC"),
    (lx.GPE_DESIGNATORS, "GPE"),
)


def _designator(token: Token) -> tuple[str, str] | None:
    """(type, kind) when the token is a name's designator head."""
    norm = token.norm
    for table, type_ in _DESIGNATOR_TABLES:
        if norm in table:  # the norm only: وأدى is not وادي
            return type_, table[norm]
    return None


def _is_adjective(token: Token) -> bool:
    """An identifying adjective continuing a definite name (العراقية، العامة، المركزي)."""
    if not is_definite(token) or proclitic(token):
        return False
    if key_in(token, lx.TITLES) or key_in(token, lx.ROLE_HEADS) or key_in(token, lx.NOT_NAME_ADJECTIVES):
        return False
    return is_nisba(token) or key_in(token, lx.NAME_ADJECTIVES)


# ---------------------------------------------------------------------------- noun phrases


def _construct(tokens: Sequence[Token], i: int, *, max_indefinite: int = 2, open_end: bool = False) -> int | None:
    """End of a genitive complement starting at ``i``: up to ``max_indefinite`` bare nouns
    closed by a definite noun (العمليات; صحة الرصافة; أمن الدولة). With ``open_end`` a bare word
    before a boundary also closes it (سجن غويران، شارع ويغان). None when nothing fits."""
    j = i
    count = 0
    while j < len(tokens):
        token = tokens[j]
        if is_punct(token) or (not is_arabic_word(token) and not token.text.isdigit()):
            break
        if proclitic(token):
            break
        if is_definite(token):
            if key_in(token, lx.TITLES) or key_in(token, lx.NOT_NAME_ADJECTIVES):
                break  # وكالة أعماق التابعة له
            return j + 1
        if _is_stop(token) or key_in(token, lx.REPORTING_VERBS) or has_tanwin_fath(token):
            break
        if _role_head(token) is not None or is_nisba(token) or (count and key_in(token, lx.DIRECTIONS)):
            break  # مرتبطة بـ، عسكري تقوده: not a genitive; جازان جنوب المملكة
        count += 1
        j += 1
        nxt = _word(tokens, j)
        if open_end and _proper_noun(token) and not (nxt is not None and nxt.norm == "الله"):
            return j  # a name takes no genitive: تنظيم داعش الهجوم is تنظيم داعش + الهجوم
        if count >= max_indefinite:
            break
    if open_end and count and j > i:
        if count == 1 and tokens[j - 1].norm.endswith("ه"):
            return None  # خلية صغيرة، منشأة تابعة: an adjective, not a name
        nxt = _word(tokens, j)
        if nxt is None or is_punct(nxt) or _is_stop(nxt) or proclitic(nxt) or is_definite(nxt):
            return j
    return None


def _proper_noun(token: Token) -> bool:
    """A word the lexicon has only as a proper noun, or not at all (داعش، غويران، أرامكو)."""
    name_like = lexicon_is_name_like()
    return name_like is not None and name_like(normalize_word(token.text))


def _modifiers(tokens: Sequence[Token], j: int, *, after_genitive: bool, lam: bool = True) -> int:
    """Extend a name past adjectives, ل-complements (``lam``) and one coordinated noun."""
    coordinated = False
    while j < len(tokens):
        token = tokens[j]
        clitic = proclitic(token)
        if _is_adjective(token):
            j += 1
            after_genitive = False
            continue
        if lam and clitic == "ل" and is_arabic_word(token) and not _is_stop(token):
            if is_definite(token):  # للدراسات، للأبحاث
                j += 1
                after_genitive = True
                continue
            end = _construct(tokens, j + 1, max_indefinite=1)
            if end is not None and not key_in(token, lx.TITLES):  # لحقوق الإنسان، لدول الخليج
                j = end
                after_genitive = True
                continue
            break
        if clitic == "و" and is_definite(token) and after_genitive and not coordinated and is_arabic_word(token):
            if key_in(token, lx.TITLES):
                break
            j += 1  # المال والموازنة، الاستخبارات والتحقيقات
            coordinated = True
            continue
        break
    return j


def _designated_name(tokens: Sequence[Token], i: int) -> tuple[int, str, str] | None:
    """(end, type, kind) of a name headed by a designator at ``i``."""
    head = tokens[i]
    found = _designator(head)
    definite_head = is_definite(head)
    if found is None:
        if definite_head and key_in(head, lx.DEFINITE_ORG_HEADS):
            found = ("ORG", lx.DEFINITE_ORG_HEADS[head.norm])
        else:
            return None
    type_, kind = found
    if definite_head:
        # الجيش السوري، المرصد السوري لحقوق الإنسان، الحرس الوطني: needs an identifying modifier
        end = _modifiers(tokens, i + 1, after_genitive=False, lam=type_ == "ORG")
        if end == i + 1:
            return None
        if type_ == "GPE":
            type_ = "LOC"  # المدينة القديمة
        return end, type_, kind
    if key_in(head, lx.DEFINITE_ONLY_DESIGNATORS) and not key_in(head, _INDEFINITE_OK):
        return None
    closed = _construct(tokens, i + 1, open_end=True)
    if closed is None:
        return None
    end = closed
    if end == i + 2 and key_in(tokens[i + 1], lx.SHORT_FORMS) and is_definite(tokens[i + 1]):
        return None  # قيادة التنظيم، مقر المكتب: a part of an entity named by its short form
    end = _modifiers(tokens, end, after_genitive=True, lam=type_ == "ORG")
    return end, type_, kind


# ---------------------------------------------------------------------------- personal names


def _name_end(tokens: Sequence[Token], i: int, *, first_definite_ok: bool = False, first_clitic_ok: str = "فبكل"
              ) -> int | None:
    """End of a personal name starting at ``i`` (1 to 4 parts), or None."""
    token = _word(tokens, i)
    if token is None:
        return None
    if key_in(token, lx.KUNYA) and not token.prefix:
        return _kunya_end(tokens, i)
    if token.norm == "عبد" and not token.prefix:
        nxt = _word(tokens, i + 1)
        if nxt is None or not _is_name_word(nxt, definite_ok=True):
            return None
        j = i + 2
    elif _is_name_word(token, definite_ok=first_definite_ok, clitic_ok=first_clitic_ok):
        if is_definite(token):
            return _definite_name_end(tokens, i)
        j = i + 1
    else:
        return None
    parts = 1
    while j < len(tokens) and parts < 4:
        token = tokens[j]
        if token.norm == "عبد" and token.prefix in ("", "ال"):
            nxt = _word(tokens, j + 1)
            if nxt is None or not _is_name_word(nxt, definite_ok=True):
                break
            j += 2
            parts += 1
            if token.prefix:
                break
            continue
        if key_in(token, lx.NASAB) and not token.prefix:
            nxt = _word(tokens, j + 1)
            if nxt is None or not _is_name_word(nxt, definite_ok=True):
                break
            j += 2
            after = _word(tokens, j)
            if after is not None and is_definite(after) and not proclitic(after) and is_nisba(after):
                j += 1
            break
        if is_definite(token) and not proclitic(token):
            if key_in(token, lx.TITLES) and _ends_clause(tokens, j + 1):
                return j + 1  # سعاد الحاج
            if not _is_name_word(token, definite_ok=True):
                break
            return _definite_name_end(tokens, j)
        if _is_name_word(token, clitic_ok="فبكل" if parts == 1 else "فبك"):
            j += 1
            parts += 1
            continue
        break
    return j


def _definite_name_end(tokens: Sequence[Token], j: int) -> int:
    """A family name with the article ends the name, save العبد الله-type compounds."""
    token = tokens[j]
    nxt = _word(tokens, j + 1)
    if token.norm == "عبد" and nxt is not None and not nxt.prefix and is_arabic_word(nxt):
        return j + 2
    return j + 1


def _kunya_end(tokens: Sequence[Token], i: int) -> int | None:
    """أبو زكريا البادي، أبي حمزة، أم خالد: particle + given name (+ nisba)."""
    particle = tokens[i]
    if has_tanwin_fath(particle) or particle.prefix:
        return None
    nxt = _word(tokens, i + 1)
    if nxt is None or not _is_name_word(nxt) or key_in(nxt, lx.KINSHIP):
        return None
    if particle.norm == lx.key("أم"):
        before = _word(tokens, i - 1)
        if before is not None and (has_tanwin_fath(before) or _is_stop(before)):
            return None  # عاجلاً أم آجلاً; هل ... أم
    end = i + 2
    after = _word(tokens, end)
    if after is not None and is_definite(after) and not proclitic(after) and is_nisba(after) and _is_name_word(
        after, definite_ok=True
    ):
        end += 1
    return end


# ---------------------------------------------------------------------------- role phrases


def _role_phrase(tokens: Sequence[Token], i: int) -> int | None:
    """End of a role phrase headed at ``i`` (وزير الداخلية العراقي، المتحدث باسم الوزارة،
    الباحث في الشؤون الأمنية بمركز ...، زعيم الخلية، المبعوث الأممي إلى اليمن), or None."""
    head = tokens[i]
    role = _role_head(head)
    if role is None or proclitic(head) not in ("", "و", "ف") or not is_arabic_word(head):
        return None
    definite = is_definite(head)
    j = i + 1
    has_complement = False
    construct = False
    # adjectives agreeing with the head (المتحدث الرسمي، مقاتل سابق، الخبير الأمني)
    while (token := _word(tokens, j)) is not None and not proclitic(token):
        if key_in(token, lx.ROLE_ADJECTIVES) and is_definite(token) == definite:
            j += 1
            has_complement = True
            continue
        break
    token = _word(tokens, j)
    if role == lx.key("مشتبه"):
        return j + 1 if token is not None and token.text in ("به", "بها") else None
    if token is not None and not definite and j == i + 1 and not proclitic(token) and (
        is_definite(token) or _designator(token)
    ):
        # construct: وزير الداخلية، رئيس المحكمة، زعيم الخلية، مدير المكتب المركزي للأبحاث القضائية
        if key_in(token, lx.TITLES) and is_definite(token):
            return None
        found = _designated_name(tokens, j)
        if found is not None:
            j = found[0]
        elif is_definite(token):
            j = _role_complement(tokens, j)
        else:
            return None
        has_complement = construct = True
    elif token is not None and definite and j == i + 1 and not proclitic(token) and token.norm == lx.key("الوزراء"):
        j += 1
        has_complement = True
    token = _word(tokens, j)
    if token is not None and token.norm == lx.key("اسم") and proclitic(token) == "ب":  # باسم X
        end = _org_complement(tokens, j + 1)
        if end is None:
            return None
        j = end
        has_complement = True
    elif token is not None and not construct:
        preposition = token.text if token is not None else ""
        fits = (preposition == "في" and role in lx.IN_COMPLEMENT_HEADS) or (
            preposition in ("إلى", "الى", "لدى") and role in lx.TO_COMPLEMENT_HEADS
        )
        end = _org_complement(tokens, j + 1) if fits else None
        if end is not None:
            j = end
            has_complement = True
            nxt = _word(tokens, j)
            if nxt is not None and proclitic(nxt) == "ب" and not is_definite(nxt) and _designator(nxt):
                found = _designated_name(tokens, j)  # بمركز الفرات للدراسات الاستراتيجية
                if found is not None:
                    j = found[0]
    if role in lx.ROLE_NEEDS_COMPLEMENT and not has_complement:
        return None
    if not definite and not has_complement:
        return None
    return j


def _role_complement(tokens: Sequence[Token], j: int) -> int:
    """The definite complement of a role head: الداخلية (والبلديات) (العراقي); الخلية; الإثبات الأول."""
    j += 1
    token = _word(tokens, j)
    if token is not None and proclitic(token) == "و" and is_definite(token) and is_arabic_word(token):
        j += 1  # الداخلية والبلديات
    while (token := _word(tokens, j)) is not None and (
        _is_adjective(token) or (is_definite(token) and not proclitic(token) and key_in(token, lx.ROLE_ADJECTIVES))
    ):
        j += 1
    return j


def _org_complement(tokens: Sequence[Token], j: int) -> int | None:
    """An organisation after باسم / في: a designated name, a quoted name, a definite noun
    phrase (الوزارة، الأمن العام، الشؤون الأمنية، الجماعات المتطرفة) or a proper noun."""
    token = _word(tokens, j)
    if token is None:
        return None
    if token.text in ("«", "“", '"'):
        k = j + 1
        while k < len(tokens) and k < j + 6 and tokens[k].text not in ("»", "”", '"'):
            k += 1
        return k + 1 if k < len(tokens) and k < j + 6 else None
    found = _designated_name(tokens, j) if not proclitic(token) else None
    if found is not None:
        end = found[0]
        nxt = _word(tokens, end)
        if found[0] == j + 1 and nxt is not None and not nxt.prefix and is_arabic_word(nxt):
            end += 1  # تنظيم داعش
        return end
    if proclitic(token) or not is_arabic_word(token):
        return None
    if is_definite(token):
        end = _modifiers(tokens, j + 1, after_genitive=True)
        nxt = _word(tokens, end)
        if end == j + 1 and nxt is not None and is_definite(nxt) and not proclitic(nxt) and is_arabic_word(nxt) and (
            not key_in(nxt, lx.TITLES) and not key_in(nxt, lx.ROLE_HEADS)
        ):
            end += 1  # الجماعات المتطرفة
        return end
    if _is_stop(token) or key_in(token, lx.REPORTING_VERBS):
        return None
    if _designator(token) is not None:
        nxt = _word(tokens, j + 1)  # جماعة أنصار الله، تنظيم داعش
        if nxt is not None and not nxt.prefix and is_arabic_word(nxt):
            chain = _construct(tokens, j + 1, max_indefinite=2, open_end=True)
            return chain if chain is not None else j + 2
    chain = _construct(tokens, j, max_indefinite=2, open_end=True)
    if chain is None:
        return None
    end = chain
    return _modifiers(tokens, end, after_genitive=True)


# ---------------------------------------------------------------------------- the matcher


class _Builder:
    """Collects mentions, one per (span, type)."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.mentions: list[Mention] = []
        self._seen: set[tuple[int, int, str]] = set()

    def add(self, start: int, end: int, type_: str, kind: str = "name", role: str | None = None,
            confidence: float = 0.7) -> Mention | None:
        start, end = trim_span(self.text, start, end)
        if start >= end:
            return None
        key = (start, end, type_)
        if key in self._seen:
            for m in self.mentions:
                if (m.start, m.end, m.type) == key and role and not m.role:
                    m.role = role
            return None
        self._seen.add(key)
        mention = Mention(start, end, self.text[start:end], type_, kind, BY, confidence, (), role)
        self.mentions.append(mention)
        return mention

    def add_tokens(self, tokens: Sequence[Token], first: int, last: int, type_: str, kind: str = "name",
                   role: str | None = None, confidence: float = 0.7) -> Mention | None:
        if first >= last:
            return None
        start = core_start(tokens[first])
        if type_ == "PER" and kind == "name" and not is_definite(tokens[first]):
            start = tokens[first].start  # a name's first letter is never a proclitic (فريد، وسيم)
        return self.add(start, tokens[last - 1].end, type_, kind, role, confidence)


def _span_text(text: str, tokens: Sequence[Token], first: int, last: int) -> str:
    start, end = trim_span(text, core_start(tokens[first]), tokens[last - 1].end)
    return text[start:end]


def _skip_titles(tokens: Sequence[Token], j: int) -> tuple[int, int]:
    """Skip a comma and titles (اللواء، العميد الركن) after a role phrase: (title start, name start)."""
    token = _word(tokens, j)
    if token is not None and token.text in ("،", ","):
        j += 1
    start = j
    while (token := _word(tokens, j)) is not None and _is_title(token):
        j += 1
        while (token := _word(tokens, j)) is not None and key_in(token, lx.TITLE_MODIFIERS):
            j += 1
    return start, j


def _after_title(doc: Document, tokens: Sequence[Token], i: int, out: _Builder) -> int | None:
    """Titles at ``i`` and the name after them; returns where the name ends."""
    text = doc.text
    title_start, name_start = _skip_titles(tokens, i)
    if name_start == title_start:
        return None
    name_end = _name_end(tokens, name_start, first_definite_ok=True, first_clitic_ok="وفبكل")
    if name_end is None or _place_like_title(tokens, i, name_start, name_end):
        return None
    weak = all(key_in(tokens[k], lx.WEAK_TITLES) for k in range(title_start, name_start) if _is_title(tokens[k]))
    if weak and name_end - name_start < 2:
        return None  # الشيخ زويد، السيد المسيح
    title = _span_text(text, tokens, title_start, name_start)
    out.add_tokens(tokens, name_start, name_end, "PER", "name", title)
    if key_in(tokens[name_start - 1], lx.PLURAL_TITLES) or key_in(tokens[i], lx.PLURAL_TITLES):
        nxt = _word(tokens, name_end)  # المستشارين سامح عبد المنعم ووليد حسن الطوخي
        if nxt is not None and proclitic(nxt) == "و" and not is_definite(nxt):
            second = _coordinated_name_end(tokens, name_end)
            if second is not None:
                out.add(nxt.start + len(nxt.prefix), tokens[second - 1].end, "PER", "name", title)
                name_end = second
    return name_end


def _persons(doc: Document, tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    text = doc.text
    # a cue at i (title, role, reporting verb, byline, kunya) or a nasab after it; elsewhere
    # nothing below applies and the scan just moves on
    cues = sorted({*marks.where(_PERSON_CUES), *(k - 1 for k in marks.where(_NASAB) if k > 0)})
    i = 0
    for cue in cues:
        if cue < i:
            continue  # inside what was found already
        i = cue
        token = tokens[i]
        if _is_title(token):
            name_end = _after_title(doc, tokens, i, out)
            if name_end is not None:
                i = name_end
                continue
        # a role phrase, then perhaps titles and the name it introduces
        end = _role_phrase(tokens, i) if not _is_anonymous_head(tokens, i) and not _is_title(token) else None
        if end is not None:
            role = _span_text(text, tokens, i, end)
            out.add_tokens(tokens, i, end, "PER", "nominal", role)
            title_start, name_start = _skip_titles(tokens, end)
            if name_start > title_start:
                name_end = _after_title(doc, tokens, title_start, out)
            else:
                name_end = _name_end(tokens, name_start, first_clitic_ok="وفبكل")
                if name_end is not None and name_end - name_start >= 2 and _ends_clause(tokens, name_end):
                    out.add_tokens(tokens, name_start, name_end, "PER", "name", role)
                else:
                    name_end = None
            i = name_end if name_end is not None else end
            continue
        if key_in(token, lx.REPORTING_VERBS) or token.norm == lx.key("أما"):
            name_end = _name_end(tokens, i + 1)
            if name_end is not None and name_end - (i + 1) >= 2 and _ends_clause(tokens, name_end) and (
                _name_hint(tokens, i + 1, name_end)
            ):
                out.add_tokens(tokens, i + 1, name_end, "PER", "name")
                i = name_end
                continue
        if key_in(token, lx.BYLINE_CUES) and _word(tokens, i + 1) is not None and tokens[i + 1].text == ":":
            name_end = _name_end(tokens, i + 2)
            if name_end is not None:
                out.add_tokens(tokens, i + 2, name_end, "PER", "name")
                i = name_end
                continue
        if key_in(token, lx.KUNYA) and not token.prefix:
            kunya_end = _kunya_end(tokens, i)
            if kunya_end is not None:
                out.add_tokens(tokens, i, kunya_end, "PER", "name")
                i = kunya_end
                continue
        nasab = _word(tokens, i + 1)
        if nasab is not None and key_in(nasab, lx.NASAB) and not nasab.prefix and _is_name_word(token):
            name_end = _name_end(tokens, i)
            after = _word(tokens, i + 2)
            if name_end is not None and name_end >= i + 3 and after is not None and not key_in(after, lx.KINSHIP) and (
                _name_hint(tokens, i, i + 1)
            ):
                out.add_tokens(tokens, i, name_end, "PER", "name")
                i = name_end
                continue
        i += 1


def _name_hint(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Whether a word of tokens[first:last] looks like a name to the NER's lexicon: a proper
    noun or a word it does not know (غادر، بلاغ صادر، وسائل إعلام are ordinary words).
    True when no lexicon is available."""
    name_like = lexicon_is_name_like()
    if name_like is None:
        return True
    for token in tokens[first:last]:
        whole = normalize_word(token.text)
        if name_like(whole) or (is_definite(token) and name_like(token.norm)):
            return True
    return False


def _place_like_title(tokens: Sequence[Token], title: int, first: int, last: int) -> bool:
    """الشيخ زويد is a town: الشيخ + one bare word right after a place designator."""
    before = _word(tokens, title - 1)
    return before is not None and _designator(before) is not None and last - first == 1


def _coordinated_name_end(tokens: Sequence[Token], j: int) -> int | None:
    first = tokens[j]
    if not is_arabic_word(first) or _is_stop(first):
        return None
    end = j + 1
    parts = 1
    while end < len(tokens) and parts < 4:
        token = tokens[end]
        if is_definite(token) and not proclitic(token) and _is_name_word(token, definite_ok=True):
            return end + 1
        if _is_name_word(token, clitic_ok="فبك"):
            end += 1
            parts += 1
            continue
        if token.norm == "عبد" and not token.prefix and end + 1 < len(tokens):
            end += 2
            parts += 1
            continue
        break
    return end if parts >= 2 else None


def _ends_clause(tokens: Sequence[Token], j: int) -> bool:
    """After a name introduced by a verb: punctuation, a function word, a clitic or the end."""
    token = _word(tokens, j)
    if token is None or is_punct(token) or _is_stop(token) or raw_word(token) in lx.RAW_STOP:
        return True
    return bool(proclitic(token)) or not is_arabic_word(token)


def _is_anonymous_head(tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    if not key_in(token, lx.ANONYMOUS_HEADS) or is_definite(token):
        return False
    nxt = _word(tokens, i + 1)
    return nxt is not None and not nxt.prefix and key_in(nxt, lx.ANONYMOUS_ADJECTIVES)


def _anonymous(doc: Document, tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    for i in marks.where(_ANONYMOUS):
        token = tokens[i]
        if not key_in(token, lx.ANONYMOUS_HEADS) or proclitic(token) not in ("", "ل", "و", "ف", "ب", "وب", "ول"):
            continue
        if is_definite(token):
            if key_in(token, _SOURCE_WORDS):
                nxt = _word(tokens, i + 1)
                line_start = doc.text.rfind("\n", 0, token.start) + 1
                if nxt is not None and nxt.text == ":" and not doc.text[line_start : token.start].strip():
                    continue  # المصدر: رويترز (a credit line)
                end = i + 1
                if nxt is not None and is_definite(nxt) and not proclitic(nxt) and key_in(nxt, lx.ANONYMOUS_ADJECTIVES):
                    end += 1
                out.add_tokens(tokens, i, end, "PER", "nominal", None, 0.6)
            continue
        j = i + 1
        while (nxt := _word(tokens, j)) is not None and j < i + 4:
            clitic = proclitic(nxt)
            if not is_definite(nxt) and clitic in ("", "و") and (
                key_in(nxt, lx.ANONYMOUS_ADJECTIVES) or (j > i and _is_indefinite_nisba(nxt) and clitic == "")
            ):
                j += 1
                continue
            break
        if j == i + 1:
            nxt = _word(tokens, j)
            if nxt is None or nxt.text != "في":
                continue
            complement = _org_complement(tokens, j + 1)
            if complement is None or complement > j + 4:
                continue
            sentence = _sentence_text(doc, token.start)
            verb_before = i > 0 and key_in(tokens[i - 1], lx.REPORTING_VERBS)
            if not verb_before and not _ANONYMITY_CUE.search(sentence):
                continue
            j = complement
        out.add_tokens(tokens, i, j, "PER", "nominal", None, 0.8)


def _is_indefinite_nisba(token: Token) -> bool:
    return is_nisba(token) and not is_definite(token) and is_arabic_word(token) and not _is_stop(token)


def _sentence_text(doc: Document, offset: int) -> str:
    for start, end in doc.sentences:
        if start <= offset < end:
            return doc.text[start:end]
    line_start = doc.text.rfind("\n", 0, offset) + 1
    line_end = doc.text.find("\n", offset)
    return doc.text[line_start : line_end if line_end >= 0 else len(doc.text)]


def _designated(tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    covered = 0  # inside a name found already, only an indefinite head starts another one
    for i in marks.where(_DESIGNATED):
        token = tokens[i]
        if not is_arabic_word(token) or proclitic(token) not in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "ك"):
            continue
        if i < covered and is_definite(token):
            continue
        found = _designated_name(tokens, i)
        if found is None:
            continue
        end = found[0]
        out.add_tokens(tokens, i, end, found[1], "name", None, 0.6)
        covered = max(covered, end)


def _short_forms(tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    for i in marks.where(_SHORT):
        token = tokens[i]
        if not is_definite(token) or not key_in(token, lx.SHORT_FORMS) or not is_arabic_word(token):
            continue
        nxt = _word(tokens, i + 1)
        if nxt is not None and _is_adjective(nxt):
            continue
        types = lx.SHORT_FORMS[token.norm][0]
        type_ = "ORG" if "ORG" in types else sorted(types)[0]
        out.add_tokens(tokens, i, i + 1, type_, "nominal", None, 0.5)
    for i in marks.where(_ANAPHOR):
        token = tokens[i]
        if key_in(token, lx.PERSON_ANAPHORS) and is_definite(token):
            out.add_tokens(tokens, i, i + 1, "PER", "pronoun", None, 0.4)


def _cells(tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    """An indefinite cell introduced in the text: خلية إرهابية، خلية مرتبطة بتنظيم داعش."""
    for i in marks.where(_CELL):
        token = tokens[i]
        if _CELL_KEY not in token_keys(token) or is_definite(token) or proclitic(token) not in ("", "و", "ب", "ل"):
            continue
        nxt = _word(tokens, i + 1)
        if nxt is None or is_definite(nxt) or is_punct(nxt):
            continue
        end = i + 1
        if nxt.text == "من":  # خلية من أربعة عناصر
            k = i + 2
            while k < len(tokens) and k < i + 5 and not is_punct(tokens[k]):
                k += 1
                if key_in(tokens[k - 1], _MEMBERS):
                    end = k
                    break
        elif _is_indefinite_nisba(nxt):
            end = i + 2  # خلية إرهابية
        out.add_tokens(tokens, i, end, "ORG", "nominal", None, 0.5)


def _groups(tokens: Sequence[Token], marks: _Marks, out: _Builder) -> None:
    for i in marks.where(_GROUP):
        token = tokens[i]
        if not is_arabic_word(token) or proclitic(token) not in ("", "و", "ب", "ل", "ف", "وب", "ول"):
            continue
        if is_definite(token) and key_in(token, lx.NORP_GROUPS):
            out.add_tokens(tokens, i, i + 1, "NORP", "name", None, 0.6)
            continue
        if key_in(token, _SOLDIERS):
            nxt = _word(tokens, i + 1)
            if nxt is not None and key_in(nxt, _RETIRED) and is_definite(nxt) == is_definite(token):
                out.add_tokens(tokens, i, i + 2, "NORP", "name", None, 0.6)
            continue
        if is_definite(token) and key_in(token, _NATIONALITY_PLURALS):
            before = _word(tokens, i - 1)
            if before is None or not is_definite(before) or is_punct(before):
                out.add_tokens(tokens, i, i + 1, "NORP", "name", None, 0.6)


def _quoted_and_credits(doc: Document, tokens: Sequence[Token], out: _Builder) -> None:
    text = doc.text
    for match in _QUOTED.finditer(text):
        inner_start, inner_end = match.span(1)
        inner = match.group(1).strip()
        words = inner.split()
        if not inner or len(words) > 4 or any(lx.key(w) in lx.STOP or w in lx.RAW_STOP for w in words):
            continue
        k = _token_before(tokens, match.start())
        type_ = _quoted_type(tokens, k)
        if type_ is not None:
            out.add(inner_start, inner_end, type_, "name", None, 0.6)
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        if not inner or len(inner.split()) > 3 or not is_arabic_text(inner):
            continue
        line_end = text.find("\n", match.end())
        rest = text[match.end() : line_end if line_end >= 0 else len(text)].strip()
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()].strip()
        credit = not rest or rest in ("-", "–", "—") or (before.endswith(("-", "–", "—")) and rest[:1] in "-–—")
        k = _token_before(tokens, match.start())
        alias = k is not None and _is_adjective(tokens[k])  # وكالة الأنباء السعودية (واس)
        if credit or alias:
            out.add(match.start(1), match.end(1), "ORG", "name", None, 0.6)
    for match in _SOURCE_LINE.finditer(text):
        out.add(match.start(1), match.end(1), "ORG", "name", None, 0.6)
    for match in _EVENTS.finditer(text):
        out.add(match.start(), match.end(), "EVENT", "name", None, 0.7)


def is_arabic_text(text: str) -> bool:
    return any("\u0621" <= c <= "\u064a" for c in text)


def _token_before(tokens: Sequence[Token], offset: int) -> int | None:
    """Index of the last token starting before ``offset`` (tokens are in text order)."""
    k = bisect_left(tokens, offset, key=_token_start) - 1
    return k if k >= 0 else None


def _token_start(token: Token) -> int:
    return token.start


def _quoted_type(tokens: Sequence[Token], k: int | None) -> str | None:
    """The type of a quoted name from the word before its opening quote, or None."""
    if k is None:
        return None
    token = tokens[k]
    if token.text in ("لـ", "ل", "بـ", "ب"):
        before = _word(tokens, k - 1)
        if token.text.startswith("ل") or (before is not None and key_in(before, _NAMING_CUES)):
            return "ORG"  # في حديث لـ«الشرق الأوسط»؛ المعروفة إعلامياً بـ«...»
        return None
    if _is_stop(token) and token.text in ("مع",):
        return "ORG" if any(key_in(tokens[x], _OUTLET_CUES) for x in range(max(0, k - 3), k)) else None
    if key_in(token, _NAMING_CUES) or token.norm == lx.key("اسم"):
        return "ORG"
    found = _designator(token)
    if found is not None and not is_definite(token):
        return found[0]  # تنظيم "ولاية سيناء"، مسرح «باتاكلان»، قناة «المسيرة»
    if _is_adjective(token) and any(_designator(tokens[x]) for x in range(max(0, k - 3), k)):
        return "ORG"  # وكالة الأنباء السورية «سانا»
    return None


def find_pattern_mentions(doc: Document) -> list[Mention]:
    """All pattern mentions of ``doc`` (see the module docstring)."""
    tokens = doc_tokens(doc)
    out = _Builder(doc)
    marks = _Marks(tokens)
    _persons(doc, tokens, marks, out)
    _anonymous(doc, tokens, marks, out)
    _designated(tokens, marks, out)
    _cells(tokens, marks, out)
    _quoted_and_credits(doc, tokens, out)
    _groups(tokens, marks, out)
    _short_forms(tokens, marks, out)
    return sorted(out.mentions, key=lambda m: (m.start, -m.end))


def pattern_mentions_step(doc: Document) -> None:
    """Add the pattern mentions to ``doc.mentions``."""
    doc.mentions.extend(find_pattern_mentions(doc))


# ---------------------------------------------------------------------------- classification

ANONYMOUS = "anonymous"
ANONYMOUS_ANAPHOR = "anonymous_anaphor"
ROLE = "role"
SHORT_FORM = "short_form"
PERSON_ANAPHOR = "person_anaphor"
NAME = "name"


def classify(mention: Mention, text: str | None = None) -> str:
    """What a mention is, for the linker: one of the constants above. ``text`` (the document's)
    tells a short form after لل (للتنظيم → تنظيم) from an indefinite word."""
    person_nominal = mention.type == "PER" and mention.kind != "name"
    if not person_nominal and mention.kind != "nominal":
        return NAME  # most mentions: names of any type
    words = mention.text.split()
    if not words:
        return NAME
    first = words[0]
    definite = first.startswith("ال") or (text is not None and text[max(0, mention.start - 2) : mention.start] == "لل")
    key = lx.key(first) if first.startswith("ال") else normalize_word(first)
    if person_nominal:
        if key in lx.ANONYMOUS_HEADS and not definite:
            return ANONYMOUS
        if key in (lx.key("مصدر"), lx.key("مصادر")) and definite:
            return ANONYMOUS_ANAPHOR
        if key in lx.PERSON_ANAPHORS and len(words) == 1:
            return PERSON_ANAPHOR
        return ROLE
    if mention.kind == "nominal" and len(words) == 1 and definite and key in lx.SHORT_FORMS:
        return SHORT_FORM
    return NAME


@lru_cache(maxsize=1 << 12)
def role_key(role: str) -> tuple[str, str]:
    """(head group, full key) of a role phrase: المتحدث العسكري باسم الجماعة → (spokesperson, ...)."""
    words = role.split()
    head = lx.key(words[0]) if words else ""
    for suffix in _POSSESSIVE:
        if head not in lx.ROLE_HEADS and head.endswith(suffix) and head[: -len(suffix)] in lx.ROLE_HEADS:
            head = head[: -len(suffix)]
    group = lx.ROLE_SYNONYMS.get(head, head)
    return group, " ".join(lx.key(w) for w in words)


def role_kind(role: str | None) -> str | None:
    """The entity kind a role or title suggests (government, expert, state_security ...)."""
    if not role:
        return None
    head = lx.key(role.split()[0])
    if head in lx.TITLES:
        return None if head in _CIVIL_TITLES else "state_security"
    for suffix in ("", *_POSSESSIVE):
        stem = head[: -len(suffix)] if suffix and head.endswith(suffix) else head
        if stem in lx.ROLE_HEADS:
            kind = lx.ROLE_HEADS[stem]
            if kind == "spokesperson":
                return None  # a spokesperson's sector is the organisation's, not known here
            return kind
    return None
