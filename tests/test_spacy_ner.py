"""The spaCy entity model: training data from ThaiNER files, archive vectors that leave held-out releases
out, the component on a tiny model trained here, and the resolvers that combine it with the CRF."""

from __future__ import annotations

import gzip
import hashlib
import json
import random

import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example

from pipeline.entities import archive_vectors as av
from pipeline.entities import spacy_ner as sn
from pipeline.tokens import word_tokenize

TAGGED = (
    "[PERSON]นายสมชาย ใจดี[/PERSON] เดินทางไป[LOCATION]จังหวัดเชียงใหม่[/LOCATION]"
    " เมื่อวันที่ [DATE]3 ก.ย. 2562[/DATE]\n"
    "[ORGANIZATION]กระทรวงพาณิชย์[/ORGANIZATION]จัดงานที่[LOCATION]ขอนแก่น[/LOCATION]\n"
)


def test_thainer_lines_become_docs_of_pipeline_tokens_with_their_entities(tmp_path):
    train = tmp_path / "train.txt"
    train.write_text(TAGGED, encoding="utf-8")
    held = tmp_path / "val.txt"
    held.write_text(TAGGED.splitlines()[1] + "\n", encoding="utf-8")
    docs = list(sn.thainer_docs(train, spacy.blank("xx").vocab))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("นายสมชาย ใจดี", "PERSON"), ("จังหวัดเชียงใหม่", "LOCATION"), ("3 ก.ย. 2562", "DATE")],
        [("กระทรวงพาณิชย์", "ORGANIZATION"), ("ขอนแก่น", "LOCATION")],
    ]
    # the text is the tagged line without its tags, and tokens carry no trailing space (spaces are tokens)
    assert docs[0].text.startswith("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่")
    assert not any(t.whitespace_ for d in docs for t in d)
    # a line of the held-out file is left out
    kept = list(sn.thainer_docs(train, spacy.blank("xx").vocab, held_out=held))
    assert [d.text for d in kept] == [docs[0].text]


def test_a_token_that_straddles_an_entity_edge_is_split_there(tmp_path):
    # newmm reads "ในประเทศ" as one word; the place starts inside it
    path = tmp_path / "t.txt"
    path.write_text("ที่สุดใน[LOCATION]ประเทศไทย[/LOCATION] เพื่อพัฒนา\n", encoding="utf-8")
    assert "ในประเทศ" in word_tokenize("ที่สุดในประเทศไทย")
    (doc,) = sn.thainer_docs(path, spacy.blank("xx").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("ประเทศไทย", "LOCATION")]


def _archive(tmp_path, ids):
    path = tmp_path / "archive.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in ids:
            handle.write(json.dumps({"id": i, "lang": "th", "text": f"กระทรวงพาณิชย์แถลงข่าว {i}"}) + "\n")
        handle.write(json.dumps({"id": "en-1", "lang": "en", "text": "Ministry of Commerce"}) + "\n")
    return path


def _bucket(i: str) -> int:
    return int(hashlib.sha1(i.encode()).hexdigest(), 16) % 5


def test_vectors_never_read_held_out_bucket_annotated_or_english_releases(tmp_path):
    ids = [f"2020/01/{n:02d}/r.txt" for n in range(40)]
    annotated = sorted(av.annotated_ids())[:2]
    path = _archive(tmp_path, [*ids, *annotated])
    kept = [i for i, _text in av.training_releases(path)]
    assert kept == [i for i in ids if _bucket(i) != 0]
    assert any(_bucket(i) == 0 for i in ids)  # the fixture does exercise the rule
    assert not set(kept) & set(annotated)
    halves = [i for i, _text in av.training_releases(path, every=2)]
    assert halves == kept[::2]


