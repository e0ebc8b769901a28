"""Tests of the events scorer (marsad eval events)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.eval.events import (
    DEFAULT_SENTENCES,
    ArticleReport,
    GoldArticle,
    GoldEvent,
    SentenceReport,
    evaluate_events,
    score_article,
    score_sentence,
)

ROOT = Path(__file__).resolve().parents[1]


def _doc(text: str):  # type: ignore[no-untyped-def]
    from marsad import analyze

    return analyze(text, published="2026-03-10")


def test_sentence_scoring_counts_type_source_and_target() -> None:
    doc = _doc("اغتال مسلحون مجهولون ضابطاً في الشرطة في مدينة درعا.")
    report = SentenceReport()
    score_sentence(doc, {"category": "ASSAULT", "source_text": "مجهولون مسلحون", "target_text": ""}, report)
    score_sentence(doc, {"category": "PROTEST", "source_text": "", "target_text": ""}, report)
    assert report.found == {"ASSAULT": [1, 1], "PROTEST": [0, 1]}
    assert report.source == [1, 1]
    assert report.target == [0, 0]
    assert report.to_dict()["type_recall"] == 0.5


def test_article_scoring_matches_by_trigger_overlap_and_type() -> None:
    text = "انفجرت سيارة مفخخة في مدينة الحلة أمس. وقال مسؤول إن الانفجار أسفر عن مقتل 9 أشخاص."
    doc = _doc(text)
    start = text.index("انفجرت")
    later = text.index("الانفجار")
    gold = [GoldEvent("ASSAULT", (later, later + 8), ((start, start + 6),), {"dead": 9, "modality": "asserted",
                                                                           "reference": "current", "place": None,
                                                                           "date": "2026-03-09", "injured": None}),
            GoldEvent("COERCE", (0, 3), (), {"modality": "asserted", "reference": "current"})]
    report = ArticleReport()
    score_article(GoldArticle("t", doc, gold, 0.0), report)
    assert report.total.gold == 2
    assert report.total.matched == 1
    assert report.attributes["dead"] == [1, 1]
    assert report.attributes["modality"] == [1, 1]
    assert report.by_type["COERCE"].recall == 0.0


def test_examples_gold_runs_and_cli_prints_json() -> None:
    report = evaluate_events(ROOT / "examples")
    assert isinstance(report, ArticleReport)
    assert report.documents == 12 and report.total.gold == 79
    assert report.total.f1 > 0.5
    result = CliRunner().invoke(cli, ["eval", "events", str(ROOT / "examples"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["gold"] == 79


@pytest.mark.slow
def test_event_sentences_dev() -> None:
    if not DEFAULT_SENTENCES.exists():
        pytest.skip(f"shared data absent: {DEFAULT_SENTENCES}")
    report = evaluate_events(DEFAULT_SENTENCES)
    assert isinstance(report, SentenceReport)
    assert report.type_recall >= 0.85
