"""Inference strategies: what value the text itself implies for a slot.

Each strategy is a small function ``(slot, doc) -> list[Candidate]`` registered under the name templates use.
A strategy proposes only what it can show from the text, and says how in ``evidence`` (one English
sentence quoting the Thai). No candidate is an answer too: the slot is still flagged for review.

>>> from pipeline.numerals.templates import load_templates
>>> from pipeline.numerals.detectors import Document, find_slots
>>> doc = Document("แบ่งออกเป็น หัวข้อ ได้แก่ “ก” และ “ข”", load_templates().lexicon)
>>> slot = find_slots(doc, load_templates())[0]
>>> [c.value for c in enumeration_count(slot, doc)]
['2']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pipeline.dates import find_dates, month_abbreviation_completions
from pipeline.normalize import arabic_digits
from pipeline.numerals.detectors import Document, Slot
from pipeline.record import Candidate
from pipeline.resources import corpus_file

__all__ = ["STRATEGIES", "Strategy", "count_items", "month_abbreviation"]

Strategy = Callable[[Slot, Document], list[Candidate]]

_NUMBER = r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,]*(?:\.[0-9\u0e50-\u0e59]+)?"


def _shorten(s: str, width: int = 30) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


# --------------------------------------------------------------------------- enumerations

_QUOTED_ITEM = re.compile(r"\s*(?:,|และ|หรือ|รวมทั้ง)?\s*(?:“[^”\n]{1,300}”|\"[^\"\n]{1,300}\"|‘[^’\n]{1,300}’)")
_BULLET_LINE = re.compile(r"\n[ ]*(?:[-•●▪◦*–✓]|[0-9\u0e50-\u0e59]{1,2}[.)](?![0-9])|\([0-9\u0e50-\u0e59]{1,2}\))[ ]*\S")
_CLAUSE_BREAK = re.compile(
    r"[ ](?=โดย|ซึ่ง|เพื่อ|ทั้งนี้|นอกจากนี้|ทำให้|จึง|ที่จะ|ที่ได้|ซึ่งจะ|อีกทั้ง|พร้อมทั้ง|สำหรับ|ส่วน|ขณะที่)"
)


def count_items(region: str) -> tuple[int, list[str], str, float] | None:
    """Count the items of an enumeration at the start of ``region``.

    Returns (count, items, style, confidence) or None. Styles, strongest first: quoted items
    (“…” และ “…”), numbered items (1) … 2) …), bullet lines, items separated by commas or spaces
    with และ before the last.

    >>> count_items(" “ก” และ “ข”")[:3]
    (2, ['ก', 'ข'], 'quoted')
    >>> count_items(" เชียงใหม่ ลำพูน และลำปาง โดยจะเริ่ม")[:3]
    (3, ['เชียงใหม่', 'ลำพูน', 'ลำปาง'], 'list')
    """
    # quoted items, joined by และ / commas / spaces
    pos, items = 0, []
    while (m := _QUOTED_ITEM.match(region, pos)) is not None:
        items.append(m.group().strip(" ,").removeprefix("และ").removeprefix("หรือ").strip(" “”\"‘’"))
        pos = m.end()
    if len(items) >= 2:
        return len(items), items, "quoted", 0.85
    numbered = _numbered_items(region)
    if numbered:
        return len(numbered), numbered, "numbered", 0.8
    head = region.lstrip(" :")
    if head.startswith("\n"):
        bullets = []
        pos = 0
        while (m := _BULLET_LINE.match(head, pos)) is not None:
            line_end = head.find("\n", m.end())
            line_end = len(head) if line_end < 0 else line_end
            bullets.append(head[m.start() : line_end].strip(" -•●▪◦*–✓\n"))
            pos = line_end
        if len(bullets) >= 2:
            return len(bullets), bullets, "bullets", 0.7
        return None
    return _inline_list(head)


def _numbered_items(region: str) -> list[str]:
    """Items numbered 1, 2, 3 … from the start of ``region`` (1) 1. (1) ๑. 1.1 1.2)."""
    text = arabic_digits(region)
    # "1." "1)" "(1)", or an outline number under a heading: "1.1 …\n1.2 …"
    first = re.match(r"[\s:]*(\(?)((?:[0-9]{1,2}\.)?)1(?:([.)])|(?=[ ]))(?![0-9]|\.[0-9])", text)
    if first is None or (first.group(2) and first.group(1)):
        return []
    opening, outline, closing = first.group(1), first.group(2), first.group(3) or ""
    # numbered lines ("ดังนี้\n1. …\n2. …") may hold a long paragraph each: a number opening a line is
    # looked for further on than one inside a line
    on_lines = "\n" in text[: first.start(1)]
    starts = [first.end()]
    k = 2
    while True:
        number = rf"{re.escape(opening)}{re.escape(outline)}{k}{re.escape(closing)}(?![0-9]|\.[0-9])"
        m = re.compile(rf"(?:(?<=\s)|(?<=^)){number}").search(text, starts[-1], starts[-1] + 800)
        if m is None and on_lines:
            m = re.compile(rf"(?<=\n)[ ]*{number}").search(text, starts[-1], starts[-1] + 2500)
        if m is None:
            break
        starts.append(m.end())
        k += 1
    if len(starts) < 2:
        return []
    bounds = starts + [len(text)]
    return [_shorten(text[bounds[i] : bounds[i + 1]].split("\n")[0], 20) for i in range(len(starts))]


_BRACKETED = re.compile(r"[ ]?\([^()\n]{0,60}\)")
_LIST_AND = re.compile(r"[ ,]และ[ ]?(?=\S)")
_GLUED_AND = re.compile(r"(?<=[\u0e01-\u0e4f])และ(?=[\u0e01-\u0e4f])")  # also joins words inside names


# a space-separated run that cannot be a whole item: a number, a title before a name, a one-letter prefix
# ("อ. ผักไห่", "จ. น่าน"; "กทม." is a whole name)
_DIGIT_IN = re.compile(r".*[0-9\u0e50-\u0e59]")
_SPACED_WITHIN = re.compile(
    rf"{_DIGIT_IN.pattern}|(?:นาย|นาง|นางสาว|ดร\.|ด\.ช\.|ด\.ญ\.)[\u0e01-\u0e4f]|[\u0e01-\u0e2e]\.$"
)
_ITEM_COMMA = re.compile(r"(?<![0-9]),|,(?![0-9]{3})")  # not the thousands comma of 50,000


def _inline_list(head: str) -> tuple[int, list[str], str, float] | None:
    """Items on one line, และ before the last: split on commas, on a prefix every item repeats
    ("จังหวัดน่าน จังหวัดแพร่ และจังหวัดตาก"), or else on spaces (bracketed glosses kept with their item)."""
    line = _BRACKETED.sub("", head.split("\n")[0])
    match = _CLAUSE_BREAK.search(line)
    if match is not None:
        line = line[: match.start()]
    # the first และ: a later one joins words inside the last item or starts a clause
    last_and = _LIST_AND.search(line) or _GLUED_AND.search(line)
    if last_and is None:
        return None
    tail = line[last_and.end() :].strip().split(" ")[0]
    body = line[: last_and.start()].strip(" ,")
    if not body or not tail:
        return None
    prefix = _shared_prefix(body, tail)
    if _ITEM_COMMA.search(body):
        items = [p.strip() for p in _ITEM_COMMA.split(body) if p.strip()]
        confidence = 0.65
    elif prefix:
        items = [prefix + p.strip() for p in body.split(prefix) if p.strip()]
        confidence = 0.65
    else:
        items = body.split()
        if any(_SPACED_WITHIN.match(item) for item in items) or _DIGIT_IN.match(tail):
            return None  # "นายสมชาย ใจดี", "อ. ผักไห่", "อายุ 5-8 ปี": the spaces are inside the items
        # spaces also separate words inside an item: only lists of short items, of two one-word items, or
        # whose first and last items start alike ("จังหวัดตาก แพร่ และจังหวัดน่าน") are proposed
        alike = items[0][:3] == tail[:3] and len(tail) >= 3
        short = all(len(item) <= 15 for item in items + [tail])
        confidence = 0.6 if len(items) == 1 else 0.5 if short or alike else 0.45
    items.append(tail)
    longest = 100 if len(items) == 2 else 60  # two items joined by และ may each be a whole clause
    if not 2 <= len(items) <= 20 or any(len(item) > longest for item in items):
        return None
    return len(items), items, "list", confidence


def _shared_prefix(body: str, tail: str) -> str:
    """The word the first and the last item start with, when every space-separated run of the body that
    starts an item starts with it too ("ด้านหน้า ด้านหลัง และด้านขวา" -> "ด้าน"); else ""."""
    first = body.split(" ")[0]
    k = 0
    while k < min(len(first), len(tail)) and first[k] == tail[k]:
        k += 1
    prefix = first[:k]
    # a prefix must be a whole word: at least two letters and not ending before a vowel or tone mark
    while prefix and tail[len(prefix) : len(prefix) + 1] and "\u0e30" <= tail[len(prefix)] <= "\u0e4e":
        prefix = prefix[:-1]
    if len(prefix) < 3 or body.count(prefix) < 2 or first == prefix:
        return ""
    return prefix


def _counts_its_items(region: str, unit: str) -> bool:
    """Does the enumeration's first item carry a number of the slot's own unit ("ประกอบด้วย ชาวเมียนมา 50,000 คน
    กัมพูชา …")? Then it is a breakdown of the total. Only the first item is read (up to a comma, และ or line
    end): the next statement may count the same unit ("ได้แก่ ก ข และค ภาคใต้ 8 จังหวัด")."""
    first = re.split(rf"{_ITEM_COMMA.pattern}|\n|และ", region.lstrip(" :\n")[:150], maxsplit=1)[0]
    return re.search(rf"{_NUMBER}[ ]?{re.escape(unit)}(?![\u0e01-\u0e2e])", first) is not None


def enumeration_count(slot: Slot, doc: Document) -> list[Candidate]:
    """A count slot followed by an enumeration ("_ หัวข้อ ได้แก่ “…” และ “…”") takes the number of items."""
    text = doc.text
    after = text[slot.anchor_end : slot.anchor_end + 40]
    cue = re.match(r"[ ]*(?P<cue>" + "|".join(map(re.escape, doc.lexicon.enumeration_cues)) + r"|:)", after)
    if cue is None:  # a word glued to the classifier first: "_ มาตรการที่สำคัญ ประกอบด้วย (1) …"
        # not คือ: after a word glued to the classifier it is a copula ("_ อันดับแรก คือ …")
        cues = "|".join(re.escape(c) for c in doc.lexicon.enumeration_cues if c != "คือ")
        cue = re.match(rf"[ ]*(?:\S{{0,15}}?)(?:[ ](?P<cue>{cues})|[ ]?(?P<strong>ได้แก่|ดังนี้|:))", after)
        if cue is None:
            return []
    region = text[slot.anchor_end + cue.end() : slot.anchor_end + cue.end() + 3000]
    if _counts_its_items(region, slot.anchor):
        return []  # "ถึง _ คน ประกอบด้วย ชาวเมียนมา 50,000 คน …": a breakdown, the total is not the item count
    counted = count_items(region)
    if counted is None:
        return []
    n, items, style, confidence = counted
    shown = ", ".join(f"“{_shorten(i, 24)}”" for i in items[:4]) + (", …" if len(items) > 4 else "")
    return [
        Candidate(
            value=str(n),
            confidence=confidence,
            evidence=(
                f"the {style} enumeration after “{cue.group('cue') or cue.group('strong')}” has {n} items ({shown})"
            ),
        )
    ]


_PARTNER_LIST = re.compile(r"(?P<list>[^\s,]+(?:(?:,[ ]?|[ ])[^\s,]+){0,6}?[ ]?และ[^\s,]+)")


def preceding_list_count(slot: Slot, doc: Document) -> list[Candidate]:
    """A weak hint: the same sentence lists partners before the slot ("กับ A B และC … ทั้งหมด _ รอบ")."""
    line_start, _ = doc.line_bounds(slot.start)
    before = doc.text[max(line_start, slot.start - 250) : slot.start]
    listed, items = None, []
    for cue in re.finditer(r"กับ|ได้แก่|ระหว่าง", before):
        m = _PARTNER_LIST.match(before, cue.end())
        if m is None:
            continue
        found = [i for i in re.split(r",[ ]?|[ ]|และ", m.group("list")) if i]
        if 2 <= len(found) <= 8 and all(len(i) <= 25 for i in found):
            listed, items = m, found
    if listed is None:
        return []
    m = listed
    return [
        Candidate(
            value=str(len(items)),
            confidence=0.3,
            evidence=f"earlier in the sentence {len(items)} partners are listed "
            f"(“{_shorten(m.group('list'), 40)}”); the total may equal or exceed that",
        )
    ]


# --------------------------------------------------------------------------- repeated phrases


PHRASE_LEFT, PHRASE_RIGHT = 30, 20  # how much of the phrase must repeat around the number


def phrase_pattern(text: str, start: int, end: int, number: str | None = None) -> re.Pattern[str] | None:
    """A pattern for the phrase around ``text[start:end]`` (a gap, or the number itself when ``number``):
    ``PHRASE_LEFT`` characters before it and ``PHRASE_RIGHT`` after, or up to the line's edge, with
    at least 20 characters in all. None when the phrase is too short to identify a statement."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, start - PHRASE_LEFT - 1) : start].rstrip(" ")
    right = text[end : min(line_end, end + PHRASE_RIGHT + 1)].lstrip(" ")
    whole_left, whole_right = start - line_start <= PHRASE_LEFT + 1, line_end - end <= PHRASE_RIGHT + 1
    left, right = left[-PHRASE_LEFT:], right[:PHRASE_RIGHT]
    if len(left) + len(right) < 20 or not left or not right:
        return None
    value = re.escape(number) if number is not None else f"(?P<n>{_NUMBER})"
    return re.compile(
        ("^" if whole_left else "") + re.escape(left) + rf"[ ]?{value}[ ]?" + re.escape(right)
        + ("$" if whole_right else ""),
        re.MULTILINE,
    )


