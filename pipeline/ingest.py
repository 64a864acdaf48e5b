"""Ingest: turn raw bytes (or a str, or a file) into text, or refuse with a reason.

The stage decodes (BOM, UTF-8, UTF-16, TIS-620/cp874, then charset-normalizer's
best guess), rejects empty, oversize and binary input, and turns HTML into
plain text. It never guesses silently: ``Decoded.encoding`` names the codec
that was used. Text normalisation (spaces, NFC, Thai fixes) is the next stage,
``pipeline.normalize``.

Non-Thai text is not an ingest error; :func:`thai_ratio` lets the caller decide.

(Longer than the project's 400 lines on purpose: decoding and HTML-to-text share the size, binary and
encoding checks that every input path (text, bytes, file, upload) must pass in the same order; one module
keeps that order in one place.)
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from pipeline.errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_CHARS",
    "Decoded",
    "decode_bytes",
    "read_text",
    "read_path",
    "read_bytes",
    "html_to_text",
    "looks_like_html",
    "thai_ratio",
    "release_date_of",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: The longest release text, in characters: every byte decodes to at most one character, so any input
#: under the default byte limit fits (5 MB of TIS-620 is 5 million characters); `pipeline.language` raises
#: spaCy's `Language.max_length` (1,000,000 by default) to this. Only a caller's larger ``max_bytes`` can
#: reach it.
MAX_CHARS = DEFAULT_MAX_BYTES

#: Share of control characters (other than \t \n \r \f) above which text is binary.
_MAX_CONTROL_RATIO = 0.05
#: Share of characters that must be plausible text for a fallback decoding to count.
_MIN_PRINTABLE_RATIO = 0.95

#: charset-normalizer's "chaos" (mess) score above which its guess is refused.
_MAX_GUESS_CHAOS = 0.1

_CANNOT_DECODE = "cannot decode: not UTF-8, UTF-16 or TIS-620/cp874 text"


@dataclass(frozen=True)
class Decoded:
    """The text of one input.

    ``encoding`` is the codec used: ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"`` /
    ``"utf-32"`` (with a BOM), ``"utf-16-le"`` / ``"utf-16-be"`` (no BOM),
    ``"cp874"`` (TIS-620 is read as cp874, its superset), a name reported by
    charset-normalizer, or ``"str"`` when the input was already a str.
    """

    text: str  # decoded (and HTML-stripped when the input was HTML) text
    encoding: str
    was_html: bool


# --------------------------------------------------------------------------
# binary detection

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"PK\x07\x08", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"),
)

# C0 controls except \t \n \f \r, DEL, and C1 controls.
_CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Characters that are not plausible in a decoded text: controls, surrogates,
# private use, the replacement character and non-characters.
_IMPLAUSIBLE_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufeff\ufffd\ufffe\uffff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Any character the two checks above look for: text without one (nearly all) needs one scan, not two.
_SUSPECT_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D)) + b"\x7f"


def _count(pattern: re.Pattern[str], text: str) -> int:
    # subn counts without building a list of match objects (linear, low memory).
    return pattern.subn("", text)[1]


def _magic_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _binary_reason(text: str) -> str | None:
    """Why decoded text looks binary, or None."""
    if "\x00" in text:
        return "binary data"
    if text and _count(_CONTROL_CHARS_RE, text) > _MAX_CONTROL_RATIO * len(text):
        return "binary data"
    return None


def _bytes_look_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return n_control > _MAX_CONTROL_RATIO * len(data)


def _plausible(text: str) -> bool:
    """Mostly printable text (used to accept a fallback decoding)."""
    if not text:
        return True
    return _count(_IMPLAUSIBLE_RE, text) <= (1 - _MIN_PRINTABLE_RATIO) * len(text)


# --------------------------------------------------------------------------
# decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# High bytes of UTF-16 code units in plausible text: ASCII/Latin-1 (0x00),
# Thai (0x0E), general punctuation such as quotes and dashes (0x20).
_UTF16_HIGH_BYTES = frozenset((0x00, 0x0E, 0x20))


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 when the byte pattern says so.

    In UTF-16 text in Latin or Thai script nearly every code unit's high byte
    is 0x00 or 0x0E, so one of the two byte positions (odd for little endian,
    even for big endian) is dominated by those values and the other is not.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[: 64 * 1024]
    even, odd = sample[0::2], sample[1::2]

    def share(half: bytes) -> float:
        return sum(1 for b in half if b in _UTF16_HIGH_BYTES) / len(half)

    s_even, s_odd = share(even), share(odd)
    if s_odd >= 0.9 and s_even < 0.6:
        codec = "utf-16-le"
    elif s_even >= 0.9 and s_odd < 0.6:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not _plausible(text):
        return None
    return text, codec


_THAI_RE = re.compile("[\u0e01-\u0e5b]")
_THAI_OR_ASCII_RE = re.compile(
    "[\u0e01-\u0e5b\x09\x0a\x0c\x0d\x20-\x7e\u00a0\u20ac\u2026\u2018\u2019\u201c\u201d\u2022\u2013\u2014]"
)
# Thai marks (above/below vowels, tone marks...) must sit on a Thai character.
# Latin-1 text misread as cp874 puts them after Latin letters instead.
_THAI_MARK_RE = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_STRAY_THAI_MARK_RE = re.compile("(?<![\u0e01-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _try_cp874(data: bytes) -> tuple[str, str] | None:
    """TIS-620 / Windows-874 (Thai bytes 0xA1-0xFB), when the result reads as Thai."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return None
    n = len(text)
    if not n:
        return None
    n_thai = _count(_THAI_RE, text)
    if n_thai == 0:
        return None
    if _count(_THAI_OR_ASCII_RE, text) < _MIN_PRINTABLE_RATIO * n:
        return None
    n_marks = _count(_THAI_MARK_RE, text)
    if n_marks and _count(_STRAY_THAI_MARK_RE, text) > 0.1 * n_marks:
        return None
    return text, "cp874"


