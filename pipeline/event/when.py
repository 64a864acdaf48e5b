"""The event date, kept apart from the publication date.

A date is the event's when a cue (เมื่อ, ในวันที่, วันนี้ (, ระหว่างวันที่ ...) stands right before it; among those,
the one in the trigger's paragraph nearest the trigger wins, else the first in the body. A date the text lost
entirely (``เมื่อวันที่ .ที่ผ่านมา``) is known only from the numeral repair at its place: it is kept as a date
with every part lost. The publication date (the record's release date, else the first date before the
lead that no cue introduces) supplies the year of a date whose year was lost, marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.event.context import ReleaseView
from pipeline.record import DateRecord, EventDate, Repair

_CUE = re.compile(r"(?:เมื่อ|ในวันที่|ในวัน|วันนี้\s*\(|ระหว่างวันที่|ระหว่าง|ตั้งแต่วันที่|ณ วันที่|ในวันนี้\s*\()\s*(?:วันที่|เดือน)?\s*$")
_PAST = ("ที่ผ่านมา", "ที่แล้ว")


@dataclass(frozen=True)
class DateCandidate:
    start: int
    end: int
    date: DateRecord | None
    repairs: tuple[Repair, ...]


def _cued(view: ReleaseView, start: int) -> bool:
    return _CUE.search(view.text[max(0, start - 24) : start]) is not None


def date_candidates(view: ReleaseView) -> list[DateCandidate]:
    """Dates (found, or lost and flagged by a repair) that a cue introduces, in text order."""
    found: list[DateCandidate] = []
    for d in view.record.dates:
        if d.relative in ("this_year", "last_year", "next_year") or d.fiscal_year:
            continue
        if _cued(view, d.start):
            found.append(DateCandidate(d.start, d.end, d, tuple(view.repairs_over(d.start, d.end))))
    covered = [(c.start, c.end) for c in found]
    for r in view.record.repairs:
        if not r.template.startswith("date.") or any(a <= r.start <= b for a, b in covered):
            continue
        # A date lost whole: the span runs from the cue's วันที่/เดือน to the damage and its ที่ผ่านมา.
        head = re.search(r"(?:วันที่|เดือน)\s*$", view.text[max(0, r.start - 10) : r.start])
        if head is None or not _cued(view, r.start - len(head.group())):
            continue
        start = r.start - len(head.group())
        tail = re.match(r"\S*?(?:ที่ผ่านมา|ที่แล้ว|นี้)?", view.text[r.end : r.end + 12])
        end = r.end + (len(tail.group()) if tail else 0)
        if not any(d.start <= r.start < d.end for d in view.record.dates):
            found.append(DateCandidate(start, end, None, (r,)))
    return sorted(found, key=lambda c: c.start)


def publication_date(view: ReleaseView, event_start: int | None) -> DateRecord | None:
    """The date the release was published: the record's, else the first uncued date before the event date."""
    if view.record.release_date:
        year, month, day = (int(x) for x in view.record.release_date.split("-"))
        return DateRecord(
            start=0,
            end=0,
            text=view.record.release_date,
            year=year,
            month=month,
            day=day,
            iso=view.record.release_date,
            calendar="CE",
            complete=True,
        )
    limit = event_start if event_start is not None else (view.lead.start if view.lead else len(view.text))
    for d in view.record.dates:
        if d.start >= limit:
            break
        if d.year is not None and not _cued(view, d.start) and d.relative is None:
            return d
    return None


def event_date(view: ReleaseView, anchor: int | None) -> EventDate | None:
    """The event's date (see the module docstring); `anchor` is the trigger or title offset."""
    candidates = date_candidates(view)
    if not candidates:
        return None
    chosen = None
    line = view.line_at(anchor) if anchor is not None else None
    if line is not None and anchor is not None:
        near = [c for c in candidates if line.start <= c.start < line.end]
        if near:
            chosen = min(near, key=lambda c: abs(c.start - anchor))
    if chosen is None:
        body_start = view.body[0].start if view.body else 0
        chosen = next((c for c in candidates if c.start >= body_start), candidates[0])
    return _event_date(view, chosen)


def _event_date(view: ReleaseView, c: DateCandidate) -> EventDate:
    text = view.text[c.start : c.end]
    d = c.date
    year, month, day = (d.year, d.month, d.day) if d else (None, None, None)
    lost = []
    date_repairs = [r for r in c.repairs if r.template.startswith("date.")]
    if date_repairs or d is None:
        # A part the text lost is lost whatever a later year or relative word implies.
        lost = [part for part, value in (("day", day), ("month", month), ("year", year)) if value is None]
    year_source = ("text" if d is not None and d.calendar else "publication") if year is not None else None
    if year is None and (d is None or d.relative is None):
        published = publication_date(view, c.start)
        if published is not None and published.year is not None:
            year, year_source = published.year, "publication"
    return EventDate(
        start=c.start,
        end=c.end,
        text=text,
        year=year,
        month=month,
        day=day,
        iso=d.iso if d else None,
        relative=d.relative if d else ("past" if text.endswith(_PAST) else None),
        partial=d is None or not d.complete or bool(lost),
        lost=lost,
        year_source=year_source,
        needs_review=bool(c.repairs),
    )
