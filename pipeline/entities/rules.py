"""Rule-based entities: titled personal names, and "full name (ABBR)" pairs that link abbreviations."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

from pipeline.resources import corpus_file

_THAI_WORD = "[\u0e01-\u0e2e\u0e30-\u0e4e]"  # Thai letters, vowels and marks (no digits, no ฯ or ๆ)
_SURNAME_RUN = re.compile(f"{_THAI_WORD}{{3,}}")
# "(ABBR)", "(ก.ล.ต.)" or an English name in capitalised words, "(Thai Venture Capital)", after a body's name
_ABBREVIATION = re.compile(
    r"\(\s*([A-Z][A-Za-z&\-]{1,15}(?: (?:[A-Z][A-Za-z&\-]*|&)){0,5}|(?:[ก-ฮ]{1,6}\.)+(?:[ก-ฮ]{1,4}\.?)?)\s*\)"
)


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
def _long_stops(stops: tuple[str, ...]) -> tuple[str, ...]:
    """The stop words of four letters or more (roles: ผู้อำนวยการ…), in `stops`' order."""
    return tuple(w for w in stops if len(w) >= 4)


@functools.cache
def _titled_name_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    # title, optional space, first name (a run of Thai letters), optionally one space and a surname.
    # A first name cut short with ฯ (ผอ.เหลยฯ) keeps the ฯ.
    # The surname is the whole Thai run after the space (not an abbreviation: no dot after it).
    return re.compile(rf"(?:{alternation})(\s?)({_THAI_WORD}{{2,}}ฯ?)(?: ({_THAI_WORD}{{3,}})(?![.\u0e01-\u0e4e]))?")


@functools.cache
def _title_heads(titles: tuple[str, ...]) -> frozenset[str] | None:
    """The first characters of the titles (None when a title is empty)."""
    return None if "" in titles else frozenset(t[0] for t in titles)


def _surname_end(text: str, start: int, stops: tuple[str, ...], is_common_word: Callable[[str], bool]) -> int:
    """Where the surname that starts at `start` (after a first name and a space) ends, or -1: a run of Thai
    letters, cut before a role glued to it (ทับเที่ยง|หัวหน้าผู้ตรวจราชการ); one that starts with a short
    function word (พร้อม|พันธุ์) only when a role follows it (… รัฐมนตรีว่าการ)."""
    run = _SURNAME_RUN.match(text[start : start + 60])
    if run is None or text[start + run.end() : start + run.end() + 1] == ".":
        return -1
    surname = run.group()
    roles = _long_stops(stops)
    cut = next((i for i in range(3, len(surname) - 3) if surname.startswith(roles, i)), None)
    if cut is not None:
        surname = surname[:cut]
    elif len(surname) > 20:
        return -1
    if is_common_word(surname):
        return -1
    if surname.startswith(stops):
        after = text[start + len(surname) : start + len(surname) + 30]
        if not (after.startswith(" ") and after[1:].startswith(roles)):
            return -1
    return start + len(surname)


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
    key = tuple(sorted(titles))
    pattern = _titled_name_pattern(key)
    # With token bounds, try every token start: a rejected match must not hide a title inside it; only
    # where a title's first character stands can one match (an empty title matches anywhere)
    heads = _title_heads(key)
    candidates = (
        (pattern.match(text, s) for s in sorted(starts) if heads is None or text[s : s + 1] in heads)
        if starts is not None
        else pattern.finditer(text)
    )
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
        surname_end = _surname_end(text, end + 1, stops, is_common_word) if text[end : end + 1] == " " else -1
        if surname and len(surname) <= 20 and not surname.startswith(stops) and not is_common_word(surname):
            end = match.end(3)
        elif surname_end > 0:
            end = surname_end
        elif spaced:
            continue  # "พล.อ. ยืนยันว่า…": after a spaced title, only a full name (first name and surname) counts
        spans.append(RuleSpan(match.start(), end, "PERSON", "titled_name"))
        covered = end
    return spans


@functools.cache
def _title_prefixes(titles: frozenset[str]) -> frozenset[str]:
    """Every title and every start of one (นาย: น, นา, นาย)."""
    return frozenset(t[:k] for t in titles for k in range(1, len(t) + 1))


def title_token_starts(titles: frozenset[str], starts: Sequence[int], words: Sequence[str]) -> set[int]:
    """The token starts (`starts`, with their tokens' `words`, consecutive) where a title may begin in
    `find_titled_names` with token bounds: a title that starts at a token start and ends at a token end is
    the token there or begins with it, so only tokens that are a title or the start of one are tried (every
    start when a title is empty, which ends anywhere).

    >>> sorted(title_token_starts(frozenset({"นาย", "พล.อ."}), [0, 3, 8, 9, 11], ["นาย", "สมชาย", " ", "พล", ".อ."]))
    [0, 9]
    """
    if "" in titles:
        return set(starts)
    return set(compress(starts, map(_title_prefixes(titles).__contains__, words)))


def _starts_like_a_role(first_name: str, stops: tuple[str, ...]) -> bool:
    # Long stop words (roles: ผู้อำนวยการ…) rule out a first name that begins with them; short ones (นำ,
    # รอง) only when they are the whole word, since names such as นำชัย begin with them.
    return first_name in stops or first_name.startswith(_long_stops(stops))


@dataclass(frozen=True)
class AbbreviationPair:
    full_start: int
    full_end: int
    abbr_start: int
    abbr_end: int
    abbreviation: str


