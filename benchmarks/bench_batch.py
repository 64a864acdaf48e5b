"""Speed, scaling and memory of `thaipress batch`: the local process pool with 1 and 2 workers, and the
same job on a Dask LocalCluster (2 single-threaded worker processes), on the same releases in one run.

    python benchmarks/bench_batch.py --sample ../shared/corpora/thaigov-sample.jsonl.gz --limit 1000

docs/s counts inputs finished per second after the workers have started and loaded their models (startup
is its own column); peak RSS is each worker's own (getrusage in the worker, reported back with each
chunk); docs/CPU-s is inputs per CPU-second the workers spent on chunks, which other load on the machine
does not change (wall-clock scaling needs idle cores). The Dask run's records.jsonl is compared with the
local pool's, line by line, without the "timing" field.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import tempfile
import time
from pathlib import Path


def write_sample(source: Path, target: Path, limit: int) -> int:
    """The first `limit` lines of `source` as a .jsonl.gz of their own."""
    count = 0
    with gzip.open(source, "rb") as read, gzip.open(target, "wb", compresslevel=1) as write:
        for line in read:
            if count >= limit:
                break
            write.write(line)
            count += 1
    return count


def comparable_records(path: Path) -> list[dict]:
    records = []
    for line in path.read_bytes().split(b"\n"):
        if line:
            record = json.loads(line)
            record.pop("timing", None)
            records.append(record)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, default=Path("../shared/corpora/thaigov-sample.jsonl.gz"))
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--runs", default="local:1,local:2,dask:2", help="engine:workers,... in order")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the output folders here.")
    args = parser.parse_args()

    from pipeline.batch import run_batch

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        sample = work / "sample.jsonl.gz"
        n = write_sample(args.sample, sample, args.limit)
        rows = []
        for spec in args.runs.split(","):
            engine, workers = spec.split(":")
            out = (args.keep or work) / f"{engine}-{workers}"
            shutil.rmtree(out, ignore_errors=True)
            load_before = os.getloadavg()[0]
            began = time.perf_counter()
            summary = run_batch([str(sample)], out, workers=int(workers), engine=engine)
            rows.append(
                {
                    "run": f"{engine}, {workers} worker{'s' if int(workers) > 1 else ''}",
                    "engine": engine,
                    "workers": int(workers),
                    "out": out,
                    "wall": time.perf_counter() - began,
                    "summary": summary,
                    "load": (load_before, os.getloadavg()[0]),
                }
            )
            print(f"  done: {rows[-1]['run']}: {summary.docs_per_s} docs/s", flush=True)

        print(f"\n{n} releases from {args.sample}")
        print(f"machine: {os.cpu_count()} cores; load average before/after each run shows other work on it")
        print(
            f"{'run':22s}{'docs/s':>8s}{'vs 1 w.':>9s}{'docs/CPU-s':>12s}{'startup s':>11s}{'wall s':>8s}"
            f"{'load':>11s}{'peak RSS MB per worker':>25s}"
        )
        base = next((r["summary"].docs_per_s for r in rows if r["workers"] == 1), None)
        for row in rows:
            s = row["summary"]
            ratio = f"{s.docs_per_s / base:.2f}x" if base else "-"
            per_cpu = s.processed / s.chunk_cpu_seconds if s.chunk_cpu_seconds else 0.0
            rss = ", ".join(f"{v:.0f}" for v in sorted(s.worker_peak_rss_mb.values()))
            load = f"{row['load'][0]:.1f}/{row['load'][1]:.1f}"
            print(
                f"{row['run']:22s}{s.docs_per_s:>8.2f}{ratio:>9s}{per_cpu:>12.2f}{s.startup_seconds:>11.1f}"
                f"{row['wall']:>8.1f}{load:>11s}{rss:>25s}"
            )

        local = next((r for r in rows if r["engine"] == "local" and r["workers"] == 2), None)
        dask = next((r for r in rows if r["engine"] == "dask"), None)
        if local and dask:
            same = comparable_records(local["out"] / "records.jsonl") == comparable_records(
                dask["out"] / "records.jsonl"
            )
            overhead = 1 - dask["summary"].docs_per_s / local["summary"].docs_per_s
            print(f"Dask vs local pool (2 workers): {overhead * 100:+.1f}% slower; records identical: {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
