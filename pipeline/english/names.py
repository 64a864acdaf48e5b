"""English names of entities: the glossary's official name, the text itself when it is already in Latin
script, or a romanisation by pythainlp's thai2rom model (capitalised, title translated)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_LATIN = re.compile(r"[A-Za-z]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_CHUNK = re.compile(r"[\u0e01-\u0e4e]+")


@dataclass(frozen=True)
class EnglishName:
    text: str
    source: str  # "glossary" | "transliteration" | "source"


@functools.cache
def _titles() -> dict[str, str]:
    from pipeline.resources import corpus_file, read_tsv

    path = corpus_file("gazetteers", "titles.tsv")
    rows = read_tsv(path) if path.exists() else []
    return {row["thai"]: row["english"] for row in rows}


@functools.lru_cache(maxsize=20000)
def romanize(thai: str) -> str:
    """Romanise Thai words with thai2rom (a seq2seq model shipped with pythainlp), capitalising each word.

    >>> romanize("สมชาย ใจดี")
    'Somchai Chaidi'
    """
    from pythainlp.transliterate import romanize as thai2rom

    def one(match: re.Match[str]) -> str:
        return thai2rom(match.group(), engine="thai2rom_onnx").capitalize()

    return _THAI_CHUNK.sub(one, thai).strip()


def split_title(name: str) -> tuple[str, str]:
    """(title, rest) for a name that starts with a known title or rank; ("", name) otherwise."""
    for title in sorted(_titles(), key=len, reverse=True):
        if name.startswith(title) and len(name) > len(title):
            return title, name[len(title) :].strip()
    return "", name


def english_name(label: str, text: str, glossary_english: str | None = None) -> EnglishName | None:
    """The English name of an entity, saying where it came from; None for entities that are not names."""
    if glossary_english:
        return EnglishName(glossary_english, "glossary")
    if label not in {"PERSON", "ORGANIZATION", "LOCATION"}:
        return None
    if not _THAI.search(text):
        return EnglishName(text, "source")
    if label == "PERSON":
        title, rest = split_title(text)
        title_en = _titles().get(title, "")
        return EnglishName(" ".join(p for p in (title_en, romanize(rest)) if p), "transliteration")
    return EnglishName(romanize(text), "transliteration")
