"""The twin's learned placement (pipeline/twin/placement.py, weights in models/twin-placement/placement.json)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline.numerals import detect_repairs
from pipeline.resources import model_file
from pipeline.twin import detect_repairs_with_twin, read_twin
from pipeline.twin.placement import FEATURES, MODEL_PATH, PlacementModel, assign, default_model, options
from pipeline.twin.restore import hand_placements, twin_context
from pipeline.twin.train_placement import fit, main


def test_the_shipped_weights_are_reviewable_data_with_their_provenance():
    data = json.loads(model_file(*MODEL_PATH).read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    assert "dev pairs" in data["trained_on"] and "0" not in data["trained_on"].split("in [")[1].split("]")[0]
    assert 0.0 < data["threshold"] < 1.0 and data["rows"] > 1000
    model = default_model()
    assert model is not None and model.threshold == data["threshold"]


def test_a_lone_count_the_english_names_with_the_same_unit_is_restored():
    thai = "ศบค. รายงานเมื่อวันที่ 2 ส.ค. 2564 ว่ามีผู้ติดเชื้อรายใหม่ ราย และผู้เสียชีวิต 147 ราย"
    english = "On August 2, 2021 the CCSA reported 18,901 new cases and 147 deaths."
    repairs, warnings = detect_repairs_with_twin(thai, read_twin(english))
    assert warnings == []
    (repair,) = repairs
    assert repair.replacement.strip() == "18,901" and repair.twin.agreement == "twin_only"
    assert repair.status == "needs_review" and "learned placement: probability" in repair.evidence
    assert "18,901 new cases" in repair.twin.sentence


def test_two_counts_nothing_tells_apart_are_only_flagged_with_both_values():
    thai = "ที่ประชุมเมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท มีผู้เข้าร่วม คน"
    english = (
        "On August 2, 2019 the meeting, worth 1,234.5 million baht, drew 320 participants; "
        "another 410 participants joined online."
    )
    (repair,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert repair.replacement is None and repair.twin.agreement == "candidate"
    assert {c.value for c in repair.candidates} >= {"320", "410"}


def test_a_twin_contradicting_the_texts_own_value_is_shown_as_disagreement():
    thai = "เมื่อวันที่ 2 ส.ค. 2562 มูลค่า 1,234.5 ล้านบาท แบ่งออกเป็น หัวข้อ ได้แก่ “การค้า” และ “การลงทุน”"
    english = "On August 2, 2019 the talks, worth 1,234.5 million baht, covered three topics."
    assert [r.replacement for r in detect_repairs(thai)] == ["2 "]
    (repair,), _ = detect_repairs_with_twin(thai, read_twin(english))
    assert repair.replacement is None and repair.twin.agreement == "disagrees"
    assert {c.value for c in repair.candidates} == {"2", "3"} and "disagree" in repair.evidence


def test_each_option_has_every_feature_and_a_currency_before_the_amount_makes_it_likely():
    thai = "กระทรวงการคลังรายงานว่า ครม. อนุมัติวงเงินกว่า ล้านบาท ให้ผู้ประกอบการ 15 จังหวัด เมื่อวันที่ 2 ส.ค. 2562"
    english = "On August 2, 2019 the Cabinet approved THB 2,200 million for 340 entrepreneurs in 15 provinces."
    ctx, warnings = twin_context(thai, read_twin(english))
    assert warnings == []
    found = options(ctx, hand_placements(ctx))
    assert found and all(set(o.features) == set(FEATURES) for o in found)
    counts = [o for o in found if ctx.slots[o.slot].template.kind == "count"]
    # 340 entrepreneurs names another unit than the baht slot: not an option at all
    assert [o.value for o in counts] == ["2,200"] and counts[0].features["unit_match"] == 1.0
    model = default_model()
    assert model.probability(counts[0].features) >= model.threshold
    plain = dict(counts[0].features, unit_match=0.0, unit_named=0.0, count_unit_match=0.0, unit_named_rel=0.0)
    assert model.probability(plain) < model.probability(counts[0].features)


def test_assignment_gives_a_figure_to_as_many_slots_as_the_english_states_it():
    # two slots want the same figure stated once; the likelier one gets it, the other takes its next value
    items = [(0.9, 0, 10, "a", False), (0.8, 1, 10, "a", False), (0.7, 1, 30, "b", False), (0.2, 2, 50, "c", False)]
    assert assign(items, Counter({"a": 1, "b": 1, "c": 1}), 0.5) == {0: (0.9, 10), 1: (0.7, 30)}
    assert assign(items, Counter({"a": 2, "b": 1, "c": 1}), 0.5) == {0: (0.9, 10), 1: (0.8, 10)}
    # a date may go to every slot that fits it: a release repeats its dates
    dates = [(0.9, 0, 5, "d", True), (0.9, 1, 5, "d", True)]
    assert assign(dates, Counter({"d": 1}), 0.5) == {0: (0.9, 5), 1: (0.9, 5)}


def test_the_fit_learns_which_features_point_to_the_lost_value():
    rows = [
        {"x": {"unit_match": 1.0, "other_thing": 0.0}, "label": 1},
        {"x": {"unit_match": 1.0, "other_thing": 0.0}, "label": 1},
        {"x": {"unit_match": 1.0, "other_thing": 1.0}, "label": 0},
        {"x": {"unit_match": 0.0, "other_thing": 0.0}, "label": 0},
        {"x": {"unit_match": 0.0, "other_thing": 1.0}, "label": 0},
        {"x": {"unit_match": 0.0, "other_thing": 0.0}, "label": 1},
    ] * 5
    weights, bias = fit(rows)
    assert weights["unit_match"] > 0 > weights["other_thing"]
    assert fit(rows) == (weights, bias)  # deterministic


def test_weights_for_an_unknown_feature_are_an_error_naming_the_file(tmp_path):
    path = tmp_path / "placement.json"
    path.write_text(json.dumps({"weights": {"shoe_size": 1.0}, "bias": 0, "threshold": 0.5}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"placement\.json.*shoe_size"):
        PlacementModel.load(path)


def test_training_refuses_the_held_out_bucket(tmp_path):
    with pytest.raises(SystemExit):
        main(["pairs.jsonl", "archive.jsonl.gz", "--buckets", "0,1", "--out", str(tmp_path / "m.json")])
