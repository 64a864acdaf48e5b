"""Series: this event's place in a series and how many there are ("the 3rd of 4 events").

Read from ครั้งที่ N / เป็นครั้งที่ N and ทั้งหมด N รอบ/ครั้ง. Where the number was lost, a numeral repair at
that place may propose one: it is kept only as a proposal (`proposed`, `needs_review`), never as the value.
"""

from __future__ import annotations

import re

from pipeline.event.context import ReleaseView
from pipeline.event.figures import NUMBER, number_value
from pipeline.normalize import arabic_digits
from pipeline.record import Repair, Series, SeriesValue

_MAX_DIGITS = 1000
_ORDINAL = re.compile(rf"ครั้งที่\s*(?P<n>{NUMBER})?(?!ผ่าน|แล้ว)")
_TOTAL = re.compile(rf"(?:ทั้งหมด|ทั้งสิ้น|รวม)\s*(?P<n>{NUMBER})?\s*(?:รอบ|ครั้ง)(?!ที่)")


def _value(view: ReleaseView, m: re.Match[str]) -> SeriesValue | None:
    if m.group("n"):
        value = _integer(m.group("n"))
        if value is None:
            return None
        return SeriesValue(start=m.start("n"), end=m.end("n"), value=value)
    # The number is missing: a repair inside the match says where, and may propose a value.
    repairs: list[Repair] = [r for r in view.repairs_over(m.start(), m.end()) if m.start() < r.start <= m.end()]
    if not repairs:
        return None
    r = repairs[0]
    proposed = None
    if r.replacement and r.replacement.strip().isdigit():
        proposed = int(r.replacement.strip())
    return SeriesValue(start=r.start, end=r.end, proposed=proposed, needs_review=True, lost=True)


def _integer(number: str) -> int | None:
    """The number's whole part, exact (a float rounds 30 nines); None for a run of digits too long to be a
    count (Python refuses to convert over 4,300 digits)."""
    digits = arabic_digits(number).replace(",", "")
    if "." in digits:
        return int(number_value(number))
    return int(digits) if len(digits) <= _MAX_DIGITS else None


def find_series(view: ReleaseView) -> Series | None:
    """The series numbers; None when the release states neither."""
    number = total = None
    start = view.body[0].start if view.body else 0
    for m in _ORDINAL.finditer(view.text, start):
        if m.group("n") is None and view.text[m.end() : m.end() + 3] in ("ผ่าน", "แล้ว"):
            continue
        number = _value(view, m)
        if number is not None:
            break
    for m in _TOTAL.finditer(view.text, start):
        total = _value(view, m)
        if total is not None:
            break
    if number is None and total is None:
        return None
    return Series(number=number, total=total)
