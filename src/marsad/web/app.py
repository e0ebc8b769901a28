"""The web application: ``create_app()`` builds the FastAPI app that ``marsad serve`` runs.

The JSON API lives under ``/api`` (``marsad.web.api``), its OpenAPI description at
``/openapi.json`` and interactive docs at ``/api/docs``; the web UI adds its pages to the same
app.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

import anyio
from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import __version__
from marsad.settings import Settings, get_settings
from marsad.store.base import Store
from marsad.web.api import router
from marsad.web.cache import FreshAnswers, ReadCache
from marsad.web.errors import error_body, install_error_handlers
from marsad.web.ui import mount_ui

DESCRIPTION = """Entities, quotes and events from Arabic news, each traced to the characters of its
source. Lists come back as `{data, count}` (`limit` 1–100, `offset`); every error as
`{error, message, origin}` (plus `details` for invalid requests). `POST /api/documents` needs
`Authorization: Bearer TOKEN` with a token from `MARSAD_API_TOKENS`; reads need one too when
`MARSAD_API_READ_TOKEN_REQUIRED` is on."""


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 ``input_too_large``: at once when the
    ``Content-Length`` says so, else as soon as the streamed body passes the limit.

    The rest of a refused body is read and dropped (up to ``DRAIN_FACTOR`` times the limit)
    before the answer, so that closing the connection does not reset it under the client.
    """

    DRAIN_FACTOR = 16

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return (f"the request body is larger than MARSAD_API_MAX_BODY_BYTES ({self.max_bytes:,} bytes); "
                "send a smaller article")

    async def _drain(self, receive: Receive, seen: int) -> None:
        while seen <= self.max_bytes * self.DRAIN_FACTOR:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes:
                    if declared <= self.max_bytes * self.DRAIN_FACTOR:
                        await self._drain(receive, 0)
                    await self._refuse(scope, send, 413)
                    return
                if declared < 0:
                    await self._refuse(scope, send, 400)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    if message.get("more_body", False):
                        await self._drain(receive, seen)
                    raise StarletteHTTPException(413, self._message())
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, send: Send, status: int) -> None:
        if status == 413:
            body = error_body("input_too_large", self._message(), scope.get("path"))
        else:
            body = error_body("bad_request", "the Content-Length header is not a number", scope.get("path"))
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    """The marsad web app over ``store`` (opened from the settings' database when None; then the
    app closes it on shutdown)."""
    settings = settings or get_settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="marsad",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else _open_store(settings)
    app.state.analysis_limiter = anyio.CapacityLimiter(1)  # analyses run one at a time
    app.state.cache = ReadCache(settings.api_cache_seconds)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(FreshAnswers, cache=app.state.cache, enabled=not settings.api_read_token_required)
    app.include_router(router)
    mount_ui(app)  # the web UI's pages and /static
    return app


def _open_store(settings: Settings) -> Store:
    from marsad.store import open_store

    opened: Any = open_store(settings.database_url or None)
    return cast(Store, opened)
