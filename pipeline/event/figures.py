"""Figures: money, percentages and counts with what they count, from `corpora/glossary/units.tsv`.

"ร้อยละ 26" → 26%, "5 ล้านบาท" → 5 million baht, "120 คน" → 120 people. Numbers inside dates, times and
ordinals (ครั้งที่ 3) are not figures.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.dates import matches_at
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
    rows = read_tsv(corpus_file("glossary", "units.tsv")) + read_tsv(corpus_file("glossary", "classifiers.tsv"))
    units = [Unit(r["thai"], r["english"], r["kind"], float(r["factor"])) for r in rows]
    return tuple(sorted(units + _scaled(units), key=lambda u: len(u.thai), reverse=True))


def _scaled(units: list[Unit]) -> list[Unit]:
    """A Thai multiplier before a classifier (``corpora/twin/thai_scales.tsv``): "5 แสนคน" is 500,000 people,
    "1.2 ล้านครัวเรือน" 1.2 million households; units the glossary already lists keep their own row."""
    known = {u.thai for u in units}
    scales = [(r["thai"], float(r["factor"])) for r in read_tsv(corpus_file("twin", "thai_scales.tsv"))]
    return [
        Unit(word + u.thai, u.english, u.kind, factor)
        for u in units
        if u.kind in ("count", "measure") and u.factor == 1 and u.english.startswith("{n} ")
        for word, factor in scales
        if word + u.thai not in known and factor <= 1e6
    ]


@functools.cache
def _pattern(units: tuple[Unit, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(u.thai) for u in units)
    return re.compile(
        rf"(?P<pct_word>ร้อยละ)\s*(?P<pct>-?{NUMBER})(?:\s*(?:%|เปอร์เซ็นต์))?"
        # a second percentage in the same phrase: "ขยายตัวร้อยละ 3.2 และ 7.0" (not "ร้อยละ 5 และ 120 คน")
        rf"(?:\s*(?:และ|,)\s*(?P<pct2>-?{NUMBER})(?![0-9๐-๙.,]|\s*(?:{words}|ร้อยละ)))?"
        rf"|(?<![0-9๐-๙A-Za-z.,/-])(?:(?P<low>{NUMBER}) ?[-–] ?)?(?P<num>{NUMBER})\s*(?P<unit>{words})"
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
        written = next((word for scale, word in _SCALES if unit.factor == scale), None)
        if written is not None:  # "1,200 ล้านบาท" is "1,200 million baht", as the Thai and its English twin write it
            return value, f"{shown} {written} {unit.english}"
        for scale, word in _SCALES:
            if value >= scale:
                return value, f"{_plain(value / scale)} {word} {unit.english}"
        return value, f"{_plain(value)} {unit.english}"
    if unit.factor != 1:  # a multiplier before the classifier: "1.2 ล้านคน", "5 แสนคน" (500,000 people)
        value = n * unit.factor
        written = next((word for scale, word in _SCALES if unit.factor == scale), None)
        return value, unit.english.format(n=f"{shown} {written}" if written else _plain(value))
    english = unit.english.format(n=shown)
    if n == 1 and re.fullmatch(r"1 [a-z]+s", english) and not english.endswith("ss"):
        english = english[:-1]  # "1 year", "1 case", not "1 years"
    return n, english


class _Intervals:
    """Half-open intervals, merged and sorted once: ``offset in intervals`` by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if self.ends and a <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


_DIGIT_RUN = re.compile(r"[0-9๐-๙]+")


def _figure_starts(text: str, start: int) -> list[int]:
    """Where a match of `_pattern` can start at or after ``start``: at ร้อยละ, or at the first digit of a run (the
    second branch's look-behind allows no digit before the number). `matches_at` tries the pattern only
    there, which gives what finditer gives without trying it at every character."""
    starts = [m.start() for m in _DIGIT_RUN.finditer(text, start)]
    q = text.find("ร้อยละ", start)
    while q >= 0:
        starts.append(q)
        q = text.find("ร้อยละ", q + 1)
    return sorted(starts)


_TABLES: dict[int, tuple[tuple[Unit, ...], dict[str, Unit], Unit, re.Pattern[str]]] = {}


def _unit_tables(units: tuple[Unit, ...]) -> tuple[dict[str, Unit], Unit, re.Pattern[str]]:
    """(unit by its Thai word, the percent unit, `_pattern(units)`) for a tuple of units, made once per tuple
    object: hashing the 434 default units to look `_pattern` up cost as much as finding a release's figures."""
    cached = _TABLES.get(id(units))
    if cached is None or cached[0] is not units:
        if len(_TABLES) > 16:
            _TABLES.clear()
        by_word = {u.thai: u for u in units}
        percent = next(u for u in units if u.kind == "percent")
        cached = _TABLES[id(units)] = (units, by_word, percent, _pattern(units))
    return cached[1], cached[2], cached[3]


