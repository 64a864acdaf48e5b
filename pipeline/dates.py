"""Thai date expressions: find them in running text and normalise them.

(Longer than the project's 400 lines on purpose: the patterns, the handlers that read their named groups
and the choice among overlapping matches are one grammar, and a group name would otherwise be spread over
several files. The words it reads are data: ``corpora/months.tsv`` and ``corpora/dates.toml``.)

Pure Python (stdlib + ``re``).  Nothing is loaded at import time: the month
table (``corpora/months.tsv``), the date words (``corpora/dates.toml``: weekdays,
eras, relative words, fillers) and the regexes built from them are read on
first use and cached.

What is recognised (Thai digits ``๐-๙`` are accepted everywhere):

* day month year: ``24 สิงหาคม 2563``, ``3 ก.ย. 62``, ``24 ส.ค.63``,
  ``วันจันทร์ที่ 24 สิงหาคม 2563``, ``2 August 2019``, ``August 2, 2019``;
  month abbreviations with dots (``ก.ย.``), without the last dot (``ก.ย``) or,
  right after a day number, without dots (``3 กย 62``); colloquial short names
  (``5 ธันวา``) when not followed by a consonant (so not ``ตุลาการ``);
  a bare abbreviation is a month only with a day, a year or ``เดือน`` before
  it (``สำนักงาน ก.พ.`` is an agency, ``ก.พ.ร.`` is never a month);
* years: 4-digit BE (2400-2700) or CE (1800-2200) decided by range, 2-digit BE
  after a Thai month (``62`` -> 2562 BE -> 2019), prefixes ``พ.ศ.``/``ค.ศ.``/
  ``พุทธศักราช``/``คริสต์ศักราช`` fix the calendar;
* ranges: ``8-11 ก.ย. 65``, ``8 - 11 กันยายน 2565``, ``30 ก.ย. - 2 ต.ค. 65``,
  ``1 ตุลาคม ถึงวันที่ 15 พฤศจิกายน 2563``, ``มกราคม - มีนาคม 2563``,
  ``ต.ค. 62 – ก.ย. 63``, ``พ.ศ. 2561-2565`` (``DateValue.end``; a backwards
  range such as ``11-8 ก.ย.`` is rejected);
* month-year ``สิงหาคม 2563``; month only ``เดือนมิถุนายน`` (needs ``เดือน``);
  year only ``พ.ศ. 2562``, ``ปี 2562``, ``ปี 2019``; fiscal years
  ``ปีงบประมาณ 2563``, ``ปีงบประมาณ พ.ศ. 2563``, ``ปีงบ 63``;
* relative expressions (resolved when ``release_date`` is given): ``วันนี้``,
  ``เมื่อวาน(นี้)``, ``พรุ่งนี้``, ``ปีนี้``, ``ปีที่แล้ว``/``ปีก่อน``,
  ``เดือนนี้``, ``เดือนที่แล้ว``, ``สัปดาห์นี้`` (kept minimal: ``relative`` only),
  ``วันที่ 3 ที่ผ่านมา``, ``วันที่ 15 นี้``, ``เดือนมิถุนายนที่ผ่านมา``,
  ``3 ก.ย. นี้``, ``4-7 ก.ย. นี้``, ``18 มกราคม ปีหน้า``.  ``relative`` labels:
  today, yesterday, day_before_yesterday, tomorrow, day_after_tomorrow,
  this/last/next_week (never resolved), this/last/next_month,
  this/last/next_year, past (last occurrence of the named day/month, from
  ``ที่ผ่านมา``/``ที่แล้ว``) and upcoming (next occurrence, from ``นี้``).
  Counted durations are not dates: ``2 ปีก่อน``, ``หลายปีที่ผ่านมา``, ``ทุกวันนี้``.

Span convention (``DateMatch.start``/``end``): a span covers only the tokens
that carry date information.  It starts at a named weekday (``วันจันทร์ที่ 24
...``) if there is one, else at the day number, else at the month name, else at
an era or fiscal keyword (``พ.ศ.``, ``ปีงบประมาณ``), else at the year digits.
Generic words that carry no information are *not* included: ``วันที่``/``ที่``
before a day number, ``เดือน`` before a month name, plain ``ปี`` before a year
and particles such as ``เมื่อ``, ``ใน``, ``ระหว่าง``.  Meaningful trailing words
(``ที่ผ่านมา``, ``นี้``) are included.  The one exception is a damaged date
(``วันที่ .. 62``): there is no day number, so the span starts at ``วันที่`` and
covers the damage, for the numeral-repair stage to see.

Rules that decide between "date" and "not a date":

* an impossible day (``31 ก.พ.``, ``30 February 2019``) is not matched at all,
  and its span is blocked so that no shorter reading (``ก.พ. 2563``) is
  reported in its place: a damaged day is the repair stage's business;
* damaged dates: ``วันที่`` followed only by dots/spaces and then a 2- or
  4-digit number gives a year-only value (``วันที่ .. 62`` -> 2019, BE); with
  nothing after the dots (``เมื่อวันที่ .ที่ผ่านมา``) nothing is found;
* truncated abbreviations (``เดือนมิ.ที่ผ่านมา``) are not matched; use
  :func:`month_abbreviation_completions` to list the candidates;
* times (``14:49 น.``, ``8.30 น.``), bare numbers, money and ``ครั้งที่ 3``
  are never dates; a 2-digit number followed by ``.``/``:`` and a digit is a
  time, not a year;
* a day+month without a year gets ``year=None`` unless ``release_date`` is
  given, in which case the year closest to the release date is used
  (``calendar`` stays ``None``: the text gave no year).  A month alone
  (``เดือนมิถุนายน``) keeps ``year=None`` unless followed by ``ที่ผ่านมา``/``นี้``.

Example:

>>> import datetime
>>> [m.value.iso for m in find_dates("วันนี้ (24 ส.ค.63) เวลา 8.30 น.",
...                                   release_date=datetime.date(2020, 8, 24))]
['2020-08-24', '2020-08-24']
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

from pipeline.normalize import arabic_digits
from pipeline.resources import corpus_file, read_toml

__all__ = [
    "DateValue",
    "DateMatch",
    "parse_thai_date",
    "find_dates",
    "matches_at",
    "month_abbreviation",
    "month_abbreviation_completions",
    "be_to_ce",
    "month_names",
    "weekday_names",
    "year_value",
]

BE_OFFSET = 543  # a Buddhist Era year is the Common Era year + 543


def be_to_ce(year: int) -> int:
    """The Common Era year of a Buddhist Era year.

    >>> be_to_ce(2562)
    2019
    """
    return year - BE_OFFSET


@dataclass(frozen=True)
class DateValue:
    """A (possibly partial) date.

    ``year`` is always a Common Era year; ``calendar`` records what the text
    used ("BE" or "CE"), or None when the text gave no year.

    >>> v = DateValue(2019, 8, 2, "BE")
    >>> v.complete, v.iso
    (True, '2019-08-02')
    >>> DateValue(2019, None, None, "BE").iso is None
    True
    """

    year: int | None
    month: int | None
    day: int | None
    calendar: str | None
    end: DateValue | None = None
    relative: str | None = None
    fiscal_year: bool = False

    @property
    def complete(self) -> bool:
        """True when year, month and day are all known."""
        return self.year is not None and self.month is not None and self.day is not None

    @property
    def iso(self) -> str | None:
        """ISO 8601 ``YYYY-MM-DD`` when complete, else None."""
        if not self.complete:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text; ``text == source[start:end]``.

    >>> m = find_dates("ประชุมวันที่ 3 ก.ย. 62")[0]
    >>> (m.start, m.end, m.text, m.value.iso)
    (13, 22, '3 ก.ย. 62', '2019-09-03')
    """

    start: int
    end: int
    text: str
    value: DateValue


