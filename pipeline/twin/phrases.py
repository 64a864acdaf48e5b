"""Learn from paired releases what a figure measures: the same number in the Thai release and its English twin
anchors a pair of phrases, the Thai words before it and the English words before it ("มูลค่าการส่งออก" <->
"export value"), and the units after it ("ราย" <-> "cases").

``python -m pipeline.twin.phrases PAIRS ARCHIVE`` (``make twin-phrases``) writes, from the development pairs
only (the shared split: held-out iff sha1(en_id) % 5 == 0), ``corpora/twin/figure_phrases.tsv`` and
``corpora/twin/unit_pairs.tsv``: each pair with its support (how many anchored figures) and one release pair
it came from (provenance).
"""

from __future__ import annotations

import argparse
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.normalize import arabic_digits, normalize
from pipeline.resources import corpus_file, read_tsv
from pipeline.twin.english import EnglishFigure
from pipeline.twin.english import figures as english_figures

__all__ = [
    "learn",
    "learn_nouns",
    "noun_pairs",
    "figure_phrases",
    "thai_phrase_before",
    "thai_run_before",
    "english_phrase_before",
]

_THAI_NUMBER = re.compile(r"(?<![0-9.,/:])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![0-9/:])")
# words between a measure and its number that are not part of the measure
_THAI_GLUE = (
    "จำนวน",
    "อยู่ที่",
    "รวม",
    "ประมาณ",
    "กว่า",
    "มี",
    "เป็น",
    "ทั้งสิ้น",
    "ทั้งหมด",
    "เพิ่มขึ้น",
    "ลดลง",
    "ที่",
    "คิดเป็น",
    "ไม่เกิน",
    "วงเงิน",
    "ละ",
)
_EN_GLUE = frozenset(
    "at of to by is was were are be stood amounted totaled totalled reached totaling totalling the a an with about "
    "approximately around over more than for usd thb us$ baht some up rose fell increased decreased grew by of "
    "has have had amounting worth valued nearly almost least".split()
)
# words a measure's English does not end with
_EN_NOT_LAST = frozenset("and or which there reported among including total while as in on from".split())
_EN_WORD = re.compile(r"[a-z][a-z-]*")
_THAI_WORDS = re.compile(r"[\u0e01-\u0e4e]+")
MIN_SUPPORT = 3


def thai_phrase_before(text: str, at: int) -> str:
    """The Thai words naming what the number at ``at`` measures: the Thai run right before it, without the
    glue words ("มูลค่าการส่งออกอยู่ที่ 1,234" -> "มูลค่าการส่งออก")."""
    before = text[max(0, at - 40) : at].rstrip(" ")
    m = _THAI_RUN_END.search(before)
    if not m:
        return ""
    return _phrase_of_run(m.group())


def thai_run_before(text: str, at: int) -> str:
    """The Thai run right before ``at`` without its glue words ("" when too short to name a measure):
    `thai_phrase_before` is its last whole words, so a phrase can end only as this run ends (a caller that
    wants only some endings looks here first, without tokenising)."""
    before = text[max(0, at - 40) : at].rstrip(" ")
    m = _THAI_RUN_END.search(before)
    return _stripped_run(m.group()) if m else ""


_THAI_RUN_END = re.compile(r"[\u0e01-\u0e4e]+$")


@functools.lru_cache(maxsize=16384)
def _stripped_run(run: str) -> str:
    """A Thai run without the glue words at its end; "" when what is left is a glue word or under 4 letters."""
    changed = True
    while changed:
        changed = False
        for glue in _THAI_GLUE:
            if run.endswith(glue) and len(run) > len(glue):
                run, changed = run[: -len(glue)], True
    if run in _THAI_GLUE or len(run) < 4:
        return ""
    return run


@functools.lru_cache(maxsize=16384)  # the same runs ("มูลค่าการส่งออกอยู่ที่") come back release after release
def _phrase_of_run(run: str) -> str:
    """`thai_phrase_before` of a Thai run: the glue words stripped from its end, then its last whole words."""
    run = _stripped_run(run)
    if not run:
        return ""
    from pipeline.tokens import word_tokenize

    words = word_tokenize(run)
    phrase = ""
    for word in reversed(words):  # whole words from the end, at most 18 characters
        if len(phrase) + len(word) > 18:
            break
        phrase = word + phrase
    return phrase if len(phrase) >= 4 else ""


