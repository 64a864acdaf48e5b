"""The entity stage's shortcuts give what the plain computation gives (issue 15).

- `press_features` keeps each word's facts in a cache shared across releases, and builds the gazetteer
  attributes once per tag triple: the features with a warm cache equal those with a fresh one, and the
  cut to a model's attributes equals the full features less the unknown ones;
- `Gazetteer.find` looks up only the token ends at the length of a name of the bucket: the same matches
  as trying every surface form at every token start;
- `word_shape` classes characters by table: the classes its docstring gives;
- `find_titled_names` tries the title pattern only where a title's first character stands: the same names
  as trying it at every token start.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities import rules
from pipeline.entities.features import press_features, word_shape
from pipeline.entities.gazetteer import Gazetteer, GazetteerEntry, default_gazetteer, title_words
from pipeline.tokens import word_tokenize

# words of press releases, and tokens that look like the edge markers or hold the separators
WORDS = [
    "นาย", "สมชาย", "ใจดี", "กระทรวง", "พาณิชย์", "จังหวัด", "เชียงใหม่", "ได้", "เดินทาง", "ไป", "ลาว", "ที่",
    "ดร.", "พล.อ.", "ส.ค.", "2562", "๒๕๖๒", "SMEs", "WHO", " ", "  ", "\n", "(", ")", ".", "-", "ฯ", "ๆ",
    "<s>", "</s>", "a|b", "w:", "", "ก", "ขอนแก่น", "อำเภอ", "เมือง",
]  # fmt: skip
TAGS = ["O", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION", "B-PERSON"]
TITLES = frozenset({"นาย", "ดร.", "พล.อ."})
LEXICON = {"สมชาย": "given", "ใจดี": "family", "ลาว": "country", "ได้": "dict", "ไป": "dict"}
CLUSTERS = {"กระทรวง": "1010110011110000", "พาณิชย์": "0111000011110000", "ลาว": "0000111100001111"}

tokens_st = st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=4)), max_size=25)


@st.composite
def tagged(draw):
    tokens = draw(tokens_st)
    tags = draw(st.one_of(st.none(), st.lists(st.sampled_from(TAGS), min_size=len(tokens), max_size=len(tokens))))
    return tokens, tags


@settings(max_examples=150, deadline=None)
@given(st.lists(tagged(), min_size=1, max_size=5), st.booleans(), st.booleans(), st.integers(1, 4))
def test_features_with_a_shared_cache_equal_fresh_features(texts, lexicon, clusters, keep_every):
    context = {
        "title_words": TITLES,
        "lexicon": LEXICON if lexicon else None,
        "clusters": CLUSTERS if clusters else None,
    }
    full = [press_features(tokens, tags, **context) for tokens, tags in texts]
    every = sorted({a for features in full for f in features for a in f})
    known = frozenset(every[::keep_every])  # a model that kept some of the attributes
    cut = [[[a for a in f if a in known] for f in features] for features in full]
    for model, expected in ((None, full), (known, cut)):
        shared: dict = {}
        for _round in range(2):  # the second round reads every word from the cache
            got = [press_features(tokens, tags, cache=shared, known=model, **context) for tokens, tags in texts]
            assert got == expected


def test_features_cached_are_lists_of_their_own():
    cache: dict = {}
    tokens = word_tokenize("นายสมชาย ใจดี เดินทางไปลาว นายสมชาย ใจดี")
    first = press_features(tokens, ["O"] * len(tokens), TITLES, LEXICON, cache)
    for f in first:
        f.append("changed")
    again = press_features(tokens, ["O"] * len(tokens), TITLES, LEXICON, cache)
    assert again == press_features(tokens, ["O"] * len(tokens), TITLES, LEXICON)
    assert not any("changed" in f for f in again)
    assert len({id(f) for f in again}) == len(again)


def test_feature_order_ends_with_titles_word_classes_and_gazetteer_tags():
    tokens = ["นาย", "สมชาย", " ", "ลาว"]
    tags = ["O", "B-PERSON", "O", "B-LOCATION"]
    features = press_features(tokens, tags, TITLES, LEXICON)
    name = features[1]
    assert name[:2] == ["w:สมชาย", "shape:T"]
    assert name[-6:] == ["title-1", "lex-1:-", "lex+1:-", "gaz:B-PERSON", "gaz-1:O", "gaz+1:O"]
    assert features[3][-5:] == ["lex-1:-", "lex+1:-", "gaz:B-LOCATION", "gaz-1:O", "gaz+1:</s>"]
    assert "title-2" in features[2] and "title-1" not in features[2]


def _shape_of(ch: str) -> str:
    """A character's class, as the docstring of `word_shape` defines it."""
    if "\u0e50" <= ch <= "\u0e59" or "0" <= ch <= "9":
        return "d"
    if "\u0e00" <= ch <= "\u0e7f":
        return "T"
    if "A" <= ch <= "Z":
        return "X"
    if "a" <= ch <= "z":
        return "x"
    return "_" if ch.isspace() else ch


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.one_of(st.characters(), st.sampled_from("กขฯๆ๐๙\u0e7f\u0e00 9aZ.\n\u00a0\u3000")), max_size=12)
)
def test_word_shape_classes_characters_and_collapses_runs(word):
    classes = [_shape_of(ch) for ch in word]
    assert word_shape(word) == "".join(c for i, c in enumerate(classes) if i == 0 or classes[i - 1] != c)


