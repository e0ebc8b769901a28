"""The public Python API. Every CLI command is a thin layer over a function here."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from types import FrameType
from typing import BinaryIO

from marsad.document import Document
from marsad.errors import DocumentTimeout, InputError, MarsadError
from marsad.ingest import Article, article_from_text, iter_articles
from marsad.ingest.dedup import DuplicateIndex
from marsad.pipeline import Pipeline, build_pipeline
from marsad.settings import Settings, get_settings


@lru_cache(maxsize=8)
def _cached_pipeline(names: tuple[str, ...]) -> Pipeline:
    return build_pipeline(names or None)


def get_pipeline(pipeline: Pipeline | Sequence[str] | None = None, settings: Settings | None = None) -> Pipeline:
    """A built pipeline: the one given, the named steps, ``MARSAD_PIPELINE``, or the default."""
    if isinstance(pipeline, Pipeline):
        return pipeline
    if pipeline is None:
        configured = (settings or get_settings()).pipeline
        pipeline = [n.strip() for n in configured.split(",") if n.strip()]
    return _cached_pipeline(tuple(pipeline))


def analyze_article(article: Article, pipeline: Pipeline | Sequence[str] | None = None) -> Document:
    """Run the pipeline over one ingested article."""
    doc = Document(article.text, article.meta)
    return get_pipeline(pipeline)(doc)


def analyze(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    pipeline: Pipeline | Sequence[str] | None = None,
) -> Document:
    """Analyse one article given as text (scraper debris is cleaned off first).

    >>> doc = analyze("بيروت - قال وزير الداخلية اللبناني أمس إن قوى الأمن اعتقلت خمسة أشخاص.")
    >>> doc.to_dict()["schema"]
    'marsad.document/1'
    """
    article = article_from_text(text, title=title, url=url, published=published, outlet=outlet, origin="<text>")
    return analyze_article(article, pipeline)


def analyze_paths(
    paths: Sequence[str],
    *,
    pipeline: Pipeline | Sequence[str] | None = None,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
    dedup: DuplicateIndex | None = None,
) -> Iterator[Document | MarsadError]:
    """Analyse files, directories (recursively), JSONL files and ``-`` (stdin).

    Yields one ``Document`` per article, or the error that stopped one input; an error never
    stops the inputs after it.
    """
    yield from analyze_items(iter_articles(paths, settings=settings, stdin=stdin), pipeline, settings,
                             dedup=_run_index(settings, dedup))


def analyze_urls(
    targets: Sequence[str],
    *,
    pipeline: Pipeline | Sequence[str] | None = None,
    settings: Settings | None = None,
    seen: set[str] | None = None,
    dedup: DuplicateIndex | None = None,
) -> Iterator[Document | MarsadError]:
    """Fetch and analyse pages, and the pages that feeds, sitemaps and URL lists (URLs or files)
    point to, politely (robots.txt, per-host delay, retries; see ``marsad.ingest.fetch``).

    URLs in ``seen`` are skipped and every URL tried is added to it.
    """
    from marsad.ingest.fetch import fetch_articles

    yield from analyze_items(fetch_articles(targets, settings=settings, seen=seen), pipeline, settings,
                             dedup=_run_index(settings, dedup))


def _run_index(settings: Settings | None, given: DuplicateIndex | None) -> DuplicateIndex | None:
    """The duplicate index for one run: the one given, a fresh one, or none (MARSAD_DEDUP=false)."""
    settings = settings or get_settings()
    if given is not None or not settings.dedup:
        return given
    return DuplicateIndex(threshold=settings.dedup_threshold)


class _Overrun(BaseException):
    """Raised by the SIGALRM handler; a BaseException so that no step's ``except Exception`` eats it."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Overrun


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise ``_Overrun`` in the block after ``seconds`` (a SIGALRM timer). A no-op off the main
    thread, where signals are not delivered, and where a timer or a SIGALRM handler is already set
    (``marsad process`` workers keep their own)."""
    if (threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer")
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None)):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def analyze_items(
    items: Iterable[Article | InputError],
    pipeline: Pipeline | Sequence[str] | None = None,
    settings: Settings | None = None,
    *,
    dedup: DuplicateIndex | None = None,
) -> Iterator[Document | MarsadError]:
    """Analyse ingested articles; input errors pass through, analysis errors are yielded.

    With ``dedup``, an article that duplicates one indexed before is not analysed: its record
    has ``meta.duplicate_of`` (the first copy's id) and a warning saying how similar it is.
    Analysing one article may take ``MARSAD_DOC_TIMEOUT`` seconds (enforced on the main thread);
    a slower one is yielded as ``DocumentTimeout`` and the others go on.
    """
    built = get_pipeline(pipeline, settings)
    budget = (settings or get_settings()).doc_timeout
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        if dedup is not None:
            doc = Document(item.text, item.meta)
            found = dedup.check_and_add(doc.id, item.text)
            if found is not None:
                doc.meta.duplicate_of = found.of
                doc.meta.warnings.append(f"{found.kind} duplicate of {found.of} (similarity {found.similarity:.2f}); "
                                         "not analysed again")
                doc.version = built.version
                yield doc
                continue
        try:
            try:
                with _time_budget(budget):
                    analysed = analyze_article(item, built)
            except _Overrun:
                raise DocumentTimeout(f"took longer than MARSAD_DOC_TIMEOUT ({budget:g} s) to analyse; skipped",
                                      origin=item.meta.origin) from None
            yield analysed
        except MarsadError as exc:
            exc.origin = exc.origin or item.meta.origin
            yield exc
        except Exception as exc:
            yield MarsadError(
                f"internal error while analysing ({type(exc).__name__}: {exc}); please report it",
                origin=item.meta.origin,
            )
