"""Count pairs: word pairs that intact text almost always separates with a number ("ผ่าน 3 ช่องทาง").

Hand lists of quantity words and classifiers miss the long tail ("จัดหา _ ล้านโดส", "ติดตาม _ จุด"). Intact
releases show it directly: for each (word before, word after) pair, how often a number stands between them
("prev ␣ 12 ␣ next") against how often they are neighbours with only a space ("prev ␣ next"). A pair almost
always separated by a number, seen adjacent in damaged text, marks a lost count. The table is data
(``corpora/numerals/count_pairs.tsv``), learned once from a training slice the evaluation never reads:

    .venv/bin/thaipress train pairs ../shared/corpora/thaigov-sample.jsonl.gz    # or: make count-pairs

(releases 1000–2499 and 5000–5999 are the evaluation's: never learn from them). The same table holds word
rows, ``(word, ANY_UNIT)``: a first word pooled over every listed classifier or unit after it ("เกิน _ โครงการ"),
which ``count.learned_word`` reads, and unit rows, ``(ANY_UNIT, word)``: a second word pooled over every word
before it ("ดำเนินคดีอาญา _ คดี"), which ``count.learned_unit`` reads as a learned classifier list, and tail
rows, ``(classifier, "+word")``: a classifier glued to the word after it ("_ จังหวัดนำร่อง"), which
``count.learned_tail`` reads, and ordinal rows,
``(word, ORDINAL)``: a word glued before ที่ followed by a number ("ไตรมาสที่ 2") or by a word, which
``ordinal.learned`` reads as a list of ordinal markers.

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.dates import find_dates
from pipeline.evaluation.samples import parse_slice, read_slices
from pipeline.normalize import normalize
from pipeline.numerals.lexicon import is_count_unit, is_listed_unit
from pipeline.resources import corpus_file
from pipeline.tokens import word_tokenize

__all__ = [
    "ANY_UNIT",
    "ORDINAL",
    "TAIL",
    "TRAINING_SLICES",
    "CountPairs",
    "learn_count_pairs",
    "learn_count_pairs_on_sample",
    "load_count_pairs",
]


def count_pairs_file() -> pathlib.Path:
    """Where the learned table lives: ``corpora/numerals/count_pairs.tsv`` (under ``THAIPRESS_HOME`` if set)."""
    return corpus_file("numerals", "count_pairs.tsv")


_NUMBER = re.compile(r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,.]*$")
_THAI_WORD = re.compile(r"[\u0e01-\u0e4f]+$")
_KEEP_AT = 3  # pairs seen fewer times than this are not stored: too rare to judge
ANY_UNIT = "*"  # the second word of a word row (any unit after), or the first of a unit row (any word before)
TAIL = "+"  # marks the second word of a tail row: the word glued after a classifier ("จังหวัด", "+นำร่อง")
_UNIT_KEEP_AT = 10  # unit rows seen fewer times than this are not stored
ORDINAL = "#ที่"  # the second word of an ordinal row: the word glued before ที่ ("กลุ่ม", "#ที่": "กลุ่มที่ 3")


@dataclass(frozen=True)
class CountPairs:
    """For each (word before, word after): (times a number stood between them, times they were adjacent)."""

    counts: dict[tuple[str, str], tuple[int, int]]
    _units: dict[tuple[float, int], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _ordinals: dict[tuple[float, int], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _qualifying: dict[tuple[float, int], frozenset[tuple[str, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

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

    def unit_share(self, after: str) -> float:
        """Share of ``after``'s occurrences after a word and a space with a number between (unit rows)."""
        return self.separated_share(ANY_UNIT, after)

    def unit_seen(self, after: str) -> int:
        return self.seen(ANY_UNIT, after)

    def tail_share(self, unit: str, tail: str) -> float:
        """Share of ``unit`` glued to ``tail`` after a word and a space with a number before it (tail rows)."""
        return self.separated_share(unit, TAIL + tail)

    def tail_seen(self, unit: str, tail: str) -> int:
        return self.seen(unit, TAIL + tail)

    def qualifying(self, min_share: float, min_seen: int) -> frozenset[tuple[str, str]]:
        """The rows (pairs, and word, unit, tail and ordinal rows alike) seen ``min_seen`` or more times with a
        number between in at least ``min_share`` of them: ``key in pairs.qualifying(share, seen)`` is
        ``pairs.seen(*key) >= seen and pairs.separated_share(*key) >= share``, one set lookup for the two.
        Computed once per table and thresholds (the learned count detectors ask at every gap of every release).
        ``min_seen`` must be at least 1: with 0, every unseen pair would qualify."""
        if min_seen < 1:
            raise ValueError(f"min_seen must be at least 1, not {min_seen}")
        key = (min_share, min_seen)
        if key not in self._qualifying:
            self._qualifying[key] = frozenset(
                pair
                for pair, (separated, adjacent) in self.counts.items()
                if separated + adjacent >= min_seen and separated / (separated + adjacent) >= min_share
            )
        return self._qualifying[key]

    def learned_ordinals(self, min_share: float, min_seen: int) -> frozenset[str]:
        """The words that, glued before ที่, intact releases follow with a number in at least ``min_share`` of
        their ``min_seen`` or more occurrences ("ไตรมาสที่ 2", "กลุ่มที่ 3"): ordinal markers learned from text.
        Computed once per table and thresholds (the ordinal detector asks for every release)."""
        key = (min_share, min_seen)
        if key not in self._ordinals:
            self._ordinals[key] = frozenset(
                before
                for (before, after), (separated, adjacent) in self.counts.items()
                if after == ORDINAL
                and separated + adjacent >= min_seen
                and separated >= min_share * (separated + adjacent)
            )
        return self._ordinals[key]

    def learned_units(self, min_share: float, min_seen: int) -> frozenset[str]:
        """The words that follow a number in at least ``min_share`` of their ``min_seen`` or more occurrences
        after a word and a space: a classifier list learned from intact text ("คดี", "เม็ด", "ขวบ")."""
        key = (min_share, min_seen)
        if key not in self._units:
            self._units[key] = frozenset(
                after
                for (before, after), (separated, adjacent) in self.counts.items()
                if before == ANY_UNIT
                and separated + adjacent >= min_seen
                and separated >= min_share * (separated + adjacent)
            )
        return self._units[key]

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


