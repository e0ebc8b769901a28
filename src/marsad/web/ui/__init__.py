"""The web UI (``/``, ``/search``, ``/articles/{id}``, ``/entities/{kb_id}``, ``/events``,
``/quotes``, ``/ingest``): server-rendered pages over the same store as the API, served by
``marsad serve``. ``mount_ui(app)`` adds the pages and ``/static``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from marsad.web.ui.routes import STATIC_DIR, router


def mount_ui(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


__all__ = ["mount_ui", "router"]