# --------------------------------------------------------------------------
# month table


@dataclass(frozen=True)
class _Month:
    number: int
    thai_full: tuple[str, ...]
    thai_abbr: tuple[str, ...]
    english_full: tuple[str, ...]
    english_abbr: tuple[str, ...]


@functools.cache
def _months() -> tuple[_Month, ...]:
    """Read ``corpora/months.tsv`` once.  Cells may hold ``|``-separated variants."""
    rows: list[_Month] = []
    path = corpus_file("months.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        cells = [tuple(v.strip() for v in c.split("|") if v.strip()) for c in line.split("\t")]
        rows.append(_Month(int(cells[0][0]), cells[1], cells[2], cells[3], cells[4]))
    if sorted(m.number for m in rows) != list(range(1, 13)):
        raise ValueError(f"{path}: expected months 1..12")
    return tuple(rows)


@functools.cache
def month_names() -> tuple[str, ...]:
    """Every Thai month name and abbreviation of the table, month by month (full names first).

    >>> month_names()[:3]
    ('มกราคม', 'มกรา', 'ม.ค.')
    """
    return tuple(name for m in _months() for name in m.thai_full + m.thai_abbr)


def month_abbreviation(month: int) -> str:
    """The Thai abbreviation of a month number (the table's first).

    >>> month_abbreviation(6)
    'มิ.ย.'
    """
    return _abbreviations()[month]


@functools.cache
def _abbreviations() -> dict[int, str]:
    return {m.number: m.thai_abbr[0] for m in _months()}


def _month_key(s: str) -> str:
    return re.sub(r"[.\s]", "", s).lower()


@functools.cache
def _month_lookup() -> dict[str, tuple[int, bool]]:
    """normalised month token -> (number, is_english)."""
    out: dict[str, tuple[int, bool]] = {}
    for m in _months():
        for v in m.thai_full + m.thai_abbr:
            out[_month_key(v)] = (m.number, False)
        for v in m.english_full + m.english_abbr:
            out[_month_key(v)] = (m.number, True)
    return out


def month_abbreviation_completions(fragment: str) -> list[int]:
    """Month numbers whose Thai abbreviation starts with ``fragment``.

    For truncated abbreviations left by damaged text; the caller decides.
    An empty fragment gives ``[]``.

    >>> month_abbreviation_completions("มิ.")
    [6]
    >>> month_abbreviation_completions("พ.")
    [5, 11]
    """
    frag = re.sub(r"\s+", "", fragment)
    if not frag:
        return []
    out = []
    for m in _months():
        for abbr in m.thai_abbr:
            if abbr.startswith(frag) or ("." not in frag and abbr.replace(".", "").startswith(frag)):
                out.append(m.number)
                break
    return out


# --------------------------------------------------------------------------
# regexes (built lazily from the month table)

_S = r"(?:[^\S\r\n]|[\u200b\u200c\u200d\u2060\ufeff])"  # same-line space, incl. zero-width
_THAI = "\u0e00-\u0e7f"
_DAY_NUM = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"
_DAY = r"(?<![\d.,:/])(?<!\d[-–])" + _DAY_NUM  # not the tail of "8-11" or "1.5"
_SEP = rf"{_S}*(?:[-–—]|จนถึง|ถึง)(?:{_S}*(?:วันที่|เดือน))?{_S}*"


@dataclass(frozen=True)
class _Era:
    calendar: str
    pattern: str
    two_digit_years: bool


@dataclass(frozen=True)
class _DateWords:
    """``corpora/dates.toml``: weekdays, eras, relative words and the other date words."""

    weekdays: tuple[str, ...]
    eras: tuple[_Era, ...]
    relative: dict[str, str]
    after_date: dict[str, tuple[str, int | None]]
    whole_words: frozenset[str]
    duration_quantifiers: tuple[str, ...]
    month_abbreviation_left: tuple[str, ...]
    fillers: tuple[str, ...]


@functools.cache
def _date_words() -> _DateWords:
    data = read_toml(corpus_file("dates.toml"))
    words = data["words"]
    return _DateWords(
        weekdays=tuple(name for day in data["weekday"] for name in day["names"]),
        eras=tuple(_Era(e["calendar"], e["pattern"], e["two_digit_years"]) for e in data["era"]),
        relative=dict(data["relative"]),
        after_date={e["word"]: (e["relative"], e.get("years")) for e in data["after_date"]},
        whole_words=frozenset(e["word"] for e in data["after_date"] if e.get("whole_word")),
        duration_quantifiers=tuple(words["duration_quantifiers"]),
        month_abbreviation_left=tuple(words["month_abbreviation_left"]),
        fillers=tuple(words["fillers"]),
    )


def weekday_names() -> tuple[str, ...]:
    """The names of the days of the week as written after วัน, variants included (``corpora/dates.toml``).

    >>> weekday_names()[:3]
    ('จันทร์', 'อังคาร', 'พุธ')
    """
    return _date_words().weekdays


def _weekday() -> str:
    return rf"วัน(?:{_alt(weekday_names())})"


def _era() -> str:
    return "|".join(e.pattern for e in _date_words().eras)


def _era_of(text: str) -> _Era | None:
    """The era ``text`` (as the era pattern matched it) names."""
    return next((e for e in _date_words().eras if re.fullmatch(e.pattern, text)), None)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _month_regex() -> str:
    full: list[str] = []
    short: list[str] = []
    dotted: list[str] = []
    dotless: list[str] = []
    english: list[str] = []
    for m in _months():
        for f in m.thai_full:
            if any(o != f and o.startswith(f) for o in m.thai_full):
                short.append(f)  # colloquial short form (สิงหา): not inside a word
            else:
                full.append(f)
        for a in m.thai_abbr:
            esc = re.escape(a)
            if a.endswith("."):
                nodot = re.escape(a[:-1])
                # full abbreviation (not "ก.พ.ร."), or with the last dot missing
                dotted.append(rf"{esc}(?![ก-ฮ]\.)|{nodot}(?![{_THAI}.])")
            else:
                dotted.append(rf"{esc}(?![{_THAI}.])")
            dotless.append(re.escape(a.replace(".", "")))
        for e in m.english_full:
            english.extend([e, e.upper()])
        for e in m.english_abbr:
            english.extend([e + "(?![A-Za-z])\\.?", e.upper() + "(?![A-Za-z])\\.?"])
    english_sorted = sorted(set(english), key=len, reverse=True)
    left = "|".join(f"(?<={w})" for w in _date_words().month_abbreviation_left)
    parts = [
        _alt(full),
        rf"(?:{_alt(short)})(?![ก-ฮ])",
        rf"(?:{left}|(?<![{_THAI}]))(?:{'|'.join(dotted)})",
        rf"(?:(?<=\d)|(?<=\d{_S}))(?:{_alt(dotless)})(?![{_THAI}])",
        rf"(?<![A-Za-z])(?:{'|'.join(english_sorted)})(?![A-Za-z])",
    ]
    return "(?:" + "|".join(f"(?:{p})" for p in parts) + ")"


def _year_part(tag: str, month_re: str) -> str:
    """Optional ``ปี``, optional era, then a 2- or 4-digit year (not a time)."""
    return (
        rf"(?:ปี{_S}*)?(?:(?P<era{tag}>{_era()}){_S}*)?"
        rf"(?:(?P<y4{tag}>(?<!\d)\d{{4}})|(?P<y2{tag}>(?<!\d)\d{{2}}))"
        rf"(?!\d)(?![.:]\d)(?!{_S}*{month_re})"
    )


@functools.cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    M = _month_regex()
    words = _date_words()
    wd = rf"(?:(?P<wd{{t}}>{_weekday()}){_S}*(?:ที่{_S}*)?)?"
    after_date = "|".join(
        re.escape(w) + ("(?![ก-ฮ])" if w in words.whole_words else "")
        for w in sorted(words.after_date, key=len, reverse=True)
    )
    rel = rf"(?P<rel{{t}}>{after_date})"

    def day_month_year(t: str) -> str:
        day = _DAY if not t else _DAY_NUM  # the second day of a range follows "-"
        return wd.format(t=t) + rf"(?P<day{t}>{day}){_S}*(?P<mon{t}>{M})" + rf"(?:{_S}*{_year_part(t, M)})?"

    pats = {
        "range_cross": day_month_year("") + _SEP + day_month_year("2") + rf"(?:{_S}*{rel.format(t='')})?",
        "range_same": (
            wd.format(t="") + rf"(?P<day>{_DAY})" + _SEP + day_month_year("2") + rf"(?:{_S}*{rel.format(t='')})?"
        ),
        "month_range": (
            rf"(?P<mon>{M})(?:{_S}*{_year_part('', M)})?{_SEP}(?P<mon2>{M})"
            rf"(?:{_S}*{_year_part('2', M)})?"
        ),
        "english_mdy": (
            rf"(?P<mon>{M}){_S}+(?P<day>{_DAY})(?:st|nd|rd|th)?,?{_S}*"
            rf"(?P<y4>(?<!\d)\d{{4}})(?!\d)"
        ),
        "dmy": day_month_year("") + rf"(?:{_S}*{rel.format(t='')})?",
        "my": rf"(?P<pre>เดือน{_S}*)?(?P<mon>{M})(?:{_S}*{_year_part('', M)})?" + rf"(?:{_S}*{rel.format(t='')})?",
        "year": (
            rf"(?P<kw>ปีงบประมาณ|ปีงบฯ?|ปี)?{_S}*(?:(?P<era>{_era()}){_S}*)?"
            rf"(?P<y>(?<!\d)(?:\d{{4}}|\d{{2}}))(?!\d)(?![.:,]\d)"
            rf"(?:{_S}*[-–/]{_S}*(?P<yend>(?<!\d)(?:\d{{4}}|\d{{2}}))(?!\d)(?![.:,]\d))?"
        ),
        "day_rel": rf"วันที่{_S}*(?P<day>{_DAY}){_S}*(?P<rel>ที่ผ่านมา|นี้(?![ก-ฮ]))",
        "damaged": rf"วันที่(?:{_S}|\.)*\.(?:{_S}|\.)*(?P<y>(?<!\d)(?:\d{{4}}|\d{{2}}))(?!\d)(?![.:,]\d)",
        "relative": "|".join(f"(?P<r{i}>{re.escape(w)})" for i, w in enumerate(words.relative)),
    }
    return [(k, re.compile(v)) for k, v in pats.items()]


# --------------------------------------------------------------------------
# value helpers


class _Reject(Exception):
    """The expression looks like a date but is impossible (e.g. 31 ก.พ.)."""


def _days_in(year: int | None, month: int) -> int:
    if year is None:
        return 29 if month == 2 else _calendar.monthrange(2001, month)[1]
    return _calendar.monthrange(year, month)[1]


def year_value(digits: str | None, era: str | None, *, short_ok: bool = True) -> tuple[int, str] | None:
    """(CE year, calendar) for year digits, or None if not a plausible year."""
    if not digits:
        return None
    n = int(digits)
    named = _era_of(era) if era else None
    era_cal = named.calendar if named else None
    if len(digits) == 2:
        if not short_ok or era_cal == "CE":
            return None
        return be_to_ce(2500 + n), "BE"
    if era_cal is not None and n < 1000:
        return None
    if era_cal == "BE":
        return be_to_ce(n), "BE"
    if era_cal == "CE":
        return n, "CE"
    if 2400 <= n <= 2700:
        return be_to_ce(n), "BE"
    if 1800 <= n <= 2200:
        return n, "CE"
    return None


def _month_of(token: str) -> tuple[int, bool]:
    return _month_lookup()[_month_key(token)]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _nearest_year(month: int, day: int | None, ref: datetime.date, mode: str | None) -> int | None:
    """Year for a month(/day) with no year: nearest to ``ref``, or the last
    past ("past") / next ("upcoming") occurrence."""
    best = None
    for y in range(max(1, ref.year - 8), min(9999, ref.year + 8) + 1):
        d = day if day is not None else 1
        if day is not None and d > _days_in(y, month):
            continue
        cand = datetime.date(y, month, d)
        if mode == "past":
            ok = (y, month, day or 0) <= (ref.year, ref.month, ref.day if day else 0)
            if ok and (best is None or y > best):
                best = y
        elif mode == "upcoming":
            ok = (y, month, day or 99) >= (ref.year, ref.month, ref.day if day else 99)
            if ok and (best is None or y < best):
                best = y
        else:
            if abs(y - ref.year) > 1:
                continue
            if best is None or abs((cand - ref).days) < abs((datetime.date(best, month, d) - ref).days):
                best = y
    return best


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


# --------------------------------------------------------------------------
# handlers: (match, text, release_date) -> (start, end, value) | None; raise _Reject


_Result: TypeAlias = "tuple[int, int, DateValue] | None"


def _dm_part(m: re.Match[str], t: str) -> tuple[int, int, int | None, str | None, bool, int]:
    """(day, month, year, calendar, english, end offset) of one day-month[-year]."""
    day = int(m.group("day" + t))
    month, english = _month_of(m.group("mon" + t))
    end = m.end("mon" + t)
    yv = None
    y4, y2 = _group(m, "y4" + t), _group(m, "y2" + t)
    if y4 or y2:
        yv = year_value(y4 or y2, _group(m, "era" + t), short_ok=not english)
    year, cal = yv if yv else (None, None)
    if yv:
        end = m.end("y4" + t) if y4 else m.end("y2" + t)
    return day, month, year, cal, english, end


def _check_day(year: int | None, month: int, day: int) -> None:
    if day > _days_in(year, month):
        raise _Reject


def _span_start(m: re.Match[str], *names: str) -> int:
    starts = [m.start(n) for n in names if _group(m, n) is not None]
    return min(starts) if starts else m.start()


def _trailing_rel(
    m: re.Match[str], month: int, day: int | None, release: datetime.date | None, end: int
) -> tuple[str | None, int | None, int]:
    """Trailing ``ที่ผ่านมา``/``นี้``/``ปีหน้า``... after a date with no year in
    the text: (relative, inferred year or None, new end)."""
    rel = _group(m, "rel")
    if rel is None or _group(m, "y42") or _group(m, "y22") or _group(m, "y4") or _group(m, "y2"):
        year = _nearest_year(month, day, release, None) if release else None
        return None, year, end
    relative, delta = _date_words().after_date[rel]
    if release is None:
        year = None
    elif delta is not None:
        year = release.year + delta
    else:
        year = _nearest_year(month, day, release, relative)
    return relative, year, m.end("rel")


def _h_dmy(m: re.Match[str], release: datetime.date | None) -> _Result:
    day, month, year, cal, english, end = _dm_part(m, "")
    _check_day(year, month, day)
    relative = None
    if year is None and not english:
        relative, year, end = _trailing_rel(m, month, day, release, end)
    elif year is None and release is not None:
        year = _nearest_year(month, day, release, None)
    if year is not None:
        _check_day(year, month, day)
    return _span_start(m, "wd", "day"), end, DateValue(year, month, day, cal, relative=relative)


def _h_range_cross(m: re.Match[str], release: datetime.date | None) -> _Result:
    d1, m1, y1, c1, _, _e = _dm_part(m, "")
    d2, m2, y2, c2, _, end = _dm_part(m, "2")
    relative = None
    if y1 is None and y2 is not None:
        y1, c1 = (y2 if m1 <= m2 else y2 - 1), c2
    elif y2 is None and y1 is not None:
        y2, c2 = (y1 if m2 >= m1 else y1 + 1), c1
    elif y1 is None and y2 is None:
        relative, y2, end = _trailing_rel(m, m2, d2, release, end)
        if y2 is not None:
            y1 = y2 if m1 <= m2 else y2 - 1
    _check_day(y1, m1, d1)
    _check_day(y2, m2, d2)
    if (y1 or 0, m1, d1) >= (y2 or 0, m2, d2) and not (y1 is None and m1 > m2):
        raise _Reject
    endv = DateValue(y2, m2, d2, c2, relative=relative)
    return _span_start(m, "wd", "day"), end, DateValue(y1, m1, d1, c1, end=endv, relative=relative)


def _h_range_same(m: re.Match[str], release: datetime.date | None) -> _Result:
    d1 = int(m.group("day"))
    d2, month, year, cal, _, end = _dm_part(m, "2")
    relative = None
    if year is None:
        relative, year, end = _trailing_rel(m, month, d2, release, end)
    if d1 >= d2:
        raise _Reject
    _check_day(year, month, d2)
    endv = DateValue(year, month, d2, cal, relative=relative)
    return _span_start(m, "wd", "day"), end, DateValue(year, month, d1, cal, end=endv, relative=relative)


def _h_month_range(m: re.Match[str], release: datetime.date | None) -> _Result:
    tok1, tok2 = m.group("mon"), m.group("mon2")
    m1, e1 = _month_of(tok1)
    m2, e2 = _month_of(tok2)
    if m1 == m2 or e1 != e2:
        return None
    y4, y2 = _group(m, "y42"), _group(m, "y22")
    yv = year_value(y4 or y2, _group(m, "era2"), short_ok=not e2) if (y4 or y2) else None
    if yv is None:
        # "มีนาคม - พฤษภาคม": no year; only Thai month names (not abbreviations)
        if e1 or "." in tok1 + tok2 or (y4 or y2):
            return None
        return m.start("mon"), m.end("mon2"), DateValue(None, m1, None, None, end=DateValue(None, m2, None, None))
    year, cal = yv
    end = m.end("y42") if y4 else m.end("y22")
    y1, c1 = (year if m1 < m2 else year - 1), cal
    s4, s2 = _group(m, "y4"), _group(m, "y2")
    if s4 or s2:
        sv = year_value(s4 or s2, _group(m, "era"), short_ok=not e1)
        if sv is None or (sv[0], m1) >= (year, m2):
            return None
        y1, c1 = sv
    return m.start("mon"), end, DateValue(y1, m1, None, c1, end=DateValue(year, m2, None, cal))


def _h_english_mdy(m: re.Match[str], release: datetime.date | None) -> _Result:
    month, english = _month_of(m.group("mon"))
    if not english:
        return None
    yv = year_value(m.group("y4"), None)
    if yv is None:
        return None
    day = int(m.group("day"))
    _check_day(yv[0], month, day)
    return m.start(), m.end(), DateValue(yv[0], month, day, yv[1])


def _h_my(m: re.Match[str], release: datetime.date | None) -> _Result:
    token = m.group("mon")
    month, english = _month_of(token)
    is_full = not english and "." not in token and len(_month_key(token)) > 4
    y4, y2 = _group(m, "y4"), _group(m, "y2")
    yv = year_value(y4 or y2, _group(m, "era"), short_ok=not english) if (y4 or y2) else None
    rel = _group(m, "rel")
    start = m.start("mon")
    if yv is not None:
        end = m.end("y4") if y4 else m.end("y2")
        return start, end, DateValue(yv[0], month, None, yv[1])
    if english:
        return None
    if rel and (is_full or m.group("pre")) and not (y4 or y2):
        relative, year, end = _trailing_rel(m, month, None, release, m.end("mon"))
        return start, end, DateValue(year, month, None, None, relative=relative)
    if m.group("pre"):
        return start, m.end("mon"), DateValue(None, month, None, None)
    return None


def _h_year(m: re.Match[str], release: datetime.date | None) -> _Result:
    kw, era, digits = m.group("kw"), m.group("era"), m.group("y")
    fiscal = bool(kw and kw.startswith("ปีงบ"))
    if not kw and not era:
        return None
    named = _era_of(era) if era else None
    short_ok = fiscal or bool(named and named.two_digit_years)
    yv = year_value(digits, era, short_ok=short_ok)
    if yv is None:
        return None
    year, cal = yv
    start = m.start("kw") if fiscal else (m.start("era") if era else m.start("y"))
    end = m.end("y")
    endv = None
    if m.group("yend"):
        ev = year_value(m.group("yend"), era, short_ok=short_ok or cal == "BE")
        if ev is not None and ev[1] == cal and ev[0] > year:
            endv = DateValue(ev[0], None, None, ev[1], fiscal_year=fiscal)
            end = m.end("yend")
    return start, end, DateValue(year, None, None, cal, end=endv, fiscal_year=fiscal)


def _h_day_rel(m: re.Match[str], release: datetime.date | None) -> _Result:
    day = int(m.group("day"))
    past = m.group("rel") == "ที่ผ่านมา"
    relative = "past" if past else "upcoming"
    if release is None:
        return m.start("day"), m.end(), DateValue(None, None, day, None, relative=relative)
    y, mo = release.year, release.month
    step = -1 if past else 1
    if (past and day > release.day) or (not past and day < release.day):
        y, mo = _shift_month(y, mo, step)
    for _ in range(12):
        if day <= _days_in(y, mo):
            break
        y, mo = _shift_month(y, mo, step)
    return m.start("day"), m.end(), DateValue(y, mo, day, None, relative=relative)


def _h_damaged(m: re.Match[str], release: datetime.date | None) -> _Result:
    yv = year_value(m.group("y"), None)
    if yv is None:
        return None
    return m.start(), m.end(), DateValue(yv[0], None, None, yv[1])


def _h_relative(m: re.Match[str], release: datetime.date | None) -> _Result:
    word = m.group()
    rel = _date_words().relative[word]
    before = m.string[max(0, m.start() - 12) : m.start()].rstrip()
    if rel not in ("today", "yesterday", "tomorrow", "day_before_yesterday", "day_after_tomorrow") and (
        before[-1:].isdigit() or before.endswith(_date_words().duration_quantifiers)
    ):
        return None  # "2 ปีก่อน", "หลายปีที่ผ่านมา": durations, not dates
    if rel == "today" and before.endswith("ทุก"):
        return None  # ทุกวันนี้ = nowadays
    if release is None or rel.endswith("week"):
        return m.start(), m.end(), DateValue(None, None, None, None, relative=rel)
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "day_before_yesterday": -2, "day_after_tomorrow": 2}
    if rel in offsets:
        try:
            d = release + datetime.timedelta(days=offsets[rel])
        except OverflowError:
            return m.start(), m.end(), DateValue(None, None, None, None, relative=rel)
        v = DateValue(d.year, d.month, d.day, None, relative=rel)
    elif rel.endswith("month"):
        delta = {"this_month": 0, "last_month": -1, "next_month": 1}[rel]
        y, mo = _shift_month(release.year, release.month, delta)
        v = DateValue(y, mo, None, None, relative=rel)
    else:
        delta = {"this_year": 0, "last_year": -1, "next_year": 1}[rel]
        v = DateValue(release.year + delta, None, None, None, relative=rel)
    return m.start(), m.end(), v


