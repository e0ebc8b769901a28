"""Entity evaluation against the example gold (``examples/gold/*.json``).

Matching, per article:

* Gold mentions are every occurrence of each gold entity's ``mentions`` strings
  (``resolve_gold``: whole words, proclitics excluded). Predicted mentions are the mentions of
  ``doc.entities``.
* Types match by family: PER; ORG; place (GPE, LOC); NORP; other (EVENT, MISC). FAC matches
  FAC, ORG and place, because a facility is named both as an institution and as a location
  (مستشفى، سجن، سوق).
* A gold mention is **found** when a predicted mention overlaps it (at least one character in
  common) with a matching type; its match is the overlapping one with the most characters in
  common (then the shortest). Overlap, not exact boundaries, because the gold itself marks some
  names with and some without their designator (قرية الجورة but الزرقاء for مدينة الزرقاء).
* A predicted mention is **correct** (precision) when it overlaps some gold mention with a
  matching type.
* **Linking accuracy**: for each gold entity with two or more found mentions, the predicted
  entity that most of them fall in is its cluster; the score is the share of found mentions in
  their gold entity's cluster, over all such entities. ``merged`` counts predicted entities
  whose found mentions belong to more than one gold entity (over-merging, which linking
  accuracy alone does not see).

Scores are reported overall and per gold type (precision per predicted type).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.document import Document
from marsad.eval.gold import GoldSpan, load_gold, resolve_gold

_FAMILY = {"PER": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "NORP": "NORP", "EVENT": "OTHER",
           "MISC": "OTHER"}


def types_match(gold: str, predicted: str) -> bool:
    """Whether a predicted type counts for a gold type (see the module docstring)."""
    if gold == "FAC" or predicted == "FAC":
        other = predicted if gold == "FAC" else gold
        return other == "FAC" or _FAMILY.get(other) in ("ORG", "PLACE")
    return _FAMILY.get(gold, gold) == _FAMILY.get(predicted, predicted)


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    linked: int = 0
    linkable: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def linking(self) -> float:
        return self.linked / self.linkable if self.linkable else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct
        self.linked += other.linked
        self.linkable += other.linkable


@dataclass
class EntityReport:
    """Scores over the examples; ``missed`` and ``split`` list what went wrong, per article."""

    total: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    articles: dict[str, Counts] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def linking(self) -> float:
        return self.total.linking


@dataclass
class _Pred:
    start: int
    end: int
    text: str
    type: str
    entity: str


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score_document(doc: Document, gold: dict[str, object], report: EntityReport, name: str) -> Counts:
    """Add one article's scores to ``report`` and return them."""
    resolved = resolve_gold(gold, doc.text)
    entities = gold.get("entities", [])
    assert isinstance(entities, list)
    types = {str(e.get("name")): str(e.get("type")) for e in entities}
    preds = [_Pred(m.start, m.end, m.text, e.type, e.id) for e in doc.entities for m in e.mentions]
    counts = Counts(predicted=len(preds))
    entity_of: dict[tuple[int, int, str], str] = {}
    gold_spans: list[tuple[GoldSpan, str, str]] = []
    for entity_name, spans in resolved.mentions.items():
        for span in spans:
            gold_spans.append((span, entity_name, types[entity_name]))
    for span, entity_name, gold_type in gold_spans:
        bucket = report.by_type.setdefault(gold_type, Counts())
        bucket.gold += 1
        counts.gold += 1
        best: _Pred | None = None
        best_key = (0, 0)
        for pred in preds:
            common = _overlap(span.start, span.end, pred.start, pred.end)
            if common and types_match(gold_type, pred.type):
                key = (common, -(pred.end - pred.start))
                if key > best_key:
                    best, best_key = pred, key
        if best is None:
            report.missed.append(f"{name}: {gold_type} {entity_name!r} ← {span.text!r} @{span.start}")
            continue
        bucket.found += 1
        counts.found += 1
        entity_of[(span.start, span.end, entity_name)] = best.entity
    for pred in preds:
        bucket = report.by_type.setdefault(pred.type, Counts())
        bucket.predicted += 1
        if any(_overlap(s.start, s.end, pred.start, pred.end) and types_match(t, pred.type) for s, _, t in gold_spans):
            bucket.correct += 1
            counts.correct += 1
        else:
            report.spurious.append(f"{name}: {pred.type} {pred.text!r} @{pred.start} ({pred.entity})")
    by_gold: dict[str, list[str]] = defaultdict(list)
    for (_, _, entity_name), predicted in entity_of.items():
        by_gold[entity_name].append(predicted)
    gold_of_pred: dict[str, set[str]] = defaultdict(set)
    for entity_name, predicted_ids in by_gold.items():
        for predicted in predicted_ids:
            gold_of_pred[predicted].add(entity_name)
        if len(predicted_ids) < 2:
            continue
        majority = Counter(predicted_ids).most_common(1)[0][1]
        bucket = report.by_type.setdefault(types[entity_name], Counts())
        bucket.linkable += len(predicted_ids)
        bucket.linked += majority
        counts.linkable += len(predicted_ids)
        counts.linked += majority
        if majority < len(predicted_ids):
            report.split.append(f"{name}: {entity_name!r} split over {dict(Counter(predicted_ids))}")
    for predicted, gold_names in gold_of_pred.items():
        if len(gold_names) > 1:
            report.merged.append(f"{name}: {predicted} holds {sorted(gold_names)}")
    report.total.add(counts)
    report.articles[name] = counts
    return counts


