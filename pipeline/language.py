"""The spaCy pipeline: Thai tokens and sentences, then the entity and date components."""

from __future__ import annotations

import functools

from spacy.language import Language

PIPE_NAMES = (
    "thai_sentencizer",
    "thaipress_gazetteer",
    "thaipress_crf",
    "thaipress_rules",
    "thaipress_dates",
    "thaipress_entities",
)


def build(*, crf: str = "press") -> Language:
    """A new pipeline. `crf` names the CRF tagger ("press", ours; "thainer-1.5", pythainlp's)."""
    import spacy

    import pipeline.entities.components  # noqa: F401  (registers the factories)
    import pipeline.tokens  # noqa: F401  (registers the tokenizer and sentencizer)

    nlp = spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": "thaipress.ThaiTokenizer.v1"}}})
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config={"tagger": crf} if name == "thaipress_crf" else {})
    return nlp


@functools.cache
def load() -> Language:
    """The shared pipeline, built once per process (models load lazily on first use).

    >>> nlp = load()
    >>> [(e.text, e.label_) for e in nlp("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่").ents]
    [('นายสมชาย ใจดี', 'PERSON'), ('จังหวัดเชียงใหม่', 'LOCATION')]
    """
    return build()
