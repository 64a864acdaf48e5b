"""Durable batch output: each finished chunk is one shard file, written whole or not at all.

A shard is `DIR/shards/NNNNNNNNN.jsonl` (NNN = the input position of its first line). It is written to a
temporary file, fsynced, renamed over its final name (`os.replace` is atomic) and the folder fsynced, so
after a crash or a power cut a shard is either complete or absent. The inputs that are finished are
exactly the lines of the shards present: that is the checkpoint `--resume` reads.

Each shard line is a small JSON header (input position, kind, id, content hash, summary numbers), a tab,
and the output line itself (JSON escapes tabs inside strings, so the first tab ends the header).
"""

from __future__ import annotations

import heapq
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from pipeline.batch.tasks import Outcome

__all__ = ["ShardStore", "ShardEntry", "atomic_writer", "fsync_dir"]

_TMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class ShardEntry:
    seq: int
    kind: str  # "record", "duplicate" or "error"
    id: str
    sha: str | None
    stats: dict[str, Any]
    line: str | None  # None when only the header was read


def _header(outcome: Outcome) -> str:
    header = {"seq": outcome.seq, "kind": outcome.kind, "id": outcome.id, "sha": outcome.sha, "stats": outcome.stats}
    return json.dumps(header, ensure_ascii=True, separators=(",", ":"))


def _parse(raw: bytes, *, with_line: bool) -> ShardEntry:
    head, _, line = raw.rstrip(b"\n").partition(b"\t")
    header = json.loads(head)
    return ShardEntry(
        seq=header["seq"],
        kind=header["kind"],
        id=header["id"],
        sha=header.get("sha"),
        stats=header.get("stats") or {},
        line=line.decode("utf-8") if with_line else None,
    )


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class atomic_writer:
    """`with atomic_writer(path) as f:` writes `path` (binary) all at once on success, not at all on error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}{_TMP_SUFFIX}")

    def __enter__(self) -> BinaryIO:
        self.handle = open(self.tmp, "wb")
        return self.handle

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self.handle.close()
            self.tmp.unlink(missing_ok=True)
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.path)
        fsync_dir(self.path.parent)


class ShardStore:
    """The shards of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = Path(out_dir) / "shards"

    def create(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fsync_dir(self.dir.parent)

    def remove_partial(self) -> int:
        """Delete temporary files left by an interrupted run; returns how many."""
        stale = list(self.dir.glob(f".*{_TMP_SUFFIX}")) if self.dir.exists() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def paths(self) -> list[Path]:
        """Complete shards, by the input position of their first line."""
        if not self.dir.exists():
            return []
        return sorted((p for p in self.dir.glob("*.jsonl") if p.stem.isdigit()), key=lambda p: int(p.stem))

    def write(self, outcomes: Iterable[Outcome]) -> Path:
        outcomes = sorted(outcomes, key=lambda o: o.seq)
        path = self.dir / f"{outcomes[0].seq:09d}.jsonl"
        with atomic_writer(path) as handle:
            for outcome in outcomes:
                handle.write(_header(outcome).encode("ascii") + b"\t" + outcome.line_bytes + b"\n")
        return path

    def entries(self, path: Path, *, with_line: bool = True) -> Iterator[ShardEntry]:
        with open(path, "rb") as handle:
            for raw in handle:
                yield _parse(raw, with_line=with_line)

    def finished(self) -> dict[int, ShardEntry]:
        """Headers of every finished input, by input position: the resume checkpoint."""
        done: dict[int, ShardEntry] = {}
        for path in self.paths():
            for entry in self.entries(path, with_line=False):
                # Only what resume needs (id, kind, hash): no summary numbers, so a checkpoint of many
                # thousand inputs stays small.
                done.setdefault(entry.seq, ShardEntry(entry.seq, entry.kind, entry.id, entry.sha, {}, None))
        return done

    def merged(self) -> Iterator[ShardEntry]:
        """Every line of every shard, in input order, each input position once.

        Shards written by one run cover disjoint ranges; a resumed run with other chunk sizes may
        interleave with older shards, so this is a k-way merge that opens a shard only when the merge
        reaches its first position (few files are open at a time)."""
        pending = deque(self.paths())
        heap: list[tuple[int, int, ShardEntry, Iterator[ShardEntry]]] = []
        opened = 0
        last_seq = -1
        while heap or pending:
            while pending and (not heap or int(pending[0].stem) <= heap[0][0]):
                entries = self.entries(pending.popleft())
                first = next(entries, None)
                if first is not None:
                    heapq.heappush(heap, (first.seq, opened, first, entries))
                    opened += 1
            if not heap:
                continue
            seq, order, entry, entries = heapq.heappop(heap)
            if seq != last_seq:
                yield entry
                last_seq = seq
            following = next(entries, None)
            if following is not None:
                heapq.heappush(heap, (following.seq, order, following, entries))
