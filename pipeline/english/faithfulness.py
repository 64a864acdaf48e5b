"""Faithfulness: every number, date, name and organisation a summary states must trace to the record.

- numbers: written in the Thai text (Arabic or Thai digits), or a value of a date, figure or series in the
  record; a year may be written in the text in the Buddhist Era (2562 → 2019). A value a numeral repair only
  proposed must carry "[needs review]" right after it.
- dates ("2 August 2019", "August 2019", "June"): a date of the record (or its release date) with those parts.
- names (runs of capitalised words): a substring of the English the record holds (entity names, official names
  and abbreviations, roles, places, titles, topics) or of Latin-script text in the release.
- quality: the summary is not empty, has no Thai outside quotes, and does not loop on one word.

>>> from pipeline.record import Release
>>> record = Release(id="t", text="ผู้ประกอบการ 120 คน เข้าร่วม")
>>> [p.kind for p in check("120 people took part.", record)]
[]
>>> [(p.kind, p.text) for p in check("350 people took part.", record)]
[('number', '350')]
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.dates import be_to_ce
from pipeline.normalize import arabic_digits
from pipeline.record import NamedRef, Release

NEEDS_REVIEW = "[needs review]"
LOST = "[lost from the release]"
UNTRANSLATED = "[Thai, untranslated]"

_NUMBER_IN_TEXT = re.compile(r"[0-9๐-๙]+(?:[,.][0-9๐-๙]+)*")
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?)(?:st|nd|rd|th)?(?![\w])")
_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_MONTH_RE = "|".join(_MONTHS)
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH_RE})(?: (?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b(?P<month>{_MONTH_RE}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<month>{_MONTH_RE})(?: (?P<year>\d{{4}}))?\b"),
)
_NAME_RUN = re.compile(
    r"[A-Z][A-Za-z0-9'’.&\-]*(?:(?: +(?:of|and|the|for|on|de|la|du|von|van|bin|al)\b)* +[A-Z][A-Za-z0-9'’.&\-]*)*"
)
_CONNECTORS = frozenset("of and the for on de la du von van bin al".split())
_MARKERS = re.compile(r"\[[^\]\n]{1,40}\]|\((?:romanised|romanized)\)")
_THAI_QUOTED = re.compile(r"[“\"][^”\"\n]*[\u0e00-\u0e7f][^”\"\n]*[”\"]")
_THAI = re.compile(r"[\u0e01-\u0e4e]+")
# Capitalised words that are English prose, not names: sentence openers and the template's own words.
GENERIC_WORDS = frozenset(
    """