# --- gazetteer lookup --------------------------------------------------------------------------------

SURFACES = ["กรุงเทพ", "กรุงเทพมหานคร", "กระทรวงพาณิชย์", "กระทรวงการคลัง", "กรม", "เชียงใหม่", "อำเภอเมือง"]
SURFACES += [f"อำเภอ{name}" for name in ("เมือง", "แม่ริม", "สันทราย", "หางดง", "ฝาง", "ปาย", "แม่แตง")]


def _gazetteer() -> Gazetteer:
    return Gazetteer({s: [GazetteerEntry(f"id:{i}", "LOCATION", s, "")] for i, s in enumerate(SURFACES)})


def _every_surface(gazetteer: Gazetteer, text: str, starts: list[int], ends: set[int]) -> list[tuple[int, int]]:
    """The plain lookup: at each token start past the last match, the longest surface ending at a token end."""
    found, covered = [], -1
    for start in starts:
        if start < covered:
            continue
        lengths = [len(s) for s in gazetteer.entries_by_surface if text.startswith(s, start) and start + len(s) in ends]
        if lengths:
            found.append((start, start + max(lengths)))
            covered = start + max(lengths)
    return found


def _bounds(tokens: list[str]) -> tuple[list[int], set[int]]:
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token)
    return starts, {s + len(t) for s, t in zip(starts, tokens)}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*SURFACES, "ที่", " ", "และ", "มหานคร", "การ", "อำเภอ", "แม่"]), max_size=12))
def test_gazetteer_finds_what_every_surface_tried_finds(pieces):
    text = "".join(pieces)
    gazetteer = _gazetteer()
    for tokens in (word_tokenize(text), [p for p in pieces if p]):
        starts, ends = _bounds(tokens)
        found = [(m.start, m.end) for m in gazetteer.find(text, starts, ends)]
        assert found == _every_surface(gazetteer, text, starts, ends)


def test_default_gazetteer_on_a_release_sentence():
    text = "นายกรัฐมนตรีเดินทางไปกรุงเทพมหานคร และจังหวัดเชียงใหม่ พบกระทรวงพาณิชย์ ที่อำเภอเมืองเชียงใหม่"
    gazetteer = default_gazetteer()
    starts, ends = _bounds(word_tokenize(text))
    found = [(m.start, m.end) for m in gazetteer.find(text, starts, ends)]
    assert found == _every_surface(gazetteer, text, starts, ends)
    assert any(text[s:e] == "กระทรวงพาณิชย์" for s, e in found)


# --- titled names ------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "นายกรัฐมนตรี", "ขอบคุณ", "รมว.", "ผอ.", "สมศักดิ์", "วงศ์ใหญ่"]), max_size=15))
def test_titled_names_tried_at_title_letters_only_equal_every_token_start(pieces):
    text = "".join(pieces)
    titles = title_words() | TITLES
    starts, ends = _bounds(word_tokenize(text))
    filtered = rules.find_titled_names(text, titles, (set(starts), ends))
    original = rules._title_heads
    rules._title_heads = lambda titles: None  # every token start
    try:
        everywhere = rules.find_titled_names(text, titles, (set(starts), ends))
    finally:
        rules._title_heads = original
    assert filtered == everywhere


