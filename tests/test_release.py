"""Assembling the record: dates that proposed repairs would restore, mapped back to the original text."""

from pipeline.record import Repair
from pipeline.release import _repaired_edits, _to_original, process, restored_dates


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
    edits = _repaired_edits([repair(2, 2, "1 "), repair(4, 5, "สาม")])
    repaired = "ก 1 ข สาม"
    assert edits == [(2, 2, 2, 4), (4, 5, 6, 9)]
    assert _to_original(0, edits, side="start") == 0
    assert _to_original(4, edits, side="start") == 2  # "ข" moved right by the insertion
    assert repaired[4] == "ข" and text[2] == "ข"
    assert _to_original(7, edits, side="start") == 4  # inside the replacement: its original start
    assert _to_original(7, edits, side="end") == 5
    assert _to_original(9, edits, side="end") == 5