def entity_pipeline() -> list[str]:
    """The steps to evaluate: the default pipeline when it has entities.v1, else the default
    plus whichever of ner.v1, kb.v1, patterns.v1, entities.v1 it lacks (in that order)."""
    import marsad.extract.entities.register  # noqa: F401  (registers kb.v1, patterns.v1, entities.v1)
    from marsad.pipeline import registered_steps
    from marsad.steps import DEFAULT_PIPELINE

    names = list(DEFAULT_PIPELINE)
    if "entities.v1" in names:
        return names
    registry = registered_steps()
    for step in ("ner.v1", "kb.v1", "patterns.v1", "entities.v1"):
        if step in registry and step not in names:
            names.append(step)
    return names


def evaluate_entities(examples_dir: str | Path = "examples", pipeline: Sequence[str] | None = None) -> EntityReport:
    """Analyse every example article that has gold and score its entities."""
    import time

    from marsad.api import analyze_paths
    from marsad.errors import MarsadError

    directory = Path(examples_dir)
    report = EntityReport()
    names = list(pipeline) if pipeline is not None else entity_pipeline()
    for gold_path in sorted((directory / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        started = time.perf_counter()
        results = list(analyze_paths([str(directory / str(gold["article"]))], pipeline=names))
        report.seconds += time.perf_counter() - started
        for result in results:
            if isinstance(result, MarsadError):
                raise result
            report.documents += 1
            score_document(result, gold, report, gold_path.stem)
    return report


def format_report(report: EntityReport, *, details: bool = False) -> str:
    """A plain-text table of the scores (and, with ``details``, what was missed or split)."""
    lines = [
        f"entities on {report.documents} articles: mention recall {report.recall:.1%} "
        f"({report.total.found}/{report.total.gold}), precision {report.precision:.1%} "
        f"({report.total.correct}/{report.total.predicted}), linking {report.linking:.1%} "
        f"({report.total.linked}/{report.total.linkable}), over-merged clusters {len(report.merged)}",
        f"{'type':6} {'gold':>5} {'recall':>7} {'pred':>5} {'precision':>9} {'linking':>8}",
    ]
    for type_, c in sorted(report.by_type.items()):
        lines.append(f"{type_:6} {c.gold:5d} {c.recall:7.1%} {c.predicted:5d} {c.precision:9.1%} "
                     f"{c.linking if c.linkable else float('nan'):8.1%}")
    if details:
        for title, items in (("missed", report.missed), ("split", report.split), ("merged", report.merged),
                             ("spurious", report.spurious)):
            if items:
                lines.append(f"-- {title} ({len(items)})")
                lines.extend("   " + item for item in items)
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    print(format_report(evaluate_entities(args[0] if args else "examples"), details="-v" in sys.argv))
