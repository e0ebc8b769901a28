"""HTML extraction: trap pages, Arabic bylines, dates that must never be taken, the page walker.

The trap pages in ``fixtures/ingest/trap_*.html`` were composed for these tests: each carries the
furniture real Arabic news pages have (JS-wall notice, cookie banner, menus, share bar, related
links, comments, © line with another year, dates inside scripts) around a known article.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from marsad.document import DateValue
from marsad.errors import InputError
from marsad.ingest import extract_html
from marsad.ingest.bylines import Byline, byline_marked, clean_authors, parse_byline
from marsad.ingest.page import page_lines
from marsad.ingest.pages import page_article
from marsad.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- bylines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "authors", "credits", "places"),
    [
        ("كتب: شادي الحسيني", ["شادي الحسيني"], [], []),
        ("كتب - محمد علي", ["محمد علي"], [], []),
        ("كتبت: منى الشاذلي", ["منى الشاذلي"], [], []),
        ("بقلم فلان الفلاني", ["فلان الفلاني"], [], []),
        ("بقلم: هدى منصور", ["هدى منصور"], [], []),
        ("إعداد: سارة خليل", ["سارة خليل"], [], []),
        ("تقرير - عمر حسن", ["عمر حسن"], [], []),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"], [], []),
        ("دمشق - كتب: مازن العلي", ["مازن العلي"], [], ["دمشق"]),
        ("القاهرة: كتب شادي الحسيني", ["شادي الحسيني"], [], ["القاهرة"]),
        # a place and a name, either way round: the place is the dateline
        ("حسام أبو العلا - القاهرة", ["حسام أبو العلا"], [], ["القاهرة"]),
        ("القاهرة - حسام أبو العلا", ["حسام أبو العلا"], [], ["القاهرة"]),
        ("بيروت – رامي الخوري", ["رامي الخوري"], [], ["بيروت"]),
        # an unknown place: the lone word beside a full name
        ("الزرقاء - محمد علي", ["محمد علي"], [], ["الزرقاء"]),
        # a place and an outlet or agency: no author
        ("أبوظبي - البيان", [], [], ["أبوظبي"]),
        ("(أبوظبي - البيان)", [], [], ["أبوظبي"]),
        ("بيروت - رويترز", [], ["Reuters"], ["بيروت"]),
        ("غزة - أ ف ب", [], ["AFP"], ["غزة"]),
        ("(أبوظبي - وام)", [], ["WAM"], ["أبوظبي"]),
        ("رويترز", [], ["Reuters"], []),
        # several authors
        ("كتب: أحمد علي ومحمد حسن", ["أحمد علي", "محمد حسن"], [], []),
        ("كتب: أحمد علي ووليد حسن", ["أحمد علي", "وليد حسن"], [], []),
        ("كتب: أحمد علي وليد", ["أحمد علي وليد"], [], []),  # "وليد" is a name, not "و" + "ليد"
        ("سارة خليل، عمر حسن", ["سارة خليل", "عمر حسن"], [], []),
        # no person at all
        ("مراسلنا", [], [], []),
        ("بيروت - مراسلنا", [], [], ["بيروت"]),
        ("وكالات", [], [], []),
        ("https://www.facebook.com/someone", [], [], []),
        ("", [], [], []),
    ],
)
def test_parse_byline(byline: str, authors: list[str], credits: list[str], places: list[str]) -> None:
    assert parse_byline(byline) == Byline(authors, credits, places)


@pytest.mark.parametrize(
    ("name", "outlet", "hosts"),
    [
        ("akhbarelyom", "بوابة اخبار اليوم", ("akhbarelyom",)),  # the site's handle
        ("sputnik_ar", None, ()),  # any lower-case handle
        ("المدينة نيوز", "المدينة نيوز", ()),  # the outlet itself
        ("البيان", None, ()),  # an outlet the tables know
    ],
)
def test_site_names_are_not_authors(name: str, outlet: str | None, hosts: tuple[str, ...]) -> None:
    assert parse_byline(name, outlet=outlet, hosts=hosts).authors == []


def test_clean_authors_merges_fields() -> None:
    assert clean_authors(["سلمى الكعبي - أبوظبي", "(أبوظبي - وام)", "سلمى الكعبي"]) == (["سلمى الكعبي"], ["WAM"])


@pytest.mark.parametrize(
    ("line", "marked"),
    [("دمشق - كتب: مازن العلي", True), ("بقلم هدى منصور", True), ("By Jane Doe", True),
     ("كتبي المدرسية", False), ("قال الوزير إن الحكومة ستكتب تقريرا", False)],
)
def test_byline_marked(line: str, marked: bool) -> None:
    assert byline_marked(line) is marked


# --- trap pages -------------------------------------------------------------------------------

BEIRUT_BODY_START = "انتشرت وحدات من الجيش اللبناني صباح الأحد"
BEIRUT_BODY_END = "والإبلاغ عنها فورا."


@pytest.mark.parametrize("name", ["trap_beirut_jsonld.html", "trap_beirut_large.html"])
def test_trap_page_with_json_ld_and_time(name: str) -> None:
    url = "https://www.alarz-news.example/lebanon/2023/11/12/army-deploys?utm_source=x"
    article = extract_html(fixture(name), url=url, origin=name)
    meta = article.meta
    # the <h1>, not JSON-LD's shorter headline nor <title> with the site's name
    assert meta.title == "الجيش اللبناني ينتشر في بلدات حدودية بعد ليلة من القصف"
    # JSON-LD's local day; not the dataLayer script's 2018, the build date's 2017, the © 2019 or a comment's
    assert meta.published == DateValue("2023-11-12", "day")
    assert meta.authors == ["رامي الخوري"]  # "بيروت - كتب: رامي الخوري": the dateline is not a name
    assert meta.section == "لبنان"
    assert meta.source.outlet == "شبكة الأرز الإخبارية"
    assert meta.source.url == "https://www.alarz-news.example/lebanon/2023/11/12/army-deploys"
    assert meta.source.credits == ["AFP"]  # the photo caption
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "بيروت - كتب: رامي الخوري"  # the byline stays, as on the page
    assert paragraphs[1] == "آليات للجيش اللبناني على طريق الناقورة صباح الأحد (أ ف ب)"  # the caption too
    assert paragraphs[2].startswith(BEIRUT_BODY_START)
    assert paragraphs[-1].endswith(BEIRUT_BODY_END)
    assert len(paragraphs) == 6
    assert "تشرين الثاني" not in article.text  # the <time> line is the date, not text
    for trap in ("جافا سكريبت", "ملفات تعريف الارتباط", "موافق", "اقرأ أيضاً", "اليونيفيل تدعو", "شارك",
                 "التعليقات", "الله يحمي", "الأكثر قراءة", "©", "2019", "dataLayer"):
        assert trap not in article.text, trap
    removed = meta.removed
    assert "يرجى تفعيل جافا سكريبت في متصفحك لعرض الموقع بشكل صحيح." in removed
    assert "شارك فيسبوك تويتر واتساب" in removed
    assert "الحكومة تبحث خطة طوارئ لإيواء النازحين من الجنوب" in removed
    assert "التعليقات (2)" in removed or "التعليقات (60)" in removed
    assert removed[-1] == "© 2019 شبكة الأرز الإخبارية. جميع الحقوق محفوظة"


def test_trap_page_with_only_a_visible_arabic_date() -> None:
    article = extract_html(fixture("trap_cairo_visible_date.html"), origin="cairo.html")
    meta = article.meta
    # nothing machine-readable: the date line under the headline, never the script's 2015-03-03
    # (datePublished in a plain <script>), its 2019/2016, the script URL's 2021, the © 2021 or
    # the related links' dates
    assert meta.published == DateValue("2023-11-12", "day")
    assert meta.title == "مجلس النواب يقر تعديلات قانون الإيجار القديم"
    assert meta.authors == ["هدى منصور"]  # from the visible "بقلم: هدى منصور"
    assert meta.section == "أخبار مصر"  # rel="category tag"
    assert meta.source.outlet == "بوابة النيل"  # the <title>'s site name
    assert meta.source.credits == ["Reuters"]  # "... - رويترز" in the caption
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "بقلم: هدى منصور"
    assert paragraphs[1] == "جانب من جلسة مجلس النواب في القاهرة - رويترز"
    assert paragraphs[2].startswith("القاهرة - وافق مجلس النواب المصري")
    assert len(paragraphs) == 6
    assert "تشرين الثاني" not in article.text
    assert meta.removed[:3] == [
        "عذراً، يجب تفعيل الجافاسكريبت لمتابعة القراءة على هذا الموقع.",
        "هذا الموقع يستخدم ملفات الكوكيز لتقديم أفضل تجربة ممكنة.",
        "قبول الكل",
    ]
    for line in ("أخبار ذات صلة", "الحكومة تعلن موعد تطبيق زيادة الأجور 10 نوفمبر 2023",
                 "أحمد: قانون ظالم للمستأجرين.", "جميع الحقوق محفوظة © 2021 بوابة النيل",
                 "شارك الخبر: فيسبوك تويتر واتساب تيليجرام", "الوسوم: مجلس النواب، الإيجار القديم، الإسكان"):
        assert line in meta.removed


def test_trap_page_with_place_and_agency_in_the_author_meta() -> None:
    url = "https://alwaha.example/economy/2024/farmers"
    article = extract_html(fixture("trap_abudhabi_meta_byline.html"), url=url)
    meta = article.meta
    assert meta.published == DateValue("2024-02-05", "day")  # not the script's or the ©'s 2012
    # "(أبوظبي - وام)" is a dateline and an agency; "سلمى الكعبي - أبوظبي" a name and a dateline
    assert meta.authors == ["سلمى الكعبي"]
    assert meta.source.credits == ["WAM", "Reuters"]
    assert meta.source.outlet == "صحيفة الواحة"
    assert meta.section == "اقتصاد"
    assert article.text.split("\n\n")[:2] == ["أبوظبي - وام", "مزارع يتفقد محصوله في منطقة العين. (رويترز)"]
    assert meta.removed[0] == "الرجاء تفعيل JavaScript لعرض جميع محتويات الصفحة."
    assert meta.removed[-1] == "Copyright © 2012 - 2024 صحيفة الواحة. All rights reserved."
    assert "لا توجد تعليقات بعد." in meta.removed


# --- dates that must never be taken -----------------------------------------------------------

TITLE = "الحكومة تقر خطة جديدة لدعم المزارعين في المناطق الجافة"
BODY = (
    "<p>أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الجافة تشمل تمويلا ميسرا وأنظمة ري حديثة.</p>"
    "<p>وقال وزير الزراعة إن الخطة تستهدف ألفي مزرعة في مرحلتها الأولى وتتوسع لاحقا لتشمل باقي المحافظات.</p>"
    "<p>وأضاف أن المزارعين سيحصلون على تدريب ميداني على تقنيات الري بالتنقيط وعلى دعم لتسويق منتجاتهم.</p>"
)


def page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("head", "extra"),
    [
        ('<script>var meta = {"datePublished": "2019-05-01T10:00:00+03:00"};</script>', ""),
        ("<script>window.buildTime = '2018-02-03 11:22:33';</script>", ""),
        ("", "<footer><p>© 2017 المرصد. جميع الحقوق محفوظة</p></footer>"),
        ("", "<div class='copyright'>جميع الحقوق محفوظة 2016-03-04</div>"),
        ("", "<section class='comments'><p>زائر: مقال ممتاز</p><span>2021-07-08 10:00</span></section>"),
        ("", "<aside class='related'><a href='/x'>خبر قديم</a> <span>2020-01-02T03:04:05</span></aside>"),
    ],
)
def test_no_date_from_scripts_copyright_comments_or_related(head: str, extra: str) -> None:
    article = extract_html(page(f"<article><h1>{TITLE}</h1>{BODY}</article>{extra}", head))
    assert article.meta.published is None


def test_htmldate_still_reads_the_url() -> None:
    article = extract_html(page(f"<article><h1>{TITLE}</h1>{BODY}</article>"),
                           url="https://example.org/news/2022/03/14/farmers")
    assert article.meta.published == DateValue("2022-03-14", "day")


def test_visible_date_line_after_the_byline_is_lifted() -> None:
    body = f"<article><h1>{TITLE}</h1><p>كتب: سامي نادر</p><p>الأحد 12 تشرين الثاني/نوفمبر 2023</p>{BODY}</article>"
    article = extract_html(page(body))
    assert article.meta.published == DateValue("2023-11-12", "day")
    assert article.meta.authors == ["سامي نادر"]
    assert article.text.startswith("كتب: سامي نادر\n\nأعلنت الحكومة")


def test_author_element_when_the_meta_has_none() -> None:
    body = f"<article><h1>{TITLE}</h1><span class='author-name'>ريم عبد الله - عمان</span>{BODY}</article>"
    assert extract_html(page(body)).meta.authors == ["ريم عبد الله"]


def test_the_headline_is_kept_when_the_title_tag_trims_it() -> None:
    head = "<title>الحكومة تقر خطة جديدة... | المرصد</title><meta property='og:title' content='الحكومة تقر خطة جديدة'>"
    article = extract_html(page(f"<article><h1>{TITLE}</h1>{BODY}</article>", head))
    assert article.meta.title == TITLE


# --- the page walker --------------------------------------------------------------------------


def test_page_lines_blocks_captions_hidden_and_comments() -> None:
    root = lxml.html.fromstring(
        "<div><p>أول <b>سطر</b><!-- تعليق -->ممتد</p><script>var x = 1;</script>بعد السكربت"
        "<figure><img src='x'><figcaption>صورة <i>توضيحية</i> (رويترز)</figcaption></figure>"
        "<noscript>فعّل جافاسكريبت</noscript><br>\u200bسطر\u00a0 أخير</div>"
    )
    assert [(line.text, line.caption) for line in page_lines(root)] == [
        ("أول سطرممتد", False),
        ("بعد السكربت", False),
        ("صورة توضيحية (رويترز)", True),
        ("فعّل جافاسكريبت", False),
        ("سطر أخير", False),
    ]


def test_page_lines_on_a_very_deep_page() -> None:
    root = leaf = lxml.html.Element("div")
    for _ in range(5000):  # deeper than Python's recursion limit
        leaf = etree.SubElement(leaf, "div")
    leaf.text = "نص عميق"
    leaf.tail = "ذيل"
    assert [line.text for line in page_lines(root)] == ["نص عميق", "ذيل"]


# --- the shared pages -------------------------------------------------------------------------


@pytest.mark.shared_data
def test_shared_pages_dates_and_bylines(shared_data: Path) -> None:
    folder = shared_data / "html" / "htmldate_arabic_dates"
    entries = json.loads((folder / "gold_dates.json").read_text(encoding="utf-8")).values()
    gold = {entry["file"]: entry["date"] for entry in entries}
    articles = {}
    for name in gold:
        article = page_article((folder / name).read_bytes(), url=None, origin=name, settings=Settings())
        assert not isinstance(article, InputError), article
        articles[name] = article
    matched = sum(a.meta.published is not None and a.meta.published.value == gold[n] for n, a in articles.items())
    assert matched >= 7, f"{matched}/8 publication dates right"
    authors = {name: article.meta.authors for name, article in articles.items()}
    assert authors["1623715966.html"] == []  # "(أبوظبي - البيان)": a dateline and the outlet
    assert authors["1784190729.html"] == ["حسام أبو العلا"]  # "حسام أبو العلا - القاهرة"
    assert "akhbarelyom" not in authors["1731695567.html"]  # the site's handle
    assert authors["1588107198.html"] == []  # "المدينة نيوز" is the outlet
    assert articles["1588107198.html"].meta.source.outlet == "المدينة نيوز"
