"""Quoted names in the text: the event's title and its topic items.

A title is a quoted name right after a word that holds an event (จัด, งาน, การประชุม ...) or one that itself
starts with a trigger word; an English name in brackets at its end (or right after it) is the release's
own English. Topics are the quoted items after หัวข้อ / ประเด็น / ได้แก่, chained by และ, หรือ or commas.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.event.context import ReleaseView
from pipeline.event.triggers import TriggerLexicon, default_triggers
from pipeline.record import EventTitle, Topic
from pipeline.resources import corpus_file, read_toml

# Curly pairs, straight pairs, and a straight quote closed by a curly one (`"งาน…” ภายใต้แนวคิด "…”`, common in the
# archive); a curly quote closed by a straight one is not read, since an unclosed “ before a straight pair is as common.
_QUOTE = re.compile(r"“([^“”\n]{2,300})”|\"([^\"“”\n]{2,300})[\"”]|«([^«»\n]{2,300})»")
_ENGLISH_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&.,:'’\- ]{2,200}?)\s*\)")
_CHAIN = re.compile(r"\s*(?:และ|หรือ|,|、|กับ)?\s*$")


@functools.cache
def _cues(kind: str) -> tuple[str, ...]:
    """``title_cues`` or ``topic_cues`` of ``corpora/events/cues.toml`` ([quotes])."""
    return tuple(read_toml(corpus_file("events", "cues.toml"))["quotes"][kind])


@dataclass(frozen=True)
class Quote:
    start: int  # of the text inside the quotes
    end: int
    text: str


def find_quotes(text: str) -> list[Quote]:
    out = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        inner = m.group(group)
        stripped = inner.strip()
        start = m.start(group) + (len(inner) - len(inner.lstrip()))
        out.append(Quote(start, start + len(stripped), stripped))
    return out


def find_title(view: ReleaseView, quotes: list[Quote], lexicon: TriggerLexicon | None = None) -> EventTitle | None:
    """The first quoted name that names an event (see the module docstring), in the body before the headline."""
    lexicon = lexicon or default_triggers()
    body_start = view.body[0].start if view.body else 0
    ordered = [q for q in quotes if q.start >= body_start] + [q for q in quotes if q.start < body_start]
    for quote in ordered:
        before = view.text[max(0, quote.start - 16) : quote.start - 1].rstrip()
        cued = before.endswith(_cues("title_cues"))
        named = any(m.start == quote.start for m in lexicon.find(quote.text[:20], quote.start))
        if cued or named:
            return _title(view.text, quote)
    return None


def _title(text: str, quote: Quote) -> EventTitle:
    english = None
    inside = list(_ENGLISH_IN_BRACKETS.finditer(quote.text))
    if inside and inside[-1].end() == len(quote.text):
        m = inside[-1]
        english = (m.group(1), quote.start + m.start(1), quote.start + m.end(1))
    else:
        after = _ENGLISH_IN_BRACKETS.match(text, quote.end + 1)
        if after is None:
            after = _ENGLISH_IN_BRACKETS.match(text, quote.end + 2)
        if after is not None:
            english = (after.group(1), after.start(1), after.end(1))
    if english is None and not re.search(r"[\u0e01-\u0e4e]", quote.text):
        english = (quote.text, quote.start, quote.end)
    return EventTitle(
        start=quote.start,
        end=quote.end,
        text=quote.text,
        english=english[0] if english else None,
        english_start=english[1] if english else None,
        english_end=english[2] if english else None,
    )


def find_topics(view: ReleaseView, quotes: list[Quote], title: EventTitle | None) -> list[Topic]:
    """Quoted items that follow a topic cue, and the quotes chained to them."""
    topics: list[Topic] = []
    previous_end: int | None = None
    for quote in quotes:
        if title is not None and quote.start == title.start:
            previous_end = None
            continue
        before = view.text[max(0, quote.start - 40) : quote.start - 1]
        cued = any(
            before.rstrip().endswith(cue) or re.search(cue + r"[^“”\"]{0,25}$", before) for cue in _cues("topic_cues")
        )
        chained = (
            previous_end is not None and _CHAIN.fullmatch(view.text[previous_end + 1 : quote.start - 1]) is not None
        )
        if cued or chained:
            english = quote.text if not re.search(r"[\u0e01-\u0e4e]", quote.text) else None
            topics.append(Topic(start=quote.start, end=quote.end, text=quote.text, english=english))
            previous_end = quote.end
        else:
            previous_end = None
    return topics
