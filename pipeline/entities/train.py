"""Train our CRF entity tagger on ThaiNER-format data, and on hand-annotated government releases:
`thaipress train ner` (or `make model`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.entities.bio import spans_to_bio, split_at_boundaries
from pipeline.entities.crf import press_featurize
from pipeline.thainer_format import TaggedSpan, TaggedText, read_tagged_file
from pipeline.tokens import word_tokenize
from pipeline.training import train_to_file

DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}

# The government annotations have PERSON, ORGANIZATION, LOCATION (facilities included) and DATE only.
GOV_LABELS = ("PERSON", "ORGANIZATION", "LOCATION", "DATE", "FACILITY")


def training_sequence(item: TaggedText, clusters: bool = False) -> tuple[list[Any], list[str]]:
    """Features and BIO labels of one tagged text; tokens that straddle an entity edge are split there."""
    spans = [(s.start, s.end, s.label) for s in item.spans]
    tokens = split_at_boundaries(word_tokenize(item.text), {b for s in spans for b in s[:2]})
    return press_featurize(item.text, tokens, clusters=clusters), spans_to_bio(tokens, spans)


def government_texts(
    archive: str | Path, split: str = "train", *, fill_other_labels: bool = True, limit: int | None = None
) -> dict[str, TaggedText]:
    """The annotated government releases of `split` as tagged texts by release id, as the entity stage sees them.

    Each release is normalised as `pipeline.process` normalises its input (the gold offsets carried over,
    `evaluation.ner.government_documents`) and tagged as one text, as at prediction time; the site banner
    before `scope_start`, which is not annotated, is left out. With `fill_other_labels`, the labels the
    annotations do not have (TIME, MONEY, PERCENT, LAW, URL, EMAIL, PHONE, ...) are filled in from
    pythainlp's ThaiNER 1.5 CRF where they overlap no gold span, so that they are not learnt as outside.
    `limit`: only the first releases of the annotation file (the set a model was trained on, while the
    file grows). Only the "train" split may be used (never dev or a held-out split).
    """
    from pipeline.evaluation.ner import government_documents
    from pipeline.evaluation.ner_dev import TRAINING_SPLITS

    if split not in TRAINING_SPLITS:  # dev is for tuning, the held-out splits for reporting
        raise ValueError(
            f"refusing to train on corpora/ner-dev split {split!r}: only {', '.join(TRAINING_SPLITS)} is for training"
        )

    other = _other_labels() if fill_other_labels else None
    texts = {}
    for doc in government_documents(archive, split)[:limit]:
        text, cut = doc.text[doc.scope_start :], doc.scope_start
        gold = [(s - cut, e - cut, label) for s, e, label in doc.gold if s >= cut]
        if other is not None:
            gold += [s for s in other(text) if not any(s[0] < e and b < s[1] for b, e, _l in gold)]
        texts[doc.id] = TaggedText(text, tuple(TaggedSpan(s, e, label) for s, e, label in sorted(gold)))
    return texts


def _other_labels() -> Any:
    """(text) -> the spans of pythainlp's ThaiNER 1.5 CRF whose label the government annotations lack."""
    from pythainlp.tokenize import word_tokenize as pythainlp_tokenize

    from pipeline.entities.crf import bundled_thainer

    tagger = bundled_thainer()

    def spans(text: str) -> list[tuple[int, int, str]]:
        found = tagger.spans(text, pythainlp_tokenize(text, engine="newmm"))
        return [(s, e, label) for s, e, label in found if label not in GOV_LABELS and "\n" not in text[s:e]]

    return spans


def train_ner(
    train_path: str | Path,
    out_path: str | Path,
    *,
    held_out: str | Path | None = None,
    params: dict[str, Any] | None = None,
    clusters: bool = False,
    gov_archive: str | Path | None = None,
    gov_split: str = "train",
    gov_repeat: int = 1,
    gov_limit: int | None = None,
) -> dict[str, Any]:
    """Train on `train_path`, leaving out every text that also occurs in `held_out`, and on the annotated
    government releases of `gov_split` (texts read from `gov_archive`; the first `gov_limit` of them when
    given), each `gov_repeat` times; return a summary.

    ThaiNER 1.5's val.txt is a subset of its train.txt, so the held-out texts must be removed before
    training for val scores to mean anything.
    """
    import pycrfsuite

    if gov_repeat < 0:
        raise ValueError(f"gov_repeat must be 0 or more (got {gov_repeat})")
    gov = government_texts(gov_archive, gov_split, limit=gov_limit) if gov_archive is not None and gov_repeat else {}
    excluded = {item.text for item in read_tagged_file(held_out)} if held_out else set()
    trainer = pycrfsuite.Trainer(verbose=False)
    used = skipped = 0
    for item in read_tagged_file(train_path):
        if item.text in excluded:
            skipped += 1
            continue
        features, labels = training_sequence(item, clusters)
        trainer.append(features, labels)
        used += 1
    for features, labels in _sequences(gov.values(), clusters):
        for _ in range(gov_repeat):
            trainer.append(features, labels)
    merged = {**DEFAULT_PARAMS, **(params or {})}
    out_path, seconds = train_to_file(trainer, merged, out_path)
    return {
        "texts_used": used,
        "texts_held_out": skipped,
        "gov_releases": len(gov),
        "gov_mentions": sum(1 for t in gov.values() for s in t.spans if s.label in GOV_LABELS),
        "gov_split": gov_split if gov else None,
        "gov_repeat": gov_repeat if gov else 0,
        "gov_ids": list(gov),
        "seconds": seconds,
        "params": merged,
        "word_clusters": clusters,
        "model": str(out_path),
    }


def _sequences(items: Iterable[TaggedText], clusters: bool) -> Iterator[tuple[list[Any], list[str]]]:
    for item in items:
        yield training_sequence(item, clusters)
