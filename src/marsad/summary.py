"""The short table ``marsad analyze --summary`` (and ``make demo``) prints."""

from __future__ import annotations

from marsad.document import Document
from marsad.errors import MarsadError

_WIDTHS = (6, 5, 4, 4, 4, 4)


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _row(label: str, counts: list[int], title: str = "") -> str:
    cells = " ".join(f"{c:>{w}}" for c, w in zip(counts, _WIDTHS, strict=True))
    return f"{_cut(label, 44):<44} {cells}  {title}".rstrip()


def format_summary(docs: list[Document], errors: list[MarsadError], output: str | None) -> str:
    """One row per article (origin, words, sentences, entities, quotes, events, times) and totals."""
    header = f"{'input':<44} {'words':>6} {'sent':>5} {'ent':>4} {'quo':>4} {'evt':>4} {'time':>4}  title"
    lines = [header, "-" * len(header)]
    totals = [0] * len(_WIDTHS)
    for doc in docs:
        counts = [len(doc.text.split()), len(doc.sentences), len(doc.entities), len(doc.quotes),
                  len(doc.events), len(doc.times)]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        lines.append(_row(doc.meta.origin or doc.id, counts, _cut(doc.meta.title or "", 40)))
    lines.append("-" * len(header))
    lines.append(_row(f"{len(docs)} articles", totals))
    if errors:
        lines.append(f"{len(errors)} inputs failed (reasons above)")
    lines.append(f"records written to {output}" if output and output != "-" else "records written to stdout")
    return "\n".join(lines)
