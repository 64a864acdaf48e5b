"""The gap model: how likely is it that a number stood between two words that now meet at a space?

The hand lists and the learned pair table (``count_pairs.py``) judge a gap by one or two words. Many lost
counts sit between words that are each common but rarely meet ("ติดอันดับ _ ประเทศ", "เว้น _ วันก่อน"), or
after a word that is known only from its neighbours. The gap model is a maximum-entropy classifier (crfsuite
on one-item sequences) trained on intact releases, where every "prev ␣ 12 ␣ next" is a positive example seen
as damage would leave it ("prev ␣ next") and every "prev ␣ next" already in the text is a negative one. Its
features are the words around the gap (two each side), their pairs, the shape of what follows, and whether the
release counts the word after the gap elsewhere ("12 ราย … _ ราย").

    .venv/bin/thaipress train gaps ../shared/corpora/thaigov-sample.jsonl.gz   # or: make gap-model

learns from the same slices as the count table (releases 3000–4999 and 6000–9999); the evaluation's slices
(0–2999, 5000–5999) are never read. Training is deterministic: the same sample gives the same file.

>>> left, right = ["จัด", "ขึ้น", "ทั้งหมด"], ["รอบ", " ", "ได้แก่"]
>>> sorted(f for f in gap_features(left, right, {}, {}) if f.startswith(("L1=", "R1=", "R2=")))
['L1=ทั้งหมด', 'R1=รอบ', 'R2=␣']
"""

from __future__ import annotations

import functools
import itertools
import math
import pathlib
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import pycrfsuite

from pipeline.dates import find_dates
from pipeline.evaluation.samples import read_slices
from pipeline.normalize import normalize
from pipeline.numerals.lexicon import gap_labels, is_count_unit
from pipeline.resources import model_file
from pipeline.tokens import word_tokenize
from pipeline.training import train_to_file

__all__ = [
    "APPROXIMATION_ERROR",
    "GAP_MODEL",
    "TRAINING_SLICES",
    "GapModel",
    "GapProbabilities",
    "GapSites",
    "gap_features",
    "gap_labels",
    "gap_features_at",
    "gaps_at",
    "gaps_in",
    "intact_gaps",
    "is_gap",
    "is_gap_unit",
    "load_gap_model",
    "train_gap_model",
    "train_gap_model_on_sample",
]

GAP_MODEL = "count-gap/gap.crfsuite"  # under models/ (pipeline.resources.model_file)

_NUMBER = re.compile(r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,.]*$")
_THAI = re.compile(r"[\u0e01-\u0e4f]")
_DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")
_LATIN = re.compile(r"[A-Za-z]")
_WINDOW = 4  # tokens kept on each side of a gap

PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 2}


@functools.lru_cache(maxsize=65536)  # a release's gaps ask for the same few thousand tokens again and again
def _shape(token: str) -> str:
    if token == " ":
        return "␣"
    if not token.strip():
        return "⏎" if "\n" in token else "␣"
    if _DIGIT.match(token):
        return "9"
    if _THAI.search(token):
        return "ก." if token.endswith(".") else "ก"
    if _LATIN.search(token):
        return "A"
    return token[:1]


def _words(tokens: Sequence[str]) -> list[str]:
    """The non-space tokens of a window, in order."""
    return [t for t in tokens if t.strip()]


def gap_features(
    left: Sequence[str],
    right: Sequence[str],
    counted: dict[str, int],
    counting: dict[str, int],
    is_unit: Callable[[str], bool] = lambda word: False,
) -> list[str]:
    """Features of the gap between ``left`` (tokens before it, the space excluded) and ``right`` (tokens after).

    ``counted[w]``: how often the release puts a number right before ``w``; ``counting[w]``: how often it puts
    one right after ``w`` (the caller leaves out the gap's own number when there is one); ``is_unit(w)``: is
    ``w`` a classifier or unit (listed, or read as one by the ORCHID tagger).
    """
    lw = _words(left[-_WINDOW:])
    l1 = lw[-1] if lw else "^"
    l2 = lw[-2] if len(lw) > 1 else "^"
    r1 = right[0] if right else "$"
    r2 = right[1] if len(right) > 1 else "$"
    r2_shape = _shape(r2) if r2 != "$" else "$"
    r3 = right[2] if len(right) > 2 else "$"
    after = r3 if r2 == " " else r2
    features = [
        "bias",
        f"L1={l1}",
        f"L2={l2}",
        f"R1={r1}",
        f"R2={r2 if r2 != ' ' else '␣'}",
        f"R2s={r2_shape}",
        f"R2s|R3s={r2_shape}|{_shape(r3) if r3 != '$' else '$'}",
        f"L1|R1={l1}|{r1}",
        f"L2|L1={l2}|{l1}",
        f"R1|R2={r1}|{r2}",
        f"R1|next={r1}|{after}",
        f"L1s={_shape(l1)}",
        f"L1-2={l1[-2:]}",
        f"R1+2={r1[:2]}",
        f"R1len={min(len(r1), 6)}",
    ]
    if is_unit(r1):
        features.append("R1.unit")
        features.append(f"R1.unit|R2s={r2_shape}")
    if counted.get(r1):
        features.append("R1.counted")
        features.append(f"R1.counted|R2s={r2_shape}")
    if counting.get(l1):
        features.append("L1.counting")
    return features


