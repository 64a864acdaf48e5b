"""CPU time of the batch runner alone (`thaipress batch`'s own process: reading, decoding, normalising,
hashing, the dispatcher thread, shards and final files), with stand-in workers that replay the record lines
of an earlier run instead of running the pipeline.

    python benchmarks/bench_archive.py --stride 31 --keep --out /tmp/ba31     # once: real lines to replay
    python benchmarks/bench_runner.py /tmp/ba31 --repeat 3                    # the runner's CPU per release

The earlier run's folder gives the inputs (its batch.json) and, from its shards, each input's output line;
a stand-in worker (`$THAIPRESS_BATCH_PROCESS`) sleeps `--sleep` seconds per input (so outcomes come at a
pace, as from real workers) and returns that line. The workers still load the models at start-up (as
real ones do); the runner's CPU is counted from `run_batch`'s start to its end: user + system time of this
process (all its threads; the workers are other processes), and each thread's own CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

STAND_IN = """
import json, os, time
from pathlib import Path
from pipeline.batch.tasks import Outcome

_LINES = {}
for shard in sorted(Path(os.environ["BENCH_RUNNER_SHARDS"]).glob("*.jsonl")):
    with open(shard, "rb") as handle:
        for raw in handle:
            head, _, line = raw.rstrip(b"\\n").partition(b"\\t")
            header = json.loads(head)
            # bytes, as a worker sends a record line (a str for versions before Outcome.line_bytes)
            text = line if hasattr(Outcome, "line_bytes") else line.decode("utf-8")
            _LINES[header["id"]] = (header["kind"], text, header.get("stats") or {})
_SLEEP = float(os.environ.get("BENCH_RUNNER_SLEEP", "0.004"))


def process(task):
    if task.outcome is not None:
        return task.outcome
    time.sleep(_SLEEP)
    kind, line, stats = _LINES[task.id]
    return Outcome(seq=task.seq, id=task.id, kind=kind, line=line, sha=task.sha, stats=stats)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("previous", type=Path, help="Output folder of an earlier batch run (with its shards).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sleep", type=float, default=0.004, help="Seconds a stand-in worker takes per input.")
    parser.add_argument("--chunk-size", type=int, default=None, help="Passed to run_batch when given.")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    manifest = json.loads((args.previous / "batch.json").read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="bench-runner-"))
    (work / "bench_runner_stand_in.py").write_text(STAND_IN, encoding="utf-8")
    sys.path.insert(0, str(work))  # spawned workers get this process's sys.path
    os.environ["THAIPRESS_BATCH_PROCESS"] = "bench_runner_stand_in:process"
    os.environ["BENCH_RUNNER_SHARDS"] = str((args.previous / "shards").resolve())
    os.environ["BENCH_RUNNER_SLEEP"] = str(args.sleep)

    from pipeline.batch import pool, run, run_batch

    threads: dict[str, float] = {}

    def timed(name, function):  # each thread's CPU time, read as the thread ends
        def wrapper(*a, **k):
            try:
                return function(*a, **k)
            finally:
                threads[name] = threads.get(name, 0.0) + time.thread_time()

        return wrapper

    pool.ProcessPool._dispatch = timed("dispatcher", pool.ProcessPool._dispatch)  # type: ignore[method-assign]
    run._Background._run = timed("count", run._Background._run)  # type: ignore[method-assign]
    extra = {"chunk_size": args.chunk_size} if args.chunk_size else {}
    try:
        for round_ in range(1, args.repeat + 1):
            threads.clear()
            before = resource.getrusage(resource.RUSAGE_SELF)
            main_before = time.thread_time()
            summary = run_batch(manifest["inputs"], work / f"out{round_}", workers=args.workers, **extra)
            after = resource.getrusage(resource.RUSAGE_SELF)
            threads["main"] = time.thread_time() - main_before
            user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
            n = summary.inputs
            per_thread = ", ".join(f"{name} {cpu / n * 1000:.3f}" for name, cpu in threads.items())
            print(
                f"round {round_}: {n} inputs; runner CPU {user + system:.2f} s (user {user:.2f}, system {system:.2f})"
                f" = {(user + system) / n * 1000:.3f} ms a release; per thread (ms a release): {per_thread};"
                f" workers waited {getattr(summary, 'worker_wait_seconds', float('nan')):.2f} s",
                flush=True,
            )
            shutil.rmtree(work / f"out{round_}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
