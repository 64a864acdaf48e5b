"""Word clusters learned from the archive, the CRF features that read them, and the speed-ups that must not
change what the entity stage and the date grammar find."""

from __future__ import annotations

import re

import numpy as np
import pytest

from pipeline.entities import clusters as cl
from pipeline.entities.features import press_features
from pipeline.tokens import word_tokenize

SENTENCE = (
    "เมื่อวันที่ 3 ก.ย. 2562 นายสมชาย ใจดี ผู้ว่าราชการจังหวัดเชียงใหม่ ได้ต้อนรับคณะจากกระทรวงพาณิชย์"
    " และธนาคารแห่งประเทศไทย ณ ศาลากลางจังหวัด"
)


def test_the_shipped_table_gives_every_word_a_bit_string_of_one_length():
    table = cl.word_clusters()
    assert len(table) > 50_000
    lengths = {len(bits) for bits in table.values()}
    assert len(lengths) == 1
    assert all(set(bits) <= {"0", "1"} for bits in list(table.values())[:1000])
    assert {"กระทรวง", "จังหวัด", "นาย"} <= table.keys()


def test_words_of_a_kind_share_longer_prefixes_than_unrelated_words():
    import itertools
    import statistics

    table = cl.word_clusters()

    def shared(pairs) -> float:
        return statistics.mean(
            next((i for i, (x, y) in enumerate(zip(table[a], table[b])) if x != y), len(table[a])) for a, b in pairs
        )

    provinces = "เชียงใหม่ เชียงราย ขอนแก่น ภูเก็ต สงขลา นครราชสีมา อุดรธานี ลำปาง".split()
    months = "มกราคม กุมภาพันธ์ มีนาคม เมษายน มิถุนายน กันยายน ตุลาคม ธันวาคม".split()
    across = shared(itertools.product(provinces, months))
    assert shared(itertools.combinations(provinces, 2)) > across + 2
    assert shared(itertools.combinations(months, 2)) > across + 2


def test_a_missing_table_names_itself_and_the_command_that_builds_it(tmp_path, monkeypatch):
    monkeypatch.setenv("THAIPRESS_HOME", str(tmp_path))
    cl.word_clusters.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match=r"thaigov-word-clusters\.tsv.*make clusters"):
            cl.word_clusters()
    finally:
        monkeypatch.delenv("THAIPRESS_HOME")
        cl.word_clusters.cache_clear()


def test_a_malformed_table_is_an_error_naming_it(tmp_path, monkeypatch):
    folder = tmp_path / "corpora" / "clusters"
    folder.mkdir(parents=True)
    (folder / "thaigov-word-clusters.tsv").write_text("word\tbits\tcount\nกรม\t01x1\t5\n", encoding="utf-8")
    monkeypatch.setenv("THAIPRESS_HOME", str(tmp_path))
    cl.word_clusters.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"thaigov-word-clusters\.tsv"):
            cl.word_clusters()
    finally:
        monkeypatch.delenv("THAIPRESS_HOME")
        cl.word_clusters.cache_clear()


def test_bisection_separates_groups_and_is_the_same_for_the_same_seed():
    rng = np.random.default_rng(0)
    a = rng.normal([5, 0, 0], 0.3, size=(40, 3))
    b = rng.normal([0, 5, 0], 0.3, size=(40, 3))
    vectors = np.vstack([a, b])
    bits = cl.bisect_tree(vectors, depth=6, seed=3)
    assert all(len(s) == 6 for s in bits)
    assert len({s[0] for s in bits[:40]}) == 1 and len({s[0] for s in bits[40:]}) == 1
    assert bits[0][0] != bits[40][0]
    assert cl.bisect_tree(vectors, depth=6, seed=3) == bits


def test_cluster_features_for_the_word_and_its_neighbours():
    tokens = ["กระทรวง", "พาณิชย์"]
    table = {"กระทรวง": "1010110011110000", "พาณิชย์": "0111000011110000"}
    first, second = press_features(tokens, clusters=table)
    assert {"c4:1010", "c8:10101100", "c16:1010110011110000", "c4+1:0111", "c8+1:01110000", "c4-1:<s>"} <= set(first)
    assert {"c4:0111", "c4-1:1010", "c8-1:10101100", "c4+1:</s>"} <= set(second)
    unknown = press_features(["คำที่ไม่มีในตาราง"], clusters=table)[0]
    assert "c:none" in unknown and not any(re.match(r"c\d+:", a) for a in unknown)


