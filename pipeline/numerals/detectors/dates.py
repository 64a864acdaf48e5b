"""Date detectors: a date reduced to dots and a year ("วันที่ .. 62"), วันที่ with no day after it, a month
abbreviation cut short ("เดือนมิ.ที่ผ่านมา")."""

from __future__ import annotations

import functools
import re

from pipeline.dates import matches_at, month_abbreviation_completions, month_names, weekday_names
from pipeline.normalize import arabic_digits
from pipeline.numerals.document import THAI_LETTER, Document, Slot, occurrences, quote
from pipeline.numerals.templates import Template

__all__ = ["detect_damaged_dates", "detect_dayless_dates", "detect_truncated_months"]


# dots left where a day and a month abbreviation were ("วันที่ .. 62", "(. .63)"), then a year, or นี้ /
# ที่ผ่านมา when the date had no year ("เริ่ม .. นี้").
_DAMAGED_DATE = re.compile(
    r"(?:(?<=วันที่)|(?<=[(\s]))[ ]?(?P<gap>\.[ ]?\.)[ ]?"
    r"(?:(?P<year>(?:25|20|๒๕|๒๐)?[0-9๐-๙]{2})(?![0-9๐-๙.:])|(?P<rel>นี้|ที่ผ่านมา))"
)


def _damaged_date_starts(text: str) -> list[int]:
    """Where a `_DAMAGED_DATE` match can start: at the first of two dots ("..", ". .") or the space before it."""
    starts = {s for q in occurrences(text, ".") if text.startswith(("..", ". ."), q) for s in (q - 1, q)}
    return sorted(s for s in starts if s >= 0)


def detect_damaged_dates(doc: Document, template: Template) -> list[Slot]:
    """A date reduced to dots and a year: "วันที่ .. 62"."""
    slots = []
    # tried only where a match can start (the pattern opens with look-behinds, which the engine would try at
    # every character)
    for m in matches_at(_DAMAGED_DATE, doc.text, _damaged_date_starts(doc.text)):
        s, e = m.span("gap")
        left = "the year" if m.group("year") else f"“{m.group('rel')}”"
        anchor = "year" if m.group("year") else "rel"
        slots.append(
            Slot(
                template,
                s,
                e,
                m.group(anchor),
                m.start(anchor),
                m.end(anchor),
                f"the day and month of a date were lost, leaving only dots and {left} in {quote(doc.text, s, e)}",
            )
        )
    return slots


@functools.cache
def _dayless_re(month_names: tuple[str, ...], weekdays: tuple[str, ...]) -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, month_names), key=len, reverse=True))
    days = "|".join(sorted(map(re.escape, weekdays), key=len, reverse=True))
    return re.compile(
        rf"(?P<kw>วันที่|วัน(?:{days})ที่)"
        r"(?:[ ]?(?P<dot>\.(?:[ ]?\.)?)(?=[ ]?(?:ที่ผ่านมา|นี้)|[ ]|$)"
        rf"|[ ]*\n?[ ]*(?=(?P<month>{months})(?![\u0e01-\u0e2e]\.))"
        r"|[ ]*(?=(?P<rel>ที่ผ่านมา|นี้)))"
    )


def detect_dayless_dates(doc: Document, template: Template) -> list[Slot]:
    """วันที่ with no day after it: "เมื่อวันที่ .ที่ผ่านมา", "วันที่ ส.ค. 62"."""
    slots = []
    for m in _dayless_re(month_names(), weekday_names()).finditer(doc.text):
        if m.group("dot"):
            s, e, prefix, suffix, what = m.start("dot"), m.end("dot"), "", "", "the day (and month) was lost"
        elif m.group("month"):
            s = e = m.end()
            prefix, suffix, what = "", " ", f"the day before the month “{m.group('month')}” was lost"
        else:
            s = e = m.end()
            prefix, suffix, what = " ", "", "the day was lost"
        slots.append(
            Slot(
                template,
                s,
                e,
                m.group("kw"),
                m.start("kw"),
                m.end("kw"),
                f"{what} after “{m.group('kw')}” in {quote(doc.text, s, e)}",
                prefix=prefix,
                suffix=suffix,
            )
        )
    return slots


