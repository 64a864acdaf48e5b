"""Specification of numeral repair (pipeline.numerals): templates, detectors, strategies, public API.

Examples are short sentences written for these tests, except the end-to-end test on the reference release
in seeds/, which checks that the general method finds exactly its losses.
"""

from __future__ import annotations

import datetime
import itertools
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize
from pipeline.numerals import apply_repairs, detect_repairs, load_templates, render_markdown
from pipeline.numerals.detectors import find_slots
from pipeline.numerals.document import Document
from pipeline.numerals.strategies.amounts import part_of_total, sum_of_parts
from pipeline.numerals.strategies.dates import date_from_other_dates, date_from_release, month_completion
from pipeline.numerals.strategies.enumerations import count_items, enumeration_count, preceding_list_count
from pipeline.numerals.strategies.ordinals import ordinal_after_occurrences
from pipeline.numerals.strategies.phrases import repeated_phrase
from pipeline.numerals.templates import parse_templates
from pipeline.record import Repair

TEMPLATES = load_templates()
REFERENCE = pathlib.Path(__file__).resolve().parent.parent / "seeds" / "apec-local-innovation-forum.th.txt"


def templates_of(text: str, **kw) -> list[str]:
    return [r.template for r in detect_repairs(text, **kw)]


def only_slot(text: str, template_id: str, **kw):
    doc = Document(text, TEMPLATES.lexicon, **kw)
    slots = [s for s in find_slots(doc, TEMPLATES) if s.template.id == template_id]
    assert len(slots) == 1, slots
    return slots[0], doc


# --- templates are data ------------------------------------------------------


def test_every_template_has_an_example_and_a_counter_example():
    assert len(TEMPLATES) >= 8
    for template in TEMPLATES:
        assert template.example and template.counter_example, template.id


@pytest.mark.parametrize("template", list(TEMPLATES), ids=lambda t: t.id)
def test_template_fires_on_its_example(template):
    assert template.id in templates_of(template.example)


@pytest.mark.parametrize("template", list(TEMPLATES), ids=lambda t: t.id)
def test_template_does_not_fire_on_its_counter_example(template):
    assert template.id not in templates_of(template.counter_example)


def test_template_file_errors_name_the_template():
    with pytest.raises(ValueError, match="bad"):
        parse_templates({"template": [{"id": "bad", "kind": "count"}]}, "test.toml")
    with pytest.raises(ValueError, match="twice"):
        entry = {"id": "a", "kind": "count", "detector": "missing_count", "example": "x", "counter_example": "y"}
        parse_templates({"template": [entry, entry]}, "test.toml")


# --- ordinary uses are not flagged --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "การประชุมครั้งนี้จัดขึ้นในรอบปี",
        "เราพบกันหลายครั้ง และจัดงานทุกปี",
        "ประเทศไทยต้อนรับคนไทยจากหลายประเทศ",
        "ทุกคนร่วมงานในปีนี้ เช่นเดียวกับปีที่ผ่านมา",
        "วันนี้ นายกรัฐมนตรีเดินทางไปต่างประเทศ",
        "โดยมี นายสมชาย ใจดี เป็นประธาน",
        "จัดขึ้นเป็นครั้งที่ 3 ในรอบปี มีผู้เข้าร่วม 120 คน",
        "ร่างพระราชบัญญัติ (ฉบับที่ ..) พ.ศ. ....",
        "ทุกครั้งที่ มีการประชุม ต้องแจ้งล่วงหน้า",
        "เมื่อวันที่ 2 ส.ค. 62 ที่ ต.ท่าทอง",
        "ยอดขายลดลงร้อยละ -0.6 ต่อปี",
        "ในปี 2563 มี 5 โครงการ รวม 40 ล้านบาท",
        "ผู้แทนจากกระทรวง พม. และ บริษัท ไทยรุ่งเรือง จำกัด",
    ],
)
def test_intact_sentences_are_not_flagged(text):
    assert detect_repairs(text) == []


# --- detectors ----------------------------------------------------------------


def test_a_count_slot_is_the_space_between_a_quantity_word_and_a_classifier():
    text = "กิจกรรมจัดขึ้นทั้งหมด รอบ โดยเริ่มที่เชียงใหม่"
    slot, _ = only_slot(text, "count.classifier")
    assert slot.start == slot.end == text.index("รอบ")
    assert slot.replacement("4") == "4 "


def test_a_counter_after_any_noun_is_a_slot_when_its_phrase_ends():
    assert "count.counter" in templates_of("วันนี้พบผู้ติดเชื้อรายใหม่ ราย เป็นชายไทย")
    assert "count.counter" not in templates_of("ผู้ติดเชื้อรายใหม่ รายนี้เป็นชายไทย")


def test_a_repeated_unit_after_a_number_marks_the_second_as_lost():
    assert "count.duration" in templates_of("ผู้ป่วยอายุ 37 ปี และ ปี เดินทางมาจากต่างประเทศ")


def test_a_classifier_followed_by_an_enumeration_needs_a_count():
    assert "count.classifier" in templates_of("ปัจจัยหลัก ด้าน ได้แก่ 1. ด้านเศรษฐกิจ 2. ด้านสังคม")


def test_a_word_multiplier_belongs_to_the_unit():
    slot, _ = only_slot("โครงการนี้ใช้งบประมาณ ล้านบาท ในปีนี้", "count.money")
    assert slot.anchor == "ล้านบาท"


def test_an_ordinal_slot_is_after_the_marker():
    text = "งานนี้จัดเป็นครั้งที่ ในรอบปี"
    slot, _ = only_slot(text, "ordinal.marker")
    assert slot.start == text.index("ในรอบปี")


def test_an_ordinal_marker_at_the_end_of_a_line_takes_a_leading_space():
    slot, _ = only_slot("การประชุมครั้งที่\nมีมติดังนี้", "ordinal.marker")
    assert slot.replacement("2") == " 2"