A An The This That These Those It Its He His She Her They Their There We Our In On At By For From With Without
And But Or Also As After Before During While When Where Which Who Whom Whose What Why How According Under Over
Among Between Through To Of About Since Until Into Upon If Then Both Each Every All Some Many Most More Other
Such Not No Yes Earlier Later Meanwhile However Moreover Furthermore Additionally Today Yesterday Tomorrow
Speakers Speaker Taking Topics Topic Figures Figure Headline Summary Event Events Series Held Hold Holds
Participants Organised Organized Date Place Places Release Thai English Named
Meeting Forum Memorandum Visit Launch Announcement Approval Advisory Ceremony
""".split()
)


@dataclass(frozen=True)
class Problem:
    """Something a summary states that the record does not support."""

    kind: str  # number | proposal | date | name | quality
    text: str
    start: int
    end: int
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _canon(number: str) -> str:
    """Canonical form of a number ("1,500" -> "1500", "2.50" -> "2.5"); numbers too long for a float to hold
    exactly (or at all: "1" * 310 is infinite as a float) keep their digits."""
    text = number.replace(",", "")
    value = float(text)
    if math.isfinite(value) and (len(text) <= 15 or not _PLAIN_NUMBER.fullmatch(text)):
        return repr(int(value)) if value == int(value) else repr(value)
    whole, _, fraction = text.partition(".")
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


_GROUPED_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@functools.lru_cache(maxsize=8192)
def _text_number(raw: str) -> frozenset[str]:
    """What one number written in a release supports, in canonical form: itself, without a trailing "." or
    ",", its parts between dots, and the CE year of a BE year."""
    raw = arabic_digits(raw)
    found: set[str] = set()
    for part in {raw, raw.rstrip(".,")} | set(raw.split(".")):
        if _GROUPED_NUMBER.fullmatch(part):
            found.add(_canon(part))
            n = float(part.replace(",", ""))
            if 2400 <= n <= 2700 and n == int(n):
                found.add(str(be_to_ce(int(n))))
    return frozenset(found)


def traceable_numbers(record: Release) -> set[str]:
    """Numbers the record supports as plain fact, in canonical form ("1500", "26", "2.5")."""
    found: set[str] = set()
    for raw in set(_NUMBER_IN_TEXT.findall(record.text)):
        # long ones (rare) are not remembered: the cache stays small whatever the input
        found.update(_text_number(raw) if len(raw) <= 40 else _text_number.__wrapped__(raw))
    dates = list(record.dates)
    dates += [d.end_date for d in record.dates if d.end_date is not None]
    for d in dates:
        found.update(str(v) for v in (d.year, d.month, d.day) if v is not None)
    if record.release_date:
        found.update(str(int(v)) for v in record.release_date.split("-"))
    event = record.event
    if event.date is not None:
        found.update(str(v) for v in (event.date.year, event.date.month, event.date.day) if v is not None)
    for f in event.figures:
        if f.value is not None:
            found.add(_canon(str(f.value)))
        for raw in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", f.english or ""):
            found.add(_canon(raw))
    if event.series is not None:
        for v in (event.series.number, event.series.total):
            if v is not None and v.value is not None:
                found.add(str(v.value))
    return found


def proposed_numbers(record: Release) -> set[str]:
    """Numbers only a numeral repair proposes: allowed only when marked as needing review."""
    found: set[str] = set()
    for r in record.repairs:
        for value in [r.replacement or ""] + [c.value for c in r.candidates]:
            for raw in re.findall(r"\d+(?:\.\d+)?", arabic_digits(value)):
                found.add(_canon(raw))
    if record.event.series is not None:
        for v in (record.event.series.number, record.event.series.total):
            if v is not None and v.proposed is not None:
                found.add(str(v.proposed))
    return found


def known_english(record: Release) -> str:
    """All English the record holds, one item a line, for name look-ups."""
    from pipeline.entities.gazetteer import default_gazetteer

    items: list[str] = []
    gazetteer = default_gazetteer()
    for e in record.entities:
        items += [e.english or ""]
        entry = gazetteer.entry(e.canonical) if e.canonical else None
        if entry is not None:
            items += [entry.english, entry.abbr_en]
    event = record.event
    refs: list[NamedRef] = [*event.organizers, *event.locations]
    refs += [o.parent for o in event.organizers if o.parent is not None]
    for p in event.participants:
        refs += [p.name] + ([p.organization] if p.organization else [])
        items.append(p.role.english if p.role and p.role.english else "")
    for ref in refs:
        items += [ref.english or "", ref.abbreviation or ""]
    if event.title is not None:
        items.append(event.title.english or "")
    items += [t.english or "" for t in event.topics]
    items += [f.english or "" for f in event.figures]
    items += re.findall(r"[A-Za-z][A-Za-z0-9'’.&\- ]*[A-Za-z0-9.]", record.text)
    return "\n".join(i for i in items if i)


def _masked(text: str) -> str:
    """The summary with markers and quoted Thai blanked out (same length, so offsets hold)."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group())

    return _THAI_QUOTED.sub(blank, _MARKERS.sub(blank, text))


def check(summary_text: str, record: Release) -> list[Problem]:
    """Problems with `summary_text` against `record`; an empty list means every claim traces to the record."""
    problems = _quality(summary_text)
    masked = _masked(summary_text)
    problems += _numbers(summary_text, masked, record)
    problems += _dates(masked, record)
    problems += _names(masked, record)
    return sorted(problems, key=lambda p: p.start)


