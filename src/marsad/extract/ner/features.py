"""Token features for the statistical NER, built to be cheap at tagging time.

Almost every feature is a function of one word, so each distinct word is analysed once and
its feature strings are cached, already prefixed for every window offset (``-2:``, ``-1:``,
``+1:``, ``+2:``). A sentence's feature lists are then concatenations of cached lists plus a
few context features (word bigrams, cue words further left, gazetteer matches).

Resources, each loaded once per process:

* the arramooz lexicon (nouns, verbs, word-frequency list with its proper nouns, stop words),
  read from the sqlite files inside the installed ``arramooz-pysqlite`` package: a word the
  Arabic lexicon does not know is often a transliterated foreign name;
* hand-written cue words (titles, reporting verbs, organisation and place heads);
* optionally a gazetteer: normalised alias keys per type (see ``gazetteer_keys``).

The second-stage CRF's extra evidence (the first stage's output over the document) is
``stack_keys`` / ``stack_key_features``.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from marsad.arabic import normalize_word, token_norm
from marsad.document import Token
from marsad.errors import ModelError

__all__ = [
    "WORDS",
    "FeatureExtractor",
    "Gazetteer",
    "Lexicon",
    "gazetteer_keys",
    "is_punctuation",
    "load_lexicon",
]

# Cue words, written naturally; folded to ``token_norm`` keys (article and proclitics removed).
_TITLES = """
وزير وزيرة الوزير رئيس رئيسة الرئيس الرئيسة المتحدث المتحدثة الناطق الناطقة زعيم زعيمة قائد قائدة
مدير مديرة الشيخ الشيخة العقيد اللواء العميد الرائد النقيب المقدم الفريق الجنرال المشير السيد السيدة
الدكتور الدكتورة البروفيسور الأستاذ ملك الملك الملكة أمير الأمير الأميرة سلطان السلطان الإمام المفتي
البابا الكاردينال المطران الحاخام نائب نائبة سفير سفيرة مستشار مستشارة المستشار المبعوث المندوب
ممثل الممثل حاكم محافظ عمدة قاضي القاضي المحامي المدعي مراسل المراسل الصحفي الكاتب الشاعر الفنان
الفنانة المخرج المدرب اللاعب النجم النجمة الحاج أمين الأمين سكرتير المرشد آية ولي العاهل الجنرال
المرشح المرشحة النائب عضو العضو رئيسا مساعد
"""
_REPORTING = """
قال قالت يقول تقول أكد أكدت يؤكد تؤكد أضاف أضافت يضيف أعلن أعلنت يعلن صرح صرحت أوضح أوضحت يوضح
أشار أشارت يشير ذكر ذكرت يذكر أفاد أفادت يفيد نقل نقلت كشف كشفت شدد شددت اعتبر اعتبرت رأى تابع
تابعت لفت لفتت نفى نفت دعا دعت طالب طالبت أبلغ أبلغت حذر حذرت بحسب حسب وفق وفقا لسان أعرب أعربت
اتهم اتهمت وصف وصفت أشاد أشادت رحب رحبت التقى التقت استقبل استقبلت زار زارت
"""
_ORG_HEADS = """
حزب حركة جبهة منظمة شركة وكالة جامعة مجلس وزارة اتحاد لجنة جمعية مؤسسة هيئة بنك مصرف نادي فريق
صحيفة جريدة مجلة قناة تنظيم جيش قوات كتائب كتيبة جماعة مركز معهد محكمة برلمان مجموعة منتخب إذاعة
تلفزيون مكتب الأمم سلطة ائتلاف تحالف اللجنة الاتحاد المجلس الحزب الحركة الجبهة المنظمة الشركة
ميليشيا مليشيا رابطة نقابة أكاديمية مستشفى كلية
"""
_LOC_HEADS = """
مدينة بلدة قرية محافظة ولاية منطقة عاصمة جزيرة جزر نهر بحر جبل جبال إقليم شمال جنوب شرق غرب وسط حي
مخيم دولة بلاد مطار ميناء شارع ساحة صحراء خليج قضاء ريف مقاطعة جمهورية مملكة إمارة سواحل ضواحي
محيط قارة بحيرة وادي سهل هضبة مضيق قناة حدود
"""
_NAME_PARTICLES = "بن ابن أبو أبي أبا عبد آل ولد أم بنت أبناء"

_PROP_BUCKETS = 4
_CACHE_LIMIT = 300_000
# Inflectional endings tried when a word is not in the lexicon as it stands.
_NOUN_SUFFIXES = ("ه", "ات", "ون", "ين", "ان", "تان", "تين", "يه", "ي", "يون", "يين", "يات", "ها", "هم",
                  "هما", "هن", "نا", "كم", "ك")
_NISBA_SUFFIXES = ("يه", "يين", "يون", "يات", "ي")
_VERB_PREFIXES = ("", "ي", "ت", "ن", "ا", "سي", "ست")
_VERB_SUFFIXES = ("", "ون", "وا", "ان", "ت", "تم", "نا", "ن", "ه", "ها", "هم", "ي", "ين")


def _keys(words: str) -> frozenset[str]:
    return frozenset(token_norm(word) for word in words.split())


TITLE_KEYS = _keys(_TITLES)
REPORTING_KEYS = _keys(_REPORTING)
ORG_HEAD_KEYS = _keys(_ORG_HEADS)
LOC_HEAD_KEYS = _keys(_LOC_HEADS)
NAME_PARTICLE_KEYS = _keys(_NAME_PARTICLES) | frozenset(normalize_word(w) for w in _NAME_PARTICLES.split())


@lru_cache(maxsize=1 << 16)
def is_punctuation(text: str) -> bool:
    """True when every character is punctuation or a symbol (Unicode categories P* and S*)."""
    return bool(text) and all(unicodedata.category(c)[0] in "PS" for c in text)


# --- the arramooz lexicon -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Normalised (``normalize_word``) word forms from arramooz."""

    nouns: frozenset[str]
    verbs: frozenset[str]
    common: frozenset[str]  # word-frequency list entries other than proper nouns
    proper: Mapping[str, int]  # proper noun -> frequency bucket 0 (rare) .. 3 (very common)
    stop: frozenset[str]

    def is_known(self, key: str) -> bool:
        """In the lexicon as an ordinary word (not only as a proper noun)."""
        return key in self.nouns or key in self.verbs or key in self.common or key in self.stop