def test_a_date_reduced_to_dots_and_a_year_is_flagged():
    text = "แถลงข่าววันที่ .. 62 ที่กรุงเทพฯ"
    slot, _ = only_slot(text, "date.day_month_lost")
    assert text[slot.start : slot.end] == ".."


def test_a_day_lost_before_a_month_or_after_a_dot_is_flagged():
    assert "date.day_lost" in templates_of("ประชุมเมื่อวันที่ ส.ค. 62 ที่ทำเนียบ")
    assert "date.day_lost" in templates_of("ประชุมเมื่อวันที่ .ที่ผ่านมา ที่ทำเนียบ")
    assert "date.day_lost" not in templates_of("ประชุมเมื่อวันที่ 3 ส.ค. 62 ที่ทำเนียบ")


def test_a_truncated_month_needs_a_date_context():
    assert "date.month_truncated" in templates_of("ประชุมวันที่ 3 ส. 62 ที่ทำเนียบ")
    assert "date.month_truncated" not in templates_of("บ้านเลขที่ 7 ต.ท่าทอง อ.เมือง")


def test_a_percent_with_no_number_is_flagged():
    assert "percent.missing" in templates_of("ส่งออกเพิ่มขึ้นร้อยละ ของปีก่อน")
    assert "percent.missing" in templates_of("ส่งออกเพิ่มขึ้น % ของปีก่อน")


def test_an_abbreviation_defined_with_a_dot_is_flagged_where_the_dot_is_lost():
    text = "สำนักงานส่งเสริมการค้า (สสค.) และผู้อำนวยการสสคเดินทางไป"
    slot, _ = only_slot(text, "punctuation.abbreviation_dot")
    assert text[: slot.start].endswith("สสค")


def test_an_unclosed_bracket_is_flagged_once():
    assert templates_of("กระทรวงเศรษฐการ (ไต้หวันได้ร่วมมือกับไทย") == ["punctuation.unclosed_bracket"]
    assert templates_of("กระทรวงเศรษฐการ (ไต้หวัน (ROC)) ร่วมมือกับไทย") == []


# --- inference strategies -----------------------------------------------------


def test_count_items_counts_quoted_numbered_bulleted_and_listed_items():
    assert count_items(" “ก” และ “ข” และ “ค”")[0] == 3
    assert count_items(" 1) การค้า 2) การลงทุน 3) การท่องเที่ยว")[0] == 3
    assert count_items("\n- ข้อแรก\n- ข้อสอง\nย่อหน้าถัดไป")[0] == 2
    assert count_items(" เชียงใหม่, ลำพูน, ลำปาง และแพร่ โดยจะเริ่ม")[0] == 4
    assert count_items(" การประชุมครั้งนี้สำคัญ") is None


def test_count_items_counts_outline_numbers_under_a_heading_and_two_long_clauses():
    lines = "\n1.1 กฎกระทรวง ฉบับที่ 6 (พ.ศ. 2527)\n1.2 กฎกระทรวง ฉบับที่ 48 (พ.ศ. 2540)\n1.3 กฎกระทรวง ฉบับที่ 55\nซึ่งมี"
    assert count_items(lines)[:1] + count_items(lines)[2:3] == (3, "numbered")
    assert count_items(" 1.5 ล้านบาท ให้แก่ผู้ประกอบการ 2.5 ล้านบาท") is None  # decimals, not outline numbers
    clauses = (
        " ไทยมีเศรษฐกิจหมุนเวียนและสังคมคาร์บอนต่ำ และไทยสามารถลดความเสี่ยงและผลกระทบจากภัยธรรมชาติและการเปลี่ยนแปลงสภาพภูมิอากาศ"
    )
    assert count_items(clauses)[0] == 2


def test_a_space_separated_list_is_not_counted_when_its_spaces_fall_inside_items():
    assert count_items(" นายสมชาย ใจดี นายสมศักดิ์ รักไทย และนางสมศรี มีสุข") is None
    assert count_items(" อายุ 5-8 ปี อายุ 9-12 ปี และอายุ 13-15 ปี") is None
    assert count_items(" อ. ผักไห่ อ. เสนา และอ. บางบาล") is None
    assert count_items(" ตน และนายชินโชติ แสงสังข์")[:3] == (2, ["ตน", "นายชินโชติ"], "list")


def test_numbered_lines_may_each_hold_a_long_paragraph():
    paragraph = "ขอให้ผ่อนปรนการบังคับใช้กฎหมาย " * 40  # about 1,300 characters
    assert count_items(f"\n1. {paragraph}\n2. {paragraph}\nนายสมชาย กล่าวว่า")[0] == 2
    assert count_items("\n(1) พระราชบัญญัติคุ้มครองแรงงาน และ (2) พระราชกำหนดแก้ไขเพิ่มเติม โดยกำหนด")[0] == 2
    assert count_items(f" 1) {paragraph} 2) การลงทุน") is None  # inside a line, a number that far is not the next item


def test_a_whole_abbreviated_name_is_an_item():
    assert count_items(" กทม. ปทุมธานี นนทบุรี และสมุทรปราการ โดย")[:2] == (4, ["กทม.", "ปทุมธานี", "นนทบุรี", "สมุทรปราการ"])


def test_an_enumeration_whose_first_item_is_counted_in_the_same_unit_is_a_breakdown():
    text = "มีแรงงานต่างด้าวถึง คน ประกอบด้วยแรงงานสัญชาติเมียนมา 50,000 คน กัมพูชา 30,000 คน และลาว 20,000 คน"
    slot, doc = only_slot(text, "count.classifier")
    assert enumeration_count(slot, doc) == []
    listed = "มีเป้าหมาย จังหวัด ได้แก่ ชัยนาท ลพบุรี และอ่างทอง ส่วนภาคใต้ 8 จังหวัด ได้แก่ สงขลา"
    slot, doc = only_slot(listed, "count.classifier")
    assert [c.value for c in enumeration_count(slot, doc)] == ["3"]


