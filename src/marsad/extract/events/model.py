"""The event record (schema ``events[]``) and the ACLED counterparts of PLOVER types and modes
(``../shared/schema/taxonomy.md``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.document import DateValue, Span

_VAC = "Violence against civilians"
_ERV = "Explosions/Remote violence"
_SD = "Strategic developments"

#: (type, mode) → (ACLED event_type, sub_event_type); mode None is the type's default.
ACLED: dict[tuple[str, str | None], tuple[str, str]] = {
    ("ASSAULT", None): (_VAC, "Attack"),
    ("ASSAULT", "shooting"): (_VAC, "Attack"),
    ("ASSAULT", "stabbing"): (_VAC, "Attack"),
    ("ASSAULT", "vehicle_ramming"): (_VAC, "Attack"),
    ("ASSAULT", "assassination"): (_VAC, "Attack"),
    ("ASSAULT", "execution"): (_VAC, "Attack"),
    ("ASSAULT", "bombing"): (_ERV, "Remote explosive/landmine/IED"),
    ("ASSAULT", "ied"): (_ERV, "Remote explosive/landmine/IED"),
    ("ASSAULT", "car_bombing"): (_ERV, "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide_bombing"): (_ERV, "Suicide bomb"),
    ("ASSAULT", "airstrike"): (_ERV, "Air/drone strike"),
    ("ASSAULT", "drone_strike"): (_ERV, "Air/drone strike"),
    ("ASSAULT", "shelling"): (_ERV, "Shelling/artillery/missile attack"),
    ("ASSAULT", "missile"): (_ERV, "Shelling/artillery/missile attack"),
    ("ASSAULT", "rocket"): (_ERV, "Shelling/artillery/missile attack"),
    ("ASSAULT", "grenade"): (_ERV, "Grenade"),
    ("ASSAULT", "chemical"): (_ERV, "Chemical weapon"),
    ("ASSAULT", "abduction"): (_VAC, "Abduction/forced disappearance"),
    ("ASSAULT", "sexual_violence"): (_VAC, "Sexual violence"),
    ("FIGHT", None): ("Battles", "Armed clash"),
    ("FIGHT", "armed_clash"): ("Battles", "Armed clash"),
    ("FIGHT", "territory_taken"): ("Battles", "Non-state actor overtakes territory"),
    ("FIGHT", "territory_regained"): ("Battles", "Government regains territory"),
    ("RETREAT", None): (_SD, "Non-violent transfer of territory"),
    ("RETREAT", "territory_lost"): (_SD, "Non-violent transfer of territory"),
    ("RETREAT", "withdrawal"): (_SD, "Non-violent transfer of territory"),
    ("COERCE", None): (_SD, "Other"),
    ("COERCE", "arrest"): (_SD, "Arrests"),
    ("COERCE", "raid"): (_SD, "Arrests"),
    ("COERCE", "detention"): (_SD, "Arrests"),
    ("COERCE", "seizure"): (_SD, "Disrupted weapons use"),
    ("COERCE", "curfew"): (_SD, "Other"),
    ("COERCE", "ban"): (_SD, "Other"),
    ("COERCE", "deportation"): (_SD, "Other"),
    ("COERCE", "property_destruction"): (_SD, "Looting/property destruction"),
    ("THREATEN", "threat"): (_SD, "Other"),
    ("THREATEN", "ultimatum"): (_SD, "Other"),
    ("PROTEST", None): ("Protests", "Peaceful protest"),
    ("PROTEST", "demonstration"): ("Protests", "Peaceful protest"),
    ("PROTEST", "sit_in"): ("Protests", "Peaceful protest"),
    ("PROTEST", "strike"): ("Protests", "Peaceful protest"),
    ("PROTEST", "hunger_strike"): ("Protests", "Peaceful protest"),
    ("PROTEST", "protest_with_intervention"): ("Protests", "Protest with intervention"),
    ("PROTEST", "riot"): ("Riots", "Violent demonstration"),
    ("MOBILIZE", None): (_SD, "Other"),
    ("MOBILIZE", "troop_deployment"): (_SD, "Other"),
    ("MOBILIZE", "alert"): (_SD, "Other"),
    ("MOBILIZE", "military_exercise"): (_SD, "Other"),
    ("AGREE", "ceasefire"): (_SD, "Agreement"),
    ("AGREE", None): (_SD, "Agreement"),
}

#: Types that are political violence or security events (ACLED always filled for them).
VIOLENT_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE", "THREATEN", "PROTEST", "MOBILIZE", "RETREAT"})


def acled_for(type_: str, mode: str | None) -> dict[str, str] | None:
    """The ACLED ``event_type``/``sub_event_type`` for a PLOVER type and mode, or None."""
    pair = ACLED.get((type_, mode)) or ACLED.get((type_, None))
    if pair is None:
        return None
    return {"event_type": pair[0], "sub_event_type": pair[1]}


@dataclass(slots=True)
class Event:
    """One event: what happened (type, mode, trigger), who, to whom, where, when, how many,
    how the text presents it (modality) and whether it is this article's news (reference).

    ``mentions`` are the other trigger spans in the article that refer to the same event
    (an addition to the schema, which allows extra properties).
    """

    id: str
    type: str
    trigger: Span
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: str | None = None
    date: DateValue | None = None
    dead: int | None = None
    injured: int | None = None
    size: int | None = None
    modality: str = "asserted"
    reference: str = "current"
    claimed_by: str | None = None
    reported_by: str | None = None
    sentence: int | None = None
    confidence: float = 0.5
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "acled": acled_for(self.type, self.mode),
            "trigger": self.trigger.to_dict(),
            "actors": list(self.actors),
            "targets": list(self.targets),
            "place": self.place,
            "date": _date_dict(self.date),
            "dead": self.dead,
            "injured": self.injured,
            "size": self.size,
            "modality": self.modality,
            "reference": self.reference,
            "claimed_by": self.claimed_by,
            "reported_by": self.reported_by,
        }
        if self.sentence is not None:
            out["sentence"] = self.sentence
        out["confidence"] = round(self.confidence, 3)
        if self.mentions:
            out["mentions"] = [m.to_dict() for m in self.mentions]
        return out


def _date_dict(date: DateValue | None) -> dict[str, Any] | None:
    if date is None:
        return None
    out: dict[str, Any] = {"value": date.value, "precision": date.precision}
    if date.relative:
        out["relative"] = True
    return out
