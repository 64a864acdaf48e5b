"""The fast paths of numeral repair and the figures against the plain computations they replaced (issue 15).

Each detector that now looks only where its pattern or classifier can be (after a space, at a dot, at a shared
ending of its markers) must find what the plain scan found; the gap model's screen must keep exactly the gaps
crfsuite keeps. Texts: pieces of Thai press prose drawn by hypothesis (classifiers, cues, markers, dots,
digits in both scripts, spaces, line breaks), and the reference release, intact and damaged.
"""

from __future__ import annotations

import itertools
import pathlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.event.figures import _figure_starts, _pattern, default_units
from pipeline.normalize import normalize
from pipeline.numerals.count_pairs import load_count_pairs
from pipeline.numerals.damage import damage_release
from pipeline.numerals.detectors import counts, dates, learned_counts, ordinals, percents
from pipeline.numerals.document import DIGIT, THAI_LETTER, Document, Token, ends_with_any, is_thai_word
from pipeline.numerals.gap_model import (
    GapModel,
    GapSites,
    _counts,
    gap_features_at,
    gaps_at,
    gaps_in,
    is_gap_unit,
    load_gap_model,
)
from pipeline.numerals.lexicon import gap_labels, is_listed_unit, tagged_as_classifier
from pipeline.numerals.templates import load_templates
from pipeline.tokens import word_tokenize

TEMPLATES = load_templates()
LEX = TEMPLATES.lexicon
REFERENCE = pathlib.Path(__file__).resolve().parent.parent / "seeds" / "apec-local-innovation-forum.th.txt"

_PIECES = (
    "ทั้งหมด|จำนวน|รวม|เป็น|มี|ได้แก่|คือ|ดังนี้|และ|หรือ|ใน|จาก|ทุก|หลาย|แต่ละ|ประมาณ|กว่า|แบ่งออกเป็น|"
    "คน|ราย|แห่ง|ประเทศ|ครั้ง|ปี|วัน|เดือน|ล้าน|ล้านบาท|บาท|โครงการ|จังหวัด|หน่วย|ชุมชน|คดี|ต่อ|เท่านั้น|"
    "ครั้งที่|ปีที่|ไตรมาสที่|กลุ่มที่|ที่|ผ่านมา|แล้ว|นี้|ทุกครั้งที่|จำเลยที่|ระยะที่|"
    "ร้อยละ|%|เปอร์เซ็นต์|ม.ค.|มิ.|มี.|ส.|ก.พ.|พ.ศ.|วันที่|เดือนมิ.|สสค.|(สสค.)|สสค|"
    "นายสมชาย|กระทรวง|การประชุม|การ|ความ|“ก”|A|IT|(|)|,|.|..|. .|…|:|;|-|/|ร้อย|พัน|แสน|หมื่น|หน่วย ได้แก่|"
    " | |  |\n|\n\n|1|3|12|2,500|1.5|25|62|2563|๒|๑๒|๒๕๖๓|0"
).split("|")

texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _doc(text: str) -> Document:
    return Document(text, LEX, words=word_tokenize(text))


def _real_texts() -> list[str]:
    intact = normalize(REFERENCE.read_text(encoding="utf-8")).text
    damaged = [damage_release(intact, random.Random(seed), rate=0.6).text for seed in range(6)]
    examples = [t.example for t in TEMPLATES] + [t.counter_example for t in TEMPLATES]
    written = [  # each sentence reaches a guard: a unit after a multiplier, an enumeration with no cue, ...
        "โครงการนี้ช่วยผู้ป่วยได้ ร้อยคน และจัดหาวัคซีน แสนโดส ให้ประชาชน",
        "กรมได้ตั้งคณะทำงานจากกระทรวง หน่วย ได้แก่ กรมการปกครอง และกรมบัญชีกลาง",
        "ผู้เข้าร่วมจากกระทรวงสาธารณสุข องค์กร คือ องค์การอนามัยโลก และผู้แทนจาก ประเทศ ดังนี้ 1. ไทย",
        "เมื่อวันที่ .. 62 ที่ผ่านมา ในเดือนมิ.ที่ผ่านมา มีผู้ติดเชื้อเพิ่มขึ้นร้อยละ เมื่อเทียบกับ ๑๒ ส. 62 และ ก %",
        "นับเป็นครั้งที่ ในรอบปี และไตรมาสที่ ของปี (สสค.) ผู้อำนวยการสสคเดินทาง (ไต้หวันได้ร่วมมือกับไทย",
    ]
    return [intact, *damaged, *examples, *written]


