"""Ordinal strategies: the occurrences an event lists before "this time" give its number."""

from __future__ import annotations

import re

from pipeline.numerals.document import Document, Slot, shorten
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["ordinal_after_occurrences"]


_HELD_AT = re.compile(r"(?:จัดขึ้น(?:แล้ว)?|จัด(?:งาน|กิจกรรม)?(?:ขึ้น)?แล้ว|จัด)(?:[ ]?(?:ที่|ณ))[ ]?")
_LIST_END = re.compile(r"[ ](?=เมื่อ|ซึ่ง|โดย|ใน(?!ประเทศ)|ระหว่าง|ตั้งแต่|และใน|จึง|ทั้งนี้)|\n")
_THIS_TIME = re.compile(r"ครั้งนี้|คราวนี้|ครั้งล่าสุด|ในปีนี้")


def ordinal_after_occurrences(slot: Slot, doc: Document) -> list[Candidate]:
    """ "held at A and B … this time … ครั้งที่ _": the earlier occurrences listed, plus this one."""
    if not slot.anchor.startswith("ครั้ง"):
        return []
    line_start, _ = doc.line_bounds(slot.start)
    before = doc.text[max(line_start, slot.start - 600) : slot.anchor_start]
    helds = list(_HELD_AT.finditer(before))
    held = helds[-1] if helds else None
    if held is None:
        return []
    rest = before[held.end() :]
    end = _LIST_END.search(rest)
    places_text = rest[: end.start()] if end else rest
    between = rest[end.start() :] if end else ""
    if not _THIS_TIME.search(between):
        return []
    places = [p.strip() for p in re.split(r",|[ ]และ|และ(?=[\u0e01-\u0e4f])", places_text) if p.strip()]
    if not 1 <= len(places) <= 10 or any(len(p) > 60 for p in places):
        return []
    n = len(places) + 1
    listed = ", ".join(f"“{shorten(p, 30)}”" for p in places)
    return [
        Candidate(
            value=str(n),
            confidence=CONFIDENCE["occurrences.several"] if len(places) >= 2 else CONFIDENCE["occurrences.one"],
            evidence=f"the text lists {len(places)} earlier occurrence(s) held at {listed} before "
            f"“{_THIS_TIME.search(between).group()}”, so this one is number {n}",
        )
    ]
