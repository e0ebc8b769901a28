"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL: ``MARSAD_TEST_POSTGRES_URL`` when set, else a throwaway cluster started once per
session (``tests/pg.py``). Without PostgreSQL binaries the PostgreSQL half is skipped with a
reason, except in CI (``CI=true``), where it fails. Each test gets its own schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

import pg


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server for tests (skips, or fails in CI, when there is none)."""
    given = os.environ.get("MARSAD_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        server = pg.start_server()
    except (FileNotFoundError, RuntimeError, OSError) as exc:
        if _in_ci():
            pytest.fail(f"PostgreSQL is needed in CI: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server.url
    finally:
        server.stop()


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``search_path`` set to ``schema`` (the store creates its tables there)."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh, empty schema on the test server, dropped after the test."""
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(postgres_url, schema)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store lives: an SQLite file, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def store(store_target: str) -> Iterator[Any]:
    from marsad.store import open_store

    opened = open_store(store_target)
    try:
        yield opened
    finally:
        opened.close()
