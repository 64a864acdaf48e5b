"""Normalise stage: cleaner text, with every character mapped back to the input."""

from __future__ import annotations

import itertools
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import Normalized, normalize, normalize_text

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
MAI_EK, MAI_THO, SARA_U, SARA_UU = "\u0e48", "\u0e49", "\u0e38", "\u0e39"


def check_offsets(original: str, n: Normalized) -> None:
    """The invariants every result keeps."""
    offsets = n.source_offsets
    assert len(offsets) == len(n.text) + 1
    assert offsets[-1] == len(original)
    assert all(0 <= o <= len(original) for o in offsets)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    assert len(n.arabic_digits) == len(n.text)


# --- nothing to do ---------------------------------------------------------------


def test_clean_thai_text_is_unchanged_with_identity_offsets():
    text = "กระทรวงพาณิชย์แถลงข่าว วันที่ ๑๕ มกราคม ๒๕๖๗\nราคา “๑๒๐ บาท” (ลดลง 5%)"
    n = normalize(text)
    assert n.text == text
    assert n.source_offsets == tuple(range(len(text) + 1))
    check_offsets(text, n)


def test_empty_string():
    n = normalize("")
    assert n == Normalized(text="", source_offsets=(0,), arabic_digits="")


# --- spaces and invisible characters ------------------------------------------------


def test_nbsp_and_other_spaces_become_plain_spaces():
    original = "ข่าว\u00a0ด่วน\u202fวันนี้\u2007๑\u2009๒\u3000จบ\tแล้ว"
    assert normalize(original).text == "ข่าว ด่วน วันนี้ ๑ ๒ จบ แล้ว"


def test_zero_width_characters_and_soft_hyphen_are_removed():
    original = "\ufeffกระ\u200bทรวง\u200cพา\u200dณิชย์\u2060แถลง\u00adข่าว"
    n = normalize(original)
    assert n.text == "กระทรวงพาณิชย์แถลงข่าว"
    check_offsets(original, n)
    for i, ch in enumerate(n.text):
        assert original[n.source_offsets[i]] == ch


def test_runs_of_spaces_collapse_and_line_ends_are_trimmed():
    original = "ข่าว   ด่วน \u00a0 วันนี้  \nบรรทัดสอง\t\n\n  ย่อหน้า  "
    n = normalize(original)
    assert n.text == "ข่าว ด่วน วันนี้\nบรรทัดสอง\n\n ย่อหน้า"
    check_offsets(original, n)


# --- line breaks -------------------------------------------------------------------


def test_crlf_and_cr_become_lf():
    original = "หนึ่ง\r\nสอง\rสาม\n\r\nสี่"
    n = normalize(original)
    assert n.text == "หนึ่ง\nสอง\nสาม\n\nสี่"
    check_offsets(original, n)
    # each LF maps to the CR it replaces; the span of a line end covers "\r\n"
    first_lf = n.text.index("\n")
    assert original[n.source_offsets[first_lf]] == "\r"
    assert n.to_source(first_lf, first_lf + 1) == (5, 7)


# --- Thai fixes ---------------------------------------------------------------------


def test_nikhahit_plus_sara_aa_becomes_sara_am():
    original = "ก" + NIKHAHIT + SARA_AA + "ลัง น" + NIKHAHIT + SARA_AA
    n = normalize(original)
    assert n.text == "กำลัง นำ"
    assert n.to_source(0, 2) == (0, 3)  # "กำ" is "กํา" in the input
    check_offsets(original, n)


def test_sara_am_fix_with_tone_mark_in_between():
    # "น้ำ" typed as น + nikhahit + mai tho + sara aa, or with the tone first
    assert normalize("น" + NIKHAHIT + MAI_THO + SARA_AA).text == "น" + MAI_THO + SARA_AM
    assert normalize("น" + MAI_THO + NIKHAHIT + SARA_AA).text == "น" + MAI_THO + SARA_AM


