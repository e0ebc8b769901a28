"""marsad.ingest: cleaning, dates, encodings, HTML extraction and the readers' error handling.

Every input is composed here or under tests/fixtures/ingest/; shared data is only read by the
test marked ``shared_data``.
"""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import DateValue
from marsad.errors import (
    BinaryInput,
    DecodingError,
    EmptyInput,
    InputError,
    InputNotFound,
    InputTooLarge,
    NoArticleBody,
    NotArabic,
    UnsupportedFormat,
)
from marsad.ingest import (
    Article,
    article_from_text,
    clean_text,
    decode_bytes,
    extract_html,
    iter_articles,
    parse_date,
)
from marsad.ingest.agencies import agency_name
from marsad.ingest.clean import tidy_lines
from marsad.ingest.months import month_number
from marsad.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED_DATA = Path(__file__).parents[1] / ".." / "shared" / "data"

TITLE = "مقتل خمسة أشخاص في غارة على جنوب لبنان"
BODY1 = "قال مسؤولون محليون إن خمسة أشخاص قتلوا في غارة استهدفت منزلا في بلدة حدودية جنوب لبنان يوم الأحد."
BODY2 = "وأضاف المسؤولون أن فرق الدفاع المدني تواصل البحث عن مفقودين تحت الأنقاض منذ ساعات الصباح."
ARTICLE = f"{TITLE}\n{BODY1}\n{BODY2}\n"
# Invalid UTF-8 that no code page turns into words (and whose first bytes mimic a UTF-16 mark).
GARBAGE = b"\xff\xfe\xfd\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 40
ENGLISH = (
    "The finance minister said on Sunday that the government would send the new budget to parliament "
    "within two weeks, after a cabinet session that lasted more than eight hours."
)


def one(items: list[Article | InputError]) -> Article:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), item
    return item


def read(paths: list[str], **kwargs: Any) -> list[Article | InputError]:
    return list(iter_articles(paths, **kwargs))


def write(path: Path, content: str | bytes) -> str:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


# --- clean_text ------------------------------------------------------------------------------


