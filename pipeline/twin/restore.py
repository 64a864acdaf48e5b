"""Restore lost numerals from the English twin of a release.

The numeral stage finds the slots (``pipeline.numerals``); for each slot this module lists what the English
states that fits it (a count at the Thai scale: "1.2 million" for "_ ล้านบาท" is 1.2; a percentage for ร้อยละ; an
ordinal for ครั้งที่; the day of a date in the same month and year), drops the values the Thai text already
states intact, and places the rest by what the two releases share: the unit after the number ("คน" and
"people", from ``corpora/glossary/units.tsv`` and the learned ``corpora/twin/unit_pairs.tsv``) and the numbers
both releases state once, which cut the English into stretches that line up with the Thai ones. A value that
alone remains is proposed, converted to the form the Thai sentence needs, with the English sentence as
evidence; several that remain are candidates only. The Thai text's own proposal and the twin's are combined:
the same value raises the confidence, different values are both shown and none is proposed. Every repair
stays ``needs_review``.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.dates import DateMatch, month_abbreviation, month_abbreviation_completions
from pipeline.normalize import arabic_digits
from pipeline.numerals.detectors import find_slots
from pipeline.numerals.document import Document, Slot
from pipeline.numerals.proposals import keep_first_non_overlapping, repair_for
from pipeline.numerals.strategies.dates import _date_value, _known_date_parts
from pipeline.numerals.templates import Templates, load_templates
from pipeline.record import Candidate, Repair, TwinEvidence
from pipeline.resources import corpus_file, read_tsv
from pipeline.twin.english import EnglishFigure, EnglishTwin, ranks

__all__ = ["TwinPlacement", "detect_repairs_with_twin", "shared_evidence", "thai_scale_after", "MIN_SHARED"]

MIN_SHARED = 2  # fewer numbers and dates in common than this: the English is not this release's twin
_THAI_NUMBER = re.compile(r"(?<![0-9.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![0-9.,])\d+(?:\.\d+)?")


@dataclass(frozen=True)
class TwinPlacement:
    """What the twin says for one slot: the value in the Thai form, the figure it came from, and whether the
    alignment placed it (one value left) or only lists it (``placed`` False)."""

    value: str
    figure: EnglishFigure
    confidence: float
    placed: bool
    reason: str
    index: int = -1  # of the figure in the twin's list


@functools.cache
def _thai_scales() -> tuple[tuple[str, float], ...]:
    rows = read_tsv(corpus_file("twin", "thai_scales.tsv"))
    return tuple(sorted(((r["thai"], float(r["factor"])) for r in rows), key=lambda x: -len(x[0])))


def thai_scale_after(text: str, at: int) -> tuple[float, str]:
    """(multiplier, the words after it) of a Thai number ending at ``at``: "1.2 ล้านบาท" -> (1e6, "บาท")."""
    rest = text[at : at + 40].lstrip(" ")
    for word, factor in _thai_scales():
        if rest.startswith(word):
            return factor, rest[len(word) :]
    return 1.0, rest


@functools.cache
def _unit_words() -> dict[str, frozenset[str]]:
    """Thai unit -> English words that name it, from the units glossary and the learned unit pairs."""
    table: dict[str, set[str]] = {}
    for row in read_tsv(corpus_file("glossary", "units.tsv")):
        words = re.sub(r"\{n\}|million|billion|%", " ", row["english"]).split()
        if words:
            table.setdefault(row["thai"], set()).add(_stem(words[-1]))
    path = corpus_file("twin", "unit_pairs.tsv")
    if path.exists():
        for row in read_tsv(path):
            table.setdefault(row["thai"], set()).add(_stem(row["english"]))
    return {k: frozenset(v) for k, v in table.items()}


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _thai_unit(rest: str) -> str:
    """The unit word of a Thai count (the longest entry of the unit table that starts ``rest``)."""
    best = ""
    for unit in _unit_words():
        if rest.startswith(unit) and len(unit) > len(best):
            best = unit
    return best


def _plain(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- the Thai side


@functools.cache
def _not_ordinal() -> tuple[str, ...]:
    lines = corpus_file("twin", "not_ordinal_before.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class _ThaiNumber:
    start: int
    value: float  # at full scale
    kind: str = "number"  # number | percent | ordinal | date


def _thai_numbers(text: str, dates: list[DateMatch] | None = None) -> list[_ThaiNumber]:
    """The numbers the Thai text states intact, each with the kind of figure an English twin would make of
    it: a date's day or year, a percentage, an ordinal (after ที่), or a number (at its scale)."""
    digits = arabic_digits(text)
    spans = [(d.start, d.end) for d in dates or []]
    out = []
    for m in _THAI_NUMBER.finditer(digits):
        raw = m.group().replace(",", "")
        value = float(raw)
        before = digits[max(0, m.start() - 8) : m.start()].rstrip(" ")
        if any(a <= m.start() < b for a, b in spans):
            kind = "date"
        elif before.endswith("ร้อยละ") or digits[m.end() : m.end() + 2].lstrip(" ").startswith("%"):
            kind = "percent"
        elif before.endswith("ที่") and not before.endswith(_not_ordinal()):
            kind = "ordinal"
        else:
            kind = "number"
        factor, _rest = thai_scale_after(digits, m.end()) if kind == "number" else (1.0, "")
        out.append(_ThaiNumber(m.start(), value * factor, kind))
        if factor != 1.0:
            out.append(_ThaiNumber(m.start(), value, kind))  # "1.2 ล้าน" is also 1.2 as written
    return out