def test_an_enumeration_cue_may_follow_a_word_glued_to_the_classifier_but_not_a_copula():
    text = "มีข้อเสนอมาตรการใน มาตรการที่สำคัญ ประกอบด้วย (1) มาตรการด้านวีซ่า และ (2) มาตรการด้านภาษี"
    assert [r.replacement for r in detect_repairs(text)] == ["2 "]
    copula = "ผลสำรวจความต้องการ อันดับแรก คือ ลงทะเบียน ตรวจสุขภาพ และฉีดวัคซีน"
    assert all(r.replacement is None for r in detect_repairs(copula))


def test_enumeration_count_proposes_the_number_of_quoted_items():
    slot, doc = only_slot("แบ่งออกเป็น หัวข้อ ได้แก่ “การค้า” และ “การลงทุน” โดยเน้น", "count.classifier")
    [candidate] = enumeration_count(slot, doc)
    assert candidate.value == "2" and candidate.confidence >= 0.8
    assert "“การค้า”" in candidate.evidence


def test_ordinal_after_occurrences_counts_the_earlier_events_plus_this_one():
    text = "งานนี้ถูกจัดขึ้นที่เมืองโอซากา ประเทศญี่ปุ่น และกรุงโซล เกาหลีใต้ เมื่อต้นปี ซึ่งในครั้งนี้ไทยเป็นเจ้าภาพ จัดงานขึ้นเป็นครั้งที่ ของปี"
    slot, doc = only_slot(text, "ordinal.marker")
    [candidate] = ordinal_after_occurrences(slot, doc)
    assert candidate.value == "3"
    assert "โอซากา" in candidate.evidence


def test_ordinal_without_listed_occurrences_gets_no_value():
    slot, doc = only_slot("งานนี้จัดขึ้นเป็นครั้งที่ ของปี", "ordinal.marker")
    assert ordinal_after_occurrences(slot, doc) == []


def test_preceding_list_count_is_only_a_weak_hint():
    text = "ไต้หวันจะร่วมมือกับประเทศญี่ปุ่น ลาวและเวียดนาม จัดกิจกรรมขึ้นทั้งหมด รอบ โดยเริ่มที่ไทเป"
    slot, doc = only_slot(text, "count.classifier")
    [candidate] = preceding_list_count(slot, doc)
    assert candidate.value == "3" and candidate.confidence < 0.5
    [repair] = detect_repairs(text)
    assert repair.replacement is None and repair.candidates


def test_month_completion_is_unique_for_mi_and_ambiguous_for_pho():
    slot, doc = only_slot("จัดขึ้นเมื่อเดือนมิ.ที่ผ่านมา", "date.month_truncated")
    assert [c.value for c in month_completion(slot, doc)] == ["มิ.ย."]
    slot, doc = only_slot("จัดขึ้นเมื่อเดือนพ.ที่ผ่านมา", "date.month_truncated")
    values = month_completion(slot, doc)
    assert {c.value for c in values} == {"พ.ค.", "พ.ย."} and max(c.confidence for c in values) < 0.5


def test_repeated_phrase_takes_the_number_from_an_intact_copy():
    headline = "กระทรวงพาณิชย์จัดงานแสดงสินค้า มีผู้เข้าร่วม 120 คน จากทั่วประเทศ"
    text = f"{headline}\nกระทรวงพาณิชย์จัดงานแสดงสินค้า มีผู้เข้าร่วม คน จากทั่วประเทศ"
    repairs = detect_repairs(text)
    assert [r.replacement for r in repairs] == ["120 "]
    assert apply_repairs(text, repairs) == f"{headline}\n{headline}"


def test_repeated_phrase_needs_a_long_shared_context():
    text = "ผู้ป่วยรายแรก อายุ 41 ปี และรายที่สอง อายุ ปี"
    slot, doc = only_slot(text, "count.duration")
    assert repeated_phrase(slot, doc) == []


def test_sum_of_parts_adds_the_amounts_listed_before_the_total():
    text = "ค่าอาหาร 2 ล้านบาท ค่าที่พัก 3.5 ล้านบาท รวม ล้านบาท"
    slot, doc = only_slot(text, "count.money")
    [candidate] = sum_of_parts(slot, doc)
    assert candidate.value == "5.5"


def test_part_of_total_subtracts_the_other_parts():
    text = "งบประมาณรวม 10 ล้านบาท แบ่งเป็น ค่าอาหาร 4 ล้านบาท และค่าที่พัก ล้านบาท"
    slot, doc = only_slot(text, "count.money")
    [candidate] = part_of_total(slot, doc)
    assert candidate.value == "6"


def test_part_of_total_proposes_nothing_when_two_parts_were_lost():
    text = "งบประมาณรวม 10 ล้านบาท แบ่งเป็น ค่าอาหาร ล้านบาท ค่าเดินทาง 1 ล้านบาท และค่าที่พัก ล้านบาท"
    doc = Document(text, TEMPLATES.lexicon)
    slots = [s for s in find_slots(doc, TEMPLATES) if s.template.id == "count.money"]
    assert len(slots) == 2
    assert [part_of_total(slot, doc) for slot in slots] == [[], []]
    assert all(r.replacement is None for r in detect_repairs(text))


def test_a_lost_date_agreeing_with_the_release_date_is_a_candidate():
    text = "วันนี้ (.. 63) นายกรัฐมนตรีเปิดงาน"
    slot, doc = only_slot(text, "date.day_month_lost", release_date=datetime.date(2020, 8, 24))
    assert [c.value for c in date_from_release(slot, doc)] == ["24 ส.ค."]
    assert date_from_other_dates(slot, doc) == []


def test_a_lost_day_after_today_takes_the_date_given_elsewhere():
    text = "วันจันทร์ที่ 24 สิงหาคม 2563\nวันนี้ (วันที่ สิงหาคม 2563) นายกรัฐมนตรีเปิดงาน"
    [repair] = detect_repairs(text)
    assert repair.template == "date.day_lost" and repair.replacement == "24 "


