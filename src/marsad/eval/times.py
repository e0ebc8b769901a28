"""Score the times step against gold (``marsad eval times [GOLD]``).

Two gold forms are read:

* the example articles' gold (``examples/gold/*.json``, ``times`` entries whose strings
  :mod:`marsad.eval.gold` resolves to offsets in the analysed body);
* time gold in JSON Lines (the packaged ``marsad/eval/data/times_gold.jsonl``): one short text
  per line with ``published`` (``YYYY-MM-DD`` or null) and ``times``, each ``{"text": surface or
  {"text", "nth"}, "value", "precision", "relative"}`` (optional ``mod``, ``calendar``); a line
  with ``"times": []`` checks that nothing is found (durations, vague or look-alike words).

A predicted time *matches* a gold one when their spans overlap (one-to-one, best overlap first).
Reported: detection precision/recall/F1 on matches, and the share of gold times *normalised
exactly* (matched, with the same value, precision and relative flag).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.document import DateValue, Document, Meta
from marsad.errors import InputError, InputNotFound
from marsad.eval.gold import find_span, load_gold, resolve_gold
from marsad.eval.tally import Tally as BaseTally
from marsad.extract.times import times_step

PACKAGED = "packaged"  # the name of the packaged time gold on the command line


@dataclass(frozen=True)
class GoldTime:
    start: int
    end: int
    value: str | None
    precision: str
    relative: bool


@dataclass
class GoldText:
    name: str
    document: Document
    times: list[GoldTime]


@dataclass
class Tally(BaseTally):
    exact: int = 0

    @property
    def exact_share(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.exact += other.exact

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched, "exact": self.exact,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "exact_share": round(self.exact_share, 4)}


@dataclass
class TimeReport:
    sources: dict[str, Tally] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # missed, spurious and wrong, one line each
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.sources.values():
            total.add(tally)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"sources": {k: v.to_dict() for k, v in self.sources.items()}, "total": self.total.to_dict(),
                "problems": list(self.problems), "warnings": list(self.warnings)}


def _gold_time(entry: dict[str, Any], start: int, end: int) -> GoldTime:
    return GoldTime(start, end, entry.get("value"), str(entry.get("precision")), bool(entry.get("relative", False)))


def _iter_examples(directory: Path, warnings: list[str]) -> Iterator[GoldText]:
    from marsad.api import analyze_article
    from marsad.ingest import iter_articles

    for gold_path in sorted((directory / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        if "times" not in gold:
            continue
        article = next(iter(iter_articles([str(directory / str(gold["article"]))])))
        if isinstance(article, InputError):
            raise article
        doc = analyze_article(article, ["times.v1"])
        resolved = resolve_gold(gold, doc.text)
        times: list[GoldTime] = []
        for i, entry in enumerate(gold["times"]):
            span = resolved.spans.get(f"times[{i}]")
            if span is None:
                warnings.append(f"{gold_path.stem}: time {entry.get('text')!r} is not in the body")
                continue
            times.append(_gold_time(entry, span.start, span.end))
        yield GoldText(gold_path.stem, doc, times)


def packaged_gold() -> Path:
    """The packaged time gold (composed for marsad; every form the step knows, with anchors)."""
    return Path(str(resources.files("marsad.eval").joinpath("data/times_gold.jsonl")))


def _iter_lines(path: Path, warnings: list[str]) -> Iterator[GoldText]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        item = json.loads(line)
        published = item.get("published")
        meta = Meta(published=DateValue(published, "day") if published else None)
        doc = Document(str(item["text"]), meta)
        times_step(doc)
        times: list[GoldTime] = []
        for entry in item.get("times", []):
            span = find_span(doc.text, entry["text"])
            if span is None:
                warnings.append(f"{path.name}:{number}: time {entry['text']!r} is not in the text")
                continue
            times.append(_gold_time(entry, span.start, span.end))
        yield GoldText(f"{path.name}:{number}", doc, times)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_text(item: GoldText, tally: Tally, problems: list[str]) -> None:
    doc = item.document
    predicted = [t for t in doc.times if t.span is not None]
    tally.gold += len(item.times)
    tally.predicted += len(predicted)
    pairs = sorted(
        ((_overlap((g.start, g.end), (p.span.start, p.span.end)), gi, pi)  # type: ignore[union-attr]
         for gi, g in enumerate(item.times) for pi, p in enumerate(predicted)),
        reverse=True,
    )
    gold_of: dict[int, int] = {}
    used: set[int] = set()
    for size, gi, pi in pairs:
        if size <= 0:
            break
        if gi in gold_of or pi in used:
            continue
        gold_of[gi] = pi
        used.add(pi)
    for gi, gold in enumerate(item.times):
        text = doc.text[gold.start:gold.end]
        if gi not in gold_of:
            problems.append(f"{item.name}: missed {text!r} ({gold.value}, {gold.precision})")
            continue
        tally.matched += 1
        got = predicted[gold_of[gi]]
        if (got.value, got.precision, got.relative) == (gold.value, gold.precision, gold.relative):
            tally.exact += 1
        else:
            problems.append(f"{item.name}: {text!r} gave {got.value} {got.precision} relative={got.relative}, "
                            f"gold {gold.value} {gold.precision} relative={gold.relative}")
    for pi, got in enumerate(predicted):
        if pi not in used and got.span is not None:
            problems.append(f"{item.name}: spurious {got.span.text!r} ({got.value}, {got.precision})")


def evaluate_times(*golds: str | Path) -> TimeReport:
    """Score ``times.v1`` on each gold (an examples folder, a time-gold ``.jsonl`` file, or
    ``"packaged"``); with none, on ``examples`` (when present) and the packaged gold."""
    report = TimeReport()
    sources: list[str | Path] = list(golds)
    if not sources:
        sources = [*(["examples"] if Path("examples/gold").is_dir() else []), PACKAGED]
    for source in sources:
        path = packaged_gold() if str(source) == PACKAGED else Path(source)
        if not path.exists():
            raise InputNotFound(f"no time gold at {path}")
        if path.is_dir():
            if not (path / "gold").is_dir():
                raise InputNotFound(f"{path} has no gold/ folder (expected an examples folder)")
            items = _iter_examples(path, report.warnings)
            name = path.name or str(path)
        else:
            items = _iter_lines(path, report.warnings)
            name = "packaged" if str(source) == PACKAGED else path.name
        tally = report.sources.setdefault(name, Tally())
        for item in items:
            score_text(item, tally, report.problems)
    return report


def format_report(report: TimeReport, *, details: bool = False) -> str:
    lines = [f"{'gold':<24} {'gold#':>6} {'pred#':>6} {'P':>6} {'R':>6} {'F1':>6} {'exact':>7}"]
    rows = [*report.sources.items()]
    if len(rows) > 1:
        rows.append(("total", report.total))
    for name, t in rows:
        lines.append(f"{name:<24} {t.gold:>6} {t.predicted:>6} {100 * t.precision:>6.1f} {100 * t.recall:>6.1f} "
                     f"{100 * t.f1:>6.1f} {100 * t.exact_share:>6.1f}%")
    lines.append("detection: span overlap; exact: share of gold times with the same value, precision and relative")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    if details:
        lines.extend(report.problems)
    elif report.problems:
        lines.append(f"{len(report.problems)} problems (-v lists them)")
    return "\n".join(lines)


def report_json(report: TimeReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