def _word_before(tokens: list[str], i: int, in_date: Callable[[int], bool]) -> tuple[str, bool] | None:
    """The Thai word before ``tokens[i]`` and whether a number stood between them: across a space ("prev ␣
    next": False), or across a number that is no date's ("prev ␣ 12 ␣ next" or "prev ␣ 12next", which damage
    leaves as "prev ␣ next": True); None when neither."""
    if tokens[i - 1] == " " and _THAI_WORD.match(tokens[i - 2]):
        return tokens[i - 2], False
    j = i - 2 if tokens[i - 1] == " " else i - 1
    if (
        j >= 2
        and _NUMBER.match(tokens[j])
        and tokens[j - 1] == " "
        and _THAI_WORD.match(tokens[j - 2])
        and not in_date(j)
    ):
        return tokens[j - 2], True
    return None


def _words(tokens: list[str], in_date: Callable[[int], bool]) -> Iterable[tuple[str, str, bool]]:
    """(word before, word after, separated by a number?) for each place the pattern can arise; numbers of a
    date (``in_date(token index)``) are not counts."""
    for i in range(2, len(tokens)):
        after = tokens[i]
        if not _THAI_WORD.match(after):
            continue
        found = _word_before(tokens, i, in_date)
        if found is not None:
            yield found[0], after, found[1]


