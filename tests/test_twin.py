"""The English twin: read it, restore lost numerals from it (always for review), say so when it is not the twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.normalize import normalize
from pipeline.numerals import detect_repairs
from pipeline.release import process
from pipeline.twin import detect_repairs_with_twin, read_twin, read_twin_input
from pipeline.twin.evaluate import evaluate_twin, split_of
from pipeline.twin.phrases import english_phrase_before, learn, thai_phrase_before

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "apec-local-innovation-forum.th.txt"

# A Thai release that lost four numerals, and its English twin that states them.
THAI = (
    "กระทรวงพาณิชย์รายงานว่า เมื่อวันที่ ส.ค. 2562 มูลค่าการส่งออกอยู่ที่ 1,234.5 ล้านดอลลาร์สหรัฐ เพิ่มขึ้นร้อยละ "
    "เมื่อเทียบกับปีก่อน โดยมีผู้ประกอบการเข้าร่วมทั้งหมด คน จาก 15 จังหวัด ใช้งบประมาณ ล้านบาท"
)
ENGLISH = (
    "The Ministry of Commerce reported that on August 2, 2019 export value stood at USD 1,234.5 million, up "
    "5.2% from last year, with 320 entrepreneurs from 15 provinces taking part, at a cost of 2.5 billion baht."
)


def by_start(repairs):
    return {r.start: r for r in repairs}


# --- reading the English -------------------------------------------------------------------------


def test_the_english_states_numbers_at_their_scale_dates_percentages_and_ordinals():
    twin = read_twin("The third forum on 2 August 2019 drew 1.2 million visitors and four events, up 4.5 percent.")
    assert [(f.kind, f.value) for f in twin.figures] == [
        ("ordinal", 3.0),
        ("date", 2.0),
        ("number", 1_200_000.0),
        ("number", 4.0),
        ("percent", 4.5),
    ]
    assert twin.figures[1].date == (2019, 8, 2)
    assert twin.figures[2].unit == "visitors"


def test_numbers_inside_links_are_not_figures():
    twin = read_twin("Source: https://www.thaigov.go.th/news/contents/details/49415 reports 12 cases today.")
    assert [f.value for f in twin.figures] == [12.0]


@pytest.mark.parametrize(
    "english, reason",
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("ข่าวภาษาไทยทั้งหมด ไม่มีภาษาอังกฤษเลยแม้แต่คำเดียว" * 3, "not English"),
        ("x" * 500_001, "limit"),
    ],
)
def test_an_english_that_is_empty_not_english_or_huge_is_an_error_naming_it(english, reason):
    with pytest.raises(InputError) as caught:
        read_twin_input(english, source="a.txt (English twin)")
    assert caught.value.source == "a.txt (English twin)" and reason in caught.value.reason


def test_process_names_the_english_twin_in_its_error():
    with pytest.raises(InputError) as caught:
        process(THAI, source_id="r1", english="")
    assert "r1 (English twin)" in str(caught.value)


# --- restoring -----------------------------------------------------------------------------------


def test_each_lost_numeral_gets_the_value_the_english_states_in_the_thai_form():
    repairs, warnings = detect_repairs_with_twin(THAI, read_twin(ENGLISH))
    found = {r.template.split(".")[0]: r for r in repairs}
    assert warnings == []
    assert [(r.replacement, r.twin.agreement) for r in repairs] == [
        ("2 ", "twin_only"),
        ("5.2 ", "twin_only"),
        ("320 ", "twin_only"),
        ("2,500 ", "twin_only"),
    ]
    # 2.5 billion baht before ล้านบาท is 2,500 (million); the English sentence is the evidence
    assert "2.5 billion baht" in found["count"].twin.sentence or "2.5 billion" in repairs[-1].twin.english
    assert all(r.status == "needs_review" for r in repairs)
    assert all("English twin" in r.evidence for r in repairs)


def test_twin_offsets_point_at_the_english_figure():
    twin = read_twin(ENGLISH)
    repairs, _ = detect_repairs_with_twin(THAI, twin)
    for r in repairs:
        assert twin.text[r.twin.start : r.twin.end] == r.twin.english


def test_a_value_the_thai_text_already_states_is_not_proposed_again():
    # 15 provinces is intact in the Thai text: the only other count is placed, 15 never is
    thai = "มีผู้เข้าร่วม คน จาก 15 จังหวัด เมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท"
    english = "On August 2, 2019, 320 people from 15 provinces took part; value 1,234.5 million baht."
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    assert [r.replacement for r in repairs] == ["320 "]


def test_two_values_the_alignment_cannot_tell_apart_are_candidates_not_a_replacement():
    thai = "ที่ประชุมเมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท มีผู้เข้าร่วม คน"
    english = (
        "On August 2, 2019 the meeting, worth 1,234.5 million baht, drew 320 participants; "
        "another 410 participants joined online."
    )
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    (repair,) = repairs
    assert repair.replacement is None
    assert {c.value for c in repair.candidates} >= {"320", "410"}
    assert repair.twin.agreement == "candidate"


def test_a_twin_that_contradicts_the_text_is_shown_as_disagreement_and_nothing_is_proposed():
    thai = "เมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท แบ่งออกเป็น หัวข้อ ได้แก่ “การค้า” และ “การลงทุน”"
    english = "On August 2, 2019 the talks, worth 1,234.5 million baht, covered three topics."
    alone = detect_repairs(thai)
    assert [r.replacement for r in alone] == ["2 "]
    (repair,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert repair.replacement is None and repair.twin.agreement == "disagrees"
    assert {c.value for c in repair.candidates} == {"2", "3"}
    assert "disagree" in repair.evidence


def test_agreement_raises_the_confidence_of_the_texts_own_proposal():
    thai = "เมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท แบ่งออกเป็น หัวข้อ ได้แก่ “การค้า” และ “การลงทุน”"
    english = "On August 2, 2019 the talks, worth 1,234.5 million baht, covered two topics."
    (alone,) = detect_repairs(thai)
    (repair,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert repair.replacement == alone.replacement == "2 "
    assert repair.twin.agreement == "agrees" and repair.confidence > alone.confidence


def test_an_english_on_another_subject_proposes_nothing_and_says_so():
    english = "The Prime Minister congratulated the football team on winning the regional cup in Hanoi."
    repairs, warnings = detect_repairs_with_twin(THAI, read_twin(english))
    assert [r.replacement for r in repairs] == [r.replacement for r in detect_repairs(THAI)]
    assert all(r.twin is None for r in repairs)
    assert len(warnings) == 1 and "does not look like this release's twin" in warnings[0]


def test_the_reference_release_without_a_twin_gives_the_numeral_stages_repairs():
    text = SEED.read_text(encoding="utf-8")
    record = process(text)
    expected = detect_repairs(normalize(text).text)
    assert [(r.start, r.template, r.replacement) for r in record.repairs] == [
        (r.start, r.template, r.replacement) for r in expected
    ]
    assert record.english is None and all(r.twin is None for r in record.repairs)


def test_process_keeps_the_english_and_applies_nothing_silently():
    record = process(THAI, english=ENGLISH)
    assert record.english == ENGLISH
    assert all(r.status == "needs_review" for r in record.repairs)
    assert "320 คน" in record.text_repaired and "320" not in record.text


# --- evaluation and learning ----------------------------------------------------------------------


def test_the_split_follows_the_shared_convention():
    import hashlib

    ids = [f"2021/01/0{i}/Government News_{i}.txt" for i in range(1, 10)]
    for en_id in ids:
        assert (split_of(en_id) == "heldout") == (int(hashlib.sha1(en_id.encode()).hexdigest(), 16) % 5 == 0)


def test_eval_twin_counts_restored_values_over_the_losses_the_english_states():
    intact = (
        "กระทรวงพาณิชย์รายงานว่า เมื่อวันที่ 2 ส.ค. 2562 มูลค่าการส่งออกอยู่ที่ 1,234.5 ล้านดอลลาร์สหรัฐ "
        "เพิ่มขึ้นร้อยละ 5.2 เมื่อเทียบกับปีก่อน โดยมีผู้ประกอบการเข้าร่วมทั้งหมด 320 คน จาก 15 จังหวัด"
    )
    report = evaluate_twin([({"en_id": "e", "th_id": "t"}, intact, ENGLISH)] * 4, seed=0, rate=0.6)
    total = report.total()
    assert report.pairs == 4 and total.losses >= 3 and total.stated >= 3
    assert total.restored + total.wrong + total.flagged + total.missed == total.stated
    assert total.restored >= total.stated - 1 and total.wrong == 0


def test_phrases_are_learned_from_the_same_number_in_both_releases():
    thai = "มูลค่าการส่งออกอยู่ที่ 1,234.5 ล้านดอลลาร์สหรัฐ และมีผู้ป่วยรายใหม่ 2,345 ราย"
    english = "Export value stood at USD 1,234.5 million, with 2,345 new cases."
    phrases, units = learn([("p1", thai, english)] * 2)
    assert phrases[("มูลค่าการส่งออก", "export value")][0] == 2
    assert units[("ราย", "cases")][0] == 2
    assert thai_phrase_before(thai, thai.index("1,234.5")) == "มูลค่าการส่งออก"
    assert english_phrase_before("with 12 deaths and") == ""


def test_values_the_english_states_in_order_go_to_the_lost_numbers_in_that_order():
    thai = "การประชุมสุดยอดอาเซียน ครั้งที่ และครั้งที่ ณ กรุงพนมเปญ เมื่อวันที่ 10 พ.ย. 2565 มูลค่า 1,234.5 ล้านบาท"
    english = "The 40th and 41st ASEAN Summits in Phnom Penh on November 10, 2022, worth 1,234.5 million baht."
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    assert [r.replacement for r in repairs] == ["40 ", "41 "]


def test_people_the_english_twin_names_take_its_spelling_in_the_record_and_the_summary():
    thai = (Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt").read_text("utf-8")
    english = (
        "SMEA and OSMEP hold APEC Local Innovation Ecosystem Forum. Director Lei Shih-Chien of SMEA and "
        "Mr Suwannachai Lohawattanakul, Director of OSMEP, opened the forum in Bangkok on August 2, 2019, "
        "the 3rd of 4 events, with 26% of participants from the tourism and food industries."
    )
    record = process(thai, english=english)
    people = {e.text: (e.english, e.english_source) for e in record.entities if e.label == "PERSON"}
    assert people["นายเหลยซื่อเชียน"] == ("Mr Lei Shih-Chien", "source")
    assert "Mr Lei Shih-Chien, Director, SMEA" in record.summary_en
    assert "Leisuechian" not in record.summary_en


# --- issue 11, second round: currency before the amount, nouns after it, learned word pairs ---------


def test_a_currency_before_the_amount_names_its_unit_and_words_after_cross_no_break_spaces():
    twin = read_twin("The Cabinet approved THB 2,200 million for 37,968\xa0active cases, and 12 deaths in all.")
    money, cases, deaths = twin.figures
    assert money.after[0] == "baht" and money.value == 2_200_000_000
    assert cases.after == ("active", "cases")
    assert deaths.after == ("deaths",)  # stops at "in": the words after belong to its own noun phrase


def test_the_currency_before_the_amount_places_it_in_a_baht_slot_not_a_people_slot():
    thai = "กระทรวงการคลังรายงานว่า ครม. อนุมัติวงเงินกว่า ล้านบาท ให้ผู้ประกอบการ 15 จังหวัด เมื่อวันที่ 2 ส.ค. 2562"
    english = "On August 2, 2019 the Cabinet approved over THB 2,200 million for entrepreneurs in 15 provinces."
    repairs, warnings = detect_repairs_with_twin(thai, read_twin(english))
    money = [r for r in repairs if r.replacement and "2,200" in r.replacement]
    assert warnings == [] and len(money) == 1 and money[0].twin.agreement == "twin_only"


def test_a_noun_after_an_adjective_confirms_the_only_value_left():
    thai = "ศบค. รายงานเมื่อวันที่ 2 ส.ค. 2564 ว่ามีผู้ติดเชื้อรายใหม่ 18,901 ราย ผู้ป่วยกำลังรักษาตัว ราย"
    english = "On August 2, 2021 CCSA reported 18,901 new cases, with 188,926 active cases."
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    assert [r.replacement for r in repairs if r.template.startswith("count")] == ["188,926 "]


def test_values_stated_twice_each_still_go_to_their_slots_in_order():
    thai = "ท่าอากาศยานรายงานเมื่อวันที่ 2 ส.ค. 2564 ผู้โดยสารขาเข้าประมาณ คน ขาออก คน รวม 44 เที่ยวบิน"
    english = (
        "8,281 arrivals and 3,613 departures on August 2, 2021\n"
        "On August 2, 2021 the airport handled 44 flights with 8,281 arrivals and 3,613 departures."
    )
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    counts = [r for r in repairs if r.template.startswith("count")]
    # the learned placement gives each slot its value in order, proposed or (below its threshold) first in line
    assert [r.twin.value for r in counts] == ["8,281", "3,613"]
    assert all(r.replacement in (None, r.twin.value + " ") for r in counts)
    assert any(r.replacement is not None for r in counts)
    assert all(r.status == "needs_review" for r in counts)


def test_learned_word_pairs_name_the_same_figure_on_both_sides():
    from pipeline.twin.english import read_twin as read
    from pipeline.twin.phrases import english_words_around, noun_pairs, thai_words_before

    figure = read("Cumulative number of recoveries, 72,869. Total cases 121,498.").figures[0]
    thai = "จำนวนผู้ที่หายป่วยสะสมจำนวน 72,869 ราย"
    assert "recoveries" in english_words_around(figure)
    words = thai_words_before(thai, thai.index("72,869"))
    assert any((t, "recoveries") in noun_pairs() for t in words)
    assert not any((t, "deaths") in noun_pairs() for t in words)


def test_decimals_are_restored_as_the_english_writes_them_at_the_thai_scale():
    thai = "กระทรวงการคลังรายงานเมื่อวันที่ 2 ส.ค. 2564 ว่าใช้งบประมาณ จำนวน ล้านบาท สำหรับ 15 จังหวัด"
    english = "On August 2, 2021 the Ministry of Finance spent 206,618.0 million Baht in 15 provinces."
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    assert [r.replacement for r in repairs] == ["206,618.0 "]


def test_the_same_scale_word_in_both_releases_confirms_the_only_value_left():
    thai = "กระทรวงการคลังรายงานเมื่อวันที่ 2 ส.ค. 2565\nนักท่องเที่ยวเดินทางเข้าไทยแล้ว ล้านคน"
    english = "On August 2, 2022 the Ministry of Finance reported.\n9.09 million foreign travelers have come."
    (scaled,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert scaled.twin.value == "9.09" and scaled.replacement in (None, "9.09 ")
    # without the scale word on the English side nothing confirms the place: a candidate only, and less likely
    english = "On August 2, 2022 the Ministry of Finance reported.\n9,090,000 foreign travelers have come."
    (plain,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert (plain.replacement, plain.twin.agreement) == (None, "candidate")

    def twin_confidence(repair):
        return repair.confidence if repair.replacement else next(c.confidence for c in repair.candidates)

    assert twin_confidence(scaled) > twin_confidence(plain)


def test_a_lost_dateline_takes_the_date_the_english_opens_with_not_a_later_one():
    thai = "วันที่ กันยายน 2565\nกระทรวงการคลังเปิดเผยว่า การประชุมเมื่อวันที่ 20 กันยายน 2565 และวันที่ 28 กันยายน 2565 เป็นไปด้วยดี"
    english = "September 28, 2022\nThe Ministry of Finance said the meetings of September 28 and September 29 went well"
    alone = detect_repairs(thai)
    assert alone and alone[0].replacement is None and len(alone[0].candidates) == 2  # the text alone cannot tell
    repairs, _ = detect_repairs_with_twin(thai, read_twin(english))
    assert repairs[0].replacement.strip() == "28" and repairs[0].status == "needs_review"
    assert repairs[0].twin.start == 0  # the evidence is the English dateline
