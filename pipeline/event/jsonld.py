"""schema.org `Event` as JSON-LD, from a release record's event (English where the record has it)."""

from __future__ import annotations

from typing import Any

from pipeline.record import EventDate, NamedRef, Release

_TYPES = {
    "meeting": "Event",
    "forum_seminar": "EducationEvent",
    "mou_signing": "BusinessEvent",
    "visit": "Event",
    "launch_opening": "Event",
    "report_announcement": "Event",
    "approval": "Event",
    "advisory_warning": "Event",
    "ceremony_award": "SocialEvent",
    "other": "Event",
}


def _name(ref: NamedRef) -> str:
    if ref.english:
        return (
            f"{ref.english} ({ref.abbreviation})"
            if ref.abbreviation and ref.abbreviation not in ref.english
            else ref.english
        )
    return ref.text


def _date(date: EventDate | None) -> str | None:
    if date is None or date.year is None or date.year_source != "text":
        return None
    if date.iso:
        return date.iso
    return f"{date.year:04d}-{date.month:02d}" if date.month else f"{date.year:04d}"


def to_jsonld(record: Release) -> dict[str, Any]:
    """The event as a schema.org JSON-LD object; values the text lost or that await review are left out."""
    event = record.event
    out: dict[str, Any] = {"@context": "https://schema.org", "@type": _TYPES[event.type.value], "identifier": record.id}
    if event.title is not None:
        out["name"] = event.title.english or event.title.text
        if event.title.english:
            out["alternateName"] = event.title.text
    if (start := _date(event.date)) is not None:
        out["startDate"] = start
    venues = [p for p in event.locations if p.role == "venue"]
    if venues:
        out["location"] = [{"@type": "Place", "name": _name(p)} for p in venues]
    organizers = [o for o in event.organizers if o.role in ("host", "co_host")] or event.organizers
    if organizers:
        out["organizer"] = [
            {"@type": "Organization", "name": _name(o), **({"alternateName": o.text} if o.english else {})}
            for o in organizers
        ]
    people = []
    for p in event.participants:
        person: dict[str, Any] = {
            "@type": "Person",
            "name": p.name.english or p.name.text,
            "alternateName": p.name.text,
        }
        if p.role is not None and p.role.english:
            person["jobTitle"] = p.role.english
        if p.organization is not None:
            person["affiliation"] = {"@type": "Organization", "name": _name(p.organization)}
        people.append(person)
    if people:
        out["performer"] = people
    if event.topics:
        out["about"] = [t.english or t.text for t in event.topics]
    if event.series is not None and event.series.number is not None and event.series.number.value is not None:
        out["superEvent"] = {"@type": "EventSeries", "position": event.series.number.value}
        if event.series.total is not None and event.series.total.value is not None:
            out["superEvent"]["numberOfEvents"] = event.series.total.value
    earlier = [p for p in event.locations if p.role == "earlier_event"]
    if earlier:
        out.setdefault("superEvent", {"@type": "EventSeries"})["subEvent"] = [
            {"@type": "Event", "location": {"@type": "Place", "name": _name(p)}} for p in earlier
        ]
    return out
