"""Training and measuring the learned name transliterator (`pipeline.english.transliterator`).

1. Name pairs come from the people glossary mined from the archive (`corpora/glossary/people.tsv`): the Thai
   name without its title and the English the government prints, split into words (given name, surname);
   a person whose Thai and English have different word counts is left out.
2. Persons are split by a hash of the Thai name: held out iff sha1(name) % 5 == 0 (never trained on).
3. Each Thai word is aligned letter by letter to its English spelling by expectation maximisation (every
   letter writes 0 to 3 Latin letters; `align_pairs`), and a CRF learns the aligned labels from the
   letters around each letter.
4. `evaluate` spells the held-out persons with the model and with thai2rom, in the same run: the share
   within 0.85 similarity (difflib ratio, case-insensitive) and the share spelled exactly.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.english.transliterator import (
    EMPTY,
    LENGTH_PRIOR,
    MAX_CHUNK,
    MODEL,
    ROM_ALIGN,
    SAME,
    WORDS,
    NameTransliterator,
    align,
    graphemes,
    latin_letters,
    letter_features,
    read_rom_align,
)
from pipeline.resources import model_file

EM_ITERATIONS = 8
# EM starts from LENGTH_PRIOR (one letter for one letter is the likeliest): from a uniform start it may
# settle on "ศรี" = "", "", "sri", which explains the data as well.
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": False}
CLOSE = 0.85

_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*$")


@dataclass(frozen=True)
class NamePair:
    thai: tuple[str, ...]  # the Thai name's words, no title
    english: tuple[str, ...]  # the government's English, word for word

    @property
    def person(self) -> str:
        return "".join(self.thai)


def held_out(pair: NamePair) -> bool:
    """The split by person: held out iff sha1 of the Thai name (no spaces) is 0 mod 5."""
    return int(hashlib.sha1(pair.person.encode("utf-8")).hexdigest(), 16) % 5 == 0


def name_pair(thai: str, english: str) -> NamePair | None:
    """A pair of title-less names split into words, or None when they do not pair word for word."""
    thai_words = tuple(thai.split())
    english_words = tuple(english.split())
    if not thai_words or len(thai_words) != len(english_words):
        return None
    if not all(_THAI_WORD.match(w) for w in thai_words) or not all(_LATIN_WORD.match(w) for w in english_words):
        return None
    return NamePair(thai_words, english_words)


def read_name_pairs(path: Path) -> list[NamePair]:
    """The distinct name pairs of a people glossary (`pipeline.english.glossary.read_people`), one per
    person: its main spelling."""
    from pipeline.english.glossary import read_people

    seen: dict[str, NamePair] = {}
    for entry in read_people(path):
        pair = name_pair(entry.name, entry.english_name)
        if pair is not None:
            seen.setdefault(pair.person, pair)
    return [seen[k] for k in sorted(seen)]


def word_pairs(pairs: list[NamePair]) -> list[tuple[list[str], str]]:
    """(Thai letters in spoken order, lower-case Latin letters) for every word of every pair."""
    out = []
    for pair in pairs:
        for thai, english in zip(pair.thai, pair.english):
            latin = latin_letters(english)
            if latin and len(latin) <= MAX_CHUNK * len(graphemes(thai)):
                out.append((graphemes(thai), latin))
    return out


def align_pairs(words: list[tuple[list[str], str]], iterations: int = EM_ITERATIONS) -> list[list[str]]:
    """The label (Latin letters, or EMPTY) of each Thai letter of each word: the most likely monotone
    alignment under letter-to-letters probabilities learned by expectation maximisation from all words."""
    prob = alignment_table(words, iterations)
    return [align(letters, latin, prob) or [EMPTY] * len(letters) for letters, latin in words]


def alignment_table(
    words: list[tuple[list[str], str]], iterations: int = EM_ITERATIONS
) -> dict[tuple[str, str], float]:
    """P(Latin letters | Thai letter), learned by expectation maximisation over the words' alignments."""
    prob: dict[tuple[str, str], float] = _LengthPrior()
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        for letters, latin in words:
            alpha, beta = _forward(letters, latin, prob), _backward(letters, latin, prob)
            total = alpha[len(letters)][len(latin)]
            if total <= 0:
                continue
            for i, letter in enumerate(letters, 1):
                for j in range(len(latin) + 1):
                    if beta[i][j] == 0:
                        continue
                    for k in range(min(MAX_CHUNK, j) + 1):
                        a = alpha[i - 1][j - k]
                        if a:
                            chunk = latin[j - k : j]
                            counts[(letter, chunk)] += a * prob[(letter, chunk)] * beta[i][j] / total
        totals: dict[str, float] = defaultdict(float)
        for (letter, _chunk), value in counts.items():
            totals[letter] += value
        prob = defaultdict(float, {key: value / totals[key[0]] for key, value in counts.items()})
    return dict(prob)