_HANDLERS: dict[str, Callable[[re.Match[str], datetime.date | None], _Result]] = {
    "range_cross": _h_range_cross,
    "range_same": _h_range_same,
    "month_range": _h_month_range,
    "english_mdy": _h_english_mdy,
    "dmy": _h_dmy,
    "my": _h_my,
    "year": _h_year,
    "day_rel": _h_day_rel,
    "damaged": _h_damaged,
    "relative": _h_relative,
}


def _in_range(v: DateValue) -> bool:
    """datetime's year range (only absurd release dates can leave it)."""
    return v.year is None or 1 <= v.year <= 9999


# --------------------------------------------------------------------------
# public API


def find_dates(text: str, *, release_date: datetime.date | None = None) -> list[DateMatch]:
    """Find every date expression in running text, non-overlapping, longest
    first, returned in text order.  Offsets index ``text`` exactly.

    >>> [(m.text, m.value.iso) for m in find_dates("ระหว่างวันที่ 8 - 11 ก.ย. 65")]
    [('8 - 11 ก.ย. 65', '2022-09-08')]
    >>> find_dates("เวลา 14:49 น. ครั้งที่ 3")
    []
    """
    norm = arabic_digits(text)  # same length: offsets are preserved
    cands: list[tuple[int, int, int, DateValue | None]] = []
    starts: dict[str, list[int]] = {}  # candidate starts, found once per text and kind of anchor
    for prio, (kind, pat) in enumerate(_patterns()):
        handler = _HANDLERS[kind]
        found = _pattern_matches(kind, pat, norm, starts)
        for m in found:
            if m.end() == m.start():
                continue
            try:
                res = handler(m, release_date)
            except _Reject:
                cands.append((m.start(), m.end(), prio, None))
                continue
            if res is not None:
                s, e, v = res
                if e > s and _in_range(v) and (v.end is None or _in_range(v.end)):
                    cands.append((s, e, prio, v))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, DateValue | None]] = []  # disjoint, kept in text order
    taken_starts: list[int] = []
    for s, e, _, value in cands:
        # only the taken spans on either side of `s` can overlap: bisection, not a scan (linear in all)
        i = bisect.bisect_right(taken_starts, s)
        if (i and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            continue
        taken.insert(i, (s, e, value))
        taken_starts.insert(i, s)
    return [DateMatch(s, e, text[s:e], v) for s, e, v in taken if v is not None]


def _pattern_matches(kind: str, pat: re.Pattern[str], norm: str, memo: dict[str, list]):
    """What ``pat.finditer(norm)`` yields (empty matches aside), trying the pattern only where a match of its
    kind can start (`memo` keeps what several kinds share: month starts, digit runs); the rare kinds led by a
    literal scan."""
    if kind in _MONTH_LED:
        starts = _month_starts(norm, memo)
        if kind == "my":
            starts = sorted({*starts, *_occurrences(norm, ("เดือน",))})
        return _matches_at(pat, norm, starts)
    if kind == "relative":
        return _matches_at(pat, norm, _word_starts(norm, tuple(_date_words().relative)))
    if kind in _DAY_LED:
        return _matches_at(pat, norm, _day_starts(kind, norm, memo))
    if kind == "year":
        return _matches_at(pat, norm, _year_starts(norm, memo))
    return pat.finditer(norm)


@functools.cache
def _filler() -> re.Pattern[str]:
    """Words and marks around a date that carry no date information (``corpora/dates.toml``)."""
    words = "|".join(map(re.escape, _date_words().fillers))
    return re.compile(rf"(?:{words}|[\s()\[\],.\u200b\ufeff])*")


# Patterns whose every match starts where a month name does ("my" also at a เดือน before it). Trying them
# only where a month name can start gives what finditer gives, several times faster: the month names are a
# long alternation that the regex engine would try at every character of the text.
_MONTH_LED = frozenset({"month_range", "english_mdy", "my"})


# Patterns whose every match starts with a weekday (วัน...) or with the day's first digit: tried only there.
_DAY_LED = frozenset({"range_cross", "range_same", "dmy"})
_DIGIT_RUN = re.compile(r"\d+")
_SAME_LINE_SPACE = re.compile(_S)
_SAME_LINE_SPACES = re.compile(f"{_S}*")
_SEP_WORDS = ("-", "–", "—", "จนถึง", "ถึง")  # what `_SEP` holds after its spaces


def _digit_runs(text: str, memo: dict[str, list] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every run of digits (``\\d``, any script: a superset of the ASCII days and years), found
    once per text when `memo` is given."""
    global _last_runs
    if memo is not None and "digits" in memo:
        return memo["digits"]
    last_text, last_runs = _last_runs  # a release's text is scanned by find_dates and the two entity-date finders
    if text is last_text or text == last_text:
        runs = last_runs
    else:
        runs = [m.span() for m in _DIGIT_RUN.finditer(text)]
        if len(text) > 200:  # only whole texts are asked for again
            _last_runs = (text, runs)
    if memo is not None:
        memo["digits"] = runs
    return runs


_last_runs: tuple[str, list[tuple[int, int]]] = ("", [])  # never changed by a caller


def _digit_starts(text: str) -> list[int]:
    """Where a run of digits starts (``\\d``, any script: a superset of the ASCII days and years)."""
    return [s for s, _ in _digit_runs(text)]


def _month_starts(text: str, memo: dict[str, list]) -> list[int]:
    """Where a month literal starts (`_month_literals`), found once per text (the three month-led patterns
    and the day-led ones read it)."""
    if "month" not in memo:
        memo["month"] = _word_starts(text, _month_literals())
    return memo["month"]


def _day_starts(kind: str, text: str, memo: dict[str, list]) -> list[int]:
    """Every place a day-led match (`_DAY_LED`) can start: a วัน (the weekday, optional), or a run of one or two
    digits (the day) that what the pattern puts after the day follows, past same-line spaces: a month
    ("dmy", "range_cross") or the range separator ("range_same"). Other digits cannot start a match: the
    day is one or two digits with no digit after them, then spaces, then the month or the separator."""
    key = "days_sep" if kind == "range_same" else "days_month"  # "dmy" and "range_cross" share theirs
    if key in memo:
        return memo[key]
    if "weekday" not in memo:
        memo["weekday"] = _occurrences(text, ("วัน",))
    if "short_runs" not in memo:  # (start, where the same-line spaces after it end) of each run of 1-2 digits
        # _SAME_LINE_SPACES matches the empty string too, so it always matches
        memo["short_runs"] = [
            (s, _SAME_LINE_SPACES.match(text, e).end())  # type: ignore[union-attr]
            for s, e in _digit_runs(text, memo)
            if e - s <= 2
        ]
    if kind == "range_same":
        follows = lambda p: text.startswith(_SEP_WORDS, p)  # noqa: E731
    else:
        months = set(_month_starts(text, memo))
        follows = months.__contains__
    days = [s for s, after in memo["short_runs"] if follows(after)]
    memo[key] = sorted({*memo["weekday"], *days})
    return memo[key]


@functools.cache
def _era_starts_re() -> re.Pattern[str]:
    return re.compile(f"(?=(?:{_era()}))")  # zero-width: every start, overlapping ones too


def _year_starts(text: str, memo: dict[str, list] | None = None) -> list[int]:
    """Every place a "year" match can start: its ปี keyword, an era, the year's digits (a run of 2 or 4:
    the year has no digit on either side), or a same-line space of the run right before such an era or year
    (the pattern's parts, all optional but the year, in that order: a match that starts at a space skips
    the spaces up to the era or the year, which cannot start with a space)."""
    anchors = [s for s, e in _digit_runs(text, memo) if e - s in (2, 4)]
    anchors += [m.start() for m in _era_starts_re().finditer(text)]
    starts = {*_occurrences(text, ("ปี",)), *anchors}
    for p in anchors:
        j = p
        while j > 0 and _SAME_LINE_SPACE.match(text, j - 1):
            j -= 1
        starts.update(range(j, p))
    return sorted(starts)


@functools.cache
def _month_literals() -> tuple[str, ...]:
    """A literal that every month form `_month_regex` matches starts with: the full and short names, an
    abbreviation without its last dot, an abbreviation without dots, an English name in either case."""
    out: set[str] = set()
    for m in _months():
        out.update(m.thai_full)
        for a in m.thai_abbr:
            out.add(a[:-1] if a.endswith(".") else a)
            out.add(a.replace(".", ""))
        for e in (*m.english_full, *m.english_abbr):
            out.update((e, e.upper()))
    return tuple(sorted(w for w in out if w))


def _occurrences(text: str, words) -> list[int]:
    """Every index where one of `words` occurs in `text` (str.find: far faster than a regex alternation)."""
    out = []
    for word in words:
        i = text.find(word)
        while i != -1:
            out.append(i)
            i = text.find(word, i + 1)
    return out


@functools.cache
def _starts_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern whose matches are the first characters of every occurrence of `words`, overlapping ones too:
    each branch is one first character with the words' rests in a lookahead, so the engine looks for the
    first characters in C and tries the rests only there."""
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[0], set()).add(word[1:])
    branches = []
    for first, tails in sorted(rests.items()):
        if "" in tails:
            branches.append(re.escape(first))
        else:
            branches.append(re.escape(first) + "(?=" + "|".join(map(re.escape, sorted(tails))) + ")")
    return re.compile("|".join(branches))


