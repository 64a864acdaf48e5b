"""The English twin of a release: the government's own English version of the same story.

Read it (`read_twin`: an error naming the input when it is empty, huge or not English), then let it weigh
in on the numeral repairs (`detect_repairs_with_twin`): each lost numeral gets the value the English states,
in the form the Thai sentence needs, with the English sentence as evidence; every repair stays
``needs_review``.
"""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES, decode_bytes
from pipeline.normalize import normalize
from pipeline.twin.english import EnglishFigure, EnglishTwin, read_twin
from pipeline.twin.restore import detect_repairs_with_twin

__all__ = ["EnglishFigure", "EnglishTwin", "read_twin", "read_twin_input", "detect_repairs_with_twin"]


def read_twin_input(english: object, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> EnglishTwin:
    """An English twin given as text or bytes (any encoding `ingest` reads), normalised (NFC, spaces) and read."""
    if isinstance(english, bytes):
        if not english.strip():
            raise InputError(source, "the English twin is empty")
        english = decode_bytes(english, source=source, max_bytes=max_bytes).text
    elif not isinstance(english, str):
        raise InputError(source, f"the English twin must be text, not {type(english).__name__}")
    elif len(english.encode("utf-8", errors="replace")) > max_bytes:
        raise InputError(source, f"the English twin is over the {max_bytes:,}-byte limit")
    return read_twin(normalize(english).text, source=source)
