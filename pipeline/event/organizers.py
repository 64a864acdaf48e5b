"""Who held the event: the organisations that are the subject of จัด / ร่วมมือกับ / ร่วมกับ (hosts), those
after ร่วมมือกับ / ร่วมกับ (co-hosts), or the subject of an announcement verb (announcers).

An organisation written right after another ("สำนักงาน... (SMEA) กระทรวงเศรษฐการ...") is the first one's
parent body, not a second organiser; an abbreviation in brackets is the same organisation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.event.context import ReleaseView, is_name, named_ref
from pipeline.record import Entity, Organizer
from pipeline.resources import corpus_file, read_toml


@dataclass(frozen=True)
class _Cues:
    hold: re.Pattern[str]
    announce: re.Pattern[str]
    clause_break: re.Pattern[str]


@functools.cache
def _cues() -> _Cues:
    """The verbs and clause words of ``corpora/events/cues.toml`` ([organizers])."""
    data = read_toml(corpus_file("events", "cues.toml"))["organizers"]
    return _Cues(
        hold=re.compile("|".join(data["hold"])),
        announce=re.compile("|".join(map(re.escape, data["announce"]))),
        clause_break=re.compile("|".join([*map(re.escape, data["clause_breaks"]), "“", "”", '"'])),
    )


_BRACKETED = re.compile(r"\([^()\n]{1,20}\)")
_SUBJECT_WINDOW = 260


def _clusters(view: ReleaseView, orgs: list[Entity]) -> list[tuple[Entity, Entity | None, int]]:
    """(organisation, parent, end of the cluster): orgs that follow each other only across blank space and
    a bracketed abbreviation fold into the first (same canonical) or become its parent (a different one)."""
    out: list[tuple[Entity, Entity | None, int]] = []
    for e in orgs:
        if out and _adjacent(view.text[out[-1][2] : e.start]):
            head, parent, _ = out[-1]
            if (e.canonical and e.canonical == head.canonical) or (
                parent is not None and e.canonical == parent.canonical
            ):
                out[-1] = (head, parent, e.end)
                continue
            if parent is None and len(view.text[out[-1][2] : e.start].strip(" ()")) == 0 and e.start - out[-1][2] <= 2:
                out[-1] = (head, e, e.end)
                continue
        out.append((e, None, e.end))
    return out


def _adjacent(gap: str) -> bool:
    """Only blank space, brackets and a short bracketed abbreviation lie between two names."""
    return re.fullmatch(r"[\s()]*", _BRACKETED.sub("", gap)) is not None


def _organizer(head: Entity, parent: Entity | None, role: str) -> Organizer:
    ref = named_ref(head)
    return Organizer(**ref.model_dump(), role=role, parent=named_ref(parent) if parent else None)


def _subject(view: ReleaseView, cue_start: int, line_start: int) -> list[tuple[Entity, Entity | None, int]]:
    """Organisation clusters in the clause before a cue (from the line's start or the last clause break)."""
    start = max(line_start, cue_start - _SUBJECT_WINDOW)
    window = view.text[start:cue_start]
    breaks = [m.end() for m in _cues().clause_break.finditer(window)]
    if breaks:
        start += breaks[-1]
    return _clusters(view, [e for e in view.entities_in(start, cue_start, "ORGANIZATION") if is_name(e)])


def find_organizers(view: ReleaseView) -> list[Organizer]:
    """Hosts and co-hosts from the first holding clause with an organisation subject; else announcers."""
    lines = view.body or view.lines
    for line in lines:
        for cue in _cues().hold.finditer(view.text, line.start, line.end):
            subject = _subject(view, cue.start(), line.start)
            if not subject:
                continue
            found = [_organizer(head, parent, "host") for head, parent, _ in subject]
            if cue.group().startswith("ร่วม"):
                rest_end = _cues().hold.search(view.text, cue.end(), line.end)
                co_end = rest_end.start() if rest_end else min(line.end, cue.end() + 120)
                co_hosts = [e for e in view.entities_in(cue.end(), co_end, "ORGANIZATION") if is_name(e)]
                for head, parent, _ in _clusters(view, co_hosts):
                    found.append(_organizer(head, parent, "co_host"))
            return _unique(found)
    for line in lines:
        for cue in _cues().announce.finditer(view.text, line.start, line.end):
            subject = _subject(view, cue.start(), line.start)
            if subject:
                head, parent, _ = subject[0]
                return [_organizer(head, parent, "announcer")]
    return []


def _unique(organizers: list[Organizer]) -> list[Organizer]:
    seen: set[str] = set()
    out = []
    for o in organizers:
        key = o.canonical or o.text
        if key not in seen:
            seen.add(key)
            out.append(o)
    return out
