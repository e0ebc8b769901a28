"""The store's contract: what every backend (SQLite, PostgreSQL) offers the CLI, the HTTP API,
the exports and the Python API (``marsad.open``).

Records are ``marsad.document/1`` dicts (``Document.to_dict()``); list results are ``Page``s
(``data`` plus the total ``count``) so that the API can return ``{data, count}`` as they are.
Filters are one ``Filters`` object for every list and search.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from marsad.document import Document


@dataclass(frozen=True)
class Filters:
    """Narrowing shared by search, lists and exports (all optional; combined with AND)."""

    date_from: str | None = None  # ISO date, inclusive, on the document's publication date
    date_to: str | None = None  # ISO date, inclusive
    outlet: str | None = None
    entity: str | None = None  # kb_id of an entity the document/quote/event involves
    event_type: str | None = None  # PLOVER type
    country: str | None = None  # ISO alpha-2 of an event's place / a document's places
    modality: str | None = None
    reference: str | None = None  # current | background (events)
    speaker: str | None = None  # kb_id of a quote's speaker (quotes)
    kind: str | None = None  # quote kind (quotes)


@dataclass
class Page:
    data: list[dict[str, Any]]
    count: int


@dataclass
class SearchResult(Page):
    """``data`` items: {"id", "title", "published", "outlet", "url", "snippet", "score"}; the
    snippet marks matches with <mark>…</mark> around text that is otherwise HTML-escaped.
    ``facets``: name → [{"value", "count"}] for outlet, event_type, country, modality, entity."""

    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class Store(Protocol):
    url: str  # where it lives: a file path or a postgresql:// URL (password masked)

    # -- writing --------------------------------------------------------------------------------
    def save(self, doc: Document | dict[str, Any], *, original: bytes | str | None = None,
             run_id: int | None = None) -> str:
        """Store one analysed document (or record) in one transaction, replacing every row of an
        earlier version with the same id (upsert: never duplicated); returns its id."""

    def save_many(self, docs: Iterable[Document | dict[str, Any]], *, run_id: int | None = None) -> int:
        """``save`` in batches (one transaction per batch, never a partial article)."""

    def start_run(self, command: str, inputs: list[str], pipeline_version: str) -> int: ...
    def finish_run(self, run_id: int, *, documents: int, skipped: int, errors: int) -> None: ...

    # -- reading --------------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The full record as analysed (plus ``stored_at``, ``run_id``)."""

    def original(self, doc_id: str) -> bytes | None:
        """The input as it came (HTML page, text), when kept."""

    def list_documents(self, filters: Filters = Filters(), *, limit: int = 20, offset: int = 0) -> Page:
        """Summaries: id, title, published, outlet, url, counts of entities/quotes/events."""

    def iter_records(self, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
        """Every matching full record, streamed (exports)."""

    def search(self, q: str, filters: Filters = Filters(), *, limit: int = 20, offset: int = 0,
               facets: bool = True) -> SearchResult:
        """Arabic-aware full text search (clitics, diacritics, hamza/ya/ta-marbuta variants)."""

    def entity(self, kb_id: str) -> dict[str, Any] | None:
        """{kb_id, type, name, name_en, kind, geo, aliases (surfaces seen), documents (count),
        mentions_by_month [{month, count}], quotes [...], events_as_actor [...],
        events_as_target [...], cooccurring [{kb_id, name, count}]}."""

    def list_entities(self, filters: Filters = Filters(), *, q: str | None = None, limit: int = 20,
                      offset: int = 0) -> Page: ...

    def list_quotes(self, filters: Filters = Filters(), *, q: str | None = None, limit: int = 20,
                    offset: int = 0) -> Page:
        """Items: doc_id, id, kind, content (text), cue, speaker {kb_id, name}, addressee, published."""

    def list_events(self, filters: Filters = Filters(), *, limit: int = 20, offset: int = 0,
                    sort: str = "-date") -> Page:
        """Items: doc_id, id, type, mode, acled, trigger (text), actors/targets [{kb_id, name}],
        place {kb_id, name, lat, lon, country}, date, dead, injured, size, modality, reference,
        cluster_id."""

    def event_clusters(self, filters: Filters = Filters(), *, limit: int = 20, offset: int = 0) -> Page:
        """One item per real-world event reported by one or more articles: id, type, date, place,
        reports [{doc_id, event_id, outlet, published, dead, injured}], dead_min/dead_max."""

    def stats(self) -> dict[str, int]:
        """Counts: documents, entities, mentions, quotes, events, clusters, runs."""

    def check(self) -> list[str]:
        """Integrity problems found (empty when healthy): ``marsad doctor``."""

    def close(self) -> None: ...
