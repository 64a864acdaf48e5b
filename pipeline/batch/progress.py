"""How a batch reports progress: a rich progress bar (docs/s, ETA, errors) on a terminal, plain log lines
every few seconds otherwise (CI logs, `nohup`), or nothing.

A reporter is any object with `start(total, done)`, `update(done, errors)` and `stop()`.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

__all__ = ["BatchProgress", "RichProgress", "LogProgress", "auto_progress"]


class BatchProgress(Protocol):
    def start(self, total: int | None, done: int) -> None:
        """`total` inputs (None when unknown), `done` of them already finished by an earlier run."""

    def update(self, done: int, errors: int) -> None: ...

    def stop(self) -> None: ...


class LogProgress:
    """One line on `stream` every `every` seconds: done/total, docs/s, ETA, errors."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every

    def start(self, total: int | None, done: int) -> None:
        self.total, self.first, self.done, self.errors = total, done, done, 0
        self.started = self.last = time.monotonic()

    def update(self, done: int, errors: int) -> None:
        self.done, self.errors = done, errors
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line(now)

    def _line(self, now: float) -> None:
        rate = (self.done - self.first) / max(now - self.started, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        eta = ""
        if self.total is not None and rate > 0:
            eta = f", ETA {_clock((self.total - self.done) / rate)}"
        print(
            f"batch: {self.done}{of} inputs, {rate:.1f} docs/s{eta}, {self.errors} errors", file=self.stream, flush=True
        )

    def stop(self) -> None:
        self._line(time.monotonic())


class RichProgress:
    """A rich progress bar on stderr."""

    def start(self, total: int | None, done: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.first, self.total = done, total
        self.started = time.monotonic()
        self.bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"),
            TextColumn("ETA {task.fields[eta]}"),
            TimeElapsedColumn(),
            TextColumn("[red]{task.fields[errors]} errors"),
            console=Console(stderr=True),
            transient=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, completed=done, rate="-", eta="-", errors=0)

    def update(self, done: int, errors: int) -> None:
        # This run's inputs over this run's time (from when the workers were ready), as the log lines do.
        rate = (done - self.first) / max(time.monotonic() - self.started, 1e-9)
        eta = _clock((self.total - done) / rate) if self.total is not None and rate > 0 else "-"
        self.bar.update(self.task, completed=done, rate=f"{rate:.1f}", eta=eta, errors=errors)

    def stop(self) -> None:
        self.bar.stop()


def auto_progress() -> BatchProgress:
    """A progress bar when stderr is a terminal, log lines otherwise."""
    return RichProgress() if sys.stderr.isatty() else LogProgress()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
