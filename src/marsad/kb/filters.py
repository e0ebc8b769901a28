"""Which aliases may be indexed: never stoplist words, never frequent common words, nothing short.

Two word lists decide. In ``marsad/kb/data``:

* ``stoplist.txt`` — hand-written: function words, generic place words (مدينة، عين، باب), frequent
  news nouns (الدولة، الأمن). An alias whose key is one of these is refused everywhere.

and one list derived at run time:

* the frequent common words of the arramooz lexicon (``marsad.kb.common_words``): common nouns,
  adjectives and verbs (and their feminine, plural and conjugated forms) plus arramooz's stop
  words. arramooz-pysqlite and libqutrub are GPL, so the list is not shipped: it is computed
  from the installed packages on first use (about 10 s) and its keys are cached in a file under
  the user's cache directory, named after the package versions and marsad's key code (later
  processes read it in about 0.1 s). Place aliases (at build time) and aliases from user
  extension files are checked against it; the bundled actor files are not (حماس and فتح are
  common words too).

An alias is indexed on its key with its own words known whole (بعقوبة → "بعقوبه", as
``KnowledgeBase`` does). It is refused when that key is a listed word's key, either the word's
own or the one the tokenizer gives the word in running text (فريدة → "ريده"), or when the alias
read as proclitic + word is a listed word (بعقوبة = ب + عقوبة, as in حكم عليه بعقوبة السجن).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marsad.kb.model import alias_key, whole_words

__all__ = [
    "STOPLIST_FILE",
    "WordKeys",
    "alias_keys",
    "common_keys",
    "common_words_cache_file",
    "read_word_list",
    "refusal",
    "refusal_of_keys",
    "stop_keys",
    "use_common_words",
    "word_keys",
]

DATA_DIR = Path(__file__).with_name("data")
STOPLIST_FILE = DATA_DIR / "stoplist.txt"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # marsad/
# marsad's code that the cached keys depend on: the tokenizer's keys and the word forms
_KEY_CODE = ("arabic", "kb/model.py", "kb/filters.py", "kb/common_words.py")
MIN_LETTERS = 3


def read_word_list(path: Path) -> list[str]:
    """The words of a word-list file: one a line, blank lines and ``#`` comments skipped."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def word_keys(word: str) -> tuple[set[str], set[str]]:
    """(own keys, running-text keys) of a listed word and of its form with the article: a word
    too short to lose its article keeps it in its key (الحي → "الحي", not "حي"), so both count."""
    forms = [word] if word.startswith("ال") or " " in word else [word, "ال" + word]
    whole: set[str] = set()
    text: set[str] = set()
    for form in forms:
        whole.add(alias_key(form, known=frozenset(whole_words([form]))))
        text.add(alias_key(form))
    whole.discard("")
    text.discard("")
    return whole, text


@dataclass(frozen=True, slots=True)
class WordKeys:
    """The keys of a word list: ``whole``, each word's own key; ``any``, those plus the keys the
    tokenizer gives the words in running text."""

    whole: frozenset[str]
    any: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> WordKeys:
        return cls.of_keyed((word, *word_keys(word)) for word in words)

    @classmethod
    def of_keyed(cls, rows: Iterable[tuple[str, set[str], set[str]]]) -> WordKeys:
        """From (word, own keys, running-text keys) rows."""
        whole: set[str] = set()
        text: set[str] = set()
        for _, own, running in rows:
            whole |= own
            text |= running
        return cls(frozenset(whole), frozenset(whole | text))

    @classmethod
    def read(cls, path: Path) -> WordKeys:
        """Keys saved by ``write``: ``word<TAB>own keys<TAB>running-text keys`` (keys
        ``|``-separated), so that loading needs no tokenizer work."""
        whole: set[str] = set()
        text: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            _, own, running = line.split("\t")
            whole.update(own.split("|"))
            text.update(running.split("|"))
        whole.discard("")
        text.discard("")
        return cls(frozenset(whole), frozenset(whole | text))

    @staticmethod
    def write(path: Path, rows: Iterable[tuple[str, set[str], set[str]]], header: str = "") -> None:
        """Save (word, own keys, running-text keys) rows for ``read``, atomically (a temporary
        file renamed)."""
        lines = [f"# {line}" for line in header.splitlines()]
        for word, own, running in rows:
            lines.append(f"{word}\t{'|'.join(sorted(own))}\t{'|'.join(sorted(running - own))}")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def hits(self, key: str, cut_key: str) -> bool:
        return key in self.any or cut_key in self.whole


