"""Token features for the CRF entity taggers.

`thainer15_features` reproduces the features the ThaiNER 1.5 CRF shipped in pythainlp was trained on
(attribute names included: `word.prepostag`, `word.isdigit()`); `press_features` is our richer set.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

FeatureDict = dict[str, "str | bool | float"]
FeatureFunction = Callable[[Sequence[str], Sequence[str]], list[FeatureDict]]


@functools.cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


def _is_thai(word: str) -> bool:
    # pythainlp.util.is_thai: every character is Thai (ignoring none).
    return bool(word) and all("\u0e00" <= ch <= "\u0e7f" for ch in word)


def thainer15_features(tokens: Sequence[str], pos: Sequence[str]) -> list[FeatureDict]:
    """Features of every token as the ThaiNER 1.5 CRF model expects them."""
    stop = _stopwords()
    out: list[FeatureDict] = []
    n = len(tokens)
    for i, word in enumerate(tokens):
        f: FeatureDict = {
            "word.word": word,
            "word.stopword": word in stop,
            "word.isthai": _is_thai(word),
            "word.isspace": word.isspace(),
            "postag": pos[i],
            "word.isdigit()": word.isdigit(),
        }
        if word.isdigit() and len(word) == 5:
            f["word.islen5"] = True
        if i > 0:
            prev = tokens[i - 1]
            f.update(
                {
                    "word.prevword": prev,
                    "word.previsspace": prev.isspace(),
                    "word.previsthai": _is_thai(prev),
                    "word.prevstopword": prev in stop,
                    "word.prepostag": pos[i - 1],
                    "word.prevwordisdigit": prev.isdigit(),
                }
            )
        else:
            f["BOS"] = True
        if i < n - 1:
            nxt = tokens[i + 1]
            f.update(
                {
                    "word.nextword": nxt,
                    "word.nextisspace": nxt.isspace(),
                    "word.nextpostag": pos[i + 1],
                    "word.nextisthai": _is_thai(nxt),
                    "word.nextstopword": nxt in stop,
                    "word.nextwordisdigit": nxt.isdigit(),
                }
            )
        else:
            f["EOS"] = True
        out.append(f)
    return out


_DIGIT = re.compile(r"[0-9๐-๙]")
_THAI_CONSONANT = re.compile(r"[ก-ฮ]")
_LATIN_UPPER = re.compile(r"[A-Z]")
_LATIN_LOWER = re.compile(r"[a-z]")


def word_shape(word: str) -> str:
    """A coarse shape of a token: Thai letters T, Latin X/x, digits d, other kept; runs collapsed.

    >>> word_shape("ส.ค."), word_shape("2562"), word_shape("SMEs")
    ('T.T.', 'd', 'Xx')
    """
    out: list[str] = []
    for ch in word:
        if "\u0e00" <= ch <= "\u0e7f" and not _DIGIT.match(ch):
            c = "T"
        elif _DIGIT.match(ch):
            c = "d"
        elif _LATIN_UPPER.match(ch):
            c = "X"
        elif _LATIN_LOWER.match(ch):
            c = "x"
        elif ch.isspace():
            c = "_"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def press_features(
    tokens: Sequence[str],
    pos: Sequence[str] | None = None,
    gazetteer_tags: Sequence[str] | None = None,
    title_words: frozenset[str] = frozenset(),
    lexicon: dict[str, str] | None = None,
) -> list[FeatureDict]:
    """Our richer features: identity, shape, affixes, neighbours (±2), title words and gazetteer BIO tags.

    `gazetteer_tags` gives, per token, a gazetteer match tag such as ``B-LOCATION`` or ``O``;
    `lexicon` maps words to a class (dictionary word, given name, family name, country).
    """
    lex = lexicon or {}
    stop = _stopwords()
    n = len(tokens)
    shapes = [word_shape(t) for t in tokens]

    def word(i: int) -> str:
        if i < 0:
            return "<s>"
        if i >= n:
            return "</s>"
        return tokens[i]

    out: list[FeatureDict] = []
    for i, w in enumerate(tokens):
        f: FeatureDict = {
            "w": w,
            "shape": shapes[i],
            "len": str(min(len(w), 8)),
            "p1": w[:1],
            "p2": w[:2],
            "s1": w[-1:],
            "s2": w[-2:],
            "s3": w[-3:],
            "stop": w in stop,
            "title": w in title_words,
            "space": w.isspace(),
            "dot": w.endswith("."),
            "w-1": word(i - 1),
            "w+1": word(i + 1),
            "w-2": word(i - 2),
            "w+2": word(i + 2),
            "w-1|w": word(i - 1) + "|" + w,
            "w|w+1": w + "|" + word(i + 1),
            "shape-1": shapes[i - 1] if i > 0 else "<s>",
            "shape+1": shapes[i + 1] if i < n - 1 else "</s>",
            "title-1": word(i - 1) in title_words,
            "title-2": word(i - 2) in title_words,
        }
        if lexicon is not None:
            f["lex"] = lex.get(w, "unk") if _THAI_CONSONANT.match(w) else "-"
            f["lex-1"] = lex.get(word(i - 1), "-")
            f["lex+1"] = lex.get(word(i + 1), "-")
        if pos is not None:
            f["pos"] = pos[i]
            f["pos-1"] = pos[i - 1] if i > 0 else "<s>"
            f["pos+1"] = pos[i + 1] if i < n - 1 else "</s>"
        if gazetteer_tags is not None:
            f["gaz"] = gazetteer_tags[i]
            f["gaz-1"] = gazetteer_tags[i - 1] if i > 0 else "<s>"
            f["gaz+1"] = gazetteer_tags[i + 1] if i < n - 1 else "</s>"
        out.append(f)
    return out