def test_seed_case() -> None:
    raw = (
        "Sorry, you need to enable JavaScript to visit this website.\n"
        f"{TITLE}\n{BODY1}\n{BODY2}\n"
        "© The Independent\n"
        "المزيد من الشرق الأوسط\n"
    )
    cleaned = clean_text(raw)
    debris = [
        "Sorry, you need to enable JavaScript to visit this website.",
        "© The Independent",
        "المزيد من الشرق الأوسط",
    ]
    assert cleaned.removed == debris
    for line in debris:
        assert line not in cleaned.text
    assert "The Independent" in cleaned.credits
    assert cleaned.title == TITLE
    assert cleaned.text == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize(
    "debris",
    [
        "Sorry, you need to enable JavaScript to visit this website.",
        "Please enable JavaScript to view the comments.",
        "الرجاء تفعيل جافا سكريبت لعرض هذه الصفحة",
        "يرجى تفعيل الجافاسكربت في متصفحك",
        "This website uses cookies to improve your experience.",
        "We use cookies to personalise content and ads.",
        "Accept all cookies",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.",
        "نستخدم ملفات تعريف الارتباط (الكوكيز) لتقديم أفضل تجربة",
        "© 2026 أخبار المرصد",
        "(c) 2024 Example News",
        "جميع الحقوق محفوظة لموقع المرصد 2026",
        "All rights reserved.",
        "Copyright 2025 Example Media",
        "المزيد من الشرق الأوسط",
        "اقرأ أيضاً: الجيش يعلن حالة التأهب",
        "اقرأ أيضا: الجيش يعلن حالة التأهب",
        "شاهد أيضاً: فيديو من موقع الغارة",
        "مواضيع ذات صلة",
        "أخبار ذات صلة",
        "تابعونا على فيسبوك وتويتر",
        "شارك هذا الخبر: فيسبوك تويتر واتساب",
        "فيسبوك تويتر واتساب",
        "Share on Facebook",
        "Share this article: Facebook | Twitter | Email",
        "Read more: Budget talks stall",
        "الأكثر قراءة",
        "إعلان",
        "Advertisement",
        "الكلمات المفتاحية: لبنان، غارة",
    ],
)
def test_boilerplate_lines_are_dropped_and_recorded(debris: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{BODY1}\n  {debris}  \n{BODY2}")
    assert cleaned.removed == [debris]
    assert debris not in cleaned.text
    assert cleaned.text == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "المزيد من القتلى سقطوا أمس في اشتباكات متفرقة بحسب مصادر محلية في المنطقة.",
        "وقالت الشركة إن الموقع يطلب من الزوار تفعيل جافا سكريبت وقبول ملفات تعريف الارتباط قبل التصفح.",
        "وأكد المحامي أن جميع الحقوق محفوظة للمودعين ولن تمس بموجب القانون الجديد.",
        "شارك مئات المحتجين في مسيرة جابت شوارع العاصمة للمطالبة بالإفراج عن المعتقلين.",
        "شارك عشرات من مستخدمي فيسبوك وتويتر في حملة للتضامن مع الضحايا.",
        "The company said visitors who enable JavaScript and accept cookies will see the new page.",
    ],
)
def test_body_sentences_mentioning_debris_words_are_kept(sentence: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{BODY1}\n{sentence}")
    assert cleaned.removed == []
    assert sentence in cleaned.text


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("الأحد 15 آذار/مارس 2026", "2026-03-15"),
        ("15 مارس 2026", "2026-03-15"),
        ("2026-03-15", "2026-03-15"),
        ("١٥ مارس ٢٠٢٦", "2026-03-15"),
        ("الخميس، 12 نوفمبر/تشرين الثاني 2026", "2026-11-12"),
        ("نشر في: 3 جويلية 2025 - 10:30", "2025-07-03"),
    ],
)
def test_title_and_date_line(line: str, value: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{line}\n{BODY1}\n{BODY2}")
    assert cleaned.title == TITLE
    assert cleaned.published == DateValue(value, "day")
    assert line not in cleaned.text
    assert TITLE not in cleaned.text
    assert cleaned.text == f"{BODY1}\n\n{BODY2}"


def test_date_line_before_the_title() -> None:
    cleaned = clean_text(f"15 مارس 2026\n{TITLE}\n{BODY1}")
    assert (cleaned.title, cleaned.published) == (TITLE, DateValue("2026-03-15", "day"))
    assert cleaned.text == BODY1


@pytest.mark.parametrize(
    "first",
    [
        BODY1,  # ends with a full stop
        "بيروت - (رويترز) - قال مسؤولون إن خمسة أشخاص قتلوا",  # a dateline
        "15 مارس 2026",  # a date, not a headline
    ],
)
def test_no_title_when_the_first_line_is_not_heading_like(first: str) -> None:
    cleaned = clean_text(f"{first}\n{BODY2}")
    assert cleaned.title is None
    assert BODY2 in cleaned.text


def test_a_lone_line_is_body_not_title() -> None:
    cleaned = clean_text("خبر عاجل من بيروت عن الغارة")
    assert cleaned.title is None
    assert cleaned.text == "خبر عاجل من بيروت عن الغارة"


def test_known_title_repeated_in_the_text_is_dropped_once() -> None:
    cleaned = clean_text(ARTICLE, title=TITLE)
    assert cleaned.title is None
    assert cleaned.text == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("متظاهرون في ساحة الشهداء وسط بيروت (رويترز)", "Reuters"),
        ("عناصر من الدفاع المدني في موقع الغارة (أ ف ب)", "AFP"),
        ("عناصر من الدفاع المدني في موقع الغارة (أ.ف.ب)", "AFP"),
        ("الرئيس خلال المؤتمر الصحفي (أ ب)", "AP"),
        ("المستشار الألماني في برلين (د ب أ)", "dpa"),
        ("جنود أتراك على الحدود (الأناضول)", "Anadolu Agency"),
        ("Protesters in central Beirut (Reuters)", "Reuters"),
        ("Protesters in central Beirut (AFP)", "AFP"),
        ("لاعبو المنتخب بعد المباراة (Getty)", "Getty Images"),
        ("سفينة في ميناء الحديدة (إ ب أ)", "EPA"),
        ("جانب من الدمار في المدينة (رويترز/ أرشيفية)", "Reuters"),
        ("جانب من الدمار في المدينة. تصوير: أ ف ب", "AFP"),
    ],
)
def test_caption_credits(caption: str, credit: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{caption}\n{BODY1}")
    assert cleaned.credits == [credit]
    assert caption in cleaned.text  # captions stay in the text


@pytest.mark.parametrize(
    ("dateline", "credit"),
    [
        ("بيروت - (رويترز) - ", "Reuters"),
        ("القاهرة (أ ف ب) - ", "AFP"),
        ("واشنطن - أ ب: ", "AP"),
        ("BEIRUT (Reuters) - ", "Reuters"),
        ("أنقرة - الأناضول - ", "Anadolu Agency"),
        ("الرباط - (و م ع) - ", "MAP"),
    ],
)
def test_dateline_credits(dateline: str, credit: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{dateline}{BODY1}")
    assert cleaned.credits == [credit]


def test_dateline_without_agency_adds_no_credit() -> None:
    assert clean_text(f"{TITLE}\nبيروت - {BODY1}").credits == []


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("© The Independent", "The Independent"),
        ("© Reuters 2026", "Reuters"),
        ("© جميع الحقوق محفوظة لوكالة رويترز", "Reuters"),
        ("(c) 2024 BBC", "BBC"),
        ("جميع الحقوق محفوظة © 2026 الجزيرة", "Al Jazeera"),
    ],
)
def test_copyright_credits(line: str, credit: str) -> None:
    cleaned = clean_text(f"{TITLE}\n{BODY1}\n{line}")
    assert cleaned.credits == [credit]
    assert cleaned.removed == [line]


