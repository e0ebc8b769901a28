"""Authors from Arabic bylines, without the datelines, outlets and agencies written beside them.

Arabic pages write their bylines in a handful of shapes, in the page and in ``<meta name=author>``:

* a marker and names: "كتب: فلان", "كتب - فلان", "كتبت فلانة", "بقلم فلان", "إعداد: فلان",
  "تقرير: فلان", "By Jane Doe", often after a dateline ("القاهرة - كتب: فلان");
* a place and a name, either way round: "فلان - القاهرة", "القاهرة - فلان" (the place is the
  dateline, not an author);
* a place and the outlet or an agency: "أبوظبي - البيان", "(بيروت - رويترز)": no author at all;
  agencies become credits;
* a site's handle or its own name ("akhbarelyom", "المدينة نيوز" on almadenahnews.com): no author.

Which side of "X - Y" is the place is asked of the knowledge base (``marsad.kb``, loaded only when
a byline has two sides); when neither side is a known place, a lone word beside a name of two
words or more is taken as the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from marsad.ingest.agencies import agency_name, outlet_name
from marsad.ingest.months import fold

if TYPE_CHECKING:
    from marsad.kb.model import KnowledgeBase

_MARKER_WORDS = r"كتبت|كتب|بقلم|إعداد|اعداد|تقرير|حوار|متابعة|written\s+by|by"
# A marker opening the byline or one of its dash/colon-separated parts ("دمشق - كتب: فلان").
_MARKED = re.compile(
    rf"(?:^|(?<=[\s\-–—:|،,(]))(?:{_MARKER_WORDS})(?:\s*[:：\-–—]\s*|\s+)(?P<names>\S.*)$", re.IGNORECASE
)
# Parts of a byline: separated by a dash with a space on at least one side, a bar, or a colon
# ("القاهرة: فلان"). A hyphen inside a word ("Jean-Marc") is not a separator.
_PARTS = re.compile(r"\s+[-–—|/]\s*|\s*[-–—|/]\s+|\s*[:：]\s*")
_NAMES = re.compile(r"\s*[،,;&]\s*|\s+(?:and|و)\s+", re.IGNORECASE)
_URLISH = re.compile(r"https?:|www\.|\.(?:com|net|org|info|news)\b|@", re.IGNORECASE)
_HANDLE = re.compile(r"[a-z0-9_.]+")  # "akhbarelyom", "sputnik_ar": a handle, not a person
_DIGITS = re.compile(r"\d")
_NAME_MAX_WORDS = 6
_NAME_MAX_CHARS = 60
# "وليد" is a name, not "و" + "ليد": names a second author may start with after "و".
_WAW_NAMES = frozenset(
    fold(name)
    for name in (
        "وليد", "وائل", "وسام", "وفاء", "وداد", "وديع", "وجدي", "وحيد", "وحيدة", "وصفي", "وهيب", "ولاء", "وئام",
        "وعد", "وهبة", "وضاح", "وجيه", "وصال", "وردة", "ورد", "وسيم", "وفيق", "وجدان", "ولي", "والي", "وهبي",
        "وزير", "وافي", "وهاب",
    )
)
# Words that stand where a name would and are not one ("مراسلنا", "وكالات", "admin").
_NOT_NAMES = frozenset(
    fold(word)
    for word in (
        "مراسلنا", "مراسلونا", "مراسل", "المراسل", "المحرر", "محرر", "التحرير", "فريق التحرير",
        "هيئة التحرير", "قسم التحرير", "محرر الموقع", "وكالات", "الوكالات", "متابعات", "خاص", "خاص بـ",
        "بيان", "admin", "administrator", "editor", "staff", "newsroom", "desk", "web desk",
        "unknown", "guest", "anonymous",
    )
)
_PLACE_TYPES = frozenset({"GPE", "LOC"})


@dataclass(slots=True)
class Byline:
    """What one byline names: the people who wrote it, the agencies credited, the dateline."""

    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@cache
def _places() -> KnowledgeBase | None:
    try:
        from marsad.kb.loader import load_kb

        return load_kb()
    except Exception:  # a broken knowledge base must not stop ingestion
        return None


def is_place(text: str) -> bool:
    """True when ``text`` names a country, city, region or other place the knowledge base knows."""
    kb = _places()
    if kb is None:
        return False
    try:
        entries = kb.lookup(text)
    except Exception:
        return False
    return any(entry.type in _PLACE_TYPES for entry in entries)


def _strip(text: str) -> str:
    return " ".join(text.split()).strip(" \t()[]{}«»\"'.,،:;-–—|")


def _same_site(name: str, outlet: str | None, hosts: tuple[str, ...]) -> bool:
    """The page's own outlet ("البيان") or its handle or host name ("akhbarelyom")."""
    folded = fold(name)
    if outlet and folded == fold(outlet):
        return True
    squeezed = re.sub(r"[\s_.\-]+", "", folded)
    return bool(squeezed) and any(squeezed == re.sub(r"[\s_.\-]+", "", host) for host in hosts)


