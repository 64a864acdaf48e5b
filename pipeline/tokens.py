"""Word tokens and sentence boundaries for Thai text.

Tokens are pythainlp's ``newmm`` tokens, computed 3–4× faster (`make bench`): Thai runs go to nlpo3 (newmm in Rust)
and every other run is split by the pattern pythainlp's newmm uses for non-Thai text. One deliberate
difference: brackets and quotes glued to non-Thai words ("(24", "(WHO)") are split off, because entity
spans begin and end inside them.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

# Same alternation as pythainlp.tokenize.newmm._PAT_NONTHAI (pythainlp 5.4).
_NON_THAI_TOKEN = re.compile(
    r"""(?x)
[-a-zA-Z]+|
\d+(?:[,\.]\d+)*|
[ \t]+|
\r?\n|
[^\u0E00-\u0E7F \t\r\n]+
"""
)
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F.]*[\u0E00-\u0E7F](?:[ .]+[\u0E00-\u0E7F]+)*\.*")
_THAI_DOT_SPACE = re.compile(r"[\u0E00-\u0E7F. ]+")
_THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")
_DICT_NAME = "thaipress-newmm"


def thai_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each match of ``_THAI_RUN`` in ``text``, in linear time.

    The pattern backtracks over runs of dots and spaces (``"ก ." + "." * n`` took quadratic time); its
    matches are the stretches of Thai letters, dots and spaces that hold a Thai letter, from the dots
    glued to the first Thai letter to the dots glued to the last one.

    >>> text = "a ..ก. ข.. . b"
    >>> [text[s:e] for s, e in thai_runs(text)] == [m.group() for m in _THAI_RUN.finditer(text)]
    True
    """
    for stretch in _THAI_DOT_SPACE.finditer(text):
        run = stretch.group()
        first = _THAI_CHAR.search(run)
        if first is None:
            continue
        head = run[: first.start()]
        last = len(run.rstrip(". "))  # one past the last Thai letter
        tail = run[last:]
        offset = stretch.start()
        yield offset + len(head.rstrip(".")), offset + last + len(tail) - len(tail.lstrip("."))


@functools.cache
def _load_dictionary() -> str:
    from nlpo3 import load_dict
    from pythainlp.corpus import corpus_path

    load_dict(os.path.join(corpus_path(), "words_th.txt"), _DICT_NAME)
    return _DICT_NAME


@functools.cache
def _segmenter() -> Callable[[str], list[str]]:
    from nlpo3 import segment

    return functools.partial(segment, dict_name=_load_dictionary())


# Short Thai runs repeat across releases ("รัฐบาลไทย", "นายกรัฐมนตรี", a month name): their tokens are kept,
# up to _SEGMENTS_LIMIT runs (then the cache starts afresh: about 12 MB at most).
_SEGMENTS: dict[str, list[str]] = {}
_SEGMENT_CACHED_LENGTH = 40
_SEGMENTS_LIMIT = 20_000


def word_tokenize(text: str) -> list[str]:
    """Split Thai text into newmm word tokens; spaces and newlines are tokens too.

    >>> word_tokenize("นายกฯ เดินทาง (24 ส.ค.)")
    ['นายกฯ', ' ', 'เดินทาง', ' ', '(', '24', ' ', 'ส.ค.', ')']
    """
    tokens: list[str] = []
    extend = tokens.extend
    segment = _segmenter()
    cache = _SEGMENTS
    pos = 0
    for start, end in thai_runs(text):
        if start > pos:
            extend(_non_thai_tokens(text[pos:start]))
        run = text[start:end]
        words = cache.get(run)
        if words is None:
            words = segment(run)
            if len(run) <= _SEGMENT_CACHED_LENGTH:
                if len(cache) >= _SEGMENTS_LIMIT:
                    cache.clear()
                cache[run] = words
        extend(words)
        pos = end
    if pos < len(text):
        extend(_non_thai_tokens(text[pos:]))
    return tokens


# _NON_THAI_TOKEN, or else one character (a lone carriage return): every position starts a token
_NON_THAI_OR_CHAR = re.compile(_NON_THAI_TOKEN.pattern + "|.", re.S)
_OPENING = frozenset("([{\"“‘'«")
_CLOSING = frozenset(")]}\"”’'»")


def _non_thai_tokens(run: str) -> list[str]:
    tokens = _NON_THAI_OR_CHAR.findall(run)
    if any(t[0] in _OPENING or t[-1] in _CLOSING for t in tokens):
        return [piece for token in tokens for piece in _split_brackets(token)]
    return tokens


_BRACKETS = re.compile(r"([(\[{\"“‘'«]*)(.*?)([)\]}\"”’'»]*)", re.S)


