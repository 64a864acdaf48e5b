"""The English twin through the command line: process --english, the JSONL "english" field, batch --pairs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.batch.run import run_batch
from pipeline.cli import app

runner = CliRunner()

THAI = (
    "กระทรวงพาณิชย์รายงานว่า เมื่อวันที่ ส.ค. 2562 มูลค่าการส่งออกอยู่ที่ 1,234.5 ล้านดอลลาร์สหรัฐ เพิ่มขึ้นร้อยละ "
    "เมื่อเทียบกับปีก่อน โดยมีผู้ประกอบการเข้าร่วมทั้งหมด คน จาก 15 จังหวัด"
)
ENGLISH = (
    "The Ministry of Commerce reported that on August 2, 2019 export value stood at USD 1,234.5 million, up "
    "5.2% from last year, with 320 entrepreneurs from 15 provinces taking part."
)


def test_process_takes_the_english_twin_of_a_file(tmp_path: Path):
    (tmp_path / "th.txt").write_text(THAI, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(app, ["process", str(tmp_path / "th.txt"), "--english", str(tmp_path / "en.txt")])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["english"] == ENGLISH
    assert [r["replacement"] for r in record["repairs"]] == ["2 ", "5.2 ", "320 "]


def test_an_english_twin_that_is_not_english_is_named_and_exit_1(tmp_path: Path):
    (tmp_path / "th.txt").write_text(THAI, encoding="utf-8")
    (tmp_path / "en.txt").write_text(THAI, encoding="utf-8")
    result = runner.invoke(app, ["process", str(tmp_path / "th.txt"), "--english", str(tmp_path / "en.txt")])
    assert result.exit_code == 1
    assert "(English twin)" in result.stderr and "not English" in result.stderr


def test_jsonl_lines_carry_their_own_english(tmp_path: Path):
    lines = [
        json.dumps({"id": "a", "text": THAI, "english": ENGLISH}, ensure_ascii=False),
        json.dumps({"id": "b", "text": THAI}, ensure_ascii=False),
        json.dumps({"id": "c", "text": THAI, "english": 5}, ensure_ascii=False),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["process", str(tmp_path / "in.jsonl"), "--input-format", "jsonl", "--format", "jsonl"])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and "(id c) (English twin): the English twin must be text" in result.stderr
    assert out[0]["id"] == "a" and out[0]["english"] == ENGLISH and out[0]["repairs"][-1]["replacement"] == "320 "
    assert out[1]["id"] == "b" and out[1]["english"] is None and out[1]["repairs"][-1]["replacement"] is None
    assert out[2]["id"] == "c" and "error" in out[2]


def test_batch_takes_twins_from_a_pairs_file_and_the_archive(tmp_path: Path):
    from pipeline.twin.pairs import twins_from_pairs

    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [{"id": "th-1", "text": THAI}, {"id": "th-2", "text": THAI, "english": ""}]
        ),
        encoding="utf-8",
    )
    archive = tmp_path / "archive.jsonl"
    archive.write_text(json.dumps({"id": "en-1", "text": ENGLISH}) + "\n", encoding="utf-8")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"en_id": "en-1", "th_id": "th-1"}) + "\n" + json.dumps({"en_id": "en-9", "th_id": None}) + "\n"
    )
    twins = twins_from_pairs(pairs, archive)
    assert twins == {"th-1": ENGLISH}
    summary = run_batch([str(inputs)], tmp_path / "out", engine="inprocess", twins=twins)
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert summary.records == 1 and records[0]["english"] == ENGLISH
    assert "english" not in records[0]["input"]
    assert errors[0]["id"] == "th-2" and errors[0]["kind"] == "bad_english_twin"
