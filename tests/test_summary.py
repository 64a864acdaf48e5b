"""The template summary: a headline and two to five sentences built only from the record, flagging what was
lost or only proposed instead of guessing it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.english.summary import Summary, date_phrase, summarize
from pipeline.event import extract_event
from pipeline.record import EventDate, Release
from pipeline.release import process

SEED = Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt"


def record_of(text: str) -> Release:
    r = process(text)
    return r.model_copy(update={"event": extract_event(r)})


@pytest.fixture(scope="module")
def apec() -> Summary:
    return summarize(record_of(SEED.read_text(encoding="utf-8")))


def sentences(summary: Summary) -> list[str]:
    body = summary.text.split("\n\n", 1)[1]
    return [s for s in body.replace("e.g.", "eg").split(". ") if s]


def test_the_reference_summary_passes_the_faithfulness_check(apec):
    assert not apec.flagged, apec.problems
    assert apec.source == "template"
    assert 2 <= len(sentences(apec)) <= 5


def test_the_reference_summary_states_the_facts_of_the_record(apec):
    text = apec.text
    assert text.startswith("SMEA and OSMEP hold “APEC Local Innovation Ecosystem Forum”\n\n")
    assert "Office of Small and Medium Enterprises Promotion (OSMEP)" in text
    assert "Small and Medium Enterprise Administration, Ministry of Economic Affairs (SMEA)" in text
    # Neither speaker is in a glossary: their names are machine-made and say so.
    assert re.search(r"Mr Suwannachai \w+ \(romanised\), Director, OSMEP", text)
    assert re.search(r"Mr \w+ \(romanised\), Director, SMEA", text)
    assert "Tomsk, Russia and Taipei, Taiwan" in text
    assert "26%" in text


def test_the_reference_summary_flags_what_was_lost_instead_of_guessing(apec):
    text = apec.text
    assert "on a date [lost from the release] (released in 2019)" in text
    assert "It was event number 3 [needs review] in a series (the number of events is [lost from the release])" in text
    assert text.count("[Thai, untranslated]") == 2  # both topics, kept in Thai


def test_a_complete_event_gets_a_plain_date_place_and_figures():
    summary = summarize(
        record_of(
            "สสว. ร่วมกับ กรมการค้าภายใน จัด “งานสัมมนาการค้า” เมื่อวันที่ 2 ส.ค. 2562 ณ จังหวัดเชียงใหม่ "
            "มีผู้เข้าร่วม 120 คน งบประมาณ 5 ล้านบาท"
        )
    )
    assert not summary.flagged, summary.problems
    assert "on 2 August 2019 in Chiang Mai" in summary.text
    assert "Figures given: 5 million baht; 120 people." in summary.text  # key figures (money) first
    assert "“งานสัมมนาการค้า” [Thai, untranslated]" in summary.text


def test_a_release_with_little_in_it_still_gets_two_sentences():
    summary = summarize(record_of("นายสมชาย ใจดี ไปเที่ยวทะเล"))
    assert not summary.flagged
    assert len(sentences(summary)) == 2


def test_dates_in_english():
    assert (
        date_phrase(EventDate(start=0, end=1, text="x", year=2019, month=8, day=2, year_source="text"))
        == "on 2 August 2019"
    )
    assert date_phrase(EventDate(start=0, end=1, text="x", year=2019, month=6, year_source="text")) == "in June 2019"
    lost = EventDate(start=0, end=1, text="x", year=2019, lost=["day", "month"], year_source="text")
    assert date_phrase(lost) == "on a date [lost from the release] (2019)"


def test_a_summarizer_can_be_swapped():
    class Fixed:
        def __call__(self, record):
            return Summary("fixed", source="fixed")

    assert summarize(Release(id="t", text="ข่าว"), Fixed()).source == "fixed"


def test_durations_come_after_money_and_counts_and_money_keeps_the_thai_scale():
    summary = summarize(
        record_of(
            "กระทรวงพาณิชย์ จัดงานแสดงสินค้าเป็นเวลา 14 วัน เมื่อวันที่ 2 ส.ค. 2562 ณ จังหวัดเชียงใหม่ "
            "มีผู้เข้าร่วม 50,000 – 100,000 คน งบประมาณ 1,200 ล้านบาท"
        )
    )
    assert not summary.flagged, summary.problems
    assert "Figures given: 1,200 million baht; 50,000–100,000 people; 14 days." in summary.text
