"""thaipress: Thai press releases to reviewed, structured, English-ready records.

>>> import pipeline
>>> record = pipeline.process("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่")
>>> record.entities[0].english_source  # spelled by the learned name transliterator (models/name-translit)
'learned'

Imports are cheap: models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime

    from spacy.language import Language

    from pipeline.english.summary import Summarizer
    from pipeline.record import Release

__all__ = ["process", "load", "InputError"]


def process(
    text: str | bytes,
    *,
    release_date: datetime.date | str | None = None,
    source_id: str | None = None,
    summarizer: Summarizer | None = None,
) -> Release:
    """One release (str or bytes) in, one `Release` record out. See `pipeline.release.process`."""
    from pipeline.release import process as run

    return run(text, release_date=release_date, source_id=source_id, summarizer=summarizer)


def load() -> Language:
    """The spaCy `Language` with the thaipress components; `nlp.pipe(texts)` works."""
    from pipeline.language import load as load_language

    return load_language()


def __getattr__(name: str) -> Any:
    if name == "InputError":
        from pipeline.errors import InputError

        return InputError
    raise AttributeError(name)