def _tails(tokens: list[str], in_date: Callable[[int], bool]) -> Iterable[tuple[str, str, bool]]:
    """(classifier, word glued after it, after a number?) for each place "prev ␣ unittail" can arise: after a
    word and a space ("prev ␣ จังหวัดนำร่อง") or after a number ("prev ␣ 5 ␣ จังหวัดนำร่อง")."""
    for i in range(2, len(tokens) - 1):
        unit, tail = tokens[i], tokens[i + 1]
        if not _THAI_WORD.match(unit) or not _THAI_WORD.match(tail):
            continue
        found = _word_before(tokens, i, in_date)
        if found is not None:
            yield unit, tail, found[1]


def _ordinals(tokens: list[str], in_date: Callable[[int], bool]) -> Iterable[tuple[str, bool]]:
    """(word glued before ที่, a number after it?) for each "wordที่ ␣ 3" (yes) or "wordที่ ␣ word" (no); the
    days of dates ("วันที่ 5") are not ordinals."""
    for i in range(1, len(tokens) - 2):
        if tokens[i] != "ที่" or not _THAI_WORD.match(tokens[i - 1]):
            continue
        j = i + 2 if tokens[i + 1] == " " else i + 1
        if j >= len(tokens):
            continue
        if _NUMBER.match(tokens[j]) and not in_date(j):
            yield tokens[i - 1], True
        elif tokens[i + 1] == " " and _THAI_WORD.match(tokens[j]):
            yield tokens[i - 1], False


def learn_count_pairs(
    texts: Iterable[str],
    is_unit: Callable[[str], bool] = lambda word: True,
    keep_at: int = _KEEP_AT,
    is_word_unit: Callable[[str], bool] | None = None,
    unit_keep_at: int = _UNIT_KEEP_AT,
) -> CountPairs:
    """Count, over intact ``texts``, each word pair's number-separated and adjacent occurrences; keep the pairs
    separated at least once, seen ``keep_at`` times or more, whose second word ``is_unit`` (a classifier or
    unit: "กด 1 หรือ" separates two words by a phone key, not a count).

    Word rows ``(before, ANY_UNIT)`` pool each first word over all the units after it that ``is_word_unit``
    (default ``is_unit``): "เกิน 3 วัน", "เกิน 5 คน", for words whose pairs are each too rare to judge.

    Unit rows ``(ANY_UNIT, after)`` pool each second word over every word before it, listed or not: a
    classifier list learned from the text ("ดำเนินคดี 3 คดี"). Only words seen ``unit_keep_at`` times or more
    and separated at least half the time are stored (the rest could never qualify as a classifier).

    Tail rows ``(classifier, TAIL + word)`` count a word glued after the second word ("จังหวัด", "+นำร่อง"):
    after a number ("เปิด 5 จังหวัดนำร่อง") against after a word and a space ("ต่างชาติ จังหวัดนำร่อง"),
    stored when seen ``keep_at`` times or more and after a number at least half the time."""
    separated: Counter[tuple[str, str]] = Counter()
    adjacent: Counter[tuple[str, str]] = Counter()
    for text in texts:
        tokens = word_tokenize(text)
        starts = list(itertools.accumulate((len(t) for t in tokens), initial=0))
        dates = [(d.start, d.end) for d in find_dates(text)]

        def in_date(j: int, starts: list[int] = starts, dates: list[tuple[int, int]] = dates) -> bool:
            return any(s <= starts[j] < e for s, e in dates)

        for before, after, by_number in _words(tokens, in_date):
            (separated if by_number else adjacent)[(before, after)] += 1
        for unit, tail, by_number in _tails(tokens, in_date):
            (separated if by_number else adjacent)[(unit, TAIL + tail)] += 1
        for word, by_number in _ordinals(tokens, in_date):
            (separated if by_number else adjacent)[(word, ORDINAL)] += 1
    unit = functools.cache(is_unit)
    word_unit = unit if is_word_unit is None else is_word_unit
    counts = {
        pair: (n, adjacent[pair])
        for pair, n in separated.items()
        if n + adjacent[pair] >= keep_at
        and (n >= adjacent[pair] if pair[1].startswith(TAIL) or pair[1] == ORDINAL else unit(pair[1]))
    }
    word_separated: Counter[str] = Counter()
    word_adjacent: Counter[str] = Counter()
    for pairs, words in ((separated, word_separated), (adjacent, word_adjacent)):
        for (before, after), n in pairs.items():
            if not after.startswith(TAIL) and after != ORDINAL and word_unit(after):
                words[before] += n
    for before, n in word_separated.items():
        if n + word_adjacent[before] >= keep_at:
            counts[(before, ANY_UNIT)] = (n, word_adjacent[before])
    unit_separated: Counter[str] = Counter()
    unit_adjacent: Counter[str] = Counter()
    for pairs, units in ((separated, unit_separated), (adjacent, unit_adjacent)):
        for (_, after), n in pairs.items():
            if not after.startswith(TAIL) and after != ORDINAL:
                units[after] += n
    for after, n in unit_separated.items():
        if n + unit_adjacent[after] >= unit_keep_at and n >= unit_adjacent[after]:
            counts[(ANY_UNIT, after)] = (n, unit_adjacent[after])
    return CountPairs(counts)