def _key(value: float) -> float:
    return round(value, 4)


def _consumed(twin: EnglishTwin, thai: list[_ThaiNumber], dates: list[DateMatch]) -> set[int]:
    """Indexes of English figures whose value the Thai text already states intact (as often as the English)."""
    th = Counter((n.kind, _key(n.value)) for n in thai)
    seen: Counter[tuple[str, Any]] = Counter()
    used = set()
    for i, f in enumerate(twin.figures):
        if f.kind == "date":
            continue  # a release repeats its dates: an English date the Thai also states intact may be the lost one
        elif f.kind in ("number", "percent", "ordinal"):
            kind = "ordinal" if ranks(f) else f.kind
            key = (kind, _key(f.value))
            seen[key] += 1
            stated = th[key] + (th[("number", _key(f.value))] if kind == "ordinal" else 0)
            if seen[key] <= stated:
                used.add(i)
    return used


def _anchors(text: str, twin: EnglishTwin, thai: list[_ThaiNumber]) -> list[tuple[int, int]]:
    """(Thai offset, English offset) of values and Latin names stated exactly once on each side, in an order
    both keep."""
    th = Counter(_key(n.value) for n in thai)
    en = Counter(_key(f.value) for f in twin.figures if f.kind in ("number", "percent"))
    th_at = {_key(n.value): n.start for n in thai if th[_key(n.value)] == 1 and n.kind != "date"}
    pairs = sorted(
        (th_at[_key(f.value)], f.start)
        for f in twin.figures
        if f.kind in ("number", "percent") and en[_key(f.value)] == 1 and _key(f.value) in th_at and f.value >= 10
    )
    th_names, en_names = _latin_names(text), _latin_names(twin.text)
    for name in th_names:
        if th_names[name] == 1 and en_names.get(name) == 1:
            pairs.append((text.index(name), twin.text.index(name)))
    return _increasing(sorted(pairs))


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs whose English offsets increase with the Thai ones."""
    tails: list[int] = []
    index: list[int] = []
    parent = [-1] * len(pairs)
    for i, (_t, e) in enumerate(pairs):
        k = bisect.bisect_left(tails, e)
        if k == len(tails):
            tails.append(e)
            index.append(i)
        else:
            tails[k], index[k] = e, i
        parent[i] = index[k - 1] if k else -1
    out, i = [], index[-1] if index else -1
    while i >= 0:
        out.append(pairs[i])
        i = parent[i]
    return out[::-1]


def _interpolate(anchors: list[tuple[int, int]], at: int, thai_length: int, english_length: int) -> float:
    """Where in the English a Thai offset should fall, by the shared anchors on either side of it."""
    points = [(0, 0), *anchors, (thai_length, english_length)]
    for (t1, e1), (t2, e2) in itertools.pairwise(points):
        if t1 <= at <= t2:
            return e1 + (at - t1) / max(1, t2 - t1) * (e2 - e1)
    return at * english_length / max(1, thai_length)


def _window(anchors: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The stretch of English between the anchors around a Thai offset; None without anchors."""
    if not anchors:
        return None
    lo, hi = 0, 10**9
    for t, e in anchors:
        if t < at:
            lo = e
        elif t > at:
            hi = e
            break
    return lo, hi