def test_copyright_without_an_outlet_adds_no_credit() -> None:
    assert clean_text(f"{TITLE}\n{BODY1}\n© 2026 جميع الحقوق محفوظة").credits == []


def test_credits_are_deduplicated_in_order_of_appearance() -> None:
    raw = (
        f"{TITLE}\nبيروت - (رويترز) - {BODY1}\nصورة من موقع الغارة (أ ف ب)\n"
        f"{BODY2}\nصورة أخرى (رويترز)\n© Reuters 2026"
    )
    assert clean_text(raw).credits == ["Reuters", "AFP"]


def test_whitespace_is_tidied_and_arabic_is_untouched() -> None:
    vocalised = "قَالَ الوزيـــر إنّ الحكومةَ ستُقدِّم استقالتها."
    raw = f"\ufeff{TITLE}\r\n\r\n   {vocalised}\u00a0\u00a0 وأضاف\t\tأن  القرار نهائي.  \r\n\n\n{BODY2}\u200f"
    cleaned = clean_text(raw)
    assert cleaned.title == TITLE
    assert cleaned.text == f"{vocalised} وأضاف أن القرار نهائي.\n\n{BODY2}"


def test_agency_table_spellings() -> None:
    assert {agency_name(s) for s in ("أ ف ب", "أ.ف.ب", "ا ف ب", "AFP", "فرانس برس")} == {"AFP"}
    assert agency_name("وكالة لا نعرفها") is None


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2015-08-08 06:55:08", "2015-08-08", "day"),
        ("2026-03-15T10:00:00+03:00", "2026-03-15", "day"),
        ("2020-12-25T01:59:50+02:00", "2020-12-25", "day"),  # the publisher's day, not UTC's
        ("2026-03-15", "2026-03-15", "day"),
        ("2026-03", "2026-03", "month"),
        ("2026", "2026", "year"),
        ("الأحد 15 آذار/مارس 2026", "2026-03-15", "day"),
        ("الأحد 15 مارس/آذار 2026", "2026-03-15", "day"),
        ("15 مارس 2026", "2026-03-15", "day"),
        ("١٥ مارس ٢٠٢٦", "2026-03-15", "day"),
        ("الخميس، 12 نوفمبر/تشرين الثاني 2026", "2026-11-12", "day"),
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "2020-10-07", "day"),
        ("الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24", "day"),
        ("1 كانون الثاني 2020", "2020-01-01", "day"),
        ("31 كانون الأول 2020", "2020-12-31", "day"),
        ("3 شباط 2021", "2021-02-03", "day"),
        ("9 أيار 2021", "2021-05-09", "day"),
        ("4 فيفري 2021", "2021-02-04", "day"),
        ("7 أفريل 2019", "2019-04-07", "day"),
        ("8 ماي 2018", "2018-05-08", "day"),
        ("3 جوان 2017", "2017-06-03", "day"),
        ("3 جويلية 2025", "2025-07-03", "day"),
        ("2 أوت 2020", "2020-08-02", "day"),
        ("9 يوليوز 2021", "2021-07-09", "day"),
        ("12 غشت 2024", "2024-08-12", "day"),
        ("5 شتنبر 2023", "2023-09-05", "day"),
        ("30 نونبر 2022", "2022-11-30", "day"),
        ("1 دجنبر 2022", "2022-12-01", "day"),
        ("5 ابريل 2022", "2022-04-05", "day"),
        ("يوم السبت، ٢ أغسطس ٢٠٢٥", "2025-08-02", "day"),
        ("مارس 2026", "2026-03", "month"),
        ("آذار 2026", "2026-03", "month"),
        ("24-04-2020", "2020-04-24", "day"),
        ("2020/04/24", "2020-04-24", "day"),
        ("Sun, 15 Mar 2026 10:00:00 +0300", "2026-03-15", "day"),
        ("March 15, 2026", "2026-03-15", "day"),
    ],
)
def test_parse_date(value: str, expected: str, precision: str) -> None:
    assert parse_date(value) == DateValue(expected, precision)


