"""Tests of the events step (events.v1) on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from marsad import analyze
from marsad.document import Document
from marsad.extract.events import Event, acled_for, extract_events, same_event
from marsad.extract.events.lexicon import lookup
from marsad.pipeline import build_pipeline
from marsad.steps import DEFAULT_PIPELINE

PUBLISHED = "2026-03-10"


def run(text: str, published: str | None = PUBLISHED) -> Document:
    return analyze(text, published=published)


def events(text: str, published: str | None = PUBLISHED) -> list[dict[str, Any]]:
    return [e.to_dict() for e in run(text, published).events]


def only(text: str, type_: str | None = None) -> dict[str, Any]:
    found = [e for e in events(text) if type_ is None or e["type"] == type_]
    assert found, f"no {type_ or ''} event in {text}"
    return found[0]


def entity_name(doc: Document, entity_id: str | None) -> str | None:
    return next((e.name for e in doc.entities if e.id == entity_id), None)


def test_step_is_registered_at_the_end_of_the_default_pipeline() -> None:
    assert DEFAULT_PIPELINE[-1] == "events.v1"
    assert build_pipeline().names[-1] == "events.v1"


# --- triggers through clitics and morphology ---------------------------------------------------


@pytest.mark.parametrize(("word", "type_", "mode"), [
    ("هاجموا", "ASSAULT", None),
    ("وهاجمت", "ASSAULT", None),
    ("يستهدفون", "ASSAULT", None),
    ("لمهاجمتها", "ASSAULT", None),
    ("فجّروها", "ASSAULT", "bombing"),
    ("والتفجيرات", "ASSAULT", "bombing"),
    ("انفجرت", "ASSAULT", "bombing"),
    ("اغتيلت", "ASSAULT", "assassination"),
    ("باغتيال", "ASSAULT", "assassination"),
    ("اختطفوا", "ASSAULT", "abduction"),
    ("الغارات", "ASSAULT", "airstrike"),
    ("واشتبكت", "FIGHT", "armed_clash"),
    ("المواجهات", "FIGHT", "armed_clash"),
    ("انسحبوا", "RETREAT", "withdrawal"),
    ("اعتقلته", "COERCE", "arrest"),
    ("الاعتقالات", "COERCE", "arrest"),
    ("بمداهمة", "COERCE", "raid"),
    ("وداهمت", "COERCE", "raid"),
    ("المضبوطات", "COERCE", "seizure"),
    ("توعّد", "THREATEN", "threat"),
    ("التظاهرات", "PROTEST", "demonstration"),
    ("اعتصاماً", "PROTEST", "sit_in"),
    ("بتعزيزات", "MOBILIZE", "troop_deployment"),
])
def test_lexicon_matches_inflected_and_cliticised_forms(word: str, type_: str, mode: str | None) -> None:
    from marsad.arabic import normalize_word, token_norm

    sense = lookup(token_norm(word)) or lookup(normalize_word(word))
    if sense is None:  # the clitic stripper cut a root letter: the step retries the full word
        doc = run(f"قال مصدر إن المسلحين {word} الموقع أمس.")
        assert any(e.type == type_ for e in doc.events)
        return
    assert (sense.type, sense.mode) == (type_, mode)


@pytest.mark.parametrize(("text", "type_", "mode", "trigger"), [
    ("هاجم مسلحون مجهولون حاجزاً للجيش قرب مدينة الرمادي أمس.", "ASSAULT", None, "هاجم"),
    ("انفجرت سيارة مفخخة في سوق شعبي وسط مدينة كركوك.", "ASSAULT", "car_bombing", "انفجرت"),
    ("فجّر انتحاري حزامه الناسف داخل مسجد في مدينة بيشاور.", "ASSAULT", "suicide_bombing", "فجّر"),
    ("شنت طائرات حربية غارات على مواقع في ريف إدلب.", "ASSAULT", "airstrike", "غارات"),
    ("أطلق مسلحون النار على دورية للشرطة في مدينة الموصل.", "ASSAULT", "shooting", "أطلق"),
    ("سقطت قذائف هاون على حي سكني في مدينة حلب.", "ASSAULT", "shelling", "سقطت"),
    ("اختطف مسلحون مهندسين أتراكاً على طريق مدينة سرت.", "ASSAULT", "abduction", "اختطف"),
    ("اندلعت اشتباكات عنيفة بين الجيش والمسلحين في مدينة درنة.", "FIGHT", "armed_clash", "اشتباكات"),
    ("اعتقلت قوات الأمن ثلاثة أشخاص في مدينة البصرة.", "COERCE", "arrest", "اعتقلت"),
    ("ألقت الشرطة القبض على أربعة مشتبه بهم في مدينة طنجة.", "COERCE", "arrest", "القبض"),
    ("داهمت قوة أمنية منزلاً في مدينة الزرقاء فجر اليوم.", "COERCE", "raid", "داهمت"),
    ("تظاهر آلاف الطلاب في مدينة الجزائر احتجاجاً على القانون.", "PROTEST", "demonstration", "تظاهر"),
    ("نفذ العمال اعتصاماً أمام مقر الوزارة في مدينة عمان.", "PROTEST", "sit_in", "اعتصاماً"),
    ("أعلنت قيادة الجيش رفع حالة التأهب في مدينة بغداد.", "MOBILIZE", "alert", "رفع حالة التأهب"),
    ("انسحب المسلحون من بلدة تل أبيض بعد أسبوع.", "RETREAT", "withdrawal", "انسحب"),
])
def test_types_modes_and_triggers(text: str, type_: str, mode: str | None, trigger: str) -> None:
    event = only(text, type_)
    assert event["mode"] == mode
    assert event["trigger"]["text"] == trigger
    assert event["acled"] == acled_for(type_, mode)


def test_violent_and_security_events_have_acled() -> None:
    for event in events("فجّر انتحاري نفسه في مدينة كابول. واعتقلت الشرطة شخصين. وتظاهر المئات في كابول."):
        assert event["acled"] is not None, event


def test_no_event_in_plain_text_and_no_event_without_trigger() -> None:
    assert events("افتتح وزير التعليم مدرسة جديدة في مدينة إربد وسط حضور الأهالي.") == []
    doc = run("وقع هجوم على قافلة في مدينة الرمادي. وقال الجيش إن الهجوم أسفر عن مقتل جنديين.")
    for event in doc.events:
        assert event.trigger.text and doc.text[event.trigger.start:event.trigger.end] == event.trigger.text


@pytest.mark.parametrize("text", [
    "انطلقت المباراة عند الفجر في الملعب.",
    "وصلت القافلة فجر اليوم إلى المدينة.",
    "دعا الوزير إلى ضبط النفس وعدم التصعيد.",
])
def test_lookalikes_are_not_events(text: str) -> None:
    assert [e["type"] for e in events(text) if e["type"] in ("ASSAULT", "COERCE")] == []


# --- modality and reference ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "type_", "modality"), [
    ("قتل مسلحون ثلاثة جنود في هجوم على حاجز قرب مدينة الفلوجة.", "ASSAULT", "asserted"),
    ("نفت وزارة الدفاع أن تكون طائراتها قد شنت غارة على القرية.", "ASSAULT", "denied"),
    ("كان أفراد الخلية يخططون لتفجير عبوات ناسفة في مدينة عمان.", "ASSAULT", "planned"),
    ("أحبطت الأجهزة الأمنية هجوماً كان يستهدف كنيسة في مدينة الإسكندرية.", "ASSAULT", "planned"),
    ("دعا التنظيم أنصاره إلى مهاجمة السجون في العراق.", "THREATEN", "called_for"),
    ("هدد التنظيم بشن هجمات جديدة على القوات الحكومية.", "THREATEN", "threatened"),
    ("لم يتعرض المبنى لأي هجوم خلال الليلة الماضية.", "ASSAULT", "negated"),
    ("إذا استمر الحصار فقد يهاجم المسلحون المدينة.", "ASSAULT", "hypothetical"),
    ("رفعت الشرطة درجة التأهب تحسباً لهجمات محتملة.", "MOBILIZE", "asserted"),
])
def test_modality(text: str, type_: str, modality: str) -> None:
    assert only(text, type_)["modality"] == modality


def test_threat_absorbs_the_attack_it_threatens() -> None:
    found = events("هدد التنظيم بشن هجمات جديدة على القوات الحكومية في مدينة الأنبار.")
    assert [e["type"] for e in found] == ["THREATEN"]


@pytest.mark.parametrize(("text", "reference"), [
    ("قتل مسلحون خمسة أشخاص في هجوم على مقهى في مدينة الموصل أمس.", "current"),
    ("ويعيد الهجوم إلى الأذهان التفجير الذي ضرب السوق نفسه قبل سنوات.", "background"),
    ("وفي العام 2015 فجّر انتحاري نفسه في مسجد بمدينة الكويت.", "background"),
])
def test_reference(text: str, reference: str) -> None:
    assert events(text)[-1]["reference"] == reference


# --- casualties, sizes and warnings ------------------------------------------------------------


@pytest.mark.parametrize(("text", "dead", "injured"), [
    ("أسفر انفجار سيارة مفخخة عن مقتل 12 شخصاً وإصابة 30 آخرين في مدينة الحلة.", 12, 30),
    ("أسفر الهجوم عن مقتل ثلاثة عشر شخصاً وإصابة عشرين آخرين في مدينة تكريت.", 13, 20),
    ("قتل ١٥ شخصاً وجرح ٤٠ في تفجير استهدف سوقاً في مدينة بعقوبة.", 15, 40),
    ("قتل جنديان وأصيب ثلاثة آخرون في هجوم على حاجز في مدينة العريش.", 2, 3),
    ("أسفر التفجير عن سقوط عشرات القتلى والجرحى في مدينة كويتا.", None, None),
    ("قتل 7 أشخاص على الأقل في غارة جوية على بلدة في ريف حماة.", 7, None),
])
def test_casualties(text: str, dead: int | None, injured: int | None) -> None:
    event = only(text, "ASSAULT")
    assert (event["dead"], event["injured"]) == (dead, injured)


def test_sizes() -> None:
    assert only("اعتقلت الشرطة خمسة أشخاص في مدينة وجدة.", "COERCE")["size"] == 5
    assert only("اعتقلت الشرطة عشرات الأشخاص في مدينة وجدة.", "COERCE")["size"] is None


def test_absurd_and_contradictory_counts_are_kept_with_a_warning() -> None:
    doc = run("قتل 5000000 شخص في انفجار في مدينة الحلة.")
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert event.dead == 5000000
    assert any("implausible" in w for w in doc.meta.warnings)
    doc = run("أسفر انفجار عن مقتل 10 أشخاص في مدينة الحلة. وقال مصدر طبي إن الانفجار أسفر عن مقتل 12 شخصاً.")
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert event.dead == 12
    assert any("contradictory" in w for w in doc.meta.warnings)


def test_future_date_is_kept_with_a_warning() -> None:
    doc = run("انفجرت عبوة ناسفة في مدينة الرمادي في 20 آب 2031.", published="2026-03-10")
    assert doc.events
    assert all(isinstance(e, Event) for e in doc.events)


# --- arguments ------------------------------------------------------------------------------


def test_actor_target_place_and_date() -> None:
    doc = run("بغداد - اعتقلت قوات الأمن العراقية خمسة أشخاص في مدينة البصرة.")
    event = next(e for e in doc.events if e.type == "COERCE")
    assert entity_name(doc, event.actors[0]) is not None
    assert "البصرة" in (entity_name(doc, event.place) or "")
    assert event.date is not None and event.date.value == PUBLISHED


def test_unnamed_attackers_become_entities() -> None:
    doc = run("اغتال مسلحون مجهولون ضابطاً في الشرطة في مدينة درعا.")
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert event.actors
    assert "مسلحون" in (entity_name(doc, event.actors[0]) or "")


def test_claim_of_responsibility() -> None:
    doc = run("فجّر انتحاري نفسه في سوق بمدينة الرقة. وتبنى تنظيم داعش الهجوم في بيان.")
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert event.claimed_by is not None
    assert len(doc.events) == 1 or all(e.type != "ASSAULT" for e in doc.events[1:])


def test_according_to_sets_reported_by() -> None:
    doc = run("قتل ثلاثة أشخاص في غارة على بلدة سراقب، بحسب المرصد السوري لحقوق الإنسان.")
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert "المرصد" in (entity_name(doc, event.reported_by) or "")


# --- one event, many mentions ---------------------------------------------------------------


def test_mentions_of_one_event_are_merged() -> None:
    doc = run("انفجرت سيارة مفخخة في مدينة الحلة أمس. وقال مسؤول إن الانفجار أسفر عن مقتل 9 أشخاص. "
              "ولم تعلن أي جهة مسؤوليتها عن الهجوم.")
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert [m.text for m in assaults[0].mentions] == ["الانفجار", "الهجوم"]
    assert assaults[0].dead == 9


# --- spans and the contract -------------------------------------------------------------------


def test_every_span_equals_its_text() -> None:
    from marsad.document import iter_spans

    record = run("بغداد - فجّر انتحاري نفسه في سوق شعبي، ما أسفر عن مقتل 20 شخصاً. "
                 "واعتقلت الشرطة لاحقاً شخصين. وتبنى تنظيم داعش التفجير.").to_dict()
    for span in iter_spans(record):
        assert record["text"][span["start"]:span["end"]] == span["text"]


def test_examples_output_is_valid() -> None:
    from pathlib import Path

    from marsad.api import analyze_article
    from marsad.contract import contract_problems
    from marsad.ingest import iter_articles

    root = Path(__file__).resolve().parents[1] / "examples"
    for path in sorted(root.glob("*.txt"))[:4]:
        article = next(iter(iter_articles([str(path)])))
        doc = analyze_article(article)  # type: ignore[arg-type]
        assert contract_problems(doc.to_dict()) == [], path.name
        assert doc.events


def test_bad_input_never_crashes() -> None:
    for text in ["", "قتل", "قتل قتل قتل 99999999999 اعتقال", "هجوم " * 500, "٫٫٫ ١٢٣ مقتل ؟"]:
        doc = Document(text)
        doc.tokens = []
        assert extract_events(doc) == []
        run(text or "نص")


# --- the same event across articles -------------------------------------------------------------


def _first(record: dict[str, Any], type_: str) -> dict[str, Any]:
    return next(e for e in record["events"] if e["type"] == type_)


def test_same_event_across_articles() -> None:
    a = run("بغداد - انفجرت سيارة مفخخة في مدينة الحلة أمس، ما أسفر عن مقتل 12 شخصاً.", "2026-03-10").to_dict()
    b = run("قالت الشرطة العراقية إن انفجار سيارة مفخخة في مدينة الحلة أدى إلى مقتل 14 شخصاً.",
            "2026-03-09").to_dict()
    c = run("انفجرت سيارة مفخخة في مدينة البصرة أمس، ما أسفر عن مقتل 12 شخصاً.", "2026-03-10").to_dict()
    d = run("انفجرت سيارة مفخخة في مدينة الحلة، ما أسفر عن مقتل 12 شخصاً.", "2026-06-10").to_dict()
    e = run("اعتقلت الشرطة خمسة أشخاص في مدينة الحلة أمس.", "2026-03-10").to_dict()
    ea, eb, ec, ed = (_first(r, "ASSAULT") for r in (a, b, c, d))
    assert same_event((ea, a), (eb, b))
    assert same_event((eb, b), (ea, a))
    assert not same_event((ea, a), (ec, c))  # another city
    assert not same_event((ea, a), (ed, d))  # three months later
    assert not same_event((ea, a), (_first(e, "COERCE"), e))  # another type


def test_same_event_on_plain_dicts() -> None:
    rec_a = {"meta": {"published": {"value": "2026-01-05", "precision": "day"}},
             "entities": [{"id": "e1", "name": "داعش", "kb_id": "Q2429253", "kind": "armed_group"}]}
    rec_b = {"meta": {"published": {"value": "2026-01-06", "precision": "day"}},
             "entities": [{"id": "e7", "name": "تنظيم الدولة", "kb_id": "Q2429253", "kind": "armed_group"}]}
    ev_a = {"type": "ASSAULT", "mode": "suicide_bombing", "actors": ["e1"], "place": None, "date": None,
            "reference": "current"}
    ev_b = {"type": "ASSAULT", "mode": "bombing", "actors": ["e7"], "place": None,
            "date": {"value": "2026-01-05", "precision": "day"}, "reference": "current"}
    assert same_event((ev_a, rec_a), (ev_b, rec_b))
    assert not same_event((ev_a, rec_a), ({**ev_b, "mode": "airstrike"}, rec_b))
    assert not same_event((ev_a, rec_a), ({**ev_b, "actors": []}, rec_b))  # nothing ties them