def repeated_phrase(slot: Slot, doc: Document) -> list[Candidate]:
    """The same phrase appears elsewhere with its number intact (a headline repeated in the body).

    The phrase must match over ``PHRASE_LEFT`` characters before the gap and ``PHRASE_RIGHT`` after it (or
    to the line's edges): shorter matches ("อายุ _ ปี") repeat with different numbers.
    """
    if slot.start != slot.end:
        return []
    pattern = phrase_pattern(doc.text, slot.start, slot.end)
    if pattern is None:
        return []
    matches = list(pattern.finditer(doc.text))
    distinct = sorted({m.group("n") for m in matches})
    if len(distinct) != 1:
        return []
    shown = " ".join(matches[0].group().split())
    return [
        Candidate(
            value=distinct[0],
            confidence=0.75,
            evidence=(
                f"the same phrase appears elsewhere in the release with the number intact (“{_shorten(shown, 60)}”)"
            ),
        )
    ]


# --------------------------------------------------------------------------- ordinals

_HELD_AT = re.compile(r"(?:จัดขึ้น(?:แล้ว)?|จัด(?:งาน|กิจกรรม)?(?:ขึ้น)?แล้ว|จัด)(?:[ ]?(?:ที่|ณ))[ ]?")
_LIST_END = re.compile(r"[ ](?=เมื่อ|ซึ่ง|โดย|ใน(?!ประเทศ)|ระหว่าง|ตั้งแต่|และใน|จึง|ทั้งนี้)|\n")
_THIS_TIME = re.compile(r"ครั้งนี้|คราวนี้|ครั้งล่าสุด|ในปีนี้")


