"""Knowledge-base entries and the alias index that matches them against tokens.

An alias is matched on its *key*: the ``token_norm`` of each of its words joined by spaces
(الدولة الإسلامية → "دوله اسلاميه"), so clitics and spelling variants (أ/إ/ا، ة/ه، ى/ي,
diacritics) never stop a match. Punctuation inside an alias is its own word, as the tokenizer
makes it (الكونغو - كينشاسا → "كونغو - كينشاسا").

A knowledge base also knows its *whole words*: the normalised words of its aliases that begin
with a letter a proclitic could be (و ف ب ك ل ا). Keys are computed with them as
``token_norm(..., known=...)``, so a name such as كينشاسا is never cut into ك + ينشاسا, and
``match_tokens`` analyses each token the same way.

Keys drop the article, so names and words must also agree on it, word by word: a word the name
writes without it does not match a word with it (مالي is not المالي, "financial"; حماس is not
الحماس), and a place matches only words that use the article as one of its names does (الرياض,
not the first name رياض).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from marsad.arabic import normalize_word, strip_clitics, token_norm
from marsad.document import Token

__all__ = [
    "ENTITY_TYPES",
    "KBEntry",
    "KBMatch",
    "KnowledgeBase",
    "alias_key",
    "alias_words",
    "has_article",
    "key_and_articles",
]

ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "MISC"})

# First letters of every proclitic stack (و ف ب ك ل, and ا of the article): only words that
# start with one of them can be cut wrongly, so only those need to be known whole.
_CLITIC_INITIALS = frozenset("وفبكلا")
# A token can only be re-cut differently when it starts with one of those letters, in any
# spelling that normalises to one (أ إ آ ٱ fold to ا).
_CLITIC_OR_ALEF = frozenset("وفبكلاأإآٱ")
# A place named with the article matches only words with it (الرياض, not the first name رياض);
# other names written with it match words without it too (اليونيفيل and يونيفيل).
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_LOOKUP_CACHE_SIZE = 1 << 14  # texts whose lookup a knowledge base remembers (it starts over when full)
_TEXT_KEYS_CACHE_SIZE = 1 << 15  # words whose key or proclitics a knowledge base remembers (the same)


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One real-world thing. ``kb_id`` is a Wikidata QID where known, else a marsad id."""

    kb_id: str
    type: str  # PER, ORG, GPE, LOC, FAC, NORP, EVENT, MISC
    name: str  # canonical Arabic name
    name_en: str | None = None
    kind: str | None = None  # armed_group, state_security, government, politician, media, igo, ngo, country, city...
    aliases: tuple[str, ...] = ()  # Arabic aliases and variants, Latin acronyms (ISIS)
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    geo_precision: str | None = None  # point, city, admin1, country, region
    population: int = 0
    source: str = ""
    capital: bool = False  # a country's capital city

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def alias_words(alias: str) -> list[str]:
    """The words of an alias as the tokenizer would cut them: whitespace-separated, with each
    punctuation or symbol character a word of its own (غينيا-بيساو → غينيا, -, بيساو)."""
    if alias.replace(" ", "").isalnum():  # the usual case, checked in C
        return alias.split()
    padded = "".join(f" {c} " if unicodedata.category(c)[0] in "PS" else c for c in alias)
    return padded.split()


def key_and_articles(alias: str, *, known: frozenset[str] | None = None) -> tuple[str, tuple[bool, ...]]:
    """``alias_key`` and, for each word of the key, whether the alias writes it with the article
    (ال، بال، لل ...): المملكة العربية السعودية → ("مملكه عربيه سعوديه", (True, True, True))."""
    keys: list[str] = []
    articles: list[bool] = []
    for word in alias_words(alias):
        norm = token_norm(word, known=known)
        if norm:
            keys.append(norm)
            articles.append(has_article(word, norm))
    return " ".join(keys), tuple(articles)


def alias_key(alias: str, *, known: frozenset[str] | None = None) -> str:
    """The matching key of an alias: each word's ``token_norm``, joined by single spaces.

    ``known`` holds whole words (``normalize_word`` form) that must not be cut into proclitic +
    rest; a ``KnowledgeBase`` passes its own (``KnowledgeBase.known``).
    """
    norms = (token_norm(word, known=known) for word in alias_words(alias))
    return " ".join(norm for norm in norms if norm)


