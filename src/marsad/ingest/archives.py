"""Compressed inputs and web archives: gzip files and WARC/ARC records (warcio).

A WARC file is read record by record (never whole), so a crawl of many gigabytes streams; each
``response`` record holding an HTML page becomes one article, with the record's target URI as its
URL and its ``WARC-Date`` as the publication date when the page itself gives none. Records that
are not pages (requests, metadata, images, robots.txt) are passed over silently; a page that
cannot be read is yielded as an error naming the record, and a corrupt archive stops with an error
after the records read so far.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.errors import InputError, InputTooLarge
from marsad.ingest.article import Article

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_CHUNK = 1 << 16
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(WARC_SUFFIXES)


def gunzip(path: Path, origin: str, limit: int) -> bytes:
    """The decompressed bytes of a gzip file, refusing more than ``limit`` bytes (gzip bombs)."""
    out = bytearray()
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise InputTooLarge(
                        f"the gzip file decompresses to more than MARSAD_MAX_INPUT_BYTES ({limit:,} bytes); "
                        "split it or raise the limit",
                        origin=origin,
                    )
    except EOFError as exc:
        raise InputError("the gzip file is truncated (it ends before its data does); download it again",
                         origin=origin) from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"the file is not valid gzip ({exc}); check that it is a .gz file", origin=origin) from exc
    except OSError as exc:
        raise InputError(f"cannot read the gzip file ({exc.strerror or exc})", origin=origin) from exc
    return bytes(out)


def _header(record: Any, name: str) -> str | None:
    value = record.rec_headers.get_header(name)
    return str(value) if value else None


def _http_charset(record: Any) -> str | None:
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return None
    match = _CHARSET.search(headers.get_header("Content-Type") or "")
    return match.group(1) if match else None


def _is_page(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    headers = getattr(record, "http_headers", None)
    if headers is not None:
        status = headers.get_statuscode()
        if status and not str(status).startswith("2"):
            return False
        content_type = (headers.get_header("Content-Type") or "").lower()
    else:
        content_type = (_header(record, "Content-Type") or "").lower()
    return any(kind in content_type for kind in _HTML_TYPES)


def _read_payload(record: Any, limit: int, origin: str) -> bytes:
    stream = record.content_stream()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(
            f"this record's page is larger than MARSAD_MAX_INPUT_BYTES ({limit:,} bytes); it was skipped",
            origin=origin,
        )
    return bytes(data)


def iter_warc(path: Path, origin: str, limit: int) -> Iterator[tuple[str, bytes, dict[str, str | None]] | InputError]:
    """(record origin, page bytes, {url, date, charset}) for every HTML page record, or errors."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"cannot read the archive ({exc.strerror or exc})", origin=origin)
        return
    count = 0
    with handle:
        records = ArchiveIterator(handle, arc2warc=True)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError,
                    AttributeError) as exc:  # warcio: a response record without WARC-Target-URI
                detail = ascii(str(exc))[1:-1][:120]
                yield InputError(
                    f"the archive is corrupt after {count} record(s) ({type(exc).__name__}: {detail}); "
                    "the records before it were read",
                    origin=origin,
                )
                return
            count += 1
            if not _is_page(record):
                continue
            record_origin = f"{origin}#{count}"
            meta = {"url": _header(record, "WARC-Target-URI"), "date": _header(record, "WARC-Date"),
                    "charset": _http_charset(record)}
            try:
                yield record_origin, _read_payload(record, limit, record_origin), meta
            except InputError as exc:
                yield exc
            except (EOFError, zlib.error, OSError) as exc:
                yield InputError(f"this record is truncated or corrupt ({exc}); it was skipped", origin=record_origin)


def warc_articles(path: Path, origin: str, settings: Any) -> Iterator[Article | InputError]:
    """Articles from the HTML page records of a WARC/ARC file (see the module docstring)."""
    from marsad.ingest.dates import parse_date
    from marsad.ingest.pages import page_article

    found = False
    for item in iter_warc(path, origin, settings.max_input_bytes):
        if isinstance(item, InputError):
            found = True
            yield item
            continue
        found = True
        record_origin, data, meta = item
        result = page_article(data, url=meta["url"], origin=record_origin, settings=settings,
                              http_charset=meta["charset"])
        if isinstance(result, Article) and result.meta.published is None and meta["date"]:
            result.meta.published = parse_date(meta["date"][:10])
            result.meta.warnings.append("no publication date on the page; the archive's capture date is used")
        yield result
    if not found:
        yield InputError("the archive holds no HTML page records", origin=origin)