# a month-abbreviation fragment after เดือน or a day number, followed by a year, ที่ผ่านมา/นี้ or a break.
_TRUNCATED_MONTH = re.compile(
    r"(?:(?<=เดือน)|(?<=[0-9\u0e50-\u0e59][ ])|(?<=[0-9\u0e50-\u0e59]))(?P<frag>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.)"
    r"(?![\u0e01-\u0e2e]\.)(?=[ ]?(?:(?:25|20|๒๕|๒๐)?[0-9\u0e50-\u0e59]{2}(?![0-9\u0e50-\u0e59])|ที่ผ่านมา|นี้|[)\n,]|$)"
    r"|(?<=[0-9\u0e50-\u0e59][ ].\.)(?<![\u0e01-\u0e2e][ ].\.)[ ](?=[\u0e01-\u0e4f]))"
)


# after เดือน any word may follow ("เดือนมิ.จะเป็น"); after a day, a fragment with its vowel ("8 มี. นายก")
_MONTH_WORD_FRAGMENT = re.compile(
    r"(?<=เดือน)(?P<frag>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.)(?![\u0e01-\u0e2e]\.)"
    r"|(?<=[0-9\u0e50-\u0e59][ ])(?P<vowelled>[\u0e01-\u0e2e][\u0e34-\u0e37]\.)"
    r"(?=[ ]?[\u0e01-\u0e4f])(?![ ]?[\u0e01-\u0e2e]\.)"
)


def _fragment_starts(text: str) -> list[int]:
    """Where a match of `_TRUNCATED_MONTH` or `_MONTH_WORD_FRAGMENT` can start: one or two characters before a
    dot (the fragment ends with it) or right after one (the space after "2 ส.")."""
    starts = {s for q in occurrences(text, ".") for s in (q - 2, q - 1, q + 1)}
    return sorted(s for s in starts if 0 <= s < len(text))


def _truncated_month_matches(text: str):
    seen = set()
    starts = _fragment_starts(text)
    # tried only where a match can start: both patterns open with look-behinds, which finditer would try at
    # every character
    for m in (*matches_at(_TRUNCATED_MONTH, text, starts), *matches_at(_MONTH_WORD_FRAGMENT, text, starts)):
        group = "vowelled" if m.groupdict().get("vowelled") else "frag"
        if m.span(group) not in seen:
            seen.add(m.span(group))
            yield m.group(group), m.span(group)


_DAY_BEFORE = re.compile(r"(?:^|(?<=[\s(\-–\u0e01-\u0e4f]))(?P<day>[0-9\u0e50-\u0e59]{1,2})[ ]?$")


def _after_a_day(text: str, start: int) -> bool:
    """Is a fragment at ``start`` after เดือน, or after a day of the month standing alone ("2 ส. 62")?"""
    if text[:start].endswith("เดือน"):
        return True
    m = _DAY_BEFORE.search(text, max(0, start - 4), start)
    return m is not None and 1 <= int(arabic_digits(m.group("day"))) <= 31


def detect_truncated_months(doc: Document, template: Template) -> list[Slot]:
    """A month abbreviation cut short: "เดือนมิ.ที่ผ่านมา", "2 ส. 62", "8 มี. นายกรัฐมนตรี"."""
    slots = []
    full = {name for name in month_names() if "." in name}
    for frag, (s, e) in sorted(_truncated_month_matches(doc.text), key=lambda x: x[1]):
        if frag in full or not month_abbreviation_completions(frag):
            continue
        if f"{frag}{doc.text[e : e + 1]}." in full and not THAI_LETTER.match(doc.text[e + 1 : e + 2]):
            continue  # the last letter is there, only its dot is not: "(9 มิ.ย)" is a whole month
        if not _after_a_day(doc.text, s):
            continue  # "5,000 ม.33" (มาตรา), "น.ส.3 ก." (a deed), "ม.4 ม.10" (หมู่): no day before it
        slots.append(
            Slot(
                template,
                s,
                e,
                frag,
                s,
                e,
                f"the month abbreviation “{frag}” was cut short in {quote(doc.text, s, e)}",
            )
        )
    return slots
