"""Where: the venue (ณ / ที่ + place names) and the places of earlier events in the series.

Place names next to each other ("เมืองทอมสค์ ประเทศรัสเซีย") make one place. A place is an earlier event's
when its clause speaks of the past (ที่ผ่านมา, ก่อนหน้านี้ ...) and the text goes on to contrast "this time"
(ครั้งนี้, ครั้งที่ ...).
"""

from __future__ import annotations

import re

from pipeline.event.context import ReleaseView, is_name, named_ref
from pipeline.record import Entity, EventPlace

_VENUE_CUE = re.compile(r"(?:ณ|ที่|จัดขึ้นที่|จัดที่|ณ\s*ห้อง[^\s]*)\s*$")
_PAST = re.compile(r"ที่ผ่านมา|ก่อนหน้านี้|ที่แล้ว|เคยจัด|เคย")
_THIS_TIME = re.compile(r"ครั้งนี้|ครั้งที่|ในรอบนี้")
_JOIN = re.compile(r"\s*(?:,\s*)?$")
_LIST = re.compile(r"\s*(?:และ|,)\s*$")


def place_groups(view: ReleaseView, start: int, end: int) -> list[list[Entity]]:
    """Runs of LOCATION entities in [start, end) separated only by spaces or a comma."""
    groups: list[list[Entity]] = []
    for e in view.entities_in(start, end, "LOCATION"):
        if not is_name(e):
            continue
        if groups and _JOIN.fullmatch(view.text[groups[-1][-1].end : e.start]):
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def _place(view: ReleaseView, group: list[Entity], role: str) -> EventPlace:
    refs = [named_ref(e) for e in group]
    english = ", ".join(r.english for r in refs if r.english) if all(r.english for r in refs) else None
    return EventPlace(
        start=group[0].start,
        end=group[-1].end,
        text=view.text[group[0].start : group[-1].end],
        canonical=refs[0].canonical if len(refs) == 1 else None,
        english=english,
        english_source="glossary"
        if english and all(r.english_source == "glossary" for r in refs)
        else (refs[0].english_source if english else None),
        role=role,
    )


def find_places(view: ReleaseView) -> list[EventPlace]:
    """Venue and earlier-event places, in text order; each place once."""
    places: list[EventPlace] = []
    lines = view.body or view.lines
    for line in lines:
        groups = place_groups(view, line.start, line.end)
        chain_role: str | None = None
        previous_end = None
        for group in groups:
            first = group[0]
            before = view.text[max(line.start, first.start - 14) : first.start]
            listed = (
                previous_end is not None
                and _LIST.search(view.text[previous_end : first.start])
                and (first.start - previous_end < 8)
            )
            if _VENUE_CUE.search(before):
                clause_end = _clause_end(view, group[-1].end, line.end)
                tail = view.text[group[-1].end : clause_end]
                role = (
                    "earlier_event"
                    if _PAST.search(tail) and _THIS_TIME.search(view.text[group[-1].end : line.end])
                    else "venue"
                )
                chain_role = role
            elif listed and chain_role is not None:
                role = chain_role
            else:
                chain_role = None
                previous_end = group[-1].end
                continue
            previous_end = group[-1].end
            if not any(p.start == first.start for p in places):
                places.append(_place(view, group, role))
    # A venue that comes after the event date cue is more likely the event's; keep the first venue only.
    venues = [p for p in places if p.role == "venue"]
    return [p for p in places if p.role == "earlier_event" or (venues and p is venues[0])]


def _clause_end(view: ReleaseView, start: int, limit: int) -> int:
    """Where the clause after a place ends: at ซึ่ง / โดย / ครั้งนี้ or the line's end."""
    m = re.compile(r"ซึ่ง|โดย|ครั้งนี้|ทั้งนี้").search(view.text, start, limit)
    return m.start() if m else limit