def find_abbreviation_pairs(text: str, names: list[tuple[int, int]]) -> list[AbbreviationPair]:
    """Pairs of a name span directly followed by "(ABBR)": สำนักงาน... (สสว.), Small Business Office (SBO),
    or by its English name: สมาคม… (Thai Venture Capital).

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
    bounded = surface[0].isascii()  # a Latin surface must not have a Latin letter glued on either side
    found, size, start = [], len(surface), text.find(surface)
    while start != -1:  # a plain search, not a regex compiled for every surface of every release
        end = start + size
        glued = (start > 0 and _is_latin_letter(text[start - 1])) or (end < len(text) and _is_latin_letter(text[end]))
        if not (bounded and glued):
            found.append((start, end))
            start = text.find(surface, end)
        else:
            start = text.find(surface, start + 1)
    return found


def _is_latin_letter(char: str) -> bool:
    return "A" <= char <= "Z" or "a" <= char <= "z"


# --- organisation and place patterns (corpora/lexicons/entity_patterns.toml) -------------------------

Token = tuple[int, int, str]  # start, end, text
_LETTERS = "\u0e01-\u0e2e\u0e30-\u0e4e"  # Thai letters, vowels and marks (no digits)
_NUMBER = r"(?:\d{1,3}|[๐-๙]{1,3})(?![\d๐-๙.,/:])"
_DIGIT = re.compile(r"[\d๐-๙]")
_GLUED_TAIL = re.compile(f"[{_LETTERS}]{{2,20}}(?![{_LETTERS}])")
_LATIN_WORD = r"[A-Z][A-Za-z0-9&'\-]*(?:\.(?=[A-Za-z]))?[A-Za-z0-9&'\-]*"
# compiled once (re's cache is looked up with a formatted pattern string on every call otherwise)
_LETTER = re.compile(f"[{_LETTERS}]")
_LETTER_RUN = re.compile(f"[{_LETTERS}]+")
_LETTER_AT_END = re.compile(f"[{_LETTERS}]$")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class EntityPatterns:
    """The organisation and place rules, compiled once from `corpora/lexicons/entity_patterns.toml`.

    data: the parsed TOML (`pipeline.entities.patterns.entity_patterns()`).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        rules, alarms = data["rules"], data["false_alarms"]
        self.abbreviated_heads: dict[str, str] = data["abbreviated_heads"]
        self.count_words = tuple(sorted(rules["count_words_after_number"], key=len, reverse=True))
        self.continued_heads = tuple(sorted(rules["continued_heads"], key=len, reverse=True))
        self.facilities = frozenset(data["abbreviated_facilities"]["heads"])
        self.cut_words = frozenset(rules["name_cut_words"])
        self.inner_words = frozenset(rules["name_inner_words"])
        self.latin_not_companies = frozenset(rules["latin_not_companies"])
        self.generic_followers = tuple(sorted(alarms["generic_followers"], key=len, reverse=True))
        self.not_entities = frozenset(alarms["not_entities"])
        self.money_words = tuple(alarms["money_words"])
        self.common_word_places = frozenset(alarms["common_word_places"])
        self.numbered_units = tuple(rules["numbered_units"])
        self.abbreviated = re.compile(
            rf"(?<![{_LETTERS}A-Za-z.])({_alternation(list(self.abbreviated_heads))})([{_LETTERS}]{{3,30}})(?![{_LETTERS}.\d])"
        )
        self.numbered_unit = re.compile(
            rf"(?:{_alternation(rules['numbered_units'])})[{_LETTERS}]{{0,30}}? ?"
            rf"(?:{_alternation(rules['unit_number_words'])})? ?{_NUMBER}"
        )
        self.unit_number_after = re.compile(
            rf"(?:{_alternation(rules['unit_number_words'])}) ?{_NUMBER}| (?:เขต|ภาค)(?:ที่)? ?{_NUMBER}"
        )
        self.mission = re.compile(rf"(?:{_alternation(rules['missions'])})[{_LETTERS}ฯ]{{0,25}}?(?: ณ |ประจำ ?)")
        self.city_prefix = re.compile(
            rf"(?:{_alternation(rules['city_prefixes'])})[{_LETTERS}]{{2,25}}(?![{_LETTERS}])"
        )
        self.body_head = re.compile(rf"(?:{_alternation(rules['named_bodies'])})")
        self.natural_head = re.compile(rf"(?:{_alternation(rules['natural_place_heads'])})")
        self.place_heads = tuple(rules["place_heads"])
        self.national_body = re.compile(
            rf"(?:{_alternation(rules['national_heads'])})[{_LETTERS}]{{2,50}}?แห่ง(?P<rest>ชาติ)?"
        )
        self.org_heads = tuple(data["org_heads"])
        self.spaced_body_heads = tuple(rules["spaced_body_heads"])
        self.alias_link = re.compile(rf" (?:{_alternation(rules['alias_links'])}) ([{_LETTERS}A-Za-z.]{{2,20}})")
        self.glued_run_before = re.compile(rf"[{_LETTERS}]{{4,80}}$")
        self.spaced_body = re.compile(
            rf"(?:{_alternation(rules['spaced_body_heads'])})[{_LETTERS}]{{2,40}}((?: [{_LETTERS}]{{2,30}}){{1,8}}?)"
            rf" (?:{_alternation(rules['patronage_suffixes'])})"
        )
        self.body_suffix = re.compile(rf" ?(?:{_alternation(rules['body_suffixes'])})(?![{_LETTERS}])")
        self.latin_company = re.compile(
            rf"(?:{_alternation(rules['company_heads'])}) ?({_LATIN_WORD}(?: [A-Z0-9&][A-Za-z0-9&'\-]*)*)"
            rf"(?: ?(?:{_alternation(rules['company_tails'])}))?"
        )
        self.latin_facility = re.compile(
            rf"(?:{_alternation(rules['latin_facility_heads'])}) ?({_LATIN_WORD}(?: [A-Z0-9&][A-Za-z0-9&'\-]*){{0,4}})"
        )
        self.company_list = re.compile(
            rf"(?:{_alternation(rules['company_list_heads'])})[^\n]{{0,30}}?(?:{_alternation(rules['list_openers'])})\s*"
        )
        self.list_name = re.compile(rf"{_LATIN_WORD}(?: [A-Z0-9][A-Za-z0-9&'\-]*){{0,3}}")
        self.list_separator = re.compile(r"\s*(?:,|และ|หรือ|/)\s*|\s+")
        self.generic_start = re.compile(
            rf"(?:{_alternation(alarms['sector_heads'])}) ?(?:{_alternation(alarms['sector_words'])})$"
        )
        self.programme = re.compile(rf"(?:{_alternation(alarms['programme_heads'])})")
        thai_markers = [m for m in alarms["agreement_markers"] if not m.isascii()]
        latin_markers = [m for m in alarms["agreement_markers"] if m.isascii()]
        self.agreement = re.compile(
            rf"(?:{_alternation(thai_markers)})|(?<![A-Za-z])(?:{_alternation(latin_markers)})(?![A-Za-z])"
        )
        self.floor = re.compile(r"ชั้น ?(?:\d+|[๐-๙]+)")
        self.kind = re.compile(rf"(?:{_alternation(alarms['kind_heads'])})(?:{_alternation(alarms['nationalities'])})")
        self.language_before = re.compile(rf"(?:{_alternation(alarms['language_heads'])})$")
        self.programme_name = re.compile(_alternation(alarms["programme_names"]))
        self.hashtag = re.compile(r"#[^\s#]+")
        # A phone number: after โทร/สายด่วน, or four digits and more (ซอยลาดพร้าว 109 keeps its number).
        self.role_body = re.compile(
            rf"(?:{_alternation(rules['roles_before_bodies'])})"
            rf"(?P<head>{_alternation([*data['org_heads'], *rules['role_place_heads']])})"
        )
        self.role_place_heads = frozenset(rules["role_place_heads"])
        self.place_prefixes = tuple(rules["place_prefixes"])
        self.place_prefix_not_after = tuple(rules["place_prefix_not_after"])
        self.bare_heads = frozenset([*data["org_heads"], *rules["place_heads"], *alarms["numbered_rooms"]])
        self.org_head_after_space = re.compile(rf" (?={_alternation(data['org_heads'])})")
        self.kind_and_body = re.compile(
            rf"(?:{_alternation(alarms['kind_endings'])})และ(?={_alternation(data['org_heads'])})"
        )
        self.standard_code = re.compile(r"[A-Z]{2,6} ?\d{3,5}(?:[:\-]\d{2,4})?")
        self.quoted_programme = re.compile(
            rf"(?:{_alternation(alarms['programme_heads'])}) ?[“\"']([^”\"'\n]{{2,80}})[”\"']"
        )
        self.english_name_and_acronym = re.compile(
            r"\(\s*((?:[A-Z][\w'&\-]*)(?: (?:[A-Z][\w'&\-]*|of|and|for|the|in|on|&)){1,12})"
            r"\s*:\s*([A-Z][A-Z&]{1,9})\s*\)"
        )
        self.english_body_words = frozenset(rules["english_body_words"])
        self.numbered_road = re.compile(
            rf"(?:{_alternation(rules['road_heads'])}) ?(?:[ก-ฮ]{{2}}\. ?)?\d{{1,4}}(?![\d.,/])"
        )
        self.road_code = re.compile(r"(?<![ก-ฮ.\u0e30-\u0e4e])([ก-ฮ]{2})\.\d{3,4}(?![\d.,/+])")
        self.road_code_not = frozenset(rules["road_code_not"])
        self.org_head_before = re.compile(rf"(?:{_alternation(data['org_heads'])})$")
        self.place_head_after_space = re.compile(rf" (?={_alternation(rules['place_heads'])})")
        self.numbered_room = re.compile(
            rf"(?:{_alternation(alarms['numbered_rooms'])})(?: ?(?:\d+|[๐-๙]+))?(?: ชั้น ?(?:\d+|[๐-๙]+))?"
        )
        self.kind_endings = tuple(alarms["kind_endings"])
        self.language_window = max(map(len, alarms["language_heads"]))
        self.glued_cut_words = tuple(sorted((w for w in rules["name_cut_words"] if len(w) >= 3), key=len, reverse=True))
        self.not_heads = tuple(alarms["not_heads"])
        self.kind_starts = tuple(alarms["kind_starts"])
        self.not_heads_or_kinds = self.not_heads + self.kind_starts
        self.measure_units = frozenset(alarms["measure_units"])
        self.venue_heads = tuple(sorted(rules["venue_heads"], key=len, reverse=True))
        self.short_name_heads = tuple(sorted(rules["short_name_heads"], key=len, reverse=True))
        self.people_prefixes = tuple(rules["people_prefixes"])
        self.people_prefix_not_after = tuple(rules["people_prefix_not_after"])
        self.meeting_body = re.compile(
            rf"(?:{_alternation(rules['meeting_words'])})(?P<head>{_alternation(rules['meeting_bodies'])})"
        )
        self.glued_number = re.compile(
            rf"(?<=[{_LETTERS}.)])\s*(?:(?:โทร\.?|โทรศัพท์|สายด่วน)\s*[\d๐-๙][\d๐-๙\- ]{{2,}}|[\d๐-๙][\d๐-๙\-]{{3,}})$"
        )


