"""Percentage detector: ร้อยละ (or %) with no number."""

from __future__ import annotations

import re

from pipeline.dates import matches_at
from pipeline.numerals.document import Document, Slot, occurrences, quote
from pipeline.numerals.templates import Template

__all__ = ["detect_missing_percents"]


_PERCENT = re.compile(r"(?P<word>ร้อยละ)(?:[ ]+(?![-+−]?[0-9\u0e50-\u0e59.]|\s))|(?<=[\u0e01-\u0e4f])[ ](?P<sign>%)")


def _percent_starts(text: str) -> list[int]:
    """Where a `_PERCENT` match can start: at ร้อยละ, or at the space before a %. Trying the pattern only there
    gives what finditer gives (its second branch opens with a look-behind, tried at every character)."""
    return sorted({*occurrences(text, "ร้อยละ"), *(q - 1 for q in occurrences(text, "%") if q > 0)})


def detect_missing_percents(doc: Document, template: Template) -> list[Slot]:
    """ร้อยละ (or %) with no number: "เพิ่มขึ้นร้อยละ เมื่อเทียบกับ"."""
    slots = []
    numbers = tuple(doc.lexicon.number_words)
    for m in matches_at(_PERCENT, doc.text, _percent_starts(doc.text)):
        if m.group("word"):
            if doc.text.startswith(numbers, m.end()):
                continue
            at, anchor = m.end(), "word"
            suffix = " "
        else:
            at, anchor, suffix = m.start("sign"), "sign", ""
        slots.append(
            Slot(
                template,
                at,
                at,
                m.group(anchor),
                m.start(anchor),
                m.end(anchor),
                f"“{m.group(anchor)}” has no number in {quote(doc.text, at, at)}",
                suffix=suffix,
            )
        )
    return slots
