"""Reviewers teach the name glossary: a person's English corrected on the desk is remembered, exported as
a TSV, and used for that person in every release processed with `--glossary` (`english_source: reviewer`)."""

from __future__ import annotations

import json
import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_review_api import csrf_of
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.english import glossary as gl
from pipeline.record import Entity, Release
from pipeline.review import store as st
from pipeline.review.app import create_app
from pipeline.review.glossary import glossary_rows, remember_name

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FIRST = "นายสมชาย ใจดี ผู้อำนวยการกองคลัง และนายวิชัย ทองแท้ ร่วมประชุมที่จังหวัดเชียงใหม่"
LATER = "วันนี้ นายสมชาย ใจดี ผู้อำนวยการกองคลัง เป็นประธานเปิดงานที่จังหวัดลำปาง"


def release(text: str) -> Release:
    entities = []
    for name, english in (("นายสมชาย ใจดี", "Mr Somchai Chaidi"), ("นายวิชัย ทองแท้", "Mr Wichai Thongthae")):
        start = text.index(name)
        entities.append(
            Entity(
                label="PERSON",
                start=start,
                end=start + len(name),
                text=name,
                english=english,
                english_source="transliteration",
                source="rule",
            )
        )
    return Release(id="first", text=text, entities=entities, text_repaired=text)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.delenv(gl.ENV, raising=False)  # --glossary sets it for the workers; restored after the test
    db = tmp_path / "review.sqlite"
    app = create_app(f"sqlite:///{db}")
    st.import_record(app.state.store, release(FIRST))
    client = TestClient(app, follow_redirects=False)
    client.post("/login", data={"csrf_token": csrf_of(client.get("/login").text), "name": "nida", "next": "/"})
    return client, app.state.store, db


def correct(client, position: int, english: str):
    return client.post(
        "/entities",
        headers={"accept": "application/json"},
        data={
            "csrf_token": csrf_of(client.get("/login").text),
            "release_id": "first",
            "position": str(position),
            "expected_version": "1",
            "label": "PERSON",
            "english": english,
            "action": "edit",
        },
    )


def test_a_corrected_name_is_remembered_and_used_for_the_next_release(desk, tmp_path):
    client, _store, db = desk
    response = correct(client, 0, "Mr Somchai Jaidee")
    assert response.status_code == 200
    person = response.json()["record"]["entities"][0]
    assert (person["english"], person["english_source"]) == ("Mr Somchai Jaidee", "reviewer")

    exported = tmp_path / "names.tsv"
    result = CliRunner().invoke(cli, ["review", "glossary", "export", "--db", str(db), "--out", str(exported)])
    assert result.exit_code == 0, result.stderr
    rows = exported.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t")[:2] == ["thai", "english"]
    assert rows[1].split("\t")[:4] == ["นายสมชาย ใจดี", "Mr Somchai Jaidee", "nida", "first"]

    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["process", str(later), "--glossary", str(exported)])
    assert result.exit_code == 0, result.stderr
    record = Release.model_validate_json(result.stdout)
    somchai = next(e for e in record.entities if e.text.endswith("สมชาย ใจดี"))
    assert (somchai.english, somchai.english_source, somchai.english_evidence) == (
        "Mr Somchai Jaidee",
        "reviewer",
        ["first"],
    )
    participant = next(p for p in record.event.participants if p.name.text.endswith("สมชาย ใจดี"))
    assert participant.name.english == "Mr Somchai Jaidee"
    assert "Mr Somchai Jaidee" in record.summary_en and "Mr Somchai Jaidee (romanised)" not in record.summary_en


def test_the_desk_serves_the_glossary_and_a_later_correction_replaces_the_earlier(desk):
    client, store, _db = desk
    assert correct(client, 1, "Mr Wichai Thongtae").status_code == 200
    remember_name(store, "ดร.วิชัย ทองแท้", "Dr Wichai Thongtaeh", "kanda")  # the same person, another title
    rows = glossary_rows(store)
    assert [(r["thai"], r["english"], r["reviewer"]) for r in rows] == [
        ("ดร.วิชัย ทองแท้", "Dr Wichai Thongtaeh", "kanda")
    ]
    served = client.get("/glossary/names.tsv")
    assert served.status_code == 200 and "Dr Wichai Thongtaeh" in served.text


def test_a_correction_that_keeps_the_english_teaches_nothing(desk):
    client, store, _db = desk
    assert correct(client, 0, "Mr Somchai Chaidi").status_code == 200  # the same English: nothing to learn
    assert glossary_rows(store) == []


def test_a_bad_glossary_stops_process_with_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv(gl.ENV, raising=False)
    bad = tmp_path / "names.tsv"
    bad.write_text("thai\tenglish\nนายสมชาย ใจดี\n", encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["process", str(later), "--glossary", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"thaipress: {bad}:2: expected 2 tab-separated columns (thai, english), found 1"
    ]


def test_batch_reads_the_glossary_before_any_release(tmp_path, monkeypatch):
    monkeypatch.delenv(gl.ENV, raising=False)
    bad = tmp_path / "names.tsv"
    bad.write_text("thai\tenglish\nนายสมชาย ใจดี\tสมชาย\n", encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(later), "--out", str(tmp_path / "out"), "--glossary", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"thaipress: {bad}:2: 'english' must be a name in Latin letters: 'สมชาย'"
    ]
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_batch_workers_use_the_glossary(tmp_path, monkeypatch):
    monkeypatch.delenv(gl.ENV, raising=False)
    names = tmp_path / "names.tsv"
    names.write_text("thai\tenglish\nนายสมชาย ใจดี\tMr Somchai Jaidee\n", encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(later), "--out", str(out), "--workers", "1", "--glossary", str(names)]
    )
    assert result.exit_code == 0, result.stderr
    line = json.loads((out / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
    somchai = next(e for e in line["entities"] if e["text"].endswith("สมชาย ใจดี"))
    assert (somchai["english"], somchai["english_source"]) == ("Mr Somchai Jaidee", "reviewer")
