"""Assembling the record: dates that proposed repairs would restore, mapped back to the original text."""

from pipeline.numerals.restore import repaired_edits, restored_dates, to_original
from pipeline.record import Repair
from pipeline.release import process


def repair(start, end, replacement, template="date.month_truncated"):
    return Repair(start=start, end=end, template=template, replacement=replacement, confidence=0.9)


def test_a_truncated_month_that_a_repair_completes_gives_a_full_date_marked_as_from_repair():
    record = process("การประชุมจัดขึ้นเมื่อวันที่ 5 ส. 2562 ที่กรุงเทพฯ")
    restored = [d for d in record.dates if d.from_repair]
    assert [(d.text, d.iso) for d in restored] == [("5 ส. 2562", "2019-08-05")]
    assert record.text[restored[0].start : restored[0].end] == "5 ส. 2562"
    assert not any(d.iso == "2019-08-05" for d in record.dates if not d.from_repair)


def test_dates_the_repairs_do_not_touch_are_not_repeated():
    text = "วันที่ 1 ส.ค. 2562 และวันที่ 5 ส. 2562"
    repairs = [repair(text.index("ส. 2562", 20), text.index("ส. 2562", 20) + 2, "ส.ค.")]
    repaired = text.replace("5 ส. 2562", "5 ส.ค. 2562")
    assert [d.text for d in restored_dates(text, repairs, repaired, None)] == ["5 ส. 2562"]


def test_offsets_map_back_through_insertions_and_replacements():
    text = "ก ข ค"  # insert "1 " at 2, replace "ค" (4..5) with "สาม"
    edits = repaired_edits([repair(2, 2, "1 "), repair(4, 5, "สาม")])
    repaired = "ก 1 ข สาม"
    assert edits == [(2, 2, 2, 4), (4, 5, 6, 9)]
    assert to_original(0, edits, side="start") == 0
    assert to_original(4, edits, side="start") == 2  # "ข" moved right by the insertion
    assert repaired[4] == "ข" and text[2] == "ข"
    assert to_original(7, edits, side="start") == 4  # inside the replacement: its original start
    assert to_original(7, edits, side="end") == 5
    assert to_original(9, edits, side="end") == 5


def test_an_entity_only_the_repaired_view_has_is_listed_from_repair_at_the_original_span():
    text = "สำนักงานพัฒนาชุมชนท้องถิ่น (สพท.) จัดการประชุมประจำปี โดยมีนายสมชาย ใจดี ผู้อำนวยการ สพท ร่วมงานในครั้งนี้ด้วย"
    record = process(text)
    [dot] = [r for r in record.repairs if r.template == "punctuation.abbreviation_dot"]
    [restored] = [e for e in record.entities if e.from_repair]
    assert (restored.label, restored.text, restored.canonical) == ("ORGANIZATION", "สพท", "local:สพท.")
    assert (restored.start, restored.end) == (dot.start - 3, dot.start)
    assert record.text[restored.start : restored.end] == restored.text
    # not yet a fact: the event record leaves it out
    assert all(o.start != restored.start for o in record.event.organizers)


def test_entities_the_original_already_has_are_not_repeated_and_none_without_a_proposal():
    record = process("กระทรวงพาณิชย์จัดงานแสดงสินค้า เมื่อวันที่ 15 มิ. 2562 ณ กรุงเทพมหานคร")
    assert [r.replacement for r in record.repairs] == ["มิ.ย."]
    assert not any(e.from_repair for e in record.entities)  # "15 มิ. 2562" is a DATE in both views
    assert not any(e.from_repair for e in process("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่").entities)


def test_the_review_desk_marks_an_entity_from_repair_as_pending():
    from pipeline.record import Entity
    from pipeline.review.highlight import highlight

    text = "ผู้อำนวยการ สพท ร่วมงาน"
    pending = Entity(label="ORGANIZATION", start=12, end=15, text="สพท", source="rule", from_repair=True)
    html = str(highlight(text, [pending], []))
    assert 'class="ent ent-ORGANIZATION ent-from-repair"' in html and "if the proposed repair is accepted" in html
    settled = str(highlight(text, [pending.model_copy(update={"from_repair": False})], []))
    assert "ent-from-repair" not in settled


def test_the_entity_stages_rerun_only_on_stretches_around_the_repairs():
    from pipeline.numerals.restore import WINDOW, windows

    words = " ".join(f"คำที่{i:03d}" for i in range(400))  # 9 characters a word, spaces between
    near, far = words.index("คำที่010"), words.index("คำที่300")
    stretches = windows(words, [(near, near), (far, far + 3)])
    assert len(stretches) == 2
    for (a, b), (start, end) in zip(stretches, [(near, near), (far, far + 3)]):
        assert a <= start - WINDOW or a == 0
        assert b >= end + WINDOW
        assert (a == 0 or words[a - 1] == " ") and (b == len(words) or words[b] == " ")
    assert windows(words, [(near, near), (near + 50, near + 50)]) == windows(words, [(near, near + 50)])
