"""Normalise text while keeping a map back to the original input.

Steps, in this order (each one a linear pass that records where every output
character came from):

1. remove zero-width space U+200B, ZWNJ U+200C, ZWJ U+200D, word joiner
   U+2060, BOM / zero-width no-break space U+FEFF and soft hyphen U+00AD;
2. CRLF and lone CR become LF;
3. tabs and all Unicode space separators (no-break space U+00A0, narrow
   no-break space U+202F, figure space U+2007, thin space U+2009, ideographic
   space U+3000, en/em spaces...) become " ";
4. Thai: nikhahit + sara aa ("ํา", U+0E4D U+0E32) becomes sara am ("ำ", U+0E33),
   also with tone marks typed in between ("ํ่า" -> "่ำ");
5. Unicode NFC, per cluster (a base and the marks that combine with it); every
   output character of a cluster maps to the cluster's first input character;
6. runs of an identical Thai vowel sign / tone mark collapse to one ("่่" -> "่");
7. runs of spaces collapse to one space; spaces at line ends are removed.

Nothing else changes: punctuation, quotes and Thai digits stay as they are
(``arabic_digits`` is a same-length view with ๐-๙ replaced by 0-9).
The result is a fixed point: ``normalize(normalize(x).text).text == normalize(x).text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Normalized", "normalize", "normalize_text"]


@dataclass(frozen=True)
class Normalized:
    """Normalised text and its map back to the original input."""

    text: str  # normalised text: all later offsets index this
    # len(text) + 1 entries: source_offsets[i] is the index in the ORIGINAL input
    # of normalised char i; the last entry is len(original).
    source_offsets: tuple[int, ...] = field(repr=False)
    # same length as text, Thai digits ๐-๙ replaced by 0-9 (same offsets)
    arabic_digits: str = field(repr=False)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``text[start:end]`` to the original input span.

        The original span runs from the source of ``start`` to the source of
        the next normalised character, so it includes characters the
        normalisation removed or merged inside (or right after) the span.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is outside the normalised text (length {len(self.text)})")
        return self.source_offsets[start], self.source_offsets[end]


# A pass returns (new_text, index_map) where index_map[i] is the index in the
# pass's input of output char i, or None when the pass changed nothing
# (or only replaced characters one for one, which keeps indexes).
_Pass = tuple[str, "list[int] | None"]


def _sub(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> _Pass:
    """Regex substitution that records offsets: the characters of each
    replacement map to the start of the match they replace."""
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        new = repl(m)
        if new == m.group():
            continue
        parts.append(text[pos:start])
        index.extend(range(pos, start))
        parts.append(new)
        index.extend([start] * len(new))
        pos = end
    if not parts:
        return text, None
    parts.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(parts), index


# 1. invisible characters
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")

# 2. line breaks
_CR_RE = re.compile("\r\n?")

# 3. spaces: tab and every Unicode space separator (Zs) -> " "
_SPACE_CHARS_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# 4. Thai sara am written as nikhahit + sara aa, possibly with tone marks between
_SARA_AM_RE = re.compile("\u0e4d([\u0e48-\u0e4b]*)\u0e32")

# 6. repeated Thai vowel signs / tone marks / other signs above and below
_THAI_DUP_RE = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")

# 7. spaces
_SPACES_RE = re.compile(" +(?=\n|\\Z)| {2,}")

_THAI_DIGIT_RE = re.compile("[\u0e50-\u0e59]")


def arabic_digits(text: str) -> str:
    """``text`` with Thai digits ๐-๙ as 0-9, same length (offsets hold): "๒๕๖๒" -> "2562"."""
    global _last_arabic
    last_text, last_digits = _last_arabic  # a release's text is asked for three times (normalize, two date scans)
    if text == last_text:
        return last_digits
    # regex rather than str.translate: translate is slow on non-Latin-1 text (20x on a release)
    digits = _THAI_DIGIT_RE.sub(_arabic_digit, text)
    if len(text) > 200:  # only whole texts are asked for again
        _last_arabic = (text, digits)
    return digits


def _arabic_digit(m: re.Match[str]) -> str:
    return chr(ord(m.group()) - 0x0E50 + 0x30)


_last_arabic = ("", "")


# 5. NFC per cluster ----------------------------------------------------------

_cluster_re: re.Pattern[str] | None = None


def _char_class(cps: set[int]) -> str:
    """A regex character class body for a set of code points (as ranges)."""
    out: list[str] = []
    items = sorted(cps)
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        lo, hi = items[i], items[j]
        out.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "".join(out)


def _nfc_cluster_re() -> re.Pattern[str]:
    """Clusters that NFC may change: a base with the characters that join it
    (non-starters, and starters that compose with what precedes them), and
    single characters with a canonical decomposition. Built once, lazily."""
    global _cluster_re
    if _cluster_re is not None:
        return _cluster_re
    joiners: set[int] = set()
    changers: set[int] = set()
    for cp in range(0x30000):  # no canonical decompositions or marks above
        ch = chr(cp)
        if unicodedata.combining(ch):
            joiners.add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            changers.add(cp)
            parts = [int(p, 16) for p in decomposition.split()]
            if len(parts) == 2:
                joiners.add(parts[1])  # may compose with the preceding character
            nfd = unicodedata.normalize("NFD", ch)
            if unicodedata.combining(nfd[0]):
                joiners.add(cp)  # decomposes to a leading non-starter
    for cp in range(0xE0000, 0xE01F0):
        if unicodedata.combining(chr(cp)):
            joiners.add(cp)
    joiners.update(range(0x1161, 0x1176))  # Hangul vowel jamo
    joiners.update(range(0x11A8, 0x11C3))  # Hangul trailing consonant jamo
    j = _char_class(joiners)
    c = _char_class(changers - joiners)
    _cluster_re = re.compile(f"[^{j}]?[{j}]+|[{c}]", re.DOTALL)
    return _cluster_re


# Space and line feed never compose with a neighbour and block reordering,
# so NFC can be applied to the chunks between them independently.
_CHUNK_RE = re.compile("[^ \n]+")


def _nfc(text: str) -> _Pass:
    if unicodedata.is_normalized("NFC", text):
        return text, None
    cluster_re = _nfc_cluster_re()
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for chunk_match in _CHUNK_RE.finditer(text):
        chunk = chunk_match.group()
        if unicodedata.is_normalized("NFC", chunk):
            continue
        base = chunk_match.start()
        new_chunk, chunk_index = _sub(chunk, cluster_re, lambda m: unicodedata.normalize("NFC", m.group()))
        if new_chunk != unicodedata.normalize("NFC", chunk):
            # An interaction between clusters that the cluster split missed:
            # fall back to mapping the whole chunk to its first character.
            new_chunk = unicodedata.normalize("NFC", chunk)
            chunk_index = [0] * len(new_chunk)
        parts.append(text[pos:base])
        index.extend(range(pos, base))
        parts.append(new_chunk)
        if chunk_index is None:  # pragma: no cover - chunk was not normalised
            chunk_index = list(range(len(chunk)))
        index.extend(base + i for i in chunk_index)
        pos = chunk_match.end()
    if not parts:  # pragma: no cover - is_normalized said otherwise
        return text, None
    parts.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(parts), index


# -----------------------------------------------------------------------------


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see the module docstring) and keep offsets."""
    original_length = len(text)
    # offsets[i] = index in the original of char i of the current text;
    # None while the passes so far kept every index.
    offsets: list[int] | None = None

    def apply(result: _Pass) -> str:
        nonlocal offsets
        new_text, index = result
        if index is not None:
            offsets = index if offsets is None else list(map(offsets.__getitem__, index))
        return new_text

    text = apply(_sub(text, _INVISIBLE_RE, lambda m: ""))
    text = apply(_sub(text, _CR_RE, lambda m: "\n"))
    text = _SPACE_CHARS_RE.sub(" ", text)  # one for one: offsets unchanged
    text = apply(_sub(text, _SARA_AM_RE, lambda m: m.group(1) + "\u0e33"))
    text = apply(_nfc(text))
    text = apply(_sub(text, _THAI_DUP_RE, lambda m: m.group(1)))
    text = apply(_sub(text, _SPACES_RE, lambda m: "" if _at_line_end(m) else " "))

    if offsets is None:
        source_offsets = tuple(range(original_length + 1))
    else:
        offsets.append(original_length)
        source_offsets = tuple(offsets)
    return Normalized(
        text=text,
        source_offsets=source_offsets,
        arabic_digits=arabic_digits(text),
    )


