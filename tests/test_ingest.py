"""Ingest stage: bytes / str / files in, text (or an InputError with a reason) out."""

from __future__ import annotations

import codecs
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from any directory

from pipeline.errors import InputError
from pipeline.ingest import (
    DEFAULT_MAX_BYTES,
    Decoded,
    decode_bytes,
    html_to_text,
    looks_like_html,
    read_path,
    read_text,
    thai_ratio,
)

THAI = "กรมประชาสัมพันธ์แถลงข่าว วันที่ ๑๕ มกราคม ๒๕๖๗ เวลา 10.30 น.\nณ ทำเนียบรัฐบาล"


def reason_of(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    return excinfo.value.reason


# --- InputError -----------------------------------------------------------------


def test_input_error_carries_source_and_reason():
    e = InputError("release.txt", "empty input")
    assert isinstance(e, ValueError)
    assert e.source == "release.txt"
    assert e.reason == "empty input"
    assert str(e) == "release.txt: empty input"


# --- encodings: every one round-trips Thai text and says which it used -----------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (THAI.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + THAI.encode("utf-8"), "utf-8-sig"),
        (THAI.encode("utf-16"), "utf-16"),  # with a BOM (native order)
        (codecs.BOM_UTF16_BE + THAI.encode("utf-16-be"), "utf-16"),
        (THAI.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (THAI.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (THAI.encode("utf-32"), "utf-32"),
        (THAI.encode("tis-620"), "cp874"),
        (THAI.encode("cp874"), "cp874"),
    ],
    ids=[
        "utf-8",
        "utf-8-sig",
        "utf-16-bom",
        "utf-16-be-bom",
        "utf-16-le-no-bom",
        "utf-16-be-no-bom",
        "utf-32",
        "tis-620",
        "cp874",
    ],
)
def test_encodings_round_trip_thai(data, encoding):
    decoded = decode_bytes(data)
    assert decoded == Decoded(text=THAI, encoding=encoding, was_html=False)


def test_bom_is_not_part_of_the_text():
    assert decode_bytes(codecs.BOM_UTF8 + "ไทย".encode()).text == "ไทย"


def test_cp874_windows_extras_decode():
    text = "ราคา “พิเศษ” 100 บาท – ลดทันที…"
    assert decode_bytes(text.encode("cp874")) == Decoded(text, "cp874", False)


def test_pure_thai_utf16_without_bom_is_not_mistaken_for_ascii():
    # Every byte is < 0x80, so this is valid UTF-8 ("*\x0e'\x0e..."): the byte
    # pattern must win over the control characters that reading would give.
    data = "สวัสดีครับ".encode("utf-16-le")
    data.decode("utf-8")  # valid UTF-8 indeed
    assert decode_bytes(data) == Decoded("สวัสดีครับ", "utf-16-le", False)


def test_ascii_utf16_without_bom():
    assert decode_bytes("Press release".encode("utf-16-le")).text == "Press release"


def test_latin1_text_is_not_read_as_thai():
    # é (0xE9) is a Thai tone mark in cp874, but here it follows a Latin letter.
    decoded = decode_bytes("café crème".encode("latin-1"))
    assert decoded.encoding != "cp874"


def test_other_encodings_fall_back_to_charset_normalizer_and_say_so():
    decoded = decode_bytes("Привет, мир! Это тестовый пресс-релиз.".encode("cp1251"))
    assert decoded.text == "Привет, мир! Это тестовый пресс-релиз."
    assert decoded.encoding == "cp1251"


def test_undecodable_bytes():
    with pytest.raises(InputError) as excinfo:
        decode_bytes(bytes(range(0x80, 0x100)) * 2, source="mystery.bin")
    assert excinfo.value.source == "mystery.bin"
    assert reason_of(excinfo) == "cannot decode: not UTF-8, UTF-16 or TIS-620/cp874 text"


def test_tis620_with_an_invalid_byte_is_not_decoded():
    with pytest.raises(InputError) as excinfo:
        decode_bytes("สวัสดีครับ".encode("tis-620") + b"\xff")
    assert reason_of(excinfo).startswith("cannot decode")


# --- binary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(50), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
    ],
)
def test_known_binary_formats_are_named(data, kind):
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data)
    assert reason_of(excinfo) == f"binary data (looks like {kind})"


