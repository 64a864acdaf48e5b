"""Ordinal detectors: an ordinal marker with nothing after it ("เป็นครั้งที่ ในรอบปี"), from the hand list, from
the learned table's ordinal rows, or a classifier glued to ที่."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from pipeline.numerals.count_pairs import load_count_pairs
from pipeline.numerals.document import NAME_START, Document, Slot, is_thai_word, quote
from pipeline.numerals.lexicon import is_count_unit
from pipeline.numerals.templates import Template

__all__ = ["detect_missing_ordinals", "detect_missing_ordinals_after_classifier", "detect_missing_ordinals_learned"]


@functools.lru_cache(maxsize=256)  # bounded: ordinal.classifier asks for each release's own markers
def _ordinal_re(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(sorted(map(re.escape, markers), key=len, reverse=True))
    # the marker, then either a space and a non-number, or a break: "ครั้งที่ ในรอบปี", "ฉบับที่)".
    return re.compile(rf"(?P<marker>{alternation})(?:(?P<space>[ ]+)(?=[^\s0-9\u0e50-\u0e59.…])|[ ]*(?=\n|$|[),;]))")


def detect_missing_ordinals(doc: Document, template: Template) -> list[Slot]:
    """An ordinal marker with nothing after it: "เป็นครั้งที่ ในรอบปี"."""
    return _ordinal_slots(doc, template, template.words)


def detect_missing_ordinals_learned(doc: Document, template: Template) -> list[Slot]:
    """A word glued to ที่ with nothing after it, where intact releases almost always put a number after that
    word and ที่ ("ในไตรมาสที่ ของปี", "กลุ่มที่ บริการสาธารณะ"): the ordinal rows of the learned table
    (``count_pairs.py``), read with the template's ``min_share`` and ``min_seen``. Days (วันที่, วันพุธที่) are
    the date templates' business."""
    markers = _learned_markers(load_count_pairs().learned_ordinals(template.min_share, template.min_seen))
    # ที่ before a name is "at" or "that" ("ตั้งอยู่ที่ “…”", "มาตรการที่ กยศ. จะให้"), not an ordinal
    return _ordinal_slots(doc, template, markers, before_name=False) if markers else []


@functools.lru_cache(maxsize=16)  # the learned words are the same set for every release
def _learned_markers(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(w + "ที่" for w in words if not w.startswith("วัน")))


def detect_missing_ordinals_after_classifier(doc: Document, template: Template) -> list[Slot]:
    """A classifier glued to ที่ with nothing after it ("จำเลยที่ ออกจาก", "หลักสูตรที่ พัฒนาทักษะ"): "CLที่ N" names
    the N-th one, and in intact releases a space after "CLที่" is almost always followed by its number. For
    the words the learned table has not seen often enough; the classifier test is ``count_pairs.is_count_unit``."""
    tokens = doc.tokens
    markers = set()
    for i in range(1, len(tokens) - 1):
        if tokens[i].text == "ที่" and tokens[i + 1].text in (" ", "\n") and is_thai_word(tokens[i - 1]):
            word = tokens[i - 1].text
            if not word.startswith("วัน") and is_count_unit(word):
                markers.add(word + "ที่")
    return _ordinal_slots(doc, template, tuple(sorted(markers)), before_name=False) if markers else []


class _Marked(NamedTuple):
    """A match of `_ordinal_re`: the marker (``start``, ``marker_end``), the spaces after it, the match's end."""

    start: int
    marker_end: int
    end: int
    marker: str
    space: str | None


# what `_ordinal_re` asks after the marker
_AFTER_MARKER = re.compile(r"(?:(?P<space>[ ]+)(?=[^\s0-9\u0e50-\u0e59.…])|[ ]*(?=\n|$|[),;]))")


@functools.lru_cache(maxsize=256)
def _by_suffix(markers: tuple[str, ...]) -> tuple[str, frozenset[str], tuple[int, ...]]:
    """(the longest ending all ``markers`` share, the markers without it, their lengths, longest first)."""
    suffix = min(markers, key=len, default="")
    while suffix and not all(m.endswith(suffix) for m in markers):
        suffix = suffix[1:]
    heads = frozenset(m[: len(m) - len(suffix)] for m in markers)
    return suffix, heads, tuple(sorted({len(h) for h in heads}, reverse=True))


def _ordinal_matches(text: str, markers: tuple[str, ...]) -> Iterator[_Marked]:
    """What ``_ordinal_re(markers).finditer(text)`` finds, without the regex when the markers share an ending
    (ที่): each occurrence of the ending, the markers that end there, then `_AFTER_MARKER`, leftmost match
    first and the longest marker first at a place, as the alternation (longest first) tries them. The
    learned markers are a hundred words the regex would try at every character; the ones read from the
    release would make a new regex for every release."""
    suffix, heads, lengths = _by_suffix(markers)
    if not suffix:
        for m in _ordinal_re(markers).finditer(text):
            yield _Marked(m.start(), m.end("marker"), m.end(), m.group("marker"), m.group("space"))
        return
    ends_at: dict[int, list[int]] = {}  # marker start -> the lengths of the markers there, longest first
    q = text.find(suffix)
    while q >= 0:
        for n in lengths:
            if n <= q and text[q - n : q] in heads:
                ends_at.setdefault(q - n, []).append(n + len(suffix))
        q = text.find(suffix, q + 1)
    resume = 0
    for start in sorted(ends_at):
        if start < resume:
            continue
        for length in sorted(ends_at[start], reverse=True):
            after = _AFTER_MARKER.match(text, start + length)
            if after is not None:
                yield _Marked(start, start + length, after.end(), text[start : start + length], after.group("space"))
                resume = after.end()
                break


def _ordinal_slots(doc: Document, template: Template, markers: tuple[str, ...], before_name: bool = True) -> list[Slot]:
    text = doc.text
    slots = []
    for m in _ordinal_matches(text, markers):
        if not before_name and NAME_START.match(text, m.end):
            continue
        before = text[max(0, m.start - 6) : m.start]
        if before.endswith(doc.lexicon.ordinal_blockers):
            continue
        rest = text[m.end : m.end + 12]
        if rest.startswith((*doc.lexicon.ordinal_follow_blockers, *doc.lexicon.number_words)):
            continue
        if m.space:
            at, prefix, suffix = m.end, "", " "
        else:
            at, prefix, suffix = m.marker_end, " ", ""
        slots.append(
            Slot(
                template,
                at,
                at,
                m.marker,
                m.start,
                m.marker_end,
                f"the ordinal marker “{m.marker}” has no number after it in {quote(text, at, at)}",
                prefix=prefix,
                suffix=suffix,
            )
        )
    return slots