@functools.cache
def default_patterns() -> EntityPatterns:
    from pipeline.entities.patterns import entity_patterns

    return EntityPatterns(entity_patterns())


def _followed_by_count(text: str, end: int, patterns: EntityPatterns) -> bool:
    """A count word after the number ("3 แห่ง"); จังหวัด glued to a name is a place ("32 จังหวัดลำปาง")."""
    after = text[end : end + 40].lstrip()
    for word in patterns.count_words:
        if after.startswith(word):
            glued_name = _LETTER.match(after[len(word) : len(word) + 1])
            return not (word == "จังหวัด" and glued_name)
    return False


def find_pattern_entities(
    text: str,
    tokens: list[Token],
    *,
    place_end: Callable[[int], int] = lambda pos: -1,
    is_known: Callable[[str], bool] = lambda name: False,
    is_common_word: Callable[[str], bool] = lambda word: False,
    patterns: EntityPatterns | None = None,
) -> list[RuleSpan]:
    """Organisations written in shapes the CRF misses, each from one rule (`RuleSpan.rule`):

    - `abbreviated_head`: an abbreviation and a dot glued to a name (ธ.กรุงไทย, ม.ขอนแก่น); not ม.33 or
      ก.พ. (a dot after the name makes one abbreviation); the name must be a known body once expanded
      (`is_known`) or no common word;
    - `numbered_unit`: units known by their number (กองพลทหารราบที่ 9, กลุ่มส่งเสริมสหกรณ์ 4), not a count
      (กองพัน 3 แห่ง);
    - `mission`: missions and offices named with their city (สถานเอกอัครราชทูตไทย ณ กรุงโตเกียว); the
      place is a known one (`place_end(pos)` gives where a known place starting at pos ends, or -1) or a
      word with a city prefix;
    - `named_body`: community enterprises, cooperatives, farmer groups (วิสาหกิจชุมชนกลุ่ม…, สหกรณ์…
      จำกัด), their name running over tokens up to a space or a cut word;
    - `national_body`: a body whose name ends แห่งชาติ or แห่ง + a known place (กองทุนการออมแห่งชาติ,
      สมาคมการค้าเสรีแห่งยุโรป);
    - `spaced_body`: a foundation or association whose name runs over spaces up to a royal patronage
      ending (มูลนิธิราชทัณฑ์ปันสุข ทำความดี เพื่อชาติ ศาสน์ กษัตริย์ ในพระบรมราชูปถัมภ์), unless a chunk starts
      with a cut word or another body's head word;
    - `aliased_body`: a body's full name before "หรือ" and a known short name (รองเลขาธิการ|คณะกรรมการ
      ส่งเสริมการลงทุน หรือ บีโอไอ), from the first token that starts with a head word;
    - `latin_facility`: a building or venue named in Latin script (อาคาร True IDC) is a place;
    - `numbered_road`: a road known by its number (ทางหลวงชนบท สพ.4059, ทางหลวงแผ่นดินหมายเลข 321) and, in
      a text about roads, a bare road code (ชน.4054; not กม.100);
    - `latin_company`, `company_list`: Latin-script names after บริษัท/กลุ่ม (บริษัท InnoSpace (ประเทศไทย)
      จำกัด) and inside a list of companies (บริษัทชั้นนำ เช่น Google, Microsoft และ Amazon).

    >>> text = "โอนเงินผ่าน ธ.กรุงไทย และ ม.33"
    >>> [(text[s.start:s.end], s.rule) for s in find_pattern_entities(text, [])]
    [('ธ.กรุงไทย', 'abbreviated_head')]
    """
    patterns = patterns or default_patterns()
    starts = set(map(itemgetter(0), tokens))
    spans: list[RuleSpan] = []
    token_ends = set(map(itemgetter(1), tokens))
    for match in patterns.abbreviated.finditer(text):
        head, name = match.group(1), match.group(2)
        expansion = patterns.abbreviated_heads[head]
        label = "LOCATION" if expansion in patterns.facilities else "ORGANIZATION"
        # the name is a known one (its longest known start, ธ.กรุงไทยแจ้ง), else a single word that is
        # no common word (ม.ขอนแก่น; not ก.วิทย์หนุน, whose name runs on into a verb)
        known = next(
            (len(name) - cut for cut in range(len(name) - 2) if is_known(expansion + name[: len(name) - cut])), 0
        )
        if known:
            spans.append(RuleSpan(match.start(), match.start(2) + known, label, "abbreviated_head"))
        elif not is_common_word(name) and (not tokens or _single_token(tokens, match.start(2), match.end())):
            spans.append(RuleSpan(match.start(), match.end(), label, "abbreviated_head"))
    for match in patterns.numbered_unit.finditer(text):
        if (not starts or match.start() in starts) and not _followed_by_count(text, match.end(), patterns):
            spans.append(RuleSpan(match.start(), match.end(), "ORGANIZATION", "numbered_unit"))
    for match in patterns.mission.finditer(text):
        end = place_end(match.end())
        if end < 0:
            city = patterns.city_prefix.match(text, match.end())
            end = city.end() if city else -1
            if city:  # ณ กรุงเทลอาวีฟ|ว่า: a cut word glued after the city is no part of it
                glued = next((w for w in patterns.glued_cut_words if city.group().endswith(w)), "")
                end -= len(glued) if len(city.group()) - len(glued) >= 6 else 0
        if end > match.end():
            spans.append(RuleSpan(match.start(), end, "ORGANIZATION", "mission"))
    if tokens:
        spans += _named_bodies(text, tokens, patterns)
    if tokens:
        spans += _natural_places(text, tokens, patterns)
    if tokens and "ประชุม" in text:
        spans += _meeting_bodies(text, tokens, patterns)
    for match in patterns.national_body.finditer(text):
        end = match.end() if match.group("rest") else place_end(match.end())
        if end >= match.end() and (not starts or (match.start() in starts and end in token_ends)):
            suffix = patterns.body_suffix.match(text, end)
            spans.append(RuleSpan(match.start(), suffix.end() if suffix else end, "ORGANIZATION", "national_body"))
    if "ถัมภ์" in text:
        heads = sorted({i for head in patterns.spaced_body_heads for i in _find_all(text, head)})
        for spaced in (patterns.spaced_body.match(text, i) for i in heads if not starts or i in starts):
            if spaced is None:
                continue
            # no chunk starts another body or a place, or is a cut word (a verb, a preposition)
            stops = (*patterns.org_heads, *patterns.facilities, *(w for w in patterns.cut_words if len(w) > 1))
            if not any(c.startswith(stops) for c in spaced.group(1).split()):
                spans.append(RuleSpan(spaced.start(), spaced.end(), "ORGANIZATION", "spaced_body"))
    if tokens and "หรือ" in text:
        spans += _aliased_bodies(text, tokens, is_known, patterns)
    for match in patterns.latin_company.finditer(text):
        first = match.group(1).split()[0]
        if first.rstrip(".") not in patterns.latin_not_companies:
            end = match.end()
            while text[end - 1] in ". " and not text[:end].endswith(("Ltd.", "Co.")):
                end -= 1
            spans.append(RuleSpan(match.start(), end, "ORGANIZATION", "latin_company"))
    spans += _company_lists(text, patterns)
    if "ทางหลวง" in text or "ถนนสาย" in text:
        for match in patterns.numbered_road.finditer(text):
            spans.append(RuleSpan(match.start(), match.end(), "LOCATION", "numbered_road"))
        for match in patterns.road_code.finditer(text):
            if match.group(1) not in patterns.road_code_not:
                spans.append(RuleSpan(match.start(), match.end(), "LOCATION", "numbered_road"))
    for match in patterns.latin_facility.finditer(text):
        if not starts or match.start() in starts:
            spans.append(RuleSpan(match.start(), match.end(), "LOCATION", "latin_facility"))
    return _longest_first(spans)


