"""Checks that a record honours the output contract: the JSON schema, and every span equal
to the text it points at (``text[start:end] == span.text``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from marsad.document import iter_spans


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The packaged copy of ``marsad.document/1`` (kept equal to ../shared/schema by a test)."""
    data = resources.files("marsad").joinpath("schema/document.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(data)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(document_schema())


def contract_problems(record: dict[str, Any]) -> list[str]:
    """Every way ``record`` breaks the contract; empty when it is valid."""
    problems = [
        f"schema: /{'/'.join(map(str, err.absolute_path))}: {err.message}"
        for err in _validator().iter_errors(record)
    ]
    text = record.get("text", "")
    if isinstance(text, str):
        for span in iter_spans(record):
            start, end = span["start"], span["end"]
            if not (0 <= start <= end <= len(text)) or text[start:end] != span["text"]:
                problems.append(f"span [{start}, {end}) {span['text']!r} does not match the text there")
    for start, end in record.get("sentences", []):
        if not 0 <= start <= end <= len(text):
            problems.append(f"sentence [{start}, {end}) is outside the text")
    return problems
