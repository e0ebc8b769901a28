"""Publication dates as websites and scrapers write them: ISO, numeric, and Arabic words.

A date keeps the calendar day the publisher wrote: ``2020-12-25T01:59:50+02:00`` is the 25th
even though it is the 24th in UTC, because readers and the gold data count the local day.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz

from marsad.document import DateValue
from marsad.ingest.months import MONTH_PATTERN, WEEKDAY_PATTERN, month_number, to_ascii_digits

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")

# A time of day after the date: "12:09 م", "09:22 مساءً", "10:00 GMT", "- الساعة 14:30".
_TIME = (
    r"(?:\s*[-–|،,]?\s*(?:الساعة|at)?\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:[صم]\.?|صباحا|مساء|مساءا|ظهرا|عصرا|فجرا|ليلا|am|pm|a\.m\.|p\.m\.))?"
    r"(?:\s*\(?(?:(?:بتوقيت|توقيت)\s+[^\d\s()]+(?:\s+[^\d\s()]+)?|gmt|utc)(?:\s*[+-]\s*\d{1,2})?\)?)?)?"
)
# A label before the date: "نشر في:", "تاريخ النشر", "Published on".
_LABEL = (
    r"(?:(?:(?:تم\s+)?نشره?|نشر\s+بتاريخ|تاريخ\s+النشر|بتاريخ|published(?:\s+on)?|posted(?:\s+on)?)"
    r"(?:\s+في)?\s*[:：]?\s*)?"
)
_WEEKDAY = rf"(?:{WEEKDAY_PATTERN}\s*[،,]?\s*)?"
# "آذار/مارس", "نيسان / أبريل", "نوفمبر/تشرين الثاني", "مارس (آذار)".
_MONTHS = rf"(?P<m1>{MONTH_PATTERN})(?:\s*(?:[/\-–]\s*|\(\s*)(?P<m2>{MONTH_PATTERN})\s*\)?)?"
_SEP = r"\s*[،,]?\s*"

_ARABIC_DMY = re.compile(
    rf"{_LABEL}{_WEEKDAY}(?P<d>\d{{1,2}})(?:\s*(?:من\s+)?|\s*-\s*){_MONTHS}{_SEP}(?P<y>\d{{4}})\s*م?{_TIME}\s*\.?",
    re.IGNORECASE,
)
_ENGLISH_MDY = re.compile(
    rf"{_LABEL}(?:[a-z]+,?\s+)?{_MONTHS}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"{_LABEL}{_MONTHS}{_SEP}(?P<y>\d{{4}})\s*م?", re.IGNORECASE)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?",
    re.IGNORECASE,
)
_YMD_SLASH = re.compile(
    rf"{_LABEL}(?P<y>\d{{4}})[/.](?P<m>\d{{1,2}})[/.](?P<d>\d{{1,2}}){_TIME}", re.IGNORECASE
)
# Arabic sites write numeric dates day first (24-04-2020, 24/4/2020).
_DMY_NUMERIC = re.compile(
    rf"{_LABEL}(?P<d>\d{{1,2}})[/.\-](?P<m>\d{{1,2}})[/.\-](?P<y>\d{{4}}){_TIME}", re.IGNORECASE
)
_YEAR = re.compile(r"(?P<y>\d{4})")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?\d{4,6}(?:Z|[+-]\d{4})?)?")

_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _day(year: str, month: int | None, day: str) -> DateValue | None:
    if month is None:
        return None
    try:
        value = dt.date(int(year), month, int(day))
    except ValueError:
        return None
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return DateValue(value.isoformat(), "day")


def _month(match: re.Match[str]) -> int | None:
    """The month a match names; a pair ("آذار/مارس") must agree or it is no date."""
    first = month_number(match["m1"])
    second = match["m2"]
    if second is not None and month_number(second) != first:
        return None
    return first


def _prepare(value: str) -> str:
    return " ".join(_DIACRITICS.sub("", to_ascii_digits(value)).split())


def parse_date(value: str) -> DateValue | None:
    """A metadata date (the whole string) as a ``DateValue``, or None when it is not one.

    Accepts ISO dates and datetimes, ``YYYY/MM/DD``, day-first numeric dates, RFC 2822, Arabic
    "[weekday،] day month[/month] year [time]" in every month family with Western or Eastern
    digits, "month year" (month precision) and a bare year (year precision).
    """
    text = _prepare(value)
    if not text:
        return None
    if m := _ISO.fullmatch(text):
        if m["d"] is None:
            return _month_value(m["y"], int(m["m"]))
        return _day(m["y"], int(m["m"]), m["d"])
    for pattern in (_ARABIC_DMY, _ENGLISH_MDY):
        if m := pattern.fullmatch(text):
            return _day(m["y"], _month(m), m["d"])
    for pattern in (_YMD_SLASH, _DMY_NUMERIC, _COMPACT):
        if m := pattern.fullmatch(text):
            return _day(m["y"], int(m["m"]), m["d"])
    if m := _MONTH_YEAR.fullmatch(text):
        month = _month(m)
        return _month_value(m["y"], month) if month else None
    if m := _YEAR.fullmatch(text):
        year = int(m["y"])
        return DateValue(str(year), "year") if _MIN_YEAR <= year <= _MAX_YEAR else None
    parsed = parsedate_tz(text)  # "Sun, 15 Mar 2026 10:00:00 +0300"
    if parsed is not None:
        return _day(str(parsed[0]), parsed[1], str(parsed[2]))
    return None


def _month_value(year: str, month: int) -> DateValue | None:
    if not (1 <= month <= 12 and _MIN_YEAR <= int(year) <= _MAX_YEAR):
        return None
    return DateValue(f"{int(year):04d}-{month:02d}", "month")


_ARABIC_DMY_SEARCH = re.compile(
    rf"(?<!\d){_WEEKDAY}(?P<d>\d{{1,2}})\s*{_MONTHS}{_SEP}(?P<y>\d{{4}})(?!\d)", re.IGNORECASE
)


def search_date(text: str) -> DateValue | None:
    """The first Arabic or ISO day-precision date anywhere in ``text`` (for date-labelled elements)."""
    prepared = _prepare(text)
    if m := _ARABIC_DMY_SEARCH.search(prepared):
        found = _day(m["y"], _month(m), m["d"])
        if found:
            return found
    for m in _ISO.finditer(prepared):
        if m["d"] and (found := _day(m["y"], int(m["m"]), m["d"])):
            return found
    return None


def instant(value: str) -> tuple[dt.datetime, bool] | None:
    """An ISO datetime with a UTC offset as (aware datetime, offset is zero), else None.

    Used to notice that two metadata fields give the same moment, one in UTC and one in the
    publisher's local time, so the local calendar day can win.
    """
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    offset = parsed.utcoffset()
    if offset is None:
        return None
    return parsed, offset == dt.timedelta(0)