def _aliased_bodies(
    text: str, tokens: list[Token], is_known: Callable[[str], bool], patterns: EntityPatterns
) -> list[RuleSpan]:
    """ "คณะกรรมการส่งเสริมการลงทุน หรือ บีโอไอ": the glued run before "หรือ" + a known name, from its first
    token that starts with a body's head word (after a role glued before it: รองเลขาธิการ|คณะกรรมการ…)."""
    spans = []
    token_starts = [t[0] for t in tokens]
    for position in _find_all(text, " หรือ "):
        link = patterns.alias_link.match(text, position)
        if link is None or not (is_known(link.group(1)) or is_known(link.group(1).rstrip("."))):
            continue
        run = patterns.glued_run_before.search(text, max(0, position - 80), position)
        if run is None:
            continue
        first = bisect.bisect_left(token_starts, run.start())
        for start in token_starts[first:]:
            if start >= position - 4:
                break
            if text.startswith(patterns.org_heads, start):
                spans.append(RuleSpan(start, position, "ORGANIZATION", "aliased_body"))
                break
    return spans


def _find_all(text: str, word: str) -> list[int]:
    found, i = [], text.find(word)
    while i != -1:
        found.append(i)
        i = text.find(word, i + 1)
    return found


def _token_at(tokens: list[Token], pos: int) -> int | None:
    """The index of the token that starts at `pos`, or None (`tokens`: in text order; a bisection, not a
    dict of every token start built per call)."""
    at = bisect.bisect_left(tokens, (pos,))
    return at if at < len(tokens) and tokens[at][0] == pos else None


def _single_token(tokens: list[Token], start: int, end: int) -> bool:
    """One token holds start..end, or exactly one token starts inside it (`tokens`: consecutive, in text order)."""
    holder = bisect.bisect_right(tokens, (start, float("inf"))) - 1  # the last token starting at or before start
    if holder >= 0 and end <= tokens[holder][1]:
        return True
    return bisect.bisect_left(tokens, (end,)) - bisect.bisect_left(tokens, (start,)) == 1


def _named_bodies(text: str, tokens: list[Token], patterns: EntityPatterns) -> list[RuleSpan]:
    spans = []
    for match in patterns.body_head.finditer(text):
        first = _token_at(tokens, match.start())
        if first is None or patterns.body_head.match(text, match.end()):
            continue  # "มูลนิธิ" in "สมาคมมูลนิธิ…": the inner body is the name
        end = _name_run_end(text, tokens, first, match.end(), patterns)
        if end is None:
            continue
        name = text[match.start() : end]
        if name in patterns.not_entities or name.startswith(patterns.kind_starts):
            continue  # a kind of body (พรรคการเมือง, พรรคร่วมรัฐบาล)
        suffix = patterns.body_suffix.match(text, end)
        spans.append(RuleSpan(match.start(), suffix.end() if suffix else end, "ORGANIZATION", "named_body"))
    return spans


def _natural_places(text: str, tokens: list[Token], patterns: EntityPatterns) -> list[RuleSpan]:
    """A river, waterfall, range or sea named by its head word glued to its name (แม่น้ำเจ้าพระยา)."""
    spans = []
    for match in patterns.natural_head.finditer(text):
        first = _token_at(tokens, match.start())
        if first is None or text.startswith(patterns.glued_cut_words + ("และ", "ของ"), match.end()):
            continue  # น้ำตก|ที่อยู่…, ทะเล|และ…: no name
        if text[match.start() - 1 : match.start()] == "." or text.endswith(patterns.place_heads, 0, match.start()):
            continue  # อ.|อ่าวลึก, วัด|ดอยพระฌาณ: part of another place's name
        if _in_quotes(text, match.start()):
            continue  # a slogan ("ทะเลไทยมั่นคง")
        end = _name_run_end(text, tokens, first, match.end(), patterns)
        if end is None:
            continue
        # the name stops before an inner word (อ่าวไทย|และภาคใต้, ดอยม่อนแจ่ม|ของอำเภอแม่ริม)
        for start, stop, word in tokens[first:]:
            if stop > end:
                break
            if start >= match.end() + 2 and word in patterns.inner_words:
                end = start
                break
        spans.append(RuleSpan(match.start(), end, "LOCATION", "natural_place"))
    return spans


def _meeting_bodies(text: str, tokens: list[Token], patterns: EntityPatterns) -> list[RuleSpan]:
    """A committee or working group after a meeting word, its name glued to the head word up to a space or
    a cut word (ประชุม|คณะกรรมการคุมประพฤติ ครั้งที่…); none without a glued name (ประชุมคณะทำงาน GAC)."""
    spans = []
    for match in patterns.meeting_body.finditer(text):
        start = match.start("head")
        first = _token_at(tokens, start)
        if first is None:
            continue
        if text.startswith(patterns.org_heads, match.end()):
            continue  # ประชุมคณะกรรมการ|มูลนิธิ…: the board of a body, which is the name
        end = _name_run_end(text, tokens, first, match.end(), patterns)
        if end is not None:
            suffix = patterns.body_suffix.match(text, end)
            spans.append(RuleSpan(start, suffix.end() if suffix else end, "ORGANIZATION", "meeting_body"))
    return spans


def _name_run_end(
    text: str, tokens: list[Token], first: int, head_end: int, patterns: EntityPatterns, *, continuing: bool = False
) -> int | None:
    """Where a name glued to its head word ends: the last token before a space, a non-Thai token or a cut
    word; None when there is no name (under two letters) or it starts with a cut or inner word. A name
    `continuing` past a recogniser's span may go on with an inner word (…เด็ก|และเยาวชน)."""
    end = None
    for start, stop, word in tokens[first:]:
        if stop <= head_end:
            end = stop
            continue
        if not _LETTER_RUN.fullmatch(word) or word in patterns.cut_words:
            break
        if (
            not continuing
            and start >= head_end
            and end is not None
            and end <= head_end
            and word in patterns.inner_words
        ):
            return None
        end = stop
    if end is None or end - head_end < 2:
        return None
    return end


