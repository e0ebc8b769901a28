"""Score the quote step against hand-written gold (``marsad eval quotes GOLD``).

Two gold forms are read:

* the example articles' gold (``examples/gold/*.json``, strings resolved to offsets by
  :mod:`marsad.eval.gold`);
* offset gold for real articles (``benchmarks/gold/quotes/*.json``, format in that folder's
  README), whose article text is read from the JSON Lines file the gold names by line.

A predicted quote *matches* a gold quote when their contents overlap by at least half of the
longer of the two (one-to-one, best overlap first). Reported: detection precision/recall/F1 on
matches, split by kind; exact-span F1 (content offsets equal once surrounding spaces and final
punctuation are set aside); speaker accuracy and kind accuracy on matched quotes.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic import normalize_word
from marsad.document import Document
from marsad.errors import InputError, InputNotFound
from marsad.eval.gold import load_gold, resolve_gold

#: Where the real-article gold expects its articles when the gold does not say otherwise.
DEFAULT_ARTICLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "articles" / (
    "saudinewsnet_security_dev.jsonl")

KINDS = ("direct", "indirect", "mixed")
_TRIM = " \t\n\r.،؛,:؟?!\"'«»“”„"


@dataclass(frozen=True)
class GoldQuote:
    kind: str
    content: tuple[int, int]
    speaker: str | None
    speaker_mention: tuple[int, int] | None
    cue: tuple[int, int] | None = None
    addressee: str | None = None


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    exact: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_f1(self) -> float:
        p = self.exact / self.predicted if self.predicted else 0.0
        r = self.exact / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class QuoteReport:
    documents: int = 0
    total: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    speaker_right: int = 0
    speaker_total: int = 0
    speaker_by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in KINDS})
    kind_right: int = 0
    addressee_right: int = 0
    addressee_total: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.total.matched_gold if self.total.matched_gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        def tally(t: Tally) -> dict[str, Any]:
            return {"gold": t.gold, "predicted": t.predicted, "precision": round(t.precision, 4),
                    "recall": round(t.recall, 4), "f1": round(t.f1, 4), "exact_f1": round(t.exact_f1, 4)}

        return {
            "documents": self.documents,
            "overall": tally(self.total),
            "by_kind": {k: {**tally(t), "speaker_accuracy": _ratio(*self.speaker_by_kind[k])}
                        for k, t in self.by_kind.items()},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "kind_accuracy": round(self.kind_accuracy, 4),
            "addressee_accuracy": _ratio(self.addressee_right, self.addressee_total),
            "seconds": round(self.seconds, 3),
            "warnings": list(self.warnings),
        }


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _name_key(name: str) -> str:
    return " ".join(normalize_word(w) for w in name.split())


# ---------------------------------------------------------------------------------------------
# gold loading


def _span(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    start, end = value
    return int(start), int(end)


def _example_quotes(gold: dict[str, Any], text: str, name: str, warnings: list[str]) -> list[GoldQuote]:
    resolved = resolve_gold(gold, text)
    out: list[GoldQuote] = []
    for i, q in enumerate(gold.get("quotes", [])):
        content = resolved.spans.get(f"quotes[{i}].content")
        if content is None:
            warnings.append(f"{name}: gold quote {i} not found in the text")
            continue
        cue = resolved.spans.get(f"quotes[{i}].cue")
        mention = resolved.spans.get(f"quotes[{i}].speaker_mention")
        out.append(GoldQuote(
            kind=str(q["kind"]), content=(content.start, content.end), speaker=q.get("speaker"),
            speaker_mention=(mention.start, mention.end) if mention else None,
            cue=(cue.start, cue.end) if cue else None, addressee=q.get("addressee")))
    return out


def _offset_quotes(gold: dict[str, Any]) -> list[GoldQuote]:
    return [GoldQuote(kind=str(q["kind"]), content=_span(q["content"]) or (0, 0), speaker=q.get("speaker"),
                      speaker_mention=_span(q.get("speaker_mention")), cue=_span(q.get("cue")),
                      addressee=q.get("addressee"))
            for q in gold.get("quotes", [])]


@dataclass
class GoldArticle:
    name: str
    document: Document
    quotes: list[GoldQuote]
    seconds: float


def _analyze_article(article: Any, pipeline: Sequence[str] | None) -> tuple[Document, float]:
    from marsad.api import analyze_article

    started = time.perf_counter()
    doc = analyze_article(article, pipeline)
    return doc, time.perf_counter() - started


def _iter_example_gold(directory: Path, pipeline: Sequence[str] | None,
                       warnings: list[str]) -> Iterator[GoldArticle]:
    from marsad.ingest import iter_articles

    for gold_path in sorted((directory / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        if "quotes" not in gold:
            continue
        items = list(iter_articles([str(directory / str(gold["article"]))]))
        article = items[0]
        if isinstance(article, InputError):
            raise article
        doc, seconds = _analyze_article(article, pipeline)
        yield GoldArticle(gold_path.stem, doc, _example_quotes(gold, doc.text, gold_path.stem, warnings), seconds)


def _iter_offset_gold(paths: Sequence[Path], articles: Path | None, pipeline: Sequence[str] | None,
                      warnings: list[str]) -> Iterator[GoldArticle]:
    from marsad.ingest import iter_articles

    source = articles or DEFAULT_ARTICLES
    if not source.exists():
        raise InputNotFound(f"the articles this gold refers to are not at {source}; pass --articles PATH")
    texts = list(iter_articles([str(source)]))
    for path in paths:
        gold = load_gold(path)
        line = int(gold["line"])
        article = texts[line]
        if isinstance(article, InputError):
            raise article
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if gold.get("text_sha256") and digest != gold["text_sha256"]:
            warnings.append(f"{path.name}: the ingested text differs from the annotated one (cleaning changed?); "
                            "offsets may be off")
        doc, seconds = _analyze_article(article, pipeline)
        yield GoldArticle(str(gold.get("article_id", path.stem)), doc, _offset_quotes(gold), seconds)


def iter_gold(gold: str | Path, *, articles: str | Path | None = None, pipeline: Sequence[str] | None = None,
              warnings: list[str] | None = None) -> Iterator[GoldArticle]:
    """Every gold article under ``gold`` (an examples folder, a folder of offset gold files, or one
    offset gold file), analysed with ``pipeline`` (default: the default pipeline)."""
    path = Path(gold)
    sink = warnings if warnings is not None else []
    if not path.exists():
        raise InputNotFound(f"no gold at {path}")
    if path.is_dir() and (path / "gold").is_dir():
        yield from _iter_example_gold(path, pipeline, sink)
        return
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InputNotFound(f"no gold files (*.json) in {path}")
    yield from _iter_offset_gold(files, Path(articles) if articles else None, pipeline, sink)


# ---------------------------------------------------------------------------------------------
# scoring


def _speaker_right(doc: Document, gold: GoldQuote, predicted: dict[str, Any]) -> bool:
    speaker = predicted.get("speaker") or {}
    entity_id = speaker.get("entity")
    span = speaker.get("span")
    entity = next((e for e in doc.entities if e.id == entity_id), None) if entity_id else None
    if gold.speaker_mention is not None:
        if span and _overlap((span["start"], span["end"]), gold.speaker_mention) > 0:
            return True
        if entity and any(_overlap((m.start, m.end), gold.speaker_mention) > 0 for m in entity.mentions):
            return True
    if gold.speaker is None:
        if gold.speaker_mention is None:
            return entity is None and not span
        return bool(entity is not None and entity.kind == "anonymous_source")
    if entity is None:
        return False
    key = _name_key(gold.speaker)
    names = {_name_key(entity.name), *(_name_key(m.text) for m in entity.mentions)}
    return key in names


def _addressee_right(doc: Document, gold: GoldQuote, predicted: dict[str, Any]) -> bool:
    entity_id = predicted.get("addressee")
    entity = next((e for e in doc.entities if e.id == entity_id), None) if entity_id else None
    if gold.addressee is None:
        return entity is None
    if entity is None:
        return False
    key = _name_key(gold.addressee)
    return any(key == _name_key(n) or key in _name_key(n) or _name_key(n) in key
               for n in (entity.name, *(m.text for m in entity.mentions)))


def score_article(item: GoldArticle, report: QuoteReport) -> None:
    """Add one article's matches to ``report``."""
    doc, text = item.document, item.document.text
    predicted = [q.to_dict() if hasattr(q, "to_dict") else dict(q) for q in doc.quotes]
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(item.quotes):
        for pi, p in enumerate(predicted):
            c = p["content"]
            inter = _overlap(g.content, (c["start"], c["end"]))
            longest = max(g.content[1] - g.content[0], c["end"] - c["start"], 1)
            if inter * 2 >= longest:
                pairs.append((inter / longest, gi, pi))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    report.documents += 1
    for g in item.quotes:
        report.total.gold += 1
        report.by_kind.setdefault(g.kind, Tally()).gold += 1
    for p in predicted:
        report.total.predicted += 1
        report.by_kind.setdefault(str(p["kind"]), Tally()).predicted += 1
    report.total.matched_predicted += len(used)
    for pi in used:
        report.by_kind[str(predicted[pi]["kind"])].matched_predicted += 1
    for gi, g in enumerate(item.quotes):
        excerpt = text[g.content[0]:g.content[1]][:60]
        if gi not in matched:
            report.missed.append(f"{item.name} [{g.kind}] {excerpt}")
            continue
        p = predicted[matched[gi]]
        tally = report.by_kind[g.kind]
        report.total.matched_gold += 1
        tally.matched_gold += 1
        c = p["content"]
        if _trim(text, *g.content) == _trim(text, c["start"], c["end"]):
            report.total.exact += 1
            if p["kind"] == g.kind:  # per kind: an exact match of the right kind (never above 100%)
                tally.exact += 1
        report.kind_right += p["kind"] == g.kind
        right = _speaker_right(doc, g, p)
        report.speaker_total += 1
        report.speaker_right += right
        counts = report.speaker_by_kind.setdefault(g.kind, [0, 0])
        counts[0] += right
        counts[1] += 1
        if not right:
            got = (p.get("speaker") or {}).get("span")
            report.wrong_speaker.append(f"{item.name} gold {g.speaker!r} got {got['text'] if got else None!r}: "
                                        f"{excerpt}")
        if g.addressee is not None or p.get("addressee"):
            report.addressee_total += 1
            report.addressee_right += _addressee_right(doc, g, p)
    for pi, p in enumerate(predicted):
        if pi not in used:
            report.spurious.append(f"{item.name} [{p['kind']}] {p['content']['text'][:60]}")