def _split_brackets(token: str) -> list[str]:
    # newmm keeps "(24" and "(WHO)" whole; entity spans start inside them, so brackets and quotes become
    # tokens of their own.
    if len(token) < 2:
        return [token]
    match = _BRACKETS.fullmatch(token)
    assert match is not None  # every part of the pattern may be empty: it matches any string
    opening, core, closing = match.groups()
    if not core:
        return [token]
    return [*opening, core, *closing]


_WORDS_KEY = "thaipress.words"
_TEXT_KEY = "thaipress.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, which spaCy rebuilds from the tokens on every access (a hot path)."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else doc.text


def doc_words(doc: Doc) -> list[str]:
    """The token texts of a Doc, without building a Token object per token (a hot path).

    Kept in `doc.user_data` (a retokenizer that changes the tokens drops them, as `_split_tokens_at` does;
    a list of another length is read afresh), read from the Doc's orth ids when missing."""
    words = doc.user_data.get(_WORDS_KEY)
    if words is None or len(words) != len(doc):
        from spacy.attrs import ORTH

        strings = doc.vocab.strings
        words = doc.user_data[_WORDS_KEY] = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
    return words


class ThaiTokenizer:
    """spaCy tokenizer producing newmm tokens; no token carries trailing whitespace (spaces are tokens)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = word_tokenize(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data[_WORDS_KEY] = words
        doc.user_data[_TEXT_KEY] = text
        return doc

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:  # stateless: nothing to save
        pass

    def from_disk(self, path: str | Path, **kwargs: Any) -> ThaiTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> ThaiTokenizer:
        return self


@Language.component("thai_sentencizer", assigns=["token.is_sent_start"])
def thai_sentencizer(doc: Doc) -> Doc:
    """Mark sentence starts: after a newline, and after a space that follows a sentence-final word.

    Thai has no sentence punctuation; press releases break paragraphs with newlines and sentences with
    spaces. A space alone is too weak (it also separates names and numbers), so a space starts a sentence
    only when long Thai runs stand on both sides of it, as in running prose.
    """
    import numpy
    from spacy.attrs import SENT_START
    from thinc.types import Ints2d

    words = doc_words(doc)
    n = len(words)
    if not n:
        return doc
    is_space = numpy.fromiter(map(str.isspace, words), dtype=bool, count=n)
    # what a token adds to the prose around a space: its length, 0 for a space
    lengths = numpy.fromiter(map(len, words), dtype=numpy.int64, count=n)
    ends = numpy.cumsum(lengths)
    lengths[is_space] = 0
    prose_before = numpy.concatenate(([0], numpy.cumsum(lengths)))  # prose_before[k]: sum of lengths[:k]
    starts = numpy.full(n, -1, dtype=numpy.int64)
    starts[0] = 1
    words_start = ~is_space
    # after a token that holds a line break
    breaks = [m.start() for m in _LINE_BREAK.finditer("".join(words))]
    if breaks:
        after = numpy.searchsorted(ends, breaks, side="right") + 1
        after = after[after < n]
        starts[after[words_start[after]]] = 1
    # A space between long Thai runs: both neighbours are Thai runs, the word after does not continue the
    # sentence, and the prose on both sides (six tokens each way, spaces not counted) is long: short
    # stretches are names, titles or list items.
    at = numpy.flatnonzero(is_space[:-1] & words_start[1:]) + 1  # a word after a space
    at = at[at >= 2]
    left = prose_before[at - 1] - prose_before[numpy.maximum(at - 7, 0)]
    right = prose_before[numpy.minimum(at + 6, n)] - prose_before[at]
    prose = _THAI_RUN.fullmatch
    for i in at[(left >= 20) & (right >= 20)].tolist():
        after_word = words[i]
        if after_word not in _CONTINUES and prose(words[i - 2]) and prose(after_word):
            starts[i] = 1
    doc.from_array([SENT_START], cast(Ints2d, starts.reshape(n, 1).astype("uint64")))
    return doc


_LINE_BREAK = re.compile("\n")
_CONTINUES = frozenset("และ หรือ แต่ ซึ่ง ที่ โดย เพื่อ ของ ใน จาก กับ ให้ ได้แก่ คือ ว่า ณ ถึง เป็น จึง ส่วน ทั้งนี้".split())


@registry.tokenizers("thaipress.ThaiTokenizer.v1")
def create_thai_tokenizer() -> Callable[[Language], ThaiTokenizer]:
    """spaCy registry entry, so a saved pipeline's config names this tokenizer."""

    def make(nlp: Language) -> ThaiTokenizer:
        return ThaiTokenizer(nlp.vocab)

    return make