def ordinal_after_occurrences(slot: Slot, doc: Document) -> list[Candidate]:
    """"held at A and B … this time … ครั้งที่ _": the earlier occurrences listed, plus this one."""
    if not slot.anchor.startswith("ครั้ง"):
        return []
    line_start, _ = doc.line_bounds(slot.start)
    before = doc.text[max(line_start, slot.start - 600) : slot.anchor_start]
    held_at = list(_HELD_AT.finditer(before))
    held = held_at[-1] if held_at else None
    if held is None:
        return []
    rest = before[held.end() :]
    end = _LIST_END.search(rest)
    places_text = rest[: end.start()] if end else rest
    between = rest[end.start() :] if end else ""
    if not _THIS_TIME.search(between):
        return []
    places = [p.strip() for p in re.split(r",|[ ]และ|และ(?=[\u0e01-\u0e4f])", places_text) if p.strip()]
    if not 1 <= len(places) <= 10 or any(len(p) > 60 for p in places):
        return []
    n = len(places) + 1
    listed = ", ".join(f"“{_shorten(p, 30)}”" for p in places)
    return [
        Candidate(
            value=str(n),
            confidence=0.6 if len(places) >= 2 else 0.5,
            evidence=f"the text lists {len(places)} earlier occurrence(s) held at {listed} before "
            f"“{_THIS_TIME.search(between).group()}”, so this one is number {n}",
        )
    ]