def _company_lists(text: str, patterns: EntityPatterns) -> list[RuleSpan]:
    spans = []
    for opener in patterns.company_list.finditer(text):
        pos = opener.end()
        found: list[RuleSpan] = []
        while (name := patterns.list_name.match(text, pos)) is not None:
            word = name.group().rstrip(".")
            if patterns.standard_code.fullmatch(word):
                found = []  # a list of standards (ISO9001, ISO14001), not of companies
                break
            if word.split()[0] in patterns.latin_not_companies:
                break
            found.append(RuleSpan(name.start(), name.start() + len(word), "ORGANIZATION", "company_list"))
            separator = patterns.list_separator.match(text, name.end())
            if separator is None:
                break
            pos = separator.end()
        if len(found) >= 2:
            spans += found
    return spans


def _longest_first(spans: list[RuleSpan]) -> list[RuleSpan]:
    chosen: list[RuleSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def adjust_span(
    text: str, start: int, end: int, label: str, tokens: list[Token], patterns: EntityPatterns | None = None
) -> tuple[int, int] | None:
    """New bounds for a candidate entity another recogniser found, or None to keep it:

    - an organisation goes on over its unit number ("…ชนบท" + "ที่ 1"), its legal or patronage suffix
      (" จำกัด", " ในพระบรมราชูปถัมภ์"), and, when its head names a body (กองทุน, สมาคม, คณะกรรมการ…),
      over a short tail that starts with และ/เพื่อ/แห่ง and reaches a space ("…เพื่อเด็ก" + "และเยาวชน"),
      or over a glued tail that reaches its "(ABBR)" or "(English Name)" ("สมาคมผู้ประกอบธุรกิจ" + "เงินร่วมลงทุน");
    - an organisation or a person glued to a following phone number leaves it out ("ศูนย์ดำรงธรรม 1567");
    - any span that runs into an opening bracket it does not close ends before the bracket.

    >>> adjust_span("สำนักงานทางหลวงชนบทที่ 1 (ปทุมธานี)", 0, 19, "ORGANIZATION", [])
    (0, 24)
    """
    patterns = patterns or default_patterns()
    surface = text[start:end]
    opened = surface.rfind("(")
    if opened > 0 and ")" not in surface[opened:] and surface[:opened].strip():
        # a span that runs into an opening bracket it does not close ends before it: "เครือเจริญโภคภัณฑ์ (CP Group"
        return start, start + len(surface[:opened].rstrip())
    if label in ("ORGANIZATION", "PERSON"):
        glued = patterns.glued_number.search(surface)
        if (
            glued
            and not surface.startswith(patterns.numbered_units)
            and not re.search(r"(?:ที่|ภาค|เขต) ?$", surface[: glued.start()])
        ):
            return start, start + glued.start()
    if label != "ORGANIZATION":
        return None
    new_end = end
    if tokens and surface.startswith(patterns.continued_heads) and text.startswith(tuple(patterns.inner_words), end):
        first = _token_at(tokens, end)
        if first is not None:
            run_end = _name_run_end(text, tokens, first, end, patterns, continuing=True)
            # only a short tail that reaches a space or the line's end: "…เด็ก" + "และเยาวชน"
            if run_end and run_end - end <= 12 and (run_end == len(text) or not _LETTER.match(text[run_end])):
                new_end = run_end
    elif surface.startswith(patterns.continued_heads) and (run := _GLUED_TAIL.match(text, end)):
        # the name goes on, glued, up to its abbreviation or English name in brackets:
        # "สมาคมผู้ประกอบธุรกิจ" + "เงินร่วมลงทุน (Thai Venture Capital)"; not a tail that starts with a
        # cut word ("…แรงงาน" + "แจ้งว่า (ABC)")
        at = bisect.bisect_left(tokens, (end,))
        first_word = tokens[at][2] if at < len(tokens) and tokens[at][0] == end else ""
        if first_word not in patterns.cut_words and _ABBREVIATION.match(
            text, run.end() + (text[run.end() : run.end() + 1] == " ")
        ):
            new_end = run.end()
    number = patterns.unit_number_after.match(text, new_end)
    if number and not _followed_by_count(text, number.end(), patterns):
        new_end = number.end()
    suffix = patterns.body_suffix.match(text, new_end)
    if suffix:
        new_end = suffix.end()
    return (start, new_end) if new_end != end else None


def alarm_context(text: str, patterns: EntityPatterns | None = None) -> list[tuple[int, int]]:
    """The stretches of a text no place or body lies inside: programme and slogan names, hashtags
    (computed once per text for `false_alarm`)."""
    patterns = patterns or default_patterns()
    found = [m.span() for m in patterns.programme_name.finditer(text)]
    if "โครงการ" in text or "แผน" in text:  # a name in quotes after a programme word: โครงการ “กรมทางหลวง - …”
        found += [m.span(1) for m in patterns.quoted_programme.finditer(text)]
    if "#" in text:
        found += [m.span() for m in patterns.hashtag.finditer(text)]
    return found


def false_alarm(
    text: str,
    start: int,
    end: int,
    label: str,
    patterns: EntityPatterns | None = None,
    context: list[tuple[int, int]] | None = None,
) -> str | None:
    """Why a candidate organisation, place or amount is no entity, or None:

    - `not_entity`: a kind of body or a body ThaiNER leaves untagged (ครม., อปท., มูลนิธิฯ);
    - `generic`: a head word that goes on as a kind (มหาวิทยาลัยต่างๆ, กระทรวงกลาโหมมิตรประเทศ);
    - `sector`: ภาคการท่องเที่ยว, ภาคอุตสาหกรรม;
    - `programme`: a programme, project, plan, document or award (โครงการ…, แผน…, รางวัล…), a standard
      (ISO9001), and a body or place inside a programme's name in quotes (โครงการ “กรมทางหลวง - …”);
    - `agreement`: a trade agreement or treaty (ความตกลง…, FTA, RCEP);
    - `floor`: a floor number (ชั้น 9) or a room known only by its number (ห้องประชุม 134) taken for a place;
    - `generic` also: a head word and a nationality (บริษัทไทย);
    - `language`: a place right after ภาษา/อักษร/ทีมชาติ (ภาษาไทย, ทีมชาติไทย);
    - `programme` also: a place inside a programme or slogan name or a hashtag (ไทยคู่ฟ้า, #สื่อสารรัฐบาลไทย),
      but not a body or place that is a whole hashtag (#กระทรวงดีอี);
    - `not_money`: a MONEY span with neither a digit nor a currency word (สหรัฐฯ/ไทย);
    - `not_entity` also: an organisation starting with a word that only looks like a head (สภาพ…, กรมธรรม์);
    - `measure`: a unit of measure after a number or "/" or before ละ (72 บาท/กก.), not the body it abbreviates.

    >>> false_alarm("ร่วมกับกระทรวงกลาโหมมิตรประเทศ", 7, 20, "ORGANIZATION")
    'generic'
    """
    patterns = patterns or default_patterns()
    if label == "MONEY":
        surface = text[start:end]
        no_amount = not _DIGIT.search(surface) and not any(w in surface for w in patterns.money_words)
        return "not_money" if no_amount else None
    if label not in ("ORGANIZATION", "LOCATION"):
        return None
    surface = " ".join(text[start:end].split())
    if surface in patterns.not_entities:
        return "not_entity"
    if surface.endswith(patterns.generic_followers):
        return "generic"
    if label == "ORGANIZATION" and surface.startswith(patterns.not_heads_or_kinds):
        return "not_entity"  # สภาพภูมิอากาศ: สภาพ is no สภา
    if surface in patterns.measure_units and _measure_context(text, start, end):
        return "measure"
    if label == "ORGANIZATION" and text[end : end + 16].removeprefix(" ").startswith(patterns.generic_followers):
        return "generic"
    if patterns.generic_start.match(surface):
        return "sector"
    if label == "ORGANIZATION" and patterns.programme.match(surface):
        return "programme"
    if label == "ORGANIZATION" and patterns.agreement.search(surface):
        return "agreement"
    if label == "LOCATION" and (
        patterns.floor.fullmatch(surface) or (patterns.numbered_room.fullmatch(surface) and _DIGIT.search(surface))
    ):
        return "floor"
    if label == "ORGANIZATION" and patterns.kind.fullmatch(surface):
        return "generic"
    if label == "ORGANIZATION" and patterns.standard_code.fullmatch(surface):
        return "programme"  # a standard (ISO9001) is no body
    if label == "LOCATION" and patterns.language_before.search(text, max(0, start - patterns.language_window), start):
        return "language"
    offset = max(0, start - 40)
    if context is None:
        stretches = alarm_context(text[max(0, start - 40) : end + 40])
        context = [(s + offset, e + offset) for s, e in stretches]
    if any(s <= start and end <= e for s, e in context):
        # a body or place that is a whole hashtag names itself (#กระทรวงดีอี); inside one it is a slogan's word
        whole_hashtag = start > 0 and text[start - 1] == "#" and (end == len(text) or text[end] in " \t\n#")
        if not whole_hashtag or patterns.programme_name.search(surface):
            return "programme"
    return None


def _measure_context(text: str, start: int, end: int) -> bool:
    """A unit of measure's place: after a number or "/", or before ละ (72 บาท/กก., 10 กม., กก. ละ 57 บาท)."""
    before = text[max(0, start - 12) : start].rstrip()
    after_number = bool(before) and (before[-1] == "/" or before[-1].isdigit())
    return after_number or text[end : end + 4].lstrip().startswith("ละ")


# --- roles, places and bodies written together (the government register) ---------------------------


def find_role_bodies(
    text: str,
    tokens: list[Token],
    known_end: Callable[[int], int] = lambda pos: -1,
    patterns: EntityPatterns | None = None,
) -> list[RuleSpan]:
    """The body or place inside a role written glued to it, which the tokenizer keeps as one word
    (รัฐมนตรีว่าการ|กระทรวงอุตสาหกรรม, ปลัดกระทรวง|วัฒนธรรม, ผู้ว่าราชการจังหวัด|กระบี่): an ORGANIZATION from
    the body's head word (a LOCATION for จังหวัด/อำเภอ) to the end of the known name that starts there
    (`known_end(pos)`: where it ends, or -1), else to the end of its glued run (a space or a cut word).
    A head word with no name after it (ปลัดกระทรวง alone) is none, and so is a role that is itself part of
    a body's name (สำนักงานปลัดกระทรวง…). The spans may start inside a token: the caller splits it.

    >>> text = "รัฐมนตรีว่าการกระทรวงอุตสาหกรรม"
    >>> [(text[s.start:s.end], s.label) for s in find_role_bodies(text, [(0, len(text), text)])]
    [('กระทรวงอุตสาหกรรม', 'ORGANIZATION')]
    """
    patterns = patterns or default_patterns()
    spans = []
    for match in patterns.role_body.finditer(text):
        head_start, head_end = match.span("head")
        if patterns.org_head_before.search(text, max(0, match.start() - 30), match.start()):
            continue  # สำนักงาน|ปลัดกระทรวง…: the role is part of a body's name
        end = known_end(head_start)
        if end < head_end + 2:
            # the glued run from the head word: over the rest of its token and the Thai tokens after it
            at = bisect.bisect_left(tokens, (head_end,))  # the first token starting at or after the head's end
            end = tokens[at - 1][1] if at > 0 and tokens[at - 1][1] > head_end else head_end
            while at < len(tokens) and tokens[at][0] == end and _LETTER_RUN.fullmatch(tokens[at][2]):
                if tokens[at][2] in patterns.cut_words:
                    break
                end = tokens[at][1]
                at += 1
            if text.startswith(tuple(patterns.cut_words), head_end) and end - head_end <= 4:
                continue
        if end - head_end < 2:
            continue
        label = "LOCATION" if match.group("head") in patterns.role_place_heads else "ORGANIZATION"
        spans.append(RuleSpan(head_start, end, label, "role_body"))
    return spans


def split_bodies(
    text: str, start: int, end: int, label: str, patterns: EntityPatterns | None = None
) -> list[tuple[int, int]] | None:
    """Two bodies or places written one after the other that a recogniser took for one span, split where
    the second one's head word begins after a space ("กรมการขนส่งทางราง กองการต่างประเทศ",
    "วัดอรุณราชวราราม วัดพระเชตุพน"); a part that names a kind of office found everywhere
    (…สุขภาพตำบล), a head word alone (ห้องประชุม) and a false alarm (ห้องประชุม ชั้น 6) are left out. None
    when there is nothing to split.

    >>> text = "ร่วมกับ สภาอุตสาหกรรม สภาหอการค้า และ"
    >>> [text[s:e] for s, e in split_bodies(text, 8, 33, "ORGANIZATION")]
    ['สภาอุตสาหกรรม', 'สภาหอการค้า']
    """
    patterns = patterns or default_patterns()
    splitter = patterns.org_head_after_space if label == "ORGANIZATION" else patterns.place_head_after_space
    surface = text[start:end]
    if label == "ORGANIZATION" and (kind := patterns.kind_and_body.search(surface)):
        # "โรงพยาบาลส่งเสริมสุขภาพตำบลและโรงพยาบาลนาดี": a kind of office, และ, a body: the body alone
        return [(start + kind.end(), end)]
    if " " not in surface:
        return None
    cuts = [m for m in splitter.finditer(surface) if m.start() >= 2]
    if not cuts:
        return None
    parts, begin = [], 0
    for cut in cuts:
        parts.append((begin, cut.start()))
        begin = cut.end()
    parts.append((begin, len(surface)))
    kept = [
        (start + a, start + b)
        for a, b in parts
        if b - a >= 4
        and not surface[a:b].endswith(patterns.kind_endings)
        and surface[a:b] not in patterns.not_entities
        and surface[a:b] not in patterns.bare_heads
        and not false_alarm(text, start + a, start + b, label, patterns)
    ]
    return kept if len(parts) >= 2 else None


def place_with_prefix(text: str, start: int, patterns: EntityPatterns | None = None) -> int:
    """Where a place found without its kind glued before it starts with it: ประเทศ|ไทย → ประเทศไทย,
    สาธารณรัฐ|เคนยา (not ต่างประเทศ|ไทย, กลุ่มประเทศ|ยุโรป); `start` itself when there is none. The prefix may lie inside a
    token (ในประเทศ|ไทย): the caller splits it.

    >>> place_with_prefix("การลงทุนในประเทศไทย", 16)
    10
    """
    patterns = patterns or default_patterns()
    for prefix in patterns.place_prefixes:
        begin = start - len(prefix)
        if begin >= 0 and text.startswith(prefix, begin):
            if text.endswith(patterns.place_prefix_not_after, 0, begin):
                return start
            return begin
    return start


def role_place(text: str, start: int, end: int, patterns: EntityPatterns | None = None) -> int:
    """Where the place inside an organisation span starts when the span is a role and its province
    (อุตสาหกรรม|จังหวัดพะเยา: the provincial industry officer), or -1: the span has a place head word
    after its start and does not begin with a body's head word.

    >>> role_place("อุตสาหกรรมจังหวัดพะเยา", 0, 22)
    10
    """
    patterns = patterns or default_patterns()
    surface = text[start:end]
    if surface.startswith(patterns.org_heads):
        return -1
    # The first place head word in the span (the set's order depends on the hash seed: taking the first match of
    # a loop over it made records differ between runs and between batch workers).
    found = [
        at
        for head in patterns.role_place_heads
        if (at := surface.find(head, 2)) > 0 and len(surface) - at - len(head) >= 2
    ]
    return start + min(found) if found else -1


def repeated_first_names(
    text: str,
    persons: list[tuple[int, int]],
    titles: frozenset[str],
    roles: tuple[str, ...] = (),
    is_known: Callable[[str], bool] = lambda name: False,
) -> list[RuleSpan]:
    """A person named in full in the release (a title, a first name and a surname: นายสุริยะ จึงรุ่งเรืองกิจ)
    and elsewhere by the first name alone, as headlines do after a role or in quotes (รัฐมนตรีฯ สุริยะ,
    "สุริยะ", รองปลัดเศรษฐเกียรติฯ): each such mention is a PERSON, with a ฯ that cuts the name short. The
    first name must stand apart: no Thai letter glued after it, and before it none or a role word
    (`name_stop_words.txt`, `roles`: the roles of titles.tsv). Not a name that is a known place or body
    (`is_known`), nor one under three letters. The spans may start inside a token: the caller splits it.

    >>> text = "นายสุริยะ จึงรุ่งเรืองกิจ กล่าวว่า ... รัฐมนตรีฯ สุริยะ ยังได้"
    >>> [text[s.start:s.end] for s in repeated_first_names(text, [(0, 25)], frozenset({"นาย"}))]
    ['สุริยะ']
    """
    if not persons:
        return []
    stops = (*(w for w in name_stop_words() if len(w) >= 3), *roles)
    first_names = set()
    longest = max(map(len, titles), default=0)
    for start, end in persons:
        chunks = text[start:end].split()
        if len(chunks) < 2:
            continue
        head = chunks[0]
        # the longest title the first chunk starts with (and goes on after)
        title = next((head[:k] for k in range(min(longest, len(head) - 1), 0, -1) if head[:k] in titles), "")
        if not title and len(chunks) == 2 and chunks[0] in titles:
            continue  # "พลเอก ประยุทธ์": no surname
        name = head[len(title) :].rstrip("ฯ")
        if len(name) >= 3 and _LETTER_RUN.fullmatch(name) and not is_known(name):
            first_names.add(name)
    spans = []
    for name in first_names:
        for position in _find_all(text, name):
            end = position + len(name)
            if any(s <= position < e for s, e in persons):
                continue
            after = text[end : end + 1]
            if after == "ฯ":
                end += 1
            elif _LETTER.match(after):
                continue
            before = text[max(0, position - 20) : position]
            if before and _LETTER_AT_END.search(before) and not before.endswith(stops):
                continue
            spans.append(RuleSpan(position, end, "PERSON", "repeated_first_name"))
    return sorted(spans, key=lambda s: s.start)


def find_defined_acronyms(text: str, patterns: EntityPatterns | None = None) -> list[RuleSpan]:
    """A body's English name and acronym given together in brackets, "(Name of a Body: ACRONYM)": the name
    (when it holds a body word: Office, Team, Chambers…) and every mention of the acronym in the text are
    ORGANIZATIONs.

    >>> text = "หอการค้าร่วม (Joint Foreign Chambers of Commerce: JFCCT) และงานของ JFCCT"
    >>> [text[s.start:s.end] for s in find_defined_acronyms(text)]
    ['Joint Foreign Chambers of Commerce', 'JFCCT', 'JFCCT']
    """
    patterns = patterns or default_patterns()
    spans: list[RuleSpan] = []
    if "(" not in text or ":" not in text:
        return spans
    for match in patterns.english_name_and_acronym.finditer(text):
        name, acronym = match.group(1), match.group(2)
        if not patterns.english_body_words.intersection(name.split()):
            continue
        spans.append(RuleSpan(match.start(1), match.end(1), "ORGANIZATION", "defined_acronym"))
        spans += [RuleSpan(s, e, "ORGANIZATION", "defined_acronym") for s, e in find_mentions(text, acronym)]
    return sorted(set(spans), key=lambda s: s.start)


@functools.cache
def _role_abbreviation_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(list(roles))}) ?((?:[ก-ฮ]{{1,4}}\.)+)(?![\u0e01-\u0e4e])")