REAL = _real_texts()


# --- Document -------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(texts)
def test_document_tokens_offsets_and_indices_are_the_plain_ones(text):
    doc = _doc(text)
    words = word_tokenize(text)
    bounds = list(itertools.accumulate(map(len, words), initial=0))
    assert doc.tokens == list(map(Token, words, bounds, bounds[1:]))
    assert all(type(t) is Token for t in doc.tokens)
    tokens = doc.tokens
    assert doc.after_space() == [i for i in range(2, len(tokens)) if tokens[i - 1].text == " "]
    assert doc.digit_tokens() == [j for j, t in enumerate(tokens) if DIGIT.match(t.text)]
    for t in tokens:
        assert is_thai_word(t) == (bool(THAI_LETTER.search(t.text)) and not DIGIT.search(t.text))


def test_document_words_are_the_tokens_texts():
    text = REAL[0]
    given = word_tokenize(text)
    for doc in (_doc(text), Document(text, LEX, words=given)):
        assert doc.words == [t.text for t in doc.tokens]


# --- learned count detectors: the table's rows that qualify, found once ------------------------------------------


def test_qualifying_rows_are_those_the_counts_qualify():
    pairs = load_count_pairs()
    unseen = [("ไม่มี", "คู่นี้"), ("*", "ไม่มีหน่วยนี้")]
    for share, seen in ((0.8, 10), (0.95, 5), (0.0, 1), (1.0, 3)):
        rows = pairs.qualifying(share, seen)
        assert rows == {
            key for key in [*pairs.counts, *unseen] if pairs.seen(*key) >= seen and pairs.separated_share(*key) >= share
        }
        assert pairs.qualifying(share, seen) is rows  # made once
    with pytest.raises(ValueError):
        pairs.qualifying(0.5, 0)


def _learned_slots(doc: Document) -> dict[str, list]:
    from pipeline.numerals.detectors import DETECTORS

    wanted = ("missing_count_by_pair", "missing_count_by_word")
    return {t.id: DETECTORS[t.detector](doc, t) for t in TEMPLATES if t.detector in wanted}


@pytest.mark.parametrize("index", range(len(REAL)))
def test_learned_count_detectors_find_what_the_row_by_row_reading_finds(index, monkeypatch):
    doc = _doc(REAL[index])
    fast = _learned_slots(doc)
    monkeypatch.setattr(learned_counts, "_qualifying", lambda template: None)  # read the table pair by pair
    assert fast == _learned_slots(_doc(REAL[index]))


# --- count detectors: tried only where the classifier test can succeed -----------------------------------------


def _plain_tagged(doc: Document, cues: frozenset[str]):
    """`detect_missing_counts_by_tag`'s classifier test as it was, without the guards."""

    def tagged(tokens, i):
        word = tokens[i].text
        if len(word) < 2 or not is_thai_word(tokens[i]) or word in LEX.number_words or word in LEX.count_blockers:
            return None
        if word.startswith(("การ", "ความ")):
            return None
        b = i - 3 if tokens[i - 2].text == "\n" and i >= 3 else i - 2
        cued = ends_with_any(tokens, b, cues) or tokens[b].text in LEX.parallel_cues
        if not cued and counts.enumeration_follows(doc.text, tokens[i].end, LEX) != "ได้แก่":
            return None
        return i + 1 if tagged_as_classifier(word) else None

    return tagged


