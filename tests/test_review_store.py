"""The review store: import records, decide on review items, re-render the record from decided values, and
export approved releases with every decision (who, when, what). Stale decisions raise, never overwrite."""

from __future__ import annotations

import io
import json

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")

from sqlalchemy import inspect, text

from pipeline.errors import InputError
from pipeline.record import Entity, Release, Repair
from pipeline.review import store as st
from pipeline.review.export import export_approved, export_release
from pipeline.review.store import (
    ConflictError,
    DecisionError,
    correct_entity,
    current_record,
    decide,
    import_record,
    import_records,
    open_store,
    release_items,
)

# "ทั้งหมด รอบ" lost its count; "ครั้งที่ ในปีนี้" lost its ordinal; "เดือนมิ." was cut short.
TEXT = "นายสมชาย ใจดี จัดกิจกรรมทั้งหมด รอบ ครั้งที่ ในปีนี้ เมื่อเดือนมิ. ที่ผ่านมา"


def meeting(release_id: str = "meeting", summary: str = "Mr Somchai Chaidi held events.") -> Release:
    count = TEXT.index("รอบ")
    ordinal = TEXT.index("ในปีนี้")
    month = TEXT.index("มิ.")
    return Release(
        id=release_id,
        text=TEXT,
        entities=[Entity(label="PERSON", start=0, end=13, text=TEXT[0:13], english="Mr Somchai Chaidi", source="rule")],
        repairs=[
            Repair(
                start=count,
                end=count,
                template="count.classifier",
                replacement="4 ",
                confidence=0.8,
                evidence="four places are listed",
            ),
            Repair(start=ordinal, end=ordinal, template="ordinal.marker", replacement=None, evidence="no basis"),
            Repair(
                start=month,
                end=month + 3,
                template="date.month_truncated",
                replacement="มิ.ย.",
                confidence=0.9,
                evidence="only มิ.ย. starts with มิ.",
            ),
        ],
        text_repaired=TEXT,
        summary_en=summary,
    )


@pytest.fixture
def store(store_url):
    store = open_store(store_url)  # every test here runs on SQLite and on PostgreSQL
    yield store
    store.dispose()


@pytest.fixture
def imported(store):
    assert import_record(store, meeting())
    return {(i.kind, i.position): i for i in release_items(store, "meeting")}


# --- schema -------------------------------------------------------------------------------------------


def test_opening_a_store_creates_the_schema_at_the_newest_revision(tmp_path):
    store = open_store(tmp_path / "fresh.sqlite")  # a path is taken as a SQLite file
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "releases",
        "record_versions",
        "review_items",
        "decisions",
        "audit_log",
        "alembic_version",
        "users",
        "jobs",
        "release_links",
        "reviewer_names",
    } <= tables
    from alembic.script import ScriptDirectory

    from pipeline.review.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar() == head
    store.dispose()
    open_store(tmp_path / "fresh.sqlite").dispose()  # upgrading an up-to-date store changes nothing


def test_the_initial_revision_matches_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import pipeline.review.glossary  # noqa: F401  (its table is part of the schema)

    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), st.Base.metadata) == []


# --- import -------------------------------------------------------------------------------------------


def test_import_makes_an_item_per_repair_and_one_for_the_summary(store, imported):
    assert sorted(imported) == [("repair", 0), ("repair", 1), ("repair", 2), ("summary", 0)]
    assert all(item.status == "needs_review" and item.version == 1 for item in imported.values())
    assert imported[("repair", 0)].proposal == "4 "


