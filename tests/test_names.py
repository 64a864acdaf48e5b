"""People's English names: a reviewer's correction, then the archive's glossary, then a Latin name the
release gives in brackets, then the learned transliterator, then thai2rom; malformed glossaries are one
line naming the file and the line."""

from __future__ import annotations

import pytest

from pipeline.english import glossary as gl
from pipeline.english.names import bracketed_latin, person_english


@pytest.fixture
def people(tmp_path, monkeypatch):
    """An archive glossary and a reviewer glossary written for the test, used instead of the bundled ones."""
    archive = tmp_path / "people.tsv"
    archive.write_text(
        "thai\tthai_with_title\tenglish\tenglish_with_title\trole_en\trole_th\tsupport\tvariants\tscore\treleases\n"
        "อนุชา บูรพชัยศรี\tนายอนุชา บูรพชัยศรี\tAnucha Burapachaisri\tMr Anucha Burapachaisri\tGovernment Spokesman"
        "\tโฆษกประจำสำนักนายกรัฐมนตรี\t12\tAnucha Buraphachaisri:2\t0.91\ten/1|en/2\n"
        "นางนวล ดีมาก\tนางสาวนางนวล ดีมาก\tNangnuan Deemak\tMs Nangnuan Deemak\t\t\t3\t\t0.88\ten/7\n",
        encoding="utf-8",
    )
    reviewer = tmp_path / "reviewer.tsv"
    reviewer.write_text(
        "thai\tenglish\treviewer\trelease_id\tupdated_at\n"
        "นางสาวนางนวล ดีมาก\tMs Nangnuan Deemark\tnida\tth/9\t2026-12-01T10:00:00+00:00\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(gl, "archive_glossary", lambda: gl.PeopleGlossary(gl.read_people(archive)))
    monkeypatch.delenv(gl.ENV, raising=False)
    return archive, reviewer


def test_the_archive_spelling_is_used_with_its_release_ids(people):
    name = person_english("นายอนุชา บูรพชัยศรี")
    assert (name.text, name.source, name.evidence) == ("Mr Anucha Burapachaisri", "archive", ("en/1", "en/2"))


def test_the_archive_name_is_found_under_another_title_and_spacing(people):
    name = person_english("ดร.อนุชา  บูรพชัยศรี")
    assert (name.text, name.source) == ("Dr Anucha Burapachaisri", "archive")


def test_a_reviewer_correction_wins_over_the_archive(people):
    _archive, reviewer = people
    assert person_english("นางสาวนางนวล ดีมาก").source == "archive"  # a given name that starts like a title
    gl.use_reviewer_glossaries([reviewer])
    name = person_english("นางสาวนางนวล ดีมาก")
    assert (name.text, name.source, name.evidence) == ("Ms Nangnuan Deemark", "reviewer", ("th/9",))


def test_a_latin_name_in_brackets_after_a_foreign_name_is_its_english(people):
    following = " (Lei Shih-Chien) ผู้อำนวยการ"
    assert bracketed_latin(following) == "Lei Shih-Chien"
    name = person_english("นายเหลยซื่อเชียน", following=following)
    assert (name.text, name.source) == ("Mr Lei Shih-Chien", "source")


def test_brackets_that_hold_no_name_are_not_a_name():
    assert bracketed_latin(" (SMEA) ผู้อำนวยการ") is not None  # an abbreviation still reads as Latin
    assert bracketed_latin(" (2562)") is None
    assert bracketed_latin(" ผู้อำนวยการ (Director)") is None  # not right after the name


def test_an_unknown_name_is_machine_made(people):
    name = person_english("นายวิชัย ทองแท้")
    assert name.source in {"learned", "transliteration"}
    assert name.text.startswith("Mr ") and name.text.isascii()


@pytest.mark.parametrize(
    "content, reason",
    [
        ("thai\tenglish\nนายสมชาย ใจดี\n", "expected 2 tab-separated columns"),
        ("thai\tenglish\nSomchai\tSomchai\n", "has no Thai name"),
        ("thai\tenglish\nนายสมชาย ใจดี\tสมชาย\n", "must be a name in Latin letters"),
        ("name\tspelling\nนายสมชาย ใจดี\tSomchai\n", "needs columns 'thai' and 'english'"),
    ],
)
def test_a_malformed_reviewer_glossary_row_is_one_line_naming_file_and_line(tmp_path, content, reason):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(gl.GlossaryError) as caught:
        gl.read_reviewer_glossary(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: ") and reason in message and "\n" not in message


def test_a_malformed_archive_glossary_row_names_file_and_line(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text("thai\tenglish\tsupport\nสมชาย ใจดี\tSomchai Jaidee\tmany\n", encoding="utf-8")
    with pytest.raises(gl.GlossaryError, match=r"people.tsv:2: 'support' is not a number"):
        gl.read_people(path)


def test_a_missing_or_binary_glossary_is_a_clear_error(tmp_path):
    with pytest.raises(gl.GlossaryError, match="cannot read"):
        gl.read_reviewer_glossary(tmp_path / "absent.tsv")
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(gl.GlossaryError, match="not UTF-8"):
        gl.read_reviewer_glossary(binary)


def test_english_titles_come_off_before_the_name_is_stored():
    assert gl.strip_english_title("Mr Anucha Burapachaisri") == "Anucha Burapachaisri"
    assert gl.strip_english_title("Pol. Gen. Somchai Jaidee") == "Somchai Jaidee"
    assert gl.strip_english_title("Mrs. Somsri Deemak") == "Somsri Deemak"
    assert gl.strip_english_title("Mrinal Sen") == "Mrinal Sen"


def test_a_first_name_cut_short_takes_the_english_of_the_full_name_it_shortens():
    from pipeline.english.names import link_short_names
    from pipeline.record import Entity

    def person(text, english, source="transliteration"):
        return Entity(
            label="PERSON", start=0, end=len(text), text=text, english=english, english_source=source, source="rule"
        )

    linked = link_short_names(
        [
            person("นายเหลยซื่อเชียน", "Mr Lei Shih-Chien", "source"),
            person("นายสมชาย ใจดี", "Mr Somchai Jaidee", "archive"),
            person("ผอ.เหลยฯ", "Director Loeia"),
            person("นายก้องฯ", "Mr Kong"),  # shortens no one named before
        ]
    )
    assert [(e.english, e.english_source) for e in linked[2:]] == [
        ("Director Lei Shih-Chien", "source"),
        ("Mr Kong", "transliteration"),
    ]


def test_a_romanised_name_takes_the_spelling_its_english_twin_prints():
    from pipeline.english.names import names_from_twin, twin_spelling
    from pipeline.record import Entity

    twin = "Director Lei Shih-Chien of SMEA and Mr Suwannachai Lohawattanakul, Director of OSMEP, opened the forum."
    assert twin_spelling("Leisuechian", twin) == "Lei Shih-Chien"
    assert twin_spelling("Suwannachai Lohawatthanakun", twin) == "Suwannachai Lohawattanakul"
    assert twin_spelling("Prayut Chan-o-cha", twin) is None
    people = [
        Entity(
            label="PERSON",
            start=0,
            end=16,
            text="นายเหลยซื่อเชียน",
            english="Mr Leisuechian",
            english_source="transliteration",
            source="rule",
        ),
        Entity(
            label="PERSON",
            start=20,
            end=30,
            text="นายสมชาย ใจดี",
            english="Mr Somchai Jaidee",
            english_source="reviewer",
            source="rule",
        ),
    ]
    linked = names_from_twin(people, twin)
    assert [(e.english, e.english_source) for e in linked] == [
        ("Mr Lei Shih-Chien", "source"),
        ("Mr Somchai Jaidee", "reviewer"),
    ]


def test_split_title_takes_the_longest_title_as_a_scan_of_every_title_would():
    from pipeline.english.names import split_title, titles

    def scanned(name: str) -> tuple[str, str]:  # the longest known title the name starts with, by a full scan
        for title in sorted(titles(), key=len, reverse=True):
            if name.startswith(title) and len(name) > len(title):
                return title, name[len(title) :].strip()
        return "", name

    names = ["สมชาย ใจดี", "", "นาย", "นายก", "พลเอกประยุทธ์ จันทร์โอชา", "ดร. สมศรี มีสุข"]
    names += [title + rest for title in titles() for rest in ("", "ก", " สมชาย ใจดี")]
    assert {split_title(name) == scanned(name) for name in names} == {True}
    assert split_title("นายสมชาย ใจดี") == ("นาย", "สมชาย ใจดี")
    assert split_title("นาย") == ("", "นาย")  # a title alone is not split


def test_thai2rom_decoded_here_spells_every_word_as_pythainlp_does():
    from pythainlp.transliterate import thai2rom_onnx

    from pipeline.english import romanization_cache as rc
    from pipeline.english.names import _thai2rom

    run = _thai2rom()  # Thai2Rom over the same sessions pythainlp's romanize uses
    table = rc.shipped_table()
    words = sorted(table)[:: len(table) // 60]
    # a name with a title's letters, Latin and unknown characters, and inputs the decoder loops on (cut)
    words += ["บาทสมเด็จพระปรเมนทร", "ยังได้ลงพื้นที่", "abc", "ก" * 60, "นา" * 7, "กขค" * 30, "ๆ" * 9, "ะ"]
    assert [run(w) for w in words] == [thai2rom_onnx.romanize(w) for w in words]
