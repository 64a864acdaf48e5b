"""Tokens: pythainlp's newmm words (brackets and quotes split off), and sentence starts after newlines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tokens import word_tokenize

# Sentences written for the test: Thai prose, Latin words, numbers with separators, spaces and newlines,
# and no brackets or quotes (there the two tokenisers differ on purpose).
NO_BRACKETS = [
    "กระทรวงพาณิชย์จัดงานแสดงสินค้าที่จังหวัดภูเก็ต",
    "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562",
    "ผู้ประกอบการ 120 ราย ร่วมงาน SME Expo 2024 ที่ศูนย์ประชุม\nพร้อมมอบรางวัล 3,500.50 บาท",
    "นายกฯ เดินทาง ณ ทำเนียบรัฐบาล สัดส่วนร้อยละ 26 % ของมูลค่าส่งออก",
    "ติดต่อสอบถามได้ที่ 02-123-4567 หรือ info@example.go.th\nในวันและเวลาราชการ",
]


@pytest.mark.parametrize("text", NO_BRACKETS)
def test_tokens_are_pythainlp_newmm_tokens(text):
    from pythainlp.tokenize import word_tokenize as pythainlp_tokenize

    assert word_tokenize(text) == pythainlp_tokenize(text, engine="newmm")


def test_spaces_and_newlines_are_tokens_of_their_own():
    assert word_tokenize("ข่าว ประชาสัมพันธ์\nกรม") == ["ข่าว", " ", "ประชาสัมพันธ์", "\n", "กรม"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(24 ส.ค.)", ["(", "24", " ", "ส.ค.", ")"]),
        ("องค์การอนามัยโลก (WHO)", ["องค์การอนามัยโลก", " ", "(", "WHO", ")"]),
        ('"SMEs"', ['"', "SMEs", '"']),
        ("“APEC”", ["“", "APEC", "”"]),
    ],
)
def test_brackets_and_quotes_are_split_off_words(text, expected):
    assert word_tokenize(text) == expected


def test_a_lone_bracket_stays_one_token():
    assert word_tokenize("(") == ["("]
    assert word_tokenize("()") == ["()"]  # nothing inside: no word to free


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_concatenate_to_any_input(text):
    assert "".join(word_tokenize(text)) == text


@pytest.mark.parametrize("text", ["ข่าว\r\nกรม", "SME\r\nExpo"])
def test_tokens_keep_a_windows_line_end(text):
    assert "".join(word_tokenize(text)) == text


def test_a_windows_line_end_is_one_newmm_token():
    from pythainlp.tokenize import word_tokenize as pythainlp_tokenize

    text = "ติดต่อได้ที่ info@example.go.th\r\nในเวลาราชการ"
    assert word_tokenize(text) == pythainlp_tokenize(text, engine="newmm")


THAI_HEAVY = st.text(alphabet=st.sampled_from(list('กขคงจนมยรลวสหอะาิีึืุูเแโใไ่้๊๋็์ำ .()"“”-0123456789๑๒\nABC')))


@settings(max_examples=200, deadline=None)
@given(THAI_HEAVY)
def test_tokens_concatenate_to_thai_heavy_input(text):
    tokens = word_tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)  # no empty tokens


# --- the spaCy Doc ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from pipeline.language import load

    return load()


def test_doc_text_keeps_a_windows_line_end(nlp):
    assert nlp.make_doc("ข่าว\r\nกรม").text == "ข่าว\r\nกรม"


def test_doc_text_is_the_input(nlp):
    text = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่\n\nวันที่ 15 มีนาคม 2567 (SMEA)  ข่าว"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc] == word_tokenize(text)
    assert nlp(text).text == text


def test_a_sentence_starts_after_each_newline(nlp):
    text = "กระทรวงพาณิชย์จัดงานแสดงสินค้า\nผู้ประกอบการร่วมงาน\n\nนายสมชาย ใจดี กล่าวเปิดงาน"
    doc = nlp(text)
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["กระทรวงพาณิชย์จัดงานแสดงสินค้า", "ผู้ประกอบการร่วมงาน", "นายสมชาย ใจดี กล่าวเปิดงาน"]


def test_a_space_between_short_chunks_is_no_sentence_break(nlp):
    # A name and its surname are separated by a space; that space must not end a sentence.
    doc = nlp("นายสมชาย ใจดี กล่าว")
    assert len(list(doc.sents)) == 1


def test_nlp_pipe_gives_one_doc_per_text(nlp):
    texts = ["ข่าวแรก", "ข่าวที่สอง\nบรรทัดใหม่"]
    assert [d.text for d in nlp.pipe(texts)] == texts


def test_a_space_between_long_prose_starts_a_sentence(nlp):
    first = "กระทรวงพาณิชย์จัดงานแสดงสินค้าที่จังหวัดภูเก็ต"
    second = "ผู้ประกอบการจำนวนมากเดินทางมาร่วมงานในปีนี้"
    assert [s.text for s in nlp(f"{first} {second}").sents] == [f"{first} ", second]
    # a word that continues the sentence (และ, ซึ่ง, ...) keeps the space inside it
    continued = f"{first} และผู้ประกอบการจำนวนมากเดินทางมาร่วมงาน"
    assert len(list(nlp(continued).sents)) == 1


def test_cached_thai_runs_give_the_same_tokens_and_the_cache_stays_bounded(monkeypatch):
    import pipeline.tokens as tokens

    text = "นายกฯ เดินทาง (24 ส.ค.) ณ ทำเนียบรัฐบาล\nกระทรวงพาณิชย์จัดงานแสดงสินค้าที่จังหวัดภูเก็ตเป็นครั้งแรก"
    monkeypatch.setattr(tokens, "_SEGMENTS", {})
    cold = word_tokenize(text)
    assert tokens._SEGMENTS  # the short runs are kept ...
    assert all(len(run) <= tokens._SEGMENT_CACHED_LENGTH for run in tokens._SEGMENTS)  # ... the long one is not
    assert word_tokenize(text) == cold
    monkeypatch.setattr(tokens, "_SEGMENTS_LIMIT", 3)
    for word in ["ข่าว", "รัฐบาล", "กรม", "จังหวัด", "ประชาชน"]:
        assert word_tokenize(f"a {word} b") == ["a", " ", word, " ", "b"]
        assert len(tokens._SEGMENTS) <= 3
