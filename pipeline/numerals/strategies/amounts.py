"""Amount strategies: a total after its parts is their sum; a missing part is the total less the others."""

from __future__ import annotations

import re

from pipeline.normalize import arabic_digits
from pipeline.numerals.document import NUMBER, Document, Slot
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["part_of_total", "sum_of_parts"]


def _parse_number(s: str) -> float:
    return float(arabic_digits(s).replace(",", ""))


def _format_like(value: float, examples: list[str]) -> str:
    decimals = max((len(e.split(".")[1]) for e in examples if "." in e), default=0)
    commas = any("," in e for e in examples)
    if decimals == 0 and abs(value - round(value)) < 1e-9:
        return f"{round(value):,}" if commas else str(round(value))
    return f"{value:,.{decimals}f}" if commas else f"{value:.{decimals}f}"


_TOTAL_CUE = re.compile(r"(?:รวม(?:ทั้งสิ้น|ทั้งหมด|เป็น(?:เงิน)?|เงิน)?|ทั้งสิ้น)[ ]?$")
_PARTS_CUE = re.compile(r"^[ ]?(?:แบ่งเป็น|แบ่งออกเป็น|แยกเป็น|ประกอบด้วย|ได้แก่|ดังนี้|:)")
_MAX_GAP = 40  # characters of words between two parts of one list


def _amounts(text: str, unit: str, start: int, end: int) -> list[re.Match[str]]:
    pattern = re.compile(rf"(?P<n>{NUMBER})[ ]?{re.escape(unit)}(?![\u0e01-\u0e2e])")
    return list(pattern.finditer(text, start, end))


def _chain(text: str, amounts: list[re.Match[str]], stop: int) -> list[re.Match[str]]:
    """The run of amounts that ends just before ``stop``, each within ``_MAX_GAP`` of the next."""
    chain: list[re.Match[str]] = []
    edge = stop
    for m in reversed(amounts):
        gap = text[m.end() : edge]
        if (
            len(gap) > _MAX_GAP
            or re.search(r"[0-9\u0e50-\u0e59\n]", gap)
            or _TOTAL_CUE.search(text[max(0, m.start() - 16) : m.start()].rstrip(" "))
        ):
            break
        chain.insert(0, m)
        edge = m.start()
    return chain


def sum_of_parts(slot: Slot, doc: Document) -> list[Candidate]:
    """ "ค่าอาหาร 2 ล้านบาท ค่าที่พัก 3 ล้านบาท รวม _ ล้านบาท": a total after a tight list of parts is their sum."""
    text = doc.text
    line_start, _ = doc.line_bounds(slot.start)
    cue = _TOTAL_CUE.search(text[max(line_start, slot.start - 16) : slot.start].rstrip(" "))
    if cue is None:
        return []
    cue_start = slot.start - len(text[max(line_start, slot.start - 16) : slot.start].rstrip(" ")) + cue.start()
    amounts = _amounts(text, slot.anchor, max(line_start, slot.start - 400), slot.start)
    parts = _chain(text, amounts, cue_start if cue_start > line_start else slot.start)
    if len(parts) < 2:
        return []
    numbers = [m.group("n") for m in parts]
    value = _format_like(sum(_parse_number(n) for n in numbers), numbers)
    return [
        Candidate(
            value=value,
            confidence=CONFIDENCE["sum_of_parts"],
            evidence=f"the {len(parts)} amounts in {slot.anchor} listed just before it "
            f"({' + '.join(numbers)}) add up to {value}",
        )
    ]


def _other_bare_units(text: str, slot: Slot, start: int, end: int) -> bool:
    """Is the slot's unit also without a number elsewhere in ``text[start:end]`` ("ยา _ รายการ … อาหาร _ รายการ")?"""
    bare = re.compile(rf"(?<![0-9\u0e50-\u0e59])[ ]{re.escape(slot.anchor)}(?![\u0e01-\u0e2e])")
    return any(m.end() - len(slot.anchor) != slot.anchor_start for m in bare.finditer(text, start, min(end, len(text))))


def part_of_total(slot: Slot, doc: Document) -> list[Candidate]:
    """ "รวม 5 ล้านบาท แบ่งเป็น A 2 ล้านบาท B _ ล้านบาท": a missing part is the total less the other parts."""
    text = doc.text
    line_start, line_end = doc.line_bounds(slot.start)
    # the slots of one line share its amounts: the line is searched once per unit, not once per slot
    amounts = doc.memo(
        ("amounts", slot.anchor, line_start, line_end), lambda: _amounts(text, slot.anchor, line_start, line_end)
    )
    totals = [
        m
        for m in amounts
        if _TOTAL_CUE.search(text[max(0, m.start() - 16) : m.start()].rstrip(" "))
        and m.end() < slot.start
        and _PARTS_CUE.search(text[m.end() : m.end() + 16])
    ]
    if not totals:
        return []
    total = totals[-1]
    parts = [m for m in amounts if total.end() < m.start() and m.start() - slot.start < 300]
    between = text[total.end() : slot.start]
    if not parts or re.search(r"\n", between) or len(between) > 300:
        return []
    if _other_bare_units(text, slot, total.end(), max(m.end() for m in parts + [total]) + 60):
        return []  # two parts lost: the remainder is their sum, not this one's value
    numbers = [m.group("n") for m in parts]
    rest = _parse_number(total.group("n")) - sum(_parse_number(n) for n in numbers)
    if rest <= 0:
        return []
    value = _format_like(rest, numbers + [total.group("n")])
    return [
        Candidate(
            value=value,
            confidence=CONFIDENCE["part_of_total"],
            evidence=f"the total {total.group('n')} {slot.anchor} less the parts listed after it "
            f"({', '.join(numbers)}) leaves {value}",
        )
    ]
