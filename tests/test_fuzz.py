"""Fuzzing: hostile inputs and hypothesis-generated ones through every input path (text, HTML,
encodings, feeds, WARC, the KB loader, the CLI, the HTTP API), checking that nothing crashes, nothing
hangs (each article within ``MARSAD_DOC_TIMEOUT``, which is enforced) and every span equals its text.

The CI sample is small and fixed-seed (``derandomize=True``); ``benchmarks/fuzz.py`` runs the same
generators over 100k+ inputs. The hostile corpus: ``tests/fixtures/hostile`` (small files) and the
recipes in ``tests/fuzz/corpus.py`` (big ones, built at test time).
"""

from __future__ import annotations

import json
import random
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import corpus, gen, targets
from marsad import api
from marsad.errors import DocumentTimeout, InputError, MarsadError
from marsad.ingest import article_from_text
from marsad.settings import Settings

FUZZ = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
BUDGET = 20.0  # MARSAD_DOC_TIMEOUT for the pipeline samples: seconds per article
INGEST_ALLOWANCE = 15.0  # reading and cleaning are outside the budget (see docs/reliability.md)


def _no_finding(target: str, data: bytes) -> None:
    finding = targets.run_target(target, data)
    assert finding is None, f"{target}: {finding} on {data[:120]!r}"


# -- the committed hostile corpus -----------------------------------------------------------------------


def test_the_committed_corpus_is_what_the_recipes_write() -> None:
    on_disk = {p.name: p.read_bytes() for p in corpus.HOSTILE_DIR.iterdir()}
    assert on_disk == corpus.committed()


CASES = [(name, t) for name in corpus.committed() for t in corpus.targets_for(name) if t != "pipeline"]