class _LengthPrior(dict[tuple[str, str], float]):
    def __missing__(self, key: tuple[str, str]) -> float:
        return LENGTH_PRIOR[len(key[1])]


def _forward(letters: list[str], latin: str, prob: dict[tuple[str, str], float]) -> list[list[float]]:
    n, m = len(letters), len(latin)
    alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
    alpha[0][0] = 1.0
    for i in range(1, n + 1):
        letter = letters[i - 1]
        row, previous = alpha[i], alpha[i - 1]
        for j in range(m + 1):
            row[j] = sum(
                previous[j - k] * prob[(letter, latin[j - k : j])]
                for k in range(min(MAX_CHUNK, j) + 1)
                if previous[j - k]
            )
    return alpha


def _backward(letters: list[str], latin: str, prob: dict[tuple[str, str], float]) -> list[list[float]]:
    n, m = len(letters), len(latin)
    beta = [[0.0] * (m + 1) for _ in range(n + 1)]
    beta[n][m] = 1.0
    for i in range(n - 1, -1, -1):
        letter = letters[i]
        row, following = beta[i], beta[i + 1]
        for j in range(m + 1):
            row[j] = sum(
                prob[(letter, latin[j : j + k])] * following[j + k]
                for k in range(min(MAX_CHUNK, m - j) + 1)
                if following[j + k]
            )
    return beta


def _spoken_to_written(letters: list[str]) -> list[str]:
    """`graphemes` undone: a leading vowel back before its consonant."""
    from pipeline.english.transliterator import _LEADING_VOWELS

    out = list(letters)
    for i in range(1, len(out)):
        if out[i] in _LEADING_VOWELS and out[i - 1] not in _LEADING_VOWELS:
            out[i - 1], out[i] = out[i], out[i - 1]
    return out


def write_rom_align(table: dict[tuple[str, str], float], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# P(Latin letters | Thai letter) in thai2rom's romanisations of the training words (EM alignment).\n"
        )
        handle.write("thai\tlatin\tprobability\n")
        for (letter, chunk), p in sorted(table.items()):
            if p >= 1e-4:
                handle.write(f"{letter}\t{chunk or EMPTY}\t{p:.4f}\n")