def whole_words(names: Iterable[str]) -> set[str]:
    """The normalised words of ``names`` that could be mistaken for proclitic + word.

    A word with the article is also known without it (الفلوجة → الفلوجه, فلوجه), since text
    writes both.
    """
    words: set[str] = set()
    for name in names:
        for word in alias_words(name):
            norm = normalize_word(word)
            if len(norm) < 3 or norm[0] not in _CLITIC_INITIALS:
                continue
            words.add(norm)
            if norm.startswith("ال") and len(norm) >= 5 and norm[2] in _CLITIC_INITIALS:
                words.add(norm[2:])
    return words


def has_article(word: str, key_word: str) -> bool:
    """Whether ``word`` as written carries the article in front of ``key_word``, its key
    (المالي، بالمالي، للمالي → True for "مالي"; مالي، ومالي → False)."""
    folded = normalize_word(word)
    return folded.endswith(("ال" + key_word, "لل" + key_word))


@dataclass(frozen=True, slots=True)
class KBMatch:
    """Tokens ``[first, last)`` of a document match these entries (best first)."""

    first: int
    last: int
    entries: tuple[KBEntry, ...]


def _rank(entry: KBEntry) -> tuple[int, int, str]:
    """Order inside an index bucket: bigger first, then countries, then by id (deterministic)."""
    return (-entry.population, 0 if entry.kind == "country" else 1, entry.kb_id)


