"""marsad.ingest sources beyond single files: gzip, WARC/ARC archives, feeds, sitemaps, URL lists.

Every input is composed here (pages, feeds and archives written into ``tmp_path``).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from marsad.errors import InputError, InputTooLarge, UnsupportedFormat
from marsad.ingest import Article, iter_articles
from marsad.ingest.links import looks_like_url_list, parse_links
from marsad.settings import Settings

TITLE = "اشتباكات عنيفة في ريف المدينة الشمالي"
PARAGRAPHS = [
    "قال مصدر عسكري إن اشتباكات عنيفة اندلعت فجر اليوم بين القوات الحكومية ومسلحين في الريف الشمالي للمدينة.",
    "وأضاف المصدر أن الاشتباكات أسفرت عن مقتل ثلاثة مسلحين وإصابة جنديين بجروح طفيفة نقلا إلى المستشفى.",
    "وأوضح أن وحدات الهندسة تعمل على تفكيك عبوات ناسفة زرعت على الطريق الرئيسي المؤدي إلى البلدة.",
]
BODY = "\n".join(PARAGRAPHS)


def page(title: str = TITLE, paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>{title}</h1>{body}</article>"
            "<footer>© جميع الحقوق محفوظة</footer></body></html>")


def articles(paths: list[str], **settings: object) -> list[Article | InputError]:
    return list(iter_articles(paths, settings=Settings(**settings)))  # type: ignore[arg-type]


# --- gzip ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [
    ("a.txt.gz", f"{TITLE}\n{BODY}\n"),
    ("a.html.gz", page()),
    ("a.jsonl.gz", json.dumps({"title": TITLE, "content": BODY}, ensure_ascii=False) + "\n"),
])
def test_gzip_files_are_read_like_their_inner_format(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    (article,) = articles([str(path)])
    assert isinstance(article, Article), article
    assert "اشتباكات عنيفة اندلعت" in article.text


def test_truncated_gzip_is_an_error_naming_the_file(tmp_path: Path) -> None:
    data = gzip.compress((BODY * 50).encode("utf-8"))
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    (error,) = articles([str(path)])
    assert isinstance(error, InputError)
    assert "truncated" in str(error) and error.origin == str(path)


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\xd8\xa7" * 2_000_000))  # 4 MB of one letter, a few KB packed
    (error,) = articles([str(path)], max_input_bytes=1_000_000)
    assert isinstance(error, InputTooLarge)


# --- WARC ------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], *, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, body, content_type in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
        request = writer.create_warc_record("https://news.example/a", "request",
                                            payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(request)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_become_articles_with_their_urls(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    second = page("تظاهرة في وسط العاصمة", [p.replace("اشتباكات", "مواجهات") for p in PARAGRAPHS])
    write_warc(path, [
        ("https://news.example/a", page().encode("utf-8"), "text/html; charset=utf-8"),
        ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        ("https://news.example/b", second.encode("cp1256", errors="ignore").replace(b"utf-8", b"windows-1256"),
         "text/html; charset=windows-1256"),
    ], gz=gz)
    found = articles([str(path)])
    assert all(isinstance(a, Article) for a in found), found
    assert [a.meta.source.url for a in found if isinstance(a, Article)] == ["https://news.example/a",
                                                                            "https://news.example/b"]
    assert "مواجهات عنيفة" in found[1].text  # type: ignore[union-attr]


def test_corrupt_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/a", page().encode("utf-8"), "text/html")])
    with path.open("ab") as handle:
        handle.write(b"\x1f\x8b\x08\x00" + b"garbage" * 20)  # a gzip member that breaks off
    found = articles([str(path)])
    assert isinstance(found[0], Article)
    assert isinstance(found[-1], InputError) and "corrupt" in str(found[-1])


# --- feeds, sitemaps, URL lists --------------------------------------------------------------

LONG = " ".join(PARAGRAPHS * 3)

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>أخبار</title>
<item><title>{TITLE}</title><link>https://news.example/full</link><pubDate>Sun, 15 Mar 2026 10:00:00 +0300</pubDate>
<content:encoded><![CDATA[<p>{LONG}</p>]]></content:encoded></item>
<item><title>خبر قصير</title><link>https://news.example/teaser</link><description>مقتطف قصير</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>
<entry><title>{TITLE}</title><link href="https://news.example/atom1"/><updated>2026-03-14T08:00:00Z</updated>
<content type="html">&lt;p&gt;{LONG}&lt;/p&gt;</content></entry></feed>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/one</loc><news:news><news:publication_date>2026-03-15</news:publication_date>
<news:title>عنوان أول</news:title></news:news></url>
<url><loc>https://news.example/two</loc><lastmod>2026-03-14</lastmod></url></urlset>"""


def test_rss_full_text_entries_are_analysed_and_teasers_reported(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    found = articles([str(path)])
    article = found[0]
    assert isinstance(article, Article), article
    assert article.meta.source.url == "https://news.example/full"
    assert article.meta.published is not None and article.meta.published.value == "2026-03-15"
    assert isinstance(found[1], InputError) and "marsad fetch" in str(found[1])


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    (article,) = articles([str(path)])
    assert isinstance(article, Article) and article.meta.source.url == "https://news.example/atom1"


def test_sitemap_items() -> None:
    items = parse_links(SITEMAP.encode(), "sitemap.xml")
    assert [(i.url, i.published, i.title) for i in items] == [
        ("https://news.example/one", "2026-03-15", "عنوان أول"), ("https://news.example/two", "2026-03-14", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("https://a.example/1\nhttps://a.example/2\n", True),
    ("# my list\nhttps://a.example/1\n\n", True),
    ("https://a.example/1\nقال المتحدث\n", False),
    ("", False),
])
def test_url_list_detection(text: str, expected: bool) -> None:
    assert looks_like_url_list(text) is expected


def test_html_given_as_a_feed_is_a_clear_error() -> None:
    with pytest.raises(UnsupportedFormat, match="HTML page, not a feed"):
        parse_links(page().encode(), "feed.xml")


def test_url_list_file_asks_for_fetch(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("https://news.example/a\nhttps://news.example/b\n", encoding="utf-8")
    (error,) = articles([str(path)])
    assert isinstance(error, InputError) and "2 of 2" in str(error) and "marsad fetch" in str(error)


def test_jsonl_crawl_date_is_the_anchor_when_no_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    lines = [{"title": TITLE, "content": BODY, "date_extracted": "2015-08-08 06:55:08"},
             {"title": TITLE, "content": BODY, "date": "2015-08-07", "date_extracted": "2015-08-08 06:55:08"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    crawled, dated = articles([str(path)])
    assert isinstance(crawled, Article) and isinstance(dated, Article)
    assert crawled.meta.published is not None and crawled.meta.published.value == "2015-08-08"
    assert any("crawl date" in w for w in crawled.meta.warnings)
    assert dated.meta.published is not None and dated.meta.published.value == "2015-08-07"