def test_no_basis_means_no_value_but_a_reason():
    [repair] = detect_repairs("ประชุมเมื่อวันที่ .ที่ผ่านมา ที่ทำเนียบ")
    assert repair.replacement is None
    assert "no basis" in repair.evidence and "“…" in repair.evidence


# --- public API ----------------------------------------------------------------


def test_repairs_are_sorted_non_overlapping_and_need_review():
    text = "จัดขึ้นทั้งหมด รอบ เป็นครั้งที่ ในปีนี้ เมื่อเดือนมิ.ที่ผ่านมา ร้อยละ ของผู้เข้าร่วม"
    repairs = detect_repairs(text)
    assert [r.template for r in repairs] == [
        "count.classifier",
        "ordinal.marker",
        "date.month_truncated",
        "percent.missing",
    ]
    assert all(r.status == "needs_review" for r in repairs)
    assert all(a.end <= b.start and a.start < b.start for a, b in itertools.pairwise(repairs))
    assert all(0 <= r.confidence <= 1 and r.evidence.endswith(".") for r in repairs)


def test_apply_repairs_applies_only_proposals():
    text = "เมื่อเดือนมิ.ที่ผ่านมา จัดขึ้นทั้งหมด รอบ"
    assert apply_repairs(text, detect_repairs(text)) == "เมื่อเดือนมิ.ย.ที่ผ่านมา จัดขึ้นทั้งหมด รอบ"


def test_apply_repairs_rejects_overlapping_repairs():
    repairs = [
        Repair(start=0, end=3, template="t", replacement="x"),
        Repair(start=2, end=4, template="t", replacement="y"),
    ]
    with pytest.raises(ValueError):
        apply_repairs("abcdef", repairs)


def test_render_markdown_marks_proposals_and_unknowns_with_footnotes():
    text = "เมื่อเดือนมิ.ที่ผ่านมา จัดขึ้นทั้งหมด รอบ"
    out = render_markdown(text, detect_repairs(text))
    assert "⟦มิ.ย.⟧[^1]" in out and "⟦?⟧[^2]" in out
    assert "[^1]: `date.month_truncated` (replaces “มิ.”):" in out
    assert "[^2]: `count.classifier`:" in out


def test_custom_templates_can_be_passed_in():
    only_ordinals = parse_templates(
        {
            "template": [
                {
                    "id": "ordinal.only",
                    "kind": "ordinal",
                    "detector": "missing_ordinal",
                    "words": ["ครั้งที่"],
                    "example": "x",
                    "counter_example": "y",
                }
            ]
        }
    )
    text = "จัดขึ้นทั้งหมด รอบ เป็นครั้งที่ ในปีนี้"
    assert templates_of(text, templates=only_ordinals) == ["ordinal.only"]


