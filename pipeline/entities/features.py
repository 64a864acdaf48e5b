"""Token features for the CRF entity taggers.

`thainer15_features` reproduces the features the ThaiNER 1.5 CRF shipped in pythainlp was trained on
(attribute names included: `word.prepostag`, `word.isdigit()`); `press_features` is our richer set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

FeatureDict = dict[str, "str | bool | float"]


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


class _WordFacts:
    """What press_features needs to know about one word, on its own (cached: words repeat a lot)."""

    __slots__ = ("is_title", "lex", "own", "shape")

    def __init__(self, w: str, stop: frozenset[str], title_words: frozenset[str], lexicon: dict[str, str] | None):
        self.shape = word_shape(w)
        self.is_title = w in title_words
        self.lex = lexicon.get(w, "-") if lexicon is not None else ""  # read only with a lexicon
        own = [
            "w:" + w,
            "shape:" + self.shape,
            "len:" + str(min(len(w), 8)),
            "p1:" + w[:1],
            "p2:" + w[:2],
            "s1:" + w[-1:],
            "s2:" + w[-2:],
            "s3:" + w[-3:],
        ]
        if w in stop:
            own.append("stop")
        if self.is_title:
            own.append("title")
        if w.isspace():
            own.append("space")
        if w.endswith("."):
            own.append("dot")
        if lexicon is not None:
            own.append("lex:" + (lexicon.get(w, "unk") if _THAI_CONSONANT.match(w) else "-"))
        self.own = own


def press_features(
    tokens: Sequence[str],
    gazetteer_tags: Sequence[str] | None = None,
    title_words: frozenset[str] = frozenset(),
    lexicon: dict[str, str] | None = None,
    cache: dict[str, _WordFacts] | None = None,
) -> list[list[str]]:
    """Our richer features: identity, shape, affixes, neighbours (±2), title words, word classes and
    gazetteer BIO tags, as crfsuite attribute strings ("name:value", or "name" for a true flag).

    `gazetteer_tags` gives, per token, a gazetteer match tag such as ``B-LOCATION`` or ``O``;
    `lexicon` maps words to a class (dictionary word, given name, family name, country). A false flag is
    left out, which is what crfsuite does with a zero-valued attribute anyway. `cache` keeps each word's
    own features between calls; pass the same dict only with the same `title_words` and `lexicon`.
    """
    stop = _stopwords()
    cache = {} if cache is None else cache
    n = len(tokens)
    padded = ["<s>", "<s>", *tokens, "</s>", "</s>"]
    facts = []
    for w in tokens:
        fact = cache.get(w)
        if fact is None:
            fact = cache[w] = _WordFacts(w, stop, title_words, lexicon)
        facts.append(fact)
    out: list[list[str]] = []
    for i, w in enumerate(tokens):
        prev, nxt = padded[i + 1], padded[i + 3]
        before = facts[i - 1] if i > 0 else None
        after = facts[i + 1] if i < n - 1 else None
        f = [
            *facts[i].own,
            "w-1:" + prev,
            "w+1:" + nxt,
            "w-2:" + padded[i],
            "w+2:" + padded[i + 4],
            "w-1|w:" + prev + "|" + w,
            "w|w+1:" + w + "|" + nxt,
            "shape-1:" + (before.shape if before else "<s>"),
            "shape+1:" + (after.shape if after else "</s>"),
        ]
        if before is not None and before.is_title:
            f.append("title-1")
        if i > 1 and facts[i - 2].is_title:
            f.append("title-2")
        if lexicon is not None:
            f.append("lex-1:" + (before.lex if before else "-"))
            f.append("lex+1:" + (after.lex if after else "-"))
        if gazetteer_tags is not None:
            f.append("gaz:" + gazetteer_tags[i])
            f.append("gaz-1:" + (gazetteer_tags[i - 1] if i > 0 else "<s>"))
            f.append("gaz+1:" + (gazetteer_tags[i + 1] if i < n - 1 else "</s>"))
        out.append(f)
    return out
