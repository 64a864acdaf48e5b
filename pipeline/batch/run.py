"""`run_batch`: process many releases in parallel into one output folder, resumably.

The runner reads the inputs lazily and in order, decodes them and spots duplicates (`prepare`), sends small
chunks to an executor (a local process pool or Dask) with a bounded number in flight, writes each finished
chunk as an atomic shard, and at the end assembles the outputs in input order from the shards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pipeline.batch.executors import ChunkExecutor, make_executor
from pipeline.batch.inputs import count_sources, iter_sources
from pipeline.batch.outputs import InOrderWriter, assemble, require_pyarrow
from pipeline.batch.pool import PoolBroken
from pipeline.batch.prepare import FirstSeen, chunked, prepare
from pipeline.batch.progress import BatchProgress
from pipeline.batch.shards import ShardEntry, ShardStore, atomic_writer
from pipeline.batch.tasks import Chunk, ChunkResult, Task, error_outcome
from pipeline.ingest import DEFAULT_MAX_BYTES

__all__ = ["run_batch", "BatchSummary", "BatchError", "MANIFEST", "DEFAULT_TIMEOUT"]

#: The run's settings, written when a run starts; `--resume` checks it.
MANIFEST = "batch.json"
#: Settings that change outputs: a resumed run must use the same ones.
_SETTINGS = ("inputs", "max_bytes", "release_date")
#: Attempts for a chunk whose worker died, before its inputs are retried one by one, then reported.
_ATTEMPTS = 2
#: Seconds one input may take in a worker before it is reported as `timeout` (the local engine). A typical
#: release takes a tenth of a second; the slowest real ones a few seconds.
DEFAULT_TIMEOUT = 120.0


class BatchError(Exception):
    """The run cannot start or continue (an output folder in use, settings that differ on resume...)."""


class BatchSummary(BaseModel):
    """What a batch run produced (written to DIR/summary.json). Counts cover every input, including those
    finished by the runs this one resumed; timings and speeds cover this run."""

    out_dir: str
    engine: str
    workers: int
    inputs: int
    records: int = Field(description="Lines in records.jsonl that hold a record")
    duplicates: int = Field(description="Lines in records.jsonl that point to an earlier identical release")
    errors: int = Field(description="Lines in errors.jsonl")
    errors_by_reason: dict[str, int]
    entities_by_label: dict[str, int]
    repairs_flagged: int
    records_with_repairs: int
    encodings: dict[str, int]
    resumed: int = Field(description="Inputs already finished by an earlier run")
    processed: int = Field(description="Inputs finished by this run")
    seconds: float = Field(description="Wall time of this run")
    startup_seconds: float = Field(description="Starting the workers and loading their models")
    assemble_seconds: float = Field(0.0, description="Writing records.jsonl / errors.jsonl from the shards")
    docs_per_s: float = Field(description="Inputs finished by this run per second, after startup")
    worker_peak_rss_mb: dict[str, float]
    worker_cpu_seconds: dict[str, float] = Field(description="CPU time of each worker process (since it started)")
    chunk_cpu_seconds: float = Field(description="CPU time the workers spent on this run's chunks")
    worker_wait_seconds: float = Field(
        0.0,
        description="Wall time the workers waited for their next chunk after finishing one (local engine): "
        "near 0 when the runner keeps up",
    )
    chunks_retried: int


def run_batch(
    inputs: Sequence[str],
    out_dir: Path | str,
    *,
    workers: int | None = None,
    resume: bool = False,
    engine: str | ChunkExecutor = "local",
    scheduler: str | None = None,
    parquet: bool = False,
    release_date: dt.date | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = 32,
    chunk_chars: int = 200_000,
    progress: BatchProgress | None = None,
    twins: Mapping[str, str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> BatchSummary:
    """Process every release named by `inputs` into `out_dir`; bad inputs become lines of errors.jsonl.

    `inputs`: files, folders, globs, .zip/.tar.gz archives, .jsonl(.gz) files (see `pipeline.batch.inputs`).
    `workers`: worker processes (default: all cores). `resume`: finish an interrupted run in `out_dir`.
    `engine`: "local" (process pool), "dask", "inprocess", or a `ChunkExecutor`. `scheduler`: a Dask
    scheduler address (default: a LocalCluster). `parquet`: also write records.parquet.
    `release_date`: default release date (a JSONL record's own `release_date` wins). `max_bytes`: size limit
    per release. `chunk_size` / `chunk_chars`: inputs / characters per chunk. `progress`: a reporter.
    `twins`: input id -> English twin text (`pipeline.twin.pairs.twins_from_pairs`; a JSONL record's own
    "english" wins). `timeout`: seconds one input may take before its worker is stopped and replaced and
    the input reported as a `timeout` error (None or 0: no limit; enforced by the local engine).

    >>> summary = run_batch(["releases/"], "out/", workers=2)   # doctest: +SKIP
    >>> summary.records, summary.errors_by_reason                 # doctest: +SKIP
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    inputs = [str(item) for item in inputs]
    date = _as_date(release_date)
    settings = {"inputs": inputs, "max_bytes": max_bytes, "release_date": date.isoformat() if date else None}
    if parquet:
        try:
            require_pyarrow()  # before any work, not after the whole archive
        except RuntimeError as exc:
            raise BatchError(str(exc)) from None
    store = ShardStore(out_dir)
    _claim(out_dir, store, settings, resume=resume)
    finished = store.finished()

    # The progress bar's total, counted while the workers start (a .jsonl.gz is decompressed, not parsed).
    estimate = _Background(inputs)
    run = _Run(
        store,
        engine,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        done=len(finished),
        timeout=timeout,
        total=estimate.result,
        # A fresh run writes the final files as it goes; a resumed one (whose new shards interleave with
        # the old ones) and a Parquet one assemble them from the shards at the end.
        writer=None if finished or parquet else InOrderWriter(out_dir),
    )
    seen = _Seen()
    try:
        first_seen = FirstSeen()
        tasks = _tasks(inputs, finished, first_seen, max_bytes=max_bytes, release_date=date, twins=twins, seen=seen)
        for chunk in chunked(tasks, size=chunk_size, max_chars=chunk_chars):
            run.submit(chunk)
        run.drain()
    except BaseException:
        if run.writer is not None:
            run.writer.abort()
        raise
    finally:
        run.close()
    processing_done = run.last_written or time.perf_counter()
    total = seen.count  # the inputs this run enumerated: each must have exactly one line
    resumed = len(finished)
    del finished  # the checkpoint is not needed any more; assembling reads the shards

    assembling = time.perf_counter()
    if run.writer is not None and run.writer.usable:
        totals = run.writer.finish(total)
    else:
        if run.writer is not None:
            run.writer.abort()
        totals = assemble(out_dir, store, expected=total, parquet=parquet)
    assembled = time.perf_counter() - assembling
    if totals.missing or totals.inputs != total:
        raise BatchError(
            f"{out_dir}: {len(totals.missing)} inputs have no output line "
            f"(first at position {totals.missing[:1]}); run again with --resume"
        )
    processing = processing_done - (run.ready_at or processing_done)
    summary = BatchSummary(
        out_dir=str(out_dir),
        engine=run.engine_name,
        workers=run.workers,
        inputs=totals.inputs,
        records=totals.records,
        duplicates=totals.duplicates,
        errors=totals.errors,
        errors_by_reason=dict(totals.errors_by_reason.most_common()),
        entities_by_label=dict(totals.entities_by_label.most_common()),
        repairs_flagged=totals.repairs_flagged,
        records_with_repairs=totals.records_with_repairs,
        encodings=dict(totals.encodings.most_common()),
        resumed=resumed,
        processed=run.processed,
        seconds=round(time.perf_counter() - started, 2),
        startup_seconds=round(run.startup_seconds, 2),
        assemble_seconds=round(assembled, 2),
        docs_per_s=round(run.processed / processing, 2) if run.processed and processing > 0 else 0.0,
        worker_peak_rss_mb=run.peak_rss,
        worker_cpu_seconds={worker: round(cpu, 2) for worker, cpu in run.cpu.items()},
        chunk_cpu_seconds=round(run.chunk_cpu, 2),
        worker_wait_seconds=round(run.worker_wait, 2),
        chunks_retried=run.retried,
    )
    with atomic_writer(out_dir / "summary.json") as handle:
        handle.write(summary.model_dump_json(indent=2).encode("utf-8") + b"\n")
    return summary


def _tasks(
    inputs: list[str],
    finished: dict[int, ShardEntry],
    first_seen: FirstSeen,
    *,
    max_bytes: int,
    release_date: dt.date | None,
    twins: Mapping[str, str] | None = None,
    seen: _Seen | None = None,
) -> Iterator[Task]:
    """Tasks for the inputs not finished yet. Finished inputs are not read again; their content hashes
    (from the shards) still count, in input order, so duplicates are decided as in an uninterrupted run.
    `seen.count` follows how many inputs were enumerated."""
    for seq, source in enumerate(iter_sources(inputs)):
        if seen is not None:
            seen.count = seq + 1
        done = finished.get(seq)
        if done is None:
            yield prepare(
                source, seq, first_seen=first_seen, max_bytes=max_bytes, release_date=release_date, twins=twins
            )
            continue
        if done.id != source.id:
            raise BatchError(
                f"input {seq} is {source.id!r} but was {done.id!r} in the interrupted run: the inputs changed;"
                " start a new run in another folder"
            )
        if done.sha and done.kind != "duplicate":
            first_seen.claim(done.sha, done.id)


class _Seen:
    count = 0


class _Background:
    """`count_sources(inputs)` in a daemon thread; `result()` waits for it (None if it failed)."""

    def __init__(self, inputs: list[str]) -> None:
        self._value: int | None = None
        self._thread = threading.Thread(target=self._run, args=(inputs,), daemon=True)
        self._thread.start()

    def _run(self, inputs: list[str]) -> None:
        try:
            self._value = count_sources(inputs)
        except Exception:  # only a progress bar's total: the run finds any real problem itself
            self._value = None

    def result(self) -> int | None:
        self._thread.join()
        return self._value


class _Run:
    """The in-flight side of a run: submits chunks with a bounded number in flight, writes each result as
    a shard, retries chunks whose worker died, and keeps the counters."""

    def __init__(
        self,
        store: ShardStore,
        engine: str | ChunkExecutor,
        *,
        workers: int | None,
        scheduler: str | None,
        progress: BatchProgress | None,
        done: int = 0,
        timeout: float | None = None,
        total: Callable[[], int | None] | None = None,
        writer: InOrderWriter | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.workers_wanted = workers
        self.scheduler = scheduler
        self.progress = progress
        self.progress_started = False
        self.writer = writer
        self.timeout = timeout
        self.total = total  # a callable giving the progress bar's total (or None)
        self.executor: ChunkExecutor | None = None
        self.owns_executor = isinstance(engine, str)
        self.pending: dict[Future[ChunkResult], tuple[Chunk, int]] = {}
        self.startup_seconds = 0.0
        self.ready_at: float | None = None  # when the workers were up: docs/s counts from there
        self.processed = 0
        self.last_written: float | None = None  # when the last chunk was written (docs/s counts up to it)
        self.errors = 0
        self.done = done  # inputs finished, including those of the runs this one resumes
        self.retried = 0
        self.peak_rss: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.chunk_cpu = 0.0
        self.worker_wait = 0.0

    @property
    def engine_name(self) -> str:
        if isinstance(self.engine, str):
            return self.engine
        return getattr(self.engine, "name", type(self.engine).__name__)

    @property
    def workers(self) -> int:
        return getattr(self.executor, "workers", None) or self.workers_wanted or 0

    def _executor(self) -> ChunkExecutor:
        # Started on the first chunk: a resumed run with nothing left to do starts no workers.
        if self.executor is None:
            began = time.perf_counter()
            if isinstance(self.engine, str):
                try:
                    self.executor = make_executor(
                        self.engine, workers=self.workers_wanted, scheduler=self.scheduler, timeout=self.timeout
                    )
                except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
                    raise BatchError(f"cannot start the {self.engine} engine: {exc}") from exc
            else:
                self.executor = self.engine
            self.ready_at = time.perf_counter()
            self.startup_seconds = self.ready_at - began
            self._start_progress()
        return self.executor

    def _start_progress(self) -> None:
        # Once the workers are ready, so the bar's docs/s and ETA do not count the start-up.
        if self.progress is not None and not self.progress_started:
            self.progress_started = True
            self.progress.start(self.total() if self.total else None, self.done)

    def submit(self, chunk: Chunk, attempt: int = 1) -> None:
        executor = self._executor()
        while len(self.pending) >= executor.slots:
            self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)
        self.pending[executor.submit(chunk)] = (chunk, attempt)

    def drain(self) -> None:
        while self.pending:
            self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)

    def _collect(self, done: set[Future[ChunkResult]]) -> None:
        for future in done:
            chunk, attempt = self.pending.pop(future)
            try:
                result: ChunkResult = future.result()
            except PoolBroken as exc:  # no worker can run anything: stop, keep the shards for --resume
                raise BatchError(f"{exc}; run again with --resume") from exc
            except Exception as exc:  # the worker died or the engine failed; inputs' own errors never get here
                self._failed(chunk, attempt, exc)
                continue
            self._write(result)

    def _failed(self, chunk: Chunk, attempt: int, exc: Exception) -> None:
        self.retried += 1
        assert self.executor is not None
        self.executor.recover()
        if attempt < _ATTEMPTS:
            self.submit(chunk, attempt + 1)
        elif len(chunk.tasks) > 1:
            for task in chunk.tasks:  # find the input that kills workers; the others still get processed
                self.submit(Chunk((task,)), attempt)
        else:
            task = chunk.tasks[0]
            reason = f"worker failed: {type(exc).__name__}: {exc}".strip()
            outcome = error_outcome(task.seq, task.id, task.input, reason, sha=task.sha)
            self._write(ChunkResult(outcomes=(outcome,), report=None))

    def _write(self, result: ChunkResult) -> None:
        path = self.store.write(result.outcomes)
        if self.writer is not None:
            self.writer.add(path, sorted(result.outcomes, key=lambda outcome: outcome.seq))
        self.last_written = time.perf_counter()
        self.processed += len(result.outcomes)
        self.done += len(result.outcomes)
        self.errors += sum(outcome.kind == "error" for outcome in result.outcomes)
        if result.report is not None:
            worker = result.report.worker
            self.peak_rss[worker] = max(self.peak_rss.get(worker, 0.0), result.report.peak_rss_mb)
            self.cpu[worker] = max(self.cpu.get(worker, 0.0), result.report.cpu_seconds)
            self.chunk_cpu += result.report.chunk_cpu_seconds
            self.worker_wait += result.report.wait_seconds
        if self.progress is not None:
            self.progress.update(self.done, self.errors)

    def close(self) -> None:
        if self.executor is not None and self.owns_executor:
            for future in self.pending:
                future.cancel()
            self.executor.close()
        if self.progress is not None:
            self._start_progress()  # a resumed run with nothing left still reports
            self.progress.stop()