_PIECES = st.sampled_from(
    [
        "จัดขึ้นทั้งหมด รอบ ",
        "เป็นครั้งที่ ",
        "เดือนมิ.ที่ผ่านมา ",
        "ร้อยละ ",
        "ได้แก่ “ก” และ “ข” ",
        "วันที่ .. 62 ",
        "มี 3 คน ",
        "ประเทศไทย ",
        "\n",
        " ",
        "(",
        ")",
        "สสว",
        "(สสว.) ",
        "แบ่งออกเป็น หัวข้อ ",
        "ก",
        "1",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_apply_repairs_changes_only_listed_spans(text):
    repairs = detect_repairs(text)
    out = apply_repairs(text, repairs)
    pos_in = pos_out = 0
    for repair in repairs:
        if repair.replacement is None:
            continue
        keep = text[pos_in : repair.start]
        assert out[pos_out : pos_out + len(keep)] == keep
        pos_out += len(keep)
        assert out[pos_out : pos_out + len(repair.replacement)] == repair.replacement
        pos_out += len(repair.replacement)
        pos_in = repair.end
    assert out[pos_out:] == text[pos_in:]


# --- the reference release, end to end -------------------------------------------


def test_reference_release_flags_exactly_its_losses():
    text = normalize(REFERENCE.read_text(encoding="utf-8")).text
    repairs = detect_repairs(text)

    def at(fragment: str, offset: int = 0) -> int:
        assert text.count(fragment) == 1, fragment
        return text.index(fragment) + offset

    found = {(r.template, r.start): r for r in repairs}
    expected = {
        ("punctuation.unclosed_bracket", at("(ไต้หวันวันที่", 8)): None,
        ("date.day_month_lost", at("วันที่ .. 62", 7)): None,
        ("punctuation.unclosed_bracket", at("(ไต้หวันได้", 8)): None,
        ("date.day_lost", at("เมื่อวันที่ .ที่ผ่านมา", 12)): None,
        ("count.classifier", at("ทั้งหมด รอบ", 8)): None,
        ("date.month_truncated", at("เดือนมิ.ที่", 5)): "มิ.ย.",
        ("ordinal.marker", at("ครั้งที่ ในรอบปี", 9)): "3 ",
        ("punctuation.abbreviation_dot", at("สสวร่วม", 3)): ".",
        ("count.classifier", at("แบ่งออกเป็น หัวข้อ", 12)): "2 ",
    }
    assert set(found) == set(expected)
    for key, replacement in expected.items():
        assert found[key].replacement == replacement, key
    # the total of events is not stated; the partners listed are offered as a weak hint only
    total = found[("count.classifier", at("ทั้งหมด รอบ", 8))]
    assert total.candidates and total.candidates[0].confidence < 0.5


# --- counts the grammar requires -------------------------------------------------


def test_a_unit_that_never_stands_bare_is_a_slot_whatever_follows():
    assert "count.money" in templates_of("ผู้ออมได้รับเงินสมทบเพิ่มอีก บาทต่อเดือน ตามเงื่อนไข")
    assert "count.money" not in templates_of("ผู้ออมได้รับเงินสมทบเพิ่มอีก 50 บาทต่อเดือน ตามเงื่อนไข")


def test_a_counter_keeps_its_unit_tail_after_a_quantity_word():
    assert "count.counter" in templates_of("โรงพยาบาลรองรับผู้ป่วยได้ รายต่อวัน ตลอดเดือนนี้")


def test_a_line_that_starts_with_a_space_before_a_classifier_lost_its_number():
    text = "แผนงานแบ่งเป็น\n ด้าน ประกอบด้วย 1) การค้า 2) การลงทุน"
    [repair] = detect_repairs(text)
    assert repair.template == "count.classifier" and repair.replacement == "2 "


def test_a_weak_cue_needs_the_classifier_to_end_its_phrase():
    assert "count.counter" in templates_of("ฝนตกหนักใน จังหวัด ทำให้ถนนเสียหาย")
    assert templates_of("ครอบครัวอาศัยอยู่ใน จังหวัดเชียงใหม่ มานาน") == []


def test_inline_lists_split_on_a_shared_prefix_and_stop_at_the_first_and():
    assert count_items(" ด้านหน้า ด้านหลัง ด้านซ้ายและด้านขวา ส่งภาพ")[0] == 4
    assert count_items(" ผักกาด ผักบุ้ง และคะน้า และยังมีผลไม้อีกมาก")[0] == 3
    assert count_items(" กรมการค้าภายใน (คน.) กรมวิชาการเกษตรและสหกรณ์ และกรมปศุสัตว์ โดย")[0] == 3
    assert count_items(" ตำบลหนองบัวและตำบลท่าช้าง โดยเร็ว")[0] == 2


def test_a_month_fragment_after_the_month_word_or_a_day_may_be_followed_by_a_word():
    assert [r.replacement for r in detect_repairs("ผลผลิตออกมากในเดือนมิ.จะเป็นช่วงสุดท้าย")] == ["มิ.ย."]
    assert [r.replacement for r in detect_repairs("งานวันสตรีสากล 8 มี. นายกรัฐมนตรีกล่าว")] == ["มี.ค."]
    assert detect_repairs("งานวันสตรีสากล 8 มี.ค. นายกรัฐมนตรีกล่าว") == []


# --- classifiers the templates do not list -----------------------------------------


def test_a_word_the_tagger_reads_as_a_classifier_after_a_quantity_word_is_a_slot():
    text = "ตำรวจตรวจพบจำนวน คดี ในเดือนนี้"
    slot, _ = only_slot(text, "count.tagged")
    assert slot.start == text.index("คดี") and slot.anchor == "คดี"
    assert templates_of("ตำรวจตรวจพบจำนวนมาก คดีนี้จึงสำคัญ") == []


def test_verbs_conjunctions_names_and_abbreviations_are_not_tagged_classifiers():
    from pipeline.numerals.lexicon import tagged_as_classifier

    assert tagged_as_classifier("คดี") and tagged_as_classifier("ตู้")
    for word in ("ซึ่ง", "ให้", "เพิ่ม", "จ.", "รพ."):
        assert not tagged_as_classifier(word), word


def test_the_partial_tagging_of_the_classifier_frame_agrees_with_tagging_the_whole_frame():
    # _tagged_cl_after_number tags only what the word's tag depends on; it must read every word as the full
    # tagger does, on words of every kind (dictionary words, names, symbols, numbers, Latin, abbreviations).
    from pythainlp.corpus import thai_words

    from pipeline.entities.pos import lst20_pos_tags
    from pipeline.numerals.lexicon import _tagged_cl_after_number

    words = sorted(thai_words())[::200] + ["คน", "ตู้", "ซึ่ง", "-", "(", " ", "ก.", "2563", "abc", "A-B", "ฯ", "\n"]
    for word in words:
        whole = all(lst20_pos_tags(["จำนวน", " ", "3", " ", word, " ", n])[4] == "CL" for n in ("และ", "โดย"))
        assert _tagged_cl_after_number(word) == whole, word


def test_the_shipped_classifier_table_is_the_taggers_reading():
    # models/count-gap/tagged-classifiers.tsv is looked up instead of tagging; every row read must be what
    # tagging gives (a sample of rows, both readings), and a word outside it is still tagged
    from pipeline.numerals.lexicon import _tagged_cl_after_number, classifier_table, tagged_as_classifier

    table = classifier_table()
    assert len(table) > 50_000  # pythainlp's dictionary words the tagger is asked about
    rows = sorted(table.items())
    sample = rows[::1000] + [row for row in rows if not row[1]][::100]
    for word, is_classifier in sample:
        assert _tagged_cl_after_number(word) is is_classifier, word
        assert tagged_as_classifier(word) is is_classifier, word
    assert "กระทรวงพลังงานสะอาด" not in table
    assert tagged_as_classifier("กระทรวงพลังงานสะอาด") is _tagged_cl_after_number("กระทรวงพลังงานสะอาด")


def test_a_tagged_classifier_after_a_weak_cue_must_end_its_phrase():
    assert "count.tagged" in templates_of("ตรวจพบการระบาดใน ตู้ ทำให้ต้องปิดท่าเรือ")
    assert templates_of("สินค้าถูกเก็บไว้ใน ตู้คอนเทนเนอร์ของบริษัท") == []


def test_a_unit_counted_a_few_words_back_makes_the_gap_part_of_a_series():
    assert "count.classifier" in templates_of("แบ่งทีมตรวจเป็นภาคเหนือ 12 ทีม ภาคใต้ ทีม เพื่อเร่งตรวจเชิงรุก")
    assert templates_of("ผู้ประกอบการใน 5 ด้าน ได้แก่ ด้านองค์กร ด้านการเงิน และด้านการตลาด") == []


def test_a_month_abbreviation_missing_only_its_final_dot_is_whole():
    assert detect_repairs("กระทรวงแถลงวันนี้ (9 มิ.ย) ว่า การส่งออกเพิ่มขึ้น") == []


def test_a_date_reduced_to_dots_before_nii_is_flagged():
    text = "เปิดให้ลงทะเบียน .. นี้ ผ่านแอปพลิเคชัน"
    slot, _ = only_slot(text, "date.day_month_lost")
    assert (slot.start, slot.end, slot.anchor) == (text.index(".."), text.index("..") + 2, "นี้")
    assert templates_of("ร่างพระราชบัญญัติ (ฉบับที่ ..) พ.ศ. .... ผ่านการพิจารณา") == []


# --- word pairs learned from intact releases --------------------------------------


def test_count_pairs_learn_how_often_a_number_separates_two_words():
    from pipeline.numerals.count_pairs import learn_count_pairs

    texts = ["แจ้งผ่าน 3 ช่องทาง ได้ทันที", "ติดต่อผ่าน 2 ช่องทาง หรือโทร", "ร้องเรียนผ่าน ช่องทาง ออนไลน์"]
    pairs = learn_count_pairs(texts, keep_at=1)
    assert pairs.counts[("ผ่าน", "ช่องทาง")] == (2, 1)
    assert pairs.separated_share("ผ่าน", "ช่องทาง") == pytest.approx(2 / 3)
    assert pairs.separated_share("ผ่าน", "ออนไลน์") == 0.0


def test_a_date_is_not_a_count_when_learning_pairs():
    from pipeline.numerals.count_pairs import learn_count_pairs

    pairs = learn_count_pairs(["ประชุมวันที่ 3 มีนาคม 2564 ณ ทำเนียบ"], keep_at=1)
    assert ("มีนาคม", "ณ") not in pairs.counts


def test_a_one_letter_abbreviation_is_a_truncated_month_only_after_a_day():
    for text in (
        "มาตรการเยียวยาจ่าย 5,000 ม.33 รับ 2 ต่อ",
        "มีการออก น.ส.3 ก. จำนวน 60 แปลง",
        "ในพื้นที่ ม.4 ม.10 ต.กระบี่น้อย",
        "ระยะที่สอง 2,855 ม. ขณะนี้",
        "ประชุมวันที่ 45 ก. ที่ผ่านมา",
    ):
        assert "date.month_truncated" not in templates_of(text), text
    for text in ("ประชุมเมื่อวันที่ 2 ส. 62 ที่", "ระหว่างวันที่ 8-11 มิ. 2562 ที่", "บางแห่งถึง31ส.นี้ สำหรับ", "วันที่ ๒ ส. ๖๒ ที่"):
        assert "date.month_truncated" in templates_of(text), text


def test_count_pairs_learn_which_words_glued_to_ที่_take_a_number():
    from pipeline.numerals.count_pairs import ORDINAL, learn_count_pairs

    texts = ["ในไตรมาสที่ 2 ของปี", "ไตรมาสที่ 3 ปีนี้", "ส่วนไตรมาสที่ 4 นั้น", "มาตรการที่ รัฐบาลประกาศ", "มาตรการที่ 2 คือ"]
    pairs = learn_count_pairs(texts, keep_at=1)
    assert pairs.counts[("ไตรมาส", ORDINAL)] == (3, 0)
    assert pairs.counts[("มาตรการ", ORDINAL)] == (1, 1)
    assert pairs.learned_ordinals(0.95, 3) == frozenset(["ไตรมาส"])


def test_a_learned_ordinal_marker_with_nothing_after_it_is_flagged_but_not_before_a_name():
    assert "ordinal.learned" in templates_of("ผลการดำเนินงานในไตรมาสที่ ของปีนี้ดีขึ้น")
    assert "ordinal.learned" not in templates_of("ผลการดำเนินงานในไตรมาสที่ 3 ของปีนี้ดีขึ้น")
    assert "ordinal.learned" not in templates_of("สำนักงานตั้งอยู่ที่ “อาคารรัฐประศาสนภักดี” ชั้น 3")


def test_count_pairs_round_trip_through_tsv(tmp_path):
    from pipeline.numerals.count_pairs import CountPairs

    pairs = CountPairs({("ผ่าน", "ช่องทาง"): (10, 0), ("ขาย", "หน่วย"): (9, 1)})
    pairs.to_disk(tmp_path / "pairs.tsv")
    assert CountPairs.from_disk(tmp_path / "pairs.tsv") == pairs


def test_a_learned_pair_adjacent_is_a_slot_unless_a_number_follows():
    text = "ประชาชนแจ้งเรื่องได้ผ่าน ช่องทาง เพื่อความสะดวก"
    slot, _ = only_slot(text, "count.learned_pair")
    assert slot.start == text.index("ช่องทาง") and slot.suffix == " "
    assert "count.learned_pair" not in templates_of("ประชาชนแจ้งเรื่องได้ผ่าน ช่องทาง 1 เพื่อความสะดวก")


def test_word_rows_pool_a_word_over_the_units_after_it():
    from pipeline.numerals.count_pairs import ANY_UNIT, learn_count_pairs

    texts = ["แจ้งผ่าน 3 ช่องทาง ได้ทันที", "ติดต่อผ่าน 2 ระบบ แล้ว", "ร้องเรียนผ่าน ช่องทาง ออนไลน์"]
    pairs = learn_count_pairs(texts, keep_at=1, is_word_unit=lambda word: word in {"ช่องทาง", "ระบบ"})
    assert pairs.counts[("ผ่าน", ANY_UNIT)] == (2, 1)
    assert pairs.word_seen("ผ่าน") == 3 and pairs.word_share("ผ่าน") == pytest.approx(2 / 3)
    assert pairs.counts[("ผ่าน", "ระบบ")] == (1, 0)
    assert pairs.word_seen("ออนไลน์") == 0


def test_a_word_learned_to_precede_a_number_before_a_listed_classifier_is_a_slot():
    text = "แต่ละหน่วยงานเสนอได้เกิน โครงการ ต่อปีไม่ได้"
    slot, _ = only_slot(text, "count.learned_word")
    assert slot.start == text.index("โครงการ") and slot.anchor == "โครงการ" and slot.suffix == " "
    assert templates_of("แต่ละหน่วยงานเสนองบเกิน โครงการนี้กำหนดไม่ได้") == []  # a noun phrase: "โครงการนี้"
    assert templates_of("แต่ละหน่วยงานเสนอได้เกิน 3 โครงการ ต่อปีไม่ได้") == []


def test_one_of_a_number_is_a_count_whatever_the_classifier_is_glued_to():
    text = "ไทยเป็น 1 ใน ประเทศผู้ส่งออกข้าวรายใหญ่ของโลก"
    [repair] = detect_repairs(text)
    assert repair.template.startswith("count.") and repair.start == text.index("ประเทศ")
    # ใน without a number before it is only a weak cue: the classifier must end its phrase
    assert templates_of("ไทยเป็นผู้นำใน ประเทศผู้ส่งออกข้าวรายใหญ่ของโลก") == []


def test_unit_rows_pool_a_word_over_every_word_before_it():
    from pipeline.numerals.count_pairs import ANY_UNIT, learn_count_pairs

    texts = ["ศาลรับฟ้อง 3 คดี แล้ว", "ตำรวจส่งฟ้อง 2 คดี ต่อศาล", "ตำรวจรับ คดี ไว้", "คณะทำงาน ลงพื้นที่ ทันที"]
    pairs = learn_count_pairs(texts, keep_at=1, unit_keep_at=1)
    assert pairs.counts[(ANY_UNIT, "คดี")] == (2, 1)
    assert pairs.unit_seen("คดี") == 3 and pairs.unit_share("คดี") == pytest.approx(2 / 3)
    assert pairs.learned_units(0.6, 3) == frozenset(["คดี"])
    assert pairs.learned_units(0.8, 3) == frozenset()
    assert (ANY_UNIT, "ลงพื้นที่") not in pairs.counts  # never after a number: no row


def test_a_learned_classifier_after_any_word_is_a_slot_when_its_phrase_ends():
    text = "ตำรวจส่งสำนวนฟ้องคดีอาญา คดี ต่ออัยการ"
    slot, _ = only_slot(text, "count.learned_unit")
    assert slot.start == text.index(" คดี ") + 1 and slot.anchor == "คดี" and slot.suffix == " "
    assert "count.learned_unit" not in templates_of("ตำรวจส่งสำนวนฟ้องคดีอาญา คดีนี้ต่ออัยการ")
    assert "count.learned_unit" not in templates_of("ตำรวจส่งสำนวนฟ้องคดีอาญา 4 คดี ต่ออัยการ")


def test_a_latin_name_or_closing_bracket_may_stand_before_a_lost_count():
    text = "ผู้ป่วยที่ตรวจพบด้วย ATK ราย ได้รับยาทันที"
    slot, _ = only_slot(text, "count.counter")
    assert slot.start == text.index("ราย ได้")
    assert "count.counter" in templates_of("ผู้ป่วยในระบบ (Home Isolation) ราย ได้รับยาทันที")
    assert templates_of("ผู้ป่วยที่ตรวจพบด้วย ATK รายนี้ได้รับยาทันที") == []
    assert templates_of("ผู้ป่วยที่ตรวจพบด้วย ATK 12 ราย ได้รับยาทันที") == []


def test_an_abbreviated_hour_is_a_duration():
    text = "ศูนย์ช่วยเหลือเปิดให้บริการตลอด ชม. ทุกวัน"
    slot, _ = only_slot(text, "count.duration")
    assert slot.start == text.index("ชม.") and slot.anchor == "ชม."
    assert templates_of("ศูนย์ช่วยเหลือเปิดให้บริการตลอด 24 ชม. ทุกวัน") == []


def test_a_classifier_after_a_latin_name_must_end_its_phrase_even_before_an_enumeration():
    assert "count.classifier" in templates_of("มาตรการป้องกันแบบ Universal Prevention ประการ ได้แก่ สวมหน้ากาก")
    assert templates_of("รถไฟฟ้ามหานคร (MRT สายสีม่วง) ได้แก่ สถานีบางซ่อน") == []


def test_a_closing_bracket_before_a_gap_must_close_a_name_not_a_clause_label():
    assert "count.counter" in templates_of("ผู้ได้รับยาฟ้าทะลายโจร (ยาหลอก) ราย พบว่ามีอาการดีขึ้น")
    assert "count.counter" not in templates_of("ผู้ได้รับยาตามข้อ 6 (ข) ราย พบว่ามีอาการดีขึ้น")
    assert "count.counter" not in templates_of("ผู้ได้รับยาตามข้อ 6 (1) ราย พบว่ามีอาการดีขึ้น")


def test_tail_rows_count_a_word_glued_after_a_classifier():
    from pipeline.numerals.count_pairs import TAIL, learn_count_pairs

    texts = ["รัฐบาล เปิด 5 จังหวัดนำร่อง แล้ว", "กระทรวง เลือก 4 จังหวัดนำร่อง ก่อน", "ต่างชาติ จังหวัดนำร่อง ต่อไป"]
    pairs = learn_count_pairs(texts, keep_at=1, unit_keep_at=1)
    assert pairs.counts[("จังหวัด", TAIL + "นำร่อง")] == (2, 1)
    assert pairs.tail_seen("จังหวัด", "นำร่อง") == 3 and pairs.tail_share("จังหวัด", "นำร่อง") == pytest.approx(2 / 3)
    assert pairs.word_seen("ต่างชาติ") == 0  # tail rows are not pooled into word or unit rows
    assert pairs.unit_seen(TAIL + "นำร่อง") == 0


def test_a_classifier_glued_to_a_learned_tail_is_a_slot():
    text = "ทางการเปิดรับนักเดินทางจากต่างประเทศ จังหวัดนำร่อง ตั้งแต่ต้นเดือน"
    slot, _ = only_slot(text, "count.learned_tail")
    assert slot.start == text.index("จังหวัดนำร่อง") and slot.anchor == "จังหวัดนำร่อง" and slot.suffix == " "
    assert "count.learned_tail" not in templates_of("ทางการเปิดรับนักเดินทางจากต่างประเทศ จังหวัดภูเก็ต ตั้งแต่ต้นเดือน")
    assert "count.learned_tail" not in templates_of("ทางการเปิดรับนักเดินทางจากต่างประเทศ 5 จังหวัดนำร่อง ตั้งแต่ต้นเดือน")
    # the items an enumeration names are not counts: "ได้แก่ รายแรก"
    assert "count.learned_tail" not in templates_of("ผู้เสียชีวิตมีทั้งหมด 3 ราย ได้แก่ รายแรก เป็นชายไทย")


def test_a_classifier_alone_in_brackets_lost_its_number():
    text = "นักศึกษาฝึกงานระยะสั้น ( เดือน) ก่อนเข้าทำงานจริง"
    slot, _ = only_slot(text, "count.duration")
    assert slot.start == text.index("เดือน)")
    assert "count.classifier" in templates_of("ตัวแทนประชาชนทุกภูมิภาค ( ภูมิภาค) ร่วมประชุม")
    assert templates_of("นักศึกษาฝึกงานระยะสั้น ( เดือนละครั้ง) ก่อนเข้าทำงานจริง") == []
    assert templates_of("นักศึกษาฝึกงานระยะสั้น (6 เดือน) ก่อนเข้าทำงานจริง") == []


def test_a_team_count_after_any_noun_is_a_slot_when_its_phrase_ends():
    text = "กระทรวงส่งแพทย์อาสา ทีม ลงพื้นที่น้ำท่วม"
    slot, _ = only_slot(text, "count.counter")
    assert slot.start == text.index("ทีม ลง")
    assert "count.counter" not in templates_of("กระทรวงส่งแพทย์อาสา ทีมนี้ลงพื้นที่น้ำท่วม")
    assert "count.counter" not in templates_of("กระทรวงส่งแพทย์อาสา ทีม “ใจอาสา” ลงพื้นที่น้ำท่วม")


def test_points_and_floors_after_any_noun_are_slots_when_their_phrase_ends():
    assert "count.counter" in templates_of("เจ้าหน้าที่ตั้งด่านตรวจ จุด ทั่วเมือง")
    assert "count.counter" not in templates_of("เจ้าหน้าที่ตั้งด่านตรวจ จุดนี้ทั่วเมือง")
    assert "count.counter" in templates_of("อาคารผู้ป่วยหลังใหม่สูง ชั้น คาดว่าจะเสร็จปีหน้า")
    assert "count.counter" not in templates_of("อาคารผู้ป่วยหลังใหม่สูง 9 ชั้น คาดว่าจะเสร็จปีหน้า")
    assert "count.counter" not in templates_of("ห้องประชุมอยู่ที่อาคารผู้ป่วย ชั้นล่าง คาดว่าจะเสร็จปีหน้า")


def test_nationalities_and_bags_after_any_noun_are_slots_when_their_phrase_ends():
    assert "count.counter" in templates_of("กรมการจัดหางานอนุญาตให้แรงงาน สัญชาติ ทำงานต่อได้")
    assert "count.counter" not in templates_of("กรมการจัดหางานอนุญาตให้แรงงาน สัญชาติเมียนมา ทำงานต่อได้")
    assert "count.counter" in templates_of("อาสาสมัครแจกถุงยังชีพ ถุง ให้ผู้ประสบภัย")
    assert "count.counter" not in templates_of("อาสาสมัครแจกถุงยังชีพ 500 ถุง ให้ผู้ประสบภัย")


def test_checkpoints_nights_and_doses_after_a_quantity_word_are_slots():
    assert "count.classifier" in templates_of("จังหวัดเตรียมเปิดเพิ่มอีก ด่าน เพื่อรองรับผู้เดินทาง")
    assert "count.classifier" not in templates_of("จังหวัดเตรียมเปิดเพิ่มอีก 3 ด่าน เพื่อรองรับผู้เดินทาง")
    assert "count.classifier" in templates_of("นักท่องเที่ยวพักนานประมาณ คืน ต่อการเดินทางหนึ่งครั้ง")
    assert "count.classifier" not in templates_of("นักท่องเที่ยวนำสินค้ามาส่ง คืน ต่อการเดินทางหนึ่งครั้ง")
    assert "count.classifier" in templates_of("ประชาชนได้รับวัคซีนครบ เข็ม แล้วในพื้นที่นี้")


def test_a_classifier_that_names_the_nth_one_is_no_lost_count():
    # "ช่วง กม. ที่ 2+400": a kilometre marker; the same words before a bare classifier would be a lost count.
    assert [r.template for r in detect_repairs("น้ำท่วมสูงช่วง กม. ที่ 2+400 ถึง 9+300 รถผ่านไม่ได้")] == []
    assert [r.template for r in detect_repairs("ถนนเสียหายรวมทั้งหมด กม. จึงต้องซ่อมแซม")] != []


def test_tokens_and_dates_given_by_the_caller_give_the_same_repairs():
    from pipeline.dates import find_dates
    from pipeline.tokens import word_tokenize

    text = "จัดกิจกรรมขึ้นทั้งหมด รอบ เมื่อวันที่ 5 ส. 2562 แบ่งออกเป็น หัวข้อ ได้แก่ “ก” และ “ข”"
    given = detect_repairs(text, words=word_tokenize(text), dates=find_dates(text))
    assert given == detect_repairs(text) and given


def test_words_that_do_not_make_up_the_text_are_refused():
    with pytest.raises(ValueError):
        detect_repairs("จัดขึ้นทั้งหมด รอบ", words=["จัด", "ขึ้น"])