def _word_starts(text: str, words: tuple[str, ...]) -> list[int]:
    """``sorted(set(_occurrences(text, words)))``: every index where one of `words` starts, in one scan."""
    if not words or "" in words:
        return sorted(set(_occurrences(text, words)))
    return [m.start() for m in _starts_re(words).finditer(text)]


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]):
    """What ``pattern.finditer(text)`` yields (empty matches aside), for a pattern whose every match begins at
    one of the sorted `starts`: leftmost matches, each search resuming where the last match ended."""
    resume = 0
    for start in starts:
        if start < resume:
            continue
        m = pattern.match(text, start)
        if m is not None and m.end() > m.start():
            yield m
            resume = m.end()


_matches_at = matches_at


def parse_thai_date(text: str, *, release_date: datetime.date | None = None) -> DateValue | None:
    """Parse one Thai date expression (the whole string, surrounding space
    and filler words such as ``วันที่``/``เมื่อ`` allowed); None if the string is
    not exactly one date.

    >>> parse_thai_date("วันที่ 3 ก.ย. 62")
    DateValue(year=2019, month=9, day=3, calendar='BE', end=None, relative=None, fiscal_year=False)
    >>> parse_thai_date("14:49 น.") is None
    True
    """
    matches = find_dates(text, release_date=release_date)
    if len(matches) != 1:
        return None
    m = matches[0]
    for rest in (text[: m.start], text[m.end :]):
        if _filler().fullmatch(rest) is None:
            return None
    return m.value


