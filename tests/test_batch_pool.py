"""The local engine's worker pool (`pipeline.batch.pool`): a per-input time limit that replaces the stuck
worker and goes on, dead workers replaced, workers that exit when the runner is killed (SIGKILL), and the
progress report (docs/s, ETA, a cheap total).

Slow and crashing inputs come from a stand-in for the pipeline that the workers import by name
($THAIPRESS_BATCH_PROCESS): it sleeps or exits on a marker word and runs the real pipeline otherwise.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.batch.executors import LocalPool
from pipeline.batch.inputs import count_sources, iter_sources
from pipeline.batch.pool import PROCESS_ENV
from pipeline.batch.progress import LogProgress
from pipeline.batch.shards import ShardStore

ROOT = Path(__file__).resolve().parents[1]

MEETING = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562"
VISIT = "นางสาวมาลี ศรีสุข ผู้ว่าราชการจังหวัดขอนแก่น ตรวจเยี่ยมโรงพยาบาลขอนแก่น"
SLOW = "ช้ามาก"  # the stand-in sleeps on this word
CRASH = "ล่มทันที"  # ... and exits on this one, as a worker killed by the kernel would

STAND_IN = f"""
import os, time
from pipeline.batch.worker import process_task

def process(task):
    if task.text and {SLOW!r} in task.text:
        time.sleep(600)
    if task.text and {CRASH!r} in task.text:
        os._exit(3)
    return process_task(task)