def arramooz_data_dir() -> Path:
    """The ``data`` folder of the installed arramooz package (found without importing it)."""
    spec = importlib.util.find_spec("arramooz")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise ModelError(
            "the NER's lexicon features need the arramooz lexicon, which is not installed: "
            "pip install arramooz-pysqlite",
            origin="arramooz",
        )
    return Path(locations[0]) / "data"


def _rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    if not path.is_file():
        raise ModelError(f"the arramooz lexicon file is missing: reinstall arramooz-pysqlite ({path})",
                         origin=str(path))
    try:
        with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as connection:
            return connection.execute(query).fetchall()
    except sqlite3.Error as error:
        raise ModelError(f"cannot read the arramooz lexicon: {error}", origin=str(path)) from error


def _folded(words: Iterable[Any]) -> frozenset[str]:
    return frozenset(key for word in words if isinstance(word, str) and (key := normalize_word(word.strip())))


@cache
def load_lexicon() -> Lexicon:
    """The arramooz noun and verb tables, word-frequency list and stop words, read once."""
    data = arramooz_data_dir()
    dictionary = data / "arabicdictionary.sqlite"
    nouns = _folded(row[0] for row in _rows(dictionary, "SELECT unvocalized FROM nouns"))
    verbs = _folded(row[0] for row in _rows(dictionary, "SELECT unvocalized FROM verbs"))
    common: set[str] = set()
    proper: dict[str, int] = {}
    for word, word_type, freq in _rows(data / "wordfreq.sqlite", "SELECT unvocalized, word_type, freq FROM wordfreq"):
        key = normalize_word(str(word).strip())
        if not key:
            continue
        if word_type == "noun_prop":
            bucket = min(_PROP_BUCKETS - 1, max(0, int(math.log10(max(int(freq), 1))) - 2))
            proper[key] = max(bucket, proper.get(key, 0))
        else:
            common.add(key)
    stop_db = data / "stopwords.sqlite"
    stop = _folded(row[0] for row in _rows(stop_db, "SELECT UNVOCALIZED FROM STOPWORDS"))
    stop |= _folded(row[0] for row in _rows(stop_db, "SELECT WORD FROM classedstopwords"))
    return Lexicon(nouns, verbs, frozenset(common), proper, stop)


