"""Read an English twin: check it is English, and list what it states (numbers at their scale, percentages,
ordinals, dates), each with its offsets, the words after it and its sentence.

>>> twin = read_twin("The 3rd forum on August 2, 2019 drew 1.2 million visitors, up 4.5% from four events.")
>>> [(f.kind, f.value) for f in twin.figures]
[('ordinal', 3.0), ('date', 2.0), ('number', 1200000.0), ('percent', 4.5), ('number', 4.0)]
>>> twin.figures[1].date
(2019, 8, 2)
>>> twin.figures[2].unit
'visitors'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.resources import corpus_file, read_tsv

__all__ = ["EnglishFigure", "EnglishTwin", "read_twin", "MAX_TWIN_CHARS", "english_months", "ranks"]

MAX_TWIN_CHARS = 400_000  # an English twin longer than this is not a press release
_LATIN = re.compile(r"[A-Za-z]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_THAI = re.compile(r"[\u0e01-\u0e4e]")


@dataclass(frozen=True)
class EnglishFigure:
    """One thing the English states: ``kind`` is number, percent, ordinal, date or year; ``value`` is the
    number at its full scale ("1.2 million" -> 1200000; the day for a date); ``unit`` the next word."""

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str = ""
    before: str = ""  # the words before it, lower case (for "No. 3", "export value of ...")
    after: tuple[str, ...] = ()  # up to three words after it, lower case, within its clause ("active cases")
    date: tuple[int | None, int, int] | None = None  # (year, month, day): a date figure always has one


@dataclass
class EnglishTwin:
    text: str
    figures: list[EnglishFigure] = field(default_factory=list)

    def sentence(self, start: int, end: int, width: int = 220) -> str:
        """The sentence around ``text[start:end]``, on one line, cut to ``width`` characters around it."""
        text = self.text
        left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
        left = left + 1 if left >= 0 else 0
        right_cands = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
        right = min(right_cands) + 1 if right_cands else len(text)
        if start - left > width // 2:
            cut = text.find(" ", start - width // 2, start)
            left = cut + 1 if cut >= 0 else start - width // 2
        if right - end > width // 2:
            cut = text.rfind(" ", end, end + width // 2)
            right = cut if cut >= 0 else end + width // 2
        return text[left:right].strip().replace("\n", " ")


@functools.cache
def _number_words() -> dict[str, tuple[float, str]]:
    return {r["word"]: (float(r["value"]), r["kind"]) for r in read_tsv(corpus_file("twin", "english_numbers.tsv"))}


def ranks(figure: EnglishFigure) -> bool:
    """Is the figure a rank: an ordinal ("3rd", "third") or a number after a label word ("Phase 2", "No. 3")?"""
    if figure.kind == "ordinal":
        return True
    words = figure.before.split()
    return figure.kind == "number" and bool(words) and _number_words().get(words[-1], (0, ""))[1] == "label"


@functools.cache
def english_months() -> dict[str, int]:
    """English month names and abbreviations (corpora/months.tsv), lower case, to their number."""
    months = {}
    for row in read_tsv(corpus_file("months.tsv")):
        months[row["english_full"].lower()] = int(row["number"])
        months[row["english_abbr"].lower()] = int(row["number"])
    months["sept"] = 9
    return months


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    words = _number_words()
    month = "|".join(sorted(map(re.escape, english_months()), key=len, reverse=True))
    scales = "|".join(w for w, (_v, k) in words.items() if k == "scale")
    spelled = "|".join(w for w, (_v, k) in words.items() if k in ("cardinal", "ordinal"))
    number = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    return {
        "date": re.compile(
            rf"(?<![\w.])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<d1b>\d{{1,2}})(?:st|nd|rd|th)?)?"
            rf"\s+(?:of\s+)?(?P<m1>{month})\.?(?:,?\s+(?P<y1>\d{{4}}))?(?![\w])"
            rf"|(?<![\w])(?P<m2>{month})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<d2b>\d{{1,2}}))?"
            rf"(?:,?\s+(?P<y2>\d{{4}}))?(?![\w])",
            re.IGNORECASE,
        ),
        "number": re.compile(
            rf"(?<![\w.,])(?P<cur>(?:THB|USD|US\$|\$|€|£|Baht|RMB|EUR)\s?)?(?P<num>{number})"
            rf"(?P<ord>st|nd|rd|th)?(?![\w,]|\.\d)"
            rf"(?:\s?(?P<scale>{scales})(?![\w]))?(?P<pct>\s?(?:%|percent|per\s?cent)(?![\w]))?",
            re.IGNORECASE,
        ),
        "spelled": re.compile(
            rf"(?<![\w-])(?P<word>{spelled})(?![\w-])(?:\s(?P<scale>{scales})(?![\w]))?", re.IGNORECASE
        ),
        "unit": re.compile(r"[\s(]*(?:(?:thai|us|more|new|additional|of|the)\s+)?(?P<w>[A-Za-z][A-Za-z-]*)"),
    }


def _unit_after(text: str, at: int) -> str:
    m = _patterns()["unit"].match(text, at)
    return m.group("w").lower() if m else ""


_WORDS_AFTER = re.compile(r"[^\S\n]*\(?([A-Za-z][A-Za-z-]*)")


def _words_after(text: str, at: int, currency: str | None = None) -> tuple[str, ...]:
    """Up to three words after a number, lower case, not past a comma, stop or bracket ("37,968 active cases"
    -> active, cases); the unit a currency before it stands for comes first ("THB 2,200 million" -> baht)."""
    out = [_currencies()[currency.strip().lower()]] if currency and currency.strip().lower() in _currencies() else []
    pos = at
    for _ in range(3):
        m = _WORDS_AFTER.match(text, pos)
        if not m or m.group(1).lower() in _CLAUSE_WORDS:
            break
        out.append(m.group(1).lower())
        pos = m.end()
    return tuple(out)


# words that end the noun phrase after a number ("124 deaths and 25,910 recoveries": not "recoveries" for 124)
_CLAUSE_WORDS = frozenset("and or while with from to in at on for of by per which who that as were was are is".split())


@functools.cache
def _currencies() -> dict[str, str]:
    return {r["before"]: r["unit"] for r in read_tsv(corpus_file("twin", "english_currencies.tsv"))}


def _before(text: str, at: int) -> str:
    return " ".join(text[max(0, at - 60) : at].lower().split()[-6:])


def read_twin(text: str, *, source: str = "<english>") -> EnglishTwin:
    """Check that ``text`` is an English release and read its figures; `InputError` naming ``source`` if it is
    empty, too long, or not English (an English twin may keep a Thai title and a Thai preface: at least a
    third as many Latin letters as Thai ones is enough)."""
    if not isinstance(text, str):
        raise InputError(source, "the English twin must be text")
    if not text.strip():
        raise InputError(source, "the English twin is empty")
    if len(text) > MAX_TWIN_CHARS:
        raise InputError(source, f"the English twin is {len(text):,} characters, over the {MAX_TWIN_CHARS:,} limit")
    latin, thai = len(_LATIN.findall(text)), len(_THAI.findall(text))
    if latin < 20 or latin < thai / 3:
        raise InputError(source, f"the English twin is not English ({latin} Latin letters, {thai} Thai)")
    return EnglishTwin(text, figures(text))


def figures(text: str) -> list[EnglishFigure]:
    """Every date, number, percentage and ordinal in an English text, in order of position."""
    p = _patterns()
    found: list[EnglishFigure] = []
    taken: list[tuple[int, int]] = [m.span() for m in _URL.finditer(text)]  # numbers inside links say nothing
    months = english_months()
    for m in p["date"].finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        day = m.group("d1") or m.group("d2")
        month = months[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
        year = m.group("y1") or m.group("y2")
        if not 1 <= int(day) <= 31:
            continue
        other = m.group("d1b") or m.group("d2b")  # the second day of a range ("2-3 August")
        for d in (day, other) if other and 1 <= int(other) <= 31 else (day,):
            found.append(
                EnglishFigure(
                    m.start(),
                    m.end(),
                    m.group(),
                    "date",
                    float(d),
                    before=_before(text, m.start()),
                    date=(int(year) if year else None, month, int(d)),
                )
            )
        taken.append(m.span())
    words = _number_words()
    for m in p["number"].finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = float(m.group("num").replace(",", ""))
        scale = words[m.group("scale").lower()][0] if m.group("scale") else 1.0
        if m.group("pct"):
            kind = "percent"
        elif m.group("ord"):
            kind = "ordinal"
        elif value == int(value) and 1900 <= value <= 2100 and not m.group("cur") and not m.group("scale"):
            kind = "year"
        elif value == int(value) and 2400 <= value <= 2600 and not m.group("cur") and not m.group("scale"):
            kind = "year"  # a Buddhist Era year (B.E. 2564), written with or without its era
        else:
            kind = "number"
        found.append(
            EnglishFigure(
                m.start(),
                m.end(),
                m.group(),
                kind,
                value * scale if kind == "number" else value,
                unit=_unit_after(text, m.end()),
                before=_before(text, m.start()),
                after=_words_after(text, m.end(), m.group("cur")),
            )
        )
    for m in p["spelled"].finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value, kind = words[m.group("word").lower()]
        scale = words[m.group("scale").lower()][0] if m.group("scale") else 1.0
        found.append(
            EnglishFigure(
                m.start(),
                m.end(),
                m.group(),
                "ordinal" if kind == "ordinal" else "number",
                value * scale,
                unit=_unit_after(text, m.end()),
                before=_before(text, m.start()),
                after=_words_after(text, m.end()),
            )
        )
    return sorted(found, key=lambda f: (f.start, f.end))
