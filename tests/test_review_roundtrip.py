"""The review desk's round trips: `thaipress batch` output comes in as it is, and a store exported and imported
into an empty store comes back exactly (records, items, decisions, reviewers, times, record versions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from sqlalchemy import select

from pipeline.record import Entity, Release, Repair
from pipeline.review import store as st
from pipeline.review.export import export_approved

SEED = Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt"
TEXT = "นายสมชาย ใจดี จัดกิจกรรมทั้งหมด รอบ ที่จังหวัดเชียงใหม่ และนายสมชาย ใจดี กล่าวเปิดงาน"


def meeting(release_id: str = "meeting") -> Release:
    count = TEXT.index("รอบ")
    second = TEXT.index("นายสมชาย", 5)
    return Release(
        id=release_id,
        text=TEXT,
        entities=[
            Entity(label="PERSON", start=0, end=13, text=TEXT[:13], english="Mr Somchai Chaidi", source="rule"),
            Entity(
                label="PERSON",
                start=second,
                end=second + 13,
                text=TEXT[second : second + 13],
                english="Mr Somchai Chaidi",
                source="rule",
            ),
        ],
        repairs=[
            Repair(
                start=count,
                end=count,
                template="count.classifier",
                replacement="4 ",
                confidence=0.8,
                evidence="four places are listed",
            )
        ],
        text_repaired=TEXT,
        summary_en="Mr Somchai Chaidi held events.",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path):
    """Opens stores by name: SQLite files, or databases of the throwaway PostgreSQL server."""
    made, urls = [], {}

    def open_one(name: str) -> st.ReviewStore:
        if name not in urls:
            urls[name] = (
                f"sqlite:///{tmp_path / name}"
                if request.param == "sqlite"
                else request.getfixturevalue("postgres").database()
            )
        store = st.open_store(urls[name])
        made.append(store)
        return store

    yield open_one
    for store in made:
        store.dispose()


def without_row_ids(document: dict) -> dict:
    """An export entry without the ids a store gives its rows (the only thing allowed to differ)."""
    review = dict(document.get("review") or {})
    if "review" not in document:  # a duplicate's link line
        return document
    review["items"] = [{k: v for k, v in item.items() if k != "id"} for item in review["items"]]
    review["decisions"] = [{k: v for k, v in d.items() if k not in ("id", "item_id")} for d in review["decisions"]]
    return {**document, "review": review}


def versions(store: st.ReviewStore, release_id: str) -> list[tuple]:
    with store.session() as session:
        rows = session.scalars(
            select(st.RecordVersion).where(st.RecordVersion.release_id == release_id).order_by(st.RecordVersion.version)
        ).all()
        return [(r.version, r.record, r.reason, st.precise_time(r.created_at), r.created_by) for r in rows]


def export_all(store: st.ReviewStore, path: Path) -> list[dict]:
    export_approved(store, "jsonl", path, release_ids=st.all_release_ids(store), links=True)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_then_import_into_an_empty_store_reproduces_everything(stores, tmp_path):
    first = stores("first.sqlite")
    st.import_record(first, meeting())
    st.import_record(first, meeting("untouched"))
    items = {(i.kind, i.position): i for i in st.release_items(first, "meeting")}
    st.decide(first, items[("repair", 0)].id, "edit", "somchai", "5 ", expected_version=1)
    st.decide(first, items[("summary", 0)].id, "reject", "malee", expected_version=1)
    st.undo_last(first, "meeting", "malee")
    st.decide(first, items[("summary", 0)].id, "edit", "malee", "Mr Somchai held five events.", expected_version=3)
    st.correct_entity(first, "meeting", [0, 1], "malee", english="Somchai Jaidee")
    st.add_entity(first, "meeting", TEXT.index("จังหวัด"), TEXT.index("จังหวัด") + 16, "LOCATION", "somchai")

    exported = export_all(first, tmp_path / "first.jsonl")
    second = stores("second.sqlite")
    result = st.import_records(second, tmp_path / "first.jsonl")
    assert result.restored == ["meeting", "untouched"] and result.problems == []
    again = export_all(second, tmp_path / "second.jsonl")

    assert [without_row_ids(d) for d in again] == [without_row_ids(d) for d in exported]
    assert versions(second, "meeting") == versions(first, "meeting")
    record = st.current_record(second, "meeting")
    assert "ทั้งหมด 5 รอบ" in record.text_repaired  # an edited repair comes back as its value, not "None"
    assert {e.english for e in record.entities if e.label == "PERSON"} == {"Somchai Jaidee"}
    assert any(e.source == "reviewer" and e.text == "จังหวัดเชียงใหม่" for e in record.entities)
    reviewers = [(d["action"], d["reviewer"]) for d in again[0]["review"]["decisions"]]
    assert reviewers[:4] == [("edit", "somchai"), ("reject", "malee"), ("undo", "malee"), ("edit", "malee")]
    # The restored store carries on: a decision there names the version the exported store had reached.
    summary = next(i for i in st.release_items(second, "meeting") if i.kind == "summary")
    assert summary.version == 4 and summary.updated_by == "malee"
    st.decide(second, summary.id, "accept", "somchai", expected_version=4)


def test_an_import_cannot_pre_approve_anything(stores, tmp_path):
    store = stores("review.sqlite")
    approved = meeting("claims-approval")
    approved.repairs[0].status = "accepted"
    fake_export = {
        "record": json.loads(approved.model_dump_json()),
        "review": {
            "base": json.loads(approved.model_dump_json()),
            "items": [
                {"kind": "repair", "position": 0, "status": "accepted", "version": 2},
                {
                    "kind": "summary",
                    "position": 0,
                    "status": "edited",
                    "value": "Approved.",
                    "updated_by": "ghost",
                    "version": 2,
                },
            ],
            "decisions": [{"kind": "repair", "position": 0, "action": "accept", "after": {"status": "accepted"}}],
        },
    }
    plain = meeting("plain")
    plain.repairs[0].status = "accepted"
    path = tmp_path / "claims.jsonl"
    path.write_text(
        json.dumps(fake_export, ensure_ascii=False) + "\n" + plain.model_dump_json() + "\n", encoding="utf-8"
    )
    result = st.import_records(store, path)
    assert result.restored == ["claims-approval"] and result.imported == ["plain"]
    assert any("review.items.0: status: 'accepted' without updated_by and updated_at" in p for p in result.problems)
    assert any("review.items.1: status" in p for p in result.problems)  # a reviewer but no time
    assert any("review.decisions.0: reviewer, decided_at" in p for p in result.problems)
    for release_id in ("claims-approval", "plain"):
        assert {i.status for i in st.release_items(store, release_id)} == {"needs_review"}
        assert st.current_record(store, release_id).repairs[0].status == "needs_review"
        assert not st.is_approved(store, release_id)


def test_batch_output_imports_as_it_is(stores, tmp_path):
    from pipeline.batch import run_batch

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-apec.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "b-copy.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # a duplicate
    (inputs / "c-meeting.txt").write_text(TEXT, encoding="utf-8")
    (inputs / "d-empty.txt").write_text("   ", encoding="utf-8")
    run_batch([str(inputs)], tmp_path / "out", engine="inprocess")
    records = tmp_path / "out" / "records.jsonl"
    lines = records.read_text(encoding="utf-8").splitlines()
    assert "timing" in json.loads(lines[0]) and "duplicate_of" in json.loads(lines[1])
    combined = tmp_path / "combined.jsonl"  # records, then the error lines, then a broken line
    combined.write_text(
        "\n".join(lines)
        + "\n"
        + (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8")
        + '{"id": "broken", "text": 5, "entities": "none"}\n',
        encoding="utf-8",
    )

    store = stores("review.sqlite")
    result = st.import_records(store, combined)
    first, copy, meeting_id = (json.loads(line)["id"] for line in lines)
    assert result.imported == [first, meeting_id]
    assert result.linked == [copy] and st.linked_release(store, copy) == first
    assert len(result.failed) == 1 and "empty input" in result.failed[0]
    assert [p.split(": ", 1)[1] for p in result.problems] == [
        "text: Input should be a valid string",
        "entities: Input should be a valid list",
    ]
    assert all(i.status == "needs_review" for i in st.release_items(store, first))
    assert st.import_records(store, combined).skipped == [first, meeting_id, copy]

    # ... then decide, export, and import elsewhere: the same releases, decisions and versions.
    for item in st.release_items(store, first):
        if item.kind == "repair":
            action = "accept" if item.proposal is not None else "reject"
            st.decide(store, item.id, action, "malee", expected_version=item.version)
    exported = export_all(store, tmp_path / "reviewed.jsonl")
    elsewhere = stores("elsewhere.sqlite")
    moved = st.import_records(elsewhere, tmp_path / "reviewed.jsonl")
    assert moved.restored == [first, meeting_id] and moved.linked == [copy]
    assert [without_row_ids(d) for d in export_all(elsewhere, tmp_path / "again.jsonl")] == [
        without_row_ids(d) for d in exported
    ]
    assert versions(elsewhere, first) == versions(store, first)


def test_the_import_command_reports_problems_and_imports_the_rest(stores, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path = tmp_path / "mixed.jsonl"
    path.write_text(
        meeting("good").model_dump_json()
        + "\nnot json\n"
        + json.dumps({"id": "x", "text": "ข่าว", "colour": "red"})
        + "\n",
        encoding="utf-8",
    )
    store = stores("cli.sqlite")
    db = store.engine.url.render_as_string(hide_password=False)
    outcome = CliRunner().invoke(app, ["review", "import", str(path), "--db", db])
    assert outcome.exit_code == 1
    assert (
        f"{path}:2: not JSON" in outcome.output
        and f"{path}:3: colour: Extra inputs are not permitted" in outcome.output
    )
    assert "imported 1," in outcome.output
    assert [r.id for r in st.list_queue(store, status="all")] == ["good"]
