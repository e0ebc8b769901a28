"""``entities.v1``: candidate mentions (NER, KB, patterns; any may be missing) → entity clusters.

1. **Candidates**: every mention's span is trimmed of proclitics and edge punctuation; KB
   entries are attached (``kb_ids``, or a KB lookup of a name mention's text).
2. **Overlaps**: candidates of the same type family (person, organisation, place, facility,
   group, other) that overlap are merged: the knowledge-backed, then the pattern-made, then the
   longer one wins, and the winner inherits the loser's KB ids when the loser sits under a
   designator (مدينة الموصل ← الموصل, تنظيم داعش ← داعش). A type conflict on the same span is
   resolved by the KB, then the patterns, then NER, so a NER LOC that the KB knows as a country
   or city becomes GPE. Nested mentions of different families are kept (محكمة جنايات القاهرة
   holds القاهرة; المتحدث باسم وزارة الداخلية holds the ministry), except a person name inside
   another family's name.
3. **Clusters**, in text order: same KB id; same name key (clitic and spelling variants);
   a shorter person name (surname, كنية variant) → the full name given earlier; an organisation
   without its designator (حسم ← حركة حسم; الحوثيين ← جماعة الحوثي) or a leading part of it
   (لجنة المال ← لجنة المال والموازنة); a role phrase in apposition to a name (وزير الدفاع X،
   X، مدير ...، X، وهو مقاتل سابق); a later bare role (الوزير، المتحدث العسكري) → the last person
   with that role; a role before a name given later in its sentence → that name; anonymous
   sources (مصدر أمني) each their own, المصدر → the last one.
4. **Repeats**: later occurrences of a clustered name, a person's surname or an organisation's
   designator-less name that no step marked are added (by ``entities.v1``).
5. **Short forms**: التنظيم، الحركة، الوزارة، المدينة، العاصمة، البلاد ... → the entity whose
   designator (the word before or heading its name) or kind fits, the most mentioned then the
   most recent; الحكومة/الشرطة/الجيش with nothing to refer to stand alone; others are dropped.
6. **Entities**: ids e1, e2 … by first mention; name = the KB name or the longest name mention;
   kb_id = the KB id or ``make_kb_id(name, type)`` for named entities (None for anonymous and
   role-only ones); name_en = the KB's or ``romanize``; kind from the KB, roles or designator;
   geo for KB places, choosing among same-name places by the article's countries (those it
   mentions, the dateline city's first).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from marsad.arabic import token_norm
from marsad.arabic.romanize import romanize
from marsad.document import Document, Entity, Mention, Token
from marsad.extract.entities import lexicon as lx
from marsad.extract.entities import patterns as pt
from marsad.extract.entities._kb import choose_place, get_kb, make_kb_id, name_key
from marsad.extract.entities._text import core_start, doc_tokens, is_definite, is_punct, trim_span
from marsad.kb.model import KBEntry, KnowledgeBase

BY = "entities.v1"

_PLACE_TYPES = frozenset({"GPE", "LOC"})
_SOURCE_RANK = {"kb": 3, "patterns": 2, "ner": 1}
_TYPE_PRIORITY = {"kb": 0, "patterns": 1, "ner": 2}
_APPOSITION_GAP = re.compile(r"[\s،,]*")
_ALIAS_GAP = re.compile(r"\s*[(«“\"]\s*")
_WHO_GAP = re.compile(r"\s*[،,]\s*(?:وهو|وهي)\s+")
_DATELINE = re.compile(r"^\s*(\S+(?:\s\S+)?)\s*(?:\([^)\n]*\))?\s*[-–—]")
_KUNYA_VARIANTS = {token_norm("أبي"): token_norm("أبو"), token_norm("أبا"): token_norm("أبو")}
_COUNTRY_KINDS = frozenset({"country"})
_PLACE_DESIGNATOR_KEYS = frozenset(lx.GPE_DESIGNATORS) | frozenset(lx.LOC_DESIGNATORS)
_CAPITAL = lx.key("العاصمة")
_COUNTRY_WORD = lx.key("البلاد")
_KINGDOM = lx.key("المملكة")
_OFFICIAL_HEADS = lx.keys("وزير وزيرة رئيس مدير مديرة متحدث ناطق مسؤول محافظ سفير قائد أمين مستشار")


_FAMILIES = {"GPE": "PLACE", "LOC": "PLACE", "PER": "PER", "ORG": "ORG", "FAC": "FAC", "NORP": "NORP"}
# families a facility shares clusters with (and the reverse), unless both sides are KB-backed
_FACILITY_LIKE: dict[str, frozenset[str]] = {
    "FAC": frozenset({"PLACE", "ORG"}), "PLACE": frozenset({"FAC"}), "ORG": frozenset({"FAC"}),
}


def family(type_: str) -> str:
    """The type family used for merging and clustering: PLACE (GPE, LOC), PER, ORG, FAC, NORP or
    OTHER."""
    return _FAMILIES.get(type_, "OTHER")


def _cand_start(cand: _Cand) -> int:
    return cand.mention.start


def _cand_order(cand: _Cand) -> tuple[int, int]:
    return cand.mention.start, -cand.mention.end


def _source(mention: Mention) -> str:
    return _step_family(mention.by)


@lru_cache(maxsize=256)
def _step_family(by: str) -> str:
    return by.split(".", 1)[0] if by else ""


@dataclass(slots=True)
class _Cand:
    mention: Mention  # replaced while merging, by a mention with the same span
    cls: str
    entries: list[KBEntry] = field(default_factory=list)
    start: int = field(init=False)
    end: int = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.mention.start
        self.end = self.mention.end

    @property
    def type(self) -> str:
        return self.mention.type

    @property
    def fam(self) -> str:
        return _FAMILIES.get(self.mention.type, "OTHER")

    def rank(self) -> tuple[int, int, int]:
        return (1 if self.entries else 0, _SOURCE_RANK.get(_source(self.mention), 0), self.end - self.start)


@dataclass
class _Cluster:
    type: str
    mentions: list[_Cand] = field(default_factory=list)
    entry: KBEntry | None = None
    keys: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    anonymous: bool = False
    alive: bool = True
    order: int = 0  # place among the linker's clusters (in order of creation)
    # ``keys`` split into words, refreshed when ``keys`` grows (it never shrinks)
    _split: list[tuple[str, ...]] = field(default_factory=list, repr=False)
    _split_size: int = field(default=-1, repr=False)
    _kind: str | None = field(default=None, repr=False)
    _kind_stamp: tuple[int, int] = field(default=(-1, -1), repr=False)

    @property
    def fam(self) -> str:
        return _FAMILIES.get(self.type, "OTHER")

    def split_keys(self) -> list[tuple[str, ...]]:
        """The words of each of ``keys``."""
        if self._split_size != len(self.keys):
            self._split = [_key_words(k) for k in self.keys]
            self._split_size = len(self.keys)
        return self._split

    @property
    def first(self) -> int:
        return min(c.start for c in self.mentions)

    def last_before(self, offset: int) -> int:
        before = [c.start for c in self.mentions if c.start < offset]
        return max(before) if before else -1

    def names(self) -> list[_Cand]:
        return [c for c in self.mentions if c.cls == pt.NAME]

    def has_names(self) -> bool:
        return any(c.cls == pt.NAME for c in self.mentions)

    def designator_kind(self) -> str | None:
        """``_designator_kind`` of the cluster, kept until its mentions or heads grow."""
        stamp = (len(self.mentions), len(self.heads))
        if self._kind_stamp != stamp:
            self._kind = _designator_kind(self)
            self._kind_stamp = stamp
        return self._kind

    def named(self) -> list[_Cand]:
        return [c for c in self.mentions if c.cls == pt.NAME and c.mention.kind == "name"]


# ---------------------------------------------------------------------------- candidates


def _fix_span(doc: Document, tokens: Sequence[Token], index: dict[int, int], mention: Mention) -> Mention | None:
    """The mention with its span past proclitics and edge punctuation, or None when empty.
    ``index``: token start offset → token index."""
    text = doc.text
    start, end = trim_span(text, mention.start, mention.end)
    k = index.get(start)
    token = tokens[k] if k is not None else None
    if token is not None and token.prefix and mention.by != pt.BY:
        cut = core_start(token)
        if cut < end:
            start, end = trim_span(text, cut, end)  # trimming again changes nothing otherwise
    if start >= end:
        return None
    if start == mention.start and end == mention.end and text[start:end] == mention.text:
        return mention
    return dataclasses.replace(mention, start=start, end=end, text=text[start:end])


def _entries(kb: KnowledgeBase | None, mention: Mention) -> list[KBEntry]:
    if kb is None:
        return []
    found = [e for i in mention.kb_ids if (e := kb.get(i)) is not None] if mention.kb_ids else []
    if not found and mention.kind == "name" and mention.type != "PER":
        found = [e for e in kb.lookup(mention.text) if family(e.type) == family(mention.type) or
                 (family(e.type) == "PLACE" and mention.type in ("LOC", "GPE", "FAC"))]
    return found


def _token_index(tokens: Sequence[Token]) -> dict[int, int]:
    """Token start offset → token index."""
    return {t.start: i for i, t in enumerate(tokens)}


def _candidates(doc: Document, kb: KnowledgeBase | None, index: dict[int, int] | None = None) -> list[_Cand]:
    tokens = doc_tokens(doc)
    if index is None:
        index = _token_index(tokens)
    cands: list[_Cand] = []
    for raw in doc.mentions:
        mention = _fix_span(doc, tokens, index, raw)
        if mention is None:
            continue
        entries = _entries(kb, mention)
        if entries and mention.type != entries[0].type and _source(mention) != "patterns":
            mention = dataclasses.replace(mention, type=entries[0].type)  # NER LOC the KB knows → GPE
        cands.append(_Cand(mention, pt.classify(mention, doc.text), entries))
    return cands


def _overlaps(a: _Cand, b: _Cand) -> bool:
    return a.start < b.end and b.start < a.end


def _under_designator(outer: _Cand, inner: _Cand) -> bool:
    """Whether ``outer`` is ``inner`` with a designator in front (مدينة الموصل، تنظيم داعش)."""
    text = outer.mention.text
    before = text[: max(0, inner.start - outer.start)].split()
    after = text[inner.end - outer.start :].split()
    if not before:
        return False
    head = lx.key(before[0])
    if outer.fam == "PLACE":
        fits = head in _PLACE_DESIGNATOR_KEYS
    elif outer.fam == "ORG":
        fits = head in lx.ORG_DESIGNATORS or head in lx.DEFINITE_ORG_HEADS
    else:
        fits = False
    # الإدارة العامة للحرس الوطني; ريف دير الزور الشرقي; مدينة الحسكة السورية
    return fits and all(_adjective_word(w) for w in before[1:]) and all(_adjective_word(w) for w in after)


def _adjective_word(word: str) -> bool:
    if word in ("ل", "لل", "لـ"):
        return True
    key = lx.key(word)
    return word.startswith("ال") and (key in lx.NAME_ADJECTIVES or key.endswith(("ي", "يه")))


def _merge(cands: list[_Cand]) -> list[_Cand]:
    """Resolve overlapping candidates (see the module docstring)."""
    cands = sorted(cands, key=lambda c: (c.start, -c.end, -_SOURCE_RANK.get(_source(c.mention), 0)))
    dropped: set[int] = set()
    for i, a in enumerate(cands):
        if i in dropped:
            continue
        for j in range(i + 1, len(cands)):
            b = cands[j]
            if b.start >= a.end:
                break
            if j in dropped or not _overlaps(a, b):
                continue
            loser = _resolve(a, b)
            if loser is a:
                dropped.add(i)
                break
            if loser is b:
                dropped.add(j)
    return [c for k, c in enumerate(cands) if k not in dropped]


def _resolve(a: _Cand, b: _Cand) -> _Cand | None:
    """Which of two overlapping candidates to drop (None: keep both). ``a`` starts first."""
    same_span = (a.start, a.end) == (b.start, b.end)
    if same_span:
        winner, loser = (a, b) if _type_rank(a) <= _type_rank(b) else (b, a)
        if winner.fam == loser.fam or winner.mention.kind == loser.mention.kind:
            _absorb(winner, loser)
            return loser
        return None
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    outer, inner = (a, b) if a.start <= b.start and b.end <= a.end else (b, a)
    if nested:
        if inner.fam == "PER" and inner.mention.kind == "name" and outer.fam != "PER":
            return inner  # الإمام علي inside مستشفى الإمام علي; زويد inside الشيخ زويد
        if outer.fam != inner.fam:
            return None
        if outer.mention.kind != inner.mention.kind and outer.fam == "PER":
            return None
        if inner.entries and not outer.entries:
            if _under_designator(outer, inner):
                outer.entries = list(inner.entries)
                outer.mention = dataclasses.replace(outer.mention, kb_ids=inner.mention.kb_ids)
            elif _source(outer.mention) == "ner":
                return outer  # the KB's name inside a NER span: the KB knows better
        return inner
    # crossing spans: keep the better one; a role phrase and a name across it are both kept
    if a.fam != b.fam and "nominal" in (a.mention.kind, b.mention.kind) and "PER" in (a.fam, b.fam):
        return None
    if a.fam == "PER" and b.fam != "PER" and b.entries and a.mention.kind == "name":
        return a
    if b.fam == "PER" and a.fam != "PER" and a.entries and b.mention.kind == "name":
        return b
    if a.fam != b.fam and not (a.entries or b.entries):
        return None
    return a if a.rank() < b.rank() else b


def _type_rank(cand: _Cand) -> tuple[int, int]:
    if cand.entries:
        return (0, 0)
    return (1, _TYPE_PRIORITY.get(_source(cand.mention), 3))


def _absorb(winner: _Cand, loser: _Cand) -> None:
    """Same span: keep the winner's type and add what the loser knew (KB ids, role)."""
    mention = winner.mention
    if loser.entries and not winner.entries:
        winner.entries = list(loser.entries)
        mention = dataclasses.replace(mention, kb_ids=loser.mention.kb_ids)
    if loser.mention.role and not mention.role:
        mention = dataclasses.replace(mention, role=loser.mention.role)
    if winner.entries and mention.type != winner.entries[0].type:
        mention = dataclasses.replace(mention, type=winner.entries[0].type)
    winner.mention = mention