def _try_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > _MAX_GUESS_CHAOS:
        return None
    text = str(best)
    if not text or "\x00" in text or not _plausible(text):
        return None
    return text, best.encoding


_THAI_UTF8_RE = re.compile("[\u0e00-\u0e7f]")


def _damaged_utf8(data: bytes) -> str | None:
    """Why UTF-8 text with stray bytes cannot be decoded, or None when ``data`` is not such text: it decodes
    to at least as many Thai letters as invalid bytes (TIS-620 bytes almost never form Thai UTF-8)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return None
    text = data.decode("utf-8", "replace")
    n_bad = text.count("\ufffd")
    n_thai = _count(_THAI_UTF8_RE, text)
    if n_thai < max(1, n_bad):
        return None
    return (
        f"cannot decode: UTF-8 text with invalid bytes (byte 0x{data[first]:02x} at offset {first:,}; "
        f"{n_bad:,} invalid sequence{'s' if n_bad > 1 else ''})"
    )


def _decode(data: bytes) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: try the other ways
            if _plausible(text):
                return text, codec
            break

    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and _binary_reason(utf8) is None:
        return utf8, "utf-8"

    # BOM-less UTF-16 is valid UTF-8 when all its bytes are < 0x80 (ASCII or
    # Thai text: high bytes 0x00 / 0x0E), so it is tried before giving up on
    # a UTF-8 result that looks binary.
    utf16 = _try_utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if utf8 is not None:
        return utf8, "utf-8"  # rejected as binary by the caller

    if _damaged_utf8(data) is not None:
        return None  # Thai UTF-8 with stray bytes: a guessed codec would make non-Thai text of it
    for attempt in (_try_cp874, _try_charset_normalizer):
        result = attempt(data)
        if result is not None:
            return result
    return None


# --------------------------------------------------------------------------
# public entry points


def _too_big(n: int, max_bytes: int) -> str:
    return f"input is {n} bytes, over the limit of {max_bytes} bytes"


def _finish(text: str, encoding: str, source: str) -> Decoded:
    """Checks shared by bytes and str input, then HTML to text."""
    if not text.strip():
        raise InputError(source, "empty input")
    if _SUSPECT_RE.search(text) is not None:  # else neither check below can fail
        reason = _binary_reason(text)
        if reason is not None:
            raise InputError(source, reason)
        if _SURROGATE_RE.search(text):
            raise InputError(source, "invalid text: unpaired surrogate code points")
    was_html = looks_like_html(text)
    if was_html:
        text = html_to_text(text)
        if not text.strip():
            raise InputError(source, "empty input")
    if len(text) > MAX_CHARS:
        raise InputError(
            source,
            f"text is {len(text):,} characters, over the limit of {MAX_CHARS:,} characters a "
            "release may have: split it into parts",
        )
    return Decoded(text=text, encoding=encoding, was_html=was_html)


def decode_bytes(data: bytes, *, source: str = "<bytes>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode ``data`` to text, strip HTML, or raise :class:`InputError`."""
    data = bytes(data)
    if len(data) > max_bytes:
        raise InputError(source, _too_big(len(data), max_bytes))
    if not data.strip():
        raise InputError(source, "empty input")
    kind = _magic_kind(data[:16])
    if kind is not None:
        raise InputError(source, f"binary data (looks like {kind})")
    decoded = _decode(data)
    if decoded is None:
        if _bytes_look_binary(data):
            raise InputError(source, "binary data")
        raise InputError(source, _damaged_utf8(data) or _CANNOT_DECODE)
    text, encoding = decoded
    return _finish(text, encoding, source)


