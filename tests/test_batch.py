"""Batch processing (`pipeline.batch`): every input is exactly one output line, in input order, whatever
the input kind, encoding or damage; runs resume after a kill; engines are interchangeable.

Most tests use the in-process engine (no worker start-up); the local pool, the CLI module and Dask each
have their own test.
"""

from __future__ import annotations

import codecs
import gzip
import importlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from concurrent.futures import Future
from pathlib import Path

import pytest

from pipeline.batch import BatchError, run_batch
from pipeline.batch.executors import InProcess
from pipeline.batch.inputs import iter_sources
from pipeline.batch.outputs import InOrderWriter
from pipeline.batch.shards import ShardStore
from pipeline.batch.tasks import Outcome
from pipeline.record import Release

ROOT = Path(__file__).resolve().parents[1]

MEETING = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562"
BRIEFING = "กรมประชาสัมพันธ์แถลงข่าว วันที่ ๑๕ มกราคม ๒๕๖๗ เวลา 10.30 น. ณ ทำเนียบรัฐบาล"
VISIT = "นางสาวมาลี ศรีสุข ผู้ว่าราชการจังหวัดขอนแก่น ตรวจเยี่ยมโรงพยาบาลขอนแก่น"
FORUM = "สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม (สสว.) จัดงานสัมมนาที่กรุงเทพมหานคร"
TRAINING = "กระทรวงศึกษาธิการ จัดอบรมครู จำนวน ๓๐ คน ที่จังหวัดลำปาง เมื่อวันที่ 5 มีนาคม 2565"


def lines(path: Path) -> list[dict]:
    """Every line of a JSONL output, parsed (split on newlines only, as JSON strings may hold U+2028)."""
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), f"{path} ends mid-line"
    return [json.loads(line) for line in raw.split(b"\n") if line]


def ids(path: Path) -> list[str]:
    return [line["id"] for line in lines(path)]


def without_timing(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in record.items() if k != "timing"} for record in records]


def need(module: str):
    """An optional dependency (the `batch-cluster` / `parquet` extras, installed with `test`): skipped
    when missing, except in CI (CI=true), where the test must run."""
    if os.environ.get("CI", "").lower() == "true":
        return importlib.import_module(module)
    return pytest.importorskip(module)


def batch(inputs, out: Path, **options):
    options.setdefault("engine", "inprocess")
    return run_batch([str(i) for i in inputs], out, **options)


# --- inputs of every kind, in a stable order ---------------------------------------------------------


@pytest.fixture()
def archive_inputs(tmp_path: Path) -> tuple[list[Path], list[str]]:
    """A folder, a zip, a tar.gz, a jsonl and a jsonl.gz, and the ids expected in that order."""
    folder = tmp_path / "releases"
    (folder / "north").mkdir(parents=True)
    (folder / "b.txt").write_text(MEETING, encoding="utf-8")
    (folder / "north" / "a.html").write_text(f"<html><body><p>{VISIT}</p></body></html>", encoding="utf-8")
    (folder / ".hidden").write_text("not an input", encoding="utf-8")

    zipped = tmp_path / "batch.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("z/2.txt", BRIEFING)
        archive.writestr("z/1.txt", FORUM)  # member order, not name order

    tarred = tmp_path / "batch.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        for name, text in (("t/one.txt", TRAINING), ("t/two.txt", MEETING + " ครั้งที่สอง")):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))

    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        json.dumps(
            {"id": "feed-1", "text": VISIT + " อีกครั้ง", "url": "https://example.go.th/1", "release_date": "2019-08-02"},
            ensure_ascii=False,
        )
        + "\n\n"
        + json.dumps({"text": FORUM + " รอบสอง"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    jsonl_gz = tmp_path / "feed2.jsonl.gz"
    with gzip.open(jsonl_gz, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "gz-1", "text": BRIEFING + " ฉบับที่สอง"}, ensure_ascii=False) + "\n")

    inputs = [folder, zipped, tarred, jsonl, jsonl_gz]
    expected = [
        f"{folder}/b.txt",
        f"{folder}/north/a.html",
        f"{zipped}!z/2.txt",
        f"{zipped}!z/1.txt",
        f"{tarred}!t/one.txt",
        f"{tarred}!t/two.txt",
        "feed-1",
        f"{jsonl}:3",
        "gz-1",
    ]
    return inputs, expected


