"""The event type, from the trigger lexicon `corpora/events/triggers.tsv` (trigger, type, priority)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pipeline.event.context import ReleaseView
from pipeline.record import EventTitle, EventTypeValue
from pipeline.resources import corpus_file, read_tsv


@dataclass(frozen=True)
class Trigger:
    word: str
    type: str
    priority: int


@dataclass(frozen=True)
class TriggerMatch:
    start: int
    end: int
    trigger: Trigger


class TriggerLexicon:
    """Trigger words and the event types they signal.

    triggers: the lexicon rows; a longer word and a higher priority win over a shorter, lower one.
    """

    def __init__(self, triggers: list[Trigger]) -> None:
        self.triggers = sorted(triggers, key=lambda t: (-len(t.word), -t.priority))

    @classmethod
    def from_tsv(cls, path: Path) -> TriggerLexicon:
        return cls([Trigger(r["trigger"], r["type"], int(r["priority"])) for r in read_tsv(path)])

    def find(self, text: str, offset: int = 0) -> list[TriggerMatch]:
        """Non-overlapping trigger matches in `text` (offsets shifted by `offset`), longest first."""
        taken: list[tuple[int, int]] = []
        found: list[TriggerMatch] = []
        for trigger in self.triggers:
            start = text.find(trigger.word)
            while start != -1:
                end = start + len(trigger.word)
                if all(end <= a or start >= b for a, b in taken):
                    taken.append((start, end))
                    found.append(TriggerMatch(offset + start, offset + end, trigger))
                start = text.find(trigger.word, end)
        return sorted(found, key=lambda m: m.start)


@functools.cache
def default_triggers() -> TriggerLexicon:
    return TriggerLexicon.from_tsv(corpus_file("events", "triggers.tsv"))


def strongest(matches: list[TriggerMatch]) -> TriggerMatch | None:
    """The match with the highest priority; the earliest among equals."""
    return max(matches, key=lambda m: (m.trigger.priority, -m.start), default=None)


def classify(view: ReleaseView, title: EventTitle | None, lexicon: TriggerLexicon | None = None) -> EventTypeValue:
    """The event type from the first place that has a trigger: the title, the headline, then the lead."""
    lexicon = lexicon or default_triggers()
    places = []
    if title is not None:
        places.append((title.start, view.text[title.start : title.end]))
    if view.headline is not None:
        places.append((view.headline.start, view.headline.text))
    if view.lead is not None:
        places.append((view.lead.start, view.lead.text))
    for offset, text in places:
        best = strongest(lexicon.find(text, offset))
        if best is not None:
            return EventTypeValue(value=best.trigger.type, trigger=best.trigger.word, start=best.start, end=best.end)
    return EventTypeValue()
