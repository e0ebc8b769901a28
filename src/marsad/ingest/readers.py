"""Reading what users have: files, directories, JSONL and stdin, one article or error at a time.

``iter_articles`` never raises for a bad input: it yields the ``InputError`` (with ``origin``
set) and goes on, so one broken file in a directory of thousands costs one line of output.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from marsad.document import DateValue, Meta, Source
from marsad.errors import (
    EmptyInput,
    InputError,
    InputNotFound,
    InputTooLarge,
    NoArticleBody,
    UnsupportedFormat,
)
from marsad.ingest.agencies import split_agencies
from marsad.ingest.archives import gunzip, is_warc, warc_articles
from marsad.ingest.article import Article
from marsad.ingest.checks import check_article
from marsad.ingest.clean import clean_text
from marsad.ingest.dates import parse_date
from marsad.ingest.encoding import (
    decode_with_warnings,
    looks_like_mojibake,
    repair_mojibake,
    sniff_html_charset,
)
from marsad.ingest.html import extract_html
from marsad.ingest.links import link_articles, looks_like_url_list
from marsad.settings import Settings, get_settings

#: File extensions read, and how (each also gzip-compressed: ``.jsonl.gz``).
FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".xml": "links",
           ".rss": "links", ".atom": "links", ".urls": "links"}
_FORMAT_LIST = ", ".join([*FORMATS, ".gz", ".warc", ".warc.gz", ".arc"])
_STDIN = "<stdin>"
_SNIFF_CHARS = 2048
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|section|div|p|h1)\b", re.IGNORECASE
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^<>]*>", re.IGNORECASE)
_MIN_TAGS = 2


def looks_like_html(text: str) -> bool:
    """Starts with an HTML tag or has <html>/<body> near the top, and has more than one tag."""
    head = text.lstrip("\ufeff \t\r\n")[:_SNIFF_CHARS]
    starts = bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))
    return starts and len(_TAG.findall(head)) >= _MIN_TAGS


def sniff_format(text: str) -> str:
    """"html", "jsonl" (every non-empty line is a JSON object) or "text", for stdin."""
    if looks_like_html(text):
        return "html"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and all(line.startswith("{") and line.endswith("}") for line in lines):
        return "jsonl"
    return "text"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _too_large(what: str, size: int | None, limit: int, origin: str) -> InputTooLarge:
    told = f" is {_size(size)}," if size is not None else ""
    return InputTooLarge(
        f"{what}{told} larger than MARSAD_MAX_INPUT_BYTES ({_size(limit)}); split it or raise the limit",
        origin=origin,
    )


def article_from_text(
    raw: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | DateValue | None = None,
    outlet: str | None = None,
    origin: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """One checked article from raw text (scraper debris is cleaned off first).

    Given metadata wins over what the text shows (a first line repeating ``title`` is dropped);
    otherwise the headline and a date line under it are taken from the text. Raises
    ``EmptyInput``, ``NoArticleBody``, ``NotArabic`` or ``InputTooLarge``.
    """
    if not raw.strip():
        raise EmptyInput("the text is empty; give the article's text", origin=origin)
    warnings: list[str] = []
    if looks_like_mojibake(raw) and (repaired := repair_mojibake(raw)) is not None:
        raw = repaired
        warnings.append("repaired mojibake: the text was UTF-8 Arabic decoded with a Western code page")
    title = " ".join(title.split()) if title and title.strip() else None
    cleaned = clean_text(raw, title=title)
    date = cleaned.published
    if isinstance(published, DateValue):
        date = published
    elif published and published.strip():
        if (parsed := parse_date(published)) is not None:
            date = parsed
        else:
            warnings.append(f"could not read the published date {published!r}; write it as YYYY-MM-DD")
    meta = Meta(
        title=title or cleaned.title,
        published=date,
        source=Source(url=url or None, outlet=outlet or None, credits=cleaned.credits),
        removed=cleaned.removed,
        warnings=warnings,
        origin=origin,
    )
    return check_article(Article(cleaned.text, meta), settings or get_settings())


def _attempt(origin: str, make: Callable[[], Article]) -> Article | InputError:
    """``make()``, or the error it raised with ``origin`` filled in."""
    try:
        return make()
    except InputError as exc:
        exc.origin = exc.origin or origin
        return exc
    except Exception as exc:  # one input's surprise must not stop the others
        return InputError(
            f"could not read this input ({type(exc).__name__}: {exc}); please report it", origin=origin
        )


def _html_article(text: str, origin: str, settings: Settings, warnings: list[str]) -> Article:
    article = extract_html(text, origin=origin)
    article.meta.warnings[:0] = warnings
    return check_article(article, settings)


def _text_article(text: str, origin: str, settings: Settings, warnings: list[str]) -> Article:
    if looks_like_html(text):
        warnings = [*warnings, "the file holds HTML; read it as a web page"]
        return _html_article(text, origin, settings, warnings)
    article = article_from_text(text, origin=origin, settings=settings)
    article.meta.warnings[:0] = warnings
    return article


def _field(record: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _authors(record: dict[str, Any]) -> list[str]:
    value = record.get("authors", record.get("author"))
    items = value if isinstance(value, list) else [value]
    names = [_field({"n": item}, "n") for item in items]
    return [name for name in names if name]


def _jsonl_article(line: str, origin: str, settings: Settings, warnings: list[str]) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"this line is not valid JSON ({exc.msg} at column {exc.colno}); "
            "each line of a .jsonl file must be one JSON object",
            origin=origin,
        ) from exc
    if not isinstance(record, dict):
        raise InputError(
            f"this line is a JSON {type(record).__name__}, not an object; write one "
            '{"title": ..., "content": ...} object per line',
            origin=origin,
        )
    body = _field(record, "content", "text")
    if body is None:
        raise NoArticleBody(
            "this line has no 'content' or 'text' field with the article's text", origin=origin
        )
    title, url = _field(record, "title"), _field(record, "url")
    published = _field(record, "published", "date")
    outlet = _field(record, "source", "outlet")
    if looks_like_html(body):
        article = extract_html(body, url=url, origin=origin)
        meta = article.meta
        meta.title = title or meta.title
        meta.source.outlet = outlet or meta.source.outlet
        if published and (parsed := parse_date(published)):
            meta.published = parsed
        article = check_article(article, settings)
    else:
        article = article_from_text(
            body, title=title, url=url, published=published, outlet=outlet, origin=origin, settings=settings
        )
    people, agencies = split_agencies(_authors(record))
    article.meta.authors = people or article.meta.authors
    article.meta.source.credits += [a for a in agencies if a not in article.meta.source.credits]
    crawled = _field(record, "date_extracted", "crawled", "crawl_date", "fetched")
    if article.meta.published is None and crawled and (when := parse_date(crawled[:10])) is not None:
        article.meta.published = when
        warnings = [*warnings, "no publication date: the crawl date is the anchor for relative dates"]
    article.meta.warnings[:0] = warnings
    return article


def _from_data(data: bytes, kind: str, origin: str, settings: Settings) -> Iterator[Article | InputError]:
    """Articles from one input's bytes (``kind``: html, text, jsonl, or sniff for stdin)."""
    try:
        declared = sniff_html_charset(data) if kind in ("html", "sniff") else None
        decoded = decode_with_warnings(data, declared=declared, origin=origin)
    except InputError as exc:
        yield exc
        return
    text = decoded.text
    if not text.strip("\ufeff \t\r\n\u00a0"):
        yield EmptyInput("the input is empty (only whitespace); give an article's text", origin=origin)
        return
    if kind == "sniff":
        kind = sniff_format(text)
    if kind == "text" and looks_like_url_list(text):
        yield from link_articles(data, origin, settings)
        return
    if kind == "jsonl":
        count = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                count += 1
                line_origin = f"{origin}:{number}"
                make = functools.partial(_jsonl_article, line, line_origin, settings, list(decoded.warnings))
                yield _attempt(line_origin, make)
        if not count:
            yield EmptyInput("the JSONL file has no lines", origin=origin)
    elif kind == "html":
        yield _attempt(origin, functools.partial(_html_article, text, origin, settings, decoded.warnings))
    else:
        yield _attempt(origin, functools.partial(_text_article, text, origin, settings, decoded.warnings))


