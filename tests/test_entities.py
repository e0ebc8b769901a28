"""Entity steps: KB and pattern mentions, clustering, ids, romanisation, and the example gold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.arabic import split_sentences, tokenize
from marsad.arabic.romanize import romanize, transliterate_simple
from marsad.document import Document, Entity
from marsad.extract.entities import kb_mentions_step, link_step, make_kb_id, pattern_mentions_step
from marsad.extract.entities.patterns import find_pattern_mentions
from marsad.kb.model import KBEntry, KnowledgeBase

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _kb() -> KnowledgeBase:
    return KnowledgeBase.from_entries(
        [
            KBEntry("Q2429253", "ORG", "داعش", "Islamic State", "armed_group", ("تنظيم الدولة الإسلامية",)),
            KBEntry("Q796", "GPE", "العراق", "Iraq", "country", (), "IQ", 33.0, 44.0, 99237, "country", 40_000_000),
            KBEntry("Q822", "GPE", "لبنان", "Lebanon", "country", (), "LB", 33.9, 35.8, 272103, "country", 5_000_000),
            KBEntry("Q1016", "GPE", "ليبيا", "Libya", "country", (), "LY", 27.0, 17.0, 2215636, "country", 7_000_000),
            KBEntry("geonames:266826", "GPE", "طرابلس", "Tripoli (Lebanon)", "city", (), "LB", 34.44, 35.85, 266826,
                    "city", 229_398),
            KBEntry("geonames:2210247", "GPE", "طرابلس", "Tripoli (Libya)", "city", (), "LY", 32.89, 13.19, 2210247,
                    "city", 1_150_989),
            KBEntry("geonames:98182", "GPE", "بغداد", "Baghdad", "city", (), "IQ", 33.34, 44.40, 98182, "city",
                    7_216_000),
        ]
    )


def _analyse(text: str, kb: KnowledgeBase | None = None) -> Document:
    kb = kb if kb is not None else _kb()
    doc = Document(text)
    doc.sentences = split_sentences(text)
    doc.tokens = tokenize(text)
    kb_mentions_step(doc, kb)
    pattern_mentions_step(doc)
    link_step(doc, kb)
    return doc


def _entity_of(doc: Document, surface: str) -> Entity:
    for entity in doc.entities:
        if any(m.text == surface for m in entity.mentions):
            return entity
    raise AssertionError(f"no entity has a mention {surface!r}: {[e.name for e in doc.entities]}")


def _assert_spans(doc: Document) -> None:
    for entity in doc.entities:
        for mention in entity.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
            assert mention.text == mention.text.strip()
            assert not re.match(r"^[«»\"“”(),.،:؛]", mention.text)


def test_kb_mentions_exclude_proclitics() -> None:
    doc = _analyse("أعلن الجيش أن خلايا تابعة لداعش تنشط وبالعراق منذ سنوات، وأن داعش خسر مواقعه.")
    isis = _entity_of(doc, "داعش")
    assert [m.text for m in isis.mentions] == ["داعش", "داعش"]
    assert isis.kb_id == "Q2429253"
    assert isis.name_en == "Islamic State"
    iraq = _entity_of(doc, "العراق")
    assert iraq.type == "GPE" and iraq.geo is not None and iraq.geo["country"] == "IQ"
    start = doc.text.index("وبالعراق")
    assert [(m.start, m.end) for m in iraq.mentions] == [(start + 2, start + len("وبالعراق"))]
    _assert_spans(doc)


def test_role_noun_linked_to_name_given_later_and_earlier() -> None:
    text = (
        "بغداد - قال وزير الدفاع العراقي خالد السامرائي إن القوات استعادت السيطرة على المنطقة. "
        "وأكد الوزير أن العمليات مستمرة. "
        "وتوعد المتحدث باسم التنظيم، الذي عرّف نفسه باسم أبو خالد الشامي، بشن هجمات جديدة."
    )
    doc = _analyse(text)
    minister = _entity_of(doc, "خالد السامرائي")
    assert {m.text for m in minister.mentions} >= {"وزير الدفاع العراقي", "خالد السامرائي", "الوزير"}
    assert "وزير الدفاع العراقي" in minister.roles
    assert minister.type == "PER" and minister.kb_id is not None
    spokesman = _entity_of(doc, "أبو خالد الشامي")
    assert "المتحدث باسم التنظيم" in {m.text for m in spokesman.mentions}
    assert spokesman is not minister
    _assert_spans(doc)


def test_surname_short_form_joins_the_full_name() -> None:
    text = "وقال العميد سامر الحداد إن الهجوم فشل. وأضاف الحداد أن التحقيق بدأ، فيما أكد الحداد وقوع إصابات."
    doc = _analyse(text)
    person = _entity_of(doc, "سامر الحداد")
    assert [m.text for m in person.mentions] == ["سامر الحداد", "الحداد", "الحداد"]
    assert person.name == "سامر الحداد"
    assert "العميد" in person.roles


def test_org_short_form_refers_to_the_group() -> None:
    text = "تبنى تنظيم داعش الهجوم على بغداد. وقال التنظيم في بيان إن مقاتليه عادوا سالمين، لكن التنظيم لم يقدم دليلاً."
    doc = _analyse(text)
    isis = _entity_of(doc, "التنظيم")
    assert isis.kb_id == "Q2429253"
    assert sum(m.text == "التنظيم" for m in isis.mentions) == 2
    assert any("داعش" in m.text for m in isis.mentions)


def test_anonymous_source_is_its_own_entity() -> None:
    text = (
        "وقال مصدر أمني، طلب عدم الكشف عن اسمه، إن المهاجمين فروا. "
        "وأضاف المصدر أن قوة خاصة تلاحقهم، فيما قال مسؤول عراقي إن الوضع تحت السيطرة."
    )
    doc = _analyse(text)
    source = _entity_of(doc, "مصدر أمني")
    assert source.kind == "anonymous_source"
    assert source.kb_id is None
    assert [m.text for m in source.mentions] == ["مصدر أمني", "المصدر"]
    assert all(m.kind == "nominal" for m in source.mentions)
    official = _entity_of(doc, "مسؤول عراقي")
    assert official is not source and official.kind == "anonymous_source"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("بيروت - اعتقلت قوى الأمن في لبنان خمسة أشخاص في طرابلس شمال البلاد.", "LB"),
        ("أعلنت حكومة الوحدة في ليبيا أن الاشتباكات في طرابلس توقفت.", "LY"),
    ],
)
def test_place_disambiguation_by_article_countries(text: str, country: str) -> None:
    doc = _analyse(text)
    tripoli = _entity_of(doc, "طرابلس")
    assert tripoli.geo is not None and tripoli.geo["country"] == country
    assert tripoli.kb_id == ("geonames:266826" if country == "LB" else "geonames:2210247")
    assert tripoli.kind == "city"


def test_kb_id_stable_across_articles() -> None:
    first = _analyse("قال الباحث في مركز النهرين للدراسات الاستراتيجية حيدر الموسوي إن الخطر قائم.")
    second = _analyse("وحذر حيدر الموسوي، الباحث في مركز النهرين للدراسات الاستراتيجية، من تصعيد جديد في بغداد.")
    for surface in ("حيدر الموسوي", "مركز النهرين للدراسات الاستراتيجية"):
        a, b = _entity_of(first, surface), _entity_of(second, surface)
        assert a.kb_id is not None and a.kb_id == b.kb_id
        assert a.kb_id == make_kb_id(a.name, a.type)
    researcher = _entity_of(second, "حيدر الموسوي")
    assert "الباحث في مركز النهرين للدراسات الاستراتيجية" in {m.text for m in researcher.mentions}


def test_every_span_equals_its_text_on_a_messy_sentence() -> None:
    text = "وقالت «وكالة الأنباء» لـ«داعش»: (رويترز) - وللعراقيين، وبالعراق؛ و\"داعش\"… ولطرابلس!"
    doc = _analyse(text)
    _assert_spans(doc)
    for mention in find_pattern_mentions(doc):
        assert doc.text[mention.start : mention.end] == mention.text


def test_without_a_knowledge_base_names_still_cluster() -> None:
    doc = _analyse("أعلنت وزارة الداخلية العراقية اعتقال خمسة. وقالت الوزارة إن التحقيق مستمر.", KnowledgeBase())
    ministry = _entity_of(doc, "وزارة الداخلية العراقية")
    assert [m.text for m in ministry.mentions] == ["وزارة الداخلية العراقية", "الوزارة"]
    assert ministry.type == "ORG" and ministry.kind == "government"
    assert ministry.kb_id == make_kb_id("وزارة الداخلية العراقية", "ORG")


def test_romanize_gives_latin_output() -> None:
    for name in ("عادل الحسناوي", "بغداد", "وزارة الداخلية"):
        latin = romanize(name)
        assert latin and not re.search(r"[\u0600-\u06ff]", latin)
        assert re.search(r"[A-Za-z]", latin)
    assert romanize("Reuters") == "Reuters"
    fallback = transliterate_simple("الحسناوي")
    assert fallback.startswith("al-") and not re.search(r"[\u0600-\u06ff]", fallback)


def test_examples_meet_the_entity_targets() -> None:
    from marsad.eval.entities import evaluate_entities, format_report

    report = evaluate_entities(EXAMPLES)
    summary = format_report(report)
    assert report.documents == 12, summary
    assert report.recall >= 0.90, summary
    assert report.linking >= 0.90, summary
