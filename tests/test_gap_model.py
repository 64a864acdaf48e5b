"""The gap model (pipeline.numerals.gap_model): training examples from intact text, a model trained on a small
corpus written here, the shipped model's use by numeral repair, and `thaipress train gaps`."""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluation.samples import parse_slice
from pipeline.numerals import detect_repairs, load_templates
from pipeline.numerals.detectors import find_slots
from pipeline.numerals.detectors.learned_counts import gap_probabilities
from pipeline.numerals.document import Document
from pipeline.numerals.gap_model import GapModel, intact_gaps, is_gap, train_gap_model
from pipeline.numerals.lexicon import gap_labels
from pipeline.tokens import word_tokenize

TEMPLATES = load_templates()

# Short intact sentences: a count between a verb and its classifier, and the same words without a number.
COUNTED = [
    "กระทรวงเปิดศูนย์ 12 แห่ง ในภาคเหนือ",
    "กรมจัดอบรม 5 รุ่น ให้เกษตรกร",
    "จังหวัดเปิดศูนย์ 8 แห่ง ในภาคใต้",
    "กรมจัดอบรม 3 รุ่น ให้ครู",
]
UNCOUNTED = [
    "กระทรวงเปิดศูนย์ แห่งใหม่ของภาค",
    "นายกรัฐมนตรี ได้มอบนโยบาย แก่ผู้ว่าราชการ",
    "ผู้ว่าราชการ ได้ตรวจเยี่ยม ประชาชน",
    "รัฐมนตรี ได้ลงพื้นที่ ให้กำลังใจ",
]


def examples(text: str, **kw) -> list[tuple[str, str, bool]]:
    """(word before, word after, number was there) of each training example of ``text``."""
    out = []
    for features, number in intact_gaps(word_tokenize(text), **kw):
        named = dict(f.split("=", 1) for f in features if f.startswith(("L1=", "R1=")))
        out.append((named["L1"], named["R1"], number))
    return out


def test_a_number_between_two_words_is_a_positive_example_seen_as_damage_leaves_it():
    assert ("ศูนย์", "แห่ง", True) in examples("กระทรวงเปิดศูนย์ 12 แห่ง ในภาคเหนือ")


def test_two_words_already_meeting_at_a_space_are_a_negative_example():
    assert ("นโยบาย", "แก่", False) in examples("ได้มอบนโยบาย แก่ผู้ว่าราชการ")


def test_numbers_of_dates_and_after_labels_are_not_counts():
    assert examples("ประชุมชั้น 2 ห้องประชุม", labels=frozenset(["ชั้น"])) == []
    tokens = word_tokenize("ประชุม 3 มีนาคม")
    assert list(intact_gaps(tokens, in_number_of_date=lambda j: True)) == []


def test_a_gap_needs_a_word_before_and_a_thai_word_after():
    words = word_tokenize("จัด 12 แห่ง และ ABC ต่อ")
    labels = gap_labels()
    # not before แห่ง (a number before it), nor before ABC (not Thai)
    assert [words[i] for i in range(len(words)) if is_gap(words, i, labels)] == ["และ", "ต่อ"]
    assert "ชั้น" in labels and "มีนาคม" in labels


def test_a_model_trained_on_intact_text_scores_a_lost_count_above_an_ordinary_gap(tmp_path):
    path = tmp_path / "gap.crfsuite"
    summary = train_gap_model(COUNTED * 5 + UNCOUNTED * 5, path, params={"feature.minfreq": 1})
    assert summary["positives"] == 20 and summary["examples"] > summary["positives"]
    model = GapModel(path)
    (lost, _), _ = intact_gaps(word_tokenize("กรมจัดอบรม รุ่น ให้ชาวนา"))  # before รุ่น, then before ให้
    ordinary = [features for features, _ in intact_gaps(word_tokenize("รัฐมนตรี ได้ลงพื้นที่ ให้ชาวนา"))]
    assert len(ordinary) == 2
    assert model.probability(lost) > 0.5 > max(model.probability(f) for f in ordinary)