def _read_file(path: Path, origin: str, limit: int) -> bytes:
    """The file's bytes; the size is checked from ``stat`` before anything is read."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large("the file", size, limit, origin)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # never more, even if the file grew or is a device
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot read the file ({reason}); check its permissions", origin=origin) from exc
    if len(data) > limit:
        raise _too_large("the file", None, limit, origin)
    if not data.strip():
        raise EmptyInput(
            "the file is empty" if not data else "the file is empty (only whitespace)", origin=origin
        )
    return data


def _kind(path: Path) -> tuple[str | None, bool]:
    """(format, gzip-compressed) from the file name: ``a.jsonl.gz`` is ("jsonl", True)."""
    suffixes = [s.lower() for s in path.suffixes]
    if is_warc(path):
        return "warc", False
    if suffixes and suffixes[-1] == ".gz":
        return (FORMATS.get(suffixes[-2]) if len(suffixes) > 1 else None), True
    return FORMATS.get(path.suffix.lower()), False


def _from_file(path: Path, origin: str, settings: Settings) -> Iterator[Article | InputError]:
    kind, compressed = _kind(path)
    if kind == "warc":
        yield from warc_articles(path, origin, settings)
        return
    if kind is None:
        shown = path.suffix or "(no extension)"
        yield UnsupportedFormat(
            f"unsupported file type {shown}; marsad reads {_FORMAT_LIST} "
            "(convert other formats to text first)",
            origin=origin,
        )
        return
    try:
        if compressed:
            data = gunzip(path, origin, settings.max_input_bytes)
            if not data.strip():
                raise EmptyInput("the gzip file holds nothing", origin=origin)
        else:
            data = _read_file(path, origin, settings.max_input_bytes)
    except InputError as exc:
        yield exc
        return
    if kind == "links":
        yield from link_articles(data, origin, settings)
        return
    yield from _from_data(data, kind, origin, settings)


def _walk(root: Path) -> list[Path]:
    """Readable files under ``root``, recursively and sorted; hidden files and folders skipped."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [Path(folder, name) for name in files
                  if not name.startswith(".") and _kind(Path(name))[0] is not None]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _from_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Article | InputError]:
    limit = settings.max_input_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield _too_large("stdin", None, limit, _STDIN)
        return
    if not data.strip():
        yield EmptyInput("stdin is empty; pipe an article's text, HTML or JSONL into marsad", origin=_STDIN)
        return
    yield from _from_data(data, "sniff", _STDIN, settings)


def iter_articles(
    paths: Sequence[str], *, settings: Settings | None = None, stdin: BinaryIO | None = None
) -> Iterator[Article | InputError]:
    """Articles from files, directories (recursively), JSONL files and ``-`` (stdin).

    Yields an ``Article`` per article, or the ``InputError`` that stopped one input (its
    ``origin`` says which); errors are never raised, so the remaining inputs are still read.
    """
    settings = settings or get_settings()
    for name in paths:
        if name == "-":
            yield from _from_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(name)
        if path.is_dir():
            files = _walk(path)
            if not files:
                yield EmptyInput(f"the directory has no {_FORMAT_LIST} files", origin=name)
            for file in files:
                yield from _from_file(file, str(file), settings)
        elif path.exists():
            yield from _from_file(path, name, settings)
        else:
            yield InputNotFound("no such file or directory; check the path", origin=name)
