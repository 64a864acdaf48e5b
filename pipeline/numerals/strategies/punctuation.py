"""Punctuation strategies: where a bracket closed, the dot an abbreviation lost."""

from __future__ import annotations

from pipeline.numerals.document import Document, Slot
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["abbreviation_dot", "bracket_close"]


def bracket_close(slot: Slot, doc: Document) -> list[Candidate]:
    """Propose ")" after the first word of the bracket, weakly: the text does not say where it closed."""
    return [
        Candidate(
            value=")",
            confidence=CONFIDENCE["bracket_close"],
            evidence="the bracket may have closed after its first word; check where the bracketed name ends",
        )
    ]


def abbreviation_dot(slot: Slot, doc: Document) -> list[Candidate]:
    """The release writes the abbreviation with a final dot elsewhere, so the dot goes back."""
    return [
        Candidate(
            value=".",
            confidence=CONFIDENCE["abbreviation_dot"],
            evidence=f"the release writes “({slot.anchor}.)” with a final dot",
        )
    ]
