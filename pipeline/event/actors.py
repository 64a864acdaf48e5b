"""Who acts and who reports. On government releases a spokesperson "เปิดเผยว่า / กล่าวว่า" (reports); the
actor is the organisation that approves, holds, signs or launches (ครม. อนุมัติ -> the Cabinet). The verbs are
data: ``corpora/events/actor_verbs.tsv`` and ``corpora/events/report_verbs.tsv``.

The actor is the organisation nearest before an act verb in its clause; a clause starts after ว่า, so the
spokesperson's office before "เปิดเผยว่า" is never the actor of what follows.
"""

from __future__ import annotations

import functools
import re

from pipeline.event.context import ReleaseView, is_name, named_ref
from pipeline.record import Entity, Organizer, TranslatedText
from pipeline.resources import corpus_file, read_tsv

__all__ = ["find_actor", "find_reporter", "act_verbs", "report_verbs"]

_WINDOW = 160  # characters before a verb in which its subject is looked for
_CLAUSE_BREAK = re.compile(r"ว่า|โดย|ซึ่ง|ทั้งนี้|และ(?=[ ])|“|”|\"|\n")


@functools.cache
def act_verbs() -> tuple[tuple[str, str], ...]:
    """(Thai verb, English past tense), longest first."""
    rows = read_tsv(corpus_file("events", "actor_verbs.tsv"))
    return tuple(sorted(((r["thai"], r["english"]) for r in rows), key=lambda x: -len(x[0])))


@functools.cache
def report_verbs() -> tuple[str, ...]:
    return tuple(
        sorted((r["thai"] for r in read_tsv(corpus_file("events", "report_verbs.tsv"))), key=len, reverse=True)
    )


@functools.cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def _subject(view: ReleaseView, at: int) -> Entity | None:
    """The organisation nearest before ``at`` in its clause."""
    start = max(0, at - _WINDOW)
    window = view.text[start:at]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
    if breaks:
        start += breaks[-1]
    orgs = [e for e in view.entities_in(start, at, "ORGANIZATION") if is_name(e)]
    return orgs[-1] if orgs else _known_body(view.text, start, at)


def _known_body(text: str, start: int, end: int) -> Entity | None:
    """The last gazetteer organisation written in ``text[start:end]``: bodies such as ครม. that ThaiNER's
    conventions leave untagged (so the entity stage drops them) still act."""
    from pipeline.entities.gazetteer import default_gazetteer

    word_starts = [i for i in range(start, end) if i == start or not text[i - 1].isalnum() or text[i - 1] == " "]
    found = [
        m
        for m in default_gazetteer().find(text, word_starts, set(range(start, end + 1)))
        if m.entry.label == "ORGANIZATION" and m.end <= end
    ]
    if not found:
        return None
    m = max(found, key=lambda m: (m.end, m.end - m.start))
    return Entity(
        label="ORGANIZATION",
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        canonical=m.entry.id,
        english=m.entry.english or None,
        english_source="glossary" if m.entry.english else None,
        source="gazetteer",
    )


def find_actor(view: ReleaseView) -> tuple[Organizer, TranslatedText] | None:
    """The first organisation in the body that is the subject of an act verb, and the verb (with its English)."""
    english = dict(act_verbs())
    lines = view.body or view.lines
    for line in lines:
        for m in _pattern(tuple(english)).finditer(view.text, line.start, line.end):
            subject = _subject(view, m.start())
            if subject is None:
                continue
            ref = named_ref(subject)
            action = TranslatedText(start=m.start(), end=m.end(), text=m.group(), english=english[m.group()])
            return Organizer(**ref.model_dump(), role="host"), action
    return None


def find_reporter(view: ReleaseView) -> Organizer | None:
    """The organisation whose person reports (the subject of the first reporting verb), if any."""
    lines = view.body or view.lines
    for line in lines:
        for m in _pattern(report_verbs()).finditer(view.text, line.start, line.end):
            start = max(line.start, m.start() - _WINDOW)
            window = view.text[start : m.start()]
            breaks = [b.end() for b in re.finditer(r"ว่า|“|”|\"", window)]
            orgs = [
                e
                for e in view.entities_in(start + (breaks[-1] if breaks else 0), m.start(), "ORGANIZATION")
                if is_name(e)
            ]
            if orgs:
                return Organizer(**named_ref(orgs[0]).model_dump(), role="announcer")
    return None
