"""The local engine's process pool: spawned worker processes, each fed one chunk at a time over its own pipe,
so the runner knows which input every worker is on and since when.

That knowledge gives three things a `concurrent.futures.ProcessPoolExecutor` cannot:

- a per-input time limit (`timeout`): a worker still on one input after `timeout` seconds is killed, the
  input becomes a `timeout` error line, the rest of its chunk goes to the next free worker, and a new
  worker is started in its place (the other workers are not disturbed);
- a worker that dies (killed, out of memory, a crash in C code) is replaced the same way; its chunk fails
  with `WorkerDied` and the runner retries it (then input by input, see `run.py`);
- workers that exit when the runner dies, even by SIGKILL: on Linux the kernel kills them
  (`prctl(PR_SET_PDEATHSIG, SIGKILL)`, set first thing in the worker); elsewhere (and as a second guard)
  an idle worker sees its pipe close, and a busy one has a thread that watches the parent's pid.

One thread of the runner (the dispatcher) owns the workers: it hands queued chunks to idle workers, reads
each input's outcome as it is finished, and enforces the time limit. `submit` only queues a chunk and
wakes the dispatcher.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import logging
import math
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from pipeline.batch.tasks import Chunk, ChunkResult, Outcome, Task, WorkerReport, error_outcome

__all__ = ["ProcessPool", "WorkerDied", "PoolBroken", "die_with_parent", "PROCESS_ENV"]

log = logging.getLogger(__name__)

#: Environment variable naming the function a worker runs on each task, as "module:function" (default
#: `pipeline.batch.worker:process_task`). For tests and experiments (a deliberately slow input, a
#: different pipeline); the function takes a `Task` and returns an `Outcome`.
TORCH_ENV = "THAIPRESS_BATCH_TORCH"  # "1": workers may import torch (a custom process function that needs it)
PROCESS_ENV = "THAIPRESS_BATCH_PROCESS"
DEFAULT_PROCESS = "pipeline.batch.worker:process_task"
#: How often a busy worker checks that its parent is still alive (the fallback where prctl is missing).
_PARENT_CHECK_SECONDS = 1.0
#: Seconds the pool waits for its first workers to load their models (a few seconds on an idle machine).
_START_SECONDS = 900.0
#: Workers that die before they are ready, in a row, before the pool gives up.
_MAX_START_FAILURES = 3


class WorkerDied(RuntimeError):
    """A worker process exited while it held a chunk (the chunk's inputs have no outcome yet)."""


class PoolBroken(WorkerDied):
    """The pool cannot run chunks any more (workers keep dying as they start, or it was closed): retrying
    is pointless; the run should stop and be resumed."""


_poll = getattr(select, "poll", None)  # POSIX; elsewhere the dispatcher uses multiprocessing's wait
_POLL_IN = getattr(select, "POLLIN", 1) | getattr(select, "POLLPRI", 2)


def _readable(conn: Connection) -> bool:
    """Whether `conn` has something to read (or was closed at the other end), without waiting; cheaper
    than `conn.poll()`, which builds a selector on each call."""
    if _poll is None:
        return conn.poll()
    poller = _poll()
    poller.register(conn.fileno(), _POLL_IN)
    return bool(poller.poll(0))


# --- worker side ----------------------------------------------------------------------------------------


def die_with_parent(parent_pid: int) -> None:
    """Make this process exit when `parent_pid` (its parent) dies, however it dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watcher thread below still guards
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _resolve(name: str) -> Callable[[Task], Outcome]:
    module, _, function = name.partition(":")
    process: Callable[[Task], Outcome] = getattr(importlib.import_module(module), function)
    return process


def keep_torch_out() -> None:
    """Make `import torch` fail (ImportError) in this worker, unless $THAIPRESS_BATCH_TORCH is 1 or torch is
    already loaded. A batch never runs a torch model (it takes no summarizer: summaries are the template
    ones), but thinc, under spaCy, imports torch whenever it is installed: ~210 MB of resident memory and
    ~1 s of start-up per worker for nothing. thinc expects torch to be missing and runs on numpy alike."""
    if os.environ.get(TORCH_ENV, "").strip() != "1" and "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]  # the import system's "not importable"


def _worker_main(conn: Connection, parent_pid: int, process_name: str) -> None:
    """A worker's life: load the models, say ready, then process chunks until told to stop (None) or the
    pipe closes. Each task's outcome is sent as soon as it is done, then the chunk's report."""
    die_with_parent(parent_pid)
    keep_torch_out()
    from pipeline.batch.executors import start_worker
    from pipeline.batch.worker import cpu_seconds, peak_rss_mb, worker_name

    process = _resolve(process_name)  # first: a wrong name fails before the models load
    start_worker()
    name = worker_name()
    conn.send(("ready", name))
    idle_since: float | None = None  # when the previous chunk was done (the wait before the first is start-up)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        started, cpu_before = time.perf_counter(), cpu_seconds()
        waited = started - idle_since if idle_since is not None else 0.0
        for task in chunk.tasks:
            conn.send(("outcome", process(task)))
        cpu = cpu_seconds()
        report = WorkerReport(
            worker=name,
            peak_rss_mb=peak_rss_mb(),
            cpu_seconds=cpu,
            chunk_cpu_seconds=cpu - cpu_before,
            seconds=time.perf_counter() - started,
            wait_seconds=waited,
        )
        conn.send(("done", report))
        idle_since = time.perf_counter()


# --- runner side ----------------------------------------------------------------------------------------


@dataclass
class _Job:
    """A submitted chunk: the tasks not sent yet or in progress, and the outcomes received so far."""

    future: Future[ChunkResult]
    tasks: tuple[Task, ...]  # what is left to do (the whole chunk at first)
    outcomes: list[Outcome] = field(default_factory=list)
    running: bool = False
    done_in_sent: int = 0  # outcomes received for the tasks of the last send
    task_started: float = 0.0  # monotonic time the current task began


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (spawn context)
    conn: Connection
    name: str = ""
    ready: bool = False
    job: _Job | None = None


class ProcessPool:
    """`workers` spawned processes; chunks are queued by `submit` and run by the dispatcher thread.

    `timeout`: seconds one input may take (None or 0: no limit). `process`: "module:function" run on each
    task (default: $THAIPRESS_BATCH_PROCESS, else the pipeline)."""

    def __init__(self, workers: int, *, timeout: float | None = None, process: str | None = None) -> None:
        self.size = workers
        self.timeout = timeout or None
        self.process_name = process or os.environ.get(PROCESS_ENV) or DEFAULT_PROCESS
        self.replaced = 0  # workers started to replace one that died or timed out
        self.timeouts = 0
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._queue: deque[_Job] = deque()
        self._workers: list[_Worker] = []
        self._closing = False
        self._broken: str | None = None
        self._start_failures = 0
        self._wake_r, self._wake_w = self._context.Pipe(duplex=False)
        self._ready = threading.Event()
        # Workers are started by the dispatcher thread, which lives as long as the pool (on Linux a worker's
        # PDEATHSIG follows the thread that started it).
        self._thread = threading.Thread(target=self._dispatch, name="batch-dispatcher", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=_START_SECONDS):
            self._broken = f"workers did not load their models within {_START_SECONDS:g} s"
        if self._broken:
            self.close()
            raise RuntimeError(self._broken)

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid]

    def submit(self, chunk: Chunk) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        with self._lock:
            if self._broken or self._closing:
                future.set_exception(PoolBroken(self._broken or "the pool is closed"))
                return future
            self._queue.append(_Job(future=future, tasks=chunk.tasks))
        self._wake()
        return future

    def close(self) -> None:
        """Stop the workers: idle ones are told to exit, busy ones are killed (their chunks are not needed)."""
        with self._lock:
            self._closing = True
        self._wake()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=30)

    # -- dispatcher thread ------------------------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send_bytes(b"")

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main, args=(child, os.getpid(), self.process_name), name="thaipress-batch-worker"
        )
        process.daemon = True
        process.start()
        child.close()
        worker = _Worker(process=process, conn=parent)
        self._workers.append(worker)
        return worker

    def _dispatch(self) -> None:
        try:
            for _ in range(self.size):
                self._spawn()
            self._loop()
        except BaseException as exc:  # never leave the runner waiting on futures nobody will set
            log.exception("batch dispatcher failed")
            self._broken = f"the worker pool failed: {type(exc).__name__}: {exc}"
        finally:
            self._shutdown()
            self._ready.set()

    def _loop(self) -> None:
        while True:
            with self._lock:
                if self._closing:
                    return
            if not self._ready.is_set() and self._workers and all(w.ready for w in self._workers):
                self._ready.set()
            if self._broken:
                self._ready.set()
                self._fail_queue()
            self._assign()
            for worker in self._wait(self._next_deadline()):
                self._read(worker)
            self._enforce_timeout()

    def _wait(self, timeout: float | None) -> list[_Worker]:
        """Wait until a worker sends something or ends, `submit` or `close` wakes the dispatcher, or
        `timeout` seconds pass; returns the workers with something to read (their pipe or their process).

        One poll(2) on the file descriptors, instead of `multiprocessing.connection.wait`, which builds and
        registers a new selector on every call (and `Connection.poll` another): that machinery was half of
        the dispatcher's CPU time, which the workers compete with on a machine with as many cores as workers."""
        if _poll is None:  # not POSIX: multiprocessing's own wait
            waitables: list[Any] = [self._wake_r]
            for worker in self._workers:
                waitables += [worker.conn, worker.process.sentinel]
            woken = wait(waitables, timeout=timeout)
            if self._wake_r in woken:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
            return list(self._workers)
        poller = _poll()
        wake = self._wake_r.fileno()
        poller.register(wake, _POLL_IN)
        by_fd: dict[int, _Worker] = {}
        for worker in self._workers:
            for fd in (worker.conn.fileno(), worker.process.sentinel):
                by_fd[fd] = worker
                poller.register(fd, _POLL_IN)
        events = poller.poll(None if timeout is None else max(0, math.ceil(timeout * 1000)))
        ready: list[_Worker] = []
        for fd, _ in events:
            if fd == wake:
                while _readable(self._wake_r):
                    self._wake_r.recv_bytes()
            elif (worker := by_fd[fd]) not in ready:
                ready.append(worker)
        return ready

    def _assign(self) -> None:
        for worker in self._workers:
            if not worker.ready or worker.job is not None:
                continue
            job = self._next_job()
            if job is None:
                return
            try:
                worker.conn.send(Chunk(job.tasks))
            except OSError:
                with self._lock:
                    self._queue.appendleft(job)
                continue  # the worker died; _read replaces it
            worker.job = job
            job.done_in_sent = 0
            job.task_started = time.monotonic()

    def _next_job(self) -> _Job | None:
        with self._lock:
            while self._queue:
                job = self._queue.popleft()
                if job.running or job.future.set_running_or_notify_cancel():
                    job.running = True
                    return job
        return None

    def _next_deadline(self) -> float | None:
        if self.timeout is None:
            return None
        busy = [w.job.task_started for w in self._workers if w.job is not None]
        if not busy:
            return None
        return max(0.0, min(busy) + self.timeout - time.monotonic()) + 0.01

    def _read(self, worker: _Worker) -> None:
        """Every message the worker has sent; then, if its process has ended, replace it."""
        try:
            while _readable(worker.conn):
                self._message(worker, worker.conn.recv())
        except (EOFError, OSError):
            pass  # its process is gone (checked below)
        if worker.process.is_alive():
            return
        worker.process.join()
        code = worker.process.exitcode
        self._retire(worker)
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures >= _MAX_START_FAILURES:
                self._broken = f"worker processes exit while starting (exit code {code})"
                return
        if worker.job is not None:
            job, worker.job = worker.job, None
            self._finish(job, exception=WorkerDied(f"worker {worker.name or '?'} exited (code {code})"))
        self.replaced += 1
        self._spawn()

    def _message(self, worker: _Worker, message: tuple[str, Any]) -> None:
        kind, value = message
        if kind == "ready":
            worker.ready, worker.name = True, value
            self._start_failures = 0
        elif kind == "outcome" and worker.job is not None:
            worker.job.outcomes.append(value)
            worker.job.done_in_sent += 1
            worker.job.task_started = time.monotonic()
        elif kind == "done" and worker.job is not None:
            job, worker.job = worker.job, None
            self._finish(job, report=value)

    def _enforce_timeout(self) -> None:
        if self.timeout is None:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            job = worker.job
            if job is None or now - job.task_started < self.timeout:
                continue
            self._read(worker)  # an outcome may have arrived meanwhile
            if worker.job is not job or time.monotonic() - job.task_started < self.timeout:
                continue
            worker.process.kill()
            worker.process.join()
            self._retire(worker)
            worker.job = None
            self.timeouts += 1
            stuck = job.tasks[job.done_in_sent]
            reason = (
                f"timeout: still processing after {self.timeout:g} s (the per-input limit, --timeout);"
                " its worker was stopped"
            )
            job.outcomes.append(error_outcome(stuck.seq, stuck.id, stuck.input, reason, sha=stuck.sha))
            job.tasks = job.tasks[job.done_in_sent + 1 :]
            if job.tasks:
                with self._lock:
                    self._queue.appendleft(job)  # the rest of the chunk, on the next free worker
            else:
                self._finish(job, report=None)
            self.replaced += 1
            self._spawn()

    def _retire(self, worker: _Worker) -> None:
        worker.conn.close()
        if worker in self._workers:
            self._workers.remove(worker)

    def _finish(self, job: _Job, *, report: WorkerReport | None = None, exception: BaseException | None = None) -> None:
        if job.future.done():
            return
        if exception is not None:
            job.future.set_exception(exception)
        else:
            job.future.set_result(ChunkResult(outcomes=tuple(job.outcomes), report=report))

    def _fail_queue(self) -> None:
        with self._lock:
            jobs, self._queue = list(self._queue), deque()
        for job in jobs:
            if job.running or job.future.set_running_or_notify_cancel():
                self._finish(job, exception=PoolBroken(self._broken or "the pool is closed"))

    def _shutdown(self) -> None:
        """Idle workers are told to stop; busy ones (and any that do not stop) are killed."""
        with self._lock:
            self._closing = True
        self._fail_queue()
        for worker in self._workers:
            if worker.job is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.kill()
                self._finish(worker.job, exception=PoolBroken("the pool was closed"))
        deadline = time.monotonic() + 2  # an idle worker has nothing to save: it need not finish exiting
        for worker in self._workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers = []
