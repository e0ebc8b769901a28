"""Progress of a batch run: a live bar on a terminal, a plain log line every N seconds otherwise,
and the summary at the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

from marsad.scale.local import RunSummary


class Progress:
    """``update(summary)`` after each unit; ``close()`` at the end. ``total`` may be None (unknown)."""

    def __init__(self, total: int | None, *, stream: IO[str] | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.every = every
        self.started = time.monotonic()
        self.last_log = self.started
        self._bar: Any = None
        self._task: Any = None
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("marsad process"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]:.0f} art/s"), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=False)
            self._task = self._bar.add_task("process", total=total, rate=0.0)
            self._bar.start()

    def update(self, summary: RunSummary) -> None:
        now = time.monotonic()
        rate = summary.units / (now - self.started) if now > self.started else 0.0
        if self._bar is not None:
            self._bar.update(self._task, completed=summary.units, rate=rate)
        elif now - self.last_log >= self.every:
            self.last_log = now
            of = f"/{self.total}" if self.total is not None else ""
            eta = ""
            if self.total and rate > 0 and summary.units:
                left = (self.total - summary.units) * (now - self.started) / summary.units
                eta = f", about {left:.0f} s left"
            print(f"marsad: process: {summary.units}{of} inputs, {summary.records} articles written, "
                  f"{rate:.1f} inputs/s{eta}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()

    @property
    def callback(self) -> Callable[[RunSummary], None]:
        return self.update


def format_run_summary(summary: RunSummary) -> str:
    lines = [f"marsad: process ({summary.engine}, {summary.workers} worker(s)): {summary.units} input(s) done now, "
             f"{summary.already_done} already done before; {summary.records} article(s) written, "
             f"{summary.duplicates} duplicate(s) linked; {summary.seconds:.1f} s, {summary.rate:.1f} articles/s"]
    if summary.units == 0 and summary.already_done:
        lines.append("marsad: nothing to do: every input was already processed by an earlier run")
    if summary.skipped:
        lines.append("marsad: skipped: " + ", ".join(f"{n} {code}" for code, n in summary.skipped.most_common()))
    if summary.failed:
        lines.append("marsad: failed: " + ", ".join(f"{n} {code}" for code, n in summary.failed.most_common()))
    if summary.restarts:
        lines.append(f"marsad: worker pool restarted {summary.restarts} time(s) after a worker died")
    lines.extend(f"marsad:   {error}" for error in summary.errors[:10])
    return "\n".join(lines)
