"""One fuzz target per input path. Each takes the raw input, runs it the way marsad would, and
checks the invariants; it returns normally or raises ``MarsadError`` (a refusal, which is fine).
Anything else -- another exception, a span off its text, an offset out of range -- is a finding.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.settings import Settings

SETTINGS = Settings(dedup=False)


class Finding(AssertionError):
    """An invariant broke (not a crash inside marsad, but a wrong answer)."""


def _check(cond: bool, what: str) -> None:
    if not cond:
        raise Finding(what)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape").encode("utf-8", errors="replace").decode("utf-8",
                                                                                                   errors="replace")


def decoding(data: bytes) -> None:
    """``marsad.ingest.encoding``: bytes to text, with and without a declared charset."""
    from marsad.ingest.encoding import decode_with_warnings, sniff_html_charset

    for declared in (None, sniff_html_charset(data), "windows-1256", "no-such-charset"):
        try:
            decoded = decode_with_warnings(data, declared=declared, origin="fuzz")
        except MarsadError:
            continue
        _check(isinstance(decoded.text, str), "decode gave no text")
        _check("\x00" not in decoded.text or b"\x00" in data, "NUL appeared from nowhere")


def html(data: bytes) -> None:
    """A page: charset sniffing, decoding, trafilatura extraction, the article checks."""
    from marsad.ingest import Article
    from marsad.ingest.pages import page_article

    result = page_article(data, url="https://example.org/a", origin="fuzz.html", settings=SETTINGS)
    if isinstance(result, Article):
        _check(bool(result.text.strip()), "an article with no text")


def text(data: bytes) -> None:
    """Raw text (the cleaner, headline and dateline taking)."""
    from marsad.ingest import article_from_text

    try:
        article = article_from_text(_text(data), origin="fuzz.txt", settings=SETTINGS)
    except MarsadError:
        return
    _check(bool(article.text.strip()), "an article with no text")


def feed(data: bytes) -> None:
    """RSS/Atom feeds, sitemaps and URL lists, and the articles feed items carry."""
    from marsad.ingest.links import link_articles, parse_links

    try:
        items = parse_links(data, "fuzz.xml")
    except MarsadError:
        return
    for item in items:
        _check(isinstance(item.url, str) or item.url is None, "a feed item with a non-text URL")
    for _ in link_articles(data, "fuzz.xml", SETTINGS):
        pass


def _tmp(data: bytes, suffix: str, run: Callable[[Path], Any]) -> Any:
    with tempfile.TemporaryDirectory(prefix="marsad-fuzz-") as folder:
        path = Path(folder) / ("input" + suffix)
        path.write_bytes(data)
        return run(path)


def warc(data: bytes) -> None:
    """WARC/ARC archives (plain and gzipped) through the archive reader."""
    from marsad.ingest.archives import warc_articles

    def run(path: Path) -> None:
        for _ in warc_articles(path, str(path), SETTINGS):
            pass

    _tmp(data, ".warc", run)
    if data[:2] == b"\x1f\x8b":
        _tmp(data, ".warc.gz", run)


def files(data: bytes) -> None:
    """The file readers as ``marsad analyze`` sees them: .txt, .html, .jsonl (errors are yielded)."""
    from marsad.ingest import iter_articles

    for suffix in (".txt", ".html", ".jsonl"):
        _tmp(data, suffix, lambda path: list(iter_articles([str(path)], settings=SETTINGS)))


def kb(data: bytes) -> None:
    """A user knowledge-base file (YAML, CSV, TSV): loads or raises KnowledgeBaseError."""
    import warnings

    from marsad.kb import load_kb

    for suffix in (".yaml", ".csv", ".tsv"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _tmp(data, suffix, lambda path: load_kb([path]))
        except MarsadError:
            pass


def arabic(data: bytes) -> None:
    """Normalisation (offset map), sentence splitting and tokens: every offset inside the text."""
    from marsad.arabic.normalize import normalize
    from marsad.arabic.sentences import split_sentences
    from marsad.arabic.tokens import tokenize

    raw = _text(data)
    norm = normalize(raw)
    n = len(norm.text)
    for start, end in ((0, n), (0, 0), (n, n), (n // 3, n // 2)):
        a, b = norm.to_original(start, end)
        _check(0 <= a <= b <= len(raw), f"to_original({start}, {end}) = ({a}, {b}) outside the original")
    last = 0
    for start, end in split_sentences(raw):
        _check(last <= start <= end <= len(raw), f"sentence ({start}, {end}) out of order or range")
        last = end
    for token in tokenize(raw[:20000]):
        _check(raw[token.start:token.end] == token.text, f"token {token!r} is not its text")


def pipeline(data: bytes, *, settings: Settings | None = None) -> None:
    """The whole default pipeline through ``analyze_items`` (budget enforced), contract-checked."""
    from marsad.api import analyze_items
    from marsad.contract import contract_problems
    from marsad.document import Document
    from marsad.ingest import article_from_text

    settings = settings or SETTINGS
    try:
        article = article_from_text(_text(data), origin="fuzz.txt", settings=settings)
    except MarsadError:
        return
    for out in analyze_items([article], settings=settings):
        if isinstance(out, MarsadError):
            _check(out.code != "marsad_error", f"internal error in the pipeline: {out}")
            continue
        _check(isinstance(out, Document), "analyze_items yielded something else")
        problems = contract_problems(json.loads(json.dumps(out.to_dict(), ensure_ascii=False)))
        _check(not problems, f"contract broken: {problems[:3]}")


FAST: dict[str, Callable[[bytes], None]] = {
    "decoding": decoding, "html": html, "text": text, "feed": feed, "warc": warc, "files": files, "kb": kb,
    "arabic": arabic,
}
ALL: dict[str, Callable[[bytes], None]] = {**FAST, "pipeline": pipeline}


def run_target(name: str, data: bytes) -> str | None:
    """Run one target; the finding (``TYPE: message``) or None when all held."""
    try:
        ALL[name](data)
    except MarsadError:
        return None
    except Exception as exc:  # a crash or a broken invariant is what fuzzing looks for
        return f"{type(exc).__name__}: {str(exc)[:300]}"
    return None
