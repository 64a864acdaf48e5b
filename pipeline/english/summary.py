"""English summaries: a headline and two to five sentences built only from the release record.

The template renderer states only what the record holds: official English names, romanised names marked as
such, glossary roles, figures in English. Thai without English is quoted and marked "[Thai, untranslated]";
values the text lost are "[lost from the release]" and values a repair only proposes are "3
[needs review]". Every summary then goes through the faithfulness check; one that fails is `flagged`.

>>> from pipeline.record import Release
>>> summarize(Release(id="t", text="ข่าว")).flagged
False
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from pipeline.english.faithfulness import LOST, NEEDS_REVIEW, UNTRANSLATED, check
from pipeline.record import (
    MACHINE_MADE,
    Event,
    EventDate,
    Figure,
    NamedRef,
    Participant,
    Release,
    SeriesValue,
)

MAX_PARTICIPANTS = 4
MAX_FIGURES = 6
MAX_TOPICS = 4

_NOUNS = {
    "meeting": "a meeting",
    "forum_seminar": "a forum",
    "mou_signing": "a memorandum of understanding signing",
    "visit": "a visit",
    "launch_opening": "a launch",
    "report_announcement": "an announcement",
    "approval": "an approval",
    "advisory_warning": "an advisory",
    "ceremony_award": "a ceremony",
    "other": "an event",
}
_HEADLINE_VERBS = {
    "meeting": "hold a meeting",
    "forum_seminar": "hold a forum",
    "mou_signing": "sign a memorandum of understanding",
    "visit": "make a visit",
    "launch_opening": "hold a launch",
    "report_announcement": "make an announcement",
    "approval": "give an approval",
    "advisory_warning": "issue an advisory",
    "ceremony_award": "hold a ceremony",
    "other": "report an event",
}


@dataclass
class Summary:
    """An English summary. `flagged` means it failed the faithfulness check and is not final; `problems` says
    why (and, for a fallback, what the other backend got wrong)."""

    text: str
    flagged: bool = False
    problems: list[str] = field(default_factory=list)
    source: str = "template"


class Summarizer(Protocol):
    def __call__(self, record: Release) -> Summary: ...


def summarize(record: Release, summarizer: Summarizer | None = None) -> Summary:
    """The English summary of a record: the template renderer by default, or any `summarizer` (such as
    `pipeline.english.transformers_backend.TransformersSummarizer`)."""
    return (summarizer or template_summary)(record)


def template_summary(record: Release) -> Summary:
    """The template summary, checked for faithfulness."""
    text = render(record)
    problems = check(text, record)
    return Summary(text=text, flagged=bool(problems), problems=[str(p) for p in problems], source="template")


# --- rendering ------------------------------------------------------------------------------------


def render(record: Release) -> str:
    """Headline, blank line, then the sentences, from the record's event only."""
    event = record.event
    named: set[str] = set()
    sentences = [_what_sentence(event, named)]
    builders: list[Callable[[], str]] = [  # in this order; each sees the sentences before it
        lambda: _series_sentence(event, named),
        lambda: _people_sentence(event, named),
        lambda: _figures_sentence(event, named, len(record.text), _lead(record)),
        lambda: _topics_sentence(event, named),
        lambda: _agencies_sentence(record, named, " ".join(sentences)),
    ]
    for build in builders:
        sentence = build()
        if sentence:
            sentences.append(sentence)
    if len(sentences) < 2:
        sentences.append("The release names no participants, figures or topics that could be stated in English.")
    return _headline(event) + "\n\n" + " ".join(sentences[:5])


MAX_AGENCIES = 6


def _agencies_sentence(record: Release, named: set[str], said: str = "") -> str:
    """The other organisations the release names that have an official English name, in order of mention
    (not those the summary already names)."""
    seen, names = set(named), []
    for e in record.entities:
        key = e.canonical or e.text
        if e.label != "ORGANIZATION" or not e.english or e.english_source != "glossary" or e.from_repair or key in seen:
            continue
        if e.english in said:
            continue
        seen.add(key)
        names.append(e.english)
        if len(names) == MAX_AGENCIES:
            break
    return "Also named: " + _list(names) + "." if names else ""


def organization_name(ref: NamedRef, named: set[str] | None = None) -> str:
    """Official English name with its abbreviation ("Office of ... (OSMEP)"); the abbreviation alone once the
    full name was given; quoted Thai marked untranslated when there is no English."""
    key = ref.canonical or ref.text
    if ref.english:
        if named is not None and key in named and ref.abbreviation:
            return ref.abbreviation
        if named is not None:
            named.add(key)
        if ref.abbreviation and ref.abbreviation not in ref.english:
            return f"{ref.english} ({ref.abbreviation})"
        return ref.english
    return untranslated(ref.text)


