"""Who acts and who reports; what a figure measures; the summary opens with the actor and the action."""

from __future__ import annotations

from pipeline.release import process

CABINET = (
    "ครม. อนุมัติงบประมาณ\n"
    "นายอนุชา นาคาศัย รัฐมนตรีประจำสำนักนายกรัฐมนตรี เปิดเผยว่า วันนี้ (2 ส.ค. 2562) คณะรัฐมนตรีอนุมัติโครงการ"
    "ของกระทรวงพาณิชย์ วงเงิน 1,234.5 ล้านบาท"
)


def test_the_cabinet_acts_and_the_spokespersons_office_reports():
    event = process(CABINET).event
    assert [o.canonical for o in event.organizers] == ["th-gov:cabinet"]
    assert event.action is not None and (event.action.text, event.action.english) == ("อนุมัติ", "approved")
    assert event.reported_by is not None and event.reported_by.canonical == "th-gov:opm"


def test_the_summary_opens_with_the_actor_and_the_action():
    record = process(CABINET)
    body = record.summary_en.split("\n\n", 1)[1]
    assert body.startswith("Cabinet approved")
    assert "as reported by Office of the Prime Minister" in body


def test_a_release_that_holds_an_event_keeps_its_host():
    text = "กรมการค้าภายใน จัด “งานสัมมนาการค้า” ณ จังหวัดเชียงใหม่ นายสมชาย ใจดี อธิบดี กล่าวว่า งานนี้มีประโยชน์"
    event = process(text).event
    assert [o.text for o in event.organizers] == ["กรมการค้าภายใน"] and event.action is None


def test_a_figure_says_what_it_measures_from_the_phrase_table_and_its_change():
    text = "กระทรวงพาณิชย์เปิดเผยว่า เงินลงทุน 1,234.5 ล้านบาท เพิ่มขึ้นร้อยละ 5.2 และมีผู้เข้าร่วม 320 คน"
    record = process(text)
    money = record.event.figures[0]
    assert (money.measure, money.measure_thai, money.measure_source) == ("investment", "เงินลงทุน", "phrase_table")
    assert money.change == "+5.2%"
    assert [f.text for f in record.event.figures] == ["1,234.5 ล้านบาท", "320 คน"]  # the change is not repeated
    assert "investment: " in record.summary_en and "(+5.2%)" in record.summary_en
    assert not [w for w in record.warnings if w.startswith("summary")]


def test_a_release_about_figures_states_more_than_four_key_ones_first():
    parts = [f"จังหวัดที่ {i} มีผู้ป่วย {100 + i} ราย" for i in range(1, 8)]
    text = "กระทรวงสาธารณสุขรายงานว่า " + " ".join(parts) + " เงินลงทุน 50 ล้านบาท"
    record = process(text)
    stated = record.summary_en.split("Figures given: ", 1)[1]
    assert stated.startswith("investment: 50 million baht")
    assert stated.count(";") >= 4
