"""Count strategies from enumerations: a count slot followed by a list ("_ หัวข้อ ได้แก่ “…” และ “…”") takes the
number of items; a list of partners earlier in the sentence is a weak hint.

>>> from pipeline.numerals.templates import load_templates
>>> from pipeline.numerals.detectors import find_slots
>>> from pipeline.numerals.document import Document
>>> doc = Document("แบ่งออกเป็น หัวข้อ ได้แก่ “ก” และ “ข”", load_templates().lexicon)
>>> slot = find_slots(doc, load_templates())[0]
>>> [c.value for c in enumeration_count(slot, doc)]
['2']
"""

from __future__ import annotations

import os
import re

from pipeline.normalize import arabic_digits
from pipeline.numerals.document import NUMBER, Document, Slot, shorten
from pipeline.numerals.strategies.confidence import CONFIDENCE
from pipeline.record import Candidate

__all__ = ["count_items", "enumeration_count", "preceding_list_count"]


_QUOTED_ITEM = re.compile(r"\s*(?:,|และ|หรือ|รวมทั้ง)?\s*(?:“[^”\n]{1,300}”|\"[^\"\n]{1,300}\"|‘[^’\n]{1,300}’)")
_BULLET_LINE = re.compile(
    r"\n[ ]*(?:[-•●▪◦*–✓]|[0-9\u0e50-\u0e59]{1,2}[.)](?![0-9])|\([0-9\u0e50-\u0e59]{1,2}\))[ ]*\S"
)
_CLAUSE_BREAK = re.compile(r"[ ](?=โดย|ซึ่ง|เพื่อ|ทั้งนี้|นอกจากนี้|ทำให้|จึง|ที่จะ|ที่ได้|ซึ่งจะ|อีกทั้ง|พร้อมทั้ง|สำหรับ|ส่วน|ขณะที่)")


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
        items.append(m.group().strip(" ,").removeprefix("และ").removeprefix("หรือ").strip(' “”"‘’'))
        pos = m.end()
    if len(items) >= 2:
        return len(items), items, "quoted", CONFIDENCE["enumeration.quoted"]
    numbered = _numbered_items(region)
    if numbered:
        return len(numbered), numbered, "numbered", CONFIDENCE["enumeration.numbered"]
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
            return len(bullets), bullets, "bullets", CONFIDENCE["enumeration.bullets"]
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
    return [shorten(text[bounds[i] : bounds[i + 1]].split("\n")[0], 20) for i in range(len(starts))]


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
        confidence = CONFIDENCE["enumeration.list.commas"]
    elif prefix:
        items = [prefix + p.strip() for p in body.split(prefix) if p.strip()]
        confidence = CONFIDENCE["enumeration.list.shared_prefix"]
    else:
        items = body.split()
        if any(_SPACED_WITHIN.match(item) for item in items) or _DIGIT_IN.match(tail):
            return None  # "นายสมชาย ใจดี", "อ. ผักไห่", "อายุ 5-8 ปี": the spaces are inside the items
        # spaces also separate words inside an item: only lists of short items, of two one-word items, or
        # whose first and last items start alike ("จังหวัดตาก แพร่ และจังหวัดน่าน") are proposed
        # commonprefix: the letters two words share (not paths)
        alike = len(os.path.commonprefix([items[0], tail])) >= 3  # noqa: RUF071
        short = all(len(item) <= 15 for item in items + [tail])
        confidence = (
            CONFIDENCE["enumeration.list.two_items"]
            if len(items) == 1
            else CONFIDENCE["enumeration.list.short_or_alike"]
            if short or alike
            else CONFIDENCE["enumeration.list.spaces"]
        )
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
    return re.search(rf"{NUMBER}[ ]?{re.escape(unit)}(?![\u0e01-\u0e2e])", first) is not None


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
    shown = ", ".join(f"“{shorten(i, 24)}”" for i in items[:4]) + (", …" if len(items) > 4 else "")
    return [
        Candidate(
            value=str(n),
            confidence=confidence,
            evidence=f"the {style} enumeration after “{cue.group('cue') or cue.group('strong')}” "
            f"has {n} items ({shown})",
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
            confidence=CONFIDENCE["preceding_list"],
            evidence=f"earlier in the sentence {len(items)} partners are listed "
            f"(“{shorten(m.group('list'), 40)}”); the total may equal or exceed that",
        )
    ]