def normalize_text(text: str) -> str:
    """``normalize(text).text`` without the offsets and the Arabic-digit copy: the same passes, for callers
    that need only the normalised text (the batch runner hashes it to spot duplicates)."""
    # Each pass runs only when the text holds a character it can change: a substring test (a fast scan in C)
    # per character is several times cheaper than a regex scan that finds nothing, the usual case.
    if _has_any(text, _INVISIBLE_CHARS):
        text = _INVISIBLE_RE.sub("", text)
    if "\r" in text:
        text = _CR_RE.sub("\n", text)
    if _has_any(text, _SPACE_CHARS):
        text = _SPACE_CHARS_RE.sub(" ", text)
    if "\u0e4d" in text:
        text = _SARA_AM_RE.sub(lambda m: m.group(1) + "\u0e33", text)
    if not unicodedata.is_normalized("NFC", text):
        # _nfc's text: each run between spaces and line feeds as NFC makes it
        text = _CHUNK_RE.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)
    text = _THAI_DUP_RE.sub(lambda m: m.group(1), text)
    # _SPACES_RE's pass in two cheaper steps: spaces before a line feed or at the end go, then longer runs of
    # spaces become one (the pattern tries a match at every space; these search for a space and a line feed,
    # or two spaces, which are rare)
    if " \n" in text or text.endswith(" "):
        text = "\n".join([line.rstrip(" ") for line in text.split("\n")])
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    return text


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


def _class_chars(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The characters of a pattern that is one character class of single characters and ranges (so the quick
    checks in `normalize_text` follow the patterns they stand for)."""
    body = pattern.pattern
    start, end = body.index("[") + 1, body.index("]")
    chars: list[str] = []
    i = start
    while i < end:
        if i + 2 < end and body[i + 1] == "-":
            chars.extend(chr(code) for code in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            chars.append(body[i])
            i += 1
    return tuple(chars)


_INVISIBLE_CHARS = _class_chars(_INVISIBLE_RE)
_SPACE_CHARS = _class_chars(_SPACE_CHARS_RE)
_SPACE_RUN_RE = re.compile("  +")


def _at_line_end(m: re.Match[str]) -> bool:
    end = m.end()
    s = m.string
    return end == len(s) or s[end] == "\n"