# --- the gazetteer --------------------------------------------------------------------------

# knowledge-base types -> NER types
_KB_TYPES = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
             "EVENT": "MISC", "MISC": "MISC"}


WORDS = "WORDS"  # the pseudo-type under which ``gazetteer_keys`` returns the aliases' whole words


def _load_kb() -> Any:
    for module_name in ("marsad.kb", "marsad.kb.loader"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        load_kb = getattr(module, "load_kb", None)
        if load_kb is not None:
            return load_kb()
    return None


def gazetteer_keys() -> dict[str, frozenset[str]]:
    """Alias keys of the bundled knowledge base per NER type (PER, LOC, ORG, MISC), as
    ``alias_key`` makes them without ``known`` (so they agree with ``Token.norm`` from a plain
    ``tokenize``), plus under ``WORDS`` every alias word in ``normalize_word`` form (and without
    its article). Empty when the knowledge base or its loader is not available."""
    try:
        kb = _load_kb()
        if kb is None:
            return {}
        from marsad.kb.model import alias_key

        indexed = getattr(kb, "indexed_names", None)
        found: dict[str, set[str]] = {}
        words: set[str] = set()
        for entry in kb.entries.values():
            ner_type = _KB_TYPES.get(str(entry.type))
            if ner_type is None:
                continue
            bucket = found.setdefault(ner_type, set())
            for name in indexed(entry) if indexed is not None else entry.names:
                if key := alias_key(name):
                    bucket.add(key)
                for word in name.split():
                    folded = normalize_word(word)
                    if len(folded) >= 3 and not is_punctuation(folded):
                        words.add(folded)
                        if folded.startswith("ال") and len(folded) >= 5:
                            words.add(folded[2:])
    except Exception:  # the knowledge base is optional for the NER: features degrade, tagging works
        return {}
    out = {ner_type: frozenset(keys) for ner_type, keys in sorted(found.items())}
    out[WORDS] = frozenset(words)
    return out


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Alias keys per type, matched longest-first over token norms, and the aliases' whole words
    (``words``: for deciding whether a leading letter is a proclitic)."""

    keys: Mapping[str, frozenset[str]]
    words: frozenset[str] = frozenset()
    inner: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # word of a multi-word key -> types
    index: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key -> its types
    widths: Mapping[str, int] = field(default_factory=dict)  # first word -> most words of a key it starts

    @classmethod
    def from_keys(cls, keys: Mapping[str, Iterable[str]]) -> Gazetteer:
        """From ``gazetteer_keys()``-shaped keys (``WORDS`` holds the whole words)."""
        frozen = {t: frozenset(k for k in ks if k) for t, ks in sorted(keys.items()) if t != WORDS}
        index: dict[str, list[str]] = {}
        widths: dict[str, int] = {}
        inner: dict[str, set[str]] = {}
        for ner_type, type_keys in frozen.items():
            for key in type_keys:
                index.setdefault(key, []).append(ner_type)
                words = key.split(" ")
                widths[words[0]] = max(widths.get(words[0], 0), len(words))
                if len(words) > 1:
                    for word in words:
                        inner.setdefault(word, set()).add(ner_type)
        return cls(
            frozen,
            frozenset(keys.get(WORDS, ())),
            {word: tuple(sorted(types)) for word, types in inner.items()},
            {key: tuple(types) for key, types in index.items()},
            widths,
        )

    @classmethod
    def read(cls, path: Path) -> Gazetteer:
        """A snapshot written by ``write``: one ``TYPE<TAB>key`` a line."""
        keys: dict[str, set[str]] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise ModelError(f"cannot read the NER gazetteer snapshot {path}: {error}") from error
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            ner_type, sep, key = line.partition("\t")
            if not sep or not key:
                raise ModelError(f"the NER gazetteer snapshot {path}, line {number}, is not TYPE<TAB>key")
            keys.setdefault(ner_type, set()).add(key)
        return cls.from_keys(keys)

    def write(self, path: Path) -> None:
        lines = [f"{t}\t{k}" for t, ks in sorted(self.keys.items()) for k in sorted(ks)]
        lines += [f"{WORDS}\t{w}" for w in sorted(self.words)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def __len__(self) -> int:
        return sum(len(ks) for ks in self.keys.values())

    def match(self, norms: Sequence[str]) -> list[list[str]]:
        """Per token, features ``gB-TYPE``/``gI-TYPE`` for the longest alias starting at each token."""
        out: list[list[str]] = [[] for _ in norms]
        n = len(norms)
        index = self.index
        for i in range(n):
            longest = self.widths.get(norms[i])
            if longest is None:
                continue
            for width in range(min(longest, n - i), 0, -1):
                types = index.get(norms[i] if width == 1 else " ".join(norms[i : i + width]))
                if types:
                    for t in types:
                        out[i].append("gB-" + t)
                        for j in range(i + 1, i + width):
                            out[j].append("gI-" + t)
                    break
        return out


# --- features -------------------------------------------------------------------------------


def _shape(text: str) -> str:
    if is_punctuation(text):
        return "P"
    digits = latin = arabic = other = 0
    for char in text:
        if char.isdigit():
            digits += 1
        elif "a" <= char.lower() <= "z":
            latin += 1
        elif "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufeff":
            arabic += 1
        elif char.isalpha():
            other += 1
    if digits and not (latin or arabic or other):
        return "D"
    if latin and not (digits or arabic or other):
        if text.isupper():
            return "LU"
        return "LC" if text[0].isupper() else "L"
    if arabic and not (digits or latin or other):
        return "A"
    return "M"


@dataclass(frozen=True, slots=True)
class _WordFeatures:
    local: list[str]
    m2: list[str]
    m1: list[str]
    p1: list[str]
    p2: list[str]
    title: bool
    reporting: bool


class FeatureExtractor:
    """Feature strings for ``pycrfsuite``; one instance keeps a per-word cache."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer | None = None) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer if gazetteer is not None and len(gazetteer) else None
        self._cache: dict[str, _WordFeatures] = {}

    # lexicon look-ups ----------------------------------------------------------------------

    def _noun_class(self, key: str) -> str | None:
        nouns = self.lexicon.nouns
        if key in nouns:
            return "N"
        for suffix in _NOUN_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                stem = key[: -len(suffix)]
                if stem in nouns or stem + "ه" in nouns:
                    return "Nv"
        return None

    def _verb_class(self, key: str) -> str | None:
        verbs = self.lexicon.verbs
        if key in verbs:
            return "V"
        for prefix in _VERB_PREFIXES:
            if not key.startswith(prefix):
                continue
            for suffix in _VERB_SUFFIXES:
                if not prefix and not suffix:
                    continue
                if (
                    key.endswith(suffix)
                    and len(key) - len(prefix) - len(suffix) >= 3
                    and key[len(prefix) : len(key) - len(suffix)] in verbs
                ):
                    return "Vv"
        return None

    def lexical_classes(self, norm: str, whole: str) -> list[str]:
        """Lexicon classes of a word: its stem ``norm`` and its whole form ``whole``."""
        lex = self.lexicon
        classes: list[str] = []
        if (noun := self._noun_class(norm)) is not None:
            classes.append(noun)
        if (verb := self._verb_class(norm)) is not None:
            classes.append(verb)
        if norm in lex.common:
            classes.append("C")
        if norm in lex.stop or whole in lex.stop:
            classes.append("S")
        bucket = lex.proper.get(norm)
        if bucket is not None:
            classes.append(f"PR{bucket}")
        elif whole in lex.proper:
            classes.append("PRw")  # a name the clitic stripper cut (بلير → ب + لير)
        for suffix in _NISBA_SUFFIXES:
            stem = norm[: -len(suffix)]
            if norm.endswith(suffix) and len(stem) >= 2 and (stem in lex.proper or stem + "ا" in lex.proper):
                classes.append("NIS")  # عراقي, الفرنسية, الأميركية: adjective of a proper noun
                break
        if not classes:
            classes.append("UNK")
        return classes

    # per word --------------------------------------------------------------------------------

    def word(self, token: Token) -> _WordFeatures:
        """Cached features of one token's word (keyed on its text)."""
        found = self._cache.get(token.text)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[token.text] = self._analyse(token)
        return found

    def _analyse(self, token: Token) -> _WordFeatures:
        text, norm = token.text, token.norm
        whole = normalize_word(text)
        prefix = normalize_word(token.prefix)
        shape = _shape(text)
        classes = self.lexical_classes(norm, whole)
        cues: list[str] = []
        title = norm in TITLE_KEYS
        reporting = norm in REPORTING_KEYS
        if title:
            cues.append("cT")
        if reporting:
            cues.append("cR")
        if norm in ORG_HEAD_KEYS:
            cues.append("cO")
        if norm in LOC_HEAD_KEYS:
            cues.append("cL")
        if norm in NAME_PARTICLE_KEYS or whole in NAME_PARTICLE_KEYS:
            cues.append("cN")
        article = prefix.endswith(("ال", "لل")) or (whole.startswith("ال") and len(whole) > len(norm))
        local = ["b", "n=" + norm, "w=" + whole, "sh=" + shape, f"len={min(len(norm), 10)}"]
        if shape in ("A", "M"):
            local += ["s1=" + norm[-1:], "s2=" + norm[-2:], "s3=" + norm[-3:],
                      "f1=" + norm[:1], "f2=" + norm[:2], "f3=" + norm[:3]]
        if prefix:
            local.append("p=" + prefix)
            if prefix[0] in "وف":
                local.append("pc")
            if any(c in "بكل" for c in prefix.removesuffix("ال").removesuffix("لل")) or prefix.endswith("لل"):
                local.append("pp")
        if article:
            local.append("art")
        local += ["x" + c for c in classes]
        local += cues
        if shape == "A" and len(norm) >= 4:  # letter trigrams: transliterated names have their own
            padded = "<" + norm + ">"
            local += ["g3=" + padded[i : i + 3] for i in range(len(padded) - 2)]
        lx = classes[0]
        context = ["n=" + norm, "sh=" + shape, "lx=" + lx, *cues]
        if self.gazetteer is not None and (types := self.gazetteer.inner.get(norm)):
            partial = ["gp=" + t for t in types]  # a word of a multi-word alias of that type
            local += partial
            context += partial
        if prefix:
            context.append("p=" + prefix)
        if article:
            context.append("art")
        near = [*context, "s2=" + norm[-2:], "w=" + whole, *("x" + c for c in classes[1:])]
        return _WordFeatures(
            local,
            ["-2:" + f for f in context],
            ["-1:" + f for f in near],
            ["+1:" + f for f in near],
            ["+2:" + f for f in context],
            title,
            reporting,
        )

    # per sentence ----------------------------------------------------------------------------

    def sentence(self, tokens: Sequence[Token]) -> list[list[str]]:
        """One feature list per token of a sentence."""
        words = [self.word(t) for t in tokens]
        norms = [t.norm for t in tokens]
        n = len(tokens)
        gazetteer = self.gazetteer.match(norms) if self.gazetteer is not None else None
        out: list[list[str]] = []
        last_title = last_reporting = -10
        for i in range(n):
            w = words[i]
            feats = list(w.local)
            if i:
                feats += words[i - 1].m1
                feats.append("bg-=" + norms[i - 1] + "|" + norms[i])
                if i > 1:
                    feats += words[i - 2].m2
                else:
                    feats.append("i1")
            else:
                feats.append("BOS")
            if i + 1 < n:
                feats += words[i + 1].p1
                feats.append("bg+=" + norms[i] + "|" + norms[i + 1])
                if i + 2 < n:
                    feats += words[i + 2].p2
            else:
                feats.append("EOS")
            if 0 < i - last_title <= 4:
                feats.append("wT")  # a title word within four tokens before
            if 0 < i - last_reporting <= 4:
                feats.append("wR")  # a reporting verb within four tokens before
            if gazetteer is not None:
                feats += gazetteer[i]
                if i:
                    feats += ["-1:" + g for g in gazetteer[i - 1]]
                if i + 1 < n:
                    feats += ["+1:" + g for g in gazetteer[i + 1]]
            if w.title:
                last_title = i
            if w.reporting:
                last_reporting = i
            out.append(feats)
        return out


# --- second-stage (stacked) features ----------------------------------------------------------


def _share_bucket(share: float) -> str:
    return "all" if share >= 0.999 else "most" if share >= 0.5 else "some"


STACK_BLOCK = 30  # sentences: the "document" of ``stack_features`` (a whole ordinary article)
#: One token's second-stage evidence: its first-stage label, confidence band, previous and next
#: labels, and what the document says about its word elsewhere ("P": punctuation, "D0": nowhere
#: else, "none": elsewhere but never tagged, else (majority type, share band)).
StackKey = tuple[str, str, str, str, str | tuple[str, str]]


def stack_features(
    tokens: Sequence[Token], slices: Sequence[tuple[int, int]], labels: Sequence[str], confidences: Sequence[float],
) -> list[list[str]]:
    """Features of the second-stage CRF, per token of a document (see ``stack_keys``)."""
    return [stack_key_features(key) for key in stack_keys(tokens, slices, labels, confidences)]


def stack_key_features(key: StackKey) -> list[str]:
    """The feature strings of one ``StackKey``."""
    label, band, before, after, elsewhere = key
    feats = ["S=" + label, "Sc=" + label + "|" + band, "S-1=" + before + "|" + label, "S+1=" + label + "|" + after]
    if isinstance(elsewhere, str):
        if elsewhere != "P":
            feats.append("D0" if elsewhere == "D0" else "DF=none")
    else:
        kind, share = elsewhere
        feats += ["DT=" + kind, "DF=" + share, "DTF=" + kind + "|" + share, "DTS=" + kind + "|" + label]
    return feats


def stack_keys(
    tokens: Sequence[Token], slices: Sequence[tuple[int, int]], labels: Sequence[str], confidences: Sequence[float],
) -> list[StackKey]:
    """The second stage's evidence per token of a document, from the first stage's labels and
    marginals: the token's own first-stage label and confidence band, its neighbours' labels
    (same sentence), and what the first stage said about the same word (``Token.norm``) elsewhere
    in the document: the majority type among its other occurrences and the share of them
    tagged, or that it occurs nowhere else.

    A long document counts in blocks of ``STACK_BLOCK`` sentences, so that "elsewhere" means
    the same in an article and in a whole corpus tagged as one document. Training computes the
    keys from cross-fitted first-stage output (``train.cross_fitted_stack_features``), tagging
    from the first stage's output on the document being tagged."""
    out: list[StackKey] = []
    for b in range(0, len(slices), STACK_BLOCK):
        block = slices[b : b + STACK_BLOCK]
        lo, hi = block[0][0], block[-1][1]
        shifted = [(first - lo, last - lo) for first, last in block]
        out += _stack_block(tokens[lo:hi], shifted, labels[lo:hi], confidences[lo:hi])
    return out


def _stack_block(
    tokens: Sequence[Token], slices: Sequence[tuple[int, int]], labels: Sequence[str], confidences: Sequence[float],
) -> list[StackKey]:
    punct = [is_punctuation(t.text) for t in tokens]
    counts: dict[str, int] = {}
    typed: dict[str, dict[str, int]] = {}
    for i, token in enumerate(tokens):
        if punct[i]:
            continue
        counts[token.norm] = counts.get(token.norm, 0) + 1
        label = labels[i]
        if label != "O":
            tally = typed.setdefault(token.norm, {})
            tally[label[2:]] = tally.get(label[2:], 0) + 1
    out: list[StackKey] = []
    for first, last in slices:
        for i in range(first, last):
            label = labels[i]
            confidence = confidences[i]
            band = "h" if confidence >= 0.9 else "m" if confidence >= 0.6 else "l"
            before = labels[i - 1] if i > first else "BOS"
            after = labels[i + 1] if i + 1 < last else "EOS"
            elsewhere: str | tuple[str, str]
            if punct[i]:
                elsewhere = "P"
            else:
                norm = tokens[i].norm
                others = counts[norm] - 1
                found = typed.get(norm)
                tagged = sum(found.values()) - (label != "O") if found else 0
                if others <= 0:
                    elsewhere = "D0"
                elif not tagged or found is None:
                    elsewhere = "none"
                else:
                    tally = {**found, label[2:]: found[label[2:]] - 1} if label != "O" else found
                    kind = max(tally, key=lambda k: (tally[k], k))
                    elsewhere = (kind, _share_bucket(tagged / others))
            out.append((label, band, before, after, elsewhere))
    return out
