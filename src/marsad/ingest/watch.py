"""Watching feeds: fetch what is new every so often, forever or for a number of rounds.

The state (which article URLs are done) lives in a small JSON file, rewritten atomically after
each article is handled, so a watcher killed at any moment and started again neither loses an
article that was not yet written nor handles one twice.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import ConfigError, InputError
from marsad.ingest.article import Article
from marsad.ingest.fetch import Fetcher, fetch_articles
from marsad.settings import Settings, get_settings

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "90", "90s", "10m", "2h", "1d"."""
    match = _INTERVAL.match(text)
    if not match:
        raise ConfigError(f"cannot read the interval {text!r}; write e.g. 30s, 10m, 2h")
    seconds = float(match.group(1)) * _UNIT[match.group(2).lower()]
    if seconds <= 0:
        raise ConfigError("the interval must be longer than 0 seconds")
    return seconds


@dataclass
class WatchState:
    """URLs already handled, kept in ``path`` (JSON) between runs."""

    path: Path
    done: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> WatchState:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, set(data.get("done", [])))
        except (OSError, ValueError, AttributeError) as exc:
            raise ConfigError(f"the watch state file {path} is unreadable ({exc}); move it away to start afresh") \
                from exc

    def add_written(self, jsonl: Path) -> None:
        """Count as done every article already in ``jsonl`` (a watcher killed after writing an
        article but before saving its state must not write it again)."""
        if not jsonl.exists():
            return
        with jsonl.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    meta = json.loads(line).get("meta", {})
                except (ValueError, AttributeError):
                    continue  # a line cut short by a crash
                for url in (meta.get("origin"), (meta.get("source") or {}).get("url")):
                    if isinstance(url, str) and url:
                        self.done.add(url)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"done": sorted(self.done)}, handle, ensure_ascii=False)
        os.replace(tmp, self.path)


@dataclass
class RoundReport:
    round: int
    articles: int = 0
    errors: int = 0
    seconds: float = 0.0


def watch(
    feeds: Sequence[str],
    handle: Callable[[Article | InputError], None],
    *,
    state: WatchState,
    every: float,
    rounds: int | None = None,
    settings: Settings | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[RoundReport]:
    """Every ``every`` seconds, fetch the new items of ``feeds`` and pass each article or error to
    ``handle``; ``rounds`` None runs until interrupted."""
    settings = settings or get_settings()
    reports: list[RoundReport] = []
    number = 0
    with Fetcher(settings) as fetcher:
        while rounds is None or number < rounds:
            number += 1
            started = time.monotonic()
            report = RoundReport(number)
            tried = set(state.done)
            for item in fetch_articles(feeds, settings=settings, fetcher=fetcher, seen=tried, feeds_only=True):
                handle(item)
                if isinstance(item, Article):
                    report.articles += 1
                    for url in (item.meta.origin, item.meta.source.url):
                        if url:
                            state.done.add(url)
                else:
                    report.errors += 1
                    if item.origin and item.origin not in feeds:
                        state.done.add(item.origin)  # a page that failed is not retried every round
                state.save()
            report.seconds = time.monotonic() - started
            reports.append(report)
            if on_round is not None:
                on_round(report)
            if rounds is None or number < rounds:
                sleep(max(0.0, every - report.seconds))
    return reports
