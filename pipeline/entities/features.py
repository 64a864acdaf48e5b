"""Token features for the CRF entity taggers.

`thainer15_features` reproduces the features the ThaiNER 1.5 CRF shipped in pythainlp was trained on
(attribute names included: `word.prepostag`, `word.isdigit()`); `press_features` is our richer set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

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


_THAI_CONSONANT = re.compile(r"[ก-ฮ]")


def _shape_classes() -> dict[str, str]:
    """Character -> its class in a word shape, for the Thai block, digits and Latin letters."""
    classes = {chr(c): "T" for c in range(0x0E00, 0x0E80)}
    classes.update(dict.fromkeys("0123456789๐๑๒๓๔๕๖๗๘๙", "d"))
    classes.update(dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "X"))
    classes.update(dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "x"))
    return classes


_SHAPE_CLASSES = _shape_classes()
# words of one class only (the Thai block without its digits; Arabic and Thai digits), as _SHAPE_CLASSES has them
_ALL_THAI_LETTERS = re.compile("[\u0e00-\u0e4f\u0e5a-\u0e7f]+")
_ALL_DIGITS = re.compile("[0-9\u0e50-\u0e59]+")


def word_shape(word: str) -> str:
    """A coarse shape of a token: Thai letters T, Latin X/x, digits d, whitespace _, other kept; runs collapsed.

    >>> word_shape("ส.ค."), word_shape("2562"), word_shape("SMEs")
    ('T.T.', 'd', 'Xx')
    """
    if _ALL_THAI_LETTERS.fullmatch(word):  # most words: one class throughout
        return "T"
    if _ALL_DIGITS.fullmatch(word):
        return "d"
    out: list[str] = []
    last = None
    for ch in word:
        c = _SHAPE_CLASSES.get(ch)
        if c is None:
            c = "_" if ch.isspace() else ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


class _WordFacts:
    """What press_features needs to know about one word (cached: words repeat a lot): its own attributes
    and the ones it gives its neighbours ("w-1:" + word, ...), already cut to the model's `known` ones."""

    __slots__ = ("as_next", "as_next2", "as_prev", "as_prev2", "cluster", "context", "is_title", "lex", "own", "shape")

    def __init__(
        self,
        w: str,
        stop: frozenset[str],
        title_words: frozenset[str],
        lexicon: dict[str, str] | None,
        clusters: dict[str, str] | None = None,
        known: frozenset[str] | None = None,
    ):
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
        self.cluster = None
        if clusters is not None:
            bits = clusters.get(w)
            if bits is None:
                own.append("c:none")
                self.cluster = ("-", "-")
            else:
                own.extend(["c4:" + bits[:4], "c8:" + bits[:8], "c12:" + bits[:12], "c16:" + bits[:16]])
                self.cluster = (bits[:4], bits[:8])
        self.own = _cut(own, known)
        self.as_prev = _cut1("w-1:" + w, known)
        self.as_next = _cut1("w+1:" + w, known)
        self.as_prev2 = _cut1("w-2:" + w, known)
        self.as_next2 = _cut1("w+2:" + w, known)
        self.context = _context_attributes(self.shape, self.lex, self.cluster, known)


def _cut(attributes: list[str], known: frozenset[str] | None) -> list[str]:
    return attributes if known is None else [a for a in attributes if a in known]


def _cut1(attribute: str, known: frozenset[str] | None) -> str | None:
    return attribute if known is None or attribute in known else None


def _context_attributes(
    shape: str, lex: str | None, cluster: tuple[str, str] | None, known: frozenset[str] | None
) -> tuple[str | None, list[str], str | None, list[str]]:
    """What a word gives its neighbours: (its shape for the next word, its word class and cluster for the
    next word, its shape for the previous word, its word class and cluster for the previous word)."""
    for_next = ["lex-1:" + lex] if lex is not None else []
    for_prev = ["lex+1:" + lex] if lex is not None else []
    if cluster is not None:
        for_next += ["c4-1:" + cluster[0], "c8-1:" + cluster[1]]
        for_prev += ["c4+1:" + cluster[0], "c8+1:" + cluster[1]]
    return (
        _cut1("shape-1:" + shape, known),
        _cut(for_next, known),
        _cut1("shape+1:" + shape, known),
        _cut(for_prev, known),
    )


