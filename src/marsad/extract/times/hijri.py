"""Hijri dates to Gregorian and back.

Within 1343-1500 AH (1924-2077) the Umm al-Qura calendar (Saudi Arabia's official one, from
the ``hijridate`` package) is used: 1 Muharram 1446 → 2024-07-07, 18 Dhu al-Qa'da 1447 →
2026-05-05. Outside it, the civil tabular calendar (epoch Friday 16 July 622 Julian, leap years
2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30-year cycle), which agrees to within a day or
two. States that fix months by moon sighting can differ by a day; the article rarely settles it.
"""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri

_UMM_AL_QURA = (1343, 1500)

_EPOCH_JDN = 1948440  # Julian day number of 1 Muharram 1 AH
_ORDINAL_OFFSET = 1721425  # date.fromordinal(1) is JDN 1721426

MIN_YEAR, MAX_YEAR = 1300, 1500  # Hijri years an article plausibly names (1882-2077)


def _month_start(year: int, month: int) -> int:
    """Days from the epoch to the first of ``month`` in ``year`` (0-based)."""
    return (29 * (month - 1) + month // 2) + (year - 1) * 354 + (3 + 11 * year) // 30


def _tabular_length(year: int, month: int) -> int:
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 == 1 else 29


def month_length(year: int, month: int) -> int:
    """Days in a Hijri month (29 or 30)."""
    if _UMM_AL_QURA[0] <= year <= _UMM_AL_QURA[1] and 1 <= month <= 12:
        return int(Hijri(year, month, 1).month_length())
    return _tabular_length(year, month)


def to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Hijri date, or None when the date does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= month_length(year, month) and year >= 1):
        return None
    if _UMM_AL_QURA[0] <= year <= _UMM_AL_QURA[1]:
        try:
            g = Hijri(year, month, day).to_gregorian()
            return dt.date(g.year, g.month, g.day)
        except (ValueError, OverflowError):
            pass
    jdn = _EPOCH_JDN + _month_start(year, month) + day - 1
    try:
        return dt.date.fromordinal(jdn - _ORDINAL_OFFSET)
    except (ValueError, OverflowError):
        return None


def from_gregorian(date: dt.date) -> tuple[int, int, int]:
    """The Hijri (year, month, day) of a Gregorian date."""
    try:
        h = Gregorian(date.year, date.month, date.day).to_hijri()
        return int(h.year), int(h.month), int(h.day)
    except (ValueError, OverflowError):
        pass
    days = date.toordinal() + _ORDINAL_OFFSET - _EPOCH_JDN
    year = (30 * days + 10646) // 10631
    while _month_start(year, 1) > days:
        year -= 1
    while _month_start(year + 1, 1) <= days:
        year += 1
    month = 12
    while _month_start(year, month) > days:
        month -= 1
    return year, month, days - _month_start(year, month) + 1


def month_middle(year: int, month: int) -> dt.date | None:
    """The Gregorian date of the 15th of a Hijri month (its Gregorian month is the one it mostly falls in)."""
    return to_gregorian(year, month, 15)


def year_middle(year: int) -> dt.date | None:
    """The Gregorian date in the middle of a Hijri year (its Gregorian year is the one it mostly falls in)."""
    start = to_gregorian(year, 1, 1)
    return None if start is None else start + dt.timedelta(days=177)


def nearest(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The occurrence of Hijri ``day``/``month`` nearest to ``anchor`` (holidays named without a year)."""
    year = from_gregorian(anchor)[0]
    options = [d for y in (year - 1, year, year + 1) if (d := to_gregorian(y, month, day)) is not None]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None
