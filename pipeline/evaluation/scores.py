"""Entity-level precision, recall and F1 (exact span and label)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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


def score_entities(pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]], labels: Iterable[str]) -> dict[str, LabelScore]:
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
