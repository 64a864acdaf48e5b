"""From slots and candidates to `Repair` records: merge candidates, choose a proposal, resolve overlaps."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.numerals.document import Document, Slot
from pipeline.numerals.strategies import STRATEGIES
from pipeline.numerals.strategies.confidence import AMBIGUITY_MARGIN, MERGED_CAP, PROPOSE_AT
from pipeline.record import Candidate, Repair

__all__ = ["OverlapResolver", "candidates_for", "repair_for", "keep_first_non_overlapping"]


def candidates_for(slot: Slot, doc: Document) -> list[Candidate]:
    """Run the template's strategies; the same value from several strategies is merged (noisy-or)."""
    merged: dict[str, Candidate] = {}
    for name in slot.template.strategies:
        try:
            strategy = STRATEGIES[name]
        except KeyError:
            raise ValueError(f"template {slot.template.id}: unknown strategy {name!r}") from None
        for cand in strategy(slot, doc):
            old = merged.get(cand.value)
            if old is None:
                merged[cand.value] = cand
            else:
                confidence = min(MERGED_CAP, 1 - (1 - old.confidence) * (1 - cand.confidence))
                merged[cand.value] = Candidate(
                    value=cand.value, confidence=round(confidence, 3), evidence=f"{old.evidence}; {cand.evidence}"
                )
    return sorted(merged.values(), key=lambda c: -c.confidence)


def repair_for(slot: Slot, doc: Document) -> Repair:
    """One Repair for a slot: the best candidate becomes the replacement when strong and unambiguous."""
    candidates = candidates_for(slot, doc)
    best = candidates[0] if candidates else None
    runner_up = candidates[1].confidence if len(candidates) > 1 else 0.0
    proposed = best is not None and best.confidence >= PROPOSE_AT and best.confidence - runner_up >= AMBIGUITY_MARGIN
    what = slot.description[0].upper() + slot.description[1:]
    if proposed:
        evidence = f"{what}; {best.evidence}, so “{best.value}” is proposed."
    elif best is not None:
        evidence = f"{what}; no value is proposed because the text is not conclusive ({best.evidence})."
    else:
        evidence = f"{what}; the text gives no basis for a value."
    return Repair(
        start=slot.start,
        end=slot.end,
        template=slot.template.id,
        replacement=slot.replacement(best.value) if proposed else None,
        candidates=candidates,
        confidence=best.confidence if proposed else (best.confidence if best else 0.0),
        evidence=evidence,
    )


def _overlaps(a: Repair, b: Repair) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == b.start or a.start < b.start < a.end or b.start < a.start < b.end
    return a.start < b.end and b.start < a.end


def keep_first_non_overlapping(repairs: list[Repair]) -> list[Repair]:
    """Keep repairs in text order, dropping any that overlaps (or shares an insertion point with) a kept one;
    at the same place the more confident repair wins."""
    # In start order every kept repair starts at or before the next one, so (by `_overlaps`) the next one
    # overlaps a kept one exactly when one starts at the same place or a non-empty one ends after its start:
    # a set of starts and the furthest end decide it in constant time (n log n in all, for the sort).
    kept: list[Repair] = []
    starts: set[int] = set()
    furthest = -1  # the largest end of a kept non-empty repair
    for repair in sorted(repairs, key=lambda r: (r.start, r.end, -r.confidence)):
        if repair.start in starts or furthest > repair.start:
            continue
        kept.append(repair)
        starts.add(repair.start)
        if repair.end > repair.start:
            furthest = max(furthest, repair.end)
    return kept


OverlapResolver = Callable[[list[Repair]], list[Repair]]
