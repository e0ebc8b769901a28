"""Work units: the inputs of a batch run, cut into pieces a worker can take, each with a stable key.

A unit is one file (text, HTML, gzip, WARC…) or one line of a JSON Lines file. Its key (the path,
or ``path:LINE``) is what the run's progress records, so a rerun of the same command skips what
is done. Inputs are walked lazily: a 200k-line JSONL file is never held in memory.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from marsad.errors import InputError, InputNotFound
from marsad.ingest.readers import _kind, _walk

#: Read JSON Lines files line by line (others go to a worker whole).
_LINE_FORMATS = frozenset({"jsonl"})


@dataclass(frozen=True, slots=True)
class Unit:
    """``kind`` "file" (payload: the path) or "line" (payload: one JSONL line)."""

    key: str
    kind: str
    payload: str


def _lines(path: Path, compressed: bool) -> Iterator[tuple[int, str]]:
    opener = gzip.open if compressed else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line.rstrip("\n")


def iter_units(inputs: Sequence[str]) -> Iterator[Unit | InputError]:
    """Every unit of ``inputs`` (files, directories, JSONL files), in a stable order."""
    for name in inputs:
        path = Path(name)
        if not path.exists():
            yield InputNotFound("no such file or directory; check the path", origin=name)
            continue
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            kind, compressed = _kind(file)
            if kind in _LINE_FORMATS:
                try:
                    for number, line in _lines(file, compressed):
                        yield Unit(f"{file}:{number}", "line", line)
                except (OSError, EOFError) as exc:
                    yield InputError(f"cannot read the file to the end ({exc}); the lines before were taken",
                                     origin=str(file))
            else:
                yield Unit(str(file), "file", str(file))
