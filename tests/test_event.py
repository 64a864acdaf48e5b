"""The event stage: type, title, date, places, organisers, participants, topics, figures and series, each with
the offsets it came from in `Release.text`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.event import extract_event, to_jsonld
from pipeline.event.quotes import find_quotes
from pipeline.record import Event, Release
from pipeline.release import process

SEED = Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt"

SEMINAR = (
    "กรมการค้าภายในจัดสัมมนา\n"
    "นายสมชาย ใจดี ผู้อำนวยการ สสว. ร่วมกับ กรมการค้าภายใน จัด “งานสัมมนาการค้า” เมื่อวันที่ 2 ส.ค. 2562 "
    "ณ จังหวัดเชียงใหม่ มีผู้เข้าร่วม 120 คน งบประมาณ 5 ล้านบาท"
)
MINISTER = "นายอาคม เติมพิทยาไพสิฐ รัฐมนตรีว่าการกระทรวงการคลัง เปิดเผยว่า ที่ประชุมได้อนุมัติวงเงิน ๑,๕๐๐ ล้านบาท"


def event_of(text: str) -> tuple[Release, Event]:
    record = process(text)
    return record, extract_event(record)


@pytest.fixture(scope="module")
def apec() -> tuple[Release, Event]:
    return event_of(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seminar() -> tuple[Release, Event]:
    return event_of(SEMINAR)


def test_every_field_points_at_the_text_it_came_from(apec, seminar):
    for record, event in (apec, seminar):
        text = record.text
        if event.title:
            assert text[event.title.start : event.title.end] == event.title.text
        for place in event.locations:
            assert text[place.start : place.end] == place.text
        for o in event.organizers:
            assert text[o.start : o.end] == o.text
        for p in event.participants:
            assert text[p.name.start : p.name.end] == p.name.text
            assert text[p.role.start : p.role.end] == p.role.text
            if p.organization:
                assert text[p.organization.start : p.organization.end] == p.organization.text
        for t in event.topics:
            assert text[t.start : t.end] == t.text
        for f in event.figures:
            assert text[f.start : f.end] == f.text
        if event.date and event.date.text:
            assert text[event.date.start : event.date.end] == event.date.text


# --- the reference release ----------------------------------------------------------------------


def test_the_reference_release_is_a_forum_with_its_english_name(apec):
    _, event = apec
    assert event.type.value == "forum_seminar"
    assert event.title.english == "APEC Local Innovation Ecosystem Forum"
    assert event.title.text.startswith("การประชุมสัมมนา")


def test_the_reference_release_names_both_speakers_with_roles_and_organisations(apec):
    _, event = apec
    people = {p.name.text: p for p in event.participants}
    lei, suwannachai = people["นายเหลยซื่อเชียน"], people["นายสุวรรณชัย โลหะวัฒนกุล"]
    assert (lei.role.english, lei.organization.abbreviation) == ("Director", "SMEA")
    assert (suwannachai.role.english, suwannachai.organization.abbreviation) == ("Director", "OSMEP")
    assert suwannachai.name.english.startswith("Mr Suwannachai ")
    assert suwannachai.name.english_source == "learned"


def test_the_reference_release_names_both_agencies_in_official_english(apec):
    _, event = apec
    hosts = {o.abbreviation: (o.role, o.english) for o in event.organizers}
    assert hosts["SMEA"][0] == "host"
    assert hosts["OSMEP"] == ("co_host", "Office of Small and Medium Enterprises Promotion")
    # The ministry named after SMEA is its parent body, not a third organiser.
    assert len(event.organizers) == 2
    assert event.organizers[0].parent.english == "Ministry of Economic Affairs"


def test_the_reference_release_keeps_the_places_of_earlier_events(apec):
    _, event = apec
    assert [(p.english, p.role) for p in event.locations] == [
        ("Tomsk, Russia", "earlier_event"),
        ("Taipei, Taiwan", "earlier_event"),
    ]


def test_the_reference_release_gives_the_26_percent_figure_and_both_topics(apec):
    _, event = apec
    assert [(f.english, f.value) for f in event.figures] == [("26%", 26.0)]
    assert len(event.topics) == 2
    assert all(t.english is None for t in event.topics)  # no English in the release: none is guessed


def test_the_reference_release_date_is_lost_and_not_the_publication_date(apec):
    _, event = apec
    date = event.date
    assert date.text.startswith("วันที่ .")
    assert (date.day, date.month) == (None, None)
    assert date.partial and date.needs_review
    assert date.year == 2019 and date.year_source == "publication"


def test_the_series_number_is_only_a_proposal_and_the_total_is_lost(apec):
    _, event = apec
    number, total = event.series.number, event.series.total
    assert (number.value, number.proposed, number.needs_review) == (None, 3, True)
    assert (total.value, total.lost) == (None, True)


# --- small examples -----------------------------------------------------------------------------


def test_a_title_opened_with_a_straight_quote_and_closed_with_a_curly_one_stops_at_its_own_close():
    text = (
        'กระทรวงวัฒนธรรมจัดงาน "มหกรรมวัฒนธรรมร่วมใจ รวมไทยสร้างชาติ” ภายใต้แนวคิด "คนไทยไม่ทิ้งกัน” '
        "ระหว่างวันที่ 15 - 20 กันยายน 2563 ณ ศูนย์วัฒนธรรมแห่งประเทศไทย"
    )
    _, event = event_of(text)
    assert event.title is not None and event.title.text == "มหกรรมวัฒนธรรมร่วมใจ รวมไทยสร้างชาติ"


def test_a_straight_quote_pair_holding_a_curly_quote_is_not_one_title():
    # `"นายกฯ” หนุน…"` is two quotes' ends, not a quote: the curly mark closes the first.
    text = 'ข่าว "นายกฯ” หนุนไทยเป็นฐาน "การผลิตยานยนต์ไฟฟ้า"'
    assert [q.text for q in find_quotes(text)] == ["นายกฯ", "การผลิตยานยนต์ไฟฟ้า"]


def test_a_seminar_has_its_date_place_organisers_and_figures(seminar):
    _, event = seminar
    assert event.type.value == "forum_seminar"
    assert event.title.text == "งานสัมมนาการค้า"
    assert event.date.iso == "2019-08-02" and not event.date.partial
    assert [(p.english, p.role) for p in event.locations] == [("Chiang Mai", "venue")]
    assert [(o.english, o.role) for o in event.organizers] == [
        ("Office of Small and Medium Enterprises Promotion", "host"),
        ("Department of Internal Trade", "co_host"),
    ]
    assert [f.english for f in event.figures] == ["120 people", "5 million baht"]
    assert event.figures[0].counts == "คน"


def test_a_minister_role_names_the_ministry_field_and_thai_digits_are_read():
    _, event = event_of(MINISTER)
    minister = event.participants[0]
    assert minister.role.english == "Minister of Finance"
    assert minister.organization.english == "Ministry of Finance"
    assert event.type.value == "approval"
    # at the scale the Thai writes, as its English twin does
    assert [f.english for f in event.figures] == ["1,500 million baht"]


def test_topics_are_the_quoted_items_after_a_topic_cue():
    _, event = event_of("การประชุมครั้งนี้แบ่งออกเป็น 2 หัวข้อ ได้แก่ “การค้า” และ “การลงทุน” โดยมีผู้เชี่ยวชาญ “ร่วมแบ่งปัน”")
    assert [t.text for t in event.topics] == ["การค้า", "การลงทุน"]


def test_a_stated_series_number_and_total_are_plain_values():
    _, event = event_of("งานนี้จัดขึ้นทั้งหมด 4 รอบ และครั้งนี้เป็นครั้งที่ 2 ที่จังหวัดขอนแก่น")
    assert (event.series.number.value, event.series.total.value) == (2, 4)
    assert not event.series.number.needs_review


def test_a_release_without_an_event_word_is_other():
    _, event = event_of("นายสมชาย ใจดี ไปเที่ยวทะเล")
    assert event.type.value == "other"
    assert event.series is None


def test_jsonld_is_a_schema_org_event_that_leaves_out_lost_values(apec):
    record, event = apec
    record = record.model_copy(update={"event": event})
    data = to_jsonld(record)
    assert data["@context"] == "https://schema.org" and data["@type"] == "EducationEvent"
    assert data["name"] == "APEC Local Innovation Ecosystem Forum"
    assert "startDate" not in data  # the day and month were lost
    assert {o["name"] for o in data["organizer"]} == {
        "Small and Medium Enterprise Administration, Ministry of Economic Affairs (SMEA)",
        "Office of Small and Medium Enterprises Promotion (OSMEP)",
    }
    assert data["performer"][1]["jobTitle"] == "Director"
    assert "position" not in data["superEvent"]  # 3 is only a proposal


def test_jsonld_of_a_complete_event_has_its_date_and_place(seminar):
    record, event = seminar
    data = to_jsonld(record.model_copy(update={"event": event}))
    assert data["startDate"] == "2019-08-02"
    assert data["location"] == [{"@type": "Place", "name": "Chiang Mai"}]


def test_a_name_cut_short_with_paiyannoi_is_the_earlier_participant_not_another():
    text = (
        "นายสมศักดิ์ ศรีสวัสดิ์ ผู้อำนวยการ สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม เปิดงานสัมมนา "
        "ณ กรุงเทพมหานคร ต่อมา ผอ.สมศักดิ์ฯ กล่าวว่า งานนี้มีผู้ประกอบการเข้าร่วมจำนวนมาก "
        "และนางสาวมาลี ใจงาม ผู้อำนวยการ กรมส่งเสริมการค้าระหว่างประเทศ กล่าวเสริม"
    )
    people = [p.name.text for p in process(text).event.participants]
    assert people == ["นายสมศักดิ์ ศรีสวัสดิ์", "นางสาวมาลี ใจงาม"]


def test_a_range_of_counts_and_durations_in_years_and_days_are_figures():
    _, event = event_of(
        "กระทรวงการท่องเที่ยวและกีฬาคาดว่าจะมีผู้เข้าร่วมงานประมาณ 50,000 – 100,000 คน ภายใน 14 วัน "
        "ในโอกาสครบรอบ 70 ปี งบประมาณ 1,200 ล้านบาท"
    )
    assert [f.english for f in event.figures] == [
        "50,000–100,000 people",
        "14 days",
        "70 years",
        "1,200 million baht",
    ]
