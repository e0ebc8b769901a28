"""The store: analysed articles in SQLite (default, one file) or PostgreSQL, one schema.

>>> import marsad
>>> store = marsad.open("marsad.db")          # doctest: +SKIP
>>> store.search("العراق").count             # doctest: +SKIP

``open_store(target)``: a path opens (or creates) an SQLite file, a ``postgresql://`` URL a
PostgreSQL database, None ``MARSAD_DATABASE_URL`` or ``./marsad.db``. The contract every
backend keeps is ``marsad.store.base.Store``; both backends add ``documents_df()``,
``entities_df()``, ``quotes_df()`` and ``events_df()`` (pandas DataFrames).
"""

from __future__ import annotations

import os
from pathlib import Path

from marsad.errors import StoreError
from marsad.store.base import Filters, Page, SearchResult, Store
from marsad.store.sql import SqlStore

__all__ = ["DEFAULT_PATH", "Filters", "Page", "SearchResult", "SqlStore", "Store", "StoreError", "open",
           "open_store"]

DEFAULT_PATH = "marsad.db"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def default_target() -> str:
    """``MARSAD_DATABASE_URL`` when set, else ``./marsad.db``."""
    from marsad.settings import get_settings

    return get_settings().database_url or os.environ.get("MARSAD_DATABASE_URL") or DEFAULT_PATH


def open_store(target: str | os.PathLike[str] | None = None) -> SqlStore:
    """Open (creating and migrating when needed) the store at ``target``."""
    where = str(target) if target is not None else default_target()
    if where.startswith(_POSTGRES_SCHEMES):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(where.replace("postgresql+psycopg://", "postgresql://", 1))
    if "://" in where and not where.startswith("file://"):
        raise StoreError(f"unsupported database URL {where.split('://')[0]}://…; give a file path or a "
                         "postgresql:// URL")
    from marsad.store.sqlite import SQLiteStore

    return SQLiteStore(Path(where.removeprefix("file://")))


def open(target: str | os.PathLike[str] | None = None) -> SqlStore:
    """``marsad.open(db)``: the store at ``db`` (see ``open_store``), with DataFrame helpers."""
    return open_store(target)
