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
from pipeline.batch.tasks import Outcome
from pipeline.record import ENTITY_LABELS

__all__ = ["Totals", "assemble", "InOrderWriter", "ParquetTable", "require_pyarrow"]


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


class InOrderWriter:
    """records.jsonl and errors.jsonl written while a fresh run goes on, instead of all at the end: a
    shard's lines are appended (to the temporary files) as soon as every earlier input has its shard, so
    the end of the run only has to rename two files. Totals are counted from the outcomes as they come.

    A fresh run's shards each cover a contiguous range of input positions; if one does not (never in a
    fresh run), `usable` turns False and the caller assembles from the shards as after a resume."""

    def __init__(self, out_dir: Path) -> None:
        self.totals = Totals()
        self.usable = True
        self.next_seq = 0
        self._pending: dict[int, tuple[Path, int]] = {}  # first position -> (shard, last position)
        self._writers = [atomic_writer(out_dir / "records.jsonl"), atomic_writer(out_dir / "errors.jsonl")]
        self._records, self._errors = (writer.__enter__() for writer in self._writers)

    def add(self, path: Path, outcomes: list[Outcome]) -> None:
        """A shard just written (`outcomes` in input order)."""
        if not self.usable:
            return
        first, last = outcomes[0].seq, outcomes[-1].seq
        if last - first + 1 != len(outcomes) or first < self.next_seq or first in self._pending:
            self.usable = False
            return
        for outcome in outcomes:
            self.totals.add(ShardEntry(outcome.seq, outcome.kind, outcome.id, outcome.sha, outcome.stats, None))
        if first == self.next_seq:  # the usual case: written from memory, not read back from the shard
            self._write(outcomes)
            self.next_seq = last + 1
        else:
            self._pending[first] = (path, last)
        while self.next_seq in self._pending:
            shard, last = self._pending.pop(self.next_seq)
            self._append(shard)
            self.next_seq = last + 1

    def _write(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            (self._errors if outcome.kind == "error" else self._records).write(outcome.line_bytes + b"\n")

    def _append(self, shard: Path) -> None:
        with open(shard, "rb") as handle:
            for raw in handle:
                head, _, line = raw.partition(b"\t")
                (self._errors if b'"kind":"error"' in head else self._records).write(line)

    def finish(self, expected: int) -> Totals:
        """Put both files in place if every one of the `expected` inputs was written; otherwise discard
        them and return totals whose `missing` names the positions without a line."""
        covered: set[int] = set()
        for first, (_, last) in self._pending.items():
            covered.update(range(first, last + 1))
        self.totals.missing = [seq for seq in range(self.next_seq, expected) if seq not in covered]
        if self.totals.missing or self._pending or not self.usable:
            self.abort()
        else:
            for writer in self._writers:
                writer.__exit__(None, None, None)
        return self.totals

    def abort(self) -> None:
        """Remove the temporary files (the shards stay: they are the checkpoint)."""
        for writer in self._writers:
            if not writer.handle.closed:
                writer.__exit__(RuntimeError, RuntimeError("aborted"), None)


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