def english_phrase_before(before: str) -> str:
    """The English words naming a figure, from the words before it ("export value stood at" -> "export value")."""
    words = re.split(r"[,;:()\[\]]", before.lower())[-1].split()
    if not words or words[-1] in ("and", "or", "while", "with", "plus"):
        return ""  # "12 deaths and 2,000 recoveries": the words before belong to the figure before
    while words and (words[-1] in _EN_GLUE or not _EN_WORD.fullmatch(words[-1])):
        words.pop()
    phrase: list[str] = []
    for word in reversed(words):
        if not _EN_WORD.fullmatch(word) or word in _EN_GLUE or len(phrase) == 3:
            break
        phrase.insert(0, word)
    while phrase and phrase[-1] in _EN_NOT_LAST:
        phrase.pop()
    while phrase and phrase[0] in _EN_NOT_LAST:
        phrase.pop(0)
    return " ".join(phrase)


def _thai_unit(text: str, end: int) -> str:
    from pipeline.twin.restore import thai_scale_after

    _factor, rest = thai_scale_after(text, end)
    m = _THAI_WORDS.match(rest)
    if not m:
        return ""
    from pipeline.tokens import word_tokenize

    return word_tokenize(m.group())[0]


def _anchored(thai: str, english: str) -> Iterable[tuple[float, int, int, bool, EnglishFigure]]:
    """(value, Thai start, Thai end, is a percentage, English figure) for each value (10 or more, or a
    percentage) that the Thai text (digits in Arabic) and the English each state exactly once."""
    from pipeline.twin.restore import thai_scale_after

    figs = [f for f in english_figures(english) if f.kind in ("number", "percent")]
    en_count = Counter(round(f.value, 4) for f in figs)
    en_at = {round(f.value, 4): f for f in figs if en_count[round(f.value, 4)] == 1}
    found = []
    for m in _THAI_NUMBER.finditer(thai):
        value = float(m.group(1).replace(",", ""))
        factor, _rest = thai_scale_after(thai, m.end())
        percent = thai[max(0, m.start() - 8) : m.start()].rstrip().endswith("ร้อยละ")
        found.append((round(value * (1 if percent else factor), 4), m.start(), m.end(), percent))
    th_count = Counter(v for v, *_ in found)
    for value, start, end, percent in found:
        if th_count[value] != 1 or value not in en_at or (value < 10 and not percent):
            continue
        figure = en_at[value]
        if (figure.kind == "percent") == percent:
            yield value, start, end, percent, figure


_THAI_RANK = re.compile(r"([\u0e01-\u0e4e]+)ที่ ?(\d{1,3})(?![0-9.,/:])")


def _anchored_ranks(thai: str, english: str) -> Iterable[tuple[int, EnglishFigure]]:
    """(Thai offset of the word before ที่, English figure) for each rank (ครั้งที่ 38, "the 38th") stated once
    on each side (values 2 and more)."""
    from pipeline.twin.english import ranks

    figs = [f for f in english_figures(english) if ranks(f)]
    en_count = Counter(f.value for f in figs)
    found = [(float(m.group(2)), m.start(2) - 0) for m in _THAI_RANK.finditer(thai)]
    th_count = Counter(v for v, _s in found)
    for value, start in found:
        if value >= 2 and th_count[value] == 1 and en_count[value] == 1:
            yield start, next(f for f in figs if f.value == value)


def learn(
    pairs: Iterable[tuple[str, str, str]],
) -> tuple[dict[tuple[str, str], list[Any]], dict[tuple[str, str], list[Any]]]:
    """(phrase pairs, unit pairs) from (pair id, Thai text, English text): each a dict (thai, english) ->
    [support, first pair id]. A value anchors only when each side states it once."""
    phrases: dict[tuple[str, str], list[Any]] = {}
    units: dict[tuple[str, str], list[Any]] = {}
    for pair_id, thai, english in pairs:
        thai = arabic_digits(normalize(thai).text)
        for _value, start, end, percent, figure in _anchored(thai, english):
            thai_phrase = thai_phrase_before(thai, start if not percent else thai.rfind("ร้อยละ", 0, start))
            english_phrase = english_phrase_before(figure.before)
            if thai_phrase and english_phrase:
                entry = phrases.setdefault((thai_phrase, english_phrase), [0, pair_id])
                entry[0] += 1
            unit = _thai_unit(thai, end) if not percent else ""
            if unit and figure.unit and figure.kind == "number" and figure.unit not in _EN_GLUE | _EN_NOT_LAST:
                entry = units.setdefault((unit, figure.unit), [0, pair_id])
                entry[0] += 1
    return phrases, units