def _numbers(text: str, masked: str, record: Release) -> list[Problem]:
    numbers = list(_NUMBER.finditer(masked))
    if not numbers:  # nothing to check against the record's numbers
        return []
    facts, proposals = traceable_numbers(record), proposed_numbers(record)
    problems = []
    for m in numbers:
        value = _canon(m.group(1))
        if value in facts:
            continue
        if value in proposals:
            if text[m.end() : m.end() + 25].lstrip(" %").startswith(NEEDS_REVIEW):
                continue
            problems.append(
                Problem(
                    "proposal",
                    m.group(),
                    m.start(),
                    m.end(),
                    f"{m.group()} is only a proposed repair but is stated without {NEEDS_REVIEW}",
                )
            )
            continue
        problems.append(Problem("number", m.group(1), m.start(1), m.end(1), f"{m.group(1)} is not in the release"))
    return problems


def _dates(masked: str, record: Release) -> list[Problem]:
    known = [(d.year, d.month, d.day) for d in record.dates]
    known += [(d.end_date.year, d.end_date.month, d.end_date.day) for d in record.dates if d.end_date]
    if record.release_date:
        year, month, day = (int(v) for v in record.release_date.split("-"))
        known.append((year, month, day))
    if record.event.date is not None:
        known.append((record.event.date.year, record.event.date.month, record.event.date.day))
    problems: list[Problem] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(masked):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            parts = m.groupdict()
            want = (
                int(parts["year"]) if parts.get("year") else None,
                _MONTHS[parts["month"]],
                int(parts["day"]) if parts.get("day") else None,
            )
            if not any(all(w is None or w == k for w, k in zip(want, have)) for have in known):
                problems.append(
                    Problem("date", m.group(), m.start(), m.end(), f"the date {m.group()!r} is not in the release")
                )
    return problems


def _names(masked: str, record: Release) -> list[Problem]:
    known = known_english(record)
    problems = []
    for m in _NAME_RUN.finditer(masked):
        for part, offset in _parts(m.group(), m.start()):
            words = part.split()
            while words and (words[0] in GENERIC_WORDS or words[0] in _MONTHS or words[0] in _CONNECTORS):
                offset += len(words[0]) + 1
                words = words[1:]
            while words and (words[-1] in _MONTHS or words[-1] in _CONNECTORS):
                words = words[:-1]
            name = " ".join(words).rstrip(".")
            if not name or name in _MONTHS or name in GENERIC_WORDS:
                continue
            if _word_in(name, known):
                continue
            problems.append(Problem("name", name, offset, offset + len(name), f"{name!r} names nothing in the record"))
    return problems


def _parts(run: str, start: int) -> Iterator[tuple[str, int]]:
    """A run split at " and " and at sentence ends (names listed together are checked one by one)."""
    offset = start
    for part in re.split(r"( and |\.\s+)", run):
        if part != " and " and not re.fullmatch(r"\.\s+", part):
            yield part, offset
        offset += len(part)


def _word_in(word: str, known: str) -> bool:
    """`word` is in `known` with no Latin letter glued on either side (a plain search: a regex built for each
    name was compiled again for every release)."""
    start = known.find(word)
    while start != -1:
        end = start + len(word)
        if (start == 0 or not _is_latin_letter(known[start - 1])) and (
            end == len(known) or not _is_latin_letter(known[end])
        ):
            return True
        start = known.find(word, start + 1)
    return False


def _is_latin_letter(char: str) -> bool:
    return "A" <= char <= "Z" or "a" <= char <= "z"


def _quality(text: str) -> list[Problem]:
    problems = []
    if not re.search(r"[A-Za-z]{2}", text):
        problems.append(Problem("quality", text[:40], 0, len(text), "the summary has no English words"))
    for m in _THAI.finditer(_THAI_QUOTED.sub(lambda q: " " * len(q.group()), text)):
        problems.append(Problem("quality", m.group(), m.start(), m.end(), "Thai text outside quotes (untranslated)"))
        break
    words = re.findall(r"\S+", text.lower())
    for i in range(len(words) - 3):
        if len(set(words[i : i + 4])) == 1:
            problems.append(Problem("quality", words[i], 0, len(text), f"the summary repeats {words[i]!r}"))
            break
    return problems