def _counts(tokens: Sequence[str], numbers: Iterable[int] | None = None) -> tuple[Counter[str], Counter[str]]:
    """(words with a number right before them, words with a number right after them) in a release.
    ``numbers``: the indices of the tokens that start with a digit, in order, when the caller knows them (no
    other token is a number); default: every token is read."""
    counted: Counter[str] = Counter()
    counting: Counter[str] = Counter()
    for j in range(len(tokens)) if numbers is None else numbers:
        token = tokens[j]
        if not _NUMBER.match(token):
            continue
        k = j + 1 + (j + 1 < len(tokens) and tokens[j + 1] == " ")
        if k < len(tokens) and _THAI.search(tokens[k]):
            counted[tokens[k]] += 1
        h = j - 1 - (j >= 1 and tokens[j - 1] == " ")
        if h >= 0 and _THAI.search(tokens[h]):
            counting[tokens[h]] += 1
    return counted, counting


@functools.lru_cache(maxsize=65536)  # a release asks for each word around a space: the same words every release
def _is_gap_left(token: str) -> bool:
    return bool(token.strip()) and not _DIGIT.search(token)


@functools.lru_cache(maxsize=65536)
def _is_gap_right(token: str) -> bool:
    return bool(_THAI.search(token)) and not _DIGIT.search(token)


def is_gap(tokens: Sequence[str], i: int, labels: frozenset[str]) -> bool:
    """Is there a gap "prev ␣ next" before token ``i`` that could have held a count: a word (not a number, not
    a label such as ชั้น or มาตรา, after which a number names rather than counts) and a Thai word?"""
    return (
        i >= 2
        and tokens[i - 1] == " "
        and _is_gap_left(tokens[i - 2])
        and tokens[i - 2] not in labels
        and _is_gap_right(tokens[i])
    )


def gaps_in(
    tokens: Sequence[str],
    labels: frozenset[str],
    counted: dict[str, int],
    counting: dict[str, int],
    is_unit: Callable[[str], bool],
) -> Iterator[tuple[int, list[str]]]:
    """(index of the word after the gap, its features) for every gap "prev ␣ next" in a release's tokens."""
    return gaps_at(tokens, range(2, len(tokens)), labels, counted, counting, is_unit)


def gaps_at(
    tokens: Sequence[str],
    indices: Iterable[int],
    labels: frozenset[str],
    counted: dict[str, int],
    counting: dict[str, int],
    is_unit: Callable[[str], bool],
) -> Iterator[tuple[int, list[str]]]:
    """`gaps_in` at the token ``indices`` only (in their order; each at least 2): the caller knows there is
    no gap at the others (a gap follows a lone space token)."""
    for i in indices:
        if is_gap(tokens, i, labels):
            yield i, gap_features_at(tokens, i, counted, counting, is_unit)


def gap_features_at(
    tokens: Sequence[str],
    i: int,
    counted: dict[str, int],
    counting: dict[str, int],
    is_unit: Callable[[str], bool],
) -> list[str]:
    """`gap_features` of the gap before token ``i``: the words before the space token at ``i - 1`` (up to
    ``_WINDOW`` + 1 of them) and the three from ``i`` on."""
    return gap_features(tokens[max(0, i - 2 - _WINDOW) : i - 1], tokens[i : i + 3], counted, counting, is_unit)