# ---------------------------------------------------------------------------- keys


@lru_cache(maxsize=1 << 14)
def _person_key(text: str) -> tuple[str, ...]:
    words = [token_norm(w) for w in text.split()]
    return tuple(_KUNYA_VARIANTS.get(w, w) for w in words if w)


@lru_cache(maxsize=1 << 14)
def _aliases(text: str, type_: str) -> frozenset[str]:
    """Other forms of an organisation or place name: without its designator, nisba plurals."""
    words = text.split()
    out: set[str] = set()
    if len(words) >= 2 and not words[0].startswith("ال"):
        head = lx.key(words[0])
        if head in lx.ALIAS_DESIGNATORS:
            rest = name_key(" ".join(words[1:]))
            if rest and rest not in lx.STOP:
                out.add(rest)
                if rest.endswith("ي") and " " not in rest:
                    out.update({rest + "ين", rest + "ون"})  # الحوثيين ← جماعة الحوثي
    return frozenset(out)


_ENTRY_KEYS: dict[str, tuple[KBEntry, frozenset[str], frozenset[str]]] = {}


def _entry_keys(entry: KBEntry) -> tuple[frozenset[str], frozenset[str]]:
    """(name keys, designator heads) of a KB entry's names, cached by id (for this very entry)."""
    found = _ENTRY_KEYS.get(entry.kb_id)
    if found is not None and found[0] is entry:
        return found[1], found[2]
    keys = frozenset(name_key(n) for n in entry.names)
    heads = frozenset(lx.key(n.split()[0]) for n in entry.names if len(n.split()) >= 2)
    if len(_ENTRY_KEYS) >= 1 << 14:
        _ENTRY_KEYS.clear()
    _ENTRY_KEYS[entry.kb_id] = (entry, keys, heads)
    return keys, heads