def word_spellings(pairs: list[NamePair]) -> dict[str, tuple[str, int]]:
    """Thai name word → (its most frequent English spelling over the persons, how many persons spell it so)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pair in pairs:
        for thai, english in zip(pair.thai, pair.english):
            counts[thai][english[:1].upper() + english[1:]] += 1
    return {thai: min(spellings.items(), key=lambda item: (-item[1], item[0])) for thai, spellings in counts.items()}


def train(people: Path, out: Path | None = None, *, hold_out: bool = True) -> dict[str, Any]:
    """Train the transliterator on the development persons of a people glossary (every person with
    `hold_out=False`); write the model, its `words.tsv`, `rom-align.tsv` and a `training.json` beside it;
    return that summary."""
    import pycrfsuite

    from pipeline.english.names import romanize

    pairs = read_name_pairs(people)
    development = [p for p in pairs if not (hold_out and held_out(p))]
    words = word_pairs(development)
    out = Path(out or model_file(*MODEL))
    out.parent.mkdir(parents=True, exist_ok=True)
    romanised = [(letters, latin_letters(romanize("".join(_spoken_to_written(letters))))) for letters, _ in words]
    # One table aligns both spellings, so that the official one and thai2rom's split the same way.
    write_rom_align(alignment_table(words + romanised), out.with_name(ROM_ALIGN))
    table = read_rom_align(out.with_name(ROM_ALIGN))  # the rounded table inference reads
    trainer = pycrfsuite.Trainer(verbose=False)
    hinted, labels = 0, []
    for (letters, latin), (_, rom) in zip(words, romanised):
        hints = align(letters, rom, table)
        sequence = align(letters, latin, table) or [EMPTY] * len(letters)
        if hints is not None:
            hinted += 1
            sequence = [SAME if label == hint else label for label, hint in zip(sequence, hints)]
        labels.append(sequence)
        trainer.append(letter_features(letters, hints), sequence)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(out))
    spellings = word_spellings(development)
    with open(out.with_name(WORDS), "w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Thai name words of the training persons and the spelling printed most often (ties: alphabetical).\n"
        )
        handle.write("thai\tenglish\tpersons\n")
        for thai in sorted(spellings):
            handle.write(f"{thai}\t{spellings[thai][0]}\t{spellings[thai][1]}\n")
    summary = {
        "data": str(people.name),
        "data_sha1": hashlib.sha1(people.read_bytes()).hexdigest(),
        "persons": len(pairs),
        "persons_trained": len(development),
        "persons_held_out": len(pairs) - len(development),
        "words_trained": len(spellings),  # as recorded in training.json (the distinct words, not their uses)
        "labels": len({label for sequence in labels for label in sequence}),
        "words_known": len(spellings),
        "words_with_thai2rom_hint": hinted,
        "em_iterations": EM_ITERATIONS,
        "length_prior": LENGTH_PRIOR,
        "max_chunk": MAX_CHUNK,
        "crf": CRF_PARAMS,
    }
    out.with_name("training.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return summary


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


@dataclass
class SpellingScores:
    system: str
    names: int = 0
    close: int = 0
    exact: int = 0

    def add(self, guess: str, truth: str) -> None:
        self.names += 1
        self.close += similarity(guess, truth) >= CLOSE
        self.exact += guess.lower() == truth.lower()

    def as_dict(self) -> dict[str, Any]:
        n = max(self.names, 1)
        return {
            "system": self.system,
            "names": self.names,
            f"within_{CLOSE}": round(self.close / n, 3),
            "exact": round(self.exact / n, 3),
        }


def evaluate(people: Path, model: Path | None = None, *, split: str = "held-out") -> dict[str, Any]:
    """Spell the persons of one split with the learned model and with thai2rom, in the same run."""
    from pipeline.english.names import romanize

    transliterator = NameTransliterator(model or model_file(*MODEL))
    pairs = [p for p in read_name_pairs(people) if held_out(p) == (split == "held-out")]
    learned, thai2rom = SpellingScores("learned (models/name-translit)"), SpellingScores("thai2rom (pythainlp)")
    crf_alone = SpellingScores("learned, CRF alone (no known words)")
    tokens = {
        "learned": SpellingScores("learned, per word"),
        "thai2rom": SpellingScores("thai2rom, per word"),
        "crf": SpellingScores("learned CRF alone, per word"),
    }
    examples: list[dict[str, str]] = []
    for pair in pairs:
        thai, truth = " ".join(pair.thai), " ".join(pair.english)
        guess = transliterator(thai)
        learned.add(guess, truth)
        crf_alone.add(" ".join(transliterator.spell(w) for w in pair.thai), truth)
        thai2rom.add(romanize(thai), truth)
        for word, english in zip(pair.thai, pair.english):
            tokens["learned"].add(transliterator.word(word), english)
            tokens["thai2rom"].add(romanize(word), english)
            tokens["crf"].add(transliterator.spell(word), english)
        if len(examples) < 10 and guess.lower() != truth.lower():
            examples.append({"thai": thai, "government": truth, "learned": guess, "thai2rom": romanize(thai)})
    return {
        "split": split,
        "persons": len(pairs),
        "scores": [learned.as_dict(), thai2rom.as_dict(), crf_alone.as_dict()],
        "per_word": [t.as_dict() for t in tokens.values()],
        "misses": examples,
    }