def test_duplicated_tone_marks_and_vowels_collapse():
    assert normalize("ข่" + MAI_EK + "าว").text == "ข่าว"
    assert normalize("ก" + SARA_U + SARA_U + SARA_U + "ล").text == "กุล"
    assert normalize("มี" + "\u0e35" + "นาคม").text == "มีนาคม"


def test_different_marks_are_not_collapsed_and_leading_vowels_are_left_alone():
    assert normalize("กู้").text == "กู้"
    assert normalize("เเละ").text == "เเละ"  # two sara e: not a mark, not our business


def test_nfc_reorders_tone_before_lower_vowel_and_maps_to_the_cluster_start():
    original = "ป" + MAI_EK + SARA_UU + " ย่า"  # "ปู่" typed tone first
    n = normalize(original)
    assert n.text == "ป" + SARA_UU + MAI_EK + " ย่า"
    assert n.source_offsets[:3] == (0, 0, 0)
    assert n.to_source(0, 3) == (0, 3)
    check_offsets(original, n)


def test_nfc_composes_latin_letters():
    original = "Cafe\u0301 ร้าน"
    n = normalize(original)
    assert n.text == "Café ร้าน"
    assert n.to_source(0, 4) == (0, 5)
    check_offsets(original, n)


def test_punctuation_quotes_and_digits_are_kept():
    text = "“ข่าว” ‘ด่วน’ – ๑,๒๐๐.๕๐ บาท… (ประมาณ) ฯลฯ ๆ"
    assert normalize(text).text == text


# --- digits view ---------------------------------------------------------------------


def test_arabic_digits_view_has_the_same_offsets():
    original = "วันที่\u00a0๑๕  มกราคม ๒๕๖๗ เวลา 10.30 น."
    n = normalize(original)
    assert n.text == "วันที่ ๑๕ มกราคม ๒๕๖๗ เวลา 10.30 น."
    assert n.arabic_digits == "วันที่ 15 มกราคม 2567 เวลา 10.30 น."
    start = n.arabic_digits.index("2567")
    assert n.text[start : start + 4] == "๒๕๖๗"
    source_start, source_end = n.to_source(start, start + 4)
    assert original[source_start:source_end] == "๒๕๖๗"


# --- offsets -----------------------------------------------------------------------

MESSY = (
    "\ufeff  กรม\u200bประชา\u00a0สัมพันธ์  \r\n"
    "ข่" + MAI_EK + "าว\tด่วน:  น" + NIKHAHIT + SARA_AA + "เสนอ\u00ad “ราคา ๑๐๐ บาท”\u3000 \r\n"
    "\r\nCafe\u0301 ป" + MAI_EK + SARA_UU + "  "
)


def test_every_normalised_character_maps_back_to_what_it_came_from():
    n = normalize(MESSY)
    check_offsets(MESSY, n)
    spaces = {" ", "\t", "\u00a0", "\u3000"}
    for i, ch in enumerate(n.text):
        source = MESSY[n.source_offsets[i]]
        if ch == " ":
            assert source in spaces
        elif ch == "\n":
            assert source in {"\r", "\n"}
        elif ch == SARA_AM:
            assert source == NIKHAHIT
        elif source != ch:
            # composed or reordered by NFC: the char comes from its cluster
            cluster_end = n.source_offsets[i + 1] if n.source_offsets[i + 1] > n.source_offsets[i] else None
            cluster = MESSY[n.source_offsets[i] : cluster_end]
            assert ch in unicodedata.normalize("NFC", cluster) or ch in cluster


def test_spans_map_back_to_the_original_words():
    n = normalize(MESSY)
    for word, original_word in [
        ("กรมประชา", "กรม\u200bประชา"),
        ("สัมพันธ์", "สัมพันธ์"),
        ("ข่าว", "ข่" + MAI_EK + "าว"),
        ("นำเสนอ", "น" + NIKHAHIT + SARA_AA + "เสนอ"),
        ("“ราคา ๑๐๐ บาท”", "“ราคา ๑๐๐ บาท”"),
        ("Café", "Cafe\u0301"),
    ]:
        start = n.text.index(word)
        source_start, source_end = n.to_source(start, start + len(word))
        # the original span runs to the next kept character, so it also
        # covers what normalisation removed right after the word
        assert MESSY[source_start:source_end].startswith(original_word)
        assert MESSY[source_start + len(original_word) : source_end].strip(" \u00ad\u3000") == ""


