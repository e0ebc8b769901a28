"""The one document model: a ``Document`` owns the clean text; everything else points into it.

Like a spaCy ``Doc``, the text never changes once a document exists, so every span
(``start``/``end`` Python ``str`` indices, end exclusive) stays valid; ``Document.span`` is the
only way steps should make one, because it checks ``text[start:end]`` at creation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import SpanError

SCHEMA_ID = "marsad.document/1"


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of a document's text, with the versioned name of the step that made it."""

    start: int
    end: int
    text: str
    by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.by:
            out["by"] = self.by
        return out


@dataclass(slots=True)
class Token:
    """A token: its original characters plus ``norm``, the key that matching uses.

    ``norm`` is the normalised form with proclitics removed (بالعراق → عراق); ``prefix`` holds
    the proclitics as written (بال), so ``text == prefix + rest``.
    """

    start: int
    end: int
    text: str
    norm: str
    prefix: str = ""


@dataclass(slots=True)
class Mention:
    """A mention of a named thing: a span plus its type, from one step.

    Candidate mentions from several steps (NER, knowledge-base matching, title patterns) live
    in ``Document.mentions``; the entities step clusters them into ``Document.entities``.
    """

    start: int
    end: int
    text: str
    type: str  # PER, ORG, LOC, GPE, FAC, NORP, EVENT, MISC
    kind: str = "name"  # name | nominal | pronoun
    by: str = ""
    confidence: float = 1.0
    kb_ids: tuple[str, ...] = ()  # knowledge-base candidates, best first
    role: str | None = None  # a title/role the text states for it, e.g. وزير الخارجية

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}
        if self.by:
            out["by"] = self.by
        out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(slots=True)
class Entity:
    """A document-level entity: every mention of one real-world thing (schema ``entities[]``)."""

    id: str
    type: str
    name: str
    mentions: list[Mention]
    name_en: str | None = None
    kb_id: str | None = None
    kind: str | None = None
    roles: list[str] = field(default_factory=list)
    geo: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name, "name_en": self.name_en,
                               "kb_id": self.kb_id, "kind": self.kind}
        if self.roles:
            out["roles"] = list(self.roles)
        if self.geo is not None:
            out["geo"] = dict(self.geo)
        out["mentions"] = [m.to_dict() for m in self.mentions]
        return out


@dataclass(slots=True)
class DateValue:
    """A normalised date as the schema's ``$defs/date``: ISO value truncated to ``precision``.

    ``mod`` (early/mid/late for مطلع/منتصف/أواخر) and ``calendar`` ("hijri" when the text gave
    a Hijri date) are marsad's additions; the schema's date object allows them.
    """

    value: str | None
    precision: str
    relative: bool = False
    span: Span | None = None
    mod: str | None = None
    calendar: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "precision": self.precision}
        if self.relative:
            out["relative"] = True
        if self.mod:
            out["mod"] = self.mod
        if self.calendar:
            out["calendar"] = self.calendar
        if self.span is not None:
            out["span"] = self.span.to_dict()
        return out


@dataclass(slots=True)
class Source:
    url: str | None = None
    outlet: str | None = None
    credits: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Meta:
    """Article metadata. ``origin`` (file, line) and ``warnings`` are marsad's additions."""

    title: str | None = None
    language: str = "ar"
    published: DateValue | None = None
    source: Source = field(default_factory=Source)
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    origin: str | None = None
    duplicate_of: str | None = None  # id of the first copy of a syndicated article (not analysed again)


def to_jsonable(value: Any) -> Any:
    """Turn dataclasses (or objects with ``to_dict``), lists and dicts into JSON-ready values."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def make_document_id(text: str, url: str | None = None) -> str:
    """Stable id: from the URL when there is one (a re-fetched, edited article keeps its id),
    else from the clean text with Unicode and whitespace differences folded away."""
    if url:
        key = "url:" + url.strip()
    else:
        key = "text:" + " ".join(unicodedata.normalize("NFC", text).split())
    return "ar-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class Document:
    """One article: the clean text, its metadata, and what the pipeline steps assigned."""

    def __init__(self, text: str, meta: Meta | None = None, *, doc_id: str | None = None) -> None:
        self._text = text
        self.meta = meta if meta is not None else Meta()
        self.id = doc_id or make_document_id(text, self.meta.source.url)
        self.sentences: list[tuple[int, int]] = []
        self.tokens: list[Token] = []
        self.mentions: list[Mention] = []
        self.entities: list[Entity] = []
        self.quotes: list[Any] = []
        self.events: list[Any] = []
        self.times: list[DateValue] = []
        self.steps_run: list[str] = []
        self.version: str = ""

    @property
    def text(self) -> str:
        return self._text

    def span(self, start: int, end: int, by: str | None = None) -> Span:
        """A checked span of this document's text."""
        if not 0 <= start <= end <= len(self._text):
            raise SpanError(f"span [{start}, {end}) is outside a text of {len(self._text)} characters", origin=by)
        return Span(start, end, self._text[start:end], by)

    def sentence_of(self, offset: int) -> int | None:
        """Index of the sentence holding character ``offset``, or None."""
        for i, (start, end) in enumerate(self.sentences):
            if start <= offset < end:
                return i
        return None

    def to_dict(self) -> dict[str, Any]:
        """The ``marsad.document/1`` record (see ../shared/schema/document.schema.json)."""
        meta = self.meta
        return {
            "schema": SCHEMA_ID,
            "id": self.id,
            "text": self._text,
            "meta": {
                "title": meta.title,
                "language": meta.language,
                "published": meta.published.to_dict() if meta.published else None,
                "source": {"url": meta.source.url, "outlet": meta.source.outlet,
                           "credits": list(meta.source.credits)},
                "authors": list(meta.authors),
                "section": meta.section,
                "removed": list(meta.removed),
                "warnings": list(meta.warnings),
                "origin": meta.origin,
                "duplicate_of": meta.duplicate_of,
            },
            "sentences": [[s, e] for s, e in self.sentences],
            "entities": to_jsonable(self.entities),
            "quotes": to_jsonable(self.quotes),
            "events": to_jsonable(self.events),
            "times": to_jsonable(self.times),
            "pipeline": {"version": self.version, "steps": list(self.steps_run)},
        }


def iter_spans(record: Any) -> Iterator[dict[str, Any]]:
    """Every span-shaped object (``start``, ``end``, ``text``) anywhere in a record."""
    if isinstance(record, dict):
        if {"start", "end", "text"} <= record.keys() and isinstance(record["start"], int):
            yield record
        for value in record.values():
            yield from iter_spans(value)
    elif isinstance(record, list):
        for value in record:
            yield from iter_spans(value)