def read_text(text: str, *, source: str = "<text>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Check a str input like :func:`decode_bytes` (size counted in UTF-8 bytes)."""
    n = len(text.encode("utf-8", "surrogatepass"))
    if n > max_bytes:
        raise InputError(source, _too_big(n, max_bytes))
    if not text.strip():
        raise InputError(source, "empty input")
    head = text[:16]
    try:
        kind = _magic_kind(head.encode("latin-1"))
    except UnicodeEncodeError:
        kind = None
    if kind is not None:
        raise InputError(source, f"binary data (looks like {kind})")
    return _finish(text, "str", source)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode a file; the error source is the path. ("-" is not special.)"""
    source = os.fspath(path)
    return decode_bytes(read_bytes(source, max_bytes=max_bytes), source=source, max_bytes=max_bytes)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> bytes:
    """The bytes of a file, read with at most ``max_bytes + 1`` bytes in memory (``/dev/zero``, a FIFO);
    `InputError` naming ``source`` (default: the path) when it is bigger or cannot be read."""
    source = source or os.fspath(path)
    try:
        with open(path, "rb") as f:
            try:
                size = os.fstat(f.fileno()).st_size
            except OSError:
                size = 0
            if size > max_bytes:
                raise InputError(source, _too_big(size, max_bytes))
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as e:
        raise InputError(source, f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:  # the file grew, or a pipe/device without a size
        raise InputError(source, f"input is over the limit of {max_bytes} bytes")
    return data


# --------------------------------------------------------------------------
# HTML

_HTML_HEAD_CHARS = 4096
_HTML_MARKER_RE = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<p[\s>]|<br\s*/?>|<div[\s>]",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_CLOSING_TAG_RE = re.compile(r"</[a-zA-Z][a-zA-Z0-9]*\s*>")


def looks_like_html(text: str) -> bool:
    """HTML markers (doctype, html/body/p/br/div tags) in the first few KB, or
    many tags. A text that merely contains "<" (``a < b``) is not HTML."""
    head = text[:_HTML_HEAD_CHARS]
    if _HTML_MARKER_RE.search(head):
        return True
    tags = _TAG_RE.findall(head)
    if len(tags) >= 4 and _CLOSING_TAG_RE.search(head):
        tag_chars = sum(map(len, tags))
        return len(tags) >= 10 or tag_chars >= 0.02 * len(head)
    return False


_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "template"})
# Block elements that separate paragraphs (a blank line) and lines (a line break).
_PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "main",
        "aside",
        "nav",
        "figure",
        "hr",
        "dl",
    }
)
_LINE_TAGS = frozenset(
    {"div", "br", "li", "tr", "dt", "dd", "figcaption", "caption", "address", "form", "fieldset", "option"}
)
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
_BREAK = "\x00"  # internal marker: a line break from markup (NUL never survives ingest)


class _TextExtractor(HTMLParser):
    """Collects text; block boundaries ask for at least one line break (two for
    paragraph-level elements), merged with each other, while each <br> adds one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: dict[str, int] = {}
        self.pre = 0
        self.pending = 0  # line breaks to emit before the next text

    def _skipping(self) -> bool:
        return any(self.skip.values())

    def _block(self, tag: str) -> None:
        if tag == "br":
            self.pending += 1
        elif tag in _PARAGRAPH_TAGS:
            self.pending = max(self.pending, 2)
        elif tag in _LINE_TAGS:
            self.pending = max(self.pending, 1)
        elif tag in _CELL_TAGS:
            self._emit(" ")

    def _emit(self, text: str) -> None:
        if self.pending:
            self.parts.append(_BREAK * self.pending)
            self.pending = 0
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # an unclosed <head> ends here
            self.skip.pop("head", None)
        if tag in _SKIP_TAGS:
            self.skip[tag] = self.skip.get(tag, 0) + 1
            return
        if self._skipping():
            return
        if tag == "pre":
            self.pre += 1
        self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if self.skip.get(tag):
                self.skip[tag] -= 1
            return
        if self._skipping():
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        self._block(tag)  # </br> counts as a break too, as in browsers

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>, <script/>: one boundary, no content
        if tag in _SKIP_TAGS or self._skipping():
            return
        self._block(tag)

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        if self.pre:
            text = data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _BREAK)
        else:
            text = _HTML_SPACE_RE.sub(" ", data)
            if text == " " and self.pending:
                return  # whitespace between blocks
        if text:
            self._emit(text)


