"""Score the events step (``marsad eval events [GOLD]``).

Three gold forms are read:

* the event-sentence set (``*.jsonl``: one sentence per line with ``category`` ASSAULT or
  PROTEST and loose actor words ``source_text``/``target_text``, see ../shared/data/README.md):
  type recall (an event of the gold category is found in the sentence) and actor/target match
  (a predicted actor/target entity of that event has a mention sharing a word with the gold
  words; scored on the sentences whose gold names one);
* the example articles' gold (``examples/`` with ``gold/*.json``, strings resolved to offsets);
* offset gold for real articles (``benchmarks/gold/events/*.json``, format in that README).

For articles, a predicted event *matches* a gold event of the same type when its trigger (or
one of its merged mentions) overlaps the gold trigger or one of the gold ``mentions`` spans
(one-to-one, in text order). Reported: P/R/F1 overall and by type; on matched events the
accuracy of place, date, dead, injured (where gold states a number), modality and reference.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from marsad.arabic import normalize_word, token_norm
from marsad.document import Document
from marsad.errors import InputError, InputNotFound
from marsad.eval.gold import load_gold, resolve_gold
from marsad.eval.tally import Tally
from marsad.pipeline import Pipeline, build_pipeline

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_ARTICLES = ROOT / ".." / "shared" / "data" / "articles" / "saudinewsnet_security_dev.jsonl"
DEFAULT_SENTENCES = ROOT / ".." / "shared" / "data" / "events" / "arabic_event_sentences_dev.jsonl"
ATTRIBUTES = ("place", "date", "dead", "injured", "modality", "reference")
_STOP = frozenset(normalize_word(w) for w in ["من", "في", "على", "الى", "إلى", "عن", "و", "ال", "،"])


def event_pipeline() -> Pipeline:
    """The default pipeline with ``events.v1`` at its end (whether or not it is there yet)."""
    import marsad.extract.events.register  # noqa: F401  (registers events.v1)
    from marsad.steps import DEFAULT_PIPELINE

    names = list(DEFAULT_PIPELINE)
    if "events.v1" not in names:
        names.append("events.v1")
    return _pipeline(tuple(names))


@cache
def _pipeline(names: tuple[str, ...]) -> Pipeline:
    return build_pipeline(list(names))


# ---------------------------------------------------------------------------------------------
# the sentence set


@dataclass
class SentenceReport:
    sentences: int = 0
    found: dict[str, list[int]] = field(default_factory=dict)  # category → [found, total]
    source: list[int] = field(default_factory=lambda: [0, 0])
    target: list[int] = field(default_factory=lambda: [0, 0])
    predicted_events: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    wrong_source: list[str] = field(default_factory=list)
    wrong_target: list[str] = field(default_factory=list)

    @property
    def type_recall(self) -> float:
        found = sum(v[0] for v in self.found.values())
        total = sum(v[1] for v in self.found.values())
        return found / total if total else 0.0

    @property
    def source_match(self) -> float:
        return self.source[0] / self.source[1] if self.source[1] else 0.0

    @property
    def target_match(self) -> float:
        return self.target[0] / self.target[1] if self.target[1] else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "type_recall": round(self.type_recall, 4),
            "type_recall_by_category": {k: _ratio(*v) for k, v in sorted(self.found.items())},
            "source_match": round(self.source_match, 4), "source_scored": self.source[1],
            "target_match": round(self.target_match, 4), "target_scored": self.target[1],
            "predicted_events_per_sentence": round(self.predicted_events / self.sentences, 3) if self.sentences else 0,
            "seconds": round(self.seconds, 3),
        }


def _words(text: str) -> set[str]:
    out = set()
    for w in text.replace("،", " ").split():
        key = token_norm(w)
        if key and key not in _STOP and len(key) > 1:
            out.add(key)
            out.add(normalize_word(w))
    return out


def _entity_words(doc: Document, ids: Sequence[str]) -> set[str]:
    words: set[str] = set()
    for ent in doc.entities:
        if ent.id in ids:
            for m in ent.mentions:
                words |= _words(m.text)
    return words


def score_sentence(doc: Document, row: dict[str, Any], report: SentenceReport) -> None:
    """Add one gold sentence to ``report``."""
    category = str(row["category"])
    events = [e.to_dict() if hasattr(e, "to_dict") else dict(e) for e in doc.events]
    report.sentences += 1
    report.predicted_events += len(events)
    counts = report.found.setdefault(category, [0, 0])
    counts[1] += 1
    same = [e for e in events if e["type"] == category]
    if same:
        counts[0] += 1
    else:
        got = ", ".join(f"{e['type']}:{e['trigger']['text']}" for e in events) or "-"
        report.missed.append(f"[{category}] got {got}: {doc.text[:90]}")
    for key, tally, sink, attr in (("source_text", report.source, report.wrong_source, "actors"),
                                   ("target_text", report.target, report.wrong_target, "targets")):
        gold = _words(str(row.get(key) or ""))
        if not gold:
            continue
        tally[1] += 1
        predicted: set[str] = set()
        for e in same:
            predicted |= _entity_words(doc, e[attr])
        if predicted & gold:
            tally[0] += 1
        else:
            names = [ent.name for e in same for ent in doc.entities if ent.id in e[attr]]
            sink.append(f"gold {row.get(key)!r} got {names}: {doc.text[:90]}")


def evaluate_sentences(path: str | Path = DEFAULT_SENTENCES) -> SentenceReport:
    """Analyse every sentence of the event-sentence set and score it."""
    from marsad.api import analyze

    source = Path(path)
    if not source.exists():
        raise InputNotFound(f"no event sentences at {source}")
    report = SentenceReport()
    pipeline = event_pipeline()
    with source.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    for row in rows:
        started = time.perf_counter()
        doc = analyze(str(row["text"]), pipeline=pipeline)
        report.seconds += time.perf_counter() - started
        score_sentence(doc, row, report)
    return report


# ---------------------------------------------------------------------------------------------
# articles


@dataclass(frozen=True)
class GoldEvent:
    type: str
    trigger: tuple[int, int]
    mentions: tuple[tuple[int, int], ...]
    values: dict[str, Any]


@dataclass
class GoldArticle:
    name: str
    document: Document
    events: list[GoldEvent]
    seconds: float


@dataclass
class ArticleReport:
    documents: int = 0
    total: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    attributes: dict[str, list[int]] = field(default_factory=lambda: {a: [0, 0] for a in ATTRIBUTES})
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def accuracy(self, attribute: str) -> float | None:
        right, total = self.attributes[attribute]
        return right / total if total else None

    def to_dict(self) -> dict[str, Any]:
        def tally(t: Tally) -> dict[str, Any]:
            return {"gold": t.gold, "predicted": t.predicted, "matched": t.matched,
                    "precision": round(t.precision, 4), "recall": round(t.recall, 4), "f1": round(t.f1, 4)}

        return {"documents": self.documents, "overall": tally(self.total),
                "by_type": {k: tally(v) for k, v in sorted(self.by_type.items())},
                "attributes": {a: {"accuracy": _ratio(*v), "scored": v[1]} for a, v in self.attributes.items()},
                "seconds": round(self.seconds, 3), "warnings": list(self.warnings)}


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _example_events(gold: dict[str, Any], text: str, name: str, warnings: list[str]) -> list[GoldEvent]:
    resolved = resolve_gold(gold, text)
    out: list[GoldEvent] = []
    for i, e in enumerate(gold.get("events", [])):
        span = resolved.spans.get(f"events[{i}].trigger")
        if span is None:
            warnings.append(f"{name}: gold event {i} trigger not found in the text")
            continue
        out.append(GoldEvent(str(e["type"]), (span.start, span.end), (), dict(e)))
    return out


def _offset_events(gold: dict[str, Any]) -> list[GoldEvent]:
    out: list[GoldEvent] = []
    for e in gold.get("events", []):
        start, end = e["trigger"]
        mentions = tuple((int(s), int(t)) for s, t in e.get("mentions") or [])
        out.append(GoldEvent(str(e["type"]), (int(start), int(end)), mentions, dict(e)))
    return out


def _analyze(article: Any) -> tuple[Document, float]:
    from marsad.api import analyze_article

    started = time.perf_counter()
    doc = analyze_article(article, event_pipeline())
    return doc, time.perf_counter() - started


def iter_gold(gold: str | Path, *, articles: str | Path | None = None,
              warnings: list[str] | None = None) -> Iterator[GoldArticle]:
    """Every gold article under ``gold`` (an examples folder, a folder of offset gold files or
    one offset gold file), analysed with the default pipeline plus events."""
    from marsad.ingest import iter_articles

    path = Path(gold)
    sink = warnings if warnings is not None else []
    if not path.exists():
        raise InputNotFound(f"no gold at {path}")
    if path.is_dir() and (path / "gold").is_dir():
        for gold_path in sorted((path / "gold").glob("*.json")):
            data = load_gold(gold_path)
            if "events" not in data:
                continue
            article = next(iter(iter_articles([str(path / str(data["article"]))])))
            if isinstance(article, InputError):
                raise article
            doc, seconds = _analyze(article)
            yield GoldArticle(gold_path.stem, doc, _example_events(data, doc.text, gold_path.stem, sink), seconds)
        return
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InputNotFound(f"no gold files (*.json) in {path}")
    source = Path(articles) if articles else DEFAULT_ARTICLES
    if not source.exists():
        raise InputNotFound(f"the articles this gold refers to are not at {source}; pass --articles PATH")
    texts = list(iter_articles([str(source)]))
    for file in files:
        data = load_gold(file)
        article = texts[int(data["line"])]
        if isinstance(article, InputError):
            raise article
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if data.get("text_sha256") and digest != data["text_sha256"]:
            sink.append(f"{file.name}: the ingested text differs from the annotated one; offsets may be off")
        doc, seconds = _analyze(article)
        yield GoldArticle(str(data.get("article_id", file.stem)), doc, _offset_events(data), seconds)


def _name_key(name: str) -> str:
    return " ".join(token_norm(w) for w in name.split())


def _entity_matches(doc: Document, entity_id: str | None, gold_name: str | None) -> bool:
    if gold_name is None:
        return entity_id is None
    if entity_id is None:
        return False
    ent = next((e for e in doc.entities if e.id == entity_id), None)
    if ent is None:
        return False
    key = _name_key(gold_name)
    names = {_name_key(ent.name), *(_name_key(m.text) for m in ent.mentions)}
    return key in names or any(key in n or n in key for n in names if n)


def _attribute_right(doc: Document, attribute: str, gold: dict[str, Any], predicted: dict[str, Any]) -> bool | None:
    """Whether one attribute is right; None when it is not scored for this event."""
    want = gold.get(attribute)
    got = predicted.get(attribute)
    if attribute == "place":
        return _entity_matches(doc, got, want)
    if attribute == "date":
        value = got.get("value") if isinstance(got, dict) else None
        return value == want
    if attribute in ("dead", "injured"):
        if want is None:
            return None
        return bool(got == want)
    return bool(got == want)


def score_article(item: GoldArticle, report: ArticleReport) -> None:
    """Add one article's matches to ``report``."""
    doc = item.document
    predicted = [e.to_dict() if hasattr(e, "to_dict") else dict(e) for e in doc.events]
    used: set[int] = set()
    report.documents += 1
    for p in predicted:
        report.total.predicted += 1
        report.by_type.setdefault(str(p["type"]), Tally()).predicted += 1
    for g in item.events:
        report.total.gold += 1
        tally = report.by_type.setdefault(g.type, Tally())
        tally.gold += 1
        gold_spans = (g.trigger, *g.mentions)
        match = None
        for pi, p in enumerate(predicted):
            if pi in used or p["type"] != g.type:
                continue
            spans = [(p["trigger"]["start"], p["trigger"]["end"]),
                     *((m["start"], m["end"]) for m in p.get("mentions", []))]
            if any(_overlap(a, b) for a in spans for b in gold_spans):
                match = pi
                break
        text = doc.text[g.trigger[0]:g.trigger[1]]
        if match is None:
            report.missed.append(f"{item.name} [{g.type}/{g.values.get('mode')}] {text}")
            continue
        used.add(match)
        report.total.matched += 1
        tally.matched += 1
        p = predicted[match]
        for attribute in ATTRIBUTES:
            right = _attribute_right(doc, attribute, g.values, p)
            if right is None:
                continue
            counts = report.attributes[attribute]
            counts[1] += 1
            counts[0] += right
            if not right:
                got = p.get(attribute)
                if attribute == "place" and got:
                    got = next((e.name for e in doc.entities if e.id == got), got)
                if attribute == "date" and isinstance(got, dict):
                    got = got.get("value")
                report.wrong.append(f"{item.name} {g.type} {text!r} {attribute}: gold {g.values.get(attribute)!r} "
                                    f"got {got!r}")
    for pi, p in enumerate(predicted):
        if pi not in used:
            report.spurious.append(f"{item.name} [{p['type']}/{p['mode']}] {p['trigger']['text']}")