def _split_names(text: str) -> list[str]:
    """"فلان وعلان", "فلان، علان", "A and B" → one string per person."""
    names: list[str] = []
    for part in _NAMES.split(text):
        current: list[str] = []
        for word in part.split():
            # "أحمد علي ومحمد حسن": a word joined to و after a full name starts the next name.
            if len(current) >= 2 and word.startswith("و") and len(word) > 3 and fold(word) not in _WAW_NAMES:
                names.append(" ".join(current))
                current = [word[1:]]
            else:
                current.append(word)
        if current:
            names.append(" ".join(current))
    return [name for name in (_strip(n) for n in names) if name]


def _person(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= _NAME_MAX_WORDS
        and len(name) <= _NAME_MAX_CHARS
        and not _DIGITS.search(name)
        and not _URLISH.search(name)
        and not _HANDLE.fullmatch(name)
        and fold(name) not in _NOT_NAMES
    )


def parse_byline(text: str, *, outlet: str | None = None, hosts: tuple[str, ...] = ()) -> Byline:
    """The authors, agency credits and dateline places a byline names.

    ``outlet`` is the page's own outlet and ``hosts`` its host names without "www." and the
    top-level domain ("akhbarelyom"): neither is ever an author.
    """
    found = Byline()
    line = _strip(text)
    if not line:
        return found
    marked = _MARKED.search(line)
    if marked is not None:
        # everything before the marker is a dateline ("القاهرة - كتب: فلان")
        head = _strip(line[: marked.start()])
        if head:
            _classify(head, found, outlet, hosts, dateline=True)
        line = _strip(marked["names"])
    parts = [part for part in (_strip(p) for p in _PARTS.split(line)) if part]
    if len(parts) == 1:
        _classify(parts[0], found, outlet, hosts, dateline=False)
        return found
    # "فلان - القاهرة", "القاهرة - فلان", "أبوظبي - البيان": find the place, the rest are names.
    rest = [part for part in parts if not _classify_other(part, found, outlet, hosts)]
    if len(rest) == len(parts):
        places = [part for part in rest if is_place(part)]
        if not places and len(rest) == 2:
            # neither side is a known place: a lone word beside a longer name is the dateline
            short = [part for part in rest if len(part.split()) == 1]
            if len(short) == 1 and len(rest[0].split()) != len(rest[1].split()):
                places = short
        found.places += places
        rest = [part for part in rest if part not in places]
    else:
        found.places += [part for part in rest if is_place(part)]
        rest = [part for part in rest if not is_place(part)]
    for part in rest:
        _classify(part, found, outlet, hosts, dateline=False)
    return found


def _classify_other(part: str, found: Byline, outlet: str | None, hosts: tuple[str, ...]) -> bool:
    """Record ``part`` when it is an agency or the outlet (not a person); True when it was."""
    if agency := agency_name(part):
        if agency not in found.credits:
            found.credits.append(agency)
        return True
    return _same_site(part, outlet, hosts) or outlet_name(part) is not None


def _classify(part: str, found: Byline, outlet: str | None, hosts: tuple[str, ...], *, dateline: bool) -> None:
    if _classify_other(part, found, outlet, hosts):
        return
    if dateline:
        for piece in _PARTS.split(part):
            if (piece := _strip(piece)) and not _classify_other(piece, found, outlet, hosts):
                found.places.append(piece)
        return
    for name in _split_names(part):
        if _classify_other(name, found, outlet, hosts):
            continue
        if _person(name) and name not in found.authors:
            found.authors.append(name)


def byline_marked(line: str) -> bool:
    """True when ``line`` holds a byline marker ("كتب:", "بقلم", "By")."""
    return _MARKED.search(_strip(line)) is not None


def clean_authors(
    names: list[str], *, outlet: str | None = None, hosts: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """(people, agency credits) from raw author fields (meta tags, JSON-LD, byline lines)."""
    authors: list[str] = []
    credits: list[str] = []
    for raw in names:
        found = parse_byline(raw, outlet=outlet, hosts=hosts)
        authors += [name for name in found.authors if name not in authors]
        credits += [name for name in found.credits if name not in credits]
    return authors, credits
