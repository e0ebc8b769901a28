from __future__ import annotations

import pytest

from marsad.contract import contract_problems
from marsad.document import Document, Meta, Source, make_document_id
from marsad.errors import SpanError

TEXT = "بيروت - قال وزير الداخلية اللبناني أمس إن قوى الأمن اعتقلت خمسة أشخاص في طرابلس."


def test_span_checks_its_text() -> None:
    doc = Document(TEXT)
    span = doc.span(0, 5, by="test.v1")
    assert span.text == "بيروت" == TEXT[span.start : span.end]
    assert span.to_dict() == {"start": 0, "end": 5, "text": "بيروت", "by": "test.v1"}


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, len(TEXT) + 1)])
def test_span_outside_text_is_refused(start: int, end: int) -> None:
    with pytest.raises(SpanError):
        Document(TEXT).span(start, end)


def test_id_is_stable_and_depends_on_url_or_text() -> None:
    assert make_document_id(TEXT) == make_document_id(TEXT + "  \n")
    assert make_document_id(TEXT) != make_document_id(TEXT + " جديد")
    assert make_document_id(TEXT, "https://example.org/a") == make_document_id("نص آخر", "https://example.org/a")
    assert Document(TEXT).id == Document(TEXT).id


def test_empty_document_record_satisfies_contract() -> None:
    doc = Document(TEXT, Meta(source=Source(url="https://example.org/a")))
    assert contract_problems(doc.to_dict()) == []


def test_contract_catches_bad_span() -> None:
    record = Document(TEXT).to_dict()
    record["times"] = [{"value": None, "precision": "day", "span": {"start": 0, "end": 5, "text": "أمس"}}]
    assert any("does not match" in p for p in contract_problems(record))