@pytest.mark.parametrize(
    "value",
    ["", "   ", "hello", "15", "30 فبراير 2020", "15 مارس/نيسان 2026", "2026-13-01", "قبل ثلاثة أيام"],
)
def test_parse_date_refuses(value: str) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("name", "number"),
    [("كانون الثاني", 1), ("كانون ثاني", 1), ("اذار", 3), ("إبريل", 4), ("جويليه", 7), ("تشرين الاول", 10)],
)
def test_month_names_in_every_spelling(name: str, number: int) -> None:
    assert month_number(name) == number


# --- encodings --------------------------------------------------------------------------------

ARABIC = (
    "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف القمة العربية في الأسبوع المقبل، وإن التحضيرات مستمرة."
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ARABIC.encode("utf-8"), "utf-8"),
        (ARABIC.encode("cp1256"), "cp1256"),
        (ARABIC.replace("،", ",").encode("iso8859_6"), "iso8859_6"),
        (ARABIC.encode("utf-16"), "utf-16"),
    ],
)
def test_decode_bytes(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data)
    assert used == encoding
    assert text.lstrip("\ufeff").replace(",", "،") == ARABIC


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", "windows-1252"])
def test_lying_meta_charset(declared: str) -> None:
    page = f'<html><head><meta charset="{declared}"></head><body><p>{ARABIC}</p></body></html>'
    text, used = decode_bytes(page.encode("cp1256"), declared=declared)
    assert used == "cp1256"
    assert ARABIC in text


def test_declared_charset_that_the_bytes_bear_out_is_used() -> None:
    text, used = decode_bytes(ARABIC.encode("cp1256"), declared="windows-1256")
    assert (text, used) == (ARABIC, "cp1256")


def test_utf8_bytes_win_over_a_declared_code_page() -> None:
    text, used = decode_bytes(ARABIC.encode("utf-8"), declared="windows-1256")
    assert (text, used) == (ARABIC, "utf-8")


@pytest.mark.parametrize("codec", ["cp1252", "latin-1", "cp1256"])
def test_mojibake_is_repaired(codec: str) -> None:
    mojibake = ARABIC.encode("utf-8").decode(codec, errors="replace")
    assert "Ø§Ù" in mojibake or "ط§ظ„" in mojibake
    text, used = decode_bytes(mojibake.encode("utf-8"))
    assert text == ARABIC
    assert used == "utf-8+mojibake-repaired"


def test_unrepairable_mojibake_is_refused() -> None:
    mojibake = ARABIC.encode("utf-8").decode("cp1252", errors="replace").replace("§", "?")
    with pytest.raises(DecodingError, match="mojibake"):
        decode_bytes(mojibake.encode("utf-8"), origin="x.txt")


def test_genuine_arabic_with_commas_is_not_mojibake() -> None:
    text = "انتهى الأسبوع، وفي الشارع، قال المتظاهرون إن الموقع، الذي أغلق، سيفتح. " * 3
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        GARBAGE,
        bytes(range(128, 256)) * 4,
    ],
)
def test_undecodable_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(DecodingError, match="UTF-8"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_binary_data_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInput, match=what):
        decode_bytes(data)


# --- HTML -------------------------------------------------------------------------------------


def test_extract_html_full_page() -> None:
    html = (FIXTURES / "article_full.html").read_text(encoding="utf-8")
    article = extract_html(html, url="https://example.org/news/budget-2026?ref=home", origin="page.html")
    meta = article.meta
    # the <h1>, not JSON-LD's shorter headline nor og:title with the site's name
    assert meta.title == "الحكومة تقر موازنة العام المقبل بعد جلسة طويلة"
    assert meta.published == DateValue("2026-03-15", "day")
    assert meta.source.outlet == "أخبار المرصد"
    assert meta.source.url == "https://example.org/news/budget-2026"
    assert meta.authors == ["سارة خليل"]
    assert meta.section == "اقتصاد"
    assert meta.origin == "page.html"
    assert meta.source.credits == ["Reuters", "AFP"]  # <figcaption>, then the dateline
    # every visible line that is not the article is accounted for, in page order
    assert meta.removed == [
        "الرئيسية اقتصاد رياضة",
        "شارك هذا الخبر: فيسبوك تويتر واتساب",
        "اقرأ أيضاً: البرلمان يناقش قانون الإيجارات الجديد",
        "الأكثر قراءة",
        "خبر أول",
        "خبر ثان",
        "© 2026 أخبار المرصد. جميع الحقوق محفوظة",
    ]
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "وزراء خلال جلسة الحكومة في العاصمة (رويترز)"  # the caption stays
    assert paragraphs[1].startswith("بيروت - (أ ف ب) - أقرت الحكومة اللبنانية")
    assert len(paragraphs) == 5
    assert "الأحد 15 آذار/مارس 2026" not in article.text  # the <time> line is the date, not text


