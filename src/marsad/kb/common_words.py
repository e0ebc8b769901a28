"""The frequent common words of the arramooz lexicon, derived at run time from the installed
packages ``arramooz-pysqlite`` (word-frequency table, dictionary, stop words) and ``libqutrub``
(verb conjugation).

Both packages are GPL-licensed, so marsad (Apache-2.0) does not ship a list derived from them:
``frequent_common_words`` computes it from the installed packages, and ``marsad.kb.filters``
keeps the words' matching keys in memory and in a cache file (see ``filters.common_keys``).
``scripts/build_kb.py`` uses the same words to refuse city aliases and ``Lexicon`` to pick
canonical city names.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from marsad.kb.model import alias_key

__all__ = [
    "FREQUENCY",
    "Lexicon",
    "arramooz_data",
    "frequent_common_words",
    "noun_forms",
    "source_versions",
    "strip_tashkeel",
    "verb_forms",
]

FREQUENCY = 20_000  # arramooz corpus count from which a common word is "frequent" (about 4,000 lemmas)
_TASHKEEL = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_ADJECTIVE_TYPES = ("صفة", "اسم فاعل", "اسم مفعول", "صيغة")


def strip_tashkeel(text: str) -> str:
    return " ".join(_TASHKEEL.sub("", text).split())


def source_versions() -> tuple[tuple[str, str], ...]:
    """The installed versions of the packages the words come from."""
    return tuple((name, version(name)) for name in ("arramooz-pysqlite", "libqutrub"))


def frequent_common_words(threshold: int = FREQUENCY) -> list[str]:
    """``common_words`` of the installed lexicon (about 10 s: cache the result)."""
    return common_words(Lexicon.load(), threshold)


def arramooz_data() -> Path:
    import arramooz  # type: ignore[import-untyped]

    return Path(arramooz.__file__).with_name("data")


@dataclass
class Lexicon:
    """arramooz's word-frequency table by matching key: counts as common word and as proper
    noun, and the common words (with their vocalized form and type) behind each key."""

    common: Counter[str] = field(default_factory=Counter)
    proper: Counter[str] = field(default_factory=Counter)
    words_of: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)  # key → (word, vocalized, type)

    @classmethod
    def load(cls) -> Lexicon:
        lexicon = cls()
        with sqlite3.connect(arramooz_data() / "wordfreq.sqlite") as db:
            rows = db.execute("SELECT unvocalized, vocalized, word_type, freq, future_type FROM wordfreq")
            for word, vocalized, word_type, count, _future in rows:
                word = strip_tashkeel(word or "")
                key = alias_key(word)
                if not key:
                    continue
                if word_type == "noun_prop":
                    lexicon.proper[key] += int(count)
                else:
                    lexicon.common[key] += int(count)
                    lexicon.words_of.setdefault(key, set()).add((word, vocalized or word, word_type or ""))
        return lexicon


def noun_forms(word: str, *, adjective: bool, masculine_plural: bool, feminine_plural: bool) -> list[str]:
    """Regular forms of a noun or adjective that running text writes often: the accusative
    (كبيرا), dual, sound plurals (سلطات, مسؤولون), with the pronouns ه and ها (قراره, which
    folds like a name in ة) and, for adjectives, the feminine."""
    if word.endswith("ة"):
        stem = word[:-1]
        return [stem + "ات", stem + "تان", stem + "تين", stem + "ته", stem + "تها"]
    if word.endswith(("ا", "ى", "اء", "ء")):
        return []
    forms = [word + "ان", word + "ين", word + "ه", word + "ها"]
    if not word.endswith("ي"):  # سوريا is the country far more often than سوريًّا, Syrian-ly
        forms.append(word + "ا")
    if masculine_plural:
        forms.append(word + "ون")
    if feminine_plural or adjective:
        forms += [word + "ات", word + "ة"] if adjective else [word + "ات"]
    return forms


def verb_forms(vocalized: str, future_type: str, transitive: bool) -> set[str]:
    """Past and present forms of a verb (libqutrub): كشفت، بدأنا، يشير ..."""
    from libqutrub import classverb, verb_const  # type: ignore[import-untyped]

    pronouns = (
        verb_const.PronounHuwa, verb_const.PronounHya, verb_const.PronounHum, verb_const.PronounHuma,
        verb_const.PronounNahnu, verb_const.PronounAna, verb_const.PronounAnta, verb_const.PronounAntum,
    )
    tenses = (
        verb_const.TensePast, verb_const.TenseFuture, verb_const.TenseJussiveFuture, verb_const.TensePassivePast,
        verb_const.TensePassiveFuture,
    )
    forms: set[str] = set()
    try:
        verb = classverb.VerbClass(vocalized, transitive, future_type or verb_const.FATHA)
        for tense in tenses:
            for pronoun in pronouns:
                form = strip_tashkeel(str(verb.conjugate_tense_for_pronoun(tense, pronoun) or ""))
                if form and form.isalpha():
                    forms.add(form)
    except Exception:  # libqutrub rejects some lexicon verbs; they keep their dictionary form only
        return set()
    return forms


def _derived_ok(form: str, lemma: str, lexicon: Lexicon) -> bool:
    """Whether a form made from a frequent lemma counts as a common word: not when arramooz's
    corpus has it more often as a proper noun than the lemma as a common word (لبنان is not the
    dual of لبن, سوريا not the accusative of سوري; صور is the plural of صورة)."""
    if not form or " " in form or not form.isalpha():
        return False
    return lexicon.proper[alias_key(form)] <= lexicon.common[alias_key(lemma)]


def common_words(lexicon: Lexicon, threshold: int) -> list[str]:
    """Frequent common words of arramooz, in the forms running text writes them.

    A matching key is *common* when arramooz's word-frequency table counts its nouns,
    adjectives and verbs (every word with that key, so بليون counts for ليون) at least
    ``threshold`` times in its corpus, and more often than its proper nouns (جنين, الطائف and
    القدس are mostly names there). Listed: those words; for nouns and adjectives, the first
    broken plural arramooz's dictionary gives, the feminine of adjectives and the regular forms
    of ``noun_forms``; for verbs, the conjugated forms of ``verb_forms`` (forms that are more
    often names, see ``_derived_ok``, are left out); and arramooz's classified stop words except
    interjections (اسم فعل) and single letters.
    """
    data = arramooz_data()
    common, proper = lexicon.common, lexicon.proper
    frequent = {key for key, count in common.items() if count >= threshold and count > proper[key]}
    entries = sorted(entry for key in frequent for entry in lexicon.words_of[key])
    forms = {word for word, _, _ in entries}
    nouns = {word for word, _, word_type in entries if word_type != "verb"}
    verbs = {word for word, _, word_type in entries if word_type == "verb"}
    with sqlite3.connect(data / "arabicdictionary.sqlite") as db:
        rows = db.execute(
            "SELECT unvocalized, wordtype, feminin, broken_plural, feminable, masculin_plural, feminin_plural "
            "FROM nouns ORDER BY id"
        )
        for word, word_type, feminine, plurals, feminable, masculine_plural, feminine_plural in rows:
            word = strip_tashkeel(word or "")
            if word not in nouns:
                continue
            adjective = any(kind in (word_type or "") for kind in _ADJECTIVE_TYPES)
            derived = [strip_tashkeel((plurals or "").split(";")[0])]
            if adjective:
                derived.append(strip_tashkeel(feminine or ""))
            derived += noun_forms(
                word,
                adjective=adjective and bool(feminable),
                masculine_plural=bool(masculine_plural),
                feminine_plural=bool(feminine_plural),
            )
            forms.update(form for form in derived if _derived_ok(form, word, lexicon))
        rows = db.execute("SELECT unvocalized, vocalized, future_type, transitive FROM verbs ORDER BY id")
        for word, vocalized, future_type, transitive in rows:
            word = strip_tashkeel(word or "")
            if word in verbs:
                forms.update(form for form in verb_forms(vocalized, future_type or "", bool(transitive))
                             if _derived_ok(form, word, lexicon))
    with sqlite3.connect(data / "stopwords.sqlite") as db:
        for word, word_type in db.execute("SELECT WORD, word_type FROM classedstopwords"):
            word = strip_tashkeel(word)
            if len(word) >= 2 and word_type not in ("اسم فعل", "حرف ابجدي"):
                forms.add(word)
    return sorted(forms)
