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

import anyio.to_thread


@dataclass(frozen=True, slots=True)
class _Entry:
    made: float
    generation: int
    value: bytes


def _consume(task: asyncio.Future[bytes]) -> None:
    """Mark a background refresh's failure as seen (the next request retries it)."""
    if not task.cancelled():
        task.exception()


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