def intact_gaps(
    tokens: Sequence[str],
    in_number_of_date: Callable[[int], bool] = lambda j: False,
    labels: frozenset[str] = frozenset(),
    is_unit: Callable[[str], bool] = lambda word: False,
) -> Iterator[tuple[list[str], bool]]:
    """Training examples from one intact release: (features, number was there) for each place damage could
    leave "prev ␣ next": each "prev ␣ next" already there (no), and each "prev ␣ 12 ␣ next" or "prev ␣ 12next"
    (yes) whose number is not part of a date (``in_number_of_date(token index)``) nor a label (``labels``)."""
    counted, counting = _counts(tokens)
    for _, features in gaps_in(tokens, labels, counted, counting, is_unit):
        yield features, False
    for j in range(2, len(tokens) - 1):
        if not _NUMBER.match(tokens[j]) or tokens[j - 1] != " " or not _is_gap_left(tokens[j - 2]):
            continue
        k = j + 1 + (tokens[j + 1] == " ")
        if k >= len(tokens) or not _is_gap_right(tokens[k]) or tokens[j - 2] in labels or in_number_of_date(j):
            continue
        own_counted = {**counted, tokens[k]: counted[tokens[k]] - 1}
        own_counting = {**counting, tokens[j - 2]: counting[tokens[j - 2]] - 1}
        left = tokens[max(0, j - 2 - _WINDOW) : j - 1]
        yield gap_features(left, tokens[k : k + 3], own_counted, own_counting, is_unit), True


def _release_gaps(text: str) -> Iterator[tuple[list[str], bool]]:
    tokens = word_tokenize(text)
    starts = list(itertools.accumulate((len(t) for t in tokens), initial=0))
    dates = [(d.start, d.end) for d in find_dates(text)]
    in_date = lambda j: any(s <= starts[j] < e for s, e in dates)  # noqa: E731
    yield from intact_gaps(tokens, in_date, gap_labels(), is_gap_unit)


@functools.cache
def is_gap_unit(word: str) -> bool:
    """A classifier or unit (``lexicon.is_count_unit``), cached per word: the tagger reads each word once."""
    return is_count_unit(word)


