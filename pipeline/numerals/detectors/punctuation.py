"""Punctuation detectors: a bracket never closed on its line, an abbreviation written without the final dot
the release gives it elsewhere."""

from __future__ import annotations

import re

from pipeline.numerals.document import Document, Slot, is_thai_word, quote
from pipeline.numerals.templates import Template

__all__ = ["detect_abbreviations_without_dot", "detect_unclosed_brackets"]


def detect_unclosed_brackets(doc: Document, template: Template) -> list[Slot]:
    """An opening bracket never closed on its line, before Thai text: "(ไต้หวันได้ร่วมมือ"."""
    text = doc.text
    slots = []
    unclosed = _unclosed_brackets(text)
    for m in re.finditer(r"\((?=[\u0e01-\u0e2e\u0e40-\u0e44])", text):
        if m.start() not in unclosed:
            continue
        _, line_end = doc.line_bounds(m.start())
        # a bracket opened near the end of a line that wraps ("(ต่อ") is not a loss worth a reviewer
        i = doc.token_index_at(m.end())
        word = doc.tokens[i]
        if not is_thai_word(word) or line_end - m.end() < len(word.text) + 2:
            continue
        at = word.end
        slots.append(
            Slot(
                template,
                at,
                at,
                "(",
                m.start(),
                m.end(),
                f"the bracket opened before “{word.text}” is never closed on its line in "
                f"{quote(text, m.start(), m.start() + 1)}",
            )
        )
    return slots


def _unclosed_brackets(text: str) -> set[int]:
    """Offsets of the opening brackets never closed on their line (nested brackets counted), in one pass:
    a closing bracket closes the innermost open one, and a line break ends them all."""
    unclosed: set[int] = set()
    open_at: list[int] = []
    for m in _BRACKET_OR_BREAK.finditer(text):
        ch = m.group()
        if ch == "(":
            open_at.append(m.start())
        elif ch == ")":
            if open_at:
                open_at.pop()
        else:
            unclosed.update(open_at)
            open_at.clear()
    unclosed.update(open_at)
    return unclosed


_BRACKET_OR_BREAK = re.compile(r"[()\n]")
_DEFINED_ABBREVIATION = re.compile(r"\((?P<abbr>[\u0e01-\u0e2e]{3,6})\.\)")


def detect_abbreviations_without_dot(doc: Document, template: Template) -> list[Slot]:
    """An abbreviation the release defines with a dot, "(สสค.)", written without it: "ผู้อำนวยการสสคเดินทาง"."""
    text = doc.text
    slots = []
    for abbr in dict.fromkeys(m.group("abbr") for m in _DEFINED_ABBREVIATION.finditer(text)):
        for m in re.finditer(re.escape(abbr) + r"(?![.\u0e01-\u0e2e]?\.)(?=[ ]?[\u0e01-\u0e4f])", text):
            if text[m.end()] in "\u0e30-\u0e3a\u0e47-\u0e4e":  # a vowel or tone follows: part of a word
                continue
            last = doc.tokens[doc.token_index_at(m.end() - 1)]
            if last.end != m.end():
                continue  # the letters end inside a word ("นอกราช…"), not an abbreviation

            at = m.end()
            slots.append(
                Slot(
                    template,
                    at,
                    at,
                    abbr,
                    m.start(),
                    m.end(),
                    f"the abbreviation “{abbr}” lacks the final dot it has in “({abbr}.)” in {quote(text, at, at)}",
                )
            )
    return slots
