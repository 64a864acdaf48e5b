"""Entity-level precision, recall and F1 (exact span and label)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int, str]


@dataclass
class LabelScore:
    label: str
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_entities(
    pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]], labels: Iterable[str]
) -> dict[str, LabelScore]:
    """Score (gold, predicted) span sets per label and overall ("ALL"), counting only `labels`."""
    wanted = set(labels)
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for gold_spans, predicted_spans in pairs:
        g = {s for s in gold_spans if s[2] in wanted}
        p = {s for s in predicted_spans if s[2] in wanted}
        for s in g:
            gold[s[2]] += 1
        for s in p:
            pred[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
    scores = {label: LabelScore(label, tp[label], pred[label], gold[label]) for label in sorted(wanted)}
    scores["ALL"] = LabelScore("ALL", sum(tp.values()), sum(pred.values()), sum(gold.values()))
    return scores


ERROR_KINDS = ("correct", "wrong_label", "wrong_span", "wrong_both", "missed", "spurious")


@dataclass
class ErrorCounts:
    """Where one label's mentions went: each gold mention is correct, wrong_label (same span, other label),
    wrong_span (overlapping span, same label), wrong_both (overlapping, other label) or missed; a predicted
    mention that overlaps no gold mention is spurious (counted under its own label)."""

    label: str
    correct: int = 0
    wrong_label: int = 0
    wrong_span: int = 0
    wrong_both: int = 0
    missed: int = 0
    spurious: int = 0


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def classify_errors(
    pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]], labels: Iterable[str]
) -> tuple[dict[str, ErrorCounts], Counter[Any]]:
    """Per-label error kinds (`ErrorCounts`) and a Counter of (gold label, predicted label) confusions.

    A gold mention is judged against every predicted mention (of any label, so a LAW taken for an
    ORGANIZATION shows); spurious mentions are counted only for `labels`.

    >>> docs = [([(0, 5, "PERSON"), (6, 9, "LOCATION")], [(0, 5, "ORGANIZATION")])]
    >>> counts, confused = classify_errors(docs, ["PERSON", "ORGANIZATION", "LOCATION"])
    >>> counts["PERSON"].wrong_label, counts["LOCATION"].missed, confused[("PERSON", "ORGANIZATION")]
    (1, 1, 1)
    """
    wanted = set(labels)
    counts = {label: ErrorCounts(label) for label in sorted(wanted)}
    confused: Counter[Any] = Counter()
    for gold_spans, predicted_spans in pairs:
        gold = sorted({s for s in gold_spans if s[2] in wanted})
        predicted = sorted(set(predicted_spans))
        for g in gold:
            touching = [p for p in predicted if _overlaps(g, p)]
            same_bounds = [p for p in touching if p[:2] == g[:2]]
            if g in predicted:
                kind = "correct"
            elif same_bounds:
                kind = "wrong_label"
                confused[(g[2], same_bounds[0][2])] += 1
            elif any(p[2] == g[2] for p in touching):
                kind = "wrong_span"
            elif touching:
                kind = "wrong_both"
                confused[(g[2], touching[0][2])] += 1
            else:
                kind = "missed"
            setattr(counts[g[2]], kind, getattr(counts[g[2]], kind) + 1)
        for p in predicted:
            if p[2] in wanted and not any(_overlaps(p, g) for g in gold):
                counts[p[2]].spurious += 1
    return counts, confused


def distinct_mentions(text: str, spans: Iterable[Span]) -> set[tuple[str, str]]:
    """The document-level view: the distinct (label, surface) pairs a document's spans name.

    >>> sorted(distinct_mentions("ลาว ไทย ลาว", [(0, 3, "LOCATION"), (4, 7, "LOCATION"), (8, 11, "LOCATION")]))
    [('LOCATION', 'ลาว'), ('LOCATION', 'ไทย')]
    """
    return {(label, " ".join(text[start:end].split())) for start, end, label in spans}


def score_documents(
    docs: Iterable[tuple[str, Iterable[Span], Iterable[Span]]], labels: Iterable[str]
) -> dict[str, LabelScore]:
    """Document-level scores: per (text, gold, predicted), each distinct (label, surface) counts once,
    found if the system names it anywhere in the document with that label; summed over documents."""
    wanted = set(labels)
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for text, gold_spans, predicted_spans in docs:
        g = {m for m in distinct_mentions(text, gold_spans) if m[0] in wanted}
        p = {m for m in distinct_mentions(text, predicted_spans) if m[0] in wanted}
        gold.update(m[0] for m in g)
        pred.update(m[0] for m in p)
        tp.update(m[0] for m in g & p)
    scores = {label: LabelScore(label, tp[label], pred[label], gold[label]) for label in sorted(wanted)}
    scores["ALL"] = LabelScore("ALL", sum(tp.values()), sum(pred.values()), sum(gold.values()))
    return scores