def test_to_source_rejects_spans_outside_the_text():
    n = normalize("ข่าว")
    assert n.to_source(0, 0) == (0, 0)
    assert n.to_source(4, 4) == (4, 4)
    for bad in [(-1, 2), (2, 1), (0, 5)]:
        with pytest.raises(ValueError):
            n.to_source(*bad)


# --- properties ----------------------------------------------------------------------

# Characters that exercise every rule, mixed with arbitrary text.
TRICKY = st.sampled_from(
    list("กขนปมยอาเแไ ๑๒aeA1.“”\n\r\t")
    + [NIKHAHIT, SARA_AA, SARA_AM, MAI_EK, MAI_THO, SARA_U, SARA_UU, "\u0e31", "\u0e34", "\u0e3a", "\u0e4c"]
    + ["\u00a0", "\u202f", "\u2007", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
    + ["\u0301", "\u0323", "\u0308", "\u1100", "\u1161", "\u11a8", "\u212b", "\u0f73", "\u0958", "\u2000"]
)
TEXTS = st.one_of(st.text(), st.text(alphabet=TRICKY), st.lists(st.one_of(st.text(max_size=3), TRICKY)).map("".join))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_offsets_are_well_formed_and_normalize_is_idempotent(original):
    n = normalize(original)
    check_offsets(original, n)
    again = normalize(n.text)
    assert again.text == n.text
    assert again.source_offsets == tuple(range(len(n.text) + 1))  # nothing left to change
    assert unicodedata.is_normalized("NFC", n.text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_letters_that_need_no_change_map_to_themselves(original):
    n = normalize(original)
    stable = set("กขนปมยอ") | set("aA1")
    for i, ch in enumerate(n.text):
        if ch in stable:
            assert original[n.source_offsets[i]] == ch


# --- speed ---------------------------------------------------------------------------


def test_one_megabyte_of_thai_takes_linear_time():
    # A ratio on this machine, not a wall-clock limit: ten times the text may take about ten times as long
    # (20x allowed for noise); a pass quadratic in the text would take a hundred times as long.
    unit = "กระทรวงพาณิชย์\u00a0แถลงข่าว ราคา ๑๐๐ บาท ปู่ย่า น" + NIKHAHIT + SARA_AA + "\r\n"
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]

    def cpu_seconds(sample: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            normalize(sample)
            best = min(best, time.process_time() - start)
        return best

    small, large = cpu_seconds(text[:100_000]), cpu_seconds(text)
    check_offsets(text, normalize(text))
    assert large < 20 * max(small, 0.005), f"normalize: {large:.2f} s on 1M characters, {small:.3f} s on 100k"


# --- the text alone ----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_normalize_text_is_the_text_of_normalize(original):
    assert normalize_text(original) == normalize(original).text


@pytest.mark.parametrize(
    "original",
    [
        "",
        " ",
        "ข่าว  \n  ข่าว   ",  # spaces inside a line, at its end and at the end of the text
        "ข่าว \r\nสาร\r",  # CRLF and a lone CR
        "ก\u200bา\u00adร\ufeff\u2060",  # invisible characters
        "น\u0e4d\u0e49\u0e32 ค\u0e4d\u0e32",  # sara am written as nikhahit + sara aa
        "กิิ่่ ก\u0e38\u0e38",  # doubled vowel signs and tone marks
        "e\u0301\u0301 A\u030a \u1100\u1161\u11a8 \u0301x",  # NFC inside chunks, a mark after a space
        "\t\u00a0a\u3000b\u2003 \n",  # space separators
    ],
)
def test_normalize_text_on_each_pass(original):
    assert normalize_text(original) == normalize(original).text
