"""Train our CRF entity tagger on ThaiNER-format data: `thaipress train ner` (or `make model`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.entities.bio import spans_to_bio, split_at_boundaries
from pipeline.entities.crf import press_featurize
from pipeline.thainer_format import TaggedText, read_tagged_file
from pipeline.tokens import word_tokenize
from pipeline.training import train_to_file

DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def training_sequence(item: TaggedText, clusters: bool = False) -> tuple[list[Any], list[str]]:
    """Features and BIO labels of one tagged text; tokens that straddle an entity edge are split there."""
    spans = [(s.start, s.end, s.label) for s in item.spans]
    tokens = split_at_boundaries(word_tokenize(item.text), {b for s in spans for b in s[:2]})
    return press_featurize(item.text, tokens, clusters=clusters), spans_to_bio(tokens, spans)


def train_ner(
    train_path: str | Path,
    out_path: str | Path,
    *,
    held_out: str | Path | None = None,
    params: dict[str, Any] | None = None,
    clusters: bool = False,
) -> dict[str, Any]:
    """Train on `train_path`, leaving out every text that also occurs in `held_out`; return a summary.

    ThaiNER 1.5's val.txt is a subset of its train.txt, so the held-out texts must be removed before
    training for val scores to mean anything.
    """
    import pycrfsuite

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
    out_path, seconds = train_to_file(trainer, {**DEFAULT_PARAMS, **(params or {})}, out_path)
    return {
        "texts_used": used,
        "texts_held_out": skipped,
        "seconds": seconds,
        "params": {**DEFAULT_PARAMS, **(params or {})},
        "word_clusters": clusters,
        "model": str(out_path),
    }