def _heads_of(doc: Document, tokens: Sequence[Token], index: dict[int, int], cand: _Cand) -> set[str]:
    """Designator evidence: the name's own head word, or the word right before it
    (بتنظيم «داعش»، لشركة أرامكو، مدينة الحزم)."""
    out: set[str] = set()
    words = cand.mention.text.split(maxsplit=1)
    if len(words) >= 2:
        out.add(lx.key(words[0]))
    k = index.get(_token_at(tokens, index, cand.start), -1)
    if k > 0:
        j = k - 1
        while j >= 0 and is_punct(tokens[j]):
            j -= 1
        if j >= 0:
            before = tokens[j]
            out.add(before.norm)
    return out


def _token_at(tokens: Sequence[Token], index: dict[int, int], offset: int) -> int:
    """Start offset of the token holding ``offset``."""
    for start in (offset, offset - 1, offset - 2, offset - 3, offset - 4):
        if start in index:
            return start
    return offset


# ---------------------------------------------------------------------------- clustering


class _Linker:
    def __init__(self, doc: Document, kb: KnowledgeBase | None, cands: list[_Cand],
                 token_index: dict[int, int] | None = None) -> None:
        self.doc = doc
        self.kb = kb
        self.cands = cands
        self.tokens = doc_tokens(doc)
        self.token_index = token_index if token_index is not None else _token_index(self.tokens)
        self.clusters: list[_Cluster] = []
        self.of: dict[int, _Cluster] = {}  # id(cand) → cluster
        self.by_kb: dict[str, _Cluster] = {}
        self._alive: list[_Cluster] | None = None  # the live clusters, until one is made or merged
        # Which clusters could take a name, by its keys (find_name_cluster): a key or alias → the
        # clusters with it; the last word of a key ("" for a key of no words) → the clusters with
        # such a key; the first and the last word of a key of two words or more → the clusters
        # with such a key. Clusters that died since stay listed (callers check ``alive``).
        self.owners: dict[str, list[_Cluster]] = {}
        self.ends: dict[str, list[_Cluster]] = {}
        self.long_firsts: dict[str, list[_Cluster]] = {}
        self.long_lasts: dict[str, list[_Cluster]] = {}

    # -- cluster bookkeeping

    def new(self, cand: _Cand) -> _Cluster:
        cluster = _Cluster(cand.type, order=len(self.clusters))
        self.clusters.append(cluster)
        self._alive = None
        self.add(cluster, cand)
        return cluster

    def add(self, cluster: _Cluster, cand: _Cand) -> None:
        cluster.mentions.append(cand)
        self.of[id(cand)] = cluster
        mention = cand.mention
        if cand.entries and cluster.entry is None:
            cluster.entry = cand.entries[0]
            self.by_kb.setdefault(cand.entries[0].kb_id, cluster)
        if cand.cls == pt.NAME:
            group = _norp_group(mention)
            if group is not None:
                self.add_key(cluster, group)
            if cluster.fam == "PER":
                self.add_key(cluster, " ".join(_person_key(mention.text)))
            else:
                self.add_key(cluster, name_key(mention.text))
                for alias in _aliases(mention.text, mention.type):
                    if alias not in cluster.aliases:
                        cluster.aliases.add(alias)
                        self.owners.setdefault(alias, []).append(cluster)
            if cand.entries:
                keys, heads = _entry_keys(cand.entries[0])
                for key in keys - cluster.keys:
                    self.add_key(cluster, key)
                cluster.heads |= heads
            cluster.heads |= _heads_of(self.doc, self.tokens, self.token_index, cand)
        if mention.role and mention.role not in cluster.roles:
            cluster.roles.append(mention.role)
        if cand.cls == pt.ANONYMOUS:
            cluster.anonymous = True
        if cluster.type != mention.type and cand.entries:
            cluster.type = mention.type

    def add_key(self, cluster: _Cluster, key: str) -> None:
        """Add ``key`` to ``cluster.keys`` and to the indexes of ``find_name_cluster``."""
        if key in cluster.keys:
            return
        cluster.keys.add(key)
        self.owners.setdefault(key, []).append(cluster)
        words = _key_words(key)
        self.ends.setdefault(words[-1] if words else "", []).append(cluster)
        if len(words) >= 2:
            self.long_firsts.setdefault(words[0], []).append(cluster)
            self.long_lasts.setdefault(words[-1], []).append(cluster)

    def merge(self, keep: _Cluster, gone: _Cluster) -> None:
        if keep is gone:
            return
        for cand in gone.mentions:
            self.add(keep, cand)
        gone.alive = False
        self._alive = None
        gone.mentions = []
        if keep.entry is None and gone.entry is not None:
            keep.entry = gone.entry
        for kb_id, cluster in list(self.by_kb.items()):
            if cluster is gone:
                self.by_kb[kb_id] = keep

    def alive(self) -> list[_Cluster]:
        """The live clusters in order of creation (shared: do not change the list)."""
        if self._alive is None:
            self._alive = [c for c in self.clusters if c.alive]
        return self._alive

    # -- pass 1: names, roles, anonymous sources

    def run(self) -> list[_Cluster]:
        later: list[_Cand] = []
        open_roles: list[tuple[_Cluster, int]] = []  # role-only clusters waiting for a name
        last: dict[str, _Cand] = {}  # the last candidate of each family
        for cand in self.cands:
            if cand.cls in (pt.SHORT_FORM, pt.ANONYMOUS_ANAPHOR, pt.PERSON_ANAPHOR):
                later.append(cand)
                continue
            if cand.cls in (pt.ROLE, pt.ANONYMOUS):
                self.place_role(cand, last.get("PER"), open_roles)
            else:
                self.place_name(cand, last.get(cand.fam), open_roles)
            last[cand.fam] = cand
        self.repeats()
        for cand in later:
            self.place_reference(cand)
        return list(self.alive())

    def gap(self, left: _Cand, right: _Cand) -> str:
        return self.doc.text[left.end : right.start] if left.end <= right.start else "\0"

    def appositive(self, left: _Cand, right: _Cand) -> bool:
        """``right`` directly follows ``left``: only spaces, commas and titles between."""
        gap = self.gap(left, right)
        if _APPOSITION_GAP.fullmatch(gap):
            return True
        words = [w for w in re.split(r"[\s،,]+", gap) if w]
        return bool(words) and len(words) <= 3 and all(lx.key(w) in lx.TITLES or lx.key(w) in lx.TITLE_MODIFIERS
                                                       for w in words)

    def place_name(self, cand: _Cand, previous: _Cand | None, open_roles: list[tuple[_Cluster, int]]) -> None:
        target = self.find_name_cluster(cand)
        # a role phrase right before a person's name is the same person (وزير الداخلية X)
        if cand.fam == "PER" and previous is not None and previous.cls == pt.ROLE and self.appositive(previous, cand):
            role_cluster = self.of.get(id(previous))
            if role_cluster is not None and role_cluster.alive and not role_cluster.has_names():
                if target is None:
                    self.add(role_cluster, cand)
                else:
                    self.add(target, cand)
                    self.merge(target, role_cluster)
                self.close_role(open_roles, role_cluster)
                return
        # an alias in brackets or quotes after an organisation (وكالة الأنباء السعودية (واس))
        if cand.fam == "ORG" and previous is not None and previous.fam == "ORG" and previous.cls == pt.NAME and (
            _ALIAS_GAP.fullmatch(self.gap(previous, cand)) and len(cand.mention.text.split()) <= 2
        ) and target is None:
            cluster = self.of.get(id(previous))
            if cluster is not None and cluster.alive:
                self.add(cluster, cand)
                return
        if target is None and cand.fam == "PER":
            target = self.take_open_role(cand, open_roles)
        if target is None:
            self.new(cand)
        else:
            self.add(target, cand)

    def find_name_cluster(self, cand: _Cand) -> _Cluster | None:
        if cand.entries:
            found = self.by_kb.get(cand.entries[0].kb_id)
            if found is not None and found.alive:
                return found
        # Only the clusters the indexes list can match (see the conditions below); they are
        # tried as all compatible clusters would be, latest first.
        if cand.fam == "PER":
            key = _person_key(cand.mention.text)
            joined = " ".join(key)
            for cluster in self.compatible_clusters(cand, [self.owners.get(joined)]):
                if joined in cluster.keys:
                    return cluster
            # one key a tail of the other: the same last word (a key of no words only for a key of none)
            last = key[-1] if key else ""
            for cluster in self.compatible_clusters(cand, [self.ends.get(last)]):
                if any(_person_compatible(key, words) for words in cluster.split_keys()
                       if (words[-1] == last if words else not key)):
                    return cluster
            return None
        key_text = name_key(cand.mention.text)
        group = _norp_group(cand.mention)
        # _words_meet needs two words at least on either side, and the same first or last word
        key_words = _key_words(key_text) if len(_key_words(key_text)) >= 2 else None
        first_word, last_word = (key_words[0], key_words[-1]) if key_words is not None else ("", "")
        cand_aliases: frozenset[str] | None = None
        cand_kb_id = cand.entries[0].kb_id if cand.entries else None
        owners = self.owners
        listed = [owners.get(key_text), owners.get(group) if group is not None else None]
        if key_words is not None:
            listed += [self.long_firsts.get(first_word), self.long_lasts.get(last_word)]
        if key_text:
            cand_aliases = _aliases(cand.mention.text, cand.type)
            listed += [owners.get(alias) for alias in cand_aliases]
        for cluster in self.compatible_clusters(cand, listed):
            keys = cluster.keys
            if key_text in keys or key_text in cluster.aliases or (group is not None and group in keys):
                return cluster
            if cand_kb_id is not None and (cluster.entry is None or cluster.entry.kb_id != cand_kb_id):
                continue  # a KB-backed name joins only its own entry's cluster
            if key_words is not None and any(
                (words[0] == first_word or words[-1] == last_word) and _words_meet(key_words, words)
                for words in cluster.split_keys() if len(words) >= 2
            ):
                return cluster
            if cand_aliases is not None and cluster.aliases and not cluster.aliases.isdisjoint(cand_aliases):
                return cluster
        return None

    def compatible_clusters(self, cand: _Cand, listed: Iterable[list[_Cluster] | None]) -> list[_Cluster]:
        """The live clusters among ``listed`` that ``cand`` may join, latest first: same family,
        not an anonymous source; a facility also with a place or organisation unless both are
        KB-backed."""
        found: dict[int, _Cluster] = {}
        for clusters in listed:
            if clusters:
                for cluster in clusters:
                    found[cluster.order] = cluster
        if not found:
            return []
        fam = cand.fam
        facility_like = _FACILITY_LIKE.get(fam, ())
        has_entries = bool(cand.entries)
        return [
            cluster for _, cluster in sorted(found.items(), reverse=True)
            if cluster.alive and not cluster.anonymous and (
                (other := _FAMILIES.get(cluster.type, "OTHER")) == fam
                or (other in facility_like and not (cluster.entry is not None and has_entries))
            )
        ]

    def place_role(self, cand: _Cand, previous: _Cand | None, open_roles: list[tuple[_Cluster, int]]) -> None:
        # X، مدير المكتب ...؛ X، وهو مقاتل سابق ...
        if previous is not None and previous.fam == "PER" and previous.cls in (pt.NAME, pt.ROLE, pt.ANONYMOUS):
            gap = self.gap(previous, cand)
            if (previous.cls == pt.NAME and re.fullmatch(r"\s*[،,]\s*", gap)) or _WHO_GAP.fullmatch(gap):
                cluster = self.of.get(id(previous))
                if cluster is not None and cluster.alive:
                    self.add(cluster, cand)
                    return
        if cand.cls == pt.ANONYMOUS:
            self.new(cand)
            return
        nxt = self.next_cand(cand)
        if nxt is not None and nxt.fam == "PER" and nxt.cls == pt.NAME and self.appositive(cand, nxt):
            cluster = self.new(cand)  # joined by the name that follows (place_name)
            return
        antecedent = self.role_antecedent(cand)
        if antecedent is not None:
            self.add(antecedent, cand)
            return
        cluster = self.new(cand)
        open_roles.append((cluster, self.sentence_end(cand.start)))

    def next_cand(self, cand: _Cand) -> _Cand | None:
        """The first candidate starting at or after ``cand``'s end (the longest first). ``cands``
        is sorted by (start, -end): by ``_merge``, and again after ``repeats`` adds to it."""
        k = bisect_left(self.cands, cand.end, key=_cand_start)
        return self.cands[k] if k < len(self.cands) else None

    def role_antecedent(self, cand: _Cand) -> _Cluster | None:
        role = cand.mention.role or cand.mention.text
        group, full = pt.role_key(role)
        bare = len(role.split()) == 1 or all(
            lx.key(w) in lx.ROLE_ADJECTIVES for w in role.split()[1:]
        )
        persons = [c for c in self.alive() if c.fam == "PER" and not c.anonymous and c.first < cand.start]
        persons.sort(key=lambda c: c.last_before(cand.start), reverse=True)
        for cluster in persons:
            if any(pt.role_key(r)[1] == full for r in cluster.roles):
                return cluster
        if not bare:
            return None
        adjectives = {lx.key(w) for w in role.split()[1:]}
        for cluster in persons:
            for r in cluster.roles:
                r_group, r_full = pt.role_key(r)
                if r_group == group and adjectives <= set(r_full.split()) | {lx.key("ال" + w) for w in r_full.split()}:
                    return cluster
                if group == "official" and lx.key(r.split()[0]) in _OFFICIAL_HEADS | lx.TITLES:
                    return cluster
        return None

    def take_open_role(self, cand: _Cand, open_roles: list[tuple[_Cluster, int]]) -> _Cluster | None:
        """A role stated before the name, in the same sentence (المتحدث باسم X، الذي يعرّف نفسه باسم Y)."""
        for k, (cluster, sentence_end) in enumerate(open_roles):
            if cluster.alive and not cluster.has_names() and cand.start < sentence_end and cluster.first < cand.start:
                del open_roles[k]
                return cluster
        return None

    def close_role(self, open_roles: list[tuple[_Cluster, int]], cluster: _Cluster) -> None:
        open_roles[:] = [(c, e) for c, e in open_roles if c is not cluster]

    def sentence_end(self, offset: int) -> int:
        for start, end in self.doc.sentences:
            if start <= offset < end:
                return end
        newline = self.doc.text.find("\n", offset)
        return newline if newline >= 0 else len(self.doc.text)

    # -- pass 2: repeats of known names that no step marked

    def repeats(self) -> None:
        table: dict[tuple[str, ...], _Cluster] = {}
        for cluster in self.alive():
            if cluster.anonymous:
                continue
            for key in cluster.keys | cluster.aliases:
                words = _key_words(key)
                if words and not (len(words) == 1 and (len(words[0]) < 3 or words[0] in lx.STOP)):
                    table.setdefault(words, cluster)
            if cluster.fam == "PER":
                for key in list(cluster.keys):
                    words = _key_words(key)
                    for surname in _surnames(words):
                        table.setdefault(surname, cluster)
        if not table:
            return
        # first word → the widths of the keys starting with it, widest first: the longest match
        # at a token is the widest of those whose words follow it
        widths: dict[str, list[int]] = {}
        for words in table:
            widths.setdefault(words[0], []).append(len(words))
        for options in widths.values():
            if len(options) > 1:
                options[:] = sorted(set(options), reverse=True)
        # the candidates' starts (``cands`` is sorted by start), and the furthest end among the
        # first k of them: a span [start, end) overlaps one of them when one of those starting
        # before ``end`` reaches past ``start``
        covered_starts = [c.start for c in self.cands]
        reach = list(accumulate((c.end for c in self.cands), max))
        tokens = self.tokens
        norms = [t.norm for t in tokens]
        n = len(norms)
        new: list[_Cand] = []
        free = 0  # tokens before this one are inside a repeat found already
        for i in [k for k, norm in enumerate(norms) if norm in widths]:
            if i < free:
                continue
            found: tuple[int, _Cluster] | None = None
            for width in widths[norms[i]]:
                if width > n - i:
                    continue
                hit = table.get(tuple(norms[i : i + width]))
                if hit is not None:
                    found = (width, hit)
                    break
            if found is None:
                continue
            width, cluster = found
            free = i + width
            # the tokens inside one candidate's span: the repeat overlaps it, however trimmed
            k = bisect_right(covered_starts, tokens[i].start)
            if k and reach[k - 1] >= tokens[i + width - 1].end:
                continue
            start, end = trim_span(self.doc.text, core_start(tokens[i]), tokens[i + width - 1].end)
            k = bisect_left(covered_starts, end)
            if start < end and not (k and reach[k - 1] > start) and self.repeat_ok(tokens, i, width, cluster):
                mention = Mention(start, end, self.doc.text[start:end], cluster.type, "name", BY, 0.6)
                cand = _Cand(mention, pt.NAME, [cluster.entry] if cluster.entry else [])
                self.add(cluster, cand)
                new.append(cand)
        for cand in new:  # as a stable sort by (start, -end) of cands + new would place them
            insort(self.cands, cand, key=_cand_order)

    def repeat_ok(self, tokens: Sequence[Token], i: int, width: int, cluster: _Cluster) -> bool:
        """A repeat must stand as a name: not a common word, not glued to a longer name."""
        if cluster.fam == "PER":
            if width == 1 and not is_definite(tokens[i]) and len(tokens[i].norm) < 4:
                return False
            nxt = tokens[i + width] if i + width < len(tokens) else None
            return not (nxt is not None and width == 1 and not nxt.prefix and nxt.norm in cluster.keys)
        return True

    # -- pass 3: short forms and anaphors

    def place_reference(self, cand: _Cand) -> None:
        if cand.cls == pt.ANONYMOUS_ANAPHOR:
            sources = [c for c in self.alive() if c.anonymous and c.first < cand.start]
            if sources:
                self.add(max(sources, key=lambda c: c.last_before(cand.start)), cand)
            return
        if cand.cls == pt.PERSON_ANAPHOR:
            persons = [c for c in self.alive() if c.fam == "PER" and c.has_names() and not c.anonymous
                       and 0 <= cand.start - c.last_before(cand.start) < 400]
            if persons:
                self.add(max(persons, key=lambda c: c.last_before(cand.start)), cand)
            return
        target = self.short_form_target(cand)
        if target is not None:
            self.add(target, cand)
            return
        head = lx.key(cand.mention.text.split()[0])
        if head in lx.STANDALONE_SHORT_FORMS:
            for cluster in self.alive():
                if cluster.fam == cand.fam and not cluster.has_names() and any(
                    c.cls == pt.SHORT_FORM and lx.key(c.mention.text.split()[0]) == head for c in cluster.mentions
                ):
                    self.add(cluster, cand)
                    return
            self.new(cand)

    def short_form_target(self, cand: _Cand) -> _Cluster | None:
        words = cand.mention.text.split()
        head = lx.key(words[0]) if words[0].startswith("ال") else token_norm(words[0])
        spec = lx.SHORT_FORMS.get(head)
        if spec is None:
            return None
        types, heads, kinds = spec
        nxt = self.next_cand(cand)
        if nxt is not None and nxt.type in types and nxt.cls == pt.NAME and _APPOSITION_GAP.fullmatch(
            self.gap(cand, nxt)
        ):
            cluster = self.of.get(id(nxt))
            if cluster is not None and cluster.alive:
                return cluster  # العاصمة عمّان
        adjective_keys = {lx.key(w) for w in words[1:]}
        place_form = "ORG" not in types
        type_families = {family(t) for t in types}
        # worked out once, on first need (nothing they read changes while the clusters are scored)
        found_dateline: list[_Cluster | None] = []
        found_nisba: list[str | None] = []

        def dateline() -> _Cluster | None:
            if not found_dateline:
                found_dateline.append(self.dateline_cluster())
            return found_dateline[0]

        scored: list[tuple[tuple[int, int, int, int], _Cluster]] = []
        for cluster in self.alive():
            if cluster.anonymous or (cluster.type not in types and cluster.fam not in type_families):
                continue
            if not cluster.has_names():
                continue
            evidence = (3 if place_form else 2) if not cluster.heads.isdisjoint(heads) else 0
            kind = self.cluster_kind(cluster)
            other_designator = place_form and not evidence and not cluster.heads.isdisjoint(_PLACE_DESIGNATOR_KEYS)
            if kind and kind in kinds and not other_designator:
                evidence = max(evidence, 2 if place_form else 1)
            if head == _CAPITAL and self.is_capital(cluster, dateline):
                evidence = 2
            if head == _COUNTRY_WORD and kind in _COUNTRY_KINDS:
                place = dateline()  # dateline_country()
                country = place.entry.country if place is not None and place.entry is not None else None
                evidence = 1 + (country == (cluster.entry.country if cluster.entry else None))
            if head == _KINGDOM and cluster.entry is not None and cluster.entry.kind in _COUNTRY_KINDS and (
                cluster.entry.country in lx.COUNTRY_KINGDOMS
            ):
                evidence = 2
            if adjective_keys and cluster.entry is not None and cluster.entry.country:
                if not found_nisba:
                    found_nisba.append(self.nisba_country(adjective_keys))
                nisba = found_nisba[0]
                if nisba is not None and nisba != cluster.entry.country:
                    continue
            if not evidence:
                continue
            before = cluster.last_before(cand.start)
            precedes = 1 if before >= 0 else 0
            if place_form:
                scored.append(((evidence, precedes, before, len(cluster.mentions)), cluster))
            else:
                scored.append(((evidence, precedes, len(cluster.mentions), before), cluster))
        if not scored:
            return None
        return max(scored, key=lambda s: s[0])[1]

    def nisba_country(self, adjective_keys: set[str]) -> str | None:
        """The country a nationality adjective names (العراقية → IQ), from the KB's countries."""
        if self.kb is None:
            return None
        for key in adjective_keys:
            stem = key[:-1] if key.endswith("ه") else key
            if stem.endswith("ي"):
                for entry in self.kb.lookup(stem[:-1]) + self.kb.lookup("ال" + stem[:-1]):
                    if entry.kind in _COUNTRY_KINDS and entry.country:
                        return entry.country
        return None

    def cluster_kind(self, cluster: _Cluster) -> str | None:
        if cluster.entry is not None and cluster.entry.kind:
            return cluster.entry.kind
        return cluster.designator_kind()

    def is_capital(self, cluster: _Cluster, dateline: Callable[[], _Cluster | None] | None = None) -> bool:
        """A capital by the KB, or the dateline's place. ``dateline``: how to get
        ``dateline_cluster()`` (a caller asking often can remember it)."""
        entry = cluster.entry
        if entry is not None and (getattr(entry, "capital", False) or entry.kind == "capital"):
            return True
        place = dateline() if dateline is not None else self.dateline_cluster()
        return place is cluster and cluster.fam == "PLACE"

    def dateline_cluster(self) -> _Cluster | None:
        match = _DATELINE.match(self.doc.text)
        if match is None:
            return None
        for cluster in self.alive():
            if cluster.fam == "PLACE" and any(c.start < match.end() for c in cluster.mentions):
                return cluster
        return None

    def dateline_country(self) -> str | None:
        cluster = self.dateline_cluster()
        if cluster is not None and cluster.entry is not None:
            return cluster.entry.country
        return None


