"""Worker side of a batch: run the pipeline on a chunk of tasks and return their output lines.

These functions run in worker processes (a local pool or Dask workers); they import only the pipeline, and
the spaCy pipeline is loaded once per process (`pipeline.language.load` is cached).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import resource
import socket
import sys
import time
from typing import Any

from pipeline.batch.tasks import Chunk, ChunkResult, Outcome, Task, WorkerReport, error_outcome, json_line
from pipeline.errors import InputError
from pipeline.ingest import Decoded
from pipeline.record import ENTITY_LABELS, Release

__all__ = [
    "process_chunk",
    "process_task",
    "warm_up",
    "settle_gc",
    "peak_rss_mb",
    "cpu_seconds",
    "worker_name",
]

_WARM_UP_TEXT = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562 แบ่งออกเป็น หัวข้อ"


def warm_up() -> str:
    """Load the models in this process (so the first chunk is not slow); returns the worker's name."""
    from pipeline.release import process

    process(_WARM_UP_TEXT)
    return worker_name()


#: Young-generation threshold of the cyclic garbage collector in a worker (Python's default is 700). A release
#: allocates a few hundred thousand container objects, almost all freed by reference counting; the default
#: ran ~2 young collections per release, and promoted enough survivors to trigger full collections that
#: walk every object of the loaded models (~240,000, ~0.2 s each): 4-5 % of a worker's CPU time. With the
#: models frozen, 5,000 still ran ~0.15 young collections a release (0.09 ms, 0.3 % of a worker's CPU on
#: 250 fresh releases); 50,000 runs one per ~250 releases (0.004 ms), with the same peak memory (405 MB).
GC_YOUNG_THRESHOLD = 50_000


def settle_gc() -> None:
    """In a worker process of our own, once the models are loaded: collect the loading's garbage, move every
    object left (the models, tables and caches loaded so far) out of the collector's reach (`gc.freeze`:
    they live as long as the process; full collections no longer walk them), and collect the young
    generation less often. Reference counting still frees everything as before; only cyclic garbage
    waits a little longer. Not for a process we do not own (the in-process engine, Dask workers)."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB. On Linux the high-water mark of its own memory
    (VmHWM): ru_maxrss of a spawned worker also counts the runner's memory at the time it was started
    (the kernel keeps the larger of the two across exec). Elsewhere ru_maxrss (KB, or bytes on macOS)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def cpu_seconds() -> float:
    """CPU time of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_chunk(chunk: Chunk) -> ChunkResult:
    """Every task of the chunk, in order, to its outcome. A task's failure is its error line, never the
    chunk's: an unexpected exception is reported as "internal error: ..." for that input alone."""
    started, cpu_before = time.perf_counter(), cpu_seconds()
    outcomes = tuple(process_task(task) for task in chunk.tasks)
    cpu = cpu_seconds()
    report = WorkerReport(
        worker=worker_name(),
        peak_rss_mb=peak_rss_mb(),
        cpu_seconds=cpu,
        chunk_cpu_seconds=cpu - cpu_before,
        seconds=time.perf_counter() - started,
    )
    return ChunkResult(outcomes=outcomes, report=report)


def process_task(task: Task) -> Outcome:
    if task.outcome is not None:
        return task.outcome
    from pipeline.release import process_decoded

    started = time.perf_counter()
    try:
        twin = None
        if task.english is not None:
            from pipeline.twin import read_twin_input

            twin = read_twin_input(task.english, source=f"{task.id} (English twin)")
        record = process_decoded(
            Decoded(text=task.text or "", encoding=task.encoding or "utf-8", was_html=task.was_html),
            release_date=dt.date.fromisoformat(task.release_date) if task.release_date else None,
            source_id=task.id,
            twin=twin,
            normalized=task.normalized,
        )
    except InputError as exc:
        return error_outcome(task.seq, task.id, task.input, exc.reason, sha=task.sha)
    except Exception as exc:  # a bug must not stop the run; the input is reported with the exception
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return error_outcome(task.seq, task.id, task.input, reason, sha=task.sha)
    seconds = time.perf_counter() - started
    return Outcome(
        seq=task.seq,
        id=task.id,
        kind="record",
        line=record_line(record, task.input, seconds),
        sha=task.sha,
        stats=record_stats(record),
    )


def record_line(record: Release, input_info: dict[str, Any], seconds: float) -> bytes:
    """`Release` JSON with two more top-level keys: "input" (origin, encoding, carried fields) and
    "timing" (seconds spent in the pipeline; the only part that differs between two runs), as UTF-8.

    Bytes, as pydantic's serializer makes them (`model_dump_json` is the same bytes decoded): the line is
    pickled to the runner and written to the shard as it is, never decoded to a str and encoded again."""
    body = record.__pydantic_serializer__.to_json(record)
    extra = json_line({"input": input_info, "timing": {"seconds": round(seconds, 4)}}).encode("utf-8")
    # Splice instead of dump/merge/dump: the record can be large, and both are JSON objects.
    return body[:-1] + b"," + extra[1:]


def record_stats(record: Release) -> dict[str, Any]:
    """The numbers the summary and the Parquet table need, so they need not re-read the record."""
    entities = dict.fromkeys(ENTITY_LABELS, 0)
    for entity in record.entities:
        entities[entity.label] = entities.get(entity.label, 0) + 1
    return {
        "chars": len(record.text),
        "encoding": record.encoding,
        "entities": {label: n for label, n in entities.items() if n},
        "repairs": len(record.repairs),
    }