def test_the_shipped_model_finds_a_count_no_word_list_names():
    text = "ในปีนี้ประเทศไทยติดอันดับ ประเทศที่ฟื้นตัวเร็วที่สุดในภูมิภาค"
    repairs = [r for r in detect_repairs(text) if r.template == "count.learned_gap"]
    assert [(r.start, r.status) for r in repairs] == [(text.index("ประเทศที่"), "needs_review")]
    assert "model trained on intact releases" in repairs[0].evidence


def test_no_gap_flag_before_a_word_that_a_number_makes_a_label():
    text = "การประชุมจัดขึ้น ณ ห้องประชุม ชั้น 5 อาคารกระทรวง"  # the model alone reads "ห้องประชุม _ ชั้น" as a gap
    doc = Document(text, TEMPLATES.lexicon)
    assert (
        gap_probabilities(doc)[doc.token_index_at(text.index("ชั้น"))] >= TEMPLATES.by_id("count.learned_gap").min_share
    )
    assert "count.learned_gap" not in [r.template for r in detect_repairs(text)]


def test_the_model_vetoes_a_count_slot_that_reads_as_a_noun():
    text = "มอบถุงยังชีพแก่ผู้ประสบภัย โดยมี คณะผู้บริหาร และพนักงานร่วมกิจกรรม"
    doc = Document(text, TEMPLATES.lexicon)
    vetoless = [t if t.id != "count.learned_gap" else type(t)(**{**t.__dict__, "veto_below": 0.0}) for t in TEMPLATES]
    before = [s.template.id for s in find_slots(doc, vetoless)]
    after = [s.template.id for s in find_slots(Document(text, TEMPLATES.lexicon), TEMPLATES)]
    assert "count.classifier" in before
    assert after == []
    gap = doc.token_index_at(text.index("คณะ"))
    assert gap_probabilities(doc)[gap] < TEMPLATES.by_id("count.learned_gap").veto_below


def test_slices_are_offset_and_limit():
    assert parse_slice("3000:2000") == (3000, 2000)
    with pytest.raises(ValueError, match="OFFSET:LIMIT"):
        parse_slice("3000")


def test_train_gaps_command_learns_from_the_slices_named(tmp_path):
    sample = tmp_path / "sample.jsonl.gz"
    rows = [{"id": str(i), "text": t} for i, t in enumerate((COUNTED + UNCOUNTED) * 3)]
    with gzip.open(sample, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out = tmp_path / "model" / "gap.crfsuite"
    result = CliRunner().invoke(
        app, ["train", "gaps", str(sample), "--slice", "0:8", "--slice", "16:4", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["releases"] == 12 and summary["slices"] == ["0:8", "16:4"] and out.exists()
    bad = CliRunner().invoke(app, ["train", "gaps", str(sample), "--slice", "oops"])
    assert bad.exit_code == 2 and "OFFSET:LIMIT" in bad.output


def test_train_pairs_command_learns_the_count_pair_table_from_the_slices_named(tmp_path):
    from pipeline.numerals.count_pairs import CountPairs

    sample = tmp_path / "sample.jsonl.gz"
    rows = [{"id": str(i), "text": t} for i, t in enumerate((COUNTED + UNCOUNTED) * 3)]
    with gzip.open(sample, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    out = tmp_path / "count_pairs.tsv"
    result = CliRunner().invoke(
        app, ["train", "pairs", str(sample), "--slice", "0:8", "--slice", "16:4", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["releases"] == 12 and summary["slices"] == ["0:8", "16:4"]
    # "เปิดศูนย์ 12 แห่ง" twice and "เปิดศูนย์ แห่งใหม่" once in each copy of the four: seen often enough to keep
    assert CountPairs.from_disk(out).counts[("ศูนย์", "แห่ง")][0] >= 2