def test_every_input_kind_gives_one_record_in_input_order(archive_inputs, tmp_path):
    inputs, expected = archive_inputs
    summary = batch(inputs, tmp_path / "out")
    assert ids(tmp_path / "out" / "records.jsonl") == expected
    assert lines(tmp_path / "out" / "errors.jsonl") == []
    assert (summary.inputs, summary.records, summary.errors) == (9, 9, 0)
    for line in lines(tmp_path / "out" / "records.jsonl"):
        Release.model_validate({k: v for k, v in line.items() if k not in ("input", "timing")})


def test_enumeration_is_stable_and_lazy(archive_inputs):
    inputs, expected = archive_inputs
    first = [s.id for s in iter_sources([str(i) for i in inputs])]
    assert first == expected == [s.id for s in iter_sources([str(i) for i in inputs])]


def test_jsonl_fields_are_carried_and_its_release_date_used(archive_inputs, tmp_path):
    inputs, _ = archive_inputs
    batch(inputs, tmp_path / "out", release_date="2024-01-01")
    by_id = {line["id"]: line for line in lines(tmp_path / "out" / "records.jsonl")}
    feed = by_id["feed-1"]
    assert feed["input"]["url"] == "https://example.go.th/1"
    assert feed["input"]["origin"] == {"path": str(inputs[3]), "line": 1}
    assert feed["release_date"] == "2019-08-02"
    assert by_id["gz-1"]["release_date"] == "2024-01-01"  # the run's default
    member = by_id[f"{inputs[1]}!z/1.txt"]
    assert member["input"]["origin"] == {"path": str(inputs[1]), "member": "z/1.txt"}
    assert by_id[f"{inputs[0]}/north/a.html"]["input"]["was_html"] is True


def test_glob_inputs_are_sorted(tmp_path):
    for name in ("c.txt", "a.txt", "b.md"):
        (tmp_path / name).write_text(f"{MEETING} {name}", encoding="utf-8")
    sources = list(iter_sources([str(tmp_path / "*.txt")]))
    assert [s.id for s in sources] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]


# --- encodings ---------------------------------------------------------------------------------------