def _plain_count_slots(doc: Document) -> dict[str, list]:
    """Every count template's slots by the plain scan: the classifier test at every token after a space."""
    pairs = load_count_pairs()
    found = {}
    for t in TEMPLATES:
        if t.detector == "missing_count":
            words = frozenset(t.words)
            test = lambda tokens, i, words=words: counts._classifier_at(tokens, i, words, LEX.multipliers)  # noqa: E731
            found[t.id] = counts.count_slots(doc, t, test)
        elif t.detector == "missing_count_by_tag":
            found[t.id] = counts.count_slots(doc, t, _plain_tagged(doc, frozenset(t.words)), frozenset(t.words))
        elif t.detector == "missing_count_by_unit":
            units = pairs.learned_units(t.min_share, t.min_seen)
            test = lambda tokens, i, units=units: i + 1 if tokens[i].text in units else None  # noqa: E731
            found[t.id] = counts.count_slots(doc, t, test) if units else []
    return found


def _fast_count_slots(doc: Document) -> dict[str, list]:
    from pipeline.numerals.detectors import DETECTORS

    wanted = ("missing_count", "missing_count_by_tag", "missing_count_by_unit")
    return {t.id: DETECTORS[t.detector](doc, t) for t in TEMPLATES if t.detector in wanted}


@settings(max_examples=150, deadline=None)
@given(texts)
def test_count_detectors_find_what_the_plain_scan_finds(text):
    doc = _doc(text)
    assert _fast_count_slots(doc) == _plain_count_slots(doc)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_count_detectors_find_what_the_plain_scan_finds_in_releases(index):
    doc = _doc(REAL[index])
    assert _fast_count_slots(doc) == _plain_count_slots(doc)


@settings(max_examples=100, deadline=None)
@given(texts)
def test_tail_detector_tries_every_gap_that_holds_a_unit(text):
    # the tail detector's test needs a listed or learned unit at the token: the others are never tried
    doc = _doc(text)
    template = next(t for t in TEMPLATES if t.detector == "missing_count_by_tail")
    units = load_count_pairs().learned_units(*learned_counts.UNIT_THRESHOLDS)
    tried = []
    original = counts.count_slots

    def spy(doc, template, test, cues=None, at=None):
        tried.extend(at)
        return original(doc, template, test, cues, at)

    learned_counts.count_slots = spy
    try:
        learned_counts.detect_missing_counts_by_tail(doc, template)
    finally:
        learned_counts.count_slots = original
    tokens = doc.tokens
    assert tried == [i for i in doc.after_space() if tokens[i].text in units or is_listed_unit(tokens[i].text)]


# --- ordinals: the markers' shared ending instead of one alternation ---------------------------------------------


def _plain_ordinals(text: str, markers: tuple[str, ...]) -> list[tuple]:
    return [
        (m.start(), m.end("marker"), m.end(), m.group("marker"), m.group("space"))
        for m in ordinals._ordinal_re(markers).finditer(text)
    ]


MARKER_SETS = [
    tuple(w for w in TEMPLATES.by_id("ordinal.marker").words),
    ("ครั้งที่", "ที่", "ที่ดินที่", "ดินที่"),
    ("กลุ่มที่", "ไตรมาสที่", "จำเลยที่"),
    ("ครั้งที่", "ร้อยละ"),  # no shared ending: the regex itself
    ("ที่",),
    ("ที่", "ที่ ที่"),  # two markers at one place, both followed by what the pattern asks: the longer wins
]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(MARKER_SETS))
def test_ordinal_matches_are_the_regex_matches(text, markers):
    found = [tuple(m) for m in ordinals._ordinal_matches(text, markers)]
    assert found == _plain_ordinals(text, markers)


def test_at_one_place_the_longest_marker_that_fits_wins_as_in_the_alternation():
    text = "เป็นครั้งที่ ที่ ในรอบปี ที่ ที่)"
    found = [tuple(m) for m in ordinals._ordinal_matches(text, ("ที่", "ที่ ที่"))]
    assert found == _plain_ordinals(text, ("ที่", "ที่ ที่"))
    assert [m[3] for m in found] == ["ที่ ที่", "ที่ ที่"]


