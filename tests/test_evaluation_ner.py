"""Entity evaluation: error kinds, document-level scores, and the standoff government-release set."""

import gzip
import json
from pathlib import Path

import pytest

from pipeline.archive.reader import bucket
from pipeline.evaluation import ner_dev
from pipeline.evaluation.ner import EvalDocument, evaluate_documents, format_results, government_documents
from pipeline.evaluation.scores import classify_errors, score_documents

LABELS = ("PERSON", "ORGANIZATION", "LOCATION", "DATE")


def test_each_gold_mention_gets_one_error_kind():
    gold = [(0, 10, "ORGANIZATION"), (11, 15, "LOCATION"), (20, 30, "PERSON"), (31, 40, "DATE"), (41, 45, "LOCATION")]
    predicted = [
        (0, 10, "ORGANIZATION"),  # correct
        (11, 15, "ORGANIZATION"),  # wrong label
        (20, 27, "PERSON"),  # wrong span
        (31, 36, "LOCATION"),  # wrong label and span
        (50, 55, "ORGANIZATION"),  # spurious
    ]  # (41, 45) LOCATION is missed
    counts, confused = classify_errors([(gold, predicted)], LABELS)
    assert counts["ORGANIZATION"].correct == 1 and counts["ORGANIZATION"].spurious == 1
    assert counts["LOCATION"].wrong_label == 1 and counts["LOCATION"].missed == 1
    assert counts["PERSON"].wrong_span == 1
    assert counts["DATE"].wrong_both == 1
    assert confused == {("LOCATION", "ORGANIZATION"): 1, ("DATE", "LOCATION"): 1}


def test_a_prediction_of_an_unscored_label_is_no_spurious_mention_but_explains_a_wrong_label():
    counts, confused = classify_errors([([(0, 8, "ORGANIZATION")], [(0, 8, "LAW"), (9, 12, "TIME")])], LABELS)
    assert counts["ORGANIZATION"].wrong_label == 1
    assert sum(c.spurious for c in counts.values()) == 0
    assert confused[("ORGANIZATION", "LAW")] == 1


def test_document_level_counts_each_distinct_name_once_and_ignores_where_it_was_found():
    text = "กระทรวงแรงงาน และ กระทรวงแรงงาน ไป ลาว"
    gold = [(0, 13, "ORGANIZATION"), (18, 31, "ORGANIZATION"), (35, 38, "LOCATION")]
    predicted = [(18, 31, "ORGANIZATION"), (35, 38, "PERSON")]
    scores = score_documents([(text, gold, predicted)], LABELS)
    assert (scores["ORGANIZATION"].true_positives, scores["ORGANIZATION"].gold) == (1, 1)
    assert scores["LOCATION"].recall == 0.0 and scores["PERSON"].predicted == 1
    assert scores["ALL"].gold == 2


def test_predictions_before_the_scope_start_are_not_scored():
    doc = EvalDocument("ไทย-ข่าว ลาว", ((9, 12, "LOCATION"),), scope_start=4)
    system = lambda text: [(0, 3, "LOCATION"), (9, 12, "LOCATION")]  # noqa: E731
    [result] = evaluate_documents([doc], {"s": system}, LABELS)
    assert result.scores["ALL"].precision == 1.0
    assert "wrong label" in format_results([result], detail=True)


# --- the standoff set --------------------------------------------------------------------------------

BANNER = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"


