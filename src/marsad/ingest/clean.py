"""Cleaning scraped article text: debris out, headline and date line lifted, credits noted.

The cleaner works line by line because that is how scrapers hand text over: one paragraph,
heading, caption or piece of page furniture per line. Every dropped line is kept verbatim in
``removed`` so a user can see, and dispute, what was thrown away. Arabic characters are never
rewritten; only whitespace and invisible formatting marks are tidied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.document import DateValue
from marsad.ingest.agencies import agency_name, outlet_name
from marsad.ingest.boilerplate import is_copyright, is_debris
from marsad.ingest.dates import parse_date
from marsad.ingest.months import fold


@dataclass(slots=True)
class CleanText:
    text: str
    title: str | None = None
    published: DateValue | None = None
    removed: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# BOM, zero-width space, bidi marks and C0 controls: invisible, and they break matching.
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0e-\x1f\x7f]")
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def tidy_lines(raw: str) -> list[str]:
    """Non-empty lines with invisible marks removed and inner whitespace collapsed."""
    text = _INVISIBLE.sub("", _NEWLINES.sub("\n", raw))
    return [line for line in (_HSPACE.sub(" ", part).strip() for part in text.split("\n")) if line]


# --- credits --------------------------------------------------------------------------------

_CAPTION_PARENS = re.compile(r"\(\s*([^()]{1,60}?)\s*\)\s*[.:]?\s*$")
_CAPTION_LABEL = re.compile(
    r"(?:^|[\s(\-–—|])(?:photo|image|picture|credit|source|تصوير|صورة|الصورة|المصدر)\s*[:：]\s*([^:()]{1,60})$",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(r"\s[-–—/|]\s*([^\-–—/|()]{1,30}?)\s*\.?$")
_CREDIT_SPLIT = re.compile(r"\s*(?:[/،,|;+]|\s[-–—]\s|\bvia\b|\bfor\b|\bعبر\b|\bو\s)\s*", re.IGNORECASE)
_CREDIT_NOISE = re.compile(
    r"\b(?:photo|photos|file|image|images\s+via|pictures?|credit|archive|تصوير|صورة|الصورة|أرشيفية|أرشيف|"
    r"ارشيفية|ارشيف|أرشيفيه|المصدر|وكالة)\b",
    re.IGNORECASE,
)
# "بيروت - (رويترز) - ", "القاهرة (أ ف ب) -", "BEIRUT (Reuters) -", "(رويترز) -".
_DATELINE_PARENS = re.compile(
    r"^(?:[^\d()\-–—:،,.]{2,40}?\s*(?:[-–—/،,]\s*)?)?\(\s*([^()]{1,30}?)\s*\)\s*[-–—:]"
)
# "واشنطن - رويترز:", "دمشق/ أ ف ب -".
_DATELINE_BARE = re.compile(r"^[^\d()\-–—:،,.]{2,40}?\s*[-–—/]\s*([^\-–—:()/]{1,30}?)\s*[-–—:]")


def _agencies_in(fragment: str) -> list[str]:
    """English names of the agencies a credit fragment ("رويترز/ أرشيفية", "AFP via Getty") names."""
    whole = agency_name(" ".join(_CREDIT_NOISE.sub(" ", fragment).split()))
    if whole:
        return [whole]  # before splitting: "و م ع" is one agency, not "و" + "م ع"
    found = []
    for part in _CREDIT_SPLIT.split(fragment):
        name = agency_name(" ".join(_CREDIT_NOISE.sub(" ", part).split()))
        if name:
            found.append(name)
    return found


def caption_credits(line: str) -> list[str]:
    """Agencies credited at the end of a caption-like line: "(رويترز)", "صورة: أ ف ب", "- AFP"."""
    for pattern in (_CAPTION_PARENS, _CAPTION_LABEL, _CAPTION_TAIL):
        m = pattern.search(line)
        if m and (names := _agencies_in(m.group(1))):
            return names
    return []


def dateline_credits(line: str) -> list[str]:
    """Agencies credited in a dateline opening the line ("بيروت - (رويترز) - ")."""
    for pattern in (_DATELINE_PARENS, _DATELINE_BARE):
        m = pattern.match(line)
        if m and (names := _agencies_in(m.group(1))):
            return names
    return []


_COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|all\s+rights\s+reserved|(?:جميع|كافة|كل)\s+الحقوق\s+محفوظة|"
    r"حقوق\s+(?:النشر|الطبع|الملكية)(?:\s+والنشر)?\s+محفوظة|الحقوق\s+محفوظة|محفوظة|"
    r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?\b|\b(?:ltd|inc|limited)\b\.?",
    re.IGNORECASE,
)
_OUTLET_PREFIX = re.compile(r"^(?:لـ?\s*)?(?:وكالة|صحيفة|جريدة|موقع|شبكة|مجموعة|قناة)\s+|^لـ\s*")
_COPYRIGHT_PARTS = re.compile(r"[.|,،;]\s|\s[-–—]\s")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&'’.\- ]{1,60}")
_NAME_MAX_WORDS = 6


def copyright_credit(line: str) -> str | None:
    """The outlet a copyright line names, in English when known ("© Reuters 2026" → "Reuters")."""
    rest = _COPYRIGHT_WORDS.sub(" ", line)
    parts = [p.strip(" .,:;-–—|") for p in _COPYRIGHT_PARTS.split(rest)]
    for part in parts:
        name = _OUTLET_PREFIX.sub("", " ".join(part.split())).strip(" .,:;-–—|")
        if not name or len(name.split()) > _NAME_MAX_WORDS:
            continue
        # "لرويترز": the preposition ل is written joined to the name.
        for candidate in (name, name[1:]) if name.startswith("ل") else (name,):
            if known := outlet_name(candidate):
                return known
        if _LATIN_NAME.fullmatch(name):
            return name
    return None


def _add(credits: list[str], names: list[str] | str | None) -> None:
    for name in [names] if isinstance(names, str) else names or []:
        if name not in credits:
            credits.append(name)


# --- title and date line --------------------------------------------------------------------

_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_DATE_LINE_MAX = 100
_FULL_STOP = re.compile(r"(?<!\.)[.،,:;]$")


def _date_line(line: str) -> DateValue | None:
    if len(line) > _DATE_LINE_MAX:
        return None
    found = parse_date(line)
    return found if found is not None and found.precision == "day" else None


def _heading_like(line: str) -> bool:
    """Short, no closing full stop, and neither a date line, a dateline nor a caption."""
    return (
        len(line) <= _TITLE_MAX_CHARS
        and len(line.split()) <= _TITLE_MAX_WORDS
        and not _FULL_STOP.search(line)
        and _date_line(line) is None
        and not dateline_credits(line)
        and not caption_credits(line)
    )


def clean_text(raw: str, *, title: str | None = None, find_title: bool = True) -> CleanText:
    """Clean one article's raw text.

    ``title``: the headline is already known (HTML metadata, JSONL field); a first line repeating
    it is dropped and no other line is taken as the title. ``find_title=False``: take no line as
    the title (text extracted from HTML, whose first line is body text).
    """
    lines = tidy_lines(raw)
    # A line repeating the one before it is a scraper's double copy (a caption shown twice).
    debris = [is_debris(line) or (i > 0 and line == lines[i - 1]) for i, line in enumerate(lines)]
    removed = [line for line, drop in zip(lines, debris, strict=True) if drop]
    kept = [i for i, drop in enumerate(debris) if not drop]

    published: DateValue | None = None
    found_title: str | None = None
    if kept and (published := _date_line(lines[kept[0]])) is not None:
        kept.pop(0)  # a date line before the headline
    if title is not None:
        if kept and fold(lines[kept[0]]) == fold(title):
            kept.pop(0)
    elif find_title and len(kept) > 1 and _heading_like(lines[kept[0]]):
        found_title = lines[kept.pop(0)]
    if published is None and kept and (published := _date_line(lines[kept[0]])) is not None:
        kept.pop(0)

    # Credits in the order they appear: copyright lines (dropped) and body lines (kept).
    credits: list[str] = []
    body = set(kept)
    for i, line in enumerate(lines):
        if debris[i] and is_copyright(line):
            _add(credits, copyright_credit(line))
        elif i in body:
            _add(credits, dateline_credits(line))
            _add(credits, caption_credits(line))
    return CleanText("\n\n".join(lines[i] for i in kept), found_title, published, removed, credits)
