"""What a release states that its twin in the other language states too: numbers, known agencies, places
and countries (by gazetteer id), and words in Latin script. Cheap enough to run on the whole archive."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.archive.dateline import without_dateline
from pipeline.normalize import arabic_digits
from pipeline.resources import corpus_file, read_tsv

# Gazetteers whose rows carry both a Thai and an English name: their ids are language-neutral evidence.
GAZETTEERS = ("th_government.tsv", "intl_orgs.tsv", "countries.tsv", "th_provinces.tsv", "foreign_cities.tsv")
_MAX_CHARS = 20000
_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
_THAI = re.compile(r"[\u0e01-\u0e4e]")


@dataclass
class Evidence:
    """Language-neutral keys a release states, in its whole text and in its headline."""

    numbers: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    latin: set[str] = field(default_factory=set)
    headline_keys: set[str] = field(default_factory=set)


def trie_regex(words: list[str]) -> str:
    """One regex alternation for many literal strings, nested by common prefix (fast in `re`).

    >>> import re
    >>> re.findall(trie_regex(["กรม", "กรมการ", "กระทรวง"]), "กรมการกระทรวง")
    ['กรมการ', 'กระทรวง']
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


@dataclass(frozen=True)
class _Names:
    thai: dict[str, str]  # surface -> id
    english: dict[str, str]
    thai_re: re.Pattern[str]
    english_re: re.Pattern[str]


@functools.cache
def gazetteer_names() -> _Names:
    thai: dict[str, str] = {}
    english: dict[str, str] = {}
    for name in GAZETTEERS:
        path = corpus_file("gazetteers", name)
        if not path.exists():
            continue
        for row in read_tsv(path):
            for form in [row["thai"], *row["aliases"].split("|")]:
                form = form.strip()
                if len(form) >= 2:
                    thai.setdefault(form, row["id"])
            for form in (row["english"], row["abbr_en"]):
                form = form.strip()
                if len(form) >= 2:
                    english.setdefault(form, row["id"])
    thai_re = re.compile(trie_regex(sorted(thai, key=len, reverse=True)))
    english_re = re.compile(r"(?<![A-Za-z])" + trie_regex(sorted(english, key=len, reverse=True)) + r"(?![A-Za-z])")
    return _Names(thai, english, thai_re, english_re)


def headline(text: str) -> str:
    """The headline: the title line without its "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-" prefix."""
    first = text.lstrip().split("\n", 1)[0]
    parts = first.split("-", 2)
    return parts[2].strip() if len(parts) == 3 and parts[0].startswith("รัฐบาล") else first.strip()


def numbers_in(text: str) -> set[str]:
    """Numbers of two or more significant digits, commas dropped; Buddhist-Era years also as CE.

    >>> sorted(numbers_in("งบ ๑,๕๐๐ ล้านบาท ปี 2564 ร้อยละ 5.30 วันที่ 3"))
    ['1500', '2021', '2564', '5.3']
    """
    found: set[str] = set()
    for m in _NUMBER.finditer(arabic_digits(text)):
        raw = m.group().replace(",", "").rstrip(".")
        if "." in raw:
            raw = raw.rstrip("0").rstrip(".")
        raw = raw.lstrip("0") or "0"
        if len(raw.replace(".", "")) < 2:
            continue
        found.add(raw)
        if raw.isdigit() and 2450 <= int(raw) <= 2650:
            found.add(str(int(raw) - 543))
    return found


def entities_in(text: str, lang: str) -> set[str]:
    """Gazetteer ids named in the text (Thai names for "th", English names and abbreviations for "en")."""
    names = gazetteer_names()
    if lang == "th":
        return {names.thai[m.group()] for m in names.thai_re.finditer(text) if m.group() in names.thai}
    return {names.english[m.group()] for m in names.english_re.finditer(text) if m.group() in names.english}


def latin_words(text: str, lang: str) -> set[str]:
    """Lowercased Latin-script words: in a Thai text those of 2+ characters (APEC, BCG, COVID-19); in an
    English text every word, so that the Thai side's words can be looked up."""
    words = {m.group().lower() for m in _LATIN_WORD.finditer(text)}
    return {w for w in words if len(w) >= 2} if lang == "th" else words


def evidence_of(text: str, lang: str) -> Evidence:
    """The evidence keys of a release (its first 20,000 characters)."""
    body = without_dateline(text[:_MAX_CHARS])
    head = headline(body)
    ev = Evidence(numbers_in(body), entities_in(body, lang), latin_words(body, lang))
    ev.headline_keys = {f"n:{n}" for n in numbers_in(head)} | {f"e:{e}" for e in entities_in(head, lang)}
    if lang == "th":
        ev.headline_keys |= {f"l:{w}" for w in latin_words(head, "th")}
    return ev


def thai_share(text: str) -> float:
    """Share of letters that are Thai."""
    thai = len(_THAI.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return thai / (thai + latin) if thai + latin else 0.0
