"""The release record: what the pipeline returns and writes (pydantic; JSON Schema via `thaipress schema`).

Every offset indexes `Release.text`, the normalised text.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal[
    "PERSON", "ORGANIZATION", "LOCATION", "DATE", "TIME", "MONEY", "PERCENT", "LAW", "URL", "EMAIL", "PHONE"
]
ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__  # type: ignore[attr-defined]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Entity(_Record):
    label: EntityLabel
    start: int
    end: int
    text: str
    canonical: Optional[str] = Field(None, description="Canonical id from a gazetteer or glossary, if known")
    english: Optional[str] = None
    english_source: Optional[Literal["glossary", "transliteration", "source"]] = None
    source: Literal["crf", "gazetteer", "rule", "dates"] = Field(description="Which recogniser found it")


class DateRecord(_Record):
    start: int
    end: int
    text: str
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    iso: Optional[str] = None
    calendar: Optional[Literal["BE", "CE"]] = None
    complete: bool = False
    end_date: Optional["DateRecord"] = Field(None, description="End of a range (8-11 ก.ย. 65)")
    relative: Optional[str] = None
    fiscal_year: bool = False


class Candidate(_Record):
    value: str
    confidence: float = Field(ge=0, le=1)
    evidence: str


class Repair(_Record):
    start: int
    end: int = Field(description="The span the repair replaces; start == end for an insertion")
    template: str
    replacement: Optional[str] = None
    candidates: list[Candidate] = Field(default_factory=list)
    confidence: float = Field(0.0, ge=0, le=1)
    evidence: str = ""
    status: Literal["needs_review", "accepted", "rejected", "edited"] = "needs_review"


class Provenance(_Record):
    start: int
    end: int


class Event(_Record):
    type: Optional[str] = None
    title: Optional[str] = None
    date: Optional[DateRecord] = None
    locations: list[dict] = Field(default_factory=list)
    organizers: list[dict] = Field(default_factory=list)
    participants: list[dict] = Field(default_factory=list)
    topics: list[dict] = Field(default_factory=list)
    figures: list[dict] = Field(default_factory=list)
    series: Optional[dict] = None


class Release(_Record):
    id: str
    source: Optional[str] = Field(None, description="Where the input came from (path, '-', or caller's id)")
    language: str = "th"
    encoding: Optional[str] = None
    release_date: Optional[str] = None
    text: str
    entities: list[Entity] = Field(default_factory=list)
    dates: list[DateRecord] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    text_repaired: str = ""
    event: Event = Field(default_factory=Event)
    summary_en: str = ""
    warnings: list[str] = Field(default_factory=list)

