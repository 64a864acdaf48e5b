"""The learned name transliterator: Thai letters in spoken order, an alignment learned from name pairs, a
CRF that spells held-out names, and the split by person."""

from __future__ import annotations

import pytest

from pipeline.english.transliterator import EMPTY, NameTransliterator, graphemes, letter_features
from pipeline.english.transliterator_training import (
    NamePair,
    align_pairs,
    evaluate,
    held_out,
    name_pair,
    read_name_pairs,
    train,
    word_pairs,
)

# Syllables as Thai officials spell them; every test name below is built from them.
SYLLABLES = [
    ("สม", "som"),
    ("ศรี", "sri"),
    ("ชัย", "chai"),
    ("พร", "porn"),
    ("วงศ์", "wong"),
    ("ทอง", "thong"),
    ("แก้ว", "kaew"),
    ("ดี", "dee"),
    ("มาลา", "mala"),
    ("กุล", "kul"),
    ("สุข", "suk"),
    ("ใจ", "jai"),
    ("บุญ", "boon"),
    ("รัตน์", "rat"),
    ("เพชร", "phet"),
    ("นิล", "nin"),
]


def names() -> list[tuple[str, str]]:
    out = []
    for i, (a, la) in enumerate(SYLLABLES):
        for j, (b, lb) in enumerate(SYLLABLES):
            if i != j:
                c, lc = SYLLABLES[(i + j) % len(SYLLABLES)]
                out.append((f"{a}{b} {c}{a}", f"{(la + lb).capitalize()} {(lc + la).capitalize()}"))
    return out


def test_a_leading_vowel_is_read_after_its_consonant():
    assert graphemes("แก้ว") == ["ก", "แ", "้", "ว"]
    assert graphemes("ใจดี") == ["จ", "ใ", "ด", "ี"]
    assert graphemes("สม") == ["ส", "ม"]


def test_each_letter_has_features_of_its_neighbours_and_place():
    rows = letter_features(graphemes("ศรี"))
    assert len(rows) == 3
    assert "c=ศ" in rows[0] and "n1=ร" in rows[0] and "start=0" in rows[0]
    assert "end=0" in rows[2]


def test_alignment_learns_which_letters_write_which():
    words = word_pairs([NamePair(tuple(t.split()), tuple(e.split())) for t, e in names()])
    labels = {("".join(letters), latin): seq for (letters, latin), seq in zip(words, align_pairs(words))}
    srikaew = labels[("ศรีกแ้ว", "srikaew")]
    assert srikaew[:3] == ["s", "r", "i"]
    assert "".join(letter for letter in srikaew if letter != EMPTY) == "srikaew"
    wong = [seq for (thai, latin), seq in labels.items() if thai.endswith("วงศ์") and latin.endswith("wong")]
    assert wong and all(
        seq[-2:] == [EMPTY, EMPTY] for seq in wong
    )  # the letter under the silence mark, and the mark, write nothing


def test_names_pair_word_for_word_only():
    assert name_pair("สมชาย ใจดี", "Somchai Jaidee").english == ("Somchai", "Jaidee")
    assert name_pair("สมชาย ใจดี", "Somchai") is None
    assert name_pair("Somchai Jaidee", "Somchai Jaidee") is None


def test_a_model_trained_on_name_pairs_spells_unseen_persons(tmp_path):
    people = tmp_path / "people.tsv"
    people.write_text(
        "thai\tthai_with_title\tenglish\tenglish_with_title\tsupport\treleases\n"
        + "".join(f"{t}\tนาย{t}\t{e}\tMr {e}\t2\ten/{i}\n" for i, (t, e) in enumerate(names())),
        encoding="utf-8",
    )
    summary = train(people, tmp_path / "model" / "name-translit.crfsuite")
    assert summary["persons_held_out"] > 0 and summary["persons_trained"] > summary["persons_held_out"]
    assert (tmp_path / "model" / "training.json").exists()
    pairs = read_name_pairs(people)
    unseen = [p for p in pairs if held_out(p)]
    model = NameTransliterator(tmp_path / "model" / "name-translit.crfsuite")
    right = sum(model(" ".join(p.thai)) == " ".join(p.english) for p in unseen)
    assert right / len(unseen) >= 0.8
    report = evaluate(people, tmp_path / "model" / "name-translit.crfsuite")
    learned, thai2rom, _crf_alone = report["scores"]
    assert report["persons"] == len(unseen)
    assert learned["within_0.85"] > thai2rom["within_0.85"]


def test_training_is_reproducible(tmp_path):
    people = tmp_path / "people.tsv"
    people.write_text("thai\tenglish\n" + "".join(f"{t}\t{e}\n" for t, e in names()[:60]), encoding="utf-8")
    train(people, tmp_path / "a" / "m.crfsuite")
    train(people, tmp_path / "b" / "m.crfsuite")
    assert (tmp_path / "a" / "m.crfsuite").read_bytes() == (tmp_path / "b" / "m.crfsuite").read_bytes()