# --------------------------------------------------------------------------- what fits a slot


def _fits(slot: Slot, doc: Document, figure: EnglishFigure, one_date: bool = False) -> str | None:
    """The value of ``figure`` in the form the slot needs, or None when it does not fit the slot
    (``one_date``: the English gives one date only, which then fits a date the Thai lost entirely)."""
    kind = slot.template.kind
    if kind == "count" and figure.kind == "number":
        factor, _rest = thai_scale_after(doc.text, slot.end)
        value = figure.value / factor
        if value < 0.01 or abs(value * 1000 - round(value * 1000)) > 1e-6:
            return None
        written = re.search(r"\d[\d,]*(?:\.\d+)?", figure.text)
        if written and "." in written.group() and written.group().rstrip("0").rstrip(".") == _plain(value):
            return written.group()  # "206,618.0 million" for "_ ล้านบาท": the decimals as both releases write them
        return _plain(value)
    if kind == "percent" and figure.kind == "percent":
        return _plain(figure.value)
    if kind == "ordinal" and ranks(figure):
        return _plain(figure.value) if figure.value == int(figure.value) and figure.value < 1000 else None
    if kind == "date" and figure.kind == "date" and figure.date is not None:
        year, month = _known_date_parts(slot, doc)
        f_year, f_month, f_day = figure.date
        if month is not None and f_month != month:
            return None
        if year is not None and f_year is not None and f_year != year:
            return None
        if month is None and year is None and not one_date:
            return None  # nothing of the date is left: only an English that gives one date places it
        if month is None and year is not None and f_year is None:
            return None
        return _date_value(f_day, f_month, slot)
    if kind == "month" and figure.kind == "date" and figure.date is not None:
        months = month_abbreviation_completions(slot.anchor)
        day = re.search(r"(\d{1,2})[ ]?$", arabic_digits(doc.text[max(0, slot.start - 4) : slot.start]))
        if figure.date[1] in months and (day is None or int(day.group(1)) == figure.date[2]):
            return month_abbreviation(figure.date[1])
    return None


def _unit_matches(slot: Slot, doc: Document, figure: EnglishFigure) -> bool | None:
    """True when the English names the slot's unit, False when it names another known unit, else None."""
    if slot.template.kind != "count":
        return None
    _factor, rest = thai_scale_after(doc.text, slot.end)
    unit = _thai_unit(rest)
    if not unit:
        return None
    word = _stem(figure.after[0] if figure.after else figure.unit)  # a currency before it comes first
    if word in _unit_words()[unit]:
        return True
    return False if word in _all_unit_words() else None


def _names_other_thing(thai_words: list[str], figure: EnglishFigure) -> bool:
    """Do the learned word pairs say the English figure names something else: the Thai words before the slot
    have English partners, the figure's words have Thai partners, and no pair joins the two (หายป่วย ... and
    "37,968 active cases")?"""
    from pipeline.twin.phrases import english_words_around, noun_pairs

    table = noun_pairs()
    if not table or not thai_words or figure.kind not in ("number", "percent", "ordinal"):
        return False
    english = english_words_around(figure)
    thai_known = {t for t, _e in table} & set(thai_words)
    english_known = {e for _t, e in table} & set(english)
    return bool(thai_known and english_known) and not any((t, e) in table for t in thai_words for e in english)


def _same_scale(slot: Slot, doc: Document, figure: EnglishFigure) -> bool:
    """Do both releases write the number at the same scale word ("_ ล้านคน" and "9.09 million")?"""
    if slot.template.kind != "count":
        return False
    factor, _rest = thai_scale_after(doc.text, slot.end)
    written = re.search(r"\d[\d,]*(?:\.\d+)?", figure.text)
    if factor == 1.0 or written is None or float(written.group().replace(",", "")) == 0:
        return False
    return abs(figure.value / float(written.group().replace(",", "")) - factor) < 1e-6 * factor


