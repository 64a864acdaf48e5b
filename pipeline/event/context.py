"""What the event stage reads from a `Release`: its text cut into lines, its entities, dates and repairs,
with the look-ups every extractor needs (entities in a span, the line around an offset, repairs over a span).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from pipeline.record import DateRecord, Entity, NamedRef, Release, Repair

_THAI = re.compile(r"[\u0e01-\u0e4e]")
MIN_THAI_NAME = 6


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


@dataclass
class ReleaseView:
    """A read-only view of a record for the extractors. `headline` is the first line with Thai words; `body`
    holds the lines after the headline and its repetitions."""

    record: Release
    lines: list[Line] = field(default_factory=list)

    @classmethod
    def of(cls, record: Release) -> ReleaseView:
        lines = [Line(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", record.text)]
        return cls(record, [line for line in lines if _THAI.search(line.text) or re.search(r"[A-Za-z]{3}", line.text)])

    @property
    def text(self) -> str:
        return self.record.text

    @functools.cached_property
    def entities(self) -> list[Entity]:
        # an entity a proposed repair would make is not yet a fact of the release
        return sorted((e for e in self.record.entities if not e.from_repair), key=lambda e: (e.start, -e.end))

    @functools.cached_property
    def _entity_starts(self) -> list[int]:
        return [e.start for e in self.entities]

    def entities_in(self, start: int, end: int, *labels: str) -> list[Entity]:
        """Entities lying wholly inside [start, end), in text order, of the given labels (all when none)."""
        i = bisect.bisect_left(self._entity_starts, start)
        out = []
        for e in self.entities[i:]:
            if e.start >= end:
                break
            if e.end <= end and (not labels or e.label in labels):
                out.append(e)
        return out

    def entity_at(self, start: int, *labels: str, slack: int = 0) -> Entity | None:
        """The entity starting at `start` (or within `slack` characters of blank space after it)."""
        gap = self.text[start : start + slack + 1]
        skip = len(gap) - len(gap.lstrip())
        end = len(self.text)
        entities = self.entities
        # `entities_in(start, end, *labels)` read only as far as the answer (it would list every later entity)
        for k in range(bisect.bisect_left(self._entity_starts, start), len(entities)):
            e = entities[k]
            if e.start >= end:
                break
            if e.end > end or (labels and e.label not in labels):
                continue
            if e.start in (start, start + skip):
                return e
            if e.start > start + skip:
                break
        return None

    @functools.cached_property
    def headline(self) -> Line | None:
        return self.lines[0] if self.lines else None

    @functools.cached_property
    def body(self) -> list[Line]:
        """Lines after the headline, without repetitions of it (whole or without a site prefix)."""
        if not self.lines:
            return []
        head = self.lines[0].text.strip()
        return [line for line in self.lines[1:] if line.text.strip() not in head]

    @functools.cached_property
    def lead(self) -> Line | None:
        """The first body line that reads as a paragraph (long enough to be more than a dateline)."""
        for line in self.body:
            if len(line.text.strip()) >= 80:
                return line
        return self.body[0] if self.body else None

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_at(self, offset: int) -> Line | None:
        i = bisect.bisect_right(self._line_starts, offset) - 1  # lines are disjoint, in text order
        if i >= 0 and offset < self.lines[i].end:
            return self.lines[i]
        return None

    @functools.cached_property
    def _repairs_by_start(self) -> tuple[list[Repair], list[int], list[int]]:
        """Repairs sorted by start, their starts, and the running maximum of their ends (for bisection)."""
        repairs = sorted(self.record.repairs, key=lambda r: r.start)
        ends, top = [], -1
        for r in repairs:
            top = max(top, r.end)
            ends.append(top)
        return repairs, [r.start for r in repairs], ends

    def repairs_over(self, start: int, end: int) -> list[Repair]:
        """Repairs whose span overlaps [start, end) or, for insertions, lies inside it or on its edges (in the
        record's order)."""
        repairs, starts, max_ends = self._repairs_by_start
        i = bisect.bisect_right(starts, end)  # repairs[:i] start at or before `end`
        found = []
        while i > 0 and max_ends[i - 1] >= start:
            i -= 1
            if repairs[i].end >= start:
                found.append(repairs[i])
        if len(found) > 1:
            order = {id(r): n for n, r in enumerate(self.record.repairs)}
            found.sort(key=lambda r: order[id(r)])
        return found

    def dates_after(self, offset: int, within: int) -> list[DateRecord]:
        return [d for d in self.record.dates if offset <= d.start <= offset + within]

    def named(self, entity: Entity) -> NamedRef:
        """The entity as a reference with its official English name and abbreviation."""
        return named_ref(entity)


def is_name(entity: Entity) -> bool:
    """Whether an entity is likely a name rather than a tagger's slip: known to a gazetteer, written in
    Latin script, or long enough (short Thai spans such as "กรอบ" or "ด่าน" are mostly common nouns)."""
    return bool(entity.canonical) or not _THAI.search(entity.text) or len(entity.text) >= MIN_THAI_NAME


def named_ref(entity: Entity) -> NamedRef:
    from pipeline.entities.gazetteer import default_gazetteer

    entry = default_gazetteer().entry(entity.canonical) if entity.canonical else None
    return NamedRef(
        start=entity.start,
        end=entity.end,
        text=entity.text,
        canonical=entity.canonical,
        english=entity.english,
        abbreviation=(entry.abbr_en or None) if entry else None,
        english_source=entity.english_source,
        english_evidence=entity.english_evidence,
    )
