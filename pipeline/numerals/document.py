"""The text under repair as the detectors and strategies see it: tokens, dates, slots.

A `Document` holds the text, the templates' lexicon and the release date, and computes what detectors and
strategies consult once, lazily (tokens, dates, per-document values such as the gap model's probabilities).
A `Slot` is a place where something was lost and the reason; what value belongs there is the strategies'
business (``strategies/``).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from pipeline.dates import DateMatch, find_dates
from pipeline.numerals.templates import Lexicon, Template
from pipeline.tokens import word_tokenize

__all__ = [
    "DIGIT",
    "NAME_START",
    "NUMBER",
    "THAI_LETTER",
    "Document",
    "Slot",
    "Token",
    "ends_with_any",
    "is_thai_word",
    "occurrences",
    "quote",
    "shorten",
]

THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")
DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")
_DIGIT_RUN = re.compile(r"[0-9\u0e50-\u0e59]+")
# what starts a name: a quote, a Latin letter, an abbreviation ("พม.")
NAME_START = re.compile(r"[“\"'‘A-Za-z]|[\u0e01-\u0e2e]{1,3}\.")
# a number as strategies read it: 12, 1,500, 2.5 (Thai digits too)
NUMBER = r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,]*(?:\.[0-9\u0e50-\u0e59]+)?"

T = TypeVar("T")


class Token(NamedTuple):  # built for every word of every release: a tuple is made faster than a frozen dataclass
    text: str
    start: int
    end: int

    @property
    def is_space(self) -> bool:
        return not self.text.strip()


class Document:
    """The text under repair, its tokens, and what the strategies may consult (computed lazily).

    ``words`` (the text's newmm tokens) and ``dates`` (``find_dates(text, release_date=...)``) may be given
    when the caller already has them, as the spaCy pipeline does; otherwise they are computed on first use.
    """

    def __init__(
        self,
        text: str,
        lexicon: Lexicon,
        release_date: datetime.date | None = None,
        *,
        words: list[str] | None = None,
        dates: list[DateMatch] | None = None,
    ) -> None:
        self.text = text
        self.lexicon = lexicon
        self.release_date = release_date
        self._tokens: list[Token] | None = None
        self._starts: list[int] = []
        self._words: list[str] = []
        self._dates = list(dates) if dates is not None else None
        self._memo: dict[str, object] = {}
        if words is not None:
            self.use_words(words)

    def __repr__(self) -> str:
        return f"Document({self.text[:30]!r}…, release_date={self.release_date})"

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self.use_words(word_tokenize(self.text))
        assert self._tokens is not None
        return self._tokens

    @property
    def words(self) -> list[str]:
        """The tokens' texts (the words `use_words` took; not to be changed)."""
        _ = self.tokens  # tokenises when no words were given
        return self._words

    def use_words(self, words: list[str]) -> None:
        """Take the text's newmm tokens from the caller instead of tokenising again."""
        if "".join(words) != self.text:
            raise ValueError("the words do not make up the text")
        bounds = list(itertools.accumulate(map(len, words), initial=0))
        # Token(word, start, end) for each word, the tuples made in C (Token's own __new__ is Python)
        self._tokens = list(map(tuple.__new__, itertools.repeat(Token), zip(words, bounds, bounds[1:])))
        self._starts = bounds[:-1]
        self._words = words
        self._memo.clear()  # what was computed from other tokens

    def after_space(self) -> list[int]:
        """Indices ``i >= 2`` of the tokens right after a lone space token (" "), in order: where a lost number
        leaves its gap ("ทั้งหมด _ รอบ"). Computed once per document; most detectors look only there."""
        tokens = self.tokens
        return self.memo("after_a_space", lambda: [j for j in range(2, len(tokens)) if tokens[j - 1].text == " "])

    def digit_tokens(self) -> list[int]:
        """Indices of the tokens that start with a digit (`DIGIT`), in order, found from the digit runs of the
        text rather than by reading every token. Computed once per document."""
        return self.memo("digit_tokens", self._digit_tokens)

    def _digit_tokens(self) -> list[int]:
        _ = self.tokens  # builds self._starts
        starts = self._starts
        found: list[int] = []
        for m in _DIGIT_RUN.finditer(self.text):
            found.extend(range(bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())))
        return found

    def token_index_at(self, offset: int) -> int:
        """Index of the token that starts at or contains ``offset``."""
        _ = self.tokens  # builds self._starts
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    @property
    def dates(self) -> list[DateMatch]:
        if self._dates is None:
            self._dates = find_dates(self.text, release_date=self.release_date)
        return self._dates

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per document under ``name`` (the gap model's probabilities, which several
        detectors read)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the line (paragraph) holding ``offset``."""
        breaks = self.memo("line_breaks", lambda: [m.start() for m in re.finditer("\n", self.text)])
        i = bisect.bisect_left(breaks, offset)  # breaks[i] is the first line break at or after offset
        start = breaks[i - 1] + 1 if i > 0 else 0
        return start, breaks[i] if i < len(breaks) else len(self.text)


@dataclass(frozen=True)
class Slot:
    """A place where something was lost.

    ``start``/``end`` is the span a repair replaces (equal for an insertion); ``anchor`` is the word the
    template anchored on (classifier, ordinal marker, month fragment); ``prefix``/``suffix`` wrap a value
    into the replacement text (``"4"`` -> ``"4 "`` before a classifier).
    """

    template: Template
    start: int
    end: int
    anchor: str
    anchor_start: int
    anchor_end: int
    description: str
    prefix: str = ""
    suffix: str = ""

    def replacement(self, value: str) -> str:
        return f"{self.prefix}{value}{self.suffix}"


def quote(text: str, start: int, end: int, width: int = 24) -> str:
    """Thai context around ``text[start:end]`` with the gap shown as ⟦_⟧ (one line, ellipses)."""
    left = text[max(0, start - width) : start].split("\n")[-1]
    right = text[end : end + width].split("\n")[0]
    gap = text[start:end] or "_"
    return f"“…{left}⟦{gap}⟧{right}…”"


def occurrences(text: str, literal: str) -> list[int]:
    """Every index where ``literal`` starts in ``text`` (overlapping occurrences too), by str.find: where a
    detector tries a pattern that opens with a look-behind, which finditer would try at every character."""
    out, q = [], text.find(literal)
    while q >= 0:
        out.append(q)
        q = text.find(literal, q + 1)
    return out


def shorten(s: str, width: int = 30) -> str:
    """``s`` on one line, cut to ``width`` characters with an ellipsis (for quoting in evidence)."""
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def is_thai_word(token: Token) -> bool:
    return _is_thai_word_text(token.text)


@functools.lru_cache(maxsize=65536)  # asked for the same few thousand words in every release
def _is_thai_word_text(text: str) -> bool:
    return bool(THAI_LETTER.search(text)) and not DIGIT.search(text)


def ends_with_any(tokens: list[Token], i: int, words: frozenset[str], span: int = 3) -> str | None:
    """The word in ``words`` made of tokens ``i-k+1 .. i`` (k <= span), if any."""
    if i >= len(tokens):  # past the end: the slices the words are made of hold fewer tokens
        endings = (_joined(tokens, i, k) for k in range(1, span + 1) if i - k + 1 >= 0)
        return next((w for w in endings if w in words), None)
    joined = ""
    for k in range(1, span + 1):
        if i - k + 1 < 0:
            break
        joined = tokens[i - k + 1].text + joined  # tokens i-k+1 .. i, one more on the left each time
        if joined in words:
            return joined
    return None


def _joined(tokens: list[Token], i: int, k: int) -> str:
    return "".join(t.text for t in tokens[i - k + 1 : i + 1])