def _claim(out_dir: Path, store: ShardStore, settings: dict[str, Any], *, resume: bool) -> None:
    """Make `out_dir` this run's: a new run needs a folder without a batch in it; a resumed run needs the
    same settings as the run it finishes."""
    manifest = out_dir / MANIFEST
    if manifest.exists():
        if not resume:
            raise BatchError(
                f"{out_dir} already holds a batch run: pass --resume to finish it, or choose another folder"
            )
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise BatchError(f"{manifest} is not valid JSON: {exc}") from None
        changed = [key for key in _SETTINGS if previous.get(key) != settings[key]]
        if changed:
            raise BatchError(
                f"{out_dir} was started with other {', '.join(changed)}: "
                f"resume with the same ones, or choose another folder"
            )
        store.create()
        store.remove_partial()
        for stale in out_dir.glob(".*.tmp"):  # final files a killed run was writing
            stale.unlink(missing_ok=True)
        return
    if store.paths():
        raise BatchError(f"{out_dir} has shards but no {MANIFEST}: it is not a batch folder this version can resume")
    out_dir.mkdir(parents=True, exist_ok=True)
    store.create()
    with atomic_writer(manifest) as handle:
        record = dict(settings, cwd=os.getcwd(), started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        handle.write(json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BatchError(f"release date {value!r} is not YYYY-MM-DD") from None
