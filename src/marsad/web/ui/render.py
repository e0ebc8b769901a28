"""Article text as HTML with its entities, quotes and event triggers highlighted.

The text is cut at every span boundary and each piece is escaped on its own
(``markupsafe.escape``); the only markup added is ours (``<span class=… data-ann=…>``), so
nothing from the article can become markup. Overlapping spans are nested properly: when a span
ends inside another, the inner ones are closed and reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Ann:
    start: int
    end: int
    css: str  # ent | quote | event
    ref: str  # e1 | q1 | v1: the side panel item's id suffix
    title: str  # plain-text hint for the title attribute (no JS)

    @property
    def rank(self) -> int:  # outer layers first when two spans start at one place
        return {"quote": 0, "ent": 1, "event": 2}.get(self.css, 3)


def spans_of(record: dict[str, Any]) -> list[Ann]:
    """Every highlighted span of a record: entity mentions, quote contents, event triggers."""
    text = record.get("text") or ""
    anns: list[Ann] = []
    for ent in record.get("entities") or []:
        hint = " · ".join(str(v) for v in (ent.get("name_en"), ent.get("kind") or ent.get("type")) if v)
        for mention in ent.get("mentions") or []:
            anns.append(Ann(int(mention["start"]), int(mention["end"]), "ent", str(ent["id"]), hint))
    for quote in record.get("quotes") or []:
        content = quote.get("content") or {}
        if "start" in content:
            anns.append(Ann(int(content["start"]), int(content["end"]), "quote", str(quote["id"]),
                            str(quote.get("kind") or "")))
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        if "start" in trigger:
            anns.append(Ann(int(trigger["start"]), int(trigger["end"]), "event", str(event["id"]),
                            " · ".join(str(v) for v in (event.get("type"), event.get("mode")) if v)))
    return [a for a in anns if 0 <= a.start < a.end <= len(text)]


def _open(ann: Ann) -> str:
    return (f'<span class="ann {ann.css}" data-ann="{escape(ann.ref)}" tabindex="0" '
            f'title="{escape(ann.title)}">')


def highlight(text: str, anns: list[Ann]) -> Markup:
    """``text`` escaped, with each annotation wrapped in a ``span`` (nested, never crossing)."""
    starts: dict[int, list[Ann]] = {}
    ends: set[int] = set()
    for ann in anns:
        starts.setdefault(ann.start, []).append(ann)
        ends.add(ann.end)
    cuts = sorted({0, len(text), *starts, *ends})
    out: list[str] = []
    stack: list[Ann] = []
    for here, following in zip(cuts, [*cuts[1:], None], strict=True):
        # close what ends here (and reopen what was opened inside it and goes on)
        if any(a.end == here for a in stack):
            keep = [a for a in stack if a.end > here]
            out.append("</span>" * len(stack))
            stack = keep
            out.extend(_open(a) for a in stack)
        for ann in sorted(starts.get(here, ()), key=lambda a: (-a.end, a.rank)):
            out.append(_open(ann))
            stack.append(ann)
        if following is not None:
            out.append(str(escape(text[here:following])))
    out.append("</span>" * len(stack))
    return Markup("".join(out))
