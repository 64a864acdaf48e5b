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
from typing import Any, BinaryIO, cast

__all__ = ["MAX_LINE_BYTES", "JsonLine", "bounded_lines", "open_jsonl", "parse_jsonl", "read_jsonl"]


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its number (from 1) and the parsed value, or why it could not be parsed."""

    number: int
    item: Any = None
    error: str | None = None


#: The longest line read (in bytes): a release of 5 MB with its English twin, each escaped as \\uXXXX, fits;
#: a file without line breaks (``/dev/zero``) is read in pieces of this size, never whole.
MAX_LINE_BYTES = 48 * 1024 * 1024


def _too_long(limit: int) -> bytes:
    return b"\0too long:%d" % limit  # a marker no JSON line starts with (NUL is invalid JSON)


def bounded_lines(handle: BinaryIO, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a binary handle (split on ``\\n``), each read with at most ``max_line_bytes + 1`` bytes in
    memory: a longer line is skipped to its end and given as a marker `parse_jsonl` reports."""
    while True:
        raw = handle.readline(max_line_bytes + 1)
        if not raw:
            return
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            while True:  # skip the rest of the line, a piece at a time
                rest = handle.readline(max_line_bytes + 1)
                if not rest or rest.endswith(b"\n"):
                    break
            yield _too_long(max_line_bytes)
            continue
        yield raw


def parse_jsonl(lines: Iterable[bytes]) -> Iterator[JsonLine]:
    """Parse raw lines (bytes, as split on ``\\n``); blank lines are skipped but counted."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if raw.startswith(b"\0too long:"):
            limit = int(raw.split(b":")[1])
            yield JsonLine(number, error=f"line is over the limit of {limit:,} bytes")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield JsonLine(
                number, error=f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1:,} of the line)"
            )
            continue
        try:
            yield JsonLine(number, json.loads(text))
        except ValueError as exc:
            yield JsonLine(number, error=str(exc))


def open_jsonl(path: str | os.PathLike[str]) -> gzip.GzipFile | io.BufferedReader:
    """A binary handle on a ``.jsonl`` file, or a ``.jsonl.gz`` one decompressed as it is read."""
    return (gzip.open if os.fspath(path).lower().endswith(".gz") else open)(path, "rb")


def read_jsonl(
    source: bytes | str | os.PathLike[str] | BinaryIO, *, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[JsonLine]:
    """Every non-blank line of JSONL ``bytes``, of a binary handle (standard input) or of a (gzipped) JSONL
    file, streamed; a line over ``max_line_bytes`` is an error line. Raises ``OSError`` (or ``EOFError``,
    ``gzip.BadGzipFile`` for a broken ``.gz``) when the file cannot be read."""
    if isinstance(source, bytes):
        yield from parse_jsonl(bounded_lines(io.BytesIO(source), max_line_bytes))
        return
    if hasattr(source, "readline"):
        yield from parse_jsonl(bounded_lines(cast(BinaryIO, source), max_line_bytes))
        return
    with open_jsonl(source) as handle:
        yield from parse_jsonl(bounded_lines(cast(BinaryIO, handle), max_line_bytes))
