"""Read evaluation and benchmark samples: JSON lines (optionally gzipped) of {"id", "text", ...}."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path


def read_sample(path: str | Path, *, offset: int = 0, limit: int | None = None) -> list[dict]:
    """Records from a `.jsonl` or `.jsonl.gz` file, skipping `offset` lines and those with no text."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines = itertools.islice(handle, offset, None)
        records = (json.loads(line) for line in lines if line.strip())
        usable = (r for r in records if isinstance(r.get("text"), str) and r["text"].strip())
        return list(itertools.islice(usable, limit))