def test_features_cut_to_a_models_attributes_are_the_full_features_less_the_unknown_ones():
    tokens = word_tokenize(SENTENCE)
    gazetteer = ["O"] * len(tokens)
    gazetteer[5:7] = ["B-LOCATION", "I-LOCATION"]
    table = {w: format(i * 2654435761 % 65536, "016b") for i, w in enumerate(sorted(set(tokens)))}
    full = press_features(tokens, gazetteer, frozenset({"นาย"}), {"ใจดี": "family"}, clusters=table)
    every = sorted({a for f in full for a in f})
    known = frozenset(every[::3])  # a model that kept a third of them
    cut = press_features(tokens, gazetteer, frozenset({"นาย"}), {"ใจดี": "family"}, clusters=table, known=known)
    assert cut == [[a for a in f if a in known] for f in full]


def test_our_crf_tags_the_same_with_and_without_the_cut():
    from pipeline.entities.crf import press_featurize, press_ner

    tagger = press_ner()
    tokens = word_tokenize(SENTENCE)
    clusters = tagger.featurize.keywords["clusters"]
    full = tagger._tagger.tag(press_featurize(SENTENCE, tokens, clusters=clusters))
    assert tagger.tag(SENTENCE, tokens) == full
    assert any(t.endswith("LOCATION") for t in full)


# --- the date grammar's month-led patterns: tried only where a month name starts ---------------------

DATE_TEXTS = [
    SENTENCE,
    "ระหว่างเดือนมกราคม - มีนาคม 2563 และ ม.ค.63 ถึง มี.ค. 64 ในปีงบประมาณ พ.ศ. 2564",
    "On January 5, 2020 and Sept. 9th, 2019 the MARCH 3 2021 meeting; เดือน ธันวาคม นี้ และ สิงหาคม",
    "วันนี้ เมื่อวานนี้ สัปดาห์หน้า ปีที่ผ่านมา 12 มค. 2565 ก.พ.ร. มิ.ย ที่ผ่านมา",
]


@pytest.mark.parametrize("text", DATE_TEXTS)
def test_month_led_and_relative_patterns_find_what_a_full_scan_finds(text):
    from pipeline import dates

    for kind, pattern in dates._patterns():
        if kind in dates._MONTH_LED:
            starts = sorted(set(dates._occurrences(text, dates._month_literals())))
            if kind == "my":
                starts = sorted({*starts, *dates._occurrences(text, ("เดือน",))})
        elif kind == "relative":
            starts = sorted(set(dates._occurrences(text, tuple(dates._date_words().relative))))
        else:
            continue
        expected = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        assert [m.span() for m in dates._matches_at(pattern, text, starts)] == expected, kind


# --- a model trained with the cluster features -------------------------------------------------------


def test_a_model_trained_with_clusters_is_read_with_them(tmp_path, tiny_thainer):
    from pipeline.entities.crf import press_model
    from pipeline.entities.train import train_ner

    train = tiny_thainer
    with_clusters = train_ner(train, tmp_path / "c.crfsuite", clusters=True, params={"max_iterations": 30})
    without = train_ner(train, tmp_path / "n.crfsuite", clusters=False, params={"max_iterations": 30})
    assert with_clusters["word_clusters"] and not without["word_clusters"]
    tagger = press_model(tmp_path / "c.crfsuite")
    assert tagger.featurize.keywords["clusters"] is True
    assert press_model(tmp_path / "n.crfsuite").featurize.keywords["clusters"] is False
    # a province the training lines never named is still tagged, from its cluster and context
    text = "นายสมชาย ใจดี เดินทางไปจังหวัดสงขลา"
    assert "LOCATION" in {label for _s, _e, label in tagger.spans(text, word_tokenize(text))}
