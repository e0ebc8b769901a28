"""What a worker process does with one unit: ingest, analyse, return JSON-ready results.

The pipeline and the knowledge base are loaded once per worker (``init_worker``), never per
article. Each unit runs under a time budget (``MARSAD_DOC_TIMEOUT``) enforced with a timer
signal, so a pathological page is recorded as failed instead of stalling the batch.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

from marsad.errors import InputError, MarsadError
from marsad.scale.units import Unit
from marsad.settings import Settings, get_settings


class UnitTimeout(Exception):
    """The unit ran past its time budget."""


@dataclass(slots=True)
class Result:
    """One unit's outcome: ``records`` (JSON strings of marsad.document/1) and ``errors``
    (``{"code", "message", "origin"}``) — a WARC file gives many of each."""

    key: str
    records: list[str]
    errors: list[dict[str, Any]]
    seconds: float = 0.0


_state: dict[str, Any] = {}


def init_worker(pipeline: list[str] | None = None, settings: Settings | None = None) -> None:
    """Load the pipeline (and with it the models and the knowledge base) once."""
    from marsad.api import get_pipeline

    settings = settings or get_settings()
    _state["settings"] = settings
    _state["pipeline"] = get_pipeline(pipeline or None, settings)
    signal.signal(signal.SIGALRM, _on_alarm)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise UnitTimeout


def _articles(unit: Unit, settings: Settings) -> Iterator[Any]:
    from marsad.ingest import iter_articles
    from marsad.ingest.readers import _attempt, _jsonl_article

    if unit.kind == "line":
        yield _attempt(unit.key, lambda: _jsonl_article(unit.payload, unit.key, settings, []))
    else:
        yield from iter_articles([unit.payload], settings=settings)


def run_unit(unit: Unit) -> Result:
    """Ingest and analyse one unit within the time budget; never raises."""
    import time

    if not _state:
        init_worker()
    settings: Settings = _state["settings"]
    started = time.perf_counter()
    result = Result(unit.key, [], [])
    try:
        signal.setitimer(signal.ITIMER_REAL, settings.doc_timeout)
        try:
            _analyse(unit, settings, result)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except UnitTimeout:
        result.records.clear()
        result.errors.append({"code": "timeout", "origin": unit.key,
                              "message": f"took longer than MARSAD_DOC_TIMEOUT ({settings.doc_timeout:g} s); skipped"})
    except Exception as exc:  # a surprise in one unit must not stop the batch
        result.errors.append({"code": "internal_error", "origin": unit.key,
                              "message": f"{type(exc).__name__}: {exc}; please report it"})
    result.seconds = time.perf_counter() - started
    return result


def _analyse(unit: Unit, settings: Settings, result: Result) -> None:
    from marsad.api import analyze_article

    for item in _articles(unit, settings):
        if isinstance(item, InputError):
            result.errors.append(_error(item, unit.key))
            continue
        try:
            doc = analyze_article(item, _state["pipeline"])
        except MarsadError as exc:
            result.errors.append(_error(exc, item.meta.origin or unit.key))
            continue
        result.records.append(json.dumps(doc.to_dict(), ensure_ascii=False))


def _error(error: MarsadError, origin: str) -> dict[str, Any]:
    return {"code": error.code, "message": error.message, "origin": error.origin or origin}
