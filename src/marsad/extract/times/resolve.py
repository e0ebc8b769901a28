"""From candidates to values: absolute forms on their own, relative forms against the
publication date, anaphoric ones (تلك الليلة، في اليوم التالي، من ذلك العام، بعد ستة أشهر)
against the absolute times the article states.

Two passes: the absolute forms first (so that an anaphor can look forwards as well as back),
then everything else in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from marsad.arabic.numbers import parse_number
from marsad.extract.times import calendar as cal
from marsad.extract.times import hijri
from marsad.extract.times.calendar import Period
from marsad.extract.times.candidates import ORDINAL_DAYS, Candidate
from marsad.ingest.months import fold, hijri_month_number, month_number, weekday_number


@dataclass(slots=True)
class Resolved:
    """One time expression with its value (``period`` None when it cannot be resolved)."""

    start: int
    end: int
    period: Period | None
    precision: str
    relative: bool
    mod: str | None = None
    calendar: str | None = None

    @property
    def value(self) -> str | None:
        return self.period.value if self.period else None


_MODS = {"مطلع": "early", "اوائل": "early", "بدايه": "early", "مستهل": "early", "منتصف": "mid",
         "اواسط": "mid", "اواخر": "late", "نهايه": "late", "ختام": "late"}
_DECADES = {"عشرين": 2, "ثلاثين": 3, "اربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8, "تسعين": 9}
_HOLIDAYS_HIJRI = {"اضحي": (12, 10), "فطر": (10, 1), "القدر": (9, 27), "عرفه": (12, 9), "المولد": (3, 12)}
_UNITS = {
    "يوم": ("day", 1), "يوما": ("day", 1), "يومين": ("day", 2), "يومان": ("day", 2), "ايام": ("day", 0),
    "اسبوع": ("week", 1), "اسبوعا": ("week", 1), "اسبوعين": ("week", 2), "اسابيع": ("week", 0),
    "شهر": ("month", 1), "شهرا": ("month", 1), "شهرين": ("month", 2), "اشهر": ("month", 0), "شهور": ("month", 0),
    "عام": ("year", 1), "عاما": ("year", 1), "عامين": ("year", 2), "اعوام": ("year", 0),
    "سنه": ("year", 1), "سنتين": ("year", 2), "سنوات": ("year", 0), "سنين": ("year", 0),
    "عقد": ("decade", 1), "عقدا": ("decade", 1), "عقدين": ("decade", 2), "عقود": ("decade", 0),
    "ساعه": ("hour", 1), "ساعتين": ("hour", 2), "ساعات": ("hour", 0),
}
_DAY_WORDS = {"اول امس": -2, "اول من امس": -2, "امس الاول": -2, "امس": -1, "الامس": -1, "اليوم": 0,
              "غدا": 1, "الغد": 1, "بعد غد": 2, "الليله الماضيه": -1, "الليله قبل الماضيه": -2, "الليله": 0}
_SENTENCE_END = re.compile(r"[.!؟?\n]")
_UNIT_WORDS = {"اسبوع": "week", "شهر": "month", "عام": "year", "سنه": "year"}
# Words before a date that make it a name (مدينة السادس من أكتوبر، ثورة 25 يناير), not a time.
_NAME_BEFORE = re.compile(
    r"(?:مدين[ةه]|بمدين[ةه]|لمدين[ةه]|حي|جسر|كوبري|ميدان|شارع|ثور[ةه]|انتفاض[ةه]|حرب|حرك[ةه]|جامع[ةه]|مستشفى)\s+$")
# What may follow "في 2015" for the number to be a year (not "في 2015 موقعاً").
_AFTER_BARE_YEAR = re.compile(
    r"\s*(?:$|[^\w\s]|\n|و|ف?(?:حين|عندما|حيث|ثم|قبل|بعد|حتى|إلى|الى|عن|على|مع|أي|اي|لكن|بينما|إثر|اثر)(?!\w))"
)
_MARKS = re.compile("[\u064b-\u0652]")


def _key(text: str) -> str:
    return fold(_MARKS.sub("", text))


def _rel_sign(word: str | None) -> int | None:
    """-1 for الماضي/المنصرم/الفائت/السابق, +1 for المقبل/القادم, 0 for الجاري/الحالي, None for none."""
    if not word:
        return None
    key = _key(word)
    if key.startswith(("الماضي", "المنصرم", "الفائت", "السابق")):
        return -1
    if key.startswith(("المقبل", "القادم")):
        return 1
    return 0


def _mod(word: str | None) -> str | None:
    return _MODS.get(_key(word)) if word else None


def _month(parts: dict[str, str | None], p: str) -> int | None:
    """The month a candidate names; a pair (آذار/مارس) must agree or it is no date."""
    first = month_number(parts.get(f"{p}m1") or "")
    for other in (parts.get(f"{p}m2"), parts.get(f"{p}m3")):
        if other and month_number(other) != first:
            return None
    return first


class Resolver:
    """Resolves the candidates of one text against its publication date."""

    def __init__(self, text: str, published: dt.date | None) -> None:
        self.text = text
        self.pub = published
        self.breaks: list[int] = []
        at = text.find("\n")
        while at >= 0:
            self.breaks.append(at)
            at = text.find("\n", at + 1)
        self.anchors: list[tuple[int, Resolved]] = []  # absolute times, by start

    # --- context -----------------------------------------------------------------------------

    def _paragraph(self, offset: int) -> int:
        return bisect_right(self.breaks, offset)

    def _preceding(self, offset: int, *, precision: str | None = None, same_paragraph: bool = False,
                   same_sentence: bool = False, away_from_publication: bool = False) -> Resolved | None:
        paragraph = self._paragraph(offset)
        for start, item in reversed(self.anchors):
            if start >= offset or item.period is None:
                continue
            if same_paragraph and self._paragraph(start) != paragraph:
                return None
            if same_sentence and _SENTENCE_END.search(self.text, item.end, offset):
                return None
            if precision and item.precision != precision:
                continue
            if away_from_publication and self.pub and abs((item.period.start - self.pub).days) <= 31:
                continue
            return item
        return None

    def _following_day(self, offset: int, within: int = 300) -> Resolved | None:
        for start, item in self.anchors:
            if offset < start <= offset + within and item.period and item.precision == "day":
                return item
        return None

    def _day_anchor(self, offset: int) -> Period | None:
        found = (self._preceding(offset, precision="day", same_paragraph=True) or self._following_day(offset)
                 or self._preceding(offset, precision="day"))
        return found.period if found else None

    def _year_anchor(self, offset: int) -> int | None:
        found = self._preceding(offset)
        return found.period.start.year if found and found.period else None

    # --- the two passes ------------------------------------------------------------------------

    def absolute(self, c: Candidate) -> Resolved | list[Resolved] | bool | None:
        """The value of a self-contained form; None when the form is no time; False when the
        candidate needs the second pass."""
        method = getattr(self, f"_abs_{c.kind}", None)
        if method is None:
            return False
        result: Resolved | list[Resolved] | bool | None = method(c, c.parts)
        for item in result if isinstance(result, list) else [result]:
            if isinstance(item, Resolved) and not item.relative and item.period is not None:
                self.anchors.append((item.start, item))
        return result

    def finish(self) -> None:
        self.anchors.sort(key=lambda pair: pair[0])

    def relative(self, c: Candidate) -> Resolved | list[Resolved] | None:
        """The value of a form that depends on the publication date or on the article's other times."""
        method = getattr(self, f"_rel_{c.kind}", None)
        if method is None:
            return None
        result: Resolved | list[Resolved] | None = method(c, c.parts)
        return result

    def _make(self, c: Candidate, period: Period | None, precision: str | None = None, *, relative: bool,
              mod: str | None = None, calendar: str | None = None) -> Resolved:
        return Resolved(c.start, c.end, period, precision or (period.precision if period else "unknown"),
                        relative, mod, calendar)

    def _is_name(self, c: Candidate) -> bool:
        return bool(_NAME_BEFORE.search(self.text, max(0, c.start - 16), c.start))

    # --- absolute forms ------------------------------------------------------------------------

    def _abs_full(self, c: Candidate, p: dict[str, str | None]) -> Resolved | bool | None:
        if self._is_name(c):  # مدينة السادس من أكتوبر (عام 2023): only the year is a time
            if c.year_start is None:
                return None
            period = cal.year(cal.number(p.get("fy") or ""))
            return Resolved(c.year_start, c.end, period, "year", False) if period else None
        if p.get("fy") is None:
            return False
        month = _month(p, "f")
        d = self._day_number(p)
        if month is None or d is None:
            return None
        period = cal.day(cal.number(p["fy"] or ""), month, d)
        return self._make(c, period, relative=False) if period else None

    def _day_number(self, p: dict[str, str | None]) -> int | None:
        if p.get("fd"):
            return cal.number(p["fd"] or "")
        return ORDINAL_DAYS.get(" ".join((p.get("ford") or "").split()))

    def _abs_numeric(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        if p.get("ny"):
            y, m, d = p["ny"], p["nm"], p["nd"]
        else:
            y, m, d = p.get("ny2"), p.get("nm2"), p.get("nd2")
        period = cal.day(cal.number(y or ""), cal.number(m or ""), cal.number(d or ""))
        return self._make(c, period, relative=False) if period else None

    def _abs_hijri(self, c: Candidate, p: dict[str, str | None]) -> Resolved | bool | None:
        month = hijri_month_number(p.get("hm") or "")
        if month is None:
            return None
        if p.get("hy") is None:
            return False if (p.get("hd") or p.get("hsh") or p.get("hord") or p.get("hyref")) else None
        y = cal.number(p["hy"] or "")
        day_ = cal.number(p["hd"] or "") if p.get("hd") else ORDINAL_DAYS.get(" ".join((p.get("hord") or "").split()))
        if day_:
            date = hijri.to_gregorian(y, month, day_)
            period = Period(date, "day") if date else None
        else:
            middle = hijri.month_middle(y, month)
            period = Period(middle.replace(day=1), "month") if middle else None
        return self._make(c, period, relative=False, calendar="hijri") if period else None

    def _abs_hijri_year(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        middle = hijri.year_middle(cal.number(p.get("hyy") or ""))
        if middle is None:
            return None
        return self._make(c, Period(dt.date(middle.year, 1, 1), "year"), relative=False, calendar="hijri")

    def _abs_holiday(self, c: Candidate, p: dict[str, str | None]) -> Resolved | bool | None:
        if p.get("holy") is None:
            return False
        y = cal.number(p["holy"] or "")
        if not cal.year_ok(y):
            return None
        name = _key(p.get("hol") or "")
        fixed = self._holiday_hijri(name)
        if fixed is None:  # رأس السنة (الميلادية)
            return self._make(c, Period(dt.date(y, 1, 1), "day"), relative=False)
        start = hijri.from_gregorian(dt.date(y, 1, 1))[0]
        dates = [d for h in (start, start + 1) if (d := hijri.to_gregorian(h, *fixed)) is not None and d.year == y]
        if not dates:
            return None
        return self._make(c, Period(dates[0], "day"), relative=False)  # the first in that year

    @staticmethod
    def _holiday_hijri(name: str) -> tuple[int, int] | None:
        if "هجري" in name:
            return (1, 1)
        for word, fixed in _HOLIDAYS_HIJRI.items():
            if word in name:
                return fixed
        return None

    def _abs_season(self, c: Candidate, p: dict[str, str | None]) -> Resolved | bool | None:
        if p.get("sname") is None:
            return False
        period = cal.season(cal.number(p.get("sy") or ""), cal.SEASONS[_key(p["sname"] or "")])
        return self._make(c, period, relative=False, mod=_mod(p.get("smod"))) if period else None

    def _abs_decade(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        tens = _DECADES.get(_key(p.get("dec") or ""))
        if tens is None:
            return None
        century = _key(p.get("dcent") or "")
        start = (2000 if century.startswith(("الحالي", "الجاري", "الحادي")) else 1900) + tens * 10
        return self._make(c, Period(dt.date(start, 1, 1), "decade"), relative=False, mod=_mod(p.get("dmod")))

    def _months2(self, c: Candidate, p: dict[str, str | None], year_: int | None,
                 relative: bool) -> list[Resolved] | None:
        months = (month_number(p.get("pm1") or ""), month_number(p.get("pm2") or ""))
        if None in months or c.split is None:
            return None
        out: list[Resolved] = []
        for (start, end), month in zip(((c.start, c.split[0]), (c.split[1], c.end)), months, strict=True):
            y = year_
            if y is None and month is not None:
                y, relative = self._month_in_year(c, month, _rel_sign(p.get("prel")), None)
            period = cal.month(y, month) if y is not None and month is not None else None
            out.append(Resolved(start, end, period, "month", relative))
        return out

    def _abs_months2(self, c: Candidate, p: dict[str, str | None]) -> list[Resolved] | bool | None:
        if p.get("py") is None and p.get("pxy") is None:
            return False
        return self._months2(c, p, cal.number(p.get("py") or p.get("pxy") or ""), False)

    def _rel_months2(self, c: Candidate, p: dict[str, str | None]) -> list[Resolved] | None:
        return self._months2(c, p, None, True)

    def _abs_monthyear(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        month = _month(p, "m")
        if month is None:
            return None
        period = cal.month(cal.number(p.get("my") or ""), month)
        return self._make(c, period, relative=False, mod=_mod(p.get("mmod"))) if period else None

    def _abs_modyear(self, c: Candidate, p: dict[str, str | None]) -> Resolved | bool | None:
        if p.get("yy") is None:
            return False
        period = cal.year(cal.number(p["yy"] or ""))
        return self._make(c, period, relative=False, mod=_mod(p.get("ymod"))) if period else None

    def _abs_year(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        period = cal.year(cal.number(p.get("ey") or ""))
        return self._make(c, period, relative=False) if period else None

    def _abs_bareyear(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        pre = p.get("bpre") or ""
        if pre != "منذ" and not _AFTER_BARE_YEAR.match(self.text, c.end):
            return None
        period = cal.year(cal.number(p.get("by") or ""), cal.RECENT_MIN_YEAR)
        return self._make(c, period, relative=False) if period else None

    # --- relative forms ------------------------------------------------------------------------

    def _relative_day(self, c: Candidate, offset_days: int) -> Resolved:
        period = Period(self.pub + dt.timedelta(days=offset_days), "day") if self.pub else None
        return self._make(c, period, "day", relative=True)

    def _rel_day(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        word = " ".join(_key(p.get("dword") or "").split())
        offset = _DAY_WORDS.get(word)
        if offset is None:
            return None
        return self._relative_day(c, offset)

    def _rel_weekday(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        target = weekday_number(" ".join((p.get("wwd") or "").split()))
        if target is None:
            return None
        if self.pub is None:
            return self._make(c, None, "day", relative=True)
        sign = _rel_sign(p.get("wrel"))
        today = self.pub.isoweekday()
        if sign == 1:
            offset = (target - today) % 7 or 7
        elif sign == -1:
            offset = -((today - target) % 7 or 7)
        else:
            offset = -((today - target) % 7)
        return self._relative_day(c, offset)

    def _rel_unit_rel(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        unit = _UNIT_WORDS.get(_key(p.get("uu") or "")[2:])
        sign = _rel_sign(p.get("urel"))
        if unit is None or sign is None:
            return None
        return self._from_publication(c, unit, sign)

    def _rel_this(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        unit = _UNIT_WORDS.get(_key(p.get("tu") or "")[2:])
        return self._from_publication(c, unit, 0) if unit else None

    def _from_publication(self, c: Candidate, unit: str, by: int, *, mod: str | None = None) -> Resolved:
        if self.pub is None:
            return self._make(c, None, unit, relative=True, mod=mod)
        return self._make(c, cal.shift(Period(self.pub, "day"), unit, by), unit, relative=True, mod=mod)

    def _rel_vague(self, c: Candidate, p: dict[str, str | None]) -> Resolved:
        return self._make(c, None, "unknown", relative=True)

    def _rel_ago(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        pre = p.get("apre") or ""
        if pre == "بعد" and p.get("aapprox"):
            return None  # بعد أكثر من عشر سنوات: a span of time, not a point
        unit_key = _key(p.get("au") or "")
        if unit_key not in _UNITS:
            unit_key = unit_key.rstrip("ا")
        unit, count = _UNITS.get(unit_key, ("", 0))
        if not unit:
            return None
        if p.get("an"):
            parsed = parse_number(p["an"] or "")
            if parsed is None or count == 2:
                return None
            count = parsed
        if count == 0:  # منذ أسابيع، قبل أيام
            if unit == "hour":
                return self._relative_day(c, 0)
            return self._make(c, None, "unknown", relative=True)
        if unit == "hour":
            unit, count = "day", count // 24
        elif unit == "decade":
            unit, count = "year", count * 10
        sign = 1 if pre == "بعد" else -1
        anchor: Period | None = Period(self.pub, "day") if self.pub else None
        if p.get("afrom") or pre == "بعد":
            found = (self._preceding(c.start, same_paragraph=True) if pre == "بعد" and not p.get("afrom")
                     else self._preceding(c.start, away_from_publication=True))
            usable = found is not None and found.period is not None and (
                cal.ORDER[found.precision] <= cal.ORDER[unit])
            if usable and found is not None:
                anchor = found.period
            elif p.get("afrom"):
                anchor = None  # بعد ثلاثة أيام على الهجوم: the date of that attack is not known
        if anchor is None:
            return self._make(c, None, unit, relative=True)
        period = cal.shift(anchor, unit, sign * count)
        return self._make(c, period, period.precision if period else unit, relative=True)

    def _rel_anaphor(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        words = _key(p.get("ana") or "").split()
        step = 0
        if any(w.startswith("التالي") for w in words):
            step = 1
        elif any(w.startswith("السابق") for w in words):
            step = -1
        unit_word = next((w for w in words if w.startswith("ال") and not w.startswith(("التالي", "السابق"))), "")
        unit = {"اليوم": "day", "الليله": "day", "الاسبوع": "week", "الشهر": "month", "العام": "year",
                "السنه": "year"}.get(unit_word)
        if unit is None:
            return None
        if unit == "day":
            anchor = self._day_anchor(c.start)
        else:
            found = self._preceding(c.start)
            anchor = found.period if found else None
        if anchor is None:
            return self._make(c, None, unit, relative=True)
        if step:
            period = cal.shift(anchor, unit, step)
        elif cal.ORDER[anchor.precision] >= cal.ORDER[unit]:
            period = anchor
        else:
            period = cal.truncate(anchor, unit)
        return self._make(c, period, period.precision if period else unit, relative=True)

    def _month_in_year(self, c: Candidate, month: int, sign: int | None, yref: str | None) -> tuple[int | None, bool]:
        """The year of a month named without one, and whether it is relative to publication."""
        if yref:
            key = _key(yref)
            if "ذلك" in key or "تلك" in key or "نفس" in key or "ذات" in key:
                return self._year_anchor(c.start), True
            if self.pub is None:
                return None, True
            by = _rel_sign(key.split()[-1]) or 0
            return self.pub.year + by, True
        if sign is not None:
            if self.pub is None:
                return None, True
            y = self.pub.year
            if sign == -1 and month >= self.pub.month:
                y -= 1
            elif sign == 1 and month <= self.pub.month:
                y += 1
            return y, True
        found = self._preceding(c.start, same_paragraph=True, same_sentence=True)
        if found is not None and found.period is not None:
            return found.period.start.year, False
        if self.pub is None:
            return None, True
        # news tells what happened: a month named alone is this year's when it is not later
        # than the next month, else last year's (سبتمبر in a July article is last September)
        return self.pub.year - (1 if month - self.pub.month >= 2 else 0), True

    def _rel_full(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        month = _month(p, "f")
        d = self._day_number(p)
        if month is None or d is None:
            return None
        sign = _rel_sign(p.get("frel"))
        if sign is not None and self.pub is not None:
            # 5 آذار الماضي: the latest such day before publication; المقبل: the next one after
            this_year = self.pub.year
            probe = cal.day(this_year, month, d)
            if probe is not None and sign == -1 and probe.start >= self.pub:
                this_year -= 1
            elif probe is not None and sign == 1 and probe.start <= self.pub:
                this_year += 1
            found = cal.day(this_year, month, d)
            return self._make(c, found, "day", relative=True) if found else None
        y, relative = self._month_in_year(c, month, sign, p.get("fyref"))
        if y is None:
            return self._make(c, None, "day", relative=True)
        period = cal.day(y, month, d)
        return self._make(c, period, "day", relative=relative) if period else None

    def _rel_monthrel(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        return self._bare_month(c, _month(p, "r"), _rel_sign(p.get("rrel")), p.get("ryref"), _mod(p.get("rmod")))

    def _rel_baremonth(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        name = p.get("bm1") or ""
        if _key(name) == "اب" and not name.startswith("آب"):
            return None  # إب (the Yemeni city), أب (father): only آب is August without a year
        return self._bare_month(c, _month(p, "b"), None, None, _mod(p.get("bmmod")))

    def _bare_month(self, c: Candidate, month: int | None, sign: int | None, yref: str | None,
                    mod: str | None) -> Resolved | None:
        if month is None:
            return None
        y, relative = self._month_in_year(c, month, sign, yref)
        period = cal.month(y, month) if y is not None else None
        return self._make(c, period, "month", relative=relative, mod=mod)

    def _rel_modyear(self, c: Candidate, p: dict[str, str | None]) -> Resolved:
        sign = _rel_sign(p.get("yrel")) or 0
        return self._from_publication(c, "year", sign, mod=_mod(p.get("ymod")))

    def _rel_hijri(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        month = hijri_month_number(p.get("hm") or "")
        if month is None:
            return None
        day_ = cal.number(p["hd"] or "") if p.get("hd") else ORDINAL_DAYS.get(" ".join((p.get("hord") or "").split()))
        precision = "day" if day_ else "month"
        if self.pub is None:
            return self._make(c, None, precision, relative=True, calendar="hijri")
        date: dt.date | None
        if p.get("hyref"):  # العاشر من محرم من العام الحالي: the Hijri year of publication
            key = _key(p["hyref"] or "")
            if any(w in key for w in ("ذلك", "تلك", "نفس", "ذات")):
                return self._make(c, None, precision, relative=True, calendar="hijri")
            year_ = hijri.from_gregorian(self.pub)[0] + (_rel_sign(key.split()[-1]) or 0)
            date = hijri.to_gregorian(year_, month, day_ or 15)
        else:
            date = hijri.nearest(month, day_ or 15, self.pub)
        if date is None:
            return None
        period = Period(date, "day") if day_ else Period(date.replace(day=1), "month")
        return self._make(c, period, precision, relative=True, calendar="hijri")

    def _rel_holiday(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        if self.pub is None:
            return self._make(c, None, "day", relative=True)
        name = _key(p.get("hol") or "")
        sign = _rel_sign(p.get("holrel"))
        fixed = self._holiday_hijri(name)
        options: list[dt.date] = []
        for shift_days in (-365, 0, 365):
            try:
                probe = self.pub + dt.timedelta(days=shift_days)
            except OverflowError:
                continue
            if fixed is None:
                options.append(dt.date(probe.year, 1, 1))
            elif (found := hijri.nearest(fixed[0], fixed[1], probe)) is not None:
                options.append(found)
        options = sorted(set(options))
        if sign == -1:
            options = [d for d in options if d < self.pub]
            pick = options[-1] if options else None
        elif sign == 1:
            options = [d for d in options if d > self.pub]
            pick = options[0] if options else None
        else:
            pick = min(options, key=lambda d: abs((d - self.pub).days)) if options else None  # type: ignore[operator]
        return self._make(c, Period(pick, "day") if pick else None, "day", relative=True)

    def _rel_season(self, c: Candidate, p: dict[str, str | None]) -> Resolved | None:
        code = cal.SEASONS.get(_key(p.get("sname2") or ""))
        sign = _rel_sign(p.get("srel"))
        if code is None or sign is None:
            return None
        if self.pub is None:
            return self._make(c, None, "season", relative=True)
        label, current = cal.season_of(self.pub)
        index = label * 4 + (current - 21)
        step = sign if sign else 0
        probe = index + step
        while (probe % 4) + 21 != code:
            probe += step if step else -1
        return self._make(c, cal.season(probe // 4, code), "season", relative=True)


def resolve(text: str, candidates: list[Candidate], published: dt.date | None) -> list[Resolved]:
    """Values for ``candidates`` (in text order); candidates that turn out to be no time are dropped."""
    resolver = Resolver(text, published)
    first: list[Resolved | list[Resolved] | bool | None] = []
    for c in candidates:
        try:
            first.append(resolver.absolute(c))
        except (ValueError, OverflowError):
            first.append(None)
    resolver.finish()
    out: list[Resolved] = []
    for c, done in zip(candidates, first, strict=True):
        result: Resolved | list[Resolved] | None
        if done is False:
            try:
                result = resolver.relative(c)
            except (ValueError, OverflowError):  # a date arithmetic edge (year 1 or 9999): no time
                result = None
        else:
            result = done if isinstance(done, Resolved | list) else None
        if isinstance(result, list):
            out.extend(result)
        elif result is not None:
            out.append(result)
    return out
