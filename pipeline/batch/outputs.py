"""The final outputs of a batch, assembled from the shards in input order: `records.jsonl`,
`errors.jsonl`, optionally `records.parquet`, and the totals for `summary.json`.

Each file is written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.shards import ShardEntry, ShardStore, atomic_writer
from pipeline.record import ENTITY_LABELS

__all__ = ["Totals", "assemble", "ParquetTable", "require_pyarrow"]


@dataclass
class Totals:
    """Counts over every line of the output (this run and the runs it resumed)."""

    inputs: int = 0
    records: int = 0
    duplicates: int = 0
    errors: int = 0
    errors_by_reason: Counter = field(default_factory=Counter)
    entities_by_label: Counter = field(default_factory=Counter)
    repairs_flagged: int = 0
    records_with_repairs: int = 0
    encodings: Counter = field(default_factory=Counter)
    missing: list[int] = field(default_factory=list)  # input positions without a line (must stay empty)

    def add(self, entry: ShardEntry) -> None:
        self.inputs += 1
        if entry.kind == "error":
            self.errors += 1
            self.errors_by_reason[entry.stats.get("error", "other")] += 1
        elif entry.kind == "duplicate":
            self.duplicates += 1
        else:
            self.records += 1
            self.entities_by_label.update(entry.stats.get("entities", {}))
            repairs = entry.stats.get("repairs", 0)
            self.repairs_flagged += repairs
            self.records_with_repairs += bool(repairs)
            self.encodings[entry.stats.get("encoding") or "unknown"] += 1


def assemble(out_dir: Path, store: ShardStore, *, expected: int, parquet: bool = False) -> Totals:
    """Write records.jsonl (records and duplicate markers) and errors.jsonl from the shards, in input
    order, and records.parquet when asked; check that each of the `expected` inputs has exactly one line."""
    totals = Totals()
    table = ParquetTable(out_dir / "records.parquet") if parquet else None
    next_seq = 0
    with atomic_writer(out_dir / "records.jsonl") as records, atomic_writer(out_dir / "errors.jsonl") as errors:
        for entry in store.merged():
            totals.missing.extend(range(next_seq, entry.seq))
            next_seq = entry.seq + 1
            totals.add(entry)
            assert entry.line is not None  # merged() reads whole lines, not headers only
            (errors if entry.kind == "error" else records).write(entry.line.encode("utf-8") + b"\n")
            if table is not None:
                table.add(entry)
    totals.missing.extend(range(next_seq, expected))
    if table is not None:
        table.close()
    return totals


def require_pyarrow() -> Any:
    """The pyarrow module, or a RuntimeError that names the extra that installs it."""
    try:
        import pyarrow
    except ImportError as exc:
        raise RuntimeError("--parquet needs pyarrow, which is not installed: pip install 'thaipress[parquet]'") from exc
    return pyarrow


class ParquetTable:
    """A flat table for analysts, one row per input: id, kind (record / duplicate / error), duplicate_of,
    error kind, encoding, text length, entity counts per label, repair count, and the output line as JSON."""

    BATCH_ROWS = 512

    def __init__(self, path: Path) -> None:
        self.pa = pa = require_pyarrow()
        self.path = Path(path)
        self.schema = pa.schema(
            [
                ("id", pa.string()),
                ("kind", pa.string()),
                ("duplicate_of", pa.string()),
                ("error", pa.string()),
                ("encoding", pa.string()),
                ("chars", pa.int64()),
            ]
            + [(f"entities_{label.lower()}", pa.int32()) for label in ENTITY_LABELS]
            + [("repairs", pa.int32()), ("json", pa.large_string())]
        )
        self.rows: list[dict] = []
        self._writer: Any = None  # a pyarrow.parquet.ParquetWriter once the first rows are written
        self._writing = atomic_writer(self.path)
        self._handle = self._writing.__enter__()

    def add(self, entry: ShardEntry) -> None:
        stats = entry.stats
        entities = stats.get("entities", {})
        row = {
            "id": entry.id,
            "kind": entry.kind,
            "duplicate_of": stats.get("duplicate_of"),
            "error": stats.get("error"),
            "encoding": stats.get("encoding"),
            "chars": stats.get("chars"),
            "repairs": stats.get("repairs") if entry.kind == "record" else None,
            "json": entry.line,
        }
        for label in ENTITY_LABELS:
            row[f"entities_{label.lower()}"] = entities.get(label, 0) if entry.kind == "record" else None
        self.rows.append(row)
        if len(self.rows) >= self.BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(self._handle, self.schema)
        if self.rows:
            self._writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
        self._writing.__exit__(None, None, None)