def page(body: str, head: str = "") -> str:
    head = f'<meta charset="utf-8">{head}'
    return f'<!DOCTYPE html><html lang="ar"><head>{head}</head><body>{body}</body></html>'


BODY3 = "وأشار شهود عيان إلى أن الطائرات حلقت فوق المنطقة لساعات قبل الغارة، وأن السكان نزحوا شمالا."
LONG_BODY = f"<p>{BODY1} {BODY2}</p><p>{BODY2} {BODY3}</p><p>{BODY3} {BODY1}</p>"
HTML_PAGE = page(f"<article><h1>{TITLE}</h1><p>{BODY1}</p><p>{BODY2}</p></article>")


def test_extract_html_prefers_the_publishers_local_day_over_utc() -> None:
    head = (
        '<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2020-12-25T01:59:50+02:00"}</script>'
    )
    article = extract_html(page(f"<article><h1>{TITLE}</h1>{LONG_BODY}</article>", head))
    assert article.meta.published == DateValue("2020-12-25", "day")


def test_extract_html_arabic_published_meta_and_og_title() -> None:
    head = (
        '<meta property="article:published_time" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م">'
        f'<meta property="og:title" content="{TITLE}">'
    )
    article = extract_html(page(f"<article>{LONG_BODY}</article>", head))
    assert article.meta.published == DateValue("2020-10-07", "day")
    assert article.meta.title == TITLE


def test_extract_html_date_from_a_dated_element() -> None:
    body = f'<article><h1>{TITLE}</h1><div class="article_created">تم نشره الجمعة 24 نيسان / أبريل 2020</div>'
    article = extract_html(page(body + LONG_BODY + "</article>"))
    assert article.meta.published == DateValue("2020-04-24", "day")


def test_extract_html_never_takes_the_date_of_a_copyright_line() -> None:
    footer = "<footer><p class='copyright-date'>© 2019 المرصد</p></footer>"
    body = f"<article><h1>{TITLE}</h1>{LONG_BODY}</article>{footer}"
    assert extract_html(page(body)).meta.published is None


def test_extract_html_falls_back_to_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("marsad.ingest.html.trafilatura.bare_extraction", lambda *a, **k: None)
    body = (
        f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{TITLE}</h1><p>{BODY1}</p>"
        f"<p>شارك هذا الخبر: فيسبوك تويتر واتساب</p><p>{BODY2}</p></article><footer>© Reuters 2026</footer>"
    )
    article = extract_html(page(body, f"<title>{TITLE} - المرصد</title>"))
    assert article.text == f"{BODY1}\n\n{BODY2}"
    assert article.meta.title == TITLE
    assert article.meta.removed == ["الرئيسية", "شارك هذا الخبر: فيسبوك تويتر واتساب", "© Reuters 2026"]
    assert article.meta.source.credits == ["Reuters"]


def test_extract_html_byline_and_standfirst_stay_in_the_text() -> None:
    body = (
        f"<header><a class='logo'>المرصد</a></header><article><h1>{TITLE}</h1>"
        "<p class='byline'>دمشق - كتب: مازن العلي</p><time>الثلاثاء 14 نيسان/أبريل 2026</time>"
        f"{LONG_BODY}<div class='tags'>لبنان غارة</div></article>"
    )
    article = extract_html(page(body))
    assert article.text.startswith("دمشق - كتب: مازن العلي\n\n")
    assert article.meta.published == DateValue("2026-04-14", "day")
    assert article.meta.removed == ["المرصد", "لبنان غارة"]


def test_extract_html_trusts_a_body_it_cannot_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the extracted text is not made of the page's lines, it is used as it is."""
    monkeypatch.setattr(
        "marsad.ingest.html.trafilatura.bare_extraction",
        lambda *a, **k: {"text": f"{BODY1}\nشارك هذا الخبر: فيسبوك تويتر واتساب\n{BODY2}"},
    )
    caption = "<figure><figcaption>صورة من بيروت (أ ف ب)</figcaption></figure>"
    article = extract_html(page(f"<article><h1>{TITLE}</h1>{caption}</article>"))
    assert article.text == f"{BODY1}\n\n{BODY2}"
    assert article.meta.removed == ["شارك هذا الخبر: فيسبوك تويتر واتساب"]
    assert article.meta.source.credits == ["AFP"]