_MANY_BREAKS_RE = re.compile(_BREAK + "{3,}")


#: "<!" that does not open a comment or a doctype: a declaration html.parser may fail an assertion on.
_ODD_DECLARATION_RE = re.compile(r"<!(?!--|doctype)", re.IGNORECASE)


def _parse_html(html: str) -> list[str]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.parts


def html_to_text(html: str) -> str:
    """HTML to plain text with the stdlib parser.

    script/style/head/noscript/template contents are dropped; block elements
    become line breaks (paragraph-level ones a blank line); entities are
    unescaped (``&nbsp;`` gives U+00A0, left for the normalise stage); runs of
    blank lines collapse to one; lines are stripped of surrounding spaces.
    """
    html = html.replace("\x00", "")
    try:
        parts = _parse_html(html)
    except AssertionError:
        # The stdlib parser asserts on markup declarations it does not know ("<![ ก", "<!x [", from a
        # broken page): read them as text, as browsers do with a bogus comment's neighbours.
        html = _ODD_DECLARATION_RE.sub("&lt;!", html)
        try:
            parts = _parse_html(html)
        except AssertionError:  # pragma: no cover - no known input gets here: tags are dropped by pattern
            parts = [_TAG_RE.sub(" ", html)]
    text = "".join(parts)
    text = _MANY_BREAKS_RE.sub(_BREAK * 2, text)
    lines = [line.strip(" \t") for line in text.split(_BREAK)]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue  # no leading blank lines, no runs of blank lines
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --------------------------------------------------------------------------
# language hint

_LETTER_RE = re.compile(r"[^\W\d_]")
_THAI_LETTER_RE = re.compile(r"(?=[\u0e00-\u0e7f])[^\W\d_]")


def thai_ratio(text: str) -> float:
    """Share of Thai letters among letters (0.0 when there are no letters).

    Thai vowel signs and tone marks are combining marks, not letters, so the
    count is over consonants and spacing vowels; a caller can reject a text
    with letters and a ratio of 0 as "no Thai text".
    """
    n_letters = _count(_LETTER_RE, text)
    if not n_letters:
        return 0.0
    return _count(_THAI_LETTER_RE, text) / n_letters


# --------------------------------------------------------------------------
# release dates


def release_date_of(value: object, source: str = "<input>") -> dt.date | None:
    """A release date given as a date, a datetime (its day), anything with a ``.date()`` method (a pandas
    Timestamp), an ISO string ("2019-08-02", "20190802", "2019-08-02T10:00") or a JSON number written like
    one (20190802); None for None or "". Anything else raises `InputError` naming the input and the value.

    >>> release_date_of(20190802), release_date_of(dt.datetime(2019, 8, 2, 10, 30)), release_date_of(" 2019-08-02 ")
    (datetime.date(2019, 8, 2), datetime.date(2019, 8, 2), datetime.date(2019, 8, 2))
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    day = getattr(value, "date", None)
    if callable(day) and not isinstance(value, (str, bytes)):
        try:
            result = day()
        except Exception:  # a foreign type's own failure (a missing timestamp): reported below
            result = None
        if isinstance(result, dt.date) and not isinstance(result, dt.datetime):
            return result
    elif isinstance(value, int) and not isinstance(value, bool) and 10_000_000 <= value <= 99_999_999:
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
            try:
                return parse(text)
            except ValueError:
                continue
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise InputError(source, f"release date {shown} is not YYYY-MM-DD")  # batch classifies by this wording
