"""Inference strategies: what value the text itself implies for a slot.

Each strategy is a small function ``(slot, doc) -> list[Candidate]`` registered under the name templates use,
one module per kind (``enumerations``, ``phrases``, ``ordinals``, ``amounts``, ``dates``, ``punctuation``);
what each kind of evidence is worth is one table (``confidence.py``). A strategy proposes only what it can
show from the text, and says how in ``evidence`` (one English sentence quoting the Thai). No candidate is an
answer too: the slot is still flagged for review.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.numerals.document import Document, Slot
from pipeline.numerals.strategies.amounts import part_of_total, sum_of_parts
from pipeline.numerals.strategies.dates import date_from_other_dates, date_from_release, month_completion
from pipeline.numerals.strategies.enumerations import enumeration_count, preceding_list_count
from pipeline.numerals.strategies.ordinals import ordinal_after_occurrences
from pipeline.numerals.strategies.phrases import repeated_phrase
from pipeline.numerals.strategies.punctuation import abbreviation_dot, bracket_close
from pipeline.record import Candidate

__all__ = ["STRATEGIES", "Strategy"]

Strategy = Callable[[Slot, Document], list[Candidate]]

STRATEGIES: dict[str, Strategy] = {
    "enumeration_count": enumeration_count,
    "preceding_list_count": preceding_list_count,
    "repeated_phrase": repeated_phrase,
    "ordinal_after_occurrences": ordinal_after_occurrences,
    "sum_of_parts": sum_of_parts,
    "part_of_total": part_of_total,
    "month_completion": month_completion,
    "date_from_other_dates": date_from_other_dates,
    "date_from_release": date_from_release,
    "bracket_close": bracket_close,
    "abbreviation_dot": abbreviation_dot,
}
