"""`thaipress train ner` with the annotated government releases (corpora/ner-dev train split) next to ThaiNER."""

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.evaluation import ner_dev

BANNER = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
TEXT = BANNER + "ข่าว\n\u00a0นายสมชาย\u200b ใจดี เยือน\u00a0กรุงโตเกียว เมื่อวันที่ 3 มีนาคม 2566 เวลา 10.00 น."
MENTIONS = [("PERSON", "นายสมชาย ใจดี"), ("LOCATION", "กรุงโตเกียว"), ("DATE", "3 มีนาคม 2566")]


@pytest.fixture
def gov_home(tmp_path, monkeypatch):
    """A project home whose train split has one annotated release (and dev another), and the archive."""
    (tmp_path / "corpora" / "ner-dev").mkdir(parents=True)
    real = Path(__file__).resolve().parents[1]
    for child in (real / "corpora").iterdir():
        if child.name != "ner-dev":
            (tmp_path / "corpora" / child.name).symlink_to(child)
    (tmp_path / "models").symlink_to(real / "models")
    for split in ner_dev.SPLITS:
        spans = ner_dev.spans_from_surfaces(TEXT, MENTIONS, len(BANNER))
        annotation = {
            "id": f"a/{split}.txt",
            "sha1": ner_dev.text_sha1(TEXT),
            "split": split,
            "scope_start": len(BANNER),
            "entities": [list(s) for s in spans],
        }
        line = json.dumps(annotation, ensure_ascii=False) + "\n" if split in ("train", "dev") else ""
        (tmp_path / "corpora" / "ner-dev" / f"{split}.jsonl").write_text(line, encoding="utf-8")
    archive = tmp_path / "archive.jsonl.gz"
    with gzip.open(archive, "wt", encoding="utf-8") as handle:
        for split in ("train", "dev"):
            handle.write(json.dumps({"id": f"a/{split}.txt", "lang": "th", "text": TEXT}, ensure_ascii=False) + "\n")
    monkeypatch.setenv("THAIPRESS_HOME", str(tmp_path))
    return tmp_path, archive


def test_a_government_release_becomes_one_tagged_text_after_its_banner_as_the_pipeline_sees_it(gov_home):
    from pipeline.entities.train import government_texts

    _, archive = gov_home
    [(release_id, item)] = government_texts(archive, "train", fill_other_labels=False).items()
    assert release_id == "a/train.txt"
    assert item.text.startswith("ข่าว\n") and BANNER not in item.text
    assert "\u200b" not in item.text  # normalised as pipeline.process normalises its input
    surfaces = [(item.text[s.start : s.end], s.label) for s in item.spans]
    assert surfaces == [("นายสมชาย ใจดี", "PERSON"), ("กรุงโตเกียว", "LOCATION"), ("3 มีนาคม 2566", "DATE")]


def test_labels_the_annotations_lack_are_filled_in_without_touching_the_gold_spans(gov_home):
    from pipeline.entities.train import GOV_LABELS, government_texts

    _, archive = gov_home
    [plain] = government_texts(archive, "train", fill_other_labels=False).values()
    [filled] = government_texts(archive, "train").values()
    extra = [s for s in filled.spans if s not in plain.spans]
    assert set(plain.spans) <= set(filled.spans)
    assert extra and all(s.label not in GOV_LABELS for s in extra)  # the time "10.00 น."
    assert not any(e.start < g.end and g.start < e.end for e in extra for g in plain.spans)


@pytest.mark.parametrize("split", ["dev", "heldout", "heldout2"])
def test_training_on_a_tuning_or_held_out_split_is_refused(gov_home, split):
    from pipeline.entities.train import government_texts

    _, archive = gov_home
    with pytest.raises(ValueError, match="only train"):
        government_texts(archive, split)


def test_the_cli_trains_on_thainer_and_the_government_releases_repeated(gov_home, tmp_path):
    from pipeline.cli import app

    _, archive = gov_home
    thainer = tmp_path / "train.txt"
    thainer.write_text("[PERSON]นายสมศักดิ์ ดีมาก[/PERSON] ไป[LOCATION]ลาว[/LOCATION]\nไม่มีชื่อในประโยคนี้\n", encoding="utf-8")
    out = tmp_path / "m.crfsuite"
    args = ["train", "ner", "--train", str(thainer), "--held-out", str(tmp_path / "none.txt"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--gov", str(archive), "--gov-repeat", "3", "--iterations", "30"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["texts_used"], summary["gov_releases"], summary["gov_repeat"]) == (2, 1, 3)
    assert summary["gov_mentions"] == 3 and summary["params"]["max_iterations"] == 30
    assert summary["gov_ids"] == ["a/train.txt"]
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    assert "B-DATE" in tagger.labels()  # only the government release has a DATE


def test_a_model_with_line_break_attributes_is_read_and_its_attributes_listed(gov_home, tmp_path):
    """The government releases' line-break tokens give attributes with a line break in them, which
    pycrfsuite's own dump parser cannot read; the attributes come out whole, the same as its parser's on a
    model without them."""
    import pycrfsuite

    from pipeline.entities.crf import CRFTagger, press_featurize, press_model
    from pipeline.entities.train import government_texts, training_sequence
    from pipeline.tokens import word_tokenize

    _, archive = gov_home
    [item] = government_texts(archive, "train", fill_other_labels=False).values()
    for name, texts in (("plain", [item.text.replace("\n", " ")]), ("lines", [item.text])):
        trainer = pycrfsuite.Trainer(verbose=False)
        for text in texts:
            trainer.append(*training_sequence(item.__class__(text, item.spans)))
        trainer.set_params({"max_iterations": 20})
        trainer.train(str(tmp_path / f"{name}.crfsuite"))
    plain = CRFTagger(tmp_path / "plain.crfsuite", press_featurize)
    assert plain.attributes() == {a for a, _label in plain._tagger.info().state_features}
    lines = press_model(tmp_path / "lines.crfsuite")
    assert any("\n" in a for a in lines.attributes()) and len(lines.attributes()) > 50
    assert "B-LOCATION" in lines.tag(item.text, word_tokenize(item.text))


def test_the_cli_refuses_the_dev_split_with_a_clear_error(gov_home, tmp_path):
    from pipeline.cli import app

    _, archive = gov_home
    thainer, out = tmp_path / "train.txt", tmp_path / "m.crfsuite"
    thainer.write_text("[LOCATION]ลาว[/LOCATION]\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["train", "ner", "--train", str(thainer), "--gov", str(archive), "--gov-split", "dev", "--out", str(out)],
    )
    assert result.exit_code == 1 and "refusing to train" in result.output
    assert not out.exists()
