"""Damage an intact release the way text extraction loses numerals, to measure repair on real prose.

Losses imitate what the reference release shows: the digits of a count before its classifier ("ทั้งหมด 4 รอบ"
-> "ทั้งหมด รอบ"; a classifier is a word pythainlp's ORCHID tagger tags as one after the number, or a unit of
``corpora/numerals/damage_units.txt``, never the templates' words, so recall is not measured only over what the
detectors were written for), of an ordinal after any word glued to ที่ ("ครั้งที่ 3 ใน" -> "ครั้งที่ ใน",
"กลุ่มที่ 2 คือ" -> "กลุ่มที่ คือ"), of a percentage ("ร้อยละ 26 ของ" ->
"ร้อยละ ของ"), the day of a date after วันที่ ("วันที่ 2 ส.ค. 62" -> "วันที่ ส.ค. 62"), the day and the
month letters ("วันที่ 2 ส.ค. 62" -> "วันที่ .. 62"), and the end of a month abbreviation ("มิ.ย." -> "มิ.").
Where a number and its spaces go, one space is left if there was one, as in the reference.

A loss is marked ``implied`` when the text itself determines the value, in the three ways the issue names:
an enumeration after the classifier (ได้แก่/คือ/ดังนี้/a colon) whose items, counted here by a counter of
its own (not the detector's), number exactly the lost count; a month fragment with one completion; an
ordinal after the earlier occurrences listed before it. A loss whose value only survives in the same phrase
elsewhere (a repeated headline) is marked ``repeated`` instead, and reported apart.

>>> import random
>>> damaged = damage_release("งานจัดขึ้นทั้งหมด 4 รอบ โดยเริ่มปีนี้", random.Random(0), rate=1.0)
>>> damaged.text
'งานจัดขึ้นทั้งหมด รอบ โดยเริ่มปีนี้'
>>> [(loss.kind, loss.original, loss.position) for loss in damaged.losses]
[('count', '4', 18)]
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from pipeline.dates import find_dates, month_abbreviation_completions, weekday_names
from pipeline.entities.pos import lst20_pos_tags
from pipeline.normalize import arabic_digits
from pipeline.numerals.strategies.phrases import phrase_pattern
from pipeline.numerals.templates import Templates, load_templates
from pipeline.resources import corpus_file
from pipeline.tokens import word_tokenize

__all__ = ["Loss", "DamagedRelease", "damage_release", "damage_units", "LOSS_KINDS"]

LOSS_KINDS = ("count", "ordinal", "percent", "date_day", "date_day_month", "month")

_NUMBER = re.compile(r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,]*(?:\.[0-9\u0e50-\u0e59]+)?")
# a number after these is a label (floor, room, phone, article), not a count
_LABELS = (
    "ชั้น",
    "ห้อง",
    "หมู่",
    "ข้อ",
    "ซอย",
    "เลขที่",
    "โทร",
    "โทร.",
    "หมายเลข",
    "มาตรา",
    "พ.ศ.",
    "ค.ศ.",
    "ปี",
    "รุ่น",
    "ฉบับ",
    "ที่",
    "อาคาร",
    "ถนน",
    "กม.",
    "รหัส",
    "สาย",
    "เวลา",
    "วันที่",
    "ม.",
    "โควิด",
    "COVID",
    "PM",
    "เฟส",
    "ระดับ",
    "กด",
    "ตอน",
    "ตอนพิเศษ",
    "เล่ม",
)


# any word glued to ที่ before the number names an ordinal ("กลุ่มที่ 3", "ไตรมาสที่ 2"), not only the templates'
# markers; วันที่ and the weekdays' are dates ("วันพุธที่ 4"), damaged as dates
@functools.cache
def _ordinal_before() -> re.Pattern[str]:
    not_a_day = "".join(f"(?<!{re.escape(name)})" for name in ("วัน", *weekday_names()))
    return re.compile(not_a_day + r"(?<=[\u0e01-\u0e4f])ที่[ ]?$")


# a classifier, maybe one word glued to it ("มาตรการหลัก"), then a word that opens an enumeration
_ENUMERATION_AFTER = re.compile(r"[^\s]{0,12}?[ ]?(?:ได้แก่|คือ|ดังนี้|ดังต่อไปนี้|ประกอบด้วย|:)[ ]?:?")


@dataclass(frozen=True)
class Loss:
    """One lost string: where it was in the damaged text, what kind it was, what it said."""

    position: int
    kind: str
    original: str
    implied: bool = False
    repeated: bool = False  # the same phrase, number intact, is still elsewhere in the damaged text


@dataclass(frozen=True)
class DamagedRelease:
    text: str
    losses: tuple[Loss, ...]


@dataclass(frozen=True)
class _Edit:
    start: int  # in the intact text
    end: int
    replacement: str
    kind: str
    original: str
    anchor: int  # intact offset that marks the loss position (where the value was)
    implied: bool = False
    context: tuple[int, int] | None = None  # intact span of the number, for the "same phrase elsewhere" check
    same_date: tuple[int | None, int | None, int | None] | None = None  # for the "same date elsewhere" check


def _remove_with_spaces(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Remove text[start:end] leaving one space if a space touched it on either side."""
    if start > 0 and text[start - 1] == " " and end < len(text) and text[end] == " ":
        return start, end + 1, ""
    return start, end, ""


