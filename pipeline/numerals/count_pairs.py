"""Count pairs: word pairs that intact text almost always separates with a number ("ผ่าน 3 ช่องทาง").

Hand lists of quantity words and classifiers miss the long tail ("จัดหา _ ล้านโดส", "ติดตาม _ จุด"). Intact
releases show it directly: for each (word before, word after) pair, how often a number stands between them
("prev ␣ 12 ␣ next") against how often they are neighbours with only a space ("prev ␣ next"). A pair almost
always separated by a number, seen adjacent in damaged text, marks a lost count. The table is data
(``corpora/numerals/count_pairs.tsv``), learned once from a training slice the evaluation never reads:

    .venv/bin/python -m pipeline.numerals.count_pairs /work/shared/corpora/thaigov-sample.jsonl.gz \\
        --offset 3000 --limit 2000 --also 6000:4000

(releases 1000–2499 and 5000–5999 are the evaluation's: never learn from them). The same table holds word
rows, ``(word, ANY_UNIT)``: a first word pooled over every listed classifier or unit after it ("เกิน _ โครงการ"),
which ``count.learned_word`` reads.

>>> pairs = CountPairs({("เดินหน้า", "ภารกิจ"): (9, 0)})
>>> pairs.separated_share("เดินหน้า", "ภารกิจ")
1.0
"""

from __future__ import annotations

import argparse
import functools
import itertools
import pathlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "ANY_UNIT", "COUNT_PAIRS_TSV", "CountPairs", "is_count_unit", "is_listed_unit", "learn_count_pairs", "load_count_pairs",
]

COUNT_PAIRS_TSV = pathlib.Path(__file__).resolve().parents[2] / "corpora" / "numerals" / "count_pairs.tsv"

_NUMBER = re.compile(r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,.]*$")
_THAI_WORD = re.compile(r"[\u0e01-\u0e4f]+$")
_KEEP_AT = 3  # pairs seen fewer times than this are not stored: too rare to judge
ANY_UNIT = "*"  # the second word of a word row: the word before any classifier or unit, pooled


@dataclass(frozen=True)
class CountPairs:
    """For each (word before, word after): (times a number stood between them, times they were adjacent)."""

    counts: dict[tuple[str, str], tuple[int, int]]

    def separated_share(self, before: str, after: str) -> float:
        """Share of the pair's occurrences in intact text with a number between the words (0.0 if unseen)."""
        separated, adjacent = self.counts.get((before, after), (0, 0))
        total = separated + adjacent
        return separated / total if total else 0.0

    def seen(self, before: str, after: str) -> int:
        return sum(self.counts.get((before, after), (0, 0)))

    def word_share(self, before: str) -> float:
        """Share of ``before``'s occurrences before any classifier or unit with a number between (word rows)."""
        return self.separated_share(before, ANY_UNIT)

    def word_seen(self, before: str) -> int:
        return self.seen(before, ANY_UNIT)

    def to_disk(self, path: pathlib.Path | str) -> None:
        lines = ["# before\tafter\tseparated\tadjacent  (pipeline/numerals/count_pairs.py; see its docstring)"]
        for (before, after), (separated, adjacent) in sorted(self.counts.items()):
            lines.append(f"{before}\t{after}\t{separated}\t{adjacent}")
        pathlib.Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, path: pathlib.Path | str) -> CountPairs:
        counts = {}
        for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            before, after, separated, adjacent = line.split("\t")
            counts[(before, after)] = (int(separated), int(adjacent))
        return cls(counts)


def _words(tokens: list[str], in_date: Callable[[int], bool]) -> Iterable[tuple[str, str, bool]]:
    """(word before, word after, separated by a number?) for each place the pattern can arise; numbers of a
    date (``in_date(token index)``) are not counts."""
    for i in range(2, len(tokens)):
        after = tokens[i]
        if not _THAI_WORD.match(after):
            continue
        if tokens[i - 1] == " " and _THAI_WORD.match(tokens[i - 2]):
            yield tokens[i - 2], after, False  # "prev ␣ next"
            continue
        # "prev ␣ 12 ␣ next" or "prev ␣ 12next": damage leaves "prev ␣ next"
        j = i - 2 if tokens[i - 1] == " " else i - 1
        if j >= 2 and _NUMBER.match(tokens[j]) and tokens[j - 1] == " " and _THAI_WORD.match(tokens[j - 2]) and not in_date(j):
            yield tokens[j - 2], after, True


