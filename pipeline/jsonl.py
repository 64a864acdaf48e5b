"""JSON lines, read one way for every command (`process --input-format jsonl`, `batch`, evaluation samples).

Lines are split on ``\\n`` only: a JSON string may hold U+2028 or U+2029 (JSON allows them unescaped), which
``str.splitlines`` would split on. Each non-blank line is decoded as UTF-8 and parsed on its own, so a bad
line is reported with its number and the lines after it are still read.

>>> [(line.number, line.item, line.error) for line in read_jsonl(b'{"id": 1}\\n\\nnot json\\n')][:2]
[(1, {'id': 1}, None), (3, None, 'Expecting value: line 1 column 1 (char 0)')]
>>> [line.item["text"] for line in read_jsonl('{"text": "a\\u2028b"}\\n'.encode())]
['a\\u2028b']
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["JsonLine", "open_jsonl", "parse_jsonl", "read_jsonl"]


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its number (from 1) and the parsed value, or why it could not be parsed."""

    number: int
    item: Any = None
    error: str | None = None


def parse_jsonl(lines: Iterable[bytes]) -> Iterator[JsonLine]:
    """Parse raw lines (bytes, as split on ``\\n``); blank lines are skipped but counted."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield JsonLine(number, error="not UTF-8")
            continue
        try:
            yield JsonLine(number, json.loads(text))
        except ValueError as exc:
            yield JsonLine(number, error=str(exc))


def open_jsonl(path: str | os.PathLike[str]) -> gzip.GzipFile | io.BufferedReader:
    """A binary handle on a ``.jsonl`` file, or a ``.jsonl.gz`` one decompressed as it is read."""
    return (gzip.open if os.fspath(path).lower().endswith(".gz") else open)(path, "rb")


def read_jsonl(source: bytes | str | os.PathLike[str]) -> Iterator[JsonLine]:
    """Every non-blank line of JSONL ``bytes`` or of a (gzipped) JSONL file, streamed. Raises ``OSError`` (or
    ``EOFError``, ``gzip.BadGzipFile`` for a broken ``.gz``) when the file cannot be read."""
    if isinstance(source, bytes):
        yield from parse_jsonl(io.BytesIO(source))
        return
    with open_jsonl(source) as handle:
        yield from parse_jsonl(handle)
