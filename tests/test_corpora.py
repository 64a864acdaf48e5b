"""Every data file under corpora/ is well formed and says each thing once: a file the checks below do not
know fails too, so a new data file comes with its check.

TSV: a header (after '#' comments), the same number of cells on every line, no blank key, no key twice.
Word lists (.txt): one entry a line, none twice. TOML: parses, no word twice in a list, no entry twice in a
table array, and the file reads through the code that uses it. JSONL: every line a JSON object, none twice.
All: UTF-8, NFC, LF line ends, a final newline, no cell with outer spaces.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
CODE = {".py", ".md"}  # build scripts and READMEs live beside the data

# TSV files whose key is not the first column alone, and the one without a header line
TSV_KEYS = {
    "numerals/count_pairs.tsv": (0, 1),
    "glossary/agencies.tsv": (0, 1),  # Thai name, Thai abbreviation (either may be blank)
    "twin/figure_phrases.tsv": (0, 1),  # a Thai phrase may have several English phrases
    "twin/unit_pairs.tsv": (0, 1),
    "twin/noun_pairs.tsv": (0, 1),  # a Thai word may pair with several English words
    "twin/figure_phrases_review.tsv": (0, 1),
}
HEADERLESS = {"numerals/count_pairs.tsv": 4}


def data_files(suffix: str) -> list[str]:
    return sorted(str(p.relative_to(CORPORA)) for p in CORPORA.rglob(f"*{suffix}"))


def lines_of(name: str) -> list[str]:
    text = (CORPORA / name).read_text(encoding="utf-8")
    assert "\r" not in text, f"{name}: CR line endings"
    assert text.endswith("\n"), f"{name}: no final newline"
    assert unicodedata.is_normalized("NFC", text), f"{name}: not NFC"
    return text.split("\n")[:-1]


def no_repeats(name: str, what: str, values: list) -> None:
    twice = [v for v, n in Counter(values).items() if n > 1]
    assert not twice, f"{name}: {what} more than once: {twice[:10]}"


def test_every_data_file_is_checked():
    known = {".tsv", ".txt", ".toml", ".jsonl"}
    others = [str(p.relative_to(CORPORA)) for p in CORPORA.rglob("*") if p.is_file() and p.suffix not in known | CODE]
    assert others == [], f"data files no test checks: {others}"


@pytest.mark.parametrize("name", data_files(".tsv"))
def test_tsv_files_have_one_row_per_key_and_every_cell_in_place(name):
    rows = [line for line in lines_of(name) if not line.startswith("#")]
    if name in HEADERLESS:
        width, body, first = HEADERLESS[name], rows, 1
    else:
        header, body = rows[0].split("\t"), rows[1:]
        width, first = len(header), 2
        assert all(header) and len(set(header)) == len(header), f"{name}: bad header {header}"
    keys = []
    for number, line in enumerate(body, first):
        cells = line.split("\t")
        assert len(cells) == width, f"{name}: row {number} has {len(cells)} cells, not {width}: {line!r}"
        assert all(c == c.strip() for c in cells), f"{name}: row {number} has a cell with outer spaces"
        key = tuple(cells[i] for i in TSV_KEYS.get(name, (0,)))
        assert any(key), f"{name}: row {number} has no key"
        keys.append(key)
    assert keys, f"{name}: no rows"
    no_repeats(name, "key", keys)


@pytest.mark.parametrize("name", data_files(".txt"))
def test_word_lists_have_each_entry_once(name):
    entries = [line for line in lines_of(name) if line.strip() and not line.startswith("#")]
    assert entries and all(e == e.strip() for e in entries), f"{name}: an entry with outer spaces"
    no_repeats(name, "entry", entries)


def _walk(name: str, value, where: str = "") -> None:
    """No word twice in a list of strings, no entry twice in an array of tables, no blank or padded word."""
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(name, item, f"{where}.{key}")
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        assert all(v and v == v.strip() for v in value), f"{name}: {where}: a blank or padded word"
        no_repeats(name, f"{where}: word", value)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        no_repeats(name, f"{where}: entry", [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in value])
        for key in ("id", "word", "number", "pattern"):
            if all(key in v for v in value):
                no_repeats(name, f"{where}: {key}", [v[key] for v in value])
        for i, item in enumerate(value):
            _walk(name, item, f"{where}[{i}]")


@pytest.mark.parametrize("name", data_files(".toml"))
def test_toml_files_parse_and_say_each_thing_once(name):
    lines_of(name)
    with open(CORPORA / name, "rb") as handle:
        data = tomllib.load(handle)
    _walk(name, data)


def test_the_date_words_read_and_their_patterns_compile():
    from pipeline.dates import _date_words

    words = _date_words()
    assert len(words.weekdays) >= 7 and {e.calendar for e in words.eras} == {"BE", "CE"}
    for era in words.eras:
        re.compile(era.pattern)
    assert set(words.relative.values()) >= {"today", "yesterday", "tomorrow", "this_year", "last_year"}


def test_the_templates_read():
    from pipeline.numerals.templates import load_templates

    templates = load_templates()
    assert len(templates) > 10 and templates.lexicon.count_cues


@pytest.mark.parametrize("name", data_files(".jsonl"))
def test_jsonl_files_hold_one_object_a_line_each_once(name):
    from pipeline.jsonl import read_jsonl

    lines = list(read_jsonl(CORPORA / name))
    assert lines and all(line.error is None and isinstance(line.item, dict) for line in lines), name
    no_repeats(name, "line", [json.dumps(line.item, sort_keys=True, ensure_ascii=False) for line in lines])


def test_data_files_are_found_through_resources_so_thaipress_home_is_honoured(tmp_path, monkeypatch):
    from pipeline import resources

    monkeypatch.setenv("THAIPRESS_HOME", str(tmp_path))
    assert resources.corpus_file("dates.toml") == tmp_path / "corpora" / "dates.toml"
    assert resources.model_file("count-gap", "gap.crfsuite") == tmp_path / "models" / "count-gap" / "gap.crfsuite"
    package = Path(__file__).resolve().parents[1] / "pipeline"
    # only resources.py may place data beside the package; the review desk's own templates are package files
    allowed = {"resources.py", "review/app.py", "review/migrations/__init__.py"}
    placing = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "__file__" in p.read_text(encoding="utf-8") and str(p.relative_to(package)) not in allowed
    ]
    assert placing == [], f"modules that find data files from their own path: {placing}"
