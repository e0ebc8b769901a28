"""Cross-article event identity: do two articles report the same real event?

``same_event((event, record), (event, record))`` works on plain dicts as ``Document.to_dict()``
writes them (an event from ``record["events"]`` and the record it came from, for its entities
and publication date), so a store can call it on rows it has kept. The rule:

* same PLOVER type, and compatible modes (equal, one missing, or both explosive);
* dates within ``days`` of each other (an event without a date takes its record's
  publication date when it is current news); month or year precision compares the month or year;
* places agree: the same ``kb_id`` or name, or places within ``km`` of each other; and either
  the places agree positively or the two share an actor (by ``kb_id`` or name);
* stated death tolls, when both are given, are not wildly different (a later toll may grow).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date as Date
from typing import Any

from marsad.arabic import normalize_word

EventRef = tuple[Mapping[str, Any], Mapping[str, Any]]  # (event dict, document record)

_EXPLOSIVE = frozenset({"bombing", "ied", "car_bombing", "suicide_bombing", "grenade"})


def _entity(record: Mapping[str, Any], entity_id: Any) -> Mapping[str, Any] | None:
    if not entity_id:
        return None
    for ent in record.get("entities") or []:
        if ent.get("id") == entity_id:
            return dict(ent)
    return None


def _key(ent: Mapping[str, Any]) -> str:
    if ent.get("kb_id"):
        return "kb:" + str(ent["kb_id"])
    return "name:" + " ".join(normalize_word(w) for w in str(ent.get("name", "")).split())


def _names(ent: Mapping[str, Any]) -> set[str]:
    out = {_key(ent)}
    out.add("name:" + " ".join(normalize_word(w) for w in str(ent.get("name", "")).split()))
    for m in ent.get("mentions") or []:
        if m.get("kind", "name") == "name":
            out.add("name:" + " ".join(normalize_word(w) for w in str(m.get("text", "")).split()))
    return out


def _date(event: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[Date, str] | None:
    value = event.get("date")
    precision = "day"
    text: str | None = None
    if isinstance(value, Mapping) and value.get("value"):
        text, precision = str(value["value"]), str(value.get("precision") or "day")
    elif event.get("reference", "current") == "current":
        published = (record.get("meta") or {}).get("published") or {}
        if published.get("value"):
            text, precision = str(published["value"]), str(published.get("precision") or "day")
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) >= 3 and parts[1].isdigit():
            return Date(int(parts[0]), int(parts[1]), int(parts[2][:2])), "day"
        if len(parts) >= 2 and parts[1].isdigit():
            return Date(int(parts[0]), int(parts[1]), 1), "month"
        return Date(int(parts[0][:4]), 1, 1), "year" if precision != "decade" else "decade"
    except ValueError:
        return None


def _dates_agree(a: tuple[Date, str] | None, b: tuple[Date, str] | None, days: int) -> bool:
    if a is None or b is None:
        return True
    (da, pa), (db, pb) = a, b
    if "year" in (pa, pb) or "decade" in (pa, pb):
        return da.year == db.year
    if "month" in (pa, pb):
        return (da.year, da.month) == (db.year, db.month)
    return abs((da - db).days) <= days


def _distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    ga, gb = a.get("geo") or {}, b.get("geo") or {}
    if not all(isinstance(g.get(k), int | float) for g in (ga, gb) for k in ("lat", "lon")):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (ga["lat"], ga["lon"], gb["lat"], gb["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _places(a: EventRef, b: EventRef, km: float) -> bool | None:
    """True when the places agree, False when they clash, None when one is unknown."""
    pa, pb = _entity(a[1], a[0].get("place")), _entity(b[1], b[0].get("place"))
    if pa is None or pb is None:
        return None
    if _names(pa) & _names(pb):
        return True
    distance = _distance_km(pa, pb)
    if distance is not None:
        return distance <= km
    # a country and a place inside it: not a clash, not a confirmation
    ca, cb = (pa.get("geo") or {}).get("country"), (pb.get("geo") or {}).get("country")
    if "country" in (pa.get("kind"), pb.get("kind")) and ca and ca == cb:
        return None
    return False


def _actors(ref: EventRef) -> set[str]:
    out: set[str] = set()
    for entity_id in [*(ref[0].get("actors") or []), ref[0].get("claimed_by")]:
        ent = _entity(ref[1], entity_id)
        if ent is not None and ent.get("kind") not in ("civilian",):
            out |= _names(ent)
    return out


def same_event(a: EventRef, b: EventRef, *, days: int = 2, km: float = 30.0) -> bool:
    """Whether two events, each given with the record it came from, are the same real event."""
    ea, eb = a[0], b[0]
    if ea.get("type") != eb.get("type"):
        return False
    ma, mb = ea.get("mode"), eb.get("mode")
    if ma and mb and ma != mb and not (ma in _EXPLOSIVE and mb in _EXPLOSIVE):
        return False
    if not _dates_agree(_date(ea, a[1]), _date(eb, b[1]), days):
        return False
    places = _places(a, b, km)
    if places is False:
        return False
    da, db = ea.get("dead"), eb.get("dead")
    if isinstance(da, int) and isinstance(db, int) and max(da, db) > 3 * max(1, min(da, db)) + 5:
        return False
    if places:
        return True
    return bool(_actors(a) & _actors(b))