# --------------------------------------------------------------------------
# dates the entity stage tags but find_dates does not read (corpora/dates.toml [entity_dates])


@functools.cache
def _entity_date_patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], frozenset[str], tuple[str, ...], tuple[str, ...]
]:
    data = read_toml(corpus_file("dates.toml"))["entity_dates"]
    sep = "|".join(re.escape(s) for s in data["numeric_separators"])
    numeric = re.compile(
        rf"(?<![\d{sep}.])(?P<a>\d{{1,2}})(?:{sep})(?P<b>\d{{1,2}})(?:{sep})(?P<y>\d{{4}}|\d{{2}})(?![\d{sep}]|\.\d)"
    )
    keywords = tuple(sorted(data["year_keywords"], key=len, reverse=True))
    keyed = re.compile(
        rf"(?P<kw>{_alt(keywords)}){_S}*(?P<era>(?:{_era()}){_S}*)?(?P<y>(?<!\d)(?:\d{{4}}|\d{{2}}))(?!\d)(?![.:,/]\d)"
        rf"(?:{_S}*[-–]{_S}*(?P<yend>\d{{4}})(?!\d))?"
    )
    not_after = tuple(data["year_keyword_not_after"])
    return numeric, keyed, frozenset(data["two_digit_year_keywords"]), keywords, not_after


