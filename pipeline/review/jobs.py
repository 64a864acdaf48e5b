"""Releases pasted or uploaded on the desk are processed off the request path, so nobody waits for anyone.

A `JobRunner` hands each release to a pool of worker processes (each loads the pipeline once) and records a
job row: ``queued`` until the pipeline has finished, then ``done`` with the release id (the record is in
the store, every item ``needs_review``) or ``failed`` with a sentence for the user. The web page shows the
job as "processing…" and moves on to the release when it is done. Jobs left unfinished by a stopped server
are marked failed when the next one starts. ``mode="thread"`` runs the pipeline in one thread of this
process instead (tests, and a desk too small for a second process).

>>> runner = JobRunner(store, workers=1)                  # doctest: +SKIP
>>> job_id = runner.submit(text, source="paste", actor="somchai")   # doctest: +SKIP
>>> runner.job(job_id).status                             # doctest: +SKIP
'queued'
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import update

from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.record import Release
from pipeline.review import store as st

__all__ = ["JobRunner", "Job"]

QUEUED, DONE, FAILED = "queued", "done", "failed"


@dataclass(frozen=True)
class Job:
    id: int
    status: str  # queued | done | failed
    source: str | None
    release_id: str | None
    error: str | None
    created_by: str | None
    created_at: str
    finished_at: str | None


class JobRunner:
    """Processes releases in ``workers`` worker processes (or one thread) and imports their records.

    store: where jobs and records go; workers: worker processes; mode: ``process`` or ``thread``.
    """

    def __init__(
        self, store: st.ReviewStore, *, workers: int = 1, mode: Literal["process", "thread"] = "process"
    ) -> None:
        self.store = store
        self.mode = mode
        self.workers = max(1, workers)
        self._executor: Executor | None = None
        self._interrupted()

    def submit(
        self,
        data: str | bytes,
        *,
        release_date: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        source: str | None = None,
        actor: str = "desk",
    ) -> int:
        """Queue one release; returns the job id at once."""
        with self.store.session() as session:
            row = st.JobRow(status=QUEUED, source=source, created_by=actor, created_at=st.utcnow())
            session.add(row)
            session.commit()
            job_id = row.id
        future = self._pool().submit(process_release, data, release_date, max_bytes, source)
        future.add_done_callback(lambda done: self._finish(job_id, done, source, actor))
        return job_id

    def job(self, job_id: int) -> Job | None:
        with self.store.session() as session:
            row = session.get(st.JobRow, job_id)
            if row is None:
                return None
            return Job(
                id=row.id,
                status=row.status,
                source=row.source,
                release_id=row.release_id,
                error=row.error,
                created_by=row.created_by,
                created_at=st.iso_time(row.created_at) or "",
                finished_at=st.iso_time(row.finished_at),
            )

    def shutdown(self) -> None:
        """Stop the workers (a job still running is lost, and marked failed at the next start)."""
        if self._executor is not None:
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join(timeout=5)
            self._executor = None

    def _pool(self) -> Executor:
        if self._executor is None:
            if self.mode == "thread":
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thaipress-job")
            else:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, initializer=_start_worker, mp_context=multiprocessing.get_context("spawn")
                )
        return self._executor

    def _finish(self, job_id: int, future: Future[Any], source: str | None, actor: str) -> None:
        status, release_id, error = FAILED, None, None
        try:
            outcome, payload = future.result()
        except BrokenProcessPool:
            error = "The worker processing this release stopped (out of memory?). Try again, or split the release."
            self._executor = None  # a broken pool takes no more work: start a new one for the next job
        except BaseException as exc:
            error = f"Internal error while processing this release: {type(exc).__name__}."
        else:
            if outcome == "error":
                error = f"Cannot process this release: {payload}."
            else:
                record = Release.model_validate_json(payload)
                st.import_record(self.store, record, actor=actor)
                status, release_id = DONE, record.id
        with self.store.session() as session:
            session.execute(
                update(st.JobRow)
                .where(st.JobRow.id == job_id)
                .values(status=status, release_id=release_id, error=error, finished_at=st.utcnow())
            )
            session.commit()

    def _interrupted(self) -> None:
        with self.store.session() as session:
            session.execute(
                update(st.JobRow)
                .where(st.JobRow.status == QUEUED)
                .values(
                    status=FAILED,
                    error="The desk was restarted while this release was being processed: submit it again.",
                    finished_at=st.utcnow(),
                )
            )
            session.commit()


def _start_worker() -> None:
    # One BLAS/OpenMP thread per worker, as the batch runner does; the pipeline loads once, here.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from pipeline.language import load

    load()


def process_release(data: str | bytes, release_date: str | None, max_bytes: int, source: str | None) -> tuple[str, str]:
    """("record", Release JSON) or ("error", reason): plain strings travel between processes safely."""
    from pipeline.errors import InputError
    from pipeline.release import process

    try:
        record = process(data, release_date=release_date, max_bytes=max_bytes, source=source)
    except InputError as exc:
        return "error", exc.reason
    return "record", record.model_copy(update={"source": source}).model_dump_json()