def find_role_abbreviations(text: str, roles: tuple[str, ...]) -> list[RuleSpan]:
    """An abbreviation with a dot right after a role abbreviation names the role's ministry or body:
    รมว.[พม.], รมต.[นร.], รมว.[กห.] (ORGANIZATION; the caller may relabel a known place).

    >>> text = "รมต.นร. นายอนุชา และ รมว.กห."
    >>> [text[s.start:s.end] for s in find_role_abbreviations(text, ("รมต.", "รมว."))]
    ['นร.', 'กห.']
    """
    if not roles:
        return []
    return [
        RuleSpan(m.start(1), m.end(1), "ORGANIZATION", "role_abbreviation")
        for m in _role_abbreviation_pattern(tuple(roles)).finditer(text)
    ]


# --- DATE bounds (the government set's conventions; words from corpora/dates.toml) -------------------


@functools.cache
def _date_bound_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    from pipeline.resources import read_toml

    data = read_toml(corpus_file("dates.toml"))
    weekdays = _alternation([name for day in data["weekday"] for name in day["names"]])
    eras = "|".join(f"(?:{era['pattern']})" for era in data["era"] if not era["pattern"][:1].isascii())
    months = []
    for line in corpus_file("months.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            _, full, abbr, *_ = line.split("\t")
            months += [*full.split("|"), abbr]
    # "วันอังคารที่ 21 …", "วันที่ 21 …", "เดือน เม.ย.", "เดือนพฤษภาคม": the lead words stay outside
    lead = re.compile(rf"(?:(?:วัน(?:{weekdays})(?:ที่)?|วันที่) ?(?=[\d๐-๙])|เดือน ?(?={_alternation(months)}))")
    # a weekday alone right before "ที่ 25 …": the date that follows is the entity
    weekday_alone = re.compile(rf"(?:วัน)?(?:{weekdays})")
    era_before = re.compile(rf"(?:{eras}) ?$")
    two_digit_year = re.compile(r" ([4-9]\d)(?![\d.,:/%])")
    return lead, weekday_alone, era_before, two_digit_year


def date_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """New bounds for a DATE span, following the government set (corpora/ner-dev/README.md): the weekday
    and วันที่/เดือน before it are outside (วันอังคารที่ [21 มิถุนายน 2565], เดือน[พฤษภาคม]); an era word
    written out before the year is inside ([พุทธศักราช 2566]); a two-digit year after a day and month is
    inside ([14 ก.พ. 65]). (start, start) when the span is a weekday alone before the date it introduces
    (เมื่อวันศุกร์ที่ 25 ตุลาคม); None when nothing changes.

    >>> text = "วันอังคารที่ 21 มิถุนายน 2565 และ ณ วันที่ 30 พฤษภาคม 65 นาย"
    >>> [text[s:e] for s, e in (date_bounds(text, 0, 29), date_bounds(text, 36, 56))]
    ['21 มิถุนายน 2565', '30 พฤษภาคม 65']
    """
    lead, weekday_alone, era_before, two_digit_year = _date_bound_patterns()
    new_start, new_end = start, end
    surface = text[start:end]
    if weekday_alone.fullmatch(surface) and re.match(r"ที่ ?[\d๐-๙]", text[end : end + 6]):
        return start, start
    if (found := lead.match(surface)) and found.end() < len(surface):
        new_start = start + found.end()
    era = era_before.search(text, max(0, start - 14), start)
    if era and era.start() < start:
        new_start = era.start()
    year = two_digit_year.match(text, end)
    if year and not re.search(r"[\d๐-๙]{2}$", surface) and re.search(r"[\d๐-๙]", surface):
        new_end = year.end()
    return (new_start, new_end) if (new_start, new_end) != (start, end) else None


def unit_before(
    text: str,
    start: int,
    tokens: list[Token],
    is_common_word: Callable[[str], bool] = lambda word: False,
    patterns: EntityPatterns | None = None,
) -> tuple[int, int] | None:
    """The unit written just before the body it belongs to, one space apart, which no recogniser found
    ("ร่วมกับสำนักโฆษก สำนักเลขาธิการนายกรัฐมนตรี": สำนักโฆษก is a unit of the body that follows): the glued run
    before the space, from its first token that starts with a body's head word, when every token after the
    head is a name's (no cut word), the name has two letters or more, and the whole is no dictionary word
    (ศูนย์กลาง) nor a false alarm. None otherwise.

    >>> text = "ร่วมกับสำนักโฆษก สำนักเลขาธิการนายกรัฐมนตรี"
    >>> tokens = [(0, 7, "ร่วมกับ"), (7, 12, "สำนัก"), (12, 16, "โฆษก"), (16, 17, " "), (17, 43, "สำนักเลขาธิการนายกรัฐมนตรี")]
    >>> s, e = unit_before(text, 17, tokens)
    >>> text[s:e]
    'สำนักโฆษก'
    """
    patterns = patterns or default_patterns()
    if start < 2 or text[start - 1] != " " or not tokens:
        return None
    end = start - 1
    at = bisect.bisect_left(tokens, (end,)) - 1  # the last token before the space
    first = at
    while first >= 0 and tokens[first][1] > end - 60 and _LETTER_RUN.fullmatch(tokens[first][2]):
        first -= 1
    for i in range(first + 1, at + 1):
        word_start = tokens[i][0]
        if not text.startswith(patterns.org_heads, word_start):  # most tokens: one test in C
            continue
        head = next(h for h in patterns.org_heads if text.startswith(h, word_start))
        rest = tokens[i + 1 : at + 1]
        if any(t[2] in patterns.cut_words or t[2] in patterns.inner_words for t in rest[:1]):
            return None
        if any(t[2] in patterns.cut_words for t in rest) or end - word_start - len(head) < 2:
            return None
        surface = text[word_start:end]
        if is_common_word(surface) or false_alarm(text, word_start, end, "ORGANIZATION", patterns):
            return None
        return word_start, end
    return None


def _in_quotes(text: str, pos: int) -> bool:
    """`pos` lies inside a quoted phrase of its line (“…” or "…"): a slogan or a programme's name."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:pos], text[pos:line_end]
    if before.rfind("“") > before.rfind("”") and "”" in after:
        return True
    return before.count('"') % 2 == 1 and '"' in after


def people_countries(
    text: str, country_end: Callable[[int], int], patterns: EntityPatterns | None = None
) -> list[RuleSpan]:
    """A country named after คน/ชาว/ธงชาติ (`people_prefixes`): คน[ไทย], ชาว[ไทย]มุสลิม, ธงชาติ[ไทย]. The span
    starts inside the tokenizer's word (คนไทย): the caller splits it. `country_end(pos)` gives where a known
    country starting at pos ends at a token end, or -1. Not inside a quoted slogan (“ปันน้ำใจ คนไทยไม่ทิ้งกัน”),
    nor after `people_prefix_not_after` (วันพระราชทานธงชาติไทย, a holiday).

    >>> people_countries("เชิญชวนคนไทยร่วมงาน", lambda pos: pos + 3 if pos == 9 else -1)
    [RuleSpan(start=9, end=12, label='LOCATION', rule='people_country')]
    >>> people_countries("โครงการ “คนไทยไม่ทิ้งกัน”", lambda pos: pos + 3 if pos == 11 else -1)
    []
    """
    patterns = patterns or default_patterns()
    spans = []
    for prefix in patterns.people_prefixes:
        for at in _find_all(text, prefix):
            pos = at + len(prefix)
            if text[max(0, at - 20) : at].rstrip().endswith(patterns.people_prefix_not_after):
                continue
            end = country_end(pos)
            if end > pos and not _in_quotes(text, pos):
                spans.append(RuleSpan(pos, end, "LOCATION", "people_country"))
    return spans


def venue_before(text: str, start: int, patterns: EntityPatterns | None = None) -> int:
    """Where a room or hall glued before an organisation starts (ห้องประชุม|กระทรวงยุติธรรม: the room, a
    LOCATION holding the body's name), or -1.

    >>> venue_before("ณ ห้องประชุมกระทรวงยุติธรรม", 12)
    2
    >>> venue_before("ณ ห้องประชุม กระทรวงยุติธรรม", 13)
    -1
    """
    patterns = patterns or default_patterns()
    for head in patterns.venue_heads:
        if text.startswith(head, start - len(head)):
            return start - len(head)
    return -1


_GLUED_PLACES_MAX = 100


def glued_places(
    text: str, start: int, end: int, is_place: Callable[[str], bool]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Two known places written glued as one span (สุโขทัย|พิษณุโลก in a list of provinces): the two spans, or
    None when the span is itself a known place or no cut gives two known places.

    >>> places = {"สุโขทัย", "พิษณุโลก", "นครพนม"}.__contains__
    >>> glued_places("สุโขทัยพิษณุโลก", 0, 15, places)
    ((0, 7), (7, 15))
    >>> glued_places("นครพนมเมืองใหม่", 0, 15, places) is None
    True
    """
    surface = text[start:end]
    # two place names glued are short (the longest known country names run to about 40 letters): a longer span
    # is not tried, which keeps this linear on hostile input (each cut slices and hashes the span)
    if len(surface) < 6 or len(surface) > _GLUED_PLACES_MAX or is_place(surface):
        return None
    for cut in range(2, len(surface) - 1):
        if is_place(surface[:cut]) and is_place(surface[cut:]):
            return (start, start + cut), (start + cut, end)
    return None


def short_names(
    text: str,
    full_names: list[tuple[int, int]],
    bounds: tuple[set[int], set[int]],
    is_excluded: Callable[[str], bool] = lambda name: False,
    patterns: EntityPatterns | None = None,
) -> list[RuleSpan]:
    """A bank or company the release names in full (`full_names`: its organisation spans) and elsewhere by its
    name alone: ธนาคารกรุงไทย … “[กรุงไทย]” จับมือ. The name (after a `short_name_heads` word, without จำกัด…)
    is Thai letters, at least 4, not `is_excluded` (a common word, a known place); each other mention starts
    and ends at token bounds (`bounds`: token starts, token ends) and is not glued after a dot (ธ.กรุงไทย).

    >>> text = "ธนาคารกรุงไทย จำกัด (มหาชน) แจ้ง “กรุงไทย” จับมือ"
    >>> [text[s.start:s.end] for s in short_names(text, [(0, 27)], ({0, 28, 33, 34, 41, 42}, {13, 27, 32, 41, 42}))]
    ['กรุงไทย']
    """
    patterns = patterns or default_patterns()
    starts, ends = bounds
    names = set()
    for start, end in full_names:
        surface = text[start:end]
        head = next((h for h in patterns.short_name_heads if surface.startswith(h)), "")
        if not head:
            continue
        name = surface[len(head) :].strip()
        suffix = patterns.body_suffix.search(name)
        name = name[: suffix.start()].strip() if suffix else name
        if len(name) >= 4 and _LETTER_RUN.fullmatch(name) and not is_excluded(name):
            names.add(name)
    spans = []
    for name in names:
        for at in _find_all(text, name):
            end = at + len(name)
            inside = any(s <= at and end <= e for s, e in full_names)
            if not inside and at in starts and end in ends and text[at - 1 : at] != ".":
                spans.append(RuleSpan(at, end, "ORGANIZATION", "short_name"))
    return spans
