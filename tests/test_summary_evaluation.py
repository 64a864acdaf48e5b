"""Summary evaluation against the agency's own English release, and faithfulness over a sample."""

from __future__ import annotations

import gzip
import json

from pipeline.evaluation.summary import (
    SummaryPair,
    evaluate_summaries,
    faithfulness_over_sample,
    key_numbers,
    load_pairs,
)

THAI = (
    "สสว. จัดสัมมนา\n"
    "นายสุวรรณชัย โลหะวัฒนกุล ผู้อำนวยการ สสว. ร่วมกับ กรมการค้าภายใน จัด “งานสัมมนาการค้า” "
    "เมื่อวันที่ 2 ส.ค. 2562 มีผู้เข้าร่วม 120 คน งบประมาณ 5 ล้านบาท"
)
ENGLISH = (
    "On August 2, 2019, at 1530hrs, OSMEP Director Suwannachai Lohawattanakul opened a seminar with the "
    "Department of Internal Trade for 120 entrepreneurs, with a budget of 5 million baht."
)


def test_key_numbers_leave_out_dates_times_and_years():
    assert key_numbers(ENGLISH) == {"120", "5"}


def test_a_pair_is_scored_on_numbers_organisations_and_names():
    report = evaluate_summaries([SummaryPair("th", "en", THAI, ENGLISH)])
    score = report.pairs[0]
    assert score.numbers_in_thai == 1.0
    assert score.key_numbers_stated == 1.0
    assert score.organizations_stated == 1.0  # OSMEP and the Department of Internal Trade
    assert score.name_similarity > 0.9  # "Suwannachai Lohawatthanakun" against "Suwannachai Lohawattanakul"
    assert report.as_dict()["pairs"] == 1


def test_pairs_are_resolved_from_ids_against_the_sample(tmp_path):
    sample = tmp_path / "sample.jsonl.gz"
    with gzip.open(sample, "wt", encoding="utf-8") as handle:
        for item_id, text in (("th", THAI), ("en", ENGLISH), ("other", "ข่าวอื่น")):
            handle.write(json.dumps({"id": item_id, "text": text}, ensure_ascii=False) + "\n")
    pairs_file = tmp_path / "pairs.jsonl"
    pairs_file.write_text(json.dumps({"thai_id": "th", "english_id": "en"}) + "\n", encoding="utf-8")
    [pair] = load_pairs(pairs_file, sample)
    assert (pair.thai_text, pair.english_text) == (THAI, ENGLISH)
    report = faithfulness_over_sample(sample, limit=10)
    assert (report.releases, report.untraceable_numbers) == (2, 0)  # the English item is skipped


def test_key_numbers_leave_out_list_marks_and_the_pages_furniture():
    english = (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-PM to visit Malaysia during Dec 15-16\n\n\n"
        "วันศุกร์ที่ 13 ธันวาคม 2567\n13/12/2567\nพิมพ์\n"
        "The Cabinet approved 3 measures worth 1,200 million baht for 77 provinces:\n"
        "1) soft loans; 2) tax cuts; (3) training. The plan covers 4 regions as follows: 1. North 2. South\n"
        "The number of provinces reached 77. The budget rose 8.2% YoY.\n"
        "ที่มา : https://www.thaigov.go.th/news/contents/details/91304"
    )
    assert key_numbers(english) == {"3", "1200", "77", "4", "8.2"}


def test_the_earlier_count_of_key_numbers_is_reported_beside_the_new_one():
    english = ENGLISH + "\n3) Details: www.thaigov.go.th/news/contents/details/91304"
    report = evaluate_summaries([SummaryPair("th", "en", THAI, english)])
    assert report.as_dict()["key_numbers_stated"] == 1.0
    assert report.as_dict()["key_numbers_stated_before_fix"] < 1.0  # it counted the list mark and the address