@pytest.mark.parametrize(
    "html",
    [
        (FIXTURES / "no_body.html").read_text(encoding="utf-8"),
        page("<nav><a href='/'>الرئيسية</a></nav><script>var x = 1;</script>"),
        page("<p>Sorry, you need to enable JavaScript to visit this website.</p>"),
    ],
)
def test_html_without_body_raises(html: str) -> None:
    with pytest.raises(NoArticleBody, match="no article text"):
        extract_html(html, origin="empty.html")


# --- readers: files ---------------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    raw = f"Please enable JavaScript to continue.\n{TITLE}\n15 مارس 2026\n{BODY1}\n{BODY2}"
    path = write(tmp_path / "a.txt", raw)
    article = one(read([path]))
    assert article.meta.origin == path
    assert article.meta.title == TITLE
    assert article.meta.published == DateValue("2026-03-15", "day")
    assert article.meta.removed == ["Please enable JavaScript to continue."]
    assert article.text == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "cp1256", "utf-16"])
def test_text_file_encodings(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path / "a.txt", ARTICLE.encode(codec))
    assert one(read([path])).text == f"{BODY1}\n\n{BODY2}"


def test_html_file_with_lying_charset(tmp_path: Path) -> None:
    html = page(f"<article><h1>{TITLE}</h1>{LONG_BODY}</article>")
    path = write(tmp_path / "a.html", html.encode("cp1256"))
    article = one(read([path]))
    assert article.meta.title == TITLE
    assert BODY1 in article.text
    assert any("declares charset utf-8" in w for w in article.meta.warnings)


def test_mojibake_file_is_repaired(tmp_path: Path) -> None:
    mojibake = ARTICLE.encode("utf-8").decode("cp1252", errors="replace")
    path = write(tmp_path / "a.txt", mojibake.encode("utf-8"))
    article = one(read([path]))
    assert article.meta.title == TITLE
    assert any("mojibake" in w for w in article.meta.warnings)


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("empty.txt", b"", EmptyInput, "empty"),
        ("blank.txt", b"  \n\t\n  ", EmptyInput, "whitespace"),
        ("blank.html", "\u00a0\n".encode(), EmptyInput, "whitespace"),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00" * 50, BinaryInput, "binary"),
        ("garbage.txt", GARBAGE, DecodingError, "UTF-8"),
        ("english.txt", ENGLISH.encode(), NotArabic, "English"),
        ("nobody.html", (FIXTURES / "no_body.html").read_bytes(), NoArticleBody, "no article text"),
        ("numbers.txt", b"123 456\n789", NoArticleBody, "no letters"),
        ("report.pdf", b"%PDF-1.7", UnsupportedFormat, "unsupported file type .pdf"),
        ("README", ARTICLE.encode(), UnsupportedFormat, "no extension"),
    ],
)
def test_bad_inputs_give_errors_with_origin(
    tmp_path: Path, name: str, content: bytes, error: type[InputError], message: str
) -> None:
    path = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", ARTICLE)
    items = read([path, good])
    assert len(items) == 2
    assert isinstance(items[0], error), items[0]
    assert message in str(items[0])
    assert items[0].origin == path
    assert str(items[0]).startswith(f"{path}: ")
    assert "\n" not in str(items[0])
    assert isinstance(items[1], Article)  # one bad input never stops the others


def test_not_arabic_names_the_language(tmp_path: Path) -> None:
    item = read([write(tmp_path / "en.txt", ENGLISH)])[0]
    assert isinstance(item, NotArabic)
    assert item.language == "en"


def test_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    [item] = read([missing])
    assert isinstance(item, InputNotFound)
    assert item.origin == missing


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(ARTICLE.encode())
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    tracemalloc.start()
    try:
        items = read([str(path)], settings=Settings(max_input_bytes=20 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], InputTooLarge)
    assert "50.0 MB" in str(items[0]) and "MARSAD_MAX_INPUT_BYTES" in str(items[0])
    assert peak < 5 * 1024 * 1024


def test_article_longer_than_max_article_chars(tmp_path: Path) -> None:
    [item] = read([write(tmp_path / "a.txt", ARTICLE)], settings=Settings(max_article_chars=50))
    assert isinstance(item, InputTooLarge)
    assert "MARSAD_MAX_ARTICLE_CHARS" in str(item)


