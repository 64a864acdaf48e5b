"""The release text as HTML with entities highlighted by label and repairs marked inline (as displaCy does).

Built from offsets: the text is cut at every entity and repair boundary and every piece is escaped, so
markup in a release (``<script>``, ``<b>``) shows as text. Colours live in ``static/review.css``
(``.ent-PERSON`` …), not in style attributes, so the page runs under a strict Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.record import ENTITY_LABELS, Entity, Repair

__all__ = ["LABEL_NAMES", "highlight", "RepairMark"]

LABEL_NAMES = {
    "PERSON": "person",
    "ORGANIZATION": "organisation",
    "LOCATION": "place",
    "DATE": "date",
    "TIME": "time",
    "MONEY": "money",
    "PERCENT": "percent",
    "LAW": "law",
    "URL": "web address",
    "EMAIL": "e-mail",
    "PHONE": "phone",
}
assert set(LABEL_NAMES) == set(ENTITY_LABELS)


@dataclass(frozen=True)
class RepairMark:
    """A repair to mark in the text: the review item it belongs to and the value to show."""

    repair: Repair
    item_id: int
    shown: str  # the decided or proposed value ("?" when there is none)
    status: str


def highlight(
    text: str, entities: list[Entity], repairs: list[RepairMark], entity_ids: list[str] | None = None
) -> Markup:
    """HTML for ``text``: ``<mark class="ent ent-LABEL">`` around entities (overlaps: the earlier, longer one
    wins), a ``<ins>`` chip linking to the review item where each repair goes, and ``<del>`` around the
    characters a repair replaces. ``entity_ids`` (one per entity) become ``data-entity`` attributes. What is
    not release text (label badges, chips) carries ``data-skip``, so a script can count character offsets in
    the text a reader selects."""
    ids = {id(e): i for e, i in zip(entities, entity_ids or [])}
    chosen = _non_overlapping(entities, len(text))
    cuts = {0, len(text)}
    for e in chosen:
        cuts.update((e.start, e.end))
    for mark in repairs:
        cuts.update((mark.repair.start, mark.repair.end))
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    starts: dict[int, list[RepairMark]] = {}
    for mark in repairs:
        starts.setdefault(mark.repair.start, []).append(mark)

    out: list[str] = []
    current: Entity | None = None
    for a, b in zip(ordered, [*ordered[1:], None]):
        entity = _covering(chosen, a, b) if b is not None else None
        if entity is not current:
            if current is not None:
                out.append(_close(current))
            if entity is not None:
                out.append(_open(entity, ids.get(id(entity))))
            current = entity
        for mark in starts.get(a, []):
            out.append(_chip(mark))
        if b is None:
            break
        piece = str(escape(text[a:b]))
        if any(m.repair.start <= a and b <= m.repair.end for m in repairs):
            piece = f'<del class="replaced">{piece}</del>'
        out.append(piece)
    if current is not None:
        out.append(_close(current))
    return Markup("".join(out))


def _non_overlapping(entities: list[Entity], n: int) -> list[Entity]:
    chosen: list[Entity] = []
    end = -1
    for e in sorted(entities, key=lambda e: (e.start, -(e.end - e.start))):
        if e.start >= end and 0 <= e.start < e.end <= n:
            chosen.append(e)
            end = e.end
    return chosen


def _covering(entities: list[Entity], a: int, b: int) -> Entity | None:
    for e in entities:
        if e.start <= a and b <= e.end:
            return e
    return None


def _open(entity: Entity, entity_id: str | None = None) -> str:
    title = f"{entity.label}: {entity.english}" if entity.english else entity.label
    if entity.from_repair:
        title += " (if the proposed repair is accepted)"
    pending = " ent-from-repair" if entity.from_repair else ""
    data = f' data-entity="{escape(entity_id)}"' if entity_id else ""
    return f'<mark class="ent ent-{escape(entity.label)}{pending}" title="{escape(title)}"{data}>'


def _close(entity: Entity) -> str:
    return f'<span class="ent-label" data-skip>{escape(entity.label)}</span></mark>'


def _chip(mark: RepairMark) -> str:
    return (
        f'<a class="repair-chip status-{escape(mark.status)}" href="#item-{mark.item_id}" '
        f'data-item="{mark.item_id}" title="{escape(mark.repair.template)}" data-skip>'
        f"<ins>⟦{escape(mark.shown)}⟧</ins></a>"
    )
