"""The spaCy pipeline: Thai tokens and sentences, the release date, then the entity and date components.

`nlp(text)` is the whole entity stage: `pipeline.process` runs the same `nlp` and reads `doc.ents` and
`doc._.dates`. The release date (for relative dates such as "เมื่อวานนี้") travels with the Doc:

>>> import datetime
>>> nlp = load()
>>> doc = nlp.make_doc("เมื่อวานนี้ นายกรัฐมนตรีเดินทางไปจังหวัดเชียงใหม่")
>>> doc._.release_date = datetime.date(2019, 8, 2)
>>> nlp(doc)._.dates[0].value.iso
'2019-08-01'
>>> [(doc._.dates[0].value.iso, doc.ents[-1].text) for doc, _ in nlp.pipe(
...     [("เมื่อวานนี้ นายกรัฐมนตรีเดินทางไปจังหวัดเชียงใหม่", {"release_date": "2020-01-01"})], as_tuples=True)]
[('2019-12-31', 'จังหวัดเชียงใหม่')]
"""

from __future__ import annotations

import functools

from spacy.language import Language

PIPE_NAMES = (
    "thai_sentencizer",
    "thaipress_release_date",
    "thaipress_gazetteer",
    "thaipress_crf",
    "thaipress_rules",
    "thaipress_dates",
    "thaipress_entities",
)


def build(*, crf: str = "press") -> Language:
    """A new pipeline. `crf` names the CRF tagger ("press", ours; "thainer-1.5", pythainlp's)."""
    import spacy

    import pipeline.entities.components  # registers the factories
    import pipeline.tokens  # noqa: F401  (registers the tokenizer and sentencizer)
    from pipeline.ingest import MAX_CHARS

    nlp = spacy.blank("th", config={"nlp": {"tokenizer": {"@tokenizers": "thaipress.ThaiTokenizer.v1"}}})
    # spaCy's limit guards the memory of its neural parsers; ours are linear in the text (issue 15)
    nlp.max_length = MAX_CHARS
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