def test_learned_ordinal_markers_match_as_the_regex_in_releases():
    template = TEMPLATES.by_id("ordinal.learned")
    words = load_count_pairs().learned_ordinals(template.min_share, template.min_seen)
    markers = tuple(sorted(w + "ที่" for w in words if not w.startswith("วัน")))
    assert markers
    for text in REAL:
        assert [tuple(m) for m in ordinals._ordinal_matches(text, markers)] == _plain_ordinals(text, markers)


# --- date, month and percent detectors: tried only where a match can start -------------------------------------


def _check_starts(text: str) -> None:
    from pipeline.dates import matches_at

    for pattern, starts in (
        (dates._TRUNCATED_MONTH, dates._fragment_starts(text)),
        (dates._MONTH_WORD_FRAGMENT, dates._fragment_starts(text)),
        (dates._DAMAGED_DATE, dates._damaged_date_starts(text)),
        (percents._PERCENT, percents._percent_starts(text)),
    ):
        assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_patterns_tried_at_their_starts_find_what_finditer_finds(text):
    _check_starts(text)


@pytest.mark.parametrize("index", range(len(REAL)))
def test_patterns_tried_at_their_starts_find_what_finditer_finds_in_releases(index):
    _check_starts(REAL[index])


# --- the gap model: crfsuite only where the screen cannot decide ------------------------------------------------


def _plain_gaps(doc: Document) -> dict[int, float]:
    model = load_gap_model()
    words = [t.text for t in doc.tokens]
    counted, counting = _counts(words)
    return {i: model.probability(f) for i, f in gaps_in(words, gap_labels(), counted, counting, is_gap_unit)}


def _check_gap_model(doc: Document) -> None:
    words = [t.text for t in doc.tokens]
    assert _counts(words, doc.digit_tokens()) == _counts(words)
    plain = _plain_gaps(doc)
    gaps = learned_counts.gap_probabilities(doc)
    assert list(gaps) == list(plain)
    for threshold in (0.02, 0.5, TEMPLATES.by_id("count.learned_gap").min_share, 0.95):
        assert list(gaps.at_least(threshold)) == [(i, p) for i, p in plain.items() if p >= threshold]
    assert dict(gaps) == plain  # the probabilities themselves, read one by one


@pytest.mark.skipif(load_gap_model() is None, reason="no gap model shipped")
@settings(max_examples=100, deadline=None)
@given(texts)
def test_gap_screen_keeps_what_crfsuite_keeps(text):
    _check_gap_model(_doc(text))


@pytest.mark.skipif(load_gap_model() is None, reason="no gap model shipped")
@pytest.mark.parametrize("index", range(len(REAL)))
def test_gap_screen_keeps_what_crfsuite_keeps_in_releases(index):
    _check_gap_model(_doc(REAL[index]))


@pytest.mark.skipif(load_gap_model() is None, reason="no gap model shipped")
def test_the_weights_approximate_crfsuite_far_within_the_screen_margin():
    from pipeline.numerals.gap_model import APPROXIMATION_ERROR

    model = load_gap_model()
    worst = 0.0
    seen = 0
    for text in REAL:
        words = word_tokenize(text)
        counted, counting = _counts(words)
        for _, features in gaps_in(words, gap_labels(), counted, counting, is_gap_unit):
            worst = max(worst, abs(model.approximate(features) - model.probability(features)))
            seen += 1
    assert seen > 100
    assert worst < APPROXIMATION_ERROR / 100


def _check_gap_sites(text: str | list[str]) -> int:
    """The lazily built gap features are `gaps_at`'s, and the screen read from the tokens is `approximate` of
    those features (up to the order of the sum); the number of gaps checked. ``text``: a text, or its tokens."""
    model = load_gap_model()
    words = word_tokenize(text) if isinstance(text, str) else text
    counted, counting = _counts(words)
    after_space = [i for i in range(2, len(words)) if words[i - 1] == " "]
    plain = dict(gaps_at(words, after_space, gap_labels(), counted, counting, is_gap_unit))
    sites = GapSites(words, after_space, gap_labels(), counted, counting, is_gap_unit)
    assert list(sites) == list(plain)
    for i in sites:  # the screen first, as at_least reads it, then the features
        assert sites.approximate(model, i) == pytest.approx(model.approximate(plain[i]), abs=1e-9)
    assert sites.approximate_all(model) == [sites.approximate(model, i) for i in sites]
    assert dict(sites) == plain
    return len(plain)