def _unit_named(slot: Slot, doc: Document, figure: EnglishFigure) -> bool:
    """Does the English name the slot's unit among the words after the figure ("37,968 active cases" for
    ราย)? A weaker sign than `_unit_matches`: it confirms a value, it does not choose between values."""
    if slot.template.kind != "count" or not figure.after:
        return False
    _factor, rest = thai_scale_after(doc.text, slot.end)
    unit = _thai_unit(rest)
    return bool(unit) and any(_stem(w) in _unit_words()[unit] for w in figure.after)


@functools.cache
def _all_unit_words() -> frozenset[str]:
    return frozenset(w for words in _unit_words().values() for w in words)


def _names_same_thing(thai_words: list[str], figure: EnglishFigure) -> bool:
    """Do the Thai words before a slot and the English words around the figure name the same thing, by the
    learned word pairs (``corpora/twin/noun_pairs.tsv``: กลับบ้าน ... ราย and "recoveries")?"""
    from pipeline.twin.phrases import english_words_around, noun_pairs

    table = noun_pairs()
    if not table or not thai_words or figure.kind not in ("number", "percent", "ordinal"):
        return False
    return any((t, e) in table for t in thai_words for e in english_words_around(figure))


_NEEDS_SUPPORT = ("count", "percent", "ordinal")  # kinds placed only with a unit, shared context or anchors
_NEAR = 250  # characters around a slot or an English figure whose shared numbers and names place it


def _thai_context(doc: Document, at: int, thai: list[_ThaiNumber]) -> set[tuple[Any, ...]]:
    """Numbers, dates and Latin names stated intact near a Thai offset (in its paragraph)."""
    lo, hi = doc.line_bounds(at)
    lo, hi = max(lo, at - _NEAR), min(hi, at + _NEAR)
    out: set[tuple[Any, ...]] = {
        ("n", _key(n.value)) for n in thai if lo <= n.start < hi and n.value >= 2 and not 2400 <= n.value <= 2600
    }
    out |= {
        ("d", d.value.month, d.value.day) for d in doc.dates if lo <= d.start < hi and d.value.day and d.value.month
    }
    out |= {("w", m.group()) for m in _LATIN_NAME.finditer(doc.text, lo, hi)}
    return out


def _english_context(twin: EnglishTwin, figure: EnglishFigure) -> set[tuple[Any, ...]]:
    text = twin.text
    lo = max(text.rfind("\n", 0, figure.start) + 1, figure.start - _NEAR)
    hi = text.find("\n", figure.end)
    hi = min(len(text) if hi < 0 else hi, figure.end + _NEAR)
    out: set[tuple[Any, ...]] = set()
    for f in twin.figures:
        if lo <= f.start < hi and f is not figure:
            if f.kind == "date" and f.date is not None:
                out.add(("d", f.date[1], f.date[2]))
            elif f.kind in ("number", "percent") and f.value >= 2:
                out.add(("n", _key(f.value)))
    out |= {("w", m.group()) for m in _LATIN_NAME.finditer(text, lo, hi)}
    return out


