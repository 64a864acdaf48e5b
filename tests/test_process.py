"""`process`: one release in, one `Release` record out, or an `InputError` naming the input and the reason.

The library entry point is `pipeline.process`; it runs `pipeline.release.process`, which also takes
`max_bytes`.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.errors import InputError
from pipeline.record import Release
from pipeline.release import process

SEED = Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt"

MEETING = "นายสมชาย ใจดี ผู้อำนวยการกองคลัง เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562"


@pytest.fixture(scope="module")
def apec() -> Release:
    return process(SEED.read_text(encoding="utf-8"), source_id="apec")


def by_text(record: Release, label: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in record.entities:
        if e.label == label:
            out.setdefault(e.text, []).append(e)
    return out


def assert_offsets_index_the_text(record: Release) -> None:
    for e in record.entities:
        assert record.text[e.start : e.end] == e.text, e
    for d in record.dates:
        assert record.text[d.start : d.end] == d.text, d
        if d.end_date is not None:
            assert record.text[d.end_date.start : d.end_date.end] == d.end_date.text, d


# --- the reference release ----------------------------------------------------------------------


def test_the_reference_release_names_both_speakers(apec):
    people = by_text(apec, "PERSON")
    assert "นายเหลยซื่อเชียน" in people
    assert "นายสุวรรณชัย โลหะวัฒนกุล" in people
    suwannachai = people["นายสุวรรณชัย โลหะวัฒนกุล"][0]
    assert suwannachai.english.startswith("Mr Suwannachai ") and suwannachai.english_source == "learned"


def test_the_reference_release_links_both_agencies_and_their_abbreviations(apec):
    orgs = by_text(apec, "ORGANIZATION")
    smea = "สำนักงานบริหารวิสาหกิจขนาดกลางและขนาดย่อม"
    osmep = "สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม"
    assert {e.canonical for e in orgs[smea] + orgs["SMEA"]} == {"tw-gov:smea"}
    assert {e.canonical for e in orgs[osmep] + orgs["สสว."]} == {"th-gov:osmep"}
    assert len(orgs["SMEA"]) == 3  # "(SMEA)" and both later mentions
    assert orgs[osmep][0].english == "Office of Small and Medium Enterprises Promotion"
    assert orgs[osmep][0].english_source == "glossary"
    assert orgs[smea][0].english.startswith("Small and Medium Enterprise Administration")


def test_the_reference_release_keeps_the_share_of_exports(apec):
    assert [e.text for e in apec.entities if e.label == "PERCENT"] == ["ร้อยละ 26 %"]


def test_the_damaged_date_keeps_only_its_year(apec):
    (damaged,) = [d for d in apec.dates if d.text == "วันที่ .. 62"]
    assert (damaged.year, damaged.month, damaged.day) == (2019, None, None)
    assert damaged.calendar == "BE"
    assert not damaged.complete and damaged.iso is None


def test_the_reference_release_offsets_index_its_text(apec):
    assert apec.entities and apec.dates
    assert_offsets_index_the_text(apec)
    assert apec.id == "apec" and apec.source == "apec"


def test_the_record_survives_a_json_round_trip(apec):
    assert Release.model_validate_json(apec.model_dump_json()) == apec


# --- options ------------------------------------------------------------------------------------


def test_the_release_date_resolves_relative_dates():
    text = "วันนี้ กระทรวงพาณิชย์ประชุมผู้ส่งออก"
    (unresolved,) = process(text).dates
    assert (unresolved.relative, unresolved.iso) == ("today", None)

    record = process(text, release_date="2024-05-01")
    assert record.release_date == "2024-05-01"
    (today,) = record.dates
    assert (today.relative, today.iso, today.complete) == ("today", "2024-05-01", True)
    assert process(text, release_date=dt.date(2024, 5, 1)).dates == record.dates


def test_a_release_date_that_is_not_iso_is_an_input_error():
    with pytest.raises(InputError) as excinfo:
        process("วันนี้ กระทรวงพาณิชย์ประชุม", release_date="01/05/2024", source_id="rel-7")
    assert excinfo.value.source == "rel-7"
    assert "YYYY-MM-DD" in str(excinfo.value)


def test_without_a_source_id_the_id_is_a_hash_of_the_text():
    a, b = process(MEETING), pipeline.process(MEETING)
    assert a.id == b.id and a.id.startswith("sha1:")
    assert process(MEETING + " ครับ").id != a.id


@pytest.mark.parametrize("encoding", ["cp874", "tis-620", "utf-16", "utf-8-sig"])
def test_encoded_bytes_give_the_same_record_as_text(encoding):
    as_text = process(MEETING)
    as_bytes = process(MEETING.encode(encoding))
    assert as_bytes.text == as_text.text
    assert as_bytes.entities == as_text.entities
    assert as_bytes.encoding != "str"


def test_html_becomes_text_without_its_scripts():
    html = (
        "<html><head><title>ข่าวแจก</title></head><body>"
        "<p>กระทรวงพาณิชย์จัดงานแสดงสินค้า</p>"
        '<script>var secret = "รหัสลับ"; track();</script>'
        "<p>ที่จังหวัดภูเก็ต</p></body></html>"
    )
    record = process(html)
    assert record.text == "กระทรวงพาณิชย์จัดงานแสดงสินค้า\n\nที่จังหวัดภูเก็ต"
    assert "รหัสลับ" not in record.text and "track" not in record.text
    assert [e.canonical for e in record.entities if e.label == "LOCATION"] == ["th-province:phuket"]


# --- bad input ----------------------------------------------------------------------------------

BAD_INPUTS = {
    "empty": ("", {}, "empty input"),
    "whitespace": (" \n\t \n", {}, "empty input"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(64)), {}, "binary data"),
    "undecodable": ("สวัสดีครับ".encode("tis-620") + b"\xff", {}, "cannot decode"),
    "html-only-script": ("<html><body><script>alert('ข่าว')</script></body></html>", {}, "empty input"),
    "english": ("The ministry announced a new export policy today.", {}, "no Thai text"),
    "oversize": ("ข่าว" * 100, {"max_bytes": 1000}, "over the limit of 1000 bytes"),
    "oversize-bytes": (("ข่าว" * 100).encode("utf-8"), {"max_bytes": 1000}, "over the limit of 1000 bytes"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_a_bad_input_is_an_input_error_naming_the_input_and_the_reason(case):
    data, kwargs, reason = BAD_INPUTS[case]
    with pytest.raises(InputError) as excinfo:
        process(data, source_id=f"release-{case}.txt", **kwargs)
    assert excinfo.value.source == f"release-{case}.txt"
    assert reason in excinfo.value.reason
    assert str(excinfo.value) == f"release-{case}.txt: {excinfo.value.reason}"
    assert "\n" not in str(excinfo.value)


def test_the_public_entry_point_raises_the_same_error():
    with pytest.raises(pipeline.InputError) as excinfo:
        pipeline.process("", source_id="blank.txt")
    assert str(excinfo.value) == "blank.txt: empty input"


def test_without_a_source_id_the_error_names_the_text():
    with pytest.raises(InputError) as excinfo:
        process("   ")
    assert excinfo.value.source == "<text>"


# --- any text: a record whose offsets hold, or an InputError ----------------------------------------

THAI_LETTERS = [chr(c) for c in range(0x0E01, 0x0E3B)] + [chr(c) for c in range(0x0E3F, 0x0E5C)]
THAI_HEAVY = st.text(
    alphabet=st.sampled_from(THAI_LETTERS + list(string.digits + " \n" + '.,()%-"“”:/')),
    max_size=200,
)


def check_record_or_input_error(text) -> None:
    try:
        record = process(text, source_id="hypothesis")
    except InputError as error:
        assert error.source == "hypothesis"
        assert error.reason
        return
    assert isinstance(record, Release)
    assert_offsets_index_the_text(record)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(THAI_HEAVY, st.text(max_size=200)))
def test_any_text_gives_a_consistent_record_or_an_input_error(text):
    check_record_or_input_error(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(THAI_HEAVY.map(lambda t: "กระทรวงพาณิชย์แถลงข่าว " + t))
def test_any_thai_release_gives_a_consistent_record_or_an_input_error(text):
    check_record_or_input_error(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_any_bytes_give_a_consistent_record_or_an_input_error(data):
    check_record_or_input_error(data)
