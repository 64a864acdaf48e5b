"""Batch processing of release archives: fast (a process pool or a Dask cluster), resumable (atomic
shards; `resume=True` after a crash), lossless (every input is exactly one line of records.jsonl or
errors.jsonl, in input order).

>>> from pipeline.batch import run_batch
>>> summary = run_batch(["archive.zip", "more/"], "out/", workers=2)   # doctest: +SKIP

See `pipeline/batch/README.md` for the output format and for running on a Dask cluster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.batch.run import BatchError, BatchSummary, run_batch

__all__ = ["run_batch", "BatchSummary", "BatchError"]


def __getattr__(name: str) -> Any:
    # Imports stay cheap (`python -m pipeline.batch --help` does not load spaCy).
    if name in __all__:
        from pipeline.batch import run

        return getattr(run, name)
    raise AttributeError(name)
