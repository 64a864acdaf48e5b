"""Rule-based entities: titled personal names, and "full name (ABBR)" pairs that link abbreviations."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.resources import corpus_file

_THAI_WORD = "[\u0e01-\u0e2e\u0e30-\u0e4e]"  # Thai letters, vowels and marks (no digits, no ฯ or ๆ)
_ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z&\-]{1,15}|(?:[ก-ฮ]{1,6}\.)+(?:[ก-ฮ]{1,4}\.?)?)\s*\)")


@dataclass(frozen=True)
class RuleSpan:
    start: int
    end: int
    label: str
    rule: str


@functools.cache
def name_stop_words() -> tuple[str, ...]:
    path = corpus_file("lexicons", "name_stop_words.txt")
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines()]
    return tuple(sorted((w for w in words if w and not w.startswith("#")), key=len, reverse=True))


@functools.cache
def _titled_name_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    # title, optional space, first name (a run of Thai letters), optionally one space and a surname.
    # A first name cut short with ฯ (ผอ.เหลยฯ) keeps the ฯ.
    return re.compile(rf"(?:{alternation})(\s?)({_THAI_WORD}{{2,}}ฯ?)(?: ({_THAI_WORD}{{3,}})(?![.\u0e01-\u0e4e]))?")


def find_titled_names(
    text: str,
    titles: frozenset[str],
    token_bounds: tuple[set[int], set[int]] | None = None,
    is_common_word: Callable[[str], bool] = lambda w: False,
) -> list[RuleSpan]:
    """PERSON spans for a title or rank followed by a Thai name (นายสมชาย ใจดี, พล.อ.ประยุทธ์ จันทร์โอชา).

    The span includes the title, as ThaiNER annotates it. With `token_bounds` (token starts, token ends)
    the title must be a whole token, so นาย in นายกรัฐมนตรี and คุณ in ขอบคุณ are no titles. A name is a
    run of at most 20 Thai letters that is not a common word; a following chunk is the surname unless it
    is a common word or starts with a role or function word (`corpora/lexicons/name_stop_words.txt`).
    After a title followed by a space, only a first name with a surname counts.

    >>> text = "นายสมชาย ใจดี ผู้อำนวยการ"
    >>> [text[s.start : s.end] for s in find_titled_names(text, frozenset({"นาย"}))]
    ['นายสมชาย ใจดี']
    """
    if not titles:
        return []
    stops = name_stop_words()
    starts, ends = token_bounds if token_bounds else (None, None)
    spans = []
    pattern = _titled_name_pattern(tuple(sorted(titles)))
    # With token bounds, try every token start: a rejected match must not hide a title inside it.
    candidates = (pattern.match(text, s) for s in sorted(starts)) if starts is not None else pattern.finditer(text)
    covered = 0
    for match in candidates:
        if match is None or match.start() < covered:
            continue
        spaced, first_name, surname = match.group(1), match.group(2), match.group(3)
        name_start = match.start(2)
        if ends is not None and (name_start - len(spaced)) not in ends:
            continue
        if len(first_name) > 20 or is_common_word(first_name) or _starts_like_a_role(first_name, stops):
            continue
        end = match.end(2)
        if surname and len(surname) <= 20 and not surname.startswith(stops) and not is_common_word(surname):
            end = match.end(3)
        elif spaced:
            continue  # "พล.อ. ยืนยันว่า…": after a spaced title, only a full name (first name and surname) counts
        spans.append(RuleSpan(match.start(), end, "PERSON", "titled_name"))
        covered = end
    return spans


def _starts_like_a_role(first_name: str, stops: tuple[str, ...]) -> bool:
    # Long stop words (roles: ผู้อำนวยการ…) rule out a first name that begins with them; short ones (นำ,
    # รอง) only when they are the whole word, since names such as นำชัย begin with them.
    return first_name in stops or any(first_name.startswith(w) for w in stops if len(w) >= 4)


@dataclass(frozen=True)
class AbbreviationPair:
    full_start: int
    full_end: int
    abbr_start: int
    abbr_end: int
    abbreviation: str


def find_abbreviation_pairs(text: str, names: list[tuple[int, int]]) -> list[AbbreviationPair]:
    """Pairs of a name span directly followed by "(ABBR)": สำนักงาน... (สสว.), Small Business Office (SBO).

    `names` are (start, end) spans of organisations already found.
    """
    pairs = []
    for start, end in names:
        match = _ABBREVIATION.match(text, end) or _ABBREVIATION.match(text, end + 1) if end < len(text) else None
        if match and text[end : match.start()].strip() == "":
            pairs.append(AbbreviationPair(start, end, match.start(1), match.end(1), match.group(1)))
    return pairs


def find_mentions(text: str, surface: str) -> list[tuple[int, int]]:
    """Every occurrence of `surface` not inside a longer word of the same script."""
    if not surface:
        return []
    if surface[0].isascii():
        pattern = rf"(?<![A-Za-z]){re.escape(surface)}(?![A-Za-z])"
    else:
        pattern = re.escape(surface)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]
