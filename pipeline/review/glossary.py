"""The reviewers' name glossary: every English name a reviewer corrects on the desk is remembered, so the
same person is never spelled wrong twice.

A PERSON entity whose English a reviewer edits (`remember_correction`, called by the desk's entity
correction) adds or updates one row, keyed on the Thai name without its title. `export_glossary` writes the
rows as the TSV that `thaipress process/batch --glossary PATH` reads (`pipeline.english.glossary`), where
they win over every other source (`english_source: "reviewer"`).
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.english.glossary import name_key, write_reviewer_glossary
from pipeline.review.store import Base, ReviewStore, iso_time, utcnow

__all__ = ["ReviewerName", "remember_name", "remember_correction", "glossary_rows", "export_glossary"]


class ReviewerName(Base):
    __tablename__ = "reviewer_names"
    __table_args__ = (UniqueConstraint("name_key", name="uq_reviewer_names_name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(255))
    thai: Mapped[str] = mapped_column(Text)
    english: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(255))
    release_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def remember_name(store: ReviewStore, thai: str, english: str, reviewer: str, release_id: str | None = None) -> None:
    """Add (or replace) the English spelling of a Thai person's name (title allowed on both sides)."""
    from pipeline.english.names import split_title

    thai, english = " ".join(thai.split()), " ".join(english.split())
    key = name_key(split_title(thai)[1])
    if not key or not english:
        return
    with store.session() as session:
        row = session.scalars(select(ReviewerName).where(ReviewerName.name_key == key)).first()
        if row is None:
            row = ReviewerName(name_key=key)
            session.add(row)
        row.thai, row.english, row.reviewer, row.release_id, row.updated_at = (
            thai,
            english,
            reviewer,
            release_id,
            utcnow(),
        )
        session.commit()


def remember_correction(store: ReviewStore, release_id: str, position: int, reviewer: str, english: str | None) -> bool:
    """Remember a reviewer's English for entity `position` of a release when it is a Thai person's name;
    True when it was remembered."""
    from pipeline.review.store import base_record

    if not english or not english.strip():
        return False
    entities = base_record(store, release_id).entities
    if not 0 <= position < len(entities) or entities[position].label != "PERSON":
        return False
    entity = entities[position]
    if english.strip() == (entity.english or "") or not any("\u0e01" <= c <= "\u0e4e" for c in entity.text):
        return False
    remember_name(store, entity.text, english, reviewer, release_id)
    return True


def glossary_rows(store: ReviewStore) -> list[dict[str, str]]:
    """The reviewers' names, in Thai order, as rows of the reviewer glossary TSV."""
    with store.session() as session:
        rows = session.scalars(select(ReviewerName).order_by(ReviewerName.name_key)).all()
        return [
            {
                "thai": r.thai,
                "english": r.english,
                "reviewer": r.reviewer,
                "release_id": r.release_id or "",
                "updated_at": iso_time(r.updated_at) or "",
            }
            for r in rows
        ]


def export_glossary(store: ReviewStore, handle: TextIO) -> int:
    """Write the reviewers' names as a reviewer glossary TSV; returns how many."""
    return write_reviewer_glossary(glossary_rows(store), handle)