class _Edge:
    """The stand-in neighbour before the first token (`start`) or after the last one."""

    is_title = False

    def __init__(self, start: bool, lexicon: bool, clusters: bool, known: frozenset[str] | None) -> None:
        mark = "<s>" if start else "</s>"
        self.as_prev, self.as_prev2 = _cut1("w-1:<s>", known), _cut1("w-2:<s>", known)
        self.as_next, self.as_next2 = _cut1("w+1:</s>", known), _cut1("w+2:</s>", known)
        self.context = _context_attributes(mark, "-" if lexicon else None, (mark, mark) if clusters else None, known)


def press_features(
    tokens: Sequence[str],
    gazetteer_tags: Sequence[str] | None = None,
    title_words: frozenset[str] = frozenset(),
    lexicon: dict[str, str] | None = None,
    cache: dict[str, _WordFacts] | None = None,
    clusters: dict[str, str] | None = None,
    known: frozenset[str] | None = None,
) -> list[list[str]]:
    """Our richer features: identity, shape, affixes, neighbours (±2), title words, word classes, word
    clusters and gazetteer BIO tags, as crfsuite attribute strings ("name:value", or "name" for a true flag).

    `gazetteer_tags` gives, per token, a gazetteer match tag such as ``B-LOCATION`` or ``O``;
    `lexicon` maps words to a class (dictionary word, given name, family name, country). A false flag is
    left out, which is what crfsuite does with a zero-valued attribute anyway. `clusters` maps words to the
    bit strings of `corpora/clusters/` (`pipeline.entities.clusters`): prefixes of 4, 8, 12 and 16 bits for
    the word, of 4 and 8 bits for its neighbours.

    `known`: the attributes a trained model has weights for; the others are left out (the model would
    ignore them: same tags, less to build and to hand to crfsuite). `cache` keeps each word's features
    between calls; pass the same dict only with the same `title_words`, `lexicon`, `clusters` and `known`.

    >>> attributes = press_features(["ไป", " ", "ลาว"])[2]
    >>> [a for a in attributes if a.startswith(("w", "shape"))]  # doctest: +NORMALIZE_WHITESPACE
    ['w:ลาว', 'shape:T', 'w-1: ', 'w+1:</s>', 'w-2:ไป', 'w+2:</s>', 'w-1|w: |ลาว', 'w|w+1:ลาว|</s>',
     'shape-1:_', 'shape+1:</s>']
    """
    stop = _stopwords()
    cache = {} if cache is None else cache
    n = len(tokens)
    start = _Edge(True, lexicon is not None, clusters is not None, known)
    end = _Edge(False, lexicon is not None, clusters is not None, known)
    facts: list[Any] = [start, start]
    for w in tokens:
        fact = cache.get(w)
        if fact is None:
            fact = cache[w] = _WordFacts(w, stop, title_words, lexicon, clusters, known)
        facts.append(fact)
    facts += [end, end]
    words = ["<s>", *tokens, "</s>"]
    if gazetteer_tags is not None:
        # the gazetteer attributes of each (tag, tag before, tag after), built once per triple
        tags = ["<s>", *gazetteer_tags, "</s>"]
        triples = list(zip(tags[1:], tags, tags[2:]))
        by_triple = {t: _cut(["gaz:" + t[0], "gaz-1:" + t[1], "gaz+1:" + t[2]], known) for t in set(triples)}
        gaz: list[list[str]] = [by_triple[t] for t in triples]
    else:
        gaz = [[]] * n
    title1 = known is None or "title-1" in known
    title2 = known is None or "title-2" in known
    out: list[list[str]] = []
    # the order of the attributes is the order crfsuite adds their weights in: keep it as trained
    for i, gazetteer in enumerate(gaz):
        before2, before, this, after, after2 = facts[i : i + 5]
        w = words[i + 1]
        f = this.own.copy()
        if (a := before.as_prev) is not None:
            f.append(a)
        if (a := after.as_next) is not None:
            f.append(a)
        if (a := before2.as_prev2) is not None:
            f.append(a)
        if (a := after2.as_next2) is not None:
            f.append(a)
        bigram = "w-1|w:" + words[i] + "|" + w
        if known is None or bigram in known:
            f.append(bigram)
        bigram = "w|w+1:" + w + "|" + words[i + 2]
        if known is None or bigram in known:
            f.append(bigram)
        shape_before, rest_before = before.context[0], before.context[1]
        shape_after, rest_after = after.context[2], after.context[3]
        if shape_before is not None:
            f.append(shape_before)
        if shape_after is not None:
            f.append(shape_after)
        if title1 and before.is_title:
            f.append("title-1")
        if title2 and before2.is_title:
            f.append("title-2")
        f += rest_before
        f += rest_after
        f += gazetteer
        out.append(f)
    return out