# --------------------------------------------------------------------------- money


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
    pattern = re.compile(rf"(?P<n>{_NUMBER})[ ]?{re.escape(unit)}(?![\u0e01-\u0e2e])")
    return list(pattern.finditer(text, start, end))


def _chain(text: str, amounts: list[re.Match[str]], stop: int) -> list[re.Match[str]]:
    """The run of amounts that ends just before ``stop``, each within ``_MAX_GAP`` of the next."""
    chain: list[re.Match[str]] = []
    edge = stop
    for m in reversed(amounts):
        gap = text[m.end() : edge]
        if len(gap) > _MAX_GAP or re.search(r"[0-9\u0e50-\u0e59\n]", gap) or _TOTAL_CUE.search(
            text[max(0, m.start() - 16) : m.start()].rstrip(" ")
        ):
            break
        chain.insert(0, m)
        edge = m.start()
    return chain


def sum_of_parts(slot: Slot, doc: Document) -> list[Candidate]:
    """"ค่าอาหาร 2 ล้านบาท ค่าที่พัก 3 ล้านบาท รวม _ ล้านบาท": a total after a tight list of parts is their sum."""
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
            confidence=0.6,
            evidence=f"the {len(parts)} amounts in {slot.anchor} listed just before it "
            f"({' + '.join(numbers)}) add up to {value}",
        )
    ]


