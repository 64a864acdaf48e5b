"""Between character spans and per-token BIO tags."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

Span = tuple[int, int, str]


def token_offsets(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character (start, end) of each token in the concatenated text.

    >>> token_offsets(["ไป", " ", "ลาว"])
    [(0, 2), (2, 3), (3, 6)]
    """
    ends = list(itertools.accumulate(map(len, tokens)))
    return list(zip([0, *ends[:-1]], ends))


def bio_to_spans(text: str, tokens: Sequence[str], tags: Sequence[str]) -> list[Span]:
    """Character spans of BIO-tagged tokens, trimmed of surrounding whitespace.

    >>> bio_to_spans("ไป ลาว", ["ไป", " ", "ลาว"], ["O", "O", "B-LOCATION"])
    [(3, 6, 'LOCATION')]
    """
    spans: list[list[Any]] = []
    current: list[Any] | None = None
    ends = list(itertools.accumulate(map(len, tokens)))
    previous = -2
    # only the tagged tokens are visited (most are "O", found in C); an "O" between two ends the span
    for i in itertools.compress(range(min(len(tokens), len(tags))), map("O".__ne__, tags)):
        if i != previous + 1:
            current = None
        previous = i
        tag, end = tags[i], ends[i]
        start = end - len(tokens[i])
        kind, _, label = tag.partition("-")
        if kind == "B" or (kind == "I" and (current is None or current[2] != label)):
            current = [start, end, label]
            spans.append(current)
        elif kind == "I" and current is not None:
            current[1] = end
        else:
            current = None
    return trimmed(text, spans)


def trimmed(text: str, spans: Iterable[Sequence[Any]]) -> list[Span]:
    """(start, end, label) spans without the whitespace at their ends; spans of whitespace only are dropped."""
    out = []
    for start, end, label in spans:
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            out.append((start, end, label))
    return out


def split_at_boundaries(tokens: Sequence[str], boundaries: set[int]) -> list[str]:
    """Split tokens that straddle any of the given character offsets."""
    out = []
    for (start, end), token in zip(token_offsets(tokens), tokens):
        cuts = sorted(b for b in boundaries if start < b < end)
        prev = start
        for cut in cuts:
            out.append(token[prev - start : cut - start])
            prev = cut
        out.append(token[prev - start :])
    return out


def spans_to_bio(tokens: Sequence[str], spans: Sequence[Span]) -> list[str]:
    """BIO tag per token: a token is inside a span when it starts inside it.

    >>> spans_to_bio(["ไป", " ", "ลาว"], [(3, 6, "LOCATION")])
    ['O', 'O', 'B-LOCATION']
    """
    tags = ["O"] * len(tokens)
    if not spans:
        return tags
    starts = [0, *itertools.accumulate(map(len, tokens))][:-1]
    for start, end, label in spans:
        i = bisect.bisect_left(starts, start)
        prefix = "B-"
        while i < len(starts) and starts[i] < end:
            tags[i] = prefix + label
            prefix = "I-"
            i += 1
    return tags
