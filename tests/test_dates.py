"""Specification of the dates stage (pipeline.dates).

Examples are short sentences written for these tests.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import (
    DateMatch,
    DateValue,
    find_dates,
    month_abbreviation_completions,
    parse_thai_date,
)

RELEASE = datetime.date(2020, 8, 24)


def only(text: str, **kw) -> DateMatch:
    matches = find_dates(text, **kw)
    assert len(matches) == 1, matches
    return matches[0]


def ymd(v: DateValue | None) -> tuple:
    assert v is not None
    return (v.year, v.month, v.day, v.calendar)


# --- DateValue -------------------------------------------------------------


def test_datevalue_complete_and_iso():
    assert DateValue(2019, 8, 2, "BE").iso == "2019-08-02"
    assert DateValue(2019, 8, 2, "BE").complete
    assert DateValue(2019, 8, None, "BE").iso is None
    assert not DateValue(None, 8, 2, None).complete


# --- full dates, months, years ----------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("24 สิงหาคม 2563", (2020, 8, 24, "BE")),
        ("2 ส.ค. 2562", (2019, 8, 2, "BE")),
        ("3 ก.ย. 62", (2019, 9, 3, "BE")),
        ("24 ส.ค.63", (2020, 8, 24, "BE")),  # no space before a 2-digit year
        ("1 ม.ค. 2019", (2019, 1, 1, "CE")),
        ("5 มิ.ย 63", (2020, 6, 5, "BE")),  # last dot missing
        ("5 มิย 63", (2020, 6, 5, "BE")),  # no dots, right after a day
        ("9 มีนาคม พ.ศ. 2563", (2020, 3, 9, "BE")),
        ("9 มีนาคม ค.ศ. 2020", (2020, 3, 9, "CE")),
        ("9 มีนาคม พุทธศักราช 2563", (2020, 3, 9, "BE")),
        ("9 มีนาคม คริสต์ศักราช 2020", (2020, 3, 9, "CE")),
        ("7 พฤษภา 2563", (2020, 5, 7, "BE")),  # colloquial short month name
        ("12 กรกฏาคม 2563", (2020, 7, 12, "BE")),  # common misspelling
    ],
)
def test_day_month_year(text, expected):
    assert ymd(parse_thai_date(text)) == expected


@pytest.mark.parametrize(
    "text, month",
    [
        ("1 ต.ค. 62", 10),
        ("15 ตุลาคม 2562", 10),
        ("2 พ.ย. 62", 11),
        ("30 พฤศจิกายน 2562", 11),
        ("3 ธ.ค. 62", 12),
        ("31 ธันวาคม 2562", 12),
    ],
)
def test_months_ten_to_twelve(text, month):
    v = parse_thai_date(text)
    assert v is not None and v.month == month and v.year == 2019


def test_all_twelve_abbreviations():
    abbrs = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
    for number, abbr in enumerate(abbrs, start=1):
        assert parse_thai_date(f"1 {abbr} 63").month == number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2 August 2019", (2019, 8, 2, "CE")),
        ("August 2, 2019", (2019, 8, 2, "CE")),
        ("2 Sept. 2019", (2019, 9, 2, "CE")),
        ("16 September B.E. 2563", (2020, 9, 16, "BE")),
    ],
)
def test_english_months(text, expected):
    assert ymd(parse_thai_date(text)) == expected


def test_thai_digits():
    assert ymd(parse_thai_date("๒๔ สิงหาคม ๒๕๖๓")) == (2020, 8, 24, "BE")
    assert ymd(parse_thai_date("๑๕ ก.ย. ๖๒")) == (2019, 9, 15, "BE")
    m = only("ประชุมเมื่อ ๑๕ ก.ย. ๖๒ ที่ทำเนียบ")
    assert m.text == "๑๕ ก.ย. ๖๒"


def test_year_range_decides_calendar():
    assert ymd(parse_thai_date("ปี 2562")) == (2019, None, None, "BE")
    assert ymd(parse_thai_date("ปี 2019")) == (2019, None, None, "CE")
    assert parse_thai_date("ปี 3000") is None


# --- weekdays and spans ------------------------------------------------------


def test_weekday_prefix_is_in_span():
    m = only("วันจันทร์ที่ 24 สิงหาคม 2563 นายกฯ ประชุม")
    assert m.text == "วันจันทร์ที่ 24 สิงหาคม 2563"
    assert m.value.iso == "2020-08-24"


def test_wanthi_is_not_in_span():
    text = "กำหนดจัดงานวันที่ 3 ก.ย. 62 ณ กรุงเทพฯ"
    m = only(text)
    assert m.text == "3 ก.ย. 62"
    assert text[m.start : m.end] == m.text
    assert only("ครั้งต่อไปที่ 3 ก.ย. 62").text == "3 ก.ย. 62"


def test_offsets_with_invisible_spaces():
    text = "วันนี้\u00a0(2\u200b ต.ค.\u00a063) เวลา"
    ms = find_dates(text)
    assert [m.text for m in ms] == ["วันนี้", "2\u200b ต.ค.\u00a063"]
    for m in ms:
        assert text[m.start : m.end] == m.text
    assert ms[1].value.iso == "2020-10-02"


# --- ranges ---------------------------------------------------------------


def test_range_same_month():
    v = parse_thai_date("8-11 ก.ย. 65")
    assert ymd(v) == (2022, 9, 8, "BE")
    assert ymd(v.end) == (2022, 9, 11, "BE")
    v2 = parse_thai_date("8 - 11 กันยายน 2565")
    assert v2 == v


def test_range_across_months():
    v = parse_thai_date("30 ก.ย. - 2 ต.ค. 65")
    assert ymd(v) == (2022, 9, 30, "BE")
    assert ymd(v.end) == (2022, 10, 2, "BE")


def test_range_across_years():
    v = parse_thai_date("28 ธ.ค. 62 - 3 ม.ค. 63")
    assert (v.iso, v.end.iso) == ("2019-12-28", "2020-01-03")
    v = parse_thai_date("28 ธ.ค. - 3 ม.ค. 63")
    assert (v.iso, v.end.iso) == ("2019-12-28", "2020-01-03")


def test_range_with_wording():
    m = only("ระหว่างวันที่ 8 - 11 ก.ย. 65 ณ ศูนย์ประชุม")
    assert m.text == "8 - 11 ก.ย. 65"
    m = only("ตั้งแต่วันที่ 1 ตุลาคม ถึงวันที่ 15 พฤศจิกายน 2563")
    assert (m.value.iso, m.value.end.iso) == ("2020-10-01", "2020-11-15")


def test_month_and_year_ranges():
    v = parse_thai_date("มกราคม - มีนาคม 2563")
    assert (v.year, v.month, v.end.year, v.end.month) == (2020, 1, 2020, 3)
    v = parse_thai_date("ต.ค. 62 – ก.ย. 63")
    assert (v.year, v.month, v.end.year, v.end.month) == (2019, 10, 2020, 9)
    v = parse_thai_date("พ.ศ. 2561-2565")
    assert (v.year, v.end.year, v.calendar) == (2018, 2022, "BE")
    v = parse_thai_date("ปี 2563/64")  # crop/academic year
    assert (v.year, v.end.year) == (2020, 2021)


def test_backwards_range_is_not_a_range():
    assert parse_thai_date("11-8 ก.ย. 65") is None


# --- partial dates ----------------------------------------------------------


def test_month_year():
    assert ymd(parse_thai_date("สิงหาคม 2563")) == (2020, 8, None, "BE")
    assert ymd(parse_thai_date("ส.ค. 63")) == (2020, 8, None, "BE")
    assert ymd(parse_thai_date("(ส.ค.63)")) == (2020, 8, None, "BE")


def test_month_only_needs_duean():
    m = only("ประชุมในเดือนมิถุนายน ทุกปี")
    assert m.text == "มิถุนายน"
    assert ymd(m.value) == (None, 6, None, None)
    # an abbreviation alone is not a date (ก.พ. is also an agency)
    assert find_dates("สำนักงาน ก.พ. รายงานว่า") == []
    assert find_dates("สำนักงาน ก.พ.ร. 63 แห่ง") == []


def test_year_only():
    assert only("ตามพระราชบัญญัติ พ.ศ. 2562").text == "พ.ศ. 2562"
    assert ymd(parse_thai_date("พ.ศ. 2562")) == (2019, None, None, "BE")
    assert ymd(parse_thai_date("ค.ศ. 2019")) == (2019, None, None, "CE")
    assert only("ภายในปี 2573").text == "2573"


def test_fiscal_year():
    for text in ("ปีงบประมาณ 2563", "ปีงบประมาณ พ.ศ. 2563", "ปีงบ 63"):
        v = parse_thai_date(text)
        assert (v.year, v.month, v.day, v.calendar, v.fiscal_year) == (2020, None, None, "BE", True)
    assert only("แผนประจำปีงบประมาณ 2563 ของกรม").text == "ปีงบประมาณ 2563"


def test_day_month_without_year_or_release_is_partial():
    v = parse_thai_date("3 ก.ย.")
    assert ymd(v) == (None, 9, 3, None)
    assert not v.complete and v.iso is None


def test_day_month_without_year_takes_nearest_year_of_release():
    v = parse_thai_date("3 ก.ย.", release_date=RELEASE)
    assert v.iso == "2020-09-03" and v.calendar is None
    v = parse_thai_date("5 ม.ค.", release_date=datetime.date(2020, 12, 20))
    assert v.iso == "2021-01-05"


# --- relative dates -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rel, iso",
    [
        ("วันนี้", "today", "2020-08-24"),
        ("เมื่อวานนี้", "yesterday", "2020-08-23"),
        ("เมื่อวาน", "yesterday", "2020-08-23"),
        ("พรุ่งนี้", "tomorrow", "2020-08-25"),
        ("เมื่อวันที่ 3 ที่ผ่านมา", "past", "2020-08-03"),
        ("เมื่อวันที่ 30 ที่ผ่านมา", "past", "2020-07-30"),
        ("ในวันที่ 3 ก.ย. นี้", "upcoming", "2020-09-03"),
        ("วันที่ 15 นี้", "upcoming", "2020-09-15"),
        ("18 มกราคม ปีหน้า", "next_year", "2021-01-18"),
    ],
)
def test_relative_days(text, rel, iso):
    v = parse_thai_date(text, release_date=RELEASE)
    assert v.relative == rel and v.iso == iso


def test_relative_months_and_years():
    past = parse_thai_date("เมื่อเดือนมิถุนายนที่ผ่านมา", release_date=RELEASE)
    assert (past.year, past.month, past.relative) == (2020, 6, "past")
    prev_year = parse_thai_date("เดือนตุลาคมที่ผ่านมา", release_date=RELEASE)
    assert (prev_year.year, prev_year.month) == (2019, 10)
    assert parse_thai_date("ปีนี้", release_date=RELEASE).year == 2020
    assert parse_thai_date("ปีที่แล้ว", release_date=RELEASE).year == 2019
    assert parse_thai_date("ปีก่อน", release_date=RELEASE).year == 2019
    this_month = parse_thai_date("เดือนนี้", release_date=RELEASE)
    assert (this_month.year, this_month.month, this_month.day) == (2020, 8, None)
    last = parse_thai_date("เดือนที่แล้ว", release_date=datetime.date(2020, 1, 5))
    assert (last.year, last.month, last.relative) == (2019, 12, "last_month")


def test_relative_without_release_date_keeps_only_the_label():
    v = parse_thai_date("วันนี้")
    assert v == DateValue(None, None, None, None, relative="today")
    assert parse_thai_date("สัปดาห์นี้").relative == "this_week"


def test_durations_are_not_relative_dates():
    assert find_dates("เมื่อ 2 ปีก่อน") == []
    assert find_dates("ในรอบหลายปีที่ผ่านมา") == []
    assert find_dates("ทุกวันนี้ประชาชนใช้มือถือ") == []


def test_relative_and_explicit_date_are_separate_matches():
    ms = find_dates("วันนี้ (24 ส.ค. 63) เวลา 8.30 น.", release_date=RELEASE)
    assert [m.text for m in ms] == ["วันนี้", "24 ส.ค. 63"]
    assert {m.value.iso for m in ms} == {"2020-08-24"}


# --- damaged dates ---------------------------------------------------------------


def test_damaged_day_and_month_leave_year_only():
    m = only("ไทเปวันที่ .. 62 รายงาน")
    assert m.text == "วันที่ .. 62"
    assert ymd(m.value) == (2019, None, None, "BE")


def test_damaged_with_nothing_left_is_not_a_date():
    assert find_dates("จัดขึ้นเมื่อวันที่ .ที่ผ่านมา โดย") == []


def test_truncated_abbreviation_is_left_to_repair():
    assert find_dates("ณ กรุงไทเป เมื่อเดือนมิ.ที่ผ่านมา ซึ่ง") == []


def test_impossible_dates_are_not_matched():
    assert find_dates("31 ก.พ. 2563") == []
    assert find_dates("29 ก.พ. 2562") == []  # 2019 is not a leap year
    assert parse_thai_date("29 ก.พ. 2563").iso == "2020-02-29"
    assert find_dates("31 เม.ย.") == []


# --- not dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "เวลา 14:49 น.",
        "เวลา 8.30 น.",
        "จำนวน 2563 ราย",
        "งบประมาณ 15,000 บาท",
        "ครั้งที่ 3",
        "โดยมีนายสมชาย เป็นประธาน",
        "ตุลาการ 3 คน",
        "",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_time_after_date_is_not_a_year():
    m = only("3 ก.ย. 10.30 น.")
    assert m.text == "3 ก.ย." and m.value.year is None


def test_parse_rejects_extra_text():
    assert parse_thai_date("ประชุม 3 ก.ย. 62 และ 5 ก.ย. 62") is None
    assert parse_thai_date("14:49 น.") is None


# --- completions --------------------------------------------------------------------


def test_month_abbreviation_completions():
    assert month_abbreviation_completions("มิ.") == [6]
    assert month_abbreviation_completions("ม.") == [1]
    assert month_abbreviation_completions("พ.") == [5, 11]
    assert month_abbreviation_completions("ก.") == [2, 7, 9]
    assert month_abbreviation_completions("ม") == [1, 3, 6]
    assert month_abbreviation_completions("") == []
    assert month_abbreviation_completions("x") == []


# --- running text and robustness ----------------------------------------------------


def test_find_dates_in_order_non_overlapping():
    text = "เมื่อ 1 ต.ค. 62 และระหว่าง 8-11 ก.ย. 65 ในปีงบประมาณ 2563"
    ms = find_dates(text)
    assert [m.text for m in ms] == ["1 ต.ค. 62", "8-11 ก.ย. 65", "ปีงบประมาณ 2563"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(ms))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_find_dates_never_raises_and_offsets_slice(text):
    for m in find_dates(text, release_date=RELEASE):
        assert text[m.start : m.end] == m.text


_PIECES = st.sampled_from(
    [
        "วันที่",
        " ",
        "3",
        "31",
        "๒๕",
        "ก.ย.",
        "ก.พ.",
        "มิ.",
        "62",
        "2563",
        "-",
        ".",
        "ที่ผ่านมา",
        "นี้",
        "เดือน",
        "ปี",
        "พ.ศ.",
        "วันนี้",
        "ปีงบ",
        ":",
        "น.",
        "กันยายน",
        "29",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=12).map("".join),
    st.none() | st.dates() | st.sampled_from([datetime.date.min, datetime.date.max]),
)
def test_find_dates_on_date_like_noise(text, release):
    for m in find_dates(text, release_date=release):
        assert text[m.start : m.end] == m.text
        v = m.value
        if v.complete:
            datetime.date(v.year, v.month, v.day)  # a real calendar date


_DATE_PIECES = (
    "วันที่|วันจันทร์|วันศุกร์ที่|ที่|ปี|ปีงบประมาณ|พ.ศ.|พศ|ค.ศ.|B.E.|A.D.|เดือน|ก.ย.|กันยายน|สิงหา|ม.ค|Sept.|MARCH|มิ.ย.|"
    "ถึง|จนถึง|-|–| |  |\u200b|\n|(|)|.|,|:|/|1|3|08|11|31|62|2563|2019|๒๕๖๓|๘|ที่ผ่านมา|นี้|เมื่อวาน|พรุ่งนี้|ปีหน้า|ก|"
    "การประชุม|x|\u00a0|\t|123|20190|—|A.D. |พุทธศักราช|มกราคม|Jan|2 "
).split("|")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=30))
def test_anchored_patterns_find_what_a_scan_finds(pieces):
    # find_dates tries each pattern only where a match can start; that must give what finditer gives.
    from pipeline.dates import _pattern_matches, _patterns, arabic_digits

    norm = arabic_digits("".join(pieces))
    memo: dict[str, list[int]] = {}
    for kind, pat in _patterns():
        anchored = [m.span() for m in _pattern_matches(kind, pat, norm, memo) if m.end() > m.start()]
        scanned = [m.span() for m in pat.finditer(norm) if m.end() > m.start()]
        assert anchored == scanned, kind


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=30))
def test_word_starts_are_the_sorted_occurrences(pieces):
    # the one-scan pattern (first character, the rest in a lookahead) finds what str.find finds word by word
    from pipeline.dates import _date_words, _month_literals, _occurrences, _word_starts

    text = "".join(pieces)
    for words in (_month_literals(), tuple(_date_words().relative), ("ปี", "ปีงบ"), ("ก", "กก", "ก.")):
        assert _word_starts(text, words) == sorted(set(_occurrences(text, words)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_DATE_PIECES, "/", "29/03/2566", "1/27/2004", "9/07/47/0442", "-"]), max_size=30))
def test_numeric_dates_tried_at_digit_runs_are_the_finditer_ones(pieces):
    from pipeline.dates import _digit_starts, _entity_date_patterns, arabic_digits, matches_at

    numeric = _entity_date_patterns()[0]
    norm = arabic_digits("".join(pieces))
    assert [m.span() for m in matches_at(numeric, norm, _digit_starts(norm))] == [
        m.span() for m in numeric.finditer(norm)
    ]


def test_entity_dates_in_digits_and_years_after_a_year_word():
    from pipeline.dates import find_entity_dates

    text = "วันพุธที่ 29 มีนาคม 2566\n29/03/2566\nประจำปีการศึกษา 2567 และปีงบประมาณ พ.ศ. ๒๕๖๖ – ๒๕๗๐"
    found = [(m.text, m.value.iso) for m in find_entity_dates(text)]
    assert ("29/03/2566", "2023-03-29") in found
    assert ("2567", None) in found  # the year word stays outside
    assert ("พ.ศ. ๒๕๖๖ – ๒๕๗๐", None) in found  # the era stays inside
    assert [m.value.iso for m in find_entity_dates("ณ 1/27/2004")] == ["2004-01-27"]  # month first when it must be


@pytest.mark.parametrize(
    "text",
    ["หนังสือเลขที่9/07/47/0442ลงวันที่", "ครั้งที่ 1/2566 โดย", "31/02/2566", "อายุ 3 ปี 25 ครั้ง", "ปีที่ 2 ของ", "ตามรัฐธรรมนูญปี 2550"],
)
def test_no_entity_date_in_reference_numbers_impossible_days_or_counts(text):
    from pipeline.dates import find_entity_dates

    assert find_entity_dates(text) == []


@pytest.mark.parametrize(
    "text, surface, iso",
    [
        ("เมื่อวันที่ 15 มิ. 2562 ณ กรุงเทพฯ", "15 มิ. 2562", "2019-06-15"),
        ("ประชุมเมื่อวันที่ 2 ส. 62 ที่", "2 ส. 62", "2019-08-02"),
        ("วันที่ ๒ ส. ๖๒ ที่", "๒ ส. ๖๒", "2019-08-02"),
        ("ระหว่างวันที่ 8-11 มิ. 2562 ที่", "8-11 มิ. 2562", "2019-06-08"),
        ("ภายในวันที่ 31 ธ. พ.ศ. 2566", "31 ธ. พ.ศ. 2566", "2023-12-31"),
        ("ภายในวันที่ 5 เม. นี้", "5 เม.", None),  # no year: the month and day only
        ("ลงวันที่ 8 มี.\nต่อไป", "8 มี.", None),  # no year, at a line end
        ("ลงวันที่ 3 พ. 2562 ", "3 พ. 2562", None),  # พ. starts May and November: the month is not known
    ],
)
def test_a_day_and_a_month_abbreviation_cut_short_are_a_date(text, surface, iso):
    from pipeline.dates import find_truncated_month_dates

    [match] = find_truncated_month_dates(text)
    assert (match.text, match.value.iso) == (surface, iso)
    assert text[match.start : match.end] == surface


@pytest.mark.parametrize(
    "text",
    [
        "ตามข้อ 3 ก. และข้อ 4 ข. ของประกาศ",  # no year and nothing that closes a date
        "ผู้ประกันตน 5,000 ม.33 ได้รับสิทธิ",  # no day before it (a count)
        "นักเรียน ม.4 ม.10",  # no day
        "เมื่อวันที่ 15 มิ.ย. 2562",  # a whole abbreviation: find_dates reads it
        "(9 มิ.ย 62)",  # the last letter is there, only its dot is not
        "วันที่ 31 มิ. 2562",  # June has 30 days
        "วันที่ 15 มิ. 25623",  # no year
    ],
)
def test_no_cut_short_month_date_without_a_day_or_with_a_whole_month(text):
    from pipeline.dates import find_truncated_month_dates

    assert find_truncated_month_dates(text) == []


def test_the_entity_stage_tags_dates_in_digits_and_academic_years():
    from pipeline.language import load

    ents = {(e.text, e.label_) for e in load()("ประกาศ ณ 29/03/2566 สำหรับนักเรียนปีการศึกษา 2567").ents}
    assert ("29/03/2566", "DATE") in ents
    assert ("2567", "DATE") in ents