@pytest.mark.skipif(load_gap_model() is None, reason="no gap model shipped")
@settings(max_examples=150, deadline=None)
@given(texts)
def test_gap_screen_from_the_tokens_is_the_screen_from_the_features(text):
    _check_gap_sites(text)


@pytest.mark.skipif(load_gap_model() is None, reason="no gap model shipped")
def test_gap_screen_from_the_tokens_is_the_screen_from_the_features_in_releases():
    assert sum(_check_gap_sites(text) for text in REAL) > 100
    # token runs a tokeniser seldom gives: line breaks and spaces as separate tokens inside the window, the gap at
    # the edges of the text
    edges = [
        ["นาย", "ก", "\n", " ", "\n", "ประชุม", " ", "ราย"],
        ["ก", "\n", " ", "\n", "ประชุม", " ", "ราย", " "],
        ["จัด", " ", "รอบ"],
        ["จัด", "ขึ้น", " ", " ", "ครั้ง", " ", "$"],
    ]
    assert sum(_check_gap_sites(tokens) for tokens in edges) == 3


def test_pair_weights_found_by_word_are_the_features_weights_even_with_a_bar_in_a_word():
    """The screen looks pairs up by word: a word holding "|" (a feature string that splits two ways) still finds
    its feature's weight, and a pair the model does not know weighs nothing."""
    model = GapModel.__new__(GapModel)
    odds = {
        "bias": 0.5,
        "L1|R1=a|b|c": 1.0,  # l1 "a", r1 "b|c" or l1 "a|b", r1 "c"
        "L1|R1=a|b": 2.0,
        "L2|L1=x|a": 4.0,
        "R1|R2=b|c| ": 8.0,
        "R1|next=|||": 16.0,  # r1 "|", next "|" and others
        "R2s|R3s=ก|9": 32.0,
        "L2=x": 64.0,
    }
    model.__dict__["_log_odds"] = odds

    def screened(tokens, i):
        features = gap_features_at(tokens, i, {}, {}, lambda word: False)
        return model.approximate_at(tokens, i, {}, {}, lambda word: False), model.approximate(features)

    cases = [
        (["x", " ", "a", " ", "b|c", " ", "z"], 4),
        (["x", " ", "a|b", " ", "c", "ก", "9"], 4),
        (["x", " ", "a", " ", "b", "ก", "9"], 4),
        (["q", " ", "x", " ", "|", "||", "z"], 4),
        (["q", " ", "x", " ", "|", " ", "|"], 4),
    ]
    for tokens, i in cases:
        fast, plain = screened(tokens, i)
        assert fast == pytest.approx(plain, abs=1e-12)
    assert {f for tokens, i in cases for f in gap_features_at(tokens, i, {}, {}, lambda w: False)} >= set(odds) - {
        "R1|R2=b|c| "
    }


def test_a_model_whose_weights_cannot_be_read_is_asked_for_every_gap(monkeypatch):
    model = load_gap_model()
    if model is None:
        pytest.skip("no gap model shipped")
    monkeypatch.setitem(model.__dict__, "_log_odds", None)  # as when the dump does not parse
    doc = _doc(REAL[1])
    assert model.approximate(["bias"]) is None
    assert model.approximate_at(["ก", " ", "ข"], 2, {}, {}, is_gap_unit) is None
    assert list(learned_counts.gap_probabilities(doc).at_least(0.8)) == [
        (i, p) for i, p in _plain_gaps(doc).items() if p >= 0.8
    ]


# --- figures: the pattern tried at ร้อยละ and at the first digit of a run -------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=60))
def test_figure_matches_are_the_finditer_ones(text, start):
    from pipeline.dates import matches_at

    pattern = _pattern(default_units())
    start = min(start, len(text))
    found = [m.span() for m in matches_at(pattern, text, _figure_starts(text, start))]
    assert found == [m.span() for m in pattern.finditer(text, start)]


