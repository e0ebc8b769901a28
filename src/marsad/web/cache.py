"""A short-lived cache of read answers (JSON bytes), so that a busy API does not ask the store
the same question hundreds of times a second.

- An answer is fresh for ``ttl`` seconds (``MARSAD_API_CACHE_SECONDS``; 0 turns the cache off).
- After that it is still served, for at most ``max_stale`` more seconds, while one background
  refresh runs (stale-while-revalidate): a slow store query never makes clients wait twice.
- Concurrent misses of one key share one computation; computations run in worker threads.
- Every write through the API clears it; writes by other processes (``marsad analyze --db``)
  show after at most ``ttl`` seconds plus one refresh.
- Errors (404, store errors) are never cached.

One instance per app, used from its event loop only (no locks needed).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send


@dataclass(frozen=True, slots=True)
class _Entry:
    made: float
    generation: int
    value: bytes


def _consume(task: asyncio.Future[bytes]) -> None:
    """Mark a background refresh's failure as seen (the next request retries it)."""
    if not task.cancelled():
        task.exception()


def cache_key(path: str, query_string: bytes) -> str:
    """The cache key of a request: its path and its query parameters in a stable order."""
    params = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return f"{path}?{urlencode(sorted(params))}"


def media_type_of(path: str) -> str:
    return "application/geo+json" if path.endswith(".geojson") else "application/json"


class ReadCache:
    def __init__(self, ttl: float, *, max_stale: float = 60.0, max_entries: int = 4096) -> None:
        self.ttl = ttl
        self.max_stale = max_stale
        self.max_entries = max_entries
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._pending: dict[str, asyncio.Future[bytes]] = {}
        self._generation = 0
        self.hits = self.misses = self.stale = 0

    def clear(self) -> None:
        """Forget every answer (after a write); computations under way are not stored."""
        self._entries.clear()
        self._generation += 1

    def fresh(self, key: str) -> bytes | None:
        """The answer for ``key`` when it is fresh, else None (the route then answers)."""
        entry = self._entries.get(key)
        if entry is None or entry.generation != self._generation or time.monotonic() - entry.made >= self.ttl:
            return None
        self.hits += 1
        return entry.value

    async def get(self, key: str, compute: Callable[[], bytes]) -> bytes:
        """The answer for ``key``: cached, or ``compute()`` run in a worker thread."""
        if self.ttl <= 0:
            return await anyio.to_thread.run_sync(compute)
        entry = self._entries.get(key)
        if entry is not None and entry.generation == self._generation:
            age = time.monotonic() - entry.made
            if age < self.ttl:
                self.hits += 1
                self._entries.move_to_end(key)
                return entry.value
            if age < self.ttl + self.max_stale:
                self.stale += 1
                if key not in self._pending:
                    self._start(key, compute).add_done_callback(_consume)
                return entry.value
        self.misses += 1
        task = self._pending.get(key) or self._start(key, compute)
        return await asyncio.shield(task)

    def _start(self, key: str, compute: Callable[[], bytes]) -> asyncio.Future[bytes]:
        task = asyncio.ensure_future(self._fill(key, compute))
        self._pending[key] = task
        return task

    async def _fill(self, key: str, compute: Callable[[], bytes]) -> bytes:
        generation = self._generation
        try:
            value = await anyio.to_thread.run_sync(compute)
        finally:
            self._pending.pop(key, None)
        if generation == self._generation:
            self._entries[key] = _Entry(time.monotonic(), generation, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value


class FreshAnswers:
    """ASGI middleware: a ``GET /api/...`` whose answer is fresh in the cache is answered here,
    before routing, parameter checks and dependencies (they passed when the answer was made).
    Only when reads need no token; everything else goes on to the app."""

    def __init__(self, app: ASGIApp, cache: ReadCache, enabled: bool) -> None:
        self.app = app
        self.cache = cache
        self.enabled = enabled and cache.ttl > 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.enabled and scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            if path.startswith("/api/"):
                body = self.cache.fresh(cache_key(path, scope.get("query_string", b"")))
                if body is not None:
                    await send({"type": "http.response.start", "status": 200, "headers": [
                        (b"content-length", str(len(body)).encode("latin-1")),
                        (b"content-type", media_type_of(path).encode("latin-1"))]})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)