def test_the_encoding_used_is_recorded(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1-tis.txt").write_bytes(BRIEFING.encode("cp874"))
    (tmp_path / "in" / "2-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + VISIT.encode("utf-16-le"))
    (tmp_path / "in" / "3-bom.txt").write_bytes(codecs.BOM_UTF8 + MEETING.encode("utf-8"))
    summary = batch([tmp_path / "in"], tmp_path / "out")
    records = lines(tmp_path / "out" / "records.jsonl")
    assert [(r["encoding"], r["input"]["encoding"]) for r in records] == [
        ("cp874", "cp874"),
        ("utf-16", "utf-16"),
        ("utf-8-sig", "utf-8-sig"),
    ]
    assert records[0]["text"] == BRIEFING
    assert summary.encodings == {"cp874": 1, "utf-16": 1, "utf-8-sig": 1}


# --- bad inputs never stop the run -------------------------------------------------------------------


def test_each_bad_input_is_one_error_line_and_the_run_finishes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "01-good.txt").write_text(MEETING, encoding="utf-8")
    (folder / "02-binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "03-undecodable.txt").write_bytes(b"abc \xdb\xdc\xdd\xde \xfc\xfd\xfe\xff" * 10)
    (folder / "04-empty.txt").write_bytes(b"")
    (folder / "05-oversize.txt").write_text(MEETING * 20, encoding="utf-8")
    (folder / "06-english.txt").write_text("The minister visited Chiang Mai.", encoding="utf-8")
    zipped = tmp_path / "damaged.zip"
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("ok.txt", VISIT)
        archive.writestr("bad.txt", BRIEFING)
    data = bytearray(zipped.read_bytes())
    at = data.find(BRIEFING.encode("utf-8"))
    data[at + 3] ^= 0xFF  # the member's bytes no longer match its CRC
    zipped.write_bytes(bytes(data))
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": FORUM}, ensure_ascii=False)
        + "\n{not json\n"
        + json.dumps({"id": "j3", "title": "no text"})
        + "\n"
        + json.dumps({"id": "j4", "text": TRAINING, "release_date": "15/01/2567"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    missing = tmp_path / "nowhere.txt"

    summary = batch([folder, zipped, jsonl, missing], tmp_path / "out", max_bytes=1000)

    errors = {line["id"]: line for line in lines(tmp_path / "out" / "errors.jsonl")}
    reasons = {name: line["reason"] for name, line in errors.items()}
    assert reasons == {
        f"{folder}/02-binary.bin": "binary data (looks like PNG)",
        f"{folder}/03-undecodable.txt": "cannot decode: not UTF-8, UTF-16 or TIS-620/cp874 text",
        f"{folder}/04-empty.txt": "empty input",
        f"{folder}/05-oversize.txt": f"input is {len((MEETING * 20).encode())} bytes, over the limit of 1000 bytes",
        f"{folder}/06-english.txt": "no Thai text",
        f"{zipped}!bad.txt": reasons[f"{zipped}!bad.txt"],
        f"{jsonl}:2": reasons[f"{jsonl}:2"],
        f"{jsonl}:3": "invalid JSON record: needs an object with a string 'text'",
        "j4": "release date '15/01/2567' is not YYYY-MM-DD",
        str(missing): "no such file or directory",
    }
    assert reasons[f"{zipped}!bad.txt"].startswith("corrupt archive member: Bad CRC-32")
    assert reasons[f"{jsonl}:2"].startswith("invalid JSON line:")
    assert ids(tmp_path / "out" / "records.jsonl") == [f"{folder}/01-good.txt", f"{zipped}!ok.txt", "j1"]
    assert summary.errors_by_reason == {
        "binary": 1,
        "undecodable": 1,
        "empty": 1,
        "oversize": 1,
        "no_thai_text": 1,
        "corrupt_archive": 1,
        "invalid_json": 2,
        "bad_release_date": 1,
        "unreadable": 1,
    }
    assert errors[f"{zipped}!bad.txt"]["input"]["origin"] == {"path": str(zipped), "member": "bad.txt"}


def test_an_unreadable_archive_is_one_error(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "broken.tar.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip data at all")
    batch([tmp_path / "broken.zip", tmp_path / "broken.tar.gz"], tmp_path / "out")
    errors = lines(tmp_path / "out" / "errors.jsonl")
    assert [e["kind"] for e in errors] == ["corrupt_archive", "corrupt_archive"]


# --- duplicates --------------------------------------------------------------------------------------


def test_duplicates_point_to_the_first_and_are_not_processed_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1.txt").write_text(MEETING, encoding="utf-8")
    (folder / "2.txt").write_text(VISIT, encoding="utf-8")
    # The same release after normalisation: a zero-width space and a no-break space.
    (folder / "3.txt").write_text(MEETING.replace(" ", "\u00a0", 1).replace("ใจดี", "ใจ\u200bดี"), encoding="utf-8")
    (folder / "4.txt").write_bytes(MEETING.encode("cp874"))
    summary = batch([folder], tmp_path / "out")
    records = lines(tmp_path / "out" / "records.jsonl")
    assert [r["id"].rsplit("/", 1)[1] for r in records] == ["1.txt", "2.txt", "3.txt", "4.txt"]
    assert [r.get("duplicate_of") for r in records] == [None, None, f"{folder}/1.txt", f"{folder}/1.txt"]
    assert "entities" not in records[2] and records[3]["input"]["encoding"] == "cp874"
    assert records[2]["input"]["content_sha256"] == records[0]["input"]["content_sha256"]
    assert (summary.records, summary.duplicates, summary.processed) == (2, 2, 4)


# --- resume --------------------------------------------------------------------------------------------


def test_a_used_folder_needs_resume_and_resume_needs_the_same_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    (tmp_path / "b.txt").write_text(VISIT, encoding="utf-8")
    batch([tmp_path / "a.txt"], tmp_path / "out")
    with pytest.raises(BatchError, match="pass --resume"):
        batch([tmp_path / "a.txt"], tmp_path / "out")
    with pytest.raises(BatchError, match="other inputs"):
        batch([tmp_path / "b.txt"], tmp_path / "out", resume=True)
    again = batch([tmp_path / "a.txt"], tmp_path / "out", resume=True)  # finished: nothing to do
    assert (again.resumed, again.processed, again.records) == (1, 0, 1)


def test_resume_skips_finished_inputs_and_keeps_input_order(tmp_path):
    texts = [MEETING, BRIEFING, VISIT, FORUM, TRAINING, MEETING]
    for number, text in enumerate(texts):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    inputs = [tmp_path / f"{number}.txt" for number in range(len(texts))]
    batch(inputs, tmp_path / "full", chunk_size=2)

    # An interrupted run: chunks 0-1 and 4-5 finished, 2-3 lost (and a stale temporary file left behind).
    out = tmp_path / "partial"
    batch(inputs, out, chunk_size=2)
    shards = ShardStore(out).paths()
    shards[1].unlink()
    (out / "records.jsonl").unlink()
    (out / "shards" / ".000000002.jsonl.99.tmp").write_text("half a li", encoding="utf-8")

    summary = batch(inputs, out, chunk_size=1, resume=True)  # other chunk sizes are fine
    assert (summary.resumed, summary.processed) == (4, 2)
    assert without_timing(lines(out / "records.jsonl")) == without_timing(lines(tmp_path / "full" / "records.jsonl"))
    assert lines(out / "records.jsonl")[5]["duplicate_of"] == str(inputs[0])


def test_shards_merge_in_input_order_even_when_they_interleave(tmp_path):
    store = ShardStore(tmp_path)
    store.create()

    def outcome(seq: int) -> Outcome:
        return Outcome(seq=seq, id=f"id{seq}", kind="record", line=json.dumps({"id": f"id{seq}"}))

    store.write([outcome(0), outcome(1), outcome(5)])
    store.write([outcome(2), outcome(4)])
    store.write([outcome(3), outcome(6)])
    assert [entry.seq for entry in store.merged()] == list(range(7))


def test_the_in_order_writer_gives_input_order_whichever_shard_comes_first(tmp_path):
    """Shards that come in order are written from memory, early ones are read back from their file when
    their turn comes; lines may be str or UTF-8 bytes (a worker's records); errors go to errors.jsonl."""
    store = ShardStore(tmp_path)
    store.create()
    writer = InOrderWriter(tmp_path)

    def outcome(seq: int) -> Outcome:
        kind = "error" if seq % 4 == 3 else "record"
        line = json.dumps({"id": f"ข่าว{seq}", "kind": kind}, ensure_ascii=False)
        return Outcome(seq=seq, id=f"ข่าว{seq}", kind=kind, line=line.encode("utf-8") if seq % 2 else line)

    for chunk in ([2, 3], [0, 1], [6, 7], [4, 5], [8]):  # early, in order (then the early one), early, ...
        outcomes = [outcome(seq) for seq in chunk]
        writer.add(store.write(outcomes), outcomes)
    totals = writer.finish(9)
    assert totals.missing == [] and totals.records == 7 and totals.errors == 2
    records = [json.loads(line)["id"] for line in (tmp_path / "records.jsonl").read_bytes().splitlines()]
    errors = [json.loads(line)["id"] for line in (tmp_path / "errors.jsonl").read_bytes().splitlines()]
    assert records == [f"ข่าว{seq}" for seq in (0, 1, 2, 4, 5, 6, 8)]
    assert errors == ["ข่าว3", "ข่าว7"]


def test_a_chunk_whose_worker_died_is_retried(tmp_path):
    class Flaky(InProcess):
        """Fails the first time it sees each chunk, as a pool whose worker was killed does."""

        name = "flaky"

        def __init__(self) -> None:
            super().__init__()
            self.seen: set[int] = set()
            self.recovered = 0

        def submit(self, chunk):
            if chunk.first_seq not in self.seen:
                self.seen.add(chunk.first_seq)
                future: Future = Future()
                future.set_exception(RuntimeError("worker died"))
                return future
            return super().submit(chunk)

        def recover(self) -> None:
            self.recovered += 1

    for number, text in enumerate([MEETING, VISIT, FORUM]):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    engine = Flaky()
    summary = batch(sorted(tmp_path.glob("*.txt")), tmp_path / "out", engine=engine, chunk_size=2)
    assert (summary.records, summary.chunks_retried, engine.recovered) == (3, 2, 2)


def _write_many(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    names = []
    for number in range(count):
        name = folder / f"{number:03d}.txt"
        name.write_text(f"{MEETING} ครั้งที่ {number + 1} {VISIT}", encoding="utf-8")
        names.append(str(name))
    (folder / "999-empty.txt").write_bytes(b"")
    return names + [str(folder / "999-empty.txt")]


def test_kill_9_then_resume_gives_every_input_exactly_once(tmp_path):
    expected = _write_many(tmp_path / "in", 60)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "pipeline.batch",
        str(tmp_path / "in"),
        "--out",
        str(out),
        "--workers",
        "1",
        "--chunk-size",
        "1",
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while len(ShardStore(out).paths()) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, process.stderr.read().decode()
    os.killpg(process.pid, signal.SIGKILL)  # the runner and its workers, as a power cut would
    process.wait()
    finished = len(ShardStore(out).paths())
    assert 3 <= finished < len(expected)
    assert not (out / "records.jsonl").exists()

    resumed = subprocess.run(command + ["--resume"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr.decode()
    summary = json.loads(resumed.stdout)
    assert summary["resumed"] >= finished and summary["resumed"] + summary["processed"] == len(expected)

    records, errors = ids(out / "records.jsonl"), ids(out / "errors.jsonl")
    assert sorted(records + errors) == sorted(expected)  # each input exactly once
    assert records == expected[:-1] and errors == expected[-1:]


# --- outputs -------------------------------------------------------------------------------------------


def test_summary_and_parquet(tmp_path):
    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MEETING, encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    pq = need("pyarrow.parquet")
    summary = batch(sorted(tmp_path.glob("*.txt")), tmp_path / "out", parquet=True)
    on_disk = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(summary.model_dump_json())
    assert summary.entities_by_label == {"PERSON": 1, "LOCATION": 1, "DATE": 1}

    table = pq.read_table(tmp_path / "out" / "records.parquet").to_pylist()
    assert [(row["kind"], row["entities_person"], row["duplicate_of"], row["error"]) for row in table] == [
        ("record", 1, None, None),
        ("duplicate", None, str(tmp_path / "a.txt"), None),
        ("error", None, None, "empty"),
    ]
    assert json.loads(table[0]["json"])["id"] == str(tmp_path / "a.txt")
    assert table[0]["chars"] == len(MEETING)


# --- engines --------------------------------------------------------------------------------------------


def test_local_pool_and_dask_give_the_same_records_as_in_process(tmp_path):
    need("distributed")
    expected = _write_many(tmp_path / "in", 12)
    reference = batch([tmp_path / "in"], tmp_path / "inprocess")
    local = run_batch([str(tmp_path / "in")], tmp_path / "local", workers=2, engine="local", chunk_size=2)
    dask = run_batch([str(tmp_path / "in")], tmp_path / "dask", workers=2, engine="dask", chunk_size=2)
    assert reference.records == local.records == dask.records == len(expected) - 1
    want = without_timing(lines(tmp_path / "inprocess" / "records.jsonl"))
    assert without_timing(lines(tmp_path / "local" / "records.jsonl")) == want
    assert without_timing(lines(tmp_path / "dask" / "records.jsonl")) == want
    assert len(local.worker_peak_rss_mb) == 2 and dask.engine == "dask"


@pytest.mark.parametrize(
    ("missing", "options", "extra"),
    [
        ("pyarrow", {"parquet": True}, "thaipress[parquet]"),
        ("distributed", {"engine": "dask"}, "thaipress[batch-cluster]"),
    ],
)
def test_a_missing_extra_stops_the_run_before_any_work_and_names_the_extra(
    tmp_path, monkeypatch, missing, options, extra
):
    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    monkeypatch.setitem(sys.modules, missing, None)  # `import missing` now raises ImportError
    with pytest.raises(BatchError, match=re.escape(extra)):
        batch([tmp_path / "a.txt"], tmp_path / "out", **options)
    assert not (tmp_path / "out" / "records.jsonl").exists()
