"""Date arithmetic the resolvers share: periods, ISO values, shifting by days/weeks/months/years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marsad.ingest.months import to_ascii_digits

MIN_YEAR, MAX_YEAR = 1000, 2100  # a year outside is absurd for a news article (no time)
RECENT_MIN_YEAR = 1900  # a bare number ("في 2015") is a year only in this range

#: Precisions from finest to coarsest (the schema's enum, less "unknown").
ORDER = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5}

#: ISO 8601-2 season codes (21 spring … 24 winter) by Arabic season name.
SEASONS = {"ربيع": 21, "صيف": 22, "خريف": 23, "شتاء": 24}
_SEASON_START = {21: 3, 22: 6, 23: 9, 24: 12}


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved time: its first day, its precision, and the ISO value it prints as."""

    start: dt.date
    precision: str

    @property
    def value(self) -> str:
        p, d = self.precision, self.start
        if p == "day":
            return d.isoformat()
        if p == "week":
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if p == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if p == "season":
            code = next(c for c, m in _SEASON_START.items() if m == d.month)
            return f"{d.year:04d}-{code}"
        if p == "year":
            return f"{d.year:04d}"
        if p == "decade":
            return f"{d.year // 10:03d}"
        raise ValueError(p)

    def later_than(self, anchor: dt.date) -> bool:
        """True when the whole period lies after ``anchor``."""
        return self.start > anchor


def number(text: str) -> int:
    return int(to_ascii_digits(text))


def year_ok(year: int, low: int = MIN_YEAR) -> bool:
    return low <= year <= MAX_YEAR


def day(year: int, month: int, day_: int) -> Period | None:
    if not year_ok(year):
        return None
    try:
        return Period(dt.date(year, month, day_), "day")
    except ValueError:
        return None


def month(year: int, month_: int) -> Period | None:
    if not (year_ok(year) and 1 <= month_ <= 12):
        return None
    return Period(dt.date(year, month_, 1), "month")


def year(year_: int, low: int = MIN_YEAR) -> Period | None:
    return Period(dt.date(year_, 1, 1), "year") if year_ok(year_, low) else None


def week_of(date: dt.date) -> Period:
    return Period(date - dt.timedelta(days=date.weekday()), "week")


def season(year_: int, code: int) -> Period | None:
    return Period(dt.date(year_, _SEASON_START[code], 1), "season") if year_ok(year_) else None


def season_of(date: dt.date) -> tuple[int, int]:
    """(label year, season code) of a date; January and February belong to the winter that
    began in the December before."""
    if date.month in (12, 1, 2):
        return (date.year if date.month == 12 else date.year - 1), 24
    return date.year, {3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22, 9: 23, 10: 23, 11: 23}[date.month]


def shift_months(year_: int, month_: int, by: int) -> tuple[int, int]:
    index = year_ * 12 + (month_ - 1) + by
    return index // 12, index % 12 + 1


def shift(period: Period, unit: str, by: int) -> Period | None:
    """``period`` moved by ``by`` units (day, week, month, year), at the coarser of the two
    precisions (two months before November 2015 is September 2015)."""
    start = period.start
    try:
        if unit == "day":
            moved = start + dt.timedelta(days=by)
        elif unit == "week":
            moved = start + dt.timedelta(weeks=by)
        elif unit == "month":
            y, m = shift_months(start.year, start.month, by)
            moved = dt.date(y, m, min(start.day, 28))
        elif unit == "year":
            moved = dt.date(start.year + by, start.month, min(start.day, 28))
        else:
            raise ValueError(unit)
    except (OverflowError, ValueError):
        return None
    precision = unit if ORDER[unit] >= ORDER[period.precision] else period.precision
    if not year_ok(moved.year):
        return None
    return _truncate(moved, precision)


def _truncate(date: dt.date, precision: str) -> Period:
    if precision == "week":
        return week_of(date)
    if precision == "month":
        return Period(date.replace(day=1), "month")
    if precision == "year":
        return Period(date.replace(month=1, day=1), "year")
    if precision == "decade":
        return Period(dt.date(date.year - date.year % 10, 1, 1), "decade")
    if precision == "season":
        label, code = season_of(date)
        return Period(dt.date(label, _SEASON_START[code], 1), "season")
    return Period(date, "day")


def truncate(period: Period, precision: str) -> Period:
    return _truncate(period.start, precision)
