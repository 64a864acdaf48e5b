"""Uploads the desk must refuse quickly and cheaply: zip bombs, XML bombs, text over the limits once decoded."""

from __future__ import annotations

import io
import random
import resource
import struct
import time
import zipfile

import pytest

pytest.importorskip("defusedxml")

from pipeline.errors import InputError
from pipeline.ingest import MAX_CHARS, decode_bytes, read_text
from pipeline.review.uploads import UploadError, docx_text, uploaded_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(document_xml: bytes | str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def paragraphs_xml(*paragraphs: str) -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def zip_bomb(expanded_mib: int) -> bytes:
    """A .docx whose document.xml inflates to ``expanded_mib`` MiB of markup, written a MiB at a time."""
    buffer = io.BytesIO()
    chunk = b"<w:p><w:r><w:t>" + b"0" * (1024 * 1024) + b"</w:t></w:r></w:p>"
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        member.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
        for _ in range(expanded_mib):
            member.write(chunk)
        member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def test_a_docx_gives_its_paragraphs_and_table_cells():
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ในตาราง</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    xml = paragraphs_xml("นายสมชาย ใจดี", "เดินทางไปเชียงใหม่").replace("</w:body>", table + "</w:body>")
    assert docx_text(docx(xml)) == "นายสมชาย ใจดี\n\nเดินทางไปเชียงใหม่\n\nในตาราง"


def test_a_zip_bomb_is_refused_in_under_a_second_without_memory_growth():
    bomb = zip_bomb(200)
    assert len(bomb) < 1024 * 1024  # 200 MiB of XML in under 1 MB on the wire, as in the report
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(UploadError, match="zip bomb"):
        docx_text(bomb)
    assert time.perf_counter() - started < 1.0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 20 * 1024


def lie_about_sizes(archive: bytes, name: bytes, declared: int) -> bytes:
    """The archive with ``name``'s uncompressed size set to ``declared`` in both of its headers."""
    data = bytearray(archive)
    local = data.index(b"PK\x03\x04" + b"")  # the first member's local header
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    data[local + 22 : local + 26] = struct.pack("<I", declared)
    central = data.index(b"PK\x01\x02" + b"")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = struct.pack("<I", declared)
    return bytes(data)


def test_a_zip_whose_headers_understate_the_size_is_stopped_while_reading():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", paragraphs_xml("ข่าว" * 1000) + " " * (30 * 1024 * 1024))
    lying = lie_about_sizes(buffer.getvalue(), b"word/document.xml", 100_000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("word/document.xml").file_size == 100_000
    started = time.perf_counter()
    with pytest.raises(UploadError, match=r"Cannot read this .docx|malformed"):
        docx_text(lying)
    assert time.perf_counter() - started < 1.0


def test_an_xml_bomb_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>'
    )
    started = time.perf_counter()
    with pytest.raises(UploadError, match="entities or a DTD"):
        docx_text(docx(laughs))
    assert time.perf_counter() - started < 1.0


def test_text_over_the_limit_once_unzipped_is_refused():
    # An ordinary compression ratio (varied words), but the text is over a 1 MB limit.
    rng = random.Random(13)
    words = ["ข่าว", "ประชาสัมพันธ์", "จังหวัด", "เชียงใหม่", "กระทรวง", "การประชุม", "นายก", "รัฐมนตรี", "โครงการ"]
    xml = paragraphs_xml(
        *(" ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(300)) for _ in range(200))
    )
    with pytest.raises(UploadError, match="over the limit"):
        docx_text(docx(xml), max_bytes=1024 * 1024)


def test_malformed_and_foreign_files_are_clear_errors():
    with pytest.raises(UploadError, match=r"not a .docx"):
        docx_text(b"PK\x03\x04 not really a zip")
    with pytest.raises(UploadError, match=r"no word/document.xml"):
        docx_text(docx("<x/>").replace(b"word/document.xml", b"word/documenX.xml"))
    with pytest.raises(UploadError, match="malformed XML"):
        docx_text(docx(f'<w:document xmlns:w="{W}"><w:body><w:p>'))
    with pytest.raises(UploadError) as refused:
        uploaded_text("release.pdf", b"%PDF-1.4")
    assert refused.value.status == 415


def test_text_longer_than_the_pipeline_takes_is_a_clear_input_error():
    # The character limit is the default byte limit (one byte decodes to at most one character): only a
    # larger max_bytes reaches it, e.g. 5.4 million Thai characters in TIS-620 (5.4 MB).
    long = "ข่าว" * (MAX_CHARS // 4 + 50_000)
    for attempt in (
        lambda: decode_bytes(long.encode("cp874"), source="long.txt", max_bytes=10 * 1024 * 1024),
        lambda: read_text(long, source="paste", max_bytes=20 * 1024 * 1024),
    ):
        with pytest.raises(InputError, match=f"over the limit of {MAX_CHARS:,} characters") as refused:
            attempt()
        assert "split it" in str(refused.value)
