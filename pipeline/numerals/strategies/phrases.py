"""The repeated-phrase strategy: the same phrase elsewhere in the release with its number intact."""

from __future__ import annotations

import re

from pipeline.numerals.document import NUMBER, Document, Slot, shorten
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["PHRASE_LEFT", "PHRASE_RIGHT", "phrase_pattern", "repeated_phrase"]


PHRASE_LEFT, PHRASE_RIGHT = 30, 20  # how much of the phrase must repeat around the number


def phrase_pattern(text: str, start: int, end: int, number: str | None = None) -> re.Pattern[str] | None:
    """A pattern for the phrase around ``text[start:end]`` (a gap, or the number itself when ``number``):
    ``PHRASE_LEFT`` characters before it and ``PHRASE_RIGHT`` after, or up to the line's edge, with
    at least 20 characters in all. None when the phrase is too short to identify a statement."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, start - PHRASE_LEFT - 1) : start].rstrip(" ")
    right = text[end : min(line_end, end + PHRASE_RIGHT + 1)].lstrip(" ")
    whole_left, whole_right = start - line_start <= PHRASE_LEFT + 1, line_end - end <= PHRASE_RIGHT + 1
    left, right = left[-PHRASE_LEFT:], right[:PHRASE_RIGHT]
    if len(left) + len(right) < 20 or not left or not right:
        return None
    value = re.escape(number) if number is not None else f"(?P<n>{NUMBER})"
    return re.compile(
        ("^" if whole_left else "")
        + re.escape(left)
        + rf"[ ]?{value}[ ]?"
        + re.escape(right)
        + ("$" if whole_right else ""),
        re.MULTILINE,
    )


def repeated_phrase(slot: Slot, doc: Document) -> list[Candidate]:
    """The same phrase appears elsewhere with its number intact (a headline repeated in the body).

    The phrase must match over ``PHRASE_LEFT`` characters before the gap and ``PHRASE_RIGHT`` after it (or
    to the line's edges): shorter matches ("อายุ _ ปี") repeat with different numbers.
    """
    if slot.start != slot.end:
        return []
    pattern = phrase_pattern(doc.text, slot.start, slot.end)
    if pattern is None:
        return []
    # slots with the same phrase (a repeated line, a run of one pattern) search the text once
    matches = doc.memo(("repeated_phrase", pattern.pattern), lambda: list(pattern.finditer(doc.text)))
    distinct = sorted({m.group("n") for m in matches})
    if len(distinct) != 1:
        return []
    shown = " ".join(matches[0].group().split())
    return [
        Candidate(
            value=distinct[0],
            confidence=CONFIDENCE["repeated_phrase"],
            evidence="the same phrase appears elsewhere in the release with the number intact "
            f"(“{shorten(shown, 60)}”)",
        )
    ]