def untranslated(thai: str) -> str:
    return f"“{thai}” {UNTRANSLATED}"


def person_name(ref: NamedRef) -> str:
    if ref.english and ref.english_source in MACHINE_MADE:
        return f"{ref.english} (romanised)"
    return ref.english or untranslated(ref.text)


def date_phrase(date: EventDate | None) -> str:
    """ "on 2 August 2019", "in August 2019", or "on a date lost from the release (2019)"."""
    if date is None:
        return ""
    year = "" if date.year is None else str(date.year)
    if date.lost and date.day is None:
        if date.month is not None:
            when = f"in {calendar.month_name[date.month]} {year}".rstrip()
            return f"{when} (the day is {LOST})"
        if not year:
            return f"on a date {LOST}"
        if date.year_source == "publication":
            return f"on a date {LOST} (released in {year})"
        return f"on a date {LOST} ({year})"
    if date.day is not None and date.month is not None:
        return f"on {date.day} {calendar.month_name[date.month]} {year}".rstrip()
    if date.month is not None:
        return f"in {calendar.month_name[date.month]} {year}".rstrip()
    if year and date.year_source == "text":
        return f"in {year}"
    return ""


def _headline(event: Event) -> str:
    hosts = [o for o in event.organizers if o.role in ("host", "co_host")] or event.organizers
    subject = " and ".join(o.abbreviation or o.english or "" for o in hosts[:2] if o.abbreviation or o.english)
    title = event.title.english if event.title is not None and event.title.english else None
    verb, _, rest = _HEADLINE_VERBS[event.type.value].partition(" ")
    if len(hosts) == 1 or len(subject.split(" and ")) == 1:
        verb += "s"
    if subject and title:
        return f"{subject} {verb} “{title}”"
    if subject:
        return f"{subject} {verb} {rest}"
    if title:
        return f"“{title}”"
    return _NOUNS[event.type.value].split(" ", 1)[1].capitalize() + " reported"


def _event_phrase(event: Event) -> str:
    noun = _NOUNS[event.type.value]
    if event.title is None:
        return noun
    if event.title.english:
        return f"{noun.split(' ', 1)[1] if ' ' in noun else noun} “{event.title.english}”".join(("the ", ""))
    return f"{noun}, {untranslated(event.title.text)},"


def _what_sentence(event: Event, named: set[str]) -> str:
    hosts = [o for o in event.organizers if o.role == "host"]
    co_hosts = [o for o in event.organizers if o.role == "co_host"]
    announcers = [o for o in event.organizers if o.role == "announcer"]
    what = _event_phrase(event)
    when = date_phrase(event.date)
    venues = [p for p in event.locations if p.role == "venue"]
    where = f"{_preposition(venues[0])} {_place(venues[0])}" if venues else ""
    tail = " ".join(x for x in (when, where) if x)
    if hosts:
        subject = _list([organization_name(o, named) for o in hosts])
        if co_hosts:
            subject += ", together with " + _list([organization_name(o, named) for o in co_hosts]) + ","
        verb = event.action.english if event.action is not None and event.action.english else "held"
        sentence = f"{subject} {verb} {what}" if verb == "held" else f"{subject} {verb} what the release reports"
    elif announcers:
        sentence = f"{organization_name(announcers[0], named)} reported on {what}"
    else:
        sentence = f"The release reports {what}"
    sentence = f"{sentence} {tail}".rstrip(" ,")
    reporter = event.reported_by
    if hosts and reporter is not None and reporter.canonical not in {o.canonical for o in hosts}:
        sentence += f", as reported by {organization_name(reporter, named)}"
    return sentence + "."


def _preposition(place: NamedRef) -> str:
    """ "in" a country, city or province; "at" a building or venue."""
    regions = ("country:", "city:", "th-province:", "th-district:")
    return "in" if place.canonical and place.canonical.startswith(regions) else "at"


def _place(place: NamedRef) -> str:
    return place.english or untranslated(place.text)


def _series_value(value: SeriesValue | None) -> str | None:
    """ "3", "3 [needs review]" for a value only a repair proposes, None when the release lost it or never said."""
    if value is None:
        return None
    if value.value is not None:
        return str(value.value)
    if value.proposed is not None:
        return f"{value.proposed} {NEEDS_REVIEW}"
    return None


