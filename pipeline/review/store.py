"""The review store: releases, record versions, review items, decisions and an audit log (SQLAlchemy 2).

A release is imported once as record version 1 (the pipeline's proposal). Each repair becomes a review item,
and so does the English summary; entity corrections become items when a reviewer makes one. A decision
(accept / reject / edit) changes one item, and the record is re-rendered from the decided values and saved
as the next record version. Every item carries a version number: a decision names the version the reviewer
saw, and a stale one raises `ConflictError` instead of overwriting someone else's decision.

SQLite (``thaipress-review.sqlite``) by default; any SQLAlchemy URL works. The schema is migrated to the
newest Alembic revision when the store is opened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    create_engine,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from pipeline.errors import InputError
from pipeline.record import ENTITY_LABELS, Release

__all__ = [
    "DEFAULT_URL",
    "ConflictError",
    "DecisionError",
    "ReviewStore",
    "open_store",
    "import_records",
    "import_record",
    "decide",
    "correct_entity",
    "current_record",
    "release_items",
    "release_decisions",
    "list_queue",
    "is_approved",
]

DEFAULT_URL = "sqlite:///thaipress-review.sqlite"

Action = Literal["accept", "reject", "edit"]
ItemKind = Literal["repair", "entity", "summary"]
STATUS_OF_ACTION = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
OPEN = "needs_review"


class ConflictError(Exception):
    """A decision was made on a stale version of an item: someone else decided first."""

    def __init__(self, item_id: int, expected: int, actual: int, by: str | None, at: dt.datetime | None) -> None:
        self.item_id, self.expected, self.actual, self.by, self.at = item_id, expected, actual, by, at
        who = f" by {by}" if by else ""
        when = f" at {iso_time(at)}" if at else ""
        super().__init__(
            f"item {item_id} was changed{who}{when} while you were looking at it (you saw version {expected}, "
            f"it is now version {actual}); your decision was not saved: reload to see the current one"
        )


class DecisionError(ValueError):
    """A decision that cannot be made: unknown item, unknown action, missing reviewer or value."""


# --------------------------------------------------------------------------------------------------------
# schema (the initial Alembic revision creates the same tables; change both together)


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def iso_time(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands datetimes back without a zone, and they were written in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


class ReleaseRow(Base):
    __tablename__ = "releases"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    release_date: Mapped[Optional[str]] = mapped_column(String(10))
    record_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[Optional[str]] = mapped_column(String(255))


class RecordVersion(Base):
    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("release_id", "version", name="uq_record_versions_release_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)  # Release.model_dump_json()
    reason: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[Optional[str]] = mapped_column(String(255))


class ReviewItem(Base):
    __tablename__ = "review_items"
    __table_args__ = (UniqueConstraint("release_id", "kind", "position", name="uq_review_items_release_kind_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # repair | entity | summary
    position: Mapped[int] = mapped_column(Integer)  # index into record.repairs / record.entities; 0 for summary
    start: Mapped[Optional[int]] = mapped_column(Integer)
    end: Mapped[Optional[int]] = mapped_column(Integer)
    proposal: Mapped[Any] = mapped_column(JSON, nullable=True)  # what the pipeline proposed
    value: Mapped[Any] = mapped_column(JSON, nullable=True)  # the reviewer's value after an edit
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[Optional[str]] = mapped_column(String(255))


class DecisionRow(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)  # {"status", "value"} before the decision
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    item_version: Mapped[int] = mapped_column(Integer)  # the item's version after the decision


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    release_id: Mapped[Optional[str]] = mapped_column(String(255), index=True)
    item_id: Mapped[Optional[int]] = mapped_column(Integer)
    detail: Mapped[Any] = mapped_column(JSON, nullable=True)


# --------------------------------------------------------------------------------------------------------
# opening a store


class ReviewStore:
    """A database holding the review desk's state.

    url: a SQLAlchemy URL, or a file path (taken as a SQLite file).
    """

    def __init__(self, url: str | os.PathLike[str] | None = None) -> None:
        self.url = as_url(url)
        connect_args = {"check_same_thread": False, "timeout": 30} if self.url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(self.url, connect_args=connect_args)
        if self.url.startswith("sqlite") and ":memory:" not in self.url and self.url.rstrip("/") != "sqlite:":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"ReviewStore({self.engine.url.render_as_string(hide_password=True)!r})"


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets the web page read while a decision is being written; NORMAL sync is safe with WAL.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def as_url(url: str | os.PathLike[str] | None) -> str:
    if url is None:
        return os.environ.get("THAIPRESS_REVIEW_DB") or DEFAULT_URL
    text = os.fspath(url)
    return text if "://" in text else f"sqlite:///{text}"


def open_store(url: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> ReviewStore:
    """Open (and create or upgrade to the newest schema) the review store at ``url``.

    ``url`` defaults to ``$THAIPRESS_REVIEW_DB``, else ``sqlite:///thaipress-review.sqlite``.
    """
    store = ReviewStore(url)
    if migrate:
        from pipeline.review.migrations import upgrade_head

        upgrade_head(store.engine)
    return store


# --------------------------------------------------------------------------------------------------------
# import


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # ids already in the store
    failed: list[str] = field(default_factory=list)  # "<where>: <reason>" for error lines in the input


def import_records(store: ReviewStore, path: str | os.PathLike[str], *, actor: str = "import") -> ImportResult:
    """Add every record of a JSONL file (one `Release` per line, as `thaipress process --format jsonl` writes,
    or a review export line ``{"record": ..., "review": ...}``) with its review items. Releases already in the
    store are skipped; error lines (``{"id", "error"}``) are reported in ``failed``.

    Raises `InputError` naming the file and line for a line that is not a record.
    """
    source = os.fspath(path)
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read: {exc}") from None
    records: list[Release] = []
    result = ImportResult()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise InputError(where, f"invalid JSON: {exc}") from None
        if isinstance(data, dict) and "error" in data and "text" not in data:
            result.failed.append(f"{where}: {data.get('id')}: {data['error']}")
            continue
        if isinstance(data, dict) and isinstance(data.get("record"), dict):
            data = data["record"]
        try:
            records.append(Release.model_validate(data))
        except ValueError as exc:
            first = str(exc).splitlines()[0]
            raise InputError(where, f"not a release record ({first})") from None
    for record in records:
        (result.imported if import_record(store, record, actor=actor) else result.skipped).append(record.id)
    return result


def import_record(store: ReviewStore, record: Release, *, actor: str = "import") -> bool:
    """Add one record and its review items; False (and nothing changes) when its id is already stored."""
    with store.session() as session:
        if session.get(ReleaseRow, record.id) is not None:
            return False
        now = utcnow()
        session.add(
            ReleaseRow(
                id=record.id, source=record.source, title=_title(record.text), text=record.text,
                release_date=record.release_date, record_version=1, created_at=now, updated_at=now,
                created_by=actor,
            )
        )
        try:
            session.flush()  # the release row first: the rows below refer to it
        except IntegrityError:  # imported by someone else in the meantime
            session.rollback()
            return False
        session.add(RecordVersion(release_id=record.id, version=1, record=record.model_dump_json(),
                                  reason="import", created_at=now, created_by=actor))
        for position, repair in enumerate(record.repairs):
            status = repair.status
            session.add(ReviewItem(
                release_id=record.id, kind="repair", position=position, start=repair.start, end=repair.end,
                proposal=repair.replacement, value=None, status=status, version=1, updated_at=now,
            ))
        session.add(ReviewItem(release_id=record.id, kind="summary", position=0, proposal=record.summary_en,
                               status=OPEN, version=1, updated_at=now))
        session.add(AuditEntry(at=now, actor=actor, action="import", release_id=record.id,
                               detail={"repairs": len(record.repairs), "entities": len(record.entities)}))
        try:
            session.commit()
        except IntegrityError:  # imported by someone else in the meantime
            session.rollback()
            return False
    return True


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and line.strip(":-– ") != "":
            return line[:200]
    return ""


# --------------------------------------------------------------------------------------------------------
# decisions


@dataclass(frozen=True)
class Decision:
    id: int
    item_id: int
    release_id: str
    kind: str
    position: int
    action: str
    reviewer: str
    decided_at: str
    before: Any
    after: Any
    item_version: int


def decide(
    store: ReviewStore,
    item_id: int,
    action: Action,
    reviewer: str,
    value: Any = None,
    *,
    expected_version: int,
) -> Decision:
    """Accept, reject or edit one review item as ``reviewer``, who saw it at ``expected_version``.

    ``value`` is the new replacement (repairs), summary (summary) or ``{"label", "english"}`` (entities) for
    ``edit``. Raises `ConflictError` when the item changed since that version, `DecisionError` for an unknown
    item or action, a missing reviewer, or a missing value. The record is re-rendered and saved as a new
    record version in the same transaction.
    """
    with store.session() as session:
        decision = _decide(session, item_id, action, reviewer, value, expected_version)
        session.commit()
        return decision


def correct_entity(
    store: ReviewStore,
    release_id: str,
    position: int,
    reviewer: str,
    *,
    label: str | None = None,
    english: str | None = None,
    remove: bool = False,
    expected_version: int = 1,
) -> Decision:
    """Correct (label and/or English name) or remove entity ``position`` of a release, creating its review
    item on first use (at version 1)."""
    with store.session() as session:
        base = _base_record(session, release_id)
        if not 0 <= position < len(base.entities):
            raise DecisionError(f"release {release_id} has no entity {position}")
        item = session.scalars(select(ReviewItem).where(
            ReviewItem.release_id == release_id, ReviewItem.kind == "entity", ReviewItem.position == position
        )).first()
        if item is None:
            entity = base.entities[position]
            item = ReviewItem(release_id=release_id, kind="entity", position=position, start=entity.start,
                              end=entity.end, proposal={"label": entity.label, "english": entity.english},
                              status=OPEN, version=1, updated_at=utcnow())
            session.add(item)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                raise ConflictError(-1, expected_version, expected_version + 1, None, None) from None
        if remove:
            decision = _decide(session, item.id, "reject", reviewer, None, expected_version)
        else:
            value = {"label": label or item.proposal["label"], "english": english if english is not None
                     else item.proposal.get("english")}
            decision = _decide(session, item.id, "edit", reviewer, value, expected_version)
        session.commit()
        return decision


def _decide(session: Session, item_id: int, action: str, reviewer: str, value: Any, expected_version: int) -> Decision:
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise DecisionError("a decision needs a reviewer name")
    if action not in STATUS_OF_ACTION:
        raise DecisionError(f"unknown action {action!r}: use accept, reject or edit")
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise DecisionError(f"no review item {item_id}")
    if item.version != expected_version:
        raise ConflictError(item_id, expected_version, item.version, item.updated_by, item.updated_at)
    value = _checked_value(item, action, value)
    before = {"status": item.status, "value": item.value if item.status == "edited" else item.proposal}
    status = STATUS_OF_ACTION[action]
    now = utcnow()
    # The WHERE on the version makes the check and the write one step: a decision committed by someone else
    # between our read and this write leaves no row to update.
    changed = session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.version == expected_version)
        .values(status=status, value=value, version=expected_version + 1, updated_at=now, updated_by=reviewer)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        session.rollback()
        fresh = session.get(ReviewItem, item_id)
        raise ConflictError(item_id, expected_version, fresh.version if fresh else -1,
                            fresh.updated_by if fresh else None, fresh.updated_at if fresh else None)
    session.expire(item)
    after = {"status": status, "value": value if action == "edit" else (None if action == "reject" else item.proposal)}
    row = DecisionRow(item_id=item_id, release_id=item.release_id, action=action, reviewer=reviewer, decided_at=now,
                      before=before, after=after, item_version=expected_version + 1)
    session.add(row)
    session.add(AuditEntry(at=now, actor=reviewer, action=f"decide:{action}", release_id=item.release_id,
                           item_id=item_id, detail={"kind": item.kind, "position": item.position,
                                                    "before": before, "after": after}))
    _save_record_version(session, item.release_id, reviewer, f"{action} item {item_id}", now)
    session.flush()
    return Decision(id=row.id, item_id=item_id, release_id=item.release_id, kind=item.kind, position=item.position,
                    action=action, reviewer=reviewer, decided_at=iso_time(now) or "", before=before, after=after,
                    item_version=expected_version + 1)


def _checked_value(item: ReviewItem, action: str, value: Any) -> Any:
    if action != "edit":
        if action == "accept" and item.kind == "repair" and item.proposal is None:
            raise DecisionError("this repair proposes no value to accept: edit it with a value, or reject it")
        return None
    if item.kind in ("repair", "summary"):
        if value is None:
            raise DecisionError("an edit needs a value")
        return str(value)
    if not isinstance(value, dict) or value.get("label") not in ENTITY_LABELS:
        raise DecisionError(f"an entity edit needs a label, one of {', '.join(ENTITY_LABELS)}")
    english = value.get("english")
    return {"label": value["label"], "english": str(english).strip() or None if english is not None else None}


def _save_record_version(session: Session, release_id: str, actor: str, reason: str, now: dt.datetime) -> None:
    record = _render(session, release_id)
    release = session.get(ReleaseRow, release_id)
    assert release is not None
    release.record_version += 1
    release.updated_at = now
    session.add(RecordVersion(release_id=release_id, version=release.record_version, record=record.model_dump_json(),
                              reason=reason, created_at=now, created_by=actor))


# --------------------------------------------------------------------------------------------------------
# reading


def current_record(store: ReviewStore, release_id: str) -> Release:
    """The release as reviewed so far: the imported record with every decision applied.

    ``text_repaired`` applies accepted and edited repairs only (each repair carries its decided status);
    entities follow their corrections (rejected ones are dropped); ``summary_en`` is the edited summary.
    """
    with store.session() as session:
        return _render(session, release_id)


def base_record(store: ReviewStore, release_id: str) -> Release:
    """The record as imported (the pipeline's proposal, record version 1)."""
    with store.session() as session:
        return _base_record(session, release_id)


def _base_record(session: Session, release_id: str) -> Release:
    row = session.scalars(select(RecordVersion).where(RecordVersion.release_id == release_id)
                          .order_by(RecordVersion.version).limit(1)).first()
    if row is None:
        raise KeyError(release_id)
    return Release.model_validate_json(row.record)


def _render(session: Session, release_id: str) -> Release:
    from pipeline.numerals import apply_repairs  # the numeral stage owns how repairs apply to text

    base = _base_record(session, release_id)
    items = session.scalars(select(ReviewItem).where(ReviewItem.release_id == release_id)).all()
    repairs = list(base.repairs)
    entities: list[Any] = list(base.entities)
    summary = base.summary_en
    for item in items:
        if item.kind == "repair" and 0 <= item.position < len(repairs):
            repair = repairs[item.position]
            replacement = item.value if item.status == "edited" else repair.replacement
            repairs[item.position] = repair.model_copy(update={"status": item.status, "replacement": replacement})
        elif item.kind == "entity" and 0 <= item.position < len(entities):
            if item.status == "rejected":
                entities[item.position] = None
            elif item.status == "edited" and item.value:
                entity, english = entities[item.position], item.value.get("english")
                kept = english and english == entity.english  # a label-only correction keeps the name's source
                entities[item.position] = entity.model_copy(
                    update={"label": item.value["label"], "english": english or None,
                            "english_source": entity.english_source if kept else ("reviewer" if english else None),
                            "english_evidence": entity.english_evidence if kept else None})
        elif item.kind == "summary":
            if item.status == "edited":
                summary = item.value or ""
            elif item.status == "rejected":
                summary = ""
    decided = [r for r in repairs if r.status in ("accepted", "edited")]
    return base.model_copy(update={
        "repairs": repairs,
        "entities": [e for e in entities if e is not None],
        "text_repaired": apply_repairs(base.text, decided),
        "summary_en": summary,
    })


def release_items(store: ReviewStore, release_id: str) -> list[ReviewItem]:
    """The release's review items (repairs in text order, then entity corrections, then the summary)."""
    order = {"repair": 0, "entity": 1, "summary": 2}
    with store.session() as session:
        items = session.scalars(select(ReviewItem).where(ReviewItem.release_id == release_id)).all()
    return sorted(items, key=lambda i: (order.get(i.kind, 3), i.position))


def release_decisions(store: ReviewStore, release_id: str) -> list[Decision]:
    """Every decision on a release, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(DecisionRow, ReviewItem.kind, ReviewItem.position)
            .join(ReviewItem, ReviewItem.id == DecisionRow.item_id)
            .where(DecisionRow.release_id == release_id)
            .order_by(DecisionRow.decided_at, DecisionRow.id)
        ).all()
    return [
        Decision(id=d.id, item_id=d.item_id, release_id=d.release_id, kind=kind, position=position, action=d.action,
                 reviewer=d.reviewer, decided_at=iso_time(d.decided_at) or "", before=d.before, after=d.after,
                 item_version=d.item_version)
        for d, kind, position in rows
    ]


def get_release(store: ReviewStore, release_id: str) -> ReleaseRow | None:
    with store.session() as session:
        return session.get(ReleaseRow, release_id)


def is_approved(store: ReviewStore, release_id: str) -> bool:
    """A release is approved when none of its review items awaits a decision."""
    with store.session() as session:
        return _open_count(session, release_id) == 0


def _open_count(session: Session, release_id: str) -> int:
    return session.scalar(select(func.count()).select_from(ReviewItem)
                          .where(ReviewItem.release_id == release_id, ReviewItem.status == OPEN)) or 0


@dataclass(frozen=True)
class QueueRow:
    id: str
    title: str
    source: str | None
    release_date: str | None
    open_items: int
    total_items: int
    updated_at: str


def list_queue(store: ReviewStore, *, status: str = "open", search: str | None = None, limit: int = 500) -> list[QueueRow]:
    """Releases for the queue, most recently changed first.

    status: ``open`` (some item awaits a decision), ``done`` (none does) or ``all``; search: a substring of
    the id, source or text.
    """
    open_items = func.sum(case((ReviewItem.status == OPEN, 1), else_=0))
    query = (
        select(ReleaseRow, func.coalesce(open_items, 0), func.count(ReviewItem.id))
        .outerjoin(ReviewItem, ReviewItem.release_id == ReleaseRow.id)
        .group_by(ReleaseRow.id)
        .order_by(ReleaseRow.updated_at.desc(), ReleaseRow.id)
        .limit(limit)
    )
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(ReleaseRow.id.like(pattern, escape="\\"), ReleaseRow.text.like(pattern, escape="\\"),
                                ReleaseRow.source.like(pattern, escape="\\")))
    if status == "open":
        query = query.having(func.coalesce(open_items, 0) > 0)
    elif status == "done":
        query = query.having(func.coalesce(open_items, 0) == 0)
    with store.session() as session:
        rows = session.execute(query).all()
    return [
        QueueRow(id=r.id, title=r.title, source=r.source, release_date=r.release_date, open_items=int(n_open),
                 total_items=int(n_total), updated_at=iso_time(r.updated_at) or "")
        for r, n_open, n_total in rows
    ]


def approved_release_ids(store: ReviewStore) -> list[str]:
    return [row.id for row in list_queue(store, status="done", limit=10**9)][::-1]


def audit_log(store: ReviewStore, release_id: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if release_id is not None:
        query = query.where(AuditEntry.release_id == release_id)
    with store.session() as session:
        return list(session.scalars(query).all())


def record_audit(store: ReviewStore, actor: str, action: str, *, release_id: str | None = None,
                 detail: dict | None = None) -> None:
    with store.session() as session:
        session.add(AuditEntry(at=utcnow(), actor=actor, action=action, release_id=release_id, detail=detail))
        session.commit()


def item_dicts(items: Iterable[ReviewItem]) -> list[dict]:
    return [
        {"id": i.id, "kind": i.kind, "position": i.position, "start": i.start, "end": i.end, "status": i.status,
         "proposal": i.proposal, "value": i.value, "version": i.version, "updated_by": i.updated_by,
         "updated_at": iso_time(i.updated_at)}
        for i in items
    ]