def evaluate_quotes(gold: str | Path, *, articles: str | Path | None = None,
                    pipeline: Sequence[str] | None = None) -> QuoteReport:
    """Analyse every gold article and score its quotes."""
    report = QuoteReport()
    for item in iter_gold(gold, articles=articles, pipeline=pipeline, warnings=report.warnings):
        report.seconds += item.seconds
        score_article(item, report)
    return report


def format_report(report: QuoteReport, *, details: bool = False) -> str:
    """A plain-text table of the scores (and, with ``details``, what was missed or wrong)."""
    t = report.total
    lines = [
        f"quotes on {report.documents} articles: detection P {t.precision:.1%} R {t.recall:.1%} "
        f"F1 {t.f1:.1%} (overlap >= 50%), exact-span F1 {t.exact_f1:.1%}; speaker accuracy "
        f"{report.speaker_accuracy:.1%} ({report.speaker_right}/{report.speaker_total}); kind accuracy "
        f"{report.kind_accuracy:.1%}; addressee {report.addressee_right}/{report.addressee_total}",
        f"{'kind':9} {'gold':>5} {'pred':>5} {'P':>7} {'R':>7} {'F1':>7} {'exactF1':>8} {'speaker':>8}",
    ]
    for kind, k in report.by_kind.items():
        right, total = report.speaker_by_kind.get(kind, [0, 0])
        lines.append(f"{kind:9} {k.gold:5d} {k.predicted:5d} {k.precision:7.1%} {k.recall:7.1%} {k.f1:7.1%} "
                     f"{k.exact_f1:8.1%} {right / total if total else float('nan'):8.1%}")
    lines.extend(f"warning: {w}" for w in report.warnings)
    if details:
        for title, items in (("missed", report.missed), ("spurious", report.spurious),
                             ("wrong speaker", report.wrong_speaker)):
            if items:
                lines.append(f"-- {title} ({len(items)})")
                lines.extend("   " + item for item in items)
    return "\n".join(lines)


def report_json(report: QuoteReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
