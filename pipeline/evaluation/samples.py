"""Read evaluation and benchmark samples: JSON lines (optionally gzipped) of {"id", "text", ...}."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.jsonl import read_jsonl


def iter_sample(path: str | Path) -> Iterator[dict[str, Any]]:
    """Every record of a `.jsonl` or `.jsonl.gz` file, streamed (blank lines skipped); ValueError names a
    line that is not JSON."""
    for line in read_jsonl(path):
        if line.error is not None:
            raise ValueError(f"{path}:{line.number}: invalid JSON line: {line.error}")
        yield line.item


def read_sample(path: str | Path, *, offset: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
    """Records from a `.jsonl` or `.jsonl.gz` file, skipping `offset` records and those with no text."""
    records = itertools.islice(iter_sample(path), offset, None)
    usable = (r for r in records if isinstance(r.get("text"), str) and r["text"].strip())
    return list(itertools.islice(usable, limit))


def read_slices(path: str | Path, slices: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """The records of several ``(offset, limit)`` slices of one sample, in order (training sets are built so)."""
    return [r for offset, limit in slices for r in read_sample(path, offset=offset, limit=limit)]


def parse_slice(value: str) -> tuple[int, int]:
    """ "3000:2000" -> (3000, 2000): an offset and a limit; ValueError names a malformed slice."""
    offset, sep, limit = value.partition(":")
    if not sep or not offset.strip().isdigit() or not limit.strip().isdigit():
        raise ValueError(f"slice {value!r} is not OFFSET:LIMIT")
    return int(offset), int(limit)
