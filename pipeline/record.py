"""The release record: what the pipeline returns and writes (pydantic; JSON Schema via `thaipress schema`).

Every offset indexes `Release.text`, the normalised text.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal[
    "PERSON", "ORGANIZATION", "LOCATION", "DATE", "TIME", "MONEY", "PERCENT", "LAW", "URL", "EMAIL", "PHONE"
]
ENTITY_LABELS: tuple[str, ...] = get_args(EntityLabel)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Entity(_Record):
    label: EntityLabel
    start: int
    end: int
    text: str
    canonical: str | None = Field(None, description="Canonical id from a gazetteer or glossary, if known")
    english: str | None = None
    english_source: Literal["glossary", "transliteration", "source"] | None = None
    source: Literal["crf", "gazetteer", "rule", "dates"] = Field(description="Which recogniser found it")
    from_repair: bool = Field(
        False,
        description="Found only in text_repaired: an entity a proposed repair would make (needs review); "
        "start/end and text are the original text's",
    )


class DateParts(_Record):
    """A date written in the release, its parts (each null when unknown), and the ISO date when complete."""

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    iso: str | None = None
    relative: str | None = None


class DateRecord(DateParts):
    calendar: Literal["BE", "CE"] | None = None
    complete: bool = False
    end_date: DateRecord | None = Field(None, description="End of a range (8-11 ก.ย. 65)")
    fiscal_year: bool = False
    from_repair: bool = Field(
        False, description="Read from text_repaired: the date a proposed repair would restore (needs review)"
    )


class Candidate(_Record):
    value: str
    confidence: float = Field(ge=0, le=1)
    evidence: str


class Repair(_Record):
    start: int
    end: int = Field(description="The span the repair replaces; start == end for an insertion")
    template: str
    replacement: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    confidence: float = Field(0.0, ge=0, le=1)
    evidence: str = ""
    status: Literal["needs_review", "accepted", "rejected", "edited"] = "needs_review"


EventType = Literal[
    "meeting", "forum_seminar", "mou_signing", "visit", "launch_opening", "report_announcement", "approval",
    "advisory_warning", "ceremony_award", "other",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)


class EventTypeValue(_Record):
    """The kind of event, and the trigger word that decided it (offsets of the trigger; 0, 0 for "other")."""

    value: EventType = "other"
    trigger: str | None = None
    start: int = 0
    end: int = 0


class TranslatedText(_Record):
    """A stretch of the release and its English, None when there is none to give."""

    start: int
    end: int
    text: str
    english: str | None = None


class EventTitle(TranslatedText):
    """A quoted event name; `english` is an English name the release itself gives (in brackets)."""

    english_start: int | None = None
    english_end: int | None = None


class EventDate(DateParts):
    """When the event took place (not when the release was published). `lost` names the parts the text
    lost; `needs_review` is set when a numeral repair overlaps the date."""

    partial: bool = False
    lost: list[Literal["day", "month", "year"]] = Field(default_factory=list)
    year_source: Literal["text", "publication"] | None = Field(
        None, description="Where the year came from: the date itself, or the publication date"
    )
    needs_review: bool = False


class NamedRef(TranslatedText):
    """An entity mention with its English name (`english_source` as on `Entity`)."""

    canonical: str | None = None
    abbreviation: str | None = None
    english_source: Literal["glossary", "transliteration", "source"] | None = None


class EventPlace(NamedRef):
    """A place: `venue` of this event, or where an `earlier_event` of the series was held."""

    role: Literal["venue", "earlier_event"] = "venue"


class Organizer(NamedRef):
    """An organisation that held (`host`), co-hosted (`co_host`) or announced (`announcer`) the event."""

    role: Literal["host", "co_host", "announcer"] = "host"
    parent: NamedRef | None = Field(None, description="The body it belongs to, when named next to it")


class RoleRef(TranslatedText):
    """A role written next to a name (ผู้อำนวยการ → Director)."""


class Participant(_Record):
    """A person named in the release, with the role and organisation the text gives next to the name."""

    start: int
    end: int
    name: NamedRef
    role: RoleRef | None = None
    organization: NamedRef | None = None


class Topic(TranslatedText):
    """A quoted topic item; `english` is None when the release gives no English for it."""


class Figure(_Record):
    """A number with its unit: money, a percentage, or a count of something (`counts`, the Thai noun)."""

    start: int
    end: int
    text: str
    value: float | None = None
    unit: str
    counts: str | None = None
    english: str | None = None
    needs_review: bool = False


class SeriesValue(_Record):
    """One number of a series (this event's place in it, or the total): read from the text, or proposed by
    a numeral repair (`proposed`, always `needs_review`), or lost."""

    start: int
    end: int
    value: int | None = None
    proposed: int | None = None
    needs_review: bool = False
    lost: bool = False


class Series(_Record):
    """"The 3rd of 4 events": `number` and `total`, each with its offsets."""

    number: SeriesValue | None = None
    total: SeriesValue | None = None


class Event(_Record):
    type: EventTypeValue = Field(default_factory=EventTypeValue)
    title: EventTitle | None = None
    date: EventDate | None = None
    locations: list[EventPlace] = Field(default_factory=list)
    organizers: list[Organizer] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    series: Series | None = None


class Release(_Record):
    id: str
    source: str | None = Field(None, description="Where the input came from (path, '-', or caller's id)")
    language: str = "th"
    encoding: str | None = None
    release_date: str | None = None
    text: str
    entities: list[Entity] = Field(default_factory=list)
    dates: list[DateRecord] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    text_repaired: str = ""
    event: Event = Field(default_factory=Event)
    summary_en: str = ""
    warnings: list[str] = Field(default_factory=list)