@cache
def stop_keys() -> WordKeys:
    """Keys of the stoplist words."""
    return WordKeys.of(read_word_list(STOPLIST_FILE))


_common: list[WordKeys] = []  # the keys in use, once known (use_common_words or common_keys)


def _cache_dir() -> Path:
    """marsad's directory under the user's cache directory (``XDG_CACHE_HOME``, ``~/.cache``;
    ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS)."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "marsad"


def common_words_cache_file() -> Path:
    """Where the common words' keys are cached: a name that changes with the versions of
    arramooz-pysqlite and libqutrub and with marsad's code that makes the keys."""
    from marsad.kb.common_words import FREQUENCY, source_versions

    digest = hashlib.sha256(repr((source_versions(), FREQUENCY)).encode())
    for part in _KEY_CODE:
        path = _PACKAGE_DIR / part
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return _cache_dir() / f"common_words-{digest.hexdigest()[:20]}.tsv"


def use_common_words(words: Sequence[str]) -> WordKeys:
    """Use the keys of ``words`` as the common words' (``scripts/build_kb.py``, tests)."""
    keys = WordKeys.of(words)
    _common[:] = [keys]
    return keys


def common_keys() -> WordKeys:
    """Keys of the frequent common words of the installed arramooz lexicon: read from the cache
    file (``common_words_cache_file``), else computed (``marsad.kb.common_words``, about 10 s) and
    cached there when the directory is writable; kept in memory for the process."""
    if _common:
        return _common[0]
    path = common_words_cache_file()
    try:
        keys = WordKeys.read(path)
    except (OSError, UnicodeDecodeError, ValueError):  # missing (the first use) or damaged
        from marsad.kb.common_words import frequent_common_words, source_versions

        rows = [(word, *word_keys(word)) for word in frequent_common_words()]
        keys = WordKeys.of_keyed(rows)
        versions = ", ".join(f"{name} {number}" for name, number in source_versions())
        header = (f"Frequent common words of the arramooz lexicon ({versions}; GPL), derived by\n"
                  "marsad.kb.common_words. A cache: delete it at will.\n"
                  "word, its own keys, its running-text keys (|-separated).")
        with contextlib.suppress(OSError):  # a read-only cache directory: keep the keys in memory only
            WordKeys.write(path, rows, header)
    _common[:] = [keys]
    return keys


def alias_keys(alias: str) -> tuple[str, str]:
    """The key ``alias`` is indexed on (its words known whole), and the key the tokenizer alone
    would give it (which may cut a proclitic off: بعقوبة → "عقوبه")."""
    return alias_key(alias, known=frozenset(whole_words([alias]))), alias_key(alias)


def _letters(key: str) -> int:
    return sum(1 for c in key if c.isalpha())


def refusal(alias: str, *, common: bool) -> str | None:
    """Why ``alias`` must not be indexed, or None. ``common``: check the lexicon's common words too."""
    return refusal_of_keys(*alias_keys(alias), common=common)


def refusal_of_keys(key: str, cut_key: str, *, common: bool) -> str | None:
    """``refusal`` for an alias whose ``alias_keys`` are already known."""
    if _letters(key) < MIN_LETTERS:
        return f"shorter than {MIN_LETTERS} letters"
    if stop_keys().hits(key, cut_key):
        return "a stoplist word"
    if common and common_keys().hits(key, cut_key):
        return "a common word"
    return None
