"""The short table ``marsad analyze --summary`` (and ``make demo``) prints."""

from __future__ import annotations

from marsad.document import Document
from marsad.errors import MarsadError


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def format_summary(docs: list[Document], errors: list[MarsadError], output: str | None) -> str:
    """One row per article (origin, words, sentences, entities, quotes, events, times) and totals."""
    header = f"{'input':<44} {'words':>6} {'sent':>5} {'ent':>4} {'quo':>4} {'evt':>4} {'time':>4}  title"
    lines = [header, "-" * len(header)]
    totals = [0, 0, 0, 0, 0, 0]
    for doc in docs:
        row = [len(doc.text.split()), len(doc.sentences), len(doc.entities), len(doc.quotes),
               len(doc.events), len(doc.times)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        origin = _cut(doc.meta.origin or doc.id, 44)
        title = _cut(doc.meta.title or "", 40)
        lines.append(f"{origin:<44} {row[0]:>6} {row[1]:>5} {row[2]:>4} {row[3]:>4} {row[4]:>4} {row[5]:>4}  {title}")
    lines.append("-" * len(header))
    label = f"{len(docs)} articles"
    lines.append(f"{label:<44} {totals[0]:>6} {totals[1]:>5} {totals[2]:>4} {totals[3]:>4} {totals[4]:>4} {totals[5]:>4}")
    if errors:
        lines.append(f"{len(errors)} inputs failed (reasons above)")
    lines.append(f"records written to {output}" if output and output != "-" else "records written to stdout")
    return "\n".join(lines)