def test_the_token_file_holds_pipeline_tokens_without_whitespace(tmp_path):
    path = _archive(tmp_path, ["2020/01/01/r.txt"] if _bucket("2020/01/01/r.txt") else ["2020/01/02/r.txt"])
    out = tmp_path / "tokens.txt.gz"
    summary = av.write_token_file(path, out)
    with gzip.open(out, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    assert summary["releases"] == 1
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = json.loads(handle.readline())["text"]
    assert lines[0].split("\x01") == [t for t in word_tokenize(text) if not t.isspace()]
    assert lines[0].split("\x01")[:2] == ["กระทรวงพาณิชย์", "แถลงข่าว"]
    assert summary["tokens"] == sum(len(line.split("\x01")) for line in lines)


# -- a tiny model, trained here --------------------------------------------------------------------------

SENTENCES = [
    ("นายสมชาย ใจดี เดินทางไปเชียงใหม่", [("นายสมชาย ใจดี", "PERSON"), ("เชียงใหม่", "LOCATION")]),
    ("นางสาวสมศรี มีสุข เดินทางไปขอนแก่น", [("นางสาวสมศรี มีสุข", "PERSON"), ("ขอนแก่น", "LOCATION")]),
    ("นายวิชัย รักดี เดินทางไปลำปาง", [("นายวิชัย รักดี", "PERSON"), ("ลำปาง", "LOCATION")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    import pipeline.tokens  # noqa: F401

    nlp = spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": "thaipress.ThaiTokenizer.v1"}}})
    nlp.add_pipe("ner")
    examples = []
    for text, ents in SENTENCES:
        doc = nlp.make_doc(text)
        spans = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
        examples.append(Example.from_dict(doc, {"entities": [(s.start_char, s.end_char, s.label_) for s in spans]}))
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(40):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("spacy-ner") / "model"
    nlp.to_disk(path)
    return path


def test_the_component_tags_the_pipelines_own_tokens_from_a_local_model(tiny_model):
    nlp = sn.build_with_spacy(tiny_model)
    assert nlp.pipe_names.index("thaipress_spacy_ner") < nlp.pipe_names.index("thaipress_entities")
    doc = nlp("นายวิชัย รักดี เดินทางไปเชียงใหม่")
    found = {(s.text, s.label_) for s in doc.spans["spacy"]}
    assert ("เชียงใหม่", "LOCATION") in found
    # the spans are on the pipeline's Doc and end on its token edges
    assert all(s.doc is doc for s in doc.spans["spacy"])


def test_a_missing_model_folder_is_an_error_naming_it_and_the_rebuild(tmp_path):
    nlp = sn.build_with_spacy(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"nowhere.*make model-spacy"):
        nlp("นายวิชัย รักดี")


def test_a_corrupt_model_folder_is_an_error_naming_it(tmp_path):
    (tmp_path / "config.cfg").write_text("[nlp\nnot a config", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cannot be read.*make model-spacy"):
        sn.load_model(tmp_path)


def _doc_with_groups(crf, spacy_spans, text="นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ กับกระทรวงพาณิชย์"):
    from pipeline.language import build

    nlp = build()
    doc = nlp.make_doc(text)

    def spans(items):
        return [doc.char_span(text.index(s), text.index(s) + len(s), label=lab) for s, lab in items]

    doc.spans["crf"] = spans(crf)
    doc.spans[sn.SPACY_GROUP] = spans(spacy_spans)
    return doc


def test_spacy_fills_only_what_the_crf_left_and_never_overrides_it():
    doc = _doc_with_groups(
        crf=[("นายสมชาย ใจดี", "PERSON"), ("เชียงใหม่", "LOCATION")],
        spacy_spans=[("จังหวัดเชียงใหม่", "ORGANIZATION"), ("กระทรวงพาณิชย์", "ORGANIZATION")],
    )
    got = [(s.text, s.label_) for s in sn.crf_then_spacy(doc)]
    assert got == [("นายสมชาย ใจดี", "PERSON"), ("เชียงใหม่", "LOCATION"), ("กระทรวงพาณิชย์", "ORGANIZATION")]


def test_agreement_drops_a_crf_only_span_the_spacy_model_does_not_confirm():
    doc = _doc_with_groups(
        crf=[("นายสมชาย ใจดี", "PERSON"), ("กระทรวงพาณิชย์", "LOCATION")],
        spacy_spans=[("นายสมชาย ใจดี", "PERSON"), ("กระทรวงพาณิชย์", "ORGANIZATION")],
    )
    got = [(s.text, s.label_) for s in sn.agreement(doc)]
    assert got == [("นายสมชาย ใจดี", "PERSON")]
    assert all(isinstance(s, Span) for s in sn.agreement(doc))


def test_in_the_crf_seat_the_spacy_model_replaces_the_crf_and_feeds_the_rules(tiny_model):
    nlp = sn.build_with_spacy(tiny_model, sn.IN_CRF_SEAT)
    assert "thaipress_crf" not in nlp.pipe_names
    assert nlp.pipe_names.index("thaipress_spacy_ner") < nlp.pipe_names.index("thaipress_rules")
    doc = nlp("นายวิชัย รักดี เดินทางไปเชียงใหม่")
    assert ("เชียงใหม่", "LOCATION") in {(s.text, s.label_) for s in doc.spans["crf"]}
    assert "spacy" not in doc.spans