def _other_bare_units(text: str, slot: Slot, start: int, end: int) -> bool:
    """Is the slot's unit also without a number elsewhere in ``text[start:end]`` ("ยา _ รายการ … อาหาร _ รายการ")?"""
    bare = re.compile(rf"(?<![0-9\u0e50-\u0e59])[ ]{re.escape(slot.anchor)}(?![\u0e01-\u0e2e])")
    return any(m.end() - len(slot.anchor) != slot.anchor_start for m in bare.finditer(text, start, min(end, len(text))))


def part_of_total(slot: Slot, doc: Document) -> list[Candidate]:
    """"รวม 5 ล้านบาท แบ่งเป็น A 2 ล้านบาท B _ ล้านบาท": a missing part is the total less the other parts."""
    text = doc.text
    line_start, line_end = doc.line_bounds(slot.start)
    amounts = _amounts(text, slot.anchor, line_start, line_end)
    totals = [
        m for m in amounts
        if _TOTAL_CUE.search(text[max(0, m.start() - 16) : m.start()].rstrip(" ")) and m.end() < slot.start
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
            confidence=0.55,
            evidence=f"the total {total.group('n')} {slot.anchor} less the parts listed after it "
            f"({', '.join(numbers)}) leaves {value}",
        )
    ]


# --------------------------------------------------------------------------- months and dates


@functools.cache
def _abbreviations() -> dict[int, str]:
    path = corpus_file("months.tsv")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 3 and not line.startswith("#"):
            out[int(cells[0])] = cells[2].split("|")[0]
    return out


def month_abbreviation(month: int) -> str:
    """The Thai abbreviation of a month number: 6 -> มิ.ย."""
    return _abbreviations()[month]


def month_completion(slot: Slot, doc: Document) -> list[Candidate]:
    """"มิ." completes only to มิ.ย.; an ambiguous fragment ("พ.") gives weak candidates."""
    months = month_abbreviation_completions(slot.anchor)
    if len(months) == 1:
        full = month_abbreviation(months[0])
        return [
            Candidate(
                value=full,
                confidence=0.9,
                evidence=f"“{slot.anchor}” is the start of one month abbreviation only, “{full}”",
            )
        ]
    mentioned = {d.value.month for d in doc.dates if d.value.month in months}
    candidates = []
    for month in months:
        full = month_abbreviation(month)
        if mentioned == {month}:
            candidates.append(
                Candidate(
                    value=full,
                    confidence=0.5,
                    evidence=f"“{slot.anchor}” may start {', '.join(map(month_abbreviation, months))}; "
                    f"only {full} is mentioned elsewhere in the release",
                )
            )
        else:
            candidates.append(
                Candidate(value=full, confidence=0.2, evidence=f"“{slot.anchor}” may start “{full}”")
            )
    return candidates