@pytest.mark.parametrize(("name", "target"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
def test_hostile_file(name: str, target: str) -> None:
    _no_finding(target, (corpus.HOSTILE_DIR / name).read_bytes())


PIPELINE_CASES = [name for name in corpus.committed() if "pipeline" in corpus.targets_for(name)]


@pytest.mark.parametrize("name", PIPELINE_CASES)
def test_hostile_file_through_the_whole_pipeline(name: str) -> None:
    started = time.monotonic()
    _no_finding("pipeline", (corpus.HOSTILE_DIR / name).read_bytes())
    assert time.monotonic() - started < BUDGET + INGEST_ALLOWANCE


# -- big hostile inputs, built at test time --------------------------------------------------------------


@pytest.mark.parametrize(("recipe", "target", "size"), [
    ("huge_text_50mb", "files", 50), ("deep_html_100k", "html", 100_000), ("deep_html_100k", "files", 100_000),
    ("huge_attribute_html", "html", 5), ("long_sentence_100k_words", "text", 100_000),
    ("gzip_bomb_200mb", "warc", 30), ("many_entities_html", "html", 50_000), ("wide_html_200k", "html", 20_000),
])
def test_big_input(recipe: str, target: str, size: int) -> None:
    make, _ = corpus.BIG[recipe]
    data = make(size)  # type: ignore[call-arg]
    started = time.monotonic()
    _no_finding(target, data)
    assert time.monotonic() - started < 30


@pytest.mark.slow
@pytest.mark.parametrize(("recipe", "target"), [(r, t) for r, (_, ts) in corpus.BIG.items() for t in ts])
def test_big_input_full_size(recipe: str, target: str) -> None:
    make, _ = corpus.BIG[recipe]
    data = make()
    started = time.monotonic()
    if target == "pipeline":
        targets.pipeline(data, settings=Settings(dedup=False, doc_timeout=BUDGET))
        assert time.monotonic() - started < BUDGET + INGEST_ALLOWANCE
    else:
        _no_finding(target, data)
        assert time.monotonic() - started < 120


def test_a_100k_word_sentence_in_marsad_analyze_is_stopped_by_the_budget(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = tmp_path / "long.txt"
    path.write_bytes(corpus.long_sentence())
    (tmp_path / "ok.txt").write_text("بيروت - قال وزير الداخلية إن قوى الأمن اعتقلت خمسة أشخاص.", encoding="utf-8")
    env = {**os.environ, "MARSAD_DOC_TIMEOUT": "3", "MARSAD_DEDUP": "false"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "marsad", "analyze", str(path), str(tmp_path / "ok.txt"),
                             "--errors", "json"], env=env, capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 3 + INGEST_ALLOWANCE + 15  # + starting Python and loading the models
    assert result.returncode == 0, result.stderr
    errors = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [e["error"] for e in errors] == ["timeout"] and errors[0]["origin"] == str(path)
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 1


# -- generated inputs (hypothesis; benchmarks/fuzz.py runs the same generators 100k+ times) ------------------

FAST_SAMPLE = {"decoding": 40, "html": 40, "text": 40, "feed": 40, "warc": 40, "files": 25, "kb": 30, "arabic": 25}


@pytest.mark.parametrize("target", list(FAST_SAMPLE))
def test_generated_inputs(target: str) -> None:
    @settings(FUZZ, max_examples=FAST_SAMPLE[target])
    @given(st.integers(0, 2**64))
    def run(seed: int) -> None:
        _no_finding(target, gen.GENERATORS[target](random.Random(seed)))

    run()


@pytest.mark.parametrize("target", ["decoding", "feed", "warc", "files", "kb"])
def test_arbitrary_bytes(target: str) -> None:
    @settings(FUZZ, max_examples=25)
    @given(st.binary(max_size=2000))
    def run(data: bytes) -> None:
        _no_finding(target, data)

    run()


HOSTILE_CHARS = st.sampled_from([*gen.LETTERS, *gen.MARKS, *gen.PUNCT, *gen.ODD])
HOSTILE_TEXT = st.one_of(st.text(max_size=300), st.lists(HOSTILE_CHARS, max_size=400).map("".join),
                         st.lists(st.sampled_from(gen.WORDS + gen.PUNCT + gen.ODD), max_size=150).map(" ".join))


@pytest.mark.parametrize("target", ["arabic", "text", "html"])
def test_arbitrary_text(target: str) -> None:
    @settings(FUZZ, max_examples=40)
    @given(HOSTILE_TEXT)
    def run(text: str) -> None:
        _no_finding(target, text.encode("utf-8", errors="surrogatepass"))

    run()


def test_generated_articles_through_the_whole_pipeline() -> None:
    """The real default pipeline: every record meets the contract, every article within the budget."""
    slowest = [0.0]

    @settings(FUZZ, max_examples=60)
    @given(st.one_of(st.integers(0, 2**64).map(lambda seed: gen.text(random.Random(seed))), HOSTILE_TEXT.map(
        lambda t: ("بيروت - قال وزير الداخلية " + t + " في طرابلس.").encode("utf-8", errors="surrogatepass"))))
    def run(data: bytes) -> None:
        started = time.monotonic()
        targets.pipeline(data, settings=Settings(dedup=False, doc_timeout=BUDGET))
        slowest[0] = max(slowest[0], time.monotonic() - started)

    run()
    assert slowest[0] < BUDGET + INGEST_ALLOWANCE


# -- the CLI's arguments ------------------------------------------------------------------------------------

COMMANDS = ["analyze", "validate", "steps", "doctor", "ingest", "export", "search", "nope", "--help", ""]
OPTIONS = ["-o", "--output", "--pipeline", "--errors", "--summary", "--no-summary", "--kb", "--db", "--json", "-",
           "--format", "--limit", "--", "-x", "--help"]


@st.composite
def argv(draw: st.DrawFn, files: list[str]) -> list[str]:
    value = st.one_of(st.sampled_from(files), st.sampled_from(["", "-", "nope.txt", "json", "text", "sentences.v1",
                                                                "tokens.v1,nope.v9", "0", "-1", "x" * 3000,
                                                                "\u202e.txt", "a\u200bb", "marsad.db"]),
                      st.text(max_size=20).filter(lambda s: "\x00" not in s))
    args = [draw(st.sampled_from(COMMANDS))]
    for _ in range(draw(st.integers(0, 5))):
        args.append(draw(st.one_of(st.sampled_from(OPTIONS), value)))
    return args


def test_cli_arguments(tmp_path: Path) -> None:
    """Any argument list ends in an exit status and a message: never an unexpected exception."""
    from marsad.cli import cli

    folder = tmp_path / "inputs"
    folder.mkdir()
    files = []
    for name in ("rtl_overrides.txt", "binary.txt", "bad_jsonl.jsonl", "empty.txt", "kb_bad.yaml", "nested_html.html"):
        (folder / name).write_bytes((corpus.HOSTILE_DIR / name).read_bytes())
        files.append(str(folder / name))
    files.append(str(folder))
    runner = CliRunner()

    @settings(FUZZ, max_examples=60)
    @given(argv(files), st.binary(max_size=300))
    def run(args: list[str], stdin: bytes) -> None:
        with tempfile.TemporaryDirectory() as cwd, runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(cli, args, input=stdin, standalone_mode=False,
                                   env={"MARSAD_DEDUP": "false", "MARSAD_DOC_TIMEOUT": str(BUDGET)})
        exc = result.exception
        assert exc is None or isinstance(exc, (SystemExit, MarsadError, click.ClickException, click.Abort)), (
            f"{args}: {type(exc).__name__}: {exc}")

    run()


# -- the HTTP API's bodies -----------------------------------------------------------------------------------

TOKEN = "fuzz-token-" + "z" * 24
ERROR_KEYS = {"error", "message", "origin"}
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIELD = st.one_of(HOSTILE_TEXT, st.none(), st.integers(), st.lists(st.text(max_size=5), max_size=2),
                  st.sampled_from(["", " ", "\x00", "2015-08-02", "https://example.org/a", "<html><body><p>"
                                   + corpus.SENTENCE + "</p></body></html>", corpus.SENTENCE * 3]))
BODY = st.one_of(JSON, st.dictionaries(st.sampled_from(["text", "html", "title", "url", "published", "outlet", "x"]),
                                       FIELD, max_size=5))


@pytest.fixture(scope="module")
def api_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from marsad.store import open_store
    from marsad.web import create_app

    store = open_store(tmp_path_factory.mktemp("api") / "marsad.db")
    try:
        with TestClient(create_app(store=store, settings=Settings(api_tokens=TOKEN)),
                        raise_server_exceptions=False) as client:
            yield client
    finally:
        store.close()


def _one_error_shape(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()
        assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"details"}, body
        assert isinstance(body["error"], str) and isinstance(body["message"], str) and body["message"]


def test_api_json_bodies(api_client: Any) -> None:
    @settings(FUZZ, max_examples=60)
    @given(BODY)
    def run(body: Any) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        _one_error_shape(api_client.post("/api/documents", content=json.dumps(body), headers=headers))

    run()


def test_api_raw_bodies(api_client: Any) -> None:
    @settings(FUZZ, max_examples=40)
    @given(st.binary(max_size=500), st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                                     "multipart/form-data; boundary=x", ""]))
    def run(data: bytes, content_type: str) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type}
        _one_error_shape(api_client.post("/api/documents", content=data, headers=headers))

    run()


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
