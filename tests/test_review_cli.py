"""`thaipress review import|export` and `thaipress serve`, as the lead registers them in `pipeline/cli.py`."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sqlalchemy")

import typer
from test_review_store import meeting
from typer.testing import CliRunner

from pipeline.review.cli import review_app, serve
from pipeline.review.store import decide, open_store, release_items

app = typer.Typer()
app.add_typer(review_app, name="review")
app.command()(serve)
runner = CliRunner()


def test_import_then_export_approved(tmp_path):
    records, db = tmp_path / "records.jsonl", str(tmp_path / "review.sqlite")
    records.write_text(meeting("a").model_dump_json() + "\n" + meeting("b").model_dump_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["review", "import", str(records), "--db", db])
    assert result.exit_code == 0 and "imported 2" in result.stdout
    store = open_store(db)
    for item in release_items(store, "a"):
        decide(store, item.id, "reject", "somchai", expected_version=item.version)
    out = tmp_path / "approved.jsonl"
    result = runner.invoke(app, ["review", "export", "--format", "jsonl", "--out", str(out), "--db", db])
    assert result.exit_code == 0
    [entry] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert entry["record"]["id"] == "a" and entry["review"]["decisions"][0]["reviewer"] == "somchai"


def test_a_missing_file_is_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["review", "import", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 1 and result.stderr.strip().endswith("nope.jsonl: no such file")


def test_serve_refuses_a_public_address_without_a_token():
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "without --token" in result.stderr
