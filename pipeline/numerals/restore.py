"""The repaired view: the text with repairs applied, and the dates and entities that only it has.

A restored day makes "ส.ค. 62" a full date; the dot a repair puts back makes "สพท" the abbreviation a
"full name (สพท.)" pair defined. Those dates and entities are listed in the record as ``from_repair``, at
the span of the original text they cover (``to_original`` maps offsets back through the edits).

`restore` is the one place that computes them, from the repairs it is given: the pipeline gives every
proposal (``text_repaired`` is the proposed view), the review desk gives the accepted and edited repairs
after every decision, so that a rejected repair leaves nothing it alone implied.

>>> from pipeline.record import Repair
>>> edits = repaired_edits([Repair(start=2, end=2, template="t", replacement="1 ")])
>>> edits, to_original(4, edits, side="start")
([Edit(start=2, end=2, new_start=2, new_end=4)], 2)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from pipeline.dates import find_dates
from pipeline.numerals.rendering import apply_repairs
from pipeline.record import DateRecord, Entity, Release, Repair
from pipeline.tokens import word_tokenize

__all__ = [
    "Edit",
    "EntityFinder",
    "FoundEntity",
    "repaired_edits",
    "restore",
    "restored_dates",
    "restored_entities",
    "to_original",
]


class Edit(NamedTuple):
    """One applied repair: its span in the original text and the span of its replacement in the repaired text."""

    start: int
    end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class FoundEntity:
    """An entity the entity stages found in a stretch of text (offsets into that stretch); ``record()`` builds
    its `Entity` (names looked up), called only for the entities kept."""

    label: str
    start: int
    end: int
    record: Callable[[], Entity]


EntityFinder = Callable[[str, "dt.date | None"], list[FoundEntity]]
"""The entity stages on a stretch of text, with the release date (``pipeline.release.find_entities``)."""


def repaired_edits(repairs: Iterable[Repair]) -> list[Edit]:
    """The edits of every repair that has a replacement, in text order."""
    edits, shift = [], 0
    for repair in sorted((r for r in repairs if r.replacement is not None), key=lambda r: r.start):
        assert repair.replacement is not None
        new_start = repair.start + shift
        new_end = new_start + len(repair.replacement)
        edits.append(Edit(repair.start, repair.end, new_start, new_end))
        shift += len(repair.replacement) - (repair.end - repair.start)
    return edits


def to_original(offset: int, edits: list[Edit], *, side: str) -> int:
    """Map an offset in the repaired text to the original text; inside a replacement, to its edge."""
    shift = 0
    for start, end, new_start, new_end in edits:
        if offset <= new_start:
            break
        if offset < new_end:
            return start if side == "start" else end
        shift = new_end - end
    return offset - shift


def restore(
    record: Release,
    repairs: list[Repair],
    *,
    find_entities: EntityFinder,
    words: list[str] | None = None,
) -> Release:
    """``record`` with its repaired view recomputed from ``repairs`` (those with a replacement are applied):
    ``text_repaired``, and the ``from_repair`` dates and entities, which are replaced.

    A ``from_repair`` entity already in ``record`` (perhaps corrected by a reviewer) is kept while the
    repaired view still has an entity at its span; the view's other entities are added. ``words`` are the
    newmm tokens of ``record.text`` when the caller has them (a restored entity may not cut one).
    """
    release_date = dt.date.fromisoformat(record.release_date) if record.release_date else None
    text = record.text
    text_repaired = apply_repairs(text, repairs)
    own = [e for e in record.entities if not e.from_repair]
    dates = restored_dates(text, repairs, text_repaired, release_date)
    found = restored_entities(text, repairs, text_repaired, release_date, own, find_entities, words=words)
    spans = {(e.start, e.end) for e in found}
    kept = [e for e in record.entities if e.from_repair and (e.start, e.end) in spans]
    known = {(e.start, e.end) for e in kept}
    return record.model_copy(
        update={
            "text_repaired": text_repaired,
            "dates": [d for d in record.dates if not d.from_repair] + dates,
            "entities": own + kept + [e for e in found if (e.start, e.end) not in known],
        }
    )


def restored_dates(
    text: str, repairs: list[Repair], text_repaired: str, release_date: dt.date | None
) -> list[DateRecord]:
    """Dates that the repairs restore: parsed from ``text_repaired``, placed at the span of the original text
    they cover, and marked ``from_repair``."""
    edits = repaired_edits(repairs)
    if not edits:
        return []
    records = []
    for match in find_dates(text_repaired, release_date=release_date):
        if not any(new_start < match.end and match.start < new_end for _s, _e, new_start, new_end in edits):
            continue
        start, end = to_original(match.start, edits, side="start"), to_original(match.end, edits, side="end")
        records.append(DateRecord.from_match(match, span=(start, end), text=text[start:end], from_repair=True))
    return records


def restored_entities(
    text: str,
    repairs: list[Repair],
    text_repaired: str,
    release_date: dt.date | None,
    entities: list[Entity],
    find_entities: EntityFinder,
    *,
    words: list[str] | None = None,
) -> list[Entity]:
    """Entities that only the repaired view has: the entity stages run again on the stretches of
    ``text_repaired`` around each replacement (`windows`), and each entity that touches a replacement is
    kept, placed at the original text's span and marked ``from_repair``. An entity ``entities`` already has
    (same label and span) is not repeated, nor one whose original span would cut a word (``words``, the
    newmm tokens of ``text``; tokenised here when not given)."""
    edits = repaired_edits(repairs)
    if not edits:
        return []
    bounds = _token_bounds(words if words is not None else word_tokenize(text))
    known = {(e.label, e.start, e.end) for e in entities}
    found = []
    for w_start, w_end in windows(text_repaired, [(new_start, new_end) for _s, _e, new_start, new_end in edits]):
        for entity in find_entities(text_repaired[w_start:w_end], release_date):
            s_start, s_end = entity.start + w_start, entity.end + w_start
            if not any(new_start < s_end and s_start < new_end for _s, _e, new_start, new_end in edits):
                continue
            start, end = to_original(s_start, edits, side="start"), to_original(s_end, edits, side="end")
            if (entity.label, start, end) in known or start >= end or start not in bounds or end not in bounds:
                continue
            known.add((entity.label, start, end))
            update = {"start": start, "end": end, "text": text[start:end], "from_repair": True}
            found.append(entity.record().model_copy(update=update))
    return found


def _token_bounds(words: list[str]) -> set[int]:
    """Every offset where a token starts or ends."""
    return set(itertools.accumulate(map(len, words), initial=0))


WINDOW = 400  # characters of context on each side of a repair for the entity stages


def windows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of ``text`` reaching ``WINDOW`` characters beyond each span, widened to whitespace so no
    word is cut, overlapping ones merged: the entity stages read a repair's sentence, not the whole release."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        a, b = max(0, start - WINDOW), min(len(text), end + WINDOW)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
