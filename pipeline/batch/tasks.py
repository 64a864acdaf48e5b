"""The units of batch work that travel between the runner and its workers (plain, picklable dataclasses).

A `Task` is one input, already read and decoded by the runner; a `Chunk` is a few consecutive tasks sent
to one worker; an `Outcome` is the output line a task produced; a `ChunkResult` is what a worker returns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Task", "Chunk", "Outcome", "ChunkResult", "WorkerReport", "error_outcome", "error_kind", "json_line"]


@dataclass(frozen=True)
class Outcome:
    """The output of one input: a line for records.jsonl (`kind` "record" or "duplicate") or errors.jsonl
    ("error"), with the input's position `seq`, its content hash and a few numbers for the summary."""

    seq: int
    id: str
    kind: str
    line: str | bytes  # one JSON object, no newline; bytes are UTF-8 (a worker's records travel as bytes)
    sha: str | None = None  # sha256 of the normalised text, when the input got that far
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def line_bytes(self) -> bytes:
        """The line as UTF-8."""
        return self.line if isinstance(self.line, bytes) else self.line.encode("utf-8")


@dataclass(frozen=True)
class Task:
    """One input to process: its decoded text, or the outcome the runner already decided (an error or a
    duplicate), which the worker passes through."""

    seq: int
    id: str
    input: dict[str, Any]  # the "input" object of the output line: origin, encoding, carried fields
    sha: str | None = None
    text: str | None = None
    encoding: str | None = None
    was_html: bool = False
    release_date: str | None = None  # YYYY-MM-DD
    outcome: Outcome | None = None
    english: str | bytes | None = None  # the English twin, when one is given (bytes: decoded as the release is)
    normalized: bool = False  # `text` is already normalised (`pipeline.normalize.normalize_text`)


@dataclass(frozen=True)
class Chunk:
    """Consecutive tasks processed together by one worker (and written as one shard)."""

    tasks: tuple[Task, ...]

    @property
    def first_seq(self) -> int:
        return self.tasks[0].seq

    @property
    def chars(self) -> int:
        return sum(len(task.text or "") for task in self.tasks)


@dataclass(frozen=True)
class WorkerReport:
    """Which worker ran a chunk, its peak resident memory and CPU time so far, and how long the chunk took."""

    worker: str
    peak_rss_mb: float
    cpu_seconds: float  # the process's CPU time so far
    chunk_cpu_seconds: float  # CPU time spent on this chunk
    seconds: float  # wall time spent on this chunk
    wait_seconds: float = 0.0  # wall time the worker waited for this chunk after finishing its previous one


@dataclass(frozen=True)
class ChunkResult:
    outcomes: tuple[Outcome, ...]
    report: WorkerReport | None  # None for the error line the runner writes when a worker died


_ERROR_KINDS = (
    ("oversize", re.compile(r"over the limit")),
    ("empty", re.compile(r"^empty input")),
    ("binary", re.compile(r"^binary data")),
    ("undecodable", re.compile(r"^cannot decode|^invalid text")),
    ("no_thai_text", re.compile(r"^no Thai text")),
    ("invalid_json", re.compile(r"^invalid JSON")),
    ("corrupt_archive", re.compile(r"^corrupt archive")),
    ("unreadable", re.compile(r"^cannot read|no such file|permission denied|is a directory|no files match")),
    ("bad_release_date", re.compile(r"^release date")),
    ("bad_english_twin", re.compile(r"English twin")),
    ("worker_failed", re.compile(r"^worker failed")),
    ("timeout", re.compile(r"^timeout")),
    ("internal_error", re.compile(r"^internal error")),
)


def json_line(value: object) -> str:
    """Compact JSON, non-ASCII kept as is (as pydantic writes the records)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def error_kind(reason: str) -> str:
    """A short name for the kind of problem a reason describes (the summary counts errors by it)."""
    for kind, pattern in _ERROR_KINDS:
        if pattern.search(reason):
            return kind
    return "other"


def error_outcome(seq: int, input_id: str, input: dict[str, Any], reason: str, *, sha: str | None = None) -> Outcome:
    """An errors.jsonl line: `{"id", "input", "reason", "kind"}`."""
    kind = error_kind(reason)
    line = json_line({"id": input_id, "input": input, "reason": reason, "kind": kind})
    return Outcome(seq=seq, id=input_id, kind="error", line=line, sha=sha, stats={"error": kind})