@functools.cache
def _truncated_month_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = read_toml(corpus_file("dates.toml"))["entity_dates"]
    # the abbreviations' pieces up to a dot that are not a whole abbreviation: ม., มิ., ก., เม. (corpora/months.tsv)
    whole = set(month_names())
    fragments = {
        abbr[: i + 1] for m in _months() for abbr in m.thai_abbr for i, ch in enumerate(abbr) if ch == "." and i > 0
    } - whole
    day = r"(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
    pattern = re.compile(
        rf"(?:^|(?<=[\s(\u0e01-\u0e4f]))(?:(?P<first>{day})[ ]?[-–][ ]?)?(?P<day>{day})[ ]?"
        rf"(?P<frag>{_alt(fragments)})(?![\u0e01-\u0e2e]\.)"
        rf"(?:[ ]?(?:(?P<era>{_era()})[ ]?)?(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9])(?![.:,/][0-9]))?"
    )
    return pattern, tuple(data["truncated_month_ends"])


def find_truncated_month_dates(text: str) -> list[DateMatch]:
    """A day and a Thai month abbreviation cut short, with its year ("15 มิ. 2562", "2 ส. 62", "8-11 มิ.
    2562"), or before one of `corpora/dates.toml` [entity_dates] truncated_month_ends ("5 ส. นี้") or a line
    end: damaged text that `find_dates` does not read (the numeral repair proposes the whole abbreviation). The month is
    known when the piece starts one abbreviation only ("พ." is May or November). Not a whole abbreviation
    ("15 มิ.ย. 2562" is `find_dates`'), nor one whose last letter is there without its dot ("9 มิ.ย 62").

    >>> [(m.text, m.value.iso) for m in find_truncated_month_dates("เมื่อวันที่ 15 มิ. 2562 ณ กรุงเทพฯ")]
    [('15 มิ. 2562', '2019-06-15')]
    >>> find_truncated_month_dates("ข้อ 3 ก. และข้อ 4 ข.")
    []
    """
    if "." not in text:
        return []
    pattern, ends = _truncated_month_pattern()
    norm = arabic_digits(text)  # same length: offsets are preserved
    whole = set(month_names())
    found = []
    # a match starts at a run of digits (its day): tried only there
    for m in matches_at(pattern, norm, _digit_starts(norm)):
        frag, end = m.group("frag"), m.end()
        if frag + norm[m.end("frag") : m.end("frag") + 1] + "." in whole:
            continue  # "9 มิ.ย 62": the abbreviation without its last dot is whole
        year = year_value(m.group("y"), (m.group("era") or "").strip() or None) if m.group("y") else None
        if m.group("y") and year is None:
            continue
        if year is None:
            end = m.end("frag")
            after = norm[end : end + 12].removeprefix(" ")
            if after and not after.startswith(ends) and after[0] not in "\r\n":
                continue  # "ข้อ 3 ก. และ": no year and nothing that closes a date
        months = month_abbreviation_completions(frag)
        month = months[0] if len(months) == 1 else None
        y, cal = year if year else (None, None)
        days = int(m.group("day")), int(m.group("first") or 0)
        if month is not None and max(days) > _days_in(y, month):
            continue
        last = DateValue(y, month, days[0], cal)
        value = DateValue(y, month, days[1], cal, end=last) if days[1] else last
        found.append(DateMatch(m.start(), end, text[m.start() : end], value))
    return found


