"""The repaired view (pipeline.numerals.restore): one function computes the dates and entities that repairs
imply, for the pipeline (every proposal) and for the review desk (the accepted repairs, after every decision)."""

from __future__ import annotations

import pytest

from pipeline.numerals.restore import restore
from pipeline.release import find_entities, process

# "วันที่ ส.ค. 2562" lost its day; the release says what today is, and it is the release date
DAY_LOST = "วันนี้ (2 ส.ค. 2562) กระทรวงพาณิชย์แถลงผลการประชุม ซึ่งจัดขึ้นเมื่อวันที่ ส.ค. 2562 ณ กรุงเทพมหานคร"


def day_lost_record():
    record = process(DAY_LOST, release_date="2019-08-02", source_id="day-lost")
    [day] = record.repairs
    assert (day.template, day.replacement) == ("date.day_lost", "2 ")
    restored = [(d.text, d.iso) for d in record.dates if d.from_repair]
    assert restored == [("ส.ค. 2562", "2019-08-02")]  # only the restored day makes it a full date
    return record


def test_the_pipeline_record_is_its_own_repaired_view():
    record = day_lost_record()
    assert restore(record, record.repairs, find_entities=find_entities) == record


def test_without_the_repair_the_date_it_implied_is_gone_and_the_others_stay():
    record = day_lost_record()
    bare = restore(record, [], find_entities=find_entities)
    assert bare.text_repaired == record.text
    assert not any(d.from_repair for d in bare.dates) and not any(e.from_repair for e in bare.entities)
    assert list(bare.dates) == [d for d in record.dates if not d.from_repair]


def test_an_entity_kept_by_a_reviewer_stays_while_its_repair_still_implies_it():
    text = "สำนักงานพัฒนาชุมชนท้องถิ่น (สพท.) จัดการประชุมประจำปี โดยมีนายสมชาย ใจดี ผู้อำนวยการ สพท ร่วมงานในครั้งนี้ด้วย"
    record = process(text)
    [restored] = [e for e in record.entities if e.from_repair]
    corrected = restored.model_copy(update={"english": "Local Community Development Office"})
    edited = record.model_copy(update={"entities": [e if e is not restored else corrected for e in record.entities]})
    again = restore(edited, record.repairs, find_entities=find_entities)
    assert [e for e in again.entities if e.from_repair] == [corrected]
    assert not any(e.from_repair for e in restore(edited, [], find_entities=find_entities).entities)


# --- the review desk -------------------------------------------------------------------------------------

pytest.importorskip("sqlalchemy")


@pytest.fixture
def desk(tmp_path):
    from pipeline.review.store import import_record, open_store

    store = open_store(f"sqlite:///{tmp_path / 'review.sqlite'}")
    import_record(store, day_lost_record())
    yield store
    store.dispose()


def _day_item(store):
    from pipeline.review.store import release_items

    [item] = [i for i in release_items(store, "day-lost") if i.kind == "repair"]
    return item


def test_on_the_desk_rejecting_a_restored_day_leaves_no_date_only_that_repair_implied(desk):
    from pipeline.review.store import current_record, decide

    item = _day_item(desk)
    decide(desk, item.id, "reject", "somchai", expected_version=item.version)
    record = current_record(desk, "day-lost")
    assert [r.status for r in record.repairs] == ["rejected"]
    assert not any(d.from_repair for d in record.dates)
    assert "2019-08-02" not in [d.iso for d in record.dates if d.text == "ส.ค. 2562"]
    assert record.text_repaired == record.text


def test_on_the_desk_accepting_the_day_restores_its_date_and_an_edit_restores_the_edited_one(desk):
    from pipeline.review.store import current_record, decide

    item = _day_item(desk)
    decide(desk, item.id, "accept", "somchai", expected_version=item.version)
    assert [(d.text, d.iso) for d in current_record(desk, "day-lost").dates if d.from_repair] == [
        ("ส.ค. 2562", "2019-08-02")
    ]
    item = _day_item(desk)
    decide(desk, item.id, "edit", "somchai", "3 ", expected_version=item.version)
    record = current_record(desk, "day-lost")
    assert [(d.text, d.iso) for d in record.dates if d.from_repair] == [("ส.ค. 2562", "2019-08-03")]
    assert "วันที่ 3 ส.ค. 2562" in record.text_repaired
