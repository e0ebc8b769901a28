"""The bundled examples, and real articles from ../shared/data, honour the output contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad import analyze, analyze_paths
from marsad.contract import contract_problems
from marsad.document import Document
from marsad.eval.gold import check_examples

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html"})


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLE_FILES) >= 12
    assert {p.suffix for p in EXAMPLE_FILES} == {".txt", ".html"}
    for path in EXAMPLE_FILES:
        assert (EXAMPLES / "gold" / f"{path.stem}.json").is_file(), f"{path.name} has no gold file"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_record_satisfies_contract(path: Path) -> None:
    [doc] = list(analyze_paths([str(path)]))
    assert isinstance(doc, Document), doc
    record = doc.to_dict()
    assert contract_problems(record) == []
    assert 300 <= len(record["text"].split()) <= 1000
    assert record["meta"]["title"]
    assert record["meta"]["published"] is not None


def test_gold_strings_all_occur_in_clean_text() -> None:
    assert check_examples(EXAMPLES) == []


def test_shared_articles_satisfy_contract(shared_data: Path) -> None:
    path = shared_data / "articles" / "saudinewsnet_security_dev.jsonl"
    with path.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    assert articles
    for article in articles:
        doc = analyze(article["content"], title=article["title"], url=article["url"])
        problems = contract_problems(doc.to_dict())
        assert problems == [], (article["id"], problems[:3])