def find_figures(view: ReleaseView, units: tuple[Unit, ...] | None = None) -> list[Figure]:
    """Every figure in the body, in text order."""
    units = units or default_units()
    by_word, percent, pattern = _unit_tables(units)
    blocked = _Intervals((d.start, d.end) for d in view.record.dates)
    body_start = view.body[0].start if view.body else 0
    figures = []
    for m in matches_at(pattern, view.text, _figure_starts(view.text, body_start)):
        number = m.group("pct") or m.group("num")
        n_start = m.start("pct") if m.group("pct") else m.start("num")
        if n_start in blocked or view.text[max(0, n_start - 3) : n_start].rstrip().endswith("ที่"):
            continue
        unit = percent if m.group("pct") else by_word[m.group("unit")]
        value, english = english_figure(number, unit)
        second = m.group("pct2")
        if m.group("low") and not m.group("pct"):  # a range, "50,000 – 100,000 คน": 50,000–100,000 people
            english = english.replace(arabic(number), f"{arabic(m.group('low'))}–{arabic(number)}", 1)
        end = m.end("pct") if second else m.end()
        figures.append(
            Figure(
                start=m.start(),
                end=end,
                text=view.text[m.start() : end],
                value=value,
                unit=unit.kind if unit.kind in ("percent", "count", "measure") else unit.english,
                counts=unit.thai if unit.kind in ("count", "measure") else None,
                english=english,
                needs_review=bool(view.repairs_over(m.start(), end)),
            )
        )
        if second:
            value, english = english_figure(second, percent)
            figures.append(
                Figure(
                    start=m.start("pct2"),
                    end=m.end("pct2"),
                    text=second,
                    value=value,
                    unit="percent",
                    english=english,
                    needs_review=bool(view.repairs_over(m.start("pct2"), m.end("pct2"))),
                )
            )
    return with_changes([with_measure(view.text, f) for f in figures], view.text)


def with_measure(text: str, figure: Figure) -> Figure:
    """The figure with what it measures, when the Thai words before it are in the learned phrase table
    (``corpora/twin/figure_phrases.tsv``: มูลค่าการส่งออก -> export value); marked as from the table."""
    from pipeline.twin.phrases import figure_phrases, thai_phrase_before, thai_run_before

    table = figure_phrases()
    # the phrase ends as the run before the figure ends: no key ends that run, no key ends the phrase, and the
    # run need not be tokenised
    run = thai_run_before(text, figure.start)
    if not run or _longest_key_ending(run, table, _longest_key(table)) is None:
        return figure
    phrase = thai_phrase_before(text, figure.start)
    if not phrase:
        return figure
    key = _longest_key_ending(phrase, table)
    if key is not None:
        return figure.model_copy(
            update={"measure": table[key][0], "measure_thai": key, "measure_source": "phrase_table"}
        )
    return figure


def _longest_key_ending(phrase: str, table: Mapping[str, object], longest: int | None = None) -> str | None:
    """The longest key of ``table`` that ``phrase`` ends with (``None`` if none): its suffixes looked up, longest
    first, rather than every key of the table tried (``longest``: no key is longer, when known)."""
    start = 0 if longest is None else max(0, len(phrase) - longest)
    for cut in range(start, len(phrase) + 1):
        if phrase[cut:] in table:
            return phrase[cut:]
    return None


_LONGEST: dict[int, tuple[Mapping[str, object], int]] = {}


def _longest_key(table: Mapping[str, object]) -> int:
    """The length of the longest key of ``table``, found once per table object."""
    cached = _LONGEST.get(id(table))
    if cached is None or cached[0] is not table:
        if len(_LONGEST) > 16:
            _LONGEST.clear()
        cached = _LONGEST[id(table)] = (table, max(map(len, table), default=0))
    return cached[1]


@functools.cache
def _change_words() -> tuple[tuple[str, str], ...]:
    rows = read_tsv(corpus_file("twin", "change_words.tsv"))
    return tuple(sorted(((r["thai"], r["sign"]) for r in rows), key=lambda x: -len(x[0])))


@functools.cache
def time_units() -> frozenset[str]:
    """Classifiers of time and repetition (``corpora/glossary/minor_units.txt``): a percentage never changes them."""
    lines = corpus_file("glossary", "minor_units.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def with_changes(figures: list[Figure], text: str) -> list[Figure]:
    """A percentage right after a money or count figure, after a word of change ("เพิ่มขึ้นร้อยละ 5.2"), becomes
    that figure's ``change`` ("+5.2%") and is not listed again."""
    out: list[Figure] = []
    absorbed = set()
    for i, figure in enumerate(figures):
        if i in absorbed:
            continue
        nxt = figures[i + 1] if i + 1 < len(figures) else None
        if (
            figure.unit != "percent"
            and figure.counts not in time_units()  # "14 วัน การส่งออกขยายตัวร้อยละ 3.2": not a change of the days
            and nxt is not None
            and nxt.unit == "percent"
            and 0 <= nxt.start - figure.end <= 30
        ):
            between = text[figure.end : nxt.start]
            sign = next((sg for word, sg in _change_words() if word in between), None)
            if sign is not None and "\n" not in between:
                figure = figure.model_copy(update={"change": f"{'+' if sign == '+' else '−'}{nxt.english}"})
                absorbed.add(i + 1)
        out.append(figure)
    return out
