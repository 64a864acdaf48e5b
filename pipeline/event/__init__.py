"""The event stage: what happened, who held it, who spoke, where, when, about what, with which figures, and
where it stands in a series, each field with the offsets it came from in `Release.text`.

>>> from pipeline.record import Entity, Release
>>> text = "กรมการค้าภายใน จัด “งานสัมมนาการค้า” ณ จังหวัดเชียงใหม่"
>>> record = Release(id="t", text=text, entities=[
...     Entity(label="ORGANIZATION", start=0, end=14, text="กรมการค้าภายใน", source="gazetteer"),
...     Entity(label="LOCATION", start=39, end=54, text="จังหวัดเชียงใหม่", english="Chiang Mai", source="gazetteer")])
>>> event = extract_event(record)
>>> event.type.value, event.title.text, event.organizers[0].text, event.locations[0].english
('forum_seminar', 'งานสัมมนาการค้า', 'กรมการค้าภายใน', 'Chiang Mai')
"""

from __future__ import annotations

from pipeline.event.actors import find_actor, find_reporter
from pipeline.event.context import ReleaseView
from pipeline.event.figures import find_figures
from pipeline.event.jsonld import to_jsonld
from pipeline.event.organizers import find_organizers
from pipeline.event.participants import find_participants
from pipeline.event.places import find_places
from pipeline.event.quotes import find_quotes, find_title, find_topics
from pipeline.event.series import find_series
from pipeline.event.triggers import classify
from pipeline.event.when import event_date
from pipeline.record import Event, Release

__all__ = ["extract_event", "to_jsonld"]


def extract_event(record: Release) -> Event:
    """The `Event` of a release record (its text, entities, dates and numeral repairs)."""
    view = ReleaseView.of(record)
    quotes = find_quotes(view.text)
    title = find_title(view, quotes)
    kind = classify(view, title)
    anchor = title.start if title is not None else (kind.start if kind.trigger else None)
    organizers, action = find_organizers(view), None
    reporter = find_reporter(view)
    if not any(o.role in ("host", "co_host") for o in organizers):
        # no holding clause: the subject of an act verb acts; an announcer only reports
        actor = find_actor(view)
        if actor is not None:
            organizers, action = [actor[0]], actor[1]
    if reporter is None:
        reporter = next((o for o in organizers if o.role == "announcer"), None)
    return Event(
        type=kind,
        title=title,
        date=event_date(view, anchor),
        locations=find_places(view),
        organizers=organizers,
        action=action,
        reported_by=reporter,
        participants=find_participants(view),
        topics=find_topics(view, quotes, title),
        figures=find_figures(view),
        series=find_series(view),
    )
