"""The learned name transliterator: a Thai personal name in, its English spelling the way Thai officials
spell their own names out (ศรี → sri, a final ล → l, พร → porn, silent letters kept).

A word seen in training keeps the spelling the government printed most often for it (`words.tsv`). Any
other word is spelled by a linear-chain CRF (`models/name-translit/`, trained by `make name-model` from the
archive's people glossary, see `pipeline.english.transliterator_training`) that gives each Thai letter the
Latin letters it is written with. Its features are the letters around it and a hint: the Latin letters
pythainlp's thai2rom writes for that letter (thai2rom's romanisation aligned to the letters with the
letter-to-letters table `rom-align.tsv`). thai2rom knows how Thai is read (the unwritten vowels, how a final
letter sounds); the CRF learns where officials write it otherwise. Leading vowels (เ แ โ ใ ไ) are read after
the consonant they precede, as they are spoken.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import threading
from pathlib import Path

from pipeline.resources import model_file

MODEL = ("name-translit", "name-translit.crfsuite")
WORDS = "words.tsv"  # beside the model: Thai name words seen in training and their usual spelling
ROM_ALIGN = "rom-align.tsv"  # beside the model: P(Latin letters | Thai letter) for thai2rom's output
EMPTY = "_"  # the label of a Thai letter written with no Latin letter (tone marks, silent letters)
SAME = "="  # the label of a Thai letter written as thai2rom writes it
MAX_CHUNK = 3  # Latin letters one Thai letter may write (ฉ → "ch", ร → "orn" in พร)
# Weight of a letter-to-letters pair never seen in training, by the number of Latin letters: one for one is
# the likeliest. It starts the alignment's EM and lets any thai2rom output align at inference.
LENGTH_PRIOR = (0.3, 1.0, 0.5, 0.2)
UNSEEN = 1e-4
SPELLED_KEPT = 50_000  # words a NameTransliterator remembers having spelled (a few MB at most)
# Beside the model: the CRF's spelling of every word of the shipped thai2rom tables (`build_spelled_table`),
# looked up instead of spelled. A cache, not data: the same spelling `spell` gives, read only when its
# fingerprint (the model, its alignment table and thai2rom's model files) is that of the model in use.
SPELLED = "spelled-words.tsv"

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


def latin_letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def align(letters: list[str], latin: str, prob: dict[tuple[str, str], float]) -> list[str] | None:
    """The likeliest monotone alignment of Thai letters to a Latin spelling (each letter writes 0 to
    MAX_CHUNK letters) under `prob`; the label of each letter (its Latin letters, or EMPTY), or None when
    the spelling cannot be split so. Ties go to the fewest Latin letters for the letter (k ascending, the
    first best kept)."""
    n, m = len(letters), len(latin)
    if isinstance(prob, SmoothedTable):
        by_letter, unseen = prob.letter_logs(), UNSEEN_LOGS
    else:
        logs = {key: math.log(p) for key, p in prob.items() if p > 0}
        by_letter, unseen = _by_letter(logs), (-math.inf,) * (MAX_CHUNK + 1)
    never = -math.inf
    none: dict[str, float] = {}
    # the Latin letters that end at j, by length k (k = 0 .. MAX_CHUNK), built once for all Thai letters
    endings = [[(k, latin[j - k : j], unseen[k]) for k in range(min(MAX_CHUNK, j) + 1)] for j in range(m + 1)]
    previous = [never] * (m + 1)
    previous[0] = 0.0
    back = []
    for i in range(1, n + 1):
        logs_here = by_letter.get(letters[i - 1], none)
        row, pointers = [never] * (m + 1), [0] * (m + 1)
        # only cells from which the rest of the letters can still write the rest of the spelling
        for j in range(max(0, m - (n - i) * MAX_CHUNK), min(m, i * MAX_CHUNK) + 1):
            best, pointer = never, 0
            for k, chunk, unseen_k in endings[j]:
                before = previous[j - k]
                if before == never:
                    continue
                score = before + logs_here.get(chunk, unseen_k)
                if score > best:
                    best, pointer = score, k
            row[j], pointers[j] = best, pointer
        back.append(pointers)
        previous = row
    if previous[m] == never:
        return None
    labels, j = [], m
    for i in range(n, 0, -1):
        k = back[i - 1][j]
        labels.append(latin[j - k : j] or EMPTY)
        j -= k
    return labels[::-1]


def _by_letter(logs: dict[tuple[str, str], float]) -> dict[str, dict[str, float]]:
    """Log probabilities keyed by Thai letter, then by Latin letters."""
    out: dict[str, dict[str, float]] = {}
    for (letter, chunk), value in logs.items():
        out.setdefault(letter, {})[chunk] = value
    return out


UNSEEN_LOGS = tuple(math.log(UNSEEN * p) for p in LENGTH_PRIOR)


class SmoothedTable(dict[tuple[str, str], float]):
    """P(Latin letters | Thai letter) with a small weight, by length, for pairs never seen."""

    def __missing__(self, key: tuple[str, str]) -> float:
        return UNSEEN * LENGTH_PRIOR[len(key[1])] if len(key[1]) <= MAX_CHUNK else 0.0

    def get(self, key: tuple[str, str], default: float | None = None) -> float:  # type: ignore[override]
        return self[key]

    def logs(self) -> dict[tuple[str, str], float]:
        """Log probabilities of the pairs seen (computed once)."""
        cached = self.__dict__.get("_logs")
        if cached is None:
            cached = self.__dict__["_logs"] = {key: math.log(p) for key, p in dict.items(self) if p > 0}
        return cached

    def letter_logs(self) -> dict[str, dict[str, float]]:
        """`logs()` keyed by Thai letter, then by Latin letters (computed once)."""
        cached = self.__dict__.get("_letter_logs")
        if cached is None:
            cached = self.__dict__["_letter_logs"] = _by_letter(self.logs())
        return cached


def _kind(letter: str) -> str:
    if letter in _CONSONANTS:
        return "C"
    if letter in _TONES:
        return "T"
    return "V" if "\u0e30" <= letter <= "\u0e45" else "O"


def letter_features(letters: list[str], hints: list[str] | None = None) -> list[list[str]]:
    """CRF features of each letter: itself, its neighbours to ±3, their pairs and triples, the letter kinds
    (consonant, vowel, tone or silent mark) around it, its distance from the end of the word, and the
    thai2rom hint (the Latin letters thai2rom writes for it and its neighbours) when given."""
    padded = ["^", "^", "^"] + letters + ["$", "$", "$"]
    kinds = ["^"] * 3 + [_kind(c) for c in letters] + ["$"] * 3
    hinted = ["^"] + list(hints) + ["$"] if hints else None
    rows = []
    for i in range(len(letters)):
        k = i + 3
        c, p1, p2, p3, n1, n2, n3 = (
            padded[k],
            padded[k - 1],
            padded[k - 2],
            padded[k - 3],
            padded[k + 1],
            padded[k + 2],
            padded[k + 3],
        )
        row = [
            "c=" + c,
            "p1=" + p1,
            "p2=" + p2,
            "p3=" + p3,
            "n1=" + n1,
            "n2=" + n2,
            "n3=" + n3,
            "p1c=" + p1 + c,
            "cn1=" + c + n1,
            "p2p1c=" + p2 + p1 + c,
            "p1cn1=" + p1 + c + n1,
            "cn1n2=" + c + n1 + n2,
            "cn1n2n3=" + c + n1 + n2 + n3,
            "p3p2p1c=" + p3 + p2 + p1 + c,
            "k=" + "".join(kinds[k - 2 : k + 3]),
            "kc=" + "".join(kinds[k - 1 : k + 2]) + c,
            "end=" + str(min(len(letters) - 1 - i, 3)),
            "start=" + str(min(i, 2)),
        ]
        if hinted:
            h, hp, hn = hinted[i + 1], hinted[i], hinted[i + 2]
            row += [
                "h=" + h,
                "hc=" + h + c,
                "hp=" + hp,
                "hn=" + hn,
                "hph=" + hp + "|" + h,
                "hhn=" + h + "|" + hn,
                "hcn1=" + h + c + n1,
                "hend=" + h + str(min(len(letters) - 1 - i, 1)),
            ]
        rows.append(row)
    return rows


def read_table(path: Path, columns: int) -> list[list[str]]:
    """Rows of a TSV written by training (comment lines start with #; the first other line is the header)."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]
    return [row for row in rows[1:] if len(row) >= columns]


def read_words(path: Path) -> dict[str, str]:
    """Thai word → English spelling, from a `words.tsv` written by training (absent file: none)."""
    return {row[0]: row[1] for row in read_table(path, 2)}


def read_rom_align(path: Path) -> SmoothedTable:
    """The thai2rom alignment table (`rom-align.tsv`: letter, Latin letters or EMPTY, probability)."""
    return SmoothedTable({(row[0], "" if row[1] == EMPTY else row[1]): float(row[2]) for row in read_table(path, 3)})


def thai2rom_hints(letters: list[str], word: str, table: dict[tuple[str, str], float]) -> list[str] | None:
    """The Latin letters thai2rom writes for each Thai letter of `word` (None when it cannot be aligned)."""
    from pipeline.english.names import romanize

    return align(letters, latin_letters(romanize(word)), table)


class NameTransliterator:
    """Spells Thai name words in Latin letters (see the module docstring).

    path: the `.crfsuite` model file; `words.tsv` and `rom-align.tsv` beside it are read when present.
    words: Thai word → spelling (default: the `words.tsv` beside the model).
    """

    def __init__(self, path: str | Path, words: dict[str, str] | None = None) -> None:
        import pycrfsuite

        self.path = Path(path)
        self.words = read_words(self.path.with_name(WORDS)) if words is None else words
        self.rom_table = read_rom_align(self.path.with_name(ROM_ALIGN))
        self.hinted = bool(self.rom_table)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()  # a crfsuite Tagger holds state between set and viterbi
        self._spelled: dict[str, str] = {}  # words spelled by the CRF so far (at most SPELLED_KEPT)
        self._table: dict[str, str] | None = None  # `SPELLED` beside the model, read on the first unknown word

    def word(self, word: str) -> str:
        """One Thai word, capitalised ("ศรีแก้ว" → "Srikaew"). A word the CRF spelled once is not spelled
        again (the same word gives the same spelling: the CRF and thai2rom are deterministic), nor one of
        the spelled-words table beside the model (`SPELLED`)."""
        known = self.words.get(word) or self._spelled.get(word)
        if known:
            return known
        if self._table is None:
            self._table = read_spelled_table(self.path)
        known = self._table.get(word)
        if known:
            return known
        spelled = self.spell(word)
        if len(self._spelled) < SPELLED_KEPT:
            self._spelled[word] = spelled
        return spelled

    def spell(self, word: str) -> str:
        """One Thai word spelled by the CRF alone, capitalised."""
        letters = graphemes(word)
        if not letters:
            return ""
        hints = thai2rom_hints(letters, word, self.rom_table) if self.hinted else None
        with self._lock:
            labels = self._tagger.tag(letter_features(letters, hints))
        if hints is None and SAME in labels:
            from pipeline.english.names import romanize

            return romanize(word)  # thai2rom's spelling could not be split letter by letter
        spelled = (hint if label == SAME else label for label, hint in zip(labels, hints or labels))
        return "".join("" if chunk == EMPTY else chunk for chunk in spelled).capitalize()

    def __call__(self, name: str) -> str:
        """A name (Thai words with anything else kept as it is), each Thai word spelled and capitalised."""
        return _THAI_WORD.sub(lambda m: self.word(m.group()), name).strip()


def spelling_fingerprint(path: Path) -> str:
    """What `spell` depends on: the model file, its `rom-align.tsv` and thai2rom's model files (through
    `romanization_cache.model_fingerprint`); first 12 hex digits of their SHA-1."""
    from pipeline.english.romanization_cache import model_fingerprint

    digest = hashlib.sha1(model_fingerprint().encode())
    for part in (path, path.with_name(ROM_ALIGN)):
        digest.update(part.name.encode())
        digest.update(part.read_bytes() if part.exists() else b"")
    return digest.hexdigest()[:12]


def read_spelled_table(path: Path) -> dict[str, str]:
    """The spelled-words table beside the model at `path` (empty when absent or made with another model)."""
    from pipeline.resources import read_word_table

    return read_word_table(path.with_name(SPELLED), lambda: spelling_fingerprint(path))


def build_spelled_table(path: Path | None = None) -> int:
    """`make translit-table`: the CRF's spelling (`spell`) of every word of the shipped thai2rom tables
    (pythainlp's name and dictionary words, the archive's name words after titles) that `words.tsv` does
    not already spell (and whose spelling is not empty), written beside the model at `path`; the number of rows."""
    from pipeline.english.romanization_cache import shipped_table
    from pipeline.resources import write_word_table

    path = Path(path or model_file(*MODEL))
    model = NameTransliterator(path)
    words = sorted(w for w in shipped_table() if _THAI_WORD.fullmatch(w) and w not in model.words)
    comment = (
        "the learned transliterator's spelling (NameTransliterator.spell) of the words of thai2rom-words.tsv and "
        "thai2rom-archive-names.tsv not in words.tsv; rebuilt by `make translit-table`"
    )
    rows = [(w, spelled) for w in words if (spelled := model.spell(w))]  # an empty spelling is spelled again
    write_word_table(path.with_name(SPELLED), comment, spelling_fingerprint(path), "spelling", rows)
    return len(rows)


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


if __name__ == "__main__":
    print(f"{build_spelled_table()} words -> {model_file(*MODEL).with_name(SPELLED)}")