def test_unit_tables_are_made_once_per_tuple_and_are_the_plain_ones():
    from pipeline.event.figures import Unit, _unit_tables

    units = default_units()
    by_word, percent, pattern = _unit_tables(units)
    assert by_word == {u.thai: u for u in units}
    assert percent == next(u for u in units if u.kind == "percent")
    assert pattern is _pattern(units)
    assert _unit_tables(units)[0] is by_word  # the same tuple: the tables it was given
    mine = (Unit("ร้อยละ", "percent", "percent", 1.0), Unit("คน", "people", "count", 1.0))
    other = tuple(mine)[::-1]  # equal units, another tuple: its own tables
    assert _unit_tables(mine)[0] == {"ร้อยละ": mine[0], "คน": mine[1]}
    assert _unit_tables(other)[1] == mine[0]
    assert _unit_tables(mine)[2].pattern == _pattern(mine).pattern


@pytest.mark.parametrize(
    ("before", "phrase"),
    [
        ("มูลค่าการส่งออกอยู่ที่ ", "มูลค่าการส่งออก"),
        ("มีผู้ติดเชื้อรวมทั้งสิ้นจำนวน ", "มีผู้ติดเชื้อ"),
        ("ที่ ", ""),
        ("abc ", ""),
        ("", "ข่าว"),
        ("ประชาชนกว่า", "ประชาชน"),
    ],
)
def test_thai_phrase_before_is_the_same_from_the_cache(before, phrase):
    from pipeline.twin.phrases import _phrase_of_run, thai_phrase_before

    text = "ข่าว " + before + "1,234 ล้านบาท"
    at = text.index("1,234")
    _phrase_of_run.cache_clear()
    assert thai_phrase_before(text, at) == phrase
    assert thai_phrase_before(text, at) == phrase  # the second time from the cache


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "มูลค่า", "การส่งออก", "ส่งออก", "นำเข้า", "ผู้ป่วย", "ยอด"]), max_size=6))
def test_longest_phrase_key_is_the_one_the_table_scan_found(pieces):
    from pipeline.event.figures import _longest_key_ending
    from pipeline.twin.phrases import figure_phrases

    table = figure_phrases()
    assert table  # the shipped phrase table
    for phrase in ["".join(pieces), *table]:  # drawn phrases and every key itself
        plain = sorted((k for k in table if phrase.endswith(k)), key=len, reverse=True)[:1]
        assert _longest_key_ending(phrase, table) == (plain[0] if plain else None)
    assert _longest_key_ending("ab", {"": 1, "b": 2}) == "b"
    assert _longest_key_ending("ab", {"": 1}) == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_PIECES, "มูลค่า", "การส่งออก", "ส่งออก", "นำเข้า", "ผู้ป่วย", "ยอด", "อยู่ที่", "จำนวน", " "]),
        max_size=8,
    )
)
def test_measure_looked_up_on_the_run_first_is_the_phrase_tables(pieces):
    """`with_measure` tokenises only a run that some key ends: the measure is the one the phrase gives."""
    from pipeline.event.figures import _longest_key_ending, with_measure
    from pipeline.record import Figure
    from pipeline.twin.phrases import figure_phrases, thai_phrase_before

    table = figure_phrases()
    keys = sorted(table)[:40]
    for before in ["".join(pieces), *(k + "อยู่ที่" for k in keys), *(k[1:] for k in keys)]:
        text = "ข่าว " + before + "1,234 ล้านบาท"
        at = text.index("1,234")
        figure = Figure(start=at, end=len(text), text=text[at:], value=1234e6, unit="baht", english="1,234 million")
        phrase = thai_phrase_before(text, at)
        key = _longest_key_ending(phrase, table) if phrase else None
        found = with_measure(text, figure)
        assert (found.measure_thai, found.measure) == ((key, table[key][0]) if key is not None else (None, None))