def test_titled_names_in_a_release_sentence():
    text = "นายสมชาย ใจดี ผู้อำนวยการ กล่าวขอบคุณ ดร.สมศักดิ์ วงศ์ใหญ่ และนายกรัฐมนตรี"
    starts, ends = _bounds(word_tokenize(text))
    names = [text[s.start : s.end] for s in rules.find_titled_names(text, title_words(), (set(starts), ends))]
    assert "นายสมชาย ใจดี" in names and "ดร.สมศักดิ์ วงศ์ใหญ่" in names
    assert not any(n.startswith("นายกรัฐมนตรี") for n in names)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([*WORDS, "นายกรัฐมนตรี", "ขอบคุณ", "รมว.", "ผอ.", "สมศักดิ์", "นา", "พล", ".อ."]), max_size=15)
)
def test_titled_names_tried_at_title_tokens_only_equal_every_token_start(pieces):
    text = "".join(pieces)
    titles = title_words() | TITLES
    for tokens in (word_tokenize(text), [p for p in pieces if p]):
        starts, ends = _bounds(tokens)
        some = rules.title_token_starts(titles, starts, tokens)
        assert some <= set(starts)
        assert rules.find_titled_names(text, titles, (some, ends)) == rules.find_titled_names(
            text, titles, (set(starts), ends)
        )
    assert rules.title_token_starts(frozenset({""}), [0, 2], ["ab", "c"]) == {0, 2}  # an empty title ends anywhere


# --- token lookups by bisection --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=4), max_size=12), st.integers(-2, 50), st.integers(0, 8))
def test_token_lookups_by_bisection_equal_a_scan(words, start, size):
    starts, _ = _bounds(words)
    tokens = [(s, s + len(w), w) for s, w in zip(starts, words)]
    end = start + size
    at = next((i for i, t in enumerate(tokens) if t[0] == start), None)
    assert rules._token_at(tokens, start) == at
    if size:  # a match is never empty
        scan = any(t[0] <= start and end <= t[1] for t in tokens) or sum(1 for t in tokens if start <= t[0] < end) == 1
        assert rules._single_token(tokens, start, end) == scan


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS[:25]), max_size=10), st.integers(-2, 60), st.integers(-2, 60))
def test_char_span_by_bisection_equals_spacy(pieces, start, end):
    from pipeline.entities.components import _char_span
    from pipeline.language import load

    text = "".join(pieces)
    doc = load().make_doc(text)

    def key(make):
        try:
            span = make()
        except (IndexError, ValueError) as error:
            return type(error)
        return span if span is None else (span.start, span.end, span.label_, span.kb_id_)

    ours = key(lambda: _char_span(doc, start, end, "LOCATION", "k"))
    assert ours == key(lambda: doc.char_span(start, end, label="LOCATION", kb_id="k", alignment_mode="expand"))


def _bio_spans_every_token(text, tokens, tags):
    """BIO to spans visiting every token (what `bio_to_spans` did before it skipped the "O" tokens)."""
    from pipeline.entities.bio import token_offsets, trimmed

    spans, current = [], None
    for (start, end), tag in zip(token_offsets(tokens), tags):
        kind, _, label = tag.partition("-")
        if tag == "O":
            current = None
        elif kind == "B" or (kind == "I" and (current is None or current[2] != label)):
            current = [start, end, label]
            spans.append(current)
        elif kind == "I" and current is not None:
            current[1] = end
        else:
            current = None
    return trimmed(text, spans)


@settings(max_examples=150, deadline=None)
@given(tagged(), st.lists(st.sampled_from([*TAGS, "I-PERSON", "E-LOCATION", "I-LOCATION"]), max_size=30))
def test_bio_to_spans_skipping_outside_tokens_equals_every_token(tokens_tags, more_tags):
    from pipeline.entities.bio import bio_to_spans

    tokens, tags = tokens_tags
    text = "".join(tokens)
    for tag_list in (tags or [], more_tags):  # as many tags as tokens, or more or fewer
        assert bio_to_spans(text, tokens, tag_list) == _bio_spans_every_token(text, tokens, tag_list)


def test_group_chars_equal_the_spans_read_back_and_follow_changes_made_elsewhere():
    from pipeline.entities.components import group_chars
    from pipeline.language import load

    doc = load()("รัฐมนตรีว่าการกระทรวงอุตสาหกรรม พบนายสมชาย ใจดี ที่จังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562")

    def read(name):
        return [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[name]]

    assert doc.spans and all(group_chars(doc, name) == read(name) for name in doc.spans)
    assert any(group_chars(doc, name) for name in doc.spans)
    assert group_chars(doc, "no such group") == []
    doc.spans["gazetteer"] = [doc[0:1]]  # set by other code: read from the group
    assert group_chars(doc, "gazetteer") == read("gazetteer")
    doc.spans["crf"].append(doc[1:2])
    assert group_chars(doc, "crf") == read("crf")
