"""What the release page shows, as plain data: the text cut into pages, one row per distinct entity with
its mentions, and readable lines for the event record and for decisions (never a Python or JSON repr).

>>> text_pages("a\\nb\\nc", 2)
[(0, 2), (2, 4), (4, 5)]
>>> describe({"name": {"text": "นายสมชาย ใจดี", "english": "Mr Somchai Chaidi"}, "role": {"text": "ผู้อำนวยการ"}})
'นายสมชาย ใจดี (Mr Somchai Chaidi), ผู้อำนวยการ'
>>> describe({"number": {"value": 3}, "total": {"value": None, "proposed": 4, "needs_review": True}})
'3 of 4 (proposed, needs review)'
>>> readable_change({"status": "edited", "value": {"label": "PERSON", "english": "Somchai"}})
'edited: PERSON · Somchai'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.record import Entity, Release

__all__ = ["PAGE_CHARS", "text_pages", "EntityGroup", "entity_groups", "event_fields", "describe", "readable_change"]

#: Characters of release text per page: about three printed pages, a few hundred entities at most.
PAGE_CHARS = 12_000


def text_pages(text: str, size: int = PAGE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each page of ``text``: about ``size`` characters, cut after a line break when there
    is one in the page's last quarter, else after a space, else anywhere."""
    pages: list[tuple[int, int]] = []
    start = 0
    while start < len(text) or not pages:
        end = min(len(text), start + size)
        if end < len(text):
            window = text[start + size * 3 // 4 : end]
            for breaker in ("\n", " "):
                at = window.rfind(breaker)
                if at >= 0:
                    end = start + size * 3 // 4 + at + 1
                    break
        pages.append((start, end))
        start = end
        if end >= len(text):
            break
    return pages


@dataclass
class EntityGroup:
    """One distinct entity (same label and text after corrections) and every mention of it."""

    label: str
    text: str
    english: str | None
    canonical: str | None
    sources: list[str]
    positions: list[int] = field(default_factory=list)  # base entity positions (empty for a reviewer's entity)
    versions: list[int] = field(default_factory=list)  # the review item version of each, 1 when none yet
    starts: list[int] = field(default_factory=list)
    from_repair: bool = False
    decided_by: str | None = None
    status: str = "needs_review"
    added: bool = False


def entity_groups(base: Release, entity_items: dict[int, Any], current: Release) -> list[EntityGroup]:
    """The entity table's rows: mentions grouped by (label, text) as corrected, in order of first mention;
    removed mentions are left out; entities a reviewer added come as their own rows."""
    groups: dict[tuple[str, str], EntityGroup] = {}
    for position, entity in enumerate(base.entities):
        item = entity_items.get(position)
        if item is not None and item.status == "rejected":
            continue
        label, english = entity.label, entity.english
        text = entity.text
        if item is not None and item.status == "edited" and item.value:
            label, english = item.value.get("label", label), item.value.get("english")
            if "start" in item.value and "end" in item.value:
                text = base.text[item.value["start"] : item.value["end"]]
        group = groups.get((label, text))
        if group is None:
            group = groups[(label, text)] = EntityGroup(
                label=label, text=text, english=english, canonical=entity.canonical, sources=[]
            )
        group.positions.append(position)
        group.versions.append(item.version if item is not None else 1)
        group.starts.append(entity.start)
        group.from_repair = group.from_repair or entity.from_repair
        if entity.source not in group.sources:
            group.sources.append(entity.source)
        if item is not None and item.updated_by:
            group.decided_by, group.status = item.updated_by, item.status
    rows = list(groups.values())
    rows += [
        EntityGroup(
            label=e.label,
            text=e.text,
            english=e.english,
            canonical=None,
            sources=["reviewer"],
            starts=[e.start],
            added=True,
        )
        for e in current.entities
        if e.source == "reviewer"
    ]
    return rows


def event_fields(record: Release) -> list[tuple[str, str]]:
    """The event record's non-empty fields, in schema order, each as one line of text."""
    data = record.event.model_dump(mode="json")
    return [
        (name.replace("_", " "), describe(value))
        for name, value in data.items()
        if value not in (None, [], {}, "") and describe(value)
    ]


def describe(value: Any) -> str:
    """A short reading of an event field: a mention's text (and English), a person with role and
    organisation, a series as "3 of 4", a value; never a dict's repr."""
    if isinstance(value, list):
        return "; ".join(d for d in (describe(v) for v in value) if d)
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    if "number" in value or "total" in value:  # a series
        number, total = _series_value(value.get("number")), _series_value(value.get("total"))
        if number and total:
            return f"{number} of {total}"
        return number or (f"one of {total}" if total else "")
    if "name" in value and isinstance(value["name"], dict):  # a participant or an organiser
        parts = [describe(value["name"])]
        for key in ("role", "organization", "parent"):
            if isinstance(value.get(key), dict) and describe(value[key]):
                parts.append(describe(value[key]))
        return ", ".join(p for p in parts if p)
    if value.get("text"):
        english = value.get("english") or value.get("iso")
        return f"{value['text']} ({english})" if english and english != value["text"] else str(value["text"])
    for key in ("value", "name", "label", "iso"):
        if value.get(key) not in (None, "", [], {}):
            return describe(value[key])
    return ""


def _series_value(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    if value.get("value") is not None:
        return str(value["value"])
    if value.get("proposed") is not None:
        return f"{value['proposed']} (proposed, needs review)"
    return "? (lost)" if value.get("lost") else ""


def readable_change(change: Any) -> str:
    """A decision's before or after: "accepted: 4", "edited: PERSON · Somchai", "needs review"."""
    if not isinstance(change, dict):
        return "" if change is None else str(change)
    status = str(change.get("status") or "").replace("_", " ")
    value = change.get("value")
    if isinstance(value, dict):
        shown = " · ".join(str(value[k]) for k in ("label", "english") if value.get(k))
        if "start" in value and "end" in value:
            shown += f" @{value['start']}–{value['end']}"
    else:
        shown = "" if value is None else str(value).strip() or repr(value)
    return f"{status}: {shown}" if shown else status


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    for entity in entities:
        if entity.start == start and entity.end == end:
            return entity
    return None
