"""A web page's visible text as lines, in reading order, the way a scraper would copy it.

Every block element (paragraph, list item, heading, table cell, ``<br>``, button, ``<time>``)
ends a line; inline elements (links, spans) stay within it. HTML whitespace, newlines included,
collapses to single spaces. ``<noscript>`` text is kept on purpose: scrapers copy it, and it is
where "please enable JavaScript" notices live. Lines inside ``<figcaption>`` or an element whose
class names a caption are flagged, so captions can stay in the article text.

The walk is lxml's ``iterwalk`` (C-level, no recursion limit), and each line is tidied with a
plain split/join unless it holds an invisible mark: this runs on every page, so it must stay
well under a millisecond for a typical 100 KB news page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from marsad.ingest.clean import tidy_lines


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_BLOCK_TAGS = _tags(
    "address article aside blockquote body br button caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre section select "
    "summary table tbody td tfoot th thead time tr ul"
)
_HIDDEN_TAGS = _tags("script style template svg head iframe object canvas textarea math")
_CAPTIONS = etree.XPath(
    'descendant-or-self::*[self::figcaption or contains(translate(@class, "CAPTION", "caption"), "caption")]'
)
# What ``tidy_lines`` removes beyond whitespace: a line holding none of it needs only split/join.
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class PageLine:
    text: str
    caption: bool = False


def page_lines(root: Any) -> list[PageLine]:
    """The visible text lines under ``root`` (an lxml element), in document order."""
    lines: list[PageLine] = []
    buffer: list[str] = []
    captions = set(_CAPTIONS(root))
    caption_depth = 0
    in_caption = False  # the line being collected started inside a caption

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text and _INVISIBLE.search(text):
            text = " ".join(tidy_lines(text))
        if text:
            lines.append(PageLine(text, in_caption))
        buffer.clear()

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event == "start":
            tag = el.tag
            if tag in _HIDDEN_TAGS:
                walker.skip_subtree()  # its "end" still comes, and brings the tail
                continue
            if tag in _BLOCK_TAGS:
                if buffer:
                    flush()
                in_caption = caption_depth > 0
            if captions and el in captions:
                caption_depth += 1
                in_caption = True
            if el.text:
                buffer.append(el.text)
            continue
        if event == "end":
            tag = el.tag
            if tag not in _HIDDEN_TAGS:
                if tag in _BLOCK_TAGS:
                    if buffer:
                        flush()
                    in_caption = caption_depth > 0
                if captions and el in captions:
                    caption_depth -= 1
        if el.tail and el is not root:  # "end", "comment", "pi"
            buffer.append(el.tail)
    if buffer:
        flush()
    return lines