@functools.cache
def damage_units() -> frozenset[str]:
    """The money and measure units of ``corpora/numerals/damage_units.txt`` (read once)."""
    lines = corpus_file("numerals", "damage_units.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_CLASSIFIER_TAG = "CL"  # LST20 tag of ORCHID's CNIT, CLTV, CMTR, CFQC and CVBL
_TIME_OF_DAY = frozenset(["น.", "นาฬิกา"])  # "10 น." is a time, not a count
_THAI_WORD = re.compile(r"[\u0e01-\u0e2e]")


def _unit_after(tokens: list[str], j: int) -> str | None:
    """The unit of the fixed list that starts at token ``j`` (longest first: "ล้าน"+"บาท" before "ล้าน")."""
    for k in (3, 2, 1):
        word = "".join(tokens[j : j + k])
        if j + k <= len(tokens) and word in damage_units():
            return word
    return None


def _is_classifier(tokens: list[str], j: int) -> bool:
    """Does token ``j`` (the word after a number) classify or measure it, by the unit list or ORCHID's tag?

    The tagger sees the number and a few words on either side, which is the context its features use.
    """
    word = tokens[j]
    if not _THAI_WORD.match(word) or word in _TIME_OF_DAY:
        return False
    if _unit_after(tokens, j) is not None:
        return True
    lo = max(0, j - 6)
    return lst20_pos_tags(tokens[lo : j + 3])[j - lo] == _CLASSIFIER_TAG


def _count_and_ordinal_sites(text: str, templates: Templates) -> list[_Edit]:
    """Numbers to remove: counts before a classifier or unit (chosen without the templates, so the measure
    is not bounded by what the detectors know), ordinals after the templates' markers, percentages."""
    markers = tuple(sorted({w for t in templates if t.detector == "missing_ordinal" for w in t.words}, key=len))
    in_dates = [(m.start, m.end) for m in find_dates(text)]
    edits = []
    pos = 0
    tokens, starts = word_tokenize(text), []
    for piece in tokens:
        starts.append(pos)
        pos += len(piece)
    for i, (piece, start) in enumerate(zip(tokens, starts)):
        if not _NUMBER.fullmatch(piece):
            continue
        end = start + len(piece)
        before = text[max(0, start - 12) : start]
        if before[-1:] in "-–/.,:" or before.rstrip(" ")[-1:] in "-–/:":
            continue
        j = i + 2 if i + 2 < len(tokens) and tokens[i + 1] == " " else i + 1
        nxt = tokens[j] if j < len(tokens) else ""
        after = text[end : end + 2]
        s, e, repl = _remove_with_spaces(text, start, end)
        in_date = any(ds <= start < de for ds, de in in_dates)
        ordinal = before.rstrip(" ").endswith(markers) or (_ordinal_before().search(before) and not in_date)
        if ordinal and re.match(r"[ )\n,]|$", after) and "." not in piece:
            implied = _same_number(_occurrences_listed_before(text, start), piece)
            edits.append(_Edit(s, e, repl, "ordinal", piece, e, implied, (start, end)))
            continue
        if before.rstrip(" ").endswith("ร้อยละ"):
            if before.endswith(" ") and after[:1] == " ":
                edits.append(_Edit(s, e, repl, "percent", piece, e, False, (start, end)))
            continue
        label_like = re.match(r"[ ]?[0-9\u0e50-\u0e59]", text[end : end + 40].lstrip(" ")[len(nxt) :])
        labelled = label_like or before.rstrip(" ").endswith(_LABELS)
        if labelled or after.startswith(("-", "–", ".", "/", ",")) or not nxt:
            continue
        if in_date:
            continue  # the day or year of a date
        if text[max(0, start - 1) : start] in ("", "\n") and _unit_after(tokens, j) is None:
            continue  # a number opening a line labels an item ("2 รัฐมนตรีรับทราบ"), unless a unit follows
        if _is_classifier(tokens, j):
            anchor = starts[j]
            unit = _unit_after(tokens, j) or nxt
            implied = _same_number(_enumeration_count_after(text, anchor + len(unit)), piece)
            edits.append(_Edit(s, e, repl, "count", piece, anchor, implied, (start, end)))
    return edits


_ABBREVIATED = re.compile(
    r"(?P<day>\d{1,2})(?P<sp>[ ]?)(?P<mon>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.[\u0e01-\u0e2e]\.)"
)


def _date_sites(text: str, rng: random.Random) -> list[_Edit]:
    edits = []
    for match in find_dates(text):
        value = match.value
        if value.day is None or value.month is None or value.end is not None:
            continue
        s = match.start
        after_kw = re.search(r"(?:วันที่|ที่)[ ]?$", text[max(0, s - 8) : s]) is not None
        abbreviated = _ABBREVIATED.match(text, s)
        day = re.match(r"\d{1,2}", text[s:])
        if day is None:
            continue
        choice = rng.random()
        if abbreviated and choice < 0.4:
            # the day and the month letters go, the dots stay: "2 ส.ค. 62" -> ".. 62"
            dots = re.sub(r"[^.]", "", abbreviated.group("mon"))
            original = text[s : abbreviated.end("mon")]
            edits.append(
                _Edit(
                    s,
                    abbreviated.end("mon"),
                    dots,
                    "date_day_month",
                    original,
                    s,
                    same_date=(value.year, value.month, value.day),
                )
            )
        elif abbreviated and choice < 0.7:
            mon = abbreviated.group("mon")
            fragment = mon[: mon.rfind(".", 0, len(mon) - 1) + 1]
            ms = abbreviated.start("mon")
            implied = len(month_abbreviation_completions(fragment)) == 1
            edits.append(_Edit(ms, ms + len(mon), fragment, "month", mon, ms, implied))
        elif after_kw:
            e = s + day.end()
            ss, ee, repl = _remove_with_spaces(text, s, e)
            edits.append(
                _Edit(ss, ee, repl, "date_day", day.group(), s, same_date=(value.year, value.month, value.day))
            )
    # "เดือนมิ.ย.ที่ผ่านมา": month names after เดือน lose their last letter too
    for m in re.finditer(r"(?<=เดือน)(?P<mon>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.[\u0e01-\u0e2e]\.)", text):
        mon = m.group("mon")
        fragment = mon[: mon.rfind(".", 0, len(mon) - 1) + 1]
        if not month_abbreviation_completions(mon):
            continue
        implied = len(month_abbreviation_completions(fragment)) == 1
        edits.append(_Edit(m.start(), m.end(), fragment, "month", mon, m.start(), implied))
    return edits


def damage_release(
    text: str, rng: random.Random, *, rate: float = 0.35, templates: Templates | None = None
) -> DamagedRelease:
    """Remove numerals from an intact release; each candidate site is damaged with probability ``rate``."""
    templates = templates if templates is not None else load_templates()
    sites = _count_and_ordinal_sites(text, templates) + _date_sites(text, rng)
    sites.sort(key=lambda e: (e.start, e.end))
    chosen: list[_Edit] = []
    for edit in sites:
        if rng.random() >= rate:
            continue
        if chosen and edit.start < chosen[-1].end + 2:
            continue
        chosen.append(edit)
    parts, pos, shift = [], 0, 0
    placed: list[tuple[_Edit, int]] = []
    for edit in chosen:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        damaged_anchor = (
            edit.anchor - shift - (edit.end - edit.start - len(edit.replacement)) * (edit.anchor >= edit.end)
        )
        placed.append((edit, damaged_anchor))
        shift += edit.end - edit.start - len(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    damaged = "".join(parts)
    losses = tuple(
        Loss(anchor, edit.kind, edit.original, edit.implied, not edit.implied and _still_elsewhere(text, damaged, edit))
        for edit, anchor in placed
    )
    return DamagedRelease(damaged, losses)


def _still_elsewhere(intact: str, damaged: str, edit: _Edit) -> bool:
    """The damaged text still shows the lost value in the same phrase elsewhere (a repeated headline)."""
    if edit.context is None:
        return False
    start, end = edit.context
    pattern = phrase_pattern(intact, start, end, edit.original)
    return pattern is not None and pattern.search(damaged) is not None


# --------------------------------------------------------------------------- what the intact text implies
#
# Deliberately simple and separate from pipeline.numerals.strategies: these decide the ground truth
# (``implied``), so they must not share the detector's code path.

_BULLET = re.compile(r"[ ]*(?:[-•●▪◦*–✓]|[0-9]{1,2}[.)]|\([0-9]{1,2}\))[ ]*\S")


def _same_number(counted: int | None, number: str) -> bool:
    digits = arabic_digits(number).replace(",", "")
    return counted is not None and digits.isdigit() and counted == int(digits)


def _enumeration_count_after(text: str, at: int) -> int | None:
    """How many items the enumeration opened right after ``text[:at]`` (a classifier) lists, or None."""
    cue = _ENUMERATION_AFTER.match(text, at)
    if cue is None:
        return None
    after = arabic_digits(text[cue.end() : cue.end() + 3000])
    return _quoted(after) or _numbered(after) or _bulleted(after) or _inline(after)


def _quoted(after: str) -> int | None:
    run = re.match(r"(?:[ ,]*(?:และ|หรือ)?[ ]*(?:“[^”\n]+”|\"[^\"\n]+\"))+", after)
    n = run.group().count("“") + run.group().count('"') // 2 if run else 0
    return n if n >= 2 else None


def _numbered(after: str) -> int | None:
    first = re.match(r"\s*(\(?)1([.)])(?![0-9])", after)
    if first is None:
        return None
    opening, closing = first.group(1), first.group(2)
    pos, n = first.end(), 1
    while (nxt := after.find(f"{opening}{n + 1}{closing}", pos, pos + 1000)) >= 0:
        if after[nxt - 1 : nxt].strip() or after[nxt + len(f"{opening}{n + 1}{closing}") :][:1].isdigit():
            pos = nxt + 1
            continue  # "21." inside another number, or "2." followed by digits (a decimal)
        pos, n = nxt + 1, n + 1
    return n if n >= 2 else None


def _bulleted(after: str) -> int | None:
    if not after.lstrip(" ").startswith("\n"):
        return None
    lines = after.lstrip(" ").split("\n")[1:]
    n = 0
    for line in lines:
        if not _BULLET.match(line):
            break
        n += 1
    return n if n >= 2 else None


def _inline(after: str) -> int | None:
    """Items on the rest of the line, split on commas (or else spaces), และ before the last one."""
    line = after.split("\n")[0].strip()
    last = re.search(r"(?:^|[ ,])และ(?=\S)|(?<=[\u0e01-\u0e4f])และ(?=[\u0e01-\u0e4f])", line)
    if last is None:
        return None
    body = line[: last.start()].strip(" ,")
    items = [i for i in re.split(r"," if "," in body else r"[ ]+", body) if i.strip()]
    return len(items) + 1 if items else None


_HELD = re.compile(r"จัด(?:ขึ้น|งาน|กิจกรรม)?(?:แล้ว)?[ ]?(?:ที่|ณ)")
_NOW = re.compile(r"ครั้งนี้|คราวนี้|ครั้งล่าสุด")


def _occurrences_listed_before(text: str, at: int) -> int | None:
    """ "held at A and B …, this time … ครั้งที่ 3": the places listed before this occurrence, plus one."""
    paragraph = text[max(text.rfind("\n", 0, at) + 1, at - 600) : at]
    nows = list(_NOW.finditer(paragraph))
    if not nows:
        return None
    held = list(_HELD.finditer(paragraph, 0, nows[-1].start()))
    if not held:
        return None
    places = re.split(r"เมื่อ|ซึ่ง|โดย", paragraph[held[-1].end() : nows[-1].start()])[0]
    n = len([p for p in re.split(r",|และ", places) if p.strip()])
    return n + 1 if 1 <= n <= 10 else None
