"""Detectors: find the slots where a numeral (or the punctuation next to it) was lost.

Each detector is a small function ``(doc, template) -> list[Slot]`` registered under the name a template
gives in ``corpora/numerals/templates.toml``, one module per family: ``counts`` (hand lists),
``learned_counts`` (the count-pair table and the gap model), ``ordinals``, ``dates``, ``percents``,
``punctuation``. A slot is only a place and a reason; what value belongs there is the inference strategies'
business (``strategies/``).

The signal is context. Intact text has a number between a quantity word and its classifier
("ทั้งหมด 4 รอบ"), after an ordinal marker ("ครั้งที่ 3"), before a month ("วันที่ 2 ส.ค."); extraction that
drops digits leaves the words on both sides and the space where the digit was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.numerals.detectors.counts import detect_missing_counts, detect_missing_counts_by_tag
from pipeline.numerals.detectors.dates import detect_damaged_dates, detect_dayless_dates, detect_truncated_months
from pipeline.numerals.detectors.learned_counts import (
    detect_missing_counts_by_model,
    detect_missing_counts_by_pair,
    detect_missing_counts_by_tail,
    detect_missing_counts_by_unit,
    detect_missing_counts_by_word,
    drop_unlikely_counts,
)
from pipeline.numerals.detectors.ordinals import (
    detect_missing_ordinals,
    detect_missing_ordinals_after_classifier,
    detect_missing_ordinals_learned,
)
from pipeline.numerals.detectors.percents import detect_missing_percents
from pipeline.numerals.detectors.punctuation import detect_abbreviations_without_dot, detect_unclosed_brackets
from pipeline.numerals.document import Document, Slot
from pipeline.numerals.templates import Template

__all__ = ["DETECTORS", "Detector", "find_slots"]

Detector = Callable[[Document, Template], list[Slot]]

DETECTORS: dict[str, Detector] = {
    "missing_count": detect_missing_counts,
    "missing_count_by_tag": detect_missing_counts_by_tag,
    "missing_count_by_pair": detect_missing_counts_by_pair,
    "missing_count_by_word": detect_missing_counts_by_word,
    "missing_count_by_unit": detect_missing_counts_by_unit,
    "missing_count_by_tail": detect_missing_counts_by_tail,
    "missing_count_by_model": detect_missing_counts_by_model,
    "missing_ordinal": detect_missing_ordinals,
    "missing_ordinal_learned": detect_missing_ordinals_learned,
    "missing_ordinal_after_classifier": detect_missing_ordinals_after_classifier,
    "damaged_date": detect_damaged_dates,
    "dayless_date": detect_dayless_dates,
    "truncated_month": detect_truncated_months,
    "missing_percent": detect_missing_percents,
    "unclosed_bracket": detect_unclosed_brackets,
    "abbreviation_without_dot": detect_abbreviations_without_dot,
}


def find_slots(doc: Document, templates: Iterable[Template]) -> list[Slot]:
    """Every slot every template finds, in text order (overlaps are resolved later)."""
    templates = list(templates)
    slots = []
    for template in templates:
        try:
            detector = DETECTORS[template.detector]
        except KeyError:
            raise ValueError(f"template {template.id}: unknown detector {template.detector!r}") from None
        slots.extend(detector(doc, template))
    veto = max((t.veto_below for t in templates if t.detector == "missing_count_by_model"), default=0.0)
    if veto > 0:
        slots = drop_unlikely_counts(doc, slots, veto)
    return sorted(slots, key=lambda s: (s.start, s.end))
