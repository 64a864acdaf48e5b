"""Show repairs: the text with proposals applied, and a Markdown view for reviewers."""

from __future__ import annotations

from pipeline.record import Repair

__all__ = ["apply_repairs", "render_markdown"]


def apply_repairs(text: str, repairs: list[Repair]) -> str:
    """``text`` with every repair that has a replacement applied; nothing else changes.

    >>> from pipeline.record import Repair
    >>> apply_repairs("ทั้งหมด รอบ", [Repair(start=8, end=8, template="t", replacement="4 ")])
    'ทั้งหมด 4 รอบ'
    """
    out, pos = [], 0
    for repair in sorted(repairs, key=lambda r: (r.start, r.end)):
        if repair.replacement is None:
            continue
        if repair.start < pos or repair.end > len(text) or repair.start > repair.end:
            raise ValueError(f"repair at {repair.start}-{repair.end} overlaps another or leaves the text")
        out.append(text[pos : repair.start])
        out.append(repair.replacement)
        pos = repair.end
    out.append(text[pos:])
    return "".join(out)


def render_markdown(text: str, repairs: list[Repair]) -> str:
    """The text with each repair marked ⟦value⟧ (⟦?⟧ when no value is proposed) and a numbered footnote
    giving the template and the evidence.

    >>> from pipeline.record import Repair
    >>> print(render_markdown("ครั้งที่ ในรอบปี", [Repair(start=9, end=9, template="ordinal.marker", evidence="e.")]))
    ครั้งที่ ⟦?⟧[^1]ในรอบปี
    <BLANKLINE>
    [^1]: `ordinal.marker`: e.
    """
    body, notes, pos = [], [], 0
    for number, repair in enumerate(sorted(repairs, key=lambda r: (r.start, r.end)), start=1):
        body.append(text[pos : repair.start])
        value = repair.replacement.strip() if repair.replacement is not None else "?"
        body.append(f"⟦{value or repair.replacement}⟧[^{number}]")
        pos = max(pos, repair.end)
        replaced = f" (replaces “{text[repair.start : repair.end]}”)" if repair.end > repair.start else ""
        notes.append(f"[^{number}]: `{repair.template}`{replaced}: {repair.evidence}")
    body.append(text[pos:])
    if not notes:
        return "".join(body)
    return "".join(body) + "\n\n" + "\n".join(notes)
