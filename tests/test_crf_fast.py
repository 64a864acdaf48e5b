"""The fast press CRF (`pipeline.entities.crf_fast`) gives crfsuite's tags (issue 15).

It reads the model's weights from the `.crfsuite` file, sums a release's state scores with numpy in the order
crfsuite adds an item's attributes, and runs crfsuite's own Viterbi on them. Every test compares it with
`press_features` + `pycrfsuite.Tagger.tag`, the path it replaces, on the shipped model.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.entities import crf
from pipeline.entities.clusters import word_clusters
from pipeline.entities.crf_fast import FastPressTagger, read_crfsuite_model
from pipeline.entities.features import press_features
from pipeline.entities.gazetteer import title_words
from pipeline.tokens import word_tokenize

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@functools.cache
def _model():
    """(pycrfsuite tagger, featurize keywords, a fresh fast tagger) for the shipped press model."""
    tagger = crf.press_ner()
    keywords = tagger.featurize.keywords
    clusters = word_clusters() if keywords["clusters"] else None
    fast = FastPressTagger(tagger.model_path, title_words(), crf._name_lexicon(), clusters, keywords["known"])
    return tagger, keywords, fast


def _crfsuite_tags(tokens: list[str], gaz: list[str] | None) -> list[str]:
    tagger, keywords, _fast = _model()
    clusters = word_clusters() if keywords["clusters"] else None
    features = press_features(
        tokens, gaz, title_words(), crf._name_lexicon(), None, clusters=clusters, known=keywords["known"]
    )
    return tagger._tagger.tag(features) if tokens else []


def _model_words() -> list[str]:
    known = _model()[1]["known"]
    return sorted(a[2:] for a in known if a.startswith("w:"))[::50]


def test_model_file_is_read_as_pycrfsuite_reads_it():
    tagger, _keywords, _fast = _model()
    features, labels, attributes = read_crfsuite_model(tagger.model_path)
    assert labels == tagger._tagger.labels()
    assert frozenset(attributes) == tagger.attributes()
    assert set(features["type"]) == {0, 1}
    assert features["dst"].max() < len(labels)
    state = features[features["type"] == 0]
    assert state["src"].max() < len(attributes)


def test_not_a_model_is_a_clear_error(tmp_path):
    path = tmp_path / "x.crfsuite"
    path.write_bytes(b"not a model" * 10)
    with pytest.raises(ValueError, match="not a crfsuite"):
        read_crfsuite_model(path)


def test_press_ner_uses_the_fast_path_and_gives_crfsuite_tags_on_a_release():
    tagger = crf.press_ner()
    assert tagger.fast is not None
    text = (SEEDS / "apec-local-innovation-forum.th.txt").read_text(encoding="utf-8")
    tokens = word_tokenize(text)
    gaz = crf.gazetteer_tags(text, tokens, None)
    expected = tagger._tagger.tag(tagger.featurize(text, tokens))
    assert tagger.tag(text, tokens) == expected
    assert _model()[2].tag(tokens, gaz) == expected
    assert any(t != "O" for t in expected)  # the release has entities: the comparison is not all "O"


GAZ = ["O", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION", "B-PERSON", "I-PERSON"]
ODD = ["นาย", "ดร.", " ", "\n", "|", "a|b", "||", "<s>", "</s>", "w:", "2562", "๒๕๖๒", "SMEs", "(", "ฯ"]


@st.composite
def tokens_and_tags(draw):
    words = _model_words()
    token = st.one_of(st.sampled_from(words), st.sampled_from(ODD), st.text(min_size=1, max_size=5))
    tokens = draw(st.lists(token, max_size=60))
    tags = draw(st.one_of(st.none(), st.lists(st.sampled_from(GAZ), min_size=len(tokens), max_size=len(tokens))))
    return tokens, tags


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens_and_tags())
def test_fast_tags_equal_crfsuite_tags(case):
    tokens, tags = case
    assert _model()[2].tag(tokens, tags) == _crfsuite_tags(tokens, tags)


def test_word_rows_start_afresh_past_the_limit_and_grow_past_their_room():
    tagger, keywords, _fast = _model()
    clusters = word_clusters() if keywords["clusters"] else None
    fast = FastPressTagger(tagger.model_path, title_words(), crf._name_lexicon(), clusters, keywords["known"])
    fast._WORD_LIMIT = 300
    words = _model_words()
    for start in range(0, 1500, 250):  # 1,500 words: past the first room of 1,024 rows and the limit
        tokens = [w for w in words[start : start + 250] for w in (w, " ")]
        gaz = [GAZ[i % len(GAZ)] for i in range(len(tokens))]
        assert fast.tag(tokens, gaz) == _crfsuite_tags(tokens, gaz)
    assert len(fast._rows) <= 300 + 250


def test_a_tagger_that_disagrees_with_crfsuite_is_not_used(monkeypatch):
    tagger = crf.press_ner()
    keywords = tagger.featurize.keywords
    monkeypatch.setattr(FastPressTagger, "tag", lambda self, tokens, gaz: ["O"] * len(tokens))
    assert crf._fast_press_tagger(tagger, keywords["clusters"], keywords["known"]) is None


@pytest.mark.parametrize("clusters", [True, False])
def test_a_model_trained_here_is_tagged_fast_with_and_without_clusters(tmp_path, tiny_thainer, clusters):
    from pipeline.entities.train import train_ner

    train = tiny_thainer
    train_ner(train, tmp_path / "m.crfsuite", clusters=clusters, params={"max_iterations": 30})
    tagger = crf.press_model(tmp_path / "m.crfsuite")
    assert tagger.featurize.keywords["clusters"] is clusters
    assert tagger.fast is not None
    text = "นายสมชาย ใจดี เดินทางไปจังหวัดสงขลา และกระทรวงการคลัง | นางสาววิภา รักดี"
    tokens = word_tokenize(text)
    expected = tagger._tagger.tag(tagger.featurize(text, tokens))
    assert tagger.tag(text, tokens) == expected
    assert {"B-PERSON", "B-LOCATION"} <= set(expected)


def test_threads_tagging_at_once_get_crfsuite_tags():
    from concurrent.futures import ThreadPoolExecutor

    tagger, keywords, _fast = _model()
    clusters = word_clusters() if keywords["clusters"] else None
    fast = FastPressTagger(tagger.model_path, title_words(), crf._name_lexicon(), clusters, keywords["known"])
    words = _model_words()
    cases = [[w for w in words[k::7][:300] for w in (w, " ")] for k in range(7)]
    expected = [_crfsuite_tags(tokens, None) for tokens in cases]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda tokens: fast.tag(tokens, None), cases * 3))
    assert got == expected * 3


def test_a_text_tagged_in_pieces_gets_crfsuite_tags_of_the_same_pieces(monkeypatch):
    tagger = crf.press_ner()
    text = (SEEDS / "apec-local-innovation-forum.th.txt").read_text(encoding="utf-8")
    tokens = word_tokenize(text)
    monkeypatch.setattr(crf, "_PIECE_TOKENS", 150)
    fast = tagger.tag(text, tokens)
    monkeypatch.setattr(tagger, "fast", None)
    assert fast == tagger.tag(text, tokens)
    assert len(tokens) > 3 * 150 and any(t != "O" for t in fast)
