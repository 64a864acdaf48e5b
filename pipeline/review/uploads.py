"""Text out of an uploaded file, within limits that hold after decompression and decoding.

A .docx is a zip of XML files, so 600 KB on the wire can be 200 MB of XML (a zip bomb) or an XML entity
that expands a billion times (an XML bomb). `docx_text` reads only ``word/document.xml``, refuses a zip
whose declared sizes or compression ratio are out of bounds before decompressing anything, counts the bytes
it does decompress (declared sizes can lie), parses with defusedxml (no DTD, no entities) and stops once
the text is over the release size limit. Every refusal is an `UploadError` with a sentence for the user.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
...                'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>ข่าว</w:t></w:r></w:p></w:body></w:document>')
>>> docx_text(buffer.getvalue())
'ข่าว'
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

from pipeline.ingest import DEFAULT_MAX_BYTES

__all__ = ["UploadError", "UPLOAD_SUFFIXES", "uploaded_text", "docx_text"]

UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The XML of a document may be this many times the size of its text (run and paragraph markup).
XML_PER_TEXT = 4
#: The most a zip member may expand: real Word XML compresses 5-15 times; bombs, hundreds or thousands.
MAX_RATIO = 100
MAX_MEMBERS = 2000


class UploadError(ValueError):
    """An upload that cannot be read; the message is meant for the person who uploaded it. ``status`` is the
    HTTP status that fits (415 for a file type the desk does not read, 400 otherwise)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def uploaded_text(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | bytes:
    """Bytes for the ingest stage (it decodes text and HTML), or the text of a .docx.

    Raises `UploadError` for a type other than .txt, .html and .docx, and for a .docx `docx_text` refuses.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(f"Cannot read {suffix or 'this'} files: upload .txt, .html or .docx.", 415)
    return docx_text(data, max_bytes=max_bytes) if suffix == ".docx" else data


def docx_text(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The paragraphs of a .docx (tables' too), one blank line apart, in at most ``max_bytes`` of UTF-8."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UploadError(f"This is not a .docx file (not a zip archive: {exc}).") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UploadError(f"This .docx has {len(members)} parts, more than a document has ({MAX_MEMBERS}).")
        max_xml = XML_PER_TEXT * max_bytes
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > max_xml or total > 2 * max_xml:
                raise UploadError(
                    f"This .docx expands to over {max_xml // (1024 * 1024)} MB ({member.filename} alone "
                    f"is {member.file_size:,} bytes): refused as a possible zip bomb."
                )
            if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
                raise UploadError(
                    f"This .docx is compressed {ratio:,.0f} times ({member.filename}), far more than a "
                    "document is: refused as a possible zip bomb."
                )
        try:
            member = archive.getinfo("word/document.xml")
        except KeyError:
            raise UploadError("This .docx has no word/document.xml: is it a Word document?") from None
        try:
            with archive.open(member) as raw:
                return _paragraphs(_Bounded(raw, max_xml), max_bytes)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise UploadError(f"Cannot read this .docx file ({exc}).") from None


def _paragraphs(stream: io.RawIOBase, max_bytes: int) -> str:
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    paragraphs: list[str] = []
    current: list[str] = []
    size = 0
    try:
        for _event, element in safe_xml.iterparse(stream, events=("end",), forbid_dtd=True):
            tag = element.tag
            if tag == _W + "t" and element.text:
                current.append(element.text)
                size += len(element.text.encode("utf-8"))
            elif tag == _W + "tab":
                current.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                current.append("\n")
            elif tag == _W + "p":
                paragraphs.append("".join(current))
                current = []
                element.clear()  # keep memory flat: the text is taken, the element is done
            if size > max_bytes:
                raise UploadError(f"The text of this .docx is over the limit of {max_bytes // (1024 * 1024)} MB.")
    except DefusedXmlException:
        raise UploadError("This .docx declares XML entities or a DTD (an XML bomb can hide there): refused.") from None
    except ParseError as exc:
        raise UploadError(f"This .docx has malformed XML ({exc}).") from None
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(paragraphs)


class _Bounded(io.RawIOBase):
    """A read-only stream that fails once more than ``limit`` bytes came through (sizes in a zip can lie)."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.limit, self.seen = raw, limit, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(min(n, 1 << 16) if n and n > 0 else 1 << 16)
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise UploadError(
                f"This .docx expands to over {self.limit // (1024 * 1024)} MB: refused as a possible zip bomb."
            )
        return chunk