def train_gap_model(texts: Iterable[str], out_path: str | pathlib.Path, params: dict | None = None) -> dict:
    """Train the gap model on intact ``texts``; return a summary (examples, positives, seconds, model)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    examples = positives = releases = 0
    for text in texts:
        releases += 1
        for features, number in _release_gaps(text):
            trainer.append([features], ["N" if number else "O"])
            examples += 1
            positives += number
    out_path, seconds = train_to_file(trainer, {**PARAMS, **(params or {})}, out_path)
    return {
        "releases": releases,
        "examples": examples,
        "positives": positives,
        "seconds": seconds,
        "model": str(out_path),
    }


TRAINING_SLICES = ((3000, 2000), (6000, 4000))  # as the count table: the evaluation never reads these


def train_gap_model_on_sample(
    sample: str | pathlib.Path,
    out_path: str | pathlib.Path | None = None,
    slices: Sequence[tuple[int, int]] = TRAINING_SLICES,
) -> dict:
    """Train the gap model on ``slices`` (offset, limit) of a JSONL sample of intact releases, normalised as
    the pipeline normalises; the summary names the slices."""
    records = read_slices(sample, slices)
    summary = train_gap_model((normalize(r["text"]).text for r in records), out_path or model_file(GAP_MODEL))
    return {**summary, "slices": [f"{offset}:{limit}" for offset, limit in slices]}


class GapModel:
    """A trained gap model: `probability` of a lost number at a gap, from the tokens around it."""

    def __init__(self, path: str | pathlib.Path) -> None:
        self.path = pathlib.Path(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))

    def probability(self, features: list[str]) -> float:
        self._tagger.set([features])
        return self._tagger.marginal("N", 0)

    def approximate(self, features: list[str]) -> float | None:
        """`probability` computed in Python from the model's weights (within `APPROXIMATION_ERROR` of it), to
        screen gaps before crfsuite reads them; ``None`` when the weights could not be read whole.

        On a one-item sequence there are no transitions: P(N) = 1 / (1 + exp(sum of the features' weights for
        O minus their weights for N)), features the model does not know weighing nothing."""
        odds = self._log_odds
        if odds is None:
            return None
        d = sum(map(odds.get, features, itertools.repeat(0.0)))
        return 0.0 if d > 700.0 else 1.0 / (1.0 + math.exp(d))

    def approximate_at(
        self,
        tokens: Sequence[str],
        i: int,
        counted: dict[str, int],
        counting: dict[str, int],
        is_unit: Callable[[str], bool],
    ) -> float | None:
        """`approximate` of the gap before token ``i`` (``is_gap`` holds there) straight from the tokens, as
        `gaps_at` would give its features, without building them (`approximate_many` of that one gap)."""
        found = self.approximate_many(tokens, (i,), counted, counting, is_unit)
        return None if found is None else found[0]

    def approximate_many(
        self,
        tokens: Sequence[str],
        indices: Iterable[int],
        counted: dict[str, int],
        counting: dict[str, int],
        is_unit: Callable[[str], bool],
    ) -> list[float] | None:
        """`approximate_at` of each gap before a token of ``indices`` (``is_gap`` holds at each), in one loop.

        The weights of the features that read one word only (``L1=``, ``L1s=``, ``L1-2=``; ``R1=``, ``R1+2=``,
        ``R1len=``; ``R2=``, ``R2s=``) are summed once per word and kept, with the word's pair weights
        (`_pair_weights`), so that a pair is looked up by its other word, no feature string made. The same sum,
        in the same order, as `approximate` of the features would make it up to its order."""
        if self._log_odds is None:
            return None
        singles, pairs = self._pair_weights
        unit_weight, counted_weight, counting_weight = pairs["R1.unit"], pairs["R1.counted"], pairs["L1.counting"]
        unit_pairs, counted_pairs = pairs["R1.unit|R2s"], pairs["R1.counted|R2s"]
        caches = self._word_sums
        if len(caches[0]) + len(caches[1]) + len(caches[2]) > _WORD_SUMS_MAX:  # bounded over an archive
            for cache in caches:
                cache.clear()
        left_sums, right_sums, second_sums = caches
        left_sum, right_sum, second_sum = self._left_sum, self._right_sum, self._second_sum
        exp = math.exp
        n = len(tokens)
        out = []
        for i in indices:
            l1 = tokens[i - 2]
            l2 = "^"
            for j in range(i - 3, max(0, i - 2 - _WINDOW + 1) - 1, -1):  # the word before l1 in the window
                if tokens[j].strip():
                    l2 = tokens[j]
                    break
            r1 = tokens[i]
            r2 = tokens[i + 1] if i + 1 < n else "$"
            r3 = tokens[i + 2] if i + 2 < n else "$"
            left = left_sums.get(l1) or left_sum(l1)
            right = right_sums.get(r1) or right_sum(r1)
            second = second_sums.get(r2) or second_sum(r2)
            r2_shape = second[1]
            d = (
                left[0]
                + right[0]
                + second[0]
                + singles.get(l2, 0.0)
                + second[2].get(_shape(r3) if r3 != "$" else "$", 0.0)
                + left[1].get(r1, 0.0)
                + left[2].get(l2, 0.0)
                + right[1].get(r2, 0.0)
                + right[2].get(r3 if r2 == " " else r2, 0.0)
            )
            if is_unit(r1):
                d += unit_weight + unit_pairs.get(r2_shape, 0.0)
            if counted.get(r1):
                d += counted_weight + counted_pairs.get(r2_shape, 0.0)
            if counting.get(l1):
                d += counting_weight
            out.append(0.0 if d > 700.0 else 1.0 / (1.0 + exp(d)))
        return out

    def _left_sum(self, l1: str) -> tuple[float, dict[str, float], dict[str, float]]:
        get = self._log_odds.get
        _, pairs = self._pair_weights
        entry = self._word_sums[0][l1] = (
            get("bias", 0.0) + get(f"L1={l1}", 0.0) + get(f"L1s={_shape(l1)}", 0.0) + get(f"L1-2={l1[-2:]}", 0.0),
            pairs["L1|R1"].get(l1, _NO_PAIRS),  # by the word after the gap
            pairs["L2|L1"].get(l1, _NO_PAIRS),  # by the word before l1
        )
        return entry

    def _right_sum(self, r1: str) -> tuple[float, dict[str, float], dict[str, float]]:
        get = self._log_odds.get
        _, pairs = self._pair_weights
        entry = self._word_sums[1][r1] = (
            get(f"R1={r1}", 0.0) + get(f"R1+2={r1[:2]}", 0.0) + get(f"R1len={min(len(r1), 6)}", 0.0),
            pairs["R1|R2"].get(r1, _NO_PAIRS),  # by the next token
            pairs["R1|next"].get(r1, _NO_PAIRS),  # by the next word
        )
        return entry

    def _second_sum(self, r2: str) -> tuple[float, str, dict[str, float]]:
        get = self._log_odds.get
        _, pairs = self._pair_weights
        r2_shape = _shape(r2) if r2 != "$" else "$"
        entry = self._word_sums[2][r2] = (
            get(f"R2={r2 if r2 != ' ' else '␣'}", 0.0) + get(f"R2s={r2_shape}", 0.0),
            r2_shape,
            pairs["R2s|R3s"].get(r2_shape, _NO_PAIRS),  # by the shape of the token after
        )
        return entry

    @functools.cached_property
    def _word_sums(self) -> tuple[dict[str, tuple], dict[str, tuple], dict[str, tuple]]:
        """`approximate_at`'s per-word entries: (left word, word after the gap, the word after that)."""
        return {}, {}, {}

    @functools.cached_property
    def _pair_weights(self) -> tuple[dict[str, float], dict[str, dict]]:
        """The weights `approximate_at` looks up per gap, by word rather than by feature string: (``L2=`` by
        word, {family: first word -> second word -> weight} for the pair families, and the weight of each
        flag). A pair whose words hold a "|" is filed under every way its string splits: the lookup by the
        gap's own two words finds the feature its string names, as the string lookup would."""
        odds = self._log_odds or {}
        singles: dict[str, float] = {}
        pairs: dict[str, dict] = {family: {} for family in _PAIR_FAMILIES}
        for family in ("R1.unit", "R1.counted", "L1.counting"):
            pairs[family] = odds.get(family, 0.0)
        for feature, weight in odds.items():
            family, eq, rest = feature.partition("=")
            if not eq:
                continue
            if family == "L2":
                singles[rest] = weight
            elif family in ("R1.unit|R2s", "R1.counted|R2s"):
                pairs[family][rest] = weight
            elif family in _PAIR_FAMILIES:
                first_is_key = family not in ("L2|L1",)  # L2|L1 is found by its second word, l1
                for cut in (m.start() for m in re.finditer(r"\|", rest)):
                    a, b = rest[:cut], rest[cut + 1 :]
                    key, other = (a, b) if first_is_key else (b, a)
                    pairs[family].setdefault(key, {})[other] = weight
        return singles, pairs

    @functools.cached_property
    def _log_odds(self) -> dict[str, float] | None:
        """Attribute -> its weight for O minus its weight for N, from crfsuite's dump of the model (six
        decimals; a weight the dump leaves out is zero); ``None`` when the dump does not read as expected."""
        with tempfile.TemporaryDirectory(prefix="thaipress-gap-") as folder:
            dump = pathlib.Path(folder) / "model.txt"
            self._tagger.dump(str(dump))
            text = dump.read_text(encoding="utf-8", errors="replace")
        labels = re.findall(r"^\s+\d+: (.*)$", text[text.find("LABELS = {") : text.find("ATTRIBUTES = {")], re.M)
        start = text.find("\nSTATE_FEATURES = {\n")
        end = text.find("\n}\n", start)
        if sorted(labels) != ["N", "O"] or start < 0 or end < 0:
            return None
        odds: dict[str, float] = {}
        pending = None  # an attribute may hold a line break (a "⏎" token after the gap): its weight is further on
        for line in text[start + len("\nSTATE_FEATURES = {\n") : end + 1].split("\n")[:-1]:
            if pending is None and not line.startswith("  (0) "):
                return None
            feature = line if pending is None else f"{pending}\n{line}"
            m = _WEIGHT.search(feature)
            if m is None:
                pending = feature
                continue
            weight = float(m.group(2))
            attribute = feature[len("  (0) ") : m.start()]
            odds[attribute] = odds.get(attribute, 0.0) + (weight if m.group(1) == "O" else -weight)
            pending = None
        return odds if pending is None else None

    def release_counts(
        self, tokens: Sequence[str], numbers: Iterable[int] | None = None
    ) -> tuple[Counter[str], Counter[str]]:
        """The release-level counts `gap_features` takes, from the (damaged) release's tokens (``numbers``: the
        indices of those that start with a digit, when known)."""
        return _counts(tokens, numbers)


