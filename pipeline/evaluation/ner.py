"""`thaipress eval ner FILE`: entity-level scores on a ThaiNER-format file, ours and the peer's in one run."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.evaluation.scores import LabelScore, Span, score_entities
from pipeline.record import ENTITY_LABELS
from pipeline.thainer_format import TaggedText, read_tagged_file

if TYPE_CHECKING:
    from spacy.language import Language

# ThaiNER labels the record does not have: FACILITY counts as LOCATION (a place), the rest are not scored.
GOLD_LABEL_MAP = {"FACILITY": "LOCATION"}

System = Callable[[str], list[Span]]


@dataclass
class SystemResult:
    name: str
    scores: dict[str, LabelScore]
    seconds: float


def gold_spans(item: TaggedText) -> list[Span]:
    return [(s.start, s.end, GOLD_LABEL_MAP.get(s.label, s.label)) for s in item.spans]


def pipeline_system(nlp: Language | None = None) -> System:
    """Our full entity stage (CRF + gazetteers + rules + dates)."""
    from pipeline.language import load

    nlp = nlp or load()

    def run(text: str) -> list[Span]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return run


def peer_system() -> System:
    """pythainlp's bundled ThaiNER 1.5 CRF alone, on pythainlp's own newmm tokens, as a user would call it."""
    from pythainlp.tokenize import word_tokenize

    from pipeline.entities.crf import bundled_thainer

    tagger = bundled_thainer()

    def run(text: str) -> list[Span]:
        tokens = word_tokenize(text, engine="newmm")
        return [(s, e, GOLD_LABEL_MAP.get(lab, lab)) for s, e, lab in tagger.spans(text, tokens)]

    return run


def evaluate_ner(path: str | Path, systems: dict[str, System], labels: Iterable[str] = ENTITY_LABELS) -> list[SystemResult]:
    """Score each system on every line of a ThaiNER-format file (exact span and label)."""
    items = list(read_tagged_file(path))
    results = []
    for name, system in systems.items():
        system(items[0].text) if items else None  # load models before timing
        started = time.perf_counter()
        pairs = [(gold_spans(item), system(item.text)) for item in items]
        results.append(SystemResult(name, score_entities(pairs, labels), time.perf_counter() - started))
    return results


def format_results(results: list[SystemResult], main_labels: Iterable[str] = ("PERSON", "ORGANIZATION", "LOCATION", "DATE")) -> str:
    """A plain-text table: P/R/F1 per label for each system."""
    labels = [*main_labels, *(label for label in results[0].scores if label not in main_labels and label != "ALL"), "ALL"]
    lines = [f"{'label':14s}" + "".join(f"{r.name[:26]:>28s}" for r in results)]
    lines.append(f"{'':14s}" + "".join(f"{'P     R     F1    n':>28s}" for _ in results))
    for label in labels:
        row = f"{label:14s}"
        for r in results:
            s = r.scores[label]
            row += f"{s.precision:>10.3f}{s.recall:>6.3f}{s.f1:>6.3f}{s.gold:>6d}"
        lines.append(row)
    lines.append(f"{'seconds':14s}" + "".join(f"{r.seconds:>28.1f}" for r in results))
    return "\n".join(lines)
