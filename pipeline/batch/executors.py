"""Where chunks run. An executor has one job: `submit(chunk)` returns a `concurrent.futures.Future` of the
chunk's `ChunkResult`. The runner does everything else (reading, ordering, shards, resume), so engines are
swappable: add one to `ENGINES`, or pass an instance to `run_batch(engine=...)`.

- `LocalPool`: a process pool on this machine (spawned processes, models loaded once per process, a
  per-input time limit, workers that exit with the runner).
- `DaskCluster`: Dask distributed; an existing scheduler (`tcp://host:port`) or a `LocalCluster`.
- `InProcess`: runs chunks in the calling process, one at a time (debugging, tests, tiny jobs).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol

from pipeline.batch.pool import ProcessPool
from pipeline.batch.tasks import Chunk, ChunkResult
from pipeline.batch.worker import process_chunk, settle_gc, warm_up

__all__ = ["ChunkExecutor", "LocalPool", "DaskCluster", "InProcess", "ENGINES", "make_executor", "default_workers"]


class ChunkExecutor(Protocol):
    """Runs chunks somewhere. `slots` is how many chunks the runner keeps in flight (enough to keep every
    worker busy; small enough that memory stays bounded)."""

    name: str
    slots: int

    def submit(self, chunk: Chunk) -> Future[ChunkResult]: ...

    def recover(self) -> None:
        """Make the executor usable again after a worker died (called before chunks are resubmitted)."""

    def close(self) -> None: ...


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LocalPool:
    """A pool of `workers` spawned processes on this machine (spawn, not fork: the parent may hold threads
    and loaded models that must not be copied half-way); see `pool.ProcessPool`. `timeout`: seconds one
    input may take before its worker is stopped and replaced and the input reported as `timeout`.
    Workers exit when the runner dies, even by SIGKILL."""

    name = "local"

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        timeout: float | None = None,
        process: str | None = None,
    ) -> None:
        if scheduler:
            raise ValueError("the local engine takes no scheduler address (use --engine dask)")
        self.workers = workers or default_workers()
        self.slots = 2 * self.workers
        # Returns once every worker has loaded its models, so timing and progress start with ready workers.
        self._pool = ProcessPool(self.workers, timeout=timeout, process=process)

    @property
    def pids(self) -> list[int]:
        return self._pool.pids

    @property
    def timeouts(self) -> int:
        return self._pool.timeouts

    def submit(self, chunk: Chunk) -> Future[ChunkResult]:
        return self._pool.submit(chunk)

    def recover(self) -> None:
        """Nothing to do: the pool replaces a dead worker by itself."""

    def close(self) -> None:
        self._pool.close()


#: One thread per worker for the numeric libraries (as Dask does for its workers): the pool already uses
#: every core, and BLAS threads that spin while waiting take CPU from the other workers.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def start_worker() -> None:
    """What a local worker does first: one thread for the numeric libraries, then load the models, then
    take them out of the garbage collector's rounds (`settle_gc`)."""
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)  # before numpy loads: the worker has imported only the pipeline's
    warm_up()
    settle_gc()


class DaskCluster:
    """Dask distributed: connect to `scheduler` (`tcp://host:port`), or start a `LocalCluster` of
    `workers` single-threaded worker processes. Workers must have this package installed (same version);
    they receive the decoded text in each task, so they need no access to the input files."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None, timeout: float | None = None) -> None:
        # `timeout` is not enforced on Dask (its workers are not ours to kill); see the README.
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError(
                "the dask engine needs dask[distributed], which is not installed:"
                " pip install 'thaipress[batch-cluster]'"
            ) from exc

        self._cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self._cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster)
        threads = sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())
        self.workers = max(threads, 1)
        self.slots = 2 * self.workers
        self.client.run(warm_up)
        self._live: dict[object, object] = {}  # Dask cancels a task whose future is dropped: keep them

    def submit(self, chunk: Chunk) -> Future[ChunkResult]:
        result: Future[ChunkResult] = Future()
        task = self.client.submit(process_chunk, chunk, pure=False)
        self._live[task.key] = task

        def transfer(done) -> None:
            self._live.pop(done.key, None)
            try:
                result.set_result(done.result())
            except BaseException as exc:
                result.set_exception(exc)

        task.add_done_callback(transfer)
        return result

    def recover(self) -> None:
        """Dask reschedules the work of a lost worker by itself."""

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class InProcess:
    """Runs each chunk when it is submitted, in this process."""

    name = "inprocess"
    slots = 1
    workers = 1

    def __init__(self, workers: int | None = None, scheduler: str | None = None, timeout: float | None = None) -> None:
        warm_up()  # no time limit here: nothing can stop the caller's own process mid-input

    def submit(self, chunk: Chunk) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        try:
            future.set_result(process_chunk(chunk))
        except BaseException as exc:
            future.set_exception(exc)
        return future

    def recover(self) -> None:
        pass

    def close(self) -> None:
        pass


ENGINES: dict[str, Callable[..., ChunkExecutor]] = {
    "local": LocalPool,
    "dask": DaskCluster,
    "inprocess": InProcess,
}


def make_executor(
    engine: str, workers: int | None = None, scheduler: str | None = None, timeout: float | None = None
) -> ChunkExecutor:
    """The executor named `engine` (a key of `ENGINES`); `timeout` is the per-input limit in seconds (the
    local engine enforces it)."""
    try:
        factory = ENGINES[engine]
    except KeyError:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}") from None
    return factory(workers=workers, scheduler=scheduler, timeout=timeout)
