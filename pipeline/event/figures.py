"""Figures: money, percentages and counts with what they count, from `corpora/glossary/units.tsv`.

"ร้อยละ 26" → 26%, "5 ล้านบาท" → 5 million baht, "120 คน" → 120 people. Numbers inside dates, times and
ordinals (ครั้งที่ 3) are not figures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.event.context import ReleaseView
from pipeline.normalize import arabic_digits
from pipeline.record import Figure
from pipeline.resources import corpus_file, read_tsv

NUMBER = r"[0-9๐-๙]+(?:,[0-9๐-๙]{3})*(?:\.[0-9๐-๙]+)?"
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


@dataclass(frozen=True)
class Unit:
    thai: str
    english: str
    kind: str  # money | money_usd | percent | count | measure
    factor: float


@functools.cache
def default_units() -> tuple[Unit, ...]:
    rows = read_tsv(corpus_file("glossary", "units.tsv"))
    units = [Unit(r["thai"], r["english"], r["kind"], float(r["factor"])) for r in rows]
    return tuple(sorted(units, key=lambda u: len(u.thai), reverse=True))


@functools.cache
def _pattern(units: tuple[Unit, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(u.thai) for u in units)
    return re.compile(
        rf"(?P<pct_word>ร้อยละ)\s*(?P<pct>{NUMBER})(?:\s*(?:%|เปอร์เซ็นต์))?"
        rf"|(?<![0-9A-Za-z.,/-])(?P<num>{NUMBER})\s*(?P<unit>{words})"
    )


def number_value(text: str) -> float:
    return float(arabic_digits(text).replace(",", ""))


def arabic(text: str) -> str:
    return arabic_digits(text)


def _plain(value: float) -> str:
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def english_figure(number_text: str, unit: Unit) -> tuple[float, str]:
    """(value, English) for a number written before a unit."""
    n = number_value(number_text)
    shown = arabic(number_text)
    if unit.kind == "percent":
        return n, f"{shown}%"
    if unit.kind.startswith("money"):
        value = n * unit.factor
        if unit.factor == 1:
            return value, f"{shown} {unit.english}"
        for scale, word in _SCALES:
            if value >= scale:
                return value, f"{_plain(value / scale)} {word} {unit.english}"
        return value, f"{_plain(value)} {unit.english}"
    return n, unit.english.format(n=shown)


def find_figures(view: ReleaseView, units: tuple[Unit, ...] | None = None) -> list[Figure]:
    """Every figure in the body, in text order."""
    units = units or default_units()
    by_word = {u.thai: u for u in units}
    percent = next(u for u in units if u.kind == "percent")
    blocked = [(d.start, d.end) for d in view.record.dates]
    body_start = view.body[0].start if view.body else 0
    figures = []
    for m in _pattern(units).finditer(view.text, body_start):
        number = m.group("pct") or m.group("num")
        n_start = m.start("pct") if m.group("pct") else m.start("num")
        if any(a <= n_start < b for a, b in blocked) or view.text[max(0, n_start - 3) : n_start].rstrip().endswith("ที่"):
            continue
        unit = percent if m.group("pct") else by_word[m.group("unit")]
        value, english = english_figure(number, unit)
        figures.append(Figure(
            start=m.start(),
            end=m.end(),
            text=m.group(),
            value=value,
            unit=unit.kind if unit.kind in ("percent", "count", "measure") else unit.english,
            counts=unit.thai if unit.kind in ("count", "measure") else None,
            english=english,
            needs_review=bool(view.repairs_over(m.start(), m.end())),
        ))
    return figures