def place(
    slot: Slot,
    doc: Document,
    twin: EnglishTwin,
    consumed: set[int],
    anchors: list[tuple[int, int]],
    thai: list[_ThaiNumber] | None = None,
) -> list[TwinPlacement]:
    """The twin's values for one slot: one placed value, or the candidates that remain (not placed)."""
    one_date = len({f.date[1:] for f in twin.figures if f.kind == "date" and f.date is not None}) == 1
    fitting = [
        (i, f, v)
        for i, f in enumerate(twin.figures)
        if i not in consumed
        and (v := _fits(slot, doc, f, one_date)) is not None
        and _unit_matches(slot, doc, f) is not False
    ]
    if not fitting:
        return []
    reasons = []
    local = {}
    if thai is not None:
        around = _thai_context(doc, slot.start, thai)
        local = {x[0]: len(around & _english_context(twin, x[1])) for x in fitting}
    window = _window(anchors, slot.start)
    if len({v for _i, _f, v in fitting}) > 1:
        unit = [x for x in fitting if _unit_matches(slot, doc, x[1])]
        if unit and len(unit) < len(fitting):
            fitting = unit
            reasons.append("the English names the same unit")
    from pipeline.twin.phrases import thai_words_before

    thai_words = thai_words_before(doc.text, slot.start) if slot.template.kind in _NEEDS_SUPPORT else []
    named = {x[0] for x in fitting if _names_same_thing(thai_words, x[1])}
    if len({v for _i, _f, v in fitting}) > 1 and local:
        top = max(local[x[0]] for x in fitting)
        near = [x for x in fitting if local[x[0]] == top]
        if top > 0 and len(near) < len(fitting):
            fitting = near
            reasons.append(f"its English sentence shares {top} number(s), date(s) or name(s) with the Thai one")
    if len({v for _i, _f, v in fitting}) > 1 and window is not None:
        inside = [x for x in fitting if window[0] <= x[1].start <= window[1]]
        if inside and len(inside) < len(fitting):
            fitting = inside
            reasons.append("it lies between the same shared numbers in both releases")
    if len({v for _i, _f, v in fitting}) > 1 and (anchors or slot.template.kind in ("date", "month")):
        estimate = _interpolate(anchors, slot.start, len(doc.text), len(twin.text))
        by_distance = sorted(fitting, key=lambda x: abs(x[1].start - estimate))
        first = abs(by_distance[0][1].start - estimate)
        second = next((abs(x[1].start - estimate) for x in by_distance if x[2] != by_distance[0][2]), None)
        if second is not None and first < 0.35 * second:
            fitting = [by_distance[0]]
            reasons.append("it stands where the numbers both releases share put the lost one")
    if len({v for _i, _f, v in fitting}) > 1 and named:
        kept = [x for x in fitting if x[0] in named]
        if kept and len({v for _i, _f, v in kept}) == 1:
            fitting = kept
            reasons.append("the words around it name what the Thai words before the lost number name")
    values = {v for _i, _f, v in fitting}
    if len(values) == 1:
        index, figure, value = fitting[0]
        score = (
            0.15 * bool(_unit_matches(slot, doc, figure))
            + 0.1 * (index in named)
            + 0.05 * _unit_named(slot, doc, figure)
            + 0.05 * _same_scale(slot, doc, figure)
            - 0.1 * _names_other_thing(thai_words, figure)
            + min(0.2, 0.05 * local.get(index, 0))
            + (0.05 if window is not None and window[0] <= figure.start <= window[1] else 0.0)
        )
        confidence = round(min(0.9, 0.55 + score), 3)
        why = "; ".join(reasons) or "it is the only value of this kind the English states that the Thai text does not"
        if slot.template.kind in _NEEDS_SUPPORT and score <= 0:
            # nothing but elimination points here: a number the English states may be another one entirely
            return [
                TwinPlacement(value, figure, 0.45, False, why + ", but nothing around it confirms the place", index)
            ]
        return [TwinPlacement(value, figure, confidence, True, why, index)]
    out, seen = [], set()
    for _i, figure, value in fitting:
        if value not in seen:
            seen.add(value)
            out.append(
                TwinPlacement(
                    value,
                    figure,
                    round(0.4 / len(values), 3),
                    False,
                    f"one of {len(values)} values of this kind the English states",
                )
            )
    return out


# --------------------------------------------------------------------------- combining with the Thai text


_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{2,}(?![A-Za-z])")


def _latin_names(text: str) -> Counter[str]:
    """Latin words with a capital that a Thai release writes as they are (SMEA, APEC, Forum)."""
    return Counter(m.group() for m in _LATIN_NAME.finditer(text))