@functools.cache
def load_count_pairs(path: pathlib.Path | str | None = None) -> CountPairs:
    """The learned table, read once (default: ``corpora/numerals/count_pairs.tsv``; empty if absent)."""
    path = pathlib.Path(path) if path is not None else count_pairs_file()
    return CountPairs.from_disk(path) if path.exists() else CountPairs({})


TRAINING_SLICES = ((3000, 2000), (6000, 4000))  # (offset, limit) of the sample; the evaluation never reads these


def learn_count_pairs_on_sample(
    sample: str | pathlib.Path,
    out_path: str | pathlib.Path | None = None,
    slices: Sequence[tuple[int, int]] = TRAINING_SLICES,
) -> dict:
    """Learn the table from ``slices`` of a JSONL sample of intact releases, normalised as the pipeline
    normalises, and write it (default: ``corpora/numerals/count_pairs.tsv``); a summary of what was learned."""
    out_path = out_path or count_pairs_file()
    records = read_slices(sample, slices)
    pairs = learn_count_pairs((normalize(r["text"]).text for r in records), is_count_unit, is_word_unit=is_listed_unit)
    pairs.to_disk(out_path)
    words = sum(after == ANY_UNIT for _, after in pairs.counts)
    units = sum(before == ANY_UNIT for before, _ in pairs.counts)
    tails = sum(after.startswith(TAIL) for _, after in pairs.counts)
    ordinals = sum(after == ORDINAL for _, after in pairs.counts)
    return {
        "releases": len(records),
        "pairs": len(pairs.counts) - words - units - tails - ordinals,
        "word_rows": words,
        "unit_rows": units,
        "tail_rows": tails,
        "ordinal_rows": ordinals,
        "table": str(out_path),
        "slices": [f"{offset}:{limit}" for offset, limit in slices],
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.numerals.count_pairs SAMPLE [--offset N --limit N] [--also OFFSET:LIMIT]``
    (``thaipress train pairs`` does the same)."""
    parser = argparse.ArgumentParser(description="Learn count pairs from intact releases (a JSONL sample).")
    parser.add_argument("sample")
    parser.add_argument("--offset", type=int, default=3000)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument(
        "--also", action="append", default=[], metavar="OFFSET:LIMIT", help="another slice to learn from (repeatable)"
    )
    parser.add_argument("--out", default=None, help="default: corpora/numerals/count_pairs.tsv")
    args = parser.parse_args(argv)
    slices = [(args.offset, args.limit)] + [parse_slice(s) for s in args.also]
    summary = learn_count_pairs_on_sample(args.sample, args.out, slices)
    print(
        f"{summary['pairs']} pairs, {summary['word_rows']} word rows, {summary['unit_rows']} unit rows, "
        f"{summary['tail_rows']} tail rows and {summary['ordinal_rows']} ordinal rows from {summary['releases']} "
        f"releases -> {summary['table']}"
    )


if __name__ == "__main__":
    main()
