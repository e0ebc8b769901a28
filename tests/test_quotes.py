"""quotes.v1: direct, indirect and mixed quotes, speakers, addressees and bad input.

Every sentence here was written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad import analyze
from marsad.contract import contract_problems
from marsad.document import Document
from marsad.extract.quotes.marks import pair_marks

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _quotes(text: str) -> tuple[Document, list[dict[str, Any]]]:
    doc = analyze(text)
    record = doc.to_dict()
    for q in record["quotes"]:
        for key in ("content", "cue"):
            span = q[key]
            if span is not None:
                assert record["text"][span["start"]:span["end"]] == span["text"]
        if q["speaker"]["span"] is not None:
            s = q["speaker"]["span"]
            assert record["text"][s["start"]:s["end"]] == s["text"]
    return doc, record["quotes"]


def _speaker_name(doc: Document, quote: dict[str, Any]) -> str | None:
    entity = quote["speaker"]["entity"]
    if entity is None:
        return None
    return next(e.name for e in doc.entities if e.id == entity)


def _mentions(doc: Document, quote: dict[str, Any]) -> set[str]:
    entity = quote["speaker"]["entity"]
    return {m.text for e in doc.entities if e.id == entity for m in e.mentions}


@pytest.mark.parametrize("cue", ["قال", "وقال", "فقال", "أضاف", "وأضاف", "تابع", "وتابع", "ختم", "صرّح", "كتب"])
def test_direct_cue_before_forms(cue: str) -> None:
    text = f"{cue} وزير الداخلية العراقي سامي الفرطوسي: «سنلاحق كل من خطط لهذا الهجوم الجبان»."
    doc, quotes = _quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q["kind"] == "direct"
    assert q["content"]["text"] == "سنلاحق كل من خطط لهذا الهجوم الجبان"
    assert q["cue"]["text"] == cue
    assert "سامي الفرطوسي" in _mentions(doc, q)
    assert q["speaker"]["span"]["text"] == "سامي الفرطوسي"


@pytest.mark.parametrize("marks", [("«", "»"), ("“", "”"), ('"', '"'), ("'", "'")])
def test_direct_quotation_marks(marks: tuple[str, str]) -> None:
    o, c = marks
    text = f"وقالت الناشطة هدى السالم: {o}لن نغادر الساحة قبل أن تتحقق مطالبنا{c}."
    _doc, quotes = _quotes(text)
    assert [q["content"]["text"] for q in quotes] == ["لن نغادر الساحة قبل أن تتحقق مطالبنا"]
    assert quotes[0]["kind"] == "direct"


@pytest.mark.parametrize(
    ("text", "speaker_mention"),
    [
        ("«كنا نائمين عندما سمعنا الانفجار الأول»، قال المزارع سليم داود لمراسل الصحيفة.", "سليم داود"),
        ("«كنا نائمين عندما سمعنا الانفجار الأول» قال سليم داود.", "سليم داود"),
        ("وقال سليم داود في اتصال هاتفي: «كنا نائمين عندما سمعنا الانفجار الأول».", "سليم داود"),
        ("سليم داود: «كنا نائمين عندما سمعنا الانفجار الأول».", "سليم داود"),
    ],
)
def test_speaker_positions(text: str, speaker_mention: str) -> None:
    _doc, quotes = _quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q["kind"] == "direct"
    assert q["content"]["text"] == "كنا نائمين عندما سمعنا الانفجار الأول"
    assert q["speaker"]["span"]["text"] == speaker_mention


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("وأكد وزير الخارجية الأردني نادر العمري أن المملكة لن تسمح بأي تهديد لأمنها.",
         "وأكد", "المملكة لن تسمح بأي تهديد لأمنها"),
        ("وأشار المتحدث باسم الجيش إلى أن القوات استعادت السيطرة على الطريق الدولي.",
         "وأشار", "القوات استعادت السيطرة على الطريق الدولي"),
        ("قال المحافظ جميل الراوي أمس إن الحدود ستبقى مغلقة حتى نهاية الشهر.",
         "قال", "الحدود ستبقى مغلقة حتى نهاية الشهر"),
        ("ونفى المحامي سالم الدوري أن يكون موكله قد التقى أياً من المتهمين.",
         "ونفى", "يكون موكله قد التقى أياً من المتهمين"),
        ("ورأت الباحثة ليلى حداد أن الهجوم يعكس تراجع قدرات التنظيم.",
         "ورأت", "الهجوم يعكس تراجع قدرات التنظيم"),
    ],
)
def test_indirect_verbs(sentence: str, cue: str, content: str) -> None:
    _, quotes = _quotes(sentence)
    assert len(quotes) == 1
    q = quotes[0]
    assert (q["kind"], q["cue"]["text"], q["content"]["text"]) == ("indirect", cue, content)
    assert q["speaker"]["entity"] is not None


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("وبحسب مصدر أمني، فإن المهاجمين فروا باتجاه الحدود بعد الهجوم.", "وبحسب",
         "المهاجمين فروا باتجاه الحدود بعد الهجوم"),
        ("وفقاً لمصادر طبية، ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى.", "وفقاً",
         "ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى"),
        ("ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى، بحسب مصدر طبي.", "بحسب",
         "ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى"),
        ("ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى، حسبما أفاد مصدر طبي.", "حسبما",
         "ارتفع عدد الجرحى إلى عشرين شخصاً في المستشفى"),
        ("وذكرت وسائل إعلام محلية، نقلاً عن مصدر طبي، أن حالة ثلاثة من المصابين خطيرة.", "نقلاً",
         "حالة ثلاثة من المصابين خطيرة"),
    ],
)
def test_attributions(sentence: str, cue: str, content: str) -> None:
    _doc, quotes = _quotes(sentence)
    assert len(quotes) == 1
    q = quotes[0]
    assert (q["kind"], q["cue"]["text"], q["content"]["text"]) == ("indirect", cue, content)
    assert q["speaker"]["span"] is not None
    assert q["speaker"]["span"]["text"].startswith(("مصدر", "مصادر"))


def test_anonymous_source_is_an_entity() -> None:
    doc, quotes = _quotes("وقال مصدر أمني إن المشتبه به اعتقل قرب الحدود.")
    assert len(quotes) == 1
    entity = next(e for e in doc.entities if e.id == quotes[0]["speaker"]["entity"])
    assert entity.kind == "anonymous_source"
    assert quotes[0]["speaker"]["span"]["text"] == "مصدر أمني"


def test_mixed_quote_keeps_inner_marks() -> None:
    text = 'وأوضح الوزير كمال رزق أن الحكومة "لن تتراجع عن قرارها" مهما كانت الضغوط.'
    _, quotes = _quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q["kind"] == "mixed"
    assert q["content"]["text"] == 'الحكومة "لن تتراجع عن قرارها" مهما كانت الضغوط'


def test_scare_quotes_are_not_quotes() -> None:
    _, quotes = _quotes("شنّ تنظيم «داعش» هجوماً على قرية نائية، وأطلق الجيش عملية «الفجر الجديد» لملاحقة منفذيه.")
    assert quotes == []


def test_participle_continues_the_same_speaker() -> None:
    text = "وقال الخبير العسكري ماهر النجار إن الهجوم كان متوقعاً، مضيفاً أن الخلايا النائمة ما زالت نشطة."
    _doc, quotes = _quotes(text)
    assert [q["cue"]["text"] for q in quotes] == ["وقال", "مضيفاً"]
    assert quotes[0]["content"]["text"] == "الهجوم كان متوقعاً"
    assert quotes[1]["content"]["text"] == "الخلايا النائمة ما زالت نشطة"
    assert quotes[0]["speaker"]["entity"] == quotes[1]["speaker"]["entity"] is not None


@pytest.mark.parametrize("cue", ["وأضاف", "وتابع", "وختم", "وأشار"])
def test_elided_subject_takes_previous_speaker(cue: str) -> None:
    follow = "إلى أن" if cue == "وأشار" else "أن"
    text = (f"وقال رئيس البلدية وليد الصافي إن المياه عادت إلى الأحياء الشرقية. "
            f"{cue} {follow} فرق الصيانة ستعمل طوال الليل لإصلاح الأعطال.")
    doc, quotes = _quotes(text)
    assert len(quotes) == 2
    assert quotes[1]["cue"]["text"] == cue
    assert quotes[1]["speaker"]["entity"] == quotes[0]["speaker"]["entity"] is not None
    assert quotes[1]["speaker"]["span"]["text"] in _mentions(doc, quotes[0])


def test_quote_over_several_paragraphs() -> None:
    text = (
        "وقال القائد الميداني سعيد العمر في حديث مطول: «دخلنا القرية عند الفجر وكان الطريق مفخخاً.\n\n"
        "«فقدنا اثنين من رفاقنا قبل أن نصل إلى الساحة الرئيسية، لكننا لم نتراجع.\n\n"
        "«اليوم عاد الأهالي إلى بيوتهم وهذا ما يهمنا».\n\n"
        "وتعمل فرق الهندسة على تفكيك العبوات في المنطقة."
    )
    doc, quotes = _quotes(text)
    assert [q["kind"] for q in quotes] == ["direct", "direct", "direct"]
    assert [q["cue"] is None for q in quotes] == [False, True, True]
    assert quotes[0]["content"]["text"] == "دخلنا القرية عند الفجر وكان الطريق مفخخاً"
    assert quotes[2]["content"]["text"] == "اليوم عاد الأهالي إلى بيوتهم وهذا ما يهمنا"
    assert len({q["speaker"]["entity"] for q in quotes}) == 1
    assert not doc.meta.warnings


def test_addressee_outlet() -> None:
    text = "وقال الوزير كمال رزق في حديث لـ«الشرق الأوسط»: «لن نسمح بتحويل الساحات إلى مسرح للتخريب»."
    doc, quotes = _quotes(text)
    assert len(quotes) == 1
    addressee = quotes[0]["addressee"]
    assert addressee is not None
    assert next(e.name for e in doc.entities if e.id == addressee) == "الشرق الأوسط"


@pytest.mark.parametrize(
    "text",
    [
        "وقال الشاهد: «رأيت الدخان يتصاعد من السوق ثم سمعت صراخ الناس",  # never closes
        "وقال الشاهد: «رأيت الدخان «يتصاعد من السوق» ثم سمعت صراخ الناس».»",  # nested and unbalanced
        'وقال الشاهد: "رأيت الدخان يتصاعد" ثم "سمعت صراخ الناس.',  # odd number of ASCII marks
        "وقال الشاهد: رأيت الدخان» يتصاعد من السوق.",  # a closing mark alone
        "وقال الشاهد: «" + "كلام " * 10000 + "\nوفي فقرة أخرى لا علاقة لها بالاقتباس.",  # a 10,000-word quote
    ],
)
def test_bad_quotation_marks(text: str) -> None:
    doc, quotes = _quotes(text)
    paragraphs = [(m, m + len(p)) for m, p in _paragraph_spans(doc.text)]
    for q in quotes:
        start, end = q["content"]["start"], q["content"]["end"]
        assert any(ps <= start and end <= pe for ps, pe in paragraphs)
    assert any(w.startswith("quotes.v1") for w in doc.meta.warnings)
    assert contract_problems(doc.to_dict()) == []


def _paragraph_spans(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def test_pair_marks_nesting() -> None:
    text = 'قال: «أ "ب ج" د».'
    pairs, warnings = pair_marks(text)
    assert [(text[p.open], text[p.close], p.depth) for p in pairs] == [("«", "»", 0), ('"', '"', 1)]
    assert warnings == []


def test_examples_validate_and_find_gold_quotes() -> None:
    from marsad.api import analyze_paths
    from marsad.eval.gold import find_span, load_gold

    found = total = 0
    for gold_path in sorted((EXAMPLES / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        (doc,) = list(analyze_paths([str(EXAMPLES / gold["article"])]))
        assert isinstance(doc, Document)
        assert contract_problems(doc.to_dict()) == []
        for q in gold["quotes"]:
            span = find_span(doc.text, q["content"])
            assert span is not None
            total += 1
            for p in doc.quotes:
                overlap = min(p.content.end, span.end) - max(p.content.start, span.start)
                if overlap >= 0.5 * max(span.end - span.start, p.content.end - p.content.start):
                    found += 1
                    break
    assert found / total >= 0.85


@pytest.mark.parametrize("subject", ["شهود عيان", "مقرب من الحكومة", "هذه المصادر", "أحد الضباط المتقاعدين",
                                     "سكان محليون"])
def test_unnamed_source_subject_is_the_speaker_span(subject: str) -> None:
    text = f"وقع انفجار قرب السوق المركزي مساء الأحد. وقال {subject} لوسائل إعلام إن الانفجار هز المنطقة كلها.\n"
    doc, quotes = _quotes(text)
    (q,) = [q for q in quotes if "الانفجار هز" in q["content"]["text"]]
    span = q["speaker"]["span"]
    assert span is not None and span["text"].startswith(subject.split()[0])
    assert q["speaker"]["entity"] is None or _speaker_name(doc, q) is not None


def test_unnamed_source_carries_to_elided_verb() -> None:
    text = ("وقال شهود عيان إن القصف استمر طوال الليل في الحي الشرقي. "
            "وأضاف: «لم ننم حتى الصباح بسبب أصوات الانفجارات القوية».\n")
    _, quotes = _quotes(text)
    assert len(quotes) == 2
    assert all(q["speaker"]["span"] and q["speaker"]["span"]["text"].startswith("شهود") for q in quotes)


def test_verbal_noun_after_adam_is_no_cue() -> None:
    text = "وقال أحد السكان، مفضلاً عدم ذكر اسمه، إن القصف استمر ساعة كاملة في الحي.\n"
    _, quotes = _quotes(text)
    assert quotes and quotes[0]["cue"]["text"] == "وقال"


@pytest.mark.parametrize(("lead", "content"), [
    ("وحسب المصادر فإن", "اثنين من رجال المقاومة قتلوا خلال المعارك"),
    ("وبحسب مصدر في المقاومة فقد", "تقدمت المقاومة باتجاه قيادة المحور"),
])
def test_source_attribution_closed_by_fa_inna(lead: str, content: str) -> None:
    _, quotes = _quotes(f"{lead} {content}.\n")
    assert len(quotes) == 1 and quotes[0]["content"]["text"] == content
    assert quotes[0]["speaker"]["span"]["text"] in ("المصادر", "مصدر")


def test_colon_before_complementiser() -> None:
    _, quotes = _quotes("وقال: إن بعض الأحياء تعاني من نقص حاد في الخدمات.\n")
    assert len(quotes) == 1 and quotes[0]["content"]["text"] == "بعض الأحياء تعاني من نقص حاد في الخدمات"


def test_relative_clause_between_cue_and_complementiser() -> None:
    _, quotes = _quotes("وقال القيادي في الحلقة، التي يرجح أن تسجيلها تم قبل شهر، بأن الانتصارات مجرد إشاعات، "
                        "إلا أنه أفصح عن تعرض جماعته لهزائم كبيرة.\n")
    texts = [q["content"]["text"] for q in quotes]
    assert "الانتصارات مجرد إشاعات" in texts
    assert not any(t.startswith("تسجيلها") for t in texts)


def test_manner_phrase_after_quoted_term_is_no_source() -> None:
    _, quotes = _quotes("واعترف القيادي بهزائم جماعته على يد من وصفها بـ«المقاومة الخالصة»، حسب وصفه.\n")
    assert not any(q["cue"] and q["cue"]["text"] == "حسب" for q in quotes)


def test_participle_right_before_complementiser_ends_the_clause() -> None:
    _, quotes = _quotes("وقال الزعيم في رسالة إنه يرفض وقف إطلاق النار معللاً إنه لن يفيد سوى المتطرفين.\n")
    texts = [q["content"]["text"] for q in quotes]
    assert "يرفض وقف إطلاق النار" in texts
    assert "لن يفيد سوى المتطرفين" in texts