def test_import_records_reads_pipeline_jsonl_and_skips_known_ids_and_error_lines(store, tmp_path):
    path = tmp_path / "records.jsonl"
    lines = [
        meeting("a").model_dump_json(),
        json.dumps({"id": "broken.txt", "error": "empty input"}),
        json.dumps({"record": json.loads(meeting("b").model_dump_json()), "review": {}}),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_records(store, path)
    assert result.imported == ["a", "b"]
    assert result.failed == [f"{path}:2: broken.txt: empty input"]
    assert import_records(store, path).skipped == ["a", "b"]


def test_import_records_names_the_file_line_and_field_of_a_bad_record_and_imports_the_rest(store, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(meeting("a").model_dump_json() + '\n{"id": 1}\n', encoding="utf-8")
    result = import_records(store, path)
    assert result.problems == [f"{path}:2: id: Input should be a valid string", f"{path}:2: text: Field required"]
    assert [r.id for r in st.list_queue(store, status="all")] == ["a"]
    with pytest.raises(InputError, match="no such file"):
        import_records(store, tmp_path / "missing.jsonl")


def test_a_store_made_at_the_first_revision_is_upgraded_with_its_repairs_filterable(tmp_path):
    from alembic import command

    from pipeline.review.migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = st.ReviewStore(url)
    config = alembic_config()
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    record = meeting()
    with old.engine.begin() as connection:  # what the first revision's import wrote
        connection.execute(
            text(
                "insert into releases (id, title, text, record_version, created_at, updated_at) "
                "values ('meeting', '', :t, 1, '2024-01-01', '2024-01-01')"
            ),
            {"t": TEXT},
        )
        connection.execute(
            text(
                "insert into record_versions (release_id, version, record, reason, created_at) "
                "values ('meeting', 1, :r, 'import', '2024-01-01')"
            ),
            {"r": record.model_dump_json()},
        )
        connection.execute(
            text(
                "insert into review_items (release_id, kind, position, status, version, updated_at) "
                "values ('meeting', 'repair', 2, 'needs_review', 1, '2024-01-01')"
            )
        )
    old.dispose()
    store = open_store(url)
    [item] = release_items(store, "meeting")
    assert (item.template, item.confidence) == ("date.month_truncated", 0.9)
    page = st.queue_page(store, st.QueueFilter(template="date.month_truncated"))
    assert [r.id for r in page.rows] == ["meeting"]
    store.dispose()


# --- decisions and the re-rendered record -------------------------------------------------------------


def test_only_accepted_and_edited_repairs_reach_text_repaired(store, imported):
    assert current_record(store, "meeting").text_repaired == TEXT  # nothing decided yet
    decide(store, imported[("repair", 0)].id, "accept", "somchai", expected_version=1)
    decide(store, imported[("repair", 1)].id, "edit", "somchai", "2 ", expected_version=1)
    decide(store, imported[("repair", 2)].id, "reject", "somchai", expected_version=1)
    record = current_record(store, "meeting")
    assert record.text_repaired == "นายสมชาย ใจดี จัดกิจกรรมทั้งหมด 4 รอบ ครั้งที่ 2 ในปีนี้ เมื่อเดือนมิ. ที่ผ่านมา"
    assert [r.status for r in record.repairs] == ["accepted", "edited", "rejected"]
    assert record.repairs[1].replacement == "2 "
    assert record.text == TEXT  # offsets still index the original text


def test_a_decision_can_be_changed_by_naming_the_version_it_changes(store, imported):
    item = imported[("repair", 2)]
    first = decide(store, item.id, "reject", "somchai", expected_version=1)
    decide(store, item.id, "accept", "malee", expected_version=first.item_version)
    assert "มิ.ย." in current_record(store, "meeting").text_repaired


def test_a_stale_version_raises_conflict_and_keeps_the_first_decision(store, imported):
    item = imported[("repair", 0)]
    decide(store, item.id, "accept", "somchai", expected_version=1)
    with pytest.raises(ConflictError) as caught:
        decide(store, item.id, "reject", "malee", expected_version=1)
    assert "somchai" in str(caught.value) and caught.value.actual == 2
    assert current_record(store, "meeting").repairs[0].status == "accepted"
    assert [d.reviewer for d in st.release_decisions(store, "meeting")] == ["somchai"]


@pytest.mark.parametrize(
    "action, reviewer, value, position, message",
    [
        ("accept", "somchai", None, 1, "no value to accept"),  # the ordinal repair proposes nothing
        ("accept", "  ", None, 0, "reviewer"),
        ("approve", "somchai", None, 0, "unknown action"),
        ("edit", "somchai", None, 0, "needs a value"),
    ],
)
def test_impossible_decisions_are_refused_with_a_reason(store, imported, action, reviewer, value, position, message):
    with pytest.raises(DecisionError, match=message):
        decide(store, imported[("repair", position)].id, action, reviewer, value, expected_version=1)


def test_summary_edits_and_rejections_reach_the_record(store, imported):
    item = imported[("summary", 0)]
    edited = decide(store, item.id, "edit", "malee", "Mr Somchai Chaidi held four events.", expected_version=1)
    assert current_record(store, "meeting").summary_en == "Mr Somchai Chaidi held four events."
    decide(store, item.id, "reject", "malee", expected_version=edited.item_version)
    assert current_record(store, "meeting").summary_en == ""


def test_entity_corrections_relabel_or_remove(store, imported):
    decision = correct_entity(store, "meeting", 0, "malee", label="ORGANIZATION", english="Somchai Co.")
    entity = current_record(store, "meeting").entities[0]
    assert (entity.label, entity.english) == ("ORGANIZATION", "Somchai Co.")
    correct_entity(store, "meeting", 0, "malee", remove=True, expected_version=decision.item_version)
    assert current_record(store, "meeting").entities == []
    with pytest.raises(ConflictError):
        correct_entity(store, "meeting", 0, "somchai", label="PERSON", expected_version=1)


def test_every_decision_saves_a_record_version_and_an_audit_entry(store, imported):
    decide(store, imported[("repair", 0)].id, "accept", "somchai", expected_version=1)
    with store.session() as session:
        versions = session.query(st.RecordVersion).order_by(st.RecordVersion.version).all()
    assert [v.version for v in versions] == [1, 2]
    assert "4 รอบ" in Release.model_validate_json(versions[-1].record).text_repaired
    assert [(a.actor, a.action) for a in st.audit_log(store, "meeting")] == [
        ("import", "import"),
        ("somchai", "decide:accept"),
    ]


# --- queue and export ---------------------------------------------------------------------------------


def approve(store, release_id: str) -> None:
    for item in release_items(store, release_id):
        if item.status == "needs_review":
            action = "reject" if item.kind == "repair" and item.proposal is None else "accept"
            decide(store, item.id, action, "somchai", expected_version=item.version)


def test_the_queue_filters_by_status_and_search(store):
    import_record(store, meeting("open-one"))
    import_record(store, meeting("done-one"))
    approve(store, "done-one")
    assert [r.id for r in st.list_queue(store)] == ["open-one"]
    assert [r.id for r in st.list_queue(store, status="done")] == ["done-one"]
    assert [r.id for r in st.list_queue(store, status="all", search="done")] == ["done-one"]
    assert {r.id for r in st.list_queue(store, status="all", search="สมชาย")} == {"open-one", "done-one"}
    assert st.list_queue(store, status="all", search="100%") == []


def test_export_approved_writes_only_approved_releases_with_their_decisions(store, tmp_path):
    import_record(store, meeting("open-one"))
    import_record(store, meeting("done-one"))
    approve(store, "done-one")
    out = tmp_path / "approved.jsonl"
    assert export_approved(store, "jsonl", out) == 1
    [entry] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert entry["record"]["id"] == "done-one" and entry["review"]["approved"] is True
    assert "4 รอบ" in entry["record"]["text_repaired"]
    decisions = entry["review"]["decisions"]
    assert {d["reviewer"] for d in decisions} == {"somchai"}
    assert all(d["decided_at"].endswith("+00:00") for d in decisions)
    assert Release.model_validate(entry["record"]).id == "done-one"


@pytest.mark.parametrize("fmt", ["json", "jsonld", "markdown"])
def test_every_export_format_names_reviewer_and_time(store, imported, fmt):
    decision = decide(store, imported[("repair", 0)].id, "accept", "somchai", expected_version=1)
    exported = export_release(store, "meeting", fmt)
    assert "somchai" in exported and decision.decided_at in exported
    if fmt == "jsonld":
        graph = json.loads(exported)["@graph"]
        assert graph[0]["@type"] == "NewsArticle" and graph[1]["agent"]["name"] == "somchai"


def test_markdown_export_escapes_html_in_the_release(store):
    record = meeting("html").model_copy(
        update={"text": "<script>alert(1)</script> <b>ตัวหนา</b> " + TEXT, "repairs": [], "entities": []}
    )
    import_record(store, record)
    buffer = io.StringIO()
    export_approved(store, "markdown", buffer, release_ids=["html"])
    assert "<script>" not in buffer.getvalue() and "<b>" not in buffer.getvalue()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;ตัวหนา&lt;/b&gt;" in buffer.getvalue()


def test_unknown_export_format_is_refused(store):
    with pytest.raises(ValueError, match="unknown export format"):
        export_approved(store, "csv", io.StringIO())  # type: ignore[arg-type]
