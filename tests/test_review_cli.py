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


def test_serve_refuses_a_public_address_without_a_token_or_accounts(tmp_path):
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "without reviewer accounts" in result.stderr and "--token" in result.stderr


def test_user_add_makes_an_account_with_a_hashed_password(tmp_path):
    from pipeline.review.accounts import list_users, verify_login

    db = str(tmp_path / "r.sqlite")
    result = runner.invoke(
        app, ["review", "user", "add", "Malee", "--password-stdin", "--db", db], input="correct horse battery\n"
    )
    assert result.exit_code == 0, result.output
    store = open_store(db)
    assert list_users(store) == ["Malee"]
    assert verify_login(store, "malee", "correct horse battery") == "Malee"
    assert verify_login(store, "malee", "wrong password!") is None
    with store.engine.connect() as connection:
        from sqlalchemy import text

        stored = connection.execute(text("select password_hash from users")).scalar()
    assert stored.startswith("$argon2") and "correct horse" not in stored
    again = runner.invoke(
        app, ["review", "user", "add", "MALEE", "--password-stdin", "--db", db], input="another one!!\n"
    )
    assert again.exit_code == 1 and "already an account" in again.stderr
    short = runner.invoke(app, ["review", "user", "add", "somchai", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr
