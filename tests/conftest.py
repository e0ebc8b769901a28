from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["conftest_store"]  # store fixtures: SQLite and a real PostgreSQL server

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip: it is development data that a plain clone does not have."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (development data beside the repo)")
    return SHARED_DATA