@settings(max_examples=200, deadline=None)
@given(st.lists(texts.map(lambda t: t * 8), min_size=1, max_size=4))
def test_arabic_digits_of_a_text_asked_again_are_the_plain_ones(batch):
    import re

    from pipeline.normalize import arabic_digits

    plain = lambda t: re.sub("[๐-๙]", lambda m: str(ord(m.group()) - 0x0E50), t)  # noqa: E731
    for text in batch + batch[::-1] + batch:  # the same texts again, right after themselves and after others
        assert arabic_digits(text) == plain(text)
        assert arabic_digits(text) == plain(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts.map(lambda t: t * 8), min_size=1, max_size=4))
def test_digit_runs_of_a_text_asked_again_are_the_plain_ones(batch):
    """`dates._digit_runs` keeps the last long text's runs (find_dates and the entity-date finders each ask for
    the same release): alternating and repeated texts get their own runs, with or without a memo."""
    import re

    from pipeline.dates import _digit_runs

    for text in [*batch, *batch, batch[0] + "1", batch[0]]:
        plain = [m.span() for m in re.finditer(r"\d+", text)]
        assert _digit_runs(text) == plain
        memo: dict[str, list] = {}
        assert _digit_runs(text, memo) == plain and memo["digits"] == plain


# --- event: the entity at an offset, read only as far as the answer ----------------------------------------------

_LABELS = ("ORGANIZATION", "LOCATION", "PERSON")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(_LABELS)), max_size=12),
    st.integers(0, 32),
    st.integers(0, 3),
    st.lists(st.sampled_from(_LABELS), max_size=2, unique=True),
)
def test_entity_at_is_the_first_entity_listed_from_the_offset(spans, start, slack, labels):
    from pipeline.event.context import ReleaseView
    from pipeline.record import Entity, Release

    text = "กข  ค(ง) จฉ   ชซ ฌญ ฎฏ  ฐฑฒณ ดต"
    entities = [
        Entity(label=label, start=a, end=min(a + n, len(text) + 2), text="x", source="rule") for a, n, label in spans
    ]
    view = ReleaseView.of(Release(id="t", text=text, entities=entities))
    gap = text[start : start + slack + 1]
    skip = len(gap) - len(gap.lstrip())
    plain = None
    for e in view.entities_in(start, len(text), *labels):  # as entity_at read it before
        if e.start in (start, start + skip):
            plain = e
            break
        if e.start > start + skip:
            break
    assert view.entity_at(start, *labels, slack=slack) is plain


# --- count series and counts before a gap: the regexes, answered without compiling one per unit ---------------

_SERIES_PIECES = ["1", "๒", "12", " ", "  ", "\n", "ทีม", "ที", "ม", "คน", "ก", "a", "-", ".", "\t", "\u00a0", "ทีมงาน"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SERIES_PIECES), max_size=12), st.sampled_from(["ทีม", "ม", "คน", "", " ทีม", "1"]))
def test_series_and_count_before_are_the_regex_searches(pieces, unit):
    earlier = "".join(pieces)
    assert counts._count_before(earlier, unit) == bool(counts._count_before_re(unit).search(earlier))
    one_line = earlier.split("\n")[-1]  # the series reads the gap's line only
    assert counts._series_before(one_line, unit) == bool(counts._series_re(unit).search(one_line))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["ก", "ข", "กข", " ", "", "ทั้ง", "หมด"]), max_size=6),
    st.integers(-2, 8),
    st.frozensets(st.sampled_from(["ก", "กข", "ขก", "ทั้งหมด", "", " ก", "ข กข"]), max_size=4),
    st.integers(1, 4),
)
def test_ends_with_any_is_the_joined_slices(words, i, wanted, span):
    bounds = list(itertools.accumulate(map(len, words), initial=0))
    tokens = list(map(Token, words, bounds, bounds[1:]))
    plain = None
    for k in range(1, span + 1):  # as it read before: each slice joined anew
        if i - k + 1 < 0:
            break
        joined = "".join(t.text for t in tokens[i - k + 1 : i + 1])
        if joined in wanted:
            plain = joined
            break
    assert ends_with_any(tokens, i, wanted, span) == plain
