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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    create_engine,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from pipeline.errors import InputError
from pipeline.record import ENTITY_LABELS, Entity, Release, Repair

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

Action = Literal["accept", "reject", "edit", "reopen"]
ItemKind = Literal["repair", "entity", "entity_new", "summary"]
OPEN = "needs_review"
STATUS_OF_ACTION = {"accept": "accepted", "reject": "rejected", "edit": "edited", "reopen": OPEN}


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
# schema (the Alembic revisions create the same tables; change both together)


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def precise_time(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC to the microsecond, as exports carry times (so an import restores them exactly)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def iso_time(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands datetimes back without a zone, and they were written in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


class ReleaseRow(Base):
    __tablename__ = "releases"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    release_date: Mapped[str | None] = mapped_column(String(10))
    record_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(255))


class RecordVersion(Base):
    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("release_id", "version", name="uq_record_versions_release_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)  # Release.model_dump_json()
    reason: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(255))


class ReviewItem(Base):
    __tablename__ = "review_items"
    __table_args__ = (UniqueConstraint("release_id", "kind", "position", name="uq_review_items_release_kind_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # repair | entity | summary
    position: Mapped[int] = mapped_column(Integer)  # index into record.repairs / record.entities; 0 for summary
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    proposal: Mapped[Any] = mapped_column(JSON, nullable=True)  # what the pipeline proposed
    value: Mapped[Any] = mapped_column(JSON, nullable=True)  # the reviewer's value after an edit
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(255))
    template: Mapped[str | None] = mapped_column(String(64))  # repairs: for the queue's filters
    confidence: Mapped[float | None] = mapped_column(Float)


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
    group_key: Mapped[str | None] = mapped_column(String(64))  # decisions made together (undone together)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    release_id: Mapped[str | None] = mapped_column(String(255), index=True)
    item_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[Any] = mapped_column(JSON, nullable=True)


class UserRow(Base):
    """A reviewer account (team mode): the name decisions are recorded under and an Argon2 password hash."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(255))


class JobRow(Base):
    """A release being processed off the request path: queued, running, done (with its release) or failed."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    release_id: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ReleaseLink(Base):
    """An input whose text duplicates a stored release (a batch ``duplicate_of`` line): a link, not a copy."""

    __tablename__ = "release_links"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    release_id: Mapped[str] = mapped_column(String(255), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(255))


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

#: Keys `thaipress batch` adds to a record line (records.jsonl); they describe the run, not the release.
BATCH_KEYS = ("input", "timing")


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)  # new releases, every item needs_review
    restored: list[str] = field(default_factory=list)  # export lines: the release with its review history
    skipped: list[str] = field(default_factory=list)  # ids already in the store
    linked: list[str] = field(default_factory=list)  # duplicate_of lines, stored as links to the first release
    failed: list[str] = field(default_factory=list)  # "<where>: <id>: <reason>" for error lines in the input
    problems: list[str] = field(default_factory=list)  # "<where>: <field>: <problem>" for lines not imported

    def summary(self) -> str:
        return (
            f"imported {len(self.imported)}, restored with their review {len(self.restored)}, "
            f"already in the store {len(self.skipped)}, duplicates linked {len(self.linked)}, "
            f"error lines skipped {len(self.failed)}, lines with problems {len(self.problems)}"
        )


def import_records(store: ReviewStore, path: str | os.PathLike[str], *, actor: str = "import") -> ImportResult:
    """Add every release of a JSONL file to the store, line by line.

    A line may be a `Release` (as `thaipress process --format jsonl` writes it, or `thaipress batch`'s
    records.jsonl with its ``input`` and ``timing`` keys): it comes in with every item ``needs_review``,
    whatever statuses it claims. A ``{"id", "duplicate_of"}`` line becomes a link to the first release. An
    error line (``{"id", "error"}`` or batch's ``{"id", "reason", "kind"}``) is skipped and counted. A review
    export line (``{"record", "review"}``) is restored with its items, decisions and record versions; a
    decided status is kept only with the reviewer and time that decided it. A line that is none of these
    is reported in ``problems`` with the field at fault, and the other lines are imported.

    Raises `InputError` naming the file when it cannot be read at all.
    """
    source = os.fspath(path)
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read: {exc}") from None
    result = ImportResult()
    links: list[tuple[str, str, dict, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            result.problems.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(data, dict):
            result.problems.append(f"{where}: a line must be a JSON object, not {type(data).__name__}")
            continue
        if ("error" in data or "reason" in data) and "text" not in data and "record" not in data:
            result.failed.append(f"{where}: {data.get('id')}: {data.get('error') or data.get('reason')}")
            continue
        if "duplicate_of" in data and "text" not in data:
            if not isinstance(data.get("id"), str) or not isinstance(data.get("duplicate_of"), str):
                result.problems.append(f"{where}: id, duplicate_of: a duplicate line needs both, as strings")
            else:
                links.append((data["id"], data["duplicate_of"], data, where))
            continue
        if (
            isinstance(data.get("record"), dict)
            and isinstance(data.get("review"), dict)
            and isinstance(data["review"].get("base"), dict)
        ):
            problems = restore_release(store, data, actor=actor)
            if problems is None:
                result.skipped.append(str(data["record"].get("id")))
            elif problems and problems[0].startswith("!"):
                result.problems += [f"{where}: {p[1:]}" for p in problems]
            else:
                result.restored.append(str(data["record"].get("id")))
                result.problems += [f"{where}: {p}" for p in problems]
            continue
        if isinstance(data.get("record"), dict):  # an export line from before exports carried the base record
            data = data["record"]
        record = _validated(data, where, result.problems)
        if record is not None:
            (result.imported if import_record(store, record, actor=actor) else result.skipped).append(record.id)
    for link_id, first, data, where in links:
        if link_release(
            store,
            link_id,
            first,
            source=(data.get("input") or {}).get("origin") and json.dumps(data["input"]["origin"], ensure_ascii=False),
            actor=actor,
        ):
            result.linked.append(link_id)
        elif get_release(store, first) is None:
            result.problems.append(f"{where}: duplicate_of: no release {first!r} in the file or the store")
        else:
            result.skipped.append(link_id)
    return result


def _validated(data: dict, where: str, problems: list[str]) -> Release | None:
    """The line as a `Release` without batch's run keys, or None with one problem per field at fault."""
    from pydantic import ValidationError

    data = {k: v for k, v in data.items() if k not in BATCH_KEYS}
    try:
        return Release.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors()[:5]:
            name = ".".join(str(part) for part in error["loc"]) or "(record)"
            problems.append(f"{where}: {name}: {error['msg']}")
        return None


def import_record(store: ReviewStore, record: Release, *, actor: str = "import") -> bool:
    """Add one record and its review items, every one ``needs_review`` (an import cannot decide anything:
    decisions need a reviewer and a time); False (and nothing changes) when its id is already stored."""
    record = record.model_copy(update={"repairs": [r.model_copy(update={"status": OPEN}) for r in record.repairs]})
    with store.session() as session:
        if session.get(ReleaseRow, record.id) is not None:
            return False
        now = utcnow()
        session.add(_release_row(record, created_by=actor, created_at=now, updated_at=now))
        try:
            session.flush()  # the release row first: the rows below refer to it
        except IntegrityError:  # imported by someone else in the meantime
            session.rollback()
            return False
        session.add(
            RecordVersion(
                release_id=record.id,
                version=1,
                record=record.model_dump_json(),
                reason="import",
                created_at=now,
                created_by=actor,
            )
        )
        for position, repair in enumerate(record.repairs):
            session.add(
                ReviewItem(
                    release_id=record.id,
                    kind="repair",
                    position=position,
                    start=repair.start,
                    end=repair.end,
                    proposal=repair.replacement,
                    value=None,
                    status=OPEN,
                    version=1,
                    updated_at=now,
                    template=repair.template,
                    confidence=repair.confidence,
                )
            )
        session.add(
            ReviewItem(
                release_id=record.id,
                kind="summary",
                position=0,
                proposal=record.summary_en,
                status=OPEN,
                version=1,
                updated_at=now,
            )
        )
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                action="import",
                release_id=record.id,
                detail={"repairs": len(record.repairs), "entities": len(record.entities)},
            )
        )
        try:
            session.commit()
        except IntegrityError:  # imported by someone else in the meantime
            session.rollback()
            return False
    return True


def link_release(
    store: ReviewStore, link_id: str, release_id: str, *, source: str | None = None, actor: str = "import"
) -> bool:
    """Record ``link_id`` as a duplicate of the stored release ``release_id``; False when the release is not
    stored or the id is already taken (by a release or a link)."""
    with store.session() as session:
        if (
            session.get(ReleaseRow, release_id) is None
            or session.get(ReleaseRow, link_id) is not None
            or session.get(ReleaseLink, link_id) is not None
        ):
            return False
        session.add(
            ReleaseLink(id=link_id, release_id=release_id, source=source, created_at=utcnow(), created_by=actor)
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
    return True


def linked_release(store: ReviewStore, link_id: str) -> str | None:
    """The release a duplicate's id links to, if it is a link."""
    with store.session() as session:
        link = session.get(ReleaseLink, link_id)
        return link.release_id if link else None


def release_links(store: ReviewStore, release_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(duplicate id, release id) of every link to one of ``release_ids``."""
    wanted = set(release_ids)
    with store.session() as session:
        rows = session.execute(
            select(ReleaseLink.id, ReleaseLink.release_id).order_by(ReleaseLink.created_at, ReleaseLink.id)
        ).all()
    return [(link_id, first) for link_id, first in rows if first in wanted]


ITEM_KINDS = ("repair", "entity", "entity_new", "summary")
STATUSES = (OPEN, "accepted", "rejected", "edited")


def restore_release(store: ReviewStore, document: dict, *, actor: str = "import") -> list[str] | None:
    """Restore one review export entry (``{"record", "review"}``) into the store: the imported record, its
    items at their statuses and versions, every decision, and the record versions the decisions made
    (re-rendered in order, so they are the source store's). Store row ids are the only thing that differ.

    Returns None when the id is already stored; else a list of problems (empty when all is well). A problem
    starting with "!" means nothing was imported. A decided item without a reviewer and a time comes back as
    ``needs_review``; a decision without a reviewer or a time, or naming no item, is dropped.
    """
    review = document["review"]
    problems: list[str] = []
    base = _validated(review["base"], "review.base", problems)
    if base is None:
        return ["!" + p.split(": ", 1)[1] for p in problems]
    base = base.model_copy(update={"repairs": [r.model_copy(update={"status": OPEN}) for r in base.repairs]})
    items, decisions = [], []
    for n, raw in enumerate(review.get("items") or []):
        item = _restored_item(raw, n, problems)
        if item is not None:
            items.append(item)
    keys = {(i.kind, i.position) for i in items}
    for n, raw in enumerate(review.get("decisions") or []):
        where = f"review.decisions.{n}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not an object")
            continue
        when = _parse_time(raw.get("decided_at"))
        if not str(raw.get("reviewer") or "").strip() or when is None:
            problems.append(f"{where}: reviewer, decided_at: a decision needs both; dropped")
            continue
        if (raw.get("kind"), raw.get("position")) not in keys or raw.get("action") not in ACTIONS:
            problems.append(f"{where}: kind, position, action: names no item of this release or no action; dropped")
            continue
        decisions.append((raw, when))
    with store.session() as session:
        if session.get(ReleaseRow, base.id) is not None:
            return None
        now = utcnow()
        created = _parse_time(review.get("imported_at")) or now
        updated = _parse_time(review.get("updated_at")) or created
        release = _release_row(
            base, created_by=review.get("created_by") or actor, created_at=created, updated_at=updated
        )
        session.add(release)
        session.flush()
        session.add(
            RecordVersion(
                release_id=base.id,
                version=1,
                record=base.model_dump_json(),
                reason="import",
                created_at=created,
                created_by=release.created_by,
            )
        )
        rows = {}
        for item in items:
            item.release_id = base.id
            session.add(item)
            rows[(item.kind, item.position)] = item
        session.flush()
        # Replay: every group of decisions made the next record version from the items' states at the time.
        states = {
            key: _State(
                kind=key[0],
                position=key[1],
                start=row.start,
                end=row.end,
                proposal=row.proposal,
                status=OPEN,
                value=None,
            )
            for key, row in rows.items()
        }
        version = 1
        for group in _groups(decisions):
            for raw, when in group:
                row = rows[(raw["kind"], raw["position"])]
                after = raw.get("after") or {}
                state = states[(raw["kind"], raw["position"])]
                state.status = after.get("status", OPEN)
                state.value = after.get("value") if state.status == "edited" else None
                session.add(
                    DecisionRow(
                        item_id=row.id,
                        release_id=base.id,
                        action=raw["action"],
                        reviewer=raw["reviewer"],
                        decided_at=when,
                        before=raw.get("before"),
                        after=raw.get("after"),
                        item_version=int(raw.get("item_version") or 1),
                        group_key=raw.get("group") or None,
                    )
                )
            raw, when = group[0]
            version += 1
            record = render_record(base, states.values())
            session.add(
                RecordVersion(
                    release_id=base.id,
                    version=version,
                    record=record.model_dump_json(),
                    reason=_reason(raw["action"], raw["kind"], [r["position"] for r, _ in group]),
                    created_at=when,
                    created_by=raw["reviewer"],
                )
            )
        release.record_version = version
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                action="import",
                release_id=base.id,
                detail={"restored": True, "items": len(items), "decisions": len(decisions)},
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
    return problems


def _restored_item(raw: Any, n: int, problems: list[str]) -> ReviewItem | None:
    where = f"review.items.{n}"
    if not isinstance(raw, dict) or raw.get("kind") not in ITEM_KINDS or not isinstance(raw.get("position"), int):
        problems.append(f"{where}: kind, position: not a review item; dropped")
        return None
    status = raw.get("status") if raw.get("status") in STATUSES else OPEN
    updated_at = _parse_time(raw.get("updated_at")) or utcnow()
    updated_by = str(raw.get("updated_by") or "").strip() or None
    if status != OPEN and (updated_by is None or _parse_time(raw.get("updated_at")) is None):
        problems.append(
            f"{where}: status: {status!r} without updated_by and updated_at (who decided, and when); "
            "imported as needs_review"
        )
        status = OPEN
    version = raw.get("version") if isinstance(raw.get("version"), int) and raw["version"] > 0 else 1
    return ReviewItem(
        kind=raw["kind"],
        position=raw["position"],
        start=raw.get("start"),
        end=raw.get("end"),
        proposal=raw.get("proposal"),
        value=raw.get("value") if status == "edited" else None,
        status=status,
        version=version,
        updated_at=updated_at,
        updated_by=updated_by,
        template=raw.get("template"),
        confidence=raw.get("confidence"),
    )


def _groups(decisions: list[tuple[dict, dt.datetime]]) -> list[list[tuple[dict, dt.datetime]]]:
    """Decisions in order, consecutive ones sharing a group key together (they made one record version)."""
    groups: list[list[tuple[dict, dt.datetime]]] = []
    for raw, when in decisions:
        key = raw.get("group")
        if groups and key and groups[-1][0][0].get("group") == key:
            groups[-1].append((raw, when))
        else:
            groups.append([(raw, when)])
    return groups


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _release_row(record: Release, *, created_by: str, created_at: dt.datetime, updated_at: dt.datetime) -> ReleaseRow:
    """The store's row of a release, at its first record version."""
    return ReleaseRow(
        id=record.id,
        source=record.source,
        title=_title(record.text),
        text=record.text,
        release_date=record.release_date,
        record_version=1,
        created_at=created_at,
        updated_at=updated_at,
        created_by=created_by,
    )


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and line.strip(":-– ") != "":
            return line[:200]
    return ""


# --------------------------------------------------------------------------------------------------------
# decisions

ACTIONS = ("accept", "reject", "edit", "reopen", "undo")


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
    group: str | None = None


def decide(
    store: ReviewStore,
    item_id: int,
    action: Action,
    reviewer: str,
    value: Any = None,
    *,
    expected_version: int,
) -> Decision:
    """Accept, reject, edit or reopen (back to ``needs_review``) one review item as ``reviewer``, who saw it
    at ``expected_version``.

    ``value`` is the new replacement (repairs), summary (summary) or ``{"label", "english"}`` (entities;
    optionally ``"start"``, ``"end"`` to move its boundaries) for ``edit``. Raises `ConflictError` when the
    item changed since that version, `DecisionError` for an unknown item or action, a missing reviewer, or a
    missing value. The record is re-rendered and saved as a new record version in the same transaction.
    """
    if action not in STATUS_OF_ACTION:
        raise DecisionError(f"unknown action {action!r}: use accept, reject, edit or reopen")
    with store.session() as session:
        decision = _decide(session, item_id, action, reviewer, value, expected_version, group=_new_group())
        _save_record_version(
            session,
            decision.release_id,
            decision.reviewer,
            _reason(action, decision.kind, [decision.position]),
            _now_of(decision),
        )
        session.commit()
        return decision


def correct_entity(
    store: ReviewStore,
    release_id: str,
    position: int | Iterable[int],
    reviewer: str,
    *,
    label: str | None = None,
    english: str | None = None,
    start: int | None = None,
    end: int | None = None,
    remove: bool = False,
    expected_version: int | dict[int, int] = 1,
) -> Decision:
    """Correct (label, English name, and for one mention its boundaries) or remove entity ``position`` of a
    release, or every mention in a list of positions at once (one group of decisions: undone together),
    creating each entity's review item on first use (at version 1). ``expected_version`` is the version the
    reviewer saw: one number, or one per position. Returns the first mention's decision."""
    positions = [position] if isinstance(position, int) else list(dict.fromkeys(position))
    if not positions:
        raise DecisionError("name at least one entity to correct")
    if (start is not None or end is not None) and len(positions) != 1:
        raise DecisionError("boundaries are moved one mention at a time")
    group = _new_group()
    with store.session() as session:
        base = _base_record(session, release_id)
        decisions = []
        for pos in positions:
            if not 0 <= pos < len(base.entities):
                raise DecisionError(f"release {release_id} has no entity {pos}")
            expected = expected_version.get(pos, 1) if isinstance(expected_version, dict) else expected_version
            item = _entity_item(session, base, release_id, pos, expected)
            if remove:
                decisions.append(_decide(session, item.id, "reject", reviewer, None, expected, group=group))
                continue
            value = {
                "label": label or item.proposal["label"],
                "english": english if english is not None else item.proposal.get("english"),
            }
            if start is not None or end is not None:
                value["start"] = item.start if start is None else start
                value["end"] = item.end if end is None else end
            decisions.append(
                _decide(session, item.id, "edit", reviewer, value, expected, group=group, text_length=len(base.text))
            )
        _save_record_version(
            session,
            release_id,
            decisions[0].reviewer,
            _reason(decisions[0].action, "entity", positions),
            _now_of(decisions[0]),
        )
        session.commit()
        return decisions[0]


def add_entity(
    store: ReviewStore, release_id: str, start: int, end: int, label: str, reviewer: str, *, english: str | None = None
) -> Decision:
    """Add an entity the pipeline missed (a span of the release text the reviewer selected), as an accepted
    review item of kind ``entity_new``: it shows in the record and can be undone or rejected like any other."""
    if label not in ENTITY_LABELS:
        raise DecisionError(f"an entity needs a label, one of {', '.join(ENTITY_LABELS)}")
    with store.session() as session:
        base = _base_record(session, release_id)
        if (
            not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(base.text))
            or not base.text[start:end].strip()
        ):
            raise DecisionError(f"no text to mark between {start} and {end}")
        existing = session.scalars(
            select(ReviewItem.position).where(ReviewItem.release_id == release_id, ReviewItem.kind == "entity_new")
        ).all()
        item = ReviewItem(
            release_id=release_id,
            kind="entity_new",
            position=max(existing, default=-1) + 1,
            start=start,
            end=end,
            status=OPEN,
            version=1,
            updated_at=utcnow(),
            proposal={"label": label, "start": start, "end": end, "english": (english or "").strip() or None},
        )
        session.add(item)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise ConflictError(-1, 1, 2, None, None) from None
        decision = _decide(session, item.id, "accept", reviewer, None, 1, group=_new_group())
        _save_record_version(
            session, release_id, decision.reviewer, _reason("accept", "entity_new", [item.position]), _now_of(decision)
        )
        session.commit()
        return decision


def undo_last(store: ReviewStore, release_id: str, reviewer: str) -> list[Decision]:
    """Undo ``reviewer``'s last group of decisions on a release that is not undone yet: each item goes back
    to its status and value before it (recorded as an ``undo`` decision, so the history keeps both). Raises
    `DecisionError` when there is nothing to undo, `ConflictError` when someone changed an item since."""
    reviewer = (reviewer or "").strip()
    with store.session() as session:
        rows = session.scalars(
            select(DecisionRow).where(DecisionRow.release_id == release_id).order_by(DecisionRow.id.desc())
        ).all()
        undone = {r.group_key[5:] for r in rows if r.action == "undo" and r.group_key}
        last = next(
            (
                r
                for r in rows
                if r.reviewer == reviewer and r.action != "undo" and r.group_key and r.group_key not in undone
            ),
            None,
        )
        if last is None:
            raise DecisionError("you have no decision on this release left to undo")
        group = [r for r in rows if r.group_key == last.group_key][::-1]
        decisions = []
        for row in group:
            before = row.before or {"status": OPEN, "value": None}
            decisions.append(
                _decide(
                    session, row.item_id, "undo", reviewer, before, row.item_version, group=f"undo:{last.group_key}"
                )
            )
        _save_record_version(
            session,
            release_id,
            reviewer,
            _reason("undo", decisions[0].kind, [d.position for d in decisions]),
            _now_of(decisions[0]),
        )
        session.commit()
        return decisions


def _entity_item(session: Session, base: Release, release_id: str, position: int, expected: int) -> ReviewItem:
    item = session.scalars(
        select(ReviewItem).where(
            ReviewItem.release_id == release_id, ReviewItem.kind == "entity", ReviewItem.position == position
        )
    ).first()
    if item is None:
        entity = base.entities[position]
        item = ReviewItem(
            release_id=release_id,
            kind="entity",
            position=position,
            start=entity.start,
            end=entity.end,
            proposal={"label": entity.label, "english": entity.english},
            status=OPEN,
            version=1,
            updated_at=utcnow(),
        )
        session.add(item)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise ConflictError(-1, expected, expected + 1, None, None) from None
    return item


def _new_group() -> str:
    import uuid

    return uuid.uuid4().hex


def _now_of(decision: Decision) -> dt.datetime:
    return dt.datetime.fromisoformat(decision.decided_at)


def _reason(action: str, kind: str, positions: list[int]) -> str:
    """A record version's reason, in terms that hold in any store: "accept repair 3", "edit entity 2, 5"."""
    return f"{action} {kind} " + ", ".join(str(p + 1) for p in positions)


def _decide(
    session: Session,
    item_id: int,
    action: str,
    reviewer: str,
    value: Any,
    expected_version: int,
    *,
    group: str | None = None,
    text_length: int | None = None,
) -> Decision:
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise DecisionError("a decision needs a reviewer name")
    if action not in STATUS_OF_ACTION and action != "undo":
        raise DecisionError(f"unknown action {action!r}: use accept, reject, edit or reopen")
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise DecisionError(f"no review item {item_id}")
    if item.version != expected_version:
        raise ConflictError(item_id, expected_version, item.version, item.updated_by, item.updated_at)
    if action == "undo":
        status = value.get("status", OPEN)
        value = value.get("value") if status == "edited" else None
    else:
        value = _checked_value(item, action, value, text_length)
        status = STATUS_OF_ACTION[action]
    before = {"status": item.status, "value": item.value if item.status == "edited" else item.proposal}
    now = utcnow()
    # The WHERE on the version makes the check and the write one step: a decision committed by someone else
    # between our read and this write leaves no row to update.
    result = session.execute(  # an UPDATE's result is a CursorResult, which counts its rows
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.version == expected_version)
        .values(status=status, value=value, version=expected_version + 1, updated_at=now, updated_by=reviewer)
        .execution_options(synchronize_session=False)
    )
    changed = cast(CursorResult, result).rowcount
    if changed != 1:
        session.rollback()
        fresh = session.get(ReviewItem, item_id)
        raise ConflictError(
            item_id,
            expected_version,
            fresh.version if fresh else -1,
            fresh.updated_by if fresh else None,
            fresh.updated_at if fresh else None,
        )
    session.expire(item)
    shown = value if status == "edited" else (None if status in ("rejected", OPEN) else item.proposal)
    after = {"status": status, "value": shown}
    row = DecisionRow(
        item_id=item_id,
        release_id=item.release_id,
        action=action,
        reviewer=reviewer,
        decided_at=now,
        before=before,
        after=after,
        item_version=expected_version + 1,
        group_key=group,
    )
    session.add(row)
    session.add(
        AuditEntry(
            at=now,
            actor=reviewer,
            action=f"decide:{action}",
            release_id=item.release_id,
            item_id=item_id,
            detail={"kind": item.kind, "position": item.position, "before": before, "after": after},
        )
    )
    session.flush()
    return Decision(
        id=row.id,
        item_id=item_id,
        release_id=item.release_id,
        kind=item.kind,
        position=item.position,
        action=action,
        reviewer=reviewer,
        decided_at=precise_time(now) or "",
        before=before,
        after=after,
        item_version=expected_version + 1,
        group=group,
    )


def _checked_value(item: ReviewItem, action: str, value: Any, text_length: int | None = None) -> Any:
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
    checked = {"label": value["label"], "english": str(english).strip() or None if english is not None else None}
    if "start" in value or "end" in value:
        start, end = value.get("start"), value.get("end")
        if not (
            isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end
            and (text_length is None or end <= text_length)
        ):
            raise DecisionError(
                f"an entity's boundaries must be 0 <= start < end <= the text's length, not {start}, {end}"
            )
        checked.update(start=start, end=end)
    return checked


def _save_record_version(session: Session, release_id: str, actor: str, reason: str, now: dt.datetime) -> None:
    record = _render(session, release_id)
    release = session.get(ReleaseRow, release_id)
    assert release is not None
    release.record_version += 1
    release.updated_at = now
    session.add(
        RecordVersion(
            release_id=release_id,
            version=release.record_version,
            record=record.model_dump_json(),
            reason=reason,
            created_at=now,
            created_by=actor,
        )
    )


# --------------------------------------------------------------------------------------------------------
# reading


def current_record(store: ReviewStore, release_id: str) -> Release:
    """The release as reviewed so far: the imported record with every decision applied.

    ``text_repaired`` applies accepted and edited repairs only (each repair carries its decided status), and
    the ``from_repair`` dates and entities are those the accepted and edited repairs restore;
    entities follow their corrections (rejected ones are dropped, added ones join); ``summary_en`` is the
    edited summary.
    """
    with store.session() as session:
        return _render(session, release_id)


def base_record(store: ReviewStore, release_id: str) -> Release:
    """The record as imported (the pipeline's proposal, record version 1)."""
    with store.session() as session:
        return _base_record(session, release_id)


def _base_record(session: Session, release_id: str) -> Release:
    row = session.scalars(
        select(RecordVersion).where(RecordVersion.release_id == release_id).order_by(RecordVersion.version).limit(1)
    ).first()
    if row is None:
        raise KeyError(release_id)
    return Release.model_validate_json(row.record)


def _render(session: Session, release_id: str) -> Release:
    base = _base_record(session, release_id)
    items = session.scalars(select(ReviewItem).where(ReviewItem.release_id == release_id)).all()
    return render_record(base, items)


@dataclass
class _State:
    """An item's state while history is replayed (the fields `render_record` reads from a `ReviewItem`)."""

    kind: str
    position: int
    start: int | None
    end: int | None
    proposal: Any
    status: str
    value: Any


def render_record(base: Release, items: Iterable[Any]) -> Release:
    """The record ``base`` with the decided state of ``items`` applied (anything with kind, position,
    status, value, proposal: `ReviewItem` rows, or states while history is replayed)."""
    repairs = list(base.repairs)
    entities: list[Any] = list(base.entities)
    added: list[Entity] = []
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
                value, entity = item.value, entities[item.position]
                english = value.get("english")
                kept = english and english == entity.english  # a label-only correction keeps the name's source
                update = {
                    "label": value["label"],
                    "english": english or None,
                    "english_source": entity.english_source if kept else ("reviewer" if english else None),
                    "english_evidence": entity.english_evidence if kept else None,
                }
                if "start" in value and "end" in value:
                    update.update(start=value["start"], end=value["end"], text=base.text[value["start"] : value["end"]])
                entities[item.position] = entity.model_copy(update=update)
        elif item.kind == "entity_new" and item.status in ("accepted", "edited"):
            value = item.value if item.status == "edited" else item.proposal
            start, end = int(value["start"]), int(value["end"])
            added.append(
                Entity(
                    label=value["label"],
                    start=start,
                    end=end,
                    text=base.text[start:end],
                    english=value.get("english"),
                    english_source="reviewer" if value.get("english") else None,
                    source="reviewer",
                )
            )
        elif item.kind == "summary":
            if item.status == "edited":
                summary = item.value or ""
            elif item.status == "rejected":
                summary = ""
    decided = [r for r in repairs if r.status in ("accepted", "edited")]
    kept = [e for e in entities if e is not None] + sorted(added, key=lambda e: (e.start, e.end))
    record = base.model_copy(
        update={
            "repairs": repairs,
            "entities": kept,
            "summary_en": summary,
        }
    )
    return with_repair_dependents(record, decided)


def with_repair_dependents(record: Release, decided: list[Repair]) -> Release:
    """The one place where ``text_repaired`` and the dates and entities that depend on repairs
    (``from_repair``) follow the decisions: every rendered record (each decision, each replayed version,
    `current_record`) passes through here once, and they are recomputed from the accepted repairs only."""
    # the numeral stage owns the repaired view; the pipeline's entity stages find what it restores
    from pipeline.numerals.restore import restore
    from pipeline.release import find_entities

    return restore(record, decided, find_entities=find_entities)


def release_items(store: ReviewStore, release_id: str) -> list[ReviewItem]:
    """The release's review items (repairs in text order, then entity corrections, then the summary)."""
    order = {"repair": 0, "entity": 1, "entity_new": 2, "summary": 3}
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
        Decision(
            id=d.id,
            item_id=d.item_id,
            release_id=d.release_id,
            kind=kind,
            position=position,
            action=d.action,
            reviewer=d.reviewer,
            decided_at=precise_time(d.decided_at) or "",
            before=d.before,
            after=d.after,
            item_version=d.item_version,
            group=d.group_key,
        )
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
    return (
        session.scalar(
            select(func.count())
            .select_from(ReviewItem)
            .where(ReviewItem.release_id == release_id, ReviewItem.status == OPEN)
        )
        or 0
    )


@dataclass(frozen=True)
class QueueRow:
    id: str
    title: str
    source: str | None
    release_date: str | None
    open_items: int
    total_items: int
    updated_at: str
    lowest_confidence: float | None = None  # of the release's open repairs


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows. status: ``open`` (some item awaits a decision), ``done`` (none does) or ``all``;
    search: a substring of the id, source or text; template: has a repair of that template; confidence_below:
    has an open repair proposed with less confidence; reviewer: someone who decided on it; date_from /
    date_to: release dates (YYYY-MM-DD, inclusive); sort: one of `QUEUE_SORTS`."""

    status: str = "open"
    search: str | None = None
    template: str | None = None
    confidence_below: float | None = None
    reviewer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "updated"


#: Queue orders: most recently changed, newest release date, oldest release date, most open items, least
#: confident open repair first, id.
QUEUE_SORTS = ("updated", "date", "date_asc", "open", "confidence", "id")


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int  # releases matching the filter, over all pages
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def queue_page(
    store: ReviewStore, where: QueueFilter = QueueFilter(), *, page: int = 1, per_page: int = 50
) -> QueuePage:
    """One page of the queue under ``where`` (pages count from 1), with the number of matching releases."""
    open_items = func.coalesce(func.sum(case((ReviewItem.status == OPEN, 1), else_=0)), 0)
    lowest = func.min(
        case((and_(ReviewItem.status == OPEN, ReviewItem.kind == "repair"), ReviewItem.confidence), else_=None)
    )
    query = (
        select(
            ReleaseRow.id,
            ReleaseRow.title,
            ReleaseRow.source,
            ReleaseRow.release_date,
            ReleaseRow.updated_at,
            open_items.label("n_open"),
            func.count(ReviewItem.id).label("n_total"),
            lowest.label("lowest"),
        )
        .outerjoin(ReviewItem, ReviewItem.release_id == ReleaseRow.id)
        .group_by(ReleaseRow.id, ReleaseRow.title, ReleaseRow.source, ReleaseRow.release_date, ReleaseRow.updated_at)
    )
    if where.search:
        pattern = "%" + where.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                ReleaseRow.id.like(pattern, escape="\\"),
                ReleaseRow.text.like(pattern, escape="\\"),
                ReleaseRow.source.like(pattern, escape="\\"),
            )
        )
    if where.template:
        query = query.where(
            ReleaseRow.id.in_(
                select(ReviewItem.release_id).where(ReviewItem.kind == "repair", ReviewItem.template == where.template)
            )
        )
    if where.confidence_below is not None:
        query = query.where(
            ReleaseRow.id.in_(
                select(ReviewItem.release_id).where(
                    ReviewItem.kind == "repair",
                    ReviewItem.status == OPEN,
                    ReviewItem.confidence < where.confidence_below,
                )
            )
        )
    if where.reviewer:
        query = query.where(
            ReleaseRow.id.in_(
                select(DecisionRow.release_id).where(func.lower(DecisionRow.reviewer) == where.reviewer.strip().lower())
            )
        )
    if where.date_from:
        query = query.where(ReleaseRow.release_date >= where.date_from)
    if where.date_to:
        query = query.where(ReleaseRow.release_date <= where.date_to)
    if where.status == "open":
        query = query.having(open_items > 0)
    elif where.status == "done":
        query = query.having(open_items == 0)
    orders: dict[str, list[Any]] = {
        "updated": [ReleaseRow.updated_at.desc()],
        "date": [ReleaseRow.release_date.is_(None), ReleaseRow.release_date.desc()],
        "date_asc": [ReleaseRow.release_date.is_(None), ReleaseRow.release_date],
        "open": [open_items.desc()],
        "confidence": [lowest.is_(None), lowest],
        "id": [],
    }
    order = orders.get(where.sort, [ReleaseRow.updated_at.desc()])
    page, per_page = max(1, page), max(1, min(per_page, 1000))
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(*order, ReleaseRow.id).offset((page - 1) * per_page).limit(per_page)
        ).all()
    return QueuePage(
        rows=[
            QueueRow(
                id=r.id,
                title=r.title,
                source=r.source,
                release_date=r.release_date,
                open_items=int(r.n_open),
                total_items=int(r.n_total),
                updated_at=iso_time(r.updated_at) or "",
                lowest_confidence=r.lowest,
            )
            for r in rows
        ],
        total=int(total),
        page=page,
        per_page=per_page,
    )


def list_queue(
    store: ReviewStore, *, status: str = "open", search: str | None = None, limit: int = 500
) -> list[QueueRow]:
    """The first ``limit`` releases of the queue, most recently changed first (see `queue_page` for pages
    and the other filters)."""
    return queue_page(store, QueueFilter(status=status, search=search), per_page=limit).rows


def repair_templates(store: ReviewStore) -> list[str]:
    """The repair templates present in the store (the queue's template filter offers these)."""
    with store.session() as session:
        templates = session.scalars(select(ReviewItem.template).distinct().where(ReviewItem.template.is_not(None)))
        return sorted(t for t in templates.all() if t is not None)


def next_open_release(store: ReviewStore, after: str | None = None) -> str | None:
    """The release to review next: the queue's first one with open items, other than ``after``."""
    rows = queue_page(store, QueueFilter(status="open"), per_page=2).rows
    return next((r.id for r in rows if r.id != after), None)


def approved_release_ids(store: ReviewStore) -> list[str]:
    """Every approved release, oldest change first."""
    with store.session() as session:
        open_ids = select(ReviewItem.release_id).where(ReviewItem.status == OPEN)
        return list(
            session.scalars(
                select(ReleaseRow.id)
                .where(ReleaseRow.id.not_in(open_ids))
                .order_by(ReleaseRow.updated_at, ReleaseRow.id)
            ).all()
        )


def all_release_ids(store: ReviewStore) -> list[str]:
    """Every release in the store, in import order (for a whole-store export)."""
    with store.session() as session:
        return list(session.scalars(select(ReleaseRow.id).order_by(ReleaseRow.created_at, ReleaseRow.id)).all())


def audit_log(store: ReviewStore, release_id: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if release_id is not None:
        query = query.where(AuditEntry.release_id == release_id)
    with store.session() as session:
        return list(session.scalars(query).all())


def audit_page(
    store: ReviewStore, *, page: int = 1, per_page: int = 100, action: str | None = None, actor: str | None = None
) -> tuple[list[AuditEntry], int]:
    """One page of the audit log, newest first (``action``: a prefix such as ``decide`` or ``export``), and
    the number of matching entries."""
    query = select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action.like(action.replace("%", "") + "%"))
    if actor:
        query = query.where(func.lower(AuditEntry.actor) == actor.strip().lower())
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((max(1, page) - 1) * per_page)
            .limit(per_page)
        ).all()
    return list(rows), int(total)


def record_audit(
    store: ReviewStore, actor: str, action: str, *, release_id: str | None = None, detail: dict | None = None
) -> None:
    with store.session() as session:
        session.add(AuditEntry(at=utcnow(), actor=actor, action=action, release_id=release_id, detail=detail))
        session.commit()


def item_dicts(items: Iterable[ReviewItem]) -> list[dict]:
    return [
        {
            "id": i.id,
            "kind": i.kind,
            "position": i.position,
            "start": i.start,
            "end": i.end,
            "status": i.status,
            "proposal": i.proposal,
            "value": i.value,
            "version": i.version,
            "updated_by": i.updated_by,
            "updated_at": precise_time(i.updated_at),
            "template": i.template,
            "confidence": i.confidence,
        }
        for i in items
    ]