def test_random_bytes_with_nuls_are_binary():
    rng = random.Random(20240115)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data)
    assert reason_of(excinfo) == "binary data"


def test_nul_in_otherwise_valid_utf8_is_binary():
    with pytest.raises(InputError) as excinfo:
        decode_bytes("ข่าว\x00ประชาสัมพันธ์".encode())
    assert reason_of(excinfo) == "binary data"


def test_many_control_characters_are_binary():
    with pytest.raises(InputError) as excinfo:
        decode_bytes(("ข่าว\x01\x02\x03" * 20).encode())
    assert reason_of(excinfo) == "binary data"


def test_a_few_control_characters_are_tolerated():
    text = "ข่าวประชาสัมพันธ์\x0cหน้าถัดไป " * 10 + "\x1b"
    assert decode_bytes(text.encode()).text == text


# --- empty and oversize ----------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n ", codecs.BOM_UTF8, "\u3000\n".encode()])
def test_empty_or_whitespace_only(data):
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, source="blank.txt")
    assert str(excinfo.value) == "blank.txt: empty input"


def test_oversize():
    with pytest.raises(InputError) as excinfo:
        decode_bytes("ก".encode() * 100, max_bytes=299)
    assert reason_of(excinfo) == "input is 300 bytes, over the limit of 299 bytes"
    assert decode_bytes("ก".encode() * 100, max_bytes=300).text == "ก" * 100


def test_default_limit_is_5_mib():
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    with pytest.raises(InputError) as excinfo:
        decode_bytes(b"a" * (DEFAULT_MAX_BYTES + 1))
    assert "over the limit of 5242880 bytes" in reason_of(excinfo)


# --- HTML --------------------------------------------------------------------------

RELEASE_HTML = """<!DOCTYPE html>
<html lang="th">
<head><title>หัวข้อในแท็บ</title>
<style>p { color: red; }</style>
<script>var x = "<p>ไม่ใช่เนื้อหา</p>";</script>
</head>
<body>
<h1>ข่าวประชาสัมพันธ์</h1>
<p>กระทรวง&nbsp;พาณิชย์ &amp; ภาคเอกชน
   ร่วมแถลงข่าว</p>
<p>ราคา &lt; 100&#xE3F; <b>ลด</b>ราคา</p>
<ul><li>ข้อหนึ่ง</li><li>ข้อสอง</li></ul>
<noscript>เปิด JavaScript</noscript>
<div>ติดต่อ<br>โทร ๐๒ ๑๒๓ ๔๕๖๗</div>
<script>alert(1)</script>
</body></html>
"""


def test_html_is_converted_to_text():
    decoded = decode_bytes(RELEASE_HTML.encode())
    assert decoded.was_html is True
    assert decoded.encoding == "utf-8"
    assert decoded.text == (
        "ข่าวประชาสัมพันธ์\n"
        "\n"
        "กระทรวง\u00a0พาณิชย์ & ภาคเอกชน ร่วมแถลงข่าว\n"
        "\n"
        "ราคา < 100฿ ลดราคา\n"
        "\n"
        "ข้อหนึ่ง\n"
        "ข้อสอง\n"
        "\n"
        "ติดต่อ\n"
        "โทร ๐๒ ๑๒๓ ๔๕๖๗"
    )


def test_html_script_style_head_contents_are_gone():
    text = decode_bytes(RELEASE_HTML.encode()).text
    for gone in ("alert", "color", "var x", "ไม่ใช่เนื้อหา", "หัวข้อในแท็บ", "JavaScript"):
        assert gone not in text


def test_html_fragment_script_removed():
    assert html_to_text("<p>ข่าว</p><script>alert(1)</script><p>จบ</p>") == "ข่าว\n\nจบ"


def test_html_paragraphs_become_lines():
    lines = html_to_text("<p>หนึ่ง</p><p>สอง</p><div>สาม</div>สี่<br/>ห้า").split("\n")
    assert [line for line in lines if line] == ["หนึ่ง", "สอง", "สาม", "สี่", "ห้า"]