"""


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line]


@pytest.fixture()
def stand_in(tmp_path: Path, monkeypatch) -> str:
    """The module name of the slow/crashing stand-in, importable here and in spawned workers."""
    (tmp_path / "slow_stand_in.py").write_text(STAND_IN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # spawned workers get the parent's sys.path
    return "slow_stand_in:process"


def _inputs(folder: Path, texts: list[str]) -> list[str]:
    folder.mkdir()
    names = []
    for number, text in enumerate(texts):
        path = folder / f"{number:02d}.txt"
        path.write_text(f"{text} ครั้งที่ {number + 1}", encoding="utf-8")
        names.append(str(path))
    return names


@pytest.mark.parametrize("waiting", ["poll", "multiprocessing.wait"])
def test_an_input_over_the_time_limit_is_a_timeout_line_and_its_worker_is_replaced(
    tmp_path, stand_in, waiting, monkeypatch
):
    """With the dispatcher's poll(2), and with the `multiprocessing.connection.wait` it uses where there is
    no poll (not POSIX)."""
    if waiting != "poll":
        monkeypatch.setattr("pipeline.batch.pool._poll", None)
    names = _inputs(tmp_path / "in", [MEETING, f"{VISIT} {SLOW}", MEETING, f"{VISIT} {CRASH}", VISIT])
    pool = LocalPool(workers=1, timeout=5, process=stand_in)
    try:
        first = pool.pids
        began = time.monotonic()
        summary = run_batch([str(tmp_path / "in")], tmp_path / "out", engine=pool, chunk_size=3)
        took = time.monotonic() - began
        assert pool.timeouts == 1 and pool.pids != first  # the stuck worker was replaced
    finally:
        pool.close()
    assert took < 300  # the slow input did not hold the run for its 600 s
    records = lines(tmp_path / "out" / "records.jsonl")
    errors = lines(tmp_path / "out" / "errors.jsonl")
    # the inputs after the stuck one in its chunk, and the next chunk, were still processed
    assert [r["id"] for r in records] == [names[0], names[2], names[4]]
    assert [(e["id"], e["kind"]) for e in errors] == [(names[1], "timeout"), (names[3], "worker_failed")]
    assert re.match(r"timeout: still processing after 5 s", errors[0]["reason"])
    assert errors[0]["input"]["origin"] == {"path": names[1]}
    assert summary.errors_by_reason == {"timeout": 1, "worker_failed": 1}


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has exited (an orphan waits for a reaper that may not come)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_runner_is_killed_and_resume_reports_the_stuck_input(tmp_path, stand_in):
    names = _inputs(tmp_path / "in", [MEETING, VISIT, f"{MEETING} {SLOW}", VISIT, MEETING, VISIT])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.batch", str(tmp_path / "in"), "--out", str(out), "--workers", "2"]
    command += ["--chunk-size", "1"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(tmp_path)]), **{PROCESS_ENV: stand_in})
    runner = subprocess.Popen(
        command + ["--timeout", "0"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 240
    while len(ShardStore(out).paths()) < 5 and runner.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runner.poll() is None, runner.stderr.read().decode()
    assert len(ShardStore(out).paths()) == 5  # all but the stuck input, which holds its worker
    workers = _children(runner.pid)  # the two workers, and multiprocessing's resource tracker
    spawned = [pid for pid in workers if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert len(spawned) == 2 and all(_alive(pid) for pid in workers)

    runner.send_signal(signal.SIGKILL)  # the runner alone: nothing sends its workers a signal
    runner.wait()
    gone_by = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived their runner"
    assert not (out / "records.jsonl").exists()

    resumed = subprocess.run(command + ["--resume", "--timeout", "5"], cwd=ROOT, env=env, capture_output=True)
    assert resumed.returncode == 0, resumed.stderr.decode()
    summary = json.loads(resumed.stdout)
    assert (summary["resumed"], summary["processed"], summary["errors_by_reason"]) == (5, 1, {"timeout": 1})
    assert [r["id"] for r in lines(out / "records.jsonl")] == names[:2] + names[3:]
    assert [e["id"] for e in lines(out / "errors.jsonl")] == [names[2]]


def test_progress_lines_show_docs_per_second_and_an_eta():
    stream = io.StringIO()
    progress = LogProgress(stream, every=0)
    progress.start(100, 20)  # 20 finished by an earlier run: the rate counts this run's only
    time.sleep(0.2)
    progress.update(30, 1)
    progress.stop()
    line = stream.getvalue().splitlines()[0]
    match = re.fullmatch(r"batch: 30/100 inputs, ([\d.]+) docs/s, ETA (\d+):(\d\d):(\d\d), 1 errors", line)
    assert match, line
    rate = float(match[1])
    assert 0 < rate <= 10 / 0.2
    eta = int(match[2]) * 3600 + int(match[3]) * 60 + int(match[4])
    assert abs(eta - 70 / rate) <= 1


def test_the_progress_total_counts_jsonl_lines_without_parsing_them(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    rows = [json.dumps({"id": f"r{n}", "text": MEETING}, ensure_ascii=False) for n in range(5)]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows[:2] + ["", "  ", "{not json", *rows[2:]]) + "\n")
    (tmp_path / "a.txt").write_text(VISIT, encoding="utf-8")
    inputs = [str(path), str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")]
    assert count_sources(inputs) == len(list(iter_sources(inputs))) == 8


def test_outputs_written_during_the_run_match_the_shards_when_chunks_finish_out_of_order(tmp_path):
    """A fresh run appends each shard to records.jsonl / errors.jsonl as soon as every earlier input is
    done; chunks that finish late must not change the order or the content."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.batch.outputs import assemble
    from pipeline.batch.worker import process_chunk, warm_up

    class Shuffled:
        name, slots, workers = "shuffled", 4, 4

        def __init__(self) -> None:
            warm_up()
            self.pool = ThreadPoolExecutor(4)
            self.lock = threading.Lock()  # one chunk in the pipeline at a time; only the finishing order varies

        def run(self, chunk):
            time.sleep(0.4 if chunk.first_seq % 3 == 0 else 0.0)
            with self.lock:
                return process_chunk(chunk)

        def submit(self, chunk):
            return self.pool.submit(self.run, chunk)

        def recover(self) -> None:
            pass

        def close(self) -> None:
            self.pool.shutdown()

    names = _inputs(tmp_path / "in", [MEETING, VISIT, MEETING, "", VISIT, f"{MEETING} {VISIT}", "", VISIT, MEETING])
    Path(names[3]).write_bytes(b"")
    Path(names[6]).write_text("Press release in English only", encoding="utf-8")
    engine = Shuffled()
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / "in")], out, engine=engine, chunk_size=1)
    engine.close()
    written = {name: (out / name).read_bytes() for name in ("records.jsonl", "errors.jsonl")}
    assert [r["id"] for r in lines(out / "records.jsonl")] == [n for i, n in enumerate(names) if i not in (3, 6)]
    assert [e["kind"] for e in lines(out / "errors.jsonl")] == ["empty", "no_thai_text"]
    totals = assemble(out, ShardStore(out), expected=len(names))  # the same files, rebuilt from the shards
    assert {name: (out / name).read_bytes() for name in written} == written
    assert (summary.records, summary.errors, summary.duplicates) == (totals.records, 2, totals.duplicates)
    assert not list(out.glob(".*.tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("prctl", ["available", "missing"])
def test_a_process_that_dies_with_its_parent_exits_when_the_parent_is_killed(tmp_path, prctl):
    """`die_with_parent` on its own: with the kernel's help (prctl), and with the watcher thread alone, as
    where prctl does not exist."""
    no_prctl = "import ctypes\ndef refuse(*a, **k): raise OSError('no prctl here')\nctypes.CDLL = refuse\n"
    child = (no_prctl if prctl == "missing" else "") + (
        "import os, sys, time\nfrom pipeline.batch.pool import die_with_parent\n"
        "die_with_parent(int(sys.argv[1]))\nprint(os.getpid(), flush=True)\ntime.sleep(600)\n"
    )
    parent = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', sys.argv[1], str(os.getpid())], stdout=sys.stdout)\n"
        "time.sleep(600)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runner = subprocess.Popen([sys.executable, "-c", parent, child], env=env, stdout=subprocess.PIPE, text=True)
    assert runner.stdout is not None
    pid = int(runner.stdout.readline())
    assert _alive(pid)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    gone_by = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not _alive(pid)


def test_workers_that_cannot_start_stop_the_run_with_a_clear_error(tmp_path, monkeypatch):
    from pipeline.batch import BatchError

    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    monkeypatch.setenv(PROCESS_ENV, "no_such_module_here:process")
    with pytest.raises(BatchError, match="cannot start the local engine: worker processes exit while starting"):
        run_batch([str(tmp_path / "a.txt")], tmp_path / "out", workers=1, engine="local")
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_the_progress_bar_shows_docs_per_second_and_an_eta(capsys):
    from pipeline.batch.progress import RichProgress

    bar = RichProgress()
    bar.start(100, 10)
    time.sleep(0.2)
    bar.update(30, 2)
    bar.stop()
    shown = capsys.readouterr().err
    match = re.search(r"30/100 ([\d.]+) docs/s ETA (\d+):(\d\d):(\d\d)", shown)
    assert match, shown
    assert abs(int(match[2]) * 3600 + int(match[3]) * 60 + int(match[4]) - 70 / float(match[1])) <= 1


GC_PROBE = """
import gc, sys
from dataclasses import replace
from pipeline.batch.worker import process_task

def process(task):
    outcome = process_task(task)
    torch = str(sys.modules.get("torch") is not None).lower()
    state = f'"gc_frozen":{gc.get_freeze_count()},"gc_young":{gc.get_threshold()[0]},"torch":{torch},'
    line = outcome.line_bytes
    return replace(outcome, line=line[:1] + state.encode() + line[1:])
"""


def test_local_workers_freeze_the_loaded_models_out_of_the_collector_and_give_the_same_records(tmp_path, monkeypatch):
    """`settle_gc` runs in each local worker after the models load: the collector no longer walks them
    and collects the young generation less often; and the workers run without torch (`keep_torch_out`,
    which spaCy's thinc would import for nothing). The records are those of the in-process engine, which
    has torch loaded here."""
    from pipeline.batch.worker import GC_YOUNG_THRESHOLD

    (tmp_path / "gc_probe.py").write_text(GC_PROBE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    _inputs(tmp_path / "in", [MEETING, VISIT, MEETING + " " + VISIT])
    pool = LocalPool(workers=1, process="gc_probe:process")
    try:
        run_batch([str(tmp_path / "in")], tmp_path / "pooled", engine=pool, chunk_size=2)
    finally:
        pool.close()
    run_batch([str(tmp_path / "in")], tmp_path / "here", engine="inprocess", chunk_size=2)
    pooled = lines(tmp_path / "pooled" / "records.jsonl")
    here = lines(tmp_path / "here" / "records.jsonl")
    assert len(pooled) == len(here) == 3
    for worker_line, own_line in zip(pooled, here):
        assert worker_line.pop("gc_frozen") > 10_000  # the spaCy pipeline and the tables, at least
        assert worker_line.pop("gc_young") == GC_YOUNG_THRESHOLD
        assert worker_line.pop("torch") is False
        for line in (worker_line, own_line):
            line.pop("timing")
        assert worker_line == own_line
    import gc

    assert gc.get_freeze_count() == 0  # the in-process engine leaves the caller's collector alone
    assert sys.modules.get("torch") is not None  # ... and its imports


def test_workers_may_import_torch_when_asked(tmp_path, monkeypatch):
    from pipeline.batch.pool import TORCH_ENV

    (tmp_path / "gc_probe.py").write_text(GC_PROBE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(TORCH_ENV, "1")
    _inputs(tmp_path / "in", [MEETING])
    pool = LocalPool(workers=1, process="gc_probe:process")
    try:
        run_batch([str(tmp_path / "in")], tmp_path / "out", engine=pool)
    finally:
        pool.close()
    assert lines(tmp_path / "out" / "records.jsonl")[0]["torch"] is True
