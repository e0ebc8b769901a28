"""The quote scorer (marsad.eval.quotes): matching, exact spans, speakers, both gold forms."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.document import Document, Entity, Mention
from marsad.eval.quotes import GoldArticle, GoldQuote, QuoteReport, evaluate_quotes, iter_gold, score_article

TEXT = 'قال وزير الخارجية سامي النجار إن المحادثات "كانت صريحة". وأضاف النجار: "سنواصل العمل". وقال مصدر أمني إن الوضع هادئ.'


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(part, pos + 1)
    return pos, pos + len(part)


def _doc() -> Document:
    doc = Document(TEXT)
    minister = [doc.span(*_span(TEXT, "وزير الخارجية سامي النجار")), doc.span(*_span(TEXT, "النجار", 1))]
    source = doc.span(*_span(TEXT, "مصدر أمني"))
    doc.entities = [
        Entity("e1", "PER", "سامي النجار", [Mention(s.start, s.end, s.text, "PER") for s in minister]),
        Entity("e2", "PER", "مصدر أمني", [Mention(source.start, source.end, source.text, "PER", kind="nominal")],
               kind="anonymous_source"),
    ]
    return doc


def _quote(doc: Document, kind: str, content: str, entity: str | None, mention: str | None) -> dict[str, object]:
    span = doc.span(*_span(doc.text, content)).to_dict()
    speaker = {"entity": entity, "span": doc.span(*_span(doc.text, mention)).to_dict() if mention else None}
    return {"id": "q", "kind": kind, "content": span, "cue": None, "speaker": speaker, "addressee": None}


GOLD = [
    GoldQuote("mixed", _span(TEXT, 'المحادثات "كانت صريحة"'), "سامي النجار", _span(TEXT, "وزير الخارجية سامي النجار")),
    GoldQuote("direct", _span(TEXT, "سنواصل العمل"), "سامي النجار", _span(TEXT, "النجار", 1)),
    GoldQuote("indirect", _span(TEXT, "الوضع هادئ"), None, _span(TEXT, "مصدر أمني")),
]


def test_perfect_prediction_scores_one() -> None:
    doc = _doc()
    doc.quotes = [_quote(doc, "mixed", 'المحادثات "كانت صريحة"', "e1", "وزير الخارجية سامي النجار"),
                  _quote(doc, "direct", "سنواصل العمل", "e1", "النجار"),
                  _quote(doc, "indirect", "الوضع هادئ", "e2", "مصدر أمني")]
    report = QuoteReport()
    score_article(GoldArticle("t", doc, GOLD, 0.0), report)
    assert report.total.f1 == 1.0
    assert report.total.exact_f1 == 1.0
    assert report.speaker_accuracy == 1.0
    assert report.kind_accuracy == 1.0


def test_partial_overlap_counts_for_detection_not_exact() -> None:
    doc = _doc()
    # most of the gold content plus the closing full stop's neighbourhood: overlap >= 50%, not exact
    doc.quotes = [_quote(doc, "indirect", "إن الوضع هادئ", "e2", "مصدر أمني")]
    report = QuoteReport()
    score_article(GoldArticle("t", doc, GOLD, 0.0), report)
    assert report.total.matched_gold == 1
    assert report.total.exact == 0
    assert report.total.recall == pytest.approx(1 / 3)
    assert report.total.precision == 1.0


@pytest.mark.parametrize(("entity", "mention", "right"), [
    ("e1", "النجار", True),       # the right entity
    ("e2", "مصدر أمني", False),   # the anonymous source instead of the minister
    (None, None, False),          # no speaker at all
])
def test_speaker_accuracy(entity: str | None, mention: str | None, right: bool) -> None:
    doc = _doc()
    doc.quotes = [_quote(doc, "direct", "سنواصل العمل", entity, mention)]
    report = QuoteReport()
    score_article(GoldArticle("t", doc, GOLD, 0.0), report)
    assert report.speaker_total == 1
    assert report.speaker_right == int(right)


def test_too_small_overlap_is_no_match() -> None:
    doc = _doc()
    doc.quotes = [_quote(doc, "mixed", "المحادثات", "e1", "النجار")]
    report = QuoteReport()
    score_article(GoldArticle("t", doc, GOLD, 0.0), report)
    assert report.total.matched_gold == 0
    assert len(report.spurious) == 1
    assert len(report.missed) == 3


def _offset_gold(tmp_path: Path) -> tuple[Path, Path]:
    from marsad.ingest import iter_articles

    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "t-0", "title": "عنوان", "content": TEXT}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    text = next(iter(iter_articles([str(articles)]))).text  # type: ignore[union-attr]
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    quotes = [{"kind": "direct", "content": list(_span(text, "سنواصل العمل")), "cue": None,
               "speaker": "سامي النجار", "speaker_mention": list(_span(text, "النجار", 1)), "addressee": None}]
    (gold_dir / "t-0.json").write_text(json.dumps({
        "article_id": "t-0", "line": 0, "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "quotes": quotes,
    }), encoding="utf-8")
    return gold_dir, articles


def test_offset_gold_is_read_against_its_articles(tmp_path: Path) -> None:
    gold_dir, articles = _offset_gold(tmp_path)
    warnings: list[str] = []
    items = list(iter_gold(gold_dir, articles=articles, pipeline=["sentences.v1"], warnings=warnings))
    assert len(items) == 1 and not warnings
    (item,) = items
    start, end = item.quotes[0].content
    assert item.document.text[start:end] == "سنواصل العمل"


def test_changed_text_is_warned_about(tmp_path: Path) -> None:
    gold_dir, articles = _offset_gold(tmp_path)
    path = gold_dir / "t-0.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["text_sha256"] = "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")
    report = evaluate_quotes(gold_dir, articles=articles, pipeline=["sentences.v1"])
    assert any("differs" in w for w in report.warnings)


def test_cli_eval_quotes_json(tmp_path: Path) -> None:
    gold_dir, articles = _offset_gold(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "quotes", str(gold_dir), "--articles", str(articles), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 1
    assert data["overall"]["gold"] == 1