def _known_date_parts(slot: Slot, doc: Document) -> tuple[int | None, int | None]:
    """(CE year, month) the damaged date still shows after the slot."""
    after = doc.text[slot.end : slot.end + 30]
    value = None
    for match in find_dates(after.split("\n")[0]):
        if match.start <= 2:
            value = match.value
        break
    if value is not None:
        return value.year, value.month
    m = re.match(r"[ ]?((?:25|20)?[0-9]{2})(?![0-9])", after)
    if m:
        digits = m.group(1)
        year = int(digits)
        year = year + 2500 - 543 if len(digits) == 2 else (year - 543 if year > 2400 else year)
        return year, None
    return None, None


def _date_value(day: int, month: int, slot: Slot) -> str:
    if slot.template.detector == "dayless_date" and slot.start == slot.end and slot.suffix:
        return str(day)  # the month is still in the text
    return f"{day} {month_abbreviation(month)}"


def date_from_other_dates(slot: Slot, doc: Document) -> list[Candidate]:
    """Another complete date in the release agrees with what is left (year, month)."""
    year, month = _known_date_parts(slot, doc)
    if year is None and month is None:
        return []
    found: dict[tuple[int, int], str] = {}
    mentions: dict[tuple[int, int], int] = {}
    for match in doc.dates:
        v = match.value
        if not v.complete or v.relative is not None or match.start <= slot.end <= match.end:
            continue  # relative dates ("วันนี้") come from the release date: date_from_release
        if (year is None or v.year == year) and (month is None or v.month == month):
            found.setdefault((v.day, v.month), match.text)
            mentions[(v.day, v.month)] = mentions.get((v.day, v.month), 0) + 1
    if not found:
        return []
    # one agreeing date is still often another day of the month; "today" or a repeated date settles it
    today = re.search(r"วันนี้[ ]?\(?[ ]?(?:วันที่)?[ ]?$", doc.text[max(0, slot.start - 16) : slot.start])
    if len(found) == 1:
        confidence = 0.6 if today else 0.4
    else:
        confidence = 0.2
    return [
        Candidate(
            value=_date_value(day, mon, slot),
            confidence=confidence,
            evidence=f"the release gives the date “{source}” elsewhere, which agrees with what is left"
            + ("" if len(found) == 1 else f" (one of {len(found)} such dates)"),
        )
        for (day, mon), source in found.items()
    ]


def date_from_release(slot: Slot, doc: Document) -> list[Candidate]:
    """The release date, when it agrees with what is left of the date."""
    release = doc.release_date
    if release is None:
        return []
    year, month = _known_date_parts(slot, doc)
    if year is None or year != release.year or (month is not None and month != release.month):
        return []
    return [
        Candidate(
            value=_date_value(release.day, release.month, slot),
            confidence=0.45,
            evidence=f"the release date {release.isoformat()} agrees with the year (and month) left in the text",
        )
    ]


# --------------------------------------------------------------------------- punctuation


def bracket_close(slot: Slot, doc: Document) -> list[Candidate]:
    """Propose ")" after the first word of the bracket, weakly: the text does not say where it closed."""
    return [
        Candidate(
            value=")",
            confidence=0.35,
            evidence="the bracket may have closed after its first word; check where the bracketed name ends",
        )
    ]


def abbreviation_dot(slot: Slot, doc: Document) -> list[Candidate]:
    """The release writes the abbreviation with a final dot elsewhere, so the dot goes back."""
    return [
        Candidate(
            value=".",
            confidence=0.7,
            evidence=f"the release writes “({slot.anchor}.)” with a final dot",
        )
    ]


STRATEGIES: dict[str, Strategy] = {
    "enumeration_count": enumeration_count,
    "preceding_list_count": preceding_list_count,
    "repeated_phrase": repeated_phrase,
    "ordinal_after_occurrences": ordinal_after_occurrences,
    "sum_of_parts": sum_of_parts,
    "part_of_total": part_of_total,
    "month_completion": month_completion,
    "date_from_other_dates": date_from_other_dates,
    "date_from_release": date_from_release,
    "bracket_close": bracket_close,
    "abbreviation_dot": abbreviation_dot,
}
