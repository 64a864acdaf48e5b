"""The `thaipress` command: a thin layer over `pipeline.process`; bad inputs are one line on stderr, exit 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.record import Release

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "apec-local-innovation-forum.th.txt"
MEETING = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562"

# Click >= 8.2 keeps stdout and stderr apart (`mix_stderr` is gone): result.stdout, result.stderr.
runner = CliRunner()


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, list(args), input=input)


# --- process: output formats --------------------------------------------------------------------


def test_json_output_is_one_release_record():
    result = run("process", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = Release.model_validate_json(result.stdout)
    assert record.id == str(SEED) and record.source == str(SEED)
    assert {"tw-gov:smea", "th-gov:osmep"} <= {e.canonical for e in record.entities}
    assert result.stderr == ""


def test_json_is_the_default_format():
    assert run("process", str(SEED)).stdout == run("process", str(SEED), "--format", "json").stdout


def test_jsonl_output_is_one_line_per_input(tmp_path):
    second = tmp_path / "second.txt"
    second.write_text(MEETING, encoding="utf-8")
    result = run("process", str(SEED), str(second), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [Release.model_validate_json(line).id for line in lines] == [str(SEED), str(second)]


def test_markdown_output_is_a_readable_report():
    result = run("process", str(SEED), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"# {SEED}\n")
    for heading in ("## Text", "## Entities", "## Dates"):
        assert heading in out
    assert "| ORGANIZATION | SMEA |" in out
    assert "| วันที่ .. 62 | 2019 |  |  |  |" in out  # the damaged date: year only
    # what only the repaired view has is marked as such: the month the proposal มิ. -> มิ.ย. would restore
    assert "| มิ.ที่ผ่านมา (if the proposed repair is accepted) |  | 6 |  |  |" in out


def test_an_unknown_format_is_a_usage_error():
    result = run("process", str(SEED), "--format", "xml")
    assert result.exit_code == 2


def test_the_release_date_option_resolves_relative_dates(tmp_path):
    path = tmp_path / "today.txt"
    path.write_text("วันนี้ กระทรวงพาณิชย์ประชุมผู้ส่งออก", encoding="utf-8")
    record = Release.model_validate_json(run("process", str(path), "--release-date", "2024-05-01").stdout)
    assert record.release_date == "2024-05-01"
    assert [d.iso for d in record.dates] == ["2024-05-01"]


# --- process: JSONL input -------------------------------------------------------------------------


def test_jsonl_input_keeps_ids_reports_bad_lines_and_goes_on(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"id": "good-1", "text": MEETING, "release_date": "2019-08-01"}, ensure_ascii=False),
                '{"id": "broken-2", "text": "ข่าว',
                json.dumps({"id": "empty-3", "text": ""}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = run("process", str(batch), "--input-format", "jsonl", "--format", "jsonl")
    assert result.exit_code == 1

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["good-1", f"{batch}:2", "empty-3"]
    good = Release.model_validate(lines[0])
    assert good.release_date == "2019-08-01"
    assert [e.text for e in good.entities if e.label == "PERSON"] == ["นายสมชาย ใจดี"]
    assert lines[1]["error"].startswith("invalid JSON line")
    assert lines[2] == {"id": "empty-3", "error": "empty input"}

    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"thaipress: {batch}:2: invalid JSON line")
    assert errors[1] == f"thaipress: {batch}:3 (id empty-3): empty input"


def test_a_jsonl_line_without_an_id_is_named_by_file_and_line(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n" + json.dumps({"text": MEETING}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("process", str(batch), "--input-format", "jsonl", "--format", "jsonl")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == f"{batch}:2"


def test_a_jsonl_line_holding_a_line_separator_is_one_release(tmp_path):
    # JSON allows U+2028 (LINE SEPARATOR) unescaped in a string; it does not end the JSONL line
    text = f"{MEETING}\u2028นางสาวสมหญิง รักดี เดินทางไปจังหวัดลำปาง"
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "ls-1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert "\u2028" in batch.read_text(encoding="utf-8")
    for args, stdin in (([str(batch)], None), (["-"], batch.read_bytes())):
        result = run("process", *args, "--input-format", "jsonl", "--format", "jsonl", input=stdin)
        assert result.exit_code == 0, result.stderr
        [line] = [json.loads(line) for line in result.stdout.split("\n") if line.strip()]
        record = Release.model_validate(line)
        assert record.id == "ls-1"
        assert {e.text for e in record.entities if e.label == "LOCATION"} >= {"จังหวัดเชียงใหม่", "จังหวัดลำปาง"}


# --- process: stdin and missing files ----------------------------------------------------------


def test_a_dash_reads_standard_input():
    result = run("process", "-", "--format", "jsonl", input=MEETING.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    record = Release.model_validate_json(result.stdout)
    assert record.text == MEETING
    assert record.entities[0].text == "นายสมชาย ใจดี"


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_a_bad_standard_input_is_named_stdin(format):
    result = run("process", "-", "--format", format, input=b"The ministry announced a policy.")
    assert result.exit_code == 1
    assert result.stderr == "thaipress: <stdin>: no Thai text\n"
    if format == "jsonl":
        assert json.loads(result.stdout) == {"id": "<stdin>", "error": "no Thai text"}


def test_a_missing_file_is_one_line_naming_it_without_a_traceback(tmp_path):
    missing = tmp_path / "no-such-release.txt"
    result = run("process", str(missing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"thaipress: {missing}: ")
    assert "Traceback" not in result.stderr
    assert isinstance(result.exception, SystemExit)


def test_a_bad_file_does_not_stop_the_good_ones(tmp_path):
    missing = tmp_path / "no-such-release.txt"
    result = run("process", str(missing), str(SEED), "--format", "jsonl")
    assert result.exit_code == 1
    error_line, record_line = result.stdout.splitlines()
    assert json.loads(error_line) == {"id": str(missing), "error": "no such file"}  # as ingest.read_path says
    assert Release.model_validate_json(record_line).id == str(SEED)
    assert str(missing) in result.stderr


def test_a_binary_file_is_reported_by_name(tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run("process", str(image))
    assert result.exit_code == 1
    assert result.stderr == f"thaipress: {image}: binary data (looks like PNG)\n"


# --- schema -------------------------------------------------------------------------------------


def test_schema_prints_the_records_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == Release.model_json_schema()
    assert schema["type"] == "object"
    assert {"id", "text", "entities", "dates", "repairs"} <= set(schema["properties"])
    assert schema["properties"]["entities"]["type"] == "array"


def test_every_reference_in_the_schema_resolves():
    schema = json.loads(run("schema").stdout)

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = set(refs(schema))
    assert "#/$defs/Entity" in found
    for ref in found:
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in schema["$defs"], ref
    entity = schema["$defs"]["Entity"]
    assert {"label", "start", "end", "text", "canonical", "english", "english_source"} <= set(entity["properties"])


# --- the installed console script ----------------------------------------------------------------


def test_the_console_script_reads_stdin():
    script = Path(sys.executable).parent / "thaipress"
    if not script.exists():
        script = ROOT / ".venv" / "bin" / "thaipress"
    completed = subprocess.run(
        [str(script), "process", "-", "--format", "jsonl"],
        input=MEETING.encode("utf-8"),
        capture_output=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    record = Release.model_validate_json(completed.stdout)
    assert record.text == MEETING
    assert [(e.label, e.text) for e in record.entities][:2] == [
        ("PERSON", "นายสมชาย ใจดี"),
        ("LOCATION", "จังหวัดเชียงใหม่"),
    ]


def test_the_size_limit_is_configurable_and_an_oversize_file_is_named(tmp_path):
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("นายสมชาย ใจดี", encoding="utf-8")
    large.write_text("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ " * 5, encoding="utf-8")
    result = run("process", str(small), str(large), "--max-bytes", "100", "--format", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(small), str(large)]
    assert (
        result.stderr.strip()
        == f"thaipress: {large}: input is {large.stat().st_size} bytes, over the limit of 100 bytes"
    )


def _command_paths(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if getattr(command, "commands", None):  # a group (typer may bring its own click)
            yield from _command_paths(command, (*prefix, name))


def test_every_command_prints_its_help():
    # Help text is rich markup: a "[LABEL]" in it once made `thaipress eval ner --help` crash.
    import typer.main

    paths = list(_command_paths(typer.main.get_command(app)))
    assert ("eval", "ner") in paths and ("batch",) in paths
    failures = {}
    for path in paths:
        result = run(*path, "--help")
        if result.exit_code != 0 or "Usage" not in result.stdout:
            failures[" ".join(path)] = repr(result.exception)
    assert failures == {}