def evaluate_articles(gold: str | Path, *, articles: str | Path | None = None) -> ArticleReport:
    """Analyse every gold article and score its events."""
    report = ArticleReport()
    for item in iter_gold(gold, articles=articles, warnings=report.warnings):
        report.seconds += item.seconds
        score_article(item, report)
    return report


def evaluate_events(gold: str | Path, *, articles: str | Path | None = None) -> SentenceReport | ArticleReport:
    """Score against ``gold``: a ``.jsonl`` sentence set, or article gold (folder or file)."""
    path = Path(gold)
    if path.suffix == ".jsonl":
        return evaluate_sentences(path)
    return evaluate_articles(path, articles=articles)


# ---------------------------------------------------------------------------------------------
# output


def format_report(report: SentenceReport | ArticleReport, *, details: bool = False) -> str:
    """A plain-text table of the scores (and, with ``details``, what was missed or wrong)."""
    lines: list[str] = []
    if isinstance(report, SentenceReport):
        lines.append(f"event sentences: {report.sentences}; type recall {report.type_recall:.1%} ("
                     + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(report.found.items()))
                     + f"); source match {report.source_match:.1%} ({report.source[0]}/{report.source[1]}); "
                     f"target match {report.target_match:.1%} ({report.target[0]}/{report.target[1]})")
        sections = (("missed", report.missed), ("wrong source", report.wrong_source),
                    ("wrong target", report.wrong_target))
    else:
        t = report.total
        lines.append(f"events on {report.documents} articles: P {t.precision:.1%} R {t.recall:.1%} F1 {t.f1:.1%} "
                     f"(gold {t.gold}, predicted {t.predicted}, matched {t.matched})")
        lines.append(f"{'type':11} {'gold':>5} {'pred':>5} {'P':>7} {'R':>7} {'F1':>7}")
        for name, k in sorted(report.by_type.items()):
            lines.append(f"{name:11} {k.gold:5d} {k.predicted:5d} {k.precision:7.1%} {k.recall:7.1%} {k.f1:7.1%}")
        lines.append("on matched events: " + ", ".join(
            f"{a} {report.accuracy(a):.1%} ({v[0]}/{v[1]})" if v[1] else f"{a} -"
            for a, v in report.attributes.items()))
        lines.extend(f"warning: {w}" for w in report.warnings)
        sections = (("missed", report.missed), ("spurious", report.spurious), ("wrong", report.wrong))
    if details:
        for title, items in sections:
            if items:
                lines.append(f"-- {title} ({len(items)})")
                lines.extend("   " + item for item in items)
    return "\n".join(lines)


def report_json(report: SentenceReport | ArticleReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
