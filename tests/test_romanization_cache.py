"""thai2rom's romanisation looked up instead of run: the shipped name table and the on-disk cache give what
thai2rom gives, and a cache that cannot be used never fails a name."""

from __future__ import annotations

import pytest

from pipeline.english import romanization_cache as rc
from pipeline.english.names import _thai2rom


def test_the_shipped_table_spells_its_words_as_thai2rom_does():
    table = rc.shipped_table()
    assert len(table) > 10_000, "run `make thai2rom-table`"
    words = sorted(table)[:: len(table) // 40]
    run = _thai2rom()
    assert [table[w] for w in words] == [str(run(w)) for w in words]


def test_the_archive_names_table_spells_its_words_as_thai2rom_does():
    from pipeline.resources import model_file

    table = rc.read_table(model_file(*rc.ARCHIVE_TABLE))
    assert len(table) > 10_000, "run `make thai2rom-table`"
    assert all(rc.shipped_table()[w] == latin for w, latin in list(table.items())[:200])  # both tables are read
    words = sorted(table)[:: len(table) // 40]
    run = _thai2rom()
    assert [table[w] for w in words] == [str(run(w)) for w in words]


def test_name_words_are_the_runs_after_a_title():
    text = "นายสมชาย ใจดี รัฐมนตรี และ พล.อ. ประวิตรฯ กล่าวว่า นางสาวกขคงจฉชซฌญฎฏฐฑฒณดตถทธน ไป"
    words = rc.title_name_words([text])
    assert {"สมชาย", "ใจดี", "ประวิตรฯ", "กล่าวว่า"} <= words
    assert "รัฐมนตรี" not in words  # two runs after the title at most
    assert not any(len(w) > rc.ARCHIVE_MAX_LETTERS for w in words)


def test_the_archive_table_leaves_out_the_first_archive_lines(tmp_path):
    import json

    archive = tmp_path / "archive.jsonl"
    lines = [{"lang": "th", "text": f"นาย{name} ทดสอบ"} for name in ("กกก", "ขขข", "คคค")]
    lines.append({"lang": "en", "text": "Mr Somchai"})
    archive.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n", encoding="utf-8")
    assert list(rc.archive_texts(archive, skip=1)) == ["นายขขข ทดสอบ", "นายคคค ทดสอบ"]


def test_a_table_made_with_another_model_is_not_read(tmp_path):
    path = tmp_path / "table.tsv"
    rc.write_table(["สมชาย"], lambda w: "somchai", path, "a test word")
    assert rc.read_table(path) == {"สมชาย": "somchai"}
    path.write_text(path.read_text(encoding="utf-8").replace(rc.model_fingerprint(), "000000000000"), encoding="utf-8")
    assert rc.read_table(path) == {}


def _counting(calls: list[str]):
    def thai2rom(word: str) -> str:
        calls.append(word)
        return "x" + str(len(word))

    return thai2rom


def test_a_new_word_is_romanised_once_and_then_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("THAIPRESS_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[str] = []
    word = "ฆฌฑฒณฌ"  # in no name list
    assert word not in rc.shipped_table()
    assert rc.cached_thai2rom(word, _counting(calls)) == "x6"
    rc._disk.clear()  # as a new process (or another batch worker) would start
    assert rc.cached_thai2rom(word, _counting(calls)) == "x6"
    assert calls == [word]
    assert list((tmp_path / "cache").glob("thai2rom-*.sqlite"))


def test_a_table_word_never_runs_thai2rom(monkeypatch):
    monkeypatch.setenv("THAIPRESS_CACHE_DIR", "off")
    calls: list[str] = []
    word = next(iter(rc.shipped_table()))
    assert rc.cached_thai2rom(word, _counting(calls)) == rc.shipped_table()[word]
    assert calls == []


@pytest.mark.parametrize("setting", ["off", "unwritable"])
def test_without_a_usable_cache_thai2rom_runs_and_nothing_fails(tmp_path, monkeypatch, setting):
    if setting == "unwritable":
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("THAIPRESS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    else:
        monkeypatch.setenv("THAIPRESS_CACHE_DIR", setting)
    calls: list[str] = []
    assert rc.cached_thai2rom("ฆฌฑฒณฌฎ", _counting(calls)) == "x7"
    assert rc.cached_thai2rom("ฆฌฑฒณฌฎ", _counting(calls)) == "x7"
    assert calls == ["ฆฌฑฒณฌฎ", "ฆฌฑฒณฌฎ"]
    rc._disk.clear()


def test_a_forked_worker_uses_its_own_connection_and_sees_the_parents_words(tmp_path, monkeypatch):
    import multiprocessing

    monkeypatch.setenv("THAIPRESS_CACHE_DIR", str(tmp_path / "cache"))
    rc._disk.clear()
    calls: list[str] = []
    assert rc.cached_thai2rom("ฆฌฑฒณฌฎฏ", _counting(calls)) == "x8"  # the parent opens the cache
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        assert pool.apply(_read_in_child, ("ฆฌฑฒณฌฎฏ",)) == "x8"
    rc._disk.clear()


def _read_in_child(word: str) -> str:
    def never(_word: str) -> str:
        raise AssertionError("the child should read the parent's word from disk")

    return rc.cached_thai2rom(word, never)