class KnowledgeBase:
    """Entries indexed by id and by alias key; ``match_tokens`` finds longest alias matches.

    ``warnings`` collects what loading refused or overrode (file and line). The index is built
    lazily: ``add`` marks it stale, and the next ``lookup``/``match_tokens``/``index`` rebuilds
    it once, so adding many entries costs one build.
    """

    def __init__(self, entries: Iterable[KBEntry] = ()) -> None:
        self.entries: dict[str, KBEntry] = {}
        self.warnings: list[str] = []
        self.codes: dict[str, str] = {}  # ISO 3166-1 alpha-2 and alpha-3 code → country kb_id
        self._unindexed: dict[str, frozenset[str]] = {}  # kb_id → names kept but never indexed
        self._index: dict[str, tuple[KBEntry, ...]] = {}
        # key → kb_id → how its names with that key use the article, word by word (keys where
        # that can leave an entry out)
        self._articles: dict[str, dict[str, frozenset[tuple[bool, ...]]]] = {}
        self._widths: dict[str, int] = {}  # first word of a key → most words of a key starting with it
        self._width_options: dict[str, tuple[int, ...]] = {}  # first word → word counts of its keys, most first
        self._text_keys: dict[str, str] = {}  # token text → its key (token_keys), for the current index
        self._proclitics: dict[str, str] = {}  # word → proclitics(word), for the current index
        self._known: frozenset[str] = frozenset()
        self._max_words = 1
        self._lookups: dict[str, tuple[KBEntry, ...]] = {}  # text → lookup(text), for the current index
        self._stale = False
        for entry in entries:
            self.add(entry)

    @classmethod
    def from_entries(cls, entries: Iterable[KBEntry]) -> KnowledgeBase:
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, kb_id: object) -> bool:
        return kb_id in self.entries

    # --- building -------------------------------------------------------------------------

    def add(self, entry: KBEntry, *, unindexed: Iterable[str] = ()) -> None:
        """Add or override (same ``kb_id``) an entry. Names in ``unindexed`` (its canonical name,
        typically, when that is a common word) stay on the entry but are never matched."""
        self.entries[entry.kb_id] = entry
        skip = frozenset(unindexed)
        if skip:
            self._unindexed[entry.kb_id] = skip
        else:
            self._unindexed.pop(entry.kb_id, None)
        if entry.kind == "country" and entry.country:
            self.codes[entry.country.upper()] = entry.kb_id
        self._stale = True

    def add_code(self, code: str, kb_id: str) -> None:
        """Make ``country(code)`` find ``kb_id`` (an alpha-3 code, say)."""
        self.codes[code.upper()] = kb_id

    def copy(self) -> KnowledgeBase:
        """An independent copy (entries are immutable and shared)."""
        kb = KnowledgeBase()
        kb.entries = dict(self.entries)
        kb.warnings = list(self.warnings)
        kb.codes = dict(self.codes)
        kb._unindexed = dict(self._unindexed)
        self._ensure_index()
        kb._index = self._index  # never mutated in place: _build_index makes a new dict
        kb._articles = self._articles
        kb._widths = self._widths
        kb._width_options = self._width_options
        kb._known = self._known
        kb._max_words = self._max_words
        return kb

    def indexed_names(self, entry: KBEntry) -> tuple[str, ...]:
        """The names of ``entry`` that the index matches."""
        skip = self._unindexed.get(entry.kb_id)
        if not skip:
            return entry.names
        return tuple(name for name in entry.names if name not in skip)

    def _ensure_index(self) -> None:
        if self._stale:
            self._build_index()

    def _build_index(self) -> None:
        entries = list(self.entries.values())
        known: set[str] = set()
        for entry in entries:
            known.update(whole_words(self.indexed_names(entry)))
        self._known = frozenset(known)
        buckets: dict[str, list[KBEntry]] = {}
        articles: dict[str, dict[str, set[tuple[bool, ...]]]] = {}  # key → kb_id → article use of its names
        cache: dict[str, tuple[str, tuple[bool, ...]]] = {}
        for entry in entries:
            for name in self.indexed_names(entry):
                found = cache.get(name)
                if found is None:
                    found = cache[name] = key_and_articles(name, known=self._known)
                key, article = found
                if not key:
                    continue
                uses = articles.setdefault(key, {})
                if entry.kb_id not in uses:
                    uses[entry.kb_id] = set()
                    buckets.setdefault(key, []).append(entry)
                uses[entry.kb_id].add(article)
        index: dict[str, tuple[KBEntry, ...]] = {}
        restricted: dict[str, dict[str, frozenset[tuple[bool, ...]]]] = {}
        widths: dict[str, int] = {}
        options: dict[str, set[int]] = {}
        max_words = 1
        for key, bucket in buckets.items():
            if len(bucket) > 1:
                bucket.sort(key=_rank)
            index[key] = tuple(bucket)
            uses = articles[key]
            # only names with the article everywhere, none of them a place: any word matches them
            if any(e.type in _PLACE_TYPES or not all(all(a) for a in uses[e.kb_id]) for e in bucket):
                restricted[key] = {kb_id: frozenset(a) for kb_id, a in uses.items()}
            words = key.split(" ")
            options.setdefault(words[0], set()).add(len(words))
            if len(words) > widths.get(words[0], 0):
                widths[words[0]] = len(words)
                max_words = max(max_words, len(words))
        self._index = index
        self._lookups = {}
        self._articles = restricted
        self._widths = widths
        self._width_options = {word: tuple(sorted(counts, reverse=True)) for word, counts in options.items()}
        self._text_keys = {}
        self._proclitics = {}
        self._max_words = max_words
        self._stale = False

    def _agreeing(self, key: str, bucket: tuple[KBEntry, ...], words: Sequence[str]) -> tuple[KBEntry, ...]:
        """The entries of ``bucket`` whose names agree with ``words`` (as written, one per word
        of ``key``) on the article. A word written without it in the name (مالي، حماس) does not
        match a word with it (المالي، الحماس); a place matches only words that use the article
        exactly as one of its names does (الرياض, not the first name رياض; عين العرب, not
        مدينة عين after مدينة العين)."""
        uses = self._articles.get(key)
        if uses is None:
            return bucket
        written = tuple(has_article(word, norm) for word, norm in zip(words, key.split(" "), strict=False))
        kept = []
        for entry in bucket:
            allowed = uses[entry.kb_id]
            if entry.type in _PLACE_TYPES:
                if written in allowed:
                    kept.append(entry)
            elif any(all(name or not text for text, name in zip(written, use, strict=False)) for use in allowed):
                kept.append(entry)
        return bucket if len(kept) == len(bucket) else tuple(kept)

    # --- reading --------------------------------------------------------------------------

    @property
    def index(self) -> dict[str, tuple[KBEntry, ...]]:
        """Alias key → entries, best first (read-only: build through ``add``)."""
        self._ensure_index()
        return self._index

    @property
    def known(self) -> frozenset[str]:
        """Whole words for ``tokenize(text, known=kb.known)``: tokens then agree with the keys."""
        self._ensure_index()
        return self._known

    @property
    def max_words(self) -> int:
        self._ensure_index()
        return self._max_words

    def get(self, kb_id: str) -> KBEntry | None:
        return self.entries.get(kb_id)

    def country(self, code: str) -> KBEntry | None:
        """The country with this ISO 3166-1 alpha-2 or alpha-3 code (any case)."""
        kb_id = self.codes.get(code.strip().upper())
        return self.entries.get(kb_id) if kb_id is not None else None

    def key(self, text: str) -> str:
        """The matching key of ``text`` in this knowledge base."""
        self._ensure_index()
        return alias_key(text, known=self._known)

    def lookup(self, text: str) -> list[KBEntry]:
        """Entries one of whose names has the same key as ``text`` (and agrees with it on the
        article), best first."""
        self._ensure_index()
        found = self._lookups.get(text)
        if found is None:
            found = self._lookup(text)
            if len(self._lookups) >= _LOOKUP_CACHE_SIZE:
                self._lookups.clear()
            self._lookups[text] = found
        return list(found)

    def _lookup(self, text: str) -> tuple[KBEntry, ...]:
        key = alias_key(text, known=self._known)
        bucket = self._index.get(key)
        if not bucket:
            return ()
        words = [word for word in alias_words(text) if token_norm(word, known=self._known)]
        return self._agreeing(key, bucket, words)

    def token_keys(self, tokens: Sequence[Token]) -> list[str]:
        """Each token's key as this knowledge base analyses it (its ``norm``, re-cut with
        ``known`` so that whole names are not split)."""
        self._ensure_index()
        known = self._known
        cache = self._text_keys
        if len(cache) >= _TEXT_KEYS_CACHE_SIZE:
            cache.clear()
        get = cache.get

        def key_of(text: str) -> str:
            key = cache[text] = token_norm(text, known=known)
            return key

        return [
            token.norm if token.text[:1] not in _CLITIC_OR_ALEF else (get(token.text) or key_of(token.text))
            for token in tokens
        ]

    def proclitics(self, word: str) -> str:
        """The proclitics of ``word`` as written, its whole words known to this knowledge base:
        ``strip_clitics(word, known=self.known)[0]``."""
        self._ensure_index()
        found = self._proclitics.get(word)
        if found is None:
            if len(self._proclitics) >= _TEXT_KEYS_CACHE_SIZE:
                self._proclitics.clear()
            found = self._proclitics[word] = strip_clitics(word, known=self._known)[0]
        return found

    def match_tokens(self, tokens: Sequence[Token]) -> list[KBMatch]:
        """Greedy longest matches of alias keys over the tokens, left to right."""
        norms = self.token_keys(tokens)
        index = self._index
        widths = self._widths
        # Joined, w keys without spaces make a key of w words: only the word counts of the keys
        # starting with the first one can match. A key with a space (a ligature's expansion)
        # could join more words than tokens: then every width is tried.
        options = None if " " in "".join(norms) else self._width_options
        matches: list[KBMatch] = []
        n = len(norms)
        i = 0  # tokens before this one are inside a match found already
        for start in [k for k, norm in enumerate(norms) if norm in widths]:
            if start < i:
                continue
            norm = norms[start]
            for w in range(min(widths[norm], n - start), 0, -1) if options is None else options[norm]:
                if w > n - start:
                    continue
                key = norm if w == 1 else " ".join(norms[start : start + w])
                bucket = index.get(key)
                if bucket:
                    bucket = self._agreeing(key, bucket, [t.text for t in tokens[start : start + w]])
                if bucket:
                    matches.append(KBMatch(start, start + w, bucket))
                    i = start + w
                    break
        return matches
