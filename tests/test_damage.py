"""Specification of the damage generator (pipeline.numerals.damage) and the repair evaluation
(pipeline.numerals.evaluate). Examples are short sentences written for these tests."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numerals.damage import LOSS_KINDS, damage_release
from pipeline.numerals.evaluate import evaluate_repairs

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
    assert [(l.kind, l.original) for l in damaged.losses] == [("ordinal", "3")]


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
    assert [(l.original, l.implied) for l in damaged.losses] == [("2", True)]
    damaged = damage("จัดขึ้นทั้งหมด 4 รอบ โดยเริ่มปีนี้")
    assert [l.implied for l in damaged.losses] == [False]


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
