"""Specification of the damage generator (pipeline.numerals.damage) and the repair evaluation
(pipeline.numerals.evaluate). Examples are short sentences written for these tests."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numerals.damage import LOSS_KINDS, damage_release, damage_units
from pipeline.numerals.evaluate import evaluate_repairs
from pipeline.numerals.templates import Templates, load_templates

RELEASE = (
    "กระทรวงจัดงานประชุมนานาชาติ\n"
    "วันที่ 2 ส.ค. 62 กระทรวงจัดการประชุมครั้งที่ 3 ในรอบปี มีผู้เข้าร่วมทั้งหมด 120 คน "
    "แบ่งออกเป็น 2 หัวข้อ ได้แก่ “การค้า” และ “การลงทุน” ยอดส่งออกเพิ่มขึ้นร้อยละ 12 ของปีก่อน"
)


def damage(text: str, seed: int = 0, rate: float = 1.0):
    return damage_release(text, random.Random(seed), rate=rate)


def test_a_count_loses_its_digits_and_one_space():
    damaged = damage("งานจัดขึ้นทั้งหมด 4 รอบ โดยเริ่มปีนี้")
    assert damaged.text == "งานจัดขึ้นทั้งหมด รอบ โดยเริ่มปีนี้"
    [loss] = damaged.losses
    assert (loss.kind, loss.original) == ("count", "4")
    assert damaged.text[loss.position :].startswith("รอบ")


def test_an_ordinal_loses_its_number():
    damaged = damage("การประชุมครั้งที่ 3 ในรอบปี")
    assert damaged.text == "การประชุมครั้งที่ ในรอบปี"
    assert [(loss.kind, loss.original) for loss in damaged.losses] == [("ordinal", "3")]


def test_any_word_glued_to_ที่_makes_an_ordinal_but_the_day_of_a_date_is_a_date():
    damaged = damage("ผลการดำเนินงานไตรมาสที่ 2 ของปี และกลุ่มที่ 3 คือ ผู้ประกอบการ")
    assert damaged.text == "ผลการดำเนินงานไตรมาสที่ ของปี และกลุ่มที่ คือ ผู้ประกอบการ"
    assert [(loss.kind, loss.original) for loss in damaged.losses] == [("ordinal", "2"), ("ordinal", "3")]
    dated = damage("ประชุมเมื่อวันพุธที่ 4 พฤษภาคม 2565 ที่ทำเนียบรัฐบาล")
    assert all(loss.kind != "ordinal" for loss in dated.losses)


def test_a_percentage_loses_its_number():
    damaged = damage("ยอดส่งออกเพิ่มขึ้นร้อยละ 12 ของปีก่อน")
    assert damaged.text == "ยอดส่งออกเพิ่มขึ้นร้อยละ ของปีก่อน"
    assert damaged.losses[0].kind == "percent"


def test_dates_lose_the_day_the_month_letters_or_the_end_of_the_month():
    seen = {}
    for seed in range(40):
        damaged = damage("ประชุมเมื่อวันที่ 2 ส.ค. 62 ที่ทำเนียบ", seed)
        for loss in damaged.losses:
            seen[loss.kind] = (damaged.text, loss.original)
    assert seen["date_day_month"] == ("ประชุมเมื่อวันที่ .. 62 ที่ทำเนียบ", "2 ส.ค.")
    assert seen["date_day"] == ("ประชุมเมื่อวันที่ ส.ค. 62 ที่ทำเนียบ", "2")
    assert seen["month"] == ("ประชุมเมื่อวันที่ 2 ส. 62 ที่ทำเนียบ", "ส.ค.")


def test_losses_the_text_implies_are_marked():
    damaged = damage("แบ่งออกเป็น 2 หัวข้อ ได้แก่ “การค้า” และ “การลงทุน”")
    assert [(loss.original, loss.implied) for loss in damaged.losses] == [("2", True)]
    damaged = damage("จัดขึ้นทั้งหมด 4 รอบ โดยเริ่มปีนี้")
    assert [loss.implied for loss in damaged.losses] == [False]


def test_labels_are_not_counts():
    assert damage("ณ ห้องประชุม ชั้น 4 อาคาร 1 กระทรวงการคลัง").losses == ()


def test_the_same_seed_gives_the_same_damage():
    assert damage(RELEASE, 7, 0.5) == damage(RELEASE, 7, 0.5)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.floats(0, 1))
def test_removing_losses_is_all_that_changes(seed, rate):
    damaged = damage(RELEASE, seed, rate)
    assert all(loss.kind in LOSS_KINDS for loss in damaged.losses)
    assert len(damaged.text) < len(RELEASE) or not damaged.losses
    # every character of the damaged text appears in order in the intact text
    it = iter(RELEASE)
    assert all(ch in it for ch in damaged.text)
    positions = [loss.position for loss in damaged.losses]
    assert positions == sorted(positions) and all(0 <= p <= len(damaged.text) for p in positions)


def test_evaluation_reports_recall_false_flags_and_no_silent_changes():
    report = evaluate_repairs([RELEASE] * 3, seed=1, rate=1.0)
    assert report.releases == 3 and report.losses > 0
    assert report.silent_changes == 0
    assert report.false_flags_per_release == 0
    assert report.recall >= 0.8
    assert report.restored_share == 1.0  # the two topics and the month completion
    table = report.to_table()
    assert "recall" in table and "count.classifier" in table


def test_an_enumeration_implies_a_count_only_when_its_items_number_the_lost_count():
    damaged = damage("แบ่งออกเป็น 3 หัวข้อ ได้แก่ “การค้า” และ “การลงทุน” โดยเน้นการส่งออก")
    assert [(loss.original, loss.implied) for loss in damaged.losses] == [("3", False)]
    damaged = damage("มี 3 จังหวัด ได้แก่ เชียงใหม่ ลำพูน และลำปาง โดยเริ่มปีหน้า")
    assert [(loss.original, loss.implied) for loss in damaged.losses] == [("3", True)]
    damaged = damage("มาตรการ 3 ด้าน ดังนี้ 1) ลดภาษี 2) พักหนี้ 3) สินเชื่อ ทั้งนี้")
    assert next((loss.original, loss.implied) for loss in damaged.losses) == ("3", True)


def test_an_ordinal_after_the_occurrences_listed_before_it_is_implied():
    damaged = damage("กิจกรรมจัดขึ้นที่เชียงใหม่ และขอนแก่น เมื่อต้นปี ซึ่งในครั้งนี้จัดที่ภูเก็ต เป็นครั้งที่ 3 ของปี")
    assert [(loss.kind, loss.original, loss.implied) for loss in damaged.losses] == [("ordinal", "3", True)]


def test_a_phrase_repeated_intact_elsewhere_is_reported_apart_from_implied_losses():
    line = "กระทรวงพาณิชย์จัดงานแสดงสินค้า มีผู้เข้าร่วมทั้งหมด 120 คน จากทั่วประเทศ"
    damaged = damage(f"{line}\nรายละเอียด\n{line}", seed=3, rate=0.5)
    assert damaged.losses and all(not loss.implied for loss in damaged.losses)
    assert any(loss.repeated for loss in damaged.losses)
    report = evaluate_repairs([f"{line}\nรายละเอียด\n{line}"], seed=3, rate=0.5)
    assert report.implied == 0 and report.repeated >= 1
    assert "restored from repeated phrases" in report.to_table()


def test_evaluation_takes_a_release_date_from_the_record_only():
    record = {"text": "วันนี้ (24 ส.ค. 63) นายกรัฐมนตรีเปิดงาน มีผู้เข้าร่วมทั้งหมด 120 คน", "release_date": "2020-08-24"}
    with_date = evaluate_repairs([record], seed=0, rate=1.0)
    without = evaluate_repairs([record["text"]], seed=0, rate=1.0)
    assert with_date.releases == without.releases == 1 and with_date.losses == without.losses
    assert with_date.proposals >= without.proposals


# --- count sites come from a source independent of the templates ------------------------------------


def test_a_count_is_a_number_before_a_word_the_tagger_reads_as_a_classifier():
    damaged = damage("ตำรวจตรวจพบ 12 คดี ในเดือนนี้")
    assert damaged.text == "ตำรวจตรวจพบ คดี ในเดือนนี้"
    assert [(loss.kind, loss.original) for loss in damaged.losses] == [("count", "12")]


def test_a_count_is_a_number_before_a_unit_of_the_damage_list():
    assert "ตารางวา" in damage_units()
    damaged = damage("ที่ดินแปลงนี้มีขนาด 40 ตารางวา ติดถนน")
    assert [(loss.kind, loss.original) for loss in damaged.losses] == [("count", "40")]


def test_item_labels_times_and_years_are_not_counts():
    assert damage("สรุปผลการประชุม\n2 รัฐมนตรีรับทราบผลการดำเนินงาน").losses == ()
    assert damage("พิธีเริ่มเวลา 10 น. ที่ทำเนียบรัฐบาล").losses == ()
    assert damage("ในปี 2564 กระทรวงมีการประชุมทุกเดือน").losses == ()


def test_count_sites_do_not_depend_on_the_templates():
    text = "ตำรวจตรวจพบ 12 คดี และยึดสินค้า 300 กล่อง ในการประชุมครั้งที่ 3 ของปี"
    ordinals_only = [t for t in load_templates() if t.detector == "missing_ordinal"]
    bare = Templates(tuple(ordinals_only), load_templates().lexicon)
    with_all = damage_release(text, random.Random(0), rate=1.0)
    without_counts = damage_release(text, random.Random(0), rate=1.0, templates=bare)
    assert with_all == without_counts
    assert [loss.kind for loss in with_all.losses] == ["count", "count", "ordinal"]


def test_the_detectors_never_read_the_damage_units():
    import pathlib

    package = pathlib.Path(__file__).resolve().parent.parent / "pipeline" / "numerals"
    for module in package.glob("*.py"):
        if module.name != "damage.py":
            assert "damage_units" not in module.read_text(encoding="utf-8"), module.name