def _series_sentence(event: Event, named: set[str]) -> str:
    earlier = [p for p in event.locations if p.role == "earlier_event"]
    parts = []
    series = event.series
    if series is not None and (series.number is not None or series.total is not None):
        number, total = _series_value(series.number), _series_value(series.total)
        total_lost = series.total is not None and total is None
        if number and total:
            parts.append(f"It was event number {number} of {total} in a series")
        elif number:
            parts.append(f"It was event number {number} in a series")
            if total_lost:
                parts.append(f" (the number of events is {LOST})")
        elif total:
            parts.append(
                f"It belongs to a series of {total} events" + (f" (its own number is {LOST})" if series.number else "")
            )
        else:
            parts.append(f"It belongs to a series (its place in it is {LOST})")
    if earlier:
        lead = "; earlier events were held in " if parts else "Earlier events in the series were held in "
        parts.append(lead + _list([_place(p) for p in earlier]))
    return ("".join(parts) + ".") if parts else ""


def _people_sentence(event: Event, named: set[str]) -> str:
    people = [_participant(p, named) for p in event.participants[:MAX_PARTICIPANTS]]
    if not people:
        return ""
    return "Named in the release: " + "; ".join(people) + "."


def _participant(p: Participant, named: set[str]) -> str:
    out = person_name(p.name)
    role = p.role.english if p.role is not None else None
    if role:
        out += f", {role}"
    ministry_in_role = (
        role
        and p.organization is not None
        and p.organization.english
        and (
            p.organization.english.startswith("Ministry of ")
            and role.endswith(p.organization.english[len("Ministry of ") :])
        )
    )
    if p.organization is not None and not ministry_in_role:
        out += f", {organization_name(p.organization, named)}"
    return out


def _figure(f: Figure) -> str:
    english = f.english or untranslated(f.text)
    if f.unit in ("count", "measure") and f.english and f.counts and "{" in f.english:
        english = untranslated(f.text)
    if f.measure:
        english = f"{f.measure}: {english}"
    if f.change:
        english += f" ({f.change})"
    return f"{english} {NEEDS_REVIEW}" if f.needs_review else english


MAX_FIGURES_ABOUT_FIGURES = 16  # a release that is mostly figures states this many
_FIGURES_PER_KCHAR = 0.4  # figures per 1,000 characters that make a release "about figures"
# (6 / 16 / 0.4 against 4 / 12 / 0.5: key figures of the English twin stated 0.320 -> 0.332 on 200 dev pairs)


def key_figures(event: Event, text_length: int, lead: tuple[int, str] | None = None) -> list[Figure]:
    """The figures to state, key ones first, the way an English release orders them: durations and repetitions
    ("14 days", "3 times") last; before them the figures of the headline and lead paragraph and those whose
    measure is known (learned phrase table); then money, percentages and counts; text order within each. More
    than four when the release is about figures. `lead` is (where the lead paragraph ends, the headline)."""
    figures = _distinct(event.figures, key=lambda f: f.english or f.text)
    about_figures = len(figures) > MAX_FIGURES and len(figures) * 1000 / max(1, text_length) >= _FIGURES_PER_KCHAR
    limit = MAX_FIGURES_ABOUT_FIGURES if about_figures else MAX_FIGURES
    rank = {"percent": 2, "count": 3, "measure": 3}
    minor = _minor_units()
    lead_end, headline = lead or (0, "")

    def key(f: Figure) -> tuple[bool, bool, int]:
        up_front = bool(f.measure) or f.start < lead_end or (bool(f.text) and f.text in headline)
        return f.counts in minor, not up_front, rank.get(f.unit or "", 1)

    return sorted(figures, key=key)[:limit]


def _lead(record: Release) -> tuple[int, str]:
    """(where the lead paragraph ends, the headline) of a release, for ranking its figures."""
    from pipeline.event.context import ReleaseView

    view = ReleaseView.of(record)
    lead = view.lead
    return (lead.end if lead is not None else 0), (view.headline.text if view.headline is not None else "")


def _minor_units() -> frozenset[str]:
    """Classifiers of time and repetition (corpora/glossary/minor_units.txt): their figures come last."""
    from pipeline.event.figures import time_units

    return time_units()


def _figures_sentence(event: Event, named: set[str], text_length: int = 0, lead: tuple[int, str] | None = None) -> str:
    figures = key_figures(event, text_length, lead)
    if not figures:
        return ""
    return "Figures given: " + "; ".join(_figure(f) for f in figures) + "."


def _topics_sentence(event: Event, named: set[str]) -> str:
    topics = event.topics[:MAX_TOPICS]
    if not topics:
        return ""
    items = [f"“{t.english}”" if t.english else untranslated(t.text) for t in topics]
    return "Topics: " + _list(items) + "."


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


T = TypeVar("T")


def _distinct(items: list[T], key: Callable[[T], object]) -> list[T]:
    seen: set[object] = set()
    out: list[T] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out