def _write_archive(path, records):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.fixture
def annotated_home(tmp_path, monkeypatch):
    """A project home with one annotated release, and an archive holding its text."""
    text = BANNER + "ข่าว\n\u00a0นายสมชาย\u200b ใจดี เยือน\u00a0กรุงโตเกียว"
    spans = ner_dev.spans_from_surfaces(text, [("PERSON", "นายสมชาย ใจดี"), ("LOCATION", "กรุงโตเกียว")], len(BANNER))
    annotation = {
        "id": "a/1.txt",
        "sha1": ner_dev.text_sha1(text),
        "split": "dev",
        "scope_start": len(BANNER),
        "entities": [list(s) for s in spans],
    }
    (tmp_path / "corpora" / "ner-dev").mkdir(parents=True)
    real = Path(__file__).resolve().parents[1]
    for child in (real / "corpora").iterdir():  # the rest of the project's data, so the pipeline runs
        if child.name != "ner-dev":
            (tmp_path / "corpora" / child.name).symlink_to(child)
    (tmp_path / "models").symlink_to(real / "models")
    (tmp_path / "corpora" / "ner-dev" / "dev.jsonl").write_text(
        json.dumps(annotation, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for other in ("heldout", "heldout2", "heldout3", "heldout4", "train"):
        (tmp_path / "corpora" / "ner-dev" / f"{other}.jsonl").write_text("", encoding="utf-8")
    archive = tmp_path / "archive.jsonl.gz"
    _write_archive(
        archive, [{"id": "a/0.txt", "lang": "th", "text": "อื่น"}, {"id": "a/1.txt", "lang": "th", "text": text}]
    )
    monkeypatch.setenv("THAIPRESS_HOME", str(tmp_path))
    return tmp_path, archive, text, annotation


def test_surfaces_typed_with_plain_spaces_find_the_raw_text_with_its_odd_spaces(annotated_home):
    _, archive, text, annotation = annotated_home
    [release] = ner_dev.load_annotated(archive, "dev")
    assert [text[s:e] for s, e, _ in release.spans] == ["นายสมชาย\u200b ใจดี", "กรุงโตเกียว"]
    assert annotation["entities"][0][3] == "นายสมชาย\u200b ใจดี"


def test_gold_offsets_are_carried_onto_the_normalised_text(annotated_home):
    _, archive, _, _ = annotated_home
    [doc] = government_documents(archive, "dev")
    assert [doc.text[s:e] for s, e, _ in doc.gold] == ["นายสมชาย ใจดี", "กรุงโตเกียว"]
    assert doc.text[doc.scope_start :].startswith("ข่าว")


def test_a_changed_archive_text_is_reported_with_the_release_id(annotated_home):
    tmp_path, _, text, _ = annotated_home
    changed = tmp_path / "changed.jsonl.gz"
    _write_archive(changed, [{"id": "a/1.txt", "lang": "th", "text": text + "!"}])
    with pytest.raises(ner_dev.AnnotationError, match=r"a/1.txt.*sha1"):
        ner_dev.load_annotated(changed, "dev")


def test_a_surface_that_does_not_match_its_offsets_is_reported(annotated_home):
    _, _archive, text, annotation = annotated_home
    annotation["entities"][1][3] = "กรุงปักกิ่ง"
    with pytest.raises(ner_dev.AnnotationError, match="กรุงปักกิ่ง"):
        ner_dev.check_release(annotation, text)


def test_a_release_missing_from_the_archive_is_reported(annotated_home):
    tmp_path, _, _, _ = annotated_home
    other = tmp_path / "other.jsonl.gz"
    _write_archive(other, [{"id": "b/1.txt", "lang": "th", "text": "x"}])
    with pytest.raises(ner_dev.AnnotationError, match="not in"):
        ner_dev.load_annotated(other, "dev")


def test_context_marks_pick_the_occurrence_and_a_missing_surface_is_an_error():
    text = "ฟังไทยคู่ฟ้า ระหว่างไทยกับลาว"
    assert ner_dev.spans_from_surfaces(text, [("LOCATION", "ระหว่าง«ไทย»")])[0][:2] == (20, 23)
    with pytest.raises(ner_dev.AnnotationError, match="เวียดนาม"):
        ner_dev.spans_from_surfaces(text, [("LOCATION", "เวียดนาม")])


def test_the_draw_keeps_only_unseen_thai_releases_of_bucket_zero_and_of_the_size_asked(tmp_path):
    ids = [f"2024/01/{n:02d}/x.txt" for n in range(60)]
    bucket0 = [i for i in ids if bucket(i) == 0]
    assert len(bucket0) >= 4
    records = [{"id": i, "lang": "th", "text": "ก" * 500} for i in ids]  # 1,500 bytes each
    records[ids.index(bucket0[0])]["lang"] = "en"
    records[ids.index(bucket0[1])]["text"] = "ก" * 100  # too short
    sample, archive = tmp_path / "sample.jsonl.gz", tmp_path / "archive.jsonl.gz"
    _write_archive(sample, [{"id": bucket0[2], "text": "ก"}])
    _write_archive(archive, records)
    drawn = ner_dev.draw_releases(archive, sample, count=100, seed=12)
    assert sorted(drawn) == sorted(bucket0[3:])
    assert drawn == ner_dev.draw_releases(archive, sample, count=100, seed=12)
    # a fresh set leaves out the releases annotated before
    fresh = ner_dev.draw_releases(archive, sample, count=100, seed=2026, exclude=drawn[:2])
    assert sorted(fresh) == sorted(drawn[2:])


def test_the_shipped_annotation_files_are_well_formed():
    seen = set()
    for split in ner_dev.SPLITS:
        for annotation in ner_dev.read_annotations(ner_dev.annotation_files(split)):
            assert annotation["split"] == split and annotation["id"] not in seen
            # evaluation splits are bucket 0, the training split never is
            assert (bucket(annotation["id"]) == 0) == (split not in ner_dev.TRAINING_SPLITS)
            seen.add(annotation["id"])
            previous_end = annotation["scope_start"]
            for start, end, label, surface in annotation["entities"]:
                assert label in LABELS and len(surface) == end - start and surface.strip() == surface
                assert start >= previous_end and "\n" not in surface  # sorted, no overlap, one line
                previous_end = end
    assert len(seen) >= 20


def test_the_fresh_heldout_split_is_its_own_draw_of_releases_annotated_for_it():
    # heldout2 (corpora/ner-dev/README.md): 25 releases in draw order, none of them in dev or heldout
    earlier_files = ner_dev.annotation_files("dev") + ner_dev.annotation_files("heldout")
    earlier = {a["id"] for a in ner_dev.read_annotations(earlier_files)}
    fresh = list(ner_dev.read_annotations(ner_dev.annotation_files("heldout2")))
    assert len(fresh) >= 25 and not earlier & {a["id"] for a in fresh}
    assert [a["draw"] for a in fresh] == list(range(len(fresh)))
    assert all(a["annotator"] == "nerdata2" and a["entities"] for a in fresh)


SHARED_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
ARCHIVE, SAMPLE = SHARED_CORPORA / "thaigov-archive.jsonl.gz", SHARED_CORPORA / "thaigov-sample.jsonl.gz"


def test_the_training_split_is_left_out_of_all_and_draws_outside_bucket_zero(tmp_path):
    assert "train" in ner_dev.SPLITS and all(
        path.stem not in ner_dev.TRAINING_SPLITS for path in ner_dev.annotation_files()
    )
    ids = [f"2024/02/{n:02d}/x.txt" for n in range(40)]
    sample, archive = tmp_path / "sample.jsonl.gz", tmp_path / "archive.jsonl.gz"
    _write_archive(sample, [])
    _write_archive(archive, [{"id": i, "lang": "th", "text": "ก" * 500} for i in ids])
    drawn = ner_dev.draw_releases(archive, sample, count=100, seed=21, held_out=False)
    assert sorted(drawn) == sorted(i for i in ids if bucket(i) != 0) and len(drawn) < len(ids)


@pytest.mark.skipif(not ARCHIVE.exists(), reason=f"needs the archive at {ARCHIVE}")
def test_the_training_split_loads_from_the_archive_with_its_offsets_on_its_surfaces():
    shipped = list(ner_dev.read_annotations(ner_dev.annotation_files("train")))
    releases = ner_dev.load_annotated(ARCHIVE, "train")  # checks every sha1 and surface
    assert len(releases) == len(shipped) >= 10
    draws = [a["draw"] for a in shipped]
    # lines in draw order, each draw once; runs of draws annotated in parallel may leave a gap (0..k, 360..m)
    assert draws == sorted(set(draws)) and draws[0] == 0 and all(isinstance(d, int) for d in draws)
    for annotation, release in zip(shipped, releases):
        assert release.id == annotation["id"] and release.split == "train" and release.spans
        assert all(release.text[s:e] == surface for s, e, _, surface in annotation["entities"])
        assert 1024 <= len(release.text.encode("utf-8")) <= 6000
    # every line is the release of the documented draw (corpora/ner-dev/README.md) at its `draw` position
    # (on these 14,602 candidates random.sample(seed 21) keeps its first n for any count up to 1,365, so a
    # draw up to the file's last position gives the same releases at the earlier positions)
    if SAMPLE.exists():
        evaluation = {a["id"] for a in ner_dev.read_annotations(ner_dev.annotation_files())}
        drawn = ner_dev.draw_releases(
            ARCHIVE, SAMPLE, count=draws[-1] + 1, seed=21, max_bytes=6000, held_out=False, exclude=evaluation
        )
        assert [a["id"] for a in shipped] == [drawn[d] for d in draws]


# The fresh held-out splits drawn after heldout2 (corpora/ner-dev/README.md): split -> (releases, annotator,
# the seed of its draw, the evaluation splits that existed when it was drawn, whose releases its draw leaves out)
LATER_HELDOUT = {
    "heldout3": (25, "nerheld3", 3, ("dev", "heldout", "heldout2")),
    "heldout4": (30, "nerheld4", 4, ("dev", "heldout", "heldout2", "heldout3")),
}


def _earlier_files(split: str) -> list[Path]:
    return [path for earlier in LATER_HELDOUT[split][3] for path in ner_dev.annotation_files(earlier)]


@pytest.mark.parametrize("split", list(LATER_HELDOUT))
def test_a_later_heldout_split_is_its_own_draw_of_releases_annotated_for_it(split):
    # its releases in draw order, none of them in an earlier evaluation split
    size, annotator, _seed, _earlier = LATER_HELDOUT[split]
    earlier = {a["id"] for a in ner_dev.read_annotations(_earlier_files(split))}
    fresh = list(ner_dev.read_annotations(ner_dev.annotation_files(split)))
    assert len(fresh) == size and not earlier & {a["id"] for a in fresh}
    assert [a["draw"] for a in fresh] == list(range(len(fresh)))
    assert all(a["annotator"] == annotator and a["split"] == split and a["entities"] for a in fresh)
    assert {label for a in fresh for *_, label, _ in a["entities"]} == set(LABELS)


SHARED_ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "thaigov-archive.jsonl.gz"


@pytest.mark.skipif(not SHARED_ARCHIVE.exists(), reason=f"needs the archive {SHARED_ARCHIVE}")
@pytest.mark.parametrize("split", list(LATER_HELDOUT))
def test_a_later_heldout_split_loads_from_the_archive_and_is_the_documented_draw(split):
    size, _annotator, seed, _earlier = LATER_HELDOUT[split]
    shipped = list(ner_dev.read_annotations(ner_dev.annotation_files(split)))
    releases = ner_dev.load_annotated(SHARED_ARCHIVE, split)  # checks every sha1 and surface
    assert len(releases) == len(shipped) == size and all(r.split == split and r.scope_start == 28 for r in releases)
    assert all(1024 <= len(r.text.encode("utf-8")) <= 4096 and bucket(r.id) == 0 for r in releases)
    earlier = [a["id"] for a in ner_dev.read_annotations(_earlier_files(split))]
    sample = SHARED_ARCHIVE.with_name("thaigov-sample.jsonl.gz")
    # the documented call with the count the file holds: the same releases, in draw order, none skipped
    drawn = ner_dev.draw_releases(SHARED_ARCHIVE, sample, count=len(shipped), seed=seed, exclude=earlier)
    assert [a["id"] for a in shipped] == [r.id for r in releases] == drawn


# --- the command ---------------------------------------------------------------------------------------


def test_eval_ner_on_the_government_set_prints_both_levels_and_the_error_kinds(annotated_home):
    from typer.testing import CliRunner

    from pipeline.cli import app

    _, archive, _, _ = annotated_home
    result = CliRunner().invoke(app, ["eval", "ner", "--gov", str(archive), "--split", "dev", "--no-peer"])
    assert result.exit_code == 0, result.output
    assert "document level" in result.stdout and "wrong label" in result.stdout
    assert "(1 releases)" in result.stdout


def test_eval_ner_names_a_changed_archive_and_needs_some_data(annotated_home):
    from typer.testing import CliRunner

    from pipeline.cli import app

    tmp_path, _, text, _ = annotated_home
    changed = tmp_path / "changed.jsonl.gz"
    _write_archive(changed, [{"id": "a/1.txt", "lang": "th", "text": text + "!"}])
    result = CliRunner().invoke(app, ["eval", "ner", "--gov", str(changed), "--no-peer"])
    assert result.exit_code == 1 and "a/1.txt" in result.stderr
    assert CliRunner().invoke(app, ["eval", "ner"]).exit_code == 2