def thai_words_before(text: str, at: int) -> list[str]:
    """The Thai words of the phrase before the number at ``at`` (see `thai_phrase_before`), two letters or more."""
    from pipeline.tokens import word_tokenize

    phrase = thai_phrase_before(text, at)
    return [w for w in word_tokenize(phrase) if len(w) >= 2 and w not in _noun_stopwords()] if phrase else []


@functools.cache
def _noun_stopwords() -> frozenset[str]:
    lines = corpus_file("twin", "noun_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def english_words_around(figure: EnglishFigure) -> list[str]:
    """The content words naming an English figure: its phrase before and the words after it."""
    before = figure.before
    if re.search(r"[,:]\s*$", before):  # "cumulative number of recoveries, 72,869": the phrase before the comma
        before = before.rstrip(" ,:")
    words = english_phrase_before(before).split() + list(figure.after)
    return [w for w in words if len(w) >= 3 and w not in _EN_GLUE and w not in _EN_NOT_LAST]


def learn_nouns(
    pairs: Iterable[tuple[str, str, str]],
) -> tuple[dict[tuple[str, str], list[Any]], Counter[str], Counter[str]]:
    """Word pairs naming the same figure: a Thai word before an anchored number (หายป่วย, เสียชีวิต) and an
    English word around the same number (recoveries, deaths); with how often each word was seen at all."""
    pairs_seen: dict[tuple[str, str], list[Any]] = {}
    thai_seen: Counter[str] = Counter()
    english_seen: Counter[str] = Counter()
    for pair_id, thai, english in pairs:
        thai = arabic_digits(normalize(thai).text)
        anchored = [(start, f) for _v, start, _e, percent, f in _anchored(thai, english) if not percent]
        anchored += [(start, f) for start, f in _anchored_ranks(thai, english)]
        for start, figure in anchored:
            th_words = set(thai_words_before(thai, start))
            en_words = set(english_words_around(figure))
            thai_seen.update(th_words)
            english_seen.update(en_words)
            for t in th_words:
                for e in en_words:
                    entry = pairs_seen.setdefault((t, e), [0, pair_id])
                    entry[0] += 1
    return pairs_seen, thai_seen, english_seen


def _best_nouns(
    table: dict[tuple[str, str], list[Any]], thai_seen: Counter[str], english_seen: Counter[str]
) -> list[tuple[str, str, int, str]]:
    """Word pairs seen together at least ``MIN_SUPPORT`` times and in at least a third of the anchors of the
    rarer word (a Dice-like share: words seen everywhere, such as จำนวน or total, pair with nothing)."""
    rows = []
    for (t, e), (support, source) in table.items():
        dice = 2 * support / (thai_seen[t] + english_seen[e])
        if support >= MIN_SUPPORT and dice >= NOUN_DICE:
            rows.append((t, e, support, source))
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


NOUN_DICE = 0.3


@functools.cache
def noun_pairs() -> frozenset[tuple[str, str]]:
    """(Thai word, English word) pairs from ``corpora/twin/noun_pairs.tsv`` (empty if absent)."""
    path = corpus_file("twin", "noun_pairs.tsv")
    if not path.exists():
        return frozenset()
    return frozenset((row["thai"], row["english"]) for row in read_tsv(path))


def _best(
    table: dict[tuple[str, str], list[Any]], min_support: int = MIN_SUPPORT, share: float = 0.3
) -> list[tuple[str, str, int, str]]:
    """The pairs with enough support whose English is the Thai side's most frequent (or close to it)."""
    by_thai: dict[str, list[Any]] = defaultdict(list)
    for (th, en), (support, source) in table.items():
        by_thai[th].append((support, en, source))
    rows = []
    for th, options in by_thai.items():
        total = sum(s for s, _e, _src in options)
        for support, en, source in sorted(options, reverse=True):
            if support >= min_support and support / total >= share:
                rows.append((th, en, support, source))
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


REVIEWED_SUPPORT = 2  # a phrase pair seen this often is kept when a reader kept it (figure_phrases_review.tsv)


def _reviewed(rows: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int, str]]:
    """Learned phrase rows after the hand review: rejected pairs out; below ``MIN_SUPPORT`` only kept pairs."""
    path = corpus_file("twin", "figure_phrases_review.tsv")
    verdicts = {(r["thai"], r["english"]): r["verdict"] for r in read_tsv(path)} if path.exists() else {}
    return [
        row
        for row in rows
        if verdicts.get(row[:2]) != "reject" and (row[2] >= MIN_SUPPORT or verdicts.get(row[:2]) == "keep")
    ]


