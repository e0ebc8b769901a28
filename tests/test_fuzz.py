"""Fuzzing: hostile inputs and hypothesis-generated ones through every input path (text, HTML,
encodings, feeds, WARC, the KB loader, the CLI, the HTTP API), checking that nothing crashes, nothing
hangs (each article within ``MARSAD_DOC_TIMEOUT``, which is enforced) and every span equals its text.

The CI sample is small and fixed-seed (``derandomize=True``); ``benchmarks/fuzz.py`` runs the same
generators over 100k+ inputs. The hostile corpus: ``tests/fixtures/hostile`` (small files) and the
recipes in ``tests/fuzz/corpus.py`` (big ones, built at test time).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from marsad import api
from marsad.errors import DocumentTimeout, InputError
from marsad.ingest import article_from_text
from marsad.settings import Settings

# -- the per-document time budget of analyze_items ----------------------------------------------------


def _sleepy(article: Any, pipeline: Any = None) -> Any:
    time.sleep(30)
    raise AssertionError("the budget did not stop this article")


def _busy(article: Any, pipeline: Any = None) -> Any:
    while True:  # pure Python work, no system call to interrupt
        pass


@pytest.mark.parametrize("stuck", [_sleepy, _busy])
def test_analyze_items_enforces_the_doc_timeout(monkeypatch: pytest.MonkeyPatch, stuck: Any) -> None:
    articles = [article_from_text("بيروت - قال الوزير إن الاجتماع انتهى.", origin=f"a{i}") for i in range(3)]
    real = api.analyze_article
    calls: list[str] = []

    def analyse(article: Any, pipeline: Any = None) -> Any:
        calls.append(article.meta.origin)
        return stuck(article, pipeline) if article.meta.origin == "a1" else real(article, pipeline)

    real(articles[0])  # loads the models first: the budget is for the articles
    monkeypatch.setattr(api, "analyze_article", analyse)
    started = time.monotonic()
    out = list(api.analyze_items(articles, settings=Settings(doc_timeout=2, dedup=False)))
    assert time.monotonic() - started < 10
    assert calls == ["a0", "a1", "a2"]
    assert isinstance(out[1], DocumentTimeout) and out[1].code == "timeout" and out[1].origin == "a1"
    assert "MARSAD_DOC_TIMEOUT" in str(out[1])
    assert [type(o).__name__ for o in (out[0], out[2])] == ["Document", "Document"]


def test_the_budget_leaves_no_timer_behind() -> None:
    import signal

    articles = [article_from_text("بيروت - قال الوزير إن الاجتماع انتهى.", origin="a")]
    list(api.analyze_items(articles, settings=Settings(doc_timeout=5, dedup=False)))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_the_budget_is_a_no_op_off_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    articles = [article_from_text("بيروت - قال الوزير إن الاجتماع انتهى.", origin="a")]
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(lambda: list(api.analyze_items(articles, settings=Settings(doc_timeout=5)))).result()
    assert type(out[0]).__name__ == "Document"


# -- regressions: what the fuzzing found ------------------------------------------------------------------


def test_kb_yaml_with_a_control_character_is_a_knowledge_base_error(tmp_path: Path) -> None:
    from marsad.errors import KnowledgeBaseError
    from marsad.kb.loader import read_entry_file

    bad = tmp_path / "extra.yaml"
    bad.write_bytes(b"- name: x\n  ki\x10nd: person\n")  # PyYAML's reader refused it with a bare ReaderError
    with pytest.raises(KnowledgeBaseError, match="malformed YAML") as raised:
        read_entry_file(bad)
    assert raised.value.origin == f"{bad}:2"


def test_warc_response_record_without_a_target_uri_is_an_input_error(tmp_path: Path) -> None:
    from marsad.ingest.archives import warc_articles

    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>x</p></body></html>"
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body + b"\r\n\r\n")
    path = tmp_path / "no-uri.warc"
    path.write_bytes(record)  # warcio raised AttributeError ('NoneType' object has no attribute 'startswith')
    out = list(warc_articles(path, str(path), Settings()))
    assert len(out) == 1 and isinstance(out[0], InputError) and "corrupt" in out[0].message


def test_feed_with_bytes_in_its_encoding_name_is_an_input_error() -> None:
    from marsad.ingest.links import parse_links

    data = (b'<?xml version="1.0" encoding="utf\xb6\xac-8"?><rss version="2.0"><channel><item>'
            b"<link>https://example.org/a</link></item></channel></rss>")  # feedparser raised UnicodeDecodeError
    with pytest.raises(InputError, match="feed could not be read"):
        parse_links(data, "feed.xml")