def shared_evidence(text: str, dates: list[DateMatch], twin: EnglishTwin) -> int:
    """How many numbers (10 or more, not years) and complete dates the Thai text and the English both state;
    names count too, at most two: Latin names written in both (SMEA, APEC; each two as one) and agencies and
    places the Thai names in Thai and the English by their official English name."""
    thai = {
        _key(n.value)
        for n in _thai_numbers(text)
        if n.value >= 10 and not 1900 <= n.value <= 2100 and not 2400 <= n.value <= 2600
    }
    en = {_key(f.value) for f in twin.figures if f.kind in ("number", "percent")}
    th_dates = {(d.value.month, d.value.day) for d in dates if d.value.day and d.value.month}
    en_dates = {(f.date[1], f.date[2]) for f in twin.figures if f.kind == "date" and f.date is not None}
    names = len(set(_latin_names(text)) & set(_latin_names(twin.text)))
    return len(thai & en) + len(th_dates & en_dates) + min(2, names // 2 + len(shared_agencies(text, twin)))


def shared_agencies(text: str, twin: EnglishTwin) -> set[str]:
    """Gazetteer names (agencies, places) the Thai text writes in Thai and the English in their official English."""
    from pipeline.entities.gazetteer import default_gazetteer

    found = set()
    for surface, entries in default_gazetteer().entries_by_surface.items():
        if len(surface) >= 4 and surface in text:
            found |= {e.id for e in entries if e.english and len(e.english) >= 4 and e.english in twin.text}
    return found


def _backed(option: TwinPlacement, reason: str) -> TwinPlacement:
    """A value the twin only lists, placed at low confidence because the Thai-only evidence backs it."""
    return TwinPlacement(option.value, option.figure, 0.3, True, reason, option.index)


def _combine(slot: Slot, repair: Repair, options: list[TwinPlacement], twin: EnglishTwin) -> Repair:
    if not options:
        return repair
    what = slot.description[0].upper() + slot.description[1:]
    if not options[0].placed and repair.replacement is not None:
        thai_value = _bare(slot, repair.replacement)
        backing = [o for o in options if _digits(o.value) == _digits(thai_value)]
        if backing:
            options = [_backed(backing[0], f"one of {len(options)} values the English states that could belong here")]
    if not options[0].placed and repair.replacement is None and len(repair.candidates) == 1:
        # the text names one value without concluding (the date it gives elsewhere); the twin lists it among its own
        # (when the text lists several, one the twin also lists was as often wrong as right on dev pairs)
        backing = [o for o in options if _digits(o.value) == _digits(repair.candidates[0].value)]
        if len(backing) == 1:
            options = [
                _backed(
                    backing[0],
                    f"the text itself points to it and it is one of {len(options)} values the English states "
                    "that could belong here",
                )
            ]
    if not options[0].placed:
        cands = list(repair.candidates) + [
            Candidate(
                value=o.value,
                confidence=o.confidence,
                evidence=f"the English twin states “{o.figure.text}” ({o.reason}): "
                f"“{twin.sentence(o.figure.start, o.figure.end)}”",
            )
            for o in options
            if o.value not in {c.value for c in repair.candidates}
        ]
        first = options[0]
        note = TwinEvidence(
            value=first.value,
            english=first.figure.text,
            start=first.figure.start,
            end=first.figure.end,
            sentence=twin.sentence(first.figure.start, first.figure.end),
            agreement="candidate",
        )
        values = ", ".join(o.value for o in options)
        evidence = (
            repair.evidence + f" The English twin states {len(options)} values that could belong here "
            f"({values}); none is placed."
        )
        return repair.model_copy(update={"candidates": cands, "evidence": evidence, "twin": note})
    o = options[0]
    sentence = twin.sentence(o.figure.start, o.figure.end)
    said = f"the English twin states “{o.figure.text}” ({o.reason}): “{sentence}”"
    bare_value = _bare(slot, repair.replacement) if repair.replacement is not None else None
    said_by = {
        "value": o.value,
        "english": o.figure.text,
        "start": o.figure.start,
        "end": o.figure.end,
        "sentence": sentence,
    }
    others = [c for c in repair.candidates if c.value != o.value]
    same = [c for c in repair.candidates if c.value == o.value]
    if bare_value is not None and _digits(bare_value) != _digits(o.value):
        cands = list(repair.candidates) + [Candidate(value=o.value, confidence=o.confidence, evidence=said)]
        evidence = (
            f"{what}; the text suggests “{bare_value}” but {said}. The two disagree, so no value is "
            "proposed: a reviewer must decide."
        )
        return repair.model_copy(
            update={
                "replacement": None,
                "candidates": cands,
                "confidence": 0.0,
                "evidence": evidence,
                "twin": TwinEvidence(**said_by, agreement="disagrees"),
            }
        )
    if same:
        confidence = round(min(0.97, 1 - (1 - same[0].confidence) * (1 - o.confidence)), 3)
        merged = Candidate(value=o.value, confidence=confidence, evidence=f"{same[0].evidence}; {said}")
        agreement = "agrees"
        evidence = f"{what}; {same[0].evidence}, and {said}, so “{o.value}” is proposed."
    else:
        confidence = o.confidence
        merged = Candidate(value=o.value, confidence=confidence, evidence=said)
        agreement = "twin_only"
        evidence = f"{what}; {said}, so “{o.value}” is proposed."
    return repair.model_copy(
        update={
            "replacement": slot.replacement(o.value),
            "candidates": [merged, *others],
            "confidence": confidence,
            "evidence": evidence,
            "twin": TwinEvidence(**said_by, agreement=agreement),
        }
    )


def _once_each(
    slots: list[Slot],
    repairs: list[Repair],
    placements: list[list[TwinPlacement]],
    twin: EnglishTwin,
    consumed: set[int],
) -> list[list[TwinPlacement]]:
    """An English value stated k times (and not used by the Thai text) stays placed at k places at most: those
    where it fits best (most confident; a tie at the cut places none); the others list it as a candidate.
    Slots of several templates at one place count as one place; a place where the text itself proposes
    another value ranks lower."""
    stated = Counter(_figure_key(f) for i, f in enumerate(twin.figures) if i not in consumed)
    wanted: dict[tuple[Any, ...], dict[int, float]] = {}
    rank = [
        o[0].confidence
        - (0.2 if r.replacement is not None and _digits(_bare(slot, r.replacement)) != _digits(o[0].value) else 0.0)
        if o and o[0].placed
        else 0.0
        for slot, r, o in zip(slots, repairs, placements)
    ]
    for slot, options, score in zip(slots, placements, rank):
        if options and options[0].placed:
            at = wanted.setdefault(_figure_key(options[0].figure), {})
            at[slot.start] = max(at.get(slot.start, -1.0), score)
    out = []
    for options, score in zip(placements, rank):
        if options and options[0].placed and options[0].figure.kind != "date":  # a release repeats its dates
            o = options[0]
            k = stated[_figure_key(o.figure)]
            scores = sorted(wanted[_figure_key(o.figure)].values(), reverse=True)
            if len(scores) > k and (score < scores[k - 1] or scores[k - 1] == scores[k]):
                options = [
                    TwinPlacement(
                        o.value,
                        o.figure,
                        0.3,
                        False,
                        "the English figure fits another lost number as well or better",
                        o.index,
                    )
                ]
        out.append(options)
    return out


def _in_order(
    slots: list[Slot], placements: list[list[TwinPlacement]], twin: EnglishTwin, consumed: set[int]
) -> list[list[TwinPlacement]]:
    """Slots of one kind that share the same n unplaced English values, n slots for n values each stated as
    often as the others ("ครั้งที่ _ และครั้งที่ _" and "the 38th and 39th"): the values go to the slots in the
    order the English first states them."""
    stated = Counter(_figure_key(f) for i, f in enumerate(twin.figures) if i not in consumed)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, options in enumerate(placements):
        if len(options) >= 2 and not options[0].placed:
            key = (slots[i].template.kind, frozenset(o.value for o in options))
            groups.setdefault(key, []).append(i)
    out = list(placements)
    for (_kind, values), members in groups.items():
        if len(members) != len(values) or len({stated[_figure_key(o.figure)] for o in placements[members[0]]}) != 1:
            continue  # each value stated as often as the others (once, or again in the headline): their order holds
        ordered = sorted(placements[members[0]], key=lambda o: o.figure.start)
        for i, o in zip(sorted(members, key=lambda i: slots[i].start), ordered):
            out[i] = [
                TwinPlacement(
                    o.value,
                    o.figure,
                    0.6,
                    True,
                    f"the English states these {len(values)} values in the order the Thai lost them",
                    o.index,
                )
            ]
    return out


def _figure_key(figure: EnglishFigure) -> tuple[Any, ...]:
    return (figure.kind, figure.date[1:] if figure.date else _key(figure.value))


def _bare(slot: Slot, replacement: str) -> str:
    """The value inside a replacement (without the slot's spaces)."""
    return replacement[len(slot.prefix) : len(replacement) - len(slot.suffix) or None]


def _digits(value: str) -> str:
    return re.sub(r"[,\s]", "", arabic_digits(value))


@dataclass
class TwinContext:
    """Everything the placement of the twin's values reads for one release: the Thai document, the slots the
    text alone keeps and their repairs, the English figures the Thai still states (``consumed``), the shared
    anchors and the Thai numbers."""

    doc: Document
    twin: EnglishTwin
    slots: list[Slot]
    repairs: list[Repair]
    consumed: set[int]
    anchors: list[tuple[int, int]]
    thai: list[_ThaiNumber]


def twin_context(
    text: str,
    twin: EnglishTwin,
    *,
    release_date: datetime.date | None = None,
    templates: Templates | None = None,
    words: list[str] | None = None,
    dates: list[DateMatch] | None = None,
) -> tuple[TwinContext, list[str]]:
    """The slots and repairs of the numeral stage with what the twin shares with the text; and warnings (an
    English with fewer than ``MIN_SHARED`` numbers and dates in common is not used: it proposes nothing)."""
    templates = templates if templates is not None else load_templates()
    doc = Document(text, templates.lexicon, release_date)
    if words is not None:
        doc.use_words(words)
    if dates is not None:
        doc._dates = list(dates)
    found = [(slot, repair_for(slot, doc)) for slot in find_slots(doc, templates)]
    # the text alone decides which slot stands at each place (as without a twin); the twin then weighs in there
    kept = {id(r) for r in keep_first_non_overlapping([r for _s, r in found])}
    slots = [s for s, r in found if id(r) in kept]
    repairs = [r for _s, r in found if id(r) in kept]
    shared = shared_evidence(text, doc.dates, twin)
    if shared < MIN_SHARED:
        warning = (
            f"twin: the English shares {shared} number(s) and date(s) with the Thai text; it does not look "
            "like this release's twin, so nothing is proposed from it"
        )
        return TwinContext(doc, twin, slots, repairs, set(), [], []), [warning]
    thai = _thai_numbers(text, doc.dates)
    consumed = _consumed(twin, thai, doc.dates)
    anchors = _anchors(text, twin, thai)
    return TwinContext(doc, twin, slots, repairs, consumed, anchors, thai), []


def hand_placements(ctx: TwinContext) -> list[list[TwinPlacement]]:
    """The twin's values for each slot by the hand-set rules: `place`, then values in order, then once each."""
    placements = [place(slot, ctx.doc, ctx.twin, ctx.consumed, ctx.anchors, ctx.thai) for slot in ctx.slots]
    placements = _in_order(ctx.slots, placements, ctx.twin, ctx.consumed)
    return _once_each(ctx.slots, ctx.repairs, placements, ctx.twin, ctx.consumed)


def detect_repairs_with_twin(
    text: str,
    twin: EnglishTwin,
    *,
    release_date: datetime.date | None = None,
    templates: Templates | None = None,
    words: list[str] | None = None,
    dates: list[DateMatch] | None = None,
    learned: bool = True,
) -> tuple[list[Repair], list[str]]:
    """The numeral stage's repairs, each combined with what the English twin states for its slot; and warnings
    (an English with fewer than ``MIN_SHARED`` numbers and dates in common is not used: it proposes nothing).

    The learned placement (`pipeline.twin.placement`, weights in ``models/twin-placement/``) decides which
    value goes where and which are only listed; ``learned=False`` (or no weights file) keeps the hand rules."""
    ctx, warnings = twin_context(text, twin, release_date=release_date, templates=templates, words=words, dates=dates)
    if warnings:
        return ctx.repairs, warnings
    hand = hand_placements(ctx)
    placements = hand
    if learned:
        from pipeline.twin.placement import default_model, learned_placements

        model = default_model()
        if model is not None:
            placements = learned_placements(ctx, hand, model)
    return [_combine(s, r, o, twin) for s, r, o in zip(ctx.slots, ctx.repairs, placements)], []