def _reference_align(letters, latin, prob):
    """`align` as it was written before it was sped up (the full DP table, (letter, chunk) lookups)."""
    import math

    from pipeline.english.transliterator import MAX_CHUNK, UNSEEN_LOGS, SmoothedTable

    n, m = len(letters), len(latin)
    if isinstance(prob, SmoothedTable):
        logs, unseen = prob.logs(), UNSEEN_LOGS
    else:
        logs, unseen = {key: math.log(p) for key, p in prob.items() if p > 0}, (-math.inf,) * (MAX_CHUNK + 1)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        letter, row, previous, pointers = letters[i - 1], best[i], best[i - 1], back[i]
        for j in range(max(0, m - (n - i) * MAX_CHUNK), min(m, i * MAX_CHUNK) + 1):
            for k in range(min(MAX_CHUNK, j) + 1):
                before = previous[j - k]
                if before == -math.inf:
                    continue
                score = before + logs.get((letter, latin[j - k : j]), unseen[k])
                if score > row[j]:
                    row[j], pointers[j] = score, k
    if best[n][m] == -math.inf:
        return None
    labels, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        labels.append(latin[j - k : j] or EMPTY)
        j -= k
    return labels[::-1]


def test_alignment_gives_what_the_plain_dynamic_programme_gave():
    """The faster `align` (per-letter tables, one row at a time) against the plain version it replaced, with
    the shipped thai2rom table on name words and their thai2rom spellings, spellings too short or too long
    to split, and a plain (unsmoothed) table as training uses."""
    import random

    from pipeline.english.romanization_cache import shipped_table
    from pipeline.english.transliterator import MODEL, align, latin_letters, read_rom_align
    from pipeline.resources import model_file

    table = read_rom_align(model_file(*MODEL).with_name("rom-align.tsv"))
    assert table, "the shipped rom-align.tsv"
    rng = random.Random(7)
    words = sorted(shipped_table().items())
    cases = []
    for word, rom in rng.sample(words, 400):
        letters, latin = graphemes(word), latin_letters(rom)
        cases += [(letters, latin), (letters, latin[: len(latin) // 2]), (letters, latin + latin), (letters, "")]
        cases.append((letters, "".join(rng.choice("aeiouknst") for _ in range(rng.randint(1, 12)))))
    plain = {key: value for key, value in table.items() if rng.random() < 0.5}
    splits = 0
    for letters, latin in cases:
        expected = _reference_align(letters, latin, table)
        assert align(letters, latin, table) == expected, (letters, latin)
        assert align(letters, latin, plain) == _reference_align(letters, latin, plain), (letters, latin)
        splits += expected is not None
    assert 400 <= splits < len(cases)  # both outcomes are exercised


def test_a_word_spelled_once_is_not_spelled_again_and_reads_the_same():
    from pipeline.english.transliterator import default_transliterator

    model = default_transliterator()
    word = "ธรรศพลฐ์"
    assert word not in model.words  # a word the CRF spells
    model._spelled.pop(word, None)
    calls = []
    original = model.spell

    def counted(w):
        calls.append(w)
        return original(w)

    model.spell = counted
    try:
        first, second = model.word(word), model.word(word)
    finally:
        del model.spell
    assert first == second == original(word) and first.isalpha()
    assert calls == [word]


def test_the_spelled_words_table_spells_its_words_as_the_model_does():
    from pipeline.english.transliterator import SPELLED, default_transliterator, read_spelled_table

    model = default_transliterator()
    table = read_spelled_table(model.path)
    assert len(table) > 100_000, f"run `make translit-table` ({SPELLED} missing or made with another model)"
    words = sorted(table)[:: len(table) // 60]
    assert [table[w] for w in words] == [model.spell(w) for w in words]
    assert not set(table) & set(model.words)  # words.tsv wins over the table and is not repeated in it


def test_a_table_word_is_looked_up_not_spelled_and_a_stale_table_is_not_read(tmp_path, monkeypatch):
    import shutil

    from pipeline.english import transliterator as tr

    model_dir = tmp_path / "name-translit"
    model_dir.mkdir()
    source = tr.default_transliterator().path
    for name in (source.name, tr.ROM_ALIGN):
        shutil.copy(source.with_name(name), model_dir / name)
    path = model_dir / source.name
    word = "ฆฌฑฒณฌฎ"  # in no table
    (model_dir / tr.SPELLED).write_text(
        f"# test\n# fingerprint: {tr.spelling_fingerprint(path)}\nword\tspelling\n{word}\tFromTable\n", encoding="utf-8"
    )
    model = tr.NameTransliterator(path, words={})
    monkeypatch.setattr(model, "spell", lambda w: pytest.fail("a table word was spelled"))
    assert model(word) == "FromTable"
    # the same table with another model's fingerprint is ignored: the CRF spells the word
    (model_dir / tr.SPELLED).write_text(
        f"# test\n# fingerprint: 000000000000\nword\tspelling\n{word}\tFromTable\n", encoding="utf-8"
    )
    assert tr.NameTransliterator(path, words={})(word) == tr.default_transliterator().spell(word) != "FromTable"
