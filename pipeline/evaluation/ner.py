"""`thaipress eval ner`: entity scores, ours and the peer's in one run, on ThaiNER-format files and on the
hand-annotated government releases (`corpora/ner-dev/`).

Each system is scored three ways: mention level (exact span and label), document level (the distinct
(label, surface) pairs a document names, found anywhere in it), and where the errors are (wrong label,
wrong span, both, missed, spurious; `scores.classify_errors`).
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.evaluation.scores import (
    ErrorCounts,
    LabelScore,
    Span,
    classify_errors,
    score_documents,
    score_entities,
)
from pipeline.record import ENTITY_LABELS
from pipeline.thainer_format import TaggedText, read_tagged_file

if TYPE_CHECKING:
    from spacy.language import Language

# ThaiNER labels the record does not have: FACILITY counts as LOCATION (a place), the rest are not scored.
GOLD_LABEL_MAP = {"FACILITY": "LOCATION"}
MAIN_LABELS = ("PERSON", "ORGANIZATION", "LOCATION", "DATE")

System = Callable[[str], list[Span]]


@dataclass(frozen=True)
class EvalDocument:
    """A text, its gold spans, and where scoring starts (predictions before `scope_start` are ignored)."""

    text: str
    gold: tuple[Span, ...]
    scope_start: int = 0
    id: str = ""


@dataclass
class SystemResult:
    name: str
    scores: dict[str, LabelScore]
    seconds: float
    documents: dict[str, LabelScore] = field(default_factory=dict)
    errors: dict[str, ErrorCounts] = field(default_factory=dict)
    confused: Counter[Any] = field(default_factory=Counter)


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


def thainer_documents(path: str | Path) -> list[EvalDocument]:
    """Every line of a ThaiNER-format file as a document."""
    return [EvalDocument(item.text, tuple(gold_spans(item))) for item in read_tagged_file(path)]


def government_documents(archive: str | Path, split: str | None = "dev") -> list[EvalDocument]:
    """The annotated government releases of `split`, normalised as `pipeline.process` normalises its input,
    with the gold offsets carried over from the raw archive text."""
    from pipeline.evaluation.ner_dev import load_annotated
    from pipeline.normalize import normalize

    documents = []
    for release in load_annotated(archive, split):
        normalized = normalize(release.text)
        to_normalized = _raw_to_normalized(normalized.source_offsets)
        gold = tuple((to_normalized(s), to_normalized(e), label) for s, e, label in release.spans)
        documents.append(EvalDocument(normalized.text, gold, to_normalized(release.scope_start), release.id))
    return documents


def _raw_to_normalized(source_offsets: Sequence[int]) -> Callable[[int], int]:
    # source_offsets[i] is the raw offset of normalised character i (non-decreasing): a raw offset maps to
    # the first normalised character at or after it.
    return lambda raw: bisect.bisect_left(source_offsets, raw)


def evaluate_documents(
    documents: Sequence[EvalDocument], systems: dict[str, System], labels: Iterable[str] = ENTITY_LABELS
) -> list[SystemResult]:
    """Score each system on the documents: mention level, document level and error kinds."""
    labels = tuple(labels)
    results = []
    for name, system in systems.items():
        system(documents[0].text) if documents else None  # load models before timing
        started = time.perf_counter()
        predicted = [[s for s in system(doc.text) if s[0] >= doc.scope_start] for doc in documents]
        seconds = time.perf_counter() - started
        pairs = [(doc.gold, spans) for doc, spans in zip(documents, predicted)]
        errors, confused = classify_errors(pairs, labels)
        results.append(
            SystemResult(
                name,
                score_entities(pairs, labels),
                seconds,
                score_documents([(doc.text, doc.gold, spans) for doc, spans in zip(documents, predicted)], labels),
                errors,
                confused,
            )
        )
    return results


def evaluate_ner(
    path: str | Path, systems: dict[str, System], labels: Iterable[str] = ENTITY_LABELS
) -> list[SystemResult]:
    """Score each system on every line of a ThaiNER-format file (exact span and label)."""
    return evaluate_documents(thainer_documents(path), systems, labels)


def _score_rows(
    results: list[SystemResult], labels: list[str], pick: Callable[[SystemResult], dict[str, LabelScore]]
) -> list[str]:
    lines = [f"{'label':14s}" + "".join(f"{r.name[:26]:>28s}" for r in results)]
    lines.append(f"{'':14s}" + "".join(f"{'P     R     F1    n':>28s}" for _ in results))
    for label in labels:
        row = f"{label:14s}"
        for r in results:
            s = pick(r)[label]
            row += f"{s.precision:>10.3f}{s.recall:>6.3f}{s.f1:>6.3f}{s.gold:>6d}"
        lines.append(row)
    return lines


def format_results(
    results: list[SystemResult], main_labels: Iterable[str] = MAIN_LABELS, *, detail: bool = False
) -> str:
    """A plain-text table: P/R/F1 per label for each system; with `detail`, also document-level scores,
    the error kinds per label and the most frequent label confusions."""
    main_labels = tuple(main_labels)
    labels = [
        *main_labels,
        *(label for label in results[0].scores if label not in main_labels and label != "ALL"),
        "ALL",
    ]
    lines = ["mention level (exact span and label)", *_score_rows(results, labels, lambda r: r.scores)]
    lines.append(f"{'seconds':14s}" + "".join(f"{r.seconds:>28.1f}" for r in results))
    if not detail:
        return "\n".join(lines)
    lines += [
        "",
        "document level (distinct label+surface per document)",
        *_score_rows(results, labels, lambda r: r.documents),
    ]
    for r in results:
        lines += ["", f"errors of {r.name} (per gold label; spurious per predicted label)"]
        lines.append(
            f"{'label':14s}"
            + "".join(
                f"{kind:>12s}" for kind in ("correct", "wrong label", "wrong span", "wrong both", "missed", "spurious")
            )
        )
        for label in labels[:-1]:
            e = r.errors.get(label)
            if e is None or not (e.correct + e.wrong_label + e.wrong_span + e.wrong_both + e.missed + e.spurious):
                continue
            lines.append(
                f"{label:14s}"
                + "".join(
                    f"{n:>12d}" for n in (e.correct, e.wrong_label, e.wrong_span, e.wrong_both, e.missed, e.spurious)
                )
            )
        if r.confused:
            top = ", ".join(f"{g}→{p} {n}" for (g, p), n in r.confused.most_common(6))
            lines.append(f"label confusions (gold→predicted): {top}")
    return "\n".join(lines)
