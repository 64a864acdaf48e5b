"""The release record: what the pipeline returns and writes (pydantic; JSON Schema via `thaipress schema`).

Every offset indexes `Release.text`, the normalised text.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal[
    "PERSON", "ORGANIZATION", "LOCATION", "DATE", "TIME", "MONEY", "PERCENT", "LAW", "URL", "EMAIL", "PHONE"
]
ENTITY_LABELS: tuple[str, ...] = get_args(EntityLabel)
# Where an English name came from, most trusted first for people: a reviewer's correction, the archive's
# people glossary, the hand-made gazetteers, the release itself (Latin script), the learned transliterator,
# thai2rom. "learned" and "transliteration" are machine-made.
EnglishSource = Literal["reviewer", "archive", "glossary", "source", "learned", "transliteration"]
MACHINE_MADE: tuple[str, ...] = ("learned", "transliteration")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Entity(_Record):
    label: EntityLabel
    start: int
    end: int
    text: str
    canonical: str | None = Field(None, description="Canonical id from a gazetteer or glossary, if known")
    english: str | None = None
    english_source: EnglishSource | None = None
    english_evidence: list[str] | None = Field(
        None,
        description="For english_source 'archive': ids of the government releases that print this spelling; "
        "'reviewer': the release it was corrected on",
    )
    source: Literal["crf", "gazetteer", "rule", "dates", "reviewer"] = Field(
        description="Which recogniser found it ('reviewer': a person marked it on the review desk)"
    )
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

    @classmethod
    def from_match(
        cls, match: Any, *, span: tuple[int, int] | None = None, text: str | None = None, from_repair: bool = False
    ) -> DateRecord:
        """The record of a `pipeline.dates.DateMatch`; ``span`` and ``text`` place it elsewhere than the match
        (a date read from the repaired text is placed at the original text's span)."""
        value = match.value

        def fields(v: Any) -> dict[str, Any]:
            return {
                "year": v.year,
                "month": v.month,
                "day": v.day,
                "iso": v.iso,
                "calendar": v.calendar,
                "complete": v.complete,
                "relative": v.relative,
                "fiscal_year": v.fiscal_year,
            }

        start, end = span or (match.start, match.end)
        shown = match.text if text is None else text
        end_date = None
        if value.end is not None:
            end_date = cls(start=start, end=end, text=shown, **fields(value.end))
        return cls(start=start, end=end, text=shown, end_date=end_date, from_repair=from_repair, **fields(value))


class Candidate(_Record):
    value: str
    confidence: float = Field(ge=0, le=1)
    evidence: str


class TwinEvidence(_Record):
    """What the English twin says for a repair: the value in the Thai form, the English words it came from
    (offsets into `Release.english`), their sentence, and how it stands with the Thai text's own proposal."""

    value: str
    english: str
    start: int
    end: int
    sentence: str
    agreement: Literal["twin_only", "agrees", "disagrees", "candidate"] = Field(
        description="twin_only: only the English gives the value; agrees/disagrees: with the text's own "
        "proposal; candidate: one of several English values the alignment could not place"
    )


class Repair(_Record):
    start: int
    end: int = Field(description="The span the repair replaces; start == end for an insertion")
    template: str
    replacement: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    confidence: float = Field(0.0, ge=0, le=1)
    evidence: str = ""
    status: Literal["needs_review", "accepted", "rejected", "edited"] = "needs_review"
    twin: TwinEvidence | None = Field(None, description="Evidence from the English twin, when one was given")


EventType = Literal[
    "meeting",
    "forum_seminar",
    "mou_signing",
    "visit",
    "launch_opening",
    "report_announcement",
    "approval",
    "advisory_warning",
    "ceremony_award",
    "other",
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
    english_source: EnglishSource | None = None
    english_evidence: list[str] | None = None


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
    measure: str | None = Field(None, description="What the figure measures, in English (export value)")
    measure_thai: str | None = Field(None, description="The Thai words before the figure that say so")
    measure_source: Literal["phrase_table"] | None = Field(
        None,
        description="phrase_table: the English comes from corpora/twin/figure_phrases.tsv (learned from "
        "paired releases), not from the release itself",
    )
    change: str | None = Field(None, description="A percentage change the release gives right after it (+5.2%)")


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
    """ "The 3rd of 4 events": `number` and `total`, each with its offsets."""

    number: SeriesValue | None = None
    total: SeriesValue | None = None


class Event(_Record):
    type: EventTypeValue = Field(default_factory=EventTypeValue)
    title: EventTitle | None = None
    date: EventDate | None = None
    locations: list[EventPlace] = Field(default_factory=list)
    organizers: list[Organizer] = Field(default_factory=list, description="Who acts (holds, approves, signs)")
    action: TranslatedText | None = Field(None, description="The act verb of the organisers (อนุมัติ -> approved)")
    reported_by: Organizer | None = Field(
        None, description="Who reports (the office of a spokesperson who เปิดเผยว่า/กล่าวว่า), apart from who acts"
    )
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
    english: str | None = Field(None, description="The English twin of the release, when one was given")
    event: Event = Field(default_factory=Event)
    summary_en: str = ""
    warnings: list[str] = Field(default_factory=list)
