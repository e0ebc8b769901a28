"""marsad (مرصد): Arabic-first news intelligence, offline, with evidence for every field."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("marsad")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

from marsad.api import analyze, analyze_paths
from marsad.document import Document, Span

__all__ = ["Document", "Span", "__version__", "analyze", "analyze_paths", "open"]


def __getattr__(name: str) -> Any:
    """``marsad.open(db)``: imported on first use (the store pulls in database drivers)."""
    if name == "open":
        from marsad.store import open as open_store

        return open_store
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
