"""Read ThaiNER's inline-tagged format: ``[PERSON]นายสมชาย[/PERSON] เดินทางไป[LOCATION]ญี่ปุ่น[/LOCATION]``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"\[(/?)([A-Z_]+)\]")


_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")


def _strip_invisible(chunk: str) -> str:
    # The files carry stray byte-order marks and zero-width spaces, which normalisation removes anyway.
    return chunk.translate(_INVISIBLE)


@dataclass(frozen=True)
class TaggedSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class TaggedText:
    text: str
    spans: tuple[TaggedSpan, ...]


def parse_tagged_line(line: str) -> TaggedText:
    """Strip inline tags and return the plain text with its entity spans.

    >>> parse_tagged_line("[PERSON]นายก[/PERSON] ไป[LOCATION]ลาว[/LOCATION]").spans[1]
    TaggedSpan(start=7, end=10, label='LOCATION')
    """
    text_parts: list[str] = []
    spans: list[TaggedSpan] = []
    length = 0
    open_label: str | None = None
    open_at = 0
    pos = 0
    for match in _TAG.finditer(line):
        chunk = _strip_invisible(line[pos : match.start()])
        text_parts.append(chunk)
        length += len(chunk)
        pos = match.end()
        closing, label = match.group(1) == "/", match.group(2)
        if not closing:
            open_label, open_at = label, length
        elif open_label == label:
            if length > open_at:
                spans.append(TaggedSpan(open_at, length, label))
            open_label = None
    text_parts.append(_strip_invisible(line[pos:]))
    return TaggedText("".join(text_parts), tuple(spans))


def read_tagged_file(path: str | Path) -> Iterator[TaggedText]:
    """Every non-empty line of a ThaiNER file, parsed."""
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip():
                yield parse_tagged_line(line)