_PAIR_FAMILIES = ("L1|R1", "L2|L1", "R1|R2", "R1|next", "R2s|R3s", "R1.unit|R2s", "R1.counted|R2s")
_NO_PAIRS: dict[str, float] = {}  # never written: the pairs of a word the model has none for
_WORD_SUMS_MAX = 300_000  # words whose sums `approximate_at` keeps (a few tens of MB at most)
_WEIGHT = re.compile(r" --> ([NO]): ([-+]?\d+\.\d+)$")  # ends a state feature of crfsuite's dump
APPROXIMATION_ERROR = 0.01  # far above the dump's rounding (6 decimals) and crfsuite's own arithmetic


class GapSites(Mapping[int, list[str]]):
    """The gaps of a release among the token ``indices`` (those where ``is_gap`` holds, in order) -> their
    features, as `gaps_at` gives them, each built when first read: the screen (`GapModel.approximate_at`)
    reads the tokens instead, so only the gaps crfsuite is asked about have their features built."""

    def __init__(
        self,
        tokens: Sequence[str],
        indices: Iterable[int],
        labels: frozenset[str],
        counted: dict[str, int],
        counting: dict[str, int],
        is_unit: Callable[[str], bool],
    ) -> None:
        self.tokens = tokens
        self.counted = counted
        self.counting = counting
        self.is_unit = is_unit
        left, right = _is_gap_left, _is_gap_right  # `is_gap`, its tests written out (asked at every space)
        self._features: dict[int, list[str] | None] = dict.fromkeys(
            i
            for i in indices
            if i >= 2
            and tokens[i - 1] == " "
            and left(tokens[i - 2])
            and tokens[i - 2] not in labels
            and right(tokens[i])
        )

    def __getitem__(self, i: int) -> list[str]:
        features = self._features[i]  # KeyError where there is no gap
        if features is None:
            features = self._features[i] = gap_features_at(self.tokens, i, self.counted, self.counting, self.is_unit)
        return features

    def __iter__(self) -> Iterator[int]:
        return iter(self._features)

    def __len__(self) -> int:
        return len(self._features)

    def approximate(self, model: GapModel, i: int) -> float | None:
        """``model.approximate(self[i])``, up to the order of the sum, without building the features."""
        return model.approximate_at(self.tokens, i, self.counted, self.counting, self.is_unit)

    def approximate_all(self, model: GapModel) -> list[float] | None:
        """``[self.approximate(model, i) for i in self]`` in one loop (`GapModel.approximate_many`)."""
        return model.approximate_many(self.tokens, self._features, self.counted, self.counting, self.is_unit)