def _norp_group(mention: Mention) -> str | None:
    """The group a NORP mention names (المحتجين، المتظاهرون → protesters), as a cluster key."""
    if mention.type != "NORP":
        return None
    words = mention.text.split()
    group = lx.NORP_GROUPS.get(token_norm(words[0])) if words else None
    if group is None and len(words) == 2:
        group = "+".join(token_norm(w).removesuffix("ين").removesuffix("ون") for w in words)
    return f"norp:{group}" if group else None


def _person_compatible(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether two person-name keys name one person: one is a tail of the other (the surname
    alone, the name without its first part), both at least one distinctive word."""
    if not short or not full or short == full:
        return short == full
    a, b = (short, full) if len(short) <= len(full) else (full, short)
    if b[-len(a):] == a:
        return not (len(a) == 1 and (len(a[0]) < 3 or a[0] in lx.STOP or a[0] in lx.KUNYA))
    return False


def _surnames(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Short forms of a person's name that the text may use alone: the family name (الحسناوي),
    a compound one (العبد الله، بن عمارة، عبد الحميد), the kunya without its nisba."""
    if len(words) < 2:
        return []
    out: list[tuple[str, ...]] = []
    if words[0] in lx.KUNYA:
        if len(words) >= 3:
            out.append(words[:2])
            out.append(words[2:])
        return [w for w in out if w]
    if (len(words) >= 3 and words[-2] in ("عبد", "بن", "ابن")) or (words[-1] == "الله" and len(words) >= 3):
        out.append(words[-2:])
    else:
        out.append(words[-1:])
    return [w for w in out if not (len(w) == 1 and (len(w[0]) < 3 or w[0] in lx.STOP))]


@lru_cache(maxsize=1 << 14)
def _key_words(key: str) -> tuple[str, ...]:
    return tuple(key.split())


def _words_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two split name keys are an organisation's leading part (لجنة المال ← لجنة المال
    والموازنة) or an outer form (الإدارة العامة للحرس الوطني → الحرس الوطني), two words at least."""
    if len(a) < 2 or len(b) < 2 or a == b:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_[: len(short)] == short or long_[-len(short):] == short


def _designator_kind(cluster: _Cluster) -> str | None:
    for cand in cluster.mentions:
        if cand.cls != pt.NAME:
            continue
        words = cand.mention.text.split()
        if not words:
            continue
        head = lx.key(words[0])
        for table in (lx.ORG_DESIGNATORS, lx.FAC_DESIGNATORS, lx.LOC_DESIGNATORS, lx.GPE_DESIGNATORS,
                      lx.DEFINITE_ORG_HEADS):
            if head in table and len(words) >= 2:
                return table[head]
    for head in cluster.heads:
        for table in (lx.GPE_DESIGNATORS, lx.ORG_DESIGNATORS):
            if head in table:
                return table[head]
    return None


# ---------------------------------------------------------------------------- entities


def _context_countries(linker: _Linker, clusters: Iterable[_Cluster]) -> list[str]:
    """Countries of the article: the dateline city's (when unambiguous) first, then the
    countries it mentions, most mentioned first."""
    out: list[str] = []
    dateline = linker.dateline_cluster()
    if dateline is not None:
        entries = {c.entries[0].country for c in dateline.mentions if c.entries} | {
            e.country for c in dateline.mentions for e in c.entries
        }
        entries.discard(None)
        if len(entries) == 1:
            out.extend(e for e in entries if e)
    counted: list[tuple[int, str]] = []
    for cluster in clusters:
        entry = cluster.entry
        ambiguous = any(len(c.entries) > 1 for c in cluster.mentions)  # عمّان: Oman or Amman
        if entry is not None and entry.kind in _COUNTRY_KINDS and entry.country and not ambiguous:
            counted.append((len(cluster.mentions), entry.country))
    for _, country in sorted(counted, key=lambda x: -x[0]):
        if country not in out:
            out.append(country)
    # a dateline like مأرب (اليمن): the bracketed country
    match = _DATELINE.match(linker.doc.text)
    if match is not None and "(" in match.group(0) and linker.kb is not None:
        inside = match.group(0).split("(", 1)[1].split(")", 1)[0]
        for entry in linker.kb.lookup(inside):
            if entry.kind in _COUNTRY_KINDS and entry.country and entry.country not in out:
                out.insert(0, entry.country)
    return out


def _choose_entries(linker: _Linker, clusters: list[_Cluster]) -> None:
    countries = _context_countries(linker, clusters)
    for cluster in clusters:
        candidates: list[KBEntry] = []
        for cand in cluster.mentions:
            for entry in cand.entries:
                if entry not in candidates:
                    candidates.append(entry)
        places = [e for e in candidates if family(e.type) == "PLACE" or e.type == "FAC"]
        if len(places) > 1:
            chosen = choose_place(places, countries)
            if chosen is not None:
                cluster.entry = chosen


def _geo(entry: KBEntry | None) -> dict[str, Any] | None:
    if entry is None or entry.lat is None or entry.lon is None:
        return None
    return {"lat": entry.lat, "lon": entry.lon, "country": entry.country, "geonames_id": entry.geonames_id,
            "precision": entry.geo_precision or ("country" if entry.kind in _COUNTRY_KINDS else "city")}


def _entity(cluster: _Cluster, number: int) -> Entity:
    cands = sorted(cluster.mentions, key=_cand_order)
    mentions: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for cand in cands:
        if (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        mention = cand.mention
        kind = "nominal" if cand.cls in (pt.SHORT_FORM, pt.ANONYMOUS_ANAPHOR, pt.ROLE, pt.ANONYMOUS) else mention.kind
        if cand.cls == pt.PERSON_ANAPHOR:
            kind = "nominal"
        if kind != mention.kind:
            mention = dataclasses.replace(mention, kind=kind)
        mentions.append(mention)
    names = cluster.names()
    entry = cluster.entry
    type_ = entry.type if entry is not None else _cluster_type(cluster)
    if entry is not None:
        name = entry.name
    elif names and family(type_) == "PLACE":
        counts = Counter(name_key(c.mention.text) for c in names)
        name = max(names, key=lambda c: (counts[name_key(c.mention.text)], len(c.mention.text.split()),
                                         -c.start)).mention.text
    elif names:
        name = max(names, key=lambda c: (len(c.mention.text.split()), len(c.mention.text), -c.start)).mention.text
    else:
        nominal = [c for c in cands if c.cls in (pt.ROLE, pt.ANONYMOUS, pt.SHORT_FORM)] or cands
        name = max(nominal, key=lambda c: (len(c.mention.text.split()), -c.start)).mention.text
    named = entry is not None or (bool(names) and not cluster.anonymous)
    kb_id = entry.kb_id if entry is not None else (make_kb_id(name, type_) if named else None)
    name_en = entry.name_en if entry is not None and entry.name_en else (romanize(name) if named else None)
    kind_ = entry.kind if entry is not None and entry.kind else _entity_kind(cluster, type_)
    roles = _roles(cluster)
    geo = _geo(entry) if entry is not None and family(type_) in ("PLACE", "FAC") else None
    return Entity(f"e{number}", type_, name, mentions, name_en, kb_id, kind_, roles, geo)


def _cluster_type(cluster: _Cluster) -> str:
    best: tuple[int, str] | None = None
    for cand in cluster.mentions:
        rank = _TYPE_PRIORITY.get(_source(cand.mention), 3) - (10 if cand.cls == pt.NAME else 0)
        if best is None or rank < best[0]:
            best = (rank, cand.mention.type)
    return best[1] if best else cluster.type


def _entity_kind(cluster: _Cluster, type_: str) -> str | None:
    if cluster.anonymous:
        return "anonymous_source"
    if type_ == "PER":
        for role in cluster.roles:
            kind = pt.role_kind(role)
            if kind:
                return kind
        return None
    if type_ == "NORP":
        for cand in cluster.mentions:
            group = lx.NORP_GROUPS.get(token_norm(cand.mention.text))
            if group:
                return group
        return None
    return _designator_kind(cluster)


def _roles(cluster: _Cluster) -> list[str]:
    """Roles stated in the text: role phrases and titles, without bare anaphors (الوزير) when a
    fuller role with the same head is there."""
    roles = list(dict.fromkeys(cluster.roles))
    full = [r for r in roles if len(r.split()) > 1]
    out = []
    for role in roles:
        if len(role.split()) == 1 and lx.key(role) not in lx.TITLES:
            group = pt.role_key(role)[0]
            if any(pt.role_key(f)[0] == group for f in full):
                continue
        out.append(role)
    return out


def link_entities(doc: Document, kb: KnowledgeBase | None = None) -> list[Entity]:
    """The entity clusters of ``doc`` from its candidate mentions."""
    index = _token_index(doc_tokens(doc))
    cands = _merge(_candidates(doc, kb, index))
    linker = _Linker(doc, kb, cands, index)
    clusters = linker.run()
    _choose_entries(linker, clusters)
    clusters = [c for c in clusters if c.mentions]
    clusters.sort(key=lambda c: c.first)
    return [_entity(cluster, k) for k, cluster in enumerate(clusters, start=1)]


def link_step(doc: Document, kb: KnowledgeBase | None = None) -> None:
    """Cluster ``doc.mentions`` into ``doc.entities`` (see the module docstring)."""
    doc.entities = link_entities(doc, kb if kb is not None else get_kb())
