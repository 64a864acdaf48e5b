"""The whole archive through `thaipress batch`: wall time, docs/s, records, errors by kind, lost inputs,
and peak memory per worker and of the runner.

    python benchmarks/bench_archive.py                               # all 63,192 releases (make bench-archive)
    python benchmarks/bench_archive.py --stride 31                   # every 31st release: a ~2,000 slice
    python benchmarks/bench_archive.py --limit 2000                  # the first 2,000

It runs the real command (`thaipress batch ARCHIVE --out DIR --workers 2`) as a child process, so the
numbers are what a user gets. A slice (--limit / --stride) is streamed into a .jsonl.gz of its own
first; the full archive is read as it is. Nothing here holds the texts in memory: inputs are read line
by line and only their ids (and which are English) are kept, to check the outputs.

Measured:
- wall time of the command (start-up included) and docs/s: inputs / wall, and the batch's own docs/s
  after its workers were ready;
- records, duplicates, errors by kind (from summary.json), and how the English releases ended;
- lost inputs: inputs without exactly one output line (ids of records.jsonl + errors.jsonl against the
  input's ids); must be 0;
- memory: each worker's peak (VmHWM its own report, and /proc polled every second from here) and the
  runner's resident memory over the run (it must not grow with the number of inputs).

The exit status is 1 when an input is lost, the command failed, or a worker peaked over --max-worker-mb.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pipeline.jsonl import open_jsonl

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpora" / "thaigov-archive.jsonl.gz"
FULL_ARCHIVE_RELEASES = 63_192


def read_inputs(source: Path, target: Path | None, *, limit: int | None, stride: int) -> tuple[Counter, set, int]:
    """Stream `source`; keep every `stride`-th non-blank line (up to `limit`), written to `target` when
    given. Returns the ids kept (with counts), the English ones, and how many lines were kept."""
    ids: Counter = Counter()
    english: set[str] = set()
    kept = 0
    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(gzip.open(target, "wb", compresslevel=1)) if target is not None else None
        lines = stack.enter_context(open_jsonl(source))
        number = 0
        for raw in lines:
            if raw.isspace():
                continue
            number += 1
            if (number - 1) % stride:
                continue
            if limit is not None and kept >= limit:
                break
            kept += 1
            if writer is not None:
                writer.write(raw if raw.endswith(b"\n") else raw + b"\n")
            try:
                item = json.loads(raw)
                record_id = item.get("id") if isinstance(item, dict) else None
            except ValueError:
                item, record_id = None, None
            # as the batch names it: its id, else FILE:LINE (of the file the batch reads)
            name = str(record_id) if record_id not in (None, "") else f"{target or source}:{kept}"
            ids[name] += 1
            if isinstance(item, dict) and item.get("lang") == "en":
                english.add(name)
    return ids, english, kept


def line_id(raw: bytes) -> str:
    """The "id" of an output line (its first key), without parsing a whole record."""
    prefix = b'{"id":'
    if raw.startswith(prefix):
        value, _ = json.JSONDecoder().raw_decode(raw[len(prefix) :].decode("utf-8"))
        return str(value)
    return str(json.loads(raw)["id"])


def check_outputs(out: Path, expected: Counter, english: set) -> tuple[int, int, Counter]:
    """Lost inputs (an expected id with fewer output lines than inputs), extra lines, and how the
    English inputs ended (record, duplicate, or error kind). Streams the outputs."""
    seen: Counter = Counter()
    english_outcomes: Counter = Counter()
    for name in ("records.jsonl", "errors.jsonl"):
        with open(out / name, "rb") as handle:
            for raw in handle:
                if not raw.strip():
                    continue
                input_id = line_id(raw)
                seen[input_id] += 1
                if input_id in english:
                    if name == "errors.jsonl":
                        english_outcomes["error: " + json.loads(raw)["kind"]] += 1
                    else:
                        english_outcomes["duplicate" if b'"duplicate_of":' in raw[:2000] else "record"] += 1
    lost = sum(max(0, count - seen[name]) for name, count in expected.items())
    extra = sum(max(0, count - expected[name]) for name, count in seen.items())
    return lost, extra, english_outcomes


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KB ({} when it is gone)."""
    values = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith((b"VmRSS:", b"VmHWM:")):
                    values[line.split(b":")[0].decode()] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return values


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0.0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.update(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def thaipress_command() -> list[str]:
    script = Path(sys.executable).with_name("thaipress")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.batch"]


def run(command: list[str], out: Path, *, poll: float) -> dict:
    """Run the batch; poll the memory of the runner and of its worker processes while it runs."""
    began = time.perf_counter()
    runner = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    worker_peak_kb: dict[int, int] = {}
    runner_samples: list[tuple[float, int, int]] = []  # (seconds, shards written, runner RSS KB)
    shards = out / "shards"
    runner_cpu = 0.0
    while runner.poll() is None:
        runner_cpu = max(runner_cpu, _cpu_seconds(runner.pid))
        status = _status(runner.pid)
        if "VmRSS" in status:
            written = len(os.listdir(shards)) if shards.exists() else 0
            runner_samples.append((time.perf_counter() - began, written, status["VmRSS"]))
        for child in _children(runner.pid):
            if "resource_tracker" in _cmdline(child):
                continue
            child_status = _status(child)
            peak = max(child_status.get("VmHWM", 0), child_status.get("VmRSS", 0))
            worker_peak_kb[child] = max(worker_peak_kb.get(child, 0), peak)
        time.sleep(poll)
    stdout = runner.stdout.read() if runner.stdout else b""
    return {
        "returncode": runner.wait(),
        "wall": time.perf_counter() - began,
        "stdout": stdout,
        "worker_peak_kb": worker_peak_kb,
        "runner_samples": runner_samples,
        "runner_cpu": runner_cpu,
    }


def runner_growth(samples: list[tuple[float, int, int]], inputs: int) -> tuple[float, float, float]:
    """Runner RSS (MB) once a quarter of the shards were written and at the last sample, and the growth
    between the two per 1,000 inputs (shards are converted to inputs at the run's average shard size)."""
    busy = [s for s in samples if s[1] > 0]
    if len(busy) < 2 or not busy[-1][1]:
        return 0.0, 0.0, 0.0
    last = busy[-1]
    quarter = next(s for s in busy if s[1] >= last[1] / 4)
    per_shard = inputs / last[1]
    span = (last[1] - quarter[1]) * per_shard
    growth = (last[2] - quarter[2]) / 1024 / span * 1000 if span else 0.0
    return quarter[2] / 1024, last[2] / 1024, growth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--limit", type=int, default=None, help="At most N releases (a slice).")
    parser.add_argument("--stride", type=int, default=1, help="Every K-th release (a slice across the archive).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0, help="Per-input limit, seconds (thaipress batch).")
    parser.add_argument("--chunk-size", type=int, default=None, help="Passed to thaipress batch when given.")
    parser.add_argument("--out", type=Path, default=None, help="Output folder (default: a temporary one).")
    parser.add_argument("--keep", action="store_true", help="Keep the output folder.")
    parser.add_argument("--poll", type=float, default=1.0, help="Seconds between memory samples.")
    parser.add_argument("--max-worker-mb", type=float, default=1024.0, help="Fail above this peak per worker.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the numbers here as JSON.")
    args = parser.parse_args()
    if args.stride < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--stride and --limit must be positive")

    args.archive = args.archive.resolve()  # the batch runs from the repository's folder
    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    out = (args.out or work / "out").resolve()
    if args.out is not None and out.exists():
        parser.error(f"{out} exists: choose a new folder")
    sliced = args.limit is not None or args.stride > 1
    try:
        began = time.perf_counter()
        target = work / "slice.jsonl.gz" if sliced else None
        expected, english, count = read_inputs(args.archive, target, limit=args.limit, stride=args.stride)
        source = target or args.archive
        what = f"{count} releases" + (f" (1 in {args.stride})" if args.stride > 1 else "")
        print(f"{what} of {args.archive}, {len(english)} English; read in {time.perf_counter() - began:.1f} s")

        command = thaipress_command() + ["batch", str(source), "--out", str(out), "--workers", str(args.workers)]
        command += ["--timeout", f"{args.timeout:g}"]
        if args.chunk_size:
            command += ["--chunk-size", str(args.chunk_size)]
        print("$ " + " ".join(command), flush=True)
        result = run(command, out, poll=args.poll)
        if result["returncode"] != 0:
            print(f"thaipress batch failed (exit {result['returncode']})", file=sys.stderr)
            return 1
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        lost, extra, english_outcomes = check_outputs(out, expected, english)

        wall = result["wall"]
        reported = summary["worker_peak_rss_mb"]
        polled = {pid: kb / 1024 for pid, kb in result["worker_peak_kb"].items()}
        peak_worker = max([*reported.values(), *polled.values(), 0.0])
        start_mb, end_mb, per_1000 = runner_growth(result["runner_samples"], count)
        runner_peak = max((s[2] for s in result["runner_samples"]), default=0) / 1024
        processing = wall - summary["startup_seconds"]
        numbers = {
            "releases": count,
            "english": len(english),
            "workers": args.workers,
            "wall_seconds": round(wall, 1),
            "startup_seconds": summary["startup_seconds"],
            "docs_per_s_wall": round(count / wall, 2),
            "docs_per_s_after_startup": summary["docs_per_s"],
            "records": summary["records"],
            "duplicates": summary["duplicates"],
            "errors": summary["errors"],
            "errors_by_kind": summary["errors_by_reason"],
            "english_outcomes": dict(english_outcomes.most_common()),
            "lost_inputs": lost,
            "extra_lines": extra,
            "worker_peak_rss_mb_reported": reported,
            "worker_peak_rss_mb_polled": {str(pid): round(mb, 1) for pid, mb in sorted(polled.items())},
            "runner_peak_rss_mb": round(runner_peak, 1),
            "runner_rss_mb_quarter_to_end": [round(start_mb, 1), round(end_mb, 1)],
            "runner_rss_growth_mb_per_1000_inputs": round(per_1000, 2),
            "runner_cpu_seconds": round(result["runner_cpu"], 1),
            "assemble_seconds": summary.get("assemble_seconds"),
            "chunk_cpu_seconds": summary["chunk_cpu_seconds"],
            "worker_wait_seconds": summary.get("worker_wait_seconds"),
            "worker_cpu_seconds": summary["worker_cpu_seconds"],
        }
        cpu = summary["chunk_cpu_seconds"]
        numbers["docs_per_cpu_s_per_worker"] = round(count / cpu, 2) if cpu else 0.0
        if sliced and summary["docs_per_s"]:
            numbers["extrapolated_full_archive_minutes"] = round(
                (summary["startup_seconds"] + FULL_ARCHIVE_RELEASES / summary["docs_per_s"]) / 60, 1
            )
        if sliced and cpu:
            # As if each worker had a core to itself: other load on a shared machine stretches the wall
            # time much more than the CPU time a release needs.
            idle_rate = count / cpu * args.workers
            numbers["extrapolated_full_archive_minutes_idle_cores"] = round(
                (summary["startup_seconds"] + FULL_ARCHIVE_RELEASES / idle_rate) / 60, 1
            )

        print()
        print(f"wall time            {wall:.1f} s ({wall / 60:.1f} min), start-up {summary['startup_seconds']:.1f} s")
        print(f"docs/s               {count / wall:.2f} over the wall time; {summary['docs_per_s']:.2f} after start-up")
        print(f"records              {summary['records']} (+ {summary['duplicates']} duplicates)")
        print(f"errors               {summary['errors']}: {json.dumps(summary['errors_by_reason'])}")
        print(f"English releases     {len(english)}: {json.dumps(dict(english_outcomes.most_common()))}")
        print(f"lost inputs          {lost} (extra lines: {extra})")
        rss = ", ".join(f"{mb:.0f}" for mb in sorted(reported.values()))
        print(f"peak RSS per worker  {rss} MB (reported); polled max {max(polled.values(), default=0):.0f} MB")
        print(
            f"runner               RSS peak {runner_peak:.0f} MB; {start_mb:.0f} -> {end_mb:.0f} MB from a quarter of "
            f"the run to the end ({per_1000:+.2f} MB per 1,000 inputs); CPU {result['runner_cpu']:.0f} s"
        )
        print(f"final files          {summary.get('assemble_seconds', 0):.1f} s after the last chunk")
        print(
            f"worker CPU           {cpu:.0f} s on chunks ({numbers['docs_per_cpu_s_per_worker']} docs per CPU-second);"
            f" processing wall {processing:.0f} s; load average now {os.getloadavg()[0]:.1f}"
        )
        print(
            f"worker waits         {summary.get('worker_wait_seconds', 0):.1f} s in all, between a chunk done and "
            "the next received (time the runner kept a worker idle)"
        )
        if "extrapolated_full_archive_minutes" in numbers:
            print(
                f"extrapolated         {FULL_ARCHIVE_RELEASES} releases: "
                f"{numbers['extrapolated_full_archive_minutes']} min at this slice's docs/s (start-up added); "
                f"{numbers.get('extrapolated_full_archive_minutes_idle_cores')} min from its CPU time with one idle "
                "core per worker"
            )
        if args.json:
            args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
        ok = lost == 0 and extra == 0 and peak_worker < args.max_worker_mb
        print("OK" if ok else "FAIL: lost inputs, extra lines or a worker over the memory bound")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"outputs kept in {out}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            if args.out is not None:
                shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
