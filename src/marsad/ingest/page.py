"""A web page's visible text as lines, in reading order, the way a scraper would copy it.

Every block element (paragraph, list item, heading, table cell, ``<br>``, button, ``<time>``)
ends a line; inline elements (links, spans) stay within it. HTML whitespace, newlines included,
collapses to single spaces. ``<noscript>`` text is kept on purpose: scrapers copy it, and it is
where "please enable JavaScript" notices live. Lines inside ``<figcaption>`` or an element whose
class names a caption are flagged, so captions can stay in the article text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsad.ingest.clean import tidy_lines


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_BLOCK_TAGS = _tags(
    "address article aside blockquote body br button caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre section select "
    "summary table tbody td tfoot th thead time tr ul"
)
_HIDDEN_TAGS = _tags("script style template svg head iframe object canvas textarea math")


@dataclass(frozen=True, slots=True)
class PageLine:
    text: str
    caption: bool = False


def _is_caption(el: Any) -> bool:
    return el.tag == "figcaption" or "caption" in (el.get("class") or "").lower()


def page_lines(root: Any) -> list[PageLine]:
    """The visible text lines under ``root`` (an lxml element), in document order."""
    lines: list[PageLine] = []
    buffer: list[str] = []
    caption_depth = 0
    in_caption = False

    def flush() -> None:
        nonlocal in_caption
        text = " ".join(tidy_lines(" ".join("".join(buffer).split())))
        if text:
            lines.append(PageLine(text, in_caption))
        buffer.clear()
        in_caption = caption_depth > 0

    # An explicit stack instead of recursion: real pages can nest deeper than Python's limit.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None  # comments and processing instructions
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            if tag is not None and _is_caption(el):
                caption_depth -= 1
            if el.tail and el is not root:
                buffer.append(el.tail)
            continue
        if tag is None or tag in _HIDDEN_TAGS:
            if el.tail and el is not root:
                buffer.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        if _is_caption(el):
            caption_depth += 1
            in_caption = True
        if el.text:
            buffer.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return lines
