"""The learned name transliterator: a Thai personal name in, its English spelling the way Thai officials
spell their own names out (ศรี → sri, a final ล → n, พร → porn, silent letters kept).

A linear-chain CRF (`models/name-translit/`, trained by `make name-model` from the archive's people
glossary, see `pipeline.english.transliterator_training`) gives each Thai letter the Latin letters it is
written with. Leading vowels (เ แ โ ใ ไ) are read after the consonant they precede, as they are spoken.

>>> transliterate_name("สมชาย ใจดี")  # doctest: +SKIP
'Somchai Jaidee'
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from pipeline.resources import model_file

MODEL = ("name-translit", "name-translit.crfsuite")
EMPTY = "_"  # the label of a Thai letter written with no Latin letter (tone marks, silent letters)

_THAI_WORD = re.compile(r"[\u0e01-\u0e4e]+")
_LEADING_VOWELS = frozenset("เแโใไ")
_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e4d\u0e4e")


def graphemes(word: str) -> list[str]:
    """The Thai letters of a word in spoken order: a leading vowel moves after the consonant it precedes.

    >>> graphemes("เชียน")
    ['ช', 'เ', 'ี', 'ย', 'น']
    """
    letters = list(word)
    order: list[str] = []
    i = 0
    while i < len(letters):
        if letters[i] in _LEADING_VOWELS and i + 1 < len(letters) and letters[i + 1] in _CONSONANTS:
            order += [letters[i + 1], letters[i]]
            i += 2
        else:
            order.append(letters[i])
            i += 1
    return order


def _kind(letter: str) -> str:
    if letter in _CONSONANTS:
        return "C"
    if letter in _TONES:
        return "T"
    return "V" if "\u0e30" <= letter <= "\u0e45" else "O"


def letter_features(letters: list[str]) -> list[list[str]]:
    """CRF features of each letter: itself, its neighbours to ±3, their pairs and triples, the letter kinds
    (consonant, vowel, tone or silent mark) around it, and its distance from the end of the word."""
    padded = ["^", "^", "^"] + letters + ["$", "$", "$"]
    kinds = ["^"] * 3 + [_kind(c) for c in letters] + ["$"] * 3
    rows = []
    for i in range(len(letters)):
        k = i + 3
        c, p1, p2, p3, n1, n2, n3 = padded[k], padded[k - 1], padded[k - 2], padded[k - 3], padded[k + 1], padded[k + 2], padded[k + 3]
        rows.append([
            "c=" + c, "p1=" + p1, "p2=" + p2, "p3=" + p3, "n1=" + n1, "n2=" + n2, "n3=" + n3,
            "p1c=" + p1 + c, "cn1=" + c + n1, "p2p1c=" + p2 + p1 + c, "p1cn1=" + p1 + c + n1, "cn1n2=" + c + n1 + n2,
            "cn1n2n3=" + c + n1 + n2 + n3, "p3p2p1c=" + p3 + p2 + p1 + c,
            "k=" + "".join(kinds[k - 2 : k + 3]), "kc=" + "".join(kinds[k - 1 : k + 2]) + c,
            "end=" + str(min(len(letters) - 1 - i, 3)), "start=" + str(min(i, 2)),
        ])
    return rows


WORDS = "words.tsv"  # beside the model: Thai name words seen in training and their usual spelling


def read_words(path: Path) -> dict[str, str]:
    """Thai word → English spelling, from a `words.tsv` written by training (absent file: none)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]
    return {row[0]: row[1] for row in rows[1:] if len(row) >= 2}


class NameTransliterator:
    """Spells Thai name words in Latin letters: a word seen in training keeps the spelling the government
    printed most often for it (`words.tsv` beside the model); any other word is spelled by a trained CRF.

    path: the `.crfsuite` model file.
    words: Thai word → spelling (default: the `words.tsv` beside the model).
    """

    def __init__(self, path, words: dict[str, str] | None = None) -> None:
        import pycrfsuite

        self.path = Path(path)
        self.words = read_words(self.path.with_name(WORDS)) if words is None else words
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()  # a crfsuite Tagger holds state between set and viterbi

    def word(self, word: str) -> str:
        """One Thai word, capitalised ("ศรีแก้ว" → "Srikaew")."""
        known = self.words.get(word)
        if known:
            return known
        return self.spell(word)

    def spell(self, word: str) -> str:
        """One Thai word spelled by the CRF alone, capitalised."""
        letters = graphemes(word)
        if not letters:
            return ""
        with self._lock:
            labels = self._tagger.tag(letter_features(letters))
        return "".join("" if label == EMPTY else label for label in labels).capitalize()

    def __call__(self, name: str) -> str:
        """A name (Thai words with anything else kept as it is), each Thai word spelled and capitalised."""
        return _THAI_WORD.sub(lambda m: self.word(m.group()), name).strip()


@functools.cache
def default_transliterator() -> NameTransliterator | None:
    """The bundled model (`models/name-translit/`), or None when it has not been trained."""
    path = model_file(*MODEL)
    return NameTransliterator(path) if path.exists() else None


@functools.lru_cache(maxsize=20000)
def transliterate_name(name: str) -> str | None:
    """The learned spelling of a Thai name (no title), or None without a model."""
    model = default_transliterator()
    return model(name) if model else None
