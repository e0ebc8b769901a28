"""The quote record (schema ``quotes[]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsad.document import Span


@dataclass(slots=True)
class Quote:
    """One quote: what was said (``content``), how (``kind``, ``cue``), by whom and to whom."""

    id: str
    kind: str  # direct | indirect | mixed
    content: Span
    cue: Span | None
    speaker: str | None  # entities[].id
    speaker_span: Span | None
    addressee: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue is not None else None,
            "speaker": {"entity": self.speaker,
                        "span": self.speaker_span.to_dict() if self.speaker_span is not None else None},
            "addressee": self.addressee,
            "confidence": round(self.confidence, 3),
        }


@dataclass(slots=True)
class Candidate:
    """A quote found but not yet tied to its final speaker (that needs document order)."""

    pos: int  # where it sits in reading order (its cue, else its content)
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    cue_tok: int | None
    speaker: Any  # MentionRef | None
    mode: str  # explicit | elided | participle | continuation | none
    addressee_window: tuple[int, int] | None = None
    confidence: float = 0.8
    addressee: str | None = None