class GapProbabilities(Mapping[int, float]):
    """The gap model's probability at each gap of a release (token index -> probability, in text order),
    read from crfsuite when first asked for. `at_least` screens the gaps with `GapModel.approximate` first
    and asks crfsuite only where the approximation comes within `APPROXIMATION_ERROR` of the threshold: the
    same gaps and the same probabilities as crfsuite on every gap, without running it on every gap."""

    def __init__(self, model: GapModel, features: Mapping[int, list[str]]) -> None:
        self._model = model
        self._features = features
        self._exact: dict[int, float] = {}

    def __getitem__(self, i: int) -> float:
        if i not in self._exact:
            self._exact[i] = self._model.probability(self._features[i])
        return self._exact[i]

    def __iter__(self) -> Iterator[int]:
        return iter(self._features)

    def __len__(self) -> int:
        return len(self._features)

    def at_least(self, threshold: float) -> Iterator[tuple[int, float]]:
        """(index, probability) of the gaps whose probability is at least ``threshold``, in text order."""
        sites = self._features
        model = self._model
        approximations: Iterator[float | None]
        if isinstance(sites, GapSites):  # the whole release screened in one loop
            screened = sites.approximate_all(model)
            approximations = iter(screened) if screened is not None else itertools.repeat(None)
        else:
            approximations = (model.approximate(sites[i]) for i in sites)
        for i, approximate in zip(sites, approximations):
            if approximate is not None and approximate < threshold - APPROXIMATION_ERROR:
                continue
            p = self[i]
            if p >= threshold:
                yield i, p


@functools.cache
def load_gap_model(path: str | pathlib.Path | None = None) -> GapModel | None:
    """The shipped gap model, opened once (``None`` if the file is absent: the template then finds nothing)."""
    path = pathlib.Path(path) if path is not None else model_file(GAP_MODEL)
    return GapModel(path) if path.exists() else None
