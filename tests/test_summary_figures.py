"""Key figures of the English summary (issue 11, item 4): more than four when a release is about figures, the
key ones first, each traceable to the Thai; what a figure measures from the learned phrase table, marked."""

from __future__ import annotations

import re

from pipeline.english.faithfulness import check, traceable_numbers
from pipeline.release import process

TRADE = (
    "พาณิชย์เผยการค้าไทย-อินเดียโต เงินลงทุน 1,234.5 ล้านบาท\n"
    "นายกีรติ รัชโน อธิบดีกรมการค้าต่างประเทศ เปิดเผยว่า ในช่วงเดือนมกราคม – พฤศจิกายน 2565 "
    "การค้าสองฝ่ายมีมูลค่ากว่า 16.5 พันล้านดอลลาร์สหรัฐ เงินลงทุน 1,234.5 ล้านบาท เพิ่มขึ้นร้อยละ 5.2\n"
    "ทั้งนี้ ภาคอุตสาหกรรมใช้เวลาปรับตัว 14 วัน การส่งออกสินค้าเกษตรขยายตัวร้อยละ 3.2 และ 7.0 "
    "เมื่อเทียบกับช่วงเดียวกันของปีก่อน แต่สินค้าอุตสาหกรรมชะลอลงร้อยละ -3.9 เมื่อเทียบกับเดือนก่อน "
    "ทั้งสองประเทศลงนามความตกลง 8 ฉบับ มีผู้ยื่นคำขอกว่า 6 หมื่นคำขอ และแรงงานได้ประโยชน์กว่า 5 แสนคน\n"
)


def figures_stated(summary: str) -> list[str]:
    return summary.split("Figures given: ", 1)[1].split(".\u0020", 1)[0].rstrip(".").split("; ")


def test_a_release_about_figures_states_them_all_key_ones_first_and_durations_last():
    record = process(TRADE)
    stated = figures_stated(record.summary_en)
    assert len(stated) > 4
    # the headline's and lead paragraph's figures first (the learned phrase marks the investment) ...
    assert stated[:2] == ["16.5 billion US dollars", "investment: 1,234.5 million baht (+5.2%)"]
    # ... then money, percentages and counts of the rest, each percentage of "ร้อยละ 3.2 และ 7.0" apart ...
    assert stated[2:5] == ["3.2%", "7.0%", "-3.9%"]
    assert {"8 documents", "60,000 applications", "500,000 people"} <= set(stated)
    # ... and the duration last
    assert stated[-1] == "14 days"


def test_a_figure_from_the_phrase_table_is_marked_in_the_record():
    record = process(TRADE)
    money = next(f for f in record.event.figures if f.text == "1,234.5 ล้านบาท")
    assert (money.measure, money.measure_thai, money.measure_source) == ("investment", "เงินลงทุน", "phrase_table")
    assert all(f.measure_source is None for f in record.event.figures if f.measure is None)


def test_every_number_of_the_summary_traces_to_the_thai():
    record = process(TRADE)
    assert not check(record.summary_en, record)
    numbers = re.findall(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?", record.summary_en)
    canon = {n.replace(",", "").removesuffix(".0") for n in numbers}
    assert canon <= traceable_numbers(record) | {"1234.5", "16.5"}, canon - traceable_numbers(record)
    # a number the Thai does not hold is caught
    assert [p.kind for p in check(record.summary_en.replace("60,000 applications", "70,000 applications"), record)]


def test_a_multiplier_before_a_classifier_scales_the_count():
    record = process("กรมการจัดหางานรายงาน\nมีผู้ยื่นคำขอกว่า 6 หมื่นคำขอ แรงงาน 5 แสนคน และ 1.2 ล้านครัวเรือน")
    assert [(f.english, f.value) for f in record.event.figures] == [
        ("60,000 applications", 60000),
        ("500,000 people", 500000),
        ("1.2 million households", 1200000),
    ]


def test_a_figure_of_the_lead_comes_before_money_further_down():
    text = (
        "กรมส่งเสริมการเกษตร จัดงานวันเกษตรกร\n"
        "นายสมชาย ใจดี อธิบดีกรมส่งเสริมการเกษตร เปิดเผยว่า กรมส่งเสริมการเกษตรจัดงานวันเกษตรกรแห่งชาติ "
        "ณ จังหวัดเชียงใหม่ มีเกษตรกรเข้าร่วม 320 คน\n"
        "ทั้งนี้ กรมได้รับงบประมาณสนับสนุน 5 ล้านบาท สำหรับการจัดงานและการอบรมเกษตรกรในพื้นที่\n"
    )
    assert figures_stated(process(text).summary_en) == ["320 people", "5 million baht"]


def test_a_measured_dollar_amount_reads_measure_amount_and_change():
    record = process(
        "บีโอไอเผยยอดลงทุน\nนายนฤตม์ เทอดสถีรศักดิ์ เลขาธิการบีโอไอ เปิดเผยว่า เงินลงทุน 1,234.5 ล้านดอลลาร์สหรัฐ "
        "เพิ่มขึ้นร้อยละ 5.2 จากปีก่อน และมีโครงการใหม่ 35 โครงการ"
    )
    assert figures_stated(record.summary_en)[0] == "investment: 1,234.5 million US dollars (+5.2%)"
    assert record.event.figures[0].measure_source == "phrase_table"


def test_air_quality_ranges_are_stated_short_and_traceable():
    record = process(
        "กรมควบคุมมลพิษ รายงานสถานการณ์ฝุ่น\nค่าฝุ่นละออง PM 2.5 ภาคเหนือตรวจวัดได้ 10 – 29 มคก./ลบ.ม. "
        "ภาคกลาง 26 – 48 มคก./ลบ.ม. เกินมาตรฐาน 17 จังหวัด"
    )
    assert figures_stated(record.summary_en) == ["10–29 µg/m³", "26–48 µg/m³", "17 provinces"]
    assert not check(record.summary_en, record)
