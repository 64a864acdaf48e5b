"""Month and date strategies: a cut month abbreviation completes to the months it can start; a lost day
comes from another date of the release, or from the release date, when they agree with what is left."""

from __future__ import annotations

import re

from pipeline.dates import find_dates, month_abbreviation, month_abbreviation_completions, year_value
from pipeline.numerals.document import Document, Slot
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["date_from_other_dates", "date_from_release", "month_completion"]


def month_completion(slot: Slot, doc: Document) -> list[Candidate]:
    """ "มิ." completes only to มิ.ย.; an ambiguous fragment ("พ.") gives weak candidates."""
    months = month_abbreviation_completions(slot.anchor)
    if len(months) == 1:
        full = month_abbreviation(months[0])
        return [
            Candidate(
                value=full,
                confidence=CONFIDENCE["month.only_completion"],
                evidence=f"“{slot.anchor}” is the start of one month abbreviation only, “{full}”",
            )
        ]
    mentioned = {d.value.month for d in doc.dates if d.value.month in months}
    candidates = []
    for month in months:
        full = month_abbreviation(month)
        if mentioned == {month}:
            candidates.append(
                Candidate(
                    value=full,
                    confidence=CONFIDENCE["month.only_one_mentioned"],
                    evidence=f"“{slot.anchor}” may start {', '.join(map(month_abbreviation, months))}; "
                    f"only {full} is mentioned elsewhere in the release",
                )
            )
        else:
            candidates.append(
                Candidate(
                    value=full, confidence=CONFIDENCE["month.possible"], evidence=f"“{slot.anchor}” may start “{full}”"
                )
            )
    return candidates


def _known_date_parts(slot: Slot, doc: Document) -> tuple[int | None, int | None]:
    """(CE year, month) the damaged date still shows after the slot."""
    after = doc.text[slot.end : slot.end + 30]
    value = None
    for match in find_dates(after.split("\n")[0]):
        if match.start <= 2:
            value = match.value
        break
    if value is not None:
        return value.year, value.month
    m = re.match(r"[ ]?((?:25|20)?[0-9]{2})(?![0-9])", after)
    if m:
        parsed = year_value(m.group(1), None)  # two digits, 20xx or 25xx: always a year
        if parsed is not None:
            return parsed[0], None
    return None, None


def _date_value(day: int, month: int, slot: Slot) -> str:
    if slot.template.detector == "dayless_date" and slot.start == slot.end and slot.suffix:
        return str(day)  # the month is still in the text
    return f"{day} {month_abbreviation(month)}"


def date_from_other_dates(slot: Slot, doc: Document) -> list[Candidate]:
    """Another complete date in the release agrees with what is left (year, month)."""
    year, month = _known_date_parts(slot, doc)
    if year is None and month is None:
        return []
    found: dict[tuple[int, int], str] = {}
    mentions: dict[tuple[int, int], int] = {}
    for match in doc.dates:
        v = match.value
        if not v.complete or v.relative is not None or match.start <= slot.end <= match.end:
            continue  # relative dates ("วันนี้") come from the release date: date_from_release
        if (year is None or v.year == year) and (month is None or v.month == month):
            found.setdefault((v.day, v.month), match.text)
            mentions[(v.day, v.month)] = mentions.get((v.day, v.month), 0) + 1
    if not found:
        return []
    # one agreeing date is still often another day of the month; "today" or a repeated date settles it
    today = re.search(r"วันนี้[ ]?\(?[ ]?(?:วันที่)?[ ]?$", doc.text[max(0, slot.start - 16) : slot.start])
    if len(found) == 1:
        confidence = CONFIDENCE["other_date.today"] if today else CONFIDENCE["other_date.one"]
    else:
        confidence = CONFIDENCE["other_date.several"]
    return [
        Candidate(
            value=_date_value(day, mon, slot),
            confidence=confidence,
            evidence=f"the release gives the date “{source}” elsewhere, which agrees with what is left"
            + ("" if len(found) == 1 else f" (one of {len(found)} such dates)"),
        )
        for (day, mon), source in found.items()
    ]


def date_from_release(slot: Slot, doc: Document) -> list[Candidate]:
    """The release date, when it agrees with what is left of the date."""
    release = doc.release_date
    if release is None:
        return []
    year, month = _known_date_parts(slot, doc)
    if year is None or year != release.year or (month is not None and month != release.month):
        return []
    return [
        Candidate(
            value=_date_value(release.day, release.month, slot),
            confidence=CONFIDENCE["release_date"],
            evidence=f"the release date {release.isoformat()} agrees with the year (and month) left in the text",
        )
    ]