def _write(path: Path, header: str, columns: str, rows: list[tuple[str, str, int, str]]) -> None:
    # a few archive ids hold a tab: written as backslash-t, as the archive's own TSVs do
    lines = [header, columns] + ["\t".join(str(cell).replace("\t", "\\t") for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@functools.cache
def figure_phrases() -> dict[str, tuple[str, int]]:
    """Thai phrase -> (English phrase, support) from ``corpora/twin/figure_phrases.tsv`` (empty if absent)."""
    path = corpus_file("twin", "figure_phrases.tsv")
    if not path.exists():
        return {}
    out: dict[str, tuple[str, int]] = {}
    for row in read_tsv(path):
        if row["thai"] not in out:
            out[row["thai"]] = (row["english"], int(row["support"]))
    return out


def main(argv: list[str] | None = None) -> None:
    from pipeline.twin.evaluate import load_pairs, read_archive_pairs

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", type=Path)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--out", type=Path, default=corpus_file("twin"))
    args = parser.parse_args(argv)
    dev = load_pairs(args.pairs, "dev")
    items = ((f"{p['th_id']} | {p['en_id']}", th, en) for p, th, en in read_archive_pairs(dev, args.archive))
    phrases, units = learn(items)
    origin = (
        f"# Learned by `python -m pipeline.twin.phrases {args.pairs.name} ARCHIVE` from {len(dev)} development pairs"
    )
    _write(
        args.out / "figure_phrases.tsv",
        origin + " (same number once in each release anchors the phrases before it).\n"
        f"# Kept: support >= {MIN_SUPPORT}, or {REVIEWED_SUPPORT} when kept by hand in figure_phrases_review.tsv; "
        "pairs rejected there are left out.\n"
        "# support: anchored figures; source: one 'Thai id | English id' it came from.",
        "thai\tenglish\tsupport\tsource",
        _reviewed(_best(phrases, min_support=REVIEWED_SUPPORT)),
    )
    _write(
        args.out / "unit_pairs.tsv",
        origin + " (same number once in each release anchors the units after it).\n"
        "# support: anchored figures; source: one 'Thai id | English id' it came from.",
        "thai\tenglish\tsupport\tsource",
        _best(units, share=0.2),
    )
    nouns, thai_seen, english_seen = learn_nouns(
        (f"{p['th_id']} | {p['en_id']}", th, en) for p, th, en in read_archive_pairs(dev, args.archive)
    )
    _write(
        args.out / "noun_pairs.tsv",
        origin + " (same number once in each release anchors the Thai words before it and the English words\n"
        f"# around it; kept: support >= {MIN_SUPPORT} and "
        f"2*support/(Thai word seen + English word seen) >= {NOUN_DICE}).\n"
        "# support: anchored figures; source: one 'Thai id | English id' it came from.",
        "thai\tenglish\tsupport\tsource",
        _best_nouns(nouns, thai_seen, english_seen),
    )
    kept = len(_reviewed(_best(phrases, min_support=REVIEWED_SUPPORT)))
    print(f"{kept} phrase pairs, {len(_best(units, share=0.2))} unit pairs from {len(dev)} pairs")


if __name__ == "__main__":
    main()