def test_html_entities_unescaped_nbsp_kept_for_normalize():
    assert html_to_text("<p>A&nbsp;&amp;&nbsp;B &quot;ข่าว&quot; &#3585;</p>") == 'A\u00a0&\u00a0B "ข่าว" ก'


def test_html_runs_of_blank_lines_collapse():
    assert html_to_text("<p>หนึ่ง</p><br><br><br><p></p><div></div><p>สอง</p>") == "หนึ่ง\n\nสอง"


def test_html_pre_keeps_its_line_breaks():
    assert html_to_text("<pre>ก  ข\nค</pre>") == "ก  ข\nค"


def test_html_with_only_script_is_empty():
    with pytest.raises(InputError) as excinfo:
        decode_bytes(b"<html><script>alert(1)</script></html>")
    assert reason_of(excinfo) == "empty input"


@pytest.mark.parametrize(
    "text",
    [
        "<!doctype html><title>x</title>",
        "<HTML><BODY>ข่าว</BODY></HTML>",
        "ข่าว<br>ประชาสัมพันธ์",
        '<div class="news">ข่าว</div>',
        "<p>ข่าว</p>",
        "<span>ก</span><b>ข</b><i>ค</i><em>ง</em>",  # no block tag, but dense tags
    ],
)
def test_looks_like_html(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "a < b",
        "ถ้า x < 5 และ y > 3 แล้ว",
        "ราคา <100 บาท> ต่อชิ้น",
        "ส่งอีเมลถึง <info@example.go.th>",
        "ความสัมพันธ์ 1<2 และ 3>2",
    ],
)
def test_text_with_angle_brackets_is_not_html(text):
    assert not looks_like_html(text)
    decoded = read_text(text)
    assert decoded == Decoded(text=text, encoding="str", was_html=False)


# --- str input ----------------------------------------------------------------------


def test_read_text_same_checks():
    assert read_text(THAI) == Decoded(THAI, "str", False)
    with pytest.raises(InputError, match=r"^<text>: empty input$"):
        read_text(" \n ")
    with pytest.raises(InputError) as excinfo:
        read_text("ก" * 10, source="clip", max_bytes=29)  # 30 bytes in UTF-8
    assert str(excinfo.value) == "clip: input is 30 bytes, over the limit of 29 bytes"
    with pytest.raises(InputError, match="binary data"):
        read_text("ข่าว\x00")
    with pytest.raises(InputError, match=r"binary data \(looks like PDF\)"):
        read_text("%PDF-1.4\n...")
    assert read_text("<p>ข่าว</p>") == Decoded("ข่าว", "str", True)


# --- files -------------------------------------------------------------------------


def test_read_path(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(THAI.encode("tis-620"))
    assert read_path(path) == Decoded(THAI, "cp874", False)
    assert read_path(str(path)).text == THAI


def test_read_path_errors_name_the_path(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError) as excinfo:
        read_path(missing)
    assert excinfo.value.source == str(missing)
    assert reason_of(excinfo) == "no such file"

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 11)
    with pytest.raises(InputError) as excinfo:
        read_path(big, max_bytes=10)
    assert str(excinfo.value) == f"{big}: input is 11 bytes, over the limit of 10 bytes"

    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    with pytest.raises(InputError, match=r"photo\.txt: binary data \(looks like PNG\)"):
        read_path(png)

    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


# --- Thai ratio ----------------------------------------------------------------------


def test_thai_ratio():
    assert thai_ratio("ข่าวประชาสัมพันธ์") == 1.0
    assert thai_ratio("Press release, 2024.") == 0.0  # letters, none Thai: caller says "no Thai text"
    assert thai_ratio("12345 !?") == 0.0  # no letters at all
    assert thai_ratio("") == 0.0
    # consonants and spacing vowels count; tone marks and upper vowels are marks
    assert thai_ratio("ไทย abc") == pytest.approx(3 / 6)


def test_non_thai_text_is_not_an_ingest_error():
    decoded = decode_bytes(b"An English-only press release.")
    assert decoded.text == "An English-only press release."
    assert thai_ratio(decoded.text) == 0.0