def find_entity_dates(text: str) -> list[DateMatch]:
    """Dates written in digits ("29/03/2566") and years after a year word ("ปีการศึกษา 2567", the word
    left out), which `find_dates` does not read: the entity stage adds them as DATE entities where no other
    date lies (`corpora/dates.toml` [entity_dates]). A year alone has no month or day.

    >>> [(m.text, m.value.iso) for m in find_entity_dates("ฉบับวันที่ 29/03/2566 ประจำปีการศึกษา 2567")]
    [('29/03/2566', '2023-03-29'), ('2567', None)]
    """
    numeric, keyed, two_digit_keywords, keywords, not_after = _entity_date_patterns()
    norm = arabic_digits(text)  # same length: offsets are preserved
    found: list[DateMatch] = []
    if "/" in norm:
        # a match starts at a run of digits (its look-behind allows no digit before it): tried only there
        for m in matches_at(numeric, norm, _digit_starts(norm)):
            year = year_value(m.group("y"), None)
            a, b = int(m.group("a")), int(m.group("b"))
            for day, month in ((a, b), (b, a)):
                if year and 1 <= month <= 12 and 1 <= day <= _days_in(year[0], month):
                    value = DateValue(year[0], month, day, year[1])
                    found.append(DateMatch(m.start(), m.end(), text[m.start() : m.end()], value))
                    break
    taken = [(d.start, d.end) for d in found]
    for start in sorted(set(_occurrences(norm, keywords))):
        k = keyed.match(norm, start)
        if k is None or any(s < k.end() and start < e for s, e in taken) or norm.endswith(not_after, 0, start):
            continue
        era = (k.group("era") or "").strip() or None
        year = year_value(k.group("y"), era, short_ok=k.group("kw") in two_digit_keywords or bool(era))
        if year is None:
            continue
        first = k.start("era") if era else k.start("y")
        end = k.end("yend") if k.group("yend") else k.end("y")
        found.append(DateMatch(first, end, text[first:end], DateValue(year[0], None, None, year[1])))
    return sorted(found, key=lambda d: d.start)
