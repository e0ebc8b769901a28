"""Gold files for the example articles (format: examples/README.md).

Gold spans are surface strings, resolved here to offsets in whatever clean text the current
ingest produces, so that gold survives changes to cleaning and whitespace.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_PROCLITICS = r"(?:[وف]?(?:[بلك]|لل)?)"
_WORD_CHAR = r"[\w\u064B-\u0652\u0670\u0640]"  # letters, short vowels, tatweel (not ، ؛ ؟)


@dataclass
class GoldSpan:
    start: int
    end: int
    text: str


@dataclass
class ResolvedGold:
    """A gold file with every string located in ``text``; ``missing`` lists what was not found."""

    data: dict[str, Any]
    mentions: dict[str, list[GoldSpan]] = field(default_factory=dict)
    spans: dict[str, GoldSpan] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def find_mentions(text: str, surface: str) -> list[GoldSpan]:
    """Every whole-word occurrence of ``surface`` in ``text``, proclitics allowed before it.

    A surface with the article (العراق) also matches after لل (للعراق), as its stem (عراق).
    """
    found: list[GoldSpan] = []
    pattern = re.compile(rf"(?<!{_WORD_CHAR}){_PROCLITICS}({re.escape(surface)})(?!{_WORD_CHAR})")
    for m in pattern.finditer(text):
        found.append(GoldSpan(m.start(1), m.end(1), m.group(1)))
    if surface.startswith("ال") and len(surface) > 3:
        stem = re.compile(rf"(?<!{_WORD_CHAR})[وف]?لل({re.escape(surface[2:])})(?!{_WORD_CHAR})")
        found.extend(GoldSpan(m.start(1), m.end(1), m.group(1)) for m in stem.finditer(text))
    return sorted(found, key=lambda s: s.start)


def find_span(text: str, ref: str | dict[str, Any]) -> GoldSpan | None:
    """The ``nth`` (default first) occurrence of a gold string."""
    surface, nth = (ref, 0) if isinstance(ref, str) else (str(ref["text"]), int(ref.get("nth", 0)))
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            return None
    return GoldSpan(pos, pos + len(surface), surface)


def resolve_gold(data: dict[str, Any], text: str) -> ResolvedGold:
    """Locate every gold string of ``data`` in ``text``."""
    out = ResolvedGold(data)
    for entity in data.get("entities", []):
        spans: list[GoldSpan] = []
        for surface in entity.get("mentions", []):
            hits = find_mentions(text, surface)
            if not hits:
                out.missing.append(f"entity {entity.get('name')!r}: mention {surface!r}")
            spans.extend(hits)
        out.mentions[str(entity.get("name"))] = sorted(spans, key=lambda s: s.start)
    single = [
        *((f"quotes[{i}].{key}", q.get(key)) for i, q in enumerate(data.get("quotes", []))
          for key in ("content", "cue", "speaker_mention")),
        *((f"events[{i}].trigger", e.get("trigger")) for i, e in enumerate(data.get("events", []))),
        *((f"times[{i}]", t.get("text")) for i, t in enumerate(data.get("times", []))),
    ]
    for key, ref in single:
        if not ref:
            continue
        span = find_span(text, ref)
        if span is None:
            out.missing.append(f"{key}: {ref!r}")
        else:
            out.spans[key] = span
    return out


def load_gold(path: str | Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def check_examples(directory: str | Path) -> list[str]:
    """Ingest every example that has gold and report gold strings the clean text lacks."""
    from marsad.errors import InputError
    from marsad.ingest import iter_articles

    directory = Path(directory)
    problems: list[str] = []
    for gold_path in sorted((directory / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        article_path = directory / gold["article"]
        items = list(iter_articles([str(article_path)]))
        if len(items) != 1 or isinstance(items[0], InputError):
            problems.append(f"{gold_path.name}: article {article_path.name} did not ingest: {items}")
            continue
        article = items[0]
        resolved = resolve_gold(gold, article.text)
        problems.extend(f"{gold_path.name}: {m}" for m in resolved.missing)
        for line in gold.get("removed", []):
            if line not in article.meta.removed:
                problems.append(f"{gold_path.name}: removed line not removed: {line!r}")
        if "credits" in gold and article.meta.source.credits != gold["credits"]:
            problems.append(f"{gold_path.name}: credits {article.meta.source.credits} != gold {gold['credits']}")
        published = article.meta.published.value if article.meta.published else None
        if gold.get("published") and published != gold["published"]:
            problems.append(f"{gold_path.name}: published {published!r} != gold {gold['published']!r}")
        if gold.get("title") and article.meta.title != gold["title"]:
            problems.append(f"{gold_path.name}: title {article.meta.title!r} != gold {gold['title']!r}")
    return problems


if __name__ == "__main__":
    found = check_examples(sys.argv[1] if len(sys.argv) > 1 else "examples")
    print("\n".join(found) or "all gold strings found")
    sys.exit(1 if found else 0)