def test_min_arabic_ratio_setting(tmp_path: Path) -> None:
    mixed = f"{TITLE}\n{BODY1} {ENGLISH}"
    path = write(tmp_path / "mixed.txt", mixed)
    assert isinstance(read([path], settings=Settings(min_arabic_ratio=0.3))[0], Article)
    assert isinstance(read([path], settings=Settings(min_arabic_ratio=0.9))[0], NotArabic)


# --- readers: JSONL ---------------------------------------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    records = [
        {
            "title": TITLE,
            "content": f"{TITLE}\n{BODY1}\n© Reuters 2026",
            "url": "https://example.org/a",
            "published": "2026-03-15T10:00:00+03:00",
            "source": "المرصد",
            "authors": ["سارة خليل", "علي حسن"],
        },
        {
            "title": "عنوان ثان",
            "text": BODY2,
            "outlet": "الجريدة",
            "author": "علي حسن",
            "published": "15 مارس 2026",
        },
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    first, second = read([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.meta.origin == f"{path}:1" and second.meta.origin == f"{path}:2"
    assert first.text == BODY1  # the repeated title line is dropped
    assert first.meta.title == TITLE
    assert first.meta.source.url == "https://example.org/a"
    assert first.meta.source.outlet == "المرصد"
    assert first.meta.source.credits == ["Reuters"]
    assert first.meta.published == DateValue("2026-03-15", "day")
    assert first.meta.authors == ["سارة خليل", "علي حسن"]
    assert second.text == BODY2
    assert second.meta.title == "عنوان ثان"
    assert second.meta.source.outlet == "الجريدة"
    assert second.meta.authors == ["علي حسن"]
    assert second.meta.published == DateValue("2026-03-15", "day")


def test_bad_jsonl_lines_among_good_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "أ", "content": BODY1}, ensure_ascii=False),
        '{"title": "broken", "content": ',
        "",
        "[1, 2, 3]",
        json.dumps({"title": "بلا نص"}, ensure_ascii=False),
        json.dumps({"content": ENGLISH}),
        json.dumps({"content": BODY2, "published": "sometime"}, ensure_ascii=False),
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(lines))
    items = read([path])
    assert [type(i).__name__ for i in items] == [
        "Article", "InputError", "InputError", "NoArticleBody", "NotArabic", "Article",
    ]
    assert [i.meta.origin if isinstance(i, Article) else i.origin for i in items] == [
        f"{path}:{n}" for n in (1, 2, 4, 5, 6, 7)
    ]
    assert "not valid JSON" in str(items[1])
    assert "not an object" in str(items[2])
    last = items[-1]
    assert isinstance(last, Article)
    assert any("sometime" in w for w in last.meta.warnings)


def test_jsonl_agency_byline_is_a_credit_not_an_author(tmp_path: Path) -> None:
    record = {"title": TITLE, "content": BODY1, "authors": ["رويترز", "سارة خليل"]}
    [item] = read([write(tmp_path / "a.jsonl", json.dumps(record, ensure_ascii=False))])
    assert isinstance(item, Article)
    assert item.meta.authors == ["سارة خليل"]
    assert item.meta.source.credits == ["Reuters"]


def test_jsonl_with_html_content(tmp_path: Path) -> None:
    record = {"title": TITLE, "content": page(f"<article>{LONG_BODY}</article>"), "published": "2026-03-15"}
    [item] = read([write(tmp_path / "a.jsonl", json.dumps(record, ensure_ascii=False))])
    assert isinstance(item, Article)
    assert item.text.startswith(BODY1)
    assert item.meta.title == TITLE


# --- readers: directories and stdin -----------------------------------------------------------


def test_directories_are_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    write(root / "b" / "deeper" / "z.htm", page(f"<article><h1>{TITLE}</h1>{LONG_BODY}</article>"))
    write(root / "b" / "a.txt", ARTICLE)
    write(root / "a.jsonl", json.dumps({"content": BODY1}, ensure_ascii=False))
    write(root / "c.TXT", ARTICLE)
    write(root / ".hidden.txt", ARTICLE)
    write(root / ".git" / "x.txt", ARTICLE)
    write(root / "notes.md", ARTICLE)
    write(root / "image.png", b"\x89PNG\r\n")
    items = read([str(root)])
    assert all(isinstance(i, Article) for i in items), items
    assert [i.meta.origin for i in items if isinstance(i, Article)] == [
        f"{root}/a.jsonl:1",
        f"{root}/b/a.txt",
        f"{root}/b/deeper/z.htm",
        f"{root}/c.TXT",
    ]


