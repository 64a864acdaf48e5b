"""The faithfulness check: a summary may state only numbers, dates, names and organisations the record holds."""

from __future__ import annotations

import pytest

from pipeline.english.faithfulness import check
from pipeline.event import extract_event
from pipeline.record import Candidate, DateRecord, Entity, Release, Repair
from pipeline.release import process

TEXT = "สสว. จัดงานเมื่อวันที่ 2 ส.ค. 2562 มีผู้ประกอบการเข้าร่วม ๑๒๐ คน และงานนี้เป็นครั้งที่ ในรอบปี"


@pytest.fixture(scope="module")
def record() -> Release:
    r = process(TEXT)
    return r.model_copy(update={"event": extract_event(r)})


def kinds(summary: str, record: Release) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in check(summary, record)]


def test_a_summary_of_what_the_record_holds_passes(record):
    summary = (
        "The Office of Small and Medium Enterprises Promotion (OSMEP) held an event on 2 August 2019. "
        "120 people took part."
    )
    assert check(summary, record) == []


def test_numbers_written_in_thai_digits_and_be_years_trace(record):
    assert kinds("120 people took part in 2019.", record) == []


def test_an_invented_number_fails(record):
    assert kinds("350 people took part.", record) == [("number", "350")]


def test_an_invented_date_fails(record):
    assert set(kinds("OSMEP held an event on 5 September 2019.", record)) == {
        ("date", "5 September 2019"),
        ("number", "5"),
    }


def test_an_invented_year_fails(record):
    assert ("number", "2021") in kinds("OSMEP held an event in 2021.", record)


def test_an_invented_organisation_fails(record):
    assert kinds("The World Bank held an event.", record) == [("name", "World Bank")]


def test_an_invented_person_fails(record):
    assert kinds("Mr John Smith opened the event.", record) == [("name", "Mr John Smith")]


def test_a_proposed_value_must_be_marked_for_review(record):
    marked = Release(
        id="t",
        text="งานครั้งที่ ในรอบปี",
        repairs=[
            Repair(
                start=11,
                end=11,
                template="ordinal.marker",
                replacement="3 ",
                candidates=[Candidate(value="3", confidence=0.6, evidence="")],
            )
        ],
    )
    assert kinds("It was event number 3 [needs review].", marked) == []
    assert kinds("It was event number 3.", marked) == [("proposal", "3")]


def test_latin_names_written_in_the_thai_text_trace():
    r = Release(id="t", text="งาน APEC Local Innovation Ecosystem Forum จัดขึ้น")
    assert check("“APEC Local Innovation Ecosystem Forum” took place.", r) == []


def test_an_entity_english_name_traces_and_a_near_miss_does_not():
    r = Release(
        id="t",
        text="นายสมชาย ใจดี",
        entities=[
            Entity(
                label="PERSON",
                start=0,
                end=13,
                text="นายสมชาย ใจดี",
                english="Mr Somchai Chaidi",
                english_source="transliteration",
                source="crf",
            )
        ],
    )
    assert check("Mr Somchai Chaidi (romanised) spoke.", r) == []
    assert kinds("Mr Somchai Jaidee spoke.", r) == [("name", "Mr Somchai Jaidee")]


def test_a_month_must_match_a_date_of_the_record():
    r = Release(
        id="t", text="เดือนมิถุนายน 2562", dates=[DateRecord(start=0, end=18, text="เดือนมิถุนายน 2562", year=2019, month=6)]
    )
    assert check("It met in June 2019.", r) == []
    assert kinds("It met in July 2019.", r) == [("date", "July 2019")]


def test_untranslated_thai_outside_quotes_and_loops_are_quality_problems():
    r = Release(id="t", text="ข่าว")
    assert [p.kind for p in check("ข่าว news", r)] == ["quality"]
    assert [p.kind for p in check("news news news news", r)] == ["quality"]
    assert [p.kind for p in check("", r)] == ["quality"]
    assert check("“ข่าว” [Thai, untranslated] was released.", r) == []


def test_word_in_is_the_bounded_regex_search():
    # _word_in searches with str.find; it must agree with the regex it replaced on words glued to letters
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.english.faithfulness import _word_in

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet="aAbzZ .-กé", max_size=12), st.text(alphabet="aAbzZ .-กé", max_size=4))
    def agree(known, word):
        expected = re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", known) is not None
        assert _word_in(word, known) is expected

    agree()
    assert _word_in("Prayut", "Gen Prayut Chan-o-cha")
    assert not _word_in("Prayut", "Gen Prayuth Chan-o-cha")


def _org(text: str, english: str, start: int) -> Entity:
    return Entity(
        label="ORGANIZATION",
        start=start,
        end=start + len(text),
        text=text,
        english=english,
        english_source="glossary",
        source="crf",
    )


def test_a_name_listed_after_an_abbreviation_with_a_dot_traces_and_an_invented_one_does_not():
    # "Co., Ltd. and X": the list's "and" follows a full stop, which once made the checker read "and X" as a name.
    text = "บริษัท ไปรษณีย์ไทย จำกัด และ สศช."
    r = Release(
        id="t",
        text=text,
        entities=[
            _org("บริษัท ไปรษณีย์ไทย จำกัด", "Thailand Post Co., Ltd.", 0),
            _org("สศช.", "Office of the National Economic and Social Development Council", text.index("สศช.")),
        ],
    )
    listed = "Also named: Thailand Post Co., Ltd. and Office of the National Economic and Social Development Council."
    assert check(listed, r) == []
    assert kinds("Also named: Thailand Post Co., Ltd. and World Bank.", r) == [("name", "World Bank")]