def learn_count_pairs(
    texts: Iterable[str],
    is_unit: Callable[[str], bool] = lambda word: True,
    keep_at: int = _KEEP_AT,
    is_word_unit: Callable[[str], bool] | None = None,
) -> CountPairs:
    """Count, over intact ``texts``, each word pair's number-separated and adjacent occurrences; keep the pairs
    separated at least once, seen ``keep_at`` times or more, whose second word ``is_unit`` (a classifier or
    unit: "กด 1 หรือ" separates two words by a phone key, not a count).

    Word rows ``(before, ANY_UNIT)`` pool each first word over all the units after it that ``is_word_unit``
    (default ``is_unit``): "เกิน 3 วัน", "เกิน 5 คน", for words whose pairs are each too rare to judge."""
    from pipeline.dates import find_dates
    from pipeline.tokens import word_tokenize

    separated: Counter[tuple[str, str]] = Counter()
    adjacent: Counter[tuple[str, str]] = Counter()
    for text in texts:
        tokens = word_tokenize(text)
        starts = list(itertools.accumulate((len(t) for t in tokens), initial=0))
        dates = [(d.start, d.end) for d in find_dates(text)]

        def in_date(j: int) -> bool:
            return any(s <= starts[j] < e for s, e in dates)

        for before, after, by_number in _words(tokens, in_date):
            (separated if by_number else adjacent)[(before, after)] += 1
    unit = functools.cache(is_unit)
    word_unit = unit if is_word_unit is None else is_word_unit
    counts = {
        pair: (n, adjacent[pair])
        for pair, n in separated.items()
        if n + adjacent[pair] >= keep_at and unit(pair[1])
    }
    word_separated: Counter[str] = Counter()
    word_adjacent: Counter[str] = Counter()
    for (pairs, words) in ((separated, word_separated), (adjacent, word_adjacent)):
        for (before, after), n in pairs.items():
            if word_unit(after):
                words[before] += n
    for before, n in word_separated.items():
        if n + word_adjacent[before] >= keep_at:
            counts[(before, ANY_UNIT)] = (n, word_adjacent[before])
    return CountPairs(counts)


@functools.cache
def load_count_pairs(path: pathlib.Path | str | None = None) -> CountPairs:
    """The learned table, read once (default: ``corpora/numerals/count_pairs.tsv``; empty if absent)."""
    path = pathlib.Path(path) if path is not None else COUNT_PAIRS_TSV
    return CountPairs.from_disk(path) if path.exists() else CountPairs({})


@functools.cache
def _listed_units() -> frozenset[str]:
    from pipeline.numerals.templates import load_templates

    templates = load_templates()
    units = {w for t in templates if t.kind == "count" and t.detector == "missing_count" for w in t.words}
    return frozenset(units | templates.lexicon.multipliers)


def is_listed_unit(word: str) -> bool:
    """A classifier or unit the templates list, or a multiplier: the units a word row pools over (the
    tagger's reading is too loose for a rule that looks at the word before only)."""
    return word in _listed_units()


def is_count_unit(word: str) -> bool:
    """A word that counts what a number before it counts: a classifier or unit of the templates, a multiplier,
    or a word pythainlp's ORCHID tagger reads as a classifier after a number."""
    from pipeline.numerals.detectors import tagged_as_classifier
    from pipeline.numerals.templates import load_templates

    templates = load_templates()
    units = {w for t in templates if t.kind == "count" and t.detector == "missing_count" for w in t.words}
    return word in units or word in templates.lexicon.multipliers or tagged_as_classifier(word)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Learn count pairs from intact releases (a JSONL sample).")
    parser.add_argument("sample")
    parser.add_argument("--offset", type=int, default=3000)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument(
        "--also", action="append", default=[], metavar="OFFSET:LIMIT", help="another slice to learn from (repeatable)"
    )
    parser.add_argument("--out", default=str(COUNT_PAIRS_TSV))
    args = parser.parse_args(argv)

    from pipeline.evaluation.samples import read_sample
    from pipeline.normalize import normalize

    slices = [(args.offset, args.limit)] + [tuple(map(int, s.split(":"))) for s in args.also]
    records = [r for offset, limit in slices for r in read_sample(args.sample, offset=offset, limit=limit)]
    pairs = learn_count_pairs((normalize(r["text"]).text for r in records), is_count_unit, is_word_unit=is_listed_unit)
    pairs.to_disk(args.out)
    words = sum(after == ANY_UNIT for _, after in pairs.counts)
    print(f"{len(pairs.counts) - words} pairs and {words} word rows from {len(records)} releases -> {args.out}")


if __name__ == "__main__":
    main()
