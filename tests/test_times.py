"""The times step (times.v1): forms, resolution, Hijri dates, anaphora, bad input, the scorer."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.document import DateValue, Document, Meta
from marsad.eval.times import evaluate_times, packaged_gold
from marsad.extract.times import extract_times, time_at, times_step
from marsad.extract.times.hijri import from_gregorian, to_gregorian
from marsad.pipeline import registered_steps
from marsad.steps import DEFAULT_PIPELINE

SUNDAY = "2026-03-15"  # a Sunday


def _doc(text: str, published: str | None = SUNDAY) -> Document:
    doc = Document(text, Meta(published=DateValue(published, "day") if published else None))
    times_step(doc)
    return doc


def _found(text: str, published: str | None = SUNDAY) -> list[tuple[str, str | None, str, bool]]:
    doc = _doc(text, published)
    return [(t.span.text if t.span else "", t.value, t.precision, t.relative) for t in doc.times]


@pytest.mark.parametrize(
    ("text", "surface", "value", "precision", "relative"),
    [
        # absolute, every month family, Eastern digits
        ("وقع الانفجار في 12 نوفمبر 2015 قرب السوق.", "12 نوفمبر 2015", "2015-11-12", "day", False),
        ("وقعت الهجمات مساء 12/11/2015 في باريس.", "مساء 12/11/2015", "2015-11-12", "day", False),
        ("أعلنت الطوارئ في تشرين الثاني/نوفمبر 2015.", "تشرين الثاني/نوفمبر 2015", "2015-11", "month", False),
        ("فككت الخلية في غشت 2016 بفاس.", "غشت 2016", "2016-08", "month", False),
        ("اعتقل في جانفي 2017 بسوسة.", "جانفي 2017", "2017-01", "month", False),
        ("قصفت البلدة في ٣ آذار ٢٠١٩.", "٣ آذار ٢٠١٩", "2019-03-03", "day", False),
        ("في العام 2017 اعتقل المتهم.", "في العام 2017", "2017", "year", False),
        ("غادر إلى سوريا عام 2016.", "عام 2016", "2016", "year", False),
        ("بقي هناك حتى منتصف 2016.", "منتصف 2016", "2016", "year", False),
        ("انتقل إلى الموصل أواخر 2016.", "أواخر 2016", "2016", "year", False),
        ("تشهد البلاد منذ 2011 نزاعاً.", "منذ 2011", "2011", "year", False),
        ("نشأت الجماعة في التسعينيات.", "التسعينيات", "199", "decade", False),
        ("تصاعدت الهجمات في صيف 2014.", "صيف 2014", "2014-22", "season", False),
        # relative to the publication date (a Sunday)
        ("قال الوزير أمس إن التحقيق مستمر.", "أمس", "2026-03-14", "day", True),
        ("وقع الهجوم أول أمس.", "أول أمس", "2026-03-13", "day", True),
        ("أعلن الجيش اليوم مقتل مسلحين.", "اليوم", "2026-03-15", "day", True),
        ("زار المدينة الأسبوع الماضي.", "الأسبوع الماضي", "2026-W10", "week", True),
        ("اعتقل ثلاثة الجمعة الماضية.", "الجمعة الماضية", "2026-03-13", "day", True),
        ("اعتقل المتهم قبل ثلاثة أيام.", "قبل ثلاثة أيام", "2026-03-12", "day", True),
        ("فر السجناء منذ أسبوعين.", "منذ أسبوعين", "2026-W09", "week", True),
        ("ارتفعت الأسعار الشهر الماضي.", "الشهر الماضي", "2026-02", "month", True),
        ("تراجعت الهجمات العام الماضي.", "العام الماضي", "2025", "year", True),
        ("نفذ الهجوم في آذار الماضي.", "آذار الماضي", "2025-03", "month", True),
        ("نفذ الهجوم في كانون الثاني الماضي.", "كانون الثاني الماضي", "2026-01", "month", True),
        ("تتواصل المعارك منذ أسابيع.", "منذ أسابيع", None, "unknown", True),
        ('قال: "بدأ الهجوم في يونيو". وتابع', "يونيو", "2025-06", "month", True),  # punctuation around
        ("اعتقل (أمس) خلال عملية مباغتة.", "أمس", "2026-03-14", "day", True),
        # Hijri
        ("ولد عام 1410 هـ في الطائف.", "عام 1410 هـ", "1990", "year", False),
        ("بدأت الحملة في رمضان 1436.", "رمضان 1436", "2015-07", "month", False),
        ("صدر الحكم في 18 ذي القعدة 1447 هـ.", "18 ذي القعدة 1447 هـ", "2026-05-05", "day", False),
    ],
)
def test_forms(text: str, surface: str, value: str | None, precision: str, relative: bool) -> None:
    assert _found(text) == [(surface, value, precision, relative)]


@pytest.mark.parametrize(
    "text",
    [
        "استمرت المعارك ثلاثة أيام متتالية.",  # a duration
        "قضى عشرين عاماً في السجن.",
        "فرض حظر التجول لمدة ثلاثة أيام.",
        "يبلغ المتهم من العمر 45 عاماً.",
        "مارس الجيش ضغوطاً كبيرة.",  # مارس the verb
        "تضم المدينة 1500 منزل.",
        "نقل الجرحى إلى مستشفى 6 أكتوبر.",  # a name, not a date
        "وعد الزعيم بالنصر في عام 2999.",  # absurd years
        "كتب التاريخ عام 3015 على الجدار.",
        "وقع ذلك في 31 فبراير 2015.",  # no such day
        "صدر القرار في 12/13/2015.",  # no such month
        "",
    ],
)
def test_not_times(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("line", range(sum(1 for _ in packaged_gold().open(encoding="utf-8"))))
def test_packaged_gold_line(line: int) -> None:
    item = json.loads(packaged_gold().read_text(encoding="utf-8").splitlines()[line])
    found = _found(item["text"], item["published"])
    expected = [(t["text"], t["value"], t["precision"], t["relative"]) for t in item["times"]]
    assert [(v, p, r) for _, v, p, r in found] == [(v, p, r) for _, v, p, r in expected]
    for (got, *_), (want, *_) in zip(found, expected, strict=True):
        assert want in got or got in want


@pytest.mark.parametrize(
    ("text", "value"),
    [("عيد الفطر 2016", "2016-07-06"), ("عيد الأضحى عام 2023", "2023-06-28"), ("رأس السنة 2016", "2016-01-01")],
)
def test_holidays_with_a_year(text: str, value: str) -> None:
    assert [(t[1], t[3]) for t in _found(text)] == [(value, False)]


@pytest.mark.parametrize("anchor", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), None])
def test_extreme_anchors_do_not_break(anchor: dt.date | None) -> None:
    text = ("قبل 99999 يوم ومنذ 5000 عام، عيد الفطر المقبل ورأس السنة الهجرية والشتاء الماضي، "
            "الأسبوع المقبل وبعد 10 أيام من ذلك، العاشر من شهر صفر من العام الماضي.")
    for item in extract_times(text, anchor):
        assert 0 <= item.start < item.end <= len(text)
        assert item.value is None or item.value[:1].isdigit()


def test_spans_equal_their_text_and_are_ordered() -> None:
    text = "قال الوزير أمس الأحد إن قوات الأمن اعتقلت في 12 نوفمبر 2015 خمسة أشخاص، وفي اليوم التالي أفرج عنهم."
    doc = _doc(text)
    assert len(doc.times) == 3
    starts = [t.span.start for t in doc.times if t.span]
    assert starts == sorted(starts)
    for t in doc.times:
        assert t.span is not None and doc.text[t.span.start:t.span.end] == t.span.text
        assert t.span.by == "times.v1"
    assert doc.times[2].value == "2015-11-13"  # اليوم التالي after 12 November 2015


def test_two_months_are_two_times() -> None:
    text = "بلغت الانتهاكات 87 حالة خلال شهري حزيران وتموز (يونيو ويوليو) 2015، و40 لشهري يناير وفبراير الماضيين."
    assert [(t[1], t[3]) for t in _found(text)] == [("2015-06", False), ("2015-07", False), ("2026-01", True),
                                                     ("2026-02", True)]


def test_anaphora_follow_the_absolute_dates() -> None:
    text = ("سيطر المسلحون على البلدة في تموز 2015، ثم استعادها الجيش في كانون الأول من ذلك العام. "
            "وانتخب رئيساً في آب/أغسطس 2012، وبعد عامين استقال.")
    assert [t[1] for t in _found(text)] == ["2015-07", "2015-12", "2012-08", "2014"]


def test_no_publication_date_keeps_relative_times_without_value() -> None:
    assert _found("قال الوزير أمس إن الأسبوع الماضي شهد هجمات في 12 نوفمبر 2015.", None) == [
        ("أمس", None, "day", True), ("الأسبوع الماضي", None, "week", True),
        ("12 نوفمبر 2015", "2015-11-12", "day", False)]


def test_future_dates_are_kept_with_a_warning() -> None:
    doc = _doc("ستجرى الانتخابات في 15 يونيو 2027 وفق الجدول.")
    assert [(t.value, t.relative) for t in doc.times] == [("2027-06-15", False)]
    assert any("2027-06-15" in w and "times.v1" in w for w in doc.meta.warnings)
    doc = _doc("تجرى الانتخابات الجمعة المقبلة.")  # a relative future is what the text says: no warning
    assert doc.meta.warnings == []


def test_mod_and_calendar_reach_the_record() -> None:
    doc = _doc("بقي هناك حتى منتصف 2016 ثم عاد في 18 ذي القعدة 1447 هـ.")
    records = [t.to_dict() for t in doc.times]
    assert records[0]["mod"] == "mid" and "calendar" not in records[0]
    assert records[1]["calendar"] == "hijri" and "mod" not in records[1]


def test_long_text_without_dates_is_fast_and_empty() -> None:
    text = ("في المدينة قتل 45 شخصا وأصيب آخرون في هجوم على السوق بعد الظهر، وقال مسؤول إن ذلك لن يمر. " * 1200)[:100_000]
    assert len(text) == 100_000
    started = time.perf_counter()
    assert extract_times(text, dt.date(2026, 3, 15)) == []
    assert time.perf_counter() - started < 1.0
    plain = "كلام عادي بلا تواريخ " * 5000
    started = time.perf_counter()
    assert extract_times(plain) == []
    assert time.perf_counter() - started < 0.5


def test_time_at_picks_the_time_of_the_sentence() -> None:
    text = "قتل خمسة أمس في بغداد. واعتقل ثلاثة في 12 نوفمبر 2015 في الموصل."
    doc = Document(text, Meta(published=DateValue(SUNDAY, "day")))
    doc.sentences = [(0, text.index(".") + 1), (text.index(".") + 2, len(text))]
    times_step(doc)
    first = time_at(doc, text.index("قتل"))
    second = time_at(doc, text.index("اعتقل"))
    assert first is not None and first.value == "2026-03-14"
    assert second is not None and second.value == "2015-11-12"
    assert time_at(doc, text.index("12")) is second


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [((1447, 11, 18), dt.date(2026, 5, 5)), ((1436, 9, 1), dt.date(2015, 6, 18)),
     ((1446, 1, 1), dt.date(2024, 7, 7)), ((1444, 12, 10), dt.date(2023, 6, 28)),
     ((1200, 1, 1), dt.date(1785, 11, 4))],  # outside Umm al-Qura: the tabular calendar
)
def test_hijri_conversion(hijri: tuple[int, int, int], gregorian: dt.date) -> None:
    assert to_gregorian(*hijri) == gregorian
    assert from_gregorian(gregorian) == hijri


def test_step_is_registered_before_events() -> None:
    step = registered_steps()["times.v1"]
    assert step.assigns == frozenset({"times"})
    names = list(DEFAULT_PIPELINE)
    assert "times.v1" in names
    if "events.v1" in names:
        assert names.index("times.v1") < names.index("events.v1")


def test_scorer_on_the_packaged_gold() -> None:
    report = evaluate_times("packaged")
    total = report.total
    assert total.gold >= 80
    assert total.exact_share >= 0.95
    assert total.f1 >= 0.95


def test_scorer_on_the_examples(examples_dir: Path) -> None:
    report = evaluate_times(examples_dir)
    total = report.total
    assert total.gold >= 100
    assert total.exact_share >= 0.95
    assert report.warnings == []


def test_cli_eval_times_json() -> None:
    result = CliRunner().invoke(cli, ["eval", "times", "packaged", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"]["gold"] >= 80


@pytest.fixture
def examples_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "examples"