def test_directory_without_articles(tmp_path: Path) -> None:
    write(tmp_path / "notes.md", ARTICLE)
    [item] = read([str(tmp_path)])
    assert isinstance(item, EmptyInput)
    assert item.origin == str(tmp_path)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (ARTICLE.encode(), f"{BODY1}\n\n{BODY2}"),
        (ARTICLE.encode("cp1256"), f"{BODY1}\n\n{BODY2}"),
        (HTML_PAGE.encode(), f"{BODY1}\n\n{BODY2}"),
    ],
)
def test_stdin_text_and_html(data: bytes, text: str) -> None:
    article = one(read(["-"], stdin=io.BytesIO(data)))
    assert article.meta.origin == "<stdin>"
    assert article.meta.title == TITLE
    assert article.text == text


def test_stdin_jsonl() -> None:
    records = [{"title": f"عنوان {n}", "content": BODY1} for n in (1, 2)]
    data = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    items = read(["-"], stdin=io.BytesIO(data.encode()))
    assert [i.meta.origin for i in items if isinstance(i, Article)] == ["<stdin>:1", "<stdin>:2"]


class CountingStream(io.RawIOBase):
    """An endless stdin that counts what was read from it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = b"a" * n
        self.served += n
        return n


def test_stdin_too_large_is_not_read_whole() -> None:
    stream = CountingStream()
    [item] = read(["-"], stdin=io.BufferedReader(stream), settings=Settings(max_input_bytes=1000))
    assert isinstance(item, InputTooLarge)
    assert item.origin == "<stdin>"
    assert stream.served < 100_000


@pytest.mark.parametrize("data", [b"", b"  \n "])
def test_stdin_empty(data: bytes) -> None:
    [item] = read(["-"], stdin=io.BytesIO(data))
    assert isinstance(item, EmptyInput)
    assert item.origin == "<stdin>"


# --- article_from_text ------------------------------------------------------------------------


def test_article_from_text_with_metadata() -> None:
    article = article_from_text(
        ARTICLE,
        title=TITLE,
        url="https://example.org/a",
        published="2026-03-15",
        outlet="المرصد",
        origin="<text>",
    )
    assert article.text == f"{BODY1}\n\n{BODY2}"
    assert article.meta.title == TITLE
    assert article.meta.published == DateValue("2026-03-15", "day")
    assert (article.meta.source.url, article.meta.source.outlet) == ("https://example.org/a", "المرصد")
    assert article.meta.origin == "<text>"


def test_article_from_text_keeps_a_different_first_line_when_title_is_given() -> None:
    article = article_from_text(ARTICLE, title="عنوان آخر")
    assert article.meta.title == "عنوان آخر"
    assert article.text.startswith(TITLE)


@pytest.mark.parametrize(("raw", "error"), [("", EmptyInput), ("  \n ", EmptyInput), (ENGLISH, NotArabic)])
def test_article_from_text_refuses(raw: str, error: type[InputError]) -> None:
    with pytest.raises(error):
        article_from_text(raw, origin="<text>")


# --- shared data ------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_htmldate_arabic_pages() -> None:
    folder = SHARED_DATA / "html" / "htmldate_arabic_dates"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (development data beside the repo)")
    entries = json.loads((folder / "gold_dates.json").read_text(encoding="utf-8")).values()
    gold = {entry["file"]: entry["date"] for entry in entries}
    matched = 0
    for name, date in sorted(gold.items()):
        items = read([str(folder / name)])
        article = one(items)
        assert article.text.strip()
        assert sum("\u0600" <= ch <= "\u06ff" for ch in article.text) > 100
        matched += article.meta.published is not None and article.meta.published.value == date
    print(f"published dates matching gold_dates.json: {matched}/{len(gold)}")
    assert matched >= 6


# --- properties -------------------------------------------------------------------------------

ARABIC_ALPHABET = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى ًٌٍَُِّْـ،؛؟.\n ()-:©٠١٢٣0123456789"))
MIXED_TEXT = st.one_of(st.text(max_size=300), st.text(ARABIC_ALPHABET, max_size=300))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1500))
def test_decode_bytes_returns_text_or_an_input_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except (BinaryInput, DecodingError) as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXT)
def test_parse_date_never_raises(value: str) -> None:
    found = parse_date(value)
    if found is not None:
        assert found.precision in {"day", "month", "year"}
        assert found.value is not None and found.value[:4].isdigit()


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXT)
def test_clean_text_only_keeps_and_drops_whole_input_lines(raw: str) -> None:
    cleaned = clean_text(raw)
    lines = tidy_lines(raw)
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    assert all(p in lines for p in paragraphs)  # Arabic characters are never rewritten
    assert all(r in lines for r in cleaned.removed)
    lifted = (cleaned.title is not None) + (cleaned.published is not None)
    assert len(paragraphs) + len(cleaned.removed) + lifted == len(lines)
