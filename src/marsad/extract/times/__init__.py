"""Time expressions (step ``times.v1``): absolute, relative, anaphoric and Hijri dates in the
body, normalised as the schema's ``$defs/date``.

* ``candidates``: one precompiled scanner finds every form (``find_candidates``);
* ``resolve``: absolute forms on their own, relative ones against ``meta.published``
  (``relative: true``, value null without a day-precision publication date), anaphoric ones
  (تلك الليلة، في اليوم التالي، من ذلك العام، بعد ستة أشهر) against the absolute times
  the article states;
* ``hijri``: the tabular Islamic calendar (18 ذي القعدة 1447 هـ → 2026-05-05);
* ``calendar``: periods and ISO values (``2026-W20`` weeks, ``2015-22`` seasons, ``199`` decades).

Durations (لمدة ثلاثة أيام، عشرين عاماً) are not times. Events find the time that governs a
trigger with ``time_at(doc, offset)``.
"""

from __future__ import annotations

import datetime as dt

from marsad.document import DateValue, Document
from marsad.extract.times.candidates import Candidate, find_candidates
from marsad.extract.times.resolve import Resolved, resolve

STEP_NAME = "times.v1"

__all__ = ["STEP_NAME", "Candidate", "Resolved", "extract_times", "find_candidates", "publication_anchor",
           "time_at", "times_step"]


def publication_anchor(published: DateValue | None) -> dt.date | None:
    """The day relative expressions count from: ``meta.published`` when it has day precision."""
    if published is None or published.value is None or published.precision != "day":
        return None
    try:
        return dt.date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def extract_times(text: str, published: dt.date | None = None) -> list[Resolved]:
    """Every time expression of ``text`` with its value, in text order."""
    return resolve(text, find_candidates(text), published)


def times_step(doc: Document) -> None:
    """Fill ``doc.times``; absolute dates later than the publication date are kept and noted in
    ``doc.meta.warnings``."""
    anchor = publication_anchor(doc.meta.published)
    times: list[DateValue] = []
    for item in extract_times(doc.text, anchor):
        span = doc.span(item.start, item.end, by=STEP_NAME)
        times.append(DateValue(item.value, item.precision, item.relative, span, mod=item.mod,
                               calendar=item.calendar))
        if anchor and item.period and not item.relative and item.period.later_than(anchor):
            doc.meta.warnings.append(
                f"{STEP_NAME}: {span.text!r} ({item.value}) is later than the publication date {anchor.isoformat()}"
            )
    doc.times = times


def time_at(doc: Document, offset: int) -> DateValue | None:
    """The time expression that governs character ``offset`` (an event trigger, say): the one
    whose span holds it, else the nearest one in the same sentence, else None.

    ``doc.times`` is in text order, so callers can also bisect it by ``span.start``.
    """
    sentence = doc.sentence_of(offset)
    if sentence is None:
        low, high = 0, len(doc.text)
    else:
        low, high = doc.sentences[sentence]
    best: DateValue | None = None
    best_distance = len(doc.text) + 1
    for item in doc.times:
        span = item.span
        if span is None or span.end <= low or span.start >= high:
            continue
        if span.start <= offset < span.end:
            return item
        distance = span.start - offset if span.start > offset else offset - span.end
        if distance < best_distance:
            best, best_distance = item, distance
    return best
